"""Masking and keyed pseudonymisation."""

from __future__ import annotations

import hashlib
import hmac
import secrets

import pytest

import bansos_validate as bv
from bansos_validate.privacy import MIN_KEY_BYTES, check_key

GOOD = "3576014403910003"
KEY = bytes(range(32))


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
