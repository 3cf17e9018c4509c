"""Small helpers shared by the report modules: frames to Polars, masking a column."""

from __future__ import annotations

from typing import Any

import polars as pl

from bansos_validate import _frames
from bansos_validate._redact import MIN_RUN
from bansos_validate.privacy import mask_kk, mask_nik, mask_text

__all__ = ["mask_column", "polars", "scrub_frame", "scrub_value", "source_rows"]

_LONG_RUN = rf"\d{{{MIN_RUN}}}"


def polars(frame: Any) -> pl.DataFrame:
    """Return any narwhals-supported frame (eager or lazy) as an eager Polars frame."""
    return _frames.to_polars(frame)


def mask_column(column: pl.Series, kind: str, *, unmasked: bool) -> pl.Series:
    """Mask a NIK (``kind="nik"``) or KK column with the library's masks, value by value.

    Each distinct value is masked once (:func:`bansos_validate.mask_nik` /
    :func:`bansos_validate.mask_kk`); nulls stay null. With *unmasked* the values are
    returned as text, unchanged.
    """
    text = column.cast(pl.String)
    if unmasked:
        return text
    mask = mask_nik if kind == "nik" else mask_kk
    distinct = [v for v in text.unique().to_list() if v is not None]
    mapping = {v: mask(v) for v in distinct}
    return text.replace_strict(mapping, default=None, return_dtype=pl.String)


def source_rows(frame: pl.DataFrame | None, positions: pl.Series) -> pl.Series:
    """Translate 0-based positions into source row numbers.

    The source row number is the frame's integer ``row`` column (what
    :func:`bansos_validate.io.read` adds: the Excel row number for workbooks) when it has
    one, otherwise the 1-based position.
    """
    pos = positions.cast(pl.Int64)
    if frame is not None and "row" in frame.columns and frame.schema["row"].is_integer():
        rows = frame["row"].cast(pl.Int64)
        if rows.len() == 0:
            return pl.Series("row", [None] * pos.len(), dtype=pl.Int64)
        inside = pos.is_between(0, rows.len() - 1)
        picked = rows.gather(pos.clip(0, rows.len() - 1))
        return pl.select(pl.when(inside).then(picked).alias("row")).to_series()
    return (pos + 1).alias("row")


def scrub_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Mask identifier-like digit runs in every text column (the last line of defence).

    A NIK can reach a findings cell by a path no masking step foresaw (a shifted column
    that puts NIKs under ``kode_wilayah``, a header that is a data row). Every distinct
    text value holding a run of 12 or more digits is passed through
    :func:`bansos_validate.privacy.mask_text`; other cells are untouched.

    >>> scrub_frame(pl.DataFrame({"kode_wilayah": ["3576011003", "3576014403910003"]})).rows()
    [('3576011003',), ('357601**********',)]
    """
    fixes = [_scrub_text(frame[n]) for n, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(fixes) if fixes else frame


def _scrub_text(column: pl.Series) -> pl.Series:
    hit = column.str.contains(_LONG_RUN).fill_null(value=False)
    if not hit.any():
        return column
    mapping = {v: mask_text(v) for v in column.filter(hit).unique().to_list()}
    return column.replace(mapping)


def scrub_value(value: object) -> object:
    """*value* (JSON-ready: dicts, lists, text, numbers) with digit runs masked in text."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {scrub_value(k): scrub_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub_value(v) for v in value]
    return value
