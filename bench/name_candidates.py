"""Precision and recall of the unregistered-person finder on the labelled corpus.

Not a timing: the figures are counts over tests/core/data/name_candidates.txt (English,
German, Polish, French, Spanish, Italian). The test tests/core/test_candidates.py keeps
them above floors. ``--wrong`` lists every miss and false positive.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "core")]

from name_corpus import load_corpus, score  # noqa: E402


def main() -> None:
    sentences, exclusions = load_corpus()
    result = score(sentences, exclusions)
    marked = result.true_positives + result.misses
    print(f"sentences {result.sentences}, marked names {marked}")
    print(f"precision {result.precision:.3f} ({result.true_positives} of "
          f"{result.true_positives + result.false_positives} found)")
    print(f"recall    {result.recall:.3f} ({result.true_positives} of {marked} marked)")
    for lang, (tp, fp, fn) in sorted(result.by_lang.items()):
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        print(f"  {lang}: precision {p:.3f}, recall {r:.3f} ({tp + fn} names)")
    if "--wrong" in sys.argv:
        print("\n".join(result.wrong))


if __name__ == "__main__":
    main()
