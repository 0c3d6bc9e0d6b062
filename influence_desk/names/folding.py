"""The one fold that registered names and text both go through before matching (DESIGN §5a).

What is folded, so that all these spellings of a name are one:

- compatibility forms (NFKC): fullwidth letters, superscripts, ligatures, mathematical
  letters (Ｗiśniewska, ᴷasia, 𝐊asia);
- look-alike letters of other scripts (the Unicode confusables data, UTS #39, through
  ``confusable_homoglyphs``): a Cyrillic а or Greek ο inside a Latin name, and Latin letters
  that have no decomposition but are read as a plain letter (small capitals ᴋ ᴀ ɴ, through
  ``anyascii``);
- default-ignorable code points vanish (zero-width characters, soft hyphens, bidi controls,
  variation selectors, tag characters, Hangul fillers);
- case, including Turkish İ/ı and I/i both ways (İsmail = ISMAIL = ismail = ısmail) and
  German ß = ss (Strauß = Strauss = STRAUSS);
- diacritics, in both directions: a mention with or without them matches a name registered
  with or without them (Wiśniewski = Wisniewski, Müller = Muller, Γιώργος = Γιωργος). Missing
  a mention outs a source; matching one spelling too many at worst hides a name that was
  not theirs;
- typographic apostrophes (O’Brien = O'Brien) and hyphen variants, which count as spaces
  (Jean-Luc = Jean Luc = Jean‐Luc = Jean–Luc);
- whitespace: any run of spaces, tabs and line breaks inside a name, and a hyphenated line
  break ("Schmidt-\\nMüller").

Two things people do to names are not character folds and are handled on the names' side
(``influence_desk.names.variants``), so that the text is still read once, one character at a
time: letter-spaced and dotted spellings ("W i ś n i e w s k a" is a pattern of its own,
which costs the text nothing), and transliteration between scripts (Вишневская is not a
letter-by-letter image of Wiśniewska; ``influence_desk.names.scripts`` writes the names as
Russian and Greek texts write them, and Greek and Cyrillic names as Latin texts do).

Folding is defined once, for a single character (``_fold_char``); the fast paths derive
their tables from it. The text is folded into a copy with one character per original
character (the whole text through one code page made for it, ASCII and its most frequent
letters, by the C charmap codec; the rest through a ``str.translate`` table), except in
rare *units*: runs of whitespace or hyphens inside a name, which become one space, and
characters that fold to more or fewer
characters (decomposed accents, zero-width spaces, ligatures, Hangul).
Units are recorded as breakpoints, and every match is mapped back through them to the exact
span of the original text.
"""

from __future__ import annotations

import bisect
import codecs
import collections
import functools
import json
import re
import threading
import unicodedata
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from anyascii import anyascii

if TYPE_CHECKING:
    from _codecs import _EncodingMap

__all__ = ["Folded", "fold", "fold_char", "is_word", "warm"]

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
# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt): never visible, so a name
# with one inside reads as the name. Most are Cf or Mn already; these ranges add the Hangul
# fillers (Lo), variation selectors and the unassigned ones reserved as ignorable.
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)


_IGNORABLE_CODES = frozenset(
    code for lo, hi in _DEFAULT_IGNORABLE for code in range(lo, hi + 1)
)


def _default_ignorable(c: str) -> bool:
    return ord(c) in _IGNORABLE_CODES


def warm() -> None:
    """Build the text side's tables now (~0.1 s once per process), not in the first
    ``Folded``: the matcher's build calls this."""
    _irregular_re()


@cache
def _lookalikes() -> dict[str, str]:
    """Lower-case letters outside ASCII that read as one ASCII letter.

    From the Unicode confusables data (``confusable_homoglyphs`` ships it, MIT): a letter
    whose confusables include exactly one ASCII letter (Cyrillic а → a, Greek Ο → o,
    Cyrillic Р → p). Folding ignores case, so the table is keyed by the lower-case letter;
    where the capital and the small letter look like different letters (Greek Ν like N, ν
    like v), the capital wins: names start with one. UTS #39 takes "l" as the prototype of
    capital I; a capital look-alike of it (Greek Ι, Cyrillic І) is an I to a reader.
    """
    raw = files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    of_capital: dict[str, str] = {}
    of_small: dict[str, str] = {}
    for c, entries in json.loads(raw).items():
        if len(c) != 1 or c.isascii() or not unicodedata.category(c).startswith("L"):
            continue
        targets = {e["c"] for e in entries if len(e["c"]) == 1 and e["c"].isascii()}
        targets = {t for t in targets if t.isalpha()}
        small = c.lower()
        if len(targets) != 1 or len(small) != 1:
            continue
        target = targets.pop()
        if c.isupper():
            of_capital[small] = "i" if target == "l" else target.lower()
        else:
            of_small[small] = target.lower()
    return {**of_small, **of_capital}


def _plain_latin(c: str) -> str:
    """A Latin letter with no decomposition that people read as a plain letter (small
    capitals ᴋ ᴀ ɴ, ɑ, ɡ): its ``anyascii`` transliteration when that is one letter."""
    if c.isascii() or not c.isalpha() or "LATIN" not in unicodedata.name(c, ""):
        return c
    plain = anyascii(c)
    return plain.lower() if len(plain) == 1 and plain.isalpha() else c


def _fold_char(c: str) -> str:
    """The one definition of folding, for a single character; every fast path below is
    derived from it, so they cannot disagree. Usually one character, sometimes none
    (a combining accent, a soft hyphen) or several (a ligature, a Hangul syllable)."""
    lookalikes = _lookalikes()
    out: list[str] = []
    for x in unicodedata.normalize("NFKC", c):
        if _default_ignorable(x):
            continue
        for y in unicodedata.normalize("NFD", x):
            if unicodedata.combining(y) or unicodedata.category(y) in _VANISH:
                continue
            for z in y.lower():
                z = _SPECIAL.get(z, z)
                out.append(_plain_latin(lookalikes.get(z, z)))
    return "".join(out)


class _FoldTable(dict[int, str]):
    """``str.translate`` table that folds any character, filled in on first sight."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_TABLE = _FoldTable()
_ASCII_TABLE = str.maketrans({i: _fold_char(chr(i)) for i in range(128)})
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_ERRORS = "influence_desk.fold"
_runs = threading.local()


def _record_run(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: note a run the code page cannot hold; keep lengths equal."""
    assert isinstance(exc, UnicodeEncodeError)
    _runs.list.append((exc.start, exc.end))
    return "\x00" * (exc.end - exc.start), exc.end


codecs.register_error(_ERRORS, _record_run)


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
        vanishes = (
            unicodedata.category(c) in _VANISH or unicodedata.combining(c)
            or _default_ignorable(c)
        )
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

    def starts(self, ps: list[int]) -> list[int]:
        """``[start(p) for p in ps]`` for ``ps`` in ascending order, in one walk."""
        fs, units = self._fs, self._units
        if not fs:
            return ps
        out: list[int] = []
        k, i = len(fs), -1  # i: the last unit at or before p
        for p in ps:
            while i + 1 < k and fs[i + 1] <= p:
                i += 1
            if i < 0:
                out.append(p)
                continue
            orig, flen, olen = units[i]
            start = fs[i]
            out.append(orig if p < start + flen else orig + olen + (p - start - flen))
        return out

    def ends(self, qs: list[int]) -> list[int]:
        """``[end(q) for q in qs]`` for ``qs`` in ascending order, in one walk."""
        fs, units = self._fs, self._units
        if not fs:
            return qs
        out: list[int] = []
        k, i = len(fs), -1  # i: the last unit at or before q - 1
        for q in qs:
            p = q - 1
            while i + 1 < k and fs[i + 1] <= p:
                i += 1
            if i < 0:
                end = q
            else:
                orig, flen, olen = units[i]
                start = fs[i]
                end = orig + olen + (0 if p < start + flen else p - start - flen + 1)
            j = i + 1  # characters that vanished right after (fs == q, no folded length)
            while j < k and fs[j] == q and units[j][1] == 0:
                if units[j][0] == end:
                    end += units[j][2]
                j += 1
            out.append(end)
        return out

    def align(self, source: str) -> str:
        """``source[start(p)]`` for every position ``p`` of the folded side, as a string."""
        pieces: list[str] = []
        f_at = o_at = 0  # where the one-to-one stretch after the last unit begins
        for fs, (orig, flen, olen) in zip(self._fs, self._units, strict=True):
            pieces.append(source[o_at : o_at + fs - f_at])
            pieces.append(source[orig] * flen)
            f_at, o_at = fs + flen, orig + olen
        pieces.append(source[o_at:])
        return "".join(pieces)

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

    The whole text goes through one code page made for it (``_text_codepage``: ASCII and
    the non-ASCII characters most frequent in a sample of it), encoded and decoded by the C
    charmap codec, whose decoding table is the folded character. What that code page does
    not hold (a rarer letter, a character that folds to more or fewer characters) is
    reported by the codec's error handler and folded through the dict table. Written flat,
    with the folded length computed only when a unit needs it, because this is the hot loop.
    """
    units = _Map()
    encoding, decoding = _text_codepage(text)
    runs: list[tuple[int, int]] = []
    _runs.list = runs
    folded = codecs.charmap_decode(
        codecs.charmap_encode(text, _ERRORS, encoding)[0], "strict", decoding
    )[0]
    if not runs:
        return folded, units
    pieces: list[str] = []
    append = pieces.append
    irregular = _irregular_re()
    known = [0, 0]  # pieces[:known[0]] are known to be known[1] characters long

    def length_now() -> int:
        count = known[1] + sum(len(pieces[i]) for i in range(known[0], len(pieces)))
        known[0], known[1] = len(pieces), count
        return count

    pos = 0
    for start, end in runs:  # characters the code page does not hold
        append(folded[pos:start])
        pos = end
        piece = text[start:end]
        if irregular.search(piece) is None:
            append(piece.translate(_TABLE))
            continue
        at = 0
        for m in irregular.finditer(piece):
            append(piece[at : m.start()].translate(_TABLE))
            unit = m.group().translate(_TABLE)
            units.add(length_now(), start + m.start(), len(unit), m.end() - m.start())
            append(unit)
            at = m.end()
        append(piece[at:].translate(_TABLE))
    append(folded[pos:])
    return "".join(pieces), units


_SAMPLES = 48  # slices of the text whose characters choose its code page
_SAMPLE_CHARS = 1024
_UNDEFINED = "\ufffe"  # a charmap table's "no character here"


def _text_codepage(text: str) -> tuple[dict[int, int] | _EncodingMap, str]:
    """A code page for ``text``: ASCII, then the (at most 128) non-ASCII characters that
    fold to exactly one character, most frequent in a sample of the text first. The
    encoding map, and the decoding table that gives each byte's folded character."""
    n = len(text)
    if n <= _SAMPLES * _SAMPLE_CHARS:
        sample = text
    else:
        step = n // _SAMPLES
        sample = "".join(text[i : i + _SAMPLE_CHARS] for i in range(0, n, step))
    counts = collections.Counter(_NON_ASCII_RE.findall(sample))
    chars = tuple(sorted(c for c, _ in counts.most_common(256) if c in _regular_chars())[:128])
    return _codepage_of(chars)


@functools.lru_cache(maxsize=64)
def _codepage_of(chars: tuple[str, ...]) -> tuple[dict[int, int] | _EncodingMap, str]:
    table = _ASCII_CHARS + "".join(chars) + _UNDEFINED * (128 - len(chars))
    decoding = _ASCII_FOLDED + "".join(_TABLE[ord(c)] for c in chars)
    return codecs.charmap_build(table), decoding + _UNDEFINED * (256 - len(decoding))


class _RegularChars:
    """Membership test: does a non-ASCII character fold to exactly one character (and so
    may sit in a text's code page)? Answered from the fold table, remembered."""

    def __init__(self) -> None:
        self._known: dict[str, bool] = {}

    def __contains__(self, c: object) -> bool:
        assert isinstance(c, str)
        known = self._known.get(c)
        if known is None:
            known = self._known[c] = (
                len(c) == 1 and ord(c) < 0x10000 and len(_TABLE[ord(c)]) == 1
                and _irregular_re().match(c) is None and c != _UNDEFINED
            )
        return known


_regular_chars = functools.cache(_RegularChars)
_ASCII_CHARS = "".join(chr(i) for i in range(128))
_ASCII_FOLDED = _ASCII_CHARS.translate(_ASCII_TABLE)
assert len(_ASCII_FOLDED) == 128  # every ASCII character folds to one


_SPACES_AT_RE = re.compile(" +")
_HYPHEN_BREAK_RE = re.compile(r"[-\u2010\u2011\u00ad][ \t]*\r?\n[ \t]*")


class _Folded:
    """A folded copy of a text, and how to map its positions back to the original.

    Two steps, each with its own map: every character is folded (``_Builder``), then a run
    of two or more spaces between letters, which was whitespace or hyphens in the
    original ("Anna  Schmidt", "Schmidt-\\nMüller"), becomes one space.
    """

    __slots__ = ("_chars", "_n", "_runs", "_text", "breaks", "folded")

    def __init__(self, text: str) -> None:
        self._n = len(text)
        self._text = text
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
            if not (start and _is_word(folded[start - 1])):  # a paragraph break, mostly
                start = folded.find("  ", start + 2)
                continue
            end = _SPACES_AT_RE.match(folded, start).end()  # type: ignore[union-attr]
            if end < n and _is_word(folded[end]):
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

    def aligned(self) -> str:
        """The original character at each folded position (``text[start(p)]`` for every
        ``p``): the matcher reads capitals there without mapping each hit."""
        if not self._chars and not self._runs:
            return self._text
        return self._runs.align(self._chars.align(self._text))

    def end(self, q: int) -> int:
        return min(self._chars.end(self._runs.end(q)), self._n)

    def spans(self, starts: list[int], ends: list[int]) -> tuple[list[int], list[int]]:
        """Original starts and ends of folded ``starts`` and ``ends``, each ascending (the
        spans of sorted, non-overlapping matches), mapped in one walk each."""
        n = self._n
        ends = self._chars.ends(self._runs.ends(ends))
        if ends and ends[-1] > n:
            ends = [min(e, n) for e in ends]
        return self._chars.starts(self._runs.starts(starts)), ends

    def original_span(self, s: int, e: int) -> tuple[int, int]:
        """``(start(s), end(e))``, through the one map there is when the other is empty."""
        if self._runs:
            return self.start(s), self.end(e)
        return self._chars.start(s), min(self._chars.end(e), self._n)


def fold(s: str) -> str:
    """The folded form used for matching: lower case, no diacritics, one space between words.

    Useful to compare names the way the matcher does (``fold("İsmail") == fold("ISMAIL")``).
    """
    # Character by character through the one fold table (the same per-character folds as
    # the text's fast paths); the whitespace runs become single spaces here.
    return " ".join(s.translate(_TABLE).replace("ß", "ss").split())


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"



# Public names for the matcher.
Folded = _Folded
fold_char = _fold_char
is_word = _is_word
HYPHEN_BREAK_RE = _HYPHEN_BREAK_RE
