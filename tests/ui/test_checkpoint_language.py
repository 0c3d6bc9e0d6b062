"""The checkpoint answers in the interface's language: a German auditor read English
sentences for every state (the core writes them in English, with numbers in them)."""

from __future__ import annotations

import hashlib

import pytest

from influence_desk.checkpoints import check_checkpoint, check_replicated_checkpoint

HEAD = 54
REAL = {seq: hashlib.sha256(str(seq).encode()).hexdigest() for seq in range(1, HEAD + 1)}
TYPO = "54:" + ("0" if REAL[54][0] != "0" else "1") + REAL[54][1:]  # one character off


def _hash_of(seq: int) -> str | None:
    return REAL.get(seq)


CASES = {
    "confirmed": (f"54:{REAL[54]}", "Prüfpunkt 54 ist bestätigt"),
    "unknown": (f"99:{'ab' * 32}", "Diese Historie hat 54 Einträge, Prüfpunkt 99 ist hier"),
    "contradicted": (f"54:{'ab' * 32}", "Prüfpunkt 54 wird widerlegt"),
    "length": ("54:abc", "Der Hash dieses Prüfpunkts hat 3 Zeichen"),
    "hash_typo": (TYPO, "Dieser Prüfpunkt scheint vertippt: Sein Hash weicht"),
    "number_typo": (
        f"45:{REAL[54]}", "Dieser Prüfpunkt scheint vertippt: Sein Hash ist der von Eintrag 54"
    ),
    "format": ("not a checkpoint", "Ein Prüfpunkt wird NR:HASH geschrieben"),
    "unknown_copies": (f"7:{'ab' * 32}", "Kein hier gehaltener Eintrag ist Prüfpunkt 7"),
}


@pytest.mark.parametrize("why", sorted(CASES))
def test_every_checkpoint_answer_is_said_in_english_and_german(qtbot, why: str) -> None:
    from ui.checkpoint_feedback import describe_checkpoint
    from ui.i18n import apply_language

    text, german = CASES[why]
    if why == "unknown_copies":  # a copy holding several replicas' chains
        checked = check_replicated_checkpoint(
            text, lambda n: [REAL[n]] if n in REAL else [], lambda h: False
        )
    else:
        checked = check_checkpoint(text, _hash_of, HEAD)
    assert checked.why == why
    assert describe_checkpoint(checked)[1] == checked.message  # English as the CLI says it
    try:
        assert apply_language("de")
        assert describe_checkpoint(checked)[1].startswith(german)
    finally:
        apply_language("en")
