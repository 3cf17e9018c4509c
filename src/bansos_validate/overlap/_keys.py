"""Link keys (NIK, KK, or their tokens) and roll periods, as column expressions.

The NIK/KK reading itself lives in :mod:`bansos_validate.intake._keys` (one reading for
every entry point); it is re-exported here for the overlap engine.

A NIK or KK links two rows only when it can be trusted as an identity: all 16 digits
after cleaning (spaces, dots, dashes, an Excel ``'``; a number cell that lost its 16th
digit links nothing), not a filler pattern (``0000000000000000``,
``1234567890123456``). Other values link nothing; they
are findings of :func:`bansos_validate.check_table`, not overlaps. The raw key is the
compact 16 digits as a 64-bit integer (a bijection on 16-digit text, and much faster to
join than text); on pseudonymised rolls it is the token.

>>> link_text("3576-0144-0391-0003")
'3576014403910003'
>>> link_text("3.57601E+15") is None, link_text("1111111111111111") is None
(True, True)
>>> period_bounds("2026-Q1"), period_bounds("2026-02"), period_bounds("2026")
((20260101, 20260331), (20260201, 20260231), (20260101, 20261231))
>>> period_bounds("tahap 1") is None
True
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import narwhals as nw

from bansos_validate.errors import InvalidArgument
from bansos_validate.intake._keys import (
    drop_fillers,
    fillers,
    key_expr,
    link_text,
    polars_key_expr,
)

__all__ = [
    "NO_END",
    "NO_START",
    "date_number",
    "drop_fillers",
    "fillers",
    "key_expr",
    "link_text",
    "period_bounds",
    "period_columns",
    "polars_key_expr",
]

NO_START = 0
"""Start of an unknown period: it overlaps every period."""
NO_END = 99_991_231
"""End of an unknown period."""

_MAX_PERIODS = 10_000
_QUARTER = re.compile(r"^(\d{4})[-/ ]?(?:Q|TW|TRIWULAN |KUARTAL )([1-4])$")
_QUARTER_FIRST = re.compile(r"^(?:Q|TW|TRIWULAN |KUARTAL )([1-4])[-/ ](\d{4})$")
_MONTH = re.compile(r"^(\d{4})[-/]?(\d{2})$")
_MONTH_FIRST = re.compile(r"^(\d{2})[-/](\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")


def date_number(day: dt.date) -> int:
    """A date as the integer ``YYYYMMDD``.

    >>> date_number(dt.date(2026, 1, 15))
    20260115
    """
    return day.year * 10_000 + day.month * 100 + day.day


def period_bounds(value: object) -> tuple[int, int] | None:  # noqa: PLR0912 - one branch per form
    """First and last day (``YYYYMMDD``; a month ends on day 31) of a roll period.

    Read: ``2026-Q1`` (also ``2026 Q1``, ``Q1-2026``, ``2026-TW1``), ``2026-02``,
    ``02/2026``, ``2026`` and ISO dates. Anything else gives ``None`` (an unknown period,
    which overlaps every period).
    """
    if value is None:
        return None
    if isinstance(value, dt.date):
        n = date_number(value)
        return n, n
    text = re.sub(r"\s+", " ", str(value).strip().upper())
    year: int
    if found := _QUARTER.match(text):
        year, quarter = int(found[1]), int(found[2])
    elif found := _QUARTER_FIRST.match(text):
        year, quarter = int(found[2]), int(found[1])
    else:
        quarter = 0
    if quarter:
        first = (quarter - 1) * 3 + 1
        return year * 10_000 + first * 100 + 1, year * 10_000 + (first + 2) * 100 + 31
    month = 0
    if found := _MONTH.match(text):
        year, month = int(found[1]), int(found[2])
    elif found := _MONTH_FIRST.match(text):
        year, month = int(found[2]), int(found[1])
    if month:
        if not 1 <= month <= 12:
            return None
        return year * 10_000 + month * 100 + 1, year * 10_000 + month * 100 + 31
    if found := _YEAR.match(text):
        year = int(found[1])
        return year * 10_000 + 101, year * 10_000 + 1231
    if found := _DATE.match(text):
        try:
            day = dt.date(int(found[1]), int(found[2]), int(found[3]))
        except ValueError:
            return None
        n = date_number(day)
        return n, n
    return None


def _collect(frame: Any) -> Any:
    return frame.collect() if isinstance(frame, nw.LazyFrame) else frame


def period_columns(frame: Any, source: str | None, start: str, end: str) -> list[nw.Expr]:
    """Expressions for the first and last day (``YYYYMMDD``) of each row's period.

    Unknown periods get :data:`NO_START` and :data:`NO_END`.

    Raises:
        InvalidArgument: the column has more than 10,000 distinct values.
    """
    if source is None:
        return [
            nw.lit(NO_START).cast(nw.Int64).alias(start),
            nw.lit(NO_END).cast(nw.Int64).alias(end),
        ]
    text = nw.col(source).cast(nw.String)
    values = _collect(frame.select(text.alias("p")).unique().head(_MAX_PERIODS + 1))["p"].to_list()
    if len(values) > _MAX_PERIODS:
        raise InvalidArgument(
            f"the period column {source!r} has more than {_MAX_PERIODS:,} distinct values; "
            "write one period per roll row (2026-Q1, 2026-02, 2026)"
        )
    known = {v: b for v in values if v is not None and (b := period_bounds(v)) is not None}
    if not known:
        return [
            nw.lit(NO_START).cast(nw.Int64).alias(start),
            nw.lit(NO_END).cast(nw.Int64).alias(end),
        ]
    keys = list(known)
    return [
        text.replace_strict(
            keys, [known[k][0] for k in keys], default=NO_START, return_dtype=nw.Int64
        ).alias(start),
        text.replace_strict(
            keys, [known[k][1] for k in keys], default=NO_END, return_dtype=nw.Int64
        ).alias(end),
    ]
