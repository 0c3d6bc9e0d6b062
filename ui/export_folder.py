"""The folder the export's save dialog starts in: the last one an export went to.

Only the folder's path is kept, in this computer's settings.json (``export_folder``), never
a file name (a title someone typed could name a person). Without one, or when it is gone,
the documents folder, else the home folder: never the folder the app was started from.
"""

from __future__ import annotations

from pathlib import Path

from influence_desk.local_settings import read_settings, update_settings
from ui.recent import config_dir, documents_dir

KEY = "export_folder"


def _settings() -> Path:
    return config_dir() / "settings.json"


def start_folder(documents: Path | None = None) -> Path:
    saved = read_settings(_settings()).get(KEY)
    if isinstance(saved, str) and saved and Path(saved).is_absolute() and Path(saved).is_dir():
        return Path(saved)
    documents = documents or documents_dir()
    return documents if documents.is_dir() else Path.home()


def remember_folder(exported: Path) -> None:
    """After an export to ``exported``: its folder (absolute) is where the next one starts."""
    folder = str(exported.resolve().parent)

    def change(data: dict[str, object]) -> None:
        data[KEY] = folder

    update_settings(change, _settings())  # never fails the export: see update_settings
