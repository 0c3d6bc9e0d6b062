"""What the matcher derives from a source's names, shared while some matcher holds it.

A source's names are derived in *units* (``units_of``): an identity's names (the costly
part: ``influence_desk.names.variants``), each of its contact details, each plain string.
Each unit is a ``Derived``: folded patterns with their length, kind and condition, and the
digit keys of phone numbers. Units live in a weak cache keyed by what they were derived
from, so every matcher alive in the process over the same names shares them (the
session's, the export's, a backup's, the one rebuilt after a registration) and a rebuild
costs only the automaton. The cache holds nothing alive: the units hold real names, and
they go when the last matcher holding them goes (the session forgets its matcher at lock).
"""

from __future__ import annotations

import gc
import re
import threading
import unicodedata
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache

from influence_desk.model import SourceIdentity
from influence_desk.names.contacts import email_notations, phone_keys
from influence_desk.names.folding import fold
from influence_desk.names.variants import Condition, Term, identity_terms, plain_terms
from influence_desk.textformat import RefKind

__all__ = ["Derived", "Pattern", "derived", "merge", "paused_gc", "transliterated", "units_of"]

Pattern = tuple[int, RefKind, Condition]  # length, kind, condition of a folded pattern


# --- name variants -------------------------------------------------------------------------

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                           "ø": "oe", "Ø": "Oe", "å": "aa", "Å": "Aa", "æ": "ae", "Æ": "Ae",
                           "œ": "oe", "Œ": "Oe", "þ": "th", "Þ": "Th"})
_MAX_VARIANTS = 16


def transliterated(name: str) -> str:
    """``name`` as an ASCII keyboard writes its umlauts and Nordic letters (Müller → Mueller)."""
    return unicodedata.normalize("NFC", name).translate(_TRANSLIT)


def _name_variants(name: str) -> set[str]:
    """Folded spellings a text may use for ``name`` (see the module docstring)."""
    folded = fold(name)
    base = {folded}
    plain = transliterated(name)
    if plain != name:
        base.add(fold(plain))
    # Registered in transliteration ("Mueller"): the text may use the umlaut ("Müller").
    if name.isascii() and ("ae" in folded or "oe" in folded or "ue" in folded):
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
    return {v for v in variants if _WORD_CHAR_RE.search(v)}


_WORD_CHAR_RE = re.compile(r"\w")  # a letter, digit or "_" (as ``is_word``)



# --- derived units, and the collector while they are made ---------------------------

# A long text gives tens of thousands of hits, kept until the end of ``find``: the cyclic
# garbage collector would walk them (and every other object of the process) again and
# again, a third of the time of a 10 MB find. Nothing in ``find`` makes a cycle.
_gc_lock = threading.Lock()
_gc_pauses = 0  # finds running with the collector paused (threads may overlap)
_gc_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


@dataclass(eq=False)
class Derived:
    """What one unit of a source's names gave (see ``units_of``): folded patterns
    (length, kind, condition) and the digit keys of each phone number."""

    keys: dict[str, Pattern]
    phones: list[frozenset[str]]
    # Name keys after which an "s" genitive is read ("Schmidts"): not the case forms.
    genitive: set[str] = field(default_factory=set)


# Derived units by what they were derived from, while some matcher holds them: they hold
# real names (as do the keys here), so they must not outlive the matchers. A weak cache
# keeps nothing alive: once the session forgets its matcher (at lock) they are gone.
_DERIVED: weakref.WeakValueDictionary[tuple[object, ...], Derived] = (
    weakref.WeakValueDictionary()
)
_derived_lock = threading.Lock()
_Make = Callable[[dict[str, object]], list[Term]]


def units_of(names: Sequence[str] | SourceIdentity) -> list[tuple[tuple[object, ...], _Make]]:
    """The units a source's names are derived in, each with its cache key: an identity's
    names (what costs) as one, and each contact detail or plain string as the term it is
    (so that the export's matcher, which is given the contacts as plain strings, shares
    the session's phone keys and e-mail notations)."""
    units: list[tuple[tuple[object, ...], _Make]] = []
    if isinstance(names, SourceIdentity):
        bare = SourceIdentity(names.real_name, tuple(names.aliases), (), "",
                              bool(names.common_given_name))  # hashable, as the key is
        units.append((("names", bare.real_name, bare.aliases, bare.common_given_name),
                      lambda memo: identity_terms(bare, memo)))  # fmt: skip
        terms = identity_terms(SourceIdentity("", (), names.contact)) if names.contact else []
    else:
        terms = plain_terms(names)
    units += [(("term", t.text, t.kind, t.condition), _just(t)) for t in terms]
    return units


def _just(term: Term) -> _Make:
    return lambda memo: [term]


def derived(
    key: tuple[object, ...], make: _Make, memo: dict[str, object],
    spellings: dict[tuple[bool, str], set[str]],
) -> Derived:  # fmt: skip
    with _derived_lock:
        unit = _DERIVED.get(key)
    if unit is not None:
        return unit
    unit = Derived({}, [])
    for term in make(memo):
        _add_term(unit, term, spellings)
    with _derived_lock:
        return _DERIVED.setdefault(key, unit)


def merge(units: list[Derived]) -> dict[str, Pattern]:
    """One source's patterns from its units: a spelling its names give unconditionally
    wins over one that needs a capital or context."""
    merged: dict[str, Pattern] = {}
    for unit in units:
        for key, pattern in unit.keys.items():
            old = merged.get(key)
            if old is None or old[2] > pattern[2]:
                merged[key] = pattern
    return merged


def _add_term(unit: Derived, term: Term, memo: dict[tuple[bool, str], set[str]]) -> None:
    text, kind, condition, inflected = term
    if kind is RefKind.PHONE:
        unit.phones.append(frozenset(phone_keys(text)))
        return
    keys = unit.keys
    as_name = kind is RefKind.NAME
    for spelling in email_notations(text) if kind is RefKind.EMAIL else (text,):
        variants = memo.get((as_name, spelling))
        if variants is None:
            variants = memo[(as_name, spelling)] = (
                _name_variants(spelling) if as_name else {fold(spelling)}
            )
        for key in variants:
            old = keys.get(key)
            # A spelling the source's names give unconditionally wins over one that needs
            # a capital or context.
            if old is None or old[2] > condition:
                keys[key] = _pattern(len(key), kind, condition)
            if as_name and not inflected:
                unit.genitive.add(key)


@cache
def _pattern(length: int, kind: RefKind, condition: Condition) -> Pattern:
    """One shared tuple per distinct value (see ``NameMatcher.__init__``)."""
    return (length, kind, condition)
