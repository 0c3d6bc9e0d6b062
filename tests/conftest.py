"""Fixtures shared by tests/core and tests/cli for notes, sources and search.

One template vault (lead, researcher, auditor; Argon2id at the floor so the suite stays
fast) is built per session; each test gets its own copy of the folder. Helpers live in
tests/desk_support.py (importable as ``desk_support``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from desk_support import DESK_AUDITOR, DESK_LEAD, DESK_RESEARCHER, DeskVault

from influence_desk import crypto
from influence_desk.model import Role
from influence_desk.vault.vault import Vault


@pytest.fixture(scope="session")
def desk_vault_template(tmp_path_factory: pytest.TempPathFactory) -> DeskVault:
    folder = tmp_path_factory.mktemp("desk-template") / "desk.idvault"
    vault = Vault.create(folder, label="Lena", passphrase=DESK_LEAD, kdf=crypto.floor_params())
    try:
        vault.add_slot(Role.RESEARCHER, "Rafa", DESK_RESEARCHER, crypto.floor_params())
        vault.add_slot(Role.AUDITOR, "Ada", DESK_AUDITOR, crypto.floor_params())
    finally:
        vault.close()
    return DeskVault(folder)


@pytest.fixture
def desk_vault(desk_vault_template: DeskVault, tmp_path: Path) -> DeskVault:
    target = tmp_path / "desk.idvault"
    shutil.copytree(desk_vault_template.path, target)
    return DeskVault(target)


@pytest.fixture
def lead_vault(desk_vault: DeskVault) -> Iterator[Vault]:
    vault = desk_vault.open(Role.LEAD)
    try:
        yield vault
    finally:
        vault.close()


# --- the full fault-injection and fuzzing runs ------------------------------------------------

FULL_RELIABILITY_ENV = "INFLUENCE_DESK_FULL_RELIABILITY"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--full-reliability",
        action="store_true",
        help=f"the long kill and fuzz runs (same as {FULL_RELIABILITY_ENV}=1); "
        "by default tests/reliability and tests/fuzz run a fast subset",
    )


def pytest_configure(config: pytest.Config) -> None:
    # Subprocesses (the installed `influence-desk`, kill campaigns) import the code of this
    # checkout, not whatever checkout the shared venv's editable install points at.
    root = str(Path(__file__).resolve().parents[1])
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if root not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([root, *[p for p in paths if p]])
    # The CLI remembers which slot opened a vault in the user's settings (platformdirs):
    # tests and their subprocesses keep theirs in a folder of their own.
    if "INFLUENCE_DESK_TEST_CONFIG_HOME" not in os.environ:
        import tempfile

        home = tempfile.mkdtemp(prefix="influence-desk-test-config-")
        os.environ["INFLUENCE_DESK_TEST_CONFIG_HOME"] = home
        os.environ["XDG_CONFIG_HOME"] = home
    if config.getoption("--full-reliability"):
        os.environ[FULL_RELIABILITY_ENV] = "1"  # read by tests/reliability and tests/fuzz
