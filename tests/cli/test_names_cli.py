"""`influence-desk names` and the export gate on unreviewed people, as a user runs them:
real processes, passphrases from the environment, JSON on stdout, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

LEAD = "names lead passphrase"
RESEARCHER = "names researcher passphrase"
AUDITOR = "names auditor passphrase"


def run(*args: str, passphrase: str = LEAD, new: str | None = None
        ) -> subprocess.CompletedProcess[str]:  # fmt: skip
    env = {**os.environ, "INFLUENCE_DESK_TEST_FAST_KDF": "1",
           "INFLUENCE_DESK_PASSPHRASE": passphrase}  # fmt: skip
    if new is not None:
        env["INFLUENCE_DESK_NEW_PASSPHRASE"] = new
    return subprocess.run(
        [sys.executable, "-m", "influence_desk", *args],
        env=env, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip


def ok_json(*args: str, **kw: Any) -> Any:
    result = run(*args, "--json", **kw)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("names")
    path = str(folder / "fair.idvault")
    ok_json("init", path, "--label", "Lena", new=LEAD)
    ok_json("slot", "add", path, "--role", "researcher", "--label", "Rafał", new=RESEARCHER)
    ok_json("slot", "add", path, "--role", "auditor", "--label", "Ada", new=AUDITOR)
    ok_json("source", "add", path, "--name", "Katarzyna Wiśniewska", "--org", "Datapol")
    notes = {}
    for key, body in {
        "vogelsang": "Afterwards Joachim Vogelsang showed us the Datapol dashboard.",
        "keynote": "The keynote by Angela Merkel was cancelled; Katarzyna Wiśniewska laughed.",
        "clean": "Voter files and geotargeting, nothing else.",
    }.items():
        file = folder / f"{key}.txt"
        file.write_text(body, encoding="utf-8")
        # The summary repeats the body: a public summary prints summaries, not bodies.
        notes[key] = ok_json("note", "add", path, "--kind", "booth", "--title", f"Visit {key}",
                             "--body-file", str(file), "--summary", body,
                             "--org", "Datapol")["id"]  # fmt: skip
    return {"path": path, "notes": notes, "folder": folder}


def assert_refused(result: subprocess.CompletedProcess[str], count: str, out: Path,
                   names: list[str]) -> None:  # fmt: skip
    """Exit 3, one sentence with the count and the command, no name, no file."""
    assert result.returncode == 3, result.stderr
    message = result.stderr.strip()
    assert message.count("\n") == 0
    assert f"{count} in these notes" in message and "not reviewed yet" in message
    assert "influence-desk names VAULT" in message
    assert not any(name in message for name in names)
    assert not out.exists()


def names(path: str, **kw: Any) -> dict[str, dict[str, Any]]:
    listed = ok_json("names", path, **kw)["candidates"]
    return {c["name"]: c for c in listed}


def test_names_lists_candidates_with_notes_and_state(vault: dict[str, Any]) -> None:
    found = names(vault["path"])
    assert set(found) == {"Joachim Vogelsang", "Angela Merkel"}
    assert found["Joachim Vogelsang"]["notes"] == [vault["notes"]["vogelsang"]]
    assert found["Angela Merkel"]["state"] == "pending"
    assert set(found["Angela Merkel"]) >= {"name", "notes", "state"}
    text = run("names", vault["path"])
    assert text.returncode == 0
    assert "Joachim Vogelsang" in text.stdout and "2 pending" in text.stdout
    assert "Wiśniewska" not in text.stdout  # registered: not a candidate


def test_public_export_is_refused_until_every_name_is_reviewed(
    vault: dict[str, Any], tmp_path: Path
) -> None:
    path = vault["path"]
    out = tmp_path / "public.pdf"
    refused = run("export", path, "--profile", "public", "--out", str(out))
    assert_refused(refused, "2 people named", out, ["Vogelsang", "Merkel"])
    # A team brief goes out with a warning on stderr and the count in the result.
    brief = run("export", path, "--profile", "team", "--out", str(tmp_path / "t.pdf"), "--json")
    assert brief.returncode == 0, brief.stderr
    assert json.loads(brief.stdout)["unreviewed_names"] == 2
    assert "warning: 2 people named in these notes are not reviewed yet" in brief.stderr
    # Only the clean note: nothing to review, the public export goes through.
    clean = run("export", path, "--profile", "public", "--out", str(out), "--json",
                "--note", vault["notes"]["clean"])  # fmt: skip
    assert clean.returncode == 0, clean.stderr

    # The auditor may not decide; a researcher may.
    denied = run("names", path, "--public", "Angela Merkel", passphrase=AUDITOR)
    assert denied.returncode == 4
    assert "Merkel" not in denied.stderr
    recorded = ok_json("names", path, "--public", "Angela Merkel", passphrase=RESEARCHER)
    assert recorded["state"] == "public"
    ref = names(path)["Joachim Vogelsang"]["ref"]
    assert run("names", path, "--not-person", ref).returncode == 0  # by ref, no name typed
    states = {n: c["state"] for n, c in names(path).items()}
    assert states == {"Angela Merkel": "public", "Joachim Vogelsang": "not-person"}

    unknown = run("names", path, "--public", "Someone Else")
    assert unknown.returncode == 1 and "Someone" not in unknown.stderr

    done = run("export", path, "--profile", "public", "--out", str(out), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["unreviewed_names"] == 0
    verified = ok_json("verify", path)
    assert verified["ok"] is True, verified["problems"]
    history = ok_json("history", path)["entries"]
    assert [e["action"] for e in history].count("name.review") == 2


def test_registering_a_candidate_as_a_source_resolves_it(vault: dict[str, Any]) -> None:
    path = vault["path"]
    folder = vault["folder"]
    file = folder / "another.txt"
    file.write_text("Later Helen Carter, head of sales, showed the price list.", "utf-8")
    ok_json("note", "add", path, "--kind", "booth", "--title", "Price list",
            "--body-file", str(file))  # fmt: skip
    assert names(path)["Helen Carter"]["state"] == "pending"
    ok_json("source", "add", path, "--name", "Helen Carter", passphrase=RESEARCHER)
    assert "Helen Carter" not in names(path)


# --- every export format; people printed beside the text ------------------------------
# A public export in any format waits for the review of every person its notes name, in
# the text or only in what is printed beside it (the event's name, an organisation, a
# tag); an event named after a person does not hide that person from the review.

FORMATS = {"pdf": "pdf", "docx": "docx", "odt": "odt", "md": "md", "qdpx": "qdpx",
           "jsonl": "jsonl"}  # fmt: skip


@pytest.fixture(scope="module")
def formats_vault(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("formats")
    path = str(folder / "fair.idvault")
    ok_json("init", path, "--label", "Lena", new=LEAD)
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


def test_names_lists_people_in_events_and_tags_too(formats_vault: dict[str, Any]) -> None:
    found = {c["name"]: c for c in ok_json("names", formats_vault["path"])["candidates"]}
    assert set(found) == {"Joachim Vogelsang", "Greta Lindqvist"}
    # The event named after him does not hide him in the note that names him in its text.
    notes = formats_vault["notes"]
    assert set(found["Joachim Vogelsang"]["notes"]) == {notes["text"], notes["event"]}
    assert found["Greta Lindqvist"]["notes"] == [notes["tag"]]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_refuses_a_public_export_with_pending_names(
    formats_vault: dict[str, Any], fmt: str
) -> None:
    out = Path(formats_vault["folder"]) / f"public-{fmt}.{FORMATS[fmt]}"
    refused = run("export", formats_vault["path"], "--profile", "public", "--format", fmt,
                  "--out", str(out))  # fmt: skip
    assert_refused(refused, "2 people named", out, ["Vogelsang", "Lindqvist"])
    # A person only in the event's name stops that note's export as well.
    alone = run("export", formats_vault["path"], "--profile", "public", "--format", fmt,
                "--out", str(out), "--note", formats_vault["notes"]["event"])  # fmt: skip
    assert_refused(alone, "1 person named", out, ["Vogelsang"])


def test_once_reviewed_every_format_goes_out(formats_vault: dict[str, Any]) -> None:
    path = formats_vault["path"]
    ok_json("names", path, "--public", "Joachim Vogelsang")
    ok_json("names", path, "--not-person", "Greta Lindqvist")
    for fmt, ending in FORMATS.items():
        out = Path(formats_vault["folder"]) / f"done-{fmt}.{ending}"
        done = ok_json("export", path, "--profile", "public", "--format", fmt, "--out", str(out))
        assert done["unreviewed_names"] == 0 and out.exists()
