"""Finding registered sources' names in text (pseudonymisation) and generating pseudonyms.

Matching
--------
``NameMatcher`` finds every mention of a registered name or alias, whole words only, and the
longest one where mentions overlap. Both the names and the text are *folded* first, so that
all these spellings of a name are one:

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
character (runs of one script go through a Windows code page and ``bytes.translate``, the
rest through a ``str.translate`` table), except in rare *units*: runs of whitespace or
hyphens inside a name, which become one space, and characters that fold to more or fewer
characters (decomposed accents, zero-width spaces, Hangul). Units are recorded as
breakpoints, and every match is mapped back through them to the exact span of the original
text. An Aho–Corasick automaton (``pyahocorasick``) finds all names in one pass; word
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
import codecs
import re
import secrets
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import NamedTuple

import ahocorasick

from influence_desk.errors import BadInput
from influence_desk.model import Mark, PseudonymStyle
from influence_desk.textformat import RefSpan, encode, render, surfaces_namer

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


class Match(NamedTuple):
    """A mention of a registered source over ``[start, end)`` of the original text."""

    start: int
    end: int
    source_id: str


# --- folding -------------------------------------------------------------------------------

_SPACES = (
    "\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
_APOSTROPHES = "`\u2018\u2019\u201b\u02bc\u02b9\u00b4\u2032"
# Letters without a Unicode decomposition that people still write without their mark.
_LETTERS = {"ł": "l", "ı": "i", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t", "ŀ": "l",
            "ς": "σ"}
_SPECIAL = {**{c: " " for c in _SPACES + _HYPHENS}, **{c: "'" for c in _APOSTROPHES},
            **_LETTERS}
_VANISH = ("Mn", "Me", "Cf")  # combining marks, soft hyphen, zero-width and direction marks


def _fold_char(c: str) -> str:
    """The one definition of folding, for a single character; every fast path below is
    derived from it, so they cannot disagree. Usually one character, sometimes none
    (a combining accent, a soft hyphen) or several (a Hangul syllable)."""
    kept = "".join(
        x for x in unicodedata.normalize("NFD", c)
        if not unicodedata.combining(x) and unicodedata.category(x) not in _VANISH
    )
    return "".join(_SPECIAL.get(x, x) for x in kept.lower())


class _FoldTable(dict[int, str]):
    """``str.translate`` table that folds any character, filled in on first sight."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_TABLE = _FoldTable()
_ASCII_TABLE = str.maketrans({i: _fold_char(chr(i)) for i in range(128)})
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
# Windows code pages: their C codecs plus bytes.translate fold a block of one script about
# five times faster than str.translate with a dict. Western, Central European, Baltic,
# Turkish, Greek, Cyrillic.
_CODEPAGES = ("cp1252", "cp1250", "cp1257", "cp1254", "cp1253", "cp1251")
_ERRORS = "influence_desk.fold"
_runs = threading.local()


def _record_run(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: note a run the code page cannot hold; keep lengths equal."""
    assert isinstance(exc, UnicodeEncodeError)
    _runs.list.append((exc.start, exc.end))
    return "\x00" * (exc.end - exc.start), exc.end


codecs.register_error(_ERRORS, _record_run)


@cache
def _codepage(name: str) -> tuple[bytes, str]:
    """Byte fold table of a code page, and its characters that must take the slow path."""
    table = bytearray(range(256))
    slow = []
    for b in range(256):
        try:
            c = bytes([b]).decode(name)
        except UnicodeDecodeError:
            continue
        folded = _fold_char(c)
        try:
            encoded = folded.encode(name)
        except UnicodeEncodeError:
            encoded = b""
        if len(folded) == 1 and len(encoded) == 1:
            table[b] = encoded[0]
        else:
            slow.append(c)
    return bytes(table), "".join(slow)


@cache
def _codepage_chars(name: str) -> frozenset[str]:
    return frozenset(bytes(range(256)).decode(name, "ignore"))


def _codepage_for(seg: str) -> str | None:
    """The code page that holds most of the first non-ASCII letters of a Latin run (Polish
    text wants cp1250, French cp1252), the earlier one on a tie."""
    sample = set(_NON_ASCII_RE.findall(seg, 0, 4000)[:24])
    if not sample:
        return None
    best, best_count = None, 0
    for name in _CODEPAGES[:4]:  # the Latin ones
        count = len(sample & _codepage_chars(name))
        if count > best_count:
            best, best_count = name, count
            if count == len(sample):
                break
    return best


@cache
def _irregular_re() -> re.Pattern[str]:
    """Characters whose fold is not exactly one character.

    Computed once: cheap Unicode-data tests pick the candidates and only those are folded.
    Astral characters are all taken as irregular (rare in notes, folded one by one).
    """
    codes: list[int] = []
    for code in range(0x80, 0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        c = chr(code)
        vanishes = unicodedata.category(c) in _VANISH or unicodedata.combining(c)
        may_change_length = (
            unicodedata.decomposition(c) or len(c.lower()) != 1 or 0xAC00 <= code <= 0xD7A3
        )
        if vanishes or (may_change_length and len(_fold_char(c)) != 1):
            codes.append(code)
    ranges: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        ranges.append(re.escape(chr(codes[i])))
        if j > i:
            ranges.append("-" + re.escape(chr(codes[j])))
        i = j + 1
    return re.compile("[" + "".join(ranges) + "\U00010000-\U0010ffff]+")


class _Map:
    """Breakpoints between a folded string and the string it was folded from.

    Outside the recorded units every character maps to one character. A unit is ``olen``
    original characters that became ``flen`` folded ones, starting at folded ``fs``.
    """

    __slots__ = ("_fs", "_units")

    def __init__(self) -> None:
        self._fs: list[int] = []
        self._units: list[tuple[int, int, int]] = []  # (original start, flen, olen)

    def __bool__(self) -> bool:
        return bool(self._fs)

    def add(self, fs: int, orig: int, flen: int, olen: int) -> None:
        self._fs.append(fs)
        self._units.append((orig, flen, olen))

    def start(self, p: int) -> int:
        """Original index of the character at folded index ``p``."""
        i = bisect.bisect_right(self._fs, p) - 1
        if i < 0:
            return p
        fs = self._fs[i]
        orig, flen, olen = self._units[i]
        return orig if p < fs + flen else orig + olen + (p - fs - flen)

    def end(self, q: int) -> int:
        """Original exclusive end for folded exclusive end ``q``: whole units included,
        and characters that vanished right after it (a decomposed accent) too."""
        p = q - 1
        i = bisect.bisect_right(self._fs, p) - 1
        if i >= 0 and p < self._fs[i] + self._units[i][1]:
            orig, _, olen = self._units[i]
            end = orig + olen
        else:
            end = self.start(p) + 1
        j = bisect.bisect_left(self._fs, q)
        while j < len(self._fs) and self._fs[j] == q and self._units[j][1] == 0:
            if self._units[j][0] == end:
                end += self._units[j][2]
            j += 1
        return end


def _fold_with_map(text: str) -> tuple[str, _Map]:
    """Fold every character of ``text``; the map records where lengths changed.

    Runs of one script go through their code page; what a code page cannot hold (a Polish
    name in a French note) and other scripts take the dict table. Written flat, with the
    folded length computed only when a unit needs it, because this is the hot loop.
    """
    units = _Map()
    pieces: list[str] = []
    append = pieces.append
    irregular = _irregular_re()
    known = [0, 0]  # pieces[:known[0]] are known to be known[1] characters long

    def length_now() -> int:
        count = known[1] + sum(len(pieces[i]) for i in range(known[0], len(pieces)))
        known[0], known[1] = len(pieces), count
        return count

    def slow(piece: str, orig: int) -> None:
        if irregular.search(piece) is None:
            append(piece.translate(_TABLE))
            return
        pos = 0
        for m in irregular.finditer(piece):
            append(piece[pos : m.start()].translate(_TABLE))
            folded = m.group().translate(_TABLE)
            units.add(length_now(), orig + m.start(), len(folded), m.end() - m.start())
            append(folded)
            pos = m.end()
        append(piece[pos:].translate(_TABLE))

    for m in _SCRIPT_RUN_RE.finditer(text):
        seg, orig = m.group(), m.start()
        if seg.isascii():
            append(seg.translate(_ASCII_TABLE))
            continue
        codepage = _SCRIPT_CODEPAGE.get(m.lastgroup or "")
        if m.lastgroup == "latin":
            codepage = _codepage_for(seg)
        if codepage is None or len(seg) < _MIN_CODEPAGE_RUN:
            slow(seg, orig)
            continue
        table, slow_chars = _codepage(codepage)
        if any(c in seg for c in slow_chars):
            slow(seg, orig)
            continue
        runs: list[tuple[int, int]] = []
        _runs.list = runs
        folded = seg.encode(codepage, _ERRORS).translate(table).decode(codepage)
        if not runs:
            append(folded)
            continue
        pos = 0
        for start, end in runs:  # characters this code page cannot hold
            append(folded[pos:start])
            slow(seg[start:end], orig + start)
            pos = end
        append(folded[pos:])
    return "".join(pieces), units


# Text comes in runs of one script (a note in German with a Greek name in it): each run is
# folded through the code page of its script.
_SCRIPT_RUN_RE = re.compile(
    "(?P<latin>[\x00-\u024f\u1e00-\u1eff\u2000-\u206f\u20ac]+)"
    "|(?P<greek>[\x00-\x7f\u0370-\u03ff\u1f00-\u1fff\u2000-\u206f]+)"
    "|(?P<cyrillic>[\x00-\x7f\u0400-\u052f\u2000-\u206f]+)"
    "|(?P<other>[^\x00-\u024f\u0370-\u052f\u1e00-\u1fff\u2000-\u206f]+)"
)
_SCRIPT_CODEPAGE = {"latin": None, "greek": "cp1253", "cyrillic": "cp1251"}
_MIN_CODEPAGE_RUN = 24


_SPACES_AT_RE = re.compile(" +")
_HYPHEN_BREAK_RE = re.compile(r"[-\u2010\u2011\u00ad][ \t]*\r?\n[ \t]*")
_WINDOW = 100  # characters each side of a hyphenated line break: longer than any name


class _Folded:
    """A folded copy of a text, and how to map its positions back to the original.

    Two steps, each with its own map: every character is folded (``_Builder``), then a run
    of two or more spaces between letters, which was whitespace or hyphens in the
    original ("Anna  Schmidt", "Schmidt-\\nMüller"), becomes one space.
    """

    __slots__ = ("_chars", "_n", "_runs", "breaks", "folded")

    def __init__(self, text: str) -> None:
        self._n = len(text)
        self.breaks: list[tuple[int, int]] = []  # hyphenated line breaks between letters
        self._chars = _Map()
        if text.isascii():
            folded = text.translate(_ASCII_TABLE)
        else:
            folded, self._chars = _fold_with_map(text)
        self._runs = _Map()
        pieces: list[str] = []
        pos = removed = 0
        n = len(folded)
        start = folded.find("  ")
        while start >= 0:  # str.find is far faster than a regex scan here
            end = _SPACES_AT_RE.match(folded, start).end()  # type: ignore[union-attr]
            if start and end < n and _is_word(folded[start - 1]) and _is_word(folded[end]):
                pieces.append(folded[pos : start + 1])
                self._runs.add(start - removed, start, 1, end - start)
                o_start, o_end = self._chars.start(start), self._chars.start(end)
                if _HYPHEN_BREAK_RE.fullmatch(text, o_start, o_end):
                    self.breaks.append((o_start, o_end))
                removed += end - start - 1
                pos = end
            start = folded.find("  ", end)
        if pieces:
            pieces.append(folded[pos:])
            folded = "".join(pieces)
        self.folded = folded

    @property
    def identity(self) -> bool:
        """True when every folded position is the original position (the common case)."""
        return not self._chars and not self._runs and len(self.folded) == self._n

    def start(self, p: int) -> int:
        return self._chars.start(self._runs.start(p))

    def end(self, q: int) -> int:
        return min(self._chars.end(self._runs.end(q)), self._n)


def fold(s: str) -> str:
    """The folded form used for matching: lower case, no diacritics, one space between words.

    Useful to compare names the way the matcher does (``fold("İsmail") == fold("ISMAIL")``).
    """
    return " ".join(_Folded(s).folded.replace("ß", "ss").split())


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


# --- name variants -------------------------------------------------------------------------

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                           "ø": "oe", "Ø": "Oe", "å": "aa", "Å": "Aa", "æ": "ae", "Æ": "Ae",
                           "œ": "oe", "Œ": "Oe", "þ": "th", "Þ": "Th"})
_MAX_VARIANTS = 16


def _name_variants(name: str) -> set[str]:
    """Folded spellings a text may use for ``name`` (see the module docstring)."""
    base = {fold(name), fold(unicodedata.normalize("NFC", name).translate(_TRANSLIT))}
    # Registered in transliteration ("Mueller"): the text may use the umlaut ("Müller").
    if name.isascii():
        for a, b in (("ae", "a"), ("oe", "o"), ("ue", "u")):
            base |= {v.replace(a, b) for v in base if a in v}
    variants: set[str] = set()
    for v in base:
        # The text side keeps ß as one letter so that lengths stay put: add the ß spellings.
        spellings = {v}
        for _ in range(v.count("ss")):
            spellings |= {s.replace("ss", "ß", 1) for s in spellings}
            spellings |= {s[::-1].replace("ss", "ß", 1)[::-1] for s in spellings}
            if len(spellings) > _MAX_VARIANTS:
                break
        variants |= spellings
    return {v for v in variants if any(_is_word(c) for c in v)}


# --- the matcher ---------------------------------------------------------------------------


class NameMatcher:
    """Finds mentions of registered sources in text.

    Built from ``(source_id, names)`` pairs: the real name and aliases of each source. If two
    sources share a spelling, the first one given keeps it.
    """

    def __init__(self, sources: Iterable[tuple[str, Sequence[str]]]) -> None:
        keys: dict[str, tuple[str, int]] = {}
        self.source_ids: list[str] = []
        for source_id, names in sources:
            self.source_ids.append(source_id)
            for name in names:
                if not isinstance(name, str) or not name.strip():
                    continue
                for key in _name_variants(name):
                    keys.setdefault(key, (source_id, len(key)))
        self._automaton: ahocorasick.Automaton | None = None
        if keys:
            automaton = ahocorasick.Automaton()
            for key, value in keys.items():
                automaton.add_word(key, value)
            automaton.make_automaton()
            self._automaton = automaton
        self.pattern_count = len(keys)

    def __bool__(self) -> bool:
        return self._automaton is not None

    def _hits(self, f: _Folded, text: str) -> list[tuple[int, int, str]]:
        """Whole-word hits as (folded start, folded end, source id), overlapping."""
        assert self._automaton is not None
        folded = f.folded
        n = len(folded)
        hits = []
        for last, (source_id, length) in self._automaton.iter(folded):
            start, end = last + 1 - length, last + 1
            if start > 0:
                before = folded[start - 1]
                if before.isalnum() or before == "_":
                    continue
            # Possessive "Smiths'" or German genitive "Schmidts" (capitalised, so the English
            # word "marks" is not taken for Mark): the name is matched without the "s".
            if (
                end < n
                and _is_word(folded[end])
                and not (
                    folded[end] == "s"
                    and (end + 1 == n or not _is_word(folded[end + 1]))
                    and (
                        (end + 1 < n and folded[end + 1] == "'")
                        or (length >= 4 and text[f.start(start)].isupper())
                    )
                )
            ):
                continue
            hits.append((start, end, source_id))
        return hits

    def find(self, text: str) -> list[Match]:
        """Mentions in ``text``, sorted and non-overlapping; the longest wins an overlap."""
        if self._automaton is None or not text:
            return []
        f = _Folded(text)
        chosen = _choose(self._hits(f, text))
        if f.identity:
            matches = [Match(s, e, sid) for s, e, sid in chosen]
        else:
            matches = [Match(f.start(s), f.end(e), sid) for s, e, sid in chosen]
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
            lo, hi = max(0, bs - _WINDOW), min(n, be + _WINDOW)
            joined = text[lo:bs] + text[be:hi]
            cut = bs - lo
            f = _Folded(joined)
            for s, e, source_id in _choose(self._hits(f, joined)):
                js, je = f.start(s), f.end(e)
                if not js < cut < je or (js == 0 and lo) or (je == len(joined) and hi < n):
                    continue  # not split by this break, or cut off by the window
                start, end = lo + js, be + (je - cut)
                i = bisect.bisect_left(taken, (end, -1))
                if any(ts < end and start < te for ts, te in taken[max(0, i - 2) : i + 1]):
                    continue
                bisect.insort(taken, (start, end))
                extra.append(Match(start, end, source_id))
        return sorted([*matches, *extra]) if extra else matches


def _choose(hits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping hits in text order; within a cluster of overlapping hits the longest
    wins, then the leftmost. Clusters are tiny, so this stays linear in practice."""
    hits.sort(key=lambda h: (h[0], -h[1]))
    chosen: list[tuple[int, int, str]] = []
    cluster: list[tuple[int, int, str]] = []
    cluster_end = -1

    def flush() -> None:
        if len(cluster) == 1:
            chosen.append(cluster[0])
            return
        kept: list[tuple[int, int, str]] = []
        for hit in sorted(cluster, key=lambda h: (h[0] - h[1], h[0])):
            if all(hit[1] <= k[0] or k[1] <= hit[0] for k in kept):
                kept.append(hit)
        chosen.extend(sorted(kept))

    for hit in hits:
        if hit[0] >= cluster_end and cluster:
            flush()
            cluster = []
        cluster.append(hit)
        cluster_end = max(cluster_end, hit[1])
    if cluster:
        flush()
    return chosen


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
    taken_keys = {fold(t) for t in taken}
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
