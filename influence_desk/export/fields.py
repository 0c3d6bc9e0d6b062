"""Redaction of the printed fields that carry no marks or references.

Event names, organisation names, tags, role descriptions, the organisation of a source,
the export's title and a custom profile's name and description are printed (on the
cover, in headings, in the outline, in the metadata) as much as note text is, and people
type names and contact details into them ("Dinner with Anna Schmidt (+49 30 …)"). Each goes
through what note text goes through:

- every form of a registered identity the matcher or the exact spellings find is removed;
- with the profile's ``remove_detected``, every detected identifier (e-mail, phone, IBAN,
  URL, handle, IP, checksummed number; and guessed person names where the profile removes
  those) is removed;
- a pseudonym in the field (the desk writes one where a registered name was typed) is
  shown the way the profile shows sources: itself, the role description, the generic role.

What is removed becomes the same placeholder as in note text, is counted once per distinct
field value, and becomes a needle the leak gate must not find.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from influence_desk.detect import detect_identifiers
from influence_desk.export.furniture import FURNITURE_WORDS
from influence_desk.export.gate import LeakKind
from influence_desk.export.identities import IdentityCheck
from influence_desk.export.profiles import ExportProfile
from influence_desk.export.textnorm import NeedleSearch, fold, fold_with_map

Hidden = tuple[int, int, str]  # start, end, reason
AddNeedle = Callable[[str, LeakKind], None]


def needle_worthy(folded: str) -> bool:
    """A removed span the gate should look for: not empty, and not one of the document's
    own words (a matcher hit on "Page" must not stop every export at its footer)."""
    words = folded.split()
    return bool(words) and not (len(words) == 1 and words[0] in FURNITURE_WORDS)


def identifier_spans(
    text: str,
    profile: ExportProfile,
    identities: IdentityCheck,
    known_names: Iterable[str],
    add_needle: AddNeedle,
    *,
    skip: Iterable[tuple[int, int]] = (),
) -> list[Hidden]:
    """Spans of ``text`` to remove: registered identities, then detected identifiers that
    do not overlap one (those are counted as the identity) or a span in ``skip``
    (pseudonyms, which look like names or handles)."""
    skip = list(skip)
    hidden: list[Hidden] = []
    for span in identities.spans(text):
        folded = fold(text[span.start : span.end])
        if needle_worthy(folded):
            kind = LeakKind.CONTACT if span.reason == "source-contact" else LeakKind.REAL_NAME
            add_needle(folded, kind)
        # The matcher and the exact spellings often find the same mention: count it once.
        if hidden and span.start < hidden[-1][1] and hidden[-1][0] < span.end:
            a, b, reason = hidden[-1]
            hidden[-1] = (min(a, span.start), max(b, span.end), reason)
        else:
            hidden.append((span.start, span.end, span.reason))
    if profile.remove_detected:
        identity = [(a, b) for a, b, _ in hidden]
        for d in detect_identifiers(
            text, known_names=tuple(known_names), suggest_names=profile.remove_suggested_names
        ):
            if any(d.start < b and a < d.end for a, b in skip):
                continue
            add_needle(fold(d.text), LeakKind.DETECTED)
            if any(a <= d.start and d.end <= b for a, b in identity):
                continue  # already removed, and counted, as a source's identity
            # Partly an identity ("press@schmidt-…"): the whole identifier goes.
            hidden.append((d.start, d.end, f"detected:{d.kind}"))
    return hidden


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if runs and a <= runs[-1][1]:
            runs[-1] = (runs[-1][0], max(runs[-1][1], b))
        else:
            runs.append((a, b))
    return runs


class PlainFields:
    """Cleans plain printed fields for one export (see the module docstring)."""

    def __init__(
        self,
        profile: ExportProfile,
        identities: IdentityCheck,
        pseudonyms: dict[str, str],  # source id -> pseudonym
        known_names: Iterable[str],
        add_needle: AddNeedle,
        redactions: Counter[str],
        placeholder: str,
    ) -> None:
        self.profile = profile
        self.identities = identities
        self.known_names = tuple(known_names)
        self.add_needle = add_needle
        self.redactions = redactions
        self.placeholder = placeholder
        self._pseudonyms = NeedleSearch(
            (fold(p), i) for i, p in enumerate(pseudonyms.values()) if len(fold(p)) >= 2
        )
        self._ids = list(pseudonyms)
        self._done: dict[tuple[str, bool], str] = {}

    def clean(self, text: str, display: Callable[[str], str] | None = None) -> str:
        """``text`` as it may be printed. ``display(source_id)`` is how a pseudonym in it
        is shown; ``None`` keeps pseudonyms as they are."""
        if not text or not text.strip():
            return text
        key = (text, display is None)
        if key in self._done:
            return self._done[key]
        refs = self._pseudonym_spans(text)
        hidden = identifier_spans(
            text, self.profile, self.identities, self.known_names, self.add_needle,
            skip=[(a, b) for a, b, _ in refs],
        )  # fmt: skip
        for _, _, reason in hidden:
            self.redactions[reason] += 1
        runs = merge((a, b) for a, b, _ in hidden)
        out: list[str] = []
        pos = 0
        cuts = sorted(
            [(a, b, None) for a, b in runs]
            + [(a, b, sid) for a, b, sid in refs
               if display is not None and not any(a < r1 and r0 < b for r0, r1 in runs)]
        )  # fmt: skip
        for a, b, sid in cuts:
            if a < pos:
                continue
            out.append(text[pos:a])
            out.append(self.placeholder if sid is None or display is None else display(sid))
            pos = b
        out.append(text[pos:])
        cleaned = "".join(out)
        self._done[key] = cleaned
        return cleaned

    def _pseudonym_spans(self, text: str) -> list[tuple[int, int, str]]:
        folded = fold(text)
        hits = self._pseudonyms.search(folded)
        if not hits:
            return []
        _, where = fold_with_map(text)
        spans = [(where[h.start], where[h.end - 1] + 1, self._ids[h.tag]) for h in hits]
        # Longest first where two pseudonyms overlap ("Amber" inside "Amber Heron").
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        kept: list[tuple[int, int, str]] = []
        for s in spans:
            if not kept or s[0] >= kept[-1][1]:
                kept.append(s)
        return kept
