"""One save path: a note with the event and organisations first typed for it is one
transaction (the editor, quick capture, ``note add`` and import all save this way), so a
save that fails leaves no event, organisation or history entry behind."""

from __future__ import annotations

from datetime import datetime

import pytest
from desk_support import DeskVault

from influence_desk.desk import Desk, NoteDraft
from influence_desk.errors import BadInput, DiskFull
from influence_desk.model import Event, EventKind, NoteKind, Organisation, OrgType, Role
from influence_desk.store import Store


def _draft(**fields: object) -> NoteDraft:
    values: dict[str, object] = {
        "kind": NoteKind.BOOTH, "title": "Booth visit", "occurred_at": datetime(2024, 5, 2, 11),
        "body": "Lists of 40M voters.",
        "new_event": Event("", EventKind.TRADE_FAIR, "PolitCon 2024"),
        "new_organisations": (Organisation("", "Voter Data GmbH", OrgType.DATA_BROKER),
                              Organisation("", "Campaign Apps Ltd")),
    }  # fmt: skip
    values.update(fields)
    return NoteDraft(**values)  # type: ignore[arg-type]


def _nothing_left(desk: Desk, entries_before: int) -> None:
    assert desk.events() == []
    assert desk.organisations() == []
    assert desk.note_ids() == []
    assert desk.vault.store is not None
    assert desk.vault.store.history_count() == entries_before
    assert desk.vault.verify().ok


def test_a_new_event_and_organisations_are_saved_with_the_note(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        view = desk.add_note(_draft())
        (event,) = desk.events()
        assert event.name == "PolitCon 2024" and view.note.event_id == event.id
        assert event.kind == EventKind.TRADE_FAIR  # created as the draft said
        types = {o.name: o.type for o in desk.organisations()}
        assert types == {"Voter Data GmbH": OrgType.DATA_BROKER, "Campaign Apps Ltd": OrgType.OTHER}
        assert sorted(o.name for o in desk.organisations()) == [
            "Campaign Apps Ltd", "Voter Data GmbH",
        ]  # fmt: skip
        assert set(view.note.organisation_ids) == {o.id for o in desk.organisations()}
        # Typed again (another case, spacing): found, not made twice.
        again = desk.update_note(
            view.note.id,
            _draft(new_event=Event("", EventKind.CONFERENCE, "politcon  2024"),
                   new_organisations=(Organisation("", "voter data gmbh"),)),
        )  # fmt: skip
        assert [e.id for e in desk.events()] == [event.id] and again.note.event_id == event.id
        assert desk.events()[0].kind == EventKind.TRADE_FAIR  # found: left as it was
        assert len(desk.organisations()) == 2
        assert vault.verify().ok


def test_a_note_that_fails_its_checks_leaves_no_event_or_organisation(
    desk_vault: DeskVault,
) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        assert vault.store is not None
        before = vault.store.history_count()
        with pytest.raises(BadInput):
            desk.add_note(_draft(title="x" * 5_000))
        _nothing_left(desk, before)


def test_a_note_whose_write_fails_leaves_no_event_or_organisation(
    desk_vault: DeskVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The event and organisations are written first; the note's own row then fails (the
    disk is full): all of it is rolled back, and the next save works."""
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        assert vault.store is not None
        before = vault.store.history_count()
        written: list[str] = []
        real_put = Store.put_reference

        def put_reference(self: Store, table: object, record: object) -> None:
            written.append(type(record).__name__)
            real_put(self, table, record)  # type: ignore[arg-type]

        def insert_note(self: Store, note: object) -> int:
            raise DiskFull()

        monkeypatch.setattr(Store, "put_reference", put_reference)
        monkeypatch.setattr(Store, "insert_note", insert_note)
        with pytest.raises(DiskFull):
            desk.add_note(_draft())
        assert written == ["EventRecord", "OrganisationRecord", "OrganisationRecord"]
        monkeypatch.undo()
        _nothing_left(desk, before)
        view = desk.add_note(_draft())
        assert view.note.event_id == desk.events()[0].id


def test_an_import_line_that_fails_leaves_no_event_or_organisation(
    desk_vault: DeskVault,
) -> None:
    lines = [
        '{"kind": "booth", "title": "Fine", "event": "PolitCon 2024", '
        '"organisations": ["Voter Data GmbH"]}',
        '{"kind": "booth", "title": "Bad", "event": "Another fair", "sources": ["Nobody"]}',
    ]
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        assert vault.store is not None
        before = vault.store.history_count()
        with pytest.raises(BadInput, match="Line 2"):
            desk.import_jsonl(lines)
        _nothing_left(desk, before)


def test_note_add_fields_that_fail_leave_no_event_or_organisation(
    desk_vault: DeskVault,
) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        assert vault.store is not None
        before = vault.store.history_count()
        with pytest.raises(BadInput):
            desk.add_note_from_fields(
                kind="booth", title="t" * 5_000, event="PolitCon 2024",
                organisations=["Voter Data GmbH"],
            )  # fmt: skip
        _nothing_left(desk, before)
