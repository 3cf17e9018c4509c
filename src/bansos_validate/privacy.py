"""Masking and pseudonymisation of NIK and KK numbers (UU PDP 27/2022, UU Adminduk art. 84).

**Masking** hides digits 7-16 by default and keeps the 6-digit region (province,
regency, district), which is what a report needs to group by. KPU's 2018 practice of
masking only the last four digits leaves the birth date and sex (digits 7-12) readable,
so it is not the default here.

>>> mask_nik("3576014403910003")
'357601**********'
>>> mask_kk("3576 0101 2000 0001")
'357601**********'
>>> mask_nik("3576014403910003", keep=12)
'357601440391****'

**Pseudonymisation** is keyed HMAC-SHA256, never a plain hash: the NIK space is small
(about 10**10 to 10**11 plausible numbers), so an unkeyed hash is reversed by brute force.
Agencies that must link records without exchanging NIKs share a secret key and exchange
only the tokens. The token is the lowercase hex HMAC of the compact 16 digits, so the same
token can be computed in PostgreSQL with ``encode(hmac(nik, key, 'sha256'), 'hex')``.

>>> key = bytes(range(32))  # use secrets.token_bytes(32) in real use
>>> pseudonymize("3576014403910003", key=key)[:16]
'02e0c92a210246ff'
>>> pseudonymize("3576-0144-0391-0003", key=key) == pseudonymize("3576014403910003", key=key)
True
"""

from __future__ import annotations

import hashlib
import hmac

from bansos_validate.errors import BansosValidationError, InvalidArgument, WeakKeyError
from bansos_validate.ids._digits import _normalise_text, read_digits

__all__ = ["MIN_KEY_BYTES", "check_key", "mask_kk", "mask_nik", "pseudonymize"]

MIN_KEY_BYTES = 16
"""The shortest key :func:`pseudonymize` accepts (128 bits)."""

_MASK_WIDTH = 16
_MAX_SHOWN_LENGTH = 20


def _mask(value: object, keep: int, char: str) -> str:
    if not 0 <= keep <= _MASK_WIDTH:
        raise InvalidArgument(f"Expected keep between 0 and 16 but got keep={keep!r}")
    read = read_digits(value)
    if read.digits is not None:
        digits = read.digits
        if len(digits) <= keep:  # a fragment: show none of it
            return char * len(digits)
        # A wrong length stays visible (17 digits is a finding) up to a sane width.
        return digits[:keep] + char * (min(len(digits), _MAX_SHOWN_LENGTH) - keep)
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    # Unreadable: show nothing of it, not even its length beyond 16.
    return char * _MASK_WIDTH


def mask_nik(value: object, *, keep: int = 6, char: str = "*") -> str:
    """Mask a NIK, keeping the first *keep* digits (the region) visible.

    Any input is accepted; a value that cannot be read is masked whole, a fragment no
    longer than *keep* is masked whole, and an empty one gives ``""``. The mask never
    reveals more than *keep* characters; a wrong length stays visible up to 20
    characters (a 17-digit value is itself a finding).

    Args:
        value: the NIK, as text (numbers are accepted and masked too).
        keep: how many leading digits stay visible (0-16; default 6, the region).
        char: the masking character.
    """
    return _mask(value, keep, char)


def mask_kk(value: object, *, keep: int = 6, char: str = "*") -> str:
    """Mask a KK number, keeping the first *keep* digits (the region) visible.

    See :func:`mask_nik`.
    """
    return _mask(value, keep, char)


def check_key(key: object) -> bytes:
    """Return *key* as bytes, or raise :class:`WeakKeyError` when it is unfit.

    A key must be bytes (not text: encode a passphrase-derived key yourself), at least
    :data:`MIN_KEY_BYTES` long, and not one byte repeated.
    """
    if isinstance(key, bytearray | memoryview):
        key = bytes(key)
    if not isinstance(key, bytes):
        raise WeakKeyError(
            f"the key must be bytes of at least {MIN_KEY_BYTES} bytes, not {type(key).__name__}; "
            "generate one with secrets.token_bytes(32)"
        )
    if len(key) < MIN_KEY_BYTES:
        raise WeakKeyError(
            f"the key has {len(key)} bytes; at least {MIN_KEY_BYTES} are required "
            "(generate one with secrets.token_bytes(32))"
        )
    if len(set(key)) == 1:
        raise WeakKeyError("the key is one byte repeated; use secrets.token_bytes(32)")
    return key


def _token_text(value: object) -> str:
    read = read_digits(value)
    if read.digits is not None:
        return read.digits
    text = _normalise_text(value) if isinstance(value, str) else ""
    if not text:
        raise BansosValidationError("cannot pseudonymise an empty or non-text value")
    return text


def pseudonymize(value: object, key: bytes) -> str:
    """Return the keyed HMAC-SHA256 token (64 lowercase hex characters) of a NIK or KK.

    The value is compacted first (spaces, dots and dashes removed), so differently
    written forms of one number give one token. Values that are not 16 digits are
    tokenised as read, so exact duplicates of malformed numbers still link.

    Args:
        value: the NIK or KK number.
        key: the shared secret, bytes of at least 16 bytes.

    Raises:
        WeakKeyError: the key is not bytes, too short, or one byte repeated.
        BansosValidationError: the value is empty.
    """
    secret = check_key(key)
    return hmac.new(
        secret, _token_text(value).encode("ascii", "replace"), hashlib.sha256
    ).hexdigest()
