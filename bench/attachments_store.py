"""Where attachment bytes live: blobs inside notes.db (SQLCipher) or AEAD files in the vault
folder. Measured for one 12 MB photo and for 1,000 small images (~40 KB), each stored in its
own durable write as an attach does, then read back.

    .venv/bin/python bench/attachments_store.py [--small 1000] [--repeat 3]

A. SQLCipher blob: INSERT into attachment_contents in its own transaction (WAL,
   synchronous=FULL, secure_delete on, raw key: the vault's settings), SELECT to read.
B. AEAD file: AES-256-GCM (cryptography) with the vault id and content hash as associated
   data, written to a temp name, fsync, rename, fsync of the folder; read + decrypt.
Baseline (same run): the same bytes as plain files, write + fsync + rename + fsync folder.
Also: a whole Desk.attach of a 12-megapixel photo (strip, read-back check, store, signed
entry) against a bare Pillow re-encode of the same photo.
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import result as report_figure
from attachments_import import bare_reencode, in_a_vault

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlcipher3
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from PIL import Image

from influence_desk.desk import Desk

BIG = 12 * 1024 * 1024
SMALL = 40 * 1024


def _db(path: Path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("CREATE TABLE IF NOT EXISTS attachment_contents "
                 "(sha256 TEXT PRIMARY KEY, data BLOB NOT NULL)")  # fmt: skip
    return conn


def blob_store(folder: Path, items: list[tuple[str, bytes]], key: bytes) -> tuple[float, float]:
    conn = _db(folder / "notes.db", key)
    start = time.perf_counter()
    for name, data in items:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO attachment_contents VALUES (?, ?)", (name, data))
        conn.execute("COMMIT")
    written = time.perf_counter() - start
    conn.close()
    conn = _db(folder / "notes.db", key)  # cold connection: pages decrypted again
    start = time.perf_counter()
    for name, data in items:
        got = conn.execute("SELECT data FROM attachment_contents WHERE sha256 = ?",
                           (name,)).fetchone()[0]  # fmt: skip
        assert len(got) == len(data)
    read = time.perf_counter() - start
    conn.close()
    return written, read


def _durable_write(folder: Path, name: str, data: bytes) -> None:
    temp = folder / f".{name}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temp, folder / name)
    dfd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def aead_files(folder: Path, items: list[tuple[str, bytes]], key: bytes) -> tuple[float, float]:
    aead = AESGCM(key)
    start = time.perf_counter()
    for name, data in items:
        nonce = secrets.token_bytes(12)
        _durable_write(folder, name, nonce + aead.encrypt(nonce, data, name.encode()))
    written = time.perf_counter() - start
    start = time.perf_counter()
    for name, data in items:
        raw = (folder / name).read_bytes()
        assert len(aead.decrypt(raw[:12], raw[12:], name.encode())) == len(data)
    return written, time.perf_counter() - start


def plain_files(folder: Path, items: list[tuple[str, bytes]], key: bytes) -> tuple[float, float]:
    start = time.perf_counter()
    for name, data in items:
        _durable_write(folder, name, data)
    written = time.perf_counter() - start
    start = time.perf_counter()
    for name, data in items:
        assert len((folder / name).read_bytes()) == len(data)
    return written, time.perf_counter() - start


Way = Callable[[Path, list[tuple[str, bytes]], bytes], tuple[float, float]]


def median_of(way: Way, items: list[tuple[str, bytes]], repeat: int) -> tuple[float, float]:
    writes, reads = [], []
    for _ in range(repeat):
        folder = Path(tempfile.mkdtemp(prefix="attach-bench-"))
        try:
            w, r = way(folder, items, secrets.token_bytes(32))
        finally:
            shutil.rmtree(folder)
        writes.append(w)
        reads.append(r)
    return statistics.median(writes), statistics.median(reads)


def photo_12mp() -> bytes:
    noise = [Image.effect_noise((4000, 3000), 30 + 8 * i) for i in range(3)]
    out = io.BytesIO()
    Image.merge("RGB", noise).save(out, "JPEG", quality=85)
    return out.getvalue()


def whole_attach(data: bytes, repeat: int) -> tuple[float, float]:
    def attach(desk: Desk, note_id: str) -> float:
        start = time.perf_counter()
        desk.attach(note_id, data, "p.jpg")
        return time.perf_counter() - start

    figures = [in_a_vault(attach) for _ in range(repeat)]
    bare = [bare_reencode(data).wall for _ in range(repeat)]
    return statistics.median(figures), statistics.median(bare)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    big = [("big", secrets.token_bytes(BIG))]
    small = [(f"s{i:05d}", secrets.token_bytes(SMALL)) for i in range(args.small)]
    for label, items in (("one 12 MB photo", big), (f"{args.small} small images", small)):
        results = {name: median_of(way, items, args.repeat)
                   for name, way in (("blob", blob_store), ("aead", aead_files),
                                     ("plain", plain_files))}  # fmt: skip
        for name, (w, r) in results.items():
            print(f"{label:>20}  {name:>5}: write {w * 1000:9.1f} ms  read {r * 1000:8.1f} ms")
        plain_w, plain_r = results["plain"]
        for name, title in (("blob", "SQLCipher blob"), ("aead", "AEAD file")):
            w, r = results[name]
            report_figure(f"store {label} as {title}: write", w * 1000, "ms", "—",
                          baseline=plain_w * 1000, baseline_label="plain files + fsync")
            report_figure(f"store {label} as {title}: read", r * 1000, "ms", "—",
                          baseline=plain_r * 1000, baseline_label="plain files")
    data = photo_12mp()
    attach, bare = whole_attach(data, args.repeat)
    print(f"12-megapixel photo ({len(data) / 2**20:.1f} MB): Desk.attach {attach * 1000:.0f} ms, "
          f"bare Pillow re-encode {bare * 1000:.0f} ms")
    report_figure("attach a 12-megapixel photo (strip, check, store, sign)", attach * 1000, "ms",
                  "—", baseline=bare * 1000, baseline_label="bare Pillow re-encode")


if __name__ == "__main__":
    main()
