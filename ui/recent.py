"""Recently opened vaults: paths only, never content, in the user's config folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

MAX_RECENT = 8


def config_dir() -> Path:
    """The same folder the core keeps this computer's settings in."""
    from influence_desk.local_settings import config_dir as core_config_dir

    return core_config_dir()


def data_dir() -> Path:
    override = os.environ.get("INFLUENCE_DESK_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("influence-desk", appauthor=False))


def documents_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_documents_dir())


def _file() -> Path:
    return config_dir() / "recent.json"


def load_recent() -> list[Path]:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    paths = data.get("vaults", []) if isinstance(data, dict) else []
    return [Path(p) for p in paths if isinstance(p, str)][:MAX_RECENT]


def remember(path: Path) -> None:
    """Put ``path`` first in the list (demo vaults are left out: they are throwaway)."""
    path = Path(path).resolve()
    if path.name.startswith("demo-") and path.parent == data_dir().resolve():
        return
    paths = [p for p in load_recent() if p != path]
    _save([path, *paths][:MAX_RECENT])


def forget(path: Path) -> None:
    _save([p for p in load_recent() if p != Path(path)])


def _save(paths: list[Path]) -> None:
    target = _file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps({"vaults": [str(p) for p in paths]}, indent=1), "utf-8")
        os.replace(tmp, target)
    except OSError:
        pass  # a recent list is a convenience; never fail an open over it


def vault_folder(text: str) -> Path:
    """A vault path as typed: '~' expanded, the vault suffix added when the folder needs it."""
    from influence_desk.vault.layout import as_vault_folder

    return as_vault_folder(Path(text).expanduser()).resolve()
