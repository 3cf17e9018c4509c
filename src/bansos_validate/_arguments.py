"""Argument checks at the public boundary: a typed error that names the parameter.

Every check raises :class:`~bansos_validate.errors.InvalidArgument` with the house
message ``Expected <what> but got <name>=<value>``. The value is shown short (a frame is
shown by its type, long text is cut) and any run of 12 or more digits in it is masked
after its sixth digit, so a NIK or KK number never reaches a message.

>>> text("field", 3)
Traceback (most recent call last):
    ...
bansos_validate.errors.InvalidArgument: Expected text (str) but got field=3
>>> integer("serial", "3576014403910003", minimum=1)
Traceback (most recent call last):
    ...
bansos_validate.errors.InvalidArgument: Expected an int but got serial='357601**********'

This module imports nothing from the package but :mod:`bansos_validate.errors`.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from bansos_validate._redact import mask_digit_runs
from bansos_validate.errors import InvalidArgument

__all__ = [
    "UnknownKeyError",
    "choice",
    "date",
    "fail",
    "flag",
    "integer",
    "items",
    "lang",
    "mapping",
    "number",
    "reference_date",
    "shown",
    "text",
    "texts",
]

T = TypeVar("T")

_SHOWN_TYPES = (str, bytes, int, float, bool, dt.date, type(None), numbers.Number)
_MAX_SHOWN = 60


class UnknownKeyError(InvalidArgument, KeyError):
    """A name looked up in a fixed catalogue is not there.

    An :class:`~bansos_validate.errors.InvalidArgument` that is also a ``KeyError``, so
    code that caught the ``KeyError`` these lookups always raised keeps working.
    """


def shown(value: object) -> str:
    """Return a short, masked representation of *value* for an error message.

    >>> shown("3576014403910003")
    "'357601**********'"
    >>> shown(object())
    'a value of type object'
    """
    if not isinstance(value, _SHOWN_TYPES) and not (
        isinstance(value, (list, tuple, dict, set, frozenset)) and len(value) <= 3
    ):
        return f"a value of type {type(value).__name__}"
    try:
        raw = (
            repr(value) if not isinstance(value, int) or value.bit_length() < 200 else "a huge int"
        )
    except Exception:  # noqa: BLE001 - a repr that fails is shown by its type
        return f"a value of type {type(value).__name__}"
    masked = mask_digit_runs(raw)
    return masked if len(masked) <= _MAX_SHOWN else masked[: _MAX_SHOWN - 3] + "..."


def fail(name: str, expected: str, value: object) -> InvalidArgument:
    """Return (for the caller to raise) the error ``Expected <expected> but got <name>=...``."""
    return InvalidArgument(f"Expected {expected} but got {name}={shown(value)}")


def text(name: str, value: object, *, optional: bool = False, empty: bool = True) -> Any:
    """Return *value* when it is a ``str`` (or ``None`` when *optional*)."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise fail(name, "text (str)" + (" or None" if optional else ""), value)
    if not empty and not value.strip():
        raise fail(name, "non-empty text", value)
    return value


def integer(
    name: str,
    value: object,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    optional: bool = False,
) -> Any:
    """Return *value* as an ``int`` (not a bool) within the bounds (or ``None``)."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise fail(name, "an int" + (" or None" if optional else ""), value)
    number_ = int(value)
    if (minimum is not None and number_ < minimum) or (maximum is not None and number_ > maximum):
        low = "" if minimum is None else f"{minimum} <= "
        high = "" if maximum is None else f" <= {maximum}"
        raise fail(name, f"{low}{name}{high}", value)
    return number_


def number(
    name: str,
    value: object,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    optional: bool = False,
) -> Any:
    """Return *value* as a finite ``float`` (not a bool) within the bounds (or ``None``)."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise fail(name, "a number" + (" or None" if optional else ""), value)
    try:
        out = float(value)
    except (OverflowError, ValueError):
        raise fail(name, "a finite number", value) from None
    if not math.isfinite(out):
        raise fail(name, "a finite number", value)
    if (minimum is not None and out < minimum) or (maximum is not None and out > maximum):
        low = "" if minimum is None else f"{minimum} <= "
        high = "" if maximum is None else f" <= {maximum}"
        raise fail(name, f"{low}{name}{high}", value)
    return out


def flag(name: str, value: object) -> bool:
    """Return *value* when it is a ``bool`` (a NumPy bool is accepted)."""
    if isinstance(value, bool):
        return value
    if type(value).__name__ == "bool" and type(value).__module__ == "numpy":
        return bool(value)
    raise fail(name, "True or False", value)


def date(name: str, value: object, *, optional: bool = False) -> Any:
    """Return *value* as a ``datetime.date`` (a datetime gives its date), or ``None``."""
    if value is None and optional:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise fail(name, "a datetime.date" + (" or None" if optional else ""), value)


def lang(value: object, name: str = "lang") -> Any:
    """Return *value* when it is ``'id'`` or ``'en'``."""
    if isinstance(value, str) and value in ("id", "en"):
        return value
    raise fail(name, "lang 'id' or 'en'", value)


def choice(name: str, value: object, choices: Iterable[T]) -> T:
    """Return *value* when it is one of *choices* (compared as text)."""
    options = tuple(choices)
    if isinstance(value, str) and value in options:
        return value
    listed = ", ".join(repr(c) for c in options)
    raise fail(name, f"one of {listed}", value)


def texts(name: str, value: object, *, optional: bool = False) -> Any:
    """Return *value* as a tuple of ``str`` (an iterable of text, not a single text)."""
    if value is None and optional:
        return None
    what = "an iterable of text (str)" + (" or None" if optional else "")
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise fail(name, what, value)
    try:
        items = tuple(value)
    except Exception:  # noqa: BLE001 - an iterable that cannot be iterated
        raise fail(name, what, value) from None
    if not all(isinstance(item, str) for item in items):
        raise fail(name, what, value)
    return items


def items(name: str, value: object, *, optional: bool = False) -> Any:
    """Return the items of *value* as a list (an iterable, not text, bytes or a mapping)."""
    if value is None and optional:
        return None
    what = "an iterable (list, tuple)" + (" or None" if optional else "")
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise fail(name, what, value)
    try:
        return list(value)
    except Exception:  # noqa: BLE001 - an iterable that cannot be iterated
        raise fail(name, what, value) from None


def mapping(name: str, value: object, *, optional: bool = True, values: str = "text") -> Any:
    """Return *value* as a ``dict`` of ``str`` keys (and ``str`` values for *values* text).

    *values* ``"any"`` accepts any value.
    """
    if value is None and optional:
        return None
    want = "a mapping of text to text" if values == "text" else "a mapping with text keys"
    what = want + (" or None" if optional else "")
    if not isinstance(value, Mapping):
        raise fail(name, what, value)
    out = dict(value)
    for key, item in out.items():
        if not isinstance(key, str) or (values == "text" and not isinstance(item, str)):
            raise fail(name, what, value)
    return out


def reference_date(value: object, name: str = "reference_date") -> dt.date:
    """*value* as a reference date: a date, or ISO text ``YYYY-MM-DD``; ``None`` is today.

    The one reading of a reference date across the API (``reference_date=`` of every
    function; the deprecated ``at=`` spellings too). A datetime gives its date.

    >>> reference_date("2026-01-15"), reference_date(dt.date(2026, 1, 15))
    (datetime.date(2026, 1, 15), datetime.date(2026, 1, 15))
    >>> reference_date(20260115)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    bansos_validate.errors.InvalidArgument: Expected a date or ISO text ... reference_date=20260115

    Raises:
        InvalidArgument: *value* is neither.
    """
    if value is None:
        return dt.date.today()  # noqa: DTZ011 - a civil date, the caller's local day
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise fail(name, "a date or ISO text 'YYYY-MM-DD'", value)
