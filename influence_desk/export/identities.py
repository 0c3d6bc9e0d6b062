"""Every registered identity, in every form the export must never print.

Built once per export from ``ForbiddenTerms`` (all sources of the vault, not only those
linked to the exported notes). Two users:

- the preparation step (``spans``): what the pseudonymiser's ``NameMatcher`` finds (with
  every variant it derives: name parts, initials, inflections, other notations) and every
  exact registered spelling is removed from every printed field;
- the leak gate (``scan``), on the text read back from the PDF, which is stricter than
  the matcher and refuses the file instead of fixing it:
  * the registered names, aliases and contacts exactly, in two foldings (the export's
    and the matcher's, which adds look-alike letters and transliteration), also with all
    spaces and punctuation removed (letter-spaced, glued or split over a line break);
  * every variant the matcher derives, as the matcher finds it in the extracted text;
  * each part of a name alone, in any case ("wiśniewska", "KASIA"), and its case forms and
    German/Nordic transliteration ("Schäfers", "Schaefer": a surname that is also an
    ordinary word is kept as typed at rest, so the export is where its forms go), unless
    it is a word the document itself prints (page furniture) or a word of a pseudonym (the
    preparation step removes parts from every printed field, the names of organisations
    included: a firm called after a source's surname points at the source);
  * a registered phone number in any notation: its national digits inside any run of
    digits (national, international, with brackets, dots or dashes);
  * the local part of a registered e-mail address and a registered handle, however the
    address is spelled around it ("(at)", "[dot]", capitals).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import ahocorasick

from influence_desk import pseudonyms
from influence_desk.export.document import ExportRequest, ForbiddenIdentity, ForbiddenTerms
from influence_desk.export.furniture import FURNITURE_WORDS
from influence_desk.export.textnorm import Hit, NeedleSearch, compact, fold, fold_with_map
from influence_desk.model import SourceIdentity
from influence_desk.names.dates import in_date, month_words
from influence_desk.names.derived import transliterated
from influence_desk.names.variants import inflections

NAME = "name"
CONTACT = "contact"

MIN_PART = 3  # letters: shorter name parts ("Li", "W.") are too common to refuse alone
MIN_COMPACT_NAME = 10  # characters of a space-free name searched without word boundaries
MIN_PHONE_DIGITS = 7
MIN_LOCAL_PART = 6

# Particles and honorifics inside registered names: never refused on their own.
_NOT_A_PART = frozenset("""
van von der den ter ten del della dos das des het bin ibn abu ben bint
mr mrs ms mme mlle dr prof herr frau pan pani κος κα sir dame
""".split())

_WORD_RE = re.compile(r"[^\W_]+")
_ALNUM_DROP = re.compile(r"[\W_]+")
_DIGIT_RUN = re.compile(r"\d[\d \t().\-/]*\d")
# Joins many short texts into one for the matcher, which is fast over long texts and slow
# per call: a word no text holds, so that no name runs from one text into the next.
_SEP = "\n\nzqsepzq\n\n"
_SEP_FOLDED = " zqsepzq "


def alnum_compact(folded: str) -> str:
    """A folded text with everything but letters and digits removed."""
    return _ALNUM_DROP.sub("", folded)


def _national_digits(contact: str) -> str | None:
    """The national significant digits of a phone number, or ``None`` for a contact that
    is not one. ``+49 30 1234567`` and ``0049 30 1234567`` give ``301234567``; a number
    written nationally (``030 1234567``) loses its trunk zero."""
    if re.search(r"[^\d\s()+./\-]", contact):
        return None
    digits = re.sub(r"\D", "", contact)
    if len(digits) < MIN_PHONE_DIGITS:
        return None
    stripped = contact.strip()
    if stripped.startswith(("+", "00")):
        import phonenumbers

        try:
            number = phonenumbers.parse("+" + digits[2:] if stripped.startswith("00")
                                        else stripped, None)
        except phonenumbers.NumberParseException:
            return digits
        national = str(number.national_number)
        return national if len(national) >= MIN_PHONE_DIGITS else digits
    return digits.lstrip("0") or None


def _address_core(contact: str) -> str | None:
    """The part of an e-mail address or handle that identifies a person, compacted."""
    value = contact.strip()
    if value.startswith("@"):
        core = value[1:].split("@")[0]
    elif "@" in value:
        core = value.split("@")[0]
    else:
        return None
    squeezed = alnum_compact(fold(core))
    separated = bool(re.search(r"[._\-\d]", core))
    if len(squeezed) >= 8 or (separated and len(squeezed) >= MIN_LOCAL_PART):
        return squeezed
    return None


def _automaton(words: Iterable[str]) -> ahocorasick.Automaton | None:
    auto = ahocorasick.Automaton()
    any_word = False
    for w in words:
        if w and w not in auto:
            auto.add_word(w, w)
            any_word = True
    if not any_word:
        return None
    auto.make_automaton()
    return auto


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    reason: str  # "source-name" or "source-contact"


class IdentityCheck:
    """All identities of the vault, ready to be searched for (see the module docstring)."""

    def __init__(self, forbidden: ForbiddenTerms, *, pseudonym_words: Iterable[str] = ()
                 ) -> None:  # fmt: skip
        identities = forbidden.all_identities()
        self.empty = not identities
        names: set[str] = set()
        contacts: set[str] = set()
        given_common: set[str] = set()
        matcher_entries: list[tuple[str, list[str] | SourceIdentity]] = []
        for i, identity in enumerate(identities):
            names_i = [n for n in identity.names if n.strip()]
            contacts_i = [c for c in identity.contacts if len(fold(c)) >= 4]
            if names_i:
                # As a SourceIdentity, so that the matcher derives every variant of it
                # (surname alone, case forms, initials, other scripts, contact notations).
                matcher_entries.append((f"{NAME}:{i}", SourceIdentity(
                    names_i[0], tuple(names_i[1:]), (), "", identity.common_given_name,
                )))  # fmt: skip
                if identity.common_given_name:
                    for folding in (fold, pseudonyms.fold):
                        given_common.update(_WORD_RE.findall(folding(names_i[0]))[:-1])
            if contacts_i:
                matcher_entries.append((f"{CONTACT}:{i}", contacts_i))
            names.update(n for n in identity.names if len(fold(n)) >= 2)
            contacts.update(c for c in identity.contacts if len(fold(c)) >= 4)
        self.matcher = pseudonyms.NameMatcher(matcher_entries)
        # Exact spellings, in the export's folding and in the matcher's.
        exact: list[tuple[str, int]] = []
        for tag, values in ((0, names), (1, contacts)):
            for v in values:
                exact += [(fold(v), tag), (pseudonyms.fold(v), tag)]
        self.exact = NeedleSearch(exact)
        self.exact_needles: tuple[tuple[str, str], ...] = tuple(
            sorted({(f, NAME if tag == 0 else CONTACT) for f, tag in exact if f})
        )
        spared: set[str] = set()
        for text in pseudonym_words:
            spared.update(_WORD_RE.findall(fold(text)))
            spared.update(_WORD_RE.findall(pseudonyms.fold(text)))
        # A given name the lead marked too common is not refused alone (as the matcher).
        parts = sorted(p for p in _name_parts(names) if p not in spared | given_common)
        # In a printed field every part is removed; in the extracted text the document's
        # own words are not refused alone (the fields they might come from are clean).
        self.field_parts = NeedleSearch((p, 0) for p in parts)
        self.parts = NeedleSearch((p, 0) for p in parts if p not in FURNITURE_WORDS)
        self._compact_names = _automaton(
            c for n in names if len(c := alnum_compact(fold(n))) >= MIN_COMPACT_NAME
        )
        self._phones = _automaton(
            d for c in contacts if (d := _national_digits(c)) is not None
        )
        self._addresses = _automaton(
            a for c in contacts if (a := _address_core(c)) is not None
        )
        self._matches: dict[str, list[pseudonyms.Match]] = {}

    # -- the matcher over many texts at once ------------------------------------------------

    def _find_many(self, texts: Sequence[str]) -> list[list[pseudonyms.Match]]:
        """``matcher.find`` of each text, from one call over all of them."""
        out: list[list[pseudonyms.Match]] = [[] for _ in texts]
        if self.empty or not texts:
            return out
        starts: list[int] = []
        pos = 0
        for t in texts:
            starts.append(pos)
            pos += len(t) + len(_SEP)
        for m in self.matcher.find(_SEP.join(texts)):
            i = bisect.bisect_right(starts, m.start) - 1
            start, end = m.start - starts[i], min(m.end - starts[i], len(texts[i]))
            if start < end:
                out[i].append(pseudonyms.Match(start, end, m.source_id))
        return out

    @staticmethod
    def texts_to_prime(request: ExportRequest) -> list[str]:
        """Every text of ``request`` that the preparation step may print."""
        texts = [request.title, request.profile.name, request.profile.description]
        for s in request.sources:
            texts += [s.role_description, s.organisation_name]
        if request.profile.include_note_text:
            for n in request.notes:
                texts += [n.title, n.summary, n.body, n.event_name, *n.organisation_names,
                          *n.tags]  # fmt: skip
        return texts

    def prime(self, texts: Iterable[str]) -> None:
        """Run the matcher over many texts at once before ``spans`` is asked about each."""
        todo = list(dict.fromkeys(t for t in texts if t and t not in self._matches))
        for text, found in zip(todo, self._find_many(todo), strict=True):
            self._matches[text] = found

    # -- preparation: what to remove from a printed field --------------------------------

    def spans(self, text: str) -> list[Span]:
        """Mentions of a registered identity in ``text`` (original offsets), overlapping
        allowed: what the matcher finds, and every exact registered spelling."""
        if self.empty or not text:
            return []
        matches = self._matches.get(text)
        if matches is None:
            matches = self.matcher.find(text)
        out = [Span(m.start, m.end, _reason(m.source_id)) for m in matches]
        folded = fold(text)
        hits = self.exact.search(folded)
        # A name part alone, in any case ("Wiśniewska", "KASIA"): stricter than the matcher.
        parts = self.field_parts.search(folded)
        if hits or parts:  # the index map is slow to build; most texts need none
            _, where = fold_with_map(text)
            for hit in hits:
                if hit.end - 1 < len(where):
                    out.append(Span(where[hit.start], where[hit.end - 1] + 1,
                                    "source-contact" if hit.tag == 1 else "source-name"))
            for hit in _not_in_dates(parts, folded, fold):
                if hit.end - 1 < len(where):
                    out.append(Span(where[hit.start], where[hit.end - 1] + 1, "source-name"))
        out.sort(key=lambda s: (s.start, -s.end))
        return out

    # -- the gate: is any of it readable in this extracted text? ---------------------------

    def scan_many(self, texts: Sequence[str], folded: Sequence[str]) -> list[set[str]]:
        """For each text (``folded`` is its export folding, with the gate's canary
        removed): ``NAME`` and/or ``CONTACT`` if it shows an identity in a form the exact
        needles of the gate do not cover. The matcher runs once over all of them."""
        results: list[set[str]] = [set() for _ in texts]
        if self.empty or not texts:
            return results
        matcher_folded = matcher_fold_many(texts)
        for i, m in enumerate(self._find_many(texts)):
            for hit in m:
                words = _WORD_RE.findall(fold(texts[i][hit.start : hit.end]))
                if len(words) == 1 and words[0] in FURNITURE_WORDS:
                    continue  # "Page", "Notes": the document's own words, checked in the data
                results[i].add(_kind(hit.source_id))
        for i, plain in enumerate(folded):
            found = results[i]
            if _not_in_dates(self.parts.search(plain), plain, fold) or _not_in_dates(
                self.parts.search(matcher_folded[i]), matcher_folded[i], pseudonyms.fold
            ):
                found.add(NAME)
            squeezed = alnum_compact(plain)
            if self._compact_names is not None and _any(self._compact_names, squeezed):
                found.add(NAME)
            if self._addresses is not None and _any(self._addresses, squeezed):
                found.add(CONTACT)
            if self._phones is not None:
                runs = "|".join(re.sub(r"\D", "", r) for r in _DIGIT_RUN.findall(plain))
                if runs and _any(self._phones, runs):
                    found.add(CONTACT)
        return results


def matcher_fold_many(texts: Sequence[str]) -> list[str]:
    """``pseudonyms.fold`` of each text, from one call over all of them."""
    joined = pseudonyms.fold(_SEP.join(texts)) if texts else ""
    pieces = joined.split(_SEP_FOLDED.strip())
    if len(pieces) == len(texts):
        return [p.strip() for p in pieces]
    return [pseudonyms.fold(t) for t in texts]  # the separator did not survive folding


def _not_in_dates(hits: list[Hit], folded: str, folding: Callable[[str], str]) -> list[Hit]:
    """Name-part hits without a month word standing in a date ("12 Jan 2026" for a source
    called Jan; ``influence_desk.names.dates``), as the matcher leaves them."""
    if not hits:
        return hits
    months = month_words(folding)
    return [h for h in hits
            if not (folded[h.start : h.end] in months and in_date(folded, h.start, h.end))]


def _any(auto: ahocorasick.Automaton, haystack: str) -> bool:
    return any(True for _ in auto.iter(haystack))


def _reason(matcher_id: str) -> str:
    return "source-contact" if matcher_id.startswith(CONTACT) else "source-name"


def _kind(matcher_id: str) -> str:
    return CONTACT if matcher_id.startswith(CONTACT) else NAME


def _name_parts(names: Iterable[str]) -> set[str]:
    """Each part of each name alone, with its case forms and possessives and its ae/oe/ue
    spelling: the matcher needs context for a part that is also an ordinary word ("Herr
    Schäfer"), so "Schaefer said" and "Schäfers Bericht" stay in the vault as typed; an
    export removes them, and the gate refuses them, as it does the bare part."""
    words: set[str] = set()
    for name in names:
        for spelling in {name, transliterated(name)}:
            for word in _WORD_RE.findall(spelling):
                if word.isdigit():
                    continue
                words.add(word)
                words.update(inflections(word))
                words.add(word + "s")  # possessive (de, en, nl): "Schäfers", "Kochs"
    parts: set[str] = set()
    for word in words:
        for folding in (fold, pseudonyms.fold):
            for folded in _WORD_RE.findall(folding(word)):
                if len(folded) >= MIN_PART and folded not in _NOT_A_PART:
                    parts.add(folded)
    return parts


def identity_of(names: Iterable[str], contacts: Iterable[str]) -> ForbiddenIdentity:
    return ForbiddenIdentity(tuple(names), tuple(contacts))


__all__ = ["CONTACT", "NAME", "IdentityCheck", "Span", "alnum_compact", "compact"]
