"""Keys travel: a person added on the lead's vault opens every replica with their own
passphrase, a passphrase changed on one laptop opens every other, and after a removal and
a rekey the team goes on under the new key while the removed person's copy can read
nothing new and nothing they write later is applied anywhere. Slots the lead did not sign
are refused, and no key is ever in the sync folder in clear."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sync_team import (
    LEAD,
    MIRA,
    RAFA,
    Team,
    add_note,
    close_all,
    desk_of,
    make_team,
    sync,
    titles,
    verified,
)

from influence_desk import crypto
from influence_desk.canonical import canonical
from influence_desk.desk import Desk, NoteDraft
from influence_desk.errors import WrongPassphrase
from influence_desk.history import entry_hash_v2
from influence_desk.model import NoteKind, Role
from influence_desk.sync.bundle_format import (
    BundleKeyUnknown,
    encode_bundle,
    list_bundles,
    read_bundle,
)
from influence_desk.vault import key_material
from influence_desk.vault import slots as slotlib
from influence_desk.vault.vault import Vault

NORA = "nora's own passphrase for the team"
NORA_NEW = "nora changed her passphrase on a laptop"


def _opens(path: Path, passphrase: str) -> bool:
    try:
        with Vault.open(path, passphrase):
            return True
    except WrongPassphrase:
        return False


def _labels(path: Path, passphrase: str) -> list[str]:
    with Vault.open(path, passphrase) as vault:
        return sorted(s.label for s in vault.file.slots)


def _one_sentence(sentence: str, words: str) -> None:
    assert words in sentence and sentence.endswith("nothing of it was applied."), sentence
    assert sentence.count(".") == 1 + sentence.count(".idbundle")


def _bundles_of(team: Team, path: Path) -> list[Path]:
    with desk_of(team, path) as desk:
        me = desk.store.local_replica()
    return [b.path for b in list_bundles(team.folder) if b.replica_id == me]


def test_a_person_added_on_the_lead_opens_a_replica_made_before(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    with desk_of(team, lead) as desk:
        desk.vault.add_slot(Role.RESEARCHER, "Nora", NORA, kdf=crypto.floor_params())
    sync(team, lead)
    assert sync(team, laptop).refused == []
    close_all()
    assert _labels(laptop, RAFA) == ["Lena", "Mira", "Nora", "Rafa"]
    # Nora, on the laptop made for Rafa before she joined, with her own passphrase: she
    # writes there, is trusted, and her note reaches the lead.
    with Vault.open(laptop, NORA) as vault:
        assert vault.role is Role.RESEARCHER and vault.signer_trusted
        desk = Desk(vault)
        desk.add_note(NoteDraft(NoteKind.BOOTH, "Nora on Rafa's laptop",
                                _when(), body="first note"))  # fmt: skip
        # ... and changes her passphrase there.
        vault.change_passphrase(NORA_NEW, kdf=crypto.floor_params())
        assert desk.sync(team.folder).refused == []
    result = sync(team, lead)
    assert result.refused == [] and result.applied == 1
    assert "Nora on Rafa's laptop | first note" in titles(team, lead).values()
    assert verified(team, lead)
    close_all()
    # The new passphrase opens the lead's vault too; the old one no longer does anywhere.
    for path in team.all:
        assert _opens(path, NORA_NEW)
        assert not _opens(path, NORA)


def test_the_leads_passphrase_change_opens_every_replica(tmp_path: Path) -> None:
    team = make_team(tmp_path, 2)
    new = "the lead's new passphrase for the team"
    with desk_of(team, team.lead) as desk:
        desk.vault.change_passphrase(new, kdf=crypto.floor_params())
        desk.sync(team.folder)
    for path in team.laptops:
        assert sync(team, path).refused == []
        assert verified(team, path)
    close_all()
    for path in team.all:
        assert _opens(path, new) and not _opens(path, LEAD)


def _when() -> Any:
    from datetime import datetime

    return datetime(2026, 11, 20, 14)


def _data_key(path: Path, passphrase: str) -> bytes:
    with Vault.open(path, passphrase) as vault:
        return vault._shared().data_key


def test_after_a_removal_and_a_rekey_the_team_goes_on_without_them(tmp_path: Path) -> None:
    team = make_team(tmp_path, 2)
    lead, rafa, mira = team.all
    before = add_note(team, mira, "Mira before her removal", "accepted")
    sync(team, mira)
    sync(team, lead)
    old_key = _data_key_open(team, lead)
    # Rafa's note, in a bundle under the old key the lead only reads after its rekey.
    rafa_before = add_note(team, rafa, "Rafa before the rekey", "old key")
    sync(team, rafa)
    with desk_of(team, lead) as desk:
        slot = next(s for s in desk.vault.list_slots() if s.label == "Mira")
        desk.vault.remove_slot(slot.id)
        desk.vault.rekey()
    after_lead = add_note(team, lead, "Lead after the rekey", "new key")
    first = sync(team, lead)
    assert first.refused == [] and rafa_before in titles(team, lead)
    # Rafa syncs and keeps working: the bundles under the new key apply both ways.
    got = sync(team, rafa)
    assert got.refused == [] and got.waiting == 0
    assert {before, after_lead} <= set(titles(team, rafa))
    after_rafa = add_note(team, rafa, "Rafa after the rekey", "still here")
    sync(team, rafa)
    assert sync(team, lead).refused == []
    assert after_rafa in titles(team, lead)
    # Mira writes after her removal: refused on every replica with one sentence.
    add_note(team, mira, "Mira after her removal", "must not arrive")
    mira_result = sync(team, mira)
    for path in (lead, rafa):
        shown = titles(team, path)
        result = sync(team, path)
        assert len(result.refused) == 1, result.refused
        _one_sentence(result.refused[0], "signed by someone this vault does not trust")
        assert titles(team, path) == shown
        assert verified(team, path)
    # Mira's copy refuses the bundle that removes her and cannot read anything after the
    # rekey: it receives nothing more.
    assert any("removes your key slot" in r for r in mira_result.refused)
    assert after_lead not in titles(team, mira) and after_rafa not in titles(team, mira)
    assert verified(team, mira)
    close_all()
    new_key = _data_key(lead, LEAD)
    assert new_key != old_key and _data_key(rafa, RAFA) == new_key
    assert _data_key(mira, MIRA) == old_key
    post_rekey = _bundles_of_closed(team, rafa)[1:]  # (its first was under the old key)
    assert post_rekey
    for path in post_rekey:
        with pytest.raises(BundleKeyUnknown):
            read_bundle(path, old_key, _vault_id(lead))
    assert _labels(rafa, RAFA) == ["Lena", "Rafa"]
    # No key in clear anywhere in the folder.
    secrets = [old_key, new_key, old_key.hex().encode(), new_key.hex().encode()]
    secrets += [p.encode() for p in (LEAD, RAFA, MIRA)]
    for file in team.folder.iterdir():
        data = file.read_bytes()
        assert not any(secret in data for secret in secrets), file.name


def _data_key_open(team: Team, path: Path) -> bytes:
    with desk_of(team, path) as desk:
        return desk.vault._shared().data_key


def _vault_id(path: Path) -> str:
    return str(json.loads((path / "vault.json").read_text())["vault_id"])


def _bundles_of_closed(team: Team, path: Path) -> list[Path]:
    with Vault.open(path, RAFA) as vault:
        assert vault.store is not None
        me = vault.store.local_replica()
    return [b.path for b in list_bundles(team.folder) if b.replica_id == me]


def test_a_slot_a_researcher_signed_is_refused(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    with desk_of(team, laptop) as desk:
        vault = desk.vault
        record = slotlib.wrap_slot(vault.vault_id, slotlib.new_slot_id(), "Intruder",
                                   Role.LEAD, NORA, vault._shared(), crypto.random_key(),
                                   crypto.floor_params())  # fmt: skip
        store = vault._store()
        with store.transaction():
            vault.writer().append(
                "slot.add", f"slot:{record.id}", None,
                {"slot_id": record.id, "label": "Intruder", "role": "lead",
                 "signing_key": None, "record": key_material.record_json(record)},
            )  # fmt: skip
    sync(team, laptop)
    shown = titles(team, lead)
    result = sync(team, lead)
    assert len(result.refused) == 1
    _one_sentence(result.refused[0], "signed by someone who is not a lead")
    assert titles(team, lead) == shown
    close_all()
    assert _labels(lead, LEAD) == ["Lena", "Mira", "Rafa"]
    assert not _opens(lead, NORA)


def _forge_lead_bundle(team: Team, change: Any) -> None:
    """The lead's bundle rewritten by someone who holds the data key (an auditor, a removed
    member before the rekey) but not the lead's signing key."""
    with desk_of(team, team.lead) as desk:
        key, vault_id = desk.vault._shared().data_key, desk.vault.vault_id
    (path,) = _bundles_of(team, team.lead)
    bundle = read_bundle(path, key, vault_id)
    body = json.loads(bundle.payload)
    entry = [e for e in body["entries"] if e["action"] == "slot.add"][-1]  # Nora's
    change(entry, vault_id)
    header = bundle.header
    path.write_bytes(encode_bundle(key, vault_id, header.replica_id, header.first, header.last,
                                   canonical(body)))  # fmt: skip


def _swap_record(entry: dict[str, Any], vault_id: str) -> None:
    # The lead's genuine slot.add, its slot swapped for one whose passphrase the forger knows.
    forged = slotlib.wrap_slot(vault_id, entry["payload"]["slot_id"], "Nora", Role.RESEARCHER,
                               "the forger's own passphrase", slotlib.SharedKeys(
                                   crypto.random_key(), crypto.random_key()),
                               crypto.random_key(), crypto.floor_params())  # fmt: skip
    entry["payload"]["record"] = key_material.record_json(forged)


@pytest.mark.parametrize("rehash", [False, True])
def test_a_slot_the_lead_did_not_sign_is_refused(tmp_path: Path, rehash: bool) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    with desk_of(team, lead) as desk:
        desk.vault.add_slot(Role.RESEARCHER, "Nora", NORA, kdf=crypto.floor_params())
    sync(team, lead)

    def change(entry: dict[str, Any], vault_id: str) -> None:
        _swap_record(entry, vault_id)
        if rehash:
            entry["hash"] = entry_hash_v2(
                vault_id, entry["replica"], entry["rseq"], entry["clock"], entry["at"],
                entry["actor"], entry["action"], entry["object"], entry["content"],
                entry["prev"], {r: (n, h) for r, (n, h) in entry["heads"].items()},
                entry["payload"],
            )  # fmt: skip

    _forge_lead_bundle(team, change)
    result = sync(team, laptop)
    assert len(result.refused) == 1
    words = "signature that does not match" if rehash else "is damaged or was altered"
    _one_sentence(result.refused[0], words)
    assert verified(team, laptop)
    close_all()
    assert _labels(laptop, RAFA) == ["Lena", "Mira", "Rafa"]
    assert not _opens(laptop, "the forger's own passphrase")


def test_a_passphrase_change_signed_by_someone_else_is_refused(tmp_path: Path) -> None:
    # Rafa (trusted, but not Lena) writes a new personal layer for the lead's slot: it
    # would lock Lena out of every other replica. Refused; her passphrase still opens.
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    with desk_of(team, laptop) as desk:
        vault = desk.vault
        lena = next(s for s in vault.file.slots if s.label == "Lena")
        forged = slotlib.wrap_slot(vault.vault_id, lena.id, "Lena", Role.LEAD, NORA,
                                   vault._shared(), crypto.random_key(),
                                   crypto.floor_params())  # fmt: skip
        with vault._store().transaction():
            vault.writer().append("slot.passphrase", f"slot:{lena.id}", None,
                                  {"slot_id": lena.id,
                                   "personal": key_material.personal_json(forged)})  # fmt: skip
    sync(team, laptop)
    result = sync(team, lead)
    assert len(result.refused) == 1
    _one_sentence(result.refused[0], "changes someone's passphrase without being them")
    close_all()
    for path in team.all:  # (not even on Rafa's own laptop, where he wrote it)
        assert _opens(path, LEAD) and not _opens(path, NORA)
