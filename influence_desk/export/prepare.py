"""Apply a profile to an export request: consent, redaction, source display, counts.

The result, ``PreparedDocument``, holds only what may be printed (text split into segments:
plain, team-highlighted, placeholder, source), the counts for the redaction summary, and
the *needles* the leak gate must not find in the finished file. Rendering never sees the
original text of a redacted span; the gate never sees anything else.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

from influence_desk.detect import detect_identifiers
from influence_desk.export.collector import Collector, ngrams
from influence_desk.export.document import (
    LEFT_OUT_LABELS,
    REDACTION_LABELS,
    ExportNote,
    ExportRequest,
    ExportSource,
    RefSpan,
)
from influence_desk.export.fields import PlainFields, identifier_spans
from influence_desk.export.gate import LeakKind, Needle
from influence_desk.export.identities import IdentityCheck
from influence_desk.export.profiles import ExportProfile
from influence_desk.export.textnorm import fold
from influence_desk.export.wording import Wording
from influence_desk.model import Consent, EventKind, Mark, NoteKind
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress

#: What every removed span becomes: the same width whatever was removed.
PLACEHOLDER = "[redacted]"

NOTE_KIND_LABELS = {
    NoteKind.BOOTH: "Booth visit",
    NoteKind.INTERVIEW: "Interview",
    NoteKind.OBSERVATION: "Observation",
    NoteKind.DESK: "Desk note",
}
EVENT_KIND_LABELS = {
    EventKind.TRADE_FAIR: "Trade fair",
    EventKind.CONFERENCE: "Conference",
    EventKind.PANEL: "Panel",
    EventKind.SCHEDULED_INTERVIEW: "Scheduled interview",
    EventKind.CHANCE_ENCOUNTER: "Chance encounter",
    EventKind.DESK_RESEARCH: "Desk research",
}
CONSENT_LABELS = {
    Consent.NAMED: "Named (on the record)",
    Consent.ANONYMOUS: "Anonymous quotes",
    Consent.BACKGROUND: "Background only",
    Consent.OFF_RECORD: "Off the record",
}

SHORT_SPAN = 4  # folded characters: shorter redacted spans are searched with their context

SegmentKind = Literal["text", "team", "redacted", "source"]


@dataclass(frozen=True)
class Segment:
    kind: SegmentKind  # "team": a marked passage the profile shows (highlighted)
    text: str
    # The level of the shown mark the segment lies in ("team"; "internal" only in the
    # internal profile, JSON lines between vaults), for a source or placeholder inside one
    # too, so JSON lines keep them inside their mark; "" outside marks.
    mark: str = ""


Text = tuple[Segment, ...]


@dataclass(frozen=True)
class PreparedNote:
    id: str
    kind_label: str
    occurred_at: datetime
    when: str
    title: Text
    event: str
    organisations: tuple[str, ...]
    sources: tuple[str, ...]  # as the profile shows them
    tags: tuple[str, ...]
    summary: Text
    body: Text  # empty when the profile shows summaries only


@dataclass(frozen=True)
class NoteGroup:
    heading: str
    detail: str  # e.g. "Trade fair · 4 notes"
    notes: tuple[PreparedNote, ...]


@dataclass(frozen=True)
class LegendEntry:
    shown_as: str  # pseudonym, role description or generic role, as in the text
    role: str
    organisation: str
    consent: Consent
    notes: int


@dataclass(frozen=True)
class AuditFacts:
    notes_by_kind: tuple[tuple[str, int], ...]
    events_by_kind: tuple[tuple[str, int], ...]
    sources_by_consent: tuple[tuple[str, int], ...]
    consent_records: tuple[tuple[str, str, int], ...]  # pseudonym, consent label, notes


@dataclass(frozen=True)
class PreparedDocument:
    request: ExportRequest
    groups: tuple[NoteGroup, ...]
    legend: tuple[LegendEntry, ...]
    redactions: dict[str, int]
    left_out: dict[str, int]
    notes_exported: int
    needles: tuple[Needle, ...] = field(repr=False)
    audit: AuditFacts | None = None
    # The request's own texts as they may be printed (redacted like every field).
    title: str = ""
    profile_name: str = ""
    profile_description: str = ""
    identities: IdentityCheck | None = field(default=None, repr=False)

    @property
    def profile(self) -> ExportProfile:
        return self.request.profile


def format_when(moment: datetime, with_time: bool, w: Wording | None = None) -> str:
    """Locale-independent, so the output does not depend on the machine."""
    day = (w or Wording()).day(moment)
    return f"{day}, {moment:%H:%M}" if with_time else day


@dataclass
class _Interval:
    start: int
    end: int
    reason: str


class _Preparer:
    def __init__(self, request: ExportRequest, prime: Sequence[str] = ()) -> None:
        self.request = request
        self.profile = request.profile
        self.w = Wording(request.language)
        self.placeholder = self.w(PLACEHOLDER)
        self.redactions: Counter[str] = Counter()
        self.collector = Collector()
        # Every identity of the vault, not only the linked sources': people forget to link.
        self.identities = IdentityCheck(
            request.forbidden, pseudonym_words=[s.pseudonym for s in request.sources]
        )
        self.identities.prime(prime)
        for identity in request.forbidden.all_identities():
            for n in identity.names:
                if len(fold(n)) >= 2:
                    self.collector.add(fold(n), LeakKind.REAL_NAME)
            for c in identity.contacts:
                if len(fold(c)) >= 4:
                    self.collector.add(fold(c), LeakKind.CONTACT)
        orgs = {o for n in request.notes for o in n.organisation_names}
        orgs |= {s.organisation_name for s in request.sources if s.organisation_name}
        # Pseudonyms and organisations look like names; never suggest them as people.
        self.known_names = tuple(s.pseudonym for s in request.sources) + tuple(sorted(orgs))
        self.fields = PlainFields(
            self.profile, self.identities, {s.id: s.pseudonym for s in request.sources},
            self.known_names, self.collector.add, self.redactions, self.placeholder,
        )  # fmt: skip
        self.sources: dict[str, ExportSource] = {}
        request_sources = {s.id: s for s in request.sources}
        for s in request.sources:
            def generic(sid: str) -> str:
                # A pseudonym in a role description: the generic role of whom it names.
                return request_sources[sid].generic_role

            self.sources[s.id] = replace(
                s,
                role_description=self.fields.clean(s.role_description, generic),
                organisation_name=self.fields.clean(s.organisation_name, generic),
            )

    def plain(self, text: str) -> str:
        """A printed field without marks or references, as this profile may print it."""
        return self.fields.clean(text, self.inline_source)

    # -- one text field ----------------------------------------------------------------

    def _span_needle(self, text: str, start: int, end: int) -> None:
        folded = fold(text[start:end])
        if not folded:
            return
        if len(folded) >= SHORT_SPAN:
            self.collector.add(folded, LeakKind.REDACTED)
            for g in ngrams(folded):
                self.collector.add(g, LeakKind.REDACTED, subtractable=True)
            return
        # "12" or "yes" alone is everywhere; with its neighbouring words it is specific,
        # and the document has the placeholder between those words instead.
        # One neighbouring word a side is specific enough unless the words are tiny.
        gap_left = " " if text[start - 1 : start].isspace() else ""
        gap_right = " " if text[end : end + 1].isspace() else ""
        before, after = fold(text[:start]).split(" "), fold(text[end:]).split(" ")
        for words in (1, 2):
            left = " ".join(before[-words:]) if start else ""
            right = " ".join(after[:words]) if end < len(text) else ""
            context = f"{left}{gap_left}{folded}{gap_right}{right}".strip()
            if len(context) >= 10:
                self.collector.add(context, LeakKind.REDACTED)
                break

    def redact(
        self, text: str, marks: Sequence[Mark], refs: Sequence[RefSpan]
    ) -> Text:
        if not text:
            return ()
        profile = self.profile
        hidden: list[_Interval] = []
        highlight: list[tuple[int, int, str]] = []
        for m in marks:
            if m.start >= m.end:
                continue
            if profile.allows(m.level):
                highlight.append((m.start, m.end, str(m.level)))
            else:
                hidden.append(_Interval(m.start, m.end, f"mark:{m.level}"))
                self._span_needle(text, m.start, m.end)
        mark_spans = [(iv.start, iv.end) for iv in hidden]

        def inside_mark(a: int, b: int) -> bool:
            return any(s <= a and b <= e for s, e in mark_spans)

        # A registered identity the pseudonymiser missed (in any form the matcher knows)
        # and, if the profile says so, every detected identifier are removed, not printed;
        # a pseudonym is never mistaken for a name or handle.
        extra = [
            _Interval(a, b, reason)
            for a, b, reason in identifier_spans(
                text, profile, self.identities, self.known_names, self.collector.add,
                skip=[(r[0], r[1]) for r in refs],
            )
        ]  # fmt: skip
        for iv in extra:
            if not inside_mark(iv.start, iv.end):
                hidden.append(iv)
        for iv in hidden:
            self.redactions[iv.reason] += 1

        runs = self._merge(hidden, refs)
        return self._segments(text, runs, refs, highlight)

    @staticmethod
    def _merge(hidden: list[_Interval], refs: Sequence[RefSpan]) -> list[tuple[int, int]]:
        spans = sorted((iv.start, iv.end) for iv in hidden)
        # A placeholder never leaves half a pseudonym beside it.
        grown = []
        for a, b in spans:
            for r0, r1, _ in refs:
                if r0 < b and a < r1:
                    a, b = min(a, r0), max(b, r1)
            grown.append((a, b))
        grown.sort()
        runs: list[tuple[int, int]] = []
        for a, b in grown:
            if runs and a <= runs[-1][1]:
                runs[-1] = (runs[-1][0], max(runs[-1][1], b))
            else:
                runs.append((a, b))
        return runs

    def _segments(
        self,
        text: str,
        runs: list[tuple[int, int]],
        refs: Sequence[RefSpan],
        highlight: list[tuple[int, int, str]],
    ) -> Text:
        live_refs = sorted(
            r for r in refs if not any(a < r[1] and r[0] < b for a, b in runs)
        )
        cuts = {0, len(text)}
        for a, b in runs:
            cuts.update((a, b))
        for r0, r1, _ in live_refs:
            cuts.update((r0, r1))
        for a, b, _ in highlight:
            cuts.update((a, b))
        points = sorted(c for c in cuts if 0 <= c <= len(text))
        out: list[Segment] = []
        last_unit: object = None
        for a, b in itertools.pairwise(points):
            if a == b:
                continue
            run = next((r for r in runs if r[0] <= a < r[1]), None)
            level = next((k for h0, h1, k in highlight if h0 <= a < h1), None)
            if run is not None:
                if last_unit != ("run", run):
                    out.append(Segment("redacted", self.placeholder, level or ""))
                    last_unit = ("run", run)
                continue
            ref = next((r for r in live_refs if r[0] <= a < r[1]), None)
            if ref is not None:
                if last_unit != ("ref", ref):
                    # Between vaults a reference reads as the vault shows it ("[e-mail of
                    # Amber Heron]"): the other vault's note then says the same.
                    shown = (text[ref[0] : ref[1]] if self.profile.between_vaults
                             else self.inline_source(ref[2]))  # fmt: skip
                    out.append(Segment("source", shown, level or ""))
                    last_unit = ("ref", ref)
                continue
            last_unit = None
            kind: SegmentKind = "team" if level else "text"
            piece = text[a:b]
            if out and out[-1].kind == kind and out[-1].mark == (level or ""):
                out[-1] = Segment(kind, out[-1].text + piece, level or "")
            else:
                out.append(Segment(kind, piece, level or ""))
        return tuple(out)

    # -- sources -----------------------------------------------------------------------

    def inline_source(self, source_id: str) -> str:
        s = self.sources[source_id]
        display = self.profile.source_display
        if display == "pseudonym_and_role":
            return s.pseudonym
        if display == "role":
            return f"[{s.role_description or s.generic_role}]"
        return f"[{s.generic_role}]"

    def meta_source(self, s: ExportSource) -> str:
        display = self.profile.source_display
        if display == "pseudonym_and_role":
            return f"{s.pseudonym} ({s.role_description})" if s.role_description else s.pseudonym
        if display == "role":
            return s.role_description or s.generic_role
        return s.generic_role

    def legend_label(self, s: ExportSource) -> str:
        display = self.profile.source_display
        if display == "pseudonym_and_role":
            return s.pseudonym
        if display == "role":
            return s.role_description or s.generic_role
        return s.generic_role

    # -- consent ------------------------------------------------------------------------

    def left_out_reason(self, note: ExportNote) -> str | None:
        consents = {self.sources[sid].consent for sid in note.linked_source_ids()}
        if Consent.OFF_RECORD in consents:
            return "off-record"
        if Consent.BACKGROUND in consents and not self.profile.allow_background:
            return "background"
        return None

    # -- whole document -----------------------------------------------------------------

    def prepare_note(self, note: ExportNote) -> PreparedNote:
        profile = self.profile
        linked = [self.sources[sid] for sid in _ordered_links(note)]
        summary = self.redact(note.summary, note.summary_marks, note.summary_refs)
        body: Text = ()
        if profile.text == "full":
            body = self.redact(note.body, note.marks, note.body_refs)
        return PreparedNote(
            id=note.id,
            kind_label=self.w(NOTE_KIND_LABELS.get(note.kind, str(note.kind))),
            occurred_at=note.occurred_at,
            when=format_when(note.occurred_at, profile.show_times, self.w),
            title=self.redact(note.title, note.title_marks, note.title_refs),
            event=self.plain(note.event_name),
            organisations=tuple(self.plain(o) for o in note.organisation_names),
            sources=tuple(self.meta_source(s) for s in linked),
            tags=tuple(self.plain(t) for t in note.tags),
            summary=summary,
            body=body,
        )

    def add_left_out_needles(self, note: ExportNote, kind: LeakKind) -> None:
        # An event known only from left-out notes ("Interview in Athens") says a meeting
        # happened; it is dropped from the needles if an exported note prints it anyway.
        for distinctive in (fold(note.title), fold(note.event_name)):
            if len(distinctive) >= 12 and " " in distinctive:
                self.collector.add(distinctive, kind, subtractable=True)
        for text in (note.summary, note.body):
            self.collector.add_text(text, kind)
        for text, marks in (
            (note.body, note.marks),
            (note.summary, note.summary_marks),
            (note.title, note.title_marks),
        ):
            for m in marks:
                folded = fold(text[m.start : m.end])
                if not self.profile.allows(m.level) and len(folded) >= SHORT_SPAN:
                    self.collector.add(folded, LeakKind.REDACTED)


def _ordered_links(note: ExportNote) -> list[str]:
    seen: dict[str, None] = dict.fromkeys(note.source_ids)
    for _, _, sid in sorted((*note.title_refs, *note.summary_refs, *note.body_refs)):
        seen.setdefault(sid, None)
    return list(seen)


def _group_notes(
    notes: Iterable[tuple[ExportNote, PreparedNote]], profile: ExportProfile, w: Wording
) -> tuple[NoteGroup, ...]:
    groups: dict[str, list[tuple[ExportNote, PreparedNote]]] = {}
    for note, prepared in notes:
        # Keys are the printed (redacted) values: a heading is also an outline entry.
        if profile.group_by == "organisation":
            key = sorted(prepared.organisations)[0] if prepared.organisations else ""
        else:
            key = prepared.event
        groups.setdefault(key, []).append((note, prepared))
    out: list[tuple[tuple[int, datetime, str], NoteGroup]] = []
    for key, members in groups.items():
        members.sort(key=lambda np: (np[0].occurred_at, np[0].id))
        kinds = {n.event_kind for n, _ in members if n.event_kind is not None}
        count = (w("1 note") if len(members) == 1 else w("{} notes").format(len(members)))
        detail = count
        if profile.group_by == "event" and len(kinds) == 1:
            detail = f"{w(EVENT_KIND_LABELS[next(iter(kinds))])} · {count}"
        heading = key or (
            w("Notes without an event") if profile.group_by == "event"
            else w("Notes without an organisation")
        )
        first = members[0][0].occurred_at
        order = (1 if not key else 0, first, key)  # the catch-all group goes last
        out.append((order, NoteGroup(heading, detail, tuple(p for _, p in members))))
    out.sort(key=lambda item: item[0])
    return tuple(g for _, g in out)


def _audit_facts(request: ExportRequest) -> AuditFacts:
    notes_by_kind = Counter(NOTE_KIND_LABELS.get(n.kind, str(n.kind)) for n in request.notes)
    events = {(n.event_name, n.event_kind) for n in request.notes if n.event_name}
    events_by_kind = Counter(
        EVENT_KIND_LABELS[k] if k is not None else "Unspecified" for _, k in events
    )
    per_source: Counter[str] = Counter()
    for n in request.notes:
        per_source.update(n.linked_source_ids())
    by_consent = Counter(CONSENT_LABELS[s.consent] for s in request.sources)
    records = tuple(
        sorted(
            (s.pseudonym, CONSENT_LABELS[s.consent], per_source[s.id]) for s in request.sources
        )
    )
    return AuditFacts(
        notes_by_kind=tuple(sorted(notes_by_kind.items())),
        events_by_kind=tuple(sorted(events_by_kind.items())),
        sources_by_consent=tuple(
            (label, by_consent[label]) for label in CONSENT_LABELS.values() if by_consent[label]
        ),
        consent_records=records,
    )


def prepare(
    request: ExportRequest,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
    progress_total: int | None = None,
) -> PreparedDocument:
    """Decide, for every note, what of it the profile's audience may see."""
    request.validate()
    # One matcher pass over every printed text (it is fast over long texts, slow per call).
    prime = IdentityCheck.texts_to_prime(request)
    p = _Preparer(request, prime)
    profile = request.profile
    total = progress_total if progress_total is not None else len(request.notes)
    left_out: Counter[str] = Counter()
    kept: list[tuple[ExportNote, PreparedNote]] = []
    printed: list[str] = []
    for i, note in enumerate(request.notes):
        if cancel is not None:
            cancel.check()
        if not profile.include_note_text:
            p.add_left_out_needles(note, LeakKind.NOTE_TEXT)
            if profile.remove_detected:
                for d in detect_identifiers(
                    f"{note.title}\n{note.summary}\n{note.body}", suggest_names=False
                ):
                    p.collector.add(fold(d.text), LeakKind.DETECTED)
        else:
            reason = p.left_out_reason(note)
            if reason is not None:
                left_out[reason] += 1
                p.add_left_out_needles(note, LeakKind.CONSENT)
            else:
                prepared = p.prepare_note(note)
                kept.append((note, prepared))
                printed.append(_printed_text(prepared))
        progress(i + 1, total)

    shown_ids = {sid for note, _ in kept for sid in note.linked_source_ids()}
    legend_sources = [p.sources[s.id] for s in request.sources if s.id in shown_ids]
    if profile.include_note_text:
        for s in request.sources:
            if s.id not in shown_ids and fold(s.pseudonym):
                # The pseudonym of a source whose notes were all left out says they exist.
                p.collector.add(fold(s.pseudonym), LeakKind.CONSENT, subtractable=True)
            elif profile.source_display != "pseudonym_and_role" and len(fold(s.pseudonym)) >= 4:
                p.collector.add(fold(s.pseudonym), LeakKind.PSEUDONYM)
    per_source: Counter[str] = Counter()
    for note, _ in kept:
        per_source.update(note.linked_source_ids())
    legend = tuple(
        LegendEntry(
            shown_as=p.legend_label(s),
            role=s.role_description,
            organisation=s.organisation_name,
            consent=s.consent,
            notes=per_source[s.id],
        )
        for s in sorted(legend_sources, key=lambda s: (p.legend_label(s).casefold(), s.id))
    )
    audit = _audit_facts(request) if not profile.include_note_text else None
    if audit is not None:
        printed.append(" \n ".join(r[0] for r in audit.consent_records))
    title = p.plain(request.title)
    profile_name = p.plain(p.w(profile.name))
    profile_description = p.plain(p.w(profile.description))
    printed += [title, profile_name, profile_description]
    printed += [f"{e.shown_as} \n {e.role} \n {e.organisation}" for e in legend]
    needles = p.collector.needles(fold(" \n ".join(printed)))
    return PreparedDocument(
        request=request,
        groups=_group_notes(kept, profile, p.w),
        legend=legend,
        redactions=_in_label_order(p.redactions, REDACTION_LABELS),
        left_out=_in_label_order(left_out, LEFT_OUT_LABELS),
        notes_exported=len(kept) if profile.include_note_text else len(request.notes),
        needles=needles,
        audit=audit,
        title=title,
        profile_name=profile_name,
        profile_description=profile_description,
        identities=p.identities,
    )


def _in_label_order(counts: Counter[str], labels: dict[str, str]) -> dict[str, int]:
    """Counts in the order the summary table lists reasons; unknown ones last."""
    order = {k: i for i, k in enumerate(labels)}
    return dict(sorted(counts.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


def _printed_text(note: PreparedNote) -> str:
    parts = [
        "".join(s.text for s in note.title),
        note.event,
        *note.organisations,
        *note.sources,
        *note.tags,
        "".join(s.text for s in note.summary),
        "".join(s.text for s in note.body),
    ]
    return " \n ".join(parts)
