"""Name matching (what gets replaced by a reference) and pseudonym generation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from influence_desk.errors import BadInput
from influence_desk.model import Mark, MarkLevel, PseudonymStyle
from influence_desk.pseudonyms import (
    ADJECTIVES,
    EXAMPLES,
    NOUNS,
    Match,
    NameMatcher,
    fold,
    generate_pseudonym,
    pseudonymise,
    repseudonymise,
)
from influence_desk.textformat import TextPart, decode, render, surfaces_namer

SOURCES = [
    ("s-anna", ["Anna Schmidt"]),
    ("s-lukasz", ["Łukasz Wiśniewski", "Wiśniewski"]),
    ("s-giorgos", ["Γιώργος Παπαδόπουλος"]),
    ("s-dmitry", ["Дмитрий Иванов"]),
    ("s-ismail", ["İsmail Yıldız"]),
    ("s-strauss", ["Hans Strauß"]),
    ("s-mueller", ["Müller"]),
    ("s-jeanluc", ["Jean-Luc Picard"]),
    ("s-smith", ["Smith", "O'Brien"]),
    ("s-ann", ["Ann"]),
    ("s-double", ["Schmidt-Müller"]),
]
MATCHER = NameMatcher(SOURCES)
PSEUDONYM = {sid: f"Pseudo{i:02d}" for i, (sid, _) in enumerate(SOURCES)}


def found(text: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.source_id) for m in MATCHER.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Met Anna Schmidt today.", "Anna Schmidt"),
        ("MÜLLER said no.", "MÜLLER"),
        ("Mueller said no.", "Mueller"),
        ("Muller said no.", "Muller"),
        ("Hans Strauss came.", "Hans Strauss"),
        ("HANS STRAUSS came.", "HANS STRAUSS"),
        ("hans strauß came.", "hans strauß"),
        ("Lukasz Wisniewski called.", "Lukasz Wisniewski"),
        ("ŁUKASZ WIŚNIEWSKI called.", "ŁUKASZ WIŚNIEWSKI"),
        ("Ο ΓΙΏΡΓΟΣ ΠΑΠΑΔΌΠΟΥΛΟΣ είπε.", "ΓΙΏΡΓΟΣ ΠΑΠΑΔΌΠΟΥΛΟΣ"),
        ("Ο Γιωργος Παπαδοπουλος είπε.", "Γιωργος Παπαδοπουλος"),
        ("Сказал ДМИТРИЙ ИВАНОВ.", "ДМИТРИЙ ИВАНОВ"),
        ("Dixit ISMAIL YILDIZ.", "ISMAIL YILDIZ"),
        ("Dixit ismail yıldız.", "ismail yıldız"),
        ("Dixit İSMAİL YILDIZ.", "İSMAİL YILDIZ"),
        ("Dixit Ismail Yildiz.", "Ismail Yildiz"),
    ],
)
def test_case_diacritics_turkish_and_sharp_s_are_folded(text: str, expected: str) -> None:
    assert [t for t, _ in found(text)] == [expected]


@pytest.mark.parametrize(
    "text",
    ["Anna\nSchmidt", "Anna  Schmidt", "Anna \r\n   Schmidt", "Anna\u00a0Schmidt", "Anna\tSchmidt"],
)
def test_names_across_line_breaks_and_space_runs(text: str) -> None:
    assert found(f"Notes: {text}, booth 4.") == [(text, "s-anna")]


@pytest.mark.parametrize(
    "text", ["Jean-Luc Picard", "Jean Luc Picard", "Jean‐Luc Picard", "Jean–Luc Picard",
             "Jean-\nLuc Picard", "Jean‑Luc Picard"],
)
def test_hyphen_variants(text: str) -> None:
    assert found(f"({text})") == [(text, "s-jeanluc")]


def test_hyphenated_line_break_inside_a_double_name_and_inside_a_word() -> None:
    assert found("per Schmidt-\nMüller.") == [("Schmidt-\nMüller", "s-double")]
    assert found("Łukasz Wiś-\nniewski wrote.") == [("Łukasz Wiś-\nniewski", "s-lukasz")]
    assert found("Łukasz Wiś\u00ad\n  niewski") == [("Łukasz Wiś\u00ad\n  niewski", "s-lukasz")]
    assert found("Anna Sch-\nmidt and Anna Schmidt-\nMüller") == [
        ("Anna Sch-\nmidt", "s-anna"), ("Schmidt-\nMüller", "s-double")
    ]


@pytest.mark.parametrize(
    ("text", "surface"),
    [("Smith's deal", "Smith"), ("Smith’s deal", "Smith"), ("the Smiths' deal", "Smith"),
     ("O’Brien's deal", "O’Brien"), ("Müllers Firma", "Müller")],
)
def test_possessives_leave_the_ending_as_text(text: str, surface: str) -> None:
    (match,) = MATCHER.find(text)
    assert text[match.start : match.end] == surface
    stored, _ = pseudonymise(text, (), MATCHER)
    view = render(stored, lambda sid, _i: PSEUDONYM[sid])
    assert view.text == text.replace(surface, PSEUDONYM[match.source_id], 1)


@pytest.mark.parametrize(
    "text",
    ["Annual report", "Annabel was there", "Joanna said", "ANNALS", "Smithson", "blacksmith",
     "Anne", "Wiśniewskiego", "smiths are craftsmen"],
)
def test_names_inside_longer_words_are_left_alone(text: str) -> None:
    assert found(text) == []


def test_longest_mention_wins_and_matches_do_not_overlap() -> None:
    matcher = NameMatcher([("a", ["Anna"]), ("b", ["Anna Maria Schmidt"]), ("c", ["Maria"])])
    text = "Anna Maria Schmidt, then Anna and Maria."
    assert [(text[m.start : m.end], m.source_id) for m in matcher.find(text)] == [
        ("Anna Maria Schmidt", "b"), ("Anna", "a"), ("Maria", "c")
    ]


def test_decomposed_accents_and_invisible_characters_are_seen_through() -> None:
    text = "Wis\u0301niewski, Anna\u200b Schmidt and Anna Sch\u00admidt!"
    assert found(text) == [
        ("Wis\u0301niewski", "s-lukasz"),
        ("Anna\u200b Schmidt", "s-anna"),
        ("Anna Sch\u00admidt", "s-anna"),
    ]


def test_spans_stay_exact_after_characters_that_change_length() -> None:
    prefix = "ﬁ 😀 한국 e\u0301 ẞ İ ǅ \u200b "  # ligature, emoji, Hangul, decomposed, …
    text = prefix * 3 + "Anna Schmidt."
    assert found(text) == [("Anna Schmidt", "s-anna")]


def test_fold_is_what_users_expect() -> None:
    assert fold("İsmail YILDIZ") == fold("ismail yıldız") == "ismail yildiz"
    assert fold("Strauß") == fold("STRAUSS") == "strauss"
    assert fold("Jean–Luc\n  Picard") == "jean luc picard"


def test_matcher_without_names_finds_nothing() -> None:
    assert NameMatcher([]).find("Anna Schmidt") == []
    assert NameMatcher([("x", ["", "  "])]).find("Anna") == []


# --- pseudonymise and the stored form ------------------------------------------------------

names = st.sampled_from([n for _, ns in SOURCES for n in ns])
spelled = st.tuples(names, st.sampled_from(["keep", "upper", "lower", "break", "plain"])).map(
    lambda t: {
        "keep": t[0],
        "upper": t[0].upper(),
        "lower": t[0].lower(),
        "break": t[0].replace(" ", "\n", 1),
        "plain": fold(t[0]) if t[0].isascii() else t[0],
    }[t[1]]
)
filler = st.text(alphabet=st.sampled_from(list("abc xyz.,;:!?()\n-'’0123")), max_size=20)


@st.composite
def note_text(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        parts.append(draw(filler))
        parts.append(" " + draw(spelled) + draw(st.sampled_from(["", "'s", "’s", ""])) + " ")
    parts.append(draw(filler))
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(note_text())
def test_stored_text_holds_no_registered_name_and_renders_back_exactly(text: str) -> None:
    stored, surfaces = pseudonymise(text, [Mark(0, len(text) // 2, MarkLevel.TEAM)], MATCHER)
    plain = "".join(p.text for p in decode(stored).parts if isinstance(p, TextPart))
    folded_plain = fold(plain)
    for _, ns in SOURCES:
        for name in ns:
            assert f" {fold(name)} " not in f" {folded_plain} "
    assert render(stored, surfaces_namer(surfaces)).text == text
    view = render(stored, lambda sid, _i: PSEUDONYM[sid])
    for ref in view.refs:
        assert view.text[ref.start : ref.end] == PSEUDONYM[ref.source_id]
    assert len(view.refs) == len(MATCHER.find(text))


def test_pseudonymise_keeps_references_while_editing() -> None:
    stored, surfaces = pseudonymise("Anna Schmidt met Smith.", (), MATCHER)
    view = render(stored, lambda sid, _i: PSEUDONYM[sid])
    edited = view.text + " Later Ann called."
    new_stored, new_surfaces = pseudonymise(
        edited, view.marks, MATCHER, kept=view.refs, old_surfaces=surfaces
    )
    assert render(new_stored, surfaces_namer(new_surfaces)).text == (
        "Anna Schmidt met Smith. Later Ann called."
    )


def test_repseudonymise_catches_a_newly_registered_name() -> None:
    before = NameMatcher([("a", ["Anna Schmidt"])])
    stored, surfaces = pseudonymise("Anna Schmidt and Karl Weber met.", (), before)
    assert repseudonymise(stored, surfaces, before) is None
    after = NameMatcher([("a", ["Anna Schmidt"]), ("k", ["Karl Weber"])])
    result = repseudonymise(stored, surfaces, after)
    assert result is not None
    new_stored, new_surfaces = result
    assert "Weber" not in new_stored and set(new_surfaces) == {"Anna Schmidt", "Karl Weber"}
    assert render(new_stored, surfaces_namer(new_surfaces)).text == (
        "Anna Schmidt and Karl Weber met."
    )


def test_match_is_a_plain_tuple_for_encode() -> None:
    assert Match(0, 3, "x") == (0, 3, "x")


# --- pseudonym generation ------------------------------------------------------------------

BLOCKED = {"mole", "rat", "canary", "pigeon", "snake", "weasel", "grass", "black", "white",
           "yellow", "red", "brown", "ape", "monkey", "pig", "loon", "booby", "tit", "cock",
           "shag", "ass", "coon", "gay", "fat", "dumb", "crazy", "nazi", "slave"}


def test_word_lists_are_big_clean_and_distinct() -> None:
    assert len(set(ADJECTIVES)) == len(ADJECTIVES) >= 100
    assert len(set(NOUNS)) == len(NOUNS) >= 100
    assert not set(ADJECTIVES) & set(NOUNS)
    assert not {w.lower() for w in (*ADJECTIVES, *NOUNS)} & BLOCKED
    assert all(w.isascii() and w.isalpha() and w[0].isupper() for w in (*ADJECTIVES, *NOUNS))


def test_codenames_are_two_words_and_unique() -> None:
    taken: set[str] = set()
    for _ in range(300):
        name = generate_pseudonym(PseudonymStyle.CODENAME, taken)
        adjective, noun = name.split(" ")
        assert adjective in ADJECTIVES and noun in NOUNS
        assert name not in taken
        taken.add(name)


def test_codes_are_random_three_digits_then_four() -> None:
    taken: set[str] = set()
    codes = [generate_pseudonym(PseudonymStyle.CODE, taken) for _ in range(20)]
    assert all(len(c) == 5 and c.startswith("S-") and c[2:].isdigit() for c in codes)
    assert codes != sorted(codes)  # random, not sequential (20 random draws are never sorted)
    taken = {f"S-{i:03d}" for i in range(1, 1000)}
    code = generate_pseudonym(PseudonymStyle.CODE, taken)
    assert len(code) == 6 and code[2:].isdigit() and int(code[2:]) >= 1000


def test_last_free_code_is_found() -> None:
    taken = {f"S-{i:03d}" for i in range(1, 1000)} - {"S-537"}
    assert generate_pseudonym(PseudonymStyle.CODE, taken) == "S-537"


def test_pseudonym_is_unique_case_insensitively_and_avoids_the_real_name() -> None:
    taken = {f"{a} {n}".upper() for a in ADJECTIVES for n in NOUNS[1:]}
    name = generate_pseudonym(PseudonymStyle.CODENAME, taken)
    assert name.endswith(NOUNS[0])
    for _ in range(200):
        name = generate_pseudonym(PseudonymStyle.CODENAME, set(), avoid=["Peter Heron"])
        assert "Heron" not in name


def test_the_examples_the_settings_show_are_never_drawn() -> None:
    # The welcome page and settings say "e.g. Amber Heron" and "e.g. S-014": a source given
    # one of those would be shown on every screenshot of the settings.
    assert set(EXAMPLES) == {"Amber Heron", "S-014"}
    taken = {f"{a} {n}" for a in ADJECTIVES for n in NOUNS} - {"Amber Heron"}
    assert generate_pseudonym(PseudonymStyle.CODENAME, taken).endswith(" 2")
    taken = {f"S-{i:03d}" for i in range(1, 1000)} - {"S-014"}
    assert len(generate_pseudonym(PseudonymStyle.CODE, taken)) == 6


def test_bad_style_is_refused() -> None:
    with pytest.raises(BadInput):
        generate_pseudonym("nickname", set())  # type: ignore[arg-type]


# --- the folded copy maps back exactly -----------------------------------------------------

any_char = st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(list("ßẞİıﬁǅ\u0301\u0308\u00ad\u200b\u200d한😀 \n\t-–’'ΣςЁё")),
)
separators = st.sampled_from([" ", "\n", ". ", ", ", " (", ") ", "\u00a0", " — ", "\t"])


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=any_char, max_size=40), separators, separators,
       st.text(alphabet=any_char, max_size=40), names)
def test_a_mention_is_found_at_its_exact_span_whatever_surrounds_it(
    before: str, sep1: str, sep2: str, after: str, name: str
) -> None:
    text = before + sep1 + name + sep2 + after
    at = len(before) + len(sep1)
    spans = [(m.start, m.end) for m in MATCHER.find(text)]
    # Another mention may swallow this one only by being longer and overlapping it.
    covering = [s for s in spans if s[0] <= at and at + len(name) <= s[1]]
    assert covering, (text, spans)
    stored, surfaces = pseudonymise(text, (), MATCHER)
    assert render(stored, surfaces_namer(surfaces)).text == text


def test_derived_names_leave_memory_with_the_last_matcher() -> None:
    """What a matcher derives from a name is shared with the other live matchers, and gone
    (not kept by any cache) once the session drops its matchers, as it does at lock."""
    import gc

    from influence_desk import pseudonyms
    from influence_desk.model import SourceIdentity
    from influence_desk.names import derived

    name = "Zdzisława Przybyszewska"  # in no other test: their matchers may still be alive
    identity = SourceIdentity(name, ("Zdzisia",), ("+48 22 765 43 21",))
    first = NameMatcher([("s1", identity)])
    second = NameMatcher([("s1", identity)])
    text = "Wczoraj Zdzisławy Przybyszewskiej nie było; Zdzisia zadzwoniła z 022 765 43 21."
    assert first.find(text) == second.find(text) != []

    def cached() -> bool:
        return any(name in map(str, key) for key in list(derived._DERIVED))

    assert cached()
    # One automaton for both, in a weak cache only.
    assert first._shared is second._shared

    def automaton_cached() -> bool:
        return any("przybyszewska" in key for keys in list(pseudonyms._Automaton._alive)
                   for key in keys)  # fmt: skip

    assert automaton_cached()
    del first, second
    gc.collect()
    assert not cached()
    assert not automaton_cached()


def test_a_long_text_read_in_pieces_gives_every_mention_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A long text is read by the automaton in pieces: a mention across the end of a piece,
    one right after it, an honorific before it and a possessive after it are found as in
    one pass, each once."""
    from influence_desk import pseudonyms
    from influence_desk.model import SourceIdentity

    matcher = NameMatcher(
        [
            ("s-kasia", SourceIdentity("Katarzyna Wiśniewska", ("Kasia",), ("+48 22 123 45 67",))),
            ("s-anna", SourceIdentity("Anna Schmidt", (), ("anna@example.org",))),
        ]
    )
    text = (
        "Pani Wiśniewska spoke; Anna Schmidt's deck, then Katarzyny Wiśniewskiej notes. "
        "Ms Schmidt called +48 22 123 45 67 and wrote to anna@example.org; Kasia too.\n"
    ) * 7
    whole = matcher.find(text)
    assert len(whole) >= 7 * 6
    for size in (1, 5, 13, 64):
        monkeypatch.setattr(pseudonyms, "_SCAN_CHARS", size)
        assert matcher.find(text) == whole, size
