"""A public export in any format waits for the review of every person its notes name —
in the text or only in what is printed beside it (the event's name, an organisation, a
tag) — and an event named after a person does not hide that person from the review."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

LEAD = "formats lead passphrase"
FORMATS = {"pdf": "pdf", "docx": "docx", "odt": "odt", "md": "md", "qdpx": "qdpx",
           "jsonl": "jsonl"}  # fmt: skip


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INFLUENCE_DESK_TEST_FAST_KDF": "1",
           "INFLUENCE_DESK_PASSPHRASE": LEAD, "INFLUENCE_DESK_NEW_PASSPHRASE": LEAD}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "influence_desk", *args], env=env,
                          capture_output=True, text=True, timeout=180, check=False)  # fmt: skip


def ok_json(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("formats")
    path = str(folder / "fair.idvault")
    ok_json("init", path, "--label", "Lena")
    ok_json("source", "add", path, "--name", "Katarzyna Wiśniewska")
    body = folder / "body.txt"
    body.write_text("Katarzyna Wiśniewska and Joachim Vogelsang showed the dashboard.", "utf-8")
    empty = folder / "empty.txt"
    empty.write_text("Voter files and geotargeting.", "utf-8")
    notes = {
        "text": ok_json("note", "add", path, "--kind", "booth", "--title", "Booth visit",
                        "--body-file", str(body), "--summary", body.read_text("utf-8"))["id"],
        # Nothing in the text: the person is only in what the export prints beside it.
        "event": ok_json("note", "add", path, "--kind", "booth", "--title", "Dinner",
                         "--body-file", str(empty), "--summary", "Voter files.",
                         "--event", "Dinner with Joachim Vogelsang")["id"],
        "tag": ok_json("note", "add", path, "--kind", "desk", "--title", "Reading",
                       "--body-file", str(empty), "--summary", "Voter files.",
                       "--tag", "Greta Lindqvist", "--org", "Datapol")["id"],
    }  # fmt: skip
    return {"path": path, "folder": folder, "notes": notes}


def test_names_lists_people_in_events_and_tags_too(vault: dict[str, Any]) -> None:
    found = {c["name"]: c for c in ok_json("names", vault["path"])["candidates"]}
    assert set(found) == {"Joachim Vogelsang", "Greta Lindqvist"}
    # The event named after him does not hide him in the note that names him in its text.
    notes = vault["notes"]
    assert set(found["Joachim Vogelsang"]["notes"]) == {notes["text"], notes["event"]}
    assert found["Greta Lindqvist"]["notes"] == [notes["tag"]]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_refuses_a_public_export_with_pending_names(
    vault: dict[str, Any], fmt: str
) -> None:
    out = Path(vault["folder"]) / f"public-{fmt}.{FORMATS[fmt]}"
    refused = run("export", vault["path"], "--profile", "public", "--format", fmt,
                  "--out", str(out))  # fmt: skip
    assert refused.returncode == 3, refused.stderr
    message = refused.stderr.strip()
    assert message.count("\n") == 0
    assert "2 people named in these notes are not reviewed yet" in message
    assert "influence-desk names VAULT" in message
    assert "Vogelsang" not in message and "Lindqvist" not in message
    assert not out.exists()
    # A person only in the event's name stops that note's export as well.
    alone = run("export", vault["path"], "--profile", "public", "--format", fmt,
                "--out", str(out), "--note", vault["notes"]["event"])  # fmt: skip
    assert alone.returncode == 3 and "1 person named" in alone.stderr
    assert not out.exists()


def test_once_reviewed_every_format_goes_out(vault: dict[str, Any]) -> None:
    path = vault["path"]
    ok_json("names", path, "--public", "Joachim Vogelsang")
    ok_json("names", path, "--not-person", "Greta Lindqvist")
    for fmt, ending in FORMATS.items():
        out = Path(vault["folder"]) / f"done-{fmt}.{ending}"
        done = ok_json("export", path, "--profile", "public", "--format", fmt, "--out", str(out))
        assert done["unreviewed_names"] == 0 and out.exists()
