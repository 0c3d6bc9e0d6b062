"""Imports from CSV (a column mapping), a folder of Markdown notes and REFI-QDA projects:
pseudonymised on the way in, all or nothing, the bad line or file named in one sentence."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from desk_support import DeskVault, data_key_of, names_in_vault_files

from influence_desk.desk import Desk
from influence_desk.errors import BadInput
from influence_desk.importers.dispatch import import_path
from influence_desk.model import Mark, MarkLevel, Role, SourceIdentity

NAME = "Piotr Nowak"


def imported(desk: Desk) -> dict[str, object]:
    """Each note by title: what a user sees of it (pseudonymised)."""
    out = {}
    for nid in desk.note_ids():
        note = desk.note(nid).note
        out[note.title] = note
    return out


# --- CSV --------------------------------------------------------------------------------


def test_csv_with_a_column_mapping_is_imported_pseudonymised(
    desk_vault: DeskVault, tmp_path: Path
) -> None:
    csv_file = tmp_path / "notes.csv"
    csv_file.write_text(
        "Headline,Text,When,Keywords,Org,Type\n"
        f'Booth talk,"{NAME} sells [[team: lists from 2019]],\nsays the rep",'
        '2026-03-12 14:35,"voter files; own tag, geotargeting",Acme;Beta,booth\n'
        "Desk reading,Nothing personal,2026-03-13,,,\n",
        encoding="utf-8",
    )
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        src = desk.register_source(SourceIdentity(NAME))
        count = import_path(desk, csv_file, mapping="title=Headline,body=Text,date=When,"
                            "tags=Keywords,organisations=Org,kind=Type")  # fmt: skip
        assert count == 2
        notes = imported(desk)
        booth = notes["Booth talk"]
        assert booth.body == f"{src.pseudonym} sells lists from 2019,\nsays the rep"
        start = booth.body.index("lists")
        assert booth.marks == (Mark(start, start + len("lists from 2019"), MarkLevel.TEAM),)
        assert booth.tags == ("method:geotargeting", "method:voter-files", "own tag")
        assert booth.kind == "booth" and booth.occurred_at == datetime(2026, 3, 12, 14, 35)
        assert sorted(o.name for o in desk.organisations()) == ["Acme", "Beta"]
        assert notes["Desk reading"].kind == "desk"  # the default kind
        assert desk.note(booth.id, reveal=True).note.body.startswith(NAME)
        assert vault.verify().ok


def test_a_bad_csv_row_names_its_line_and_nothing_is_imported(
    desk_vault: DeskVault, tmp_path: Path
) -> None:
    csv_file = tmp_path / "notes.csv"
    # The first row spans two lines of the file: the bad row starts on line 4.
    csv_file.write_text('title,body,date\nOne,"two\nlines",2026-01-02\nTwo,x,3 May\n', "utf-8")
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        with pytest.raises(BadInput, match=r"^Line 4: date must be written YYYY-MM-DD\.$"):
            import_path(desk, csv_file)
        assert desk.count_notes() == 0


@pytest.mark.parametrize(
    ("content", "mapping", "message"),
    [
        (b"title,body\nA," + b"x" * 2_100_000 + b"\n", "",
         r"^Line 2: a field is longer than a note may be \(2,000,000 characters\)\.$"),
        (b"title,body\nA,fine\nB,caf\xe9\n", "", r"not UTF-8 text \(line 3\)"),
        (b"Headline\nA\n", "title=Heading", r"no column 'Heading' \(mapped to title\)"),
        (b"Headline\nA\n", "colour=Headline", r"'colour' is not a note field"),
        (b"Headline\nA\n", "", r"no title column; map one with --map title=COLUMN"),
        (b"title,body\nA,b,c\n", "", r"^Line 2 has more fields than the header\.$"),
    ],
)  # fmt: skip
def test_hostile_or_wrong_csv_is_one_sentence_and_nothing_is_imported(
    desk_vault: DeskVault, tmp_path: Path, content: bytes, mapping: str, message: str
) -> None:
    csv_file = tmp_path / "notes.csv"
    csv_file.write_bytes(content)
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        with pytest.raises(BadInput, match=message) as caught:
            import_path(desk, csv_file, mapping=mapping)
        assert "\n" not in str(caught.value)
        assert desk.count_notes() == 0


# --- Markdown ---------------------------------------------------------------------------


def write_notes(folder: Path) -> None:
    (folder / "fair").mkdir(parents=True)
    (folder / ".obsidian").mkdir()
    (folder / ".obsidian" / "ignored.md").write_text("not a note", "utf-8")
    (folder / "fair" / "booth.md").write_text(
        "---\ntitle: \"Datapol booth: matching\"\ndate: 2026-03-12 14:35\nkind: booth\n"
        "tags: [voter files, \"own, tag\"]\nevent: Campaign Tech Europe\norganisations:\n"
        "  - Datapol\n  - Acme\nsummary: Sells matching.\n---\n"
        f"Met {NAME} at the booth.\n\n[[team: price 0.12 per record]]\n",
        "utf-8",
    )
    (folder / "reading.md").write_text("# Reading list\n\nThree reports.\n", "utf-8")


def test_a_folder_of_markdown_notes_is_imported_with_its_front_matter(
    desk_vault: DeskVault, tmp_path: Path
) -> None:
    write_notes(tmp_path / "notes")
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        src = desk.register_source(SourceIdentity(NAME))
        assert import_path(desk, tmp_path / "notes") == 2
        notes = imported(desk)
        booth = notes["Datapol booth: matching"]
        assert booth.body == f"Met {src.pseudonym} at the booth.\n\nprice 0.12 per record"
        assert [m.level for m in booth.marks] == [MarkLevel.TEAM]
        assert booth.kind == "booth" and booth.summary == "Sells matching."
        assert booth.tags == ("method:voter-files", "own, tag")
        assert booth.occurred_at == datetime(2026, 3, 12, 14, 35)
        assert [e.name for e in desk.events()] == ["Campaign Tech Europe"]
        assert notes["Reading list"].body == "Three reports."
        assert vault.verify().ok


def test_a_bad_markdown_note_names_its_file_and_line(desk_vault: DeskVault, tmp_path: Path) -> None:
    write_notes(tmp_path / "notes")
    (tmp_path / "notes" / "fair" / "zz.md").write_text(
        "---\ntitle: fine\ncolour: red\n---\nbody\n", "utf-8"
    )
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        with pytest.raises(BadInput, match=r"^fair/zz\.md, line 3: 'colour' is not a note field"):
            import_path(desk, tmp_path / "notes")
        (tmp_path / "notes" / "fair" / "zz.md").write_text("---\ntitle: x\n", "utf-8")
        with pytest.raises(BadInput, match=r"^fair/zz\.md: the front matter .* never closed"):
            import_path(desk, tmp_path / "notes")
        (tmp_path / "notes" / "fair" / "zz.md").write_bytes(b"caf\xe9\n")
        with pytest.raises(BadInput, match=r"file fair/zz\.md is not UTF-8 text \(line 1\)"):
            import_path(desk, tmp_path / "notes")
        (tmp_path / "notes" / "fair" / "zz.md").unlink()
        os.symlink("/etc/hostname", tmp_path / "notes" / "link.md")
        with pytest.raises(BadInput, match=r"^link\.md is a link; import the file itself\.$"):
            import_path(desk, tmp_path / "notes")
        assert desk.count_notes() == 0


# --- names in every imported field ------------------------------------------------------


def test_names_in_every_imported_field_are_pseudonymised_at_rest(
    desk_vault: DeskVault, tmp_path: Path
) -> None:
    """A CSV and a folder of Markdown notes with the person in the title, summary, body,
    tags, event and organisations (and a Markdown file name standing in for a title), one
    source registered before the import and one after it; a backup in between. Read with
    the data key: no spelling of either is stored anywhere."""
    early = ["Piotr Nowak", "Nowak", "Nowaka", "piotr.nowak@example.org", "Piotrek"]
    late = ["Ewa Zielińska", "Zielińska", "Zielińskiej", "E. Zielińska"]
    csv_file = tmp_path / "notes.csv"
    csv_file.write_text(
        "Headline,Text,Sum,Keywords,Org,Ev\n"
        'Talk with Piotr Nowak,"Met Nowaka, mail piotr.nowak@example.org; E. Zielińska too",'
        'Zielińska on lists,"Nowak; Zielińskiej leak",Nowak Consulting;Piotrek & Partner,'
        "Dinner with Ewa Zielińska\n",
        encoding="utf-8",
    )
    folder = tmp_path / "md"
    folder.mkdir()
    (folder / "a.md").write_text(
        "---\ntitle: Talk with Ewa Zielińska\ntags: [Nowak, piotr.nowak@example.org]\n"
        "event: Lunch with Nowak\norganisations:\n  - Zielińska Consulting\n"
        "summary: Pani Zielińska on lists\n---\nMet Piotrek and Zielińskiej.\n",
        "utf-8",
    )
    (folder / "Ewa Zielińska interview.md").write_text("Three reports.\n", "utf-8")
    vault = desk_vault.open(Role.LEAD)
    desk = Desk(vault)
    desk.register_source(SourceIdentity("Piotr Nowak", ("Piotrek",), ("piotr.nowak@example.org",)))
    assert import_path(desk, csv_file, mapping="title=Headline,body=Text,summary=Sum,"
                       "tags=Keywords,organisations=Org,event=Ev") == 1  # fmt: skip
    assert import_path(desk, folder) == 2
    vault.backup()
    ewa = desk.register_source(SourceIdentity("Ewa Zielińska"))
    titles = list(imported(desk))
    assert f"{ewa.pseudonym} interview" in titles and f"Talk with {ewa.pseudonym}" in titles
    assert f"Dinner with {ewa.pseudonym}" in [e.name for e in desk.events()]
    assert vault.verify().ok
    key = data_key_of(vault)
    vault.close()
    found = names_in_vault_files(desk_vault.path, key, [*early, *late, "Three reports"])
    assert len(found) == 2  # notes.db and the backup made before Ewa was registered
    # Only the words typed around the names are stored (the check sees what it looks for).
    assert list(found.values()) == [["Three reports"], ["Three reports"]]
