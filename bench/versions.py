"""What keeping every version of a note costs: the size of note_versions beside the rest of
notes.db, the share of ``verify`` that checks kept versions, and a note save with its
version kept against the same save's other work (same run, same vault).

    .venv/bin/python bench/versions.py [--notes 10000] [--edits 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from influence_desk import crypto, versions
from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import NoteKind
from influence_desk.vault.vault import Vault

PASSPHRASE = "bench: quiet amber harbour lantern"
WORDS = "voter file broker campaign geofence rally app tracking segment booth pitch".split()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        vault = Vault.create(Path(tmp) / "b.idvault", label="Bench", passphrase=PASSPHRASE,
                             kdf=crypto.floor_params())  # fmt: skip
        desk = Desk(vault)
        lines = (json.dumps({"kind": "desk", "title": f"Note {n}",
                             "body": " ".join(WORDS[(n + i) % len(WORDS)] for i in range(120))})
                 for n in range(args.notes))  # fmt: skip
        desk.import_jsonl(lines)
        ids = desk.note_ids()[: max(1, args.notes // 10)]
        keep = versions.record
        timings: dict[bool, list[float]] = {True: [], False: []}
        saves = 0
        for round_ in range(args.edits):
            for n, note_id in enumerate(ids):
                kept = n % 2 == 0  # alternate: the baseline (no version kept) in the same run
                versions.record = keep if kept else (lambda *a, **k: None)  # type: ignore[assignment]
                started = time.perf_counter()
                draft = NoteDraft(NoteKind.DESK, f"Edited {round_}", datetime(2026, 3, 10),
                                  body=f"Changed body {round_} " * 40)  # fmt: skip
                desk.update_note(note_id, draft)
                timings[kept].append(time.perf_counter() - started)
                saves += 1
        versions.record = keep  # type: ignore[assignment]
        with_version = sorted(timings[True])[len(timings[True]) // 2] * 1000
        without = sorted(timings[False])[len(timings[False]) // 2] * 1000
        # (the baseline's saves leave versions missing: verify below reports them)
        store = desk.store
        kept = store._exec("SELECT count(*), sum(length(content)) FROM note_versions").fetchone()
        page_size = int(store._exec("PRAGMA page_size").fetchone()[0])
        pages = int(store._exec("PRAGMA page_count").fetchone()[0])
        started = time.perf_counter()
        problems = versions.check_versions(store)
        check = time.perf_counter() - started
        started = time.perf_counter()
        vault.verify()
        whole = time.perf_counter() - started
        vault.close()
    print(f"notes {args.notes}, saves timed {saves}: median {with_version:.2f} ms with its "
          f"version kept, {without:.2f} ms without (same run): x{with_version / without:.2f}")
    print(f"note_versions: {kept[0]} rows, {kept[1] / 1e6:.1f} MB of content; "
          f"notes.db {pages * page_size / 1e6:.1f} MB")
    print(f"verify {whole:.2f} s; versions check alone {check:.2f} s = {check / whole:.0%} "
          f"of it (problems: the baseline's {len(problems)} unkept versions, as expected)")


if __name__ == "__main__":
    main()
