"""The document's outline after the cover and contents: which parts, in which order, with
which titles and levels. The PDF (``render``) and the document formats (``formats.brief``)
lay out the same parts, each in its own way: each has a method per ``PartKind`` of that name
(``group`` for a group of notes). The rows both print (cover, verification, the audit
report's counts) are built here once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from influence_desk.export.document import VerifySummary
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


def verify_line(v: VerifySummary, w: Wording) -> str:
    entries = w("{} history entries").format(f"{v.entries:,}")
    if v.ok:
        return w("passed: {}, no problems").format(entries)
    return w("FAILED: {} problems in {}").format(f"{v.problems:,}", entries)


def cover_rows(doc: PreparedDocument, w: Wording) -> list[tuple[str, str]]:
    """The cover's table: what the document holds, the vault, the checkpoint, the verify."""
    r = doc.request
    rows: list[tuple[str, str]] = []
    if r.profile.include_note_text:
        rows.append((w("Notes in this document"), str(doc.notes_exported)))
        rows.append((w("Notes left out for consent"), str(sum(doc.left_out.values()))))
    else:
        rows.append((w("Notes counted"), str(doc.notes_exported)))
    return [
        *rows,
        (w("Vault fingerprint"), r.vault_fingerprint),
        (w("History checkpoint"), r.checkpoint),
        (w("Verification"), verify_line(r.verify_summary, w)),
    ]


def audit_counts(doc: PreparedDocument, w: Wording) -> list[tuple[str, tuple[str, str],
                                                                  list[tuple[str, str]]]]:
    """The audit report's count tables: (caption, header, rows with a total last)."""
    facts = doc.audit
    assert facts is not None
    out = []
    for caption, rows in (
        ("Notes by kind", facts.notes_by_kind),
        ("Events by kind", facts.events_by_kind),
        ("Sources by consent", facts.sources_by_consent),
    ):
        data = [(w(k), f"{v:,}") for k, v in rows] or [(w("None"), "0")]
        data.append((w("Total"), f"{sum(v for _, v in rows):,}"))
        out.append((w(caption), (w("Kind" if "kind" in caption else "Consent"), w("Count")), data))
    return out
