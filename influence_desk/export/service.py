"""From an open vault to a checked PDF: choose notes, build the request, export, record it.

This is the only place that joins the Desk (which holds identities) and the export (which
must never print one): the identities of EVERY registered source (linked to a chosen note
or not: people forget to link) go to the export only as ``ForbiddenTerms``, for the
redaction of every printed field and for the leak gate. Every source goes to the export
as an ``ExportSource`` (pseudonym, role, consent; no identity), so that a pseudonym the desk
wrote into an event name or a tag is shown the way the profile shows sources.

Auditors hold no identity key: they can run only profiles without note text (the audit
report), and for them the gate checks what it can without identities (note text,
detected identifiers, pseudonyms, the canary).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from influence_desk.desk import Desk, NoteFilter
from influence_desk.errors import BadInput, NotPermitted
from influence_desk.export.document import (
    ExportNote,
    ExportRequest,
    ExportResult,
    ExportSource,
    ForbiddenIdentity,
    ForbiddenTerms,
    VerifySummary,
)
from influence_desk.export.formats import check_out_path, get_format
from influence_desk.export.formats.pdf import export_pdf
from influence_desk.export.formats.qda_project import exporter_label
from influence_desk.export.formats.writing import export_document
from influence_desk.export.images import images_for_export
from influence_desk.export.profiles import (
    BUILTIN_PROFILES,
    ExportProfile,
    profile_from_dict,
    profile_to_dict,
)
from influence_desk.export.wording import Wording, check_language
from influence_desk.history import VerifyReport
from influence_desk.model import Organisation, OrgType
from influence_desk.progress import CancelFlag, ProgressCallback, no_progress
from influence_desk.reviews import require_reviewed_names

CUSTOM_PROFILE_PREFIX = "export.profile."
MAX_EXPORT_NOTES = 100_000

# How a source appears where even the role description says too much.
GENERIC_ROLES: dict[OrgType, str] = {
    OrgType.DATA_BROKER: "a person at a data broker",
    OrgType.ANALYTICS: "a person at an analytics firm",
    OrgType.CONSULTANCY: "a political consultant",
    OrgType.AGENCY: "a person at a communications agency",
    OrgType.PLATFORM_VENDOR: "a person at a campaign-technology vendor",
    OrgType.PARTY: "a party staffer",
    OrgType.OTHER: "an industry insider",
}


@dataclass(frozen=True)
class ExportScope:
    """Which notes: an explicit selection, a search, or everything matching a filter."""

    note_ids: tuple[str, ...] = ()
    query: str = ""
    filter: NoteFilter = field(default_factory=NoteFilter)


def profiles(desk: Desk) -> dict[str, ExportProfile]:
    """Built-in profiles and the vault's custom ones (custom never replace built-ins)."""
    found = dict(BUILTIN_PROFILES)
    for key, value in desk.settings_with_prefix(CUSTOM_PROFILE_PREFIX).items():
        try:
            profile = profile_from_dict(json.loads(value))
        except (ValueError, BadInput):
            continue  # a damaged custom profile must not stop the built-in ones
        name = key[len(CUSTOM_PROFILE_PREFIX) :]
        if name not in found:
            found[name] = profile
    return found


def save_custom_profile(desk: Desk, profile: ExportProfile) -> None:
    if profile.key in BUILTIN_PROFILES:
        raise BadInput(
            "A custom profile needs its own key; team, public, public-text, audit and "
            "internal are taken."
        )
    desk.set_setting(CUSTOM_PROFILE_PREFIX + profile.key, json.dumps(profile_to_dict(profile)))


def resolve_profile(desk: Desk, key: str) -> ExportProfile:
    found = profiles(desk)
    if key not in found:
        raise BadInput(f"Unknown export profile '{key}'; use one of: {', '.join(sorted(found))}.")
    return found[key]


def chosen_note_ids(desk: Desk, scope: ExportScope) -> list[str]:
    if scope.note_ids:
        return list(dict.fromkeys(scope.note_ids))
    if scope.query.strip():
        hits = desk.search(scope.query, scope.filter, limit=MAX_EXPORT_NOTES)
        return [hit.id for hit in hits]
    return list(reversed(desk.note_ids(scope.filter, sort="occurred_at", descending=True)))


@dataclass(frozen=True)
class BesideVerify:
    """The verify an export prints, run without holding the vault (``verify_for_export``)."""

    before: str  # the vault's checkpoint when it began
    report: VerifyReport

    def describes(self, checkpoint: str, entries: int) -> bool:
        """It saw exactly the vault at ``checkpoint`` holding ``entries`` entries: nothing
        was committed from before it began until then (a commit here moves the head; one
        that applied another replica's bundle adds entries without moving it)."""
        return self.report.head == self.before == checkpoint and self.report.entries == entries


def verify_for_export(
    desk: Desk, before: str, *, cancel: CancelFlag | None = None
) -> BesideVerify:
    """Verify on its own connection (the caller need not hold the vault: autosave goes on);
    ``before``: the checkpoint (``Administration.checkpoint``) read, holding the vault, just
    before. ``prepare_export`` uses the result only if nothing was written since."""
    return BesideVerify(before, desk.vault.verify_beside(cancel=cancel))


def build_request(
    desk: Desk,
    profile: ExportProfile,
    scope: ExportScope = ExportScope(),
    *,
    title: str = "",
    language: str = "en",
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
    verified: BesideVerify | None = None,
) -> ExportRequest:
    w = Wording(language)
    vault = desk.vault
    if profile.include_note_text and not vault.can_reveal:
        # Without the identities the gate cannot check for names: refuse, don't guess.
        raise NotPermitted("Auditors can export only the audit report.")
    ids = chosen_note_ids(desk, scope)
    events = {e.id: e for e in desk.events()}
    orgs: dict[str, Organisation] = {o.id: o for o in desk.organisations()}
    tag_labels = (
        {t.slug: w.tag(t.slug, t.label) for t in desk.taxonomy} if profile.include_note_text else {}
    )
    total = len(ids) + 2
    notes: list[ExportNote] = []
    for done, note_id in enumerate(ids, start=1):
        fields = desk.rendered_fields(note_id)
        view = desk.note(note_id)
        note = view.note
        event = events.get(note.event_id) if note.event_id else None
        title_r, summary_r, body_r = fields["title"], fields["summary"], fields["body"]
        exported = ExportNote(
            id=note.id, kind=note.kind, title=title_r.text, occurred_at=note.occurred_at,
            event_name=event.name if event else "", event_kind=event.kind if event else None,
            organisation_names=tuple(orgs[o].name for o in note.organisation_ids if o in orgs),
            source_ids=tuple(note.source_ids),
            tags=tuple(tag_labels.get(t, t) for t in note.tags),
            summary=summary_r.text, body=body_r.text, marks=body_r.marks,
            body_refs=tuple((r.start, r.end, r.source_id) for r in body_r.refs),
            summary_refs=tuple((r.start, r.end, r.source_id) for r in summary_r.refs),
            title_refs=tuple((r.start, r.end, r.source_id) for r in title_r.refs),
            summary_marks=summary_r.marks, title_marks=title_r.marks,
        )  # fmt: skip
        notes.append(exported)
        if done % 25 == 0:
            progress(done, total)
            if cancel:
                cancel.check()
    # All sources: the legend lists only those the printed notes refer to.
    sources = desk.sources()
    export_sources = tuple(
        ExportSource(
            id=s.id,
            pseudonym=s.pseudonym,
            role_description=s.role_description,
            generic_role=w(GENERIC_ROLES.get(
                orgs[s.organisation_id].type if s.organisation_id in orgs else OrgType.OTHER,
                GENERIC_ROLES[OrgType.OTHER],
            )),
            consent=s.consent,
            organisation_name=orgs[s.organisation_id].name if s.organisation_id in orgs else "",
        )
        for s in sources
    )
    forbidden = _forbidden_terms(desk, [s.id for s in sources])
    desk.settings.cover_heads()  # the checkpoint names what came in by sync too
    checkpoint = vault.checkpoint()
    counts = Counter(desk.history_action_counts())
    if verified is not None and verified.describes(checkpoint, sum(counts.values())):
        report = verified.report  # run beside the app's writes, and nothing was written since
    else:
        report = vault.verify(progress=lambda d, t: None, cancel=cancel)
    progress(total - 1, total)
    return ExportRequest(
        title=title.strip() or w("{}: field notes").format(w(profile.name)),
        profile=profile,
        notes=tuple(notes),
        sources=export_sources,
        vault_fingerprint=vault.fingerprint,
        checkpoint=checkpoint,
        verify_summary=VerifySummary(report.ok, report.entries, len(report.problems)),
        history_counts=dict(counts),
        generated_on=date.today(),
        forbidden=forbidden,
        language=language,
        exported_by=exporter_label(vault.role.value, vault.slot_id),
        # The images marked for this audience, drawn after their notes; the gate OCRs them.
        images=images_for_export(desk, profile, [n.id for n in notes], cancel),
    )


def _forbidden_terms(desk: Desk, source_ids: Sequence[str]) -> ForbiddenTerms:
    if not desk.vault.can_reveal:
        return ForbiddenTerms()
    identities: list[ForbiddenIdentity] = []
    for sid in source_ids:
        identity = desk.identity(sid)
        identities.append(ForbiddenIdentity(
            tuple(identity.names()), tuple(c for c in identity.contact if c.strip()),
            identity.common_given_name,
        ))  # fmt: skip
    return ForbiddenTerms(
        names=tuple(n for i in identities for n in i.names),
        contacts=tuple(c for i in identities for c in i.contacts),
        identities=tuple(identities),
    )


@dataclass(frozen=True)
class PreparedExport:
    """An export's request, built from the vault: everything rendering and the gate need,
    so they run without the vault (the app's autosave does not wait for them)."""

    profile: ExportProfile
    request: ExportRequest
    out: Path
    unreviewed_names: int
    export_format: str = "pdf"  # a name of ``export.formats.FORMATS``
    md_layout: str = "single"


def prepare_export(
    desk: Desk,
    profile_key: str,
    out: Path,
    scope: ExportScope = ExportScope(),
    *,
    title: str = "",
    language: str = "en",
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
    verified: BesideVerify | None = None,
    export_format: str = "pdf",
    md_layout: str = "single",
) -> PreparedExport:
    """The part that reads the vault: profile, the names review, the request (with the
    verify it prints: ``verified``'s when it describes the vault as it is now, else run
    here). Progress is the first quarter of the whole export's."""
    profile = resolve_profile(desk, profile_key)
    check_language(language)
    fmt = get_format(export_format, md_layout=md_layout)
    check_out_path(fmt, out)
    refuse_derived_name_in_file_name(desk, out)
    if getattr(fmt, "notes_only", False) and not profile.include_note_text:
        raise BadInput(f"The {profile.name} has no notes to write as {fmt.label}; "
                       "choose another format.")  # fmt: skip
    if profile.between_vaults and fmt.name != "jsonl":
        # Internal passages may go to another vault, never into a document people read.
        raise BadInput("The internal profile is written only as JSON lines, for another "
                       "vault of the team.")

    def building(done: int, total: int) -> None:
        progress(done, total * 4)

    # People named in the notes or in the typed title who are not registered: a public
    # export waits for their review (exit 3); a team brief carries the count as a warning.
    unreviewed = require_reviewed_names(desk, profile, chosen_note_ids(desk, scope), title)
    request = build_request(desk, profile, scope, title=title, language=language,
                            progress=building, cancel=cancel, verified=verified)  # fmt: skip
    return PreparedExport(profile, request, out, unreviewed, export_format, md_layout)


def refuse_derived_name_in_file_name(desk: Desk, out: Path) -> None:
    """The file name as the matcher reads text: the pipeline's own check knows only the
    registered spellings, and "brief_wisniewska.pdf" or "Kowalskiego.docx" travel as far.
    Words are tried as written and capitalised (file names are often lower case);
    a source's pseudonym is a fine file name."""
    if not desk.vault.can_reveal:
        return  # an auditor's audit report: no identities to hold it against
    names = desk.context.load_names(with_matcher=True)
    if names.matcher is None:
        return
    pseudonyms = {_letters(p) for p in names.pseudonyms.values()}
    words = " ".join(re.findall(r"[^\W\d_]+|\d+", out.name))
    for text in (words, words.title()):
        if any(_letters(text[m.start : m.end]) not in pseudonyms for m in names.matcher.find(text)):
            raise BadInput("The file name contains a source's real name or contact detail; "
                           "choose another.")  # fmt: skip


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def render_export(
    prepared: PreparedExport,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> ExportResult:
    """Render and gate the PDF (no vault needed): the last three quarters of the progress."""

    def exporting(done: int, total: int) -> None:
        progress(total + 3 * done, total * 4)

    if prepared.export_format == "pdf":
        return export_pdf(prepared.request, prepared.out, progress=exporting, cancel=cancel)
    fmt = get_format(prepared.export_format, md_layout=prepared.md_layout)
    return export_document(prepared.request, prepared.out, fmt, progress=exporting,
                           cancel=cancel)  # fmt: skip


def record_export(desk: Desk, prepared: PreparedExport, result: ExportResult) -> ExportResult:
    """The export in history (writers; auditors' audit reports are not recorded because
    they cannot sign)."""
    if desk.can_write:
        desk.record_export(
            prepared.profile.key,
            notes=result.notes_exported,
            pages=result.pages,
            checkpoint=result.checkpoint,
            left_out=dict(result.left_out_by_reason),
        )
    return replace(result, unreviewed_names=prepared.unreviewed_names)


def run_export(
    desk: Desk,
    profile_key: str,
    out: Path,
    scope: ExportScope = ExportScope(),
    *,
    title: str = "",
    language: str = "en",
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
    export_format: str = "pdf",
    md_layout: str = "single",
) -> ExportResult:
    """Build, render, gate, and record the export in history, in one go (the CLI's way; the
    app holds the vault only for ``prepare_export`` and ``record_export``)."""
    prepared = prepare_export(
        desk, profile_key, out, scope, title=title, language=language, progress=progress,
        cancel=cancel, export_format=export_format, md_layout=md_layout,
    )  # fmt: skip
    result = render_export(prepared, progress=progress, cancel=cancel)
    return record_export(desk, prepared, result)
