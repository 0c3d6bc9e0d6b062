"""From the command line, as a user runs it: a note whose event, organisation, tags and text
name a person, a backup, then the person registered with ``source add``. Afterwards no file
of the vault (notes.db, the backup) holds the name or the phone number when read with the
data key; ``show`` prints the pseudonym in every field; ``search`` finds the note by the
real name for the lead and not for an auditor."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from desk_support import leaked_names, names_in_pages, vault_databases

from influence_desk.vault.vault import Vault

LEAD = "cli lead passphrase"
AUDITOR = "cli auditor passphrase"
NAMES = ["Jonas Quill", "+49 30 1234567", "jonas@quill.example"]


def run(*args: str, passphrase: str = LEAD, new: str | None = None) -> Any:
    env = {**os.environ, "INFLUENCE_DESK_TEST_FAST_KDF": "1",
           "INFLUENCE_DESK_PASSPHRASE": passphrase}  # fmt: skip
    if new is not None:
        env["INFLUENCE_DESK_NEW_PASSPHRASE"] = new
    result = subprocess.run(
        [sys.executable, "-m", "influence_desk", *args, "--json"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_field_from_the_cli_and_the_backup_hold_no_name(tmp_path: Path) -> None:
    vault = str(tmp_path / "field.idvault")
    run("init", vault, "--label", "Lena", new=LEAD)
    run("slot", "add", vault, "--role", "auditor", "--label", "Ada", new=AUDITOR)
    body = tmp_path / "body.txt"
    body.write_text("Jonas Quill showed the voter file; call +49 30 1234567.", encoding="utf-8")
    note = run(
        "note", "add", vault, "--kind", "interview", "--title", "Dinner with Jonas Quill",
        "--body-file", str(body), "--summary", "Jonas Quill on turnout models",
        "--event", "Dinner with Jonas Quill (jonas@quill.example, +49 30 1234567)",
        "--org", "Jonas Quill Consulting", "--tag", "+49 30 1234567", "--tag", "voter files",
    )  # fmt: skip
    run("backup", vault)
    source = run(
        "source", "add", vault, "--name", "Jonas Quill", "--contact", "+49 30 1234567",
        "--contact", "jonas@quill.example", "--role-desc", "runs Jonas Quill Consulting",
    )  # fmt: skip
    pseudonym = source["pseudonym"]
    assert source["backups"] == {"rewritten": 1, "replaced": 0, "unreadable": 0}

    shown = run("show", vault, note["id"])
    printed = {"title": shown["title"], "summary": shown["summary"], "body": shown["body"],
               "event": shown["event"], "organisation": shown["organisations"][0],
               "tag": next(t for t in shown["tags"] if "voter" not in t)}  # fmt: skip
    for what, text in printed.items():
        assert pseudonym in text, (what, text)
        assert "Quill" not in text and "1234567" not in text, (what, text)
    listed = run("source", "list", vault)["sources"][0]
    assert listed["role_description"] == f"runs {pseudonym} Consulting"

    hits = run("search", vault, "Jonas Quill")["results"]
    assert [h["id"] for h in hits] == [note["id"]]
    assert run("search", vault, "Jonas Quill", passphrase=AUDITOR)["results"] == []

    with Vault.open(vault, AUDITOR) as opened:
        key = opened._shared().data_key
    databases = vault_databases(Path(vault))
    assert len(databases) == 2
    for db in databases:
        assert leaked_names(db, key, NAMES) == [], db.name
        assert names_in_pages(db, key, NAMES) == [], db.name
