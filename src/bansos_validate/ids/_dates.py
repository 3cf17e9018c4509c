"""Reference-date handling shared by the identifier modules."""

from __future__ import annotations

import datetime as dt
import time

from bansos_validate._arguments import reference_date

__all__ = ["reference", "today"]

_TODAY: list[tuple[float, dt.date]] = []


def today() -> dt.date:
    """Return today's local date, re-read at most once a second (``date.today()`` is slow)."""
    now = time.monotonic()
    if _TODAY and now < _TODAY[0][0]:
        return _TODAY[0][1]
    day = dt.date.today()  # noqa: DTZ011 - a civil date, the caller's local day
    _TODAY[:] = [(now + 1.0, day)]
    return day


def reference(value: object, name: str = "reference_date") -> dt.date:
    """Return *value* as a date (today when ``None``), or raise :class:`InvalidArgument`.

    A date, a datetime (its date) or ISO text ``YYYY-MM-DD``
    (:func:`bansos_validate._arguments.reference_date`).
    """
    if value is None:
        return today()
    if type(value) is dt.date:
        return value
    return reference_date(value, name)
