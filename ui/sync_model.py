"""What the Sync panel and the history show of replicas: a readable label per replica (whose
copy it is and a short id), and the conflicts as a table, one row per open version."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from ui import labels
from ui.history_view import local_time
from ui.i18n import translate as _t
from ui.tablemodel import TableModel

if TYPE_CHECKING:
    from influence_desk.admin import ReplicaInfo
    from influence_desk.history import Signer
    from influence_desk.sync.conflicts import Conflict, ConflictVersion


def signer_label(actor: str, signers: dict[str, Signer]) -> str:
    signer = signers.get(actor)
    return signer.label if signer is not None else _t("sync", "unknown key {}").format(actor[:8])


def replica_label(
    replica_id: str, replicas: dict[str, ReplicaInfo], signers: dict[str, Signer]
) -> str:
    """'this copy (3f2a9c1b)', 'Rafa's copy (77d0e412)': whose laptop, by the person who
    first wrote on it, and the replica id's start to tell two of one person apart."""
    if not replica_id:
        return _t("sync", "before replicas")
    info = replicas.get(replica_id)
    short = replica_id[:8]
    if info is not None and info.mine:
        return _t("sync", "this copy ({})").format(short)
    if info is not None and info.first_signer in signers:
        return _t("sync", "{}’s copy ({})").format(signers[info.first_signer].label, short)
    return _t("sync", "replica {}").format(short)


@dataclass(frozen=True)
class ConflictRow:
    conflict: Conflict
    version: ConflictVersion
    first: bool  # the conflict's first row: the note's title is shown there


class ConflictModel(TableModel):
    """Each open version of each conflicting note or source: which note (a source: its
    pseudonym), its number, made where, by whom, when, which field is in conflict, and that
    version's value of it (or that it deletes the note; a source's identity only as
    "identity (sealed)"). The value is last, so it takes the width left."""

    NOTE, VERSION, REPLICA, WHO, WHEN, FIELD, TITLE = range(7)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(self._headers(), parent)
        self.replicas: dict[str, ReplicaInfo] = {}
        self.signers: dict[str, Signer] = {}
        self.has_field = False

    def _headers(self) -> list[str]:
        return [self.tr("Note"), self.tr("Version"), self.tr("Made on"), self.tr("By"),
                self.tr("When"), self.tr("Field"), self.tr("This version")]  # fmt: skip

    def set_conflicts(
        self,
        conflicts: list[Conflict],
        replicas: dict[str, ReplicaInfo],
        signers: dict[str, Signer],
    ) -> None:
        self.replicas, self.signers = replicas, signers
        self.has_field = any(getattr(c, "field", None) for c in conflicts)
        rows = [ConflictRow(c, v, i == 0) for c in conflicts for i, v in enumerate(c.versions)]
        self.set_items(rows)

    def note_ids(self) -> list[str]:
        return list(dict.fromkeys(r.conflict.note_id for r in self.items
                                  if getattr(r.conflict, "kind", "note") == "note"))  # fmt: skip

    def source_ids(self) -> list[str]:
        """Sources in conflict (their rows name the pseudonym, never the identity)."""
        return list(dict.fromkeys(r.conflict.note_id for r in self.items
                                  if getattr(r.conflict, "kind", "note") == "source"))  # fmt: skip

    def cell(self, row: int, column: int, role: int) -> Any:
        item: ConflictRow = self.items[row]
        if role == Qt.ItemDataRole.FontRole and column == self.VERSION and item.version.mine:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return super().cell(row, column, role)

    def _source_value(self, field: str, text: str) -> str:
        """A source version's value of its field; the identity only described, even to
        those who may reveal it (revealing is its own signed act, on the Sources page)."""
        if field == "identity":
            return self.tr("identity (sealed)")
        if field == "consent" and text:
            return labels.consent(text)
        if field == "organisation" and not text:
            return self.tr("no organisation")
        return text

    def text(self, item: ConflictRow, column: int) -> str | None:
        v = item.version
        source = getattr(item.conflict, "kind", "note") == "source"
        if column == self.NOTE:
            shown = next((x for x in item.conflict.versions if x.version == item.conflict.shown),
                         item.conflict.versions[0])  # fmt: skip
            if not item.first:
                return ""
            if source:  # (the pseudonym: the identity is never shown here)
                return self.tr("Source {}").format(shown.title or item.conflict.note_id[:8])
            return shown.title or item.conflict.note_id[:8]
        if column == self.VERSION:
            return self.tr("{} (mine)").format(v.version) if v.mine else str(v.version)
        if column == self.REPLICA:
            return replica_label(v.replica, self.replicas, self.signers)
        if column == self.WHO:
            signer = self.signers.get(v.actor)
            name = signer_label(v.actor, self.signers)
            return f"{name} ({labels.role(signer.role)})" if signer and signer.role else name
        if column == self.WHEN:
            return local_time(v.at)
        if column == self.TITLE and source:
            return self._source_value(item.conflict.field, v.text)
        if column == self.TITLE:
            if v.deleted:
                return self.tr("deletes the note")
            field = getattr(item.conflict, "field", "title")
            return v.title if field in ("title", "note") or not v.text else v.text
        if column == self.FIELD:
            return str(getattr(item.conflict, "field", "") or "")
        return None
