"""A registered contact detail in the notations people write it in (DESIGN §5a).

- **E-mail addresses** become patterns for the matcher in every case (folding takes care of
  that) and in the obfuscated spellings people use in notes and on web pages:
  ``anna.schmidt (at) example (dot) de``, ``[at]``, ``{at}``, `` at `` and `` dot ``.
- **Phone numbers** are not patterns: a number is written in too many groupings
  ("030 1234567", "030-123 45 67", "+49 (0)30 1234567", "0049 30 1234567"). Instead the
  registered number is parsed with ``phonenumbers`` (with its country code, or in each of
  the vault users' countries where it is valid without one) into the digit strings a text
  may hold for it: international with ``+`` or ``00``, national with its trunk prefix,
  the ``+49 (0)30`` hybrid, and the national number alone where the country writes it so.
  ``PhoneScanner`` then looks at every run of digits and separators in the folded text and
  matches the run, or any whole groups of it, whose digits are one of those strings.
- Anything else (a handle, a web address) is a plain pattern of kind ``contact``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers

from influence_desk.textformat import RefKind

__all__ = ["PhoneScanner", "contact_kind", "email_notations", "phone_keys"]

# Countries of the vault's users and of the languages the name rules cover: a number
# registered without a country code is tried in each, and kept where it is valid.
_REGIONS = ("DE", "AT", "CH", "PL", "CZ", "SK", "GR", "CY", "FR", "BE", "LU", "ES", "IT",
            "NL", "GB", "IE", "US", "PT", "DK", "SE", "NO", "FI", "HU", "RO", "BG", "HR", "SI",
            "LT", "LV", "EE", "UA", "RU", "TR")  # fmt: skip
_MIN_DIGITS = 6
_PHONE_CHARS_RE = re.compile(r"[\d\s+()./\-\u2010-\u2015]+")
_EMAIL_RE = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")

# Obfuscated spellings: each family of brackets for "at" goes with the same for "dot" (or a
# plain dot), with or without spaces around.
_FAMILIES = (("({})", True), ("[{}]", True), ("{{{}}}", True), ("<{}>", False), ("{}", True))


def _spelled(word: str, template: str) -> tuple[str, ...]:
    inner = template.format(word)
    if inner == word:
        return (f" {word} ",)
    return (inner, f" {inner} ")


def contact_kind(term: str) -> RefKind:
    """What a registered contact detail is: an e-mail address, a phone number or another
    contact detail (handle, web address)."""
    text = term.strip()
    if _EMAIL_RE.fullmatch(text):
        return RefKind.EMAIL
    digits = sum(c.isdigit() for c in text)
    if digits >= _MIN_DIGITS and _PHONE_CHARS_RE.fullmatch(text):
        return RefKind.PHONE
    return RefKind.CONTACT


def email_notations(address: str) -> set[str]:
    """The spellings of an e-mail address a text may hold (case is left to folding)."""
    address = address.strip()
    if "@" not in address:
        return {address}
    local, _, domain = address.rpartition("@")
    out: set[str] = {address, f"{local} @ {domain}", f"{local}(@){domain}"}
    for template, with_dot in _FAMILIES:
        dots = (".", *_spelled("dot", template)) if with_dot else (".",)
        for at in _spelled("at", template):
            for dot in dots:
                spelled_domain = domain.replace(".", dot)
                for spelled_local in {local, local.replace(".", dot)}:
                    out.add(f"{spelled_local}{at}{spelled_domain}")
    return out


def phone_keys(number: str, regions: tuple[str, ...] = _REGIONS) -> set[str]:
    """The digit strings a text may hold for the registered phone ``number``."""
    digits = "".join(c for c in number if c.isdigit())
    keys: set[str] = set()
    if len(digits) >= _MIN_DIGITS:
        keys.add(digits)
    stripped = number.strip()
    attempts: list[str | None] = [None] if stripped.startswith("+") else list(regions)
    if stripped.startswith("00"):
        stripped, attempts = "+" + digits[2:], [None]
    for region in attempts:
        try:
            parsed = phonenumbers.parse(stripped, region)
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(parsed):
            continue
        cc = str(parsed.country_code)
        nsn = phonenumbers.national_significant_number(parsed)
        national = "".join(
            c for c in phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
            if c.isdigit()
        )
        keys |= {cc + nsn, "00" + cc + nsn, national}
        if national != nsn:  # a trunk prefix: "+49 (0)30 …" is written too
            keys.add(cc + national)
        elif len(nsn) >= 8:  # the country writes numbers without a trunk prefix
            keys.add(nsn)
    return {k for k in keys if len(k) >= _MIN_DIGITS}


# A run of digit groups in folded text (hyphens are spaces there): "+49 (0)30 123 45 67".
# (A character class first lets the regex engine skip to candidates: ~3x faster than an
# optional "+" first; ASCII digits there, twice as fast as any digit. A run that began with
# another script's digit finds nothing more: the keys are ASCII, and the run found from the
# next ASCII digit is the same run's tail, or follows a digit and is skipped as before.)
_RUN_RE = re.compile(r"[0-9+(][\d ()./]*\d")
_GROUP_RE = re.compile(r"\d+")


@dataclass(frozen=True)
class PhoneHit:
    start: int  # in the folded text
    end: int
    source_id: str


class PhoneScanner:
    """Finds registered phone numbers in folded text, whatever their grouping."""

    def __init__(self) -> None:
        self._keys: dict[str, str] = {}  # digits -> source id (the first registered keeps it)
        self._lengths: set[int] = set()

    def __bool__(self) -> bool:
        return bool(self._keys)

    def add(self, source_id: str, number: str) -> None:
        self.add_keys(source_id, phone_keys(number))

    def add_keys(self, source_id: str, keys: Iterable[str]) -> None:
        """``phone_keys`` of a number, derived before (the matcher keeps them)."""
        for key in keys:
            self._keys.setdefault(key, source_id)
            self._lengths.add(len(key))

    def scan(self, folded: str) -> list[PhoneHit]:
        """Non-overlapping hits, the longest first at each place."""
        if not self._keys:
            return []
        keys, lengths = self._keys, self._lengths
        shortest, longest = min(lengths), max(lengths)
        hits: list[PhoneHit] = []
        for run in _RUN_RE.finditer(folded):
            if run.end() - run.start() < shortest:
                continue  # too short to hold a registered number (a year, a count)
            if run.start() and folded[run.start() - 1].isalnum():
                continue  # part of a word or an identifier
            if run.end() < len(folded) and folded[run.end()].isalnum():
                continue
            groups = [(g.start(), g.end()) for g in _GROUP_RE.finditer(folded, *run.span())]
            i = 0
            while i < len(groups):
                found = None
                digits = ""
                for j in range(i, len(groups)):
                    digits += folded[groups[j][0] : groups[j][1]]
                    if len(digits) > longest:
                        break
                    if len(digits) >= shortest and len(digits) in lengths and digits in keys:
                        found = (j, keys[digits])
                if found is None:
                    i += 1
                    continue
                j, source_id = found
                start, end = groups[i][0], groups[j][1]
                if start > run.start() and folded[start - 1] in "+(":
                    start -= 1
                if start > run.start() and folded[start - 1] == "+":
                    start -= 1
                if end < run.end() and folded[end] == ")" and "(" in folded[start:end]:
                    end += 1
                hits.append(PhoneHit(start, end, source_id))
                i = j + 1
        return hits
