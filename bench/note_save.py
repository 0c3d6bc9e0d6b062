"""Saving one note at 100,000 notes: pseudonymisation, search index and signed history.

    .venv/bin/python bench/note_save.py [--notes 100000] [--saves 200]

Measured: ``Desk.add_note`` of a realistic note (~1 KB body naming registered sources,
organisations, tags, a redaction mark), each in its own transaction, committed with
``synchronous=FULL`` like every user save. It includes the NoteView returned to the editor
(rendering and identifier detection); that part is also shown on its own.
Baseline (same run, same vault copy, same connection settings): a bare INSERT of an
already-pseudonymised note into the same tables (notes, links, tags, FTS) in one
transaction per note, without matching, sealing, history or rendering.
Target (DESIGN §10): under 10 ms per save at 100,000 notes.

The 100k vault is built once through the Desk (bench/_vault100k.py) and cached in
bench/_work/; each run works on a fresh copy so the cache never grows.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import result as report_figure

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _vault100k import PASSPHRASE, RARE, WORDS, WORK, source_names, vault100k_path

from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import Mark, MarkLevel, NoteKind
from influence_desk.vault.vault import Vault


def drafts(desk: Desk, count: int, seed: int = 5) -> list[NoteDraft]:
    rnd = random.Random(seed)
    names = source_names()
    orgs = [o.id for o in desk.organisations()]
    events = [e.id for e in desk.events()]
    out = []
    for i in range(count):
        words = [rnd.choice(WORDS) if rnd.random() < 0.6 else rnd.choice(RARE[:800])
                 for _ in range(150)]  # fmt: skip
        for _ in range(2):
            words.insert(rnd.randrange(len(words)), rnd.choice(names))
        body = " ".join(words)
        out.append(
            NoteDraft(
                NoteKind.INTERVIEW,
                f"Interview {i} with {rnd.choice(names)}",
                datetime(2025, 1 + i % 12, 1 + i % 28, 10),
                body=body,
                summary=" ".join(rnd.choice(WORDS) for _ in range(15)),
                event_id=rnd.choice(events),
                organisation_ids=tuple(rnd.sample(orgs, 2)),
                tags=("geotargeting", "lists"),
                marks=(Mark(10, 80, MarkLevel.TEAM),),
            )
        )
    return out


def stats(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p90 = ms[int(len(ms) * 0.9)]
    return f"median {statistics.median(ms):6.2f} ms   p90 {p90:6.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--saves", type=int, default=200)
    args = parser.parse_args()

    cached = vault100k_path(args.notes)
    copy = WORK / "note_save-run.idvault"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(cached, copy)
    try:
        vault = Vault.open(copy, PASSPHRASE)
        desk = Desk(vault)
        store = vault.store
        assert store is not None
        total = store.note_count_total()
        work = drafts(desk, args.saves + 10)
        for draft in work[:10]:  # warm-up: matcher built from the identities, caches filled
            desk.add_note(draft)

        saves: list[float] = []
        views: list[float] = []
        ids: list[str] = []
        for draft in work[10:]:
            start = time.perf_counter()
            view = desk.add_note(draft)
            saves.append(time.perf_counter() - start)
            ids.append(view.note.id)
        for note_id in ids[:50]:
            start = time.perf_counter()
            desk.note(note_id)
            views.append(time.perf_counter() - start)

        # Baseline: the same tables, rows already in stored form, one transaction each.
        rows = [store.note_row(i) for i in ids]
        links = [store.note_links(store.note_row(i).nid) for i in ids]  # type: ignore[union-attr]
        bare: list[float] = []
        conn = store._conn
        for n, (row, (orgs, sources, tags)) in enumerate(zip(rows, links, strict=True)):
            assert row is not None
            start = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            cur = conn.execute(
                "INSERT INTO notes(id, kind, title, occurred_at, event_id, created_at, "
                "updated_at) VALUES (?,?,?,?,?,?,?)",
                (f"bare{n}", row.kind, row.title, row.occurred_at, row.event_id, row.created_at,
                 row.updated_at),
            )
            nid = cur.lastrowid
            conn.execute(
                "INSERT INTO note_texts(nid, summary, body, surfaces) VALUES (?,?,?,?)",
                (nid, row.summary, row.body, row.surfaces),
            )
            conn.executemany("INSERT INTO note_organisations(nid, org_id) VALUES (?, ?)",
                             [(nid, o) for o in orgs])  # fmt: skip
            conn.executemany("INSERT INTO note_sources(nid, source_id, explicit) VALUES (?,?,?)",
                             [(nid, s, int(e)) for s, e in sources])  # fmt: skip
            conn.executemany("INSERT INTO note_tags(nid, tag) VALUES (?, ?)",
                             [(nid, t) for t in tags])  # fmt: skip
            conn.execute(
                "INSERT INTO notes_fts(rowid, title, summary, body, tags) VALUES (?,?,?,?,?)",
                (nid, row[3], row[6], row[7], " ".join(tags)),
            )
            conn.execute("COMMIT")
            bare.append(time.perf_counter() - start)
        vault.close()
    finally:
        shutil.rmtree(copy, ignore_errors=True)

    desk_median = statistics.median(saves)
    bare_median = statistics.median(bare)
    print(f"notes in vault: {total:,}; saves timed: {len(saves)}")
    print(f"Desk.add_note (pseudonymise + seal + FTS + signed history + view): {stats(saves)}")
    print(f"  of which the returned NoteView (render + detection):             {stats(views)}")
    print(f"baseline: bare INSERT into the same tables, 1 txn each:           {stats(bare)}")
    print(f"ratio Desk / bare INSERT: {desk_median / bare_median:.2f}x")
    verdict = "OK" if desk_median < 0.010 else "OVER"
    print(f"target < 10 ms per save: {verdict} ({desk_median * 1000:.2f} ms)")
    report_figure(f"save one note at {total:,} notes (median)", desk_median * 1000, "ms",
                  "< 10 ms", baseline=bare_median * 1000, baseline_label="bare INSERT",
                  met=desk_median < 0.010 if total >= 100_000 else None)  # fmt: skip


if __name__ == "__main__":
    main()
