"""Vault fixtures for the core tests.

Test modules use these as fixtures only (``from conftest import`` is fragile once several
conftest.py files exist); they import ``TeamVault`` for annotations under TYPE_CHECKING.

Creating a vault costs a few Argon2id derivations (~0.17 s each at the floor), so one
template vault is built per session and each test gets its own copy of the folder.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from influence_desk import crypto
from influence_desk.model import Role
from influence_desk.vault.vault import Vault

LEAD_PASSPHRASE = "lead: correct horse battery"
RESEARCHER_PASSPHRASE = "researcher: staple mirror lagoon"
AUDITOR_PASSPHRASE = "auditor: tranquil ochre kettle"
PADDING_SETTINGS = 40  # ~2 KB each: notes.db gets enough pages to cut some off


@dataclass(frozen=True)
class TeamVault:
    """A closed vault with a lead, a researcher and an auditor, each at the KDF floor."""

    path: Path
    vault_id: str
    lead_id: str
    researcher_id: str
    auditor_id: str

    def passphrase(self, role: Role) -> str:
        return {
            Role.LEAD: LEAD_PASSPHRASE,
            Role.RESEARCHER: RESEARCHER_PASSPHRASE,
            Role.AUDITOR: AUDITOR_PASSPHRASE,
        }[role]

    def slot_id(self, role: Role) -> str:
        return {
            Role.LEAD: self.lead_id,
            Role.RESEARCHER: self.researcher_id,
            Role.AUDITOR: self.auditor_id,
        }[role]

    def open(self, role: Role = Role.LEAD) -> Vault:
        return Vault.open(self.path, self.passphrase(role), slot_hint=self.slot_id(role))


def build_team_vault(path: Path, *, padding: int = PADDING_SETTINGS) -> TeamVault:
    vault = Vault.create(
        path, label="Lena Lead", passphrase=LEAD_PASSPHRASE, kdf=crypto.floor_params()
    )
    try:
        researcher = vault.add_slot(
            Role.RESEARCHER, "Rafa Researcher", RESEARCHER_PASSPHRASE, crypto.floor_params()
        )
        auditor = vault.add_slot(
            Role.AUDITOR, "Ada Auditor", AUDITOR_PASSPHRASE, crypto.floor_params()
        )
        store = vault.store
        assert store is not None
        # Signed settings changes: notes.db grows to a few dozen pages and still verifies.
        with store.transaction():
            for i in range(padding):
                store.set_meta(f"test.padding.{i:03d}", f"{i:03d}" * 700)
            vault.writer().append("vault.settings", "vault:meta", store.all_meta())
        return TeamVault(vault.path, vault.vault_id, vault.slot_id, researcher.id, auditor.id)
    finally:
        vault.close()


def digest_folder(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``, by relative path: "nothing changed on disk"."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def team_template(tmp_path_factory: pytest.TempPathFactory) -> TeamVault:
    return build_team_vault(tmp_path_factory.mktemp("template") / "team.idvault")


@pytest.fixture
def team(team_template: TeamVault, tmp_path: Path) -> TeamVault:
    """A private copy of the template vault for one test."""
    target = tmp_path / "team.idvault"
    shutil.copytree(team_template.path, target)
    return TeamVault(
        target,
        team_template.vault_id,
        team_template.lead_id,
        team_template.researcher_id,
        team_template.auditor_id,
    )


@pytest.fixture
def folder_digest() -> Callable[[Path], dict[str, str]]:
    return digest_folder


@pytest.fixture
def no_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything derives a key: hostile input must be refused before that."""

    def forbidden(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("a key was derived from hostile KDF parameters")

    monkeypatch.setattr(crypto, "derive_passphrase_key", forbidden)
    monkeypatch.setattr(crypto, "Argon2id", forbidden)
