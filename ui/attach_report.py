"""What an import did, in one line under the thumbnails: "3 files attached without their
metadata." with Details (one line per file: what was removed, or why not) and a button to
dismiss it. On a 1024x600 screen the per-file lines took five lines off the note's body;
folded they take one, and the note stays writable. A single file's line is the summary
itself (cut with "…" when narrow, whole in its tooltip and under Details)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.attach_import import ImportReport
from ui.i18n import translate as _t
from ui.widgets import ElidedLabel


def summary(report: ImportReport) -> str:
    """The one line: what came in, what did not."""
    attached, total = len(report.done), len(report.done) + len(report.failed)
    if total == 1 and not report.unread and not report.cancelled:
        return report.sentences()[0]
    if report.failed:
        line = _t("AttachReport", "{} of {} files attached; the details say why not the "
                                  "others.").format(attached, total)  # fmt: skip
    elif attached == 1:
        line = _t("AttachReport", "1 file attached without its metadata.")
    else:
        line = _t("AttachReport", "{} files attached without their metadata.").format(attached)
    if report.unread:
        line += " " + _t("AttachReport", "Some text was not read.")
    if report.cancelled:
        line += " " + _t("AttachImport", "Cancelled; the rest was not attached.")
    return line


class AttachReport(QFrame):
    """Like InlineMessage (show_info, show_warning, show_error, text, clear), folded to one
    line with Details when there is more to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachReport")
        self.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 2, 0, 2)
        outer.setSpacing(2)
        row = QHBoxLayout()
        row.setSpacing(4)
        self.icon = QLabel()
        self.icon.setFixedSize(QSize(18, 18))
        self.line = ElidedLabel()
        self.line.setObjectName("attachReportLine")
        self.details_button = QToolButton()
        self.details_button.setObjectName("attachReportDetails")
        self.details_button.setText(self.tr("Details"))
        self.details_button.setCheckable(True)
        self.details_button.setAutoRaise(True)
        self.details_button.setToolTip(self.tr("What was removed from each file"))
        self.details_button.toggled.connect(self._fold)
        self.dismiss_button = QToolButton()
        self.dismiss_button.setObjectName("attachReportDismiss")
        self.dismiss_button.setAutoRaise(True)
        self.dismiss_button.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_TitleBarCloseButton))  # fmt: skip
        self.dismiss_button.setAccessibleName(self.tr("Dismiss"))
        self.dismiss_button.setToolTip(self.tr("Dismiss (each thumbnail's tip keeps it)"))
        self.dismiss_button.clicked.connect(self.clear)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.line, 1)
        row.addWidget(self.details_button)
        row.addWidget(self.dismiss_button)
        outer.addLayout(row)
        self.details = QLabel()
        self.details.setObjectName("attachReportText")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setContentsMargins(22, 0, 0, 0)
        self.details.hide()
        outer.addWidget(self.details)
        self.setAccessibleName(self.tr("Message"))
        self.hide()

    # --- as InlineMessage ---------------------------------------------------------------

    def show_error(self, text: str) -> None:
        self.show_lines(text, "", QStyle.StandardPixmap.SP_MessageBoxCritical)

    def show_warning(self, text: str) -> None:
        self.show_lines(text, "", QStyle.StandardPixmap.SP_MessageBoxWarning)

    def show_info(self, text: str) -> None:
        self.show_lines(text, "", QStyle.StandardPixmap.SP_MessageBoxInformation)

    def show_report(self, report: ImportReport) -> None:
        lines = report.sentences()
        if report.cancelled:
            lines.append(_t("AttachImport", "Cancelled; the rest was not attached."))
        icon = (QStyle.StandardPixmap.SP_MessageBoxWarning if report.failed
                else QStyle.StandardPixmap.SP_MessageBoxInformation)  # fmt: skip
        line = summary(report)
        self.show_lines(line, "\n".join(lines) if lines != [line] else "", icon)

    def show_lines(self, line: str, details: str, icon: QStyle.StandardPixmap) -> None:
        self.icon.setPixmap(QIcon(self.style().standardIcon(icon)).pixmap(16, 16))
        self.line.setText(line)
        self.details.setText(details)
        self.details_button.setVisible(bool(details))
        self.details_button.setChecked(False)
        self._fold(False)
        self.setAccessibleDescription("\n".join(t for t in (line, details) if t))
        self.show()

    def text(self) -> str:
        """What it says while shown: the line, and the details when they are unfolded."""
        if not self.isVisible():
            return ""
        if self.details.isVisibleTo(self):
            return f"{self.line.full_text()}\n{self.details.text()}"
        return self.line.full_text()

    def expand(self) -> None:
        """Details unfolded (the Details button, checked)."""
        if self.details.text():
            self.details_button.setChecked(True)

    def clear(self) -> None:
        self.line.setText("")
        self.details.clear()
        self.details_button.setChecked(False)
        self.hide()

    def _fold(self, unfolded: bool) -> None:
        self.details.setVisible(unfolded and bool(self.details.text()))
