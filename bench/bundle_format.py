"""Writing and reading one sync bundle of N notes' changes (influence_desk/sync/bundle_format).

    .venv/bin/python bench/bundle_format.py [--notes 10000] [--repeat 3]

Payload: N realistic entries (a pseudonymised ~1 KB note body with its title, summary, tags
and a signed-entry envelope as JSON), about the size the apply of DESIGN §10 ("a sync bundle
of 10,000 notes under 10 s") reads. Measured: ``write_bundle`` (zlib, AES-GCM under the
HKDF key, temp file, fsync, rename, folder fsync) and ``read_bundle`` (bounded read, header
checks, AES-GCM, bounded inflate). Baseline (same run, same folder): the same payload
written plainly with fsync and read back, which is what any bundle must cost on this disk.
The target is a share of the 10 s apply: the bundle layer should stay well under 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import result as report_figure

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from influence_desk.sync import bundle_format as bf

WORDS = (
    "voter file broker booth campaign data list household consent model score panel "
    "micro targeting geofence app canvass turnout survey segment audience"
).split()


def payload(notes: int, seed: int = 15) -> bytes:
    rnd = random.Random(seed)
    entries = []
    for i in range(notes):
        body = " ".join(rnd.choice(WORDS) for _ in range(160))
        entries.append({
            "seq": i + 1, "action": "note.update", "object": f"note:{secrets.token_hex(8)}",
            "content": {"title": f"Booth {i} \u0000ref:{rnd.randrange(2000)}\u0000",
                        "summary": " ".join(rnd.choice(WORDS) for _ in range(12)),
                        "body": body, "tags": ["method:geotargeting", "follow-up"]},
            "hash": secrets.token_hex(32), "signature": secrets.token_hex(64),
        })  # fmt: skip
    return json.dumps(entries, separators=(",", ":")).encode("utf-8")


def plain_write(folder: Path, data: bytes) -> Path:
    path = folder / "plain.bin"
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = payload(args.notes)
    key, vault_id, replica = secrets.token_bytes(32), str(uuid.uuid4()), secrets.token_hex(8)
    work = Path(tempfile.mkdtemp(prefix="bench-bundle-"))
    writes, reads, plain_writes, plain_reads = [], [], [], []
    size = 0
    try:
        for run in range(args.repeat):
            folder = work / f"run{run}"
            folder.mkdir()
            t0 = time.perf_counter()
            path = bf.write_bundle(folder, key, vault_id, replica, 1, args.notes, data)
            t1 = time.perf_counter()
            opened = bf.read_bundle(path, key, vault_id)
            t2 = time.perf_counter()
            assert opened.payload == data
            size = path.stat().st_size
            plain = plain_write(folder, data)
            t3 = time.perf_counter()
            assert plain.read_bytes() == data
            t4 = time.perf_counter()
            writes.append(t1 - t0)
            reads.append(t2 - t1)
            plain_writes.append(t3 - t2)
            plain_reads.append(t4 - t3)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    w, r = statistics.median(writes), statistics.median(reads)
    pw, pr = statistics.median(plain_writes), statistics.median(plain_reads)
    mb = len(data) / 1e6
    print(f"payload {mb:.1f} MB ({args.notes} notes) -> bundle {size / 1e6:.2f} MB "
          f"({size / len(data):.0%}); medians of {args.repeat}")  # fmt: skip
    print(f"write_bundle {w * 1000:8.1f} ms   plain write+fsync {pw * 1000:8.1f} ms")
    print(f"read_bundle  {r * 1000:8.1f} ms   plain read        {pr * 1000:8.1f} ms")
    note = f"{mb:.1f} MB payload, bundle {size / len(data):.0%} of it"
    report_figure(f"write a bundle of {args.notes:,} notes", w * 1000, "ms", "< 1000 ms",
                  baseline=pw * 1000, baseline_label="plain write + fsync of the payload",
                  met=w < 1.0, note=note)  # fmt: skip
    report_figure(f"read and check a bundle of {args.notes:,} notes", r * 1000, "ms",
                  "< 1000 ms", baseline=pr * 1000, baseline_label="plain read of the payload",
                  met=r < 1.0, note=note)  # fmt: skip


if __name__ == "__main__":
    main()
