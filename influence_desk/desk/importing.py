"""Notes from fields (``note add``) and JSON lines (import), events and organisations found
or created by name in the same transaction as the notes."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from influence_desk import textformat
from influence_desk.desk.context import DeskContext
from influence_desk.desk.notes import Notes
from influence_desk.desk.records import NoteDraft
from influence_desk.desk.references import EVENT, ORGANISATION, References
from influence_desk.desk.sources import Sources
from influence_desk.errors import BadInput
from influence_desk.history import HistoryWriter
from influence_desk.model import NoteKind
from influence_desk.progress import CancelFlag, ProgressCallback

__all__ = ["Importer"]

_IMPORT_FIELDS = frozenset(
    {"kind", "title", "body", "summary", "date", "event", "organisations", "sources", "tags"}
)


class Importer:
    def __init__(
        self, ctx: DeskContext, notes: Notes, references: References, sources: Sources
    ) -> None:
        self.ctx = ctx
        self._notes = notes
        self._references = references
        self._sources = sources

    def import_jsonl(
        self, lines: Iterable[str], progress: ProgressCallback, cancel: CancelFlag | None
    ) -> int:
        """One note per line (DESIGN §9); all or nothing, ``BadInput`` names the line."""
        self.ctx.vault.writer()
        items = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
        total = len(items)
        progress(0, total)
        imported = 0
        with self.ctx.write("import") as writer:
            for done, (number, line) in enumerate(items, start=1):
                try:
                    draft = self._draft_from_json(writer, line)
                    self._notes.store_note(writer, draft)
                except BadInput as exc:
                    raise BadInput(f"Line {number}: {exc.message}") from None
                imported += 1
                if done % 50 == 0 or done == total:
                    progress(done, total)
                    if cancel:
                        cancel.check()
        return imported

    def add_note_from_fields(self, **fields: Any) -> str:
        """``note add`` of the CLI, all in one transaction; returns the note's id."""
        with self.ctx.write("note.save") as writer:
            draft = self.draft_from_fields(writer, **fields)
            _, note_id = self._notes.store_note(writer, draft)
        return note_id

    def _draft_from_json(self, writer: HistoryWriter, line: str) -> NoteDraft:
        try:
            data = json.loads(line)
        except ValueError:
            raise BadInput("not a JSON object.") from None
        if not isinstance(data, dict):
            raise BadInput("not a JSON object.")
        unknown = set(data) - _IMPORT_FIELDS
        if unknown:
            raise BadInput(f"unknown field '{sorted(unknown)[0]}'.")
        return self.draft_from_fields(
            writer,
            kind=data.get("kind"),
            title=data.get("title"),
            body=data.get("body", ""),
            summary=data.get("summary", ""),
            day=data.get("date"),
            event=data.get("event"),
            organisations=data.get("organisations", []),
            sources=data.get("sources", []),
            tags=data.get("tags", []),
        )

    def draft_from_fields(
        self,
        writer: HistoryWriter | None,
        *,
        kind: Any,
        title: Any,
        body: Any = "",
        summary: Any = "",
        day: Any = None,
        event: Any = None,
        organisations: Any = (),
        sources: Any = (),
        tags: Any = (),
    ) -> NoteDraft:
        """A draft from the fields of ``note add`` and import lines: inline marks parsed,
        the event and organisations found or created (by name), sources by pseudonym.
        Creates events and organisations: call inside a write (``writer``)."""
        if writer is None:
            writer = self.ctx.vault.writer()
        if not isinstance(kind, str) or kind not in {k.value for k in NoteKind}:
            raise BadInput("kind must be booth, interview, observation or desk.")
        if not isinstance(title, str) or not title.strip():
            raise BadInput("a note needs a title.")
        for name, value in (("body", body), ("summary", summary)):
            if not isinstance(value, str):
                raise BadInput(f"{name} must be text.")
        text, marks = textformat.parse_inline(body)
        occurred = datetime.now().replace(microsecond=0)
        if day is not None:
            if not isinstance(day, str):
                raise BadInput("date must be written YYYY-MM-DD.")
            try:
                occurred = (
                    datetime.fromisoformat(day)
                    if "T" in day
                    else datetime.combine(date.fromisoformat(day), datetime.min.time())
                )
            except ValueError:
                raise BadInput("date must be written YYYY-MM-DD.") from None
        for name, value in (("organisations", organisations), ("sources", sources),
                            ("tags", tags)):  # fmt: skip
            if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
                raise BadInput(f"{name} must be a list of names.")
        refs = self._references
        event_id = None
        if event is not None and event != "":
            if not isinstance(event, str):
                raise BadInput("event must be a name.")
            event_id = refs.find_or_create(writer, EVENT, event).id
        org_ids = tuple(refs.find_or_create(writer, ORGANISATION, o).id for o in organisations)
        source_ids = tuple(self._sources.id_for(p) for p in sources)
        return NoteDraft(
            kind=NoteKind(kind), title=title, occurred_at=occurred, body=text,
            summary=summary, event_id=event_id, organisation_ids=org_ids,
            source_ids=source_ids, tags=tuple(tags), marks=marks,
        )  # fmt: skip
