"""A REFI-QDA project (QDA-XML 1.0) built from a prepared export, as typed records.

Only what the profile prints goes in: each text source is the note's summary and body
exactly as the PDF would print them (pseudonyms shown the profile's way, redacted spans as
the placeholder), its name the printed title. The codebook is the Influence Industry
vocabulary (uses of data, with the methods that mostly serve each), the free tags of the
exported notes (printed, i.e. redacted, values) and the kinds of passage the profile marks
(team-only, redacted). A tag on a note codes its whole text; a team passage or a
placeholder codes its own characters. Offsets count characters (code points) of the text
source, as the standard says.

GUIDs are UUID-5s under a namespace of the vault's fingerprint, named by a note's id (a
random id of the vault) or by a printed value, never by anything the profile removed: a
GUID derived from a redacted tag would let someone confirm a guessed name.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from influence_desk.errors import BadInput
from influence_desk.export.prepare import PLACEHOLDER, PreparedDocument, PreparedNote
from influence_desk.export.wording import Wording
from influence_desk.taxonomy import Taxonomy, Term, load_taxonomy

#: Our own namespace for UUID-5s; each vault's lies under it (``project_namespace``).
INFLUENCE_DESK_QDA = uuid.UUID("6f1c6f2e-6a55-5d0e-9a51-8d6f5b3e2c17")
ORIGIN = "Influence Desk"
#: Between the summary and the body in a text source.
PART_BREAK = "\n\n"
#: The code of a note's summary (its printed name in English; the import knows both).
SUMMARY = "Summary"


@dataclass(frozen=True)
class QdaCode:
    guid: str
    name: str
    codable: bool
    description: str = ""
    children: tuple[QdaCode, ...] = ()


@dataclass(frozen=True)
class QdaSelection:
    """Characters ``start``..``end`` of a text source, coded with each of ``code_guids``."""

    guid: str
    start: int
    end: int
    code_guids: tuple[str, ...]


@dataclass(frozen=True)
class QdaVariable:
    guid: str
    name: str
    type: str  # Text, Date or DateTime (the schema's typeOfVariable)


@dataclass(frozen=True)
class QdaValue:
    variable_guid: str
    type: str
    value: str


@dataclass(frozen=True)
class QdaSource:
    guid: str
    name: str
    text: str
    selections: tuple[QdaSelection, ...] = ()
    values: tuple[QdaValue, ...] = ()


@dataclass(frozen=True)
class QdaCase:
    guid: str
    name: str
    description: str
    source_guids: tuple[str, ...]


@dataclass(frozen=True)
class QdaUser:
    """The person who exported, as a coder: a role and a short id, never a slot label (a
    label is often the person's real name)."""

    guid: str
    name: str
    id: str


@dataclass(frozen=True)
class QdaProject:
    name: str
    description: str
    created: date
    user: QdaUser
    codes: tuple[QdaCode, ...]
    variables: tuple[QdaVariable, ...]
    cases: tuple[QdaCase, ...]
    sources: tuple[QdaSource, ...]


def project_namespace(vault_fingerprint: str) -> uuid.UUID:
    return uuid.uuid5(INFLUENCE_DESK_QDA, f"vault:{vault_fingerprint}")


def guid(namespace: uuid.UUID, key: str) -> str:
    return str(uuid.uuid5(namespace, key)).upper()


def exporter_label(role: str, slot_id: str) -> str:
    """``lead 3fa2c1``: what the export calls the person who made it."""
    short = hashlib.sha256(f"influence-desk-coder:{slot_id}".encode()).hexdigest()[:6]
    return f"{role or 'coder'} {short}"


class _Builder:
    def __init__(self, doc: PreparedDocument, taxonomy: Taxonomy) -> None:
        self.doc = doc
        self.ns = project_namespace(doc.request.vault_fingerprint)
        self.w = Wording(doc.request.language)
        self.taxonomy = taxonomy
        # A printed tag is a vocabulary term when it is that term's printed label.
        self.term_of_label: dict[str, Term] = {
            self.w.tag(t.slug, t.label): t for t in taxonomy
        }
        self.team_code = guid(self.ns, "mark:team")
        self.redacted_code = guid(self.ns, "mark:redacted")
        self.summary_code = guid(self.ns, "part:summary")

    def tag_guid(self, label: str) -> str:
        term = self.term_of_label.get(label)
        return guid(self.ns, f"term:{term.slug}" if term else f"tag:{label}")

    # -- codebook ------------------------------------------------------------------------

    def codes(self, free_tags: list[str]) -> tuple[QdaCode, ...]:
        w, tax = self.w, self.taxonomy

        def term_code(t: Term, children: tuple[QdaCode, ...] = ()) -> QdaCode:
            return QdaCode(guid(self.ns, f"term:{t.slug}"), w.tag(t.slug, t.label), True,
                           t.description, children)  # fmt: skip

        uses = tuple(
            term_code(u, tuple(term_code(m) for m in tax.methods_for_use(u.slug)))
            for u in tax.uses()
        )
        use_slugs = {u.slug for u in tax.uses()}
        loose = tuple(term_code(m) for m in tax.methods() if m.use not in use_slugs)
        groups = {g.id: g.label for g in tax.groups}
        out = [QdaCode(guid(self.ns, "group:use"), w(groups.get("use", "Uses of data")),
                       False, "", uses)]  # fmt: skip
        if loose:
            out.append(QdaCode(guid(self.ns, "group:method"),
                               w(groups.get("method", "Methods")), False, "", loose))  # fmt: skip
        free = tuple(QdaCode(self.tag_guid(t), t, True) for t in free_tags)
        if free:
            out.append(QdaCode(guid(self.ns, "group:tags"), w("Tags"), False, "", free))
        marks = []
        if self.doc.profile.include_levels:
            marks.append(QdaCode(self.team_code, w("Team-only passage"), True,
                                 w("Text marked for team briefs only.")))  # fmt: skip
        marks.append(QdaCode(self.redacted_code, w("Redacted passage"), True,
                             w("Where the export removed text.")))  # fmt: skip
        out.append(QdaCode(guid(self.ns, "group:marks"), w("Redaction"), False, "",
                           tuple(marks)))  # fmt: skip
        summary = QdaCode(self.summary_code, w(SUMMARY), True,
                          w("The note's summary, before its body."))  # fmt: skip
        out.append(QdaCode(guid(self.ns, "group:parts"), w("Parts of a note"), False, "",
                           (summary,)))  # fmt: skip
        return tuple(out)

    # -- one note ------------------------------------------------------------------------

    def text_and_spans(self, note: PreparedNote) -> tuple[str, list[tuple[int, int, str]]]:
        parts: list[str] = []
        spans: list[tuple[int, int, str]] = []
        at = 0
        for field in (note.summary, note.body):
            if not field:
                continue
            if parts:
                parts.append(PART_BREAK)
                at += len(PART_BREAK)
            for seg in field:
                code = {"team": self.team_code, "redacted": self.redacted_code}.get(seg.kind)
                if code is not None and seg.text:
                    spans.append((at, at + len(seg.text), code))
                parts.append(seg.text)
                at += len(seg.text)
            if field is note.summary and at:
                # Coded, so that an import can tell the summary from the body again.
                spans.insert(0, (0, at, self.summary_code))
        return "".join(parts), spans

    def source(self, note: PreparedNote, variables: dict[str, QdaVariable]) -> QdaSource:
        sid = guid(self.ns, f"note:{note.id}")
        text, spans = self.text_and_spans(note)
        selections: list[QdaSelection] = []
        tags = tuple(dict.fromkeys(self.tag_guid(t) for t in note.tags if t))
        if text and tags:
            selections.append(QdaSelection(guid(self.ns, f"note:{note.id}:tags"), 0, len(text),
                                           tags))  # fmt: skip
        for a, b, code in spans:
            selections.append(QdaSelection(guid(self.ns, f"note:{note.id}:{code}:{a}:{b}"),
                                           a, b, (code,)))  # fmt: skip
        values = []
        when = note.occurred_at
        date_var = variables["date"]
        values.append(QdaValue(date_var.guid, date_var.type,
                               when.strftime("%Y-%m-%dT%H:%M:%S") if date_var.type == "DateTime"
                               else when.date().isoformat()))  # fmt: skip
        for key, value in (("kind", note.kind_label), ("event", note.event),
                           ("organisations", "; ".join(note.organisations)),
                           ("sources", "; ".join(note.sources))):  # fmt: skip
            if value:
                values.append(QdaValue(variables[key].guid, "Text", value))
        return QdaSource(sid, self.name(note), text, tuple(selections), tuple(values))

    def name(self, note: PreparedNote) -> str:
        """The printed title as a source's name. A name carries no coding, and another vault
        importing it would take a team-only passage for publishable text: it becomes the
        placeholder (as in a JSON line's title)."""
        placeholder = self.w(PLACEHOLDER)
        out: list[str] = []
        for seg in note.title:
            if seg.kind in ("team", "redacted"):
                if not out or out[-1] != placeholder:
                    out.append(placeholder)
            else:
                out.append(seg.text)
        return " ".join("".join(out).split()) or note.kind_label


def build_project(
    doc: PreparedDocument, *, exporter: str = "", taxonomy: Taxonomy | None = None
) -> QdaProject:
    """The project of ``doc``'s printed notes; ``exporter`` from ``exporter_label``."""
    if not doc.profile.include_note_text:
        raise BadInput(
            "The audit report has no note text to code; export it as a PDF instead."
        )
    b = _Builder(doc, taxonomy or load_taxonomy())
    w = b.w
    notes = [n for g in doc.groups for n in g.notes]
    date_type = "DateTime" if doc.profile.show_times else "Date"
    variables = {
        key: QdaVariable(guid(b.ns, f"variable:{key}"), w(name), kind)
        for key, name, kind in (
            ("kind", "Kind", "Text"), ("date", "Date", date_type), ("event", "Event", "Text"),
            ("organisations", "Organisations", "Text"), ("sources", "Sources", "Text"),
        )
    }  # fmt: skip
    sources = tuple(b.source(n, variables) for n in notes)
    free_tags = sorted(
        {t for n in notes for t in n.tags if t and t not in b.term_of_label}, key=str.casefold
    )
    cases: dict[tuple[str, str], list[str]] = {}
    for note, src in zip(notes, sources, strict=True):
        if note.event:
            cases.setdefault(("event", note.event), []).append(src.guid)
        for org in note.organisations:
            if org:
                cases.setdefault(("organisation", org), []).append(src.guid)
    labels = {"event": w("Event"), "organisation": w("Organisation")}
    user_name = exporter or "coder"
    user_id = user_name.rpartition(" ")[2]
    return QdaProject(
        name=doc.title,
        description=_description(doc),
        created=doc.request.generated_on,
        user=QdaUser(guid(b.ns, f"user:{user_name}"), user_name, user_id),
        codes=b.codes(free_tags),
        variables=tuple(variables.values()),
        cases=tuple(
            QdaCase(guid(b.ns, f"case:{kind}:{name}"), name, labels[kind], tuple(members))
            for (kind, name), members in sorted(cases.items())
        ),
        sources=sources,
    )


def _description(doc: PreparedDocument) -> str:
    """The project's description: what was exported for whom, and the checkpoint (the
    gate's check text, which it must read back)."""
    r = doc.request
    lines = [
        doc.profile_name,
        doc.profile_description,
        f"Vault fingerprint: {r.vault_fingerprint}",
        f"Checkpoint: {r.checkpoint}",
    ]
    return "\n".join(line for line in lines if line)


def created_stamp(day: date) -> str:
    """The project's creation time: the export's day at midnight (re-exports are stable)."""
    return datetime.combine(day, datetime.min.time()).strftime("%Y-%m-%dT%H:%M:%S")
