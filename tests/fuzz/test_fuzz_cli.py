"""Fuzzing the command line: random argv against a real vault, in-process and as a process.

Arguments are drawn from the real commands and options, random words, and values a user
might type or paste: the vault's path, files that do not exist, folders, binary files, dates,
checkpoints, numbers. Every run must end with an exit code of DESIGN §9 (0 to 5), never a
traceback and never the "internal error" sentence that stands for an unexpected exception.
The passphrase in the environment is the lead's, the auditor's or a wrong one.
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fuzzing import examples, no_hang
from hypothesis import given
from hypothesis import strategies as st

from influence_desk import crypto
from influence_desk.cli import run
from influence_desk.desk import Desk
from influence_desk.model import Role, SourceIdentity
from influence_desk.vault.vault import Vault

LEAD = "fuzz: lead passphrase"
AUDITOR = "fuzz: auditor passphrase"
COMMANDS = [
    "init",
    "slot",
    "passwd",
    "rekey",
    "backup",
    "verify",
    "history",
    "source",
    "note",
    "import",
    "search",
    "show",
    "export",
    "add",
    "list",
    "remove",
    "--json",
]
OPTIONS = ["--json", "--checkpoint", "--label", "--role", "--kind", "--title", "--name",
           "--alias", "--limit", "--passphrase-file", "--new-passphrase-file", "--body-file",
           "--reveal", "--tag", "--date", "--from", "--to", "--profile", "--out", "--query",
           "--event", "--org", "--source", "--consent", "--pseudonyms", "--role-desc",
           "--contact", "--summary", "--", "-", "--nope"]  # fmt: skip


@dataclass(frozen=True)
class Place:
    work: Path  # the current directory of every run
    vault: Path
    note_id: str
    values: tuple[str, ...]


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Place:
    work = tmp_path_factory.mktemp("fuzz-cli")
    vault_path = work / "v.idvault"
    with Vault.create(vault_path, label="Lena", passphrase=LEAD, kdf=crypto.floor_params()) as v:
        v.add_slot(Role.AUDITOR, "Ada", AUDITOR, crypto.floor_params())
        desk = Desk(v)
        source = desk.register_source(SourceIdentity("Jonas Quill"))
        desk.import_jsonl(['{"kind": "desk", "title": "Seen", "body": "Jonas Quill"}'])
        note_id = desk.note_ids()[0]
    (work / "binary.bin").write_bytes(bytes(range(256)) * 4)
    (work / "lines.jsonl").write_text('{"kind": "desk", "title": "From a file"}\n{"kind"\n')
    (work / "empty.txt").write_text("")
    (work / "pass.txt").write_text(LEAD + "\n")
    (work / "folder").mkdir()
    values = (str(vault_path), "v.idvault", str(work / "missing.idvault"), "binary.bin",
              "lines.jsonl", "empty.txt", "pass.txt", "folder", "out.pdf", "/", note_id,
              source.pseudonym, "lead", "auditor", "researcher", "booth", "team", "public",
              "audit", "2026-02-14", "2026-13-45", "0", "-1", "99999999999999999999",
              "1:" + "0" * 64, "x:y", "", " ", "é", "\x00", "Jonas Quill", "--json")  # fmt: skip
    return Place(work, vault_path, note_id, values)


@pytest.fixture
def cli_env(place: Place, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.chdir(place.work)
    monkeypatch.setenv("INFLUENCE_DESK_TEST_FAST_KDF", "1")
    monkeypatch.setenv("INFLUENCE_DESK_NEW_PASSPHRASE", "fuzz: a new passphrase")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    yield


def _argv(place: Place, rng_words: list[int], texts: list[str]) -> list[str]:
    tokens = COMMANDS + OPTIONS + list(place.values)
    return [tokens[i % len(tokens)] if i >= 0 else texts[i % len(texts)] for i in rng_words]


ARGV_INDEXES = st.lists(st.integers(-5, 200), max_size=9)
TEXTS = st.lists(st.text(max_size=12), min_size=1, max_size=5)
PASSPHRASES = st.sampled_from([LEAD, AUDITOR, "fuzz: wrong passphrase"])


def _check(code: int, err: str) -> None:
    assert 0 <= code <= 5, (code, err)
    assert "Traceback" not in err, err
    assert "internal error" not in err, err


@examples(120, full=3000)
@given(ARGV_INDEXES, TEXTS, PASSPHRASES)
def test_cli_in_process(
    place: Place,
    cli_env: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    indexes: list[int],
    texts: list[str],
    passphrase: str,
) -> None:
    monkeypatch.setenv("INFLUENCE_DESK_PASSPHRASE", passphrase)
    argv = _argv(place, indexes, texts)
    capsys.readouterr()
    with no_hang(60):
        try:
            code = run(argv)
        except SystemExit as exc:  # argparse's --help / --version: exit 0 by design
            code = exc.code if isinstance(exc.code, int) else 1
    _check(code, capsys.readouterr().err)


def test_cli_as_a_process(place: Place) -> None:
    rng = random.Random(20260501)
    env = {**os.environ, "INFLUENCE_DESK_TEST_FAST_KDF": "1",
           "INFLUENCE_DESK_NEW_PASSPHRASE": "fuzz: a new passphrase"}  # fmt: skip
    fixed = [["verify", str(place.vault), "--checkpoint", "x"], ["show", str(place.vault), "nope"],
             ["import", str(place.vault), "binary.bin"], ["note"], ["search"]]  # fmt: skip
    runs = fixed + [
        _argv(place, [rng.randrange(-5, 200) for _ in range(rng.randrange(1, 7))], ["zz", "é"])
        for _ in range(5)
    ]
    for argv in runs:
        env["INFLUENCE_DESK_PASSPHRASE"] = rng.choice([LEAD, AUDITOR, "fuzz: wrong"])
        result = subprocess.run(
            [sys.executable, "-m", "influence_desk", *argv], capture_output=True, text=True,
            env=env, cwd=place.work, timeout=120, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        _check(result.returncode, result.stderr)
