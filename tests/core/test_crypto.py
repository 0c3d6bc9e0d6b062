"""Known-answer tests for every primitive behind the vault, through our wrappers.

If one of these fails, a vault made by one build could not be opened by another, or a
primitive is not what the design claims it is.
"""

from __future__ import annotations

import unicodedata

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from influence_desk import crypto
from influence_desk.errors import BadInput, VaultDamaged

# --- Argon2id ---------------------------------------------------------------------------


def test_argon2id_rfc9106_test_vector() -> None:
    # RFC 9106 §5.3 (Argon2id): password 32×0x01, salt 16×0x02, secret 8×0x03,
    # associated data 12×0x04, m=32 KiB, t=3, p=4, tag length 32.
    kdf = crypto.Argon2id(
        salt=bytes([0x02] * 16),
        length=32,
        iterations=3,
        lanes=4,
        memory_cost=32,
        ad=bytes([0x04] * 12),
        secret=bytes([0x03] * 8),
    )
    assert kdf.derive(bytes([0x01] * 32)) == bytes.fromhex(
        "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"
    )


def test_passphrase_key_is_argon2id_over_the_nfc_utf8_passphrase() -> None:
    params = crypto.floor_params()
    passphrase = "Cafe\u0301 tre\u0300s su\u0308r"  # decomposed accents, as macOS may type
    expected = crypto.Argon2id(
        salt=params.salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(unicodedata.normalize("NFC", passphrase).encode("utf-8"))
    derived = crypto.derive_passphrase_key(passphrase, params)
    assert derived == expected
    assert len(derived) == crypto.KEY_BYTES == 32
    assert crypto.derive_passphrase_key(unicodedata.normalize("NFC", passphrase), params) == derived


def test_passphrase_key_depends_on_salt_and_passphrase() -> None:
    a, b = crypto.floor_params(), crypto.floor_params()
    assert a.salt != b.salt and len(a.salt) == 16
    key = crypto.derive_passphrase_key("same words here", a)
    assert crypto.derive_passphrase_key("same words here", b) != key
    assert crypto.derive_passphrase_key("same words herE", a) != key


def test_floor_params_are_the_design_floor() -> None:
    params = crypto.floor_params()
    assert (params.memory_kib, params.iterations, params.lanes) == (64 * 1024, 3, 4)
    params.check_bounds()


def test_calibration_never_goes_below_the_floor() -> None:
    # An impossible budget: calibration must still answer with at least the floor.
    params = crypto.calibrate(target_seconds=0.001)
    assert params.memory_kib >= crypto.FLOOR_MEMORY_KIB
    assert params.iterations >= crypto.FLOOR_ITERATIONS
    assert params.lanes >= crypto.FLOOR_LANES
    params.check_bounds()


def test_passphrase_that_is_not_unicode_text_is_bad_input() -> None:
    # What os.environ holds for a passphrase typed in a Latin-1 terminal.
    with pytest.raises(BadInput):
        crypto.derive_passphrase_key("caf\udce9 au lait", crypto.floor_params())


def test_wrap_key_and_check_value_are_independent() -> None:
    derived = bytes(range(32))
    wrap, check = crypto.split_passphrase_key(derived)
    assert len(wrap) == 32 and len(check) == 16
    assert check not in wrap and wrap != derived
    assert crypto.split_passphrase_key(derived) == (wrap, check)


# --- HKDF -------------------------------------------------------------------------------


def test_hkdf_rfc5869_test_case_3() -> None:
    # RFC 5869 A.3: SHA-256, IKM 22×0x0b, no salt, no info, L=42.
    okm = crypto.hkdf(bytes([0x0B] * 22), b"", 42)
    assert okm == bytes.fromhex(
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
        "9d201395faa4b61a96c8"
    )


# --- AES-256-GCM ------------------------------------------------------------------------

# McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", test cases 13, 14 and 16.
GCM_VECTORS = [
    pytest.param("00" * 32, "00" * 12, "", "", "", "530f8afbc74536b9a963b4f1c4cb738b", id="tc13"),
    pytest.param(
        "00" * 32, "00" * 12, "00" * 16, "",
        "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919", id="tc14",
    ),
    pytest.param(
        "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
        "cafebabefacedbaddecaf888",
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
        "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
        "feedfacedeadbeeffeedfacedeadbeefabaddad2",
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
        "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
        "76fc6ece0f4e1768cddf8853bb2d551b",
        id="tc16",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("key", "nonce", "plain", "ad", "cipher", "tag"), GCM_VECTORS)
def test_aes256gcm_known_answers(
    key: str, nonce: str, plain: str, ad: str, cipher: str, tag: str
) -> None:
    sealed = bytes.fromhex(cipher + tag)
    opened = crypto.aead_open(bytes.fromhex(key), bytes.fromhex(nonce), sealed, bytes.fromhex(ad))
    assert opened == bytes.fromhex(plain)
    flipped = bytearray(sealed)
    flipped[-1] ^= 0x01
    with pytest.raises(InvalidTag):
        crypto.aead_open(
            bytes.fromhex(key), bytes.fromhex(nonce), bytes(flipped), bytes.fromhex(ad)
        )


def test_aead_seal_uses_a_fresh_nonce_and_binds_associated_data() -> None:
    key = crypto.random_key()
    n1, c1 = crypto.aead_seal(key, b"payload", b"context")
    n2, c2 = crypto.aead_seal(key, b"payload", b"context")
    assert len(n1) == 12 and n1 != n2 and c1 != c2
    assert crypto.aead_open(key, n1, c1, b"context") == b"payload"
    with pytest.raises(InvalidTag):
        crypto.aead_open(key, n1, c1, b"other context")
    with pytest.raises(InvalidTag):
        crypto.aead_open(crypto.random_key(), n1, c1, b"context")


# --- Ed25519 ----------------------------------------------------------------------------

# RFC 8032 §7.1, TEST 1, TEST 2 and TEST 3: (secret key, public key, message, signature).
ED25519_VECTORS = [
    pytest.param(
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555"
        "fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        id="test1",
    ),
    pytest.param(
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
        "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        id="test2",
    ),
    pytest.param(
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
        "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
        id="test3",
    ),
]


@pytest.mark.parametrize(("secret", "public", "message", "signature"), ED25519_VECTORS)
def test_ed25519_rfc8032_known_answers(
    secret: str, public: str, message: str, signature: str
) -> None:
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(secret))
    msg, sig, pub = bytes.fromhex(message), bytes.fromhex(signature), bytes.fromhex(public)
    assert crypto.public_raw(key) == pub
    assert crypto.sign(key, msg) == sig
    assert crypto.verify_signature(pub, sig, msg)
    assert not crypto.verify_signature(pub, sig, msg + b"\x00")
    tampered = bytearray(sig)
    tampered[10] ^= 0x40
    assert not crypto.verify_signature(pub, bytes(tampered), msg)
    assert not crypto.verify_signature(pub[:31], sig, msg)  # malformed key: False, no crash
    assert crypto.key_id(pub) == crypto.sha256_hex(pub)[:16]


# --- X25519 sealing ---------------------------------------------------------------------


def test_x25519_rfc7748_section_6_1() -> None:
    alice = X25519PrivateKey.from_private_bytes(
        bytes.fromhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
    )
    bob = X25519PrivateKey.from_private_bytes(
        bytes.fromhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")
    )
    assert crypto.public_raw(alice).hex() == (
        "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
    )
    assert crypto.public_raw(bob).hex() == (
        "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"
    )
    shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"
    assert alice.exchange(bob.public_key()).hex() == shared
    assert bob.exchange(alice.public_key()).hex() == shared


def test_sealed_blob_opens_only_with_its_key_and_context() -> None:
    recipient = crypto.new_identity_key()
    blob = crypto.seal_to(recipient.public_key(), b"real name", b"source:1")
    assert crypto.open_sealed(recipient, blob, b"source:1") == b"real name"
    assert crypto.seal_to(recipient.public_key(), b"real name", b"source:1") != blob
    with pytest.raises(VaultDamaged):
        crypto.open_sealed(recipient, blob, b"source:2")  # moved to another object
    with pytest.raises(VaultDamaged):
        crypto.open_sealed(crypto.new_identity_key(), blob, b"source:1")
    for position in (0, 40, len(blob) - 1):
        tampered = bytearray(blob)
        tampered[position] ^= 0x01
        with pytest.raises(VaultDamaged):
            crypto.open_sealed(recipient, bytes(tampered), b"source:1")
    with pytest.raises(VaultDamaged):
        crypto.open_sealed(recipient, blob[:50], b"source:1")


def test_seal_to_accepts_only_a_public_key_object() -> None:
    public = X25519PublicKey.from_public_bytes(crypto.public_raw(crypto.new_identity_key()))
    assert len(crypto.seal_to(public, b"", b"")) == 32 + 12 + 16
