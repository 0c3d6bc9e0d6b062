"""The Settings dialog's automatic sync for the open vault on this computer: on unlock,
every N minutes while unlocked, on lock (``influence_desk.sync_settings``, by vault id;
nothing of the vault's content). The folder itself is chosen on the Sync tab."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QSpinBox, QWidget

from influence_desk.sync_settings import (
    DEFAULT_INTERVAL_MINUTES,
    MAX_INTERVAL_MINUTES,
    MIN_INTERVAL_MINUTES,
    SyncFolderMemory,
    SyncFolderSettings,
)
from ui.widgets import muted

if TYPE_CHECKING:
    from ui.session import Session


class SyncSettingsBox(QGroupBox):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Automatic sync of this vault"), parent)
        self.setObjectName("syncSettings")
        self.session = session
        self.memory = SyncFolderMemory()
        stored = self.memory.get(session.vault_id)
        self.before = stored
        form = QFormLayout(self)
        self.on_unlock = QCheckBox(self.tr("When the vault is &unlocked"))
        self.on_unlock.setChecked(stored.on_unlock)
        self.periodic = QCheckBox(self.tr("While unlocked, e&very"))
        self.periodic.setChecked(stored.every_minutes is not None)
        self.minutes = QSpinBox()
        self.minutes.setObjectName("syncMinutes")
        self.minutes.setRange(MIN_INTERVAL_MINUTES, MAX_INTERVAL_MINUTES)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setValue(stored.every_minutes or DEFAULT_INTERVAL_MINUTES)
        self.minutes.setAccessibleName(self.tr("Sync every this many minutes"))
        self.periodic.toggled.connect(self.minutes.setEnabled)
        self.minutes.setEnabled(self.periodic.isChecked())
        row = QHBoxLayout()
        row.addWidget(self.periodic)
        row.addWidget(self.minutes)
        row.addStretch(1)
        self.on_lock = QCheckBox(self.tr("When the vault locks (&before the keys go)"))
        self.on_lock.setChecked(stored.on_lock)
        form.addRow(self.on_unlock)
        form.addRow(row)
        form.addRow(self.on_lock)
        self.note = muted()
        form.addRow(self.note)
        if not session.can_write:
            self.note.setText(self.tr("An auditor's copy is read-only and never syncs."))
            self.setEnabled(False)
        elif stored.folder is None:
            self.note.setText(self.tr("No sync folder yet: choose one on the Sync tab."))
        else:
            self.note.setText(self.tr("Sync folder: {}").format(stored.folder))

    def values(self) -> SyncFolderSettings:
        return replace(
            self.before,
            on_unlock=self.on_unlock.isChecked(),
            every_minutes=int(self.minutes.value()) if self.periodic.isChecked() else None,
            on_lock=self.on_lock.isChecked(),
        )

    def save(self) -> None:
        if self.isEnabled() and self.values() != self.before:
            # The folder as it is now: the Sync tab may have chosen one while this was open.
            now = self.memory.get(self.session.vault_id)
            self.memory.set(self.session.vault_id, replace(self.values(), folder=now.folder))
