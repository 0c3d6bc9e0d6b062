"""Text folding shared by the redaction pass and the leak gate.

Both sides must fold text identically, or the gate would search for a form of a name that
the document can never contain. Folding: compatibility decomposition (NFKD, which also does
what NFKC does to ligatures and full-width forms), diacritics dropped, casefolded, letters
without a decomposition mapped by hand (ł, ø, đ, æ …), typographic apostrophes and dashes
unified, invisible format characters (zero-width space, soft hyphen) dropped, whitespace
runs collapsed to one space.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

# Letters NFKD leaves alone but a reader treats as the plain letter.
_SPECIAL = {
    "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ŀ": "l", "ŧ": "t", "ð": "d",
    "þ": "th", "æ": "ae", "œ": "oe", "ĸ": "k", "ŉ": "n",
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-", "―": "-",
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
}

# A letter, a hyphen (or soft hyphen) and a line break: the hyphen belongs to the line break.
HYPHEN_BREAK = re.compile(r"([^\W\d_])[-\u00ad\u2010]\s*\n\s*([^\W\d_])")


@lru_cache(maxsize=65536)
def _fold_char(c: str) -> str:
    if c.isascii():
        if c.isspace():
            return " "
        if ord(c) < 32 or ord(c) == 127:
            return ""
        return _SPECIAL.get(c, c.lower())
    out = []
    for d in unicodedata.normalize("NFKD", c):
        if unicodedata.combining(d):
            continue
        cat = unicodedata.category(d)
        if cat == "Cf" or (cat == "Cc" and not d.isspace()):
            continue  # zero-width and control characters: invisible, never part of a word
        if d.isspace():
            out.append(" ")
            continue
        for e in d.casefold():
            out.append(_SPECIAL.get(e, e))
    return "".join(out)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text``; also return, for each folded character, its index in ``text``.

    Whitespace runs become one space, so a name broken over a line still matches.
    """
    out: list[str] = []
    where: list[int] = []
    last_space = True  # drop leading whitespace
    for i, c in enumerate(text):
        folded = _fold_char(c)
        for f in folded:
            if f == " ":
                if last_space:
                    continue
                last_space = True
            else:
                last_space = False
            out.append(f)
            where.append(i)
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


_ASCII_TABLE: dict[int, str | None] = {}
for _i in range(128):
    _c = chr(_i)
    if _c.isspace():
        _ASCII_TABLE[_i] = " "
    elif _i < 32 or _i == 127:
        _ASCII_TABLE[_i] = None
_ASCII_TABLE[ord("`")] = "'"
_SPACES = re.compile(r" {2,}")


class _FoldTable(dict[int, str]):
    """``str.translate`` table that folds any character, filled in on first sight: one
    C-level pass over a page instead of a Python call per character."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """The folded form of ``text`` (see the module docstring); equals
    ``fold_with_map(text)[0]``, only faster, as the gate folds every page."""
    ascii_only = text.isascii()
    folded = text.lower().translate(_ASCII_TABLE) if ascii_only else text.translate(_TABLE)
    return _SPACES.sub(" ", folded).strip(" ")


def without(folded: str, piece: str) -> str:
    """``folded`` with every ``piece`` cut out, as ``fold`` would give the text without it
    (the cut leaves one space): folding is per character, so a page is folded only once."""
    if piece not in folded:
        return folded
    return _SPACES.sub(" ", folded.replace(piece, " ")).strip(" ")


def fold_joined(text: str) -> str:
    """Like ``fold``, but a word hyphenated over a line break is joined first."""
    return fold(HYPHEN_BREAK.sub(r"\1\2", text))


def compact(folded: str) -> str:
    """A folded text without any spaces, against letter-spacing and split words."""
    return folded.replace(" ", "")


def _is_word_char(c: str) -> bool:
    return c.isalnum()


@dataclass(frozen=True)
class Hit:
    start: int  # in the folded haystack
    end: int
    tag: int  # caller's tag of the needle


class NeedleSearch:
    """Many folded needles searched at once (Aho-Corasick), with word boundaries.

    A needle matches only where it is not glued to letters or digits on a side where the
    needle itself starts or ends with one: "ann" does not match inside "annual". The
    *compact* automaton holds space-free forms of long needles and is searched without
    boundaries, to catch names split by line breaks or drawn letter by letter.
    """

    COMPACT_MIN = 10  # shorter space-free forms match too much ordinary text by accident

    def __init__(self, needles: Iterable[tuple[str, int]]) -> None:
        self._auto = ahocorasick.Automaton()
        self._compact = ahocorasick.Automaton()
        self._any = False
        self._any_compact = False
        for folded, tag in needles:
            if not folded:
                continue
            self._add(self._auto, folded, tag)
            self._any = True
            squeezed = compact(folded)
            if len(squeezed) >= self.COMPACT_MIN:
                self._add(self._compact, squeezed, tag)
                self._any_compact = True
        if self._any:
            self._auto.make_automaton()
        if self._any_compact:
            self._compact.make_automaton()

    @staticmethod
    def _add(auto: ahocorasick.Automaton, needle: str, tag: int) -> None:
        existing = auto.get(needle, None)
        tags = (*existing[1], tag) if existing else (tag,)
        auto.add_word(needle, (needle, tags))

    def search(self, folded: str) -> list[Hit]:
        """Every needle in a folded haystack, honouring word boundaries."""
        hits: list[Hit] = []
        if not self._any:
            return hits
        n = len(folded)
        for end_index, (needle, tags) in self._auto.iter(folded):
            start = end_index - len(needle) + 1
            end = end_index + 1
            if _is_word_char(needle[0]) and start > 0 and _is_word_char(folded[start - 1]):
                continue
            if _is_word_char(needle[-1]) and end < n and _is_word_char(folded[end]):
                continue
            hits.extend(Hit(start, end, t) for t in tags)
        return hits

    def search_compact(self, squeezed: str) -> list[Hit]:
        """Long needles in a space-free haystack, without boundaries."""
        hits: list[Hit] = []
        if not self._any_compact:
            return hits
        for end_index, (needle, tags) in self._compact.iter(squeezed):
            hits.extend(Hit(end_index - len(needle) + 1, end_index + 1, t) for t in tags)
        return hits
