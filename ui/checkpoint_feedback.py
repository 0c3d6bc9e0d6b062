"""What the history page says about a checkpoint typed into it: the core's answer
(influence_desk.checkpoints) as a banner, before anything is verified."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    return level, checked.message
