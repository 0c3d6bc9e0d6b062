"""The stored text format: exact round trips, safety against look-alike user text, hostile
stored strings, mark normalisation, re-encoding after an edit, and the inline mark syntax."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from influence_desk.errors import BadInput, VaultDamaged
from influence_desk.model import Mark, MarkLevel
from influence_desk.textformat import (
    RefPart,
    RefSpan,
    TextPart,
    decode,
    encode,
    format_inline,
    normalise_marks,
    parse_inline,
    plain_for_index,
    render,
    source_ids_in,
    surfaces_namer,
)

INTERNAL, TEAM = MarkLevel.INTERNAL, MarkLevel.TEAM
RESERVED = "".join(chr(c) for c in range(0xE000, 0xE010))
PSEUDONYMS = {"s1": "Amber Heron", "s2": "S-014", "s3": "Quiet Lynx"}


def by_pseudonym(source_id: str, _index: int) -> str:
    return PSEUDONYMS[source_id]


# --- strategies ----------------------------------------------------------------------------

chars = st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(RESERVED + "[]\\:\n -’'"),
)
texts = st.text(alphabet=chars, max_size=120)


@st.composite
def text_with_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]], list[Mark]]:
    text = draw(texts)
    n = len(text)
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=8)))
    matches = []
    prev = 0
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if a >= prev and b > a:
            matches.append((a, b, draw(st.sampled_from(sorted(PSEUDONYMS)))))
            prev = b
    marks = [
        Mark(min(a, b), max(a, b), draw(st.sampled_from([INTERNAL, TEAM])))
        for a, b in draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), max_size=5))
    ]
    return text, matches, marks


# --- round trips ---------------------------------------------------------------------------


@settings(max_examples=400, deadline=None)  # (no deadline: timing on a loaded machine is no result)
@given(text_with_spans())
def test_render_with_surfaces_gives_back_the_exact_text_and_marks(
    case: tuple[str, list[tuple[int, int, str]], list[Mark]],
) -> None:
    text, matches, marks = case
    stored, surfaces = encode(text, marks, matches)
    rendered = render(stored, surfaces_namer(surfaces))
    assert rendered.text == text
    assert rendered.marks == normalise_marks(marks, len(text), [(s, e) for s, e, _ in matches])
    assert [(r.start, r.end, r.source_id) for r in rendered.refs] == matches


@settings(max_examples=300, deadline=None)
@given(text_with_spans())
def test_stored_text_holds_no_surface_and_pseudonym_view_holds_pseudonyms(
    case: tuple[str, list[tuple[int, int, str]], list[Mark]],
) -> None:
    text, matches, marks = case
    stored, surfaces = encode(text, marks, matches)
    view = render(stored, by_pseudonym)
    for ref in view.refs:
        assert view.text[ref.start : ref.end] == PSEUDONYMS[ref.source_id]
    # Outside the references the view is the user's text, piece by piece.
    pieces, prev = [], 0
    for s, e, _ in matches:
        pieces.append(text[prev:s])
        prev = e
    pieces.append(text[prev:])
    view_pieces, prev = [], 0
    for ref in view.refs:
        view_pieces.append(view.text[prev : ref.start])
        prev = ref.end
    view_pieces.append(view.text[prev:])
    assert view_pieces == pieces
    # One sealed surface per distinct spelling; the stored string holds only ids and indices.
    assert surfaces == list(dict.fromkeys(text[s:e] for s, e, _ in matches))
    # The only text in the stored string is the user's text outside the references.
    kept_text = "".join(p.text for p in decode(stored).parts if isinstance(p, TextPart))
    assert kept_text == "".join(pieces)


@settings(max_examples=300, deadline=None)
@given(text_with_spans())
def test_reencoding_an_unedited_view_is_the_identity(
    case: tuple[str, list[tuple[int, int, str]], list[Mark]],
) -> None:
    text, matches, marks = case
    stored, surfaces = encode(text, marks, matches)
    view = render(stored, by_pseudonym)
    assert encode(view.text, view.marks, kept=view.refs, old_surfaces=surfaces) == (
        stored,
        surfaces,
    )


@settings(max_examples=300, deadline=None)
@given(text_with_spans(), st.data())
def test_an_edit_in_the_pseudonym_view_keeps_the_real_names_behind_the_references(
    case: tuple[str, list[tuple[int, int, str]], list[Mark]], data: st.DataObject
) -> None:
    text, matches, marks = case
    stored, surfaces = encode(text, marks, matches)
    view = render(stored, by_pseudonym)
    # The user types somewhere outside a reference in the pseudonym view.
    where = data.draw(st.integers(0, len(view.text)))
    assume(not any(r.start < where < r.end for r in view.refs))
    typed = data.draw(texts)
    edited = view.text[:where] + typed + view.text[where:]
    shift = len(typed)
    refs = [
        RefSpan(r.start + shift, r.end + shift, r.source_id, r.surface) if r.start >= where else r
        for r in view.refs
    ]
    new_stored, new_surfaces = encode(edited, (), kept=refs, old_surfaces=surfaces)
    # Where the edit went in the original text: the same place relative to the references.
    before = sum(1 for r in view.refs if r.end <= where)
    orig_where = where + sum(
        (e - s) - len(PSEUDONYMS[sid]) for s, e, sid in matches[:before]
    )
    expected = text[:orig_where] + typed + text[orig_where:]
    assert render(new_stored, surfaces_namer(new_surfaces)).text == expected


def test_a_dropped_reference_drops_its_surface() -> None:
    stored, surfaces = encode("Smith met Jones.", (), [(0, 5, "s1"), (10, 15, "s2")])
    view = render(stored, by_pseudonym)
    edited = view.text[view.refs[0].end :]  # the user deleted "Amber Heron"
    refs = [RefSpan(r.start - view.refs[0].end, r.end - view.refs[0].end, r.source_id, r.surface)
            for r in view.refs[1:]]
    new_stored, new_surfaces = encode(edited, (), kept=refs, old_surfaces=surfaces)
    assert new_surfaces == ["Jones"]
    assert render(new_stored, surfaces_namer(new_surfaces)).text == " met Jones."


# --- safety --------------------------------------------------------------------------------


def test_user_text_that_looks_like_a_reference_never_becomes_one() -> None:
    fake = "\ue000s1\ue0010\ue002 and \ue003internal\ue004x\ue005 and \ue00f0"
    stored, surfaces = encode(fake)
    assert surfaces == []
    assert decode(stored).parts and not any(isinstance(p, RefPart) for p in decode(stored).parts)
    rendered = render(stored, by_pseudonym)
    assert rendered == render(stored, surfaces_namer([]))
    assert rendered.text == fake and rendered.marks == () and rendered.refs == ()


def test_the_same_name_written_twice_is_one_surface() -> None:
    stored, surfaces = encode("Smith, SMITH, Smith", (), [(0, 5, "s1"), (7, 12, "s1"),
                                                          (14, 19, "s1")])
    assert surfaces == ["Smith", "SMITH"]
    assert "Smith" not in stored and "SMITH" not in stored
    assert source_ids_in(stored) == ["s1"]


@pytest.mark.parametrize(
    "stored",
    [
        "\ue000",  # unterminated reference
        "\ue000s1\ue002",  # no surface index
        "\ue000s1\ue001\ue002",  # empty index
        "\ue000s1\ue00101\ue002",  # leading zero
        "\ue000\ue0010\ue002",  # empty source id
        "\ue000s1\ue001x\ue002",  # not a number
        "\ue003secret\ue004x\ue005",  # unknown level
        "\ue003team\ue004x",  # mark never closed
        "x\ue005",  # close without open
        "\ue003team\ue004\ue005",  # empty mark
        "\ue003team\ue004\ue003team\ue004x\ue005\ue005",  # nested marks
        "\ue00f",  # escape at the end
        "\ue00fG",  # escape of nothing reserved
        "a\ue006b",  # unassigned reserved code point
    ],
)
def test_damaged_stored_strings_are_reported(stored: str) -> None:
    with pytest.raises(VaultDamaged):
        decode(stored)
    with pytest.raises(VaultDamaged):
        render(stored, by_pseudonym)


def test_reference_past_the_sealed_names_is_damage_not_a_crash() -> None:
    stored, _ = encode("Smith", (), [(0, 5, "s1")])
    with pytest.raises(VaultDamaged):
        render(stored, surfaces_namer([]))


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(RESERVED + "s10 9internalteam\n"), max_size=40))
def test_hostile_stored_strings_raise_only_vault_damaged(stored: str) -> None:
    try:
        rendered = render(stored, surfaces_namer(["a", "b"]))
    except VaultDamaged:
        return
    # Whatever decodes is well formed: it re-encodes and renders to the same view.
    again, surfaces = encode(rendered.text, rendered.marks, kept=rendered.refs,
                             old_surfaces=["a", "b"])
    assert render(again, surfaces_namer(surfaces)) == rendered


# --- marks ---------------------------------------------------------------------------------


def test_overlapping_and_adjacent_marks_of_one_level_merge() -> None:
    marks = [Mark(0, 4, TEAM), Mark(2, 6, TEAM), Mark(6, 8, TEAM)]
    assert normalise_marks(marks, 10) == (Mark(0, 8, TEAM),)


def test_stricter_level_wins_where_levels_overlap() -> None:
    marks = [Mark(0, 10, TEAM), Mark(3, 5, INTERNAL)]
    assert normalise_marks(marks, 10) == (
        Mark(0, 3, TEAM), Mark(3, 5, INTERNAL), Mark(5, 10, TEAM)
    )


def test_a_mark_boundary_inside_a_reference_covers_the_whole_reference() -> None:
    text = "Anna Schmidt said yes."
    stored, surfaces = encode(text, [Mark(5, 17, INTERNAL)], [(0, 12, "s1")])
    view = render(stored, by_pseudonym)
    assert view.text == "Amber Heron said yes."
    assert view.marks == (Mark(0, 16, INTERNAL),)
    assert render(stored, surfaces_namer(surfaces)).marks == (Mark(0, 17, INTERNAL),)


def test_marks_are_clipped_to_the_text_and_empty_ones_vanish() -> None:
    assert normalise_marks([Mark(-3, 2, TEAM), Mark(4, 4, INTERNAL), Mark(8, 99, TEAM)], 10) == (
        Mark(0, 2, TEAM), Mark(8, 10, TEAM)
    )


def test_overlapping_references_are_refused() -> None:
    with pytest.raises(BadInput):
        encode("Anna Schmidt", (), [(0, 12, "s1"), (5, 12, "s2")])
    with pytest.raises(BadInput):
        encode("Anna", (), [(0, 9, "s1")])
    with pytest.raises(BadInput):
        encode("Anna", (), [(0, 4, "s\ue0001")])


def test_plain_for_index_has_pseudonyms_and_marked_text_but_no_real_name() -> None:
    stored, _ = encode("Schmidt told me the price.", [Mark(16, 25, INTERNAL)], [(0, 7, "s2")])
    assert plain_for_index(stored, lambda sid: PSEUDONYMS[sid]) == "S-014 told me the price."


# --- inline syntax -------------------------------------------------------------------------


def test_inline_marks_are_parsed() -> None:
    text, marks = parse_inline("Paid [[internal: 40k EUR]] via [[team:the broker]].")
    assert text == "Paid 40k EUR via the broker."
    assert marks == (Mark(5, 12, INTERNAL), Mark(17, 27, TEAM))


def test_inline_escapes() -> None:
    assert parse_inline(r"a \[[b]] c") == ("a [[b]] c", ())
    assert parse_inline(r"path C:\temp and \\[[team: x]]") == ("path C:\\temp and \\x", (
        Mark(18, 19, TEAM),
    ))
    assert format_inline("[[x]]") == r"\[[x]]"
    assert format_inline("a]]b", [Mark(0, 4, TEAM)]) == r"[[team: a\]]b]]"


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("[[secret: x]]", "[[internal:"),
        ("[[ internal: x]]", "[[internal:"),
        ("[[internal: x", "never closed"),
        ("[[internal: [[team: x]] ]]", "nested"),
        ("a [[b]] c", "[[internal:"),
    ],
)
def test_bad_inline_marks_are_refused_with_one_sentence(source: str, fragment: str) -> None:
    with pytest.raises(BadInput) as err:
        parse_inline(source)
    message = str(err.value)
    assert fragment in message and message.endswith(".") and message.count(". ") == 0


@st.composite
def text_with_marks(draw: st.DrawFn) -> tuple[str, list[Mark]]:
    text = draw(st.text(alphabet=st.sampled_from("ab [[]]\\\\:\n"), max_size=40) | texts)
    n = len(text)
    pairs = draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), max_size=4))
    return text, [
        Mark(min(a, b), max(a, b), draw(st.sampled_from([INTERNAL, TEAM]))) for a, b in pairs
    ]


@settings(max_examples=500, deadline=None)
@given(text_with_marks())
def test_format_then_parse_gives_back_text_and_marks(case: tuple[str, list[Mark]]) -> None:
    text, marks = case
    assert parse_inline(format_inline(text, marks)) == (text, normalise_marks(marks, len(text)))


inline_tokens = st.sampled_from(
    ["[[internal: ", "[[team:", "]]", "[", "]", "\\", "a", " ", "\\[[", "x\n", "[[TEAM: "]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(inline_tokens, max_size=12).map("".join))
def test_parse_then_format_is_stable(source: str) -> None:
    try:
        parsed = parse_inline(source)
    except BadInput:
        return
    assert parse_inline(format_inline(*parsed)) == parsed
