"""Review findings: what a lock leaves in memory, while something (a deleted widget's
lambda, a finished worker) still holds the locked vault object, as the app does."""

from __future__ import annotations

import gc
from datetime import datetime

from desk_support import DeskVault

from influence_desk.desk import Desk, NoteDraft
from influence_desk.desk import context as desk_context
from influence_desk.model import NoteKind, Role, SourceIdentity
from influence_desk.names import derived

NAME = "Wiesława Szczepankiewicz"  # in no other test


def _derived_holds(name: str) -> bool:
    return any(name in map(str, key) for key in list(derived._DERIVED))


def test_lock_drops_real_names_and_derived_variants(desk_vault: DeskVault) -> None:
    vault = desk_vault.open(Role.LEAD)
    desk = Desk(vault)
    desk.register_source(SourceIdentity(NAME, ("Wiesia",)))
    desk.add_note(NoteDraft(NoteKind.BOOTH, "Booth", datetime(2026, 3, 12, 10, 0),
                            body=f"Talked to {NAME} at the stand."))  # fmt: skip
    assert _derived_holds(NAME)
    vault.close()  # the lock: every key dropped; the vault object may live on a while
    gc.collect()
    assert vault not in desk_context._NAMES_BY_VAULT, "identities kept after lock"
    assert not _derived_holds(NAME), "derived name variants kept after lock"
    del desk
