"""Sources (people) and their names: registration, edits, reveal.

Other free text (tags, role descriptions, event and organisation fields) has registered names
replaced by the pseudonym outright. Registering a source (or adding an alias) rewrites what
was stored before the name was known, in the same transaction, and then every backup.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from influence_desk import backups
from influence_desk.desk.cleaning import check_identity, clean_line, fold_key, identity_json, new_id
from influence_desk.desk.context import build_matcher
from influence_desk.desk.records import Names
from influence_desk.errors import BadInput
from influence_desk.history import now_text
from influence_desk.model import Consent, PseudonymStyle, Source, SourceIdentity
from influence_desk.progress import CancelFlag, ProgressCallback
from influence_desk.pseudonyms import generate_pseudonym
from influence_desk.repseudonymise import repseudonymise_everything
from influence_desk.store import SourceRecord

if TYPE_CHECKING:
    from influence_desk.desk.facade import Desk

__all__ = ["Sources"]


class Sources:
    """The sources of one open vault. Holds the Desk: a registration rewrites every stored
    field (notes, reference objects, settings) and every backup through it."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.ctx = desk.context

    @staticmethod
    def from_row(row: SourceRecord) -> Source:
        created = None
        if row.created_at:
            created = datetime.fromisoformat(str(row.created_at).replace("Z", "+00:00"))
        return Source(
            id=str(row.id), pseudonym=str(row.pseudonym),
            role_description=str(row.role_description), organisation_id=row.organisation_id,
            consent=Consent(row.consent), created_at=created,
        )  # fmt: skip

    def all(self) -> list[Source]:
        return [self.from_row(r) for r in self.ctx.store.source_rows()]

    def get(self, source_id: str) -> Source:
        row = self.ctx.store.source_row(source_id)
        if row is None:
            raise BadInput(f"This vault has no source {source_id}.")
        return self.from_row(row)

    def by_pseudonym(self, pseudonym: str) -> Source:
        row = self.ctx.store.source_row_by_pseudonym(" ".join(pseudonym.split()))
        if row is None:
            raise BadInput(f"No source is called '{pseudonym}' in this vault.")
        return self.from_row(row)

    def id_for(self, pseudonym: str) -> str:
        """For import lines and ``note add``: a pseudonym as written there."""
        row = self.ctx.store.source_row_by_pseudonym(" ".join(pseudonym.split()))
        if row is None:
            raise BadInput("a source is named that is not a pseudonym in this vault.")
        return str(row.id)

    @property
    def pseudonym_style(self) -> PseudonymStyle:
        value = self.ctx.store.get_meta("pseudonym_style") or PseudonymStyle.CODENAME.value
        try:
            return PseudonymStyle(value)
        except ValueError:
            return PseudonymStyle.CODENAME

    def register(
        self,
        identity: SourceIdentity,
        role_description: str,
        organisation_id: str | None,
        consent: Consent,
        progress: ProgressCallback,
        cancel: CancelFlag | None,
    ) -> Source:
        """Register a person; every stored mention of their names becomes a reference."""
        ctx, desk = self.ctx, self.desk
        ctx.vault.writer()
        identity = check_identity(identity)
        names = ctx.load_names(with_matcher=True)
        if organisation_id is not None:
            desk.organisation(organisation_id)
        source_id = new_id()
        taken = {fold_key(p) for p in names.pseudonyms.values()}
        pseudonym = generate_pseudonym(self.pseudonym_style, taken, avoid=identity.names())
        pseudonyms = {**names.pseudonyms, source_id: pseudonym}
        identities = {**names.identities, source_id: identity}
        new = Names(pseudonyms, identities, build_matcher(pseudonyms, identities, names.matcher))
        sealed = ctx.seal(identity_json(identity), ctx.identity_context(source_id))
        row = SourceRecord(
            source_id, pseudonym, ctx.replace_names(clean_line(role_description, "role"), new),
            organisation_id, Consent(consent).value, sealed, now_text(),
        )  # fmt: skip
        behind = backups.is_pending(desk)  # an earlier rewrite of the backups was cut off
        backups.mark_pending(desk)
        store = ctx.store
        with ctx.write("repseudonymise") as writer:
            store.put_source(row)
            writer.append("source.create", f"source:{source_id}", store.source_object(source_id))
            repseudonymise_everything(desk, writer, new, {source_id}, progress, cancel)
        ctx.names = new
        store.checkpoint_wal()
        desk.last_backup_rewrite = backups.rewrite_backups(desk, None if behind else {source_id})
        return self.get(source_id)

    def update(
        self,
        source: Source,
        identity: SourceIdentity | None,
        progress: ProgressCallback,
        cancel: CancelFlag | None,
    ) -> Source:
        """Change role, organisation or consent, and (identity holders) the identity. The
        pseudonym is stable for ever and cannot be changed."""
        ctx, desk = self.ctx, self.desk
        ctx.vault.writer()
        old = self.get(source.id)
        if source.organisation_id is not None:
            desk.organisation(source.organisation_id)
        names = ctx.load_names(with_matcher=True)
        new = names
        sealed: bytes | None = None
        if identity is not None:
            identity = check_identity(identity)
            identities = {**names.identities, source.id: identity}
            matcher = build_matcher(names.pseudonyms, identities, names.matcher)
            new = Names(names.pseudonyms, identities, matcher)
            sealed = ctx.seal(identity_json(identity), ctx.identity_context(source.id))
        store = ctx.store
        current = store.source_row(source.id)
        assert current is not None
        row = replace(
            current, pseudonym=old.pseudonym,
            role_description=ctx.replace_names(clean_line(source.role_description, "role"), new),
            organisation_id=source.organisation_id, consent=Consent(source.consent).value,
            identity=sealed if sealed is not None else current.identity,
        )  # fmt: skip
        behind = backups.is_pending(desk)
        if identity is not None:
            backups.mark_pending(desk)
        with ctx.write("repseudonymise") as writer:
            store.put_source(row)
            writer.append("source.update", f"source:{source.id}", store.source_object(source.id))
            if identity is not None:
                repseudonymise_everything(desk, writer, new, {source.id}, progress, cancel)
        ctx.names = new
        if identity is not None or behind:
            store.checkpoint_wal()
            desk.last_backup_rewrite = backups.rewrite_backups(
                desk, None if behind else {source.id}
            )
        return self.get(source.id)

    def reveal(self, source_id: str) -> SourceIdentity:
        """Who a source really is (identity holders only); each reveal goes into history."""
        ctx = self.ctx
        ctx.vault.identity_key  # noqa: B018 - NotPermitted for auditors, before anything
        self.get(source_id)
        identity = ctx.load_names(with_matcher=True).identities[source_id]
        with ctx.write() as writer:
            writer.append("source.reveal", f"source:{source_id}", None, {})
        return identity

    def known_names(self) -> list[str]:
        """Pseudonyms, and for identity holders every registered name and alias (in memory
        only): names never to suggest as "register as source?"."""
        names = self.ctx.load_names(with_matcher=self.ctx.vault.can_reveal)
        out = list(names.pseudonyms.values())
        for identity in names.identities.values():
            out += identity.names()
        return out
