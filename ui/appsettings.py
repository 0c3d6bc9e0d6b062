"""Settings of the app on this computer (not of a vault): a small JSON file, no content.

Stored where platformdirs says configuration goes (``user_config_dir``), beside the recent
list. Vault-level settings (the pseudonym style) live in the vault, signed in its history.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from influence_desk.local_settings import read_settings, update_settings
from ui.recent import config_dir
from ui.theme import THEMES

IDLE_MINUTES_RANGE = (1, 240)
KDF_SECONDS_RANGE = (0.5, 5.0)
LANGUAGES = ("", "en", "de")  # "" follows the system


@dataclass
class AppSettings:
    idle_minutes: int = 5
    default_profile: str = "team"
    kdf_seconds: float = 1.0
    language: str = ""
    theme: str = "system"  # ui/theme.py: system, light, dark

    @staticmethod
    def file() -> Path:
        return config_dir() / "settings.json"

    @classmethod
    def load(cls) -> AppSettings:
        """What was saved, each value checked; anything odd falls back to its default."""
        data = read_settings(cls.file())
        settings = cls()
        known = {f.name for f in fields(cls)}
        for key, value in data.items():
            if key in known:
                settings._set(key, value)
        return settings

    def _set(self, key: str, value: Any) -> None:
        if key == "idle_minutes" and isinstance(value, int | float) and not isinstance(value, bool):
            low, high = IDLE_MINUTES_RANGE
            self.idle_minutes = int(min(max(value, low), high))
        elif (
            key == "kdf_seconds" and isinstance(value, int | float) and not isinstance(value, bool)
        ):
            low_s, high_s = KDF_SECONDS_RANGE
            self.kdf_seconds = float(min(max(value, low_s), high_s))
        elif key == "language" and value in LANGUAGES:
            self.language = str(value)
        elif key == "theme" and value in THEMES:
            self.theme = str(value)
        elif key == "default_profile" and isinstance(value, str) and 0 < len(value) <= 100:
            self.default_profile = value

    def save(self) -> None:
        """Atomically, keeping what others keep in the same file (the core remembers which
        key slot opened each vault); a failure is not fatal."""
        update_settings(lambda data: data.update(asdict(self)), self.file())
