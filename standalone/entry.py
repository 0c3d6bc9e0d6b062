"""The standalone build's program: the installed ``influence-desk`` command (app or CLI)."""

from ui.launcher import console

if __name__ == "__main__":
    console()
