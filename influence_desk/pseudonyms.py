"""Finding registered sources' names in text (pseudonymisation) and generating pseudonyms.

Matching
--------
``NameMatcher`` finds every mention of a registered name or alias, whole words only, and the
longest one where mentions overlap. Given a ``SourceIdentity`` it also finds the spellings
derived from it (``influence_desk.names.variants``: surname alone, case forms, initials,
orders, diminutives, other scripts, spacings) under the condition each needs (a capital; an
honorific or another part of the name beside it), and its contact details in their
notations (``influence_desk.names.contacts``); each ``Match`` says its ``kind`` (name,
phone, e-mail, other contact). Neighbouring mentions of one source become one, and a name
takes in the honorifics before it ("Pani Wiśniewska"). Both the names and the text are
*folded* first (``influence_desk.names.folding``, which also reads look-alike letters,
compatibility forms and invisible characters), so that all these spellings of a name are
one:

- case, including Turkish İ/ı and I/i both ways (İsmail = ISMAIL = ismail = ısmail) and
  German ß = ss (Strauß = Strauss = STRAUSS);
- diacritics, in both directions: a mention with or without them matches a name registered
  with or without them (Wiśniewski = Wisniewski, Müller = Muller, Γιώργος = Γιωργος), and
  German umlauts also match their ae/oe/ue spelling (Müller = Mueller). Missing a mention
  outs a source; matching one spelling too many at worst hides a name that was not theirs;
- typographic apostrophes (O’Brien = O'Brien) and hyphen variants, which count as spaces
  (Jean-Luc = Jean Luc = Jean‐Luc = Jean–Luc);
- whitespace: any run of spaces, tabs and line breaks inside a name, and a hyphenated line
  break ("Schmidt-\\nMüller"); a word split by a soft hyphen or a hyphenated line break
  ("Wiś-\\nniewski") still matches;
- possessives: in "Smith's", "Smith’s", "Smiths'" and the German genitive "Schmidts" only
  the name is a match; the possessive ending stays as text.

Folding is defined once, for a single character (``_fold_char``); the fast paths derive
their tables from it. The text is folded into a copy with one character per original
character (the whole text through one code page made for it, ASCII and its most frequent
letters, by the C charmap codec; the rest through a ``str.translate`` table), except in
rare *units*: runs of whitespace or hyphens inside a name, which become one space, and
characters that fold to more or fewer
characters (decomposed accents, zero-width spaces, Hangul). Units are recorded as
breakpoints, and every match is mapped back through them to the exact span of the original
text. An Aho–Corasick automaton (``ahocorasick_rs``) finds all names in one pass; word
boundaries are checked on the folded copy. Names with an ``ss`` or ``ß`` get both
spellings as patterns, so the text side keeps one character per ``ß``.

If two sources share a spelling, the first registered keeps it. Names with no letter or
digit are ignored.

Pseudonyms
----------
``generate_pseudonym`` draws with ``secrets`` only, from word lists below or from numbers; it
never sees the real name (it can be told words to avoid, so a source called Heron is never
"Amber Heron").
"""

from __future__ import annotations

import bisect
import secrets
import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

import ahocorasick_rs

from influence_desk.errors import BadInput
from influence_desk.model import Mark, PseudonymStyle, SourceIdentity
from influence_desk.names.contacts import PhoneScanner
from influence_desk.names.derived import Derived, derived, merge, paused_gc, units_of
from influence_desk.names.folding import HYPHEN_BREAK_RE as _HYPHEN_BREAK_RE
from influence_desk.names.folding import Folded as _Folded
from influence_desk.names.folding import fold
from influence_desk.names.folding import is_word as _is_word
from influence_desk.names.folding import warm as warm_folding
from influence_desk.names.hits import Found as _Found
from influence_desk.names.hits import Hit as _Hit
from influence_desk.names.hits import choose as _choose
from influence_desk.names.hits import in_context as _in_context
from influence_desk.names.hits import join_and_extend as _join_and_extend
from influence_desk.names.hits import not_dates as _not_dates
from influence_desk.names.variants import Condition
from influence_desk.textformat import RefKind, RefSpan, encode, render, surfaces_namer

__all__ = [
    "ADJECTIVES",
    "NOUNS",
    "Match",
    "NameMatcher",
    "fold",
    "generate_pseudonym",
    "pseudonymise",
    "repseudonymise",
]


class _Span(NamedTuple):
    start: int
    end: int
    source_id: str


class Match(_Span):
    """A mention of a registered source over ``[start, end)`` of the original text.

    A ``(start, end, source_id)`` tuple (it unpacks and compares as one), with the ``kind``
    of mention as an attribute: a name, or a phone number, e-mail address or other contact
    detail (rendered as "[phone of …]" once stored; see ``textformat.RefKind``).
    """

    kind: RefKind = RefKind.NAME  # the class's: a name (most matches) needs no __dict__

    def __new__(
        cls, start: int, end: int, source_id: str, kind: RefKind = RefKind.NAME
    ) -> Match:
        match = tuple.__new__(cls, (start, end, source_id))
        if kind is not RefKind.NAME:
            match.kind = kind
        return match

    def __repr__(self) -> str:
        return f"Match({self.start}, {self.end}, {self.source_id!r}, {self.kind.value})"


_Value = tuple[str, int, RefKind, Condition]  # source id, length, kind, condition
_BREAK_WINDOW = 100  # characters each side of a hyphenated line break: longer than any name


# --- the matcher ---------------------------------------------------------------------------


_GC_PAUSE_CHARS = 100_000  # shorter texts make too few objects to matter (see paused_gc)
# The automaton reads a long text in pieces of this many characters (and the longest
# pattern beyond, so that no hit is cut): per character it is about twice as fast on a
# piece this size as on 50 MB at once. Each hit is taken once, by the piece it starts in.
_SCAN_CHARS = 1_000_000


class _Automaton:
    """An automaton over a tuple of patterns, shared by the matchers alive over the same
    spellings (the session's and the export's identity check): held by them, in a weak
    cache only, so that it and its names go with the last of them (as ``names.derived``)."""

    __slots__ = ("__weakref__", "automaton")
    _alive: weakref.WeakValueDictionary[tuple[str, ...], _Automaton] = (
        weakref.WeakValueDictionary()
    )

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self.automaton = ahocorasick_rs.AhoCorasick(
            patterns, implementation=ahocorasick_rs.Implementation.ContiguousNFA
        )

    @classmethod
    def of(cls, patterns: tuple[str, ...]) -> _Automaton:
        found = cls._alive.get(patterns)
        if found is None:
            found = cls._alive[patterns] = cls(patterns)
        return found


class NameMatcher:
    """Finds mentions of registered sources in text.

    Built from ``(source_id, names)`` pairs: the real name and aliases of each source. If two
    sources share a spelling, the first one given keeps it.
    """

    def __init__(
        self,
        sources: Iterable[tuple[str, Sequence[str] | SourceIdentity]],
        *,
        previous: NameMatcher | None = None,
    ) -> None:
        """``sources`` are ``(source_id, names)``: a ``SourceIdentity`` (its variants are
        derived, see ``influence_desk.names.variants``) or plain strings (matched as they
        are; one that is an e-mail address or a phone number gets its kind and notations).

        What is derived from a source's names is shared with every other matcher alive in
        this process over the same names (``influence_desk.names.derived``): the session's
        matcher, the export's, a backup's, the one rebuilt after a registration.
        ``previous`` is such a matcher, kept alive by the caller while this one is built.
        """
        del previous  # its derived units are found in the cache while the caller holds it
        warm_folding()
        with paused_gc():  # ~200,000 small objects are made and kept: see _gc_paused
            keys = self._derive(sources)
        self._automaton: ahocorasick_rs.AhoCorasick | None = None
        # The automaton gives pattern numbers; the values are kept here in the same order
        # (sorted: matchers over the same spellings share one automaton, see _Automaton).
        patterns = sorted(keys)
        self._values: list[_Value] = [keys[k] for k in patterns]
        if keys:
            self._shared = _Automaton.of(tuple(patterns))
            self._automaton = self._shared.automaton
        self.pattern_count = len(keys)
        self._longest = max(map(len, keys), default=0)

    def _derive(
        self, sources: Iterable[tuple[str, Sequence[str] | SourceIdentity]]
    ) -> dict[str, _Value]:
        """Every folded pattern -> (source id, length, kind, condition); the phone scanner."""
        keys: dict[str, _Value] = {}
        self.source_ids: list[str] = []
        self._phones = PhoneScanner()
        self._units: list[Derived] = []  # held, so that the weak cache keeps them
        self._genitive: set[str] = set()  # keys an "s" genitive may follow (see _hits)
        # Spellings shared by many sources (given names, their case forms) are derived once
        # per build; the memos hold real names, so they live only as long as the build.
        memo: dict[str, object] = {}
        spellings: dict[tuple[bool, str], set[str]] = {}
        for source_id, names in sources:
            self.source_ids.append(source_id)
            units = [derived(key, make, memo, spellings) for key, make in units_of(names)]
            self._units += units
            for unit in units:
                self._genitive |= unit.genitive
            for unit in units:
                for number_keys in unit.phones:
                    self._phones.add_keys(source_id, number_keys)
            source_keys = units[0].keys if len(units) == 1 else merge(units)
            # One value tuple per (source, length, kind, condition), shared by its keys:
            # a tuple per key would leave ~500,000 objects for every garbage collection
            # to walk while the matcher lives (half the time of a large find).
            shared: dict[tuple[int, RefKind, Condition], _Value] = {}
            for key, pattern in source_keys.items():
                if key not in keys:  # the first source keeps a spelling
                    value = shared.get(pattern)
                    if value is None:
                        value = shared[pattern] = (source_id, *pattern)
                    keys[key] = value
        return keys

    def __bool__(self) -> bool:
        return self._automaton is not None or bool(self._phones)

    def _hits(self, f: _Folded, text: str) -> list[_Hit]:
        """Whole-word hits as (folded start, folded end, source id, kind), overlapping."""
        folded = f.folded
        hits: list[_Hit] = []
        if self._phones:
            hits += [(h.start, h.end, h.source_id, RefKind.PHONE)
                     for h in self._phones.scan(folded)]  # fmt: skip
        if self._automaton is None:
            return hits
        context: list[_Found] = []  # hits that need an honorific or a neighbour: see below
        aligned = f.aligned()  # the original character at each folded index (for capitals)
        n = len(folded)
        if n <= _SCAN_CHARS:
            self._word_hits(folded, aligned, 0, 0, n, hits, context)
        else:  # in pieces, each with the character before it and the longest pattern after
            reach = self._longest + 2
            for at in range(0, n, _SCAN_CHARS):
                base = at - 1 if at else 0
                stop = at + _SCAN_CHARS + reach
                self._word_hits(folded[base:stop], aligned[base:stop], base, at - base,
                                at - base + min(_SCAN_CHARS, n - at), hits, context)  # fmt: skip
        if context:  # the order of hits does not matter: _choose sorts them
            hits += _in_context(context, hits, folded)
        return hits

    def _word_hits(
        self, folded: str, aligned: str, base: int, lo: int, hi: int,
        hits: list[_Hit], context: list[_Found],
    ) -> None:  # fmt: skip
        """The whole-word hits starting in ``folded[lo:hi]`` (a piece of the folded text
        that starts at ``base`` of it), into ``hits`` and ``context``."""
        assert self._automaton is not None
        n = len(folded)
        append = hits.append
        # The hot loop: most hits of the automaton are pieces of longer words, so the
        # cheap boundary tests on the folded text come first.
        values = self._values
        for index, start, end in self._automaton.find_matches_as_indexes(folded, overlapping=True):
            if start < lo or start >= hi:  # another piece's hit
                continue
            if start and ((before := folded[start - 1]).isalnum() or before == "_"):
                continue
            source_id, length, kind, condition = values[index]
            # Possessive "Smiths'" or German genitive "Schmidts" (capitalised, so the English
            # word "marks" is not taken for Mark; not after a case form: "Janus" is not the
            # Czech "Janu"): the name is matched without the "s".
            if end < n and ((after := folded[end]).isalnum() or after == "_") and not (
                after == "s"
                and (end + 1 == n or not _is_word(folded[end + 1]))
                and (
                    (end + 1 < n and folded[end + 1] == "'")
                    or (length >= 4 and aligned[start].isupper()
                        and folded[start:end] in self._genitive)
                )
            ):
                continue
            if condition:
                # A derived spelling written without its capitals is not taken (a single
                # character is upper or title case exactly when it is "istitle").
                if not aligned[start].istitle():
                    continue
                last_word = folded.rfind(" ", start, end)
                if not (last_word < 0 or last_word + 2 == end  # "W i ś n i e w s k a"
                        or aligned[last_word + 1].istitle()):  # fmt: skip
                    continue
                if condition is Condition.CONTEXT:
                    context.append((start + base, end + base, source_id, kind))
                    continue
            append((start + base, end + base, source_id, kind))

    def find(self, text: str) -> list[Match]:
        """Mentions in ``text``, sorted and non-overlapping; the longest wins an overlap."""
        if not self or not text:
            return []
        if len(text) < _GC_PAUSE_CHARS:
            return self._find(text)
        with paused_gc():
            return self._find(text)

    def _find(self, text: str) -> list[Match]:
        f = _Folded(text)
        chosen = _not_dates(_join_and_extend(_choose(self._hits(f, text)), f.folded), f.folded)
        new, name = tuple.__new__, RefKind.NAME  # Match(...) without its call, per match
        if f.identity:
            matches = [new(Match, (s, e, sid)) if kind is name else Match(s, e, sid, kind)
                       for s, e, sid, kind in chosen]  # fmt: skip
        else:
            starts, ends = f.spans([h[0] for h in chosen], [h[1] for h in chosen])
            matches = [new(Match, (s, e, h[2])) if h[3] is name else Match(s, e, h[2], h[3])
                       for s, e, h in zip(starts, ends, chosen, strict=True)]  # fmt: skip
        breaks = f.breaks
        if "\xad" in text:  # a soft hyphen folds to nothing, so look for those breaks too
            soft = [m.span() for m in _HYPHEN_BREAK_RE.finditer(text) if text[m.start()] == "\xad"]
            breaks = sorted({*breaks, *soft})
        if breaks:
            matches = self._add_hyphen_break_matches(text, matches, breaks)
        return matches

    def _add_hyphen_break_matches(
        self, text: str, matches: list[Match], breaks: list[tuple[int, int]]
    ) -> list[Match]:
        """Second look at words split by a hyphenated line break ("Wiś-\nniewski"): each
        break is removed from a window around it and the window matched again."""
        taken = [(m.start, m.end) for m in matches]
        extra: list[Match] = []
        n = len(text)
        for bs, be in breaks:
            if not (bs and be < n and _is_word(text[bs - 1]) and _is_word(text[be])):
                continue
            lo, hi = max(0, bs - _BREAK_WINDOW), min(n, be + _BREAK_WINDOW)
            joined = text[lo:bs] + text[be:hi]
            cut = bs - lo
            f = _Folded(joined)
            hits = _join_and_extend(_choose(self._hits(f, joined)), f.folded)
            for s, e, source_id, kind in _not_dates(hits, f.folded):
                js, je = f.start(s), f.end(e)
                if not js < cut < je or (js == 0 and lo) or (je == len(joined) and hi < n):
                    continue  # not split by this break, or cut off by the window
                start, end = lo + js, be + (je - cut)
                i = bisect.bisect_left(taken, (end, -1))
                if any(ts < end and start < te for ts, te in taken[max(0, i - 2) : i + 1]):
                    continue
                bisect.insort(taken, (start, end))
                extra.append(Match(start, end, source_id, kind))
        return sorted([*matches, *extra]) if extra else matches


# --- pseudonymisation ----------------------------------------------------------------------


def pseudonymise(
    text: str,
    marks: Iterable[Mark],
    matcher: NameMatcher,
    *,
    kept: Sequence[RefSpan] = (),
    old_surfaces: Sequence[str] = (),
) -> tuple[str, list[str]]:
    """Stored form of ``text`` with every registered name replaced by a reference.

    ``kept`` and ``old_surfaces`` re-encode an edited rendering (see ``textformat.encode``):
    names are looked for only outside the kept references.
    """
    spans = sorted((r.start, r.end) for r in kept)
    starts = [s for s, _ in spans]

    def outside_kept(m: Match) -> bool:
        i = bisect.bisect_left(starts, m.end) - 1
        return i < 0 or spans[i][1] <= m.start

    matches = [m for m in matcher.find(text) if outside_kept(m)]
    return encode(text, marks, matches, kept=kept, old_surfaces=old_surfaces)


def repseudonymise(
    stored: str, surfaces: Sequence[str], matcher: NameMatcher
) -> tuple[str, list[str]] | None:
    """Replace names that became registered since ``stored`` was written (a new source or
    alias). Existing references are kept. ``None`` when nothing changed."""
    view = render(stored, surfaces_namer(surfaces))
    starts = [r.start for r in view.refs]
    new = []
    for m in matcher.find(view.text):
        i = bisect.bisect_left(starts, m.end) - 1
        if i < 0 or view.refs[i].end <= m.start:
            new.append(m)
    if not new:
        return None
    return encode(view.text, view.marks, new, kept=view.refs, old_surfaces=surfaces)


# --- pseudonym generation ------------------------------------------------------------------

# Neutral, readable, easy to say aloud. No words that mean informant (mole, rat, canary,
# pigeon, snake, weasel, grass), no colours of skin, no slang with a second meaning.
ADJECTIVES: tuple[str, ...] = tuple("""
Amber Azure Cobalt Crimson Teal Indigo Ochre Saffron Umber Cerulean Copper Bronze Silver
Golden Slate Russet Scarlet Emerald Sapphire Ivory Pearl Coral Olive Lilac Lavender Mauve
Plum Maroon Cyan Magenta Tawny Sable Auburn Cream Sandy Misty Frosty Snowy Stormy Sunny
Rainy Windy Foggy Cloudy Autumn Winter Summer Spring Northern Southern Eastern Western
Quiet Silent Rapid Steady Calm Gentle Brave Bold Bright Clever Nimble Patient Keen Loyal
Noble Proud Humble Merry Jolly Lucky Lively Curious Careful Wise Distant Lone Wandering
Roaming Drifting Rising Soaring Gliding Floating Polar Coastal Alpine Arctic Meadow River
Harbour Island Canyon Velvet Linen Silken Woollen Crystal Iron Steel Cedar Willow Maple
Birch Juniper Thistle Clover Fern Moss Mint Pepper Cinnamon Honey Lemon Cherry Lunar Solar
Early Evening Morning Twilight Ember Glacier Prairie Tundra Valley Orchard
""".split())

NOUNS: tuple[str, ...] = tuple("""
Heron Falcon Kestrel Osprey Harrier Hawk Eagle Owl Raven Magpie Finch Linnet Siskin Sparrow
Swallow Wren Thrush Starling Lark Pipit Wagtail Plover Curlew Sandpiper Dunlin Godwit
Lapwing Avocet Stork Crane Ibis Egret Pelican Gannet Puffin Tern Albatross Petrel Grebe
Kingfisher Hoopoe Oriole Warbler Bunting Dipper Nuthatch Ptarmigan Grouse Quail Pheasant
Partridge Fox Badger Otter Beaver Marten Lynx Wolf Bear Bison Elk Moose Reindeer Stag Hare
Squirrel Hedgehog Seal Walrus Dolphin Porpoise Whale Orca Salmon Trout Sturgeon Marlin Tuna
Turtle Tortoise Gecko Iguana Newt Salamander Dragonfly Butterfly Beetle Cricket Firefly
Panda Koala Ocelot Jaguar Leopard Panther Tiger Lion Cheetah Puma Gazelle Antelope Ibex
Chamois Zebra Giraffe Okapi Camel Llama Alpaca Yak Pony Quartz Agate Onyx Jasper Garnet
Topaz Opal Beryl Zircon Basalt Granite Obsidian Feldspar Mica Pyrite Malachite Flint Shale
Marble Cormorant Nightjar Swift
""".split())

_MAX_RANDOM_TRIES = 64

# The examples the app shows beside the style choice. They are never drawn: a screenshot of
# the settings must not show a real source's pseudonym, and a real source must not look like
# the example.
EXAMPLES: tuple[str, ...] = ("Amber Heron", "S-014")


def _pick(count: int, make: Callable[[int], str], unusable: Callable[[str], bool]) -> str | None:
    """A random usable candidate out of ``count``, or ``None`` if all are used."""
    for _ in range(_MAX_RANDOM_TRIES):
        candidate = make(secrets.randbelow(count))
        if not unusable(candidate):
            return candidate
    free = [i for i in range(count) if not unusable(make(i))]
    return make(secrets.choice(free)) if free else None


def generate_pseudonym(
    style: PseudonymStyle, taken: set[str], *, avoid: Iterable[str] = ()
) -> str:
    """A fresh pseudonym, unique against ``taken`` (compared case-insensitively).

    ``codename``: two words, e.g. "Amber Heron". ``code``: "S-" and a random three-digit
    number, e.g. "S-014", with four digits once every three-digit code is taken (and so on).
    ``avoid`` holds names whose words must not appear in the pseudonym: pass the source's
    real name and aliases so a Mr Heron is never "Amber Heron". Only ``secrets`` is used.
    """
    taken_keys = {fold(t) for t in (*taken, *EXAMPLES)}
    avoided = {w for name in avoid for w in fold(name).split()}

    def unusable(candidate: str) -> bool:
        key = fold(candidate)
        return key in taken_keys or any(w in avoided for w in key.split())

    style = _require_style(style)
    if style is PseudonymStyle.CODE:
        digits = 3
        while True:
            low = 1 if digits == 3 else 10 ** (digits - 1)

            def code(i: int, low: int = low, digits: int = digits) -> str:
                return f"S-{low + i:0{digits}d}"

            found = _pick(10**digits - low, code, unusable)
            if found:
                return found
            digits += 1
    pairs = len(ADJECTIVES) * len(NOUNS)

    def codename(i: int) -> str:
        return f"{ADJECTIVES[i // len(NOUNS)]} {NOUNS[i % len(NOUNS)]}"

    found = _pick(pairs, codename, unusable)
    suffix = 2
    while found is None:  # every pair is taken: number them ("Amber Heron 2")

        def numbered(i: int, suffix: int = suffix) -> str:
            return f"{codename(i)} {suffix}"

        found = _pick(pairs, numbered, unusable)
        suffix += 1
    return found


def _require_style(style: str) -> PseudonymStyle:
    try:
        return PseudonymStyle(style)
    except ValueError:
        raise BadInput("The pseudonym style must be 'codename' or 'code'.") from None
