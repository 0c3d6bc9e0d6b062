"""A surname that is also an ordinary word ("Schäfer" = shepherd, "Koch" = cook) is matched
at rest only with context ("Herr Schäfer", "Sabine Koch"), so a bare mention stays in the
vault as typed. The export removes the bare part; its case forms and its ae/oe/ue spelling
must go too, in every format, and the gate must know them (found by the #11 review)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from desk_support import fold

from influence_desk.desk import Desk, NoteDraft
from influence_desk.export.document import ForbiddenTerms
from influence_desk.export.identities import IdentityCheck, identity_of
from influence_desk.export.service import run_export
from influence_desk.export.textnorm import fold as export_fold
from influence_desk.model import Consent, NoteKind, SourceIdentity
from influence_desk.vault.vault import Vault

WHEN = datetime(2026, 3, 12, 10, 30)
SCHAEFER = SourceIdentity("Friedrich-Wilhelm Schäfer", (), ())
KOCH = SourceIdentity("Sabine Koch", (), ())
MENTIONS = ("Yesterday Schaefer said it.", "Yesterday Schäfers said it.",
            "Yesterday Kochs said it.", "SCHAEFERS numbers were off.")  # fmt: skip
FORMS = ("schaefer", "schafers", "schaefers", "kochs")


def _desk(vault: Vault) -> Desk:
    desk = Desk(vault)
    desk.register_source(SCHAEFER, "analyst", None, Consent.ANONYMOUS)
    desk.register_source(KOCH, "analyst", None, Consent.ANONYMOUS)
    desk.add_note(NoteDraft(NoteKind.OBSERVATION, "Panel notes", WHEN,
                            summary=" ".join(MENTIONS), body=" ".join(MENTIONS)))  # fmt: skip
    return desk


@pytest.mark.parametrize("fmt", ["md", "jsonl"])
@pytest.mark.parametrize("profile", ["public", "team"])
def test_forms_of_an_ordinary_word_surname_are_not_printed(
    lead_vault: Vault, tmp_path: Path, fmt: str, profile: str
) -> None:
    desk = _desk(lead_vault)
    out = tmp_path / f"brief.{fmt}"
    result = run_export(desk, profile, out, export_format=fmt)
    assert result.notes_exported == 1
    printed = fold(out.read_text(encoding="utf-8"))
    for form in FORMS:
        assert form not in printed, f"{form!r} is printed in the {profile} {fmt}"
    assert "yesterday" in printed and "said it" in printed


def test_the_gate_knows_the_forms() -> None:
    """The gate reads the file back: a form that got into it anyway refuses the export."""
    forbidden = ForbiddenTerms(identities=tuple(
        identity_of(i.names(), i.contact) for i in (SCHAEFER, KOCH)))  # fmt: skip
    check = IdentityCheck(forbidden)
    texts = [*MENTIONS, "The cook and the shepherd said it."]
    found = check.scan_many(texts, [export_fold(t) for t in texts])
    for mention, kinds in zip(MENTIONS, found, strict=False):
        assert kinds, f"the gate passes {mention!r}"
    assert found[-1] == set()
