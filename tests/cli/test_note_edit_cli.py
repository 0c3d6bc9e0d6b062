"""note edit from the command line (DESIGN §9), as a user scripts it: only the fields given
change, names typed are pseudonymised, marks are written inline, each edit is one signed
entry; an unknown note exits 1, an auditor 4, and neither changes anything."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from desk_support import leaked_names

from influence_desk.vault.vault import Vault

LEAD = "cli lead passphrase"
AUDITOR = "cli auditor passphrase"
NAME = "Małgorzata Wiśniewska"


def run(
    *args: str, passphrase: str = LEAD, new: str | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INFLUENCE_DESK_TEST_FAST_KDF": "1",
           "INFLUENCE_DESK_PASSPHRASE": passphrase}  # fmt: skip
    if new is not None:
        env["INFLUENCE_DESK_NEW_PASSPHRASE"] = new
    return subprocess.run(
        [sys.executable, "-m", "influence_desk", *args],
        env=env, capture_output=True, text=True, input=stdin, timeout=120, check=False,
    )  # fmt: skip


def ok_json(*args: str, **kw: Any) -> Any:
    result = run(*args, "--json", **kw)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("cli-edit")
    vault = str(folder / "field.idvault")
    ok_json("init", vault, "--label", "Lena", new=LEAD)
    ok_json("slot", "add", vault, "--role", "auditor", "--label", "Ada", new=AUDITOR)
    source = ok_json("source", "add", vault, "--name", NAME, "--alias", "Gosia",
                     "--role-desc", "sales lead, voter-data broker, EU")  # fmt: skip
    body = folder / "body.txt"
    body.write_text("Met Gosia at the booth.\n[[team: She sells voter files]] to parties.", "utf-8")
    note = ok_json(
        "note", "add", vault, "--kind", "booth", "--title", "Booth talk with Gosia",
        "--body-file", str(body), "--summary", "Voter files", "--event", "PolitCon",
        "--org", "DataPol", "--tag", "voter files", "--tag", "own", "--date", "2024-05-03",
    )  # fmt: skip
    return {"vault": vault, "pseudonym": source["pseudonym"], "note": note["id"]}


@pytest.fixture
def vault(base: dict[str, str], tmp_path: Path) -> dict[str, str]:
    target = tmp_path / "copy.idvault"
    shutil.copytree(base["vault"], target)
    return {**base, "vault": str(target)}


def _entries(v: str) -> int:
    verified = ok_json("verify", v)
    assert verified["ok"], verified["problems"]
    return int(verified["entries"])


def test_a_title_edit_changes_the_title_only(vault: dict[str, str]) -> None:
    v, note, p = vault["vault"], vault["note"], vault["pseudonym"]
    before = ok_json("show", v, note)
    entries = _entries(v)
    done = ok_json("note", "edit", v, note, "--title", "Second talk at the booth")
    assert done == {"id": note, "changed": ["title"]}
    after = ok_json("show", v, note)
    assert after["title"] == "Second talk at the booth"
    for field in ("body", "marks", "summary", "tags", "sources", "event", "organisations",
                  "date", "kind"):  # fmt: skip
        assert after[field] == before[field], field
    assert after["body"] == f"Met {p} at the booth.\n[[team: She sells voter files]] to parties."
    assert _entries(v) == entries + 1  # one signed entry, and verify still passes
    revealed = ok_json("show", v, note, "--reveal")
    assert revealed["body"].startswith("Met Gosia at the booth.")  # the reference kept its spelling


def test_a_new_body_is_pseudonymised_and_marked(vault: dict[str, str], tmp_path: Path) -> None:
    v, note, p = vault["vault"], vault["note"], vault["pseudonym"]
    body = tmp_path / "new.txt"
    body.write_text(
        "Frau Wiśniewska confirmed it.\n[[internal: MAŁGORZATA WIŚNIEWSKA has the list]] "
        "and a literal \\[[bracket.",
        "utf-8",
    )
    assert ok_json("note", "edit", v, note, "--body-file", str(body))["changed"] == ["body"]
    shown = ok_json("show", v, note)
    assert "Wiśniewska" not in json.dumps(shown, ensure_ascii=False)
    assert shown["body"] == (
        f"{p} confirmed it.\n[[internal: {p} has the list]] and a literal \\[[bracket."
    )
    (mark,) = shown["marks"]
    assert mark["level"] == "internal"
    assert shown["body"][mark["start"] : mark["end"]] == f"{p} has the list"
    assert shown["title"] == f"Booth talk with {p}" and shown["sources"] == [p]
    assert ok_json("search", v, "confirmed")["results"][0]["id"] == note
    assert ok_json("search", v, "parties")["results"] == []  # the old body's words are gone
    assert ok_json("show", v, note, "--reveal")["body"] == body.read_text("utf-8")

    with Vault.open(Path(v), LEAD) as opened:
        key = opened._shared().data_key
    assert leaked_names(Path(v), key, [NAME, "Gosia"]) == []


def test_summary_and_tags_from_stdin_body(vault: dict[str, str]) -> None:
    v, note, p = vault["vault"], vault["note"], vault["pseudonym"]
    result = run("note", "edit", v, note, "--summary", "Gosia sells files", "--tag",
                 "geotargeting", "--tag", "follow-up", "--body-file", "-", "--json",
                 stdin="Gosia again")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["changed"] == ["body", "summary", "tags"]
    shown = ok_json("show", v, note)
    assert shown["summary"] == f"{p} sells files"
    assert sorted(shown["tags"]) == ["follow-up", "method:geotargeting"]
    assert shown["body"] == f"{p} again"
    text = run("note", "edit", v, note, "--title", "Plain words")
    assert text.returncode == 0 and text.stdout.strip() == f"Changed title of note {note}."

    # Every field an edit can set, with the name as people write it (a case form, the
    # surname alone, an honorific): shown as the pseudonym, stored nowhere in clear.
    named = run("note", "edit", v, note, "--title", "Call with Pani Wiśniewska", "--summary",
                "Gosia's files", "--tag", "Wiśniewskiej leak", "--tag", "Gosia", "--body-file",
                "-", stdin="Małgorzaty Wiśniewskiej lists.")  # fmt: skip
    assert named.returncode == 0, named.stderr
    shown = ok_json("show", v, note)
    assert shown["title"] == f"Call with {p}" and shown["summary"] == f"{p}'s files"
    assert sorted(shown["tags"]) == sorted([p, f"{p} leak"]) and shown["body"] == f"{p} lists."
    with Vault.open(Path(v), LEAD) as opened:
        key = opened._shared().data_key
    spellings = [NAME, "Gosia", "Wiśniewska", "Wiśniewskiej", "Małgorzaty"]
    assert leaked_names(Path(v), key, spellings) == []


def test_an_unknown_note_or_an_empty_edit_exits_1_and_changes_nothing(
    vault: dict[str, str], tmp_path: Path
) -> None:
    v, note = vault["vault"], vault["note"]
    entries = _entries(v)
    missing = run("note", "edit", v, "no-such-note", "--title", "x")
    assert missing.returncode == 1 and missing.stdout == ""
    assert missing.stderr.strip() == "influence-desk: This vault has no note no-such-note."
    empty = run("note", "edit", v, note)
    assert empty.returncode == 1 and "Nothing to change" in empty.stderr
    blank = run("note", "edit", v, note, "--title", "   ")
    assert blank.returncode == 1 and "title" in blank.stderr
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Gr\xfc\xdfe".encode("latin-1"))
    assert run("note", "edit", v, note, "--body-file", str(latin)).returncode == 1
    assert run("note", "edit", v, note, "--body-file", str(tmp_path / "none.txt")).returncode == 1
    for result in (missing, empty, blank):
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert _entries(v) == entries
    assert ok_json("show", v, note)["title"] == f"Booth talk with {vault['pseudonym']}"


def test_an_auditor_is_refused_with_exit_4(vault: dict[str, str], tmp_path: Path) -> None:
    v, note = vault["vault"], vault["note"]
    entries = _entries(v)
    body = tmp_path / "b.txt"
    body.write_text("Gosia said nothing", "utf-8")
    for args in (("--title", "x"), ("--body-file", str(body)), ("--tag", "x")):
        result = run("note", "edit", v, note, *args, passphrase=AUDITOR)
        assert result.returncode == 4, result.stderr
        assert result.stdout == "" and result.stderr.count("\n") == 1
        assert "Gosia" not in result.stderr
    missing = run("note", "edit", v, "no-such-note", "--title", "x", passphrase=AUDITOR)
    assert missing.returncode == 4  # refused before anything is looked up
    assert _entries(v) == entries
