"""Notes: encoding what was typed into the stored form, writing, rewriting, reading.

Pseudonymisation at rest (DESIGN §5): before anything is written, every mention of a
registered source in a note's title, summary and body becomes a reference (textformat's
stored form); the exact strings replaced ("surfaces") are sealed to the vault's identity key.
So no row, no search index entry and no history entry holds a registered name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from influence_desk import crypto, search_index, textformat
from influence_desk.canonical import canonical
from influence_desk.desk.cleaning import (
    FIELDS,
    MAX_TEXT,
    MAX_TITLE,
    clean_line,
    new_id,
    overlaps,
    parse_stamp,
    parse_time,
    time_text,
)
from influence_desk.desk.context import DeskContext
from influence_desk.desk.records import Encoded, Names, NoteDraft, NoteFilter, NoteRow, NoteView
from influence_desk.detect import detect_identifiers
from influence_desk.errors import BadInput, VaultDamaged
from influence_desk.history import HistoryWriter, now_text
from influence_desk.model import Mark, Note, NoteKind
from influence_desk.store import EVENTS, ORGANISATIONS, NoteRecord
from influence_desk.textformat import RefSpan

__all__ = ["Notes"]


class Notes:
    """The notes of one open vault, over the shared write context."""

    def __init__(self, ctx: DeskContext) -> None:
        self.ctx = ctx

    # --- encoding -------------------------------------------------------------------

    def open_surfaces(self, note_id: str, blob: Any) -> dict[str, list[str]]:
        if blob is None:
            return {f: [] for f in FIELDS}
        from influence_desk.sync.spellings import is_composite, open_composite

        if is_composite(bytes(blob)):  # a note merged field by field (sync/spellings.py)
            return open_composite(bytes(blob), lambda part: self.open_surfaces(note_id, part))
        ctx = self.ctx
        plain = crypto.open_sealed(
            ctx.vault.identity_key, bytes(blob), ctx.surfaces_context(note_id)
        )
        try:
            raw = json.loads(plain)
            return {f: [str(s) for s in raw[f]] for f in FIELDS}
        except (ValueError, KeyError, TypeError) as exc:
            raise VaultDamaged("A note's sealed name list is unreadable.") from exc

    def original_fields(
        self, row: NoteRecord
    ) -> tuple[dict[str, tuple[str, textformat.Rendered]], dict[str, list[str]]]:
        """Each text field as originally typed (identity holders only)."""
        surfaces = self.open_surfaces(str(row.id), row.surfaces)
        stored = row.stored_fields()
        fields: dict[str, tuple[str, textformat.Rendered]] = {}
        for name in FIELDS:
            rendered = textformat.render(stored[name], textformat.surfaces_namer(surfaces[name]))
            fields[name] = (rendered.text, rendered)
        return fields, surfaces

    @staticmethod
    def _encode_text(
        text: str,
        marks: Iterable[Mark],
        names: Names,
        keep: Sequence[tuple[int, int, str]] = (),
        kept_refs: Sequence[RefSpan] = (),
        old_surfaces: Sequence[str] = (),
    ) -> tuple[str, list[str]]:
        """Stored form of one field: matches of the matcher, plus references to keep where
        they do not overlap a match (``keep`` over ``text``; ``kept_refs`` whose text is
        ignored, with their old surfaces)."""
        found = list(names.matcher.find(text)) if names.matcher and text else []
        kept = sorted((r.start, r.end) for r in kept_refs)
        if kept:
            found = [m for m in found if not overlaps(m[0], m[1], kept)]
        taken = sorted([(m[0], m[1]) for m in found] + kept)
        extra = [k for k in keep if not overlaps(k[0], k[1], taken)]
        matches = sorted([*found, *extra])
        return textformat.encode(text, marks, matches, kept=kept_refs, old_surfaces=old_surfaces)

    def _encode_note(
        self,
        title: str,
        summary: str,
        body: str,
        marks: Iterable[Mark],
        names: Names,
        keep: Mapping[str, Sequence[tuple[int, int, str]]] | None = None,
        kept_refs: Sequence[RefSpan] = (),
        old_surfaces: Sequence[str] = (),
    ) -> Encoded:
        keep = keep or {}
        encoded: dict[str, str] = {}
        surfaces: dict[str, list[str]] = {}
        for name, text, field_marks in (("title", title, ()), ("summary", summary, ()),
                                        ("body", body, marks)):  # fmt: skip
            refs = kept_refs if name == "body" else ()
            olds = old_surfaces if name == "body" else ()
            encoded[name], surfaces[name] = self._encode_text(
                text, field_marks, names, keep.get(name, ()), refs, olds
            )
        referenced: dict[str, None] = {}
        for name in FIELDS:
            for sid in textformat.source_ids_in(encoded[name]):
                referenced[sid] = None
        return Encoded(encoded["title"], encoded["summary"], encoded["body"], surfaces,
                       list(referenced))  # fmt: skip

    def _sealed_surfaces(self, note_id: str, surfaces: dict[str, list[str]]) -> bytes | None:
        if not any(surfaces.values()):
            return None
        return self.ctx.seal(canonical(surfaces), self.ctx.surfaces_context(note_id))

    def _index(self, nid: int, enc: Encoded, tags: Sequence[str], *, fresh: bool) -> None:
        # search_index.index_row is also what verify rebuilds the index from: one definition.
        ctx = self.ctx
        row = search_index.index_row(
            nid, enc.title, enc.summary, enc.body, tags, ctx.pseudonym_of, ctx.taxonomy
        )
        ctx.store.index_note(nid, *row.columns(), fresh=fresh)

    # --- tags -------------------------------------------------------------------------

    def tags(self) -> list[tuple[str, int]]:
        return self.ctx.store.tag_counts()

    def clean_tags(self, tags: Iterable[str]) -> list[str]:
        taxonomy = self.ctx.taxonomy
        out: list[str] = []
        for tag in tags:
            cleaned = clean_line(tag, "tag", limit=100)
            if not cleaned:
                continue
            term = taxonomy.find(cleaned)
            out.append(term.slug if term else self.ctx.public(cleaned))
        return sorted(dict.fromkeys(out))

    # --- writing ----------------------------------------------------------------------

    def _check_draft(self, draft: NoteDraft) -> tuple[NoteKind, str, list[str]]:
        try:
            kind = NoteKind(draft.kind)
        except ValueError as exc:
            raise BadInput("A note's kind is booth, interview, observation or desk.") from exc
        if not isinstance(draft.title, str) or not draft.title.strip():
            raise BadInput("A note needs a title.")
        if len(draft.title) > MAX_TITLE:
            raise BadInput(f"A note's title is longer than {MAX_TITLE} characters.")
        for text in (draft.body, draft.summary):
            if not isinstance(text, str) or len(text) > MAX_TEXT:
                raise BadInput("A note's body or summary is not text, or far too long.")
        occurred = time_text(draft.occurred_at)
        store = self.ctx.store
        # Asked of the store, not of a cache: another Desk may have just added it.
        org_ids = dict.fromkeys(draft.organisation_ids)
        if any(store.reference(ORGANISATIONS, o) is None for o in org_ids):
            raise BadInput("A note refers to an organisation that does not exist.")
        if draft.event_id is not None and store.reference(EVENTS, draft.event_id) is None:
            raise BadInput("A note refers to an event that does not exist.")
        pseudonyms = self.ctx.load_names(with_matcher=False).pseudonyms
        if any(s not in pseudonyms for s in draft.source_ids):
            raise BadInput("A note refers to a source that does not exist.")
        return kind, occurred, self.clean_tags(draft.tags)

    def store_note(
        self,
        writer: HistoryWriter,
        draft: NoteDraft,
        *,
        note_id: str | None = None,
        existing: NoteRecord | None = None,
    ) -> tuple[int, str]:
        """Write a note (new, or over ``existing``) inside the caller's transaction."""
        kind, occurred, tags = self._check_draft(draft)
        names = self.ctx.load_names(with_matcher=True)
        old_surfaces: list[str] = []
        if draft.kept_refs:
            if existing is None:
                raise BadInput("A new note has no references to keep.")
            old_surfaces = self.open_surfaces(str(existing.id), existing.surfaces)["body"]
        enc = self._encode_note(
            draft.title, draft.summary, draft.body, draft.marks, names,
            kept_refs=draft.kept_refs, old_surfaces=old_surfaces,
        )  # fmt: skip
        stamp = now_text()
        sources = {sid: False for sid in enc.referenced}
        sources.update({sid: True for sid in draft.source_ids})
        store = self.ctx.store
        if existing is None:
            note_id = note_id or new_id()
            sealed = self._sealed_surfaces(note_id, enc.surfaces)
            nid = store.insert_note(
                NoteRecord(0, note_id, kind.value, enc.title, occurred, draft.event_id,
                           enc.summary, enc.body, sealed, stamp, stamp)
            )  # fmt: skip
            action, fresh = "note.create", True
        else:
            nid, note_id = int(existing.nid), str(existing.id)
            sealed = self._sealed_surfaces(note_id, enc.surfaces)
            store.update_note(
                replace(existing, kind=kind.value, title=enc.title, occurred_at=occurred,
                        event_id=draft.event_id, summary=enc.summary, body=enc.body,
                        surfaces=sealed, updated_at=stamp)
            )  # fmt: skip
            action, fresh = "note.update", False
        store.set_note_links(nid, draft.organisation_ids, sources.items(), tags, fresh=fresh)
        self._index(nid, enc, tags, fresh=fresh)
        writer.append(action, f"note:{note_id}", store.note_object(nid))
        return nid, note_id

    def rewrite_note(
        self,
        writer: HistoryWriter,
        row: NoteRecord,
        fields: dict[str, tuple[str, textformat.Rendered]],
        names: Names,
        stamp: str,
        payload: dict[str, Any] | None = None,
    ) -> None:
        """Re-encode a stored note from its original text with ``names``' matcher; old
        references that no new match overlaps are kept. ``payload``: the entry's, if not
        the plain "names registered"."""
        enc, surfaces = self.reencoded(row, fields, names)
        nid, note_id = int(row.nid), str(row.id)
        store = self.ctx.store
        orgs, old_sources, tags = store.note_links(nid)
        sources = {sid: False for sid in enc.referenced}
        sources.update({sid: True for sid, explicit in old_sources if explicit})
        store.update_note(
            replace(row, title=enc.title, summary=enc.summary, body=enc.body,
                    surfaces=surfaces, updated_at=stamp)
        )  # fmt: skip
        store.set_note_links(nid, orgs, sources.items(), tags)
        self._index(nid, enc, tags, fresh=False)
        writer.append("note.update", f"note:{note_id}", store.note_object(nid),
                      payload or {"reason": "names registered"})  # fmt: skip

    def reencoded(
        self, row: NoteRecord, fields: dict[str, tuple[str, textformat.Rendered]], names: Names
    ) -> tuple[Encoded, bytes | None]:
        """A note row (or a kept version in that shape) encoded again from its original
        text ``fields`` with ``names``' matcher, old references kept; with the new sealed
        spellings (for rewriting kept versions after a registration: versions.py)."""
        keep = {
            name: [(r.start, r.end, r.source_id) for r in rendered.refs]
            for name, (_text, rendered) in fields.items()
        }
        enc = self._encode_note(
            fields["title"][0], fields["summary"][0], fields["body"][0],
            fields["body"][1].marks, names, keep,
        )  # fmt: skip
        return enc, self._sealed_surfaces(str(row.id), enc.surfaces)

    def touch_note(
        self, writer: HistoryWriter, nid: int, stamp: str, *, reindex: bool = False
    ) -> None:
        """A note whose links changed by a merge or a tag rewrite: new content in history."""
        store = self.ctx.store
        store.touch_note(nid, stamp)
        if reindex:
            note_id = store.nid_id(nid)
            row = store.note_row(note_id)
            assert row is not None
            stored = row.stored_fields()
            enc = Encoded(stored["title"], stored["summary"], stored["body"], {}, [])
            self._index(nid, enc, store.note_links(nid).tags, fresh=False)
        note_id = store.nid_id(nid)
        writer.append("note.update", f"note:{note_id}", store.note_object(nid))

    def delete(self, note_id: str) -> None:
        ctx = self.ctx
        ctx.vault.writer()
        row = ctx.store.note_row(note_id)
        if row is None:
            raise BadInput(f"This vault has no note {note_id}.")
        with ctx.write() as writer:
            ctx.store.delete_note(int(row.nid))
            writer.append("note.delete", f"note:{note_id}", None, {})

    # --- reading ----------------------------------------------------------------------

    def view(self, note_id: str, *, reveal: bool = False) -> NoteView:
        """A note rendered with pseudonyms, or (identity holders, ``reveal``) exactly as it
        was typed; every reveal is written to history."""
        ctx = self.ctx
        store = ctx.store
        row = store.note_row(note_id)
        if row is None:
            raise BadInput(f"This vault has no note {note_id}.")
        orgs, sources, tags = store.note_links(int(row.nid))
        stored = row.stored_fields()
        if reveal:
            ctx.vault.identity_key  # noqa: B018 - NotPermitted for auditors
            ctx.vault.writer()
            surfaces = self.open_surfaces(note_id, row.surfaces)
            rendered = {
                f: textformat.render(stored[f], textformat.surfaces_namer(surfaces[f]))
                for f in FIELDS
            }
            with ctx.write() as writer:
                writer.append("note.reveal", f"note:{note_id}", None, {})
        else:
            rendered = {f: textformat.render(stored[f], ctx.pseudonym_namer) for f in FIELDS}
        body = rendered["body"]
        note = Note(
            id=note_id, kind=NoteKind(row.kind), title=rendered["title"].text,
            occurred_at=parse_time(str(row.occurred_at)), body=body.text,
            summary=rendered["summary"].text, event_id=row.event_id,
            organisation_ids=tuple(orgs), source_ids=tuple(s for s, _ in sources),
            tags=tuple(tags), marks=body.marks, created_at=parse_stamp(row.created_at),
            updated_at=parse_stamp(row.updated_at),
        )  # fmt: skip
        detections = tuple(detect_identifiers(body.text, known_names=ctx.known_for_detection()))
        explicit = tuple(s for s, e in sources if e)
        return NoteView(note, body.refs, detections, explicit, reveal)

    def ids(self, filter: NoteFilter, sort: str, descending: bool) -> list[str]:
        return self.ctx.store.note_ids(filter.where(), sort, descending)

    def rows(self, ids: Iterable[str]) -> list[NoteRow]:
        namer = self.ctx.pseudonym_namer
        out: list[NoteRow] = []
        for row in self.ctx.store.note_list_rows(list(ids)):
            out.append(
                NoteRow(
                    id=str(row.id),
                    kind=NoteKind(row.kind),
                    title=textformat.render(str(row.title), namer).text,
                    occurred_at=parse_time(str(row.occurred_at)),
                    event_name=str(row.event_name),
                    organisation_names=row.organisation_names,
                    source_pseudonyms=row.source_pseudonyms,
                    tags=row.tags,
                )
            )
        return out

    def count(self, filter: NoteFilter) -> int:
        return self.ctx.store.count_notes(filter.where())

    def rendered_fields(self, note_id: str) -> dict[str, textformat.Rendered]:
        """Title, summary and body of a note rendered with pseudonyms, each with its marks
        and references (for exports: no identity is opened, nothing is recorded)."""
        row = self.ctx.store.note_row(note_id)
        if row is None:
            raise BadInput(f"This vault has no note {note_id}.")
        stored = row.stored_fields()
        return {f: textformat.render(stored[f], self.ctx.pseudonym_namer) for f in FIELDS}
