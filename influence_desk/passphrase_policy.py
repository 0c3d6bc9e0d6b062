"""The one rule for new passphrases, for the CLI and the app alike.

A slot's passphrase is all that stands between a stolen laptop and the sources, and the
KDF only slows guessing down (about a second per guess here, far less on a cracking rig).
zxcvbn estimates how many guesses a passphrase would take, against dictionaries, names,
keyboard patterns, dates and the person's own label; we ask for its score 3 ("safely
unguessable", about 10^8 guesses or more) and at least 8 characters. The refusal is one
fixed sentence, the same in the terminal and in every dialog.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from influence_desk.errors import BadInput

MIN_SCORE = 3  # zxcvbn: 0 too guessable … 4 very unguessable
MIN_LENGTH = 8
# zxcvbn's cost grows with length squared; the first 100 characters decide the estimate.
ESTIMATE_CHARS = 100

REFUSAL = "This passphrase is too easy to guess; use four or more unrelated words."


@dataclass(frozen=True)
class PassphraseStrength:
    score: int  # 0..4, as zxcvbn scores
    acceptable: bool
    hint: str  # zxcvbn's advice (English) when not acceptable; "" otherwise

    def __repr__(self) -> str:  # nothing of the passphrase, ever
        return f"PassphraseStrength(score={self.score}, acceptable={self.acceptable})"


def estimate(passphrase: str, context: Iterable[str] = ()) -> PassphraseStrength:
    """How hard ``passphrase`` is to guess; ``context``: words the person is known by (their
    label, the vault's name), which make a passphrase built from them weak."""
    from zxcvbn import zxcvbn

    text = unicodedata.normalize("NFC", passphrase)
    if not text:
        return PassphraseStrength(0, False, "")
    inputs = [c for c in context if c and c.strip()]
    result = zxcvbn(text[:ESTIMATE_CHARS], user_inputs=inputs)
    score = int(result.get("score", 0))
    if len(text) < MIN_LENGTH:
        score = min(score, 1)
    acceptable = score >= MIN_SCORE
    feedback = result.get("feedback") or {}
    hint = (
        ""
        if acceptable
        else str(feedback.get("warning") or " ".join(feedback.get("suggestions") or []))
    )
    return PassphraseStrength(score, acceptable, hint)


def check_new_passphrase(passphrase: str, context: Iterable[str] = ()) -> None:
    """Raise ``BadInput(REFUSAL)`` unless ``passphrase`` may protect a key slot."""
    if not estimate(passphrase, context).acceptable:
        raise BadInput(REFUSAL)
