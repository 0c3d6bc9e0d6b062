"""The document's outline after the cover and contents: which parts, in which order, with
which titles and levels. The PDF (``render``) and the document formats (``formats.brief``)
lay out the same parts, each in its own way: each has a method per ``PartKind`` of that name
(``group`` for a group of notes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from influence_desk.export.prepare import NoteGroup, PreparedDocument
from influence_desk.export.wording import Wording

PartKind = Literal[
    "notes_intro", "group", "legend", "redaction_summary", "verification",
    "audit_contents", "audit_history", "audit_consent",
]


@dataclass(frozen=True)
class Part:
    key: str  # the anchor the PDF's contents point to
    title: str
    level: int  # 0: a section; 1: a group of notes under "Notes"
    kind: PartKind
    group: NoteGroup | None = None


def outline(doc: PreparedDocument, w: Wording) -> list[Part]:
    """The parts of ``doc``: the notes (by group), sources and what was removed, or the audit
    report's counts; the verification last."""
    out: list[Part] = []
    if doc.request.profile.include_note_text:
        if doc.groups:
            out.append(Part("notes", w("Notes"), 0, "notes_intro"))
        out += [Part(f"g{i}", g.heading, 1, "group", g) for i, g in enumerate(doc.groups)]
        out.append(Part("sources", w("Sources"), 0, "legend"))
        out.append(Part("redactions", w("What was removed"), 0, "redaction_summary"))
    else:
        out.append(Part("contents", w("Vault contents"), 0, "audit_contents"))
        out.append(Part("history", w("History"), 0, "audit_history"))
        out.append(Part("consent", w("Consent records"), 0, "audit_consent"))
    out.append(Part("verification", w("Verification"), 0, "verification"))
    return out
