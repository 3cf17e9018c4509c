"""Frames in, frames out for the overlap engine, over the one frame boundary.

Rolls are read through :mod:`bansos_validate._frames`. Eager frames (Polars, pandas,
PyArrow) are computed by Polars lazily (streaming where the plan allows); DuckDB
relations and PySpark DataFrames are computed by their own engine, so every roll of one
call must be of one such engine. Reference lists (deaths, employees, a roster) of
another kind are converted to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import narwhals as nw

from bansos_validate import _frames
from bansos_validate._frames import Engine, Kind
from bansos_validate.errors import SchemaError
from bansos_validate.schema import normalize_header

if TYPE_CHECKING:
    import polars as pl

__all__ = ["Backend", "Kind", "collect", "kind_of", "lazy_frame", "row_index", "to_native"]

Backend = Literal["polars", "duckdb", "spark"]

ROW = "__bv_row"


def kind_of(native: Any, what: str) -> tuple[Kind, Any]:
    """Return the kind of a user frame and its narwhals wrapper.

    Raises:
        InvalidArgument: *native* is not a dataframe narwhals knows, or of a backend the
            library does not support.
    """
    adopted = _frames.adopt(native, what)
    return adopted.kind, adopted.frame


def backend_of(kind: Kind) -> Backend:
    """The engine that computes frames of *kind*."""
    return kind.engine.value  # type: ignore[return-value]


def lazy_frame(native: Any, kind: Kind, backend: Backend, like: Any, what: str) -> Any:
    """Return *native* as a narwhals LazyFrame computed by *backend*.

    Args:
        native: the user's frame.
        kind: its kind (:func:`kind_of`).
        backend: the engine of the rolls.
        like: a native frame of that engine (a Spark frame gives the session).
        what: how to name the frame in errors.
    """
    adopted = _frames.Adopted(native=native, frame=None, kind=kind)
    return adopted.lazy_on(Engine(backend), like, what)


def to_polars(native: Any, kind: Kind, what: str) -> pl.DataFrame:
    """Return any supported frame as an eager Polars frame."""
    del kind
    return _frames.to_polars(native, what)


def row_index(frame: Any, backend: Backend) -> Any:
    """Add the 0-based input position as ``__bv_row`` (Int64)."""
    del backend
    return _frames.add_index(frame, ROW).with_columns(nw.col(ROW).cast(nw.Int64))


def collect(frame: Any, backend: Backend) -> pl.DataFrame:
    """Compute a lazy narwhals frame into an eager Polars frame (Polars streams)."""
    if backend == "polars":
        return frame.to_native().collect(engine="streaming")  # type: ignore[no-any-return]
    return _frames.collect_polars(frame)


def to_native(result: pl.DataFrame, kind: Kind, like: Any) -> Any:
    """Return a small Polars result as the user's kind of frame."""
    if kind == Kind.SPARK:
        return _frames.spark_frame(result, like.sparkSession)
    return _frames.Adopted(native=None, frame=None, kind=kind).give_back(result)


def find_column(names: list[str], aliases: tuple[str, ...], explicit: str | None) -> str | None:
    """Find a column by explicit name or by normalised header aliases."""
    if explicit is not None:
        if explicit not in names:
            raise SchemaError(
                f"column {explicit!r} is not in the frame; found columns: "
                f"{', '.join(map(repr, names)) or '(none)'}",
                column=explicit,
                found=names,
            )
        return explicit
    normal = {normalize_header(str(n)): n for n in reversed(names)}
    for alias in aliases:
        if alias in normal:
            return normal[alias]
    return None
