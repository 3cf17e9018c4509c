"""Link keys (NIK, KK, or their tokens) and roll periods, as column expressions.

A NIK or KK links two rows only when it can be trusted as an identity: 16 digits after
cleaning (spaces, dots, dashes, an Excel ``'``), no spreadsheet damage, not a filler
pattern (``0000000000000000``, ``1234567890123456``). Other values link nothing; they
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
from bansos_validate.ids._digits import dummy_pattern, read_digits

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

_MAX_MAPPED = 200_000
_MAX_PERIODS = 10_000
_QUARTER = re.compile(r"^(\d{4})[-/ ]?(?:Q|TW|TRIWULAN |KUARTAL )([1-4])$")
_QUARTER_FIRST = re.compile(r"^(?:Q|TW|TRIWULAN |KUARTAL )([1-4])[-/ ](\d{4})$")
_MONTH = re.compile(r"^(\d{4})[-/]?(\d{2})$")
_MONTH_FIRST = re.compile(r"^(\d{2})[-/](\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")


def link_text(value: object) -> str | None:
    """The 16 digits a value links by, or ``None`` when it cannot be trusted as an identity."""
    read = read_digits(value)
    if not read.usable or read.digits is None or dummy_pattern(read.digits) is not None:
        return None
    return read.digits


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


def key_expr(frame: Any, source: str, what: str) -> nw.Expr:
    """An Int64 expression: the link key of each row of *source* (null: links nothing).

    Clean text (16 ASCII digits) is used as it is; the distinct other values are read
    once each by the scalar reader (:func:`link_text`) and mapped back. Filler patterns
    (11,010 of them) are not tested here, where a SQL engine would carry the whole list in
    its plan: :func:`drop_fillers` removes them from the rows that leave the engine.

    Raises:
        InvalidArgument: the column has more than 200,000 distinct unclean values, or a
            type that cannot hold identifiers.
    """
    col = nw.col(source)
    dtype = frame.collect_schema()[source]
    if dtype.is_integer():
        # A number column: usable when it has 16 digits and did not lose the 16th.
        usable = (col >= 10**15) & (col < 10**16) & (col % 10 != 0)
        return nw.when(usable).then(col.cast(nw.Int64))
    if dtype != nw.String:
        values = _collect(frame.select(col).unique().head(_MAX_MAPPED + 1))[source].to_list()
        if len(values) > _MAX_MAPPED:
            raise InvalidArgument(
                f"the {what} column {source!r} has type {dtype} and more than "
                f"{_MAX_MAPPED:,} distinct values; read identifiers as text (bv.io.read)"
            )
        found = {v: link_text(v) for v in values if v is not None}
        keys = [k for k, v in found.items() if v is not None]
        if not keys:
            return nw.lit(None, dtype=nw.Int64)
        return col.replace_strict(
            keys, [int(found[k] or 0) for k in keys], default=None, return_dtype=nw.Int64
        )
    clean = col.str.contains(r"^[0-9]{16}$")
    others = _collect(
        frame.filter(~clean & ~col.is_null()).select(col).unique().head(_MAX_MAPPED + 1)
    )[source].to_list()
    if len(others) > _MAX_MAPPED:
        raise InvalidArgument(
            f"the {what} column {source!r} has more than {_MAX_MAPPED:,} distinct values "
            "that are not 16 plain digits; clean it first (bv.check_table shows how)"
        )
    found = {v: link_text(v) for v in others}
    keys = [k for k, v in found.items() if v is not None]
    clean_key = nw.when(clean).then(col).cast(nw.Int64)
    if not keys:
        return clean_key
    mapped = col.replace_strict(
        keys, [int(found[k] or 0) for k in keys], default=None, return_dtype=nw.Int64
    )
    return nw.when(clean).then(clean_key).otherwise(mapped)


def fillers() -> list[int]:
    """The filler patterns (``0000000000000000``, ``1234567890123456``...) as integers."""
    from bansos_validate.table._codes import code_sets  # noqa: PLC0415 - loads region tables

    return [int(d) for d in code_sets().dummies]


def drop_fillers(rows: Any, columns: tuple[str, ...] = ("__nik", "__kk")) -> Any:
    """Null the integer keys of a Polars frame that are filler patterns (they link nothing)."""
    import polars as pl  # noqa: PLC0415 - the embedded engine

    found = [c for c in columns if c in rows.columns and rows.schema[c] == pl.Int64]
    if not found:
        return rows
    values = fillers()
    return rows.with_columns(
        pl.when(pl.col(c).is_in(values)).then(None).otherwise(pl.col(c)).alias(c) for c in found
    )


def polars_key_expr(frame: Any, source: str, what: str) -> Any:
    """The Polars-native twin of :func:`key_expr` (same keys), without regular expressions.

    Text of 16 bytes that casts to an integer of 16 digits is clean; the distinct other
    values go through :func:`link_text`, as in :func:`key_expr`.
    """
    import polars as pl  # noqa: PLC0415 - the embedded engine

    dtype = frame.collect_schema()[source]
    if dtype != pl.String:
        return None
    col = pl.col(source)
    number = col.cast(pl.Int64, strict=False)
    clean = (col.str.len_bytes() == 16) & (number >= 10**15)
    dummies = fillers()
    others = (
        frame.filter(~clean.fill_null(value=False) & col.is_not_null())
        .select(col)
        .unique()
        .head(_MAX_MAPPED + 1)
        .collect()[source]
        .to_list()
    )
    if len(others) > _MAX_MAPPED:
        raise InvalidArgument(
            f"the {what} column {source!r} has more than {_MAX_MAPPED:,} distinct values "
            "that are not 16 plain digits; clean it first (bv.check_table shows how)"
        )
    found = {v: link_text(v) for v in others}
    keys = [k for k, v in found.items() if v is not None]
    key: pl.Expr = pl.when(clean & ~number.is_in(dummies)).then(number)
    if keys:
        mapped = col.replace_strict(
            keys, [int(found[k] or 0) for k in keys], default=None, return_dtype=pl.Int64
        )
        key = pl.when(clean).then(key).otherwise(mapped)
    return key


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
