"""PySide6 widgets, item models and workers of the desktop app. Calls the core; no SQL."""
