"""An auditor asks the command line what changed in one entry, by whom, when, and gets each
field before and after without a real name; a researcher restores an older version."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from influence_desk.desk import Desk, NoteDraft
from influence_desk.vault.vault import Vault

LEAD = "cli lead passphrase"
AUDITOR = "cli auditor passphrase"


def run(
    *args: str, passphrase: str = LEAD, new: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INFLUENCE_DESK_TEST_FAST_KDF": "1",
           "INFLUENCE_DESK_PASSPHRASE": passphrase}  # fmt: skip
    if new is not None:
        env["INFLUENCE_DESK_NEW_PASSPHRASE"] = new
    return subprocess.run(
        [sys.executable, "-m", "influence_desk", *args],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def ok_json(*args: str, **kw: Any) -> Any:
    result = run(*args, "--json", **kw)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_history_entry_says_what_changed_and_restore_brings_it_back(tmp_path: Path) -> None:
    vault = str(tmp_path / "field.idvault")
    ok_json("init", vault, "--label", "Lena", new=LEAD)
    ok_json("slot", "add", vault, "--role", "auditor", "--label", "Ada", new=AUDITOR)
    ok_json("source", "add", vault, "--name", "Miriam Kessler", "--role-desc", "sales lead")
    body = tmp_path / "body.txt"
    body.write_text("Miriam Kessler sells voter files.\nSecond line.", encoding="utf-8")
    note = ok_json("note", "add", vault, "--kind", "booth", "--title", "Booth talk",
                   "--body-file", str(body))["id"]  # fmt: skip
    with Vault.open(Path(vault), LEAD) as opened:  # an edit, as the app makes it
        desk = Desk(opened)
        old = desk.note(note).note
        desk.update_note(note, NoteDraft(old.kind, "Booth talk, hall B", old.occurred_at,
                                         body="Miriam Kessler sells voter files.\n"
                                         "Second line, changed."))  # fmt: skip
    entries = ok_json("history", vault, "--note", note, passphrase=AUDITOR)["entries"]
    assert [e["action"] for e in entries] == ["note.create", "note.update"]
    changed = entries[-1]["seq"]

    shown = ok_json("history", vault, "--entry", str(changed), passphrase=AUDITOR)
    assert shown["actor"] == "Lena (lead)" and shown["action"] == "note.update"
    fields = {c["field"]: c for c in shown["changes"]}
    assert set(fields) == {"title", "body"}
    assert fields["title"] == {"field": "title", "before": "Booth talk",
                               "after": "Booth talk, hall B"}  # fmt: skip
    text = run("history", vault, "--entry", str(changed), passphrase=AUDITOR)
    assert text.returncode == 0, text.stderr
    assert f"Entry {changed}: note.update" in text.stdout and "by Lena (lead)" in text.stdout
    assert "+Second line, changed." in text.stdout and "-Second line." in text.stdout
    assert "Miriam" not in text.stdout + json.dumps(shown)

    refused = run("restore", vault, note, "--entry", str(entries[0]["seq"]), passphrase=AUDITOR)
    assert refused.returncode == 4 and "Traceback" not in refused.stderr
    restored = ok_json("restore", vault, note, "--entry", str(entries[0]["seq"]))
    again = ok_json("history", vault, "--entry", str(restored["entry"]), passphrase=AUDITOR)
    assert again["payload"] == {"restored_from": entries[0]["seq"]}
    assert {c["field"]: c["after"] for c in again["changes"]}["title"] == "Booth talk"
    assert ok_json("verify", vault, passphrase=AUDITOR)["ok"] is True
    missing = run("history", vault, "--entry", "999", passphrase=AUDITOR)
    assert missing.returncode == 1 and "no entry 999" in missing.stderr


def test_trash_lists_restores_and_empties(tmp_path: Path) -> None:
    vault = str(tmp_path / "field.idvault")
    ok_json("init", vault, "--label", "Lena", new=LEAD)
    note = ok_json("note", "add", vault, "--kind", "desk", "--title", "Lists for sale")["id"]
    with Vault.open(Path(vault), LEAD) as opened:
        Desk(opened).delete_note(note)
    assert ok_json("search", vault, "Lists")["results"] == []
    listed = ok_json("trash", vault)["trash"]
    assert [(t["id"], t["title"], t["by"]) for t in listed] == [(note, "Lists for sale",
                                                                  "Lena (lead)")]  # fmt: skip
    assert ok_json("trash", vault, "--restore", note) == {"restored": note}
    assert ok_json("search", vault, "Lists")["results"][0]["id"] == note
    with Vault.open(Path(vault), LEAD) as opened:
        Desk(opened).delete_note(note)
    assert ok_json("trash", vault, "--empty") == {"emptied": 1}
    assert ok_json("trash", vault)["trash"] == []
    assert ok_json("verify", vault)["ok"] is True
