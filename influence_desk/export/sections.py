"""The document's sections after the cover and contents: notes, sources, what was removed,
verification, and the audit report's counts. A mixin of ``Renderer`` (render.py): it only
lays out what ``PreparedDocument`` holds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from influence_desk.export.document import ExportRequest, reason_label
from influence_desk.export.images import image_flowables
from influence_desk.export.layout import (
    INK,
    MONO,
    MUTED,
    PLACEHOLDER_TINT,
    RULE,
    SANS,
    TEAM_TINT,
    TEXT_W,
    Anchor,
    NoteStart,
    Paragraph,
    Rule,
    esc,
    keep,
)
from influence_desk.export.outline import audit_counts, verify_line
from influence_desk.export.prepare import (
    CONSENT_LABELS,
    PLACEHOLDER,
    PreparedDocument,
    PreparedNote,
    Segment,
)
from influence_desk.export.profiles import ExportProfile
from influence_desk.export.wording import Wording


class Sections:
    """What ``Renderer`` lays out after the contents; it sets these attributes."""

    doc: PreparedDocument
    request: ExportRequest
    profile: ExportProfile
    styles: dict[str, ParagraphStyle]
    w: Wording

    def heading(self, key: str, title: str, level: int = 0) -> list[Flowable]:
        return [Anchor(self, key, title, level), Paragraph(esc(title), self.styles["h1"])]


    def verify_line(self) -> str:
        return verify_line(self.request.verify_summary, self.w)

    def kv_table(self, rows: Sequence[tuple[str, str]], mono_keys: set[str] | None = None
                 ) -> Table:
        st = self.styles
        mono_keys = mono_keys or set()
        data = [
            [Paragraph(esc(k), st["cell_head"]),
             Paragraph(esc(v), st["mono"] if k in mono_keys else st["cell"])]
            for k, v in rows
        ]
        table = Table(data, colWidths=[50 * mm, TEXT_W - 50 * mm], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), SANS),  # else reportlab names Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]))
        return table

    def grid(self, header: Sequence[str], rows: Sequence[Sequence[str]],
             widths: Sequence[float], *, numeric_last: bool = True, total: bool = False
             ) -> Table:
        """A table with a header row; the last column right-aligned when it holds counts,
        the last row set off as a total when ``total``."""
        st = self.styles
        last = len(header) - 1

        def cell(text: str, col: int, head: bool) -> Paragraph:
            num = numeric_last and col == last
            name = ("cell_head" if head else "cell") + ("_num" if num else "")
            return Paragraph(esc(text), st[name])

        data = [[cell(h, i, True) for i, h in enumerate(header)]]
        data += [[cell(c, i, False) for i, c in enumerate(row)] for row in rows]
        table = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
        extra = [("LINEABOVE", (0, -1), (-1, -1), 0.8, INK)] if total else []
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), SANS),  # else reportlab names Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f5")),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, MUTED),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 3.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            *extra,  # last, so the total's rule is drawn over the row rule
        ]))
        return table

    # -- notes -------------------------------------------------------------------------------

    def notes_intro(self, key: str, title: str) -> list[Flowable]:
        st, w = self.styles, self.w
        parts = [
            w("Notes are grouped by event, oldest first.") if self.profile.group_by == "event"
            else w("Notes are grouped by organisation, oldest first."),
            w("Removed passages appear as {}, the same width whatever was removed.").format(
                f"<font name='{MONO}'>{esc(w(PLACEHOLDER))}</font>"),
        ]
        if self.profile.include_levels:
            parts.append(
                w("{}Highlighted passages{} are marked team-only: they must not be quoted "
                  "outside the team.").format(f"<font backColor='{TEAM_TINT}'>", "</font>")
            )
        if self.profile.source_display == "pseudonym_and_role":
            parts.append(w("Sources appear by pseudonym; the Sources section gives their roles."))
        elif self.profile.source_display == "role":
            parts.append(w("Sources appear by role description, in square brackets."))
        else:
            parts.append(w("Sources appear by a generic role, in square brackets."))
        return [*self.heading(key, title), Paragraph(" ".join(parts), st["small"]),
                Spacer(1, 4)]

    def group(self, key: str, group: Any) -> list[Flowable]:
        st = self.styles
        # The group's heading goes into the first note's keep-together: a heading never
        # ends a page with its notes on the next.
        heading: list[Flowable] = [
            Anchor(self, key, group.heading, 1),
            Paragraph(esc(group.heading), st["group"]),
            Paragraph(esc(group.detail), st["h1_detail"]),
        ]
        out: list[Flowable] = []
        for i, note in enumerate(group.notes):
            out.extend(self.note(note, rule=i > 0, lead=heading if i == 0 else ()))
            out.append(NoteStart(self))
        return out

    def note(
        self, note: PreparedNote, rule: bool = False, lead: Sequence[Flowable] = ()
    ) -> list[Flowable]:
        st, w = self.styles, self.w
        meta = [f"{esc(note.kind_label)} · {esc(note.when)}"]
        if note.event and self.profile.group_by != "event":
            meta[0] += f" · {esc(note.event)}"
        lines = [" ".join(meta)]
        if note.organisations:
            lines.append(f"<b>{w('Organisations:')}</b> " + esc(", ".join(note.organisations)))
        if note.sources:
            lines.append(f"<b>{w('Sources:')}</b> " + esc("; ".join(note.sources)))
        if note.tags:
            lines.append(f"<b>{w('Tags:')}</b> " + esc(", ".join(note.tags)))
        head: list[Flowable] = [*lead, Rule()] if rule else [*lead]
        head.append(Paragraph(self.markup_inline(note.title), st["h2"]))
        # One paragraph for the meta lines: a thousand notes lay out 3,000 fewer.
        head.append(Paragraph("<br/>".join(lines), st["meta"]))
        head.append(Spacer(1, 4))
        text: list[Flowable] = []
        for para in self.markup_paragraphs(note.summary):
            text.append(Paragraph(para, st["summary"]))
        if self.profile.text == "summary" and not note.summary:
            text.append(Paragraph(w("No summary was written for this note."), st["small"]))
        for para in self.markup_paragraphs(note.body):
            text.append(Paragraph(para, st["body"]))
        # Keep the heading with the first lines of text; long bodies may still break.
        first = text[:1]
        images = image_flowables(self.request.images.get(note.id, ()), TEXT_W)
        return [KeepTogether(head + first), *text[1:], *images]

    def markup_segment(self, seg: Segment, text: str) -> str:
        if seg.kind == "redacted":
            return (f"<font name='{MONO}' size='8.3' color='#4a5058' "
                    f"backColor='{PLACEHOLDER_TINT}'>{esc(self.w(PLACEHOLDER))}</font>")
        body = esc(text).replace("\n", "<br/>")
        if seg.kind == "source":
            return f"<font color='#1d4e89'>{body}</font>"
        if seg.kind == "team" and body.strip():
            return f"<font backColor='{TEAM_TINT}'>{body}</font>"
        return body

    def markup_inline(self, segments: Sequence[Segment]) -> str:
        return "".join(self.markup_segment(s, s.text.replace("\n", " ")) for s in segments)

    def markup_paragraphs(self, segments: Sequence[Segment]) -> list[str]:
        """Split segments at blank lines into paragraph markup, closing tags per piece."""
        paras: list[list[str]] = [[]]
        for seg in segments:
            if seg.kind in ("redacted", "source"):
                paras[-1].append(self.markup_segment(seg, seg.text))
                continue
            pieces = seg.text.replace("\r\n", "\n").split("\n\n")
            for j, piece in enumerate(pieces):
                if j:
                    paras.append([])
                if piece:
                    paras[-1].append(self.markup_segment(seg, piece))
        out = []
        for p in paras:
            markup = "".join(p).strip()
            while markup.startswith("<br/>"):
                markup = markup[5:].lstrip()
            while markup.endswith("<br/>"):
                markup = markup[:-5].rstrip()
            if markup:
                out.append(markup)
        return out

    # -- sources and redactions ------------------------------------------------------------

    def legend(self, key: str, title: str) -> list[Flowable]:
        st, w = self.styles, self.w
        out = self.heading(key, title)
        entries = self.doc.legend
        if not entries:
            out.append(Paragraph(w("No source is linked to the notes in this document."),
                                 st["body"]))
            return out
        if self.profile.source_display == "pseudonym_and_role":
            out.append(Paragraph(
                w("Each source is known here only by a pseudonym. Real names are kept sealed "
                  "in the vault and are not part of this document."), st["small"]))
            rows: list[tuple[str, ...]] = [
                (e.shown_as, e.role, e.organisation, w(CONSENT_LABELS[e.consent]), str(e.notes))
                for e in entries
            ]
            widths = [30 * mm, 50 * mm, 32 * mm, 36 * mm, TEXT_W - 148 * mm]  # "Notizen" fits
            header = ("Pseudonym", "Role", "Organisation", "Consent", "Notes")
            out.append(self.grid(tuple(map(w, header)), rows, widths))
        else:
            out.append(Paragraph(
                w("Sources are described, not named. Consent is recorded for each of them."),
                st["small"]))
            rows = [(e.shown_as, w(CONSENT_LABELS[e.consent]), str(e.notes)) for e in entries]
            widths = [100 * mm, 40 * mm, TEXT_W - 140 * mm]
            out.append(self.grid((w("Source"), w("Consent"), w("Notes")), rows, widths))
        return keep(out)

    def redaction_summary(self, key: str, title: str) -> list[Flowable]:
        st, w = self.styles, self.w
        out = self.heading(key, title)
        out.append(Paragraph(
            w("Every removed passage is replaced by {}, the same width whatever its length.")
            .format(f"<font name='{MONO}'>{esc(w(PLACEHOLDER))}</font>") + " "
            + (w("Notes linked to an off-the-record source never leave the vault.")
               if self.profile.allow_background else
               w("Notes linked to an off-the-record source never leave the vault; notes "
                 "linked to a background-only source are not quoted here.")),
            st["small"]))
        rows = [(w(reason_label(k)), str(v)) for k, v in self.doc.left_out.items()]
        rows += [(w(reason_label(k)), str(v)) for k, v in self.doc.redactions.items()]
        if rows:
            out.append(self.grid((w("Reason"), w("Count")), rows, [TEXT_W - 30 * mm, 30 * mm]))
        else:
            out.append(Paragraph(w("Nothing was removed and no note was left out."), st["body"]))
        return keep(out)

    def verification(self, key: str, title: str) -> list[Flowable]:
        st, w = self.styles, self.w
        r = self.request
        out = self.heading(key, title)
        out.append(self.kv_table([
            (w("Vault fingerprint"), r.vault_fingerprint),
            (w("History checkpoint"), r.checkpoint),
            (w("Verification at export"), self.verify_line()),
        ], mono_keys={w("Vault fingerprint"), w("History checkpoint")}))
        out.append(Spacer(1, 8))
        out.append(Paragraph(
            w("The checkpoint is the sequence number and hash of the newest entry of the "
              "vault's signed history when this document was made. To check that the vault "
              "still extends it (nothing recorded before it was changed or removed), run:"),
            st["body"]))
        out.append(Paragraph(
            esc(f"influence-desk verify VAULT --checkpoint {r.checkpoint}"), st["command"]))
        out.append(Paragraph(
            w("Before release this file was read back with two independent PDF text "
              "extractors, and its metadata, outline and annotations were searched for the "
              "real names, aliases and contact details of the sources and for every removed "
              "passage. The file exists only because none was found."), st["small"]))
        return keep(out)

    # -- audit -------------------------------------------------------------------------------

    def audit_contents(self, key: str, title: str) -> list[Flowable]:
        st, w = self.styles, self.w
        out = self.heading(key, title)
        out.append(Paragraph(
            w("Counts only: this report carries no note text, no real name and no contact "
              "detail."), st["small"]))
        half = [60 * mm, 25 * mm]
        for caption, header, data in audit_counts(self.doc, w):
            out.append(KeepTogether([
                Paragraph(esc(caption), st["h2"]),
                self.grid(header, data, half, total=True),
                Spacer(1, 6),
            ]))
        return out

    def audit_history(self, key: str, title: str) -> list[Flowable]:
        st, w = self.styles, self.w
        out = self.heading(key, title)
        counts = sorted(self.request.history_counts.items())
        out.append(Paragraph(
            w("Signed history entries by action, up to the checkpoint of this report."),
            st["small"]))
        rows = [(k, f"{v:,}") for k, v in counts] or [(w("None"), "0")]
        rows.append((w("Total"), f"{sum(v for _, v in counts):,}"))
        out.append(self.grid((w("Action"), w("Entries")), rows, [85 * mm, 25 * mm], total=True))
        return keep(out)

    def audit_consent(self, key: str, title: str) -> list[Flowable]:
        st, w = self.styles, self.w
        facts = self.doc.audit
        assert facts is not None
        out = self.heading(key, title)
        out.append(Paragraph(
            w("The consent recorded for each source, by pseudonym, and how many notes are "
              "linked to it. Notes linked to an off-the-record source never leave the vault "
              "in any export."), st["small"]))
        rows = [(p, w(c), f"{n:,}") for p, c, n in facts.consent_records]
        if rows:
            out.append(self.grid((w("Pseudonym"), w("Consent"), w("Linked notes")), rows,
                                 [60 * mm, 50 * mm, 30 * mm]))
        else:
            out.append(Paragraph(w("No source is registered."), st["body"]))
        return keep(out)
