"""Full-text search at 100,000 notes, against plain SQLite FTS5 on the same rows.

    .venv/bin/python bench/search.py [--notes 100000] [--repeat 30]

Measured: ``Desk.search(query)`` as the app calls it (query made safe and, for an identity
holder, real names turned into pseudonyms in memory; bm25 ranking; top 50; snippets),
inside the encrypted vault (SQLCipher).
Baseline (same run): the stdlib ``sqlite3`` module, an unencrypted file with one FTS5 table
holding exactly the rows of the vault's index (same tokenizer and bm25 weights), the same
``MATCH`` with ``ORDER BY rank LIMIT 50`` and ``snippet()``: the fastest plain FTS5 query.
Targets (DESIGN §10 / issue #3): under 30 ms; within 1.3x of plain SQLite FTS5.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import result as report_figure

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _vault100k import WORK, open_vault100k

from influence_desk.desk import Desk

# From the synthetic corpus: words in about 1 % of notes, an AND, a prefix, an OR; then a
# phrase and a word found in most notes (ranking tens of thousands of hits).
QUERIES = ["karuti", "kasalo", "karuti voter", "karu*", "karuti OR kasalo", '"voter file"',
           "voter"]  # fmt: skip


def plain_copy(desk: Desk, path: Path) -> sqlite3.Connection:
    if path.exists():
        path.unlink()
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE VIRTUAL TABLE notes_fts USING fts5(title, summary, body, tags, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    rows = desk.store._conn.execute("SELECT rowid, title, summary, body, tags FROM notes_fts")
    conn.executemany("INSERT INTO notes_fts(rowid, title, summary, body, tags) VALUES (?,?,?,?,?)",
                     rows)  # fmt: skip
    conn.execute(
        "INSERT INTO notes_fts(notes_fts, rank) VALUES ('rank', 'bm25(4.0, 2.0, 1.0, 2.0)')"
    )
    conn.execute("INSERT INTO notes_fts(notes_fts) VALUES ('optimize')")
    conn.commit()
    return conn


def plain_search(conn: sqlite3.Connection, expression: str) -> list[tuple[int, str, str]]:
    return conn.execute(
        "SELECT rowid, title, snippet(notes_fts, -1, '[', ']', '…', 16) FROM notes_fts "
        "WHERE notes_fts MATCH ? ORDER BY rank LIMIT 50",
        (expression,),
    ).fetchall()


def timed(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    fn()  # warm
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    vault = open_vault100k(args.notes)
    try:
        desk = Desk(vault)
        total = desk.count_notes()
        plain = plain_copy(desk, WORK / f"plain-fts-{args.notes}.db")
        print(f"notes: {total:,}; medians of {args.repeat} warm runs, top 50 with snippets")
        print(f"{'query':<22}{'hits':>6}{'vault ms':>11}{'plain ms':>11}{'ratio':>8}")
        ratios: list[float] = []
        worst = 0.0
        for query in QUERIES:
            expression = desk.search_expression(query)
            hits = len(desk.search(query))
            assert hits == len(plain_search(plain, expression)), query
            ours = timed(lambda q=query: desk.search(q), args.repeat)
            base = timed(lambda e=expression: plain_search(plain, e), args.repeat)
            ratios.append(ours / base)
            worst = max(worst, ours)
            print(f"{query:<22}{hits:>6}{ours * 1000:>11.2f}{base * 1000:>11.2f}"
                  f"{ours / base:>7.2f}x")  # fmt: skip
        geo = statistics.geometric_mean(ratios)
        print(f"ratio vault / plain SQLite FTS5 (geometric mean): {geo:.2f}x "
              f"({'OK' if geo <= 1.3 else 'OVER'} against 1.3x)")  # fmt: skip
        print(f"slowest query: {worst * 1000:.2f} ms ({'OK' if worst < 0.030 else 'OVER'} "
              "against 30 ms)")  # fmt: skip
        full = total >= 100_000
        report_figure(f"FTS search at {total:,} notes vs plain SQLite FTS5 (geo. mean)", geo,
                      "x", "<= 1.3x", ratio=geo, met=geo <= 1.3 if full else None)  # fmt: skip
        report_figure(f"FTS search at {total:,} notes, slowest of {len(QUERIES)} queries",
                      worst * 1000, "ms", "< 30 ms", met=worst < 0.030 if full else None,
                      note="a word in nearly every note")  # fmt: skip
        plain.close()
    finally:
        vault.close()


if __name__ == "__main__":
    main()
