"""Combined filters (kind + event + organisation + tag + date range) in the core's list
and search; saved searches kept inside the vault (signed, names as pseudonyms, never in
settings.json); the same filters and saved searches scope an export (CLI too)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from desk_support import DeskVault

from influence_desk.cli import run as cli_run
from influence_desk.desk import Desk, NoteDraft, NoteFilter
from influence_desk.errors import BadInput, NotPermitted
from influence_desk.export.service import ExportScope, run_export
from influence_desk.history import read_entries
from influence_desk.model import EventKind, NoteKind, OrgType, Role, SourceIdentity
from influence_desk.saved_searches import (
    SavedSearch,
    delete_search,
    save_search,
    saved_searches,
)


def _notes(desk: Desk) -> tuple[NoteFilter, str]:
    fair = desk.add_event(EventKind.TRADE_FAIR, "PolitCon")
    other = desk.add_event(EventKind.CONFERENCE, "DataSummit")
    broker = desk.add_organisation("Voter Data GmbH", OrgType.DATA_BROKER)
    agency = desk.add_organisation("Spin Agency", OrgType.AGENCY)
    tag = "method:voter-files"

    def add(kind: NoteKind, day: int, event: str, org: str, tags: tuple[str, ...]) -> str:
        return desk.add_note(NoteDraft(
            kind, f"Matching lists {day}", datetime(2026, 3, day, 10, 0),
            body="They match voter lists.", summary="Lists.", event_id=event,
            organisation_ids=(org,), tags=tags,
        )).note.id  # fmt: skip

    wanted = add(NoteKind.BOOTH, 12, fair.id, broker.id, (tag,))
    add(NoteKind.INTERVIEW, 12, fair.id, broker.id, (tag,))  # other kind
    add(NoteKind.BOOTH, 13, other.id, broker.id, (tag,))  # other event
    add(NoteKind.BOOTH, 12, fair.id, agency.id, (tag,))  # other organisation
    add(NoteKind.BOOTH, 12, fair.id, broker.id, ())  # other tag
    add(NoteKind.BOOTH, 20, fair.id, broker.id, (tag,))  # after the range
    combined = NoteFilter(kind=NoteKind.BOOTH, event_id=fair.id, organisation_id=broker.id,
                          tag=tag, date_from=date(2026, 3, 10), date_to=date(2026, 3, 14))
    return combined, wanted


def test_combined_filters_in_list_search_and_export(
    desk_vault: DeskVault, tmp_path: Path
) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        combined, wanted = _notes(desk)
        assert desk.note_ids(combined) == [wanted]
        assert [h.id for h in desk.search("voter", combined)] == [wanted]
        assert desk.count_notes(combined) == 1 and desk.count_notes(NoteFilter()) == 6
        result = run_export(desk, "team", tmp_path / "one.pdf", ExportScope(filter=combined))
        assert result.notes_exported == 1


def test_saved_searches_live_in_the_vault_signed_and_pseudonymised(
    desk_vault: DeskVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    monkeypatch.setenv("INFLUENCE_DESK_CONFIG_DIR", str(config))
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        combined, _ = _notes(desk)
        desk.register_source(SourceIdentity("Małgorzata Wiśniewska", ("Gosia",)))
        saved = save_search(desk, SavedSearch("Booths with Gosia", "voter Wiśniewska", combined))
        assert saved.id and saved.filter == combined
        # The real name was typed; the vault holds the pseudonym, in the text and the name.
        raw = desk.settings_with_prefix("search.saved.")[f"search.saved.{saved.id}"]
        assert "Wiśniewska" not in raw and "Gosia" not in raw
        assert "Wiśniewska" not in saved.query and "Gosia" not in saved.name
        entries = [e for e in read_entries(vault.store) if e.action == "vault.settings"]
        assert entries  # a signed entry
        # The same name replaces; a second one is listed beside it.
        again = save_search(desk, SavedSearch(saved.name, "", NoteFilter(kind=NoteKind.BOOTH)))
        assert again.id == saved.id
        other = save_search(desk, SavedSearch("All booths", "", NoteFilter(kind=NoteKind.BOOTH)))
        assert [s.name for s in saved_searches(desk)] == ["All booths", saved.name]
        with pytest.raises(BadInput, match="needs a name"):
            save_search(desk, SavedSearch("  ", "x"))
        with pytest.raises(BadInput, match="ends before it starts"):
            save_search(desk, SavedSearch("Bad", "", NoteFilter(
                date_from=date(2026, 3, 14), date_to=date(2026, 3, 1))))  # fmt: skip
        delete_search(desk, other.id)
        assert [s.name for s in saved_searches(desk)] == [saved.name]
    # Nothing of a search on this computer outside the vault.
    assert not config.exists() or all(
        "voter" not in p.read_text(errors="replace") for p in config.rglob("*") if p.is_file()
    )
    with desk_vault.open(Role.AUDITOR) as vault:
        desk = Desk(vault)
        assert [s.name for s in saved_searches(desk)] == [saved.name]  # the team sees it
        with pytest.raises(NotPermitted):
            save_search(desk, SavedSearch("Mine", "x"))


def test_a_saved_search_scopes_an_export_from_the_cli(
    desk_vault: DeskVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        combined, _ = _notes(desk)
        save_search(desk, SavedSearch("PolitCon booths", "", combined))
    monkeypatch.setenv("INFLUENCE_DESK_PASSPHRASE", desk_vault.passphrase(Role.RESEARCHER))
    out = tmp_path / "saved.pdf"
    code = cli_run(["export", str(desk_vault.path), "--profile", "team", "--out", str(out),
                    "--saved", "politcon booths", "--json"])  # fmt: skip
    assert code == 0 and out.is_file()
    with desk_vault.open(Role.RESEARCHER) as vault:
        last = [e for e in read_entries(vault.store) if e.action == "vault.export"][-1]
    assert last.payload["notes"] == 1
    code = cli_run(["export", str(desk_vault.path), "--profile", "team", "--out",
                    str(tmp_path / "none.pdf"), "--saved", "nothing like it"])  # fmt: skip
    assert code != 0 and not (tmp_path / "none.pdf").exists()
