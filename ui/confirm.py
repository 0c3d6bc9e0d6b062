"""Confirmations before what cannot be taken back lightly: Cancel is the default button (an
Enter pressed by habit does nothing), the action's own button says what it does, and a
reveal names the history entry it will write.

The box is window-modal and opened with ``open()`` (never a nested event loop), like the
Remove confirmation of the team page; ``on_yes`` runs only for the action's button.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from ui.i18n import translate as _t

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.session import Session


def confirm(
    parent: QWidget,
    *,
    name: str,
    title: str,
    text: str,
    informative: str,
    action: str,
    on_yes: Callable[[], None],
    destructive: bool = True,
) -> QMessageBox:
    """Open the confirmation; ``on_yes`` when the person chose ``action``."""
    box = QMessageBox(parent)
    box.setObjectName(name)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(informative)
    roles = QMessageBox.ButtonRole
    role = roles.DestructiveRole if destructive else roles.AcceptRole
    yes = box.addButton(action, role)
    yes.setObjectName("confirmAction")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)

    def answered() -> None:
        if box.clickedButton() is yes:
            on_yes()

    box.finished.connect(lambda _code: answered())
    box.finished.connect(box.deleteLater)
    box.open()
    return box


def next_entry(session: Session) -> int | None:
    """The number the next history entry will get (None if the vault cannot be asked)."""
    try:
        with session.gui_admin() as admin:
            return int(admin.checkpoint().partition(":")[0]) + 1
    except Exception:
        return None


def entry_sentence(session: Session, what: str) -> str:
    """"This writes history entry 68, “Identity revealed”, signed by you." """
    number = next_entry(session)
    if number is None:
        return _t("confirm", "This writes a history entry, “{}”, signed by you.").format(what)
    return _t("confirm", "This writes history entry {}, “{}”, signed by you; everyone who "
              "reads the history sees it.").format(number, what)  # fmt: skip
