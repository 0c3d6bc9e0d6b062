"""The ``influence-desk`` entry point: a CLI command, or the desktop app without one."""

from __future__ import annotations

import sys


def main() -> None:
    args = sys.argv[1:]
    if not args or args[0].startswith("--demo") or args == ["--gui"]:
        # The app lives outside the core so the core never imports Qt.
        import main as app_main

        sys.exit(app_main.main(args))
    from influence_desk.cli import main as cli_main

    cli_main(args)


if __name__ == "__main__":
    main()
