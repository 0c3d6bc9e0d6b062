"""People named in free text who are not registered: candidates for review (DESIGN §5a).

Before a public export every candidate in the exported notes must have been looked at by a
researcher or lead (``reviews.py``). The list is only read, not rubber-stamped, if it is
precise, so a capitalised word sequence becomes a candidate only with evidence that it
names a person:

- **a given name** from a maintained first-name lexicon (gender-guesser's data set, about
  48,000 names of 50+ countries; loaded lazily, once per process) followed by a surname-like
  word ("Joachim Vogelsang"), with Polish and German case endings folded off for the
  look-up ("Katarzyny", "Piotrem", "Annas");
- **an honorific** before it ("Herr Vogelsang", "pani Nowak", "Dr. Weber");
- **context**: a reporting verb or a role next to two or more name-like words ("said
  Vogelsang Kruse", "according to …", "CEO …", "…, head of sales").

And never: registered sources' names and aliases and their pseudonyms (the matcher's job),
registered organisations and events, places (GeoNames), taxonomy terms, ordinary words that
open a sentence ("Afterwards", "Laut", "Według"), and words that end a name (company
suffixes, months, weekdays, venue words). Candidates are spans of the text they were found
in; ``name_key`` folds a name for comparing decisions (case, diacritics, hyphens).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources

from influence_desk.resourcefiles import resource_path

__all__ = [
    "NO_EXCLUSIONS",
    "Evidence",
    "Exclusions",
    "NameCandidate",
    "find_candidates",
    "given_names",
    "name_key",
]

CANDIDATE_DATA = resource_path("candidates")


class Evidence(StrEnum):
    HONORIFIC = "honorific"
    GIVEN_NAME = "given-name"
    INITIALS = "initials"
    CONTEXT = "context"


@dataclass(frozen=True)
class NameCandidate:
    """``text[start:end]`` names a person who may not be registered; ``name`` is that text
    (no honorific, no possessive ending), ``key`` its folded form."""

    start: int
    end: int
    name: str
    key: str
    evidence: Evidence


# --- folding and word lists -----------------------------------------------------------------

_EXTRA_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})


_SPLIT_RE = re.compile(r"[\s\-‐‑‒–—.]+")


def _fold(name: str) -> str:
    if name.isascii():
        s = name.lower()
    else:
        s = unicodedata.normalize("NFKD", name)
        s = "".join(c for c in s if not unicodedata.combining(c))
        s = s.casefold().translate(_EXTRA_FOLD)
    if " " not in s and "-" not in s and "." not in s and s.isalpha():
        return s
    return " ".join(_SPLIT_RE.split(s)).strip()


@lru_cache(maxsize=16384)
def name_key(name: str) -> str:
    """Case, diacritics, hyphens, dots and spacing folded: "Jean-Luc  Müller" and
    "jean luc muller" are one name."""
    return _fold(name)


def _words_file(name: str) -> frozenset[str]:
    words: set[str] = set()
    text = (CANDIDATE_DATA / name).read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if name == "places.txt":
            words.add(_fold(line))
        else:
            words.update(_fold(w) for w in line.split())
    return frozenset(words)


class _Lexicon:
    """Word lists, loaded on first use and kept for the process (read-only afterwards)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._given: frozenset[str] | None = None
        self._common: frozenset[str] = frozenset()
        self._name_words: frozenset[str] = frozenset()
        self._stoppers: frozenset[str] = frozenset()
        self._places: frozenset[str] = frozenset()

    def _load(self) -> None:
        with self._lock:
            if self._given is not None:
                return
            self._common = _words_file("common_words.txt")
            self._name_words = _words_file("name_words.txt")
            self._stoppers = _words_file("name_stoppers.txt")
            self._places = _words_file("places.txt")
            self._given = _load_given_names()

    @property
    def given(self) -> frozenset[str]:
        if self._given is None:
            self._load()
        assert self._given is not None
        return self._given

    @property
    def common(self) -> frozenset[str]:
        self.given  # noqa: B018 - loads everything once
        return self._common

    @property
    def name_words(self) -> frozenset[str]:
        self.given  # noqa: B018
        return self._name_words

    @property
    def stoppers(self) -> frozenset[str]:
        self.given  # noqa: B018
        return self._stoppers

    @property
    def places(self) -> frozenset[str]:
        self.given  # noqa: B018
        return self._places


def _load_given_names() -> frozenset[str]:
    """Every first name of gender-guesser's nam_dict.txt (Jörg Michael's list, GFDL), folded.

    Read directly rather than through its Detector: we need the names only, and
    the file's "+" joins ("Jean+Luc") spelled every way it allows."""
    # One part per joinpath: a package seen as a namespace (a frozen build) is a
    # MultiplexedPath, whose joinpath takes a single part on Python 3.11.
    data = resources.files("gender_guesser").joinpath("data").joinpath("nam_dict.txt")
    names: set[str] = set()
    with data.open(encoding="utf-8") as handle:
        for line in handle:
            if not line or line[0] in "#=":
                continue
            parts = line.split()
            if len(parts) < 2:
                continue
            raw = parts[1]
            spellings = [raw.replace("+", j) for j in ("", " ")] if "+" in raw else [raw]
            for spelling in spellings:
                key = _fold(spelling)
                if len(key) >= 2:
                    names.add(key)
    return frozenset(names)


_LEXICON = _Lexicon()


def given_names() -> frozenset[str]:
    """The folded first-name lexicon (loads it on first call)."""
    return _LEXICON.given


# Case endings tried when a capitalised word is not itself in the lexicon: Polish
# (Katarzyny, Katarzynę, Kasi, Marii, Annie, Jana, Janem, Janowi, Pawła), German genitive.
_DECLENSION: tuple[tuple[str, str], ...] = (
    ("owi", ""), ("iem", ""), ("em", ""), ("ii", "ia"), ("ie", "a"), ("y", "a"), ("e", "a"),
    ("i", "ia"), ("la", "el"), ("a", ""), ("u", ""), ("s", ""),
)


def _is_given(key: str) -> bool:
    lexicon = _LEXICON.given
    if key in lexicon:
        return True
    first = key.split(" ", 1)[0]  # Anna-Lena, Jean-Luc, Friedrich-Wilhelm
    if first != key and first in lexicon:
        return True
    for suffix, replacement in _DECLENSION:
        stem = key[: -len(suffix)]
        if key.endswith(suffix) and len(stem) >= 3 and stem + replacement in lexicon:
            return True
    return False


# --- evidence -------------------------------------------------------------------------------

_HONORIFICS = frozenset(name_key(h) for h in """
Mr Mrs Ms Mx Miss Dr Prof Professor Sir Dame Lord Lady Herr Herrn Frau Fräulein Mme Mlle
Monsieur Madame Pan Pani Pana Panu Panem Panią Państwo Sig Signor Signora Sr Sra Señor Señora
Dott Dott.ssa Ing Mag Mgr Inż Hr Fru Dhr Mevr κ κα κος κυρία г-н г-жа
""".split())
# Honorifics written in lower case mid-sentence (Polish, Spanish, Italian, French).
_LOWER_HONORIFICS = frozenset(name_key(h) for h in """
pan pani pana panu panem panią panie señor señora signor signora monsieur madame
""".split())
# Titles that may stand between an honorific and the name ("Frau Dr. Weber").
_ACADEMIC = frozenset({"dr", "prof", "professor", "dott", "ing", "mag", "mgr", "inz"})

_ROLE = (
    r"(?:co-?)?founder|ceo|cto|cfo|coo|cmo|vp|svp|evp|chair(?:man|woman|person)?|president"
    r"|vice[- ]president|director|managing director|(?:sales |account |product |project )?"
    r"manager|head of [\w-]+(?: [\w-]+)?|lead(?:er)? of [\w-]+|spokes(?:person|man|woman)"
    r"|minister|mp|mep|senator|secretary|analyst|consultant|strategist|lawyer|journalist"
    r"|reporter|editor|researcher|colleague|partner|owner|engineer|developer|official"
    r"|geschäftsführer(?:in)?|(?:mit)?gründer(?:in)?|(?:vertriebs|abteilungs|team|bereichs)?"
    r"leiter(?:in)?|chef(?:in)?|vorstand|vorsitzende[r]?|sprecher(?:in)?|minister(?:in)?"
    r"|abgeordnete[r]?|kolleg(?:e|in)|berater(?:in)?|analyst(?:in)?|direktor(?:in)?"
    r"|prezes(?:ka)?|dyrektor(?:ka)?|szef(?:owa)?|kierownik|kierowniczka|rzeczni(?:k|czka)"
    r"|założyciel(?:ka)?|poseł|posłanka|anality(?:k|czka)|konsultant(?:ka)?|doradca"
    r"|directeur|directrice|pdg|fondat(?:eur|rice)|directora?|fundador(?:a)?|direttore"
    r"|direttrice|fondatore|amministratore delegato"
)
_SAY = (
    r"said|says|told|tells|explained|added|claimed|confirmed|showed|presented|demonstrated"
    r"|admitted|argued|insisted|noted|asked|replied|joked|boasted|warned|sagte|sagt|erklärte"
    r"|meinte|zeigte|berichtete|behauptete|betonte|fügte|powiedział(?:a)?|mówi|mówił(?:a)?"
    r"|stwierdził(?:a)?|pokazał(?:a)?|twierdzi|dodał(?:a)?|przyznał(?:a)?|a dit|a déclaré"
    r"|dijo|explicó|ha detto|spiegato"
)
_ROLE_RE = re.compile(_ROLE, re.IGNORECASE)
_CUE_BEFORE_RE = re.compile(
    rf"(?:\b(?:{_SAY}|according to|as told by|interviewed|met|meeting with|spoke (?:to|with)"
    rf"|talked to|quoted|laut|traf(?:en)?|gespräch mit|według|spotkanie z|rozmowa z"
    rf"|rozmawialiśmy z|selon|según|secondo|{_ROLE})|\b(?:{_ROLE}),?)[ \t]*[,:]?[ \t]*$",
    re.IGNORECASE,
)
_CUE_AFTER_RE = re.compile(
    rf"^[ \t]*(?:,[ \t]*(?:(?:the|our|a|an|der|die|unser|unsere|nasz|nasza|le|la|el)[ \t]+)?"
    rf"(?:{_ROLE}|who|der|die|który|która)\b|\((?:{_ROLE})\b|(?:{_SAY})\b)",
    re.IGNORECASE,
)
_PARTICLES = frozenset(
    "von van de der den da di del della du le la dos das ter ten zu bin ibn al el y".split()
)
# A particle run must open with one of these: German articles ("der", "das") after a name
# are the next phrase ("zeigte uns Joachim Vogelsang das Dashboard"), not "von der Leyen".
_LEAD_PARTICLES = frozenset("von van de del della di da du dos ter ten zu bin ibn al el".split())
_KEEP_LOWER = frozenset(_PARTICLES | _LOWER_HONORIFICS | {
    h.lower() for h in "panią panie señor señora".split()
})
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SENTENCE_END = frozenset('.!?:;"„“”«»()[]–—•*\n')


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    key: str
    capitalised: bool
    initial: bool  # "K." in "K. Wiśniewska"
    sentence_start: bool


def _tokens(text: str) -> list[_Tok]:
    """The words that can be part of a name or introduce one: capitalised words, initials,
    particles, lower-case honorifics. Other words are left out: the text between two kept
    tokens then holds letters, so they are never joined into one name."""
    out: list[_Tok] = []
    keep_lower = _KEEP_LOWER
    for m in _WORD_RE.finditer(text):
        word = m.group()
        if not word[0].isupper() and word.lower() not in keep_lower:
            continue
        start, end = m.start(), m.end()
        initial = len(word) == 1 and word.isupper() and text[end : end + 1] == "."
        if initial:
            end += 1
        capitalised = word[0].isupper() and not (len(word) > 1 and word.isupper())
        out.append(_Tok(start, end, text[start:end], name_key(word), capitalised, initial,
                        _starts_sentence(text, start, out[-1] if out else None)))  # fmt: skip
    return out


def _starts_sentence(text: str, start: int, previous: _Tok | None) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    if i < 0 or (text[i] in _SENTENCE_END and text[i] != "."):
        return True
    if text[i] == ".":
        # "K. Wiśniewska" and "Dr. Weber" go on; "… the deck. Anna …" starts anew.
        return not (
            previous is not None
            and previous.end == i + 1
            and (previous.initial or previous.key in _HONORIFICS)
        ) and not (previous is not None and previous.end == i and previous.key in _HONORIFICS)
    return False


def _joined(text: str, left: _Tok, right: _Tok) -> bool:
    """Only spaces between two tokens (no punctuation, no line break), or the dot of an
    abbreviated title ("Dr. Weber") or the hyphen of joined initials ("F.-W. Schäfer")."""
    gap = text[left.end : right.start]
    if left.initial and gap in ("", "-"):
        return True
    if gap.startswith(".") and left.key in _HONORIFICS:
        gap = gap[1:]
    return bool(gap) and all(c in " \t\u00a0" for c in gap)


def _groups(text: str, tokens: list[_Tok]) -> list[list[_Tok]]:
    """Runs of capitalised words and initials (with particles between them)."""
    groups: list[list[_Tok]] = []
    current: list[_Tok] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.capitalised or tok.initial:
            if current and not _joined(text, current[-1], tok):
                groups.append(current)
                current = []
            current.append(tok)
        elif current and tok.key in _LEAD_PARTICLES and _joined(text, current[-1], tok):
            # "von der Leyen", "de la Cruz": particles only between capitalised words.
            j = i
            while j < len(tokens) and tokens[j].key in _PARTICLES and (
                j == i or _joined(text, tokens[j - 1], tokens[j])
            ):
                j += 1
            nxt = tokens[j] if j < len(tokens) else None
            if nxt is not None and nxt.capitalised and _joined(text, tokens[j - 1], nxt):
                current.extend(tokens[i:j])
                i = j
                continue
            groups.append(current)
            current = []
        elif current:
            groups.append(current)
            current = []
        i += 1
    if current:
        groups.append(current)
    return groups


# --- exclusions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Exclusions:
    """Names that are never candidates, folded: ``whole`` must not be a candidate nor be
    inside one (registered names, pseudonyms, organisations, events, taxonomy terms);
    ``parts`` are their word sequences, which must not be a candidate by themselves."""

    whole: frozenset[str] = frozenset()
    parts: frozenset[str] = frozenset()

    @classmethod
    def of(cls, phrases: Iterable[str]) -> Exclusions:
        whole: set[str] = set()
        parts: set[str] = set()
        for phrase in phrases:
            key = name_key(phrase)
            if not key:
                continue
            whole.add(key)
            words = key.split(" ")
            for size in range(1, min(len(words), 5) + 1):
                for i in range(len(words) - size + 1):
                    parts.add(" ".join(words[i : i + size]))
        return cls(frozenset(whole), frozenset(parts))

    def refuses(self, key: str) -> bool:
        words = key.split(" ")
        # A place of two or more words ("Santa Clara", "Bad Homburg") is no person; one
        # word that is also a town ("Anna", "Florence") is a person when the evidence says so.
        if key in self.parts or (len(words) > 1 and key in _LEXICON.places):
            return True
        return any(
            " ".join(words[i : i + size]) in self.whole
            for size in range(1, len(words) + 1)
            for i in range(len(words) - size + 1)
        )


NO_EXCLUSIONS = Exclusions()


# --- finding --------------------------------------------------------------------------------


def _strip_possessive(text: str, start: int, end: int) -> int:
    word = text[start:end]
    for ending in ("'s", "’s", "'", "’"):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            return end - len(ending)
    return end


def _cue_before(text: str, start: int) -> bool:
    return bool(_CUE_BEFORE_RE.search(text[max(0, start - 60) : start]))


def _cue_after(text: str, end: int) -> bool:
    return bool(_CUE_AFTER_RE.match(text[end : end + 60]))


def _lower_honorific_before(text: str, tokens: list[_Tok], index: int) -> bool:
    if index == 0:
        return False
    prev = tokens[index - 1]
    return prev.key in _LOWER_HONORIFICS and _joined(text, prev, tokens[index])


def _name_word(tok: _Tok) -> bool:
    """Could be part of a name: not an ordinary word, not a word that ends names."""
    return tok.initial or (
        tok.capitalised
        and tok.key not in _LEXICON.common
        and tok.key not in _LEXICON.stoppers
        and (tok.key not in _LEXICON.name_words or not tok.sentence_start)
    )


def _given_here(tok: _Tok, following: _Tok | None) -> bool:
    """A first name at this position. Names that are also ordinary words ("Will", "May",
    "Mark", "Ernst") open a sentence as a name only with a surname-like word after them."""
    key = tok.key
    if not tok.capitalised or key in _LEXICON.stoppers or key in _HONORIFICS:
        return False
    if key in _LEXICON.name_words:
        return not tok.sentence_start or (
            following is not None and _name_word(following) and following.key not in _PARTICLES
        )
    if key in _LEXICON.common:
        return False
    return _is_given(key)


def _from_group(
    text: str, tokens: list[_Tok], group: list[_Tok], first_index: int
) -> Iterable[tuple[int, int, Evidence]]:
    """(first token, end token exclusive, evidence) name spans in one run of words."""
    i, n = 0, len(group)
    honorific = _lower_honorific_before(text, tokens, first_index)
    while i < n:
        tok = group[i]
        if tok.key in _HONORIFICS and not tok.initial:
            honorific = True
            i += 1
            continue
        if honorific and tok.key in _ACADEMIC:
            i += 1
            continue
        if honorific:
            j = i
            while j < n and j - i < 4 and (_name_word(group[j]) or group[j].key in _PARTICLES):
                j += 1
            if j > i:
                yield i, j, Evidence.HONORIFIC
            honorific = False
            i = max(j, i + 1)
            continue
        if _ROLE_RE.fullmatch(tok.text):  # "Vertriebsleiter Joachim Vogelsang"
            i += 1
            continue
        if tok.initial:
            j = i
            while j < n and group[j].initial:
                j += 1
            k = j
            while k < n and k - j < 2 and _name_word(group[k]) and not group[k].initial:
                k += 1
            if k > j:
                yield i, k, Evidence.INITIALS
                i = k
                continue
            i = j
            continue
        if _given_here(tok, group[i + 1] if i + 1 < n else None):
            j = i + 1
            while j < n and j - i < 4 and (_name_word(group[j]) or group[j].key in _PARTICLES):
                j += 1
            while j - 1 > i and group[j - 1].key in _PARTICLES:
                j -= 1
            if j - i >= 2:
                yield i, j, Evidence.GIVEN_NAME
                i = j
                continue
            # A first name alone is a person only when the sentence says so.
            if _cue_before(text, tok.start) or _cue_after(text, tok.end):
                yield i, j, Evidence.GIVEN_NAME
            i = j
            continue
        if _name_word(tok):
            j = i
            while j < n and j - i < 3 and _name_word(group[j]):
                j += 1
            if j - i >= 2 and (
                _cue_before(text, group[i].start) or _cue_after(text, group[j - 1].end)
            ):
                yield i, j, Evidence.CONTEXT
                i = j
                continue
        i += 1


def find_candidates(
    text: str,
    exclusions: Exclusions = NO_EXCLUSIONS,
    skip: Sequence[tuple[int, int]] = (),
) -> list[NameCandidate]:
    """Every likely name of a person in ``text``, in order, without overlaps.

    ``skip``: spans that are never candidates (where pseudonyms of registered sources and
    detected identifiers sit)."""
    if not text:
        return []
    tokens = _tokens(text)
    index_of = {id(t): k for k, t in enumerate(tokens)}
    found: list[NameCandidate] = []
    for group in _groups(text, tokens):
        for a, b, evidence in _from_group(text, tokens, group, index_of[id(group[0])]):
            start = group[a].start
            end = _strip_possessive(text, group[b - 1].start, group[b - 1].end)
            if any(s < end and start < e for s, e in skip):
                continue
            name = text[start:end]
            key = name_key(name)
            if not key or exclusions.refuses(key):
                continue
            found.append(NameCandidate(start, end, name, key, evidence))
    return found
