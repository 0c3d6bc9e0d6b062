"""An adversary's view of sync (issue #15): hostile files dropped in the sync folder,
bundles re-packed by someone holding the data key but no signing key (an auditor, a
removed person), a careless colleague's copied laptop, an auditor trying to write, a
missing or unwritable folder. Each is refused with one sentence, nothing of it is applied,
nothing held is lost, and what a replica wrote still reaches the others."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sync_team import (
    Team,
    add_note,
    close_all,
    desk_of,
    edit_note,
    make_team,
    passphrase_for,
    sync,
    titles,
    verified,
)

from influence_desk import crypto, schema
from influence_desk.canonical import canonical, content_hash
from influence_desk.desk import Desk, NoteDraft
from influence_desk.errors import BadInput, NotPermitted
from influence_desk.history import entry_hash_v2
from influence_desk.model import EventKind, NoteKind, Role
from influence_desk.sync.bundle_format import (
    bundle_name,
    encode_bundle,
    list_bundles,
    read_bundle,
)
from influence_desk.vault.vault import Vault

EXE = Path(sys.executable).with_name("influence-desk")
AUDITOR = "an auditor's passphrase for team sync"


def _cli(passphrase: str, *args: str, env: dict[str, str] | None = None,
         prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:  # fmt: skip
    environ = {k: v for k, v in os.environ.items() if not k.startswith("INFLUENCE_DESK_")}
    environ.update(env or {})
    environ["INFLUENCE_DESK_PASSPHRASE"] = passphrase
    return subprocess.run([*prefix, str(EXE), *args], env=environ, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=300)  # fmt: skip


def _one_line_error(done: subprocess.CompletedProcess[str], words: str) -> None:
    assert done.returncode != 0, done.stdout
    assert done.stderr.count("\n") == 1 and words in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def _replica(team: Team, path: Path) -> str:
    with desk_of(team, path) as desk:
        replica = desk.store.local_replica()
    assert replica is not None
    return replica


def _head(team: Team, path: Path) -> int:
    with desk_of(team, path) as desk:
        head = desk.store.replica_head(_replica(team, path))
    assert head is not None
    return head[0]


def _keys(team: Team) -> tuple[bytes, str]:
    with desk_of(team, team.lead) as desk:
        return desk.vault._shared().data_key, desk.vault.vault_id


def _one_sentence(sentence: str) -> bool:
    return sentence.endswith(".") and sentence.count(".") == 1 + sentence.count(".idbundle")


@pytest.mark.parametrize("planted", ["garbage", "empty", "repacked"])
def test_a_file_planted_under_a_laptops_next_name_does_not_stop_it_sending(
    tmp_path: Path, planted: str
) -> None:
    """Someone drops a file named as the laptop's next bundle before the laptop writes it:
    the laptop's note must still reach the lead (never taken for sent)."""
    team = make_team(tmp_path, 1)
    laptop = team.laptops[0]
    add_note(team, laptop, "First", "one")
    sync(team, laptop)
    me, head = _replica(team, laptop), _head(team, laptop)
    target = team.folder / bundle_name(me, head + 1, head + 1)
    if planted == "garbage":
        target.write_bytes(os.urandom(300))
    elif planted == "empty":
        target.write_bytes(b"")
    else:  # the laptop's real first bundle, re-packed by a data-key holder under the next name
        key, vault_id = _keys(team)
        (real,) = list_bundles(team.folder)
        payload = read_bundle(real.path, key, vault_id).payload
        target.write_bytes(encode_bundle(key, vault_id, me, head + 1, head + 1, payload))
    note = add_note(team, laptop, "Second", "written after the file was planted")
    sync(team, laptop)
    assert sync(team, team.lead).refused == []  # (the planted file made way for the real one)
    assert note in titles(team, team.lead)
    assert titles(team, team.lead) == titles(team, laptop)
    assert verified(team, team.lead)


@pytest.mark.parametrize("gone", ["first", "middle"])
def test_a_bundle_a_colleague_deleted_from_the_folder_is_written_again(
    tmp_path: Path, gone: str
) -> None:
    """Someone tidies the sync folder and deletes a bundle a replica that has not synced yet
    still needs: its writer puts what is missing back, and that replica gets every note."""
    team = make_team(tmp_path, 2)
    lead, laptop, late = team.all
    notes = []
    for index in range(3):
        notes.append(add_note(team, laptop, f"Note {index}", "text"))
        sync(team, laptop)
    me = _replica(team, laptop)
    bundles = [b for b in list_bundles(team.folder) if b.replica_id == me]
    assert len(bundles) == 3
    sync(team, lead)  # (the lead held them all before the deletion)
    bundles[0 if gone == "first" else 1].path.unlink()
    sync(team, laptop)
    result = sync(team, late)
    assert result.refused == [] and result.waiting == 0
    assert all(n in titles(team, late) for n in notes)
    assert sync(team, lead).applied == 0  # nothing new for the lead: held, not reopened
    assert titles(team, lead) == titles(team, late) and verified(team, late)


# --- hostile files in the folder ----------------------------------------------------------


def test_hostile_files_are_each_one_sentence_and_the_real_bundle_still_applies(
    tmp_path: Path,
) -> None:
    team = make_team(tmp_path, 2)
    lead, laptop, other = team.all
    note = add_note(team, laptop, "Booth visit", "the real note")
    sync(team, laptop)
    (real,) = list_bundles(team.folder)
    stranger = _replica(team, other)  # (has written nothing yet)
    folder = team.folder
    named = {  # named as bundles: each refused with one sentence
        bundle_name(stranger, 1, 1): b"",
        bundle_name(stranger, 2, 2): real.path.read_bytes()[:100],  # truncated
        bundle_name(stranger, 3, 3): real.path.read_bytes()[:-1],
        bundle_name(stranger, 4, 9): b"IDBNDL\x00\x01\xff\xff" + b"x" * 70000,  # header length
        bundle_name("0123456789abcdef", 1, 1): os.urandom(2000),  # a replica nobody made
    }
    for name, data in named.items():
        (folder / name).write_bytes(data)
    os.link(lead / "notes.db", folder / bundle_name(stranger, 10, 10))  # the live database
    (folder / bundle_name(stranger, 11, 11)).mkdir()  # not a file: left alone
    os.symlink(real.path, folder / bundle_name(stranger, 12, 12))  # not followed
    shutil.copy(real.path, folder / f"{real.path.stem}.sync-conflict-20261120-1.idbundle")
    (folder / "..idbundle").write_bytes(b"x")  # no ids: not a bundle name
    (folder / f"{stranger}-1-99999999999999999999.idbundle").write_bytes(b"x")
    before = sorted(p.name for p in folder.iterdir())
    result = sync(team, lead)
    assert note in titles(team, lead) and result.applied == 1
    assert len(result.refused) == len(named) + 1, result.refused
    assert all(_one_sentence(s) and s.endswith("nothing of it was applied.")
               for s in result.refused)  # fmt: skip
    assert verified(team, lead)
    assert sorted(p.name for p in folder.iterdir() if p.name in before) == before  # untouched
    again = sync(team, lead)
    assert again.applied == 0 and len(again.refused) == len(named) + 1


def test_a_bundle_whose_range_overlaps_what_is_held_applies_only_what_is_new(
    tmp_path: Path,
) -> None:
    """An auditor re-packs the laptop's two genuine bundles as one overlapping range."""
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    add_note(team, laptop, "First", "one")
    sync(team, laptop)
    sync(team, lead)
    add_note(team, laptop, "Second", "two")
    sync(team, laptop)
    key, vault_id = _keys(team)
    me = _replica(team, laptop)
    bundles = [b for b in list_bundles(team.folder) if b.replica_id == me]
    bodies = [json.loads(read_bundle(b.path, key, vault_id).payload) for b in bundles]
    merged = {"format": 1, "entries": [e for b in bodies for e in b["entries"]],
              "contents": {k: v for b in bodies for k, v in b["contents"].items()}}  # fmt: skip
    first, last = bundles[0].first, bundles[-1].last
    for bundle in bundles[1:]:
        bundle.path.unlink()  # only the overlapping one is there to bring the second note
    (team.folder / bundle_name(me, first + 1, last)).write_bytes(
        encode_bundle(key, vault_id, me, first + 1, last, canonical(merged)))  # fmt: skip
    result = sync(team, lead)
    assert result.refused  # (it holds entries outside its name's range)
    sub = {"format": 1, "entries": merged["entries"][1:], "contents": merged["contents"]}
    (team.folder / bundle_name(me, first + 1, last)).write_bytes(
        encode_bundle(key, vault_id, me, first + 1, last, canonical(sub)))  # fmt: skip
    result = sync(team, lead)
    assert result.refused == [] and result.applied == 1
    assert titles(team, lead) == titles(team, laptop)
    with desk_of(team, lead) as desk:
        assert desk.store.replica_head(me)[0] == last  # type: ignore[index]
        total = desk.store.history_count()
    assert sync(team, lead).applied == 0
    with desk_of(team, lead) as desk:
        assert desk.store.history_count() == total  # nothing held twice
    assert verified(team, lead)


def test_the_same_bundles_through_a_second_folder_are_not_applied_twice(tmp_path: Path) -> None:
    team = make_team(tmp_path, 2)
    lead, one, two = team.all
    add_note(team, one, "From one", "a")
    add_note(team, two, "From two", "b")
    sync(team, one)
    sync(team, two)
    usb = tmp_path / "usb"
    shutil.copytree(team.folder, usb)
    sync(team, lead)
    with desk_of(team, lead) as desk:
        total = desk.store.history_count()
        result = desk.sync(usb)
        assert (result.applied, result.refused) == (0, [])
        assert desk.store.history_count() == total
    assert verified(team, lead)


# --- who may sync, and where ----------------------------------------------------------------


def _with_auditor(desk: Desk) -> None:
    desk.vault.add_slot(Role.AUDITOR, "Audra", AUDITOR, kdf=crypto.floor_params())


def test_an_auditor_cannot_sync_edit_resolve_or_make_a_replica(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1, before=_with_auditor)
    lead, laptop = team.all
    note = add_note(team, laptop, "Hall B", "a note the auditor may read")
    sync(team, laptop)
    close_all()
    folder = sorted(p.name for p in team.folder.iterdir())
    with Vault.open(lead, AUDITOR) as vault:
        with pytest.raises(NotPermitted, match="auditor") as caught:
            Desk(vault).sync(team.folder)
        assert _one_sentence(str(caught.value))
    assert sorted(p.name for p in team.folder.iterdir()) == folder  # nothing written there
    for args, words in (
        (("sync", str(lead), str(team.folder)), "auditor"),
        (("note", "edit", str(laptop), note, "--title", "Changed"), "auditor"),
        (("conflicts", str(lead), "--keep", note, "mine"), ""),
        (("replica", str(lead), str(tmp_path / "audit-copy")), "lead"),
    ):
        _one_line_error(_cli(AUDITOR, *args), words)
    assert not (tmp_path / "audit-copy.idvault").exists()
    assert sorted(p.name for p in team.folder.iterdir()) == folder
    assert note not in titles(team, lead)  # the auditor's attempt applied nothing
    assert titles(team, laptop)[note] == "Hall B | a note the auditor may read"


def _unwritable(folder: Path) -> None:
    if os.geteuid() == 0:  # (root writes through permissions, not through the immutable flag)
        subprocess.run(["chattr", "+i", str(folder)], check=True)
    else:
        folder.chmod(0o500)


def _writable(folder: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    folder.chmod(0o700)


def test_a_missing_or_unwritable_folder_is_one_sentence_and_changes_nothing(
    tmp_path: Path,
) -> None:
    team = make_team(tmp_path, 1)
    laptop = team.laptops[0]
    note = add_note(team, laptop, "Kept", "still here after the failed syncs")
    before = titles(team, laptop)
    close_all()
    missing = tmp_path / "not-there"
    _one_line_error(_cli(passphrase_for(team, laptop), "sync", str(laptop), str(missing)),
                    "does not exist")  # fmt: skip
    assert not missing.exists()
    _unwritable(team.folder)
    try:
        _one_line_error(_cli(passphrase_for(team, laptop), "sync", str(laptop),
                             str(team.folder)), "cannot be written to")  # fmt: skip
        assert list(team.folder.iterdir()) == []
    finally:
        _writable(team.folder)
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    _one_line_error(_cli(passphrase_for(team, laptop), "sync", str(laptop), str(a_file)),
                    "not a folder")  # fmt: skip
    assert titles(team, laptop) == before and verified(team, laptop)
    assert sync(team, laptop).sent == 1  # the folder back: the note goes out
    assert note in titles(team, laptop)
    close_all()


def test_a_sync_writes_nothing_outside_the_vault_and_the_folder(tmp_path: Path) -> None:
    """The CLI's sync, traced: every file it creates or writes is in the vault, the sync
    folder or its own settings (a time only), never a temporary file."""
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    add_note(team, laptop, "Ministry reception", "Wojciech Zielinski asked about the tender")
    sync(team, laptop)
    close_all()
    tmp, config, log = tmp_path / "tmp", tmp_path / "config", tmp_path / "trace"
    tmp.mkdir()
    config.mkdir()
    prefix = ("strace", "-f", "-qq", "-e", "trace=open,openat,creat,rename,renameat,renameat2,"
              "link,linkat,symlink,mkdir,truncate", "-o", str(log))  # fmt: skip
    env = {"TMPDIR": str(tmp), "TMP": str(tmp), "TEMP": str(tmp),
           "XDG_CONFIG_HOME": str(config), "XDG_CACHE_HOME": str(config)}  # fmt: skip
    done = _cli(passphrase_for(team, lead), "sync", str(lead), str(team.folder), env=env,
                prefix=prefix if shutil.which("strace") else ())  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert list(tmp.iterdir()) == []
    for path in config.rglob("*"):
        if path.is_file():
            assert b"Zielinski" not in path.read_bytes() and b"Ministry" not in path.read_bytes()
    if not log.exists():
        return
    allowed = (str(lead.resolve()), str(team.folder.resolve()), str(config), "/dev/")
    written = []
    for line in log.read_text().splitlines():
        if "= -1" in line or not any(f in line for f in ("O_WRONLY", "O_RDWR", "O_CREAT",
                                                          "rename", "link(", "mkdir(",
                                                          "truncate(")):  # fmt: skip
            continue
        paths = [p for p in line.split('"')[1::2] if p.startswith("/")]
        written += [p for p in paths if not p.startswith(allowed) and not p.endswith(".pyc")
                    and "/__pycache__/" not in p]  # fmt: skip
    assert written == [], written


# --- a colleague who signs what the app would never write -----------------------------------


def _signed_entry(last: dict[str, Any], vault_id: str, key: Any, action: str, object_id: str,
                  content: dict[str, Any] | None, payload: dict[str, Any],
                  **fields: Any) -> dict[str, Any]:  # fmt: skip
    """The entry after ``last`` on its replica, signed with ``key`` (a trusted member's)."""
    entry = {"replica": last["replica"], "rseq": last["rseq"] + 1, "clock": last["clock"] + 1,
             "at": last["at"], "actor": last["actor"], "action": action, "object": object_id,
             "content": content_hash(content) if content is not None else "",
             "prev": last["hash"], "heads": last["heads"], "payload": payload}  # fmt: skip
    entry.update(fields)
    entry["hash"] = entry_hash_v2(
        vault_id, entry["replica"], entry["rseq"], entry["clock"], entry["at"], entry["actor"],
        entry["action"], entry["object"], entry["content"], entry["prev"],
        {r: (n, h) for r, (n, h) in entry["heads"].items()}, entry["payload"],
    )  # fmt: skip
    entry["signature"] = crypto.sign(key, bytes.fromhex(entry["hash"])).hex()
    return entry


def _forgeries(note_id: str, meta: dict[str, str], lead_slot: str) -> dict[str, Any]:
    """name -> (action, object, content, payload, extra fields, words of the refusal)."""

    def note(body: dict[str, Any], **changed: Any) -> dict[str, Any]:
        return {**body, **changed}

    return {
        "vault id changed": ("vault.settings", "vault:meta",
                             lambda body: {**meta, "vault_id": "a-vault-of-my-own"}, {}, {},
                             "changes what names this vault"),
        "identity key changed": ("vault.settings", "vault:meta",
                                 lambda body: {**meta, "identity_public": "00" * 32}, {}, {},
                                 "changes what names this vault"),
        "event that does not exist": ("note.update", f"note:{note_id}",
                                      lambda body: note(body, event_id="0123456789abcdef"), {},
                                      {}, "refers to an event, organisation or source"),
        "another note's id": ("note.update", f"note:{note_id}",
                              lambda body: note(body, id="0123456789abcdef"), {}, {},
                              "does not vouch for"),
        "clock far ahead": ("note.reveal", f"note:{note_id}", lambda body: None, {},
                            {"clock": 10**12}, "clock does not follow"),
        "own replica as a head": ("note.reveal", f"note:{note_id}", lambda body: None, {},
                                  {"own": True}, "names its own replica"),
        "an action no version merges": ("schema.upgrade", "vault:schema", lambda body: None,
                                        {"version": 99}, {}, "cannot merge"),
        "a migration by a newer release": ("vault.migrate", "vault:schema", lambda body: None,
                                           {"from": schema.current_version(),
                                            "to": schema.current_version() + 1,
                                            "schema_sha256": "00" * 32}, {}, "cannot merge"),
        "a migration to a schema never made": ("vault.migrate", "vault:schema",
                                               lambda body: None,
                                               {"from": 1, "to": 2, "schema_sha256": "0" * 64},
                                               {}, "cannot merge"),
        "the lead removed by a researcher": ("slot.remove", f"slot:{lead_slot}",
                                             lambda body: None,
                                             {"slot_id": lead_slot, "accepted": {}}, {},
                                             "not a lead"),
        "a rekey by a researcher": ("vault.rekey", "vault:keys", lambda body: None,
                                    {"sealed": {}, "previous": ""}, {}, "not a lead"),
    }  # fmt: skip


FORGERIES = list(_forgeries("x", {}, "y"))


@pytest.mark.parametrize("forgery", FORGERIES)
def test_a_trusted_colleagues_signed_forgery_is_refused_whole(tmp_path: Path, forgery: str) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    keep = add_note(team, lead, "The lead's own note", "must survive")
    sync(team, lead)
    sync(team, laptop)
    note = add_note(team, laptop, "Genuine", "a genuine note in the same bundle")
    sync(team, laptop)
    key, vault_id = _keys(team)
    me = _replica(team, laptop)
    with desk_of(team, laptop) as desk:
        signing = desk.vault._signing
        meta = desk.store.all_meta()
        lead_slot = next(s.id for s in desk.vault.file.slots if s.label == "Lena")
    (path,) = [b.path for b in list_bundles(team.folder) if b.replica_id == me]
    bundle = read_bundle(path, key, vault_id)
    body = json.loads(bundle.payload)
    last = body["entries"][-1]
    genuine = json.loads(body["contents"][last["hash"]]["content"])
    action, object_id, make, payload, extra, words = _forgeries(note, meta, lead_slot)[forgery]
    content = make(genuine)
    if extra.pop("own", False):
        extra["heads"] = {**last["heads"], me: [last["rseq"], last["hash"]]}
    entry = _signed_entry(last, vault_id, signing, action, object_id, content, payload, **extra)
    body["entries"].append(entry)
    if content is not None:
        body["contents"][entry["hash"]] = {"content": canonical(content).decode(),
                                           "surfaces": None}  # fmt: skip
    header = bundle.header
    path.unlink()
    (team.folder / bundle_name(me, header.first, entry["rseq"])).write_bytes(
        encode_bundle(key, vault_id, me, header.first, entry["rseq"], canonical(body))
    )
    before = titles(team, lead)
    with desk_of(team, lead) as desk:
        held, settings = desk.store.history_count(), desk.store.all_meta()
    result = sync(team, lead)
    assert len(result.refused) == 1 and words in result.refused[0], result.refused
    assert _one_sentence(result.refused[0])
    assert result.applied == 0 and titles(team, lead) == before and keep in before
    with desk_of(team, lead) as desk:
        assert desk.store.history_count() == held  # not even the genuine entries before it
        assert desk.store.all_meta() == settings
        assert len(desk.vault.file.slots) == 3
    assert verified(team, lead)


def test_a_researchers_trash_emptied_spares_what_is_not_in_the_leads_trash(
    tmp_path: Path,
) -> None:
    """A ``trash.empty`` naming the lead's live note (signed by a trusted researcher, as the
    app would never write it) removes nothing the lead still shows or could restore."""
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    keep = add_note(team, lead, "The lead's own note", "first text")
    edit_note(team, lead, keep, "The lead's own note", "second text")
    sync(team, lead)
    sync(team, laptop)
    with desk_of(team, laptop) as desk:
        vault = desk.vault
        with vault._store().transaction():
            vault.writer().append("trash.empty", "vault:trash", None, {"notes": [keep]})
    sync(team, laptop)
    result = sync(team, lead)
    assert result.refused == []
    assert titles(team, lead)[keep] == "The lead's own note | second text"
    with desk_of(team, lead) as desk:
        kept = [v for v in desk.note_history(keep) if v.kept]
        assert len(kept) == 2  # both versions still kept
    assert verified(team, lead)


# --- an auditor's hand-made bundles ---------------------------------------------------------


def _payloads(genuine: dict[str, Any]) -> dict[str, tuple[bytes, str]]:
    """name -> (a payload a data-key holder wrote, words of the refusal)."""
    nested = b'{"format":1,"entries":' + b"[" * 200_000 + b"]" * 200_000 + b',"contents":{}}'
    huge = json.loads(json.dumps(genuine))
    huge["entries"][0]["rseq"] = 2**64  # (beyond any name's range)
    digits = canonical(genuine)
    return {
        "nested a hundred thousand deep": (nested, "cannot be read"),
        "not UTF-8": (b"\xff\xfe" + canonical(genuine), "cannot be read"),
        "a number of five thousand digits": (
            digits.replace(b'"entries":[', b'"x":' + b"9" * 5000 + b',"entries":[', 1),
            "cannot be read"),
        "a number past the range": (canonical(huge), "does not hold what its name says"),
        "no entries": (canonical({**genuine, "entries": []}), "does not hold what its name says"),
        "entries not a list": (canonical({**genuine, "entries": {}}), "cannot be read"),
        "another format": (canonical({**genuine, "format": 2}), "cannot be read"),
        "blobs nobody named": (canonical({**genuine, "blobs": {"00" * 32: "AAAA"}}),
                               "attachment bytes"),
    }  # fmt: skip


PAYLOADS = list(_payloads({"format": 1, "entries": [{"rseq": 1}], "contents": {}}))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_payload_made_by_hand_with_the_data_key_is_one_sentence(
    tmp_path: Path, payload: str
) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    add_note(team, laptop, "Genuine", "text")
    sync(team, laptop)
    key, vault_id = _keys(team)
    (real,) = list_bundles(team.folder)
    genuine = json.loads(read_bundle(real.path, key, vault_id).payload)
    data, words = _payloads(genuine)[payload]
    real.path.write_bytes(encode_bundle(key, vault_id, real.replica_id, real.first, real.last,
                                        data))  # fmt: skip
    before = titles(team, lead)
    result = sync(team, lead)
    assert len(result.refused) == 1 and words in result.refused[0], result.refused
    assert _one_sentence(result.refused[0]) and titles(team, lead) == before
    assert verified(team, lead)


@pytest.mark.parametrize("claimed", ["the lead's", "a replica nobody made", "the receivers"])
def test_genuine_entries_repacked_under_another_replicas_id_are_refused(
    tmp_path: Path, claimed: str
) -> None:
    team = make_team(tmp_path, 2)
    lead, laptop, other = team.all
    add_note(team, laptop, "Genuine", "the laptop's note")
    sync(team, laptop)
    key, vault_id = _keys(team)
    (real,) = list_bundles(team.folder)
    payload = read_bundle(real.path, key, vault_id).payload
    replica = {"the lead's": _replica(team, lead), "a replica nobody made": "0123456789abcdef",
               "the receivers": _replica(team, other)}[claimed]  # fmt: skip
    # (numbered past what the receiver holds of that replica: a range held is not reopened)
    first = _head(team, lead) + 1 if claimed == "the lead's" else real.first
    last = first + real.last - real.first
    real.path.unlink()
    (team.folder / bundle_name(replica, first, last)).write_bytes(
        encode_bundle(key, vault_id, replica, first, last, payload))  # fmt: skip
    receiver = lead if claimed == "the receivers" else other  # (a copy skips its own id)
    before = titles(team, receiver)
    result = sync(team, receiver)
    assert len(result.refused) == 1, result.refused
    assert "does not hold what its name says" in result.refused[0]
    assert titles(team, receiver) == before and verified(team, receiver)


def test_a_copied_laptop_writing_under_the_same_replica_is_told_and_loses_nothing(
    tmp_path: Path,
) -> None:
    """A careless colleague copies a replica's folder to a second laptop: both write under
    one replica id. The first to sync is applied; the other is told in one sentence, its
    note stays where it was written, and the lead holds one history that verifies."""
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    add_note(team, laptop, "Before the copy", "shared")
    sync(team, laptop)
    close_all()
    clone = tmp_path / "copied.idvault"
    shutil.copytree(laptop, clone)
    note = add_note(team, laptop, "On the original", "one")
    sync(team, laptop)
    with Vault.open(clone, passphrase_for(team, laptop)) as vault:
        desk = Desk(vault)
        copied = desk.add_note(NoteDraft(NoteKind.BOOTH, "On the copy", datetime(2026, 11, 21),
                                         body="two")).note.id  # fmt: skip
        with pytest.raises(BadInput, match="already in the sync folder") as caught:
            desk.sync(team.folder)
        assert _one_sentence(str(caught.value))
        assert copied in desk.note_ids()
    result = sync(team, lead)
    assert result.refused == [] and note in titles(team, lead)
    assert copied not in titles(team, lead) and verified(team, lead)


# --- what the folder shows ------------------------------------------------------------------

SECRETS = {
    "event": "Voterfile Summit Gdansk",
    "city": "Sopotville",
    "organiser": "Ostsee Politics Forum",
    "org": "Quillfeather Data Brokers",
    "alias": "QFDB Holdings",
    "website": "quillfeather-data.example",
    "title": "Breakfast briefing on lookalike audiences",
    "summary": "they resell turnout scores",
    "body": "the pitch deck names three ministries",
    "tag": "turnout-scoring",
    "setting": "Profile for the Baltic desk",
}


def test_no_event_organisation_tag_summary_or_setting_in_the_folder(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    with desk_of(team, laptop) as desk:
        event = desk.add_event(EventKind.CONFERENCE, SECRETS["event"], city=SECRETS["city"],
                               organiser=SECRETS["organiser"])  # fmt: skip
        org = desk.add_organisation(SECRETS["org"], aliases=(SECRETS["alias"],),
                                    website=SECRETS["website"])  # fmt: skip
        note = desk.add_note(NoteDraft(NoteKind.BOOTH, SECRETS["title"], datetime(2026, 11, 20),
                                       body=SECRETS["body"], summary=SECRETS["summary"],
                                       event_id=event.id, organisation_ids=(org.id,),
                                       tags=(SECRETS["tag"],))).note.id  # fmt: skip
        desk.set_setting("export_profile_note", SECRETS["setting"])
    sync(team, laptop)
    sync(team, lead)
    sync(team, lead)
    with desk_of(team, lead) as desk:
        assert desk.note(note).note.title == SECRETS["title"]
        assert desk.get_setting("export_profile_note") == SECRETS["setting"]
    needles = []
    for text in SECRETS.values():
        for word in (text, *text.split()):
            if len(word) >= 5:
                needles += [word.encode(), word.lower().encode(), word.encode("utf-16-le")]
    files = [p for p in team.folder.rglob("*") if p.is_file()]
    assert len(files) == 2  # one bundle per replica, no temporary file left
    for path in files:
        data = path.read_bytes()
        assert all(n not in data for n in needles), path.name
        assert all(n.decode("utf-8", "ignore") not in path.name for n in needles)


# --- the commands' refusals -----------------------------------------------------------------


def test_the_team_commands_refuse_in_one_sentence_and_change_nothing(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    note = add_note(team, lead, "Stand 4", "as written")
    before = titles(team, lead)
    close_all()
    mine = passphrase_for(team, lead)
    missing_body = str(tmp_path / "no-such-body.txt")
    for args, words in (
        (("note", "edit", str(lead), "0123456789abcdef", "--title", "x"), "note"),
        (("note", "edit", str(lead), note, "--body-file", missing_body), ""),
        (("note", "edit", str(lead), "../../etc/passwd", "--title", "x"), "note"),
        (("conflicts", str(lead), "--keep", note, "mine"), "no conflict"),
        (("conflicts", str(lead), "--keep", note, "sideways"), ""),
        (("conflicts", str(lead), "--keep", "../../x", "mine"), ""),
        (("replica", str(lead), str(lead)), ""),
        (("replica", str(lead), str(tmp_path / "missing" / "copy")), "does not exist"),
        (("replica", str(lead), str(laptop)), "already exists"),
        (("sync", str(lead), "relative/folder"), "does not exist"),  # (made absolute)
        (("sync", str(lead), str(lead)), "vault folder"),
    ):
        _one_line_error(_cli(mine, *args), words)
    assert titles(team, lead) == before and verified(team, lead)
    assert not (tmp_path / "missing").exists()
    close_all()
    with Vault.open(lead, mine):  # the app has the vault open: a sync waits for nobody
        _one_line_error(_cli(mine, "sync", str(lead), str(team.folder)), "")
    assert list(team.folder.iterdir()) == []
