"""JSON lines: the exported notes exactly as ``import`` reads them (DESIGN §9: ``kind``,
``title``, ``body``, ``summary``, ``date``, ``event``, ``organisations``, ``sources``,
``tags``), one note per line, so notes can move to another vault and a round trip loses
nothing the profile allows.

The body keeps the inline redaction marks the profile shows (``[[team: …]]`` in a team
brief; ``[[internal: …]]`` too in the internal profile, which moves notes between vaults of
one team and is written only as JSON lines), a pseudonym or placeholder inside a mark
inside it; what the profile removes is the placeholder, as in every format. Sources are listed
by pseudonym only where the profile shows pseudonyms (they are how the other vault knows
them); elsewhere the note's text names them by role and the list is empty. A summary or
title cannot carry marks in an import line, so a team-only passage there becomes the
placeholder: it never arrives unmarked. Tags go back to their vocabulary slugs.

The reader is ``json.loads`` per line: every string value is searched by the gate, and it
must find as many notes as were written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from influence_desk import textformat
from influence_desk.export.formats.base import FormatBase, ReadBack, ReadPart, Rendered, Writing
from influence_desk.export.prepare import PreparedDocument, PreparedNote, Segment
from influence_desk.export.wording import Wording
from influence_desk.model import Mark, MarkLevel
from influence_desk.taxonomy import load_taxonomy

FIELDS = ("kind", "title", "body", "summary", "date", "event", "organisations", "sources",
          "tags")  # fmt: skip


def _plain(segments: Sequence[Segment], placeholder: str) -> str:
    """A field without marks: marked text (team-only, internal) becomes the placeholder."""
    out: list[str] = []
    for seg in segments:
        if seg.kind == "team" and seg.text.strip():
            if not out or out[-1] != placeholder:
                out.append(placeholder)
        elif seg.kind == "redacted":
            out.append(placeholder)
        else:
            out.append(seg.text)
    return "".join(out)


def _marked(segments: Sequence[Segment], placeholder: str) -> str:
    """The body in the import's inline syntax: team-only text as ``[[team: …]]``, internal
    text (internal profile) as ``[[internal: …]]``; a pseudonym inside a mark stays in it."""
    text: list[str] = []
    marks: list[Mark] = []
    pos = 0
    for seg in segments:
        piece = placeholder if seg.kind == "redacted" else seg.text
        level = MarkLevel(seg.mark) if seg.mark else None
        if level is not None and piece:
            if marks and marks[-1].level == level and marks[-1].end == pos:
                marks[-1] = Mark(marks[-1].start, pos + len(piece), level)
            else:
                marks.append(Mark(pos, pos + len(piece), level))
        text.append(piece)
        pos += len(piece)
    # A mark over nothing but spaces is no passage (the import would drop it anyway).
    kept = [m for m in marks if "".join(text)[m.start:m.end].strip()]
    return textformat.format_inline("".join(text), kept)


class JsonlFormat(FormatBase):
    name = "jsonl"
    suffix = ".jsonl"
    label = "JSON lines"
    notes_only = True  # an import line is a note: profiles without note text are refused

    def lines(self, prepared: PreparedDocument) -> Iterator[dict[str, Any]]:
        request = prepared.request
        profile = request.profile
        w = Wording(request.language)
        placeholder = w("[redacted]")
        notes = {n.id: n for n in request.notes}
        pseudonyms = {s.id: s.pseudonym for s in request.sources}
        slugs = {w.tag(t.slug, t.label): t.slug for t in load_taxonomy()}
        for group in prepared.groups:
            for note in group.notes:
                source = notes[note.id]
                yield self.line(note, source.kind.value, placeholder,
                                [pseudonyms[s] for s in source.source_ids if s in pseudonyms]
                                if profile.source_display == "pseudonym_and_role" else [],
                                slugs, profile.show_times)  # fmt: skip

    @staticmethod
    def line(note: PreparedNote, kind: str, placeholder: str, sources: list[str],
             slugs: dict[str, str], with_time: bool) -> dict[str, Any]:  # fmt: skip
        when = note.occurred_at
        return {
            "kind": kind,
            "title": " ".join(_plain(note.title, placeholder).split()) or placeholder,
            "body": _marked(note.body, placeholder),
            "summary": _plain(note.summary, placeholder),
            "date": when.strftime("%Y-%m-%dT%H:%M:%S") if with_time else f"{when:%Y-%m-%d}",
            "event": note.event,
            # A note's links are sets: sorted, so the same note gives the same line in
            # every vault (another vault's ids order them differently).
            "organisations": sorted(note.organisations, key=str.casefold),
            "sources": sorted(sources, key=str.casefold),
            "tags": [slugs.get(t, t) for t in note.tags],
        }

    def write(self, job: Writing) -> Rendered:
        written = 0
        with open(job.path, "w", encoding="utf-8", newline="\n") as fh:
            for line in self.lines(job.prepared):
                fh.write(json.dumps(line, ensure_ascii=False, sort_keys=False) + "\n")
                written += 1
                job.note_written()
        return Rendered(units=written)

    def read_back(self, path: Path) -> ReadBack:
        parts: list[ReadPart] = []
        units = 0
        raw = path.read_bytes().decode("utf-8", errors="replace")
        parts.append(ReadPart(raw, "in the file"))
        for number, line in enumerate(raw.split("\n"), start=1):
            if not line.strip():
                continue
            data = json.loads(line)
            units += 1
            parts.append(ReadPart(" \n ".join(_strings(data)), f"on line {number}"))
        return ReadBack(tuple(parts), units)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
