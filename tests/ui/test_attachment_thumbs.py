"""Thumbnails are made in a worker, never on the GUI thread: a note opens with placeholders
that fill in as each picture is ready; a lock drops them, and a picture that a worker still
delivers after the lock is never shown. The viewer decodes its photo in a worker too."""

from __future__ import annotations

import threading

from attachment_files import pdf_with_metadata, photo
from uihelpers import unlock

import ui.attachment_images as attachment_images
from influence_desk.desk import Desk
from influence_desk.vault.vault import Vault
from ui.attachment_images import THUMB, placeholder
from ui.attachment_strip import AttachmentTile
from ui.tasks import running_tasks


def _with_attachments(sample_vault) -> None:
    with Vault.open(sample_vault.path, sample_vault.passphrase) as vault:
        desk = Desk(vault)
        desk.attach(sample_vault.note_ids[0], photo(1600, 1000))
        desk.attach(sample_vault.note_ids[0], pdf_with_metadata())


class HeldDecoder:
    """thumbnail_image as the app has it, but held until ``release``; records the thread."""

    def __init__(self, monkeypatch) -> None:
        self.threads: list[threading.Thread] = []
        self.gate = threading.Event()
        self.real = attachment_images.thumbnail_image
        monkeypatch.setattr(attachment_images, "thumbnail_image", self)

    def __call__(self, *args):  # type: ignore[no-untyped-def]
        self.threads.append(threading.current_thread())
        self.gate.wait(60)
        return self.real(*args)

    def release(self) -> None:
        self.gate.set()


def _open(qtbot, window, sample_vault):
    unlock(qtbot, window, sample_vault.path, sample_vault.passphrase)
    ws = window.workspace
    ws.notes.select_note(sample_vault.note_ids[0])
    qtbot.waitUntil(lambda: ws.editor.note_id == sample_vault.note_ids[0])
    return ws.editor.attachments


def _pixels(tile: AttachmentTile):
    return tile.thumb.icon().pixmap(THUMB).toImage()


def test_the_strip_shows_placeholders_then_fills_in_from_the_worker(
    qtbot, window, sample_vault, monkeypatch
) -> None:
    _with_attachments(sample_vault)
    decoder = HeldDecoder(monkeypatch)
    strip = _open(qtbot, window, sample_vault)
    assert len(strip.tiles) == 2
    waiting = placeholder(strip.tiles[0].info.kind, waiting=True).toImage()
    # The note is open and usable while the pictures are being made.
    assert all(not t.pictured and _pixels(t) == waiting for t in strip.tiles)
    qtbot.waitUntil(lambda: len(decoder.threads) >= 1)
    decoder.release()
    qtbot.waitUntil(lambda: all(t.pictured for t in strip.tiles), timeout=30_000)
    assert len(decoder.threads) == 2
    assert all(t is not threading.main_thread() for t in decoder.threads)
    for tile in strip.tiles:
        shown = _pixels(tile)
        assert not shown.isNull() and shown != waiting
        assert shown != placeholder(tile.info.kind).toImage()  # a picture, not a "?"
    assert strip.thumbnails.pending() == 0


def test_a_lock_drops_the_thumbnails_and_what_a_worker_delivers_late(
    qtbot, window, sample_vault, monkeypatch
) -> None:
    _with_attachments(sample_vault)
    decoder = HeldDecoder(monkeypatch)
    shown: list[str] = []
    real_show = AttachmentTile.show_picture
    monkeypatch.setattr(AttachmentTile, "show_picture",
                        lambda tile, image: (shown.append(tile.info.id),
                                             real_show(tile, image)))  # fmt: skip
    strip = _open(qtbot, window, sample_vault)
    tiles = list(strip.tiles)
    qtbot.waitUntil(lambda: len(decoder.threads) >= 1)
    window.lock()
    assert strip.tiles == [] and strip.thumbnails.pending() == 0
    assert all(t.thumb.icon().isNull() for t in tiles)
    decoder.release()  # the workers finish after the lock
    # A task counts as running until its result has reached the GUI thread (and, being
    # abandoned, been dropped there).
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=30_000)
    assert shown == []


def test_the_viewer_decodes_the_photo_in_a_worker_and_forgets_it_on_lock(
    qtbot, window, sample_vault, monkeypatch
) -> None:
    _with_attachments(sample_vault)
    strip = _open(qtbot, window, sample_vault)
    qtbot.waitUntil(lambda: all(t.pictured for t in strip.tiles), timeout=30_000)
    threads: list[threading.Thread] = []
    gate = threading.Event()
    real = attachment_images.decode_image

    def held(data: bytes):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        gate.wait(60)
        return real(data)

    monkeypatch.setattr(attachment_images, "decode_image", held)
    photo_tile = next(t for t in strip.tiles if t.info.kind == "image")
    photo_tile.thumb.click()
    viewer = strip.viewer
    qtbot.waitExposed(viewer)  # open at once, the picture still coming
    assert not viewer.image_ready and viewer.content.pixmap.isNull()
    assert viewer.content.label.text() == "Opening the picture…"
    qtbot.waitUntil(lambda: len(threads) == 1)
    gate.set()
    qtbot.waitUntil(lambda: viewer.image_ready)
    assert threads[0] is not threading.main_thread()
    assert viewer.content.pixmap.width() == 1600 and viewer.zoom() < 1.0
    assert viewer.content.width() > 2 * viewer.text.width()  # the picture has the room
    window.lock()
    assert viewer.content.pixmap.isNull() and not viewer.isVisible()
