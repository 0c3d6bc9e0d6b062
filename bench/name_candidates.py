"""Precision and recall of the unregistered-person finder on the labelled corpus, and how
long it takes on a long note.

Precision and recall are counts over tests/core/data/name_candidates.txt (318 sentences:
English, German, Polish, French, Spanish, Italian; the development set) and
name_candidates_heldout.txt (98 sentences written after tuning and scored once). The test
tests/core/test_candidates.py keeps them above floors. ``--wrong`` lists every miss and
false positive. The timing is a 20 KB note made of the corpus sentences, against
``detect_identifiers`` on the same text in the same run.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "core"), str(ROOT / "bench")]

from _report import result  # noqa: E402
from name_corpus import HELD_OUT, Score, load_corpus, score  # noqa: E402

from influence_desk.candidates import find_candidates, given_names  # noqa: E402
from influence_desk.detect import detect_identifiers  # noqa: E402


def show(label: str, found: Score) -> None:
    marked = found.true_positives + found.misses
    print(f"{label}: {found.sentences} sentences, {marked} marked names")
    print(f"  precision {found.precision:.3f} ({found.true_positives} of "
          f"{found.true_positives + found.false_positives} found)")  # fmt: skip
    print(f"  recall    {found.recall:.3f} ({found.true_positives} of {marked} marked)")
    for lang, (tp, fp, fn) in sorted(found.by_lang.items()):
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        print(f"    {lang}: precision {p:.3f}, recall {r:.3f} ({tp + fn} names)")
    if "--wrong" in sys.argv:
        print("\n".join("    " + w for w in found.wrong))


def main() -> None:
    sentences, exclusions = load_corpus()
    dev = score(sentences, exclusions)
    held_sentences, held_exclusions = load_corpus(HELD_OUT)
    held = score(held_sentences, held_exclusions)
    show("labelled corpus", dev)
    show("held-out sentences", held)
    for label, found in (("labelled corpus, 318 sentences", dev),
                         ("held-out sentences, 98", held)):  # fmt: skip
        result(f"candidates: precision, {label}", found.precision, "", ">= 0.95",
               met=found.precision >= 0.95)  # fmt: skip
        result(f"candidates: recall, {label}", found.recall, "", ">= 0.90",
               met=found.recall >= 0.90)  # fmt: skip

    text = ""
    while len(text) < 20_000:
        text += " ".join(s.text for s in sentences) + "\n"
    text = text[:20_000]
    given_names()  # the lexicon loads once per process; not part of the per-note figure
    mine: list[float] = []
    base: list[float] = []
    for _ in range(5):
        started = time.perf_counter()
        find_candidates(text, exclusions)
        mine.append(time.perf_counter() - started)
        started = time.perf_counter()
        detect_identifiers(text, suggest_names=False)
        base.append(time.perf_counter() - started)
    ours, theirs = sorted(mine)[2] * 1000, sorted(base)[2] * 1000
    print(f"20 KB note: candidates {ours:.1f} ms, detect_identifiers {theirs:.1f} ms")
    result("find candidates in a 20 KB note (median of 5)", ours, "ms", "fast enough to type",
           baseline=theirs, baseline_label="detect_identifiers, same note")  # fmt: skip


if __name__ == "__main__":
    main()
