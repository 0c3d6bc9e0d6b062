"""Review of unregistered people: candidates per note with their state, signed decisions,
registration resolving a candidate, verify, auditors, and the export gate."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from desk_support import DeskVault, data_key_of, leaked_names

from influence_desk.desk import Desk, NoteDraft
from influence_desk.errors import BadInput, NotPermitted, UnreviewedNames
from influence_desk.export.profiles import AUDIT, PUBLIC, TEAM
from influence_desk.history import read_entries
from influence_desk.model import (
    EventKind,
    Mark,
    MarkLevel,
    NoteKind,
    OrgType,
    Role,
    SourceIdentity,
)
from influence_desk.reviews import (
    ReviewState,
    candidates,
    decide,
    pending_count,
    require_reviewed_names,
)

WHEN = datetime(2026, 3, 10, 10, 40)


def note(desk: Desk, body: str, title: str = "Booth visit") -> str:
    return desk.add_note(NoteDraft(NoteKind.BOOTH, title, WHEN, body=body)).note.id


def listed(desk: Desk) -> dict[str, tuple[str, int]]:
    return {c.name: (c.state.value, len(c.note_ids)) for c in candidates(desk)}


def test_candidates_with_notes_context_and_pending_state(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        desk.add_organisation("Datapol Analytics", OrgType.DATA_BROKER, aliases=("Datapol",))
        desk.add_event(EventKind.TRADE_FAIR, "Campaign Tech Europe", city="Berlin")
        desk.register_source(SourceIdentity("Katarzyna Wiśniewska", ("Kasia",)))
        first = note(desk, "Afterwards Joachim Vogelsang showed us the dashboard. "
                           "Herr Vogelsang said Datapol buys voter files.")  # fmt: skip
        second = note(desk, "At Campaign Tech Europe in Berlin, Joachim Vogelsang again. "
                            "Katarzyna Wiśniewska introduced me to Helen Carter.")  # fmt: skip
        found = {c.name: c for c in candidates(desk)}
        assert set(found) == {"Joachim Vogelsang", "Helen Carter"}
        vogelsang = found["Joachim Vogelsang"]
        assert vogelsang.state == ReviewState.PENDING
        assert vogelsang.note_ids == (first, second)
        assert len(vogelsang.mentions) == 3  # "Herr Vogelsang" is the same person
        carter = found["Helen Carter"].mentions[0]
        # The context is the sentence as a viewer sees it: the source by pseudonym.
        assert "Wiśniewska" not in carter.sentence
        assert carter.sentence[carter.name_start : carter.name_end] == "Helen Carter"
        assert "Joachim" not in repr(vogelsang)


def test_decisions_are_signed_entries_that_verify_and_hold_no_name(
    desk_vault: DeskVault,
) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        note(desk, "Afterwards Joachim Vogelsang showed us the dashboard.")
        note(desk, "The keynote by Angela Merkel was cancelled. We met Penny Lane there.")
        decide(desk, "Angela Merkel", "public")
        decide(desk, "penny lane", ReviewState.NOT_PERSON)  # folded: case does not matter
        assert listed(desk) == {
            "Joachim Vogelsang": ("pending", 1),
            "Angela Merkel": ("public", 1),
            "Penny Lane": ("not-person", 1),
        }
        entries = [e for e in read_entries(desk.store) if e.action == "name.review"]
        assert [e.payload for e in entries] == [{"state": "public"}, {"state": "not-person"}]
        assert all(e.object_id.startswith("name:") for e in entries)
        report = vault.verify()
        assert report.ok, report.problems
        # Changing one's mind is another signed entry.
        decide(desk, "Angela Merkel", "not-person")
        assert listed(desk)["Angela Merkel"] == ("not-person", 1)
        assert vault.verify().ok
        key = data_key_of(vault)
    # Only the note text holds the names, never the review table or history.
    hits = leaked_names(desk_vault.path, key, ["Angela Merkel", "Penny Lane"])
    assert hits == ["Angela Merkel", "Penny Lane"]  # in the notes, as typed
    with desk_vault.open(Role.LEAD) as vault:
        conn = vault.store._conn  # type: ignore[union-attr]
        rows = conn.execute("SELECT * FROM name_reviews").fetchall()
        payloads = conn.execute("SELECT object_id, payload FROM history").fetchall()
    text = repr(rows) + repr(payloads)
    assert "merkel" not in text.casefold() and "penny" not in text.casefold()


def test_a_review_row_changed_outside_history_is_caught(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        note(desk, "The keynote by Angela Merkel was cancelled.")
        decide(desk, "Angela Merkel", "not-person")
        conn = vault.store._conn  # type: ignore[union-attr]
        conn.execute("UPDATE name_reviews SET state = 'public'")
        report = vault.verify()
        assert not report.ok
        assert any(str(p).startswith("name:") for p in report.problems)


def test_registering_a_candidate_resolves_it(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        note(desk, "Afterwards Joachim Vogelsang showed us the dashboard.")
        assert pending_count(desk) == 1
        desk.register_source(SourceIdentity("Joachim Vogelsang"))
        assert candidates(desk) == []
        assert vault.verify().ok


def test_auditors_can_neither_list_states_nor_decide(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        note(Desk(vault), "Afterwards Joachim Vogelsang showed us the dashboard.")
    with desk_vault.open(Role.AUDITOR) as vault:
        desk = Desk(vault)
        with pytest.raises(NotPermitted):
            decide(desk, "Joachim Vogelsang", "public")
        with pytest.raises(NotPermitted):
            candidates(desk)


def test_unknown_names_and_states_are_refused_without_echoing_them(
    desk_vault: DeskVault,
) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        note(desk, "Afterwards Joachim Vogelsang showed us the dashboard.")
        with pytest.raises(BadInput) as missing:
            decide(desk, "Joachim Vogelsberg", "public")
        assert "Vogelsberg" not in str(missing.value)
        with pytest.raises(BadInput):
            decide(desk, "Joachim Vogelsang", "pending")
        # The short ref from the list names a candidate without typing the name.
        ref = candidates(desk)[0].ref
        decide(desk, ref, "public")
        assert listed(desk) == {"Joachim Vogelsang": ("public", 1)}


FULL_PUBLIC = replace(PUBLIC, key="public-full", name="Public, full text", text="full")


def test_public_export_is_refused_while_a_candidate_is_pending(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        text = "Afterwards Joachim Vogelsang and Helen Carter showed the app."
        pending = desk.add_note(NoteDraft(NoteKind.BOOTH, "Demo", WHEN, body=text,
                                          summary=text)).note.id  # fmt: skip
        clean = note(desk, "Nothing but voter files and geotargeting today.")
        with pytest.raises(UnreviewedNames) as refused:
            require_reviewed_names(desk, PUBLIC, [pending, clean])
        assert refused.value.exit_code == 3
        assert str(refused.value).startswith("2 people named in these notes are not reviewed")
        assert "influence-desk names VAULT" in str(refused.value)
        assert "Vogelsang" not in str(refused.value)
        # A team brief only counts them; the audit report has no note text.
        assert require_reviewed_names(desk, TEAM, [pending]) == 2
        assert require_reviewed_names(desk, AUDIT, [pending]) == 0
        assert require_reviewed_names(desk, PUBLIC, [clean]) == 0
        decide(desk, "Joachim Vogelsang", "public")
        decide(desk, "Helen Carter", "public")
        assert require_reviewed_names(desk, PUBLIC, [pending]) == 0


def test_only_what_the_export_prints_is_checked(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        body_only = note(desk, "Afterwards Joachim Vogelsang showed us the dashboard.")
        # A public summary prints no bodies; a full-text public profile does.
        assert require_reviewed_names(desk, PUBLIC, [body_only]) == 0
        with pytest.raises(UnreviewedNames):
            require_reviewed_names(desk, FULL_PUBLIC, [body_only])
        # Text marked internal never leaves the vault; team text only goes to the team.
        internal = desk.add_note(NoteDraft(
            NoteKind.BOOTH, "Marked", WHEN, body="Met Helen Carter at the bar.",
            marks=(Mark(4, 16, MarkLevel.INTERNAL),),
        )).note.id  # fmt: skip
        assert require_reviewed_names(desk, FULL_PUBLIC, [internal]) == 0
        assert require_reviewed_names(desk, TEAM, [internal]) == 0
        assert [c.name for c in candidates(desk, [internal])] == ["Helen Carter"]  # the list


GENERIC_PUBLIC = replace(PUBLIC, key="public-generic", name="Public, generic roles",
                         source_display="generic")  # fmt: skip


def test_people_printed_beside_the_text_are_reviewed_too(desk_vault: DeskVault) -> None:
    """A careless colleague names an event after a person, makes a person an organiser, puts
    a name in a tag or in a source's role description: every export with note text prints
    the event, organisations and tags, a role-based one the role descriptions."""
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        dinner = desk.add_event(EventKind.CHANCE_ENCOUNTER, "Dinner with Joachim Vogelsang",
                                organiser="Greta Lindqvist")  # fmt: skip
        fair = desk.add_event(EventKind.TRADE_FAIR, "Campaign Tech Europe", city="Berlin",
                              organiser="Datapol Analytics")  # fmt: skip
        deputy = desk.register_source(SourceIdentity("Katarzyna Wiśniewska"),
                                      role_description="deputy to Helen Carter")
        in_event = desk.add_note(NoteDraft(NoteKind.BOOTH, "Dinner", WHEN, body="Voter files.",
                                           event_id=dinner.id)).note.id  # fmt: skip
        in_tag = desk.add_note(NoteDraft(NoteKind.DESK, "Reading", WHEN, body="Voter files.",
                                         event_id=fair.id, tags=("Piotr Nowak",))).note.id
        in_role = desk.add_note(NoteDraft(NoteKind.BOOTH, "Booth", WHEN, body="Voter files.",
                                          source_ids=(deputy.id,))).note.id  # fmt: skip
        # Named in a body too: the event and the organiser do not hide them there.
        in_body = note(desk, "Later Joachim Vogelsang and Greta Lindqvist joined us.")
        found = {c.name: set(c.note_ids) for c in candidates(desk)}
        assert found == {"Joachim Vogelsang": {in_event, in_body},
                         "Greta Lindqvist": {in_body}, "Piotr Nowak": {in_tag},
                         "Helen Carter": {in_role}}  # fmt: skip
        assert require_reviewed_names(desk, TEAM, [in_event, in_tag, in_role]) == 3
        for one in (in_event, in_tag, in_role):
            with pytest.raises(UnreviewedNames):
                require_reviewed_names(desk, PUBLIC, [one])
        # Sources shown by generic role: their role descriptions are not printed.
        assert require_reviewed_names(desk, GENERIC_PUBLIC, [in_role]) == 0
        # Organisations, events and places that name nobody are still not candidates.
        assert not {"Campaign Tech Europe", "Datapol Analytics", "Berlin"} & set(found)


def test_a_person_in_the_export_title_is_reviewed_like_the_notes(desk_vault: DeskVault) -> None:
    """The title typed for the cover is printed too: an unregistered person in it stops a
    public export and is counted for a team brief; a registered source in it, in any
    derived form, is no candidate (the export removes it); a decision clears it."""
    with desk_vault.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        desk.register_source(SourceIdentity("Katarzyna Wiśniewska", ("Kasia",)))
        clean = note(desk, "Nothing but voter files and geotargeting today.")
        assert require_reviewed_names(desk, PUBLIC, [clean], "Voter data at the fair") == 0
        for registered in ("Briefing: Katarzyna Wiśniewska", "Od Katarzyny Wiśniewskiej"):
            assert require_reviewed_names(desk, PUBLIC, [clean], registered) == 0
        title = "What Joachim Vogelsang sells"
        with pytest.raises(UnreviewedNames) as refused:
            require_reviewed_names(desk, PUBLIC, [clean], title)
        assert refused.value.exit_code == 3
        assert str(refused.value).startswith("The export title names a person not reviewed")
        assert refused.value.in_title  # the app says to change the title
        assert "Vogelsang" not in str(refused.value)
        assert require_reviewed_names(desk, TEAM, [clean], title) == 1
        # Named in a note as well: one person, counted once.
        named = note(desk, "Afterwards Joachim Vogelsang showed the app.")
        assert require_reviewed_names(desk, TEAM, [named], title) == 1
        decide(desk, "Joachim Vogelsang", "public")
        assert require_reviewed_names(desk, PUBLIC, [clean], title) == 0
