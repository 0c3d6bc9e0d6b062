"""source add|list, note add, import, search, show (DESIGN §9).

Real names are accepted only where they are meant to be typed (``source add --name``, note
text); every output shows pseudonyms unless ``--reveal`` is asked for by someone holding the
identity key, and each reveal is written to history. Auditors are refused every write and
every reveal with exit code 4.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from influence_desk import textformat
from influence_desk.cli import emit, source_merge_commands
from influence_desk.cli.attach_commands import attachment_texts, attachments_data
from influence_desk.cli.common import add_vault_arg, open_vault
from influence_desk.desk import Desk, NoteFilter, NoteView
from influence_desk.detect import detect_identifiers
from influence_desk.errors import BadInput, NotPermitted
from influence_desk.model import Consent, NoteKind, SourceIdentity

_KINDS = [k.value for k in NoteKind]
_CONSENTS = [c.value for c in Consent]


def register(commands: Any) -> None:
    source = commands.add_parser("source", help="register and list sources (people)")
    actions = source.add_subparsers(dest="source_command", metavar="ACTION", required=True)
    p = actions.add_parser("add", help="register a source; prints the pseudonym")
    add_vault_arg(p)
    p.add_argument("--name", required=True, help="real name (sealed; never stored in clear)")
    p.add_argument("--alias", action="append", default=[], help="another name (repeatable)")
    p.add_argument("--contact", action="append", default=[], help="contact detail (repeatable)")
    p.add_argument("--common-given-name", action="store_true",
                   help="the given name is too common to match alone (only with the surname "
                        "or an honorific)")  # fmt: skip
    p.add_argument("--role-desc", default="", help='e.g. "sales lead, voter-data broker, EU"')
    p.add_argument("--org", help="organisation name (found or created)")
    p.add_argument("--consent", choices=_CONSENTS, default=Consent.ANONYMOUS.value)
    p.set_defaults(handler=cmd_source_add)
    p = actions.add_parser("list", help="list sources by pseudonym")
    add_vault_arg(p)
    p.add_argument("--reveal", action="store_true", help="also show identities (recorded)")
    p.set_defaults(handler=cmd_source_list)
    source_merge_commands.register(actions)

    note = commands.add_parser("note", help="add and edit notes")
    note_actions = note.add_subparsers(dest="note_command", metavar="ACTION", required=True)
    p = note_actions.add_parser("add", help="add a note; names of sources are pseudonymised")
    add_vault_arg(p)
    p.add_argument("--kind", required=True, choices=_KINDS)
    p.add_argument("--title", required=True)
    p.add_argument("--body-file", metavar="FILE", help="the body (UTF-8); '-' reads stdin")
    p.add_argument("--summary", default="")
    p.add_argument("--event", help="event name (found or created)")
    p.add_argument("--org", action="append", default=[], help="organisation (repeatable)")
    p.add_argument("--source", action="append", default=[], metavar="PSEUDONYM")
    p.add_argument("--tag", action="append", default=[])
    p.add_argument("--date", metavar="YYYY-MM-DD")
    p.set_defaults(handler=cmd_note_add)
    from influence_desk.cli import note_edit_commands  # note edit: its own module

    note_edit_commands.register(note_actions)

    p = commands.add_parser(
        "import", help="import notes from JSON lines, CSV, Markdown notes or a REFI-QDA "
        "project (all or nothing)",
    )  # fmt: skip
    add_vault_arg(p)
    p.add_argument("file", metavar="FILE",
                   help="FILE.jsonl, FILE.csv, FILE.qdpx, or a folder of .md notes")  # fmt: skip
    p.add_argument("--from", dest="import_from", choices=("jsonl", "csv", "markdown", "qdpx"),
                   help="the file's format (else told by its suffix)")  # fmt: skip
    p.add_argument("--map", default="", metavar="FIELD=COLUMN,...",
                   help="CSV: which column fills which note field, e.g. "
                   "title=Headline,body=Text,date=When,tags=Keywords")  # fmt: skip
    p.add_argument("--kind", default="desk", choices=[k.value for k in NoteKind],
                   help="the kind of notes that do not say (CSV, Markdown, qdpx)")  # fmt: skip
    p.add_argument("--separator", default=None,
                   help="CSV: what separates tags, organisations, sources (default ; and ,)")
    p.set_defaults(handler=cmd_import)

    p = commands.add_parser("search", help="full-text search over pseudonymised notes")
    add_vault_arg(p)
    p.add_argument("query", metavar="QUERY")
    add_filter_args(p)
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(handler=cmd_search)

    p = commands.add_parser("show", help="show one note (pseudonyms unless --reveal)")
    add_vault_arg(p)
    p.add_argument("note_id", metavar="NOTE_ID")
    p.add_argument("--reveal", action="store_true", help="real names (recorded in history)")
    p.set_defaults(handler=cmd_show)


def add_filter_args(p: argparse.ArgumentParser) -> None:
    """--kind, --event, --org, --source, --tag, --from, --to (see ``note_filter``)."""
    p.add_argument("--kind", choices=_KINDS)
    p.add_argument("--event", help="event name or id")
    p.add_argument("--org", help="organisation name, alias or id")
    p.add_argument("--source", metavar="PSEUDONYM", help="source pseudonym or id")
    p.add_argument("--tag", help="tag, or a vocabulary term by name")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")


def note_filter(desk: Desk, args: argparse.Namespace) -> NoteFilter:
    """The NoteFilter of ``add_filter_args``' options; names resolved in the vault."""
    return NoteFilter(
        kind=NoteKind(args.kind) if args.kind else None,
        event_id=_event_id(desk, args.event) if args.event else None,
        organisation_id=_org_id(desk, args.org) if args.org else None,
        source_id=_source_id(desk, args.source) if args.source else None,
        tag=_tag(desk, args.tag) if args.tag else None,
        date_from=_day(args.date_from, "--from"),
        date_to=_day(args.date_to, "--to"),
    )


# --- sources ------------------------------------------------------------------------------


def cmd_source_add(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        vault.writer()  # auditors: refused before anything is read
        desk = Desk(vault)
        org_id = desk.find_or_create_organisation(args.org).id if args.org else None
        source = desk.register_source(
            SourceIdentity(args.name, tuple(args.alias), tuple(args.contact),
                           common_given_name=args.common_given_name),
            args.role_desc, org_id, Consent(args.consent),
        )  # fmt: skip
        rewrite = desk.last_backup_rewrite
        data: dict[str, Any] = {"id": source.id, "pseudonym": source.pseudonym}
        text = f"Registered as {source.pseudonym} (id {source.id})."
        if rewrite is not None and (rewrite.rewritten or rewrite.replaced or rewrite.unreadable):
            data["backups"] = {"rewritten": rewrite.rewritten, "replaced": rewrite.replaced,
                               "unreadable": rewrite.unreadable}  # fmt: skip
            text += f" Backups holding the names: {rewrite.rewritten} rewritten"
            if rewrite.replaced:
                text += f", {rewrite.replaced} made before you had access replaced by a new one"
            if rewrite.unreadable:
                text += f"; {rewrite.unreadable} could not be opened with the vault's key"
            text += "."
        emit(args, data, text)
    return 0


def cmd_source_list(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        if args.reveal and not vault.can_reveal:
            raise NotPermitted("Auditors cannot see who a source really is; --reveal is refused.")
        desk = Desk(vault)
        orgs = {o.id: o.name for o in desk.organisations()}
        counts = desk.note_counts_by_source()
        items: list[dict[str, Any]] = []
        lines: list[str] = []
        for s in desk.sources():
            item: dict[str, Any] = {
                "id": s.id, "pseudonym": s.pseudonym, "role_description": s.role_description,
                "organisation": orgs.get(s.organisation_id or ""), "consent": s.consent.value,
                "notes": counts.get(s.id, 0),
            }  # fmt: skip
            line = f"{s.id}  {s.pseudonym:<24}  {s.consent.value:<10}  {s.role_description}"
            if args.reveal:
                identity = desk.reveal(s.id)
                item.update(real_name=identity.real_name, aliases=list(identity.aliases),
                            contact=list(identity.contact))  # fmt: skip
                line += f"  = {identity.real_name}"
            items.append(item)
            lines.append(line)
        emit(args, {"sources": items}, "\n".join(lines) if lines else "No sources yet.")
    return 0


# --- notes --------------------------------------------------------------------------------


def _read_body(path: str | None) -> str:
    if not path:
        return ""
    try:
        if path == "-":
            return sys.stdin.read()
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except UnicodeDecodeError as exc:
        raise BadInput("The body file is not UTF-8 text.") from exc
    except OSError as exc:
        raise BadInput("The body file cannot be read.") from exc


def cmd_note_add(args: argparse.Namespace) -> int:
    body = _read_body(args.body_file)
    with open_vault(args) as vault:
        vault.writer()
        view = Desk(vault).add_note_from_fields(
            kind=args.kind, title=args.title, body=body, summary=args.summary, day=args.date,
            event=args.event, organisations=args.org, sources=args.source, tags=args.tag,
        )  # fmt: skip
        emit(args, {"id": view.note.id}, f"Added note {view.note.id}.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from influence_desk.importers.dispatch import detect_format, import_path

    path = Path(args.file)
    detect_format(path, args.import_from)  # a wrong suffix is told before the passphrase
    with open_vault(args) as vault:
        vault.writer()
        imported = import_path(Desk(vault), path, given=args.import_from, mapping=args.map,
                               kind=args.kind, separator=args.separator)  # fmt: skip
        emit(args, {"imported": imported}, f"Imported {imported} notes.")
    return 0


def _day(text: str | None, what: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"{what} is written YYYY-MM-DD.") from None


def _event_id(desk: Desk, text: str) -> str:
    key = text.casefold().strip()
    for event in desk.events():
        if event.id == text or " ".join(event.name.casefold().split()) == key:
            return event.id
    raise BadInput("No event of that name or id in this vault.")


def _org_id(desk: Desk, text: str) -> str:
    key = " ".join(text.casefold().split())
    for org in desk.organisations():
        names = [org.name, *org.aliases]
        if org.id == text or key in (" ".join(n.casefold().split()) for n in names):
            return org.id
    raise BadInput("No organisation of that name or id in this vault.")


def _source_id(desk: Desk, text: str) -> str:
    for source in desk.sources():
        if source.id == text:
            return source.id
    return desk.source_by_pseudonym(text).id


def _tag(desk: Desk, text: str) -> str:
    term = desk.taxonomy.find(text)
    return term.slug if term else " ".join(text.split())


def cmd_search(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        desk = Desk(vault)
        hits = desk.search(args.query, note_filter(desk, args), limit=args.limit)
        data = {
            "results": [
                {"id": h.id, "title": h.title, "snippet": h.snippet, "rank": h.rank} for h in hits
            ]
        }
        text = "\n".join(f"{h.id}  {h.title}\n    {h.snippet}" for h in hits)
        emit(args, data, text or "No notes match.")
    return 0


def show_data(desk: Desk, view: NoteView) -> dict[str, Any]:
    """What ``show`` prints: the body with inline marks, spans over the body as printed."""
    note = view.note
    pieces: list[str] = []
    marks: list[dict[str, Any]] = []
    length = 0
    pos = 0
    for mark in note.marks:
        for piece in (textformat.format_inline(note.body[pos : mark.start]),
                      f"[[{mark.level.value}: "):  # fmt: skip
            pieces.append(piece)
            length += len(piece)
        inner = textformat.format_inline(note.body[mark.start : mark.end])
        marks.append({"level": mark.level.value, "start": length, "end": length + len(inner)})
        pieces += [inner, "]]"]
        length += len(inner) + 2
        pos = mark.end
    pieces.append(textformat.format_inline(note.body[pos:]))
    body = "".join(pieces)
    if body != textformat.format_inline(note.body, note.marks):  # one writer of the syntax
        body = textformat.format_inline(note.body, note.marks)
        marks = []
    detections = detect_identifiers(body, known_names=desk.known_names())
    pseudonyms = {s.id: s.pseudonym for s in desk.sources()}
    orgs = {o.id: o.name for o in desk.organisations()}
    event = None
    if note.event_id:
        event = next((e.name for e in desk.events() if e.id == note.event_id), None)
    return {
        "id": note.id,
        "kind": note.kind.value,
        "title": note.title,
        "date": note.occurred_at.date().isoformat(),
        "occurred_at": note.occurred_at.isoformat(),
        "event": event,
        "organisations": [orgs.get(o, o) for o in note.organisation_ids],
        "sources": [pseudonyms.get(s, s) for s in note.source_ids],
        "tags": list(note.tags),
        "summary": note.summary,
        "body": body,
        "marks": marks,
        "detections": [{"kind": d.kind, "start": d.start, "end": d.end} for d in detections],
        "revealed": view.revealed,
        "attachments": attachments_data(desk, note.id),
    }


def cmd_show(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        if args.reveal and not vault.can_reveal:
            raise NotPermitted("Auditors cannot see who a source really is; --reveal is refused.")
        desk = Desk(vault)
        data = show_data(desk, desk.note(args.note_id, reveal=args.reveal))
        head = [
            f"{data['title']}",
            f"{data['kind']}  {data['date']}  event: {data['event'] or '-'}",
            f"organisations: {', '.join(data['organisations']) or '-'}",
            f"sources: {', '.join(data['sources']) or '-'}",
            f"tags: {', '.join(data['tags']) or '-'}",
        ]
        if data["summary"]:
            head.append(f"summary: {data['summary']}")
        if data["attachments"]:
            head.append("attachments: " + ", ".join(
                f"{a['id']} ({a['kind']}, {a['audience']})" for a in data["attachments"]))
        emit(args, data, "\n".join([*head, "", data["body"], *attachment_texts(data)]))
    return 0
