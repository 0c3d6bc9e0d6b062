"""The needles an export's leak gate searches for, collected while a document is prepared:
whole redacted spans, names, contacts and identifiers (never dropped), and partial n-grams
and titles of left-out notes (dropped when the printed text has them anyway)."""

from __future__ import annotations

from influence_desk.export.gate import LeakKind, Needle
from influence_desk.export.textnorm import NeedleSearch, fold

NGRAM_WORDS = 7  # word n-grams searched for partial leaks of long texts
NGRAM_STRIDE = 3
NGRAMS_PER_TEXT = 40


def ngrams(folded: str) -> list[str]:
    words = folded.split(" ")
    if len(words) < NGRAM_WORDS:
        return []
    grams = [
        " ".join(words[i : i + NGRAM_WORDS])
        for i in range(0, len(words) - NGRAM_WORDS + 1, NGRAM_STRIDE)
    ]
    return grams[:NGRAMS_PER_TEXT]


class Collector:
    """Needles for the gate. ``subtractable`` ones are dropped if the printed text has them.

    Whole redacted spans, names, contacts and identifiers are never subtracted: if one of
    them is printed, something is wrong. Partial n-grams and titles of left-out notes may
    legitimately coincide with text that is printed elsewhere, and would otherwise stop
    exports for nothing.
    """

    def __init__(self) -> None:
        self.fixed: dict[str, LeakKind] = {}
        self.subtractable: dict[str, LeakKind] = {}

    def add(self, folded: str, kind: LeakKind, *, subtractable: bool = False) -> None:
        if not folded.strip():
            return
        if subtractable:
            if folded not in self.fixed:
                self.subtractable.setdefault(folded, kind)
        else:
            self.fixed.setdefault(folded, kind)
            self.subtractable.pop(folded, None)

    def add_text(self, text: str, kind: LeakKind) -> None:
        """Distinctive parts of a whole text that must not appear (left out, or audit)."""
        folded = fold(text)
        grams = ngrams(folded)
        if grams:
            for g in grams:
                self.add(g, kind, subtractable=True)
        elif len(folded) >= 20:
            self.add(folded, kind, subtractable=True)

    def needles(self, printed_folded: str) -> tuple[Needle, ...]:
        subtract = list(self.subtractable.items())
        search = NeedleSearch((n, i) for i, (n, _) in enumerate(subtract))
        present = {h.tag for h in search.search(printed_folded)}
        out = [Needle(n, k) for n, k in self.fixed.items()]
        out += [Needle(n, k) for i, (n, k) in enumerate(subtract) if i not in present]
        return tuple(out)
