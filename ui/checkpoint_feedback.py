"""What the history page says about a checkpoint typed into it: the core's answer
(influence_desk.checkpoints) as a banner, before anything is verified."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.i18n import translate as _t
from ui.tasks import user_message
from ui.widgets import Banner

if TYPE_CHECKING:
    from influence_desk.checkpoints import CheckpointCheck
    from ui.session import Session


def checkpoint_feedback(session: Session, text: str) -> CheckpointCheck | str:
    """The core's answer for ``text``, or one sentence saying why the vault could not be
    asked (locked, busy)."""
    try:
        with session.gui_admin() as admin:
            return admin.check_checkpoint(text)
    except Exception as exc:
        return user_message(exc)


def describe_checkpoint(checked: CheckpointCheck) -> tuple[str, str]:
    """(banner level, sentence): a typo or an unknown checkpoint is a warning to look
    again, never "tampering"; only a contradicted one is a problem."""
    from influence_desk.checkpoints import CheckpointState

    level = {
        CheckpointState.MALFORMED: Banner.WARNING,
        CheckpointState.UNKNOWN: Banner.WARNING,
        CheckpointState.CONTRADICTED: Banner.PROBLEM,
        CheckpointState.CONFIRMED: Banner.OK,
    }[checked.state]
    return level, _sentence(checked)


def _sentence(checked: CheckpointCheck) -> str:
    """The core's sentence in the interface's language (the core writes English)."""
    n = checked.figures
    why = checked.why
    if why == "confirmed" and len(n) == 1:
        return _t("checkpoint", "Checkpoint {0} is confirmed: entry {0} of this history is "
                  "exactly the one it names.").format(*n)
    if why == "unknown" and len(n) == 2:
        return _t("checkpoint", "This history has {0} entries, so checkpoint {1} is unknown "
                  "here: it comes from a newer copy of this vault (this one is older, or was "
                  "rolled back) or from another vault.").format(*n)
    if why == "unknown_copies" and len(n) == 1:
        return _t("checkpoint", "No entry held here is checkpoint {0}: it comes from a copy "
                  "whose changes have not reached this one yet (sync, then check again), from "
                  "an older or rolled-back copy, or from another vault.").format(*n)
    if why == "contradicted" and len(n) == 1:
        return _t("checkpoint", "Checkpoint {0} is contradicted: entry {0} of this history is a "
                  "different one. The history up to it was rewritten after the checkpoint was "
                  "printed, or the checkpoint belongs to another vault.").format(*n)
    if why == "length" and len(n) == 1:
        return _t("checkpoint", "This checkpoint's hash has {0} characters; a checkpoint's hash "
                  "has 64 (0-9, a-f). Compare it with the printed one.").format(*n)
    if why == "hash_typo" and len(n) == 2:
        if n[1] != 64:
            return _t("checkpoint", "This checkpoint looks mistyped: its hash is a character or "
                      "two away from entry {0}'s (it has {1} characters; a checkpoint's hash has "
                      "64). Compare it with the printed one, character by character.").format(*n)
        return _t("checkpoint", "This checkpoint looks mistyped: its hash is a character or two "
                  "away from entry {0}'s. Compare it with the printed one, character by "
                  "character.").format(n[0])
    if why == "number_typo" and len(n) == 2:
        return _t("checkpoint", "This checkpoint looks mistyped: its hash is entry {0}'s, not "
                  "entry {1}'s. Check the number before the colon.").format(*n)
    return _t("errors", checked.message)  # a fixed sentence (the format one is listed)
