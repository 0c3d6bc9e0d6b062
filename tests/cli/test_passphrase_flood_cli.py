"""The CLI refuses a guessable new passphrase with the policy's sentence, and opens a vault
stuffed with costly key slots only through the slot this computer remembers.

Runs the installed ``influence-desk`` in a subprocess with its own settings folder
(INFLUENCE_DESK_CONFIG_DIR), slots at the KDF floor.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_slots import hostile_slot

from influence_desk.passphrase_policy import REFUSAL
from influence_desk.vault.unlocking import TOO_COSTLY

EXE = Path(sys.executable).with_name("influence-desk")
LEAD = "lead: correct horse battery"
AUDITOR = "auditor: tranquil ochre kettle"


def run_cli(
    *args: str, config: Path, passphrase: str | None = None, new: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INFLUENCE_DESK_")}
    env["INFLUENCE_DESK_TEST_FAST_KDF"] = "1"
    env["INFLUENCE_DESK_CONFIG_DIR"] = str(config)
    if passphrase is not None:
        env["INFLUENCE_DESK_PASSPHRASE"] = passphrase
    if new is not None:
        env["INFLUENCE_DESK_NEW_PASSPHRASE"] = new
    return subprocess.run(
        [str(EXE), *args], env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def refused_with(result: subprocess.CompletedProcess[str], code: int, sentence: str) -> None:
    assert result.returncode == code, result.stderr
    assert result.stderr == f"influence-desk: {sentence}\n"
    assert result.stdout == ""


@pytest.mark.parametrize(
    "weak", ["12345678", "password1", "qwertyuiop", "Lena Lena Lena", "lena2026!", "short"]
)
def test_init_refuses_a_guessable_passphrase(tmp_path: Path, weak: str) -> None:
    result = run_cli(
        "init", str(tmp_path / "field"), "--label", "Lena", config=tmp_path / "c", new=weak
    )
    refused_with(result, 1, REFUSAL)
    assert not (tmp_path / "field.idvault").exists()


def test_init_accepts_several_unrelated_words_and_slot_add_and_passwd_refuse_weak_ones(
    tmp_path: Path,
) -> None:
    config = tmp_path / "c"
    vault = str(tmp_path / "field.idvault")
    made = run_cli("init", vault, "--label", "Lena", "--json", config=config, new=LEAD)
    assert made.returncode == 0, made.stderr
    before = (tmp_path / "field.idvault" / "vault.json").read_bytes()
    refused_with(
        run_cli("slot", "add", vault, "--role", "auditor", "--label", "Ada", config=config,
                passphrase=LEAD, new="12345678"),
        1, REFUSAL,
    )  # fmt: skip
    refused_with(run_cli("passwd", vault, config=config, passphrase=LEAD, new="12345678"),
                 1, REFUSAL)  # fmt: skip
    assert (tmp_path / "field.idvault" / "vault.json").read_bytes() == before
    added = run_cli("slot", "add", vault, "--role", "auditor", "--label", "Ada", config=config,
                    passphrase=LEAD, new=AUDITOR)  # fmt: skip
    assert added.returncode == 0, added.stderr


def _flood(vault: Path, count: int) -> None:
    doc = json.loads((vault / "vault.json").read_text())
    doc["slots"] = [hostile_slot(i) for i in range(count)] + doc["slots"]
    (vault / "vault.json").write_text(json.dumps(doc))


def test_a_flooded_vault_opens_from_the_computer_that_remembers_the_slot(
    tmp_path: Path,
) -> None:
    here, elsewhere = tmp_path / "here", tmp_path / "elsewhere"
    vault = tmp_path / "field.idvault"
    assert run_cli("init", str(vault), "--label", "Lena", config=here, new=LEAD).returncode == 0
    _flood(vault, 60)  # 60 slots at 1 GiB x 5 passes before the real one
    listed = run_cli("slot", "list", str(vault), "--json", config=here, passphrase=LEAD)
    assert listed.returncode == 0, listed.stderr
    assert [s["label"] for s in json.loads(listed.stdout)["slots"] if s["you"]] == ["Lena"]
    # Another computer remembers nothing: refused at once, before any derivation.
    refused_with(run_cli("slot", "list", str(vault), config=elsewhere, passphrase=LEAD),
                 3, TOO_COSTLY)  # fmt: skip
    refused_with(run_cli("slot", "list", str(vault), config=here, passphrase="not my words"),
                 3, TOO_COSTLY)  # fmt: skip
