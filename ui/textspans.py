"""Spans over an edited text: positions in Python ``str`` indices, kept right through edits.

Qt counts positions in UTF-16 code units, Python in code points; they differ after any
character outside the Basic Multilingual Plane (many emoji). Every span the editor keeps
(redaction marks, source references) is in Python indices and converted only at the edge.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from influence_desk.model import Mark

T = TypeVar("T")


def _astral(text: str) -> bool:
    return any(ord(c) > 0xFFFF for c in text)


def py_to_qt(text: str, index: int) -> int:
    index = max(0, min(index, len(text)))
    head = text[:index]
    return index + sum(1 for c in head if ord(c) > 0xFFFF) if _astral(head) else index


def qt_to_py(text: str, position: int) -> int:
    if not _astral(text):
        return max(0, min(position, len(text)))
    units = 0
    for i, c in enumerate(text):
        if units >= position:
            return i
        units += 2 if ord(c) > 0xFFFF else 1
    return len(text)


def diff(old: str, new: str, hint: int | None = None) -> tuple[int, int, int]:
    """``(start, removed, added)``: ``new`` is ``old`` with ``old[start:start+removed]``
    replaced by ``added`` characters. ``hint`` (where the edit happened, if known) decides
    between equally good answers inside a run of repeated characters."""
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    if hint is not None:
        prefix = min(prefix, max(0, hint))
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    return prefix, len(old) - prefix - suffix, len(new) - prefix - suffix


def shift_mark(mark: Mark, start: int, removed: int, added: int) -> Mark | None:
    """A mark after an edit; text typed inside a mark is marked, text typed at its edge not."""
    end = start + removed
    delta = added - removed
    s, e = mark.start, mark.end
    if e <= start:
        return mark
    if s >= end:
        return Mark(s + delta, e + delta, mark.level)
    new_s = s if s < start else start + added
    new_e = e + delta if e > end else start
    if s < start and e > end:
        new_s, new_e = s, e + delta
    return Mark(new_s, new_e, mark.level) if new_s < new_e else None


def shift_ref(ref: T, start: int, removed: int, added: int) -> T | None:
    """A source reference after an edit: kept whole if the edit is outside it, dropped if the
    edit touched its text (the user changed the name; the next save looks at it afresh)."""
    s, e = ref.start, ref.end  # type: ignore[attr-defined]
    end = start + removed
    if e <= start:
        return ref
    if s >= end:
        return replace(ref, start=s + added - removed, end=e + added - removed)  # type: ignore[type-var]
    return None


def spans_at(spans, index: int):
    """The spans containing ``index`` (start inclusive, end exclusive)."""
    return [s for s in spans if s.start <= index < s.end]
