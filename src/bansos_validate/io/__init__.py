"""Read rosters from CSV, XLSX, Parquet and PostgreSQL, and write results back.

NIK and KK numbers are identifiers, not numbers: :func:`read` never turns text into
numbers, and keeps spreadsheet damage visible so that ``check_table`` can report it
(``excel_damaged``). Every frame read gets the source row number in a ``row`` column (for
CSV and XLSX the row a spreadsheet shows: the header is row 1, the first data row 2), so a
finding can be traced back to the file. Banner rows above the header are skipped, and
:func:`read_info` tells how a frame was read (:class:`ReadInfo`).

>>> import tempfile, pathlib
>>> import polars as pl
>>> from bansos_validate import io
>>> roster = pl.DataFrame({"NIK": ["3576014403910003"], "NAMA": ["SITI AMINAH"]})
>>> with tempfile.TemporaryDirectory() as folder:
...     path = io.write(roster, pathlib.Path(folder) / "roster.xlsx")
...     back = io.read(path)
>>> back.columns, back.row(0)
(['NIK', 'NAMA', 'row'], ('3576014403910003', 'SITI AMINAH', 2))

Errors are typed (:class:`ReadError` and subclasses, :class:`WriteError`), name the file,
sheet, row or line, and never quote a cell value. Every read is bounded: a file beyond
:class:`Limits` (a zip bomb, a line of a gigabyte, a cell far out in the sheet) raises
:class:`LimitExceededError` before it is read.
"""

from __future__ import annotations

from bansos_validate._provenance import ReadInfo
from bansos_validate.io._errors import (
    DatabaseError,
    EmptySourceError,
    LimitExceededError,
    MalformedSourceError,
    ReadError,
    SheetNotFoundError,
    SourceNotFoundError,
    SpreadsheetLimitWarning,
    UnsupportedFormatError,
    WriteError,
)
from bansos_validate.io._limits import Limits
from bansos_validate.io._read import read, read_info
from bansos_validate.io._write import write

__all__ = [
    "DatabaseError",
    "EmptySourceError",
    "LimitExceededError",
    "Limits",
    "MalformedSourceError",
    "ReadError",
    "ReadInfo",
    "SheetNotFoundError",
    "SourceNotFoundError",
    "SpreadsheetLimitWarning",
    "UnsupportedFormatError",
    "WriteError",
    "read",
    "read_info",
    "write",
]

for _obj in (
    DatabaseError,
    EmptySourceError,
    LimitExceededError,
    Limits,
    MalformedSourceError,
    ReadError,
    ReadInfo,
    SheetNotFoundError,
    SourceNotFoundError,
    SpreadsheetLimitWarning,
    UnsupportedFormatError,
    WriteError,
):
    _obj.__module__ = __name__
