"""Errors raised by :mod:`bansos_validate.io`.

::

    UsageError                                 (bansos_validate.errors)
    ├── ReadError(ValueError)                  a file, sheet or table cannot be read
    │   ├── SourceNotFoundError                the file does not exist
    │   ├── SheetNotFoundError                 the workbook has no such sheet
    │   ├── EmptySourceError                   0 bytes, no data rows, an empty header row
    │   ├── MalformedSourceError               ragged rows, undecodable bytes, corrupt file
    │   ├── LimitExceededError                 beyond a reading limit: a zip bomb, a too long line
    │   ├── DatabaseError                      the database refused (connection, table, query)
    │   └── UnsupportedFormatError             a suffix or URL scheme that is not read
    └── WriteError(ValueError)                 a frame cannot be written to the path

    SpreadsheetLimitWarning(UserWarning)       a workbook written split over sheets, or cut cells

Messages name the file (a database URL with its password masked), the sheet, the row (as
a spreadsheet numbers it) and source line, or the column, and never contain a cell value:
NIK and KK numbers are personal data. The underlying exception of polars, fastexcel or
psycopg is chained as ``__cause__`` (except for database data errors, whose server message
may quote a value).

This module imports nothing but :mod:`bansos_validate.errors`, so the classes can be
re-exported by the top-level package without importing polars.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bansos_validate._redact import mask_digit_runs
from bansos_validate.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "DatabaseError",
    "EmptySourceError",
    "LimitExceededError",
    "MalformedSourceError",
    "ReadError",
    "SheetNotFoundError",
    "SourceNotFoundError",
    "SpreadsheetLimitWarning",
    "UnsupportedFormatError",
    "WriteError",
]


class ReadError(UsageError, ValueError):
    """A file, sheet or database table cannot be read.

    Attributes:
        path: the file path, or the database URL with its password masked.
        sheet: the sheet name, for workbooks.
        row: the spreadsheet row (as in the ``row`` column of CSV and XLSX reads: the
            header is row 1), when known.
        column: the column name, when the problem is in one column.
        line: the 1-based physical line of a text file, when known.
    """

    def __init__(  # noqa: PLR0913 - keyword-only attributes, one per location kind
        self,
        message: str,
        *,
        path: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.sheet = sheet
        self.row = row
        self.column = column
        self.line = line


class SourceNotFoundError(ReadError):
    """The file does not exist (or is a directory)."""


class SheetNotFoundError(ReadError):
    """The workbook has no sheet of that name or index.

    Attributes:
        sheets: the names of the sheets the workbook has, in order.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        sheet: str | None = None,
        sheets: Sequence[str] = (),
    ) -> None:
        super().__init__(message, path=path, sheet=sheet)
        self.sheets = tuple(sheets)


class EmptySourceError(ReadError):
    """The file is empty (0 bytes), or has a header but no data rows."""


class MalformedSourceError(ReadError):
    """The file is damaged: ragged rows, bytes in no supported encoding, a corrupt workbook."""


class LimitExceededError(ReadError):
    """The source is beyond one of the reading limits (:class:`bansos_validate.io.Limits`).

    Raised before the part beyond the limit is read: a workbook that inflates far more than
    spreadsheets do (a zip bomb), a CSV line or header longer than the limit, a sheet
    spanning more cells than a read may hold. The message names the file, the place (line,
    sheet or part) and the limit; pass ``limits=`` to :func:`bansos_validate.io.read` to
    raise it for a file you trust.

    Attributes:
        limit: the name of the limit, a field of ``Limits`` (``"max_xlsx_ratio"``).
        maximum: the limit's value.
    """

    def __init__(  # noqa: PLR0913 - keyword-only attributes, one per location kind
        self,
        message: str,
        *,
        limit: str,
        maximum: int,
        path: str | None = None,
        sheet: str | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        super().__init__(message, path=path, sheet=sheet, line=line, column=column)
        self.limit = limit
        self.maximum = maximum
        where = path or "berkas"
        if sheet is not None:
            where += f", lembar {sheet!r}"
        if line is not None:
            where += ", baris " + f"{line:,}".replace(",", ".")
        phrase = _LIMIT_ID.get(limit, "melebihi batas {maximum}").format(
            maximum=f"{maximum:,}".replace(",", ".")
        )
        self.message_id = mask_digit_runs(
            f"{where}: {phrase} (batas {limit}); berkas tidak dibaca. Untuk berkas yang "
            "dipercaya, batas dapat dinaikkan (bansos_validate.io.Limits)"
        )


_LIMIT_ID = {
    "max_line_bytes": "satu baris CSV lebih panjang dari {maximum} byte",
    "max_header_bytes": "baris judul kolom CSV lebih panjang dari {maximum} byte",
    "max_columns": "lebih dari {maximum} kolom",
    "max_parquet_cells": "berkas Parquet menyatakan lebih dari {maximum} sel",
    "max_xlsx_bytes": "isi buku kerja XLSX mengembang melebihi {maximum} byte",
    "max_xlsx_member_bytes": "satu bagian buku kerja XLSX mengembang melebihi {maximum} byte",
    "max_xlsx_structure_bytes": "bagian struktur buku kerja XLSX melebihi {maximum} byte",
    "max_xlsx_ratio": (
        "satu bagian buku kerja XLSX mengembang lebih dari {maximum} kali: bom zip, bukan "
        "lembar kerja (lembar kerja mengembang 5 sampai 25 kali)"
    ),
    "max_xlsx_members": "arsip XLSX berisi lebih dari {maximum} bagian",
    "max_xlsx_cells": "lembar XLSX mencakup lebih dari {maximum} sel",
    "max_xlsx_text_bytes": "teks di dalam buku kerja XLSX lebih panjang dari {maximum} byte",
}


class DatabaseError(ReadError):
    """The database refused: connection, password, unknown table or a failing query.

    Attributes:
        table: the table that was asked for, when one was.
    """

    def __init__(self, message: str, *, path: str | None = None, table: str | None = None) -> None:
        super().__init__(message, path=path)
        self.table = table


class UnsupportedFormatError(ReadError):
    """The file suffix or URL scheme is not one that :func:`bansos_validate.io.read` reads."""


class WriteError(UsageError, ValueError):
    """A frame cannot be written: unknown format, a column that has no text form, an OS error.

    Attributes:
        path: the target path.
        column: the column that cannot be written, when there is one.
    """

    def __init__(self, message: str, *, path: str | None = None, column: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.column = column


class SpreadsheetLimitWarning(UserWarning):
    """A frame did not fit the limits of one Excel sheet, and was written anyway.

    :func:`bansos_validate.io.write` splits rows beyond 1,048,575 (and columns beyond
    16,384) over further sheets, and cuts text longer than the 32,767 characters of an
    Excel cell, ending it with a visible marker. The warning says what was done, so a
    caller can show it (``warnings.catch_warnings(record=True)``); CSV and Parquet keep
    everything.
    """
