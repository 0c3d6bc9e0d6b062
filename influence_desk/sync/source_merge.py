"""The same person registered on two replicas: found by a replica holding the identity key,
merged into one source by a signed entry that travels (sync/sources.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from influence_desk.history import HistoryWriter

if TYPE_CHECKING:
    from influence_desk.desk import Desk


def follow_removals(desk: Desk, writer: HistoryWriter, removed: dict[str, str]) -> None:
    """Sources merged into another on some replica: notes here still linking them follow
    the survivor, then the merged sources go."""
    raise NotImplementedError
