"""A note's fields merged from its concurrent versions (DESIGN §11 "Merge").

A note's entries (every entry that gave it content or deleted it) form a DAG: an entry has
seen every entry of its own replica before it and, through its heads, every entry of
another replica up to the number it names. What the note shows is a pure function of that
DAG and the versions kept for it (``note_versions``), so every replica holding the same
entries shows the same note, whatever order bundles arrived in, and ``verify`` computes the
same thing when it replays (vault/verification.py): nothing is written for a merge.

Each field of a note has a *state*: the candidates that set it, each an entry and the value
it wrote. One candidate: settled. Two or more with different values: a conflict on that
field (sync/conflicts.py lists it); the note meanwhile shows the value of the latest
candidate in the deterministic order (clock, replica, number). ``note`` is a field too:
whether the note exists (a delete writes False).

- One entry applied over the state it had seen: a field it left as shown keeps its state
  (an open conflict stays open); a field it changed, or one its payload says it resolves
  (``resolves``/``fields``), becomes settled by it. A delete changes only ``note``.
- Two states merged three-way against the state of what both had seen (the newest
  versions both had seen, merged the same way): a field changed on one side only takes
  that side's state; changed on both to different values, the candidates of both (a
  conflict). A set (``SET_FIELDS``: tags, organisations, explicit sources) changed on both
  merges element by element instead and is never a conflict: the base's elements that
  neither side removed, and every element either side added, sorted (as stored). Only
  states are compared, not steps: an element one side removed and the other removed and
  added back before syncing stays removed (that side's net change to it was none).
  A source merged into another is a move, not a removal and an addition: the entry that
  repointed the note names it (payload ``moved``, sync/source_merge.py), so a link the
  other side removed meanwhile stays removed as the survivor too.
  A delete on one side against any change of a field on the other side is a
  conflict on ``note`` (the note stays, with the other side's changes, until resolved).
  Several heads are merged one by one in the deterministic order.
- ``sources`` is the explicit sources; the sources a text mentions follow the text.
  ``updated_at`` of a merge is the later one; its sealed spellings are the chosen
  versions' blobs side by side (sync/spellings.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from influence_desk import textformat
from influence_desk.canonical import canonical, content_hash
from influence_desk.errors import VaultDamaged
from influence_desk.history import Entry
from influence_desk.sync.spellings import TEXT_FIELDS, Segment, compose

if TYPE_CHECKING:
    from influence_desk.store import Store

NOTE_PREFIX = "note:"
EXISTS = "note"  # the field that says whether the note exists
SOURCES = "sources"  # (its explicit sources; mentions follow the text)
# Fields holding a set of ids or tags (stored sorted): concurrent changes merge element-wise.
SET_FIELDS = frozenset({"organisations", "tags", SOURCES})
BOOKKEEPING = ("id", "surfaces_sha256", "sources", "updated_at")
RESOLVE_PAYLOAD = "resolves"  # an entry resolving a conflict: the candidates it saw
RESOLVE_FIELDS = "fields"  # ... and which fields (absent: all of them)
MOVED_PAYLOAD = "moved"  # an entry repointing merged sources: {merged source: survivor}
_ENDS = (".delete", ".remove")

Kept = Callable[[Entry], "tuple[dict[str, Any], Any] | None"]


class VersionMissing(Exception):
    """A version the merge needs is not kept here (the trash was emptied of it)."""


@dataclass(frozen=True)
class Candidate:
    index: int  # the entry's place in the note's deterministic order
    value: Any


FieldState = tuple[Candidate, ...]  # by index; one value: settled, several: a conflict


def shown(name: str, state: FieldState) -> Any:
    """What a field in ``state`` shows: the latest candidate's value (a note in a
    delete-against-edit conflict is shown)."""
    if name == EXISTS:
        return any(c.value for c in state)
    return max(state, key=lambda c: c.index).value


@dataclass(frozen=True)
class NoteState:
    fields: dict[str, FieldState]
    blobs: dict[str, int]  # text field -> the entry whose sealed spellings cover what it shows
    updated_at: str
    moves: frozenset[tuple[str, str]] = frozenset()  # sources moved: (merged, survivor)

    def value(self, name: str) -> Any:
        return shown(name, self.fields[name]) if name in self.fields else None


@dataclass(frozen=True)
class Settled:
    """What a note shows when several versions are open: merged content (None: deleted)."""

    content: dict[str, Any] | None
    surfaces: bytes | None


@dataclass(frozen=True)
class FieldConflict:
    field: str
    candidates: tuple[Candidate, ...]  # each a different value, by index

    @property
    def shown(self) -> Candidate:
        if self.field == EXISTS:
            return max((c for c in self.candidates if c.value), key=lambda c: c.index)
        return max(self.candidates, key=lambda c: c.index)


def ends_object(entry: Entry) -> bool:
    return entry.action.endswith(_ENDS)


def seen(earlier: Entry, later: Entry) -> bool:
    """Had ``later`` seen ``earlier`` when it was written?"""
    if later is earlier:
        return False
    if earlier.version == 1:  # from before replicas: every replica holds it
        return later.version == 2 or earlier.seq < later.seq
    if later.version == 1:
        return False
    if earlier.replica == later.replica:
        return earlier.rseq < later.rseq
    return later.heads.get(earlier.replica, (0, ""))[0] >= earlier.rseq


def one_head(entries: list[Entry]) -> bool:
    """The newest entry (deterministic order) had seen every other: it alone stands."""
    return all(seen(e, entries[-1]) for e in entries[:-1])


def linear(entries: list[Entry]) -> bool:
    """No two entries were ever concurrent (no conflict can be open)."""
    return all(seen(a, b) for a, b in pairwise(entries))


def field_values(content: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in content.items() if k not in BOOKKEEPING}
    out[SOURCES] = sorted(str(s) for s, explicit in content.get("sources", []) if explicit)
    out[EXISTS] = True
    return out


def _resolved(entry: Entry) -> frozenset[str] | None:
    """The fields ``entry`` resolves (None: all; empty: it resolves nothing)."""
    if RESOLVE_PAYLOAD not in entry.payload:
        return frozenset()
    names = entry.payload.get(RESOLVE_FIELDS)
    if not isinstance(names, list):
        return None
    return frozenset(str(n) for n in names)


def _union(a: FieldState, b: FieldState) -> FieldState:
    by_value: dict[bytes, Candidate] = {}
    for c in (*a, *b):
        key = canonical(c.value)
        if key not in by_value or by_value[key].index < c.index:
            by_value[key] = c
    return tuple(sorted(by_value.values(), key=lambda c: c.index))


def _moves(entry: Entry) -> frozenset[tuple[str, str]]:
    moved = entry.payload.get(MOVED_PAYLOAD)
    if not isinstance(moved, dict):
        return frozenset()
    return frozenset((str(k), str(v)) for k, v in moved.items())


def _merge_set(name: str, x: NoteState, y: NoteState, base: NoteState | None) -> FieldState:
    """A set changed on both sides: what the base held and either side removed goes, what
    either side added comes; sorted, as every content stores it. (Nothing contradicts: an
    element only one side removed was in the base, one only one side added was not.) A
    source one side moved to its survivor while the other removed it: the survivor too."""
    xs, ys = x.fields[name], y.fields[name]
    old = base.fields.get(name) if base is not None else None
    had = set(shown(name, old)) if old else set()
    xv, yv = set(shown(name, xs)), set(shown(name, ys))
    out = (xv & yv) | (xv - had) | (yv - had)
    if name == SOURCES:
        before = base.moves if base is not None else frozenset()
        for mover, still in ((x, yv), (y, xv)):
            for gone, survivor in mover.moves - before:
                if gone in had and gone not in still and survivor not in still | had:
                    out.discard(survivor)
    value = sorted(out)
    same = [c for c in (*xs, *ys) if c.value == value]
    if same:  # one side's value (both: the later), as a value-equal union would keep it
        return (max(same, key=lambda c: c.index),)
    return (Candidate(max(c.index for c in (*xs, *ys)), value),)


def _changed(side: NoteState, base: NoteState) -> list[Candidate]:
    """The candidates of the fields ``side`` changed against ``base`` (``note`` aside)."""
    return [c for name, state in side.fields.items()
            if name != EXISTS and state != base.fields.get(name) for c in state]  # fmt: skip


def merge3(x: NoteState, y: NoteState, base: NoteState | None) -> NoteState:
    fields: dict[str, FieldState] = {}
    blobs: dict[str, int] = {}
    for name in sorted(set(x.fields) | set(y.fields)):
        xs, ys = x.fields.get(name), y.fields.get(name)
        old = base.fields.get(name) if base is not None else None
        side: NoteState | None
        if xs is None:
            take, side = ys, y
        elif ys is None or xs == ys or ys == old:
            take, side = xs, x
        elif xs == old:
            take, side = ys, y
        elif name in SET_FIELDS:
            take, side = _merge_set(name, x, y, base), None
        else:
            take, side = _union(xs, ys), None
        assert take is not None
        fields[name] = take
        if name in TEXT_FIELDS:
            if side is not None and name in side.blobs:
                blobs[name] = side.blobs[name]
            else:
                blobs[name] = max(take, key=lambda c: c.index).index
    exists = fields.get(EXISTS)
    if base is not None and exists is not None and len(exists) == 1 and not exists[0].value:
        for side in (x, y):
            if side.fields.get(EXISTS) == exists:
                continue  # (the side that deleted)
            edits = _changed(side, base)
            if edits:
                editor = max(edits, key=lambda c: c.index).index
                fields[EXISTS] = _union(exists, (Candidate(editor, True),))
    return NoteState(fields, blobs, max(x.updated_at, y.updated_at), x.moves | y.moves)


@dataclass
class NoteDag:
    """One note's entries (deterministic order) and the state of any set of them."""

    entries: list[Entry]
    kept: Kept
    values: Callable[[dict[str, Any]], dict[str, Any]] = field_values  # a content's fields
    void: int = 0  # bit mask: entries held but void (sync/void.py): they change nothing
    down: list[int] = field(default_factory=list)  # bit mask: the entry and all it had seen
    _states: list[NoteState] = field(default_factory=list)
    _written: list[NoteState] = field(default_factory=list)  # (void ones included)
    _memo: dict[tuple[int, bool], NoteState] = field(default_factory=dict)
    _contents: dict[int, tuple[dict[str, Any], Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for i, entry in enumerate(self.entries):
            had = 0
            for j in range(i - 1, -1, -1):
                if not had >> j & 1 and seen(self.entries[j], entry):
                    had |= self.down[j]
            self.down.append(had | 1 << i)
            written = self._apply(i, self.state(had, written=True))
            self._written.append(written)
            if had & self.void and not self.void >> i & 1:
                written = self._without_void(i, had, written)
            self._states.append(written)

    def _without_void(self, i: int, had: int, written: NoteState) -> NoteState:
        """Entry ``i`` written over void versions: its own changes (against what it was
        written over) merged into the same state without them. Over nothing but void
        versions it adopted the note: its version stands whole."""
        clean = self.state(had)
        if clean is None:
            return self._apply(i, None)
        merged = merge3(written, clean, self.state(had, written=True))
        resolves = _resolved(self.entries[i])
        if resolves is not None and not resolves:
            return merged
        fields, blobs = dict(merged.fields), dict(merged.blobs)  # a resolution: what it
        for name in set(written.fields) if resolves is None else resolves:  # settles stands
            if name in written.fields:
                fields[name] = written.fields[name]
                if name in written.blobs:
                    blobs[name] = written.blobs[name]
        return NoteState(fields, blobs, merged.updated_at)

    def content(self, i: int) -> tuple[dict[str, Any], Any]:
        if i not in self._contents:
            kept = self.kept(self.entries[i])
            if kept is None:
                raise VersionMissing
            self._contents[i] = kept
        return self._contents[i]

    def heads(self, mask: int) -> list[int]:
        out: list[int] = []
        left = mask
        while left:
            i = left.bit_length() - 1
            out.append(i)
            left &= ~self.down[i]
        return sorted(out)

    def state(self, mask: int, written: bool = False) -> NoteState | None:
        """The state of the entries in ``mask``: void ones left out, unless ``written`` (the
        state as its writers saw it)."""
        written = written and bool(self.void)
        mask = mask if written else mask & ~self.void
        if not mask:
            return None
        if (mask, written) in self._memo:
            return self._memo[mask, written]
        states = self._written if written else self._states
        heads = self.heads(mask)
        acc_mask, acc = self.down[heads[0]], states[heads[0]]
        for h in heads[1:]:
            acc = merge3(acc, states[h], self.state(acc_mask & self.down[h], written))
            acc_mask |= self.down[h]
        self._memo[mask, written] = acc
        return acc

    def final(self) -> NoteState:
        state = self.state((1 << len(self.entries)) - 1)
        assert state is not None
        return state

    def _apply(self, i: int, base: NoteState | None) -> NoteState:
        entry = self.entries[i]
        moves = (base.moves if base is not None else frozenset()) | _moves(entry)
        if ends_object(entry):
            fields = dict(base.fields) if base is not None else {}
            fields[EXISTS] = (Candidate(i, False),)
            return NoteState(fields, dict(base.blobs) if base is not None else {},
                             base.updated_at if base is not None else "", moves)  # fmt: skip
        content = self.content(i)[0]
        resolves = _resolved(entry)
        fields = {}
        for name, value in self.values(content).items():
            prior = base.fields.get(name) if base is not None else None
            untouched = resolves is not None and name not in resolves
            if prior is not None and untouched and shown(name, prior) == value:
                fields[name] = prior  # left as it was shown: its state (a conflict) stays
            else:
                fields[name] = (Candidate(i, value),)
        return NoteState(fields, dict.fromkeys(TEXT_FIELDS, i), str(content.get("updated_at")),
                         moves)  # fmt: skip

    def settled(self) -> Settled:
        """The merged note of every entry (call only when several heads are open)."""
        state = self.final()
        if not state.value(EXISTS):
            return Settled(None, None)
        content: dict[str, Any] = {}
        for name, fstate in state.fields.items():
            if name not in (EXISTS, SOURCES):
                content[name] = shown(name, fstate)
        content["id"] = self.entries[0].object_id[len(NOTE_PREFIX) :]
        content["updated_at"] = state.updated_at
        mentioned: dict[str, bool] = {}
        for name in TEXT_FIELDS:
            for sid in textformat.source_ids_in(str(content.get(name, ""))):
                mentioned[sid] = False
        mentioned.update(dict.fromkeys(state.value(SOURCES) or [], True))
        content["sources"] = sorted([s, e] for s, e in mentioned.items())
        segments = {name: [Segment(self._blob(state.blobs.get(name)), name)]
                    for name in TEXT_FIELDS}  # fmt: skip
        blob = compose(segments)
        content["surfaces_sha256"] = "" if blob is None else hashlib.sha256(blob).hexdigest()
        return Settled(content, blob)

    def _blob(self, index: int | None) -> bytes | None:
        if index is None:
            return None
        blob = self.content(index)[1]
        return None if blob is None else bytes(blob)

    def conflicts(self) -> list[FieldConflict]:
        state = self.state((1 << len(self.entries)) - 1)
        if state is None or not state.value(EXISTS):  # (None: only void entries made it)
            return []
        return [FieldConflict(name, fstate) for name, fstate in state.fields.items()
                if len(fstate) > 1]  # fmt: skip


def changes(
    rows: Iterable[Any], object_id: str, parsed: Mapping[str, Entry] | None = None
) -> list[Entry]:
    """The entries of ``rows`` that gave ``object_id`` content or ended it, in order
    (``parsed``: entries already parsed, by hash, taken as they are)."""
    known = parsed or {}
    entries = (known.get(str(r[8])) or Entry.from_row(r) for r in rows)
    found = (e for e in entries if e.object_id == object_id and (e.content_hash or ends_object(e)))
    return sorted(found, key=lambda e: e.order_key)


def kept_in(store: Store) -> Kept:
    """``kept_content`` for one DAG's entries: their note's rewritten-version digests are
    read once, not once per entry (nothing is written while a DAG is built)."""
    from influence_desk.versions import kept_content, version_overrides

    overrides: dict[str, dict[tuple[str, int], set[str]]] = {}

    def kept(entry: Entry) -> tuple[dict[str, Any], Any] | None:
        note_id = entry.object_id[len(NOTE_PREFIX) :]
        if note_id not in overrides:
            overrides[note_id] = version_overrides(store, note_id)
        return kept_content(store, entry, overrides[note_id])

    return kept


def merged(store: Store, entries: list[Entry]) -> Settled | None:
    """The note's merged content when several of ``entries`` are open; None when the
    newest entry alone stands (or a version the merge needs is not kept here: then the
    newest entry stands too, as before per-field merging)."""
    if not entries or one_head(entries):
        return None
    try:
        return NoteDag(entries, kept_in(store)).settled()
    except (VersionMissing, VaultDamaged):
        return None


def merged_notes(store: Store) -> dict[str, str | None]:
    """For ``verify``: each note whose history has several open versions, and the content
    hash it must show (None: none, deleted)."""
    rows: dict[str, list[Any]] = {}
    for row in store.history_of_objects(NOTE_PREFIX):
        rows.setdefault(str(row[4]), []).append(row)
    out: dict[str, str | None] = {}
    for object_id, held in rows.items():
        entries = changes(held, object_id)
        result = merged(store, entries) if len({e.replica for e in entries}) > 1 else None
        if result is not None:
            out[object_id] = None if result.content is None else content_hash(result.content)
    return out
