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

**Keys** are random bytes: :func:`new_key` makes one (32 bytes from :mod:`secrets`),
:func:`read_key` reads a key file (the 64 hexadecimal characters that
``bansos-validate key new`` writes, or raw random bytes), and :func:`check_key` refuses
keys that can be guessed: short, a repeated piece, a run of consecutive bytes, a number
(a NIK or a date), or text that reads like words (a passphrase). A guessable key makes
the tokens reversible: with a word-list key, the key and then every NIK are recovered
from a token file alone.

>>> key = bytes.fromhex("9c0e4d2b7a61f3853eb2d4c08f17a9e651d2c7f09ab38e461f5c2d9073be8a14")
>>> pseudonymize("3576014403910003", key=key)[:16]
'640c935d31acafbd'
>>> pseudonymize("3576-0144-0391-0003", key=key) == pseudonymize("3576014403910003", key=key)
True
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import os
import secrets
import string

from bansos_validate._redact import mask_digit_runs
from bansos_validate.errors import BansosValidationError, InvalidArgument, WeakKeyError
from bansos_validate.ids._digits import normalise_text, read_digits
from bansos_validate.ids._mask import mask_kk, mask_nik

__all__ = [
    "KEY_BYTES",
    "MIN_KEY_BYTES",
    "check_key",
    "mask_kk",
    "mask_nik",
    "mask_text",
    "new_key",
    "pseudonymize",
    "read_key",
]

MIN_KEY_BYTES = 16
"""The shortest key :func:`pseudonymize` accepts (128 bits)."""

KEY_BYTES = 32
"""The size of a key made by :func:`new_key` (256 bits)."""

_MAX_KEY_FILE_BYTES = 4096
_HINT = "make one with `bansos-validate key new` or bansos_validate.privacy.new_key()"
_HINT_ID = "buat dengan `bansos-validate key new` atau bansos_validate.privacy.new_key()"
_PRINTABLE = frozenset(string.printable.encode("ascii")) - frozenset(b"\x0b\x0c")
_HEX = frozenset(string.hexdigits.encode("ascii"))
_NUMERIC = frozenset(b"0123456789 -./")
_SEQUENTIAL_SHARE = 0.5


def mask_text(text: str) -> str:
    """Mask every run of 12 or more digits in free text after its first six.

    For log lines and messages of your own that may quote a cell: a NIK or KK inside
    (``"NIK ibu 3576014403910003"``) is hidden the way :func:`mask_nik` hides it; region
    codes (10 digits), counts, amounts and hexadecimal digests are left as they are.

    >>> mask_text("baris 7: NIK ibu 3576014403910003, kode 3576011003")
    'baris 7: NIK ibu 357601**********, kode 3576011003'
    """
    if not isinstance(text, str):
        raise InvalidArgument(f"Expected text but got {type(text).__name__}")
    return mask_digit_runs(text)


def new_key() -> bytes:
    """Return a new random key of :data:`KEY_BYTES` bytes (from :mod:`secrets`).

    >>> len(new_key()), new_key() != new_key()
    (32, True)
    """
    return secrets.token_bytes(KEY_BYTES)


def _weak(reason: str, alasan: str) -> WeakKeyError:
    return WeakKeyError(
        f"the key is weak: {reason}; {_HINT}", message_id=f"kunci lemah: {alasan}; {_HINT_ID}"
    )


def _hex_bytes(key: bytes) -> bytes | None:
    """The bytes a hexadecimal text of at least 128 bits spells, else ``None``."""
    if set(key) <= _HEX and len(key) % 2 == 0 and len(key) >= 2 * MIN_KEY_BYTES:
        return bytes.fromhex(key.decode("ascii"))
    return None


def _repeats(key: bytes) -> bool:
    """Whether *key* is a shorter piece repeated (``abcabcab``, ``passwordpassword``)."""
    n = len(key)
    return any(key == (key[:p] * (n // p + 1))[:n] for p in range(1, n // 2 + 1))


def _sequential(key: bytes) -> bool:
    """Whether most neighbouring bytes differ by at most one (``bytes(range(32))``)."""
    close = sum(abs(a - b) <= 1 for a, b in itertools.pairwise(key))
    return close > _SEQUENTIAL_SHARE * (len(key) - 1)


def check_key(key: object) -> bytes:
    """Return *key* as bytes, or raise :class:`WeakKeyError` when it can be guessed.

    A key must be bytes (``bytearray`` and ``memoryview`` are taken too) of at least
    :data:`MIN_KEY_BYTES`, and must not be:

    - a shorter piece repeated (``b"passwordpassword"``, one byte repeated);
    - mostly consecutive bytes (``bytes(range(32))``, ``b"abcdefghijklmnop"``);
    - a number (``b"3576014403910003"``: a NIK, a date or a phone number is guessable);
    - text, unless it is hexadecimal of at least 32 characters (128 bits): a passphrase
      (``b"rahasiadinsos2026"``) is found from a word list, and an encoded key (base64)
      must be decoded first. Hexadecimal text is judged by the bytes it spells.

    Random bytes (:func:`new_key`, ``secrets.token_bytes(32)``) and random hexadecimal
    text of 32 characters or more (``secrets.token_hex(16)``) pass.

    >>> check_key(b"passwordpassword")
    Traceback (most recent call last):
      ...
    bansos_validate.errors.WeakKeyError: the key is weak: it repeats a shorter piece; ...
    """
    if isinstance(key, bytearray | memoryview):
        key = bytes(key)
    if not isinstance(key, bytes):
        raise WeakKeyError(
            f"the key must be bytes of at least {MIN_KEY_BYTES} bytes, not {type(key).__name__}; "
            f"{_HINT}",
            message_id=f"kunci harus berupa bytes, minimal {MIN_KEY_BYTES} byte; {_HINT_ID}",
        )
    if len(key) < MIN_KEY_BYTES:
        raise WeakKeyError(
            f"the key has {len(key)} bytes; at least {MIN_KEY_BYTES} are required ({_HINT})",
            message_id=f"kunci {len(key)} byte; minimal {MIN_KEY_BYTES} byte ({_HINT_ID})",
        )
    spelled = _hex_bytes(key)
    # Hexadecimal text is judged by the bytes it spells, not by its characters (random hex
    # digits are often neighbours in ASCII: '3' then '4').
    for candidate in (key,) if spelled is None else (spelled,):
        if _repeats(candidate):
            raise _weak("it repeats a shorter piece", "kunci mengulang potongan yang sama")
        if _sequential(candidate):
            raise _weak("it is mostly consecutive bytes", "kunci berisi urutan byte berurutan")
    if set(key) <= _NUMERIC:
        raise _weak(
            "it is a number (a NIK, a date or a phone number can be guessed)",
            "kunci berupa angka (NIK, tanggal atau nomor telepon mudah ditebak)",
        )
    if set(key) <= _PRINTABLE and _hex_bytes(key) is None:
        raise _weak(
            "it is text (a passphrase, or an encoded key: decode it first with "
            "bytes.fromhex or base64.b64decode)",
            "kunci berupa teks (kata sandi, atau kunci yang dikodekan: dekode dahulu)",
        )
    return key


def read_key(path: str | os.PathLike[str]) -> bytes:
    """Read and check a key file: hexadecimal text, or raw random bytes.

    The file holds either the key as hexadecimal text (what ``bansos-validate key new``
    and ``openssl rand -hex 32`` write: 32 hexadecimal characters or more, an even number,
    one line) or the key's raw bytes (``head -c 32 /dev/urandom``). Any other text (a
    passphrase, a base64 text, several lines) is refused: it is not a key. The key is then
    held to :func:`check_key`. At most 4 KiB are read.

    Raises:
        WeakKeyError: the file is empty, not a key, or holds a weak key.
        InvalidArgument: *path* is not a path, or the file cannot be read.
    """
    if not isinstance(path, str | os.PathLike):
        raise InvalidArgument(f"Expected a file path but got {type(path).__name__}")
    try:
        with open(path, "rb") as handle:  # noqa: PTH123 - str or PathLike alike
            data = handle.read(_MAX_KEY_FILE_BYTES + 1)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise InvalidArgument(
            f"{os.fspath(path)}: cannot read the key file ({getattr(exc, 'strerror', None) or exc})"
        ) from None
    where = os.fspath(path)
    if len(data) > _MAX_KEY_FILE_BYTES:
        raise WeakKeyError(
            f"{where}: larger than {_MAX_KEY_FILE_BYTES} bytes, not a key file; {_HINT}",
            message_id=f"{where}: lebih dari {_MAX_KEY_FILE_BYTES} byte, bukan berkas kunci; "
            f"{_HINT_ID}",
        )
    text = data.rstrip(b"\r\n")
    if not text:
        raise WeakKeyError(
            f"{where}: the key file is empty; {_HINT}",
            message_id=f"{where}: berkas kunci kosong; {_HINT_ID}",
        )
    if set(text) <= _PRINTABLE:
        spelt = _hex_bytes(text)
        if spelt is not None:
            return check_key(spelt)
        raise WeakKeyError(
            f"{where}: the key file holds text that is not a key (a key file holds 64 "
            f"hexadecimal characters or raw random bytes); {_HINT}",
            message_id=f"{where}: berkas kunci berisi teks yang bukan kunci (berkas kunci "
            f"berisi 64 karakter heksadesimal atau byte acak); {_HINT_ID}",
        )
    return check_key(data)


def _token_text(value: object) -> str:
    read = read_digits(value)
    if read.digits is not None:
        return read.digits
    text = normalise_text(value) if isinstance(value, str) else ""
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
