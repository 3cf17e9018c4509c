"""Link keys: the one reading of a NIK or KK that joins, matches and overlaps rely on.

A NIK or KK links two rows only when it can be trusted as an identity: its 16 digits are
all there after cleaning (spaces, dots, dashes, an Excel ``'``), and it is not a filler
pattern (``0000000000000000``, ``1234567890123456``). A number cell that still holds all
16 digits (``3576010101200001`` stored as a number, or its text ``3576010101200001.0``)
is the same key as the text: the digits are all there, and the table check still reports
the cell as spreadsheet damage. A number that lost its 16th digit (it ends in 0, or is in
scientific notation, or is beyond float64 precision) links nothing: it is reported, never
joined. This is :func:`bansos_validate.ids.nik.parse`'s reading (``Read.usable``), as an
expression for every engine.

The key is the 16 digits as a 64-bit integer (a bijection on 16-digit text, and much
faster to join than text).

>>> link_text("3576-0144-0391-0003")
'3576014403910003'
>>> link_text(3576010101200001), link_text("3576010101200001.0")
('3576010101200001', '3576010101200001')
>>> link_text("3.57601E+15") is None, link_text(3576010101200000) is None
(True, True)
>>> link_text("1111111111111111") is None
True
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

import narwhals as nw

from bansos_validate.errors import InvalidArgument
from bansos_validate.ids._digits import _dummy_table, dummy_pattern, read_digits

__all__ = [
    "MAX_MAPPED",
    "damaged_prefix",
    "drop_fillers",
    "fillers",
    "key_expr",
    "key_text",
    "link_text",
    "polars_key_expr",
]

MAX_MAPPED = 200_000
"""The most distinct values that are not 16 plain digits a column may hold (each is read
by the scalar reader once)."""
_MAX_MAPPED = MAX_MAPPED
_FLOAT53 = float(2**53)

_SCIENTIFIC = re.compile(r"^[+]?([0-9]+)(?:[.,]([0-9]*))?[eE][+]?([0-9]+)$")


def _readings(others: list[Any], what: str, source: str) -> dict[Any, str | None]:
    """The link key of each distinct cell that is not 16 plain digits (a bounded few)."""
    if len(others) > _MAX_MAPPED:
        raise InvalidArgument(
            f"the {what} column {source!r} has more than {_MAX_MAPPED:,} distinct values "
            "that are not 16 plain digits; clean it first (bv.check_table shows how)"
        )
    return {v: link_text(v) for v in others}


def damaged_prefix(value: object) -> str | None:
    """The leading digits a spreadsheet-damaged NIK or KK still holds, or ``None``.

    A 16-digit number typed into a spreadsheet keeps 15 significant digits: its 16th
    became a 0 (``3576010101200000``, or ``3576010101200000.0`` as text), and in
    scientific notation only the digits shown survive (``3.57601E+15``: ``357601``).
    The value cannot be joined, but the record it belongs to is one of those whose
    number starts with these digits. Values damaged otherwise (a wrong length, letters)
    give ``None``: nothing is known of where they belong.

    >>> damaged_prefix(3576010101200000), damaged_prefix("3576010101200000.0")
    ('357601010120000', '357601010120000')
    >>> damaged_prefix("3.57601E+15"), damaged_prefix("3576010101200001") is None
    ('357601', True)
    """
    read = read_digits(value)
    if read.usable or not any(p == "excel_precision_lost" for p, _ in read.problems):
        return None
    if isinstance(value, str):
        text = value.strip().removeprefix("'")
        found = _SCIENTIFIC.match(text)
        if found:
            whole, fraction, exponent = found[1], found[2] or "", int(found[3])
            digits = (whole + fraction).lstrip("0")
            if len(whole.lstrip("0")) + exponent != 16 or not digits:
                return None
            return digits.rstrip("0")[:15] or None
        number = re.sub(r"[.,]0+$", "", text)
    elif isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        number = str(int(value))
    else:
        return None
    return number[:15] if len(number) == 16 and number.isdigit() else None


def link_text(value: object) -> str | None:
    """The 16 digits a value links by, or ``None`` when it cannot be trusted as an identity."""
    read = read_digits(value)
    if not read.usable or read.digits is None or dummy_pattern(read.digits) is not None:
        return None
    return read.digits


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
    if dtype.is_float():
        # Spreadsheet number cells: whole, 16 digits, within float64's exact integers,
        # and not ending in 0 (a typed 16-digit number loses its last digit to a 0).
        value = col.cast(nw.Float64)
        whole = value.is_finite() & (value == value.floor())
        usable = whole & (value >= 1e15) & (value < _FLOAT53)
        safe = nw.when(usable).then(value).otherwise(nw.lit(0.0)).cast(nw.Int64)
        return nw.when(usable & (safe % 10 != 0)).then(safe)
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
    found = _readings(others, what, source)
    keys = [k for k, v in found.items() if v is not None]
    clean_key = nw.when(clean).then(col).cast(nw.Int64)
    if not keys:
        return clean_key
    mapped = col.replace_strict(
        keys, [int(found[k] or 0) for k in keys], default=None, return_dtype=nw.Int64
    )
    return nw.when(clean).then(clean_key).otherwise(mapped)


@functools.cache
def _filler_ints() -> tuple[int, ...]:
    return tuple(sorted(int(d) for d in _dummy_table()))


def fillers() -> list[int]:
    """The filler patterns (``0000000000000000``, ``1234567890123456``...) as integers."""
    return list(_filler_ints())


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
    found = _readings(others, what, source)
    keys = [k for k, v in found.items() if v is not None]
    key: pl.Expr = pl.when(clean & ~number.is_in(dummies)).then(number)
    if keys:
        mapped = col.replace_strict(
            keys, [int(found[k] or 0) for k in keys], default=None, return_dtype=pl.Int64
        )
        key = pl.when(clean).then(key).otherwise(mapped)
    return key


def key_text(key: nw.Expr) -> nw.Expr:
    """The 16-digit text of an Int64 link key (null stays null)."""
    return key.cast(nw.String).str.zfill(16)
