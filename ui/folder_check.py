"""Where a new vault goes, checked as it is typed: the folder exists (or can be made) and is
writable, and no vault of that name is there yet. Paths only; nothing is created unasked."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from influence_desk.vault.layout import SUFFIX
from ui.i18n import translate as _t


class FolderStatus(Enum):
    READY = "ready"
    MISSING = "missing"  # does not exist, but could be created here
    BLOCKED = "blocked"  # cannot be used as typed


@dataclass(frozen=True)
class FolderCheck:
    status: FolderStatus
    folder: Path | None
    message: str  # one sentence for the user; "" when ready

    @property
    def ready(self) -> bool:
        return self.status is FolderStatus.READY


def _shown(path: Path) -> str:
    home = str(Path.home())
    text = str(path)
    return "~" + text[len(home) :] if text == home or text.startswith(home + "/") else text


def _existing_ancestor(path: Path) -> Path:
    for parent in path.parents:
        if parent.exists():
            return parent
    return Path(path.anchor or "/")


def check_folder(text: str, name: str = "") -> FolderCheck:
    """What is wrong with ``text`` (a folder as typed) for a vault called ``name``."""
    typed = text.strip()
    if not typed:
        return FolderCheck(
            FolderStatus.BLOCKED, None, _t("FolderCheck", "Choose a folder for the vault.")
        )
    folder = Path(typed).expanduser()
    if not folder.is_absolute():
        return FolderCheck(
            FolderStatus.BLOCKED, None,
            _t("FolderCheck", "Type the whole path of the folder, e.g. ~/Documents."),
        )  # fmt: skip
    shown = _shown(folder)
    if folder.exists():
        if not folder.is_dir():
            return FolderCheck(
                FolderStatus.BLOCKED, folder,
                _t("FolderCheck", "“{}” is a file, not a folder.").format(shown),
            )  # fmt: skip
        if not os.access(folder, os.W_OK | os.X_OK):
            return FolderCheck(
                FolderStatus.BLOCKED, folder,
                _t("FolderCheck",
                   "You cannot create files in “{}”; choose another folder.").format(shown),
            )  # fmt: skip
        vault = name.strip()
        if vault and "/" not in vault and vault not in (".", ".."):
            target = folder / (vault if vault.endswith(SUFFIX) else vault + SUFFIX)
            if target.exists() and (not target.is_dir() or any(target.iterdir())):
                return FolderCheck(
                    FolderStatus.BLOCKED, folder,
                    _t("FolderCheck", "There is already a vault called “{}” in this folder; "
                       "choose another name.").format(target.name.removesuffix(SUFFIX)),
                )  # fmt: skip
        return FolderCheck(FolderStatus.READY, folder, "")
    ancestor = _existing_ancestor(folder)
    if not ancestor.is_dir() or not os.access(ancestor, os.W_OK | os.X_OK):
        return FolderCheck(
            FolderStatus.BLOCKED, folder,
            _t("FolderCheck", "“{}” does not exist and cannot be created here.").format(shown),
        )  # fmt: skip
    return FolderCheck(
        FolderStatus.MISSING, folder, _t("FolderCheck", "“{}” does not exist yet.").format(shown)
    )


def create_folder(folder: Path) -> str:
    """Make ``folder`` (and its missing parents); "" or the one sentence why not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or _t("FolderCheck", "the system refused")
        return _t("FolderCheck", "The folder could not be created: {}.").format(reason)
    return ""
