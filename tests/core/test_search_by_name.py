"""Search by real name (issue 11 item 6): a researcher or lead who types a registered name,
alias, contact detail or a spelling of them finds that source's notes (the query is
pseudonymised in memory before it reaches FTS); an auditor's query is searched as typed, so
a name finds nothing for them and tells them nothing."""

from __future__ import annotations

from datetime import datetime

import pytest
from desk_support import DeskVault

from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import NoteKind, Role, SourceIdentity

IDENTITY = SourceIdentity("Katarzyna Wiśniewska", ("Kasia",), ("kasia.w@example.pl",))
HERS = ["Before she was registered", "Coffee at the fair", "Her mail", "Voter lists"]


@pytest.fixture
def searchable(desk_vault: DeskVault) -> dict[str, str]:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)

        def add(title: str, body: str, tags: tuple[str, ...] = ()) -> None:
            desk.add_note(NoteDraft(NoteKind.INTERVIEW, title, datetime(2026, 3, 2),
                                    body=body, tags=tags))  # fmt: skip

        # Written before the registration, unlinked: rewritten when she is registered.
        add("Before she was registered", "KATARZYNA WISNIEWSKA sells turnout models.")
        source = desk.register_source(IDENTITY)
        add("Coffee at the fair", "Kasia explained the panel data.")
        add("Her mail", "Write to kasia.w@example.pl about the census file.")
        add("Voter lists", "Katarzyna Wiśniewska’s firm buys voter lists.", ("voter files",))
        add("Somebody else", "Nobody we know sells voter lists here.")
    return {"pseudonym": source.pseudonym}


def titles(desk: Desk, query: str) -> list[str]:
    return sorted(hit.title for hit in desk.search(query))


QUERIES = [
    "Katarzyna Wiśniewska",
    "katarzyna wisniewska",  # case and diacritics as a hurried person types them
    "KATARZYNA  WIŚNIEWSKA",
    "Kasia",
    "kasia.w@example.pl",
    # Spellings the matcher derives from the identity (influence_desk.names): the surname
    # alone, Polish case forms, initials, comma order, a diminutive, other notations of
    # the contact details.
    "Wiśniewska",
    "Wiśniewskiej",
    "Katarzyny Wiśniewskiej",
    "Kasi",
    "Kasieńka",
    "K. Wiśniewska",
    "Wiśniewska, Katarzyna",
    "kasia.w(at)example.pl",
]


@pytest.mark.parametrize("role", [Role.LEAD, Role.RESEARCHER])
def test_a_name_alias_or_contact_finds_her_notes(
    desk_vault: DeskVault, searchable: dict[str, str], role: Role
) -> None:
    with desk_vault.open(role) as vault:
        desk = Desk(vault)
        by_pseudonym = titles(desk, searchable["pseudonym"])
        assert by_pseudonym == sorted(HERS)
        for query in QUERIES:
            assert titles(desk, query) == by_pseudonym, query
            assert desk.searched_as(query) == searchable["pseudonym"], query
        # A name among other words: both must match.
        assert titles(desk, "Kasia voter") == ["Voter lists"]
        assert titles(desk, "Kasia OR Nobody") == sorted([*HERS, "Somebody else"])
        assert desk.searched_as("Kasia voter") == f"{searchable['pseudonym']} voter"
        # Snippets show the pseudonym, never what was typed.
        for hit in desk.search("Katarzyna Wiśniewska"):
            # (the pseudonym taken out first: a drawn "Wise Koala" holds "Wi" too)
            shown = hit.snippet.replace(searchable["pseudonym"], "")
            assert "Wi" not in shown and "Kasia" not in shown


def test_an_auditor_typing_a_name_finds_nothing_and_learns_nothing(
    desk_vault: DeskVault, searchable: dict[str, str]
) -> None:
    with desk_vault.open(Role.AUDITOR) as vault:
        desk = Desk(vault)
        assert titles(desk, searchable["pseudonym"]) == sorted(HERS)  # pseudonyms work
        nowhere = titles(desk, "Zbigniewa Quarterhorse")  # a name nobody registered
        for query in QUERIES:
            assert titles(desk, query) == nowhere == [], query
            assert desk.searched_as(query) == query  # no pseudonym handed to an auditor
            assert searchable["pseudonym"] not in desk.search_expression(query)
        assert titles(desk, "Kasia voter") == []
        assert titles(desk, "voter") == ["Somebody else", "Voter lists"]


def test_a_surname_typed_in_lower_case_finds_her_notes_and_the_word_as_typed(
    desk_vault: DeskVault, searchable: dict[str, str]
) -> None:
    """A hurried person types "wisniewska": stored text needs a capital for a derived
    one-word spelling, a query is searched as typed and as the pseudonym."""
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        pseudonym = searchable["pseudonym"]
        for query in ("wisniewska", "wiśniewskiej", "kasi"):
            assert titles(desk, query) == sorted(HERS), query
            assert desk.searched_as(query) == f"{query} OR {pseudonym}", query
        assert titles(desk, "wisniewska voter") == ["Voter lists"]
        # A source whose surname is an ordinary word: the word still finds its notes.
        desk.register_source(SourceIdentity("Anna Post"))
        desk.add_note(NoteDraft(NoteKind.DESK, "Mail", datetime(2026, 3, 3),
                                body="The post arrived late."))  # fmt: skip
        desk.add_note(NoteDraft(NoteKind.DESK, "Her", datetime(2026, 3, 3),
                                body="Anna Post sells data."))  # fmt: skip
        assert titles(desk, "post") == ["Her", "Mail"]
    with desk_vault.open(Role.AUDITOR) as vault:
        assert titles(Desk(vault), "wisniewska") == []  # as typed: nothing for an auditor
