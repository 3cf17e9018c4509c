"""How identifiers get damaged on their way through offices and spreadsheets.

Each function takes a clean 16-digit NIK or KK (text) and uniform draws in [0, 1), and
returns the damaged text, or ``None`` when the damage would not change the value.

A frame column has one type, so Excel damage is written as the text a damaged export
reads:

>>> excel_scientific("3576014403910003")  # General format
'3.57601E+15'
>>> excel_precision("3576014403910008")  # 15 significant digits, rounded
'3576014403910010'
>>> excel_float("3576014403910003")  # a float column written out
'3576014403910003.0'
>>> excel_float("9171014403910003")  # above 2**53 the float itself is wrong
'9171014403910004.0'
"""

from __future__ import annotations

__all__ = [
    "DUMMIES",
    "day_month_swapped",
    "dummy",
    "excel_float",
    "excel_precision",
    "excel_scientific",
    "transposed",
    "typo",
    "wrong_length",
]

DUMMIES = (
    "0000000000000000",
    "1111111111111111",
    "1234567890123456",
    "9999999999999999",
    "1212121212121212",
    "0123456789012345",
)
"""Filler values typed when the real number is not at hand."""


def typo(digits: str, u_position: float, u_digit: float) -> str:
    """Replace one digit by another.

    >>> typo("3576014403910003", 0.99, 0.0)
    '3576014403910004'
    """
    i = int(u_position * len(digits))
    new = (int(digits[i]) + 1 + int(u_digit * 9)) % 10
    return f"{digits[:i]}{new}{digits[i + 1 :]}"


def transposed(digits: str, u: float) -> str | None:
    """Swap two adjacent, different digits.

    >>> transposed("3576014403910003", 0.0)
    '5376014403910003'
    """
    positions = [i for i in range(len(digits) - 1) if digits[i] != digits[i + 1]]
    if not positions:
        return None
    i = positions[int(u * len(positions))]
    return f"{digits[:i]}{digits[i + 1]}{digits[i]}{digits[i + 2 :]}"


def excel_scientific(digits: str) -> str:
    """Write the number as Excel's General format shows a 16-digit number (6 significant digits)."""
    value = int(digits)
    exponent = len(digits) - 1
    mantissa = (value + 5 * 10 ** (exponent - 6)) // 10 ** (exponent - 5)
    if mantissa >= 10**6:  # rounding carried into a new digit
        mantissa //= 10
        exponent += 1
    text = str(mantissa)
    shown = f"{text[0]}.{text[1:]}".rstrip("0").rstrip(".")
    return f"{shown}E+{exponent}"


def excel_precision(digits: str) -> str | None:
    """Round to 15 significant digits, as Excel stores numbers (the 16th digit reads 0)."""
    rounded = str((int(digits) + 5) // 10 * 10)
    return None if rounded == digits else rounded


def excel_float(digits: str) -> str:
    """Write the number as a float column is written out (``"...0003.0"``)."""
    return repr(float(int(digits)))


def dummy(u: float) -> str:
    """Pick a filler value."""
    return DUMMIES[int(u * len(DUMMIES))]


def wrong_length(digits: str, u_kind: float, u_position: float) -> str:
    """Drop a digit (15 left) or type one twice (17).

    >>> wrong_length("3576014403910003", 0.1, 0.0), wrong_length("3576014403910003", 0.9, 0.0)
    ('576014403910003', '33576014403910003')
    """
    i = int(u_position * len(digits))
    if u_kind < 0.5:
        return digits[:i] + digits[i + 1 :]
    return digits[: i + 1] + digits[i:]


def day_month_swapped(nik: str) -> str | None:
    """Swap a NIK's (or KK's) day and month fields, keeping the +40 of women on the first.

    >>> day_month_swapped("3576014403910003")  # 4 March -> 3 April
    '3576014304910003'
    >>> day_month_swapped("3576012503910003")  # day 25 becomes month 25: invalid
    '3576010325910003'
    """
    field = int(nik[6:8])
    offset = 40 if field > 40 else 0
    day, month = field - offset, int(nik[8:10])
    if day == month:
        return None
    return f"{nik[:6]}{month + offset:02d}{day:02d}{nik[10:]}"
