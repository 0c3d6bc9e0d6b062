"""``attach`` and ``show``'s attachments from the command line (DESIGN §9), as a user runs
them: the JSON answer, what show lists, the exit codes, and the original left as it was."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from attachment_files import photo, png_with_text, printed

LEAD = "cli attach lead passphrase"
AUDITOR = "cli attach auditor passphrase"


def run(*args: str, passphrase: str = LEAD, new: str | None = None
        ) -> subprocess.CompletedProcess[str]:  # fmt: skip
    env = {**os.environ, "INFLUENCE_DESK_TEST_FAST_KDF": "1",
           "INFLUENCE_DESK_PASSPHRASE": passphrase}  # fmt: skip
    if new is not None:
        env["INFLUENCE_DESK_NEW_PASSPHRASE"] = new
    return subprocess.run([sys.executable, "-m", "influence_desk", *args], env=env,
                          capture_output=True, text=True, timeout=180, check=False)  # fmt: skip


def ok_json(*args: str, **kw: Any) -> Any:
    result = run(*args, "--json", **kw)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("attach-cli")
    path = str(folder / "fair.idvault")
    ok_json("init", path, "--label", "Lena", new=LEAD)
    ok_json("slot", "add", path, "--role", "auditor", "--label", "Ada", new=AUDITOR)
    source = ok_json("source", "add", path, "--name", "Katarzyna Wiśniewska")
    note = ok_json("note", "add", path, "--kind", "booth", "--title", "Booth 14")
    jpeg = folder / "IMG_0042.jpg"
    jpeg.write_bytes(photo())
    png = folder / "card.png"
    png.write_bytes(png_with_text())
    card = folder / "business-card.png"
    card.write_bytes(printed("Katarzyna Wiśniewska", "Head of Data, Datapol"))
    return {"vault": path, "note": note["id"], "pseudonym": source["pseudonym"],
            "jpeg": jpeg, "png": png, "card": card}  # fmt: skip


def test_attach_answers_what_was_removed_and_show_lists_it(vault: dict[str, Any]) -> None:
    before = hashlib.sha256(vault["jpeg"].read_bytes()).hexdigest()
    answer = ok_json("attach", vault["vault"], vault["note"], str(vault["jpeg"]),
                     "--audience", "team")  # fmt: skip
    assert answer["kind"] == "image" and len(answer["sha256"]) == 64
    assert "GPS position" in answer["removed"] and "camera serial" in answer["removed"]
    shown = ok_json("show", vault["vault"], vault["note"])
    assert shown["attachments"] == [
        {"id": answer["id"], "kind": "image", "audience": "team", "text": "",
         "mime": "image/jpeg"},
    ]  # fmt: skip
    # The original is neither changed nor moved; the sentence says it stays.
    assert hashlib.sha256(vault["jpeg"].read_bytes()).hexdigest() == before
    plain = run("attach", vault["vault"], vault["note"], str(vault["png"]))
    assert plain.returncode == 0, plain.stderr
    assert "removed: " in plain.stdout and "original file was not changed" in plain.stdout
    assert ok_json("verify", vault["vault"])["ok"] is True


def test_a_business_card_goes_to_the_source_not_the_note(vault: dict[str, Any]) -> None:
    answer = ok_json("attach", vault["vault"], "-", str(vault["png"]),
                     "--source", vault["pseudonym"])  # fmt: skip
    assert answer["source"] == vault["pseudonym"]
    shown = ok_json("show", vault["vault"], vault["note"])
    assert answer["id"] not in [a["id"] for a in shown["attachments"]]


def test_a_card_attached_to_a_note_is_moved_to_the_source(vault: dict[str, Any]) -> None:
    note = ok_json("note", "add", vault["vault"], "--kind", "booth", "--title", "Booth 16")
    card = ok_json("attach", vault["vault"], note["id"], str(vault["card"]))
    moved = ok_json("attach-move", vault["vault"], card["id"], "--source", vault["pseudonym"])
    assert moved["moved_from"] == card["id"] and moved["source"] == vault["pseudonym"]
    assert moved["note"] == note["id"] and moved["id"] != card["id"]
    assert ok_json("show", vault["vault"], note["id"])["attachments"] == []
    assert ok_json("verify", vault["vault"])["ok"] is True
    again = run("attach-move", vault["vault"], moved["id"], "--source", vault["pseudonym"])
    assert again.returncode == 1 and "already part of a source" in again.stderr
    auditor = run("attach-move", vault["vault"], card["id"], "--source", vault["pseudonym"],
                  passphrase=AUDITOR)  # fmt: skip
    assert auditor.returncode == 4 and len(auditor.stderr.strip().splitlines()) == 1


def test_refusals_are_one_sentence_with_the_exit_code(vault: dict[str, Any], tmp_path: Path
                                                      ) -> None:  # fmt: skip
    auditor = run("attach", vault["vault"], vault["note"], str(vault["jpeg"]),
                  passphrase=AUDITOR)  # fmt: skip
    assert auditor.returncode == 4 and "read-only" in auditor.stderr
    text = tmp_path / "notes.txt"
    text.write_text("not a photo")
    for args, code, words in (
        ((vault["note"], str(text)), 1, "cannot be attached"),
        ((vault["note"], str(tmp_path / "missing.jpg")), 1, "was not found"),
        (("0000000000000000", str(vault["jpeg"])), 1, "no note"),
    ):
        result = run("attach", vault["vault"], *args)
        assert result.returncode == code, result.stderr
        assert words in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_attach_reads_the_printed_text_and_show_prints_it_pseudonymised(
    vault: dict[str, Any],
) -> None:
    note = ok_json("note", "add", vault["vault"], "--kind", "booth", "--title", "Booth 15")
    answer = ok_json("attach", vault["vault"], note["id"], str(vault["card"]))
    assert "Head of Data, Datapol" in answer["text"] and vault["pseudonym"] in answer["text"]
    assert "Wiśniewska" not in answer["text"]
    skipped = ok_json("attach", vault["vault"], note["id"], str(vault["jpeg"]), "--no-ocr")
    assert skipped["text"] == ""
    shown = run("show", vault["vault"], note["id"])
    assert shown.returncode == 0, shown.stderr
    assert f"text read from attachment {answer['id']} (image):" in shown.stdout
    assert vault["pseudonym"] in shown.stdout and "Head of Data" in shown.stdout
    assert "Wiśniewska" not in shown.stdout
    found = ok_json("search", vault["vault"], "Datapol")["results"]
    assert [r["id"] for r in found] == [note["id"]]
    assert ok_json("verify", vault["vault"])["ok"] is True
