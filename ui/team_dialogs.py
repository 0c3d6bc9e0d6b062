"""The People tab's dialogs: add a person, change your own passphrase, and the passphrase
fields both use (typed twice, a strength estimate that must reach the policy's "strong")."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from influence_desk.model import Role
from influence_desk.passphrase_policy import estimate
from ui import labels
from ui.i18n import translate
from ui.tasks import refusal
from ui.widgets import InlineMessage, muted


def role_explanation(role: Role) -> str:
    t = translate
    return {
        Role.RESEARCHER: t("team", "Writes notes and registers sources; can reveal real names."),
        Role.LEAD: t("team", "Like a researcher, and manages who has access."),
        Role.AUDITOR: t(
            "team",
            "Reads pseudonymised notes and verifies history; changes nothing and never "
            "learns who a source is.",
        ),
    }[role]


class PassphraseFields(QWidget):
    """A new passphrase twice, with a strength estimate (zxcvbn) that must reach 'strong'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName(self.tr("New passphrase"))
        self.first.setPlaceholderText(self.tr("Several words they can type without looking"))
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName(self.tr("Repeat the new passphrase"))
        self.strength = QProgressBar()
        self.strength.setRange(0, 4)
        self.strength.setAccessibleName(self.tr("Passphrase strength"))
        self.strength.setFormat(self.tr("Strength: —"))
        self.hint = muted()
        form.addRow(self.tr("&Passphrase:"), self.first)
        form.addRow("", self.strength)
        form.addRow("", self.hint)
        form.addRow(self.tr("&Repeat:"), self.repeat)
        self.score = 0
        self.acceptable = False
        self.context: list[str] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.estimate)
        self.first.textChanged.connect(self._timer.start)

    def estimate(self) -> None:
        self._timer.stop()
        text = self.first.text()
        if not text:
            self.score = 0
            self.acceptable = False
            self.strength.setValue(0)
            self.strength.setFormat(self.tr("Strength: —"))
            self.hint.clear()
            return
        strength = estimate(text, self.context)
        score = strength.score
        self.score = score
        self.acceptable = strength.acceptable
        names = [self.tr("very weak"), self.tr("weak"), self.tr("fair"), self.tr("strong"),
                 self.tr("very strong")]  # fmt: skip
        self.strength.setValue(score)
        self.strength.setFormat(self.tr("Strength: {}").format(names[score]))
        self.hint.setText("" if strength.acceptable else self.tr("Add another word or two."))

    def problem(self) -> str | None:
        self.estimate()
        if not self.acceptable:
            return refusal()  # the core's sentence, the one the CLI prints
        if self.first.text() != self.repeat.text():
            return self.tr("The two passphrases differ.")
        return None

    def passphrase(self) -> str:
        return self.first.text()

    def wipe(self) -> None:
        self.first.setText("")
        self.repeat.setText("")


class AddPersonDialog(QDialog):
    def __init__(self, taken: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addPersonDialog")
        self.setWindowTitle(self.tr("Add a person"))
        self.taken = {t.casefold() for t in taken}
        layout = QVBoxLayout(self)
        layout.addWidget(
            muted(
                self.tr(
                    "They get their own passphrase. Tell it to them in person, never by "
                    "e-mail or chat."
                )
            )
        )
        form = QFormLayout()
        self.role_combo = QComboBox()
        self.role_combo.setAccessibleName(self.tr("Role"))
        for role in (Role.RESEARCHER, Role.AUDITOR, Role.LEAD):
            self.role_combo.addItem(labels.role(role), role)
        self.role_about = muted()
        self.role_combo.currentIndexChanged.connect(
            lambda: self.role_about.setText(role_explanation(self.role()))
        )
        self.label_edit = QLineEdit()
        self.label_edit.setAccessibleName(self.tr("Their name in this vault"))
        self.label_edit.setPlaceholderText(self.tr("How the team knows them, e.g. Sam"))
        self.label_edit.setMaxLength(200)
        form.addRow(self.tr("R&ole:"), self.role_combo)
        form.addRow("", self.role_about)
        form.addRow(self.tr("&Name:"), self.label_edit)
        layout.addLayout(form)
        self.passphrase = PassphraseFields()
        layout.addWidget(self.passphrase)
        self.message = InlineMessage()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add person"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.role_about.setText(role_explanation(self.role()))
        self.setMinimumWidth(480)
        self.label_edit.setFocus()

    def role(self) -> Role:
        return Role(self.role_combo.currentData())

    def label(self) -> str:
        return self.label_edit.text().strip()

    def _accept(self) -> None:
        self.passphrase.context = [self.label()]
        if not self.label():
            self.message.show_warning(self.tr("Say how the team knows this person."))
            return
        if self.label().casefold() in self.taken:
            self.message.show_warning(self.tr("Someone in this vault already has that name."))
            return
        problem = self.passphrase.problem()
        if problem:
            self.message.show_warning(problem)
            return
        self.accept()


class ChangePassphraseDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changePassphraseDialog")
        self.setWindowTitle(self.tr("Change my passphrase"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            muted(
                self.tr(
                    "Only your own passphrase changes; everyone else keeps theirs. The old "
                    "one stops working at once."
                )
            )
        )
        form = QFormLayout()
        self.current = QLineEdit()
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.current.setAccessibleName(self.tr("Current passphrase"))
        form.addRow(self.tr("&Current:"), self.current)
        layout.addLayout(form)
        self.passphrase = PassphraseFields()
        layout.addWidget(self.passphrase)
        self.message = InlineMessage()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Change passphrase")
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.current.setFocus()

    def _accept(self) -> None:
        if not self.current.text():
            self.message.show_warning(self.tr("Type your current passphrase first."))
            return
        problem = self.passphrase.problem()
        if problem:
            self.message.show_warning(problem)
            return
        if self.passphrase.passphrase() == self.current.text():
            self.message.show_warning(self.tr("The new passphrase is the old one."))
            return
        self.accept()


def wipe_passphrases(dialog: ChangePassphraseDialog) -> None:
    dialog.passphrase.wipe()
    dialog.current.setText("")
