"""Find identifiers in free text: e-mail, phone, IBAN, checksummed numbers, URL, handle, IP,
and suggested person names that are not registered as sources yet.

Used while typing (the editor highlights), by the export profiles that remove identifiers, and
by the export leak gate. Design choices:

- Cheap regular expressions find *candidates*; the libraries then validate them
  (``phonenumbers`` for phones, ``python-stdnum`` for checksums, ``ipaddress`` for IPs), so a
  random digit run is not flagged merely for looking like a number.
- Phones: ``PhoneNumberMatcher`` is slow over a whole note and once per region, so it runs
  only over short windows around digit runs, region by region until one accepts, and the
  result for a window is cached (typing re-detects the same windows on every keystroke).
- Overlaps are resolved by kind priority (URL > e-mail > IBAN > IP > number > phone >
  handle > person): a URL that contains an e-mail or an IP is one URL; an IBAN is never
  reported as a phone.
- Person names are suggestions ("register as source?"), tuned for few false positives: a
  run of capitalised words counts only if it starts with a known given name or follows an
  honorific ("Dr.", "Herr", "Mme"), and it contains no organisation, month or weekday word.
"""

from __future__ import annotations

import bisect
import ipaddress
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import phonenumbers
from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.de import idnr as de_idnr
from stdnum.es import dni as es_dni
from stdnum.es import nie as es_nie
from stdnum.eu import vat as eu_vat
from stdnum.fr import nir as fr_nir
from stdnum.gb import vat as gb_vat
from stdnum.it import codicefiscale as it_cf
from stdnum.pl import pesel as pl_pesel
from stdnum.us import ssn as us_ssn

from influence_desk.model import Detection

__all__ = ["IDENTIFIER_KINDS", "KINDS", "PHONE_REGIONS", "detect_identifiers", "identifier_values"]

#: Every kind ``detect_identifiers`` may report.
KINDS: tuple[str, ...] = ("email", "phone", "iban", "number", "url", "handle", "ip", "person")
#: The kinds that are identifiers for certain (``person`` is only a suggestion).
IDENTIFIER_KINDS: frozenset[str] = frozenset(KINDS) - {"person"}

# Lower wins on overlap.
_PRIORITY = {
    "url": 0, "email": 1, "iban": 2, "ip": 3, "number": 4, "phone": 5, "handle": 6, "person": 7,
}

#: EU 27, the UK, the US (NANP) and the other European countries a researcher meets most.
PHONE_REGIONS: tuple[str, ...] = (
    "DE", "GB", "US", "FR", "PL", "GR", "IT", "ES", "NL", "BE", "AT", "IE", "PT", "SE", "DK",
    "FI", "CZ", "SK", "HU", "RO", "BG", "HR", "SI", "LT", "LV", "EE", "LU", "MT", "CY",
    "CH", "NO", "IS", "LI", "UA", "TR", "RS",
)

# --- candidates ----------------------------------------------------------------------------

_URL_RE = re.compile(
    r"(?<![\w@.-])(?:(?:https?|ftp)://|www\.)[^\s<>\"'`]+"
    r"|(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"(?:com|org|net|info|biz|io|co|ai|app|dev|eu|gov|edu|int|me|tv|news|online|uk|de|fr|pl|"
    r"gr|it|es|nl|be|at|ch|se|dk|fi|no|ie|pt|cz|sk|hu|ro|bg|hr|si|lt|lv|ee|lu|mt|cy|is|ua|"
    r"ru|tr|us|ca)(?![\w-])(?:/[^\s<>\"'`]*)?",
    re.IGNORECASE,
)
_EMAIL_RE = re.compile(r"(?<![\w.+@-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE_RE = re.compile(r"(?<![\w@./])@\w(?:[\w.]{0,28}\w)?(?:@[\w-]+(?:\.[\w-]+)+)?")
_IPV4_RE = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?!\w|\.\d)")
_IPV6_RE = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4})"
    r"(?:/\d{1,3})?(?![\w:])"
)
_IBAN_RE = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}(?!\w)")
_DIGITS_RE = re.compile(r"(?<![\w.,/-])\d(?:[ -]?\d){8,18}(?![\w]|[.,/-]\d)")
_ALNUM_ID_RE = re.compile(
    r"(?<!\w)(?:"
    r"(?P<cf>[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z])"  # Italian codice fiscale
    r"|(?P<dni>\d{8}-?[A-Z])|(?P<nie>[XYZ]-?\d{7}-?[A-Z])"  # Spanish DNI / NIE
    r"|(?P<ssn>\d{3}-\d{2}-\d{4})"  # US social security number
    r"|(?P<vat>(?:AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE"
    r"|SI|SK|XI|GB)[ ]?[0-9A-Z](?:[ ]?[0-9A-Z+*]){7,12})"  # VAT with country prefix
    r")(?!\w)"
)
_ALNUM_VALIDATORS: dict[str, tuple[object, ...]] = {
    "cf": (it_cf,), "dni": (es_dni,), "nie": (es_nie,), "ssn": (us_ssn,), "vat": (eu_vat, gb_vat),
}
# A phone candidate: at least 6 digits with the separators people write in numbers.
_PHONE_CAND_RE = re.compile(r"(?<![\w+(])(?:\+|\(\+?)?\d[\d \t\u00a0().\-/]{4,22}\d(?!\w)")
_US_PHONE_RE = re.compile(r"(?:\+?1[ .-]?)?\d{3}[.-]\d{3}[.-]\d{4}")
_PHONE_CUE_RE = re.compile(
    r"(?i)(?:tel|phone|mobile|mob|cell|call|fon|handy|portable|numer|τηλ|тел|whatsapp|signal"
    r"|sms|fax|☎|📞)"
)
# Dates, times and dotted quads are never phones, whatever some region's plan allows.
_NOT_PHONE_RE = re.compile(
    r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{1,2}:\d{2}"
    r"|\d{1,3}(?:\.\d{1,3}){3}"
)


class _Spans:
    """Non-overlapping half-open spans with O(log n) overlap tests."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._ends, start + 1)  # first span ending after ``start``
        return i < len(self._starts) and self._starts[i] < end

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)


def _card_ok(digits: str) -> bool:
    """Payment cards: issuer prefix and length must fit, and the Luhn check must pass."""
    n = len(digits)
    if not 13 <= n <= 19 or not luhn.is_valid(digits):
        return False
    two, four = int(digits[:2]), int(digits[:4])
    return (
        (digits[0] == "4" and n in (13, 16, 19))  # Visa
        or ((51 <= two <= 55 or 2221 <= four <= 2720) and n == 16)  # Mastercard
        or (two in (34, 37) and n == 15)  # Amex
        or ((four == 6011 or two == 65 or 644 <= four // 10 <= 649) and n >= 16)
        or (3528 <= four <= 3589 and n >= 16)  # JCB
        or ((two == 36 or 300 <= four // 10 <= 305) and n == 14)  # Diners
    )


@lru_cache(maxsize=4096)
def _digits_ok(candidate: str) -> bool:
    digits = candidate.replace(" ", "").replace("-", "")
    n = len(digits)
    if n == 11:
        return bool(pl_pesel.is_valid(digits) or de_idnr.is_valid(digits))
    if n == 15 and fr_nir.is_valid(digits):
        return True
    return _card_ok(digits)


@lru_cache(maxsize=4096)
def _alnum_ok(candidate: str, shape: str) -> bool:
    for module in _ALNUM_VALIDATORS[shape]:
        try:
            if module.is_valid(candidate):  # type: ignore[attr-defined]
                return True
        except Exception:  # noqa: S112 - a validator choking means "not this kind"
            continue
    return False


_CLOSERS = {")": "(", "]": "[", "}": "{"}


def _trim_url(s: str) -> str:
    """Drop trailing punctuation that belongs to the sentence, keep balanced brackets."""
    while s:
        last = s[-1]
        unbalanced = last in _CLOSERS and s.count(last) > s.count(_CLOSERS[last])
        if last not in ".,;:!?'\"»”’" and not unbalanced:
            break
        s = s[:-1]
    return s


def _urls(text: str) -> Iterable[tuple[int, int, str]]:
    for m in _URL_RE.finditer(text):
        s = _trim_url(m.group())
        if len(s) > 4:
            yield m.start(), m.start() + len(s), "url"


def _emails(text: str) -> Iterable[tuple[int, int, str]]:
    for m in _EMAIL_RE.finditer(text):
        s = m.group().rstrip(".-")
        local, _, domain = s.partition("@")
        tld = domain.rsplit(".", 1)[-1]
        if (
            local.strip(".")
            and len(tld) >= 2
            and tld.isalpha()
            and all(lbl and lbl[0] != "-" and lbl[-1] != "-" for lbl in domain.split("."))
        ):
            yield m.start(), m.start() + len(s), "email"


def _handles(text: str) -> Iterable[tuple[int, int, str]]:
    for m in _HANDLE_RE.finditer(text):
        name = m.group()[1:].split("@", 1)[0]
        # "@10", "@3pm" are times and places, not accounts.
        if sum(c.isalpha() for c in name) >= 2 and not re.fullmatch(r"\d+(?:am|pm|h)", name):
            yield m.start(), m.end(), "handle"


def _ips(text: str) -> Iterable[tuple[int, int, str]]:
    for rx in (_IPV4_RE, _IPV6_RE):
        for m in rx.finditer(text):
            s = m.group()
            if rx is _IPV6_RE and (s.count(":") < 2 or not any(c not in ":" for c in s)):
                continue
            try:
                ipaddress.ip_address(s.split("/", 1)[0])
            except ValueError:
                continue
            yield m.start(), m.end(), "ip"


def _mod97_ok(compact: str) -> bool:
    """The IBAN check digits, cheaply, before asking stdnum about country lengths."""
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


@lru_cache(maxsize=4096)
def _iban_length(candidate: str) -> int:
    """Length of the longest valid IBAN at the start of ``candidate``, or 0.

    The greedy candidate may run into a following code or word, so it is shrunk.
    """
    for end in range(len(candidate), 14, -1):
        if candidate[end - 1] != " ":
            compact = candidate[:end].replace(" ", "")
            if _mod97_ok(compact) and std_iban.is_valid(compact):
                return end
    return 0


def _ibans(text: str) -> Iterable[tuple[int, int, str]]:
    for m in _IBAN_RE.finditer(text):
        end = _iban_length(m.group())
        if end:
            yield m.start(), m.start() + end, "iban"


def _numbers(text: str) -> Iterable[tuple[int, int, str]]:
    for m in _DIGITS_RE.finditer(text):
        if _digits_ok(m.group()):
            yield m.start(), m.end(), "number"
    for m in _ALNUM_ID_RE.finditer(text):
        if m.lastgroup and _alnum_ok(m.group(), m.lastgroup):
            yield m.start(), m.end(), "number"


@lru_cache(maxsize=4096)
def _phones_in_window(window: str, international: bool) -> tuple[tuple[int, int], ...]:
    """Phone spans inside one short window, trying regions until one accepts all of it."""
    digits = sum(c.isdigit() for c in window)
    if digits < 6 or digits > 17:
        return ()
    found: list[tuple[int, int]] = []
    # With a country code one region parses every country; "00" is the IDD prefix in DE.
    for region in PHONE_REGIONS[:1] if international else PHONE_REGIONS:
        for m in phonenumbers.PhoneNumberMatcher(window, region):
            found.append((m.start, m.end))
        if found and max(e - s for s, e in found) >= len(window) - 1:
            break  # the whole window is one number: other regions cannot do better
    return tuple(found)


def _phones(text: str) -> Iterable[tuple[int, int, str]]:
    for m in _PHONE_CAND_RE.finditer(text):
        window = m.group()
        if _NOT_PHONE_RE.fullmatch(window):
            continue
        international = window.startswith(("+", "00", "(+"))
        # A bare digit run is a valid number somewhere (any 8 digits are Danish): national
        # forms need a trunk "0", an area code in brackets, US dashes or a cue like "tel.".
        if not (
            international
            or window.lstrip("(").startswith("0")
            or window.startswith("(")
            or _US_PHONE_RE.fullmatch(window)
            or _PHONE_CUE_RE.search(text, max(0, m.start() - 30), m.start())
        ):
            continue
        for s, e in _phones_in_window(window, international):
            yield m.start() + s, m.start() + e, "phone"


# --- person-name suggestions ---------------------------------------------------------------


@lru_cache(maxsize=8192)
def _fold(s: str) -> str:
    """Case- and diacritic-insensitive key with hyphens and whitespace runs as one space."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.casefold().replace("ı", "i")
    return " ".join(re.split(r"[\s\-‐‑‒–—]+", s)).strip()


def _letter_class(predicate_name: str) -> str:
    ranges = [(0x41, 0x24F), (0x370, 0x3FF), (0x400, 0x52F), (0x1E00, 0x1FFF)]
    chars = [
        chr(c) for lo, hi in ranges for c in range(lo, hi + 1)
        if getattr(chr(c), predicate_name)() and chr(c).isalpha()
    ]
    return "".join(re.escape(c) for c in chars)


_UP = _letter_class("isupper")
_LO = _letter_class("islower")
_TOKEN = rf"[{_UP}](?:[{_LO}]+(?:[{_UP}][{_LO}]+)?|[{_UP}]+)(?:[-'’][{_UP}]?[{_LO}]+)*"
_PARTICLES = r"von|van|de|der|den|da|di|del|della|du|le|la|dos|das|ter|ten|zu|bin|ibn|al|el|y"
_SEP = rf"(?:[ \t]+(?:(?:{_PARTICLES})[ \t]+)*|[ \t]*\r?\n[ \t]*)"
_RUN_RE = re.compile(rf"(?<![\w'’-]){_TOKEN}(?:{_SEP}{_TOKEN})+(?![\w-])")
_HONORIFICS = (
    r"Mr|Mrs|Ms|Mx|Dr|Prof|Herr|Frau|Mme|Mlle|Monsieur|Madame|M\.|Pan|Pani|Sig|Sig\.ra|"
    r"Signora|Signor|Sr|Sra|Señor|Señora|Dott|Dott\.ssa|κ\.|κα|г-н|г-жа"
)
_TITLED_RE = re.compile(
    rf"(?<![\w.])(?:{_HONORIFICS})\.?[ \t]+(?P<name>{_TOKEN}(?:{_SEP}{_TOKEN}){{0,3}})(?![\w-])"
)
_TOKEN_RE = re.compile(_TOKEN)

_GIVEN_NAMES = frozenset(_fold(n) for n in """
Aaron Adam Adrian Agnieszka Ahmed Aisha Alan Alberto Alejandro Aleksander Alessandro Alex
Alexander Alexandra Alice Alina Amelia Ana Andrea Andreas Andrew Andrzej Angela Anja Anke
Ann Anna Anne Annika Anthony Antoine Antonio Ava Barbara Beata Ben Benjamin Bernard Bernd
Brian Bruno Camille Carla Carlos Carmen Caroline Catherine Charles Charlotte Chiara Chris
Christian Christina Christine Christopher Claire Clara Claudia Daniel Daniela David Dennis
Dimitris Dominik Elena Elias Elif Elisa Elisabeth Elizabeth Ellen Emil Emily Emma Emre Eric
Erik Eva Fabian Fatma Felix Florian Francesca Francesco Francis Frank Franziska Friedrich
Gabriel Georg George Georgios Gerhard Giorgos Giovanni Giulia Giuseppe Grzegorz Hannah Hans
Harry Heinz Helen Helena Henrik Hugo Ingrid Isabel Isabelle Ismail Ivan Jacek Jack Jacob
Jakub James Jan Jana Jane Jean Jens Jessica Joanna Johann Johannes John Jonas Jordi Jorge
José Josef Joseph Juan Julia Julian Julie Jürgen Kamil Karin Karl Karolina Katarzyna
Katharina Katja Kevin Klaus Konstantinos Krzysztof Lars Laura Laurent Lea Lena Leon Linda
Lisa Lorenzo Louis Luca Lucas Lucia Luis Lukas Łukasz Magdalena Maja Małgorzata Manuel
Marc Marco Marek Maria Marie Mario Marion Mark Markus Marta Martin Mary Mateusz Mathilde
Matteo Matthew Matthias Max Mehmet Melanie Michael Michał Michel Michelle Miguel Monika
Mustafa Natalia Nicolas Nikolaos Nikos Nina Olga Oliver Olivia Pablo Paolo Patrick Paul
Paula Pavel Pedro Peter Petra Philipp Philippe Pierre Piotr Rafael Rainer Ralf Rebecca Robert
Roberto Sabine Sandra Sara Sarah Sebastian Sergei Sergey Simon Simone Sofia Sophie Stefan
Stefanie Stephan Steven Susanne Sven Tanja Thomas Tim Tobias Tomasz Ursula Valentina Vincent
Wei Werner Wojciech Wolfgang Yannick Yusuf Zeynep Zofia Ayşe Mehmet Ahmet Hüseyin Murat
Γιώργος Γεώργιος Νίκος Νικόλαος Δημήτρης Κώστας Κωνσταντίνος Γιάννης Ιωάννης Παναγιώτης
Μαρία Ελένη Κατερίνα Αικατερίνη Σοφία Άννα Βασίλης Χρήστος
Дмитрий Иван Алексей Сергей Андрей Владимир Николай Михаил Александр Ольга Анна Мария
Елена Наталья Татьяна Екатерина Ирина Юлия Олег Павел
""".split())

_NOT_NAME_WORDS = frozenset(_fold(w) for w in """
Inc Ltd LLC GmbH AG SA SAS SARL SRL SpA BV NV PLC Corp Corporation Company Group Holding
Holdings Analytics Data Media Digital Solutions Strategies Strategy Consulting Consultancy
Partners Associates Labs Technologies Tech Systems Software Services Research Institute
University Foundation Party Union Alliance Network Agency Bank Campaign Campaigns
Communications International Global Europe European Commission Parliament Council Ministry
Committee Office Center Centre Street Road Avenue Platz Straße Hotel Hall Expo Conference
Summit Forum Fair Messe Congress Democrats Republicans Labour Conservatives News Times Post
Journal Gazette Station Airport Airlines Insights Intelligence Marketing Public Affairs
Project Report Team Day Week
January February March April May June July August September October November December
Januar Februar März Juni Juli Oktober Dezember Janvier Février Mars Avril Mai Juin Juillet
Août Septembre Octobre Novembre Décembre
Monday Tuesday Wednesday Thursday Friday Saturday Sunday Montag Dienstag Mittwoch
Donnerstag Freitag Samstag Sonntag Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche
The A An And Or Of For In On At To By With From This That These Those
""".split())


def _is_given_name(token: str) -> bool:
    key = _fold(token)
    return key in _GIVEN_NAMES or key.split(" ", 1)[0] in _GIVEN_NAMES  # Jean-Luc, Anna-Lena


def _name_key_contains(haystack: str, needle: str) -> bool:
    return bool(needle) and f" {needle} " in f" {haystack} "


def _persons(text: str, known: list[str]) -> Iterable[tuple[int, int, str]]:
    taken = _Spans()

    def accept(start: int, end: int) -> tuple[int, int, str] | None:
        key = _fold(text[start:end])
        if any(_name_key_contains(key, k) or _name_key_contains(k, key) for k in known):
            return None
        taken.add(start, end)
        return start, end, "person"

    for m in _TITLED_RE.finditer(text):
        tokens = list(_TOKEN_RE.finditer(text, m.start("name"), m.end("name")))
        if any(_fold(t.group()) in _NOT_NAME_WORDS for t in tokens):
            continue
        hit = accept(m.start("name"), m.end("name"))
        if hit:
            yield hit
    for m in _RUN_RE.finditer(text):
        if taken.overlaps(m.start(), m.end()):
            continue
        tokens = list(_TOKEN_RE.finditer(text, m.start(), m.end()))
        # Start at the first given name: "Yesterday Anna Schmidt" suggests "Anna Schmidt".
        first = next((i for i, t in enumerate(tokens) if _is_given_name(t.group())), None)
        if first is None or first == len(tokens) - 1:
            continue
        rest = tokens[first:][:4]
        if any(_fold(t.group()) in _NOT_NAME_WORDS for t in rest):
            continue
        hit = accept(rest[0].start(), rest[-1].end())
        if hit:
            yield hit


# --- public API ----------------------------------------------------------------------------


def detect_identifiers(
    text: str, *, known_names: Iterable[str] = (), suggest_names: bool = True
) -> list[Detection]:
    """Every identifier in ``text``, sorted by start and non-overlapping.

    ``known_names`` are names never to suggest as persons: the registered sources' names and
    aliases, and the pseudonyms (a codename like "Amber Heron" looks like a name). Spans are
    Python ``str`` indices into ``text``; ``Detection.text`` is the matched text.
    """
    candidates: list[tuple[int, int, str]] = [
        *_urls(text), *_emails(text), *_ibans(text), *_ips(text), *_numbers(text),
        *_phones(text), *_handles(text),
    ]
    if suggest_names:
        known = [k for k in (_fold(n) for n in known_names) if k]
        candidates.extend(_persons(text, known))
    candidates.sort(key=lambda c: (_PRIORITY[c[2]], c[0], -(c[1] - c[0])))
    spans = _Spans()
    accepted: list[tuple[int, int, str]] = []
    for start, end, kind in candidates:
        if start < end and not spans.overlaps(start, end):
            spans.add(start, end)
            accepted.append((start, end, kind))
    accepted.sort()
    return [Detection(s, e, k, text[s:e]) for s, e, k in accepted]


def identifier_values(text: str, *, kinds: Iterable[str] = IDENTIFIER_KINDS) -> list[str]:
    """The distinct identifier strings in ``text`` (for the export leak gate), in order.

    Person suggestions are left out by default: they are guesses, not identifiers.
    """
    wanted = frozenset(kinds)
    values: dict[str, None] = {}
    for d in detect_identifiers(text, suggest_names="person" in wanted):
        if d.kind in wanted:
            values.setdefault(d.text, None)
    return list(values)
