"""History per replica: a vault from before replicas migrates as one replica (one signed
entry), its v1 entries stay verifiable, checkpoints printed before still hold, and new
entries carry the replica, its numbering and a clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from influence_desk import crypto, schema
from influence_desk.history import GENESIS_PREV, Entry, parse_checkpoint, read_entries
from influence_desk.vault.vault import Vault

LEAD = "lead passphrase for replica tests"


def _setting(vault: Vault, key: str, value: str) -> None:
    store = vault.store
    assert store is not None
    with store.transaction():
        store.set_meta(key, value)
        vault.writer().append("vault.settings", "vault:meta", store.all_meta())


def _entries(vault: Vault) -> list[Entry]:
    assert vault.store is not None
    return list(read_entries(vault.store))


@pytest.fixture
def old_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """A vault made by an app from before replicas (schema REPLICAS_SINCE - 1), with a
    checkpoint printed then."""
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[: schema.REPLICAS_SINCE - 1])
        vault = Vault.create(tmp_path / "old", label="Lena", passphrase=LEAD,
                             kdf=crypto.floor_params())  # fmt: skip
        _setting(vault, "idle.minutes", "5")
        checkpoint = vault.checkpoint()
        assert all(e.version == 1 for e in _entries(vault))
        path = vault.path
        vault.close()
    return path, checkpoint


def test_old_vault_migrates_as_one_replica(old_vault: tuple[Path, str]) -> None:
    path, old_checkpoint = old_vault
    with Vault.open(path, LEAD) as vault:
        entries = _entries(vault)
        v1 = [e for e in entries if e.version == 1]
        migration = entries[len(v1)]
        assert migration.action == "vault.migrate"
        assert migration.payload["to"] == schema.REPLICAS_SINCE
        # The migration's entry continues the v1 chain on this copy's replica.
        assert migration.version == 2 and migration.replica == vault.store.local_replica()  # type: ignore[union-attr]
        assert migration.rseq == v1[-1].seq + 1 and migration.prev_hash == v1[-1].entry_hash
        _setting(vault, "idle.minutes", "9")
        last = _entries(vault)[-1]
        assert (last.version, last.rseq, last.seq) == (2, last.seq, last.seq)
        assert vault.checkpoint() == f"{last.seq}:{last.entry_hash}"
        report = vault.verify(parse_checkpoint(old_checkpoint))
        assert report.ok, report.problems
        assert report.head == vault.checkpoint()


def test_new_vault_starts_per_replica(tmp_path: Path) -> None:
    with Vault.create(tmp_path / "new", label="Lena", passphrase=LEAD,
                      kdf=crypto.floor_params()) as vault:  # fmt: skip
        genesis = _entries(vault)[0]
        assert genesis.version == 2 and genesis.rseq == 1 and genesis.prev_hash == GENESIS_PREV
        assert genesis.clock == 1 and genesis.heads == {}
        assert vault.verify().ok


def test_replica_numbering_altered_is_caught(tmp_path: Path) -> None:
    """The replica columns are covered by the hash: renumbering an entry on its replica
    is reported, however the rows are kept."""
    with Vault.create(tmp_path / "v", label="Lena", passphrase=LEAD,
                      kdf=crypto.floor_params()) as vault:  # fmt: skip
        _setting(vault, "idle.minutes", "3")
        store = vault.store
        assert store is not None
        with store.transaction():
            store._exec("UPDATE history SET rseq = rseq + 5, clock = clock + 5 WHERE seq = 2")
        text = " | ".join(str(p) for p in vault.verify().problems)
        assert "history entry 2: its content does not match its hash" in text
        assert "out of sequence on its replica" in text


def test_a_team_that_updates_the_app_keeps_syncing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each copy migrates its own database on its next open and signs that on its own
    chain; the others take that entry as an event and go on applying what follows."""
    from sync_team import add_note, close_all, desk_of, make_team, sync, titles, verified

    released = list(schema.MIGRATIONS)
    monkeypatch.setattr(schema, "MIGRATIONS", released[:-1])  # (the release before)
    team = make_team(tmp_path, 2)
    monkeypatch.setattr(schema, "MIGRATIONS", released)
    try:
        written = {path: add_note(team, path, f"After the update on {path.name}", "text")
                   for path in team.all}  # fmt: skip
        for _round in range(2):
            for path in team.all:
                assert sync(team, path).refused == []
        for path in team.all:
            with desk_of(team, path) as desk:
                counts = desk.history_action_counts()
            assert counts.get("vault.migrate", 0) >= len(team.all)  # (each copy's own)
            assert set(written.values()) <= set(titles(team, path))
            assert verified(team, path)
    finally:
        close_all()
