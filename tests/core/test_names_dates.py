"""A given name that is also a month ("Jan", "May", "Mai") is left alone in a date, and a
name part inside a longer word ("Janus" for Jan) is not a mention; a given name alone in a
sentence ("spoke to Jan") still is (DESIGN §5a: on by default). Checked in the stored text
and in a team brief read back with pypdf (the gate reads with poppler and PDFium)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pypdf
import pytest

from influence_desk.desk import Desk, NoteDraft
from influence_desk.export.service import run_export
from influence_desk.model import Consent, NoteKind, SourceIdentity
from influence_desk.pseudonyms import NameMatcher
from influence_desk.vault.vault import Vault

JAN = SourceIdentity("Jan Novák", (), ())
MAI = SourceIdentity("Mai Nguyen", (), ())
JUNE = SourceIdentity("June Fischer", (), ())


def found(text: str, *identities: SourceIdentity) -> list[str]:
    matcher = NameMatcher([(f"s{i}", ident) for i, ident in enumerate(identities or (JAN,))])
    return [text[m.start : m.end] for m in matcher.find(text)]


@pytest.mark.parametrize("text", [
    "We met on 12 Jan 2026 at the fair.",
    "Invoice dated 12. Jan. 2026.",
    "The Jan 2026 report is out.",
    "Signed Jan. 5, 2026 in Prague.",
    "See you on 3rd Jan.",
    "Deadline: JAN 2026",
])  # fmt: skip
def test_the_month_in_a_date_is_not_jan(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize("text", [
    "Later I spoke to Jan about the tender.",
    "Jan said the list costs more.",
    "I told Jan 12 things about it.",  # a number after it is not a date by itself
])  # fmt: skip
def test_jan_alone_in_a_sentence_is_still_a_mention(text: str) -> None:
    assert found(text) == ["Jan"]


def test_a_date_next_to_the_whole_name_keeps_the_name() -> None:
    # "12 Jan Novák": the month word is joined to the surname, so it is the name.
    assert found("Minutes of 12 Jan Novák's call.") == ["Jan Novák"]
    assert found("Jan Novák came on 12 Jan 2026.") == ["Jan Novák"]


def test_a_word_that_starts_with_a_case_form_is_not_a_mention() -> None:
    # "Janu" is the Czech dative of Jan; "Janus" is not its genitive.
    assert found("A Janus-faced vendor, said Janus.") == []
    assert found("Janu to řekl.") == ["Janu"]
    # The German genitive of the surname alone is still read ("Nováks Büro").
    assert found("Nováks Büro war leer.") == ["Novák"]


def test_other_languages_and_other_month_names() -> None:
    assert found("Am 1. Mai 2026 kam Mai zu spät.", MAI) == ["Mai"]
    assert found("On 3 June 2026 June Fischer spoke.", JUNE) == ["June Fischer"]
    assert found("Meet me on June 3rd, said Ms June.", JUNE) == ["Ms June"]


WHEN = datetime(2026, 1, 12, 10, 0)


def team_brief_text(desk: Desk, tmp_path: Path, body: str) -> str:
    desk.add_note(NoteDraft(NoteKind.DESK, "Tender", WHEN, body=body))
    out = tmp_path / "team.pdf"
    run_export(desk, "team", out)
    reader = pypdf.PdfReader(str(out))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in reader.pages))


def test_dates_and_longer_words_reach_the_team_brief(lead_vault: Vault, tmp_path: Path
                                                     ) -> None:  # fmt: skip
    desk = Desk(lead_vault)
    desk.register_source(JAN, "procurement officer", None, Consent.ANONYMOUS)
    text = team_brief_text(
        desk, tmp_path,
        "We met on 12 Jan 2026. A Janus-faced offer. Later I spoke to Jan about it.",
    )
    assert "12 Jan 2026" in text
    assert "Janus-faced" in text
    assert "spoke to" in text
    assert not re.search(r"\bJan\b(?! 2026)", text), "the given name alone is readable"
    assert "Novák" not in text and "Novak" not in text
