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


def test_export_qdpx_and_qdc_then_import_the_project_into_another_vault(tmp_path: Path) -> None:
    first = str(tmp_path / "first.idvault")
    ok_json("init", first, "--label", "Lena", new="cli lead passphrase")
    pseudonym = ok_json("source", "add", first, "--name", NAME)["pseudonym"]
    body = tmp_path / "body.txt"
    body.write_text(f"{NAME} showed the [[team: price list]] at the booth.", "utf-8")
    ok_json("note", "add", first, "--kind", "booth", "--title", "Booth", "--body-file", str(body),
            "--tag", "geotargeting", "--event", "Campaign Tech Europe")  # fmt: skip
    project = tmp_path / "team.qdpx"
    done = ok_json("export", first, "--profile", "team", "--format", "qdpx", "--out", str(project))
    assert done["format"] == "qdpx" and done["notes"] == 1 and project.is_file()
    codes = tmp_path / "codes.qdc"
    ok_json("export", first, "--profile", "public", "--format", "qdc", "--out", str(codes))
    assert b"urn:QDA-XML:codebook:1.0" in codes.read_bytes()
    refused = run("export", first, "--profile", "audit", "--format", "qdpx", "--out",
                  str(tmp_path / "audit.qdpx"))  # fmt: skip
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1
    assert not (tmp_path / "audit.qdpx").exists()

    second = str(tmp_path / "second.idvault")
    ok_json("init", second, "--label", "Rafa", new="cli lead passphrase")
    assert ok_json("import", second, str(project)) == {"imported": 1}
    (hit,) = ok_json("search", second, "booth")["results"]
    shown = ok_json("show", second, hit["id"])
    assert shown["body"] == f"{pseudonym} showed the [[team: price list]] at the booth."
    assert shown["tags"] == ["method:geotargeting"]
