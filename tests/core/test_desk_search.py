"""Full-text search over pseudonymised notes: by pseudonym, by real name for identity
holders (translated in memory), with filters, and never an error for odd input."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from desk_support import DeskVault

from influence_desk.desk import Desk, NoteDraft, NoteFilter
from influence_desk.model import EventKind, NoteKind, Role, SourceIdentity


@pytest.fixture
def searchable(desk_vault: DeskVault) -> DeskVault:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        fair = desk.add_event(EventKind.TRADE_FAIR, "PolitCon")
        org = desk.add_organisation("Acme Analytics")
        desk.register_source(SourceIdentity("Małgorzata Wiśniewska", ("Gosia",)))
        notes = [
            ("Voter files at the booth", "Gosia sells voter files from the 2021 census.", 1,
             ("voter files",)),
            ("Geotargeting pitch", "Phone apps track people; Małgorzata Wiśniewska agrees.", 2,
             ("geotargeting",)),
            ("Psychometrics", "Nothing about lists here (at all).", 3, ()),
        ]  # fmt: skip
        for i, (title, body, day, tags) in enumerate(notes):
            desk.add_note(
                NoteDraft(NoteKind.BOOTH if i < 2 else NoteKind.DESK, title,
                          datetime(2024, 5, day), body=body, tags=tags,
                          event_id=fair.id if i == 0 else None,
                          organisation_ids=(org.id,) if i == 1 else ())
            )  # fmt: skip
    return desk_vault


def titles(hits: list) -> list[str]:  # type: ignore[type-arg]
    return sorted(h.title for h in hits)


def test_search_by_words_title_and_tags_with_snippets(searchable: DeskVault) -> None:
    with searchable.open(Role.LEAD) as vault:
        desk = Desk(vault)
        hits = desk.search("census")
        assert titles(hits) == ["Voter files at the booth"]
        assert "[census]" in hits[0].snippet
        assert titles(desk.search("psychometrics")) == ["Psychometrics"]
        assert titles(desk.search("geotargeting")) == ["Geotargeting pitch"]  # title and tag
        assert titles(desk.search("Voter Files")) == ["Voter files at the booth"]
        assert titles(desk.search("voter OR phone")) == [
            "Geotargeting pitch",
            "Voter files at the booth",
        ]
        assert titles(desk.search("psycho*")) == ["Psychometrics"]
        assert titles(desk.search('"sells voter"')) == ["Voter files at the booth"]
        assert desk.search('"voter sells"') == []


def test_search_by_pseudonym_and_by_real_name(searchable: DeskVault) -> None:
    with searchable.open(Role.RESEARCHER) as vault:
        desk = Desk(vault)
        pseudonym = desk.sources()[0].pseudonym
        both = ["Geotargeting pitch", "Voter files at the booth"]
        assert titles(desk.search(pseudonym)) == both
        assert titles(desk.search(pseudonym.lower())) == both
        assert titles(desk.search("Malgorzata WISNIEWSKA")) == both  # real name, translated
        assert titles(desk.search("gosia census")) == ["Voter files at the booth"]
        hits = desk.search("Gosia")
        assert all("Gosia" not in h.snippet and "Wiśniewska" not in h.snippet for h in hits)
        assert any(f"[{pseudonym.split()[0]}" in h.snippet for h in hits)
    with searchable.open(Role.AUDITOR) as vault:
        desk = Desk(vault)
        assert titles(desk.search(pseudonym)) == both
        assert desk.search("Gosia") == []  # auditors get no translation


def test_search_filters(searchable: DeskVault) -> None:
    with searchable.open(Role.LEAD) as vault:
        desk = Desk(vault)
        fair = desk.events()[0]
        org = desk.organisations()[0]
        source = desk.sources()[0]
        word = "voter OR phone OR lists"
        assert titles(desk.search(word, NoteFilter(kind=NoteKind.DESK))) == ["Psychometrics"]
        assert titles(desk.search(word, NoteFilter(event_id=fair.id))) == [
            "Voter files at the booth"
        ]
        assert titles(desk.search(word, NoteFilter(organisation_id=org.id))) == [
            "Geotargeting pitch"
        ]
        assert len(desk.search(word, NoteFilter(source_id=source.id))) == 2
        assert titles(desk.search(word, NoteFilter(tag="method:geotargeting"))) == [
            "Geotargeting pitch"
        ]
        assert titles(
            desk.search(word, NoteFilter(date_from=date(2024, 5, 2), date_to=date(2024, 5, 3)))
        ) == ["Geotargeting pitch", "Psychometrics"]
        assert len(desk.search(word, limit=1)) == 1


@pytest.mark.parametrize(
    "query",
    ['"', '""', "(", ")", "(lists", 'voter "files', "NEAR(voter files)", "NEAR", "*", "voter*",
     "-voter", "voter AND", "OR", "AND OR NOT", "NOT lists", "title:voter", "^voter", "{x}",
     "a'b", "\\", "\x00", "voter + files", "'; DROP TABLE notes; --", "ünïcödé", "   ", "",
     "x" * 5000, "[[internal:", "\ue000abc\ue001", "col:", "lists)", "voter NEAR/2 files"],
)  # fmt: skip
def test_odd_queries_never_fail(searchable: DeskVault, query: str) -> None:
    with searchable.open(Role.LEAD) as vault:
        desk = Desk(vault)
        desk.search(query)
        desk.search(query, NoteFilter(kind=NoteKind.BOOTH))
        assert desk.count_notes() == 3
