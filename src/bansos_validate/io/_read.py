"""``read``: one entry point for CSV, XLSX, Parquet files and PostgreSQL URLs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from bansos_validate import _arguments as _args
from bansos_validate._provenance import ReadInfo, info_of, remember
from bansos_validate.errors import InvalidArgument
from bansos_validate.io._common import (
    check_file,
    check_header_row,
    identifiers_as_text,
    with_row_column,
)
from bansos_validate.io._errors import (
    EmptySourceError,
    LimitExceededError,
    MalformedSourceError,
    UnsupportedFormatError,
)
from bansos_validate.io._limits import Limits, check_limits
from bansos_validate.io._url import DATABASE_SCHEMES, mask_url, scheme_of

if TYPE_CHECKING:
    import polars as pl

__all__ = ["SUFFIXES", "read", "read_info"]

SUFFIXES: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
}
"""File suffixes (lower case) and the format read for each."""

_HINTS = {
    ".xls": "save it as .xlsx (Excel: File > Save As > Excel Workbook)",
    ".ods": "save it as .xlsx",
    ".xlsb": "save it as .xlsx",
    ".json": "convert it to CSV or Parquet",
}


@overload
def read(
    path_or_url: str | os.PathLike[str],
    sheet: str | int | None = None,
    *,
    table: str | None = None,
    query: str | None = None,
    header_row: int | None = None,
    lazy: Literal[False] = False,
    limits: Limits | None = None,
) -> pl.DataFrame: ...
@overload
def read(
    path_or_url: str | os.PathLike[str],
    sheet: str | int | None = None,
    *,
    table: str | None = None,
    query: str | None = None,
    header_row: int | None = None,
    lazy: Literal[True],
    limits: Limits | None = None,
) -> pl.LazyFrame: ...
@overload
def read(
    path_or_url: str | os.PathLike[str],
    sheet: str | int | None = None,
    *,
    table: str | None = None,
    query: str | None = None,
    header_row: int | None = None,
    lazy: bool,
    limits: Limits | None = None,
) -> pl.DataFrame | pl.LazyFrame: ...
def read(  # noqa: PLR0913 - keyword-only options, one per source kind
    path_or_url: str | os.PathLike[str],
    sheet: str | int | None = None,
    *,
    table: str | None = None,
    query: str | None = None,
    header_row: int | None = None,
    lazy: bool = False,
    limits: Limits | None = None,
) -> pl.DataFrame | pl.LazyFrame:
    r"""Read a roster into Polars, with NIK/KK text intact and the source row number.

    Formats, chosen by the file suffix (case-insensitive) or the URL scheme:

    - ``.csv``, ``.tsv``, ``.txt``: every column is text (no type inference, so a
      16-digit NIK is never turned into a number). The encoding is detected (UTF-8,
      UTF-8 with BOM, UTF-16 with BOM, Windows-1252), the delimiter too (``,`` ``;``
      TAB ``|``). Empty cells are null; an empty line is a row of nulls, trailing empty
      lines are dropped.
    - ``.xlsx``, ``.xlsm``: one sheet (the first, or *sheet*: a name or a 0-based
      index). Columns keep fastexcel's types: a column of numbers stays numeric, and in a
      column mixing text and numbers the number cells become the text of their float
      (``3576014403910000.0``), which ``check_table`` reports as spreadsheet damage.
    - ``.parquet``, ``.pq``: columns keep their types; ``row`` is the 1-based position.
      A NIK or KK column (``nik``, ``no_kk`` or one of their aliases) is text, numbers
      aside: bytes (``Binary``) are decoded as UTF-8, categories become text, and a column
      of lists or structs is refused (also for PostgreSQL).
    - ``postgresql://user:password@host:port/dbname`` (or ``postgres://``) with
      ``table=`` (``"name"`` or ``"schema.name"``; ``?table=`` in the URL also works) or
      ``query=``: read-only; column types follow the database types; ``row`` is the
      1-based position in the result. Needs the extra ``bansos-validate[postgres]``.

    CSV and XLSX: ``row`` is the row a spreadsheet shows for the record. The header is on
    row 1 and the first data row is row 2, unless rows above the header hold a banner
    (a title, a date, empty rows): with the header on row 4, the first data row is 5. The
    header is found among the first 30 non-empty rows: the first of them, unless a later
    one names at least two known headers (``NIK``, ``NO KK``, ``NAMA``, ...) and more than
    the first does (then the earliest such row with the most). ``header_row=`` says where
    it is instead. Rows above the header are not data. In a CSV file a record with a
    quoted line break counts as one row, as in a spreadsheet.

    Headers that occur twice (compared without surrounding spaces) are all read: the first
    column keeps the header, later ones are named ``<header>_duplicated_0``,
    ``_duplicated_1``, ... Which one to use is the caller's choice; :func:`read_info`
    lists them.

    ``row`` (Int64) is appended as the last column. When the source already has a column
    named ``row``, none is added and that column is left as it is (``check_table`` then
    uses it when it is an integer column and numbers rows itself otherwise).

    >>> import tempfile, pathlib
    >>> from bansos_validate import io
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "roster.csv"
    ...     banner = "DAFTAR PENERIMA BLT DANA DESA 2026 – KEL. SUKUN\n\n"
    ...     text = banner + "NIK;NAMA\n3576014403910003;SITI AMINAH\n"
    ...     _ = path.write_bytes(text.encode("cp1252"))
    ...     frame = io.read(path)
    >>> frame.columns, frame.row(0)
    (['NIK', 'NAMA', 'row'], ('3576014403910003', 'SITI AMINAH', 4))
    >>> info = io.read_info(frame)
    >>> info.header_row, info.banner_rows, info.encoding, info.delimiter
    (3, (1,), 'windows-1252', ';')

    Args:
        path_or_url: a file path, or a PostgreSQL URL.
        sheet: for workbooks, a sheet name or 0-based index (default: the first sheet).
        table: for PostgreSQL, the table to read.
        query: for PostgreSQL, a ``SELECT`` to run instead of *table*.
        header_row: for CSV and XLSX, the spreadsheet row of the header (1 for the first
            row); by default it is found as described above.
        lazy: return a ``polars.LazyFrame``. CSV and Parquet are scanned (files larger
            than memory work); a CSV file is first checked once, streaming, for encoding
            and ragged rows. A CSV file that is not UTF-8 is decoded in memory, and XLSX
            and PostgreSQL are always read eagerly, then made lazy.
        limits: the limits of this read (:class:`Limits`; by default the module
            constants): longest CSV line and header, most columns, what an XLSX archive may
            inflate to, most cells of a sheet. See docs/io.md, "Limits".

    Returns:
        A ``polars.DataFrame`` (or ``LazyFrame`` with ``lazy=True``). How it was read
        (header row, banner rows, encoding, delimiter, repeated headers) is remembered for
        that object: see :func:`read_info`.

    Raises:
        SourceNotFoundError: the file does not exist.
        EmptySourceError: the file has 0 bytes, or no data rows; ``header_row=`` is beyond
            the end of the file or sheet, or names an empty row.
        MalformedSourceError: ragged rows (naming the row and line), bytes in no
            supported encoding (naming the byte offset and line), a damaged workbook or
            Parquet file, a NIK or KK column of lists or of bytes that are not UTF-8.
        LimitExceededError: the file is beyond one of the *limits* (a zip bomb, a line or
            header too long, a sheet spanning too many cells); the message names the limit.
        SheetNotFoundError: no such sheet (the message lists the sheets).
        DatabaseError: the database refused (connection, password, unknown table, failing
            query); the URL is shown with its password masked.
        UnsupportedFormatError: a suffix or URL scheme that is not read.
        InvalidArgument: arguments that do not fit the source (``sheet=`` for a CSV,
            ``table=`` for a file, both ``table=`` and ``query=``, ``header_row=`` for
            Parquet or a database, a ``header_row`` below 1, *lazy* not a bool, *limits*
            not a ``Limits``).
        ImportError: the optional driver for the format is not installed.
    """
    frame, info = _read(
        path_or_url,
        sheet,
        table=table,
        query=query,
        header_row=header_row,
        lazy=_args.flag("lazy", lazy),
        limits=check_limits(limits),
    )
    remember(frame, info)
    return frame


def read_info(frame: object) -> ReadInfo | None:
    r"""Return how *frame* was read by :func:`read`, or ``None`` for any other object.

    The record belongs to the frame object :func:`read` returned (a ``DataFrame`` or a
    ``LazyFrame``) and lives as long as it does; a frame derived from it (filtered,
    renamed, collected) is another object and has none.

    >>> import tempfile, pathlib
    >>> from bansos_validate import io
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "roster.csv"
    ...     _ = path.write_text("NIK,NIK,NAMA\n3576014403910003,,SITI\n", encoding="utf-8")
    ...     frame = io.read(path)
    >>> frame.columns
    ['NIK', 'NIK_duplicated_0', 'NAMA', 'row']
    >>> info = io.read_info(frame)
    >>> info.format, info.header_row, info.header_given, info.duplicates
    ('csv', 1, False, (('NIK', ('NIK', 'NIK_duplicated_0')),))
    >>> io.read_info(frame.head(1)) is None
    True

    Args:
        frame: a frame returned by :func:`read` (any object is accepted).

    Returns:
        The :class:`ReadInfo` of *frame*, or ``None``.
    """
    return info_of(frame)


def _read(  # noqa: PLR0913 - the arguments of read, passed on
    path_or_url: str | os.PathLike[str],
    sheet: str | int | None,
    *,
    table: str | None,
    query: str | None,
    header_row: int | None,
    lazy: bool,
    limits: Limits,
) -> tuple[pl.DataFrame | pl.LazyFrame, ReadInfo]:
    header_row = check_header_row(header_row)
    if isinstance(path_or_url, str) and (scheme := scheme_of(path_or_url)) is not None:
        if scheme not in DATABASE_SCHEMES:
            raise UnsupportedFormatError(
                f"{mask_url(path_or_url)}: URLs with scheme {scheme!r} are not read; "
                "download the file first, or use a postgresql:// URL",
                path=mask_url(path_or_url),
            )
        if sheet is not None:
            raise InvalidArgument("sheet= applies to .xlsx workbooks, not to a database")
        if header_row is not None:
            raise InvalidArgument("header_row= applies to .csv and .xlsx files, not to a database")
        from bansos_validate.io._postgres import read_postgres  # noqa: PLC0415

        shown = mask_url(path_or_url)
        frame = identifiers_as_text(read_postgres(path_or_url, table=table, query=query), shown)
        info = ReadInfo(source=shown, format="postgresql")
        return (frame.lazy() if lazy else frame), info
    if table is not None or query is not None:
        raise InvalidArgument("table= and query= apply to postgresql:// URLs, not to files")
    try:
        path = Path(os.fspath(path_or_url)).expanduser()
    except TypeError:
        raise InvalidArgument(
            f"path_or_url must be a path or a URL string, not {type(path_or_url).__name__}"
        ) from None
    shown = os.fspath(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        hint = _HINTS.get(path.suffix.lower(), "use .csv, .xlsx or .parquet")
        raise UnsupportedFormatError(
            f"{shown}: cannot read {path.suffix or 'files without a suffix'!r} files; {hint}",
            path=shown,
        )
    if sheet is not None and kind != "xlsx":
        raise InvalidArgument(f"sheet= applies to .xlsx workbooks, not to {path.suffix} files")
    if header_row is not None and kind == "parquet":
        raise InvalidArgument(
            f"header_row= applies to .csv and .xlsx files, not to {path.suffix} files"
        )
    if kind == "csv":
        from bansos_validate.io._csv import read_csv  # noqa: PLC0415

        return read_csv(path, header_row=header_row, lazy=lazy, limits=limits)
    if kind == "xlsx":
        from bansos_validate.io._xlsx import read_xlsx  # noqa: PLC0415

        frame, info = read_xlsx(path, sheet, header_row=header_row, limits=limits)
        return (frame.lazy() if lazy else frame), info
    return _read_parquet(path, lazy=lazy, limits=limits), ReadInfo(source=shown, format="parquet")


def _read_parquet(path: Path, *, lazy: bool, limits: Limits) -> pl.DataFrame | pl.LazyFrame:
    """Read a Parquet file; an eager read is held to ``max_parquet_cells`` first.

    The rows come from the file's footer, before any data is read: a few hundred kilobytes
    of repeated values can declare hundreds of millions of rows.
    """
    import polars as pl  # noqa: PLC0415

    shown = os.fspath(path)
    check_file(path)
    try:
        scanned = pl.scan_parquet(path)
        rows = int(scanned.select(pl.len()).collect().item())
        columns = max(scanned.collect_schema().len(), 1)
        if rows and not lazy and rows * columns > limits.max_parquet_cells:
            raise LimitExceededError(
                f"{shown}: the Parquet file holds {rows:,} rows x {columns:,} columns "
                f"({rows * columns:,} cells), more than the limit of "
                f"{limits.max_parquet_cells:,} (limits.max_parquet_cells) for reading it into "
                "memory; read it with lazy=True, or raise the limit for a file you trust",
                path=shown,
                limit="max_parquet_cells",
                maximum=limits.max_parquet_cells,
            )
        eager = None if lazy else pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise MalformedSourceError(
            f"{shown}: not a readable Parquet file (damaged, or another format renamed)",
            path=shown,
        ) from exc
    if rows == 0:
        raise EmptySourceError(f"{shown}: the Parquet file has no rows", path=shown)
    if eager is None:
        return with_row_column(identifiers_as_text(scanned, shown), 1)
    return with_row_column(identifiers_as_text(eager, shown), 1)
