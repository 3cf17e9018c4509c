"""Small helpers shared by the report modules: frames to Polars, masking a column."""

from __future__ import annotations

from typing import Any

import polars as pl

from bansos_validate.privacy import mask_kk, mask_nik

__all__ = ["mask_column", "polars", "source_rows"]


def polars(frame: Any) -> pl.DataFrame:
    """Return any narwhals-supported frame (eager or lazy) as an eager Polars frame."""
    if isinstance(frame, pl.DataFrame):
        return frame
    if isinstance(frame, pl.LazyFrame):
        return frame.collect()
    import narwhals as nw  # noqa: PLC0415 - only for non-Polars frames

    wrapped = nw.from_native(frame)
    if isinstance(wrapped, nw.LazyFrame):
        wrapped = wrapped.collect(backend="polars")
    result: pl.DataFrame = wrapped.to_polars()
    return result


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
