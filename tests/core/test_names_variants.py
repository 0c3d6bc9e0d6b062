"""Derived variants of registered identities (DESIGN §5a, issue 11 items 1-3): a corpus of
spellings in several languages and scripts, each found at its exact span with its kind,
and a corpus of ordinary text, places and other people that must stay untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from influence_desk.model import SourceIdentity
from influence_desk.pseudonyms import NameMatcher, pseudonymise
from influence_desk.textformat import RefKind, contact_placeholder, render, surfaces_namer

CORPUS = json.loads((Path(__file__).parent / "data" / "name_variants_corpus.json").read_text())
IDENTITIES = {
    sid: SourceIdentity(s["real_name"], tuple(s.get("aliases", ())), tuple(s.get("contact", ())))
    for sid, s in CORPUS["sources"].items()
}
MATCHER = NameMatcher(list(IDENTITIES.items()))


@pytest.mark.parametrize(
    ("text", "expected"), CORPUS["cases"], ids=[c[0][:40] for c in CORPUS["cases"]]
)
def test_every_spelling_is_found_at_its_exact_span(text: str, expected: list[list[str]]) -> None:
    found = [(text[m.start : m.end], m.source_id, m.kind.value) for m in MATCHER.find(text)]
    assert found == [tuple(e) for e in expected]


@pytest.mark.parametrize("text", CORPUS["untouched"])
def test_ordinary_words_places_and_other_people_are_left_alone(text: str) -> None:
    assert [text[m.start : m.end] for m in MATCHER.find(text)] == []


def test_a_given_name_marked_too_common_needs_the_surname_or_an_honorific() -> None:
    common = SourceIdentity("Anna Kowalska", common_given_name=True)
    matcher = NameMatcher([("a", common)])
    assert matcher.find("Anna przyszła.") == []
    text = "Anna Kowalska przyszła, potem Pani Anna i Kowalska."
    assert [text[m.start : m.end] for m in matcher.find(text)] == [
        "Anna Kowalska", "Pani Anna", "Kowalska"
    ]
    plain = NameMatcher([("a", SourceIdentity("Anna Kowalska"))])
    assert [m.start for m in plain.find("Anna przyszła.")] == [0]


def test_contact_details_are_stored_as_placeholders_that_read_as_one() -> None:
    text = "Morning call: Kasia (k.wisniewska@example.pl, +48 601 234 567)."
    stored, surfaces = pseudonymise(text, (), MATCHER)
    assert "601" not in stored and "wisniewska" not in stored.lower()
    view = render(stored, lambda sid, _i: "Morning Salamander")
    assert view.text == ("Morning call: Morning Salamander ([e-mail of Morning Salamander], "
                         "[phone of Morning Salamander]).")
    assert [r.kind for r in view.refs] == [RefKind.NAME, RefKind.EMAIL, RefKind.PHONE]
    assert render(stored, surfaces_namer(surfaces)).text == text
    assert contact_placeholder(RefKind.CONTACT, "S-014") == "[contact of S-014]"


def test_plain_string_entries_keep_their_old_meaning() -> None:
    # The matcher's original input (names as strings) derives nothing: no surname alone.
    matcher = NameMatcher([("k", ["Katarzyna Wiśniewska"])])
    assert matcher.find("Wiśniewska said.") == []
    assert len(matcher.find("Katarzyna Wiśniewska said.")) == 1
