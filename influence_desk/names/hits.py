"""The matcher's list of hits in a folded text: overlaps decided, neighbours joined,
honorifics taken in, month words in dates dropped (``influence_desk.pseudonyms``)."""

from __future__ import annotations

from influence_desk.names.dates import in_date, month_words
from influence_desk.names.variants import honorifics
from influence_desk.textformat import RefKind

__all__ = ["Found", "Hit", "choose", "in_context", "join_and_extend", "not_dates"]

# Folded start, folded end, source id, kind.
Hit = tuple[int, int, str, RefKind]
Found = Hit
_LONGEST_MONTH = 12  # characters: no month word in resources/names/months.json is longer


def _honorific_before(folded: str, start: int) -> int:
    """Start of the honorifics right before ``folded[start:]`` ("Frau Dr. ", "Pani "), or
    ``start`` if there are none."""
    titles = honorifics()
    while start >= 2 and folded[start - 1] == " ":
        j = folded.rfind(" ", 0, start - 1) + 1
        word = folded[j : start - 1]
        if word.rstrip(".") not in titles:
            break
        start = j
    return start


def in_context(context: list[Found], hits: list[Hit], folded: str) -> list[Found]:
    """The ``context`` hits (spellings that need context) that stand after an honorific or
    beside another hit of the same source (one space or ", " apart, ``hits`` or
    ``context``)."""
    waiting = {h[2] for h in context}  # only these sources' neighbours matter
    ends = {(h[1], h[2]) for h in context}
    starts = {(h[0], h[2]) for h in context}
    for h in hits:
        if h[2] in waiting:
            ends.add((h[1], h[2]))
            starts.add((h[0], h[2]))
    out: list[Found] = []
    for h in context:
        start, end, sid = h[0], h[1], h[2]
        if (
            (start - 1, sid) in ends
            or (start - 2, sid) in ends
            or (end + 1, sid) in starts
            or (end + 2, sid) in starts
            or _honorific_before(folded, start) < start
        ):
            out.append(h)
    return out


def join_and_extend(chosen: list[Hit], folded: str) -> list[Found]:
    """Neighbouring mentions of one source become one ("Katarzyny Wiśniewskiej" is two
    case forms but one mention), and a name takes in the honorifics before it: "Pani
    Wiśniewska" is replaced whole, so the stored text keeps no title or gender beside the
    pseudonym."""
    out: list[Found] = []
    append = out.append
    name = RefKind.NAME
    titles = honorifics()
    last: Found | None = None  # out[-1]
    for h in chosen:
        start, end, sid, kind = h
        if kind is name:
            if (
                last is not None
                and last[2] == sid
                and last[3] is name
                and (last[1] + 1 == start and folded[last[1]] == " ")
            ):
                last = out[-1] = (last[0], end, sid, kind)
                continue
            if start >= 2 and folded[start - 1] == " ":
                # _honorific_before, its first word tried here: most names have none
                j = folded.rfind(" ", 0, start - 1) + 1
                if folded[j : start - 1].rstrip(".") in titles:
                    start = _honorific_before(folded, start)
                    if last is not None and start < last[1]:
                        start = h[0]
                    h = (start, end, sid, kind)
        append(h)
        last = h
    return out


def not_dates(found: list[Found], folded: str) -> list[Found]:
    """``found`` without a name that is one month word standing in a date ("12 Jan 2026"
    for Jan Novák; see ``influence_desk.names.dates``). A name joined to another part or
    an honorific ("Jan Novák", "Pan Jan") is longer than the month word, so it stays."""
    months = month_words()
    longest = _LONGEST_MONTH
    drop = [
        i for i, (start, end, _, kind) in enumerate(found)
        if end - start <= longest and kind is RefKind.NAME
        and folded[start:end] in months and in_date(folded, start, end)
    ]  # fmt: skip
    if not drop:
        return found
    gone = set(drop)
    return [h for i, h in enumerate(found) if i not in gone]


def choose(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits in text order; within a cluster of overlapping hits the longest
    wins, then the leftmost. Clusters are tiny, so this stays linear in practice."""
    hits.sort(key=_by_start_longest_first)
    chosen: list[Hit] = []
    first = 0  # hits[first:i] is the cluster read so far; hits[first] starts it, longest
    cluster_end = -1
    for i, hit in enumerate(hits):
        if hit[0] >= cluster_end:
            if i:
                _close(hits, first, i, cluster_end, chosen)
            first, cluster_end = i, hit[1]
        elif hit[1] > cluster_end:
            cluster_end = hit[1]
    if hits:
        _close(hits, first, len(hits), cluster_end, chosen)
    return chosen


def _close(hits: list[Hit], first: int, stop: int, end: int, chosen: list[Hit]) -> None:
    """The kept hits of the cluster ``hits[first:stop]`` (reaching to ``end``) onto
    ``chosen``. Usually its first hit holds all the others ("Anna Schmidt" holds "Anna"
    and "Schmidt"): the longest, and the leftmost of any as long."""
    head = hits[first]
    if head[1] == end:
        chosen.append(head)
    else:
        chosen += _resolve(hits[first:stop])


def _by_start_longest_first(hit: Hit) -> tuple[int, int]:
    return hit[0], -hit[1]


def _resolve(cluster: list[Hit]) -> list[Hit]:
    """The hits kept out of overlapping ones: longest first, then leftmost."""
    if len(cluster) == 2:  # the usual cluster: two overlapping hits, one is kept
        a, b = cluster
        return [a if a[1] - a[0] >= b[1] - b[0] else b]
    kept: list[Hit] = []
    for hit in sorted(cluster, key=lambda h: (h[0] - h[1], h[0])):
        if all(hit[1] <= k[0] or k[1] <= hit[0] for k in kept):
            kept.append(hit)
    return sorted(kept)
