"""Month words in dates: a name part that is also a month ("Jan", "May", "June", "Mai",
"Maj") is not taken for a name where it stands in a date (DESIGN §5a: a given name alone
is a variant; "12 Jan 2026" is not a mention of Jan Novák).

The month words of every language are data (``resources/names/months.json``). A date is
a day number before the word ("12 Jan", "12. Mai", "1st May", "12 de mayo" is not
covered), or after it a year ("Jan 2026", "Jan. '26" is not covered) or a day with a
comma, an ordinal ending or a year after it ("Jan 12, 2026", "June 3rd", "Jan 12 2026").
A bare "Jan 12" is left a name: "told Jan 12 things" must not leak the name, and a
pseudonym in a date costs a readable word only. Works on folded text (any folding that
keeps digits, spaces and dots, and lower-cases letters).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache

from influence_desk.names.folding import fold
from influence_desk.resourcefiles import resource_path

__all__ = ["in_date", "month_words"]

_ORDINAL = r"(?:st|nd|rd|th)"
_DAY_BEFORE = re.compile(rf"(?<![\w.,])(?:0?[1-9]|[12]\d|3[01])(?:{_ORDINAL}|\.)? ?$")
_AFTER = re.compile(
    rf"\.? ?(?:(?:19|20)\d\d(?!\d)|(?:0?[1-9]|[12]\d|3[01])(?:{_ORDINAL}|,| (?:19|20)\d\d(?!\d)))"
)
_LOOK = 12  # characters each side that can hold the day or year


@cache
def month_words(folding: Callable[[str], str] = fold) -> frozenset[str]:
    """Every language's month words, folded with ``folding``."""
    path = resource_path("names", "months.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    words: set[str] = set()
    for lang, items in data.items():
        if lang.startswith("_") or not isinstance(items, list):
            continue
        words.update(folding(str(w)) for w in items)
    return frozenset(w for w in words if w)


def in_date(folded: str, start: int, end: int) -> bool:
    """Whether ``folded[start:end]`` (a month word) stands in a date."""
    before = folded[max(0, start - _LOOK) : start]
    if _DAY_BEFORE.search(before):
        return True
    return _AFTER.match(folded, end, min(len(folded), end + _LOOK)) is not None
