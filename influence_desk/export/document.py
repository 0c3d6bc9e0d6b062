"""What the service layer hands to the export, and what the export hands back.

The export never touches the vault. The service renders each note WITH PSEUDONYMS (no real
name in any field) and says where each pseudonym sits (``RefSpan``), so that a profile can
show it as the pseudonym, the role description or the generic role. The real names, aliases
and contact details of the sources come separately, in ``ForbiddenTerms``: the export uses
them only to make sure they are absent, never to print them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from influence_desk.errors import BadInput
from influence_desk.export.images import ExportImage
from influence_desk.export.profiles import ExportProfile
from influence_desk.model import Consent, EventKind, Mark, NoteKind

#: ``(start, end, source_id)``: the pseudonym of ``source_id`` sits at ``text[start:end]``.
RefSpan = tuple[int, int, str]

_CHECKPOINT_RE = re.compile(r"^\d+:[0-9a-fA-F]{8,128}$")


@dataclass(frozen=True)
class ExportSource:
    """A source as the export may know it: no identity."""

    id: str
    pseudonym: str
    role_description: str = ""
    generic_role: str = "a source"  # e.g. "an industry insider"
    consent: Consent = Consent.ANONYMOUS
    organisation_name: str = ""


@dataclass(frozen=True)
class ExportNote:
    """A note rendered with pseudonyms.

    ``marks`` lie over ``body``; ``summary_marks`` and ``title_marks`` over those fields.
    ``*_refs`` locate pseudonyms in the same field. ``source_ids`` are the note's linked
    sources; a source referred to only in the text counts as linked too.
    """

    id: str
    kind: NoteKind
    title: str
    occurred_at: datetime
    event_name: str = ""
    event_kind: EventKind | None = None
    organisation_names: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # labels as they should be printed
    summary: str = ""
    body: str = ""
    marks: tuple[Mark, ...] = ()
    body_refs: tuple[RefSpan, ...] = ()
    summary_refs: tuple[RefSpan, ...] = ()
    title_refs: tuple[RefSpan, ...] = ()
    summary_marks: tuple[Mark, ...] = ()
    title_marks: tuple[Mark, ...] = ()

    def __post_init__(self) -> None:
        # Accept textformat.RefSpan objects as well as plain tuples: the service may hand
        # over what the vault gives it.
        for name in ("body_refs", "summary_refs", "title_refs"):
            refs = getattr(self, name)
            if any(not isinstance(r, tuple) for r in refs):
                object.__setattr__(self, name, tuple(
                    r if isinstance(r, tuple) else (r.start, r.end, r.source_id) for r in refs
                ))

    def linked_source_ids(self) -> frozenset[str]:
        refs = (*self.body_refs, *self.summary_refs, *self.title_refs)
        return frozenset(self.source_ids) | {sid for _, _, sid in refs}


@dataclass(frozen=True)
class ForbiddenIdentity:
    """One registered source as the gate must never show it: names (real name first, then
    aliases) and contact details. Kept per source so that the matcher can derive its
    variants (name parts, initials, inflections, other notations) the way it does at rest."""

    names: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    # The lead's "too common to match alone" switch for the given name (see SourceIdentity):
    # the matcher then finds it only beside the surname, and the export does the same.
    common_given_name: bool = False

    def __repr__(self) -> str:  # never let a traceback or log print an identity
        return f"ForbiddenIdentity(<{len(self.names)} names, {len(self.contacts)} contacts>)"


@dataclass(frozen=True)
class ForbiddenTerms:
    """Identities that are searched for, never printed: EVERY source registered in the
    vault, linked to the exported notes or not (people forget to link).

    ``names`` holds real names and aliases, ``contacts`` e-mail addresses, phone numbers,
    handles and the like; ``identities`` the same per source (the service fills both; a
    caller that gives only the flat lists gets them checked as one identity).
    """

    names: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    identities: tuple[ForbiddenIdentity, ...] = ()

    def all_identities(self) -> tuple[ForbiddenIdentity, ...]:
        listed = {n for i in self.identities for n in i.names}
        listed_contacts = {c for i in self.identities for c in i.contacts}
        loose = ForbiddenIdentity(
            tuple(n for n in self.names if n not in listed),
            tuple(c for c in self.contacts if c not in listed_contacts),
        )
        if loose.names or loose.contacts:
            return (*self.identities, loose)
        return self.identities

    def __repr__(self) -> str:  # never let a traceback or log print an identity
        return (
            f"ForbiddenTerms(<{len(self.names)} names, {len(self.contacts)} contacts, "
            f"{len(self.identities)} identities>)"
        )


@dataclass(frozen=True)
class VerifySummary:
    """The result of ``verify`` on the vault at export time."""

    ok: bool
    entries: int
    problems: int = 0


@dataclass(frozen=True)
class ExportRequest:
    """Everything one export needs. ``checkpoint`` is the history head ``SEQ:HASH``."""

    title: str
    profile: ExportProfile
    notes: tuple[ExportNote, ...]
    sources: tuple[ExportSource, ...]
    vault_fingerprint: str
    checkpoint: str
    verify_summary: VerifySummary
    history_counts: Mapping[str, int] = field(default_factory=dict)  # action -> entries
    generated_on: date = field(default_factory=date.today)
    forbidden: ForbiddenTerms = field(default_factory=ForbiddenTerms)
    language: str = "en"  # the printed words: en or de (export.wording)
    # Who exported, as REFI-QDA's coder: a role and a short id, never a slot's label.
    exported_by: str = ""
    # note id -> the images drawn after it (export.images: only those the profile may show)
    images: Mapping[str, tuple[ExportImage, ...]] = field(default_factory=dict, repr=False)

    def validate(self) -> None:
        """Refuse an inconsistent request before anything is written."""
        if not _CHECKPOINT_RE.match(self.checkpoint):
            raise BadInput("The checkpoint must look like SEQ:HASH.")
        ids = [s.id for s in self.sources]
        if len(set(ids)) != len(ids):
            raise BadInput("The export was given the same source twice.")
        known = set(ids)
        for note in self.notes:
            if not note.linked_source_ids() <= known:
                # Without the source we cannot know its consent: refuse rather than guess.
                raise BadInput("A note refers to a source that was not handed to the export.")
            for fld, marks, refs in (
                (note.body, note.marks, note.body_refs),
                (note.summary, note.summary_marks, note.summary_refs),
                (note.title, note.title_marks, note.title_refs),
            ):
                for a, b in [(m.start, m.end) for m in marks] + [(r[0], r[1]) for r in refs]:
                    if not 0 <= a <= b <= len(fld):
                        raise BadInput("A note's marks or references lie outside its text.")


#: Reasons a redaction or a left-out note is counted under, with their printed labels.
LEFT_OUT_LABELS: dict[str, str] = {
    "off-record": "Notes left out: linked to an off-the-record source",
    "background": "Notes left out: linked to a background-only source",
}
REDACTION_LABELS: dict[str, str] = {
    "mark:internal": "Passages marked internal",
    "mark:team": "Passages marked team-only",
    "source-name": "Real names of sources found in text",
    "source-contact": "Contact details of sources found in text",
    "detected:email": "Detected e-mail addresses",
    "detected:phone": "Detected phone numbers",
    "detected:handle": "Detected social-media handles",
    "detected:url": "Detected web addresses",
    "detected:iban": "Detected bank account numbers (IBAN)",
    "detected:number": "Detected identity or card numbers",
    "detected:ip": "Detected IP addresses",
    "detected:person": "Likely names of unregistered people",
}


def reason_label(reason: str) -> str:
    return REDACTION_LABELS.get(reason) or LEFT_OUT_LABELS.get(reason) or reason


@dataclass(frozen=True)
class ExportResult:
    """What a finished export reports. Counts carry reasons as keys (see ``reason_label``).

    ``notes_exported`` is the number of notes whose content is in the file; for the audit
    report, which has no note text, it is the number of notes counted in it.
    """

    out: Path
    pages: int
    notes_exported: int
    left_out_by_reason: dict[str, int]
    redactions_by_reason: dict[str, int]
    checkpoint: str
    unreviewed_names: int = 0  # people named in the notes not reviewed yet (team briefs)
