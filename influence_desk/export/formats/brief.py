"""The PDF's structure as plain blocks, for the formats that are documents (DOCX, ODT,
Markdown): cover lines, headings per group, note headings, metadata lines, summary and body
paragraphs with the redaction placeholder and team-only highlights, the source legend, what
was removed, the verification block, and the audit report's counts.

The words are the PDF's (``Wording``, the same sentences and German translations), so a
brief reads the same whichever format it was saved in, and the furniture the gate knows
(``export.furniture``) covers these documents too.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, cast

from influence_desk.export.document import reason_label
from influence_desk.export.formats.base import Writing
from influence_desk.export.layout import check_text, short
from influence_desk.export.outline import Part, audit_counts, cover_rows, outline, verify_line
from influence_desk.export.prepare import (
    CONSENT_LABELS,
    PLACEHOLDER,
    NoteGroup,
    PreparedDocument,
    PreparedNote,
    Segment,
)
from influence_desk.export.wording import Wording

Builder = Callable[[], "list[Block]"]
RunKind = Literal["text", "team", "redacted", "source", "label"]
BlockKind = Literal[
    "title", "subtitle", "notice", "heading1", "heading2", "heading3", "detail", "meta",
    "summary", "body", "small", "command", "table",
]


@dataclass(frozen=True)
class Run:
    kind: RunKind
    text: str


@dataclass(frozen=True)
class Block:
    """One paragraph (``runs``; a ``\\n`` inside a run is a line break) or one table
    (``rows``, the first row the header when ``header``)."""

    kind: BlockKind
    runs: tuple[Run, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    header: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class NoteBlocks:
    """One note as blocks, with the group it is printed under (Markdown per note)."""

    note: PreparedNote
    group: NoteGroup
    blocks: tuple[Block, ...]


def plain(text: str, kind: BlockKind) -> Block:
    return Block(kind, (Run("text", text),))


def runs_of(segments: Sequence[Segment], w: Wording, *, inline: bool = False) -> tuple[Run, ...]:
    out: list[Run] = []
    for seg in segments:
        if seg.kind == "redacted":
            out.append(Run("redacted", w(PLACEHOLDER)))
        else:
            out.append(Run(seg.kind, seg.text.replace("\n", " ") if inline else seg.text))
    return tuple(out)


def paragraphs(segments: Sequence[Segment], w: Wording) -> list[tuple[Run, ...]]:
    """Split at blank lines, as the PDF does; leading and trailing line breaks dropped."""
    paras: list[list[Run]] = [[]]
    for seg in segments:
        if seg.kind in ("redacted", "source"):
            paras[-1].extend(runs_of([seg], w))
            continue
        for j, piece in enumerate(seg.text.replace("\r\n", "\n").split("\n\n")):
            if j:
                paras.append([])
            if piece:
                paras[-1].append(Run(seg.kind, piece))
    out: list[tuple[Run, ...]] = []
    for p in paras:
        while p and p[0].kind in ("text", "team") and not p[0].text.strip():
            p.pop(0)
        while p and p[-1].kind in ("text", "team") and not p[-1].text.strip():
            p.pop()
        if p:
            first, last = p[0], p[-1]
            p[0] = Run(first.kind, first.text.lstrip("\n")) if first.kind != "redacted" else first
            p[-1] = Run(last.kind, last.text.rstrip("\n")) if last.kind != "redacted" else last
            out.append(tuple(p))
    return out


class Brief:
    """Builds the blocks of a prepared document."""

    def __init__(self, doc: PreparedDocument) -> None:
        self.doc = doc
        self.request = doc.request
        self.profile = doc.request.profile
        self.w = Wording(doc.request.language)

    # -- furniture -------------------------------------------------------------------------

    def marking(self) -> str:
        return f"INFLUENCE DESK  ·  {self.doc.profile_name.upper()}"

    def footer(self) -> str:
        """The PDF's footer line: the vault and the checkpoint's check text (the gate's)."""
        r = self.request
        return self.w("Vault {} · checkpoint {}").format(
            short(r.vault_fingerprint, 24), check_text(r.checkpoint)
        )

    def metadata_title(self) -> str:
        return self.w("Influence Desk export: {}").format(self.doc.profile_name)

    def verify_line(self) -> str:
        return verify_line(self.request.verify_summary, self.w)

    # -- the document ----------------------------------------------------------------------

    def cover(self) -> list[Block]:
        w, r, doc = self.w, self.request, self.doc
        out = [
            plain(doc.title, "title"),
            plain(f"{doc.profile_name} · {w.day(r.generated_on)}", "subtitle"),
        ]
        if doc.profile_description:
            out.append(plain(doc.profile_description, "notice"))
        out.append(Block("table", rows=tuple(cover_rows(doc, w))))
        return out

    def lay_out(self, job: Writing, add: Callable[[Block], None],
                page_break: Callable[[], None]) -> int:
        """The cover, a page break, then every block after it, each through ``add``; how
        many notes that was (each one told to ``job`` once written)."""
        for block in self.cover():
            add(block)
        page_break()
        notes = 0
        for block in self.blocks():
            if block.kind == "heading3":
                job.check()
            add(block)
            if block.kind == "heading3":
                notes += 1
                job.note_written()
        return notes

    def blocks(self) -> list[Block]:
        """The whole document after the cover, in the PDF's order."""
        out: list[Block] = []
        for _, title, level, build in self.sections():
            out.append(plain(title, "heading1" if level == 0 else "heading2"))
            out.extend(build())
        return out

    def sections(self) -> list[tuple[str, str, int, Builder]]:
        """``(key, title, level, builder)`` for every part of the document, in order."""
        return [(p.key, p.title, p.level, self._builder(p)) for p in outline(self.doc, self.w)]

    def _builder(self, part: Part) -> Builder:
        if part.group is not None:
            return functools.partial(self.group_blocks, part.group)
        return cast(Builder, getattr(self, part.kind))

    def notes_intro(self) -> list[Block]:
        w, p = self.w, self.profile
        parts = [
            w("Notes are grouped by event, oldest first.") if p.group_by == "event"
            else w("Notes are grouped by organisation, oldest first."),
            w("Removed passages appear as {}, the same width whatever was removed.").format(
                w(PLACEHOLDER)),
        ]
        if p.include_levels:
            parts.append(w("{}Highlighted passages{} are marked team-only: they must not be "
                           "quoted outside the team.").format("", ""))
        if p.source_display == "pseudonym_and_role":
            parts.append(w("Sources appear by pseudonym; the Sources section gives their roles."))
        elif p.source_display == "role":
            parts.append(w("Sources appear by role description, in square brackets."))
        else:
            parts.append(w("Sources appear by a generic role, in square brackets."))
        return [plain(" ".join(parts), "small")]

    def group_blocks(self, group: NoteGroup) -> list[Block]:
        out = [plain(group.detail, "detail")]
        for note in group.notes:
            out.extend(self.note(note))
        return out

    def note_meta(self, note: PreparedNote) -> list[tuple[Run, ...]]:
        w = self.w
        first = f"{note.kind_label} · {note.when}"
        if note.event and self.profile.group_by != "event":
            first += f" · {note.event}"
        lines: list[tuple[Run, ...]] = [(Run("text", first),)]
        for label, values, sep in (
            (w("Organisations:"), note.organisations, ", "),
            (w("Sources:"), note.sources, "; "),
            (w("Tags:"), note.tags, ", "),
        ):
            if values:
                lines.append((Run("label", label), Run("text", " " + sep.join(values))))
        return lines

    def note(self, note: PreparedNote) -> list[Block]:
        w = self.w
        out = [Block("heading3", runs_of(note.title, w, inline=True))]
        out += [Block("meta", line) for line in self.note_meta(note)]
        out += [Block("summary", p) for p in paragraphs(note.summary, w)]
        if self.profile.text == "summary" and not note.summary:
            out.append(plain(w("No summary was written for this note."), "small"))
        out += [Block("body", p) for p in paragraphs(note.body, w)]
        return out

    def notes(self) -> Iterator[NoteBlocks]:
        for group in self.doc.groups:
            for note in group.notes:
                yield NoteBlocks(note, group, tuple(self.note(note)))

    def legend(self) -> list[Block]:
        w, entries = self.w, self.doc.legend
        if not entries:
            return [plain(w("No source is linked to the notes in this document."), "body")]
        if self.profile.source_display == "pseudonym_and_role":
            header = tuple(map(w, ("Pseudonym", "Role", "Organisation", "Consent", "Notes")))
            rows: list[tuple[str, ...]] = [
                (e.shown_as, e.role, e.organisation, w(CONSENT_LABELS[e.consent]), str(e.notes))
                for e in entries
            ]
            intro = w("Each source is known here only by a pseudonym. Real names are kept "
                      "sealed in the vault and are not part of this document.")
        else:
            header = (w("Source"), w("Consent"), w("Notes"))
            rows = [(e.shown_as, w(CONSENT_LABELS[e.consent]), str(e.notes)) for e in entries]
            intro = w("Sources are described, not named. Consent is recorded for each of them.")
        return [plain(intro, "small"), Block("table", rows=(header, *rows), header=True)]

    def redaction_summary(self) -> list[Block]:
        w = self.w
        intro = w("Every removed passage is replaced by {}, the same width whatever its "
                  "length.").format(w(PLACEHOLDER)) + " " + (
            w("Notes linked to an off-the-record source never leave the vault.")
            if self.profile.allow_background else
            w("Notes linked to an off-the-record source never leave the vault; notes "
              "linked to a background-only source are not quoted here."))
        rows = [(w(reason_label(k)), str(v)) for k, v in self.doc.left_out.items()]
        rows += [(w(reason_label(k)), str(v)) for k, v in self.doc.redactions.items()]
        out = [plain(intro, "small")]
        if rows:
            out.append(Block("table", rows=((w("Reason"), w("Count")), *rows), header=True))
        else:
            out.append(plain(w("Nothing was removed and no note was left out."), "body"))
        return out

    def verification(self) -> list[Block]:
        w, r = self.w, self.request
        return [
            Block("table", rows=(
                (w("Vault fingerprint"), r.vault_fingerprint),
                (w("History checkpoint"), r.checkpoint),
                (w("Verification at export"), self.verify_line()),
            )),
            plain(w("The checkpoint is the sequence number and hash of the newest entry of the "
                    "vault's signed history when this document was made. To check that the "
                    "vault still extends it (nothing recorded before it was changed or "
                    "removed), run:"), "body"),
            plain(f"influence-desk verify VAULT --checkpoint {r.checkpoint}", "command"),
        ]

    def audit_contents(self) -> list[Block]:
        w = self.w
        out = [plain(w("Counts only: this report carries no note text, no real name and no "
                       "contact detail."), "small")]
        for caption, header, data in audit_counts(self.doc, w):
            out.append(plain(caption, "heading3"))
            out.append(Block("table", rows=(header, *data), header=True))
        return out

    def audit_history(self) -> list[Block]:
        w = self.w
        counts = sorted(self.request.history_counts.items())
        rows = [(k, f"{v:,}") for k, v in counts] or [(w("None"), "0")]
        rows.append((w("Total"), f"{sum(v for _, v in counts):,}"))
        return [
            plain(w("Signed history entries by action, up to the checkpoint of this report."),
                  "small"),
            Block("table", rows=((w("Action"), w("Entries")), *rows), header=True),
        ]

    def audit_consent(self) -> list[Block]:
        w, facts = self.w, self.doc.audit
        assert facts is not None
        out = [plain(w("The consent recorded for each source, by pseudonym, and how many notes "
                       "are linked to it. Notes linked to an off-the-record source never leave "
                       "the vault in any export."), "small")]
        rows = [(p, w(c), f"{n:,}") for p, c, n in facts.consent_records]
        if rows:
            header = (w("Pseudonym"), w("Consent"), w("Linked notes"))
            out.append(Block("table", rows=(header, *rows), header=True))
        else:
            out.append(plain(w("No source is registered."), "body"))
        return out
