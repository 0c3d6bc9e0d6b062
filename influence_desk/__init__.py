"""Influence Desk core: encrypted, pseudonymising notes. Never imports PySide6."""

__version__ = "0.1.0"
