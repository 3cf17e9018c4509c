"""Frames in, the same frame type out: read any frame into Polars and give results back.

The matcher works on eager Polars frames in process. An input of another kind (pandas,
PyArrow, a Polars lazy frame, a DuckDB relation, a PySpark DataFrame) is read once
through narwhals (lazy ones are collected, Spark's to the driver); results are turned
back into the kind of frame the caller gave.
"""

from __future__ import annotations

from typing import Any

import attrs
import polars as pl

from bansos_validate.errors import InvalidArgument

__all__ = ["FrameKind", "read", "to_native"]


@attrs.frozen(slots=True)
class FrameKind:
    """What kind of frame the caller gave: its narwhals implementation, lazy or not.

    ``session`` is the SparkSession of a PySpark input (results are created in it).
    """

    implementation: Any
    lazy: bool
    session: Any = None


POLARS = FrameKind(implementation="polars", lazy=False)


def read(frame: Any, side: str) -> tuple[pl.DataFrame, FrameKind]:
    """Return ``frame`` as an eager Polars frame, and what kind of frame it was.

    Raises:
        InvalidArgument: ``frame`` is not a data frame narwhals can read.
    """
    if isinstance(frame, pl.DataFrame):
        return frame, POLARS
    if isinstance(frame, pl.LazyFrame):
        return frame.collect(), FrameKind(implementation="polars", lazy=True)
    import narwhals as nw  # noqa: PLC0415 - only for frames that are not Polars

    try:
        wrapped = nw.from_native(frame)
    except TypeError as exc:
        raise InvalidArgument(
            f"Expected a data frame (Polars, pandas, PyArrow, DuckDB, PySpark) for {side} "
            f"but got {type(frame).__name__}."
        ) from exc
    if not isinstance(wrapped, nw.DataFrame | nw.LazyFrame):
        raise InvalidArgument(f"Expected a data frame for {side} but got a series.")
    impl = wrapped.implementation
    session = None
    if impl.is_pyspark() or impl.is_pyspark_connect():
        session = frame.sparkSession
    if isinstance(wrapped, nw.LazyFrame):
        out: pl.DataFrame = wrapped.collect(backend=nw.Implementation.POLARS).to_native()
        return out, FrameKind(implementation=impl, lazy=True, session=session)
    out = wrapped.to_polars()
    return out, FrameKind(implementation=impl, lazy=False)


def to_native(frame: pl.DataFrame, kind: FrameKind) -> Any:
    """Return the Polars ``frame`` as the caller's kind of frame."""
    if kind.implementation == "polars":
        return frame.lazy() if kind.lazy else frame
    import narwhals as nw  # noqa: PLC0415

    impl = kind.implementation
    if impl.is_polars():  # pragma: no cover - handled above
        return frame.lazy() if kind.lazy else frame
    if impl.is_pandas():
        return frame.to_pandas()
    if impl.is_pyarrow():
        return frame.to_arrow()
    wrapped = nw.from_native(frame, eager_only=True)
    if kind.lazy:
        return wrapped.lazy(backend=impl, session=kind.session).to_native()
    return nw.from_arrow(frame.to_arrow(), backend=impl).to_native()  # pragma: no cover
