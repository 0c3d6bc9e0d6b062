"""SIGKILL while a photo is attached: the attachment is there whole or not at all.

A child opens the vault, reads a 6-megapixel photo (with GPS, a camera serial and a marker
in its EXIF comment) into memory, strips it and attaches it to a note with ``Desk.attach``;
it is killed at a random moment over the attach's measured duration, and exactly just before
and just after its commit point (POINTS). After each kill the vault opens with no attachment
or one whose stored bytes are exactly what its row and history say (no content row without
its attachment, none missing), ``Vault.verify`` passes, and neither the vault folder nor
the temp dir holds the marker (the original is never copied; the photo the test wrote is the
only file with it).

Fast subset by default (10 kills); ``INFLUENCE_DESK_FULL_RELIABILITY=1`` runs 50.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import time
from datetime import datetime
from pathlib import Path

import pytest
from desk_support import raw_connection
from killer import Outcome, kill_campaign, kill_runs, measure, plaintext_in_temp, remember_kdf
from PIL import Image

from influence_desk import crypto
from influence_desk.desk import Desk, NoteDraft
from influence_desk.model import NoteKind
from influence_desk.vault.vault import Vault

pytestmark = pytest.mark.slow

POINTS = ("attach.before_commit", "attach.after_commit")
LEAD = "lead: correct horse battery"

CHILD = """
import sys, time
from influence_desk.desk import Desk
from influence_desk.vault.vault import Vault

path, passphrase, photo = sys.argv[1:4]
vault = Vault.open(path, passphrase)
desk = Desk(vault)
note_id = desk.note_ids()[0]
print("ready", flush=True)
start = time.perf_counter()
with open(photo, "rb") as handle:
    info = desk.attach(note_id, handle.read(), "IMG_0001.jpg")
vault.close()
print(f"done {time.perf_counter() - start:.6f} {info.id}", flush=True)
"""


def _photo(path: Path, marker: str) -> None:
    image = Image.merge("RGB", [Image.effect_noise((3000, 2000), 40 + 10 * i) for i in range(3)])
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif.get_ifd(0x8769)[0xA431] = "SN-4471-9920-QX"
    exif.get_ifd(0x8825)[2] = (52.0, 31.0, 12.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=marker.encode(), quality=90)
    path.write_bytes(out.getvalue())


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("attach-template") / "attach.idvault"
    with Vault.create(path, label="Lena", passphrase=LEAD, kdf=crypto.floor_params()) as lead:
        Desk(lead).add_note(NoteDraft(NoteKind.BOOTH, "Booth 14", datetime(2026, 11, 20)))
    return path


def test_kill_during_attach(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                            ) -> None:  # fmt: skip
    remember_kdf(monkeypatch)
    marker = f"ATTACHMARK{secrets.token_hex(6)}"
    photo = tmp_path / "IMG_0001.jpg"
    _photo(photo, marker)
    started = time.time()
    duration = measure(CHILD, template, tmp_path, [LEAD, str(photo)], times=1)
    states = {0: 0, 1: 0}

    def check(path: Path, outcome: Outcome, where: str) -> list[str]:
        problems: list[str] = []
        with Vault.open(path, LEAD) as vault:
            desk = Desk(vault)
            attached = desk.attachments(desk.note_ids()[0])
            if len(attached) not in states:
                return [f"{where}: {len(attached)} attachments after the kill"]
            states[len(attached)] += 1
            for info in attached:
                data = desk.attachment_bytes(info.id)
                if hashlib.sha256(data).hexdigest() != info.sha256 or len(data) != info.size:
                    problems.append(f"{where}: the stored photo is not what its row says")
                with Image.open(io.BytesIO(data)) as image:
                    if image.size != (3000, 2000):
                        problems.append(f"{where}: the stored photo is {image.size}")
            problems += [f"{where}: verify: {p}" for p in vault.verify().problems]
            key = vault._shared().data_key
        conn = raw_connection(path, key)
        try:
            contents = conn.execute("SELECT count(*) FROM attachment_contents").fetchone()[0]
        finally:
            conn.close()
        if contents != len(attached):
            problems.append(f"{where}: {contents} stored contents for {len(attached)} attachments")
        return problems

    runs = kill_campaign(CHILD, template, tmp_path, [LEAD, str(photo)], duration, check,
                         seed=20261202, marker=marker, points=POINTS,
                         what="attaching a photo")  # fmt: skip
    leftovers = plaintext_in_temp(marker, started, exclude=[photo])
    assert runs.problems == []
    assert leftovers == [], "the original's marker was copied into the temp dir"
    assert runs.killed >= kill_runs(), f"only {runs.killed} of {runs.attempts} runs killed mid-way"
    assert states[0] > 0 and states[1] > 0, states
