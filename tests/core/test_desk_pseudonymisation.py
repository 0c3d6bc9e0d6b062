"""Pseudonymisation at rest, end to end through the Desk: a registered name never reaches a
row, the search index or history, and the identity holder gets the original back exactly."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from desk_support import DeskVault, data_key_of, fold, leaked_names
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import (
    Consent,
    EventKind,
    Mark,
    MarkLevel,
    NoteKind,
    Role,
    SourceIdentity,
)
from influence_desk.vault.vault import Vault

WHEN = datetime(2024, 5, 3, 10, 30)

KOWALSKI = SourceIdentity("Jan Kowalski", ("Kowalski", "J. K."), ("jan.k@example.pl",))
MUELLER = SourceIdentity("Jürgen Müller", ("Jürgen",))
NAMES = ["Jan Kowalski", "Kowalski", "J. K.", "jan.k@example.pl", "Jürgen Müller", "Jürgen"]


def draft(title: str, body: str = "", summary: str = "", **kw: object) -> NoteDraft:
    return NoteDraft(NoteKind.INTERVIEW, title, WHEN, body=body, summary=summary, **kw)  # type: ignore[arg-type]


def assert_nothing_leaked(vault: Vault, names: list[str]) -> None:
    key = data_key_of(vault)
    path = vault.path
    vault.close()
    assert leaked_names(path, key, names) == []


def test_no_registered_name_anywhere_after_saves_edits_imports_and_registration(
    desk_vault: DeskVault,
) -> None:
    vault = desk_vault.open(Role.LEAD)
    desk = Desk(vault)
    # Written before anyone is registered: the names are still plain text here.
    early = desk.add_note(
        draft(
            "Coffee with Jan Kowalski",
            "Kowalski's team buys voter files.\nMail jan.k@example.pl, or ask Jürgen\nMüller.",
            "Jan Kowalski on data brokers",
            tags=("Kowalski leak", "geotargeting"),
        )
    )
    event = desk.add_event(
        EventKind.CHANCE_ENCOUNTER, "Lunch with Jürgen Müller", organiser="Jürgen"
    )
    org = desk.add_organisation("Kowalski Consulting", aliases=("JK Data", "Kowalski & Partner"))
    # Registration rewrites all of that in one go.
    kowalski = desk.register_source(KOWALSKI, "sales lead, like Jürgen Müller", org.id)
    mueller = desk.register_source(MUELLER, "analyst")
    # Saves and edits after registration.
    later = desk.add_note(
        draft(
            "KOWALSKI and Jürgen Müller’s pitch",
            "Jan\nKowalski said: [we sell everything]. J. K. agreed.",
            event_id=event.id,
            organisation_ids=(org.id,),
        )
    )
    desk.update_note(
        later.note.id,
        draft("Edited: Jan Kowalski again", "Jürgen Müller's note, edited", tags=("Jürgen",)),
    )
    desk.import_jsonl(
        [
            json.dumps(
                {
                    "kind": "booth",
                    "title": "Imported: Jan Kowalski",
                    "body": "[[team: Jürgen Müller said so]] and Kowalski too",
                    "summary": "Jürgen",
                    "event": "Booth of Jan Kowalski",
                    "organisations": ["Jürgen Müller GmbH"],
                    "tags": ["Kowalski"],
                }
            )
        ]
    )
    desk.set_setting("ui.last_search", "anything")
    # A later alias: stored text holding it becomes references as well.
    desk.add_note(draft("Talked to Jasiek", "Jasiek told us about the app"))
    desk.update_source(
        desk.source(kowalski.id),
        SourceIdentity("Jan Kowalski", ("Kowalski", "J. K.", "Jasiek"), ("jan.k@example.pl",)),
    )
    assert desk.note(early.note.id).note.source_ids == tuple(sorted((kowalski.id, mueller.id)))
    assert vault.verify().ok
    assert_nothing_leaked(vault, [*NAMES, "Jasiek"])


def test_a_deleted_note_leaves_no_name_behind(desk_vault: DeskVault) -> None:
    vault = desk_vault.open(Role.LEAD)
    desk = Desk(vault)
    note = desk.add_note(draft("About Kowalski", "Kowalski said a lot"))
    desk.register_source(KOWALSKI)
    desk.delete_note(note.note.id)
    assert vault.verify().ok
    assert_nothing_leaked(vault, NAMES[:4])


@pytest.mark.parametrize(
    ("name", "aliases", "text", "mentions"),
    [
        ("Jürgen Müller", (), "JUERGEN MUELLER said; later Jürgen Müller’s deck", 2),
        ("Jürgen Strauß", (), "Mr JÜRGEN STRAUSS and Jürgen Strauss' plan", 2),
        (
            "Małgorzata Wiśniewska",
            ("Gosia",),
            "Malgorzata Wisniewska (gosia) and MAŁGORZATA WIŚNIEWSKA",
            3,
        ),
        ("Γιώργος Παπαδόπουλος", (), "ΓΙΏΡΓΟΣ ΠΑΠΑΔΌΠΟΥΛΟΣ και Γιωργος Παπαδοπουλος", 2),
        ("Дмитрий Иванов", (), "ДМИТРИЙ ИВАНОВ сказал, Дмитрий Иванов", 2),
        ("İsmail Yıldız", (), "ISMAIL YILDIZ, ismail yıldız and İSMAİL YILDIZ", 3),
        ("Jan Kowalski", (), "Jan\nKowalski at the booth; jan   kowalski later", 2),
        ("Seán O’Brien", (), "Sean O'Brien's slides and SEÁN O’BRIEN’s", 2),
    ],
)
def test_unicode_names_end_to_end(
    desk_vault: DeskVault, name: str, aliases: tuple[str, ...], text: str, mentions: int
) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        source = desk.register_source(SourceIdentity(name, aliases))
        view = desk.note(desk.add_note(draft("t", text)).note.id)
        assert view.note.body.count(source.pseudonym) == mentions
        assert len(view.refs) == mentions
        assert all(view.note.body[r.start : r.end] == source.pseudonym for r in view.refs)
        assert fold(name) not in fold(view.note.body)
        assert desk.note(view.note.id, reveal=True).note.body == text
        assert view.note.source_ids == (source.id,)
        key, path = data_key_of(vault), vault.path
    assert leaked_names(path, key, [name, *aliases]) == []


def test_possessives_keep_their_ending_and_longer_words_are_untouched(
    desk_vault: DeskVault,
) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        p = desk.register_source(SourceIdentity("Jan Kowalski", ("Jan",))).pseudonym
        text = "Jan's pitch, Jan’s deck, January, Janet and Janek; Kowalskiego; Jan-Kowalski."
        view = desk.add_note(draft("t", text))
        # A diminutive (Janek) and a case form (Kowalskiego) are derived variants of the
        # registered name (issue 11): they are the source too. Longer words stay.
        assert view.note.body == (
            f"{p}'s pitch, {p}’s deck, January, Janet and {p}; {p}; {p}."
        )
        assert desk.note(view.note.id, reveal=True).note.body == text


def test_names_in_title_summary_and_marks_are_pseudonymised_and_marks_survive(
    desk_vault: DeskVault,
) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        p = desk.register_source(KOWALSKI).pseudonym
        body = "Before. Jan Kowalski said the lists come from Kowalski's old firm. After."
        start = body.index("Jan")
        end = body.index(" After")
        view = desk.add_note(
            draft("Jan Kowalski", body, "Summary: J. K.", marks=(Mark(start, end, MarkLevel.TEAM),))
        )
        note = view.note
        assert (note.title, note.summary) == (p, f"Summary: {p}")
        (mark,) = note.marks
        assert note.body[mark.start : mark.end] == f"{p} said the lists come from {p}'s old firm."
        revealed = desk.note(note.id, reveal=True).note
        assert (revealed.title, revealed.summary, revealed.body) == (
            "Jan Kowalski", "Summary: J. K.", body,
        )  # fmt: skip
        assert revealed.marks == (Mark(start, end, MarkLevel.TEAM),)


def test_text_that_looks_like_a_stored_reference_stays_text(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        source = desk.register_source(KOWALSKI)
        fake = f"\ue000{source.id}\ue0010\ue002 and \ue003internal\ue004x\ue005"
        view = desk.add_note(draft("t", fake))
        assert view.note.body == fake
        assert view.note.source_ids == ()
        assert desk.note(view.note.id, reveal=True).note.body == fake


def test_an_edit_that_keeps_references_keeps_the_original_spelling(desk_vault: DeskVault) -> None:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        p = desk.register_source(KOWALSKI).pseudonym
        view = desk.add_note(draft("t", "I met KOWALSKI today."))
        edited = "Yesterday " + view.note.body
        shift = len("Yesterday ")
        kept = tuple(
            type(r)(r.start + shift, r.end + shift, r.source_id, r.surface) for r in view.refs
        )
        new = desk.update_note(
            view.note.id, draft("t", edited, kept_refs=kept, source_ids=view.explicit_source_ids)
        )
        assert new.note.body == f"Yesterday I met {p} today."
        assert desk.note(view.note.id, reveal=True).note.body == "Yesterday I met KOWALSKI today."
        # Without kept references, the pseudonym pasted back is still a mention of the source.
        again = desk.update_note(view.note.id, draft("t", new.note.body))
        assert again.note.source_ids == new.note.source_ids
        assert desk.note(view.note.id, reveal=True).note.body == f"Yesterday I met {p} today."


# --- property: random text with registered names -----------------------------------------

REGISTERED = [
    SourceIdentity("Anna Schmidt", ("Annie",)),
    SourceIdentity("Łukasz Żółkiewski", ("Łukasz Ż.",)),
    SourceIdentity("Νίκος Αλεξίου", ()),
    SourceIdentity("Ольга Петрова", ("Оля",)),
    SourceIdentity("Ayşe Işık", ()),
]
ALL_NAMES = [n for identity in REGISTERED for n in identity.names()]

_SEPARATORS = st.sampled_from([" ", "\n", ", ", ". ", " (", ") ", " — ", "\n\n", "'s ", "’s "])
_FILLER = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",), blacklist_characters="\x00", max_codepoint=0xFFFF
    ),
    max_size=20,
)
_CASE = st.sampled_from([str, str.upper, str.lower])


@st.composite
def texts_with_names(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        parts.append(draw(_FILLER))
        parts.append(draw(_SEPARATORS))
        parts.append(draw(_CASE)(draw(st.sampled_from(ALL_NAMES))))
        parts.append(draw(_SEPARATORS))
    parts.append(draw(_FILLER))
    return "".join(parts)


@pytest.fixture(scope="module")
def property_vault(tmp_path_factory: pytest.TempPathFactory) -> object:
    from desk_support import DESK_LEAD

    from influence_desk import crypto

    vault = Vault.create(
        tmp_path_factory.mktemp("prop") / "p", label="L", passphrase=DESK_LEAD,
        kdf=crypto.floor_params(),
    )  # fmt: skip
    desk = Desk(vault)
    for identity in REGISTERED:
        desk.register_source(identity, consent=Consent.ANONYMOUS)
    yield desk
    vault.close()


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(title=texts_with_names(), body=texts_with_names(), summary=texts_with_names())
def test_property_no_registered_name_is_stored_and_reveal_round_trips(
    property_vault: Desk, title: str, body: str, summary: str
) -> None:
    desk = property_vault
    if not title.strip():
        title = "x" + title
    view = desk.add_note(draft(title, body, summary))
    store = desk.store
    row = store.note_row(view.note.id)
    assert row is not None
    fts = store._exec(
        "SELECT title, summary, body FROM notes_fts WHERE rowid = ?", (row.nid,)
    ).fetchone()
    stored = fold(" ".join([row.title, row.summary, row.body, *map(str, fts)]))
    for name in ALL_NAMES:
        assert fold(name) not in stored
    revealed = desk.note(view.note.id, reveal=True).note
    assert (revealed.title, revealed.summary, revealed.body) == (title, summary, body)


def test_the_leak_check_itself_finds_a_name_that_is_not_registered(desk_vault: DeskVault) -> None:
    """Control: the direct database read would see a name if one were stored."""
    vault = desk_vault.open(Role.LEAD)
    Desk(vault).add_note(draft("Coffee with Jan Kowalski", "Kowalski's team", tags=("Kowalski",)))
    key, path = data_key_of(vault), vault.path
    vault.close()
    assert leaked_names(path, key, ["Jan Kowalski", "Kowalski"]) == ["Jan Kowalski", "Kowalski"]


def test_registration_finds_names_split_by_marks_or_next_to_escaped_characters(
    desk_vault: DeskVault,
) -> None:
    vault = desk_vault.open(Role.LEAD)
    desk = Desk(vault)
    body = "Kowalski sold it.\ue000Kowalski\ue00f and again Kowalski."
    half = Mark(2, 12, MarkLevel.INTERNAL)  # from inside the name to after it
    note = desk.add_note(draft("t", body, marks=(half,)))
    p = desk.register_source(KOWALSKI).pseudonym
    view = desk.note(note.note.id)
    assert view.note.body == f"{p} sold it.\ue000{p}\ue00f and again {p}."
    (mark,) = view.note.marks
    assert mark.start == 0  # widened so that it never cuts a reference in two
    revealed = desk.note(note.note.id, reveal=True).note
    assert revealed.body == body
    assert_nothing_leaked(vault, ["Kowalski"])
