"""The vault commands as a script sees them: JSON shapes, exit codes, one-line errors.

Every command runs the installed ``influence-desk`` in a subprocess, with passphrases in the
environment (never as arguments) and slots at the KDF floor (INFLUENCE_DESK_TEST_FAST_KDF).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

EXE = Path(sys.executable).with_name("influence-desk")
LEAD = "lead: correct horse battery"
RESEARCHER = "researcher: staple mirror lagoon"
AUDITOR = "auditor: tranquil ochre kettle"
HEAD = re.compile(r"\d+:[0-9a-f]{64}")


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run_cli(
    *args: str,
    passphrase: str | bytes | None = None,
    new: str | None = None,
    cwd: Path | None = None,
) -> Result:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INFLUENCE_DESK_")}
    env["INFLUENCE_DESK_TEST_FAST_KDF"] = "1"
    if passphrase is not None:
        env["INFLUENCE_DESK_PASSPHRASE"] = (
            passphrase if isinstance(passphrase, str) else os.fsdecode(passphrase)
        )
    if new is not None:
        env["INFLUENCE_DESK_NEW_PASSPHRASE"] = new
    proc = subprocess.run(
        [str(EXE), *args], env=env, cwd=cwd, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return Result(proc.returncode, proc.stdout, proc.stderr)


def assert_ok(result: Result) -> Result:
    assert result.code == 0, result.err
    assert result.err == ""
    return result


def assert_fails(result: Result, code: int, *words: str) -> Result:
    """Exit ``code``, one plain sentence on stderr, no traceback, nothing on stdout."""
    assert result.code == code, (result.code, result.err)
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("influence-desk: ")
    assert "Traceback" not in result.err and "Error:" not in result.err
    assert result.out == ""
    for word in words:
        assert word in lines[0], lines[0]
    return result


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@dataclass(frozen=True)
class Team:
    path: Path
    researcher_id: str
    auditor_id: str

    @property
    def vault(self) -> str:
        return str(self.path)


@pytest.fixture(scope="module")
def team_template(tmp_path_factory: pytest.TempPathFactory) -> Team:
    folder = tmp_path_factory.mktemp("cli-template")
    made = assert_ok(run_cli("init", str(folder / "team"), "--label", "Lena", "--json", new=LEAD))
    path = folder / "team.idvault"
    assert made.json()["vault_id"]
    ids = {}
    for role, label, words in (("researcher", "Rafa", RESEARCHER), ("auditor", "Ada", AUDITOR)):
        added = assert_ok(
            run_cli("slot", "add", str(path), "--role", role, "--label", label, "--json",
                    passphrase=LEAD, new=words)
        )  # fmt: skip
        ids[role] = added.json()["slot_id"]
    return Team(path, ids["researcher"], ids["auditor"])


@pytest.fixture
def team(team_template: Team, tmp_path: Path) -> Team:
    target = tmp_path / "team.idvault"
    shutil.copytree(team_template.path, target)
    return Team(target, team_template.researcher_id, team_template.auditor_id)


# --- init -------------------------------------------------------------------------------


def test_init_prints_vault_id_and_fingerprint(tmp_path: Path) -> None:
    result = assert_ok(
        run_cli("init", str(tmp_path / "field"), "--label", "Lena", "--json", new=LEAD)
    )
    data = result.json()
    assert str(uuid.UUID(data["vault_id"])) == data["vault_id"]
    assert re.fullmatch(r"[0-9A-F]{4}( [0-9A-F]{4}){3}", data["fingerprint"])
    folder = tmp_path / "field.idvault"
    for name in ("vault.json", "notes.db"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
    verified = assert_ok(run_cli("verify", str(folder), "--json", passphrase=LEAD)).json()
    assert verified["ok"] is True and verified["problems"] == []
    assert verified["entries"] == 2 and HEAD.fullmatch(verified["head"])
    listed = assert_ok(run_cli("slot", "list", str(folder), "--json", passphrase=LEAD)).json()
    assert listed["fingerprint"] == data["fingerprint"]
    assert [(s["label"], s["role"], s["you"]) for s in listed["slots"]] == [("Lena", "lead", True)]


def test_init_human_output_names_the_fingerprint(tmp_path: Path) -> None:
    result = assert_ok(run_cli("init", str(tmp_path / "field"), "--label", "Lena", new=LEAD))
    assert "Fingerprint:" in result.out


def test_init_needs_a_passphrase_from_env_file_or_terminal(tmp_path: Path) -> None:
    assert_fails(run_cli("init", str(tmp_path / "field"), "--label", "Lena"), 1, "passphrase")
    assert_fails(run_cli("init", str(tmp_path / "f2"), "--label", "Lena", new="short"), 1)
    assert list(tmp_path.iterdir()) == []


def test_init_reads_a_passphrase_file(tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text(LEAD + "\nsecond line is ignored\n")
    assert_ok(run_cli("init", str(tmp_path / "f"), "--label", "L", "--new-passphrase-file",
                      str(words)))  # fmt: skip
    assert_ok(run_cli("verify", str(tmp_path / "f.idvault"), passphrase=LEAD))
    assert_ok(run_cli("verify", str(tmp_path / "f.idvault"), "--passphrase-file", str(words)))


def test_a_passphrase_is_never_taken_from_an_argument(team: Team, tmp_path: Path) -> None:
    before = digest(team.path)
    for flag in ("--passphrase", "--password", "-p"):
        assert run_cli("slot", "list", team.vault, flag, LEAD, cwd=tmp_path).code == 1
    assert run_cli("init", str(tmp_path / "x"), "--label", "L", "--passphrase", LEAD,
                   cwd=tmp_path).code == 1  # fmt: skip
    assert run_cli("init", str(tmp_path / "y"), "--label", "L", "--new-passphrase", LEAD,
                   cwd=tmp_path).code == 1  # fmt: skip
    assert not (tmp_path / "x.idvault").exists() and not (tmp_path / "y.idvault").exists()
    assert digest(team.path) == before


# --- people -----------------------------------------------------------------------------


def test_slot_add_prints_slot_id_and_role(team: Team) -> None:
    result = assert_ok(
        run_cli("slot", "add", team.vault, "--role", "researcher", "--label", "Noor", "--json",
                passphrase=LEAD, new="noor's own words")
    )  # fmt: skip
    data = result.json()
    assert re.fullmatch(r"[0-9a-f]{16}", data["slot_id"]) and data["role"] == "researcher"
    listed = assert_ok(run_cli("slot", "list", team.vault, "--json", passphrase=LEAD)).json()
    by_id = {s["slot_id"]: s for s in listed["slots"]}
    assert by_id[data["slot_id"]]["label"] == "Noor"
    assert by_id[data["slot_id"]]["added_by"] == "Lena"
    assert {s["role"] for s in listed["slots"]} == {"lead", "researcher", "auditor"}
    assert_ok(run_cli("verify", team.vault, passphrase="noor's own words"))


@pytest.mark.parametrize(("who", "words"), [("researcher", RESEARCHER), ("auditor", AUDITOR)])
def test_only_a_lead_manages_people_and_keys(team: Team, who: str, words: str) -> None:
    before = digest(team.path)
    assert_fails(
        run_cli("slot", "add", team.vault, "--role", "lead", "--label", "Usurper",
                passphrase=words, new="usurper words"), 4,
    )  # fmt: skip
    assert_fails(run_cli("slot", "remove", team.vault, team.auditor_id, passphrase=words), 4)
    assert_fails(run_cli("rekey", team.vault, passphrase=words), 4)
    after = digest(team.path)
    assert after["vault.json"] == before["vault.json"]
    assert after["notes.db"] == before["notes.db"]


def test_an_auditor_cannot_back_up(team: Team) -> None:
    assert_fails(run_cli("backup", team.vault, passphrase=AUDITOR), 4)


def test_slot_remove_locks_the_person_out(team: Team) -> None:
    result = assert_ok(run_cli("slot", "remove", team.vault, team.researcher_id, "--json",
                               passphrase=LEAD))  # fmt: skip
    assert result.json() == {"removed": team.researcher_id}
    assert_fails(run_cli("verify", team.vault, passphrase=RESEARCHER), 2, "passphrase")
    human = assert_ok(run_cli("slot", "remove", team.vault, team.auditor_id, passphrase=LEAD))
    assert "rekey" in human.out  # the user is told removal does not take back the key
    assert_fails(run_cli("slot", "remove", team.vault, "0123456789abcdef", passphrase=LEAD), 1)


# --- passphrases ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [("verify",), ("slot", "list"), ("passwd",), ("rekey",), ("backup",),
                ("history",)],
)  # fmt: skip
def test_wrong_passphrase_exits_2_and_changes_nothing(team: Team, command: tuple[str, ...]) -> None:
    before = digest(team.path)
    assert_fails(
        run_cli(*command, team.vault, passphrase="not anyone's passphrase", new="whatever new"),
        2, "passphrase",
    )  # fmt: skip
    assert digest(team.path) == before


def test_a_passphrase_that_is_not_utf8_is_a_plain_error(team: Team) -> None:
    assert_fails(run_cli("verify", team.vault, passphrase=b"caf\xe9 au lait"), 1, "UTF-8")


def test_passwd_old_fails_new_works(team: Team) -> None:
    before = json.loads((team.path / "vault.json").read_text())["slots"]
    assert_ok(run_cli("passwd", team.vault, passphrase=RESEARCHER, new="a fresh passphrase"))
    after = json.loads((team.path / "vault.json").read_text())["slots"]
    assert [s for s in after if s["id"] != team.researcher_id] == [
        s for s in before if s["id"] != team.researcher_id
    ]
    assert_fails(run_cli("verify", team.vault, passphrase=RESEARCHER), 2)
    assert_ok(run_cli("verify", team.vault, passphrase="a fresh passphrase"))
    assert_ok(run_cli("verify", team.vault, passphrase=LEAD))
    assert_fails(run_cli("passwd", team.vault, passphrase=LEAD, new="short"), 1)


# --- rekey, backup, verify, history ------------------------------------------------------


def test_rekey_keeps_every_slot_working(team: Team) -> None:
    result = assert_ok(run_cli("rekey", team.vault, "--json", passphrase=LEAD))
    assert result.json() == {"rekeyed": True, "slots": 3}
    for words in (LEAD, RESEARCHER, AUDITOR):
        assert assert_ok(run_cli("verify", team.vault, "--json", passphrase=words)).json()["ok"]
    human = assert_ok(run_cli("rekey", team.vault, passphrase=LEAD))
    assert "what they saw before stays seen" in human.out


def test_backup_writes_an_encrypted_snapshot(team: Team) -> None:
    result = assert_ok(run_cli("backup", team.vault, "--json", passphrase=LEAD))
    backup = Path(result.json()["backup"])
    assert backup.parent == team.path / "backups" and backup.is_file()
    assert not backup.read_bytes().startswith(b"SQLite format 3")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_verify_checks_a_checkpoint(team: Team) -> None:
    head = assert_ok(run_cli("verify", team.vault, "--json", passphrase=AUDITOR)).json()["head"]
    assert_ok(run_cli("verify", team.vault, "--checkpoint", head, passphrase=AUDITOR))
    seq = head.split(":")[0]
    forged = assert_fails_json(
        run_cli("verify", team.vault, "--checkpoint", f"{seq}:{'0' * 64}", "--json",
                passphrase=AUDITOR), 3,
    )  # fmt: skip
    assert forged["ok"] is False and forged["problems"]
    assert set(forged) >= {"ok", "entries", "head", "problems"}
    human = run_cli("verify", team.vault, "--checkpoint", f"{seq}:{'0' * 64}", passphrase=AUDITOR)
    assert human.code == 3 and "FAILED" in human.out
    assert human.err.strip().startswith("influence-desk: verification failed")
    assert_fails(run_cli("verify", team.vault, "--checkpoint", "yesterday", passphrase=LEAD), 1)
    assert forged["checkpoint"]["state"] == "contradicted"
    confirmed = run_cli("verify", team.vault, "--checkpoint", head, "--json", passphrase=AUDITOR)
    assert confirmed.json()["checkpoint"]["state"] == "confirmed"
    # One character mistyped: bad input (exit 1) that says so, not a failed verification.
    digest = head.split(":")[1]
    typo = f"{seq}:{digest[:-1]}{'0' if digest[-1] != '0' else '1'}"
    mistyped = run_cli("verify", team.vault, "--checkpoint", typo, passphrase=AUDITOR)
    assert mistyped.code == 1 and "mistyped" in mistyped.err and "FAILED" not in mistyped.out


def assert_fails_json(result: Result, code: int) -> Any:
    assert result.code == code, result.err
    assert "Traceback" not in result.err
    return result.json()


def test_history_lists_signed_entries(team: Team) -> None:
    data = assert_ok(run_cli("history", team.vault, "--json", passphrase=AUDITOR)).json()
    entries = data["entries"]
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0]["action"] == "vault.create" and entries[0]["actor"] == "Lena"
    assert [e["action"] for e in entries].count("slot.add") == 2
    newest = assert_ok(
        run_cli("history", team.vault, "--limit", "1", "--json", passphrase=LEAD)
    ).json()["entries"]
    assert newest == entries[-1:]


# --- one writer at a time ---------------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys, time
    from influence_desk.vault.vault import Vault
    vault = Vault.open(sys.argv[1], sys.argv[2])
    print("open", flush=True)
    time.sleep(120)
    """
)


@pytest.fixture
def writer_elsewhere(team: Team) -> Iterator[None]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, team.vault, LEAD], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        yield
    finally:
        holder.kill()
        holder.wait()


def test_a_second_writer_gets_exit_5(team: Team, writer_elsewhere: None) -> None:
    assert_fails(run_cli("slot", "list", team.vault, passphrase=RESEARCHER), 5, "open elsewhere")
    assert_fails(run_cli("passwd", team.vault, passphrase=LEAD, new="new words here"), 5)


def test_an_auditor_works_next_to_a_writer(team: Team, writer_elsewhere: None) -> None:
    assert assert_ok(run_cli("verify", team.vault, "--json", passphrase=AUDITOR)).json()["ok"]


# --- damage -----------------------------------------------------------------------------


def _edit_json(team: Team, change: Any) -> None:
    doc = json.loads((team.path / "vault.json").read_text())
    change(doc)
    (team.path / "vault.json").write_text(json.dumps(doc))


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


DAMAGE = {
    "vault.json not JSON": lambda t: (t.path / "vault.json").write_text("{not json"),
    "vault.json huge": lambda t: (t.path / "vault.json").write_text(" " * (2 * 1024 * 1024)),
    "vault.json deeply nested": lambda t: (t.path / "vault.json").write_text(
        "[" * 500_000 + "]" * 500_000
    ),
    "vault.json missing": lambda t: (t.path / "vault.json").unlink(),
    "hostile KDF memory": lambda t: _edit_json(
        t, lambda d: d["slots"][0]["kdf"].update(memory_kib=2**40)
    ),
    "hostile KDF lanes": lambda t: _edit_json(t, lambda d: d["slots"][0]["kdf"].update(lanes=0)),
    "role relabelled": lambda t: _edit_json(
        t, lambda d: [s.update(role="lead") for s in d["slots"] if s["role"] == "auditor"]
    ),
    "notes.db missing": lambda t: (t.path / "notes.db").unlink(),
    "notes.db truncated mid-page": lambda t: os.truncate(
        t.path / "notes.db", (t.path / "notes.db").stat().st_size - 100
    ),
    "notes.db last page cut": lambda t: os.truncate(
        t.path / "notes.db", (t.path / "notes.db").stat().st_size - 4096
    ),
    "notes.db byte flipped": lambda t: _flip(t.path / "notes.db", 4096 + 77),
}


@pytest.mark.parametrize("case", list(DAMAGE))
def test_damage_is_exit_3_in_one_sentence(team: Team, case: str) -> None:
    DAMAGE[case](team)
    words = AUDITOR if case == "role relabelled" else LEAD
    said = {"vault.json missing": "no vault.json", "role relabelled": "was altered"}
    assert_fails(run_cli("verify", team.vault, passphrase=words), 3, said.get(case, "damaged"))


def test_a_newer_vault_says_so(team: Team) -> None:
    _edit_json(team, lambda d: d.update(version=2))
    assert_fails(run_cli("verify", team.vault, passphrase=LEAD), 3, "newer")


# --- usage ------------------------------------------------------------------------------


def test_usage_errors_are_exit_1(team: Team, tmp_path: Path) -> None:
    assert_fails(run_cli("verify", str(tmp_path / "nowhere.idvault"), passphrase=LEAD), 1)
    assert_fails(run_cli("frobnicate", team.vault), 1)
    assert_fails(run_cli("slot", team.vault), 1)
    assert_fails(run_cli("slot", "add", team.vault, "--role", "admin", "--label", "x"), 1)
    assert_fails(run_cli("verify", team.vault), 1, "passphrase")  # no env, no terminal


def test_a_passphrase_typed_as_an_argument_is_neither_used_nor_echoed(tmp_path: Path) -> None:
    """`--passphrase X` is no abbreviation of --passphrase-file, and the error hides X."""
    import subprocess
    import sys

    secret = "hunter2-typed-by-mistake"
    result = subprocess.run(
        [sys.executable, "-m", "influence_desk", "verify", str(tmp_path), "--passphrase", secret],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert secret not in result.stderr and secret not in result.stdout
    assert "Traceback" not in result.stderr
