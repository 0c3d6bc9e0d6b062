"""Influence Desk from a checkout: ``python main.py [--demo | VAULT]`` starts the desktop app.

A thin launcher: the app's start lives in ui/launcher.py, which is also what the installed
``influence-desk`` command runs (with a CLI command it runs the CLI instead).
"""

from __future__ import annotations

import sys

from ui.launcher import main

if __name__ == "__main__":
    sys.exit(main())
