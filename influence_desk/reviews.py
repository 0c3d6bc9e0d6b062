"""Review of people named in notes who are not registered (DESIGN §5a, §9 ``names``).

``candidates.py`` finds them in the text as a viewer sees it (pseudonyms for registered
sources). Each has a state: *pending* until a researcher or lead decides, *public* (a
keynote speaker, a minister: kept as written) or *not-person* (a product, a venue).
Registering the person as a source resolves a candidate for good: the registration rewrites
every mention into a reference, so the name is no longer in any note.

A decision is a signed history entry (``name.review``) and a row of ``name_reviews``. Neither
holds the name: both hold a digest of the folded name keyed with a key derived from the
vault's identity key, so a name that was reviewed and later registered is not left readable
beside its pseudonym, and someone holding only the data key (an auditor) cannot test a
guess against it. Reviewing, and listing with states, therefore needs the identity key.

Before a public export every candidate in the exported notes must be decided
(``require_reviewed_names``, exit 3 otherwise); a team brief only counts them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from influence_desk import crypto, textformat
from influence_desk.candidates import Exclusions, NameCandidate, find_candidates, name_key
from influence_desk.desk import Desk
from influence_desk.errors import BadInput, NotPermitted, UnreviewedNames
from influence_desk.export.profiles import ExportProfile
from influence_desk.history import now_text
from influence_desk.model import Mark, MarkLevel
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress
from influence_desk.store import NoteRecord

__all__ = [
    "Mention",
    "ReviewCandidate",
    "ReviewState",
    "StateBook",
    "candidates",
    "decide",
    "exclusions_for",
    "find_in_text",
    "is_public_profile",
    "pending_count",
    "pending_in_title",
    "printed_by",
    "record_decision",
    "require_reviewed_names",
    "unreviewed_message",
]

_FIELDS = ("title", "summary", "body")
_CONTEXT_CHARS = 160
_SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?…])\s+(?=[^\s])|\n+")


@dataclass(frozen=True)
class Printed:
    """What of a note an export prints: which fields, and which marked passages (unmarked
    text always). Candidates elsewhere are not that export's business."""

    fields: tuple[str, ...] = _FIELDS
    levels: frozenset[MarkLevel] = frozenset(MarkLevel)
    roles: bool = True  # the role descriptions of the note's sources (in text or legend)

    def hides(self, marks: Sequence[Mark], start: int, end: int) -> bool:
        return any(m.start <= start and end <= m.end and m.level not in self.levels
                   for m in marks)  # fmt: skip


EVERYTHING = Printed()


def printed_by(profile: ExportProfile) -> Printed:
    """Title and summary always; the body only in full-text profiles; marked passages only
    at the levels the profile includes (the rest become placeholders)."""
    fields = _FIELDS if profile.text == "full" else ("title", "summary")
    return Printed(fields, frozenset(profile.include_levels), profile.source_display != "generic")


class ReviewState(StrEnum):
    PENDING = "pending"
    PUBLIC = "public"
    NOT_PERSON = "not-person"


@dataclass(frozen=True)
class Mention:
    """One place a candidate is named: the sentence around it as the viewer sees it
    (pseudonyms for registered sources), and where the name sits in that sentence."""

    note_id: str
    note_title: str  # rendered with pseudonyms
    field: str
    start: int  # in the rendered field
    end: int
    sentence: str
    name_start: int  # in ``sentence``
    name_end: int


@dataclass(frozen=True)
class ReviewCandidate:
    name: str  # the spelling used most often
    key: str  # folded name (what decisions are about)
    ref: str  # short stable id, to name a candidate without typing the name
    state: ReviewState
    note_ids: tuple[str, ...]
    mentions: tuple[Mention, ...]

    def __repr__(self) -> str:  # never let a traceback or log print the name
        return f"ReviewCandidate(<{self.ref}>, {self.state}, {len(self.note_ids)} notes)"


# --- keys -------------------------------------------------------------------------------


def _digest_key(desk: Desk) -> bytes:
    """Only identity holders can derive it (NotPermitted for auditors)."""
    identity = desk.vault.identity_key
    info = f"influence-desk name review v1\x00{desk.vault.vault_id}".encode()
    return crypto.hkdf(crypto.private_raw(identity), info)


def _digest(secret: bytes, key: str) -> str:
    return crypto.keyed_digest(secret, key.encode())


def _require_reviewer(desk: Desk) -> None:
    if not desk.vault.can_reveal:
        raise NotPermitted("Only a researcher or lead can review the people named in notes.")


# --- finding ----------------------------------------------------------------------------


def exclusions_for(desk: Desk) -> Exclusions:
    """What is never a candidate in this vault: sources' pseudonyms (and, for identity
    holders, their names and aliases), the taxonomy's terms, and organisations (with their
    aliases), events, their cities and organisers — except such a name that itself names a
    person ("Dinner with Joachim Vogelsang", an organiser who is a person): it would hide
    that person from the review in every note, so it is checked like the note's text."""
    always = [p for p in [*desk.known_names(), *(t.label for t in desk.taxonomy)] if p]
    base = Exclusions.of(always)
    named: list[str] = []
    for org in desk.organisations():
        named += [org.name, *org.aliases]
    for event in desk.events():
        named += [event.name, event.city, event.organiser]
    kept = [p for p in dict.fromkeys(named) if p and not find_candidates(p, base)]
    return Exclusions.of(always + kept) if kept else base


def find_in_text(
    text: str, exclusions: Exclusions, skip: Sequence[tuple[int, int]] = ()
) -> list[NameCandidate]:
    """Candidates in text being edited (``skip``: where pseudonyms sit)."""
    return find_candidates(text, exclusions, skip)


def _sentence(text: str, start: int, end: int) -> tuple[str, int, int]:
    begin = 0
    for m in _SENTENCE_BREAK_RE.finditer(text, 0, start):
        begin = m.end()
    stop = len(text)
    after = _SENTENCE_BREAK_RE.search(text, end)
    if after:
        stop = after.start()
    begin = max(begin, start - _CONTEXT_CHARS)
    stop = min(stop, end + _CONTEXT_CHARS)
    lead = "…" if begin > 0 and text[begin - 1] not in "\n.!?… " else ""
    tail = "…" if stop < len(text) and text[stop] not in "\n.!?… " else ""
    piece = text[begin:stop]
    return f"{lead}{piece}{tail}", start - begin + len(lead), end - begin + len(lead)


def _note_mentions(
    note_id: str, fields: dict[str, textformat.Rendered], exclusions: Exclusions,
    printed: Printed,
) -> Iterator[tuple[str, Mention]]:  # fmt: skip
    found: list[tuple[str, NameCandidate]] = []
    for fld in printed.fields:
        rendered = fields[fld]
        skip = [(r.start, r.end) for r in rendered.refs]
        found += [
            (fld, c) for c in find_candidates(rendered.text, exclusions, skip)
            if not printed.hides(rendered.marks, c.start, c.end)
        ]  # fmt: skip
    # "Herr Vogelsang" in a note that also says "Joachim Vogelsang" is the same person.
    full = [c.key for _, c in found if " " in c.key]
    for fld, cand in found:
        key = cand.key
        if " " not in key:
            longer = [k for k in full if key in k.split(" ")]
            if len(set(longer)) == 1:
                key = longer[0]
        text = fields[fld].text
        sentence, a, b = _sentence(text, cand.start, cand.end)
        title = fields["title"].text
        yield key, Mention(note_id, title, fld, cand.start, cand.end, sentence, a, b)


def _rows(desk: Desk, note_ids: Iterable[str] | None) -> Iterator[NoteRecord]:
    store = desk.store
    if note_ids is None:
        yield from store.iter_notes()
        return
    for note_id in dict.fromkeys(note_ids):
        row = store.note_row(note_id)
        if row is None:
            raise BadInput(f"This vault has no note {note_id}.")
        yield row


def _scan(
    desk: Desk,
    note_ids: Sequence[str] | None,
    progress: ProgressCallback,
    cancel: CancelFlag | None,
    printed: Printed = EVERYTHING,
) -> dict[str, list[Mention]]:
    exclusions = exclusions_for(desk)
    pseudonyms = desk.store.pseudonyms()

    def name_for(source_id: str, _index: int) -> str:
        return pseudonyms.get(source_id, "[unknown source]")

    events = {e.id: e.name for e in desk.events()}
    orgs = {o.id: o.name for o in desk.organisations()}
    roles = {s.id: s.role_description for s in desk.sources()} if printed.roles else {}
    total = len(note_ids) if note_ids is not None else desk.store.note_count_total()
    by_key: dict[str, list[Mention]] = {}
    for done, row in enumerate(_rows(desk, note_ids), start=1):
        stored = row.stored_fields()
        fields = {f: textformat.render(stored[f], name_for) for f in printed.fields}
        if "title" not in fields:
            fields["title"] = textformat.render(stored["title"], name_for)
        for key, mention in _note_mentions(str(row.id), fields, exclusions, printed):
            by_key.setdefault(key, []).append(mention)
        # What every export with note text prints beside it: the event's name, the
        # organisations' names, the tags, and (where sources appear by role) the role
        # descriptions of its sources; all stored with pseudonyms already.
        links = desk.store.note_links(int(row.nid))
        beside = [("event", events.get(str(row.event_id), "")) if row.event_id else ("", "")]
        beside += [("organisation", orgs.get(o, "")) for o in links.organisations]
        beside += [("tag", t) for t in links.tags]
        beside += [("role", roles.get(s, "")) for s, _ in links.sources]
        for fld, phrase in beside:
            for cand in find_candidates(phrase, exclusions) if phrase else ():
                by_key.setdefault(cand.key, []).append(Mention(
                    str(row.id), fields["title"].text, fld, cand.start, cand.end, phrase,
                    cand.start, cand.end,
                ))  # fmt: skip
        if done % 200 == 0:
            progress(done, total)
            if cancel:
                cancel.check()
    progress(total, total)
    return by_key


def candidates(
    desk: Desk,
    note_ids: Sequence[str] | None = None,
    *,
    printed: Printed = EVERYTHING,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> list[ReviewCandidate]:
    """Every candidate in the given notes (all notes by default; of those only what an
    export prints, with ``printed``) with its state: pending first, then by how many notes
    name it."""
    _require_reviewer(desk)
    secret = _digest_key(desk)
    states = desk.store.name_review_states()
    out: list[ReviewCandidate] = []
    for key, mentions in _scan(desk, note_ids, progress, cancel, printed).items():
        digest = _digest(secret, key)
        spellings = Counter(m.sentence[m.name_start : m.name_end] for m in mentions)
        name = max(spellings.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
        state = ReviewState(states.get(digest, ReviewState.PENDING.value))
        note_ids_of = tuple(dict.fromkeys(m.note_id for m in mentions))
        out.append(ReviewCandidate(name, key, digest[:10], state, note_ids_of, tuple(mentions)))
    out.sort(key=lambda c: (c.state != ReviewState.PENDING, -len(c.note_ids), c.key))
    return out


def pending_count(
    desk: Desk, note_ids: Sequence[str] | None = None, printed: Printed = EVERYTHING
) -> int:
    found = candidates(desk, note_ids, printed=printed)
    return sum(1 for c in found if c.state == ReviewState.PENDING)


# --- deciding ---------------------------------------------------------------------------


def _matching(found: Sequence[ReviewCandidate], name_or_ref: str) -> ReviewCandidate:
    wanted = name_key(name_or_ref)
    ref = name_or_ref.strip().lower()
    for cand in found:
        if cand.key == wanted or (len(ref) >= 6 and cand.ref.startswith(ref)):
            return cand
    raise BadInput(
        "No note names that person as a candidate; `influence-desk names VAULT` lists them."
    )


def decide(desk: Desk, name_or_ref: str, state: ReviewState | str) -> ReviewCandidate:
    """Record a decision (researchers and leads) about a candidate named in some note,
    given by its name as listed or by its ref; a signed ``name.review`` entry."""
    desk.vault.writer()  # NotPermitted for auditors, before anything is read
    _require_reviewer(desk)
    try:
        chosen = ReviewState(state)
    except ValueError:
        raise BadInput("A review decision is 'public' or 'not-person'.") from None
    if chosen == ReviewState.PENDING:
        raise BadInput("A review decision is 'public' or 'not-person'.")
    cand = _matching(candidates(desk), name_or_ref)
    return decide_key(desk, cand, chosen)


def decide_key(desk: Desk, cand: ReviewCandidate, state: ReviewState) -> ReviewCandidate:
    """Record ``state`` for a candidate as listed by ``candidates`` (the app's buttons)."""
    record_decision(desk, cand.key, state)
    return ReviewCandidate(cand.name, cand.key, cand.ref, state, cand.note_ids, cand.mentions)


def record_decision(desk: Desk, key: str, state: ReviewState) -> None:
    """``state`` for the folded name ``key`` (a candidate the caller has just seen, e.g. under
    the cursor in the editor): one signed ``name.review`` entry with the row."""
    writer = desk.vault.writer()
    _require_reviewer(desk)
    if state == ReviewState.PENDING or not key:
        raise BadInput("A review decision is 'public' or 'not-person'.")
    digest = _digest(_digest_key(desk), name_key(key))
    store = desk.store
    with store.transaction():
        store.put_name_review(digest, ReviewState(state).value, now_text())
        writer.append(
            "name.review", f"name:{digest}", store.name_review_object(digest),
            {"state": ReviewState(state).value},
        )  # fmt: skip


class StateBook:
    """Decisions as they stand when it was made, for looking up many names cheaply (the
    editor's highlighting); make a new one after a decision."""

    def __init__(self, desk: Desk) -> None:
        _require_reviewer(desk)
        self._secret = _digest_key(desk)
        self._states = desk.store.name_review_states()
        self._cache: dict[str, ReviewState] = {}

    def state(self, key: str) -> ReviewState:
        found = self._cache.get(key)
        if found is None:
            value = self._states.get(_digest(self._secret, key), ReviewState.PENDING.value)
            found = self._cache[key] = ReviewState(value)
        return found


# --- exports ----------------------------------------------------------------------------


def is_public_profile(include_note_text: bool, include_levels: Iterable[MarkLevel]) -> bool:
    """Note text for readers outside the team: no team-only passages in it."""
    return include_note_text and MarkLevel.TEAM not in frozenset(include_levels)


def unreviewed_message(count: int) -> str:
    people = "1 person named in these notes is" if count == 1 else (
        f"{count} people named in these notes are"
    )
    return (
        f"{people} not reviewed yet; run `influence-desk names VAULT` to list them, then "
        "register each as a source or mark it with --public or --not-person."
    )


def require_reviewed_names(
    desk: Desk, profile: ExportProfile, note_ids: Sequence[str], title: str = ""
) -> int:
    """Refuse a public export while a candidate in what it prints of its notes, or in the
    export's own ``title`` (typed for the cover), is pending (exit 3); for a team brief
    return how many are pending (a warning); 0 for reports without note text."""
    if not profile.include_note_text or not desk.vault.can_reveal:
        return 0  # no note text; or an auditor, whom the export itself refuses note text
    found = candidates(desk, note_ids, printed=printed_by(profile))
    in_notes = {c.key for c in found if c.state == ReviewState.PENDING}
    in_title = pending_in_title(desk, title) - in_notes
    pending = len(in_notes) + len(in_title)
    if pending and is_public_profile(profile.include_note_text, profile.include_levels):
        if in_title and not in_notes:
            raise UnreviewedNames(
                "The export title names a person not reviewed yet; change the title, or "
                "register that person as a source.", pending, in_title=True,
            )  # fmt: skip
        raise UnreviewedNames(unreviewed_message(pending), pending)
    return pending


def pending_in_title(desk: Desk, title: str) -> set[str]:
    """Keys of the pending candidates in an export's title, read as a note is: registered
    names (and their derived forms) become pseudonyms first, which are never candidates."""
    if not title.strip():
        return set()
    context = desk.context
    shown = context.replace_names(title, context.load_names(with_matcher=True))
    book = StateBook(desk)
    return {
        c.key for c in find_candidates(shown, exclusions_for(desk))
        if book.state(c.key) == ReviewState.PENDING
    }  # fmt: skip
