"""Fuzzing the importers' readers (influence_desk/importers): files from other tools are
outside data. A CSV of random cells, quotes, delimiters and bytes; a Markdown note with
random front matter; a REFI-QDA project with bytes flipped or its project.qde replaced by
random XML. Each gives the notes it read or one of the project's named errors, never
another exception, never a hang."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from fuzzing import examples, no_hang
from hypothesis import given
from hypothesis import strategies as st

from influence_desk.errors import InfluenceDeskError
from influence_desk.importers.csv_notes import ColumnMap, read_csv
from influence_desk.importers.markdown_notes import read_note
from influence_desk.importers.qdpx_notes import read_qdpx

CELLS = st.text(max_size=20) | st.sampled_from(
    ['"', '""', "a,b", "a;b", "\n", "\r\n", "2026-02-14 10:00", "booth", "poem", "[[team: x]]",
     "[[bad", "\ufeff", "\x00"]
)  # fmt: skip
HEADERS = st.lists(st.sampled_from(["title", "Body", "date", "tags", "kind", "Headline", "", "x"]),
                   min_size=1, max_size=5)  # fmt: skip


@st.composite
def csv_bytes(draw: st.DrawFn) -> bytes:
    sep = draw(st.sampled_from([",", ";", "\t"]))
    header = draw(HEADERS)
    rows = draw(st.lists(st.lists(CELLS, max_size=6), max_size=5))
    text = sep.join(header) + "\n" + "\n".join(sep.join(r) for r in rows)
    data = text.encode("utf-8")
    if draw(st.booleans()):
        cut = draw(st.integers(0, max(len(data) - 1, 0)))
        data = data[:cut] + draw(st.binary(max_size=4)) + data[cut:]
    return data


MAPPINGS = st.sampled_from(["", "title=Headline", "title=Body,body=Headline", "tags=x,title=x",
                            "nonsense", "title=", "=x", "title=Headline,title=x"])  # fmt: skip


@examples(60)
@given(data=csv_bytes(), mapping=MAPPINGS, separator=st.sampled_from([None, ";", "|"]))
def test_a_random_csv_is_read_or_refused_by_name(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, mapping: str, separator: str | None
) -> None:
    path = tmp_path_factory.mktemp("csv") / "f.csv"
    path.write_bytes(data)
    with no_hang(20):
        try:
            items = read_csv(path, ColumnMap.parse(mapping), separator=separator)
        except InfluenceDeskError:
            return
    assert items and all(item.where.startswith("Line ") for item in items)


FRONT = st.lists(
    st.sampled_from(["title: x", "title: 'a''b'", 'tags: [a, "b, c"', "tags: [a, b]", "- item",
                     "  - item", "kind: booth", "date: 2026-02-30", "colour: red", ": x", "x",
                     "organisations:", "summary: |", "event: &anchor", "# comment", "", "---"]),
    max_size=8,
)  # fmt: skip


@examples(60)
@given(lines=FRONT, body=st.text(max_size=40), opened=st.booleans())
def test_random_front_matter_is_read_or_refused_by_name(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], body: str, opened: bool
) -> None:
    path = tmp_path_factory.mktemp("md") / "note.md"
    text = ("---\n" if opened else "") + "\n".join(lines) + "\n---\n" + body
    path.write_text(text, "utf-8", errors="surrogatepass")
    with no_hang(20):
        try:
            item = read_note(path, "note.md", kind="desk")
        except InfluenceDeskError as exc:
            assert str(exc).startswith("note.md") or "note.md" in str(exc)
            return
    assert item.where == "note.md" and isinstance(item.fields["title"], str)


PROJECT = (
    '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p">'
    '<CodeBook><Codes><Code guid="11111111-1111-4111-8111-111111111111" name="Geotargeting" '
    'isCodable="true"/></Codes></CodeBook><Sources><TextSource '
    'guid="44444444-4444-4444-8444-444444444444" name="s" '
    'plainTextPath="internal://44444444-4444-4444-8444-444444444444.txt">'
    '<PlainTextSelection guid="55555555-5555-4555-8555-555555555555" startPosition="0" '
    'endPosition="4"><Coding guid="66666666-6666-4666-8666-666666666666"><CodeRef '
    'targetGUID="11111111-1111-4111-8111-111111111111"/></Coding></PlainTextSelection>'
    "</TextSource></Sources></Project>"
)


def project_zip(qde: bytes, text: bytes = b"text of the source") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", qde)
        zf.writestr("sources/44444444-4444-4444-8444-444444444444.txt", text)
    return buffer.getvalue()


XML_PIECES = st.sampled_from(
    ["<", ">", "</TextSource>", "<TextSource guid='x'>", 'startPosition="-1"', "&amp;", "&x;",
     "<!DOCTYPE p>", "<PlainTextContent>hi</PlainTextContent>", 'plainTextPath="relative://a"',
     'endPosition="99999"', "\x00", "]]>", "<?pi x?>", "<!-- c -->"]
)  # fmt: skip


@examples(60)
@given(
    flips=st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 255)), max_size=4),
    inserts=st.lists(st.tuples(st.integers(0, len(PROJECT)), XML_PIECES), max_size=3),
)
def test_a_damaged_or_strange_project_is_read_or_refused(
    tmp_path_factory: pytest.TempPathFactory,
    flips: list[tuple[int, int]],
    inserts: list[tuple[int, str]],
) -> None:
    qde = PROJECT
    for at, piece in sorted(inserts, reverse=True):
        qde = qde[:at] + piece + qde[at:]
    data = bytearray(project_zip(qde.encode("utf-8")))
    for at, value in flips:
        if data:
            data[at % len(data)] = value
    path: Path = tmp_path_factory.mktemp("qdpx") / "p.qdpx"
    path.write_bytes(bytes(data))
    with no_hang(20):
        try:
            items = read_qdpx(path)
        except InfluenceDeskError:
            return
    assert all(isinstance(i.fields["body"], str) for i in items)
