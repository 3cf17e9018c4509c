"""``write``: a frame of any kind to CSV, XLSX or Parquet.

What the writers guard against:

- CSV formula injection: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return is written with a leading ``'``, so a spreadsheet shows it as text and
  does not run it (OWASP "CSV injection"); numbers, dates and booleans are left alone.
- Excel's limits: rows beyond one sheet (1,048,575 below the header) and columns beyond
  16,384 go to further sheets (``data (2)``, ...); text beyond the 32,767 characters of
  a cell is cut and ends with :data:`TRUNCATED`. Each is told by a
  :class:`~bansos_validate.io.SpreadsheetLimitWarning`.
- Reproducible files: XLSX document properties carry a fixed time (*generated_at*, else
  ``SOURCE_DATE_EPOCH``, else :data:`EPOCH`), and xlsxwriter dates its zip entries
  1980-01-01, so the same frame gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from bansos_validate import _arguments as _args
from bansos_validate.errors import InvalidArgument
from bansos_validate.io._errors import SpreadsheetLimitWarning, WriteError

if TYPE_CHECKING:
    import polars as pl

__all__ = ["EPOCH", "FORMATS", "FORMULA_STARTS", "TRUNCATED", "write"]

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

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a CSV cell as a formula."""

TRUNCATED = "…[terpotong]"
"""The end of an XLSX cell whose text was cut to the 32,767 characters Excel holds."""

EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
"""The time XLSX document properties carry by default (that of xlsxwriter's zip entries)."""

_XLSX_MAX_ROWS = 1_048_576  # with the header
_XLSX_MAX_COLUMNS = 16_384
_XLSX_MAX_CHARS = 32_767  # UTF-16 units, as Excel and xlsxwriter count them
_XLSX_SHEET = "data"
_FORMULA = "^[" + "".join(FORMULA_STARTS).replace("-", "\\-") + "]"
_MIN_WIDTH, _MAX_WIDTH = 6, 60  # characters


def _to_polars(frame: Any) -> pl.DataFrame | pl.LazyFrame:
    """Return *frame* as a Polars frame (pandas, PyArrow, DuckDB, PySpark... computed)."""
    import polars as pl  # noqa: PLC0415

    if isinstance(frame, (pl.DataFrame, pl.LazyFrame)):
        return frame
    from bansos_validate import _frames  # noqa: PLC0415 - frames are imported on first use

    return _frames.to_polars(frame, "the data to write")


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


def _escaped(schema: pl.Schema) -> list[pl.Expr]:
    """Text columns with a ``'`` before cells a spreadsheet would run as a formula."""
    import polars as pl  # noqa: PLC0415

    out = []
    for name, dtype in schema.items():
        if dtype == pl.String or isinstance(dtype, (pl.Categorical, pl.Enum)):
            text = pl.col(name).cast(pl.String)
            formula = text.str.contains(_FORMULA).fill_null(value=False)
            out.append(pl.when(formula).then(pl.lit("'") + text).otherwise(text).alias(name))
    return out


def _created(generated_at: dt.datetime | None) -> dt.datetime:
    """The time of an XLSX file's document properties (see the module docstring)."""
    if generated_at is not None:
        # In UTC, stated: not every xlsxwriter converts an aware time itself.
        if generated_at.tzinfo is None:
            return generated_at.replace(tzinfo=dt.UTC)
        return generated_at.astimezone(dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return EPOCH
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise InvalidArgument(
            f"SOURCE_DATE_EPOCH must be a number of seconds since 1970, not {epoch!r}"
        ) from None


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _cut(text: str) -> str:
    """*text* cut to fit an Excel cell with :data:`TRUNCATED` at its end."""
    room = _XLSX_MAX_CHARS - _utf16(TRUNCATED)
    kept = text[:room]
    while (units := _utf16(kept)) > room:  # characters beyond U+FFFF take two units
        kept = kept[: len(kept) - (units - room + 1) // 2]
    return kept + TRUNCATED


def _cut_long_text(frame: pl.DataFrame, shown: str) -> tuple[pl.DataFrame, list[str]]:
    """Cut text longer than an Excel cell holds; return the frame and what was cut."""
    import polars as pl  # noqa: PLC0415

    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not text or not frame.height:
        return frame, []
    longest = frame.select(pl.col(text).str.len_chars().max()).row(0)
    notes = []
    for name, chars in zip(text, longest, strict=True):
        if chars is None or chars <= _XLSX_MAX_CHARS // 2:  # fits even in two-unit characters
            continue
        units = pl.col(name).str.len_chars() + pl.col(name).str.count_matches(
            r"[\x{10000}-\x{10FFFF}]"
        )
        over = frame.select((units > _XLSX_MAX_CHARS).fill_null(value=False)).to_series()
        where = over.arg_true()
        if not where.len():
            continue
        cut = [_cut(value) for value in frame[name].gather(where).to_list()]
        frame = frame.with_columns(frame[name].scatter(where, cut))
        notes.append(
            f"{shown}: {where.len():,} cell(s) of column {name!r} hold more than the "
            f"{_XLSX_MAX_CHARS:,} characters of an Excel cell; they are cut and end with "
            f"{TRUNCATED!r} (CSV and Parquet keep the whole text)"
        )
    return frame, notes


class _Sheet:
    """One sheet of a workbook: its name, and the rows and columns of the frame it holds."""

    __slots__ = ("columns", "name", "rows")

    def __init__(self, name: str, rows: range, columns: range) -> None:
        self.name, self.rows, self.columns = name, rows, columns

    def describe(self, width: int) -> str:
        rows = f"rows {self.rows.start + 1:,}-{self.rows.stop:,}" if self.rows else "no rows"
        if len(self.columns) == width:
            return f"{self.name!r} ({rows})"
        return f"{self.name!r} ({rows}, columns {self.columns.start + 1:,}-{self.columns.stop:,})"


def _sheets(height: int, width: int) -> list[_Sheet]:
    """The sheets a frame takes: 1,048,575 rows and 16,384 columns each, rows first.

    >>> for sheet in _sheets(2_500_000, 3):
    ...     print(sheet.describe(3))
    'data' (rows 1-1,048,575)
    'data (2)' (rows 1,048,576-2,097,150)
    'data (3)' (rows 2,097,151-2,500,000)
    """
    per = _XLSX_MAX_ROWS - 1
    sheets: list[_Sheet] = []
    for first in range(0, max(height, 1), per):
        for left in range(0, max(width, 1), _XLSX_MAX_COLUMNS):
            name = _XLSX_SHEET if not sheets else f"{_XLSX_SHEET} ({len(sheets) + 1})"
            rows = range(first, min(first + per, height))
            sheets.append(_Sheet(name, rows, range(left, min(left + _XLSX_MAX_COLUMNS, width))))
    return sheets


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


def _write_xlsx(frame: pl.DataFrame, path: Path, shown: str, created: dt.datetime) -> list[str]:
    """Write the workbook; return the notes on what did not fit one Excel sheet."""
    frame, notes = _cut_long_text(frame, shown)
    sheets = _sheets(frame.height, frame.width)
    if len(sheets) > 1:
        notes.append(
            f"{shown}: {frame.height:,} rows x {frame.width:,} columns do not fit in one Excel "
            f"sheet ({_XLSX_MAX_ROWS - 1:,} rows below the header, {_XLSX_MAX_COLUMNS:,} "
            f"columns); they are written to {len(sheets)} sheets: "
            + ", ".join(sheet.describe(frame.width) for sheet in sheets)
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
    workbook.set_properties({"created": created})  # not the clock: the same bytes each time
    failure = importlib.import_module("xlsxwriter.exceptions").XlsxWriterException
    try:
        for sheet in sheets:
            part = frame.slice(sheet.rows.start, len(sheet.rows)).select(
                frame.columns[sheet.columns.start : sheet.columns.stop]
            )
            worksheet = workbook.add_worksheet(sheet.name)
            part.write_excel(
                workbook,
                worksheet,
                table_style={"style": "Table Style Light 9", "banded_rows": True},
                header_format={"bold": True},
                column_widths=_widths(part),  # type: ignore[arg-type]
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
    return notes


def _write_as(  # noqa: PLR0913 - the options of write, passed on
    data: pl.DataFrame | pl.LazyFrame,
    kind: Format,
    target: Path,
    shown: str,
    *,
    escape_formulas: bool,
    generated_at: dt.datetime | None,
) -> list[str]:
    """Write *data*; return the notes on what was changed to fit the format."""
    import polars as pl  # noqa: PLC0415

    if kind == "xlsx":
        eager = data.collect() if isinstance(data, pl.LazyFrame) else data
        schema = eager.schema
        eager = eager.with_columns(_flatten(schema, shown, lists=False))
        created = _created(generated_at)
        return _write_xlsx(eager.with_columns(_xlsx_text(schema)), target, shown, created)
    fixes = _flatten(data.collect_schema(), shown, lists=kind == "parquet")
    fixed = data.with_columns(fixes)
    if kind == "csv" and escape_formulas:
        fixed = fixed.with_columns(_escaped(fixed.collect_schema()))
    if isinstance(fixed, pl.LazyFrame):
        if kind == "parquet":
            fixed.sink_parquet(target)
        else:
            fixed.sink_csv(target)
    elif kind == "parquet":
        fixed.write_parquet(target)
    else:
        fixed.write_csv(target)
    return []


def write(
    frame: Any,
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,  # noqa: A002 - the public name
    escape_formulas: bool = True,
    generated_at: dt.datetime | None = None,
) -> Path:
    r"""Write a frame to CSV, XLSX or Parquet, for officers and for other programs.

    - CSV: UTF-8 without BOM, comma-separated, header row; list cells (``issue_codes``)
      joined with ``"; "``, struct cells as JSON, dates and datetimes as ISO text
      (``2026-11-27``), nulls as empty cells. A text cell starting with ``=``, ``+``,
      ``-``, ``@``, a tab or a carriage return gets a leading ``'`` (``'=HYPERLINK(...)``),
      so that a spreadsheet opening the file shows it instead of running it; numbers,
      dates and booleans are written as they are. ``escape_formulas=False`` writes text
      exactly, for programs that read the file back.
    - XLSX: a sheet ``data`` holding an Excel table: bold header row with an
      autofilter, the header frozen, column widths fitted to the content (6-60
      characters), text kept as text (``3576014403910003`` is not turned into a number
      and Excel does not flag it, ``=cmd`` is text, not a formula), dates formatted
      ``yyyy-mm-dd``; lists joined as in CSV. Rows beyond 1,048,575 continue on sheets
      ``data (2)``, ``data (3)``, ... (columns beyond 16,384 too), and text beyond the
      32,767 characters of a cell is cut and ends with ``…[terpotong]``; a
      :class:`SpreadsheetLimitWarning` says so. The document properties carry
      *generated_at* (else ``SOURCE_DATE_EPOCH``, else 1980-01-01 UTC), never the
      clock: the same frame gives the same bytes.
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
        escape_formulas: CSV, put a ``'`` before text cells a spreadsheet would run as a
            formula (default); ``False`` for files only programs read.
        generated_at: XLSX, the time in the document properties (a naive datetime is
            UTC); by default ``SOURCE_DATE_EPOCH`` when set, else 1980-01-01 00:00 UTC.

    Returns:
        The path written.

    Warns:
        SpreadsheetLimitWarning: XLSX, rows or columns were split over sheets, or long
            text was cut (the message says which).

    Raises:
        WriteError: an unknown format or suffix, a column with no text form (CSV/XLSX),
            or an OS error (missing folder, permission).
        InvalidArgument: *frame* is not a frame, *format* not text, *escape_formulas* not
            a bool, *generated_at* not a datetime, or (XLSX) ``SOURCE_DATE_EPOCH`` not a
            number.
    """
    import polars as pl  # noqa: PLC0415

    try:
        target = Path(os.fspath(path)).expanduser()
    except TypeError:
        raise InvalidArgument(f"path must be a path, not {type(path).__name__}") from None
    shown = os.fspath(target)
    _args.text("format", format, optional=True)
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
    escape_formulas = _args.flag("escape_formulas", escape_formulas)
    if generated_at is not None and not isinstance(generated_at, dt.datetime):
        raise _args.fail("generated_at", "a datetime.datetime or None", generated_at)
    data = _to_polars(frame)
    try:
        notes = _write_as(
            data,
            kind,
            target,
            shown,
            escape_formulas=escape_formulas,
            generated_at=generated_at,
        )
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
    for note in notes:
        warnings.warn(note, SpreadsheetLimitWarning, stacklevel=2)
    return target
