"""`import` from CSV (with --map), a folder of Markdown notes and a REFI-QDA project, as a user
runs it: the format from the suffix or --from, one sentence and exit 1 for bad input."""

from __future__ import annotations

from pathlib import Path

from test_notes_cli import ok_json, run

NAME = "Małgorzata Wiśniewska"
TAGS = ["method:geotargeting", "own"]


def test_import_picks_the_importer_and_refuses_in_one_sentence(tmp_path: Path) -> None:
    vault = str(tmp_path / "field.idvault")
    ok_json("init", vault, "--label", "Lena", new="cli lead passphrase")
    pseudonym = ok_json("source", "add", vault, "--name", NAME)["pseudonym"]
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(f"Headline;Text;Keywords\nBooth;Met {NAME} today;geotargeting,own\n",
                     "utf-8")  # fmt: skip
    result = ok_json("import", vault, str(sheet), "--map", "title=Headline,body=Text,tags=Keywords",
                     "--kind", "booth")  # fmt: skip
    assert result == {"imported": 1}
    (hit,) = ok_json("search", vault, "Booth")["results"]
    shown = ok_json("show", vault, hit["id"])
    assert shown["body"] == f"Met {pseudonym} today"
    assert shown["tags"] == TAGS

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("---\ntitle: From Markdown\n---\nA body.\n", "utf-8")
    assert ok_json("import", vault, str(notes)) == {"imported": 1}
    single = tmp_path / "one.markdown"
    single.write_text("# A single note\n\nIts body.\n", "utf-8")
    assert ok_json("import", vault, str(notes / "a.md")) == {"imported": 1}
    refused = run("import", vault, str(single), "--from", "markdown")
    assert refused.returncode == 1 and "folder of .md files or one .md file" in refused.stderr

    for args, message in (
        ((str(tmp_path / "notes.txt"),), "must be .jsonl, .csv, .qdpx, .md or a folder"),
        ((str(sheet), "--map", "title=Nope"), "has no column 'Nope' (mapped to title)"),
        ((str(notes), "--map", "title=Nope"), "--map is for CSV files only"),
    ):
        refused = run("import", vault, *args)
        assert refused.returncode == 1, refused.stderr
        assert message in refused.stderr and refused.stderr.count("\n") == 1
        assert "Traceback" not in refused.stderr and refused.stdout == ""
