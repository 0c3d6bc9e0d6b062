"""Attachments through sync: a 12-megapixel photo and a 20-page scanned PDF sent in a bundle
and applied on another replica (influence_desk/sync/attachments.py).

    .venv/bin/python bench/sync_attachments.py

A lead's vault and one replica; the replica attaches the file (strip, store, signed entry:
the baseline, same run), its `sync` writes the bundle (send) and the lead's `sync` checks
every blob against its signed row and stores it (apply). Reported: the stored size, the
bundle's size, wall time of each step and the peak of Python's allocations during send and
apply (tracemalloc: the bundle's JSON, base64, deflate and AES-GCM buffers), against the
stored size. The lead's verify must pass afterwards.
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from influence_desk import crypto
from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import NoteKind, Role
from influence_desk.sync.replica import make_replica
from influence_desk.vault.vault import Vault

LEAD, RAFA = "lead passphrase for the attachment bench", "researcher passphrase, bench"


def photo_12mp(seed: int = 12) -> bytes:
    """4000 x 3000, smooth colour with sensor-like noise: a phone photo's JPEG size."""
    rnd = np.random.default_rng(seed)
    y, x = np.mgrid[0:3000, 0:4000].astype(np.float32)
    base = np.stack([x / 16, y / 12, (x + y) / 28], axis=-1) % 255
    noisy = np.clip(base + rnd.normal(0, 9, base.shape), 0, 255).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(noisy, "RGB").save(out, "JPEG", quality=88)
    return out.getvalue()


def scanned_pdf(pages: int = 20, seed: int = 20) -> bytes:
    """A scan: every page an A4 greyscale image at 150 dpi with paper noise."""
    rnd = np.random.default_rng(seed)
    images = []
    for _ in range(pages):
        page = np.clip(235 + rnd.normal(0, 12, (1754, 1240)), 0, 255).astype(np.uint8)
        page[200:1500:40, 150:1100] = 30  # lines of "text"
        images.append(Image.fromarray(page, "L"))
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=150)
    return out.getvalue()


def measured(work: Callable[[], Any]) -> tuple[Any, float, int]:
    tracemalloc.start()
    started = time.perf_counter()
    value = work()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return value, seconds, peak


def run(name: str, data: bytes, root: Path) -> None:
    with Vault.create(root / "team", label="Lena", passphrase=LEAD,
                      kdf=crypto.floor_params()) as vault:  # fmt: skip
        vault.add_slot(Role.RESEARCHER, "Rafa", RAFA, kdf=crypto.floor_params())
        laptop = make_replica(vault, root / "laptop").path
        lead = vault.path
    folder = root / "sync"
    folder.mkdir()
    with Vault.open(laptop, RAFA) as vault:
        desk = Desk(vault)
        note = desk.add_note(NoteDraft(NoteKind.BOOTH, "Scan", datetime(2026, 11, 20))).note.id
        info, attach_s, attach_peak = measured(lambda: desk.attach(note, data, name))
        _r, send_s, send_peak = measured(lambda: desk.sync(folder))
    bundle = sum(p.stat().st_size for p in folder.iterdir())
    with Vault.open(lead, LEAD) as vault:
        desk = Desk(vault)
        result, apply_s, apply_peak = measured(lambda: desk.sync(folder))
        assert result.refused == [] and result.applied == 1
        assert desk.attachment_bytes(info.id) == desk.store.attachment_content(info.sha256)
        assert vault.verify().ok
    mb = 2**20
    print(f"{name}: given {len(data) / mb:.1f} MB, stored {info.size / mb:.1f} MB, bundle "
          f"{bundle / mb:.1f} MB; attach {attach_s:.2f} s (peak {attach_peak / mb:.0f} MB), "
          f"send {send_s:.2f} s (peak {send_peak / mb:.0f} MB = "
          f"{send_peak / info.size:.1f} x stored), apply {apply_s:.2f} s "
          f"(peak {apply_peak / mb:.0f} MB = {apply_peak / info.size:.1f} x stored)")  # fmt: skip


def main() -> None:
    for name, data in (("12 MP photo", photo_12mp()), ("20-page scan", scanned_pdf())):
        root = Path(tempfile.mkdtemp(prefix="bench-sync-attach-"))
        try:
            run(name, data, root)
        finally:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
