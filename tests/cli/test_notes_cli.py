"""source, note add, import, search and show from the command line (DESIGN §9), as a user
runs them: real processes, passphrases from the environment, JSON on stdout, exit codes."""

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

from influence_desk.model import Role

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
    folder = tmp_path_factory.mktemp("cli")
    vault = str(folder / "field.idvault")
    ok_json("init", vault, "--label", "Lena", new=LEAD)
    ok_json("slot", "add", vault, "--role", "auditor", "--label", "Ada", new=AUDITOR)
    source = ok_json(
        "source", "add", vault, "--name", NAME, "--alias", "Gosia", "--contact",
        "gosia@example.pl", "--role-desc", "sales lead, voter-data broker, EU", "--org",
        "DataPol", "--consent", "background",
    )  # fmt: skip
    body = folder / "body.txt"
    body.write_text(
        "Met MAŁGORZATA WIŚNIEWSKA at the booth.\n[[team: Gosia’s firm sells voter files]] "
        "to three parties; write to press@datapol.example.",
        encoding="utf-8",
    )
    note = ok_json(
        "note", "add", vault, "--kind", "booth", "--title", "Booth talk with Gosia",
        "--body-file", str(body), "--summary", "Voter files for sale", "--event", "PolitCon",
        "--org", "DataPol", "--tag", "voter files", "--tag", "own", "--date", "2024-05-03",
    )  # fmt: skip
    return {"vault": vault, "source": source["id"], "pseudonym": source["pseudonym"],
            "note": note["id"]}  # fmt: skip


@pytest.fixture
def vault(base: dict[str, str], tmp_path: Path) -> dict[str, str]:
    target = tmp_path / "copy.idvault"
    shutil.copytree(base["vault"], target)
    return {**base, "vault": str(target)}


def test_source_add_and_list(vault: dict[str, str]) -> None:
    listed = ok_json("source", "list", vault["vault"])["sources"]
    assert listed == [
        {"id": vault["source"], "pseudonym": vault["pseudonym"],
         "role_description": "sales lead, voter-data broker, EU", "organisation": "DataPol",
         "consent": "background", "notes": 1}
    ]  # fmt: skip
    revealed = ok_json("source", "list", vault["vault"], "--reveal")["sources"][0]
    assert revealed["real_name"] == NAME and revealed["aliases"] == ["Gosia"]
    assert revealed["contact"] == ["gosia@example.pl"]
    plain = run("source", "list", vault["vault"])
    assert vault["pseudonym"] in plain.stdout and "Wiśniewska" not in plain.stdout


def test_show_prints_pseudonyms_marks_and_detections(vault: dict[str, str]) -> None:
    shown = ok_json("show", vault["vault"], vault["note"])
    p = vault["pseudonym"]
    assert shown["title"] == f"Booth talk with {p}"
    assert shown["body"] == (
        f"Met {p} at the booth.\n[[team: {p}’s firm sells voter files]] "
        "to three parties; write to press@datapol.example."
    )
    assert (shown["event"], shown["organisations"], shown["date"]) == (
        "PolitCon", ["DataPol"], "2024-05-03",
    )  # fmt: skip
    assert shown["sources"] == [p]
    assert shown["tags"] == ["method:voter-files", "own"]
    assert shown["summary"] == "Voter files for sale"
    body = shown["body"]
    (mark,) = shown["marks"]
    assert mark["level"] == "team"
    assert body[mark["start"] : mark["end"]] == f"{p}’s firm sells voter files"
    emails = [d for d in shown["detections"] if d["kind"] == "email"]
    assert [body[d["start"] : d["end"]] for d in emails] == ["press@datapol.example"]

    revealed = ok_json("show", vault["vault"], vault["note"], "--reveal")
    assert revealed["body"].startswith("Met MAŁGORZATA WIŚNIEWSKA at the booth.\n[[team: Gosia’s")
    assert revealed["title"] == "Booth talk with Gosia"
    text = run("show", vault["vault"], vault["note"])
    assert text.returncode == 0 and "[[team: " in text.stdout and "Gosia" not in text.stdout


def test_search_by_pseudonym_real_name_and_filters(vault: dict[str, str]) -> None:
    v = vault["vault"]
    by_pseudonym = ok_json("search", v, vault["pseudonym"])["results"]
    assert [r["id"] for r in by_pseudonym] == [vault["note"]]
    assert set(by_pseudonym[0]) >= {"id", "title", "snippet"}
    assert "Gosia" not in json.dumps(by_pseudonym, ensure_ascii=False)
    assert [r["id"] for r in ok_json("search", v, "malgorzata wisniewska")["results"]] == [
        vault["note"]
    ]
    assert ok_json("search", v, "voter", "--kind", "desk")["results"] == []
    assert len(ok_json("search", v, "voter", "--event", "politcon", "--org", "DataPol",
                       "--source", vault["pseudonym"], "--tag", "voter files",
                       "--from", "2024-05-01", "--to", "2024-05-03")["results"]) == 1  # fmt: skip
    assert ok_json("search", v, "voter", "--from", "2024-05-04")["results"] == []
    for odd in ['"', "NEAR(", "(voter", "*", "voter)) OR", "'"]:
        assert run("search", v, odd).returncode == 0
    assert run("search", v, "voter", "--from", "May").returncode == 1


def test_import_all_or_nothing_and_marks_round_trip(vault: dict[str, str], tmp_path: Path) -> None:
    v = vault["vault"]
    good = tmp_path / "good.jsonl"
    lines = [
        {"kind": "interview", "title": "Imported", "body": "Gosia: [[internal: the list]] \\[[x",
         "date": "2024-05-04", "event": "PolitCon", "organisations": ["DataPol", "Acme"],
         "sources": [vault["pseudonym"]], "tags": ["geotargeting"], "summary": "s"},
        {"kind": "desk", "title": "Second"},
    ]  # fmt: skip
    good.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    assert ok_json("import", v, str(good)) == {"imported": 2}
    (hit,) = ok_json("search", v, "Imported")["results"]
    shown = ok_json("show", v, hit["id"])
    assert shown["body"] == f"{vault['pseudonym']}: [[internal: the list]] \\[[x"
    assert sorted(shown["organisations"]) == ["Acme", "DataPol"]
    revealed = ok_json("show", v, hit["id"], "--reveal")
    assert revealed["body"] == lines[0]["body"]

    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"kind": "desk", "title": "fine"}) + "\n{broken\n", "utf-8")
    result = run("import", v, str(bad), "--json")
    assert result.returncode == 1
    assert "Line 2" in result.stderr and result.stdout == ""
    assert "Traceback" not in result.stderr
    assert ok_json("search", v, "fine")["results"] == []


def test_auditor_reads_pseudonyms_and_every_write_or_reveal_exits_4(
    vault: dict[str, str], tmp_path: Path
) -> None:
    v = vault["vault"]
    listed = ok_json("source", "list", v, passphrase=AUDITOR)["sources"]
    assert [s["pseudonym"] for s in listed] == [vault["pseudonym"]]
    shown = ok_json("show", v, vault["note"], passphrase=AUDITOR)
    assert "Gosia" not in json.dumps(shown, ensure_ascii=False)
    assert ok_json("search", v, vault["pseudonym"], passphrase=AUDITOR)["results"]
    body = tmp_path / "b.txt"
    body.write_text("x", "utf-8")
    jsonl = tmp_path / "i.jsonl"
    jsonl.write_text('{"kind": "desk", "title": "x"}\n', "utf-8")
    refused = [
        ("source", "list", v, "--reveal"),
        ("show", v, vault["note"], "--reveal"),
        ("source", "add", v, "--name", "Someone Else"),
        ("note", "add", v, "--kind", "desk", "--title", "x", "--body-file", str(body)),
        ("import", v, str(jsonl)),
    ]
    for args in refused:
        result = run(*args, passphrase=AUDITOR)
        assert result.returncode == 4, (args, result.stderr)
        assert result.stdout == ""
        message = result.stderr.strip()
        assert message.count("\n") == 0 and "Traceback" not in message
        assert "Wiśniewska" not in message and "Gosia" not in message
    verified = ok_json("verify", v, passphrase=AUDITOR)
    assert verified["ok"], verified["problems"]


def test_usage_errors_exit_1(vault: dict[str, str]) -> None:
    v = vault["vault"]
    assert run("note", "add", v, "--kind", "poem", "--title", "x").returncode == 1
    assert (
        run("note", "add", v, "--kind", "desk", "--title", "x", "--date", "3 May").returncode == 1
    )
    assert run("show", v, "no-such-note").returncode == 1
    assert (
        run("note", "add", v, "--kind", "desk", "--title", "x", "--source", "Nobody").returncode
        == 1
    )
    result = run("note", "add", v, "--kind", "desk", "--title", "stdin", "--body-file", "-",
                 "--json", stdin="Gosia by stdin")  # fmt: skip
    assert result.returncode == 0
    shown = ok_json("show", v, json.loads(result.stdout)["id"])
    assert shown["body"] == vault["pseudonym"] + " by stdin"
    assert run("show", v, vault["note"], passphrase="wrong passphrase!").returncode == 2


def test_nothing_in_the_database_names_the_source(vault: dict[str, str]) -> None:
    from influence_desk.vault.vault import Vault

    with Vault.open(Path(vault["vault"]), LEAD) as opened:
        assert opened.role is Role.LEAD
        key = opened._shared().data_key
    assert leaked_names(Path(vault["vault"]), key, [NAME, "Gosia", "gosia@example.pl"]) == []
