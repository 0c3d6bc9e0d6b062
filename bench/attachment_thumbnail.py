"""A thumbnail in the note editor of a 12-megapixel photo as the vault stores it (a JPEG):
made in a worker when a note opens (ui/attachment_thumbs.py; ui/attachment_images.py
decodes straight at thumbnail size), the tile showing a placeholder until then. Baseline
(same run): a full-size QImage decode, then a smooth scale (what the viewer decodes).

    .venv/bin/python bench/attachment_thumbnail.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import result as report_figure

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from influence_desk.attachments import AttachmentKind
from ui.attachment_images import THUMB, decode_image, edge_colour, thumbnail_image


def _photo() -> bytes:
    """4000 x 3000, smooth areas with sensor-like noise, as a phone JPEG at quality 90."""
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:3000, 0:4000]
    base = np.stack([(x / 16) % 256, (y / 12) % 256, ((x + y) / 28) % 256], axis=-1)
    pixels = np.clip(base + rng.normal(0, 6, base.shape), 0, 255).astype("uint8")
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", quality=90)
    return out.getvalue()


def _median(job, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    _app = QApplication([])
    data = _photo()

    def full() -> None:
        decode_image(data).scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                  Qt.TransformationMode.SmoothTransformation)  # fmt: skip

    baseline = _median(full, args.repeat)
    edge = edge_colour()
    made = _median(lambda: thumbnail_image(AttachmentKind.IMAGE, data, edge), args.repeat)
    print(f"12 MP JPEG of {len(data) / 1e6:.1f} MB: thumbnail {made * 1000:.0f} ms, "
          f"full decode + scale {baseline * 1000:.0f} ms")  # fmt: skip
    report_figure("thumbnail of a 12-megapixel photo (worker)", made * 1000, "ms",
                  "< 100 ms (the placeholder is soon replaced)", baseline=baseline * 1000,
                  baseline_label="full QImage decode + scale", met=made < 0.1,
                  note=f"{len(data) / 1e6:.1f} MB JPEG")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
