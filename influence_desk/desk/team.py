"""The Desk's team work (influence_desk/sync/): syncing a replica, its conflicts, and the
same person registered on two replicas. A mixin of ``Desk`` so the facade stays small."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from influence_desk.progress import CancelFlag, ProgressCallback, no_progress

if TYPE_CHECKING:
    from influence_desk.desk import Desk
    from influence_desk.desk.context import DeskContext
    from influence_desk.desk.references import References
    from influence_desk.model import Source
    from influence_desk.sync.conflicts import Conflict
    from influence_desk.sync.replica import ReplicaMade
    from influence_desk.sync.run import SyncResult
    from influence_desk.sync.source_merge import DuplicateSources
    from influence_desk.sync.void import VoidedEntry


class TeamWork:
    context: DeskContext
    references: References

    @property
    def _desk(self) -> Desk:
        return cast("Desk", self)  # (a mixin of Desk only)

    if TYPE_CHECKING:

        def source(self, source_id: str) -> Source: ...

    def duplicate_sources(self) -> list[DuplicateSources]:
        """Sources that are the same person registered twice, e.g. on two replicas
        (identity holders only): each pair with the survivor a merge would keep."""
        from influence_desk.sync.source_merge import duplicate_sources

        return duplicate_sources(self._desk)

    def merge_sources(self, survivor_id: str, other_id: str) -> Source:
        """``other`` into ``survivor``: notes follow, the other pseudonym becomes an alias;
        signed entries that travel (sync/source_merge.py)."""
        from influence_desk.sync.source_merge import merge_sources

        merge_sources(self._desk, survivor_id, other_id)
        return self.source(survivor_id)

    def make_replica(
        self,
        target: Path | str,
        *,
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> ReplicaMade:
        """A copy of this vault for another laptop in the new folder ``target`` (lead only):
        anyone with a slot opens it with their own passphrase (sync/replica.py)."""
        from influence_desk.sync.replica import make_replica

        return make_replica(self.context.vault, target, progress=progress, cancel=cancel)

    def sync(
        self,
        folder: Path | str,
        *,
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> SyncResult:
        """This replica's new changes out to ``folder``, every other replica's in: a
        ``sync.run.SyncResult``."""
        from influence_desk.sync.run import sync_folder

        try:
            return sync_folder(self.context, Path(folder), progress=progress, cancel=cancel,
                               desk=self._desk)  # fmt: skip
        finally:
            # Events and organisations other replicas made are in the store now (also when
            # a cancel stopped after some bundles): the lists held in memory are stale.
            self.references.forget()

    def conflicts(self) -> list[Conflict]:
        """Fields of notes changed on two replicas without either seeing the other: one
        ``Conflict`` per note and field (``field``: title, body, tags, …; ``note``: a
        delete against an edit), each with its versions (pseudonymised ``text``, replica,
        actor, at, mine); then the sources' (``kind`` "source": role, organisation,
        consent, identity, never shown). Changes to different fields merge and are none."""
        from influence_desk.sync.conflicts import conflicts

        return conflicts(self.context)

    def voided_entries(self) -> list[VoidedEntry]:
        """What a removed person signed beyond the point their removal accepted, held here
        but void (changing nothing; sync/void.py): each entry's object, action and whose."""
        from influence_desk.sync.void import voided

        return voided(self.context)

    def resolve_conflict(self, note_id: str, keep: str, field: str | None = None) -> Conflict:
        """Keep ``mine``, ``theirs``, a version's number, or ``both`` (title, summary,
        body: both texts, the other marked) for ``field`` (None: every field of the note
        in conflict): one signed entry that travels. ``note_id`` may name a source in
        conflict (its id, or ``source:ID``: a ``Conflict`` of kind "source")."""
        from influence_desk.sync.conflicts import resolve
        from influence_desk.sync.source_fields import is_conflicting_source, resolve_source

        source_id = is_conflicting_source(self.context, note_id)
        if source_id is not None:
            return resolve_source(self._desk, source_id, keep, field)
        return resolve(self.context, note_id, keep, field)
