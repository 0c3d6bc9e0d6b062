"""The sources registry: pseudonyms, roles, consent; identities only on explicit request."""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ui import labels
from ui.dialogs import SourceDialog, stored_common_given_name
from ui.names_view import SourcePrefill, apply_prefill
from ui.tablemodel import TableModel
from ui.tasks import user_message
from ui.widgets import InlineMessage, heading, make_action, muted, record_table

if TYPE_CHECKING:
    from influence_desk.model import Source, SourceIdentity
    from ui.catalog import Catalog
    from ui.long_work import LongWork
    from ui.session import Session

SOURCE_ID_ROLE = Qt.ItemDataRole.UserRole + 3  # ITEM_ROLE is the Source itself
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
REVEAL_SECONDS = 10


class SourcesModel(TableModel):
    PSEUDONYM, ROLE, ORGANISATION, CONSENT, NOTES = range(5)

    def __init__(self, parent=None) -> None:
        super().__init__(
            [self.tr("Pseudonym"), self.tr("Role"), self.tr("Organisation"), self.tr("Consent"),
             self.tr("Notes")],
            parent,
        )  # fmt: skip
        self._catalog: Catalog | None = None

    def set_catalog(self, catalog: Catalog | None) -> None:
        self._catalog = catalog
        self.set_items(catalog.sources if catalog else [])

    def source(self, row: int) -> Source | None:
        return self.item(row)

    def cell(self, row: int, column: int, role: int) -> Any:
        source = self.items[row]
        if role == SOURCE_ID_ROLE:
            return source.id
        if role == SORT_ROLE:
            if column == self.NOTES:
                return self._count(source)
            value = self.text(source, column)
            return str(value).casefold() if value is not None else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.NOTES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().cell(row, column, role)

    def text(self, item: Source, column: int) -> str | None:
        if column == self.PSEUDONYM:
            return item.pseudonym
        if column == self.ROLE:
            return item.role_description
        if column == self.ORGANISATION:
            org = self._catalog.organisation(item.organisation_id) if self._catalog else None
            return org.name if org else ""
        if column == self.CONSENT:
            return labels.consent(item.consent)
        if column == self.NOTES:
            return str(self._count(item))
        return None

    def _count(self, source: Source) -> int:
        return self._catalog.source_counts.get(source.id, 0) if self._catalog else 0


class SourcesPage(QWidget):
    """The Sources tab; registering and editing a source (from here, the editor or the names
    review) runs here too, in a worker: it re-pseudonymises every note that names them."""

    show_notes_requested = Signal(str)  # source id
    sources_changed = Signal(str, str)  # what the status bar says, the source's id
    status = Signal(str)  # one line for the status bar (the cards of a source just saved)

    def __init__(
        self, session: Session, catalog: Catalog, long_work: LongWork,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("sourcesPage")
        self.session = session
        self._catalog: Catalog | None = None
        self._registry = catalog  # the window's catalog, for the dialogs (set_catalog: shown)
        self._long_work = long_work
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        title_row = QHBoxLayout()
        title_row.addWidget(heading(self.tr("Sources"), 1.25))
        title_row.addStretch(1)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter by pseudonym, role, organisation"))
        self.filter_edit.setAccessibleName(self.tr("Filter sources"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(300)
        title_row.addWidget(self.filter_edit)
        layout.addLayout(title_row)
        layout.addWidget(
            muted(
                self.tr(
                    "People are shown by pseudonym only. Identity holders can reveal a real "
                    "name for {} seconds; every reveal is written to the vault's history."
                ).format(REVEAL_SECONDS)
            )
        )

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_action = make_action(
            self, self.tr("&Register source…"), shortcut="Ctrl+Shift+N",
            icon=QStyle.StandardPixmap.SP_FileDialogNewFolder,
            slot=lambda: self.register_source(""),
            tip=self.tr("Register a person as a source"),  # from every tab, Notes too
        )  # fmt: skip
        self.edit_action = make_action(
            self, self.tr("&Edit…"), slot=self._edit,  # Return or a double click: activated
            icon=QStyle.StandardPixmap.SP_FileDialogDetailedView,
            tip=self.tr("Edit the selected source"),
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )  # fmt: skip
        self.reveal_action = make_action(
            self, self.tr("Re&veal identity"), shortcut="Ctrl+Shift+V", slot=self._reveal,
            icon=QStyle.StandardPixmap.SP_MessageBoxWarning,
            tip=self.tr("Show who this is for {} seconds (recorded in history)").format(
                REVEAL_SECONDS
            ),
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )  # fmt: skip
        self.notes_action = make_action(
            self, self.tr("Show &notes"), slot=self._show_notes,
            icon=QStyle.StandardPixmap.SP_FileDialogListView,
            tip=self.tr("List the notes that mention this source"),
        )  # fmt: skip
        for action in (self.add_action, self.edit_action, self.reveal_action, self.notes_action):
            self.toolbar.addAction(action)
        layout.addWidget(self.toolbar)
        from ui.source_duplicates import DuplicatesBar

        self.duplicates = DuplicatesBar(session, catalog)
        self.duplicates.merged.connect(self.sources_changed)
        layout.addWidget(self.duplicates)

        self.model = SourcesModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = record_table(self.proxy, self.tr("Sources"), name="sourcesTable")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(SourcesModel.PSEUDONYM, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(SourcesModel.ROLE, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(SourcesModel.PSEUDONYM, 170)
        header.resizeSection(SourcesModel.ORGANISATION, 200)
        header.resizeSection(SourcesModel.CONSENT, 140)
        header.resizeSection(SourcesModel.NOTES, 70)
        self.table.activated.connect(lambda _i: self._edit())
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        layout.addWidget(self.table, 1)

        self.details = QLabel()
        self.details.setObjectName("sourceDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setContentsMargins(4, 6, 4, 6)
        self.details.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        self.details.setAccessibleName(self.tr("Selected source"))
        layout.addWidget(self.details)

        self.reveal_panel = QFrame()
        self.reveal_panel.setObjectName("revealPanel")
        self.reveal_panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel = QFormLayout(self.reveal_panel)
        self.reveal_title = QLabel()
        self.reveal_name = QLabel()
        self.reveal_aliases = QLabel()
        self.reveal_contact = QLabel()
        self.reveal_notes = QLabel()
        for w in (self.reveal_name, self.reveal_aliases, self.reveal_contact, self.reveal_notes):
            w.setWordWrap(True)
            w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide_button = QPushButton(self.tr("Hide now"))
        self.hide_button.setShortcut("Esc")
        self.hide_button.clicked.connect(self.hide_identity)
        title_line = QHBoxLayout()
        title_line.addWidget(self.reveal_title, 1)
        title_line.addWidget(self.hide_button)
        panel.addRow(title_line)
        panel.addRow(self.tr("Real name:"), self.reveal_name)
        panel.addRow(self.tr("Aliases:"), self.reveal_aliases)
        panel.addRow(self.tr("Contact:"), self.reveal_contact)
        panel.addRow(self.tr("Notes:"), self.reveal_notes)
        # Business cards and photos that identify the person: sealed with the identity,
        # shown (and attached) only while it is revealed.
        from ui.attachment_strip import AttachmentStrip

        self.identity_files = AttachmentStrip(session, self.reveal_panel)
        self.identity_files.setObjectName("identityAttachments")
        self.identity_files.attach_button.setText(self.tr("Attach card or photo…"))
        self.identity_files.attach_button.setToolTip(
            self.tr("A business card or a photo that identifies this person: sealed with the "
                    "identity; metadata removed on the way in.")
        )  # fmt: skip
        panel.addRow(self.tr("Cards, photos:"), self.identity_files)
        self.reveal_panel.hide()
        layout.addWidget(self.reveal_panel)
        self.message = InlineMessage()
        layout.addWidget(self.message)
        self.identity_files.message.connect(self.message.show_info)
        from ui.attach_move import IdentityCards

        self.cards = IdentityCards(session, self, self._cards_said, self._cards_said,
                                   self._cards_in)  # fmt: skip

        self._countdown = 0
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self._update_actions()

    def set_catalog(self, catalog: Catalog) -> None:
        selected = self.selected()
        self._catalog = catalog
        self.model.set_catalog(catalog)
        if selected is not None:
            self.select(selected.id)
        self._update_actions()
        self.duplicates.check()  # a sync or a registration may have made a pair

    def selected(self) -> Source | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.source(self.proxy.mapToSource(rows[0]).row())

    def select(self, source_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(SOURCE_ID_ROLE) == source_id:
                self.table.selectRow(row)
                self.table.scrollTo(index)
                return

    def _show_details(self) -> None:
        source = self.selected()
        if source is None:
            self.details.setText(
                self.tr("Select a source to see its consent and how often notes mention it.")
            )
            return
        org = self._catalog.organisation(source.organisation_id) if self._catalog else None
        count = self._catalog.source_counts.get(source.id, 0) if self._catalog else 0
        since = source.created_at.astimezone().strftime("%Y-%m-%d") if source.created_at else ""
        rows = [
            f"<b style='font-size:large'>{html.escape(source.pseudonym)}</b>",
            html.escape(
                " · ".join(x for x in (source.role_description, org.name if org else "") if x)
            ),
            f"<b>{html.escape(labels.consent(source.consent))}</b> — "
            + html.escape(labels.consent_explanation(source.consent)),
            html.escape(self._mentions(count, since)),
        ]
        self.details.setText("<br>".join(r for r in rows if r))

    def _mentions(self, count: int, since: str) -> str:
        if count == 1:  # "Mentioned in 1 notes" read as a typo
            if since:
                return self.tr("Mentioned in 1 note; registered {}.").format(since)
            return self.tr("Mentioned in 1 note.")
        if since:
            return self.tr("Mentioned in {} notes; registered {}.").format(count, since)
        return self.tr("Mentioned in {} notes.").format(count)

    def _update_actions(self) -> None:
        self._show_details()
        has = self.selected() is not None
        writable = self.session.can_write
        self.add_action.setEnabled(writable)
        self.edit_action.setEnabled(writable and has)
        self.reveal_action.setEnabled(self.session.can_reveal and has)
        self.reveal_action.setVisible(self.session.can_reveal)
        self.notes_action.setEnabled(has)

    def _edit(self) -> None:
        source = self.selected()
        if source is not None and self.session.can_write:
            self.edit_source(source)

    # --- registering and editing -----------------------------------------------------------

    def register_source(self, name: str | SourcePrefill = "") -> None:
        if not self.session.can_write:
            return
        prefill = name if isinstance(name, SourcePrefill) else SourcePrefill(name)
        dialog = SourceDialog(self._registry, name=prefill.name,
                              can_edit_identity=self.session.can_reveal, parent=self)  # fmt: skip
        apply_prefill(dialog, prefill)
        dialog.accepted.connect(lambda: self._register(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _register(self, dialog: SourceDialog) -> None:
        identity = dialog.identity()
        role, org_id, consent = dialog.fields()
        cards = dialog.cards()
        if identity is None:
            return
        session = self.session

        def job(progress, cancel):
            with session.worker() as desk:
                return desk.register_source(
                    identity, role, org_id, consent, progress=progress, cancel=cancel
                )

        self._long_work.run(
            self.tr("Registering the source and pseudonymising existing notes…"), job,
            lambda source: self._saved(self.tr("Registered as {}.").format(source.pseudonym),
                                       source, cards),
        )  # fmt: skip

    def _saved(self, said: str, source: Source, cards: list[Path]) -> None:
        self.sources_changed.emit(said, source.id)
        self.cards.start(source.id, cards)  # the identity's cards, once it is stored

    def _cards_said(self, text: str) -> None:
        """Registered from the editor or the names review, the Sources tab may not be in
        view: the status bar says it too."""
        self.message.show_info(text)
        self.status.emit(text)

    def _cards_in(self, source_id: str) -> None:
        """The cards are stored: shown at once if that identity is revealed."""
        target = self.identity_files.target
        if self.identity_shown() and target is not None and target.source_id == source_id:
            self.identity_files.reload()

    def edit_source(self, source: Source) -> None:
        common = False
        if self.session.can_reveal:
            with self.session.gui() as desk:
                common = stored_common_given_name(desk, source.id)
        dialog = SourceDialog(self._registry, source=source, common_given_name=common,
                              can_edit_identity=self.session.can_reveal, parent=self)  # fmt: skip
        dialog.accepted.connect(lambda: self._update_source(dialog, source))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _update_source(self, dialog: SourceDialog, source: Source) -> None:
        role, org_id, consent = dialog.fields()
        edit = dialog.identity_edit()
        cards = dialog.cards()
        changed = replace(source, role_description=role, organisation_id=org_id, consent=consent)
        session = self.session

        def job(progress, cancel):
            with session.worker() as desk:
                identity = edit.resolve(desk, source.id)
                return desk.update_source(changed, identity, progress=progress, cancel=cancel)

        self._long_work.run(
            self.tr("Saving the source…"), job,
            lambda s: self._saved(self.tr("Saved {}.").format(s.pseudonym), s, cards),
        )  # fmt: skip

    def _show_notes(self) -> None:
        source = self.selected()
        if source is not None:
            self.show_notes_requested.emit(source.id)

    def _reveal(self) -> None:
        source = self.selected()
        if source is None or not self.session.can_reveal:
            return
        from ui.confirm import confirm, entry_sentence
        from ui.history_view import action_label

        self.reveal_confirm = confirm(
            self, name="revealConfirm", title=self.tr("Reveal identity"),
            text=self.tr("Show the real name of {}?").format(source.pseudonym),
            informative=entry_sentence(self.session, action_label("source.reveal")),
            action=self.tr("Reveal"), on_yes=lambda: self._reveal_now(source.id),
            destructive=False,
        )  # fmt: skip

    def _reveal_now(self, source_id: str) -> None:
        source = self.selected()
        if source is None or source.id != source_id or not self.session.can_reveal:
            return
        try:
            with self.session.gui() as desk:
                identity = desk.reveal(source.id)
        except Exception as exc:
            self.message.show_error(user_message(exc))
            return
        self.show_identity(source, identity)

    def show_identity(self, source: Source, identity: SourceIdentity) -> None:
        self.reveal_title.setText(
            self.tr("<b>{}</b> — revealed, recorded in history").format(source.pseudonym)
        )
        self.reveal_name.setText(identity.real_name)
        self.reveal_aliases.setText(", ".join(identity.aliases) or "—")
        self.reveal_contact.setText(", ".join(identity.contact) or "—")
        self.reveal_notes.setText(identity.notes or "—")
        from ui.attach_import import Target

        self.identity_files.set_target(Target(source_id=source.id), editable=True)
        self.reveal_panel.show()
        self._countdown = REVEAL_SECONDS
        self._tick_label()
        self._timer.start()

    def _tick(self) -> None:
        self._countdown -= 1
        if self._countdown <= 0:
            self.hide_identity()
        else:
            self._tick_label()

    def _tick_label(self) -> None:
        self.hide_button.setText(self.tr("Hide now ({} s)").format(self._countdown))

    def hide_identity(self) -> None:
        self._timer.stop()
        for w in (self.reveal_name, self.reveal_aliases, self.reveal_contact, self.reveal_notes):
            w.clear()
        self.identity_files.clear()
        self.reveal_panel.hide()

    def identity_shown(self) -> bool:
        return self.reveal_panel.isVisible() and bool(self.reveal_name.text())

    def teardown(self) -> None:
        self.duplicates.teardown()
        self.cards.abandon()
        self.hide_identity()
        self.model.set_catalog(None)
