"""Vault-level settings (signed in history) and the history facts the app shows."""

from __future__ import annotations

from collections.abc import Mapping

from influence_desk.desk.context import DeskContext
from influence_desk.errors import BadInput
from influence_desk.history import Entry
from influence_desk.model import PseudonymStyle
from influence_desk.repseudonymise import FIXED_SETTINGS, map_setting
from influence_desk.sync.settings_merge import DIGESTS_PAYLOAD, META_OBJECT, digests

__all__ = ["Settings"]

_RESERVED_SETTINGS = frozenset({"vault_id", "identity_public"})


class Settings:
    def __init__(self, ctx: DeskContext) -> None:
        self.ctx = ctx

    def get(self, key: str) -> str | None:
        return self.ctx.store.get_meta(key)

    def set(self, key: str, value: str) -> None:
        """A vault-level setting (signed in history). Free text in it, such as a custom
        export profile's name, key and description, is pseudonymised like any field."""
        if not isinstance(key, str) or not key or key in _RESERVED_SETTINGS or len(key) > 100:
            raise BadInput("That setting cannot be changed.")
        if not isinstance(value, str):
            value = str(value)
        if key == "pseudonym_style":
            try:
                value = PseudonymStyle(value).value
            except ValueError:
                raise BadInput("The pseudonym style is 'codename' or 'code'.") from None
        ctx = self.ctx
        if key not in FIXED_SETTINGS:
            ctx.vault.writer()  # auditors are refused before any name is looked at
            key, value = ctx.public(key), map_setting(value, ctx.public)
        with ctx.write() as writer:
            ctx.store.set_meta(key, str(value))
            table = ctx.store.all_meta()  # (digests signed for merges: sync/settings_merge.py)
            writer.append("vault.settings", META_OBJECT, table,
                          {"key": key, DIGESTS_PAYLOAD: digests(table)})  # fmt: skip

    def with_prefix(self, prefix: str) -> dict[str, str]:
        """Every setting whose key starts with ``prefix`` (e.g. custom export profiles)."""
        return {k: v for k, v in self.ctx.store.all_meta().items() if k.startswith(prefix)}

    def history_action_counts(self) -> dict[str, int]:
        """How many history entries there are of each action (never any content)."""
        return self.ctx.store.history_action_counts()

    def record_export(
        self, profile: str, notes: int, pages: int, checkpoint: str,
        left_out: Mapping[str, int] | None,
    ) -> None:  # fmt: skip
        """An export in history: profile, counts and the checkpoint printed on it, no text."""
        payload = {
            "profile": str(profile), "notes": int(notes), "pages": int(pages),
            "checkpoint": str(checkpoint),
            "left_out": {str(k): int(v) for k, v in (left_out or {}).items()},
        }  # fmt: skip
        with self.ctx.write("export.record") as writer:
            writer.append("vault.export", f"export:{profile}", None, payload)

    def cover_heads(self) -> bool:
        """Make this replica's head name every chain held here: a signed ``history.seen``
        entry (it changes nothing) if changes from other replicas arrived after this
        replica's last entry. The checkpoint printed on an export is this replica's head; it
        must name the history the export shows, and a sync writes nothing of its own. True
        if an entry was written."""
        store = self.ctx.store
        me = store.local_replica()
        own = store.own_head_row()
        if me is None or own is None or not self.ctx.vault.can_write:
            return False
        seen = Entry.from_row(own).heads
        behind = {
            replica: head[0]
            for replica, head in store.replica_heads().items()
            if replica != me and (replica not in seen or seen[replica][0] < head[0])
        }
        if not behind:
            return False
        with self.ctx.write() as writer:
            writer.append("history.seen", f"replica:{me}", None, {"replicas": len(behind)})
        return True
