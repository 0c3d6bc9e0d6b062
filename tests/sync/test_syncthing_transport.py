"""Bundles travel through real Syncthing (two or three instances on loopback only): a bundle
written into one laptop's sync folder arrives byte for byte in the other's and opens there;
a relay that holds the folder untrusted (receiveencrypted) passes it on holding neither the
bundle's name nor its bytes."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import uuid
from pathlib import Path

import pytest
from syncthing_harness import SyncthingCluster

from influence_desk.sync import bundle_format as bf

FOLDER = "influence-desk-bundles"


def _bundle(folder: Path, key: bytes, vault_id: str, replica: str) -> Path:
    payload = ("Booth 14: the broker sells voter files. " * 200).encode("utf-8")
    return bf.write_bundle(folder, key, vault_id, replica, 1, 25, payload)


def test_a_bundle_arrives_byte_identical_and_opens(tmp_path: Path) -> None:
    key, vault_id, replica = secrets.token_bytes(32), str(uuid.uuid4()), secrets.token_hex(8)
    lead_folder, field_folder = tmp_path / "lead-sync", tmp_path / "field-sync"
    cluster = SyncthingCluster(tmp_path)
    lead, field = cluster.add("lead"), cluster.add("field")
    cluster.share(FOLDER, {lead: lead_folder, field: field_folder})
    with cluster:
        cluster.wait_connected(lead, field)
        # Loopback only: the peers found each other at their static 127.0.0.1 addresses.
        assert cluster.connection(lead, field)["address"].startswith("127.0.0.1:")
        options = cluster.get(lead, "/rest/config/options")
        assert options["listenAddresses"] == [lead.address]
        assert not (options["globalAnnounceEnabled"] or options["localAnnounceEnabled"]
                    or options["relaysEnabled"] or options["natEnabled"])  # fmt: skip
        assert options["urAccepted"] < 0 and not options["crashReportingEnabled"]

        # A bundle being written (our temporary name) is never indexed, so never sent half.
        half = lead_folder / f"{bf.TEMP_PREFIX}0123456789abcdef{bf.TEMP_SUFFIX}"
        half.write_bytes(b"half a bundle")
        sent = _bundle(lead_folder, key, vault_id, replica)
        cluster.scan(lead, FOLDER)  # returns once the scan is done
        indexed = cluster.wait_until(
            lambda: cluster.get(lead, f"/rest/db/status?folder={FOLDER}")["localFiles"],
            "the lead's scan to count its files",
        )  # fmt: skip
        assert indexed == 1  # the bundle only
        arrived = cluster.wait_for_file(field_folder / sent.name, sent.read_bytes())
        cluster.wait_idle(field, FOLDER)
    assert [b.path for b in bf.list_bundles(field_folder)] == [arrived]
    assert sorted(p.name for p in field_folder.iterdir()) == [".stfolder", sent.name]
    opened = bf.read_bundle(arrived, key, vault_id)
    assert opened.payload == bf.read_bundle(sent, key, vault_id).payload
    assert (opened.header.replica_id, opened.header.first, opened.header.last) == (replica, 1, 25)


def test_an_untrusted_relay_passes_bundles_on_without_holding_them(tmp_path: Path) -> None:
    key, vault_id, replica = secrets.token_bytes(32), str(uuid.uuid4()), secrets.token_hex(8)
    lead_folder, relay_folder, field_folder = (tmp_path / n for n in ("lead", "nas", "field"))
    cluster = SyncthingCluster(tmp_path)
    lead, relay, field = cluster.add("lead"), cluster.add("nas"), cluster.add("field")
    # lead and field never meet: each shares the folder with the relay only
    folders = {lead: lead_folder, relay: relay_folder, field: field_folder}
    cluster.share(FOLDER, folders, untrusted=(relay,), password="NAS folder pass 4", hub=relay)
    with cluster:
        cluster.wait_connected(lead, relay, field)
        assert not cluster.connection(lead, field).get("connected")
        sent = _bundle(lead_folder, key, vault_id, replica)
        cluster.scan(lead, FOLDER)
        arrived = cluster.wait_for_file(field_folder / sent.name, sent.read_bytes())
        cluster.wait_idle(relay, FOLDER)
    assert bf.read_bundle(arrived, key, vault_id).payload
    whole = sent.read_bytes()
    held = [p for p in relay_folder.rglob("*") if p.is_file() and ".stfolder" not in p.parts]
    assert held, "the relay holds Syncthing's encrypted copy"
    for path in held:
        assert sent.name not in str(path) and replica not in str(path)
        assert whole[:200] not in path.read_bytes() and whole[-200:] not in path.read_bytes()
    # grep, not our code: nothing of the bundle's name or header ids anywhere on the relay
    # (its folder, its index database, its config), while the bundle's header has them.
    for needle in (replica, vault_id, sent.name):
        on_relay = subprocess.run(["grep", "-rlaF", "-e", needle, str(relay_folder),
                                   str(relay.home)], capture_output=True, check=False)  # fmt: skip
        assert on_relay.returncode == 1, (needle, on_relay.stdout)
    on_lead = subprocess.run(["grep", "-rlaF", "-e", replica, str(lead_folder)],
                             capture_output=True, check=False)  # fmt: skip
    assert on_lead.returncode == 0


def test_the_harness_stops_syncthing_even_when_a_test_fails(tmp_path: Path) -> None:
    cluster = SyncthingCluster(tmp_path)
    alone = cluster.add("alone")
    cluster.share(FOLDER, {alone: tmp_path / "alone-sync"})
    group = 0
    with pytest.raises(RuntimeError, match="a failing test"), cluster:
        assert alone.process is not None
        group = alone.process.pid  # its own session: the monitor leads the group
        raise RuntimeError("a failing test")
    assert group and alone.process is None
    with pytest.raises(ProcessLookupError):  # neither the monitor nor its child is left
        os.killpg(group, 0)


def test_a_port_taken_before_syncthing_binds_it_is_chosen_again(tmp_path: Path) -> None:
    cluster = SyncthingCluster(tmp_path)
    alone = cluster.add("alone")
    cluster.share(FOLDER, {alone: tmp_path / "alone-sync"})
    taken = alone.listen_port
    with socket.socket() as squatter:  # another test on this machine got there first
        squatter.bind(("127.0.0.1", taken))
        squatter.listen()
        with cluster:
            assert alone.listen_port != taken
            assert cluster.get(alone, "/rest/config/options")["listenAddresses"] == [
                f"tcp://127.0.0.1:{alone.listen_port}"
            ]
