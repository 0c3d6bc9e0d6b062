"""Bundles that must not be applied: altered, replayed under another range, signed by a
member removed since, from another vault. Each is one sentence naming the bundle by its ids;
nothing of it is applied, nothing held is lost and verify still passes. And the folder never
holds a name, a title or a note's text in clear."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sync_team import (
    LEAD,
    Team,
    add_note,
    close_all,
    desk_of,
    make_team,
    sync,
    titles,
    verified,
)

from influence_desk.canonical import canonical, content_hash
from influence_desk.desk import Desk
from influence_desk.history import entry_hash_v2
from influence_desk.model import SourceIdentity
from influence_desk.sync import keys
from influence_desk.sync.bundle_format import (
    encode_bundle,
    list_bundles,
    parse_bundle_name,
    read_bundle,
)

EXE = Path(sys.executable).with_name("influence-desk")


def _laptop_bundles(team: Team) -> list[Path]:
    with desk_of(team, team.laptops[0]) as desk:
        me = desk.store.local_replica()
    return [b.path for b in list_bundles(team.folder) if b.replica_id == me]


def _refused_once(team: Team, words: str) -> None:
    lead = team.lead
    before = titles(team, lead)
    result = sync(team, lead)
    assert len(result.refused) == 1, result.refused
    sentence = result.refused[0]
    assert words in sentence and sentence.endswith("nothing of it was applied.")
    assert sentence.count(".") == 1 + sentence.count(".idbundle")  # one sentence
    assert titles(team, lead) == before
    assert verified(team, lead)


def test_a_flipped_byte_is_refused_and_the_cli_says_one_sentence(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    laptop = team.laptops[0]
    note = add_note(team, laptop, "Side event", "notes from the corridor")
    sync(team, laptop)
    (bundle,) = _laptop_bundles(team)
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x01
    bundle.write_bytes(bytes(data))
    _refused_once(team, "is damaged or was altered")
    assert note in titles(team, laptop)  # nothing lost where it was written
    close_all()  # (the CLI opens the vault itself)
    env = {k: v for k, v in os.environ.items() if not k.startswith("INFLUENCE_DESK_")}
    env["INFLUENCE_DESK_PASSPHRASE"] = LEAD
    done = subprocess.run([str(EXE), "sync", str(team.lead), str(team.folder), "--json"],
                          env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=300)  # fmt: skip
    assert done.returncode == 3
    assert done.stderr.count("\n") == 1 and "damaged or was altered" in done.stderr


def test_an_old_bundle_replayed_under_a_new_range_is_refused(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    laptop = team.laptops[0]
    add_note(team, laptop, "First", "one")
    sync(team, laptop)
    (old,) = _laptop_bundles(team)
    old_bytes = old.read_bytes()
    sync(team, team.lead)
    add_note(team, laptop, "Second", "two")
    sync(team, laptop)
    (new,) = [p for p in _laptop_bundles(team) if p != old]
    new.write_bytes(old_bytes)
    _refused_once(team, "was renamed")
    # The old bundle put back under its own name: already applied, nothing changes.
    old.unlink()
    old.write_bytes(old_bytes)
    again = sync(team, team.lead)
    assert again.applied == 0 and len(again.refused) == 1  # (the forged one, still there)


def test_a_bundle_signed_by_a_member_removed_since_is_refused(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    laptop = team.laptops[0]
    with desk_of(team, team.lead) as desk:
        rafa = next(s for s in desk.vault.list_slots() if s.label == "Rafa")
        desk.vault.remove_slot(rafa.id)
    add_note(team, laptop, "Written after the removal", "by Rafa")
    sync(team, laptop)
    _refused_once(team, "signed by someone this vault does not trust")


def test_a_bundle_of_another_vault_is_refused(tmp_path: Path) -> None:
    team = make_team(tmp_path / "one", 1)
    other = make_team(tmp_path / "two", 1)
    add_note(other, other.laptops[0], "Elsewhere", "another team's note")
    sync(other, other.laptops[0])
    for bundle in list_bundles(other.folder):
        shutil.copy(bundle.path, team.folder / bundle.path.name)
    _refused_once(team, "belongs to another vault")


def test_a_bundle_gone_while_the_sync_ran_is_named_and_the_others_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Syncthing (or a person) removes a file between the listing and the reading.
    team = make_team(tmp_path, 2)
    first, second = team.laptops
    add_note(team, first, "From the first laptop", "one")
    add_note(team, second, "From the second laptop", "two")
    sync(team, first)
    sync(team, second)
    with desk_of(team, first) as desk:
        vanishing = max((b for b in list_bundles(team.folder)
                         if b.replica_id == desk.store.local_replica()),
                        key=lambda b: b.last).path  # (the one with the note)  # fmt: skip
    real = keys.open_bundle

    def gone_when_read(ctx: Any, path: Path) -> Any:
        if path == vanishing:
            path.unlink()
        return real(ctx, path)

    monkeypatch.setattr(keys, "open_bundle", gone_when_read)
    result = sync(team, team.lead)
    assert result.refused == [f"The sync bundle {vanishing.name} is no longer in the sync folder."]
    shown = " ".join(titles(team, team.lead).values())
    assert "From the second laptop" in shown and "From the first laptop" not in shown
    assert verified(team, team.lead)


NAME = "Katarzyna Wiśniewska"


def _register(desk: Desk) -> None:
    desk.register_source(SourceIdentity(NAME, aliases=("Kasia",)), "a consultant")


def test_nothing_in_the_folder_is_readable(tmp_path: Path) -> None:
    team = make_team(tmp_path, 2, before=_register)
    texts = []
    for index, path in enumerate(team.all):
        title = f"Meeting number {index} at the embassy"
        add_note(team, path, title, f"{NAME} said the contract is signed")
        texts += [title, "contract is signed"]
    for _ in range(2):
        for path in team.all:
            sync(team, path)
    with desk_of(team, team.lead) as desk:
        pseudonym = desk.sources()[0].pseudonym
        assert len(desk.note_ids()) == 3
    secrets = [NAME, "Wiśniewska", "Wisniewska", "Katarzyna", "Kasia", "consultant", pseudonym,
               *texts]  # fmt: skip
    files = [p for p in team.folder.rglob("*") if p.is_file()]
    assert len(files) == 3
    for path in files:
        assert parse_bundle_name(path.name) is not None  # ids only
        data = path.read_bytes()
        for secret in secrets:
            for encoded in (secret.encode(), secret.lower().encode(), secret.encode("utf-16-le")):
                assert encoded not in data, (path.name, secret)


def _forge(team: Team, change: Callable[[dict[str, Any]], None]) -> None:
    """Rewrite the laptop's bundle as someone holding the data key but no signing key
    would (an auditor): the envelope is valid, the entries inside are not."""
    with desk_of(team, team.lead) as desk:
        key, vault_id = desk.vault._shared().data_key, desk.vault.vault_id
    (path,) = _laptop_bundles(team)
    bundle = read_bundle(path, key, vault_id)
    body = json.loads(bundle.payload)
    change(body)
    header = bundle.header
    path.write_bytes(encode_bundle(key, vault_id, header.replica_id, header.first, header.last,
                                   canonical(body)))  # fmt: skip


def _last_entry(body: dict[str, Any]) -> dict[str, Any]:
    return body["entries"][-1]  # type: ignore[no-any-return]


def _rehash(entry: dict[str, Any], vault_id: str) -> None:
    entry["hash"] = entry_hash_v2(
        vault_id, entry["replica"], entry["rseq"], entry["clock"], entry["at"], entry["actor"],
        entry["action"], entry["object"], entry["content"], entry["prev"],
        {r: (n, h) for r, (n, h) in entry["heads"].items()}, entry["payload"],
    )  # fmt: skip


@pytest.mark.parametrize("forgery", ["content", "entry", "signature"])
def test_entries_forged_with_the_data_key_are_refused(tmp_path: Path, forgery: str) -> None:
    team = make_team(tmp_path, 1)
    laptop = team.laptops[0]
    add_note(team, laptop, "Genuine title", "genuine text")
    sync(team, laptop)
    with desk_of(team, team.lead) as desk:
        vault_id = desk.vault.vault_id

    def change(body: dict[str, Any]) -> None:
        entry = _last_entry(body)
        carried = body["contents"][entry["hash"]]
        content = json.loads(carried["content"])
        content["body"] = "forged text"
        if forgery == "content":  # the note's text changed under its signed entry
            carried["content"] = canonical(content).decode()
            return
        entry["content"] = content_hash(content)  # the entry changed to vouch for it
        body["contents"] = {}
        if forgery == "signature":  # ... and its hash recomputed: the signature is old
            _rehash(entry, vault_id)
        body["contents"][entry["hash"]] = {"content": canonical(content).decode(),
                                           "surfaces": carried["surfaces"]}  # fmt: skip

    _forge(team, change)
    words = {"content": "does not vouch for", "entry": "is damaged or was altered",
             "signature": "signature that does not match"}  # fmt: skip
    _refused_once(team, words[forgery])
