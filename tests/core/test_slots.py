"""Key slots: each person's passphrase opens their own keys, and nothing else, ever.

A slot edited in vault.json (role, label, any byte, or swapped with another slot) must make
that slot fail, never hand anyone keys beyond the payload they were given.
"""

from __future__ import annotations

import base64
import functools
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from influence_desk import crypto
from influence_desk.errors import VaultDamaged, WrongPassphrase
from influence_desk.model import Role
from influence_desk.vault import slots as slotlib
from influence_desk.vault.vault import Vault

if TYPE_CHECKING:
    from conftest import TeamVault

VAULT_ID = "6f1c1d3e-0c7a-4b7e-9a55-1f4b8d2e9c10"
KDF_SETTINGS = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def team_keys() -> tuple[slotlib.SharedKeys, bytes]:
    identity = crypto.private_raw(crypto.new_identity_key())
    return slotlib.SharedKeys(crypto.random_key(), identity), crypto.private_raw(
        crypto.new_signing_key()
    )


def open_slot(record: Any, passphrase: str) -> slotlib.SlotPayload:
    fits, wrap_key = slotlib.passphrase_fits(record, passphrase)
    if not fits:
        raise WrongPassphrase()
    return slotlib.unwrap_with_key(VAULT_ID, record, wrap_key)


# --- passphrases ------------------------------------------------------------------------


@KDF_SETTINGS
@given(passphrase=st.text(min_size=8, max_size=40))
def test_any_unicode_passphrase_round_trips(passphrase: str) -> None:
    shared, signing = team_keys()
    record = slotlib.wrap_slot(
        VAULT_ID, slotlib.new_slot_id(), "Rafa", Role.RESEARCHER, passphrase, shared, signing,
        crypto.floor_params(),
    )  # fmt: skip
    payload = open_slot(record, passphrase)
    assert payload.data_key == shared.data_key
    assert payload.identity_key == shared.identity_key
    assert payload.signing_key == signing


COMPOSABLE = "aeiouAEIOU nñcçéèüÅåǅ가각ḯṩὦ\u0301\u0308\u0327"


@KDF_SETTINGS
@given(body=st.text(alphabet=COMPOSABLE, min_size=4, max_size=24))
def test_nfc_and_nfd_of_a_passphrase_open_the_same_slot(body: str) -> None:
    passphrase = "Zoë café " + body  # at least one character that NFD splits
    nfc = unicodedata.normalize("NFC", passphrase)
    nfd = unicodedata.normalize("NFD", passphrase)
    assert nfc != nfd
    shared, signing = team_keys()
    record = slotlib.wrap_slot(
        VAULT_ID, slotlib.new_slot_id(), "Lena", Role.LEAD, nfd, shared, signing,
        crypto.floor_params(),
    )  # fmt: skip
    assert open_slot(record, nfc).data_key == shared.data_key
    assert open_slot(record, nfd).data_key == shared.data_key


@KDF_SETTINGS
@given(right=st.text(min_size=8, max_size=30), wrong=st.text(min_size=8, max_size=30))
def test_a_different_passphrase_is_wrong(right: str, wrong: str) -> None:
    assume(unicodedata.normalize("NFC", right) != unicodedata.normalize("NFC", wrong))
    shared, signing = team_keys()
    record = slotlib.wrap_slot(
        VAULT_ID, slotlib.new_slot_id(), "Lena", Role.LEAD, right, shared, signing,
        crypto.floor_params(),
    )  # fmt: skip
    with pytest.raises(WrongPassphrase):
        open_slot(record, wrong)


def test_compatibility_forms_are_not_folded() -> None:
    # NFC, not NFKC: the ligature "ﬁ" and "fi" are different passphrases.
    shared, signing = team_keys()
    record = slotlib.wrap_slot(
        VAULT_ID, slotlib.new_slot_id(), "Lena", Role.LEAD, "ﬁeld notes 2026", shared,
        signing, crypto.floor_params(),
    )  # fmt: skip
    with pytest.raises(WrongPassphrase):
        open_slot(record, "field notes 2026")


# --- what each role's payload holds -----------------------------------------------------


def test_an_auditor_slot_holds_the_data_key_only() -> None:
    shared, _ = team_keys()
    record = slotlib.wrap_slot(
        VAULT_ID, slotlib.new_slot_id(), "Ada", Role.AUDITOR, "auditor words", shared, None,
        crypto.floor_params(),
    )  # fmt: skip
    payload = open_slot(record, "auditor words")
    assert payload.data_key == shared.data_key
    assert payload.identity_key is None
    assert payload.signing_key is None


def test_keys_that_do_not_fit_the_role_are_refused() -> None:
    shared, signing = team_keys()
    with pytest.raises(ValueError):
        slotlib.wrap_slot(
            VAULT_ID, slotlib.new_slot_id(), "Ada", Role.AUDITOR, "auditor words", shared,
            signing, crypto.floor_params(),
        )  # fmt: skip
    with pytest.raises(ValueError):
        slotlib.wrap_slot(
            VAULT_ID, slotlib.new_slot_id(), "Lena", Role.LEAD, "lead words!", shared, None,
            crypto.floor_params(),
        )  # fmt: skip


def test_keys_never_show_in_repr() -> None:
    shared, signing = team_keys()
    payload = slotlib.SlotPayload(shared, signing, crypto.random_key())
    for text in (repr(shared), repr(payload), str(payload)):
        assert shared.data_key.hex() not in text
        assert "hidden" in text


def test_rekey_reseal_needs_no_passphrase_and_keeps_it() -> None:
    shared, signing = team_keys()
    record = slotlib.wrap_slot(
        VAULT_ID, slotlib.new_slot_id(), "Rafa", Role.RESEARCHER, "research words", shared,
        signing, crypto.floor_params(),
    )  # fmt: skip
    new_shared = slotlib.SharedKeys(crypto.random_key(), shared.identity_key)
    resealed = slotlib.reseal_shared(VAULT_ID, record, new_shared)
    payload = open_slot(resealed, "research words")
    assert payload.data_key == new_shared.data_key != shared.data_key
    assert payload.signing_key == signing


# --- a tampered vault.json never grants more --------------------------------------------


# Argon2id is deterministic: remembering results (across tests: every copy of the team vault
# has the same salts) keeps dozens of opens fast without changing what is checked.
_remembered_kdf = functools.lru_cache(maxsize=None)(crypto.derive_passphrase_key)


@pytest.fixture
def cached_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "derive_passphrase_key", _remembered_kdf)


def _flip_b64(value: str, index: int = 0) -> str:
    raw = bytearray(base64.b64decode(value))
    raw[index % len(raw)] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


Slots = dict[Role, dict[str, Any]]


def _rewrite(path: Path, mutate: Callable[[Slots], None]) -> None:
    doc = json.loads((path / "vault.json").read_text())
    by_role = {Role(s["role"]): s for s in doc["slots"]}
    mutate(by_role)
    (path / "vault.json").write_text(json.dumps(doc))


def _swap(a: Role, b: Role, *fields: str) -> Callable[[Slots], None]:
    def mutate(slots: Slots) -> None:
        for f in fields:
            slots[a][f], slots[b][f] = slots[b][f], slots[a][f]

    return mutate


def _set(role: Role, field: str, value: Any) -> Callable[[Slots], None]:
    def mutate(slots: Slots) -> None:
        slots[role][field] = value

    return mutate


def _flip(role: Role, field: str, index: int = 0) -> Callable[[Slots], None]:
    def mutate(slots: Slots) -> None:
        if field == "salt":
            slots[role]["kdf"]["salt"] = _flip_b64(slots[role]["kdf"]["salt"], index)
        else:
            slots[role][field] = _flip_b64(slots[role][field], index)

    return mutate


def _kdf(role: Role, key: str, value: int) -> Callable[[Slots], None]:
    def mutate(slots: Slots) -> None:
        slots[role]["kdf"][key] = value

    return mutate


A, R, L = Role.AUDITOR, Role.RESEARCHER, Role.LEAD
TAMPERING = {
    "auditor relabelled lead": ([A], _set(A, "role", "lead")),
    "auditor relabelled researcher": ([A], _set(A, "role", "researcher")),
    "researcher relabelled lead": ([R], _set(R, "role", "lead")),
    "lead relabelled auditor": ([L], _set(L, "role", "auditor")),
    "label changed": ([A], _set(A, "label", "Lena Lead")),
    "ciphertext first byte": ([A], _flip(A, "ciphertext", 0)),
    "ciphertext tag byte": ([R], _flip(R, "ciphertext", -1)),
    "nonce": ([L], _flip(L, "nonce", 5)),
    "check value": ([A], _flip(A, "check", 3)),
    "public key": ([R], _flip(R, "public", 7)),
    "shared layer": ([A], _flip(A, "shared", 40)),
    "shared layer tag": ([L], _flip(L, "shared", -1)),
    "salt": ([A], _flip(A, "salt", 2)),
    "kdf iterations": ([A], _kdf(A, "iterations", 4)),
    "kdf memory": ([L], _kdf(L, "memory_kib", 128 * 1024)),
    "ids swapped": ([A, L], _swap(A, L, "id")),
    "roles swapped": ([A, L], _swap(A, L, "role")),
    "ciphertexts swapped": ([A, R], _swap(A, R, "nonce", "ciphertext")),
    "shared layers swapped": ([A, L], _swap(A, L, "shared")),
    "public and shared swapped": ([A, R], _swap(A, R, "public", "shared")),
    "everything but role swapped": (
        [A, L],
        _swap(A, L, "id", "label", "kdf", "check", "nonce", "ciphertext", "public", "shared"),
    ),
}


def _rights(vault: Vault) -> tuple[Role, bool, bool, bool]:
    return vault.role, vault.can_write, vault.can_reveal, vault.is_lead


@pytest.mark.parametrize("case", list(TAMPERING))
def test_a_tampered_slot_never_unlocks_more_than_its_own_payload(
    team: TeamVault, cached_kdf: None, case: str
) -> None:
    honest: dict[Role, tuple[Role, bool, bool, bool]] = {}
    for role in Role:
        with team.open(role) as vault:
            honest[role] = _rights(vault)
    tampered, mutate = TAMPERING[case]
    _rewrite(team.path, mutate)
    for role in Role:
        try:
            vault = Vault.open(team.path, team.passphrase(role))
        except (VaultDamaged, WrongPassphrase):
            continue
        with vault:
            # Someone whose slot was touched never gets in; nobody gets more than before.
            assert role not in tampered, f"{case}: {role} still opened an altered slot"
            assert _rights(vault) == honest[role]


def test_slots_in_another_order_still_open_with_the_same_rights(
    team: TeamVault, cached_kdf: None
) -> None:
    doc = json.loads((team.path / "vault.json").read_text())
    doc["slots"].reverse()
    (team.path / "vault.json").write_text(json.dumps(doc))
    for role in Role:
        with Vault.open(team.path, team.passphrase(role)) as vault:
            assert vault.role is role


def test_a_slot_copied_from_another_vault_does_not_open(
    team: TeamVault, tmp_path: Path, cached_kdf: None
) -> None:
    # Same passphrase, same role, another vault id: the associated data differs.
    other = Vault.create(
        tmp_path / "other", label="Lena Lead", passphrase=team.passphrase(Role.LEAD),
        kdf=crypto.floor_params(),
    )  # fmt: skip
    foreign = json.loads((other.path / "vault.json").read_text())["slots"][0]
    other.close()
    doc = json.loads((team.path / "vault.json").read_text())
    doc["slots"] = [foreign] + [s for s in doc["slots"] if s["role"] != "lead"]
    (team.path / "vault.json").write_text(json.dumps(doc))
    with pytest.raises(VaultDamaged):
        Vault.open(team.path, team.passphrase(Role.LEAD))


def test_a_writer_slot_forged_with_only_the_data_key_is_refused(
    team: TeamVault, cached_kdf: None
) -> None:
    # An auditor holds the data key and could write a "researcher" slot of their own making;
    # without the real identity key it must not open as a writer.
    with team.open(Role.AUDITOR) as auditor:
        assert auditor._payload is not None
        data_key = auditor._payload.data_key
    forged = slotlib.wrap_slot(
        team.vault_id, slotlib.new_slot_id(), "Mallory", Role.RESEARCHER, "forged words",
        slotlib.SharedKeys(data_key, crypto.private_raw(crypto.new_identity_key())),
        crypto.private_raw(crypto.new_signing_key()), crypto.floor_params(),
    )  # fmt: skip
    doc = json.loads((team.path / "vault.json").read_text())
    doc["slots"].append(
        {
            "id": forged.id, "label": forged.label, "role": forged.role.value,
            "kdf": {"alg": "argon2id", "memory_kib": forged.kdf.memory_kib,
                    "iterations": forged.kdf.iterations, "lanes": forged.kdf.lanes,
                    "salt": base64.b64encode(forged.kdf.salt).decode()},
            **{f: base64.b64encode(getattr(forged, f)).decode()
               for f in ("check", "nonce", "ciphertext", "public", "shared")},
        }
    )  # fmt: skip
    (team.path / "vault.json").write_text(json.dumps(doc))
    with pytest.raises(VaultDamaged):
        Vault.open(team.path, "forged words")
