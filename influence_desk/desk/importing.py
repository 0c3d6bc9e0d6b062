"""Notes from fields (``note add``) and JSON lines (import): drafts naming their event and
organisations, saved through the one save path (saving.py) in one transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from influence_desk import textformat
from influence_desk.desk.context import DeskContext
from influence_desk.desk.records import NoteDraft
from influence_desk.desk.saving import NoteSaver
from influence_desk.desk.sources import Sources
from influence_desk.errors import BadInput
from influence_desk.model import Event, EventKind, NoteKind, Organisation
from influence_desk.progress import CancelFlag, ProgressCallback

__all__ = ["FieldsToImport", "Importer"]

_IMPORT_FIELDS = frozenset(
    {"kind", "title", "body", "summary", "date", "event", "organisations", "sources", "tags"}
)


@dataclass(frozen=True)
class FieldsToImport:
    """One note read by an importer (influence_desk/importers): the fields of ``note add``
    (``draft_from_fields``' keywords) and where it came from, for the error ("Line 4",
    "notes/booth.md")."""

    where: str
    fields: Mapping[str, Any] = field(default_factory=dict)


class Importer:
    def __init__(self, ctx: DeskContext, saver: NoteSaver, sources: Sources) -> None:
        self.ctx = ctx
        self._saver = saver
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
                    self._saver.save(writer, self._draft_from_json(line))
                except BadInput as exc:
                    raise BadInput(f"Line {number}: {exc.message}") from None
                imported += 1
                if done % 50 == 0 or done == total:
                    progress(done, total)
                    if cancel:
                        cancel.check()
        return imported

    def import_fields(
        self,
        items: Sequence[FieldsToImport],
        progress: ProgressCallback,
        cancel: CancelFlag | None,
    ) -> int:
        """Notes read by an importer, all in one transaction: one bad note and nothing is
        imported, ``BadInput`` names where it came from."""
        self.ctx.vault.writer()
        total = len(items)
        progress(0, total)
        with self.ctx.write("import") as writer:
            for done, item in enumerate(items, start=1):
                try:
                    self._saver.save(writer, self.draft_from_fields(**item.fields))
                except BadInput as exc:
                    raise BadInput(f"{item.where}: {exc.message}") from None
                if done % 50 == 0 or done == total:
                    progress(done, total)
                    if cancel:
                        cancel.check()
        return total

    def add_note_from_fields(self, **fields: Any) -> str:
        """``note add`` of the CLI, all in one transaction; returns the note's id."""
        draft = self.draft_from_fields(**fields)
        with self.ctx.write("note.save") as writer:
            return self._saver.save(writer, draft)

    def _draft_from_json(self, line: str) -> NoteDraft:
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
        the event and organisations by name (found or created when it is saved), sources
        by pseudonym. Nothing is written here."""
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
        new_event = None
        if event is not None and event != "":
            if not isinstance(event, str):
                raise BadInput("event must be a name.")
            new_event = Event("", EventKind.DESK_RESEARCH, event)
        source_ids = tuple(self._sources.id_for(p) for p in sources)
        return NoteDraft(
            kind=NoteKind(kind), title=title, occurred_at=occurred, body=text,
            summary=summary, source_ids=source_ids, tags=tuple(tags), marks=marks,
            new_event=new_event,
            new_organisations=tuple(Organisation("", o) for o in organisations),
        )  # fmt: skip
