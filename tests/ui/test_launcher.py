"""The ``influence-desk`` command: a CLI command runs the CLI; nothing, --demo or a vault
starts the app, and ``influence-desk VAULT`` opens the unlock screen on that vault."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from ui import launcher


@pytest.mark.parametrize(
    ("argv", "app"),
    [
        ([], True),
        (["--demo"], True),
        (["--help"], False),
        (["--version"], False),
        (["init", "team"], False),
        (["note", "add", "team.idvault", "--kind", "booth", "--title", "x"], False),
        (["team.idvault"], True),
        (["~/vaults/team"], True),
        (["teem"], False),  # neither a command nor a vault: the CLI says which commands exist
    ],
)
def test_a_command_goes_to_the_cli_anything_else_to_the_app(argv: list[str], app: bool) -> None:
    assert launcher._starts_the_app(argv) is app


def test_a_vault_folder_named_without_its_suffix_opens_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "team.idvault").mkdir()
    (tmp_path / "note.idvault").mkdir()
    assert launcher._starts_the_app(["team"])
    assert not launcher._starts_the_app(["note", "add"]), "a command wins over a folder"


def test_influence_desk_vault_opens_the_unlock_screen_on_it(
    qtbot, sample_vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.app import AppWindow

    shown: list[tuple[bool, Path | None]] = []
    real_show_unlock = AppWindow.show_unlock

    def show_unlock(window: AppWindow, path: Path, *args, **kwargs) -> None:
        real_show_unlock(window, path, *args, **kwargs)
        shown.append((window.stack.currentWidget() is window.unlock_page,
                      window.unlock_page.path))  # fmt: skip

    monkeypatch.setattr(AppWindow, "show_unlock", show_unlock)
    # The event loop is the test's own: running a second one here would end with quit().
    monkeypatch.setattr(QApplication, "exec", lambda *args: 0)
    assert launcher.main([str(sample_vault.path)]) == 0
    assert shown == [(True, sample_vault.path.resolve())]
