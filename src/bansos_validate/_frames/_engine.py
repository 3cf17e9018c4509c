"""Which library a frame comes from, and the operations that depend on it.

The only module of the package that asks narwhals for a frame's ``implementation``.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import attrs

from bansos_validate.errors import InvalidArgument

if TYPE_CHECKING:
    import narwhals as nw
    import polars as pl
    from narwhals.typing import IntoFrame

__all__ = [
    "Adopted",
    "Engine",
    "Kind",
    "add_index",
    "adopt",
    "attach",
    "collect",
    "collect_polars",
    "implementation",
    "kind_of",
    "materialize",
    "spark_frame",
    "to_polars",
    "wrap",
]

NativeT = TypeVar("NativeT")
"""The caller's frame type: what :meth:`Adopted.give_back` returns."""

_SUPPORTED = "a pandas, Polars, PyArrow, DuckDB or PySpark frame"
_MONO = "__bv_frames_mono"


class Engine(enum.StrEnum):
    """The engine that computes a frame's plan.

    pandas and PyArrow frames are computed by Polars (they are read into it once).
    """

    POLARS = "polars"
    DUCKDB = "duckdb"
    SPARK = "spark"
    OTHER = "other"


class Kind(enum.StrEnum):
    """The kind of frame a caller gave (and gets back).

    >>> import polars as pl
    >>> kind_of(pl.DataFrame({"a": [1]})), kind_of(pl.LazyFrame({"a": [1]})).engine
    (<Kind.POLARS: 'polars'>, <Engine.POLARS: 'polars'>)
    """

    POLARS = "polars"
    POLARS_LAZY = "polars_lazy"
    PANDAS = "pandas"
    PYARROW = "pyarrow"
    DUCKDB = "duckdb"
    SPARK = "spark"
    OTHER = "other"

    @property
    def engine(self) -> Engine:
        """The engine that computes frames of this kind."""
        if self is Kind.DUCKDB:
            return Engine.DUCKDB
        if self is Kind.SPARK:
            return Engine.SPARK
        if self is Kind.OTHER:
            return Engine.OTHER
        return Engine.POLARS

    @property
    def polars(self) -> bool:
        """A Polars frame, eager or lazy (not pandas or PyArrow read into Polars)."""
        return self in {Kind.POLARS, Kind.POLARS_LAZY}

    @property
    def local(self) -> bool:
        """Pandas or PyArrow: eager frames of another library, checked in Polars."""
        return self in {Kind.PANDAS, Kind.PYARROW}

    @property
    def spark(self) -> bool:
        """A PySpark (or Spark Connect) DataFrame."""
        return self is Kind.SPARK

    @property
    def duckdb(self) -> bool:
        """A DuckDB relation."""
        return self is Kind.DUCKDB


def wrap(
    native: IntoFrame | nw.DataFrame[Any] | nw.LazyFrame[Any], what: str | None = None
) -> nw.DataFrame[Any] | nw.LazyFrame[Any]:
    """*native* as a narwhals frame (a narwhals frame is returned as it is).

    Raises:
        InvalidArgument: *native* is not a data frame narwhals can read (a series is not).
    """
    import narwhals as nw  # noqa: PLC0415 - frames are imported on first use

    if isinstance(native, nw.DataFrame | nw.LazyFrame):
        return native
    where = f" for {what}" if what else ""
    try:
        wrapped = nw.from_native(native)
    except TypeError:
        raise InvalidArgument(
            f"Expected {_SUPPORTED}{where} but got {type(native).__name__}"
        ) from None
    if not isinstance(wrapped, nw.DataFrame | nw.LazyFrame):
        raise InvalidArgument(f"Expected a dataframe{where} but got {type(native).__name__}")
    return wrapped


def kind_of(frame: Any) -> Kind:
    """The :class:`Kind` of a native or narwhals frame.

    Raises:
        InvalidArgument: *frame* is not a data frame.
    """
    import narwhals as nw  # noqa: PLC0415

    wrapped = wrap(frame)
    impl = wrapped.implementation
    if impl.is_polars():
        return Kind.POLARS if isinstance(wrapped, nw.DataFrame) else Kind.POLARS_LAZY
    if impl.is_pandas_like():
        return Kind.PANDAS
    if impl.is_pyarrow():
        return Kind.PYARROW
    if impl.is_duckdb():
        return Kind.DUCKDB
    if impl.is_pyspark() or impl.is_pyspark_connect():
        return Kind.SPARK
    return Kind.OTHER  # pragma: no cover - other narwhals backends


@attrs.frozen(slots=True)
class Adopted(Generic[NativeT]):
    """A caller's frame, adopted: its narwhals wrapper, its kind, and how to give back.

    Attributes:
        native: the frame as the caller gave it.
        frame: its narwhals wrapper.
        kind: what kind of frame it is.
        session: the SparkSession of a PySpark frame (results are created in it).
    """

    native: NativeT
    frame: Any  # nw.DataFrame | nw.LazyFrame; None where only giving back is needed
    kind: Kind = attrs.field(converter=Kind)
    session: Any = None

    @property
    def engine(self) -> Engine:
        """The engine that computes the caller's frame."""
        return self.kind.engine

    @property
    def lazy(self) -> bool:
        """Whether the caller's frame is lazy (a Polars LazyFrame, DuckDB, Spark)."""
        return self.kind in {Kind.POLARS_LAZY, Kind.DUCKDB, Kind.SPARK}

    def to_polars(self, what: str = "the frame") -> pl.DataFrame:
        """The caller's frame as an eager Polars frame (lazy ones computed, Spark's to the driver).

        pandas columns of mixed Python objects are read as text
        (:func:`~bansos_validate._frames.pandas_frame`).
        """
        return to_polars(self.native, what)

    def give_back(self, result: pl.DataFrame) -> NativeT:
        """A Polars *result* as the caller's kind of frame (a Spark frame in its session).

        Types are kept (narwhals' conversion); :func:`spark_frame` is the plainer way for
        small results of numbers and text.
        """
        return cast("NativeT", self._given_back(result))

    def _given_back(self, result: pl.DataFrame) -> Any:
        kind = self.kind
        if kind is Kind.POLARS:
            return result
        if kind is Kind.POLARS_LAZY:
            return result.lazy()
        if kind is Kind.PANDAS:
            return result.to_pandas()
        if kind is Kind.PYARROW:
            return result.to_arrow()
        if kind is Kind.DUCKDB:
            import duckdb  # noqa: PLC0415 - optional engine

            return duckdb.from_arrow(result.to_arrow())
        import narwhals as nw  # noqa: PLC0415

        if kind is Kind.SPARK:
            wrapped = nw.from_native(result, eager_only=True)
            return wrapped.lazy(backend=self.frame.implementation, session=self.session).to_native()
        impl = self.frame.implementation  # pragma: no cover - other backends
        return nw.from_arrow(result.to_arrow(), backend=impl).to_native()  # pragma: no cover

    def lazy_on(self, engine: Engine, like: Any, what: str) -> Any:
        """The caller's frame as a narwhals LazyFrame computed by *engine*.

        A frame of that engine is used as it is (pandas and PyArrow are read into Polars);
        a frame of another engine is read into Polars and handed to *engine* (a DuckDB
        relation from Arrow, a Spark frame in the session of *like*).
        """
        import narwhals as nw  # noqa: PLC0415

        kind = self.kind
        if kind.engine is engine:
            if kind is Kind.POLARS:
                return nw.from_native(cast("pl.DataFrame", self.native).lazy())
            if kind.local:
                return nw.from_native(self.to_polars(what).lazy())
            return nw.from_native(self.native)
        polars = self.to_polars(what)
        if engine is Engine.POLARS:
            return nw.from_native(polars.lazy())
        if engine is Engine.DUCKDB:
            import duckdb  # noqa: PLC0415 - optional engine

            return nw.from_native(duckdb.from_arrow(polars.to_arrow()))
        return nw.from_native(spark_frame(polars, like.sparkSession))


def adopt(native: NativeT, what: str | None = None) -> Adopted[NativeT]:
    """Adopt a caller's frame (see :class:`Adopted`).

    Raises:
        InvalidArgument: *native* is not a data frame narwhals can read.
    """
    wrapped = wrap(cast("Any", native), what)
    kind = kind_of(wrapped)
    session = None
    if kind is Kind.SPARK:
        session = wrapped.to_native().sparkSession
    if kind is Kind.OTHER:
        raise InvalidArgument(  # pragma: no cover - other narwhals backends
            f"{what or 'frame'}: frames of {wrapped.implementation} are not supported; use Polars, "
            "pandas, PyArrow, DuckDB or PySpark"
        )
    return Adopted(native=wrapped.to_native(), frame=wrapped, kind=kind, session=session)


def implementation(frame: Any) -> Any:
    """The narwhals ``Implementation`` of a frame, for narwhals functions that take a backend.

    (``narwhals.new_series(..., backend=...)``, ``narwhals.from_dict``.) Capabilities ask
    :func:`kind_of` what a frame is; this is only handed back to narwhals.
    """
    return wrap(frame).implementation


def to_polars(native: Any, what: str = "the frame") -> pl.DataFrame:
    """Any supported frame (native or narwhals) as an eager Polars frame.

    Lazy frames are computed (Polars lazily, DuckDB and Spark by their engine, Spark's
    rows brought to the driver through Arrow); pandas is read column by column
    (:func:`~bansos_validate._frames.pandas_frame`).

    Raises:
        InvalidArgument: *native* is not a data frame.
    """
    import polars as pl  # noqa: PLC0415

    if isinstance(native, pl.DataFrame):
        return native
    if isinstance(native, pl.LazyFrame):
        return native.collect()
    wrapped = wrap(native, what)
    kind = kind_of(wrapped)
    raw = wrapped.to_native()
    if kind is Kind.POLARS:
        return raw  # type: ignore[no-any-return]
    if kind is Kind.POLARS_LAZY:
        return raw.collect()  # type: ignore[no-any-return]
    if kind is Kind.PANDAS:
        from bansos_validate._frames._pandas import pandas_frame  # noqa: PLC0415

        return pandas_frame(raw, what)
    if kind is Kind.PYARROW:
        return pl.DataFrame(pl.from_arrow(raw))
    if kind is Kind.DUCKDB:
        return raw.pl()  # type: ignore[no-any-return]
    if kind is Kind.SPARK:
        return pl.DataFrame(pl.from_arrow(raw.toArrow()))
    return collect_polars(wrapped)  # pragma: no cover - other backends


def collect_polars(frame: Any) -> pl.DataFrame:
    """A narwhals frame (eager or lazy, any engine) as an eager Polars frame.

    The plain conversion narwhals offers (no pandas object handling): for frames the
    library built itself.
    """
    import narwhals as nw  # noqa: PLC0415

    if isinstance(frame, nw.LazyFrame):
        if kind_of(frame).polars:
            return frame.to_native().collect()  # type: ignore[no-any-return]
        return frame.collect(backend="polars").to_native()  # type: ignore[no-any-return]
    return frame.to_polars()  # type: ignore[no-any-return]


def add_index(frame: Any, name: str) -> Any:
    """*frame* (narwhals) with a 0-based row-position column *name*.

    Eager frames number their rows; a Polars lazy frame numbers them in its plan; DuckDB
    numbers them with ``row_number()`` and Spark with a window over
    ``monotonically_increasing_id`` (both in scan order).
    """
    import narwhals as nw  # noqa: PLC0415

    if isinstance(frame, nw.DataFrame):
        return frame.with_row_index(name)
    kind = kind_of(frame)
    native = frame.to_native()
    if kind.polars:
        return nw.from_native(native.with_row_index(name))
    if kind is Kind.DUCKDB:
        return nw.from_native(native.project(f'*, (row_number() OVER () - 1) AS "{name}"'))
    if kind is Kind.SPARK:
        from pyspark.sql import Window  # noqa: PLC0415 - optional engine
        from pyspark.sql import functions as f  # noqa: PLC0415

        ordered = native.withColumn(_MONO, f.monotonically_increasing_id())
        window = Window.orderBy(f.col(_MONO))
        ranked = ordered.withColumn(name, f.row_number().over(window) - 1).drop(_MONO)
        return nw.from_native(ranked)
    return frame.with_row_index(name, order_by=frame.columns[0])  # pragma: no cover


def materialize(frame: Any) -> Any:
    """Compute a Polars lazy frame now, so frames derived from it do not recompute it.

    DuckDB plans such reuse itself, so its frames are left lazy; Spark frames are
    checkpointed locally (Spark's analyser slows down sharply on deep plans).
    """
    import narwhals as nw  # noqa: PLC0415

    kind = kind_of(frame)
    if isinstance(frame, nw.LazyFrame) and kind.polars:
        return nw.from_native(frame.to_native().collect(engine="streaming").lazy())
    if kind is Kind.SPARK:
        return nw.from_native(frame.to_native().localCheckpoint(eager=True))
    return frame


def collect(frame: Any, *, streaming: bool = True) -> Any:
    """Collect a lazy narwhals frame in its own engine (Polars streams); eager passes through."""
    import narwhals as nw  # noqa: PLC0415

    if isinstance(frame, nw.LazyFrame):
        if kind_of(frame).polars:
            return frame.collect(engine="streaming" if streaming else "in-memory")
        return frame.collect()
    return frame


def attach(native: Any, kind: Kind, results: pl.DataFrame) -> Any:
    """The caller's eager pandas or PyArrow frame with the *results* columns put beside it.

    The caller's columns, index and types are kept as they are; pandas rows keep their
    index labels.
    """
    if kind is Kind.PYARROW:
        table = native
        for column in results.columns:
            table = table.append_column(column, results[column].to_arrow())
        return table
    if kind is not Kind.PANDAS:
        msg = f"attach() takes pandas or PyArrow frames, not {kind}"  # pragma: no cover
        raise InvalidArgument(msg)  # pragma: no cover
    import pandas as pd  # noqa: PLC0415

    extra = results.to_pandas()
    extra.index = native.index
    return pd.concat([native, extra], axis=1)


def spark_frame(frame: pl.DataFrame, session: Any) -> Any:
    """A small Polars frame as a Spark DataFrame (through rows: no pandas needed)."""
    schema = ", ".join(f"`{name}` {_spark_type(dtype)}" for name, dtype in frame.schema.items())
    return session.createDataFrame(frame.rows(), schema=schema)


def _spark_type(dtype: Any) -> str:
    import polars as pl  # noqa: PLC0415

    if dtype.is_integer():
        return "bigint"
    if dtype.is_float():
        return "double"
    if dtype == pl.Boolean:
        return "boolean"
    return "string"
