"""Notes, events, organisations and tags through the Desk: what the list, filters and the
editor see, and that history vouches for every change."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from desk_support import DeskVault

from influence_desk.desk import Desk, NoteDraft, NoteFilter
from influence_desk.errors import BadInput
from influence_desk.model import (
    EventKind,
    Mark,
    MarkLevel,
    NoteKind,
    OrgType,
    Role,
    SourceIdentity,
)


def test_add_update_delete_and_the_notes_list(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        fair = desk.add_event(EventKind.TRADE_FAIR, "PolitCon", "Berlin", "DE",
                              date(2024, 5, 2), date(2024, 5, 3), "PolitCon GmbH")  # fmt: skip
        broker = desk.add_organisation("Voter Data GmbH", OrgType.DATA_BROKER, ("VDG",), ("DE",))
        source = desk.register_source(SourceIdentity("Anna Schmidt"), "sales lead")
        a = desk.add_note(
            NoteDraft(NoteKind.BOOTH, "Booth: Anna Schmidt", datetime(2024, 5, 2, 11),
                      body="Lists of 40M voters.", event_id=fair.id,
                      organisation_ids=(broker.id,), tags=("micro-targeting", "lists"))
        )  # fmt: skip
        b = desk.add_note(
            NoteDraft(NoteKind.DESK, "Desk research", datetime(2024, 4, 1),
                      source_ids=(source.id,), tags=("lists",))
        )  # fmt: skip
        assert desk.note_ids() == [a.note.id, b.note.id]  # newest first
        assert desk.note_ids(sort="title", descending=False) == [a.note.id, b.note.id]
        assert desk.count_notes() == 2
        rows = desk.note_rows([b.note.id, a.note.id])
        assert [r.id for r in rows] == [b.note.id, a.note.id]
        row_a = rows[1]
        assert (row_a.title, row_a.event_name, row_a.organisation_names) == (
            f"Booth: {source.pseudonym}", "PolitCon", ("Voter Data GmbH",),
        )  # fmt: skip
        assert row_a.source_pseudonyms == (source.pseudonym,)
        assert row_a.tags == ("lists", "method:micro-targeting")
        assert desk.tags() == [("lists", 2), ("method:micro-targeting", 1)]

        updated = desk.update_note(
            a.note.id,
            NoteDraft(NoteKind.INTERVIEW, "Renamed", datetime(2024, 5, 3), body="new body",
                      marks=(Mark(0, 3, MarkLevel.INTERNAL),))
        )  # fmt: skip
        assert (updated.note.kind, updated.note.title, updated.note.body) == (
            NoteKind.INTERVIEW, "Renamed", "new body",
        )  # fmt: skip
        assert updated.note.marks == (Mark(0, 3, MarkLevel.INTERNAL),)
        assert updated.note.source_ids == () and updated.note.tags == ()
        desk.delete_note(b.note.id)
        assert desk.note_ids() == [a.note.id]
        with pytest.raises(BadInput):
            desk.note(b.note.id)
        assert desk.search("Desk research") == []
        report = vault.verify()
        assert report.ok, report.problems


def test_filters(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        fair = desk.add_event(EventKind.TRADE_FAIR, "PolitCon")
        org = desk.add_organisation("Acme Analytics")
        src = desk.register_source(SourceIdentity("Piotr Nowak"))
        ids = {}
        for i, (kind, day) in enumerate(
            [(NoteKind.BOOTH, 1), (NoteKind.INTERVIEW, 2), (NoteKind.DESK, 3), (NoteKind.BOOTH, 4)]
        ):
            ids[i] = desk.add_note(
                NoteDraft(kind, f"note {i}", datetime(2024, 5, day, 9),
                          event_id=fair.id if i % 2 == 0 else None,
                          organisation_ids=(org.id,) if i == 1 else (),
                          body="Piotr Nowak was there" if i == 2 else "",
                          tags=("geotargeting",) if i >= 2 else ())
            ).note.id  # fmt: skip

        def found(f: NoteFilter) -> set[int]:
            return {i for i, nid in ids.items() if nid in desk.note_ids(f)}

        assert found(NoteFilter(kind=NoteKind.BOOTH)) == {0, 3}
        assert found(NoteFilter(event_id=fair.id)) == {0, 2}
        assert found(NoteFilter(organisation_id=org.id)) == {1}
        assert found(NoteFilter(source_id=src.id)) == {2}
        assert found(NoteFilter(tag="method:geotargeting")) == {2, 3}
        assert found(NoteFilter(date_from=date(2024, 5, 2), date_to=date(2024, 5, 3))) == {1, 2}
        assert found(NoteFilter(kind=NoteKind.BOOTH, tag="method:geotargeting")) == {3}
        assert desk.count_notes(NoteFilter(event_id=fair.id)) == 2


def test_events_and_organisations_find_create_and_merge(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        org = desk.add_organisation("Cambridge Data", aliases=("CD Ltd",))
        assert desk.find_or_create_organisation("  cd ltd ").id == org.id
        dup = desk.find_or_create_organisation("Cambridge Data Ltd.")
        assert dup.id != org.id
        src = desk.register_source(SourceIdentity("Piotr Nowak"), organisation_id=dup.id)
        note = desk.add_note(
            NoteDraft(NoteKind.DESK, "t", datetime(2024, 1, 1), organisation_ids=(dup.id, org.id))
        )
        desk.merge_organisations(org.id, dup.id)
        assert [o.id for o in desk.organisations()] == [org.id]
        assert desk.note(note.note.id).note.organisation_ids == (org.id,)
        assert desk.source(src.id).organisation_id == org.id

        e1 = desk.find_or_create_event("PolitCon 2024")
        assert desk.find_or_create_event("politcon  2024").id == e1.id
        e2 = desk.add_event(EventKind.CONFERENCE, "Politcon (dup)")
        moved = desk.add_note(NoteDraft(NoteKind.DESK, "t", datetime(2024, 1, 1), event_id=e2.id))
        desk.merge_events(e1.id, e2.id)
        assert desk.note(moved.note.id).note.event_id == e1.id
        assert [e.id for e in desk.events()] == [e1.id]
        renamed = desk.update_event(e1.__class__(**{**e1.__dict__, "city": "Warsaw"}))
        assert renamed.city == "Warsaw"
        with pytest.raises(BadInput):
            desk.merge_events(e1.id, e1.id)
        report = vault.verify()
        assert report.ok, report.problems


def test_bad_drafts_are_refused_and_change_nothing(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        head = vault.checkpoint()
        for bad in (
            NoteDraft(NoteKind.DESK, "  ", datetime(2024, 1, 1)),
            NoteDraft("poem", "t", datetime(2024, 1, 1)),  # type: ignore[arg-type]
            NoteDraft(NoteKind.DESK, "t", datetime(2024, 1, 1), event_id="nope"),
            NoteDraft(NoteKind.DESK, "t", datetime(2024, 1, 1), organisation_ids=("nope",)),
            NoteDraft(NoteKind.DESK, "t", datetime(2024, 1, 1), source_ids=("nope",)),
        ):
            with pytest.raises(BadInput):
                desk.add_note(bad)
        assert desk.count_notes() == 0
        assert vault.checkpoint() == head


def test_detections_are_spans_over_the_rendered_body(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        body = "Write to press@example.org or call +44 20 7946 0958 (office)."
        view = desk.add_note(NoteDraft(NoteKind.DESK, "t", datetime(2024, 1, 1), body=body))
        kinds = {(d.kind, view.note.body[d.start : d.end]) for d in view.detections}
        assert ("email", "press@example.org") in kinds
        assert ("phone", "+44 20 7946 0958") in kinds


def test_settings_are_signed(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        desk.set_setting("lock.idle_minutes", "7")
        assert desk.get_setting("lock.idle_minutes") == "7"
        assert vault.verify().ok


def test_what_exports_read_and_record(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        p = desk.register_source(SourceIdentity("Anna Schmidt")).pseudonym
        note = desk.add_note(
            NoteDraft(NoteKind.DESK, "Anna Schmidt", datetime(2024, 1, 1),
                      summary="by Anna Schmidt", body="Anna Schmidt: secret",
                      marks=(Mark(14, 20, MarkLevel.INTERNAL),))
        )  # fmt: skip
        fields = desk.rendered_fields(note.note.id)
        assert (fields["title"].text, fields["summary"].text) == (p, f"by {p}")
        assert fields["body"].text == f"{p}: secret"
        assert fields["body"].marks == (Mark(len(p) + 2, len(p) + 8, MarkLevel.INTERNAL),)
        assert [r.start for r in fields["summary"].refs] == [3]
        desk.set_setting("export.profile.mine", "{}")
        assert desk.settings_with_prefix("export.profile.") == {"export.profile.mine": "{}"}
        desk.record_export("team", notes=1, pages=2, checkpoint="5:" + "a" * 64,
                           left_out={"off-record": 1})  # fmt: skip
        counts = desk.history_action_counts()
        assert counts["vault.export"] == 1 and counts["note.create"] == 1
        assert vault.verify().ok
