"""A checkpoint typed by an auditor: a typo is a typo (malformed), a checkpoint from a newer
copy is unknown, the right one is confirmed, and only a different entry of that number
contradicts the history."""

from __future__ import annotations

from datetime import datetime

from desk_support import DeskVault

from influence_desk.admin import Administration
from influence_desk.checkpoints import CheckpointState
from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import NoteKind, Role


def _vault_with_entries(desk_vault: DeskVault) -> str:
    with desk_vault.open(Role.LEAD) as vault:
        desk = Desk(vault)
        for n in range(3):
            desk.add_note(NoteDraft(NoteKind.DESK, f"Note {n}", datetime(2024, 5, 2)))
        return vault.checkpoint()


def _flip(text: str, at: int) -> str:
    return text[:at] + ("0" if text[at] != "0" else "1") + text[at + 1 :]


def test_each_kind_of_checkpoint_gets_its_own_answer(desk_vault: DeskVault) -> None:
    checkpoint = _vault_with_entries(desk_vault)
    seq, digest = checkpoint.split(":")
    with desk_vault.open(Role.AUDITOR) as vault:
        admin = Administration(vault)

        confirmed = admin.check_checkpoint(checkpoint)
        assert confirmed.state is CheckpointState.CONFIRMED
        assert confirmed.against == (int(seq), digest)
        assert "confirmed" in confirmed.message

        # One character wrong in the hash: a typo, never "rewritten".
        typo = admin.check_checkpoint(_flip(checkpoint, len(seq) + 10))
        assert typo.state is CheckpointState.MALFORMED
        assert "mistyped" in typo.message and typo.against is None
        # One character missing: malformed, with what is wrong.
        short = admin.check_checkpoint(checkpoint[:-1])
        assert short.state is CheckpointState.MALFORMED
        assert "63" in short.message
        # Two characters swapped, and the wrong entry number with the right hash.
        swapped = digest[:5] + digest[6] + digest[5] + digest[7:]
        if swapped != digest:
            assert admin.check_checkpoint(f"{seq}:{swapped}").state is CheckpointState.MALFORMED
        wrong_number = admin.check_checkpoint(f"{int(seq) + 1}:{digest}")
        assert wrong_number.state is CheckpointState.MALFORMED
        assert f"entry {seq}'s" in wrong_number.message
        # Spaces and upper case from copying a printed page are fine.
        assert admin.check_checkpoint(f" {seq} : {digest.upper()} ").state is (
            CheckpointState.CONFIRMED
        )
        assert admin.check_checkpoint("hello").state is CheckpointState.MALFORMED

        unknown = admin.check_checkpoint(f"{int(seq) + 500}:{'ab' * 32}")
        assert unknown.state is CheckpointState.UNKNOWN
        assert f"has {seq} entries" in unknown.message

        contradicted = admin.check_checkpoint(f"2:{'ab' * 32}")
        assert contradicted.state is CheckpointState.CONTRADICTED
        assert "rewritten" in contradicted.message
