"""Typed records of attachments: what stripping gives back, what the Desk shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

__all__ = ["AttachmentInfo", "AttachmentKind", "Audience", "Removal", "Stripped"]


class AttachmentKind(StrEnum):
    IMAGE = "image"
    PDF = "pdf"
    AUDIO = "audio"


class Audience(StrEnum):
    """Who an attachment may be exported to; internal (never leaves the vault) by default."""

    INTERNAL = "internal"
    TEAM = "team"
    PUBLIC = "public"


@dataclass(frozen=True)
class Removal:
    """What stripping took out, in words a user reads ("GPS position", "camera serial").
    ``named`` are the fields worth naming one by one; ``others`` counts the rest."""

    named: tuple[str, ...] = ()
    others: int = 0

    @property
    def items(self) -> tuple[str, ...]:
        return (*self.named, *(("other fields",) if self.others else ()))

    def summary(self) -> str:
        """E.g. "removed: GPS position, camera serial, 3 other fields", or "nothing to
        remove"."""
        parts = list(self.named)
        if self.others:
            parts.append(f"{self.others} other field{'s' if self.others != 1 else ''}")
        return "removed: " + ", ".join(parts) if parts else "nothing to remove"

    def to_list(self) -> list[str]:
        """As stored (a JSON list): the named fields, then "N other fields"."""
        out = list(self.named)
        if self.others:
            out.append(f"{self.others} other field{'s' if self.others != 1 else ''}")
        return out


class RemovalBuilder:
    """Collects removed fields in the order found, each named once."""

    def __init__(self) -> None:
        self._named: list[str] = []
        self.others = 0

    def name(self, what: str) -> None:
        if what not in self._named:
            self._named.append(what)

    def other(self, count: int = 1) -> None:
        self.others += count

    def build(self) -> Removal:
        return Removal(tuple(self._named), self.others)


@dataclass(frozen=True)
class Stripped:
    """A file after stripping, already read back and checked: the bytes to store."""

    data: bytes
    kind: AttachmentKind
    mime: str
    removal: Removal
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class AttachmentInfo:
    """An attachment as the Desk shows it. ``source_id`` is set for an attachment of a
    source's sealed identity (``note_id`` then None); ``text`` is the pseudonymised text
    read from it (OCR), empty until read; ``sha256`` names the stored bytes."""

    id: str
    note_id: str | None
    source_id: str | None
    kind: AttachmentKind
    mime: str
    audience: Audience
    sha256: str
    size: int
    width: int | None
    height: int | None
    removed: tuple[str, ...]
    text: str
    created_at: datetime

    @property
    def sealed(self) -> bool:
        """Part of a source's identity: only the identity key opens its bytes."""
        return self.source_id is not None

    @property
    def removed_summary(self) -> str:
        return "removed: " + ", ".join(self.removed) if self.removed else "nothing to remove"
