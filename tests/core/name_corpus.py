"""The labelled corpus of tests/core/data/name_candidates.txt and its scoring.

Shared by tests/core/test_candidates.py (floors) and bench/name_candidates.py (figures).
A found candidate counts as right only if its span is exactly a marked name; a name found
with one word too many or too few is both a false positive and a miss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from influence_desk.candidates import Exclusions, find_candidates
from influence_desk.taxonomy import load_taxonomy

CORPUS = Path(__file__).resolve().parent / "data" / "name_candidates.txt"
HELD_OUT = CORPUS.with_name("name_candidates_heldout.txt")
_MARK_RE = re.compile(r"\[\[(.+?)\]\]")


@dataclass(frozen=True)
class Sentence:
    lang: str
    text: str
    names: tuple[tuple[int, int], ...]


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    misses: int = 0
    sentences: int = 0
    by_lang: dict[str, list[int]] = field(default_factory=dict)  # lang -> [tp, fp, fn]
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        marked = self.true_positives + self.misses
        return self.true_positives / marked if marked else 1.0


def load_corpus(path: Path = CORPUS) -> tuple[list[Sentence], Exclusions]:
    sentences: list[Sentence] = []
    registered: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            kind, _, values = line[1:].partition(":")
            if kind in ("org", "event", "source", "pseudonym"):
                registered += [v.strip() for v in values.split("|") if v.strip()]
            continue
        if not line.strip():
            continue
        lang, _, marked = line.partition("\t")
        text, names, pos = [], [], 0
        for m in _MARK_RE.finditer(marked):
            text.append(marked[pos : m.start()])
            start = sum(len(t) for t in text)
            text.append(m.group(1))
            names.append((start, start + len(m.group(1))))
            pos = m.end()
        text.append(marked[pos:])
        sentences.append(Sentence(lang, "".join(text), tuple(names)))
    terms = [t.label for t in load_taxonomy()]
    return sentences, Exclusions.of([*registered, *terms])


def score(sentences: list[Sentence], exclusions: Exclusions) -> Score:
    result = Score()
    for sentence in sentences:
        found = {(c.start, c.end) for c in find_candidates(sentence.text, exclusions)}
        gold = set(sentence.names)
        tp, fp, fn = len(found & gold), len(found - gold), len(gold - found)
        result.true_positives += tp
        result.false_positives += fp
        result.misses += fn
        result.sentences += 1
        counts = result.by_lang.setdefault(sentence.lang, [0, 0, 0])
        counts[0] += tp
        counts[1] += fp
        counts[2] += fn
        for a, b in sorted(found - gold):
            result.wrong.append(f"FP {sentence.lang}: {sentence.text[a:b]!r} in {sentence.text!r}")
        for a, b in sorted(gold - found):
            result.wrong.append(f"FN {sentence.lang}: {sentence.text[a:b]!r} in {sentence.text!r}")
    return result
