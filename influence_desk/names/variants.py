"""The spellings a text may use for a registered identity, derived, not typed (DESIGN §5a).

From a ``SourceIdentity`` (real name, aliases, contact details):

- the registered name and every alias as they are (matched in any case, as before);
- each name part alone: the surname, each part of a double surname ("García Márquez",
  "Schmidt-Müller"), the surname without its particles ("van der Berg" → "Berg"), the given
  names (unless the lead marked the given name too common for this source);
- reversed and comma order ("Wiśniewska Katarzyna", "Wiśniewska, Katarzyna"), initials with
  the surname ("K. Wiśniewska", "K Wiśniewska", "F.-W. Schäfer", "F. W. Schäfer");
- case forms and possessives of every part from the suffix rules in
  ``resources/names/inflection.json`` (Wiśniewskiej, Katarzyny, Kasią, Παπαδόπουλου,
  Nováka, Schmidts), diminutives of the given names and aliases from
  ``resources/names/diminutives.json`` (Kasieńka, Hansi) with their case forms;
- each part letter-spaced and dotted ("W i ś n i e w s k a", "W.i.ś.n.i.e.w.s.k.a"), the
  whole name run together ("KatarzynaWiśniewska");
- the name as Russian and Greek texts write a Latin name, and as Latin texts write a Greek
  or Cyrillic one (``influence_desk.names.scripts``);
- contact details with their kind (phone, e-mail, other); see ``contacts``.

Precision: a single word is where ordinary text is hit. So a *derived* one-word spelling
(a part alone, its case forms, a diminutive) matches only where the text writes it with a
capital letter or in capitals (``Condition.CAPITAL``): names are capitalised in every
language and script covered, and a lower-case "wolf" or "rose" is a word. A part that is
also an ordinary word, a place or a brand (``resources/names/ordinary_words.json``: Koch,
Wolf, Paris, Mercedes), and a given name marked too common, need more
(``Condition.CONTEXT``): an honorific before it ("Herr Koch", "Pani Kasia") or another part
of the same name beside it ("Anna Koch"). What the user registered is matched as before.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import IntEnum
from functools import cache
from typing import NamedTuple

from influence_desk.model import SourceIdentity
from influence_desk.names.contacts import contact_kind
from influence_desk.names.folding import fold
from influence_desk.names.scripts import NAMES_DIR, script_spellings
from influence_desk.textformat import RefKind

__all__ = ["Condition", "Term", "honorifics", "identity_terms", "inflections", "plain_terms"]



class Condition(IntEnum):
    """What a mention of a term needs around it to count (higher is stricter)."""

    ANY = 0  # anywhere, any case
    CAPITAL = 1  # written with a capital letter or in capitals
    CONTEXT = 2  # capitalised, and after an honorific or beside another part of the name


class Term(NamedTuple):
    """One spelling to look for, what it stands for, and what a mention of it needs.

    (A named tuple, not a frozen dataclass: a build makes ~200,000 of them.)"""

    text: str
    kind: RefKind = RefKind.NAME
    condition: Condition = Condition.ANY
    # A case form from the suffix rules ("Janu", "Nováka"): no German or English "s"
    # genitive is read after it ("Janus" is not Janu's).
    inflected: bool = False


@cache
def _data(name: str) -> dict[str, object]:
    with open(NAMES_DIR / name, encoding="utf-8") as f:
        data: dict[str, object] = json.load(f)
    return data


@cache
def honorifics() -> frozenset[str]:
    """Folded honorifics of every language, without a trailing dot."""
    out: set[str] = set()
    for lang, words in _data("honorifics.json").items():
        if lang.startswith("_") or not isinstance(words, list):
            continue
        for word in words:
            out.add(fold(str(word)).rstrip("."))
    return frozenset(w for w in out if w)


@cache
def _particles() -> frozenset[str]:
    words = _data("particles.json")["particles"]
    assert isinstance(words, list)
    return frozenset(fold(str(w)) for w in words)


@cache
def _ordinary() -> frozenset[str]:
    words = _data("ordinary_words.json")["words"]
    assert isinstance(words, list)
    return frozenset(fold(str(w)) for w in words)


@cache
def _inflection_rules() -> tuple[tuple[re.Pattern[str], tuple[tuple[str, ...], ...]], ...]:
    """Per language: one regular expression of all its endings (the leftmost, so the most
    specific, ending found wins; on a tie the first listed) and each rule's forms."""
    languages = []
    for lang, rules in _data("inflection.json").items():
        if lang.startswith("_") or not isinstance(rules, list) or not rules:
            continue
        combined = re.compile("|".join(f"(?:{rule['ending']})$()" for rule in rules))
        languages.append((combined, tuple(tuple(rule["forms"]) for rule in rules)))
    return tuple(languages)


@cache
def _diminutives() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for lang, table in _data("diminutives.json").items():
        if lang.startswith("_") or not isinstance(table, dict):
            continue
        for name, forms in table.items():
            out.setdefault(fold(name), []).extend(forms)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def inflections(word: str) -> tuple[str, ...]:
    """Case forms and possessives of ``word`` in every language's rules (not ``word``)."""
    lower = word.lower()
    out: dict[str, None] = {}
    for endings, forms_of_rule in _inflection_rules():
        m = endings.search(lower)
        if m is None:
            continue
        stem, ending = word[: m.start()], lower[m.start() :]
        for form in forms_of_rule[(m.lastindex or 1) - 1]:
            out[stem + form.replace("$0", ending)] = None
    out.pop(word, None)
    return tuple(out)


def _spaced(word: str) -> list[str]:
    letters = [c for c in word if c.isalnum()]
    if len(letters) < 3:
        return []
    return [" ".join(letters), ".".join(letters), "_".join(letters)]


def plain_terms(names: object) -> list[Term]:
    """Terms from plain strings (the matcher's original input): each string as it is; a
    string that is a contact detail (an e-mail address, a phone number, a handle) gets its
    kind and notations."""
    terms: list[Term] = []
    if isinstance(names, str) or not hasattr(names, "__iter__"):
        return terms
    for name in names:
        if not isinstance(name, str) or not name.strip():
            continue
        kind = contact_kind(name)
        looks_like_contact = kind is not RefKind.CONTACT or _looks_like_handle(name)
        terms.append(Term(name, kind if looks_like_contact else RefKind.NAME))
    return terms


def _looks_like_handle(text: str) -> bool:
    t = text.strip()
    return t.startswith("@") or "://" in t or t.lower().startswith("www.") or (
        " " not in t and "/" in t
    )


@dataclass
class _Parts:
    given: list[str]  # given names, in order ("Friedrich-Wilhelm" is one)
    surname: list[str]  # surname words with particles ("van", "der", "Berg")


def _split(name: str) -> _Parts | None:
    words = name.split()
    if len(words) < 2:
        return None
    particles = _particles()
    # The surname starts at its first particle after the first word ("Anna van der Berg"),
    # else it is the last word; in a name of three or more words the middle ones may be
    # either (Spanish "Gabriel García Márquez"): they are matched alone as surnames are.
    start = len(words) - 1
    for i in range(1, len(words) - 1):
        if fold(words[i]) in particles:
            start = i
            break
    return _Parts(words[:start], words[start:])


def _initials(given: str) -> list[str]:
    """Spellings of a given name's initials: "K.", "K"; "F.-W.", "F.W.", "F. W.", "FW"."""
    pieces = [p for p in re.split(r"[-‐‑]", given) if p]
    firsts = [p[0] for p in pieces if p[0].isalpha()]
    if not firsts:
        return []
    if len(firsts) == 1:
        return [f"{firsts[0]}.", firsts[0]]
    return ["-".join(f"{c}." for c in firsts), "".join(f"{c}." for c in firsts),
            " ".join(f"{c}." for c in firsts), "".join(firsts)]  # fmt: skip


def _word_terms(word: str, too_common: bool) -> tuple[tuple[str, Condition, bool], ...]:
    """A name part alone, its case forms, spacings and diminutives, with conditions and
    whether each is a case form."""
    key = fold(word)
    if key in _particles() or len(key) < 2:
        return ()
    ordinary = _ordinary()
    condition = Condition.CONTEXT if key in ordinary or too_common else Condition.CAPITAL
    out: list[tuple[str, Condition, bool]] = [(word, condition, False)]
    out += [(form, condition, True) for form in inflections(word)]
    out += [(spaced, condition, False) for spaced in _spaced(word)]
    for small in _diminutives().get(key, ()):
        small_condition = Condition.CONTEXT if fold(small) in ordinary else condition
        out.append((small, small_condition, False))
        out += [(form, small_condition, True) for form in inflections(small)]
    return tuple(out)


def identity_terms(identity: SourceIdentity, memo: dict[str, object] | None = None) -> list[Term]:
    """Every term to look for for one registered identity.

    ``memo`` may be shared by the identities of one matcher build (parts such as given
    names recur); it holds real names, so it must not outlive the build.
    """
    memo = {} if memo is None else memo

    terms: dict[str, Term] = {}

    def add(text: str, condition: Condition = Condition.ANY,
            kind: RefKind = RefKind.NAME, inflected: bool = False) -> None:  # fmt: skip
        text = text.strip()
        if len(text) < 4 and sum(c.isalnum() for c in text) < 2:
            return
        old = terms.get(text)
        if old is None or old.condition > condition:
            # A spelling that is also a base form ("Jana", a name and a case of Jan) is one.
            inflected = inflected and (old is None or old.inflected)
            terms[text] = Term(text, kind, condition, inflected)
        elif old.inflected and not inflected:
            terms[text] = old._replace(inflected=False)

    ordinary = _ordinary()
    particles = _particles()
    too_common = bool(getattr(identity, "common_given_name", False))

    def add_word(word: str, *, given: bool) -> None:
        """A name part alone, its case forms, spacings and diminutives."""
        memo_key = f"word\x00{word}\x00{given and too_common}"
        cached = memo.get(memo_key)
        if cached is None:
            cached = memo[memo_key] = _word_terms(word, given and too_common)
        assert isinstance(cached, tuple)
        for text, condition, inflected in cached:
            add(text, condition, inflected=inflected)

    def spellings_of(word: str) -> tuple[str, ...]:
        cached = memo.get(f"script\x00{word}")
        if cached is None:
            cached = memo[f"script\x00{word}"] = script_spellings(word)
        assert isinstance(cached, tuple)
        return cached

    names = identity.names()
    for name in names:
        add(name)  # as registered: any case, anywhere
        for spelling in spellings_of(name):
            add(spelling)
        words = name.split()
        if len(words) == 1:
            # A one-word alias is the user's own: matched as registered; its case forms,
            # diminutives and spacings are derived, so they need a capital.
            add_word(words[0], given=False)
            add(words[0])
            for spelling in spellings_of(words[0]):
                add(spelling, Condition.CAPITAL)
                for form in inflections(spelling):
                    add(form, Condition.CAPITAL, inflected=True)
            continue
        parts = _split(name)
        assert parts is not None
        surname = " ".join(parts.surname)
        core = [w for w in parts.surname if fold(w) not in particles] or parts.surname
        given = " ".join(parts.given)
        # Orders and initials.
        add(f"{surname} {given}", Condition.CAPITAL)
        add(f"{surname}, {given}", Condition.CAPITAL)
        add("".join(c for c in name if c.isalnum()))  # run together: KatarzynaWiśniewska
        for initial in _initials(parts.given[0]):
            for last in {surname, " ".join(core)}:
                add(f"{initial} {last}", Condition.CAPITAL)
                add(f"{last}, {initial}", Condition.CAPITAL)
        if len(parts.given) > 1:
            firsts = " ".join(f"{g[0]}." for g in parts.given)
            add(f"{firsts} {surname}", Condition.CAPITAL)
        if surname != " ".join(core):
            add(f"{given} {' '.join(core)}")
            add(" ".join(core).title() if len(core) > 1 else surname.title())
            add(surname[0].upper() + surname[1:], Condition.CAPITAL)  # "Van der Berg"
        # Each part alone, and each part of a double surname.
        for g in parts.given:
            add_word(g, given=True)
            for piece in re.split(r"[-‐‑]", g):
                if piece and piece != g:
                    add_word(piece, given=True)
        for s in core:
            add_word(s, given=False)
            for piece in re.split(r"[-‐‑]", s):
                if piece and piece != s:
                    add_word(piece, given=False)
        if len(core) > 1:
            add(" ".join(core), Condition.CAPITAL)
            add("-".join(core), Condition.CAPITAL)
        # Each part as other scripts write it.
        for word in (*parts.given, *core):
            common = fold(word) in ordinary or (too_common and word in parts.given)
            for spelling in spellings_of(word):
                condition = Condition.CONTEXT if common else Condition.CAPITAL
                add(spelling, condition)
                for form in inflections(spelling):
                    add(form, condition, inflected=True)
    for contact in identity.contact:
        if contact.strip():
            add(contact, Condition.ANY, contact_kind(contact))
    return list(terms.values())
