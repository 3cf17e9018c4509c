"""``write``: a frame of any kind to CSV, XLSX or Parquet."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from bansos_validate.errors import InvalidArgument
from bansos_validate.io._errors import WriteError

if TYPE_CHECKING:
    import polars as pl

__all__ = ["FORMATS", "write"]

Format = Literal["csv", "xlsx", "parquet"]

FORMATS: dict[str, Format] = {
    ".csv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
}
"""File suffixes (lower case) and the format written for each."""

LIST_SEPARATOR = "; "
"""How list cells (``issue_codes``) are joined in CSV and XLSX."""

_XLSX_MAX_ROWS = 1_048_576
_XLSX_MAX_COLUMNS = 16_384
_XLSX_SHEET = "data"
_MIN_WIDTH, _MAX_WIDTH = 6, 60  # characters


def _to_polars(frame: Any) -> pl.DataFrame | pl.LazyFrame:
    """Return *frame* as a Polars frame (pandas, PyArrow, DuckDB, PySpark... via narwhals)."""
    import polars as pl  # noqa: PLC0415

    if isinstance(frame, (pl.DataFrame, pl.LazyFrame)):
        return frame
    import narwhals as nw  # noqa: PLC0415

    try:
        wrapped = nw.from_native(frame)
    except TypeError:
        raise InvalidArgument(
            "Expected a pandas, Polars, PyArrow, DuckDB or PySpark frame but got "
            f"{type(frame).__name__}"
        ) from None
    if isinstance(wrapped, nw.LazyFrame):
        wrapped = wrapped.collect(backend="polars")
    if isinstance(wrapped, nw.DataFrame):
        result: pl.DataFrame = wrapped.to_polars()
        return result
    raise InvalidArgument(f"Expected a data frame but got {type(frame).__name__}")  # a Series


def _flatten(schema: pl.Schema, path: str, *, lists: bool) -> list[pl.Expr]:
    """Expressions turning nested columns into text: lists joined (unless kept), structs as JSON."""
    import polars as pl  # noqa: PLC0415

    out = []
    for name, dtype in schema.items():
        col = pl.col(name)
        if isinstance(dtype, (pl.List, pl.Array)):
            if lists:
                continue
            inner = dtype.inner
            if inner is not None and inner.is_nested():
                raise WriteError(
                    f"{path}: column {name!r} holds nested lists, which have no text form; "
                    "write Parquet instead",
                    path=path,
                    column=name,
                )
            as_list = col if isinstance(dtype, pl.List) else col.arr.to_list()
            joined = as_list.list.eval(pl.element().cast(pl.String)).list.join(LIST_SEPARATOR)
            out.append(pl.when(as_list.list.len() > 0).then(joined).alias(name))
        elif isinstance(dtype, pl.Struct):
            if lists:
                continue
            out.append(pl.when(col.is_not_null()).then(col.struct.json_encode()).alias(name))
        elif dtype == pl.Object:
            raise WriteError(
                f"{path}: column {name!r} holds Python objects; convert it to text first",
                path=path,
                column=name,
            )
    return out


def _xlsx_text(schema: pl.Schema) -> list[pl.Expr]:
    """Time-zone-aware datetimes and durations as ISO text: xlsxwriter cannot store them."""
    import polars as pl  # noqa: PLC0415

    out = []
    for name, dtype in schema.items():
        if (isinstance(dtype, pl.Datetime) and dtype.time_zone) or isinstance(dtype, pl.Duration):
            out.append(pl.col(name).cast(pl.String).alias(name))
        elif isinstance(dtype, pl.Binary):
            out.append(pl.col(name).bin.encode("hex").alias(name))
    return out


def _widths(frame: pl.DataFrame) -> dict[str, int]:
    """Column widths in pixels: the longest of header and cells, within 6-60 characters."""
    import polars as pl  # noqa: PLC0415

    shown_as = {pl.Date: 10, pl.Datetime: 19, pl.Time: 8, pl.Boolean: 5}
    if frame.height:
        longest = frame.select(
            (
                pl.lit(shown_as[dtype.base_type()])
                if dtype.base_type() in shown_as
                else pl.col(c).cast(pl.String).str.len_chars().max().fill_null(0)
            ).alias(c)
            for c, dtype in frame.schema.items()
        ).row(0)
    else:
        longest = (0,) * frame.width
    widths = {}
    for name, cells in zip(frame.columns, longest, strict=True):
        chars = min(max(len(name) + 3, int(cells) + 1, _MIN_WIDTH), _MAX_WIDTH)  # +3: filter arrow
        widths[name] = chars * 7 + 5
    return widths


def _write_xlsx(frame: pl.DataFrame, path: Path, shown: str) -> None:
    if frame.height + 1 > _XLSX_MAX_ROWS or frame.width > _XLSX_MAX_COLUMNS:
        raise WriteError(
            f"{shown}: {frame.height:,} rows x {frame.width:,} columns do not fit in one Excel "
            f"sheet ({_XLSX_MAX_ROWS - 1:,} data rows, {_XLSX_MAX_COLUMNS:,} columns); "
            "write CSV or Parquet",
            path=shown,
        )
    try:
        xlsxwriter = importlib.import_module("xlsxwriter")
    except ImportError as exc:  # pragma: no cover - xlsxwriter is in the test environment
        raise ImportError(
            "writing .xlsx needs xlsxwriter: pip install 'bansos-validate[xlsx]'"
        ) from exc
    workbook = xlsxwriter.Workbook(
        os.fspath(path),
        {
            "strings_to_formulas": False,  # a name like "=SUM(...)" stays text
            "strings_to_urls": False,
            "strings_to_numbers": False,  # NIK text stays text
            "nan_inf_to_errors": True,
            "default_date_format": "yyyy-mm-dd",
            "use_zip64": frame.estimated_size() > 3_000_000_000,
        },
    )
    failure = importlib.import_module("xlsxwriter.exceptions").XlsxWriterException
    try:
        worksheet = workbook.add_worksheet(_XLSX_SHEET)
        frame.write_excel(
            workbook,
            worksheet,
            table_style={"style": "Table Style Light 9", "banded_rows": True},
            header_format={"bold": True},
            column_widths=_widths(frame),  # type: ignore[arg-type]
            autofilter=True,
            freeze_panes=(1, 0),
            float_precision=6,
        )
        # Text that looks like a number (NIK, KK, codes) is intended: no green triangles.
        worksheet.ignore_errors({"number_stored_as_text": "A1:XFD1048576"})
        workbook.close()
    except failure as exc:
        cause = exc.__context__ if isinstance(exc.__context__, OSError) else None
        reason = cause.strerror if cause is not None else type(exc).__name__
        raise WriteError(f"{shown}: cannot write the workbook ({reason})", path=shown) from exc


def _write_as(data: pl.DataFrame | pl.LazyFrame, kind: Format, target: Path, shown: str) -> None:
    import polars as pl  # noqa: PLC0415

    if kind == "xlsx":
        eager = data.collect() if isinstance(data, pl.LazyFrame) else data
        schema = eager.schema
        eager = eager.with_columns(_flatten(schema, shown, lists=False))
        _write_xlsx(eager.with_columns(_xlsx_text(schema)), target, shown)
        return
    fixes = _flatten(data.collect_schema(), shown, lists=kind == "parquet")
    if isinstance(data, pl.LazyFrame):
        lazy = data.with_columns(fixes)
        if kind == "parquet":
            lazy.sink_parquet(target)
        else:
            lazy.sink_csv(target)
    elif kind == "parquet":
        data.with_columns(fixes).write_parquet(target)
    else:
        data.with_columns(fixes).write_csv(target)


def write(
    frame: Any,
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,  # noqa: A002 - the public name
) -> Path:
    r"""Write a frame to CSV, XLSX or Parquet, for officers and for other programs.

    - CSV: UTF-8 without BOM, comma-separated, header row; list cells (``issue_codes``)
      joined with ``"; "``, struct cells as JSON, dates and datetimes as ISO text
      (``2026-11-27``), nulls as empty cells.
    - XLSX: one sheet ``data`` holding an Excel table: bold header row with an
      autofilter, the header frozen, column widths fitted to the content (6-60
      characters), text kept as text (``3576014403910003`` is not turned into a number
      and Excel does not flag it), dates formatted ``yyyy-mm-dd``; lists joined as in CSV.
    - Parquet: types kept, lists stay lists.

    A Polars ``LazyFrame`` is streamed to CSV and Parquet without collecting it.

    >>> import tempfile, pathlib
    >>> import polars as pl
    >>> from bansos_validate import io
    >>> frame = pl.DataFrame({"nik": ["3576014403910003"], "issue_codes": [["a", "b"]]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = io.write(frame, pathlib.Path(folder) / "hasil.csv")
    ...     target.read_text(encoding="utf-8")
    'nik,issue_codes\n3576014403910003,a; b\n'

    Args:
        frame: a Polars (eager or lazy), pandas, PyArrow, DuckDB or PySpark frame, or any
            other frame narwhals supports.
        path: the file to write (replaced when it exists; its folder must exist).
        format: ``"csv"``, ``"xlsx"`` or ``"parquet"``; by default from the suffix
            (``.csv``/``.txt``, ``.xlsx``, ``.parquet``/``.pq``).

    Returns:
        The path written.

    Raises:
        WriteError: an unknown format or suffix, a column with no text form (CSV/XLSX),
            more rows than an Excel sheet holds, or an OS error (missing folder,
            permission).
        InvalidArgument: *frame* is not a frame.
    """
    import polars as pl  # noqa: PLC0415

    try:
        target = Path(os.fspath(path)).expanduser()
    except TypeError:
        raise InvalidArgument(f"path must be a path, not {type(path).__name__}") from None
    shown = os.fspath(target)
    kind = format if format is not None else FORMATS.get(target.suffix.lower())
    if kind not in ("csv", "xlsx", "parquet"):
        raise WriteError(
            f"{shown}: cannot write format {format!r}; use 'csv', 'xlsx' or 'parquet'"
            if format is not None
            else f"{shown}: cannot tell the format from {target.suffix or 'no suffix'!r}; "
            "use .csv, .xlsx or .parquet, or give format=",
            path=shown,
        )
    if not target.parent.is_dir():
        raise WriteError(
            f"{shown}: the folder {os.fspath(target.parent)!r} does not exist", path=shown
        )
    data = _to_polars(frame)
    try:
        _write_as(data, kind, target, shown)
    except WriteError:
        raise
    except OSError as exc:
        raise WriteError(
            f"{shown}: cannot write the file ({exc.strerror or exc})", path=shown
        ) from exc
    except pl.exceptions.PolarsError as exc:
        raise WriteError(
            f"{shown}: cannot write the frame as {kind} ({type(exc).__name__})", path=shown
        ) from exc
    return target
