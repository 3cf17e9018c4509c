"""Masking and keyed pseudonymisation."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from pathlib import Path

import pytest

import bansos_validate as bv
from bansos_validate.privacy import MIN_KEY_BYTES, check_key

GOOD = "3576014403910003"
KEY = bytes.fromhex("9c0e4d2b7a61f3853eb2d4c08f17a9e651d2c7f09ab38e461f5c2d9073be8a14")


def test_mask_defaults_to_the_region() -> None:
    assert bv.mask_nik(GOOD) == "357601**********"
    assert bv.mask_kk("3576010101200001") == "357601**********"
    assert bv.mask_nik("3576 0144 0391 0003") == "357601**********"


def test_mask_options_and_edge_cases() -> None:
    assert bv.mask_nik(GOOD, keep=0) == "*" * 16
    assert bv.mask_nik(GOOD, keep=12, char="x") == "357601440391xxxx"
    assert bv.mask_nik(None) == ""
    assert bv.mask_nik("") == ""
    assert bv.mask_nik("abc") == "*" * 16
    assert bv.mask_nik("1234") == "****"
    assert bv.mask_nik(GOOD + "1") == "357601" + "*" * 11
    with pytest.raises(bv.InvalidArgument):
        bv.mask_nik(GOOD, keep=17)


def test_pseudonymize_is_keyed_hmac_sha256_of_the_compact_digits() -> None:
    token = bv.pseudonymize(GOOD, KEY)
    assert token == hmac.new(KEY, GOOD.encode(), hashlib.sha256).hexdigest()
    assert token != hashlib.sha256(GOOD.encode()).hexdigest()
    assert len(token) == 64
    assert bv.pseudonymize("3576-0144-0391-0003", key=KEY) == token
    assert bv.pseudonymize(GOOD, bytes(reversed(KEY))) != token
    assert bv.pseudonymize("3576014403910004", KEY) != token


def test_pseudonymize_refuses_weak_keys() -> None:
    for bad in (
        b"",
        b"short",
        b"x" * (MIN_KEY_BYTES - 1),
        b"\x00" * 32,
        "a text key of 32 characters....",
        None,
        12345,
    ):
        with pytest.raises(bv.WeakKeyError):
            bv.pseudonymize(GOOD, bad)  # type: ignore[arg-type]
    assert isinstance(bv.WeakKeyError("x"), ValueError)
    assert check_key(bytearray(KEY)) == KEY
    assert len(bv.pseudonymize(GOOD, secrets.token_bytes(MIN_KEY_BYTES))) == 64


def test_weak_key_message_does_not_echo_the_key() -> None:
    with pytest.raises(bv.WeakKeyError) as raised:
        bv.pseudonymize(GOOD, b"secret-pass")
    assert "secret-pass" not in str(raised.value)


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        (b"passwordpassword", "repeats"),
        (b"kuncikuncikuncikunci", "repeats"),
        (b"\x07" * 32, "repeats"),
        (bytes(range(32)), "consecutive"),
        (b"abcdefghijklmnopqrstuvwxyz", "consecutive"),
        (b"3576014403910003", "number"),  # a NIK is not a key
        (b"2026-01-01 08123456789", "number"),
        (b"rahasiadinsos2026", "text"),
        (b"Dinsos-Kota-Malang-2026-rahasia!", "text"),
        (b"correct horse battery staple", "text"),
        (b"9f86d081884c7d65", "text"),  # hexadecimal, but only 64 bits
        (b"c0ffee" * 8, "repeats"),  # hexadecimal text of a repeated piece
    ],
)
def test_guessable_keys_are_refused_with_the_reason(key: bytes, reason: str) -> None:
    with pytest.raises(bv.WeakKeyError, match=reason) as caught:
        check_key(key)
    assert "key new" in str(caught.value)
    assert caught.value.message_id  # Bahasa Indonesia for the command line
    with pytest.raises(bv.WeakKeyError):
        bv.pseudonymize(GOOD, key)


def test_random_keys_always_pass() -> None:
    from bansos_validate.privacy import new_key

    for _ in range(2000):
        assert check_key(secrets.token_bytes(MIN_KEY_BYTES))
        assert check_key(secrets.token_hex(MIN_KEY_BYTES).encode())
        assert check_key(secrets.token_hex(32).encode())
    assert len(new_key()) == 32
    assert new_key() != new_key()


def test_key_files_are_hexadecimal_text_or_raw_bytes(tmp_path: Path) -> None:
    from bansos_validate.privacy import new_key, read_key

    key = new_key()
    hex_file = tmp_path / "kunci.txt"
    hex_file.write_text(key.hex() + "\n")
    assert read_key(hex_file) == key  # the text spells the key
    raw = tmp_path / "kunci.bin"
    raw.write_bytes(key)
    assert read_key(raw) == key
    for text, reason in [
        ("rahasiadinsos2026\n", "not a key"),
        ("3576014403910003\n", "not a key"),
        (base64.b64encode(key).decode() + "\n", "not a key"),  # encoded, not hexadecimal
        ("", "empty"),
        ("\n", "empty"),
    ]:
        bad = tmp_path / "bad.txt"
        bad.write_text(text)
        with pytest.raises(bv.WeakKeyError, match=reason):
            read_key(bad)
    with pytest.raises(bv.WeakKeyError, match="larger than"):
        read_key("/dev/zero")  # read with a cap, not whole
    with pytest.raises(bv.InvalidArgument, match="cannot read"):
        read_key(tmp_path / "missing.txt")
    with pytest.raises(bv.InvalidArgument):
        read_key(123)  # type: ignore[arg-type]


def test_mask_text_hides_identifiers_in_free_text_only() -> None:
    from bansos_validate.privacy import mask_text

    assert mask_text("NIK ibu 3576014403910003.") == "NIK ibu 357601**********."
    assert mask_text("3576014403910003,3576010101200001") == ("357601**********,357601**********")
    assert mask_text("15 digit 357601440391000") == "15 digit 357601*********"
    kept = "kode 3576011003, 1.048.576 baris, Rp 3.000.000, 2026-12-07"
    assert mask_text(kept) == kept
    digest = hashlib.sha256(b"x").hexdigest() + "0123456789012345"[:0]
    assert mask_text(f"sha256 {digest}") == f"sha256 {digest}"
    with pytest.raises(bv.InvalidArgument):
        mask_text(None)  # type: ignore[arg-type]


def test_errors_never_carry_a_raw_identifier() -> None:
    error = bv.SchemaError(
        "no NIK column; found '3576014403910003'",
        found=["3576014403910003", "NAMA"],
        message_id="tidak ada kolom NIK; kolom '3576014403910003'",
    )
    assert GOOD not in str(error)
    assert GOOD not in repr(error)
    assert error.found == ("357601**********", "NAMA")
    assert error.message_id is not None
    assert GOOD not in error.message_id
    assert GOOD not in str(bv.InvalidArgument(f"bad value {GOOD}"))
