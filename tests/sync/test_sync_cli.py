"""``sync VAULT FOLDER`` and ``conflicts VAULT [--keep NOTE_ID mine|theirs|both|VERSION]
[--field F]`` as a script would use them (DESIGN §9): JSON out, a conflict listed per field
with both versions, resolved on one replica and gone on the other after the next sync."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sync_team import Team, add_note, close_all, edit_note, make_team, passphrase_for, titles

EXE = Path(sys.executable).with_name("influence-desk")


def _cli(team: Team, path: Path, *args: str, code: int = 0) -> Any:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INFLUENCE_DESK_")}
    env["INFLUENCE_DESK_PASSPHRASE"] = passphrase_for(team, path)
    done = subprocess.run([str(EXE), args[0], str(path), *args[1:], "--json"], env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=300)  # fmt: skip
    assert done.returncode == code, done.stderr
    return json.loads(done.stdout)


def test_sync_and_conflicts_commands(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    note = add_note(team, lead, "Hearing", "first")
    close_all()
    folder = str(team.folder)
    assert _cli(team, lead, "sync", folder)["sent"] == 1
    came = _cli(team, laptop, "sync", "--folder", folder)
    assert (came["applied"], came["notes"], came["conflicts"], came["refused"]) == (1, 1, 0, [])
    edit_note(team, lead, note, "Hearing", "the lead's notes")
    edit_note(team, laptop, note, "Hearing", "the laptop's notes")
    close_all()
    _cli(team, lead, "sync", folder)
    assert _cli(team, laptop, "sync", folder)["conflicts"] == 1
    (conflict,) = _cli(team, laptop, "conflicts")["conflicts"]
    assert conflict["id"] == note and len(conflict["versions"]) == 2
    assert sorted(v["mine"] for v in conflict["versions"]) == [False, True]
    _cli(team, laptop, "conflicts", "--keep", note, "mine")
    assert _cli(team, laptop, "conflicts") == {"conflicts": []}
    _cli(team, laptop, "sync", folder)
    assert _cli(team, lead, "sync", folder)["conflicts"] == 0
    assert _cli(team, lead, "conflicts") == {"conflicts": []}
    env = {**os.environ, "INFLUENCE_DESK_PASSPHRASE": passphrase_for(team, lead)}
    wrong = subprocess.run([str(EXE), "conflicts", str(lead), "--keep", note, "mine"], env=env,
                           capture_output=True, text=True, stdin=subprocess.DEVNULL,
                           timeout=300)  # fmt: skip
    assert wrong.returncode == 1 and wrong.stderr.count("\n") == 1
    assert "no conflict" in wrong.stderr
    assert titles(team, lead)[note] == "Hearing | the laptop's notes"


def test_conflicts_per_field_and_keep_both(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    note = add_note(team, lead, "Hearing", "first")
    close_all()
    folder = str(team.folder)
    _cli(team, lead, "sync", folder)
    _cli(team, laptop, "sync", folder)
    edit_note(team, lead, note, "Hearing", "the lead's notes")
    edit_note(team, laptop, note, "Hearing in committee", "the laptop's notes")
    close_all()
    _cli(team, lead, "sync", folder)
    _cli(team, laptop, "sync", folder)
    (conflict,) = _cli(team, laptop, "conflicts")["conflicts"]  # the title merged
    assert (conflict["id"], conflict["field"]) == (note, "body")
    assert sorted(v["text"] for v in conflict["versions"]) == ["the laptop's notes",
                                                               "the lead's notes"]  # fmt: skip
    assert _cli(team, laptop, "conflicts", "--field", "title") == {"conflicts": []}
    env = {**os.environ, "INFLUENCE_DESK_PASSPHRASE": passphrase_for(team, laptop)}
    wrong = subprocess.run([str(EXE), "conflicts", str(laptop), "--keep", note, "both",
                            "--field", "title"], env=env, capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=300)  # fmt: skip
    assert wrong.returncode == 1 and wrong.stderr.count("\n") == 1
    assert "no conflict on its title" in wrong.stderr
    done = _cli(team, laptop, "conflicts", "--keep", note, "both", "--field", "body")
    assert done == {"resolved": note, "kept": "both", "field": "body"}
    _cli(team, laptop, "sync", folder)
    _cli(team, lead, "sync", folder)
    for path in team.all:
        assert _cli(team, path, "conflicts") == {"conflicts": []}
        shown = titles(team, path)[note]
        close_all()
        assert shown.startswith("Hearing in committee | the laptop's notes\n\n--- also kept: ")
        assert shown.endswith("---\n\nthe lead's notes")
        assert _cli(team, path, "verify")["ok"] is True
