"""The leak gate over what a format's own reader returned (``Format.read_back``).

The same search as the PDF's gate (``export.gate``): the needles the preparation collected
(redacted spans, off-the-record and left-out content, pseudonyms the profile hides,
detected identifiers) and every form of every registered identity of the vault, in both
foldings. A reader that returned nothing cannot pass: each part that must carry the
export's check text (the checkpoint, printed in every document) is searched for it, and the
reader must find as many notes, files or lines as the writer wrote.
"""

from __future__ import annotations

from collections.abc import Iterable

from influence_desk.errors import LeakDetected
from influence_desk.export.formats.base import ReadBack
from influence_desk.export.gate import Needle, Searcher
from influence_desk.export.identities import IdentityCheck
from influence_desk.export.textnorm import compact, fold
from influence_desk.progress import CancelFlag


def unverifiable(reason: str) -> LeakDetected:
    return LeakDetected(
        f"The leak gate could not verify the export ({reason}); the file was deleted."
    )


def check_read_back(
    read: ReadBack,
    written_units: int,
    needles: Iterable[Needle],
    canary: str,
    *,
    identities: IdentityCheck | None,
    cancel: CancelFlag | None = None,
) -> None:
    """Raise ``LeakDetected`` if anything forbidden is in ``read``, or if the reader cannot
    be shown to have read everything the writer wrote."""
    searcher = Searcher(needles, canary, identities)
    if read.units != written_units:
        raise unverifiable("its reader did not find everything that was written")
    if not read.parts:
        raise unverifiable("its reader returned nothing")
    check = compact(fold(canary))
    for part in read.parts:
        if cancel is not None:
            cancel.check()
        if part.needs_check_text and check not in compact(fold(part.text)):
            raise unverifiable(f"the check text was not found {part.where}")
        # Long texts are read by the identity matcher in its own folding anyway (as the
        # PDF's pages are); short ones get both foldings for the needles too.
        searcher.scan(part.text, part.where, matcher_folding=len(part.text) < 4096)
    searcher.finish()
    if searcher.findings:
        first = searcher.findings[0]
        more = len(searcher.findings) - 1
        tail = f" (and {more} more finding{'s' if more != 1 else ''})" if more else ""
        raise LeakDetected(
            f"The export was stopped and the file deleted: {first.kind} appears "
            f"{first.where}{tail}."
        )
