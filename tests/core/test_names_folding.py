"""The fold (DESIGN §5a): spellings a reader takes for the same name fold to one string, and
a match in the folded copy maps back to exactly the characters of the mention."""

from __future__ import annotations

import pytest

from influence_desk.names.folding import fold
from influence_desk.pseudonyms import NameMatcher

MATCHER = NameMatcher([("k", ["Katarzyna Wiśniewska", "Kasia"])])


@pytest.mark.parametrize(
    "spelling",
    [
        "Ｋａｔａｒｚｙｎａ Ｗｉśｎｉｅｗｓｋａ",  # fullwidth
        "ᴋᴀᴛᴀʀᴢʏɴᴀ ᴡɪśɴɪᴇᴡsᴋᴀ",  # small capitals
        "ᴷatarzyna Wiśniewska",  # a superscript letter
        "𝐊atarzyna Wiśniewska",  # a mathematical bold letter
        "Katarzyna Wiśniеwska",  # Cyrillic е
        "Кatarzyna Wiśniewska",  # Cyrillic К
        "Katarzyna Wiśni\u0435wsk\u0430",  # two Cyrillic letters
        "Kαtarzynα Wiśniewska",  # Greek α
        "ΚATARZYNA WIŚNIEWSKA",  # Greek capital kappa
        "Kata\u200brzyna Wiś\u200dniewska",  # zero-width space and joiner
        "Katar\u00adzyna Wiśniewska",  # soft hyphen
        "\u2067Katarzyna\u2069 Wiśniewska",  # bidi isolate controls
        "Katarzyna Wiśniew\U000e0041ska",  # a tag character
        "Katarzyna W\u3164iśniewska",  # a Hangul filler (default-ignorable, category Lo)
        "Katarzyna Wis\u0301niewska",  # decomposed accent
        "KATARZYNA WISNIEWSKA",
    ],
)
def test_look_alike_and_invisible_spellings_are_the_registered_name(spelling: str) -> None:
    text = f"Rozmowa z {spelling}, wczoraj."
    found = [(text[m.start : m.end], m.source_id) for m in MATCHER.find(text)]
    # An invisible character before the name is left as text; one inside it is part of it.
    assert found == [(spelling.lstrip("\u2067"), "k")]


def test_fold_of_look_alikes_ignores_case() -> None:
    # Greek capitals and small letters look like different Latin letters (Ν/ν, Υ/υ): the
    # fold still gives one string for every case of a Greek name.
    greek = fold("Γιώργος Παπαδόπουλος")
    assert fold("ΓΙΏΡΓΟΣ ΠΑΠΑΔΌΠΟΥΛΟΣ") == greek == fold("γιωργος παπαδοπουλος")
    assert fold("ДМИТРИЙ ИВАНОВ") == fold("Дмитрий Иванов")
    assert fold("Wiśniеwska") == fold("Wisniewska") == "wisniewska"


def test_ordinary_cyrillic_and_greek_words_do_not_become_a_latin_name() -> None:
    # Only a name that looks the same is matched, not a word in another script.
    text = "Вчера в Варшаве. Η Κασσάνδρα είπε. Касса закрыта."
    assert MATCHER.find(text) == []
