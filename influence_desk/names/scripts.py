"""A name as texts in another script write it: Latin names in Cyrillic and Greek, Greek and
Cyrillic names in Latin letters.

This is transcription, not a character fold: Russian writes the Polish "Wiśniewska" as
"Вишневская" (ś → ш, ie → е, and the adjectival ending -ska → -ская), German "Schäfer" as
"Шефер"; Latin texts write "Παπαδόπουλος" as "Papadopoulos" (ELOT 743) or "Papadopulos",
and "Дмитрий" as "Dmitriy", "Dmitry", "Dmitri" or, in German, "Dmitrij". The conventions are
tables in ``resources/names/scripts.json`` (one per source language and target script);
each gives one spelling, and every convention that fits the name is used. A Greek or
Cyrillic name also gets its ``anyascii`` transliteration (ISC). Accents, case and
look-alike letters are left to folding.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache

from anyascii import anyascii

from influence_desk.resourcefiles import resource_path

__all__ = ["script_spellings"]

NAMES_DIR = resource_path("names")
_Rules = tuple[re.Pattern[str], tuple[str, ...]]


@cache
def _conventions() -> dict[str, list[tuple[str, _Rules]]]:
    """Script of the name ("latin", "greek", "cyrillic") -> [(name, rules)]."""
    with open(NAMES_DIR / "scripts.json", encoding="utf-8") as f:
        raw = json.load(f)
    out: dict[str, list[tuple[str, _Rules]]] = {}
    for name, conv in raw.items():
        if name.startswith("_"):
            continue
        # One alternation, tried in the table's order at each position (the first rule
        # that fits wins, as in the table); a character no rule takes is kept.
        combined = re.compile("|".join(f"({src})" for src, _ in conv["rules"]))
        replacements = tuple(dst for _, dst in conv["rules"])
        out.setdefault(conv["from"], []).append((name, (combined, replacements)))
        if "when" in conv:
            _WHEN[name] = re.compile(conv["when"])
    return out


_WHEN: dict[str, re.Pattern[str]] = {}


def _script(word: str) -> str | None:
    for c in word:
        if not c.isalpha():
            continue
        code = ord(c)
        if 0x0370 <= code <= 0x03FF or 0x1F00 <= code <= 0x1FFF:
            return "greek"
        if 0x0400 <= code <= 0x052F:
            return "cyrillic"
        if code < 0x0250 or 0x1E00 <= code <= 0x1EFF:
            return "latin"
        return None
    return None


def _apply(rules: _Rules, word: str) -> str:
    combined, replacements = rules
    return combined.sub(lambda m: replacements[(m.lastindex or 1) - 1], word)


def script_spellings(name: str) -> tuple[str, ...]:
    """Spellings of ``name`` in the other scripts (not ``name`` itself)."""
    script = _script(name)
    if script is None:
        return ()
    lower = name.lower()
    if script != "latin":  # Greek and Cyrillic rules are written without accents
        lower = "".join(c for c in unicodedata.normalize("NFD", lower)
                        if not unicodedata.combining(c) or c in "\u0306\u0308")  # й ё ї
        lower = unicodedata.normalize("NFC", lower)
    out: dict[str, None] = {}
    for conv_name, rules in _conventions().get(script, []):
        when = _WHEN.get(conv_name)
        if when is not None and not when.search(lower):
            continue
        out[_apply(rules, lower)] = None
    if script != "latin":
        out[anyascii(name).lower()] = None
    out.pop(lower, None)
    return tuple(s for s in out if s.strip())
