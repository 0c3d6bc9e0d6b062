"""Identifier detection: what the editor highlights and what exports may remove."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from influence_desk.detect import detect_identifiers, identifier_values


def kinds_of(text: str, **kw: object) -> list[tuple[str, str]]:
    return [(d.kind, d.text) for d in detect_identifiers(text, **kw)]  # type: ignore[arg-type]


def found(text: str, kind: str) -> list[str]:
    return [d.text for d in detect_identifiers(text) if d.kind == kind]


def test_email_is_found_whole_and_not_as_a_handle() -> None:
    text = "Write to anna.schmidt+fair@voter-data.example.de, not to me."
    assert kinds_of(text, suggest_names=False) == [
        ("email", "anna.schmidt+fair@voter-data.example.de")
    ]


@pytest.mark.parametrize(
    "number",
    [
        "+49 30 1234567",
        "+33 1 42 68 53 00",
        "+44 20 7946 0958",
        "+1 212-555-0182",
        "+48 22 123 45 67",
        "+30 21 0123 4567",
        "0049 30 1234567",
        "030 12345678",  # German national form
        "01 42 68 53 00",  # French national form
        "020 7946 0958",  # UK national form
        "(212) 555-0182",  # US national form
    ],
)
def test_phone_numbers_of_several_countries(number: str) -> None:
    assert found(f"Her mobile: {number}. Call after six.", "phone") == [number]


def test_bare_digit_runs_are_not_phones_without_a_cue() -> None:
    # Any 8 digits are a valid Danish number; a reference number must not light up.
    assert found("Order ref 73688863 was invoiced; budget 12 448 961 EUR.", "phone") == []
    assert found("tel. 22 123 45 67", "phone") == ["22 123 45 67"]


def test_dates_times_and_ips_are_not_phones() -> None:
    text = "On 2024-03-15 at 10:30:00 from 10.20.30.40 we met."
    assert [d.kind for d in detect_identifiers(text)] == ["ip"]


def test_iban_with_valid_checksum_is_found_and_invalid_one_is_not() -> None:
    text = (
        "Paid to DE89 3704 0044 0532 0130 00 and GB82WEST12345698765432, "
        "not DE89 3704 0044 0532 0130 01."
    )
    assert found(text, "iban") == ["DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432"]
    assert all(d.kind != "phone" for d in detect_identifiers(text))


def test_iban_followed_by_a_word_is_cut_at_the_iban() -> None:
    assert found("IBAN PL61 1090 1014 0000 0712 1981 2874 ABC", "iban") == [
        "PL61 1090 1014 0000 0712 1981 2874"
    ]


@pytest.mark.parametrize(
    "number",
    [
        "4111 1111 1111 1111",  # Visa test card (Luhn)
        "DE136695976",  # German VAT
        "44051401359",  # Polish PESEL
        "RSSMRA85T10A562S",  # Italian codice fiscale
        "12345678Z",  # Spanish DNI
        "536-90-4399",  # US SSN
    ],
)
def test_checksummed_numbers(number: str) -> None:
    assert found(f"The id is {number} here.", "number") == [number]


def test_numbers_failing_their_checksum_are_ignored() -> None:
    text = "Card 4111 1111 1111 1112, DNI 12345678A, invoice 1234567890123."
    assert found(text, "number") == []


def test_ip_addresses_v4_and_v6() -> None:
    text = "Logs show 192.168.1.10, 2001:db8::1 and ::ffff:192.0.2.1; 999.1.1.1 is no address."
    assert found(text, "ip") == ["192.168.1.10", "2001:db8::1", "::ffff:192.0.2.1"]


def test_times_are_not_ipv6() -> None:
    assert found("Between 10:30:45 and 11:00.", "ip") == []


def test_urls_keep_their_path_and_drop_sentence_punctuation() -> None:
    text = "See https://example.com/a_(b)?q=1. Or (www.voter-data.eu), or cambridgeanalytica.org!"
    assert found(text, "url") == [
        "https://example.com/a_(b)?q=1",
        "www.voter-data.eu",
        "cambridgeanalytica.org",
    ]


def test_url_containing_an_email_and_an_ip_is_one_url() -> None:
    text = "http://10.0.0.1/login?user=a@b.example.com done"
    assert kinds_of(text) == [("url", "http://10.0.0.1/login?user=a@b.example.com")]


def test_handles_but_not_times_or_emails() -> None:
    text = "DM @jdoe_99 or @alice@mastodon.social; meet @10 or @3pm; mail x@y.org."
    assert found(text, "handle") == ["@jdoe_99", "@alice@mastodon.social"]


def test_person_suggestions_clear_positives() -> None:
    text = (
        "Yesterday Anna Schmidt and Dr. Müller met Łukasz Wiśniewski, Дмитрий Иванов, "
        "Γιώργος Παπαδόπουλος and Jean-Luc Picard. Later Anna\nWeber joined."
    )
    assert found(text, "person") == [
        "Anna Schmidt",
        "Müller",
        "Łukasz Wiśniewski",
        "Дмитрий Иванов",
        "Γιώργος Παπαδόπουλος",
        "Jean-Luc Picard",
        "Anna\nWeber",
    ]


def test_person_suggestions_clear_negatives() -> None:
    text = (
        "In March the European Commission met Voter Data Analytics GmbH. Monday Thomas "
        "called. New York Times. Anna said hello. Christian Democrats won. The Annual Report."
    )
    assert found(text, "person") == []


def test_registered_names_and_pseudonyms_are_not_suggested() -> None:
    text = "Anna Schmidt met Amber Heron and Thomas Weber."
    result = found(text, "person")
    assert result == ["Anna Schmidt", "Thomas Weber"]
    known = ["anna SCHMIDT", "Amber Heron"]
    assert [d.text for d in detect_identifiers(text, known_names=known)] == ["Thomas Weber"]
    assert found(text, "person") != [] and detect_identifiers(text, suggest_names=False) == []


def test_results_are_sorted_non_overlapping_and_spans_match_text() -> None:
    text = (
        "Ünïcödé 😀 first: mail ä@b.de, +49 30 1234567, https://x.org/ä, @handle, "
        "DE89 3704 0044 0532 0130 00, Anna Schmidt."
    )
    result = detect_identifiers(text)
    assert len(result) == 6
    for a, b in itertools.pairwise(result):
        assert a.end <= b.start
    for d in result:
        assert text[d.start : d.end] == d.text


def test_identifier_values_leave_out_person_guesses() -> None:
    text = "Anna Schmidt: anna@example.org, anna@example.org, +44 20 7946 0958"
    assert identifier_values(text) == ["anna@example.org", "+44 20 7946 0958"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_gives_valid_non_overlapping_spans(text: str) -> None:
    last_end = 0
    for d in detect_identifiers(text):
        assert last_end <= d.start < d.end <= len(text)
        assert text[d.start : d.end] == d.text
        last_end = d.end


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789 +-()./:@abcDEF\n", max_size=200))
def test_digit_soup_never_crashes(text: str) -> None:
    detect_identifiers(text)
