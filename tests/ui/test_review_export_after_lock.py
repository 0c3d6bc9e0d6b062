"""Review finding: an export whose vault is locked while it renders (the keys dropped) must
leave no file, as export_run promises, even when nothing asked it to cancel."""

from __future__ import annotations

from pathlib import Path

import pytest

from influence_desk.desk import Desk
from influence_desk.errors import NotPermitted
from influence_desk.export import service
from influence_desk.progress import CancelFlag
from influence_desk.vault.vault import Vault
from ui.export_run import export_job
from ui.session import Session


def test_a_lock_during_rendering_leaves_no_unrecorded_file(
    sample_vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = Vault.open(sample_vault.path, sample_vault.passphrase)
    session = Session(vault, Desk(vault))
    real_render = service.render_export

    def render_then_lock(*args, **kwargs):
        result = real_render(*args, **kwargs)
        session.close()  # the lock comes while the file is being checked
        return result

    monkeypatch.setattr(service, "render_export", render_then_lock)
    out = tmp_path / "brief.pdf"
    job = export_job(session, "team", out, service.ExportScope(), "")
    with pytest.raises(NotPermitted):
        job(lambda d, t: None, CancelFlag())
    assert not out.exists(), "an export the vault never recorded was left on disk"
