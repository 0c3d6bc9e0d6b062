"""REFI-QDA export (.qdpx) of N synthetic notes with the full leak gate, against the bare
writing of the same project and against the PDF export of the same request, in one run.

    .venv/bin/python bench/export_qdpx.py [--notes 1000] [--sources 300]

Measured: ``export_document`` with ``QdpxFormat`` and the team brief (prepare: redaction of
every field and identifier detection; build the project; write the zip; read it back with
zipfile + lxml; validate against Project.xsd; the gate's search for every needle and every
form of every identity). Baselines in the same run: the bare write of the same project
(``write_qdpx`` of an already built project: no preparation, no read-back, no gate) and
``export_pdf`` of the same request (the reference every format is held to: 1,000 notes in
under 5 s, DESIGN §10). The synthetic notes and identities are bench/export.py's.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import result as report_figure
from export import request_for, synthetic_notes, timed

from influence_desk.export import export_pdf
from influence_desk.export.formats import get_format
from influence_desk.export.formats.qda_project import build_project
from influence_desk.export.formats.qdpx import write_qdpx
from influence_desk.export.formats.writing import export_document
from influence_desk.export.prepare import prepare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--sources", type=int, default=300)
    args = parser.parse_args()
    request = request_for(synthetic_notes(args.notes), args.sources)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        project = build_project(prepare(request), exporter="lead 000000")

        def bare() -> None:
            with open(folder / "bare.qdpx", "wb") as fh:
                write_qdpx(project, fh)

        _, base = timed(bare)
        result, qdpx = timed(
            lambda: export_document(request, folder / "e.qdpx", get_format("qdpx"))
        )
        _, pdf = timed(lambda: export_pdf(request, folder / "e.pdf"))
        size = result.out.stat().st_size
    load = os.getloadavg()[0]
    print(f"notes                          {args.notes}  (identities: {args.sources}; load "
          f"average {load:.1f} on {os.cpu_count()} cores)")
    print(f"bare write of the project      {base.wall:6.2f} s  cpu {base.cpu:6.2f} s")
    print(f"qdpx export with the gate      {qdpx.wall:6.2f} s  cpu {qdpx.cpu:6.2f} s  "
          f"({result.notes_exported} text sources, {size / 1e6:.2f} MB)")
    print(f"pdf export with the gate       {pdf.wall:6.2f} s  cpu {pdf.cpu:6.2f} s")
    print(f"ratio qdpx / pdf (cpu)         {qdpx.cpu / pdf.cpu:6.2f}x")
    report_figure(
        f"export {args.notes} notes as .qdpx with the leak gate (CPU)", qdpx.cpu, "s", "< 5 s",
        baseline=pdf.cpu, baseline_label="PDF export of the same request, same run",
        met=qdpx.cpu < 5.0, note=f"bare write {base.cpu:.2f} s CPU",
    )  # fmt: skip


if __name__ == "__main__":
    main()
