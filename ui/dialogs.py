"""Forms for sources, events and organisations, and the merge chooser."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from influence_desk.model import (
    Consent,
    Event,
    EventKind,
    Organisation,
    OrgType,
    Source,
    SourceIdentity,
)
from ui import labels
from ui.widgets import InlineMessage, muted

if TYPE_CHECKING:
    from influence_desk.desk import Desk
    from ui.catalog import Catalog


def _split(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.strip() for p in text.split(",") if p.strip()))


class _Form(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.layout_.addLayout(self.form)
        self.message = InlineMessage()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(460)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.buttons)

    def problem(self) -> str | None:
        return None

    def _accept(self) -> None:
        problem = self.problem()
        if problem:
            self.message.show_warning(problem)
            return
        self.accept()


@dataclass(frozen=True)
class IdentityEdit:
    """What an edit does to the sealed identity: a typed replacement, or only the
    "too common to match alone" switch of the stored one flipped (read in the worker)."""

    typed: SourceIdentity | None = None
    common_given_name: bool | None = None

    def resolve(self, desk: Desk, source_id: str) -> SourceIdentity | None:
        if self.typed is not None or self.common_given_name is None:
            return self.typed
        return replace(desk.identity(source_id), common_given_name=self.common_given_name)


def stored_common_given_name(desk: Desk, source_id: str) -> bool:
    """The switch as sealed (only the flag leaves the identity, nothing is shown)."""
    return desk.identity(source_id).common_given_name


class SourceDialog(_Form):
    """Register a source (identity required) or edit one (identity replaced only on request)."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        source: Source | None = None,
        name: str = "",
        can_edit_identity: bool = True,
        common_given_name: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("Register a source") if source is None else self.tr("Edit source {}")
        super().__init__(title.format(source.pseudonym if source else ""), parent)
        self.source = source
        self.catalog = catalog
        self.identity_allowed = can_edit_identity
        self.identity_box = QGroupBox(self.tr("Identity (sealed; shown only on request)"))
        id_form = QFormLayout(self.identity_box)
        self.real_name = QLineEdit(name)
        self.real_name.setAccessibleName(self.tr("Real name"))
        self.aliases = QLineEdit()
        self.aliases.setPlaceholderText(self.tr("Other spellings, nicknames; comma-separated"))
        self.aliases.setAccessibleName(self.tr("Aliases"))
        self.contact = QLineEdit()
        self.contact.setPlaceholderText(self.tr("E-mail, phone, handle; comma-separated"))
        self.contact.setAccessibleName(self.tr("Contact details"))
        self.private_notes = QPlainTextEdit()
        self.private_notes.setAccessibleName(self.tr("Private notes about the person"))
        self.private_notes.setFixedHeight(70)
        self.private_notes.setTabChangesFocus(True)
        id_form.addRow(self.tr("Real &name:"), self.real_name)
        id_form.addRow(self.tr("&Aliases:"), self.aliases)
        id_form.addRow(self.tr("&Contact:"), self.contact)
        id_form.addRow(self.tr("Pri&vate notes:"), self.private_notes)
        # Outside the identity box: an edit may flip it without retyping the identity.
        self._common_before = common_given_name
        self.common_given = QCheckBox(self.tr("Given name too common to match alone"))
        self.common_given.setChecked(common_given_name)
        self.common_given.setToolTip(
            self.tr("For a first name many people share (Anna, Thomas): it becomes the "
                    "pseudonym only beside the surname or after a title such as Frau or Dr., "
                    "not on its own. Existing notes are pseudonymised again when you save.")
        )  # fmt: skip
        self.replace_identity = QCheckBox(self.tr("Replace the stored identity"))
        if source is not None:
            self.identity_box.setCheckable(False)
            self.replace_identity.toggled.connect(self.identity_box.setEnabled)
            self.identity_box.setEnabled(False)
            self.layout_.insertWidget(0, self.replace_identity)
        # A business card or identifying photo, attached to the sealed identity after saving.
        self.card_paths: list[Path] = []
        self.cards_button = QPushButton(self.tr("Attach card or &photo…"))
        self.cards_button.setObjectName("sourceCardsButton")
        self.cards_button.setToolTip(self.tr(
            "A business card or a photo that identifies the person: stored with the sealed "
            "identity after saving, its metadata removed"))  # fmt: skip
        self.cards_button.clicked.connect(self._choose_cards)
        self.cards_label = muted(wrap=True)
        self.cards_label.setObjectName("sourceCards")
        if can_edit_identity:
            at = 1 if source is not None else 0
            self.layout_.insertWidget(at, self.identity_box)
            self.layout_.insertWidget(at + 1, self.common_given)
            cards = QHBoxLayout()
            cards.addWidget(self.cards_button)
            cards.addWidget(self.cards_label, 1)
            self.layout_.insertLayout(at + 2, cards)
        else:
            self.cards_button.hide()
            self.replace_identity.hide()
            self.identity_box.hide()
            self.common_given.hide()

        self.role = QLineEdit(source.role_description if source else "")
        self.role.setPlaceholderText(self.tr("e.g. sales lead, voter-data broker, EU"))
        self.role.setAccessibleName(self.tr("Role description"))
        self.organisation = QComboBox()
        self.organisation.setAccessibleName(self.tr("Organisation"))
        self.organisation.addItem(self.tr("(none)"), None)
        for org in sorted(catalog.organisations, key=lambda o: o.name.casefold()):
            self.organisation.addItem(org.name, org.id)
        if source and source.organisation_id:
            self.organisation.setCurrentIndex(
                max(0, self.organisation.findData(source.organisation_id))
            )
        self.consent = QComboBox()
        self.consent.setAccessibleName(self.tr("Consent"))
        for value in Consent:
            self.consent.addItem(labels.consent(value), value)
        self.consent.setCurrentIndex(
            self.consent.findData(source.consent if source else Consent.ANONYMOUS)
        )
        self.form.addRow(self.tr("&Role:"), self.role)
        self.form.addRow(self.tr("&Organisation:"), self.organisation)
        self.form.addRow(self.tr("Co&nsent:"), self.consent)
        self.layout_.addWidget(
            muted(
                self.tr(
                    "Everywhere the real name or an alias appears in notes, it is replaced by "
                    "the pseudonym. The pseudonym never changes."
                )
            )
        )
        self.finish_layout()
        (self.real_name if source is None else self.role).setFocus()

    def _choose_cards(self) -> None:
        from ui.attachment_strip import FILE_FILTER

        paths, _chosen = QFileDialog.getOpenFileNames(
            self, self.tr("Attach a card or photo"), "",
            self.tr("Photos, PDFs and audio ({})").format(FILE_FILTER),
        )  # fmt: skip
        if paths:
            self.card_paths = [Path(p) for p in paths]
            self.cards_label.setText(", ".join(p.name for p in self.card_paths))

    def cards(self) -> list[Path]:
        """The files chosen to attach to the identity once the source is saved."""
        return list(self.card_paths) if self.identity_allowed else []

    def problem(self) -> str | None:
        if self.wants_identity() and len(self.real_name.text().strip()) < 2:
            return self.tr("Type the person's real name (at least two letters).")
        return None

    def wants_identity(self) -> bool:
        return self.identity_allowed and (self.source is None or self.replace_identity.isChecked())

    def identity(self) -> SourceIdentity | None:
        if not self.wants_identity():
            return None
        return SourceIdentity(
            real_name=self.real_name.text().strip(),
            aliases=_split(self.aliases.text()),
            contact=_split(self.contact.text()),
            notes=self.private_notes.toPlainText(),
            common_given_name=self.common_given.isChecked(),
        )

    def identity_edit(self) -> IdentityEdit:
        """For an edit: the typed identity, or the switch alone if only that changed."""
        typed = self.identity()
        flag = self.common_given.isChecked()
        if typed is None and self.identity_allowed and flag != self._common_before:
            return IdentityEdit(common_given_name=flag)
        return IdentityEdit(typed)

    def fields(self) -> tuple[str, str | None, Consent]:
        return self.role.text().strip(), self.organisation.currentData(), self.consent.currentData()


class EventDialog(_Form):
    def __init__(self, event: Event | None = None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("New event") if event is None else self.tr("Edit event"), parent)
        self.event_obj = event
        self.kind = QComboBox()
        for kind in EventKind:
            self.kind.addItem(labels.event_kind(kind), kind)
        self.kind.setCurrentIndex(self.kind.findData(event.kind if event else EventKind.TRADE_FAIR))
        self.name = QLineEdit(event.name if event else "")
        self.city = QLineEdit(event.city if event else "")
        self.country = QLineEdit(event.country if event else "")
        self.organiser = QLineEdit(event.organiser if event else "")
        self.has_dates = QCheckBox(self.tr("Dates known"))
        self.start = QDateEdit()
        self.end = QDateEdit()
        for w in (self.start, self.end):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
            w.setDate(QDate.currentDate())
        if event and event.start_date:
            self.has_dates.setChecked(True)
            self.start.setDate(_qdate(event.start_date))
            self.end.setDate(_qdate(event.end_date or event.start_date))
        self.has_dates.toggled.connect(self.start.setEnabled)
        self.has_dates.toggled.connect(self.end.setEnabled)
        self.start.setEnabled(self.has_dates.isChecked())
        self.end.setEnabled(self.has_dates.isChecked())
        dates = QHBoxLayout()
        dates.addWidget(self.has_dates)
        dates.addWidget(self.start)
        dates.addWidget(self.end)
        for widget, name in ((self.name, self.tr("Name")), (self.city, self.tr("City")),
                             (self.country, self.tr("Country")),
                             (self.organiser, self.tr("Organiser"))):  # fmt: skip
            widget.setAccessibleName(name)
        self.form.addRow(self.tr("&Kind:"), self.kind)
        self.form.addRow(self.tr("&Name:"), self.name)
        self.form.addRow(self.tr("&City:"), self.city)
        self.form.addRow(self.tr("C&ountry:"), self.country)
        dates_label = QLabel(self.tr("&Dates:"))  # a layout takes no mnemonic: its checkbox
        dates_label.setBuddy(self.has_dates)
        self.form.addRow(dates_label, dates)
        self.form.addRow(self.tr("Or&ganiser:"), self.organiser)
        self.finish_layout()
        self.name.setFocus()

    def problem(self) -> str | None:
        if not self.name.text().strip():
            return self.tr("An event needs a name.")
        if self.has_dates.isChecked() and self.end.date() < self.start.date():
            return self.tr("An event cannot end before it starts.")
        return None

    def values(self) -> dict:
        start = end = None
        if self.has_dates.isChecked():
            start, end = _pydate(self.start.date()), _pydate(self.end.date())
        return {
            "kind": self.kind.currentData(),
            "name": self.name.text().strip(),
            "city": self.city.text().strip(),
            "country": self.country.text().strip(),
            "start_date": start,
            "end_date": end,
            "organiser": self.organiser.text().strip(),
        }


class OrganisationDialog(_Form):
    def __init__(self, org: Organisation | None = None, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("New organisation") if org is None else self.tr("Edit organisation"), parent
        )
        self.org = org
        self.name = QLineEdit(org.name if org else "")
        self.name.setAccessibleName(self.tr("Name"))
        self.type = QComboBox()
        self.type.setAccessibleName(self.tr("Type"))
        for kind in OrgType:
            self.type.addItem(labels.org_type(kind), kind)
        self.type.setCurrentIndex(self.type.findData(org.type if org else OrgType.OTHER))
        self.aliases = QLineEdit(", ".join(org.aliases) if org else "")
        self.aliases.setPlaceholderText(self.tr("Other names, comma-separated"))
        self.aliases.setAccessibleName(self.tr("Aliases"))
        self.countries = QLineEdit(", ".join(org.countries) if org else "")
        self.countries.setPlaceholderText(self.tr("e.g. DE, FR, US"))
        self.countries.setAccessibleName(self.tr("Countries"))
        self.website = QLineEdit(org.website if org else "")
        self.website.setAccessibleName(self.tr("Website"))
        self.form.addRow(self.tr("&Name:"), self.name)
        self.form.addRow(self.tr("&Type:"), self.type)
        self.form.addRow(self.tr("&Aliases:"), self.aliases)
        self.form.addRow(self.tr("&Countries:"), self.countries)
        self.form.addRow(self.tr("&Website:"), self.website)
        self.finish_layout()
        self.name.setFocus()

    def problem(self) -> str | None:
        return None if self.name.text().strip() else self.tr("An organisation needs a name.")

    def values(self) -> dict:
        return {
            "name": self.name.text().strip(),
            "type": self.type.currentData(),
            "aliases": _split(self.aliases.text()),
            "countries": _split(self.countries.text()),
            "website": self.website.text().strip(),
        }


class MergeDialog(_Form):
    """Two duplicates: which one stays (its notes gain the other's)."""

    def __init__(self, what: str, first: str, second: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Merge {}").format(what), parent)
        self.keep_first = QRadioButton(self.tr("Keep “{}”").format(first))
        self.keep_second = QRadioButton(self.tr("Keep “{}”").format(second))
        self.keep_first.setChecked(True)
        self.layout_.addWidget(
            muted(self.tr("The other one is removed; its notes move to the one you keep."))
        )
        self.layout_.addWidget(self.keep_first)
        self.layout_.addWidget(self.keep_second)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Merge"))
        self.finish_layout()

    def keeps_first(self) -> bool:
        return self.keep_first.isChecked()


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
