"""The words of attachments in the interface's language: audiences, kinds, and what stripping
removed. The core stores the removed fields in English ("GPS position", "3 other fields");
they are translated here, one known phrase at a time, so a German reader sees German."""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP

from influence_desk.attachments import AttachmentKind, Audience
from ui.i18n import translate as _t

# What the core's strippers name (influence_desk/attachments/image.py, pdf.py, audio.py).
_REMOVED = (
    QT_TRANSLATE_NOOP("removed", "GPS position"),
    QT_TRANSLATE_NOOP("removed", "camera serial"),
    QT_TRANSLATE_NOOP("removed", "lens serial"),
    QT_TRANSLATE_NOOP("removed", "owner name"),
    QT_TRANSLATE_NOOP("removed", "copyright"),
    QT_TRANSLATE_NOOP("removed", "camera make and model"),
    QT_TRANSLATE_NOOP("removed", "maker notes"),
    QT_TRANSLATE_NOOP("removed", "time taken"),
    QT_TRANSLATE_NOOP("removed", "unique image id"),
    QT_TRANSLATE_NOOP("removed", "comment"),
    QT_TRANSLATE_NOOP("removed", "description"),
    QT_TRANSLATE_NOOP("removed", "XMP metadata"),
    QT_TRANSLATE_NOOP("removed", "IPTC metadata"),
    QT_TRANSLATE_NOOP("removed", "colour profile"),
    QT_TRANSLATE_NOOP("removed", "embedded thumbnail"),
    QT_TRANSLATE_NOOP("removed", "damaged EXIF data"),
    QT_TRANSLATE_NOOP("removed", "other frames of the animation"),
    QT_TRANSLATE_NOOP("removed", "text fields"),
    QT_TRANSLATE_NOOP("removed", "author"),
    QT_TRANSLATE_NOOP("removed", "creator program"),
    QT_TRANSLATE_NOOP("removed", "producer"),
    QT_TRANSLATE_NOOP("removed", "title"),
    QT_TRANSLATE_NOOP("removed", "subject"),
    QT_TRANSLATE_NOOP("removed", "keywords"),
    QT_TRANSLATE_NOOP("removed", "creation and change dates"),
    QT_TRANSLATE_NOOP("removed", "JavaScript"),
    QT_TRANSLATE_NOOP("removed", "an action on opening"),
    QT_TRANSLATE_NOOP("removed", "embedded files"),
    QT_TRANSLATE_NOOP("removed", "form fields"),
    QT_TRANSLATE_NOOP("removed", "links and actions in annotations"),
    QT_TRANSLATE_NOOP("removed", "page actions"),
    QT_TRANSLATE_NOOP("removed", "application data"),
    QT_TRANSLATE_NOOP("removed", "page thumbnails"),
    QT_TRANSLATE_NOOP("removed", "EXIF and other data of embedded photos"),
    QT_TRANSLATE_NOOP("removed", "other active content or metadata"),
    QT_TRANSLATE_NOOP("removed", "artist name"),
    QT_TRANSLATE_NOOP("removed", "place"),
    QT_TRANSLATE_NOOP("removed", "recording date"),
    QT_TRANSLATE_NOOP("removed", "embedded picture"),
    QT_TRANSLATE_NOOP("removed", "pictures"),
    QT_TRANSLATE_NOOP("removed", "extra pictures"),
    QT_TRANSLATE_NOOP("removed", "lyrics"),
    QT_TRANSLATE_NOOP("removed", "tags"),
    QT_TRANSLATE_NOOP("removed", "ID3 tag"),
    QT_TRANSLATE_NOOP("removed", "ID3v1 tag"),
    QT_TRANSLATE_NOOP("removed", "APE tag"),
)
_OTHERS = re.compile(r"^(\d+) other fields?$")


def removed_item(item: str) -> str:
    """One stored removal phrase in the interface's language."""
    others = _OTHERS.match(item)
    if others:
        count = int(others.group(1))
        if count == 1:
            return _t("removed", "1 other field")
        return _t("removed", "{} other fields").format(count)
    return _t("removed", item)


def removed_sentence(items: tuple[str, ...] | list[str]) -> str:
    """E.g. "removed: GPS position, camera serial, 3 other fields", or "nothing to remove"."""
    if not items:
        return _t("removed", "nothing to remove")
    return _t("removed", "removed: {}").format(", ".join(removed_item(i) for i in items))


def audience_label(audience: Audience) -> str:
    return {
        Audience.INTERNAL: _t("attachments", "Internal"),
        Audience.TEAM: _t("attachments", "Team"),
        Audience.PUBLIC: _t("attachments", "Public"),
    }[Audience(audience)]


def audience_tip(audience: Audience) -> str:
    return {
        Audience.INTERNAL: _t("attachments", "Never leaves the vault"),
        Audience.TEAM: _t("attachments", "May be shown in team briefs"),
        Audience.PUBLIC: _t("attachments", "May be shown in public summaries too"),
    }[Audience(audience)]


def kind_label(kind: AttachmentKind) -> str:
    return {
        AttachmentKind.IMAGE: _t("attachments", "Photo"),
        AttachmentKind.PDF: _t("attachments", "PDF"),
        AttachmentKind.AUDIO: _t("attachments", "Audio"),
    }[AttachmentKind(kind)]
