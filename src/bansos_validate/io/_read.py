"""``read``: one entry point for CSV, XLSX, Parquet files and PostgreSQL URLs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from bansos_validate.errors import InvalidArgument
from bansos_validate.io._common import check_file, with_row_column
from bansos_validate.io._errors import (
    EmptySourceError,
    MalformedSourceError,
    UnsupportedFormatError,
)
from bansos_validate.io._url import DATABASE_SCHEMES, mask_url, scheme_of

if TYPE_CHECKING:
    import polars as pl

__all__ = ["SUFFIXES", "read"]

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
    lazy: Literal[False] = False,
) -> pl.DataFrame: ...
@overload
def read(
    path_or_url: str | os.PathLike[str],
    sheet: str | int | None = None,
    *,
    table: str | None = None,
    query: str | None = None,
    lazy: Literal[True],
) -> pl.LazyFrame: ...
@overload
def read(
    path_or_url: str | os.PathLike[str],
    sheet: str | int | None = None,
    *,
    table: str | None = None,
    query: str | None = None,
    lazy: bool,
) -> pl.DataFrame | pl.LazyFrame: ...
def read(
    path_or_url: str | os.PathLike[str],
    sheet: str | int | None = None,
    *,
    table: str | None = None,
    query: str | None = None,
    lazy: bool = False,
) -> pl.DataFrame | pl.LazyFrame:
    r"""Read a roster into Polars, with NIK/KK text intact and the source row number.

    Formats, chosen by the file suffix (case-insensitive) or the URL scheme:

    - ``.csv``, ``.tsv``, ``.txt``: every column is text (no type inference, so a
      16-digit NIK is never turned into a number). The encoding is detected (UTF-8,
      UTF-8 with BOM, UTF-16 with BOM, Windows-1252), the delimiter too (``,`` ``;``
      TAB ``|``). Empty cells are null. ``row`` is the 1-based data row (the first row
      after the header is 1); an empty line is a row of nulls, trailing empty lines are
      dropped.
    - ``.xlsx``, ``.xlsm``: one sheet (the first, or *sheet*: a name or a 0-based
      index). Columns keep fastexcel's types: a column of numbers stays numeric, and in a
      column mixing text and numbers the number cells become the text of their float
      (``3576014403910000.0``), which ``check_table`` reports as spreadsheet damage.
      ``row`` is the Excel row number (header on row 1: the first data row is 2, also
      when calamine skipped empty rows above the header).
    - ``.parquet``, ``.pq``: columns keep their types; ``row`` is the 1-based position.
    - ``postgresql://user:password@host:port/dbname`` (or ``postgres://``) with
      ``table=`` (``"name"`` or ``"schema.name"``; ``?table=`` in the URL also works) or
      ``query=``: read-only; column types follow the database types; ``row`` is the
      1-based position in the result. Needs the extra ``bansos-validate[postgres]``.

    ``row`` (Int64) is appended as the last column. When the source already has a column
    named ``row``, none is added and that column is left as it is (``check_table`` then
    uses it when it is an integer column and numbers rows itself otherwise).

    >>> import tempfile, pathlib
    >>> from bansos_validate import io
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "roster.csv"
    ...     _ = path.write_bytes("NIK;NAMA\n3576014403910003;SITI AMINAH\n".encode("cp1252"))
    ...     frame = io.read(path)
    >>> frame.columns, frame.row(0)
    (['NIK', 'NAMA', 'row'], ('3576014403910003', 'SITI AMINAH', 1))

    Args:
        path_or_url: a file path, or a PostgreSQL URL.
        sheet: for workbooks, a sheet name or 0-based index (default: the first sheet).
        table: for PostgreSQL, the table to read.
        query: for PostgreSQL, a ``SELECT`` to run instead of *table*.
        lazy: return a ``polars.LazyFrame``. CSV and Parquet are scanned (files larger
            than memory work); a CSV file is first checked once, streaming, for encoding
            and ragged rows. A CSV file that is not UTF-8 is decoded in memory, and XLSX
            and PostgreSQL are always read eagerly, then made lazy.

    Returns:
        A ``polars.DataFrame`` (or ``LazyFrame`` with ``lazy=True``).

    Raises:
        SourceNotFoundError: the file does not exist.
        EmptySourceError: the file has 0 bytes, or no data rows.
        MalformedSourceError: ragged rows (naming the data row and line), bytes in no
            supported encoding (naming the byte offset and line), a damaged workbook or
            Parquet file.
        SheetNotFoundError: no such sheet (the message lists the sheets).
        DatabaseError: the database refused (connection, password, unknown table, failing
            query); the URL is shown with its password masked.
        UnsupportedFormatError: a suffix or URL scheme that is not read.
        InvalidArgument: arguments that do not fit the source (``sheet=`` for a CSV,
            ``table=`` for a file, both ``table=`` and ``query=``).
        ImportError: the optional driver for the format is not installed.
    """
    if isinstance(path_or_url, str) and (scheme := scheme_of(path_or_url)) is not None:
        if scheme not in DATABASE_SCHEMES:
            raise UnsupportedFormatError(
                f"{mask_url(path_or_url)}: URLs with scheme {scheme!r} are not read; "
                "download the file first, or use a postgresql:// URL",
                path=mask_url(path_or_url),
            )
        if sheet is not None:
            raise InvalidArgument("sheet= applies to .xlsx workbooks, not to a database")
        from bansos_validate.io._postgres import read_postgres  # noqa: PLC0415

        frame = read_postgres(path_or_url, table=table, query=query)
        return frame.lazy() if lazy else frame
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
    if kind == "csv":
        from bansos_validate.io._csv import read_csv  # noqa: PLC0415

        return read_csv(path, lazy=lazy)
    if kind == "xlsx":
        from bansos_validate.io._xlsx import read_xlsx  # noqa: PLC0415

        frame = read_xlsx(path, sheet)
        return frame.lazy() if lazy else frame
    return _read_parquet(path, lazy=lazy)


def _read_parquet(path: Path, *, lazy: bool) -> pl.DataFrame | pl.LazyFrame:
    import polars as pl  # noqa: PLC0415

    shown = os.fspath(path)
    check_file(path)
    try:
        if lazy:
            scanned = pl.scan_parquet(path)
            rows = int(scanned.select(pl.len()).collect().item())
        else:
            eager = pl.read_parquet(path)
            rows = eager.height
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise MalformedSourceError(
            f"{shown}: not a readable Parquet file (damaged, or another format renamed)",
            path=shown,
        ) from exc
    if rows == 0:
        raise EmptySourceError(f"{shown}: the Parquet file has no rows", path=shown)
    return with_row_column(scanned, 1) if lazy else with_row_column(eager, 1)
