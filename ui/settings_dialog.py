"""Settings: this computer's (idle lock, language, key-derivation time, default export
profile: a JSON file without content) and, when a vault is open, the vault's own (the
pseudonym style: leads only, signed into its history)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from influence_desk.model import PseudonymStyle
from ui import labels
from ui.appsettings import IDLE_MINUTES_RANGE, KDF_SECONDS_RANGE, AppSettings
from ui.i18n import language_names
from ui.sync_settings_box import SyncSettingsBox
from ui.tasks import user_message
from ui.theme import theme_names
from ui.widgets import InlineMessage, muted

if TYPE_CHECKING:
    from ui.session import Session


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: AppSettings,
        *,
        session: Session | None = None,
        lock_status: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.settings = settings
        self.session = session
        self._style_before: str | None = None
        layout = QVBoxLayout(self)

        box = QGroupBox(self.tr("On this computer"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.idle_spin = QSpinBox()
        self.idle_spin.setObjectName("idleMinutes")
        self.idle_spin.setRange(*IDLE_MINUTES_RANGE)
        self.idle_spin.setSuffix(self.tr(" min"))
        self.idle_spin.setValue(settings.idle_minutes)
        self.idle_spin.setAccessibleName(self.tr("Lock after this many idle minutes"))
        form.addRow(self.tr("Lock after &idle:"), self.idle_spin)
        self.lock_note = muted(lock_status)
        self.lock_note.setObjectName("lockSupport")
        form.addRow("", self.lock_note)

        self.language_combo = QComboBox()
        self.language_combo.setObjectName("language")
        self.language_combo.setAccessibleName(self.tr("Language"))
        for code, name in language_names():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.language)))
        form.addRow(self.tr("&Language:"), self.language_combo)
        form.addRow("", muted(self.tr("Windows opened from now on use the new language; "
                                      "restart Influence Desk to see all of it.")))  # fmt: skip

        self.theme_combo = QComboBox()
        self.theme_combo.setObjectName("theme")
        self.theme_combo.setAccessibleName(self.tr("Colour theme"))
        for key, name in theme_names():
            self.theme_combo.addItem(name, key)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(settings.theme)))
        form.addRow(self.tr("&Theme:"), self.theme_combo)

        self.kdf_spin = QDoubleSpinBox()
        self.kdf_spin.setObjectName("kdfSeconds")
        self.kdf_spin.setRange(*KDF_SECONDS_RANGE)
        self.kdf_spin.setSingleStep(0.5)
        self.kdf_spin.setDecimals(1)
        self.kdf_spin.setSuffix(self.tr(" s"))
        self.kdf_spin.setValue(settings.kdf_seconds)
        self.kdf_spin.setAccessibleName(self.tr("Key derivation time in seconds"))
        form.addRow(self.tr("&Key derivation:"), self.kdf_spin)
        form.addRow("", muted(self.tr("How long unlocking takes for passphrases set from now on "
                                      "(new vaults, new people, changed passphrases). Longer "
                                      "is harder to guess by brute force.")))  # fmt: skip

        self.profile_combo = QComboBox()
        self.profile_combo.setObjectName("defaultProfile")
        self.profile_combo.setAccessibleName(self.tr("Default export profile"))
        self._fill_profiles()
        form.addRow(self.tr("Default &export:"), self.profile_combo)
        layout.addWidget(box)

        self.vault_box = QGroupBox(self.tr("This vault"))
        vault_form = QFormLayout(self.vault_box)
        self.style_combo = QComboBox()
        self.style_combo.setObjectName("pseudonymStyle")
        self.style_combo.setAccessibleName(self.tr("Pseudonym style"))
        self.style_combo.addItem(self.tr("Codenames, e.g. “Amber Heron”"), PseudonymStyle.CODENAME)
        self.style_combo.addItem(self.tr("Codes, e.g. “S-014”"), PseudonymStyle.CODE)
        vault_form.addRow(self.tr("&Pseudonyms:"), self.style_combo)
        self.style_note = muted()
        vault_form.addRow("", self.style_note)
        layout.addWidget(self.vault_box)
        self._fill_vault()
        self.sync_box: SyncSettingsBox | None = None
        if session is not None:
            self.sync_box = SyncSettingsBox(session)
            layout.addWidget(self.sync_box)

        self.message = InlineMessage()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _fill_profiles(self) -> None:
        from influence_desk.export.profiles import BUILTIN_PROFILES

        found = dict(BUILTIN_PROFILES)
        if self.session is not None:
            from influence_desk.export.service import profiles

            try:
                with self.session.gui() as desk:
                    found = profiles(desk)
            except Exception:
                found = dict(BUILTIN_PROFILES)  # busy or locked: the built-in ones will do
        for key, profile in found.items():
            if profile.between_vaults:
                continue  # JSON lines for another vault: never the export one starts with
            self.profile_combo.addItem(labels.profile_name(key, profile.name), key)
        index = self.profile_combo.findData(self.settings.default_profile)
        if index < 0:
            self.profile_combo.addItem(self.settings.default_profile, self.settings.default_profile)
            index = self.profile_combo.count() - 1
        self.profile_combo.setCurrentIndex(index)

    def _fill_vault(self) -> None:
        session = self.session
        if session is None:
            self.vault_box.hide()
            return
        try:
            with session.gui() as desk:
                style = desk.pseudonym_style.value
                lead = session.admin.is_lead
        except Exception as exc:
            self.style_note.setText(user_message(exc))
            self.style_combo.setEnabled(False)
            return
        self._style_before = style
        self.style_combo.setCurrentIndex(max(0, self.style_combo.findData(style)))
        self.style_combo.setEnabled(lead)
        self.style_note.setText(
            self.tr("For sources registered from now on; existing pseudonyms never change.")
            if lead else self.tr("Only a lead can change this.")
        )  # fmt: skip

    def values(self) -> AppSettings:
        return replace(  # what this dialog does not show is kept as it was
            self.settings,
            idle_minutes=int(self.idle_spin.value()),
            default_profile=str(self.profile_combo.currentData() or "team"),
            kdf_seconds=float(self.kdf_spin.value()),
            language=str(self.language_combo.currentData() or ""),
            theme=str(self.theme_combo.currentData() or "system"),
        )

    def pseudonym_style(self) -> str | None:
        """The vault's new style, if a lead changed it."""
        if self.session is None or not self.style_combo.isEnabled():
            return None
        style = str(self.style_combo.currentData())
        return style if style != self._style_before else None

    def _accept(self) -> None:
        style = self.pseudonym_style()
        if style is not None and self.session is not None:
            try:
                with self.session.gui(timeout=2.0) as desk:
                    desk.set_setting("pseudonym_style", style)
            except Exception as exc:
                self.message.show_error(user_message(exc))
                return
        if self.sync_box is not None:
            self.sync_box.save()
        self.accept()
