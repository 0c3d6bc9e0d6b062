"""Export of N synthetic notes with the leak gate, against a bare reportlab build.

    .venv/bin/python bench/export.py [--notes 1000] [--repeat 1]

Baseline: the same headings and paragraphs laid out by plain reportlab platypus with the
same DejaVu fonts (what any PDF export costs). Measured: ``export_pdf`` with the team-brief
profile, which adds redaction, identifier detection, page furniture and the leak gate
(pypdf + pdfminer text of every page, metadata, outline, annotations, content streams).
Target (DESIGN §10): 1,000 notes in under 15 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _report import result as report_figure
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from influence_desk.export import (
    TEAM,
    ExportNote,
    ExportRequest,
    ExportSource,
    ForbiddenTerms,
    VerifySummary,
    export_pdf,
)
from influence_desk.export import gate as gate_module
from influence_desk.export.render import SANS, SANS_BOLD, register_fonts
from influence_desk.model import Consent, EventKind, Mark, MarkLevel, NoteKind

WORDS = (
    "voter file matching consumer data broker campaign geofence rally app tracking "
    "psychometric segment lookalike audience canvassing dashboard pitch vendor booth "
    "turnout model persuasion score addressable television search ads texting platform "
    "Zażółć gęślą jaźń Αθήνα Москва München Łódź"
).split()
EVENTS = [(f"Campaign Tech Europe {2020 + i}", EventKind.TRADE_FAIR) for i in range(6)] + [
    (f"Data & Democracy panel {i}", EventKind.PANEL) for i in range(6)
]


def synthetic_notes(n: int, seed: int = 7) -> list[tuple[str, str]]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        title = f"Note {i}: " + " ".join(rnd.choice(WORDS) for _ in range(5))
        body = ""
        while len(body.encode()) < 600:
            body += rnd.choice(WORDS) + " "
        out.append((title, body.strip()))
    return out


def baseline(texts: list[tuple[str, str]], out: Path) -> float:
    register_fonts()
    head = ParagraphStyle("h", fontName=SANS_BOLD, fontSize=11, leading=14.5)
    body = ParagraphStyle("b", fontName=SANS, fontSize=9.5, leading=13.6)
    story = []
    for title, text in texts:
        story += [Paragraph(title, head), Paragraph(text, body)]
    start = time.perf_counter()
    SimpleDocTemplate(str(out), pagesize=A4).build(story)
    return time.perf_counter() - start


def request_for(texts: list[tuple[str, str]]) -> ExportRequest:
    sources = (
        ExportSource(
            "s1",
            "Amber Heron",
            "sales lead, voter-data broker",
            "an insider",
            Consent.ANONYMOUS,
            "Datapol",
        ),
        ExportSource(
            "s2", "Slate Otter", "analyst, consultancy", "an insider", Consent.BACKGROUND, "Vox"
        ),
    )
    notes = []
    t0 = datetime(2026, 3, 1, 9, 0)
    for i, (title, body) in enumerate(texts):
        event, kind = EVENTS[i % len(EVENTS)]
        marks = (Mark(0, 40, MarkLevel.TEAM),) if i % 5 == 0 else ()
        notes.append(
            ExportNote(
                id=f"n{i:05d}",
                kind=NoteKind.BOOTH,
                title=title,
                occurred_at=t0 + timedelta(minutes=37 * i),
                event_name=event,
                event_kind=kind,
                organisation_names=("Datapol",),
                source_ids=("s1",) if i % 3 == 0 else (),
                tags=("Voter files",),
                summary=body[:120],
                body=body,
                marks=marks,
            )
        )
    return ExportRequest(
        title="Benchmark export",
        profile=TEAM,
        notes=tuple(notes),
        sources=sources,
        vault_fingerprint="0123456789abcdef",
        checkpoint="1000:" + "ab" * 32,
        verify_summary=VerifySummary(True, 1000, 0),
        history_counts={"note.add": 1000},
        generated_on=date(2026, 3, 20),
        forbidden=ForbiddenTerms(("Katarzyna Wiśniewska", "Kasia"), ("kasia@example.org",)),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    texts = synthetic_notes(args.notes)
    request = request_for(texts)

    # Time the gate separately by wrapping it for the measured run.
    gate_time = 0.0
    real_check = gate_module.check_pdf

    def timed_check(*a: object, **kw: object) -> int:
        nonlocal gate_time
        start = time.perf_counter()
        try:
            return real_check(*a, **kw)  # type: ignore[arg-type]
        finally:
            gate_time += time.perf_counter() - start

    import influence_desk.export.pipeline as pipeline

    pipeline.check_pdf = timed_check  # type: ignore[assignment]

    base_runs, export_runs, gate_runs = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):
            base_runs.append(baseline(texts, Path(tmp) / "baseline.pdf"))
            gate_time = 0.0
            start = time.perf_counter()
            result = export_pdf(request, Path(tmp) / "export.pdf")
            export_runs.append(time.perf_counter() - start)
            gate_runs.append(gate_time)
        size = result.out.stat().st_size
        base_size = (Path(tmp) / "baseline.pdf").stat().st_size

    b, e, g = (statistics.median(r) for r in (base_runs, export_runs, gate_runs))
    print(f"notes                      {args.notes}")
    print(f"baseline reportlab build   {b:6.2f} s   ({base_size / 1e6:.2f} MB)")
    print(f"export_pdf with leak gate  {e:6.2f} s   ({result.pages} pages, {size / 1e6:.2f} MB)")
    print(f"  of which the leak gate   {g:6.2f} s   ({100 * g / e:.0f}% of the export)")
    print(f"  prepare + render         {e - g:6.2f} s   ({(e - g) / b:.1f}x the baseline)")
    print(f"ratio export / baseline    {e / b:6.1f}x")
    target = 15.0 * args.notes / 1000
    verdict = "meets" if e < target else "MISSES"
    print(f"target                     < {target:.1f} s   -> {verdict} the target")
    report_figure(f"export {args.notes:,} notes with the leak gate", e, "s", f"< {target:.0f} s",
           baseline=b, baseline_label="bare reportlab build of the same text",
           met=e < target if args.notes >= 1000 else None,
           note=f"gate {100 * g / e:.0f}% of the time")  # fmt: skip


if __name__ == "__main__":
    main()
