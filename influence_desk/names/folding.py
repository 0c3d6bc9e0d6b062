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
character (runs of one script go through a Windows code page and ``bytes.translate``, the
rest through a ``str.translate`` table), except in rare *units*: runs of whitespace or
hyphens inside a name, which become one space, and characters that fold to more or fewer
characters (decomposed accents, zero-width spaces, ligatures, Hangul).
Units are recorded as breakpoints, and every match is mapped back through them to the exact
span of the original text.
"""

from __future__ import annotations

import bisect
import codecs
import itertools
import json
import re
import threading
import unicodedata
from collections.abc import Callable
from functools import cache
from importlib.resources import files

from anyascii import anyascii

__all__ = ["Folded", "fold", "fold_char", "is_word"]

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


def _default_ignorable(c: str) -> bool:
    code = ord(c)
    return any(lo <= code <= hi for lo, hi in _DEFAULT_IGNORABLE)


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
    sample = {m.group() for m in itertools.islice(_NON_ASCII_RE.finditer(seg, 0, 4000), 24)}
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


class _Folded:
    """A folded copy of a text, and how to map its positions back to the original.

    Two steps, each with its own map: every character is folded (``_Builder``), then a run
    of two or more spaces between letters, which was whitespace or hyphens in the
    original ("Anna  Schmidt", "Schmidt-\\nMüller"), becomes one space.
    """

    __slots__ = ("_chars", "_n", "_runs", "breaks", "folded", "original")

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
        # ``start`` without the maps that are empty: the matcher calls it per hit.
        self.original: Callable[[int], int] = (
            self.start if self._runs else self._chars.start if self._chars else _same
        )

    @property
    def identity(self) -> bool:
        """True when every folded position is the original position (the common case)."""
        return not self._chars and not self._runs and len(self.folded) == self._n

    def start(self, p: int) -> int:
        return self._chars.start(self._runs.start(p))

    def end(self, q: int) -> int:
        return min(self._chars.end(self._runs.end(q)), self._n)

    def original_span(self, s: int, e: int) -> tuple[int, int]:
        """``(start(s), end(e))``, through the one map there is when the other is empty."""
        if self._runs:
            return self.start(s), self.end(e)
        return self._chars.start(s), min(self._chars.end(e), self._n)


def _same(p: int) -> int:
    return p


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
