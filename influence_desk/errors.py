"""Named errors with one plain sentence each, and the CLI exit code that goes with them.

Every failure a user can meet is one of these; anything else is a bug. Messages never
contain note content, names or keys.
"""

from __future__ import annotations


class InfluenceDeskError(Exception):
    """Base of every error the core raises on purpose."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BadInput(InfluenceDeskError):
    """Malformed input: usage, import lines, checkpoints, arguments."""

    exit_code = 1


class WrongPassphrase(InfluenceDeskError):
    exit_code = 2

    def __init__(
        self, message: str = "The passphrase is wrong for every key slot of this vault."
    ) -> None:
        super().__init__(message)


class VaultDamaged(InfluenceDeskError):
    exit_code = 3


class DiskFull(InfluenceDeskError):
    """A write did not fit on the disk; it was rolled back, so nothing is damaged."""

    exit_code = 1

    def __init__(
        self, message: str = "The disk is full; nothing was changed. Free some space and try again."
    ) -> None:
        super().__init__(message)


class NewerVaultFormat(VaultDamaged):
    """The vault was written by a newer version of the app; we refuse rather than guess."""


class SchemaChanged(VaultDamaged):
    """notes.db's schema differs from the one this app makes (a trigger, view, table or
    index added, altered or dropped; user_version or the search configuration changed).
    A writer refuses before writing anything: a trigger would run inside its transaction."""


class VerificationFailed(InfluenceDeskError):
    exit_code = 3


class LeakDetected(InfluenceDeskError):
    """The export leak gate found forbidden content; the file has been deleted."""

    exit_code = 3


class UnreviewedNames(LeakDetected):
    """A public export was asked for while people named in its notes are not reviewed."""

    def __init__(self, message: str, count: int, *, in_title: bool = False) -> None:
        super().__init__(message)
        self.count = count
        self.in_title = in_title  # the typed export title names them, not the notes


class NotPermitted(InfluenceDeskError):
    exit_code = 4


class VaultInUse(InfluenceDeskError):
    exit_code = 5

    def __init__(self, message: str = "The vault is open elsewhere; close it there first.") -> None:
        super().__init__(message)


class Cancelled(InfluenceDeskError):
    """A long operation was cancelled by the user; nothing was changed."""

    exit_code = 1

    def __init__(self, message: str = "Cancelled; nothing was changed.") -> None:
        super().__init__(message)
