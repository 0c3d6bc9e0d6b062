"""Vault settings changed on two replicas at the same time are merged key by key: the lead
sets the export footer while a laptop sets the header, and after syncing every copy has
both, whichever synced first; the same setting changed on both ends with one value
everywhere (the later change); verify passes on every copy, and a settings table altered
outside history afterwards still fails it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sync_team import Team, close_all, desk_of, make_team, sync, verified

from influence_desk.model import SourceIdentity

FOOTER = "Prepared for the newsroom"
HEADER = "Internal: do not forward"


def _settings(team: Team, path: Path) -> dict[str, str | None]:
    with desk_of(team, path) as desk:
        return {k: desk.get_setting(k) for k in ("export.footer", "export.header", "theme")}


def _round(team: Team, first: Path, second: Path, third: Path) -> None:
    for path in (first, second, third, first, second):
        assert sync(team, path).refused == []


@pytest.mark.parametrize("order", ["lead first", "laptop first", "third copy last"])
def test_different_settings_changed_at_once_both_survive_everywhere(
    tmp_path: Path, order: str
) -> None:
    team = make_team(tmp_path, 2)
    lead, laptop, other = team.all
    with desk_of(team, lead) as desk:
        desk.set_setting("export.footer", FOOTER)
    with desk_of(team, laptop) as desk:
        desk.set_setting("export.header", HEADER)
    if order == "third copy last":  # both merged before the third copy hears of either
        for path in (lead, laptop, lead, other, laptop):
            assert sync(team, path).refused == []
    else:
        _round(team, *((lead, laptop, other) if order == "lead first" else (laptop, lead, other)))
    for path in team.all:
        assert _settings(team, path) == {"export.footer": FOOTER, "export.header": HEADER,
                                         "theme": None}  # fmt: skip
        assert verified(team, path)
    # A later change on one copy, on top of the merged table, travels as usual.
    with desk_of(team, other) as desk:
        desk.set_setting("theme", "dark")
    _round(team, other, lead, laptop)
    for path in team.all:
        assert _settings(team, path)["theme"] == "dark"
        assert _settings(team, path)["export.footer"] == FOOTER
        assert verified(team, path)
    close_all()


def test_the_same_setting_changed_at_once_ends_with_one_value_everywhere(tmp_path: Path) -> None:
    team = make_team(tmp_path, 2)
    lead, laptop, other = team.all
    with desk_of(team, lead) as desk:
        desk.set_setting("export.footer", "From the lead")
    with desk_of(team, laptop) as desk:
        desk.set_setting("export.footer", "From the laptop")
        desk.set_setting("export.header", HEADER)
    _round(team, laptop, other, lead)
    shown = {path: _settings(team, path) for path in team.all}
    assert len({tuple(s.items()) for s in shown.values()}) == 1  # the same table everywhere
    assert shown[lead]["export.footer"] in ("From the lead", "From the laptop")
    assert shown[lead]["export.header"] == HEADER
    for path in team.all:
        assert verified(team, path)
    close_all()


def test_a_merged_table_altered_outside_history_fails_verify(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    with desk_of(team, lead) as desk:
        desk.set_setting("export.footer", FOOTER)
    with desk_of(team, laptop) as desk:
        desk.set_setting("export.header", HEADER)
    _round(team, laptop, lead, laptop)
    assert verified(team, lead)
    with desk_of(team, lead) as desk:
        with desk.store.transaction():
            desk.store.set_meta("export.footer", "Changed behind history's back")
        report = desk.vault.verify()
        assert not report.ok
        assert any(p.where == "vault:meta" for p in report.problems)
    close_all()


def test_a_setting_renamed_on_one_side_is_not_brought_back_by_the_other(tmp_path: Path) -> None:
    """Registering a person renames a setting that names them (the old key is removed):
    a laptop changing another setting meanwhile does not bring the old key back."""
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    with desk_of(team, lead) as desk:
        desk.set_setting("export.profile.Joachim Vogelsang", "For Joachim Vogelsang")
    _round(team, lead, laptop, lead)
    with desk_of(team, lead) as desk:
        desk.register_source(SourceIdentity("Joachim Vogelsang"), "a consultant")
        renamed = desk.settings_with_prefix("export.profile.")
    with desk_of(team, laptop) as desk:
        desk.set_setting("export.header", HEADER)
    assert list(renamed) != ["export.profile.Joachim Vogelsang"] and len(renamed) == 1
    _round(team, laptop, lead, laptop)
    for path in team.all:
        with desk_of(team, path) as desk:
            assert desk.settings_with_prefix("export.profile.") == renamed
            assert desk.get_setting("export.header") == HEADER
        assert verified(team, path)
    close_all()
