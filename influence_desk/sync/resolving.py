"""One resolution of a note's conflicts (sync/conflicts.py ``resolve``): the note as it is
shown, each resolved field set to the version kept (or, for a title, summary or body, both
texts one after the other, the other version marked by a line naming its author and
replica), written as one signed entry whose payload names what it resolves."""

from __future__ import annotations

import hashlib
import json
import re
from typing import TYPE_CHECKING, Any

from influence_desk import textformat
from influence_desk.canonical import canonical
from influence_desk.desk.cleaning import MAX_TITLE
from influence_desk.desk.context import DeskContext
from influence_desk.errors import BadInput
from influence_desk.history import Entry, now_text
from influence_desk.sync.changes import NOTE_PREFIX
from influence_desk.sync.merger import changes_of, write_note
from influence_desk.sync.reference_merge import living_links
from influence_desk.sync.spellings import TEXT_FIELDS, Segment, compose
from influence_desk.sync.three_way import (
    EXISTS,
    RESOLVE_FIELDS,
    RESOLVE_PAYLOAD,
    SOURCES,
    Candidate,
    NoteDag,
)

if TYPE_CHECKING:
    from influence_desk.sync.conflicts import ConflictVersion

_REF_RE = re.compile("\ue000([^\ue000-\ue00f]{1,128})\ue001(0|[1-9][0-9]{0,6})([pec]?)\ue002")


def shift_references(stored: str, offset: int) -> str:
    """A stored text whose references point ``offset`` further into its spellings list."""
    if not offset:
        return stored
    return _REF_RE.sub(lambda m: f"\ue000{m[1]}\ue001{int(m[2]) + offset}{m[3]}\ue002", stored)


def references_end(stored: str) -> int:
    """One past the highest spelling a stored text's references use (0: none)."""
    return max((int(m[2]) + 1 for m in _REF_RE.finditer(stored)), default=0)


class Resolution:
    def __init__(self, ctx: DeskContext, entries: list[Entry], dag: NoteDag) -> None:
        self.ctx = ctx
        self.entries = entries
        self.dag = dag
        self.state = dag.final()
        self.note_id = entries[0].object_id[len(NOTE_PREFIX) :]
        row = ctx.store.note_row(self.note_id)
        shown = None if row is None else ctx.store.note_object(int(row.nid))
        if row is None or shown is None:
            raise BadInput(f"This vault has no note {self.note_id}.")
        self.content: dict[str, Any] = json.loads(canonical(shown))
        blob = None if row.surfaces is None else bytes(row.surfaces)
        self.segments: dict[str, list[Segment]] = {f: [Segment(blob, f)] for f in TEXT_FIELDS}
        self.explicit = sorted(str(s) for s, e in self.content["sources"] if e)
        self.fields: list[str] = []
        self.resolves: set[str] = set()
        self.kept: set[str] = set()
        self.delete = False

    def keep(self, name: str, chosen: tuple[ConflictVersion, ...]) -> None:
        candidates = self.state.fields[name]
        by_seq = {self.entries[c.index].seq: c for c in candidates}
        picked = [by_seq[v.version] for v in chosen]
        self.fields.append(name)
        self.resolves |= {self.entries[c.index].entry_hash for c in candidates}
        self.kept |= {self.entries[c.index].entry_hash for c in picked}
        if name == EXISTS:
            self.delete = not picked[0].value
        elif len(picked) > 1:
            self._both(name, picked)
        elif name == SOURCES:
            self.explicit = list(picked[0].value)
        else:
            self.content[name] = picked[0].value
            if name in TEXT_FIELDS:
                self.segments[name] = [Segment(self._blob(picked[0]), name)]

    def _blob(self, candidate: Candidate) -> bytes | None:
        blob = self.dag.content(candidate.index)[1]
        return None if blob is None else bytes(blob)

    def _both(self, name: str, picked: list[Candidate]) -> None:
        texts: list[str] = []
        segments: list[Segment] = []
        offset = 0
        for k, candidate in enumerate(picked):
            stored = str(candidate.value)
            if k:
                texts.append(self._separator(name, self.entries[candidate.index]))
            texts.append(shift_references(stored, offset))
            last = k == len(picked) - 1
            end = references_end(stored)
            segments.append(Segment(self._blob(candidate), name, -1 if last else end))
            offset += end
        joined = "".join(texts)
        if name == "title" and len(joined) > MAX_TITLE:
            raise BadInput("Both titles together are longer than a title may be; keep one.")
        self.content[name] = joined
        self.segments[name] = segments

    def _separator(self, name: str, entry: Entry) -> str:
        signer = self.ctx.vault.verify_signers().get(entry.actor)
        who = signer.label if signer is not None else f"key {entry.actor[:8]}"
        if name == "title":
            return f" | {who}: "
        where = f"replica {entry.replica[:8]}, {entry.at}"
        return f"\n\n--- also kept: {who}'s version ({where}) ---\n\n"

    def write(self) -> None:
        ctx = self.ctx
        object_id = NOTE_PREFIX + self.note_id
        payload = {RESOLVE_PAYLOAD: sorted(self.resolves), "kept": sorted(self.kept),
                   RESOLVE_FIELDS: sorted(self.fields)}  # fmt: skip
        with ctx.write("note.save") as writer:
            if self.delete:
                write_note(ctx, self.note_id, None, None)
                writer.append("note.delete", object_id, None, {**payload, "trash": True})
                return
            content = self.content
            content["updated_at"] = now_text()
            living_links(ctx, lambda o: changes_of(ctx, o), content)
            mentioned: dict[str, bool] = {}
            for name in TEXT_FIELDS:
                for sid in textformat.source_ids_in(str(content[name])):
                    mentioned[sid] = False
            mentioned.update(dict.fromkeys(self.explicit, True))
            content["sources"] = sorted([s, e] for s, e in mentioned.items())
            blob = compose(self.segments)
            content["surfaces_sha256"] = "" if blob is None else hashlib.sha256(blob).hexdigest()
            write_note(ctx, self.note_id, content, blob)
            row = ctx.store.note_row(self.note_id)
            assert row is not None
            writer.append("note.update", object_id, ctx.store.note_object(int(row.nid)),
                          payload)  # fmt: skip
