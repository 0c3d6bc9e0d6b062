"""Attachments travelling between replicas: a researcher's photo with its read text reaches
the lead (same bytes, found by its words, verify passing on both), its audience mark and
its removal follow, the bytes go once and never again for a later change, a source's card
travels still sealed, a blob altered by someone holding the data key is refused with one
sentence and nothing applied, and the folder holds neither the bytes nor the text in clear."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from attachment_files import photo
from sync_team import Team, add_note, desk_of, make_team, sync, titles, verified

from influence_desk.canonical import canonical
from influence_desk.desk import Desk
from influence_desk.model import SourceIdentity
from influence_desk.sync import attachments as synced
from influence_desk.sync.bundle_format import encode_bundle, list_bundles, read_bundle

READ_TEXT = "Quarterly microtargeting roundtable hosted by Brightwave Analytics"


def _bodies(team: Team, path: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every bundle the replica at ``path`` wrote, opened with the data key."""
    with desk_of(team, path) as desk:
        me = desk.store.local_replica()
        key, vault_id = desk.vault._shared().data_key, desk.vault.vault_id
    out = []
    for item in sorted(list_bundles(team.folder), key=lambda b: b.first):
        if item.replica_id == me:
            out.append((item.path, json.loads(read_bundle(item.path, key, vault_id).payload)))
    return out


def _attached(team: Team, path: Path, data: bytes) -> tuple[str, str]:
    note = add_note(team, path, "Roundtable at the hotel", "slides about voter files")
    with desk_of(team, path) as desk:
        info = desk.attach(note, data, "badge.jpg")
        desk.set_attachment_text(info.id, READ_TEXT)
    return note, info.id


def test_a_photo_with_its_read_text_reaches_the_lead(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    note, attachment = _attached(team, laptop, photo(1200, 800))
    with desk_of(team, laptop) as desk:
        stored = desk.attachment_bytes(attachment)
    sync(team, laptop)
    result = sync(team, lead)
    assert result.applied == 1 and result.refused == []
    with desk_of(team, lead) as desk:
        (info,) = desk.attachments(note)
        assert info.id == attachment and info.kind.value == "image"
        assert desk.attachment_bytes(attachment) == stored  # it opens, the same bytes
        assert desk.attachment_text(attachment) == READ_TEXT
        assert [h.id for h in desk.search("microtargeting")] == [note]
    assert verified(team, lead) and verified(team, laptop)
    ((_, first),) = _bodies(team, laptop)
    assert len(first["blobs"]) == 1

    # The audience mark travels, without the bytes again.
    with desk_of(team, laptop) as desk:
        desk.set_attachment_audience(attachment, "public")
    sync(team, laptop)
    sync(team, lead)
    with desk_of(team, lead) as desk:
        assert desk.attachment(attachment).audience.value == "public"
    assert "blobs" not in _bodies(team, laptop)[-1][1]
    assert verified(team, lead)

    # The lead removes it; the researcher's copy loses it too (and its search words).
    with desk_of(team, lead) as desk:
        desk.remove_attachment(attachment)
    sync(team, lead)
    sync(team, laptop)
    with desk_of(team, laptop) as desk:
        assert desk.attachments(note) == []
        assert desk.search("microtargeting") == []
        assert desk.store.attachment_content(info.sha256) is None
    assert verified(team, laptop) and verified(team, lead)


def test_the_same_photo_on_two_notes_goes_once(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    data = photo()
    first, _ = _attached(team, laptop, data)
    second = add_note(team, laptop, "Second day", "the same badge again")
    with desk_of(team, laptop) as desk:
        desk.attach(second, data, "badge.jpg")
    sync(team, laptop)
    sync(team, lead)
    ((_, body),) = _bodies(team, laptop)
    assert len(body["blobs"]) == 1
    with desk_of(team, lead) as desk:
        assert len(desk.attachments(first)) == len(desk.attachments(second)) == 1
    # Attached once more in a later sync: not sent again, the lead holds those bytes.
    third = add_note(team, laptop, "Third day", "and again")
    with desk_of(team, laptop) as desk:
        again = desk.attach(third, data, "badge.jpg")
        stored = desk.attachment_bytes(again.id)
    sync(team, laptop)
    assert sync(team, lead).refused == []
    assert "blobs" not in _bodies(team, laptop)[-1][1]
    with desk_of(team, lead) as desk:
        assert desk.attachment_bytes(again.id) == stored
    assert verified(team, lead)


def _register(desk: Desk) -> None:
    desk.register_source(SourceIdentity("Katarzyna Wiśniewska"), "a consultant")


def test_a_sources_card_travels_sealed(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1, before=_register)
    lead, laptop = team.all
    card = photo(400, 240)
    with desk_of(team, lead) as desk:
        source = desk.sources()[0].id
        info = desk.attach_to_source(source, card, "card.jpg")
        opened = desk.attachment_bytes(info.id)
        sealed = desk.store.attachment_content(info.sha256)
    assert sealed is not None and opened not in sealed
    sync(team, lead)
    sync(team, laptop)
    ((_, body),) = _bodies(team, lead)
    assert base64.b64decode(body["blobs"][info.sha256]) == sealed  # still sealed in transit
    with desk_of(team, laptop) as desk:
        assert [a.id for a in desk.source_attachments(source)] == [info.id]
        assert desk.attachment_bytes(info.id) == opened  # a researcher holds the identity key
    assert verified(team, laptop)


@pytest.mark.parametrize("forgery", ["altered", "unvouched"])
def test_an_altered_blob_is_refused_and_nothing_applied(tmp_path: Path, forgery: str) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    note, _ = _attached(team, laptop, photo())
    sync(team, laptop)
    with desk_of(team, lead) as desk:
        key, vault_id = desk.vault._shared().data_key, desk.vault.vault_id
    ((path, body),) = _bodies(team, laptop)
    (sha256,) = body["blobs"]
    data = bytearray(base64.b64decode(body["blobs"][sha256]))
    data[len(data) // 2] ^= 0x01  # one bit of the photo
    if forgery == "altered":  # ... under the hash its entry vouches for
        body["blobs"][sha256] = base64.b64encode(bytes(data)).decode()
    else:  # ... beside it, under its own true hash, which no signed row names
        body["blobs"][hashlib.sha256(data).hexdigest()] = base64.b64encode(bytes(data)).decode()
    bundle = read_bundle(path, key, vault_id)
    header = bundle.header
    path.write_bytes(encode_bundle(key, vault_id, header.replica_id, header.first, header.last,
                                   canonical(body)))  # fmt: skip
    before = titles(team, lead)
    result = sync(team, lead)
    (sentence,) = result.refused
    assert "attachment bytes that their signed entry does not vouch for" in sentence
    assert sentence.endswith("nothing of it was applied.")
    assert sentence.count(".") == 1 + sentence.count(".idbundle")  # one sentence
    assert result.applied == 0 and titles(team, lead) == before and note not in before
    with desk_of(team, lead) as desk:
        assert desk.search("microtargeting") == []
    assert verified(team, lead)


def test_the_folder_holds_no_attachment_bytes_or_read_text(tmp_path: Path) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    _note, attachment = _attached(team, laptop, photo(640, 480))
    with desk_of(team, laptop) as desk:
        stored = desk.attachment_bytes(attachment)
    sync(team, laptop)
    sync(team, lead)
    needles = [stored[i : i + 24] for i in range(0, len(stored) - 24, max(1, len(stored) // 40))]
    needles += [base64.b64encode(stored[i : i + 48])[:32] for i in range(0, 4800, 480)]
    # Words of six letters or more: a shorter needle turns up in random ciphertext by chance
    # ("by" is in about half of all 50 KB bundles).
    for word in [READ_TEXT, *(w for w in READ_TEXT.split() if len(w) >= 6)]:
        needles += [word.encode(), word.lower().encode(), word.encode("utf-16-le")]
    files = [p for p in team.folder.rglob("*") if p.is_file()]
    assert files
    for path in files:
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, path.name


def test_bundles_are_cut_by_attachment_bytes_never_between_an_add_and_its_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    first, one = _attached(team, laptop, photo(300, 200))
    with desk_of(team, laptop) as desk:
        desk.set_attachment_audience(one, "team")  # the add's row travels with this entry
        size = desk.attachment(one).size
    second, _two = _attached(team, laptop, photo(200, 300))
    monkeypatch.setattr(synced, "BLOB_BYTES_PER_BUNDLE", size + 1)
    sync(team, laptop)
    bodies = _bodies(team, laptop)
    assert len(bodies) >= 2 and all(len(b.get("blobs", {})) <= 1 for _p, b in bodies)
    result = sync(team, lead)
    assert result.refused == [] and result.applied == len(bodies)
    with desk_of(team, lead) as desk:
        assert desk.attachment(one).audience.value == "team"
        assert len(desk.attachments(first)) == len(desk.attachments(second)) == 1
    assert verified(team, lead)


@pytest.mark.parametrize("later", ["change", "removal"])
def test_a_removal_and_a_change_made_at_once_settle_the_same_everywhere(
    tmp_path: Path, later: str
) -> None:
    """The lead removes a photo while the researcher, not having seen that, marks it public.
    Whichever comes later in the common order wins on both; where the change wins, the
    lead's copy had deleted the bytes and takes them from the bundle that added them."""
    team = make_team(tmp_path, 1)
    lead, laptop = team.all
    note, attachment = _attached(team, laptop, photo())
    sync(team, laptop)
    sync(team, lead)
    # An entry written just before one of them puts that one later in the common order
    # (its clock is higher); neither replica has seen the other's.
    add_note(team, laptop if later == "change" else lead, "Another", "one more")
    with desk_of(team, lead) as desk:
        desk.remove_attachment(attachment)
    with desk_of(team, laptop) as desk:
        desk.set_attachment_audience(attachment, "public")
    for path in (lead, laptop, lead):
        assert sync(team, path).refused == []
    for path in team.all:
        with desk_of(team, path) as desk:
            shown = [a.audience.value for a in desk.attachments(note)]
            assert shown == (["public"] if later == "change" else [])
            if later == "change":
                assert desk.search("microtargeting")[0].id == note
        assert verified(team, path)
