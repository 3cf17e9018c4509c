"""Reading 16-digit identifiers: cleaning, spreadsheet damage, dummy patterns, century.

Shared by :mod:`bansos_validate.ids.nik` and :mod:`bansos_validate.ids.kk`. Nothing here
knows which identifier it reads; the caller prefixes the issue suffixes it returns
(``wrong_length`` becomes ``nik_wrong_length``).
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
import unicodedata
from decimal import Decimal, InvalidOperation

import attrs

__all__ = ["Read", "dummy_pattern", "normalise_text", "read_digits", "resolve_year"]

_SEPARATORS = re.compile(r"[\s.\-\u00a0\u200b\u200c\u200d\u2060\ufeff\u2010-\u2015\u2212]+")
_SCIENTIFIC = re.compile(r"^[+]?(\d+)(?:[.,](\d*))?[eE][+]?(\d+)$")
_FLOAT_TEXT = re.compile(r"^(\d{15,17})[.,]0+$")
_FLOAT53 = 2**53


@attrs.frozen(slots=True)
class Read:
    """What could be read from a value.

    Attributes:
        digits: the 16 digits when they could be read and trusted as digits (they may
            still be invalid), the digits found otherwise (wrong length), or ``None``.
        problems: issue suffixes with their context, in the order found.
    """

    digits: str | None
    problems: tuple[tuple[str, dict[str, object]], ...] = ()

    @property
    def usable(self) -> bool:
        """Whether ``digits`` holds 16 digits that can be checked further."""
        return (
            self.digits is not None
            and len(self.digits) == 16
            and not any(
                p[0] in ("excel_precision_lost", "invalid_characters", "wrong_length", "missing")
                for p in self.problems
            )
        )


def _from_integer(number: int) -> Read:
    if number < 0:
        return Read(None, (("invalid_characters", {}),))
    text = str(number)
    problems: list[tuple[str, dict[str, object]]] = [("excel_numeric", {})]
    if len(text) == 16 and text.endswith("0"):
        problems.append(
            (
                "excel_precision_lost",
                {"reason": "a number ending in 0", "alasan": "angka berakhiran 0"},
            )
        )
        return Read(None, tuple(problems))
    if len(text) != 16:
        problems.append(("wrong_length", {"length": len(text)}))
    return Read(text, tuple(problems))


def _from_float(number: float) -> Read:
    if math.isnan(number):
        return Read(None, (("missing", {}),))
    if math.isinf(number) or not number.is_integer():
        return Read(None, (("invalid_characters", {}),))
    if abs(number) >= _FLOAT53:
        return Read(
            None,
            (
                ("excel_numeric", {}),
                (
                    "excel_precision_lost",
                    {"reason": "beyond float64 precision", "alasan": "melebihi presisi float64"},
                ),
            ),
        )
    return _from_integer(int(number))


def _strip(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    return text.removeprefix("'")  # Excel's "treat as text" prefix


def normalise_text(text: str) -> str:
    """*text* as the digits a NIK or KK reader sees: the one normaliser of identifier text.

    Unicode compatibility forms folded (NFKC: fullwidth digits), surrounding space and
    Excel's leading ``'`` removed, separators (spaces, dots, dashes, zero-width and
    no-break spaces) dropped, and decimal digits of other scripts written as ASCII.
    Used by the reader (:func:`read_digits`) and by pseudonymisation, so that a number
    and its token agree on what the number is.

    >>> normalise_text(" '3576 0144.0391-0003 "), normalise_text("３５７６")
    ('3576014403910003', '3576')
    """
    text = _SEPARATORS.sub("", _strip(text))
    if not text.isascii():
        # Non-ASCII decimal digits (Arabic-Indic, Devanagari, ...) to ASCII.
        text = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)
    return text


def _from_text(value: str) -> Read:
    if value.isascii() and value.isdigit():
        if len(value) == 16:
            return Read(value)
        return Read(value, (("wrong_length", {"length": len(value)}),))
    stripped = _strip(value)
    if _SCIENTIFIC.match(stripped):
        return Read(
            None,
            (
                (
                    "excel_precision_lost",
                    {"reason": "scientific notation", "alasan": "notasi ilmiah"},
                ),
            ),
        )
    as_float = _FLOAT_TEXT.match(stripped)
    if as_float:
        # "3576014403910003.0": a float written out as text by a numeric pipeline.
        return _from_integer(int(as_float.group(1)))
    text = normalise_text(stripped)
    if not text:
        return Read(None, (("missing", {}),))
    if text.isascii() and text.isdigit():
        if len(text) != 16:
            return Read(text, (("wrong_length", {"length": len(text)}),))
        return Read(text)
    return Read(None, (("invalid_characters", {}),))


def read_digits(value: object) -> Read:
    """Read a value that should hold a 16-digit identifier.

    Text is cleaned (surrounding space, spaces, dots, dashes, an Excel ``'`` prefix,
    fullwidth and other Unicode digits); numbers are reported as spreadsheet damage.

    >>> read_digits("3576 0144 0391 0003").digits
    '3576014403910003'
    >>> read_digits(3.57601e15).problems[-1][0]
    'excel_precision_lost'
    """
    if isinstance(value, str):
        return _from_text(value)
    if value is None:
        return Read(None, (("missing", {}),))
    if isinstance(value, bool):
        return Read(None, (("invalid_type", {"type": "bool"}),))
    if isinstance(value, float):
        return _from_float(value)
    if isinstance(value, int):
        return _from_integer(value)
    if isinstance(value, Decimal):
        try:
            if value.is_nan():
                return Read(None, (("missing", {}),))
            if value != value.to_integral_value():
                return Read(None, (("invalid_characters", {}),))
            return _from_integer(int(value))
        except (InvalidOperation, OverflowError):
            return Read(None, (("invalid_characters", {}),))
    if isinstance(value, numbers.Integral):  # numpy integers
        return _from_integer(int(value))
    if isinstance(value, numbers.Real):  # numpy floats of other widths
        return _from_float(float(value))
    return Read(None, (("invalid_type", {"type": type(value).__name__}),))


def _dummy_table() -> dict[str, str]:
    table: dict[str, str] = {}
    digits = "0123456789"
    for start in range(10):
        ascending = "".join(digits[(start + i) % 10] for i in range(16))
        descending = "".join(digits[(start - i) % 10] for i in range(16))
        table[ascending] = "ascending run"
        table[descending] = "descending run"
    for period in (4, 3, 2):
        for block in range(10**period):
            text = f"{block:0{period}d}"
            table[(text * 8)[:16]] = "repeating block"
    for d in digits:
        table[d * 16] = "repeated digit"
    return table


_DUMMIES: dict[str, str] = {}


def dummy_pattern(digits: str) -> str | None:
    """Name the filler pattern of 16 *digits*, or return ``None``.

    Filler patterns: one digit repeated, an ascending or descending run (cyclic, so
    ``1234567890123456``), and a block of 2-4 digits repeated (``1212...``).

    >>> dummy_pattern("1111111111111111")
    'repeated digit'
    >>> dummy_pattern("1234567890123456")
    'ascending run'
    >>> dummy_pattern("3576014403910003") is None
    True
    """
    if not _DUMMIES:
        _DUMMIES.update(_dummy_table())
    return _DUMMIES.get(digits)


def resolve_year(yy: int, month: int, day: int, reference: dt.date) -> int:
    """Return the latest year ending in *yy* that puts (month, day) on or before *reference*.

    >>> resolve_year(10, 8, 17, dt.date(2026, 11, 27))
    2010
    >>> resolve_year(45, 8, 17, dt.date(2026, 11, 27))
    1945
    >>> resolve_year(26, 12, 1, dt.date(2026, 11, 27))
    1926
    """
    year = reference.year - ((reference.year - yy) % 100)
    if year == reference.year and (month, day) > (reference.month, reference.day):
        year -= 100
    return year
