"""A vault.json stuffed with costly key slots must neither hang an unlock nor lock out the
person whose slot is real.

Derivations are counted by wrapping ``crypto.derive_passphrase_key``: slots at the KDF floor
(the real ones) derive for real; the hostile ones, at the new upper bounds, are answered with
random bytes (they can never fit: their check values are random), so the test costs what the
real slots cost and asserts on how many derivations an unlock attempted, never on time.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hostile_slots import hostile_slot

from influence_desk import crypto
from influence_desk.errors import BadInput, VaultDamaged, WrongPassphrase
from influence_desk.local_settings import SlotMemory, read_settings
from influence_desk.model import Role
from influence_desk.progress import CancelFlag
from influence_desk.vault import unlocking
from influence_desk.vault.format import MAX_SLOTS
from influence_desk.vault.unlocking import MAX_UNLOCK_WORK, TOO_COSTLY, SlotAttempt
from influence_desk.vault.vault import Vault

if TYPE_CHECKING:
    from conftest import TeamVault


class KdfCounter:
    def __init__(self) -> None:
        self.derived: list[crypto.KdfParams] = []

    def __call__(self, passphrase: str, params: crypto.KdfParams) -> bytes:
        params.check_bounds()  # what the real function does first
        self.derived.append(params)
        if params.memory_kib == crypto.FLOOR_MEMORY_KIB:
            return REAL_DERIVE(passphrase, params)
        return secrets.token_bytes(crypto.KEY_BYTES)

    @property
    def count(self) -> int:
        return len(self.derived)


REAL_DERIVE = crypto.derive_passphrase_key


@pytest.fixture
def kdf(monkeypatch: pytest.MonkeyPatch) -> KdfCounter:
    counter = KdfCounter()
    monkeypatch.setattr(crypto, "derive_passphrase_key", counter)
    return counter


def flood(team: TeamVault, count: int, **kdf: int) -> None:
    """``count`` hostile slots put before the real ones."""
    path = team.path / "vault.json"
    doc = json.loads(path.read_text())
    doc["slots"] = [hostile_slot(i, **kdf) for i in range(count)] + doc["slots"]
    path.write_text(json.dumps(doc))


@pytest.fixture
def memory(tmp_path: Path) -> SlotMemory:
    return SlotMemory(tmp_path / "config" / "settings.json")


def test_255_slots_at_the_upper_bounds_are_refused_before_any_derivation(
    team: TeamVault, kdf: KdfCounter, memory: SlotMemory
) -> None:
    """The flood the new user built: refused at once, the real slot remembered or not."""
    memory.remember(team.vault_id, team.lead_id)
    flood(team, 255)
    with pytest.raises(VaultDamaged) as caught:
        Vault.open(team.path, team.passphrase(Role.LEAD), slot_memory=memory)
    assert "looks hostile or damaged" in str(caught.value)
    assert kdf.count == 0


def test_the_right_passphrase_opens_a_flooded_vault_with_one_derivation(
    team: TeamVault, kdf: KdfCounter, memory: SlotMemory
) -> None:
    with Vault.open(team.path, team.passphrase(Role.LEAD), slot_memory=memory):
        pass  # this computer now remembers the lead's slot
    assert memory.slot_for(team.vault_id) == team.lead_id
    flood(team, MAX_SLOTS - 3)  # as many as the cap allows, every one at the upper bound
    kdf.derived.clear()
    with Vault.open(team.path, team.passphrase(Role.LEAD), slot_memory=memory) as vault:
        assert vault.slot_id == team.lead_id and vault.is_lead
    assert kdf.count == 1


def test_a_flooded_vault_is_refused_before_any_derivation_when_nothing_is_remembered(
    team: TeamVault, kdf: KdfCounter, memory: SlotMemory
) -> None:
    flood(team, MAX_SLOTS - 3)
    with pytest.raises(VaultDamaged) as caught:
        Vault.open(team.path, team.passphrase(Role.LEAD), slot_memory=memory)
    assert str(caught.value) == TOO_COSTLY
    assert kdf.count == 0


def test_a_wrong_passphrase_on_a_flooded_vault_stops_after_the_remembered_slot(
    team: TeamVault, kdf: KdfCounter, memory: SlotMemory
) -> None:
    memory.remember(team.vault_id, team.researcher_id)
    flood(team, MAX_SLOTS - 3)
    with pytest.raises(VaultDamaged) as caught:
        Vault.open(team.path, "not anyone's passphrase at all", slot_memory=memory)
    assert str(caught.value) == TOO_COSTLY
    assert kdf.count == 1


def test_within_the_budget_a_wrong_passphrase_tries_each_slot_once(
    team: TeamVault, kdf: KdfCounter
) -> None:
    hostile = 5  # 5 x 5,120 MiB-passes plus the three real slots: under the budget
    flood(team, hostile)
    with pytest.raises(WrongPassphrase):
        Vault.open(team.path, "not anyone's passphrase at all")
    assert kdf.count == hostile + 3
    assert sum(p.work for p in kdf.derived) <= MAX_UNLOCK_WORK


def test_without_a_remembered_slot_the_right_one_still_opens_in_file_order(
    team: TeamVault, kdf: KdfCounter
) -> None:
    flood(team, 2)
    with Vault.open(team.path, team.passphrase(Role.AUDITOR)) as vault:
        assert vault.role is Role.AUDITOR
    assert kdf.count == 2 + 3  # the junk, the lead, the researcher, then the auditor


def test_unlock_reports_each_slot_and_stops_between_slots_when_cancelled(
    team: TeamVault, kdf: KdfCounter
) -> None:
    seen: list[SlotAttempt] = []
    cancel = CancelFlag()

    def on_attempt(attempt: SlotAttempt) -> None:
        seen.append(attempt)
        if attempt.number == 2:
            cancel.cancel()  # the person pressed Cancel while the second key was derived

    from influence_desk.errors import Cancelled

    with pytest.raises(Cancelled):
        Vault.open(team.path, team.passphrase(Role.AUDITOR), on_attempt=on_attempt, cancel=cancel)
    assert [(a.number, a.total, a.label) for a in seen] == [
        (1, 3, "Lena Lead"), (2, 3, "Rafa Researcher")
    ]  # fmt: skip
    assert kdf.count == 2  # the third slot, the auditor's, was never derived


def test_a_cancel_during_the_fitting_derivation_opens_nothing(
    team: TeamVault, kdf: KdfCounter
) -> None:
    from influence_desk.errors import Cancelled

    cancel = CancelFlag()
    with pytest.raises(Cancelled):
        Vault.open(
            team.path, team.passphrase(Role.LEAD), slot_hint=team.lead_id,
            on_attempt=lambda _a: cancel.cancel(), cancel=cancel,
        )  # fmt: skip
    # Not holding the writer lock: the next open works at once.
    with Vault.open(team.path, team.passphrase(Role.LEAD), slot_hint=team.lead_id):
        pass


def test_the_remembered_slot_is_kept_beside_the_apps_settings(
    team: TeamVault, memory: SlotMemory
) -> None:
    assert memory.path is not None
    memory.path.parent.mkdir(parents=True)
    memory.path.write_text(json.dumps({"idle_minutes": 7, "language": "de"}))
    with Vault.open(team.path, team.passphrase(Role.RESEARCHER), slot_memory=memory):
        pass
    saved = read_settings(memory.path)
    assert saved["idle_minutes"] == 7 and saved["language"] == "de"
    assert saved["last_slots"] == {team.vault_id: team.researcher_id}
    text = memory.path.read_text()
    for secret in (team.passphrase(Role.RESEARCHER), "Rafa", str(team.path)):
        assert secret not in text


def test_nothing_odd_in_the_settings_file_is_used_as_a_slot(memory: SlotMemory) -> None:
    assert memory.path is not None
    memory.path.parent.mkdir(parents=True)
    vault_id = "6f1c2a0e-6a43-4b8e-9f59-2d6f0c6f7a11"
    for odd in ([1, 2], {vault_id: 5}, {vault_id: "../../etc"}, "x" * 10):
        memory.path.write_text(json.dumps({"last_slots": odd}))
        assert memory.slot_for(vault_id) is None
    memory.path.write_text("{not json")
    memory.remember(vault_id, "0123456789abcdef")
    assert memory.slot_for(vault_id) == "0123456789abcdef"


def test_a_vault_never_grows_past_what_an_unlock_would_try(
    team: TeamVault, kdf: KdfCounter
) -> None:
    costly = crypto.KdfParams(256 * 1024, 20, 4, secrets.token_bytes(16))  # 5,120 each
    with team.open(Role.LEAD) as vault:
        added = 0
        with pytest.raises(BadInput) as caught:
            for i in range(10):
                vault.add_slot(Role.AUDITOR, f"Auditor {i}", f"auditor {i}: quiet lantern fog",
                               costly)  # fmt: skip
                added += 1
        assert "too long" in str(caught.value)
        assert unlocking.total_work(vault.file.slots) <= MAX_UNLOCK_WORK
        assert added == (MAX_UNLOCK_WORK - 3 * 192) // costly.work
    # What was written still opens, and a wrong passphrase is still only refused as wrong.
    with pytest.raises(WrongPassphrase):
        Vault.open(team.path, "not anyone's passphrase at all")


def test_calibration_never_writes_a_slot_an_unlock_would_refuse() -> None:
    params = crypto.calibrate(target_seconds=0.01)
    params.check_bounds()
    assert params.work <= crypto.MAX_SLOT_WORK
