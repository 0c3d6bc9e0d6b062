"""The full-text index is derived data: what it holds for a note follows from the stored
note alone, so ``verify`` rebuilds it and compares.

notes_fts holds one row per note (rowid = the note's nid): title, summary and body as
textformat renders them for search (references as pseudonyms, marked text kept) and the
tags with their vocabulary labels. The Desk writes rows with ``index_row``; ``check_index``
builds the same rows in memory from notes, note_texts, note_tags and the pseudonyms and
compares them with what notes_fts holds, row by row and in number. FTS5's own
integrity-check (``Store.integrity_problems``) then proves the inverted index holds exactly
the tokens of those rows, so a row edited, deleted or forged with only the data key is
reported, and so is a search hit planted in the index.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from influence_desk import textformat
from influence_desk.errors import VaultDamaged
from influence_desk.progress import CancelFlag
from influence_desk.taxonomy import Taxonomy

UNKNOWN_SOURCE = "[unknown source]"
# Stored text without a reserved code point has no reference or mark: it is its own index
# text (most notes; decoding them all made verify's index check several times slower).
_RESERVED = re.compile("[\ue000-\ue00f]")
# The tables the check reads, and the index with its shadow tables (by prefix).
READS = ("notes", "note_texts", "note_tags", "sources")
READS_PREFIXED = ("notes_fts",)
# Problems listed one by one; beyond that, counted.
MAX_LISTED = 20


@dataclass(frozen=True)
class IndexRow:
    """One notes_fts row: the note's nid and its four indexed columns."""

    rowid: int
    title: str
    summary: str
    body: str
    tags: str

    def columns(self) -> tuple[str, str, str, str]:
        return self.title, self.summary, self.body, self.tags


def index_text(stored: str, pseudonym_of: Callable[[str], str]) -> str:
    """A stored text field as the index holds it."""
    if not _RESERVED.search(stored):
        return stored
    return textformat.plain_for_index(stored, pseudonym_of)


def tags_text(tags: Iterable[str], taxonomy: Taxonomy) -> str:
    """Tags as indexed: a vocabulary tag with its label, so either finds the note."""
    return " ".join(f"{t} {taxonomy.label_for(t)}" if t in taxonomy else t for t in tags)


def index_row(
    nid: int,
    title: str,
    summary: str,
    body: str,
    tags: Iterable[str],
    pseudonym_of: Callable[[str], str],
    taxonomy: Taxonomy,
) -> IndexRow:
    """The index row of a note from its stored fields and its tags (in stored order)."""
    return IndexRow(
        nid,
        index_text(title, pseudonym_of),
        index_text(summary, pseudonym_of),
        index_text(body, pseudonym_of),
        tags_text(tags, taxonomy),
    )


class IndexCheck(NamedTuple):
    """One note beside its index row, as ``Store.index_checks`` reads them: SQLite compares
    the text columns where the stored text is its own index text (no reserved code point);
    the others come with both texts, for ``index_text`` to render. (A NamedTuple: 100,000
    of them are made per verify.)"""

    nid: int
    note_id: str
    has_text: bool  # a note_texts row exists (if not, the note's own check reports it)
    indexed: bool  # an index row exists
    rendered: bool  # the stored text has references or marks: compare in Python
    same: tuple[bool, bool, bool]  # title, summary, body equal (when not ``rendered``)
    stored: tuple[str, str, str] | None  # when ``rendered``
    held: tuple[str, str, str] | None  # when ``rendered``
    tags: tuple[str, ...]
    held_tags: str | None


@dataclass(frozen=True)
class IndexProblem:
    where: str
    what: str


_COLUMNS = ("title", "summary", "body", "tags")


def check_index(
    checks: Iterable[IndexCheck],
    without_note: Iterable[int],
    held_rows: int,
    pseudonyms: dict[str, str],
    taxonomy: Taxonomy,
    cancel: CancelFlag | None = None,
) -> list[IndexProblem]:
    """Compare each note's expected index row with the one held (``checks``, one per note),
    list the index rows that belong to no note (``without_note``, a few rowids), and the
    number of rows the index holds (``held_rows``) with the number of notes."""

    def pseudonym_of(source_id: str) -> str:
        return pseudonyms.get(source_id, UNKNOWN_SOURCE)

    problems: list[IndexProblem] = []
    differ = missing = notes = 0

    def report(where: str, what: str) -> None:
        if len(problems) < MAX_LISTED:
            problems.append(IndexProblem(where, what))

    for check in checks:
        notes += 1
        if cancel and notes % 2000 == 0:
            cancel.check()
        where = f"search index of note:{check.note_id}"
        if not check.indexed:
            missing += 1
            report(where, "is missing: the note cannot be found by search")
            continue
        if not check.has_text:
            continue
        same = list(check.same)
        if check.rendered and check.stored is not None and check.held is not None:
            try:
                want = [index_text(text, pseudonym_of) for text in check.stored]
            except VaultDamaged:
                continue  # its stored text cannot be read: the note's own check reports it
            same = [a == b for a, b in zip(want, check.held, strict=True)]
        same.append(tags_text(check.tags, taxonomy) == check.held_tags)
        if not all(same):
            differ += 1
            changed = ", ".join(n for n, ok in zip(_COLUMNS, same, strict=True) if not ok)
            report(where, f"differs from the stored note ({changed})")
    extra = 0
    for rowid in without_note:
        extra += 1
        report("search index", f"holds a row (rowid {rowid}) for no note")
    if held_rows != notes or differ + missing + extra > len(problems):
        problems.append(
            IndexProblem(
                "search index",
                f"holds {held_rows} rows for {notes} notes ({differ} differing, {missing} "
                f"missing, {held_rows - (notes - missing)} without a note)",
            )
        )
    return problems
