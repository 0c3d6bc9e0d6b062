"""The first screen: open a recent vault, create one, or try the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from influence_desk.model import PseudonymStyle
from influence_desk.vault.layout import display_name
from influence_desk.vault.vault import is_vault
from ui import recent
from ui.folder_check import FolderCheck, FolderStatus, check_folder, create_folder
from ui.widgets import BusyRow, InlineMessage, heading, muted, with_shortcut

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def _short(path: Path) -> str:
    """A folder as people read it: '~/Documents' rather than '/home/alex/Documents'."""
    home = str(Path.home())
    text = str(path)
    return "~" + text[len(home) :] if text == home or text.startswith(home + "/") else text


def _centred(inner: QWidget, max_width: int) -> QWidget:
    """``inner`` centred horizontally and vertically, never wider than ``max_width``."""
    inner.setMaximumWidth(max_width)
    outer = QWidget()
    grid = QGridLayout(outer)
    grid.setContentsMargins(24, 24, 24, 24)
    grid.addWidget(inner, 1, 1)
    grid.setRowStretch(0, 1)
    grid.setRowStretch(2, 2)
    grid.setColumnStretch(0, 1)
    grid.setColumnStretch(2, 1)
    return outer


class WelcomePage(QWidget):
    open_requested = Signal(Path)
    create_requested = Signal()
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setSpacing(14)
        column.addWidget(heading(self.tr("Influence Desk"), 2.0))
        column.addWidget(
            muted(
                self.tr(
                    "Encrypted field notes for research on the political-data industry. "
                    "Sources stay pseudonymous, even inside the vault; everything stays on "
                    "this computer."
                )
            )
        )
        column.addSpacing(8)

        boxes = QHBoxLayout()
        boxes.setSpacing(16)
        column.addLayout(boxes)

        open_box = QGroupBox(self.tr("Open a vault"))
        open_layout = QVBoxLayout(open_box)
        self.recent_list = QListWidget()
        self.recent_list.setAccessibleName(self.tr("Recent vaults"))
        self.recent_list.setIconSize(QSize(20, 20))
        self.recent_list.setMinimumHeight(150)
        self.recent_list.itemActivated.connect(self._open_item)
        self.recent_list.currentItemChanged.connect(self._update_buttons)
        self.empty_label = muted(
            self.tr("Vaults you create or open are listed here (the demo is not: it is made "
                    "fresh each time).")
        )  # fmt: skip
        open_layout.addWidget(QLabel(self.tr("Recent")))
        open_layout.addWidget(self.recent_list, 1)
        open_layout.addWidget(self.empty_label)
        row = QHBoxLayout()
        self.open_button = QPushButton(self.tr("&Open"))
        self.open_button.setDefault(True)
        self.open_button.setToolTip(self.tr("Open the selected vault (Enter)"))
        self.open_button.clicked.connect(self._open_current)
        self.browse_button = QPushButton(self.tr("&Browse…"))
        self.browse_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.browse_button.setToolTip(
            with_shortcut(self.tr("Find a vault folder on disk"), QKeySequence("Ctrl+O"))
        )
        self.browse_button.clicked.connect(self._browse)
        row.addStretch(1)
        row.addWidget(self.browse_button)
        row.addWidget(self.open_button)
        open_layout.addLayout(row)
        boxes.addWidget(open_box, 3)

        start_box = QGroupBox(self.tr("Start"))
        start_layout = QVBoxLayout(start_box)
        self.create_button = QPushButton(self.tr("&Create a new vault…"))
        self.create_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self.create_button.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        self.create_button.setToolTip(
            with_shortcut(self.tr("Create an encrypted vault"), QKeySequence("Ctrl+N"))
        )
        self.create_button.clicked.connect(self.create_requested)
        start_layout.addWidget(self.create_button)
        start_layout.addWidget(
            muted(self.tr("You become its lead: you can add team members and auditors later."))
        )
        start_layout.addSpacing(10)
        self.demo_button = QPushButton(self.tr("Try the &demo vault"))
        self.demo_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))
        self.demo_button.setShortcut(QKeySequence("Ctrl+D"))
        self.demo_button.setToolTip(
            with_shortcut(self.tr("A fresh vault of fictional notes"), QKeySequence("Ctrl+D"))
        )
        self.demo_button.clicked.connect(self.demo_requested)
        start_layout.addWidget(self.demo_button)
        start_layout.addWidget(
            muted(self.tr("Fictional trade-fair notes, sources and events, to look around."))
        )
        start_layout.addStretch(1)
        boxes.addWidget(start_box, 2)

        self.busy = BusyRow()
        self.message = InlineMessage()
        column.addWidget(self.busy)
        column.addWidget(self.message)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_centred(inner, 860))
        self.refresh()

    def refresh(self) -> None:
        self.recent_list.clear()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        for path in recent.load_recent():
            name = display_name(path)
            item = QListWidgetItem(icon, f"{name}\n{_short(path.parent)}")
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(str(path))
            if not path.exists():
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(self.tr("Not found: {}").format(path))
            self.recent_list.addItem(item)
        has = self.recent_list.count() > 0
        self.empty_label.setVisible(not has)
        if has:
            self.recent_list.setCurrentRow(0)
        self._update_buttons()

    def set_busy(self, text: str | None) -> None:
        for w in (self.open_button, self.browse_button, self.create_button, self.demo_button):
            w.setEnabled(text is None)
        if text is None:
            self.busy.stop()
            self._update_buttons()
        else:
            self.message.clear()
            self.busy.start(text)

    def _update_buttons(self) -> None:
        item = self.recent_list.currentItem()
        self.open_button.setEnabled(
            item is not None and bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)
        )

    def _open_item(self, item: QListWidgetItem) -> None:
        if item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.open_requested.emit(Path(item.data(PATH_ROLE)))

    def _open_current(self) -> None:
        item = self.recent_list.currentItem()
        if item is not None:
            self._open_item(item)

    def _browse(self) -> None:
        start = str(recent.documents_dir())
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Open a vault (a folder ending in .idvault)"), start
        )
        if not folder:
            return
        path = Path(folder)
        if not is_vault(path):
            self.message.show_error(
                self.tr("That folder is not an Influence Desk vault (no vault.json in it).")
            )
            return
        self.open_requested.emit(path)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.recent_list.setFocus)


class CreatePage(QWidget):
    """New vault: where, who you are, a passphrase (twice, with a strength estimate)."""

    create_requested = Signal(Path, str, str, object)  # path, label, passphrase, style
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("create")
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setSpacing(12)
        column.addWidget(heading(self.tr("Create a vault")))
        column.addWidget(
            muted(
                self.tr(
                    "A vault is an encrypted folder. Nobody can open it without a passphrase: "
                    "if you forget yours and nobody else has a key slot, the notes are gone."
                )
            )
        )
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)

        self.folder_edit = QLineEdit(str(recent.documents_dir()))
        self.folder_edit.setAccessibleName(self.tr("Folder"))
        browse = QPushButton(self.tr("Choose…"))
        browse.setToolTip(self.tr("Choose the folder the vault is created in"))
        browse.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        # A layout cannot be a label's buddy: without one the "&" would show as typed.
        folder_label = QLabel(self.tr("&Folder:"))
        folder_label.setBuddy(self.folder_edit)
        form.addRow(folder_label, folder_row)
        # Checked as it is typed; a missing folder (~/Documents on a fresh system) is
        # offered to be made, not reported after every other field is filled.
        self.folder_status = muted()
        self.folder_status.setObjectName("folderStatus")
        self.folder_status.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.make_folder_button = QPushButton(self.tr("Create this fol&der"))
        self.make_folder_button.clicked.connect(self._make_folder)
        status_row = QVBoxLayout()  # the sentence on its own line: the column is narrow
        status_row.setContentsMargins(0, 0, 0, 0)
        status_row.setSpacing(4)
        status_row.addWidget(self.folder_status)
        status_row.addWidget(self.make_folder_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.folder_row_widget = QWidget()
        self.folder_row_widget.setLayout(status_row)
        form.addRow("", self.folder_row_widget)
        self._folder: FolderCheck = check_folder("")

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("e.g. fair-research-2026"))
        self.name_edit.setAccessibleName(self.tr("Vault name"))
        form.addRow(self.tr("Vault &name:"), self.name_edit)

        self.label_edit = QLineEdit()
        self.label_edit.setPlaceholderText(self.tr("How your team knows you, e.g. Alex"))
        self.label_edit.setAccessibleName(self.tr("Your name in this vault"))
        self.label_edit.setMaxLength(200)
        form.addRow(self.tr("&Your name:"), self.label_edit)

        self.pass_edit = QLineEdit()
        self.pass_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pass_edit.setPlaceholderText(self.tr("Several words you can type without looking"))
        self.pass_edit.setAccessibleName(self.tr("Passphrase"))
        form.addRow(self.tr("&Passphrase:"), self.pass_edit)

        self.strength = QProgressBar()
        self.strength.setRange(0, 4)
        self.strength.setValue(0)
        self.strength.setTextVisible(True)
        self.strength.setFormat(self.tr("Strength: —"))
        self.strength.setAccessibleName(self.tr("Passphrase strength"))
        self.strength_hint = muted()
        strength_box = QVBoxLayout()
        strength_box.setSpacing(2)
        strength_box.addWidget(self.strength)
        strength_box.addWidget(self.strength_hint)
        form.addRow("", strength_box)

        self.repeat_edit = QLineEdit()
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit.setAccessibleName(self.tr("Repeat the passphrase"))
        form.addRow(self.tr("&Repeat:"), self.repeat_edit)

        self.style_combo = QComboBox()
        self.style_combo.addItem(self.tr("Codenames, e.g. “Amber Heron”"), PseudonymStyle.CODENAME)
        self.style_combo.addItem(self.tr("Codes, e.g. “S-014”"), PseudonymStyle.CODE)
        self.style_combo.setAccessibleName(self.tr("Pseudonym style"))
        self.style_combo.setToolTip(self.tr("How sources are named on screen and in exports"))
        form.addRow(self.tr("P&seudonyms:"), self.style_combo)
        column.addLayout(form)

        self.message = InlineMessage()
        self.busy = BusyRow()
        column.addWidget(self.message)
        column.addWidget(self.busy)

        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.back_button.setToolTip(with_shortcut(self.tr("Back to the start"), "Esc"))
        self.back_button.clicked.connect(self.back_requested)
        self.create_button = QPushButton(self.tr("Create vault"))
        self.create_button.setDefault(True)
        self.create_button.setAutoDefault(True)
        self.create_button.clicked.connect(self._create)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        column.addLayout(buttons)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.NoFrame)
        column.addWidget(line, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_centred(inner, 640))

        self._score = 0
        self._acceptable = False
        self._strength_timer = QTimer(self)
        self._strength_timer.setSingleShot(True)
        self._strength_timer.setInterval(150)
        self._strength_timer.timeout.connect(self._estimate)
        for edit in (self.pass_edit, self.label_edit, self.name_edit):
            edit.textChanged.connect(self._strength_timer.start)
        for edit in (self.folder_edit, self.name_edit):
            edit.textChanged.connect(self._check_folder)
        for edit in (self.pass_edit, self.repeat_edit, self.name_edit, self.label_edit):
            edit.textChanged.connect(self._update_button)
            edit.returnPressed.connect(self._create)
        self.setTabOrder(self.folder_edit, browse)
        self.setTabOrder(browse, self.make_folder_button)
        self.setTabOrder(self.make_folder_button, self.name_edit)
        self.setTabOrder(self.name_edit, self.label_edit)
        self.setTabOrder(self.label_edit, self.pass_edit)
        self.setTabOrder(self.pass_edit, self.repeat_edit)
        self.setTabOrder(self.repeat_edit, self.style_combo)
        self.setTabOrder(self.style_combo, self.create_button)
        self._check_folder()

    def reset(self) -> None:
        for edit in (self.name_edit, self.label_edit, self.pass_edit, self.repeat_edit):
            edit.clear()
        self.message.clear()
        self.set_busy(None)
        self._check_folder()
        self.name_edit.setFocus()

    def set_busy(self, text: str | None) -> None:
        for w in (self.folder_edit, self.name_edit, self.label_edit, self.pass_edit,
                  self.repeat_edit, self.style_combo, self.back_button):  # fmt: skip
            w.setEnabled(text is None)
        if text is None:
            self.busy.stop()
            self._update_button()
        else:
            self.create_button.setEnabled(False)
            self.message.clear()
            self.busy.start(text)

    def show_error(self, text: str) -> None:
        self.set_busy(None)
        self.message.show_error(text)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Folder for the new vault"), self.folder_edit.text()
        )
        if folder:
            self.folder_edit.setText(folder)

    def _check_folder(self) -> None:
        self._folder = check_folder(self.folder_edit.text(), self.name_edit.text())
        self.folder_status.setText(self._folder.message)
        self.make_folder_button.setVisible(self._folder.status is FolderStatus.MISSING)
        self.folder_row_widget.setVisible(bool(self._folder.message))
        self._update_button()

    def _make_folder(self) -> None:
        if self._folder.folder is None:
            return
        problem = create_folder(self._folder.folder)
        if problem:
            self.message.show_error(problem)
        self._check_folder()
        if self._folder.ready:
            self.name_edit.setFocus()

    def _estimate(self) -> None:
        text = self.pass_edit.text()
        if not text:
            self._score = 0
            self._acceptable = False
            self.strength.setValue(0)
            self.strength.setFormat(self.tr("Strength: —"))
            self.strength_hint.clear()
            self._update_button()
            return
        from influence_desk.passphrase_policy import estimate

        # The same estimate the core applies when the vault is created.
        strength = estimate(text, [self.label_edit.text(), self.name_edit.text()])
        score = strength.score
        self._score = score
        self._acceptable = strength.acceptable
        names = [
            self.tr("very weak"), self.tr("weak"), self.tr("fair"), self.tr("strong"),
            self.tr("very strong"),
        ]  # fmt: skip
        self.strength.setValue(score)
        self.strength.setFormat(self.tr("Strength: {}").format(names[score]))
        hint = strength.hint
        if not strength.acceptable and not hint:
            hint = self.tr("Add another word or two.")
        self.strength_hint.setText(hint)
        self._update_button()

    def _problem(self) -> str | None:
        if not self._folder.ready:
            return self._folder.message
        if not self.name_edit.text().strip():
            return self.tr("Give the vault a name.")
        if not self.label_edit.text().strip():
            return self.tr("Say how your team knows you.")
        if self._strength_timer.isActive():
            self._strength_timer.stop()
            self._estimate()
        if not self._acceptable:
            from ui.tasks import refusal

            return refusal()  # the core's sentence, the one the CLI prints
        if self.pass_edit.text() != self.repeat_edit.text():
            return self.tr("The two passphrases differ.")
        return None

    def _update_button(self) -> None:
        ready = (
            self._folder.ready
            and bool(self.name_edit.text().strip())
            and bool(self.label_edit.text().strip())
            and bool(self.pass_edit.text())
            and self.pass_edit.text() == self.repeat_edit.text()
            and self._acceptable
        )
        if not self.busy.isVisible():
            self.create_button.setEnabled(ready)

    def _create(self) -> None:
        problem = self._problem()
        if problem:
            self.message.show_warning(problem)
            return
        folder = Path(self.folder_edit.text().strip()).expanduser()
        name = self.name_edit.text().strip()
        if "/" in name or name in (".", ".."):
            self.message.show_warning(self.tr("A vault name cannot contain “/”."))
            return
        self.create_requested.emit(
            folder / name,
            self.label_edit.text().strip(),
            self.pass_edit.text(),
            self.style_combo.currentData(),
        )
