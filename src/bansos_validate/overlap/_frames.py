"""Frames in, frames out: wrapping user frames for the overlap engine, and back.

Rolls are read through narwhals. Eager frames (Polars, pandas, PyArrow) are computed by
Polars lazily (streaming where the plan allows); DuckDB relations and PySpark DataFrames
are computed by their own engine, so every roll of one call must be of one such engine.
Reference lists (deaths, employees, a roster) of another kind are converted to it.
"""

from __future__ import annotations

from typing import Any, Literal

import narwhals as nw
import polars as pl

from bansos_validate.errors import InvalidArgument, SchemaError
from bansos_validate.intake._text import text_value
from bansos_validate.schema import normalize_header

__all__ = ["Backend", "Kind", "collect", "kind_of", "lazy_frame", "row_index", "to_native"]

Backend = Literal["polars", "duckdb", "spark"]
Kind = Literal["polars", "polars_lazy", "pandas", "pyarrow", "duckdb", "spark"]

ROW = "__bv_row"


def kind_of(native: Any, what: str) -> tuple[Kind, Any]:
    """Return the kind of a user frame and its narwhals wrapper.

    Raises:
        InvalidArgument: *native* is not a dataframe narwhals knows.
    """
    try:
        frame = nw.from_native(native)
    except TypeError:
        raise InvalidArgument(
            f"Expected a pandas, Polars, PyArrow, DuckDB or PySpark frame for {what} but got "
            f"{type(native).__name__}"
        ) from None
    if not isinstance(frame, nw.DataFrame | nw.LazyFrame):
        raise InvalidArgument(f"Expected a dataframe for {what} but got a series")
    impl = frame.implementation
    if impl.is_polars():
        return ("polars" if isinstance(frame, nw.DataFrame) else "polars_lazy"), frame
    if impl.is_pandas_like():
        return "pandas", frame
    if impl.is_pyarrow():
        return "pyarrow", frame
    if impl.is_duckdb():
        return "duckdb", frame
    if impl.is_pyspark() or impl.is_pyspark_connect():
        return "spark", frame
    raise InvalidArgument(  # pragma: no cover - other narwhals backends
        f"{what}: frames of {impl} are not supported; use Polars, pandas, PyArrow, DuckDB "
        "or PySpark"
    )


def backend_of(kind: Kind) -> Backend:
    """The engine that computes frames of *kind*."""
    if kind == "duckdb":
        return "duckdb"
    if kind == "spark":
        return "spark"
    return "polars"


def _pandas_to_polars(native: Any, what: str) -> pl.DataFrame:
    try:
        converted: pl.DataFrame = pl.from_pandas(native)
    except (TypeError, ValueError, pl.exceptions.PolarsError, ImportError):
        pass
    else:
        return converted
    columns = {}
    for name in native.columns:
        series = native[name]
        if series.dtype == object:
            columns[str(name)] = pl.Series(
                str(name),
                [
                    None if v is None or v != v else text_value(str(v))  # noqa: PLR0124 - NaN
                    for v in series.tolist()
                ],
                dtype=pl.String,
            )
        else:
            try:
                columns[str(name)] = pl.from_pandas(series)
            except (TypeError, ValueError, pl.exceptions.PolarsError) as exc:
                raise SchemaError(
                    f"the {what} column {name!r} cannot be read ({exc}); give it one type",
                    column=str(name),
                    found=[str(c) for c in native.columns],
                ) from None
    return pl.DataFrame(columns)


def lazy_frame(native: Any, kind: Kind, backend: Backend, like: Any, what: str) -> Any:
    """Return *native* as a narwhals LazyFrame computed by *backend*.

    Args:
        native: the user's frame.
        kind: its kind (:func:`kind_of`).
        backend: the engine of the rolls.
        like: a native frame of that engine (a Spark frame gives the session).
        what: how to name the frame in errors.
    """
    if backend_of(kind) == backend:
        if kind == "polars":
            return nw.from_native(native.lazy())
        if kind == "pandas":
            return nw.from_native(_pandas_to_polars(native, what).lazy())
        if kind == "pyarrow":
            return nw.from_native(pl.from_arrow(native).lazy())  # type: ignore[union-attr]
        return nw.from_native(native)
    polars = to_polars(native, kind, what)
    if backend == "polars":
        return nw.from_native(polars.lazy())
    if backend == "duckdb":
        import duckdb  # noqa: PLC0415 - optional engine

        return nw.from_native(duckdb.from_arrow(polars.to_arrow()))
    return nw.from_native(_spark_frame(polars, like.sparkSession))


def to_polars(native: Any, kind: Kind, what: str) -> pl.DataFrame:
    """Return any supported frame as an eager Polars frame."""
    if kind == "polars":
        return native  # type: ignore[no-any-return]
    if kind == "polars_lazy":
        return native.collect()  # type: ignore[no-any-return]
    if kind == "pandas":
        return _pandas_to_polars(native, what)
    if kind == "pyarrow":
        return pl.from_arrow(native)  # type: ignore[return-value]
    if kind == "duckdb":
        return native.pl()  # type: ignore[no-any-return]
    return pl.from_arrow(native.toArrow())  # type: ignore[return-value]


def row_index(frame: Any, backend: Backend) -> Any:
    """Add the 0-based input position as ``__bv_row`` (Int64)."""
    if backend == "polars":
        native = frame.to_native().with_row_index(ROW).with_columns(pl.col(ROW).cast(pl.Int64))
        return nw.from_native(native)
    from bansos_validate.table._check import _INDEX, _add_index  # noqa: PLC0415 - shared helper

    indexed = _add_index(frame)
    return indexed.with_columns(nw.col(_INDEX).cast(nw.Int64).alias(ROW)).drop(_INDEX)


def collect(frame: Any, backend: Backend) -> pl.DataFrame:
    """Compute a lazy narwhals frame into an eager Polars frame (Polars streams)."""
    if backend == "polars":
        return frame.to_native().collect(engine="streaming")  # type: ignore[no-any-return]
    out = frame.collect(backend="polars")
    return out.to_native()  # type: ignore[no-any-return]


def to_native(result: pl.DataFrame, kind: Kind, like: Any) -> Any:
    """Return a small Polars result as the user's kind of frame."""
    if kind == "polars":
        return result
    if kind == "polars_lazy":
        return result.lazy()
    if kind == "pandas":
        return result.to_pandas()
    if kind == "pyarrow":
        return result.to_arrow()
    if kind == "duckdb":
        import duckdb  # noqa: PLC0415 - optional engine

        return duckdb.from_arrow(result.to_arrow())
    return _spark_frame(result, like.sparkSession)


def _spark_frame(frame: pl.DataFrame, session: Any) -> Any:
    """A small Polars frame as a Spark DataFrame (through rows: no pandas needed)."""
    schema = ", ".join(f"`{name}` {_spark_type(dtype)}" for name, dtype in frame.schema.items())
    return session.createDataFrame(frame.rows(), schema=schema)


def _spark_type(dtype: pl.DataType) -> str:
    if dtype.is_integer():
        return "bigint"
    if dtype.is_float():
        return "double"
    if dtype == pl.Boolean:
        return "boolean"
    return "string"


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
