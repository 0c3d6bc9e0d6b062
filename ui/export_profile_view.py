"""The export dialog's account of a profile: who it is for, what is printed, what is
redacted or left out, in plain words (the core's ``export.wording.describe``, in the
language the PDF will be printed in, which is the interface's)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from ui.i18n import export_language


def content_html(profile: Any) -> str:
    from influence_desk.export.wording import Wording, describe

    language = export_language()
    w = Wording(language)
    content = describe(profile, language)

    def items(lines: tuple[str, ...]) -> str:
        inner = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        return f"<ul style='margin-top:0px; margin-bottom:4px'>{inner}</ul>"

    return (
        f"<b>{html.escape(w('Who it is for:'))}</b> {html.escape(content.audience)}<br>"
        f"<b>{html.escape(w('Printed:'))}</b>{items(content.printed)}"
        f"<b>{html.escape(w('Redacted or left out:'))}</b>{items(content.removed)}"
    )


def content_label() -> QLabel:
    label = QLabel()
    label.setObjectName("exportProfileContent")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
