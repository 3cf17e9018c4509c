"""Reading limits: what one :func:`bansos_validate.io.read` may take of a file.

Files come from uploads; a read must end, in bounded time and memory, with a frame or a
typed error. The defaults let every roster a spreadsheet can hold through (Excel's grid
is 1,048,576 rows by 16,384 columns) and stop what no spreadsheet program writes: a zip
bomb, a line of a gigabyte, a cell far out in the grid. A file beyond a limit raises
:class:`~bansos_validate.io.LimitExceededError` naming the limit; ``read(...,
limits=Limits(...))`` raises it for a file you trust. docs/io.md ("Limits") gives what a
read costs within them.

This module imports nothing but attrs and :mod:`bansos_validate._arguments`.
"""

from __future__ import annotations

import attrs

from bansos_validate import _arguments as _args

__all__ = [
    "MAX_COLUMNS",
    "MAX_HEADER_BYTES",
    "MAX_LINE_BYTES",
    "MAX_PARQUET_CELLS",
    "MAX_XLSX_BYTES",
    "MAX_XLSX_CELLS",
    "MAX_XLSX_MEMBERS",
    "MAX_XLSX_MEMBER_BYTES",
    "MAX_XLSX_RATIO",
    "MAX_XLSX_STRUCTURE_BYTES",
    "MAX_XLSX_TEXT_BYTES",
    "RATIO_GRACE_BYTES",
    "Limits",
]

MAX_LINE_BYTES = 1 << 20
"""CSV: the longest line, in bytes (1 MiB; a roster line is well under 10 KiB)."""

MAX_HEADER_BYTES = 256 << 10
"""CSV: the longest header line, in bytes (256 KiB)."""

MAX_COLUMNS = 16_384
"""CSV and XLSX: the most columns (Excel's, column XFD)."""

MAX_PARQUET_CELLS = 100_000_000
"""Parquet: the most cells (rows times columns, from the file's footer) of an eager read;
a lazy read scans the file and is not held to it. 100 million cells is 4 million rows of
25 columns, a few GB in memory."""

MAX_XLSX_BYTES = 1536 << 20
"""XLSX: the most bytes all parts of a workbook inflate to together (1.5 GiB)."""

MAX_XLSX_MEMBER_BYTES = 1 << 30
"""XLSX: the most bytes one part (a sheet, the shared strings) inflates to (1 GiB)."""

MAX_XLSX_STRUCTURE_BYTES = 64 << 20
"""XLSX: the most bytes of each part that lists the sheets, their relations or the styles
(``xl/workbook.xml``, ``xl/_rels/workbook.xml.rels``, ``xl/styles.xml``): readers hold
them whole, and they take kilobytes (64 MiB)."""

MAX_XLSX_RATIO = 100
"""XLSX: how many times a part over :data:`RATIO_GRACE_BYTES` may inflate.

Sheets written by Excel, LibreOffice or xlsxwriter inflate 5 to 25 times, even when every
cell holds the same value; a zip bomb inflates about 1,000 times.
"""

RATIO_GRACE_BYTES = 1 << 20
"""XLSX: parts that inflate to at most this many bytes are not held to the ratio."""

MAX_XLSX_MEMBERS = 10_000
"""XLSX: the most parts (files in the zip archive) a workbook may have."""

MAX_XLSX_CELLS = 25_000_000
"""XLSX: the most cells of the sheet read, counted twice: the cells written, and the
rows times the columns they span (calamine holds that grid in memory). Also the most
shared strings. 25 million is about 1 million rows of 24 columns."""

MAX_XLSX_TEXT_BYTES = 256 << 10
"""XLSX: the longest text between two XML tags, in bytes (256 KiB; an Excel cell holds
at most 32,767 characters)."""


def _positive(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    del instance
    _args.integer(attribute.name, value, minimum=1)


@attrs.frozen(slots=True, kw_only=True)
class Limits:
    """The limits of one read; every field defaults to the module constant of its name.

    >>> Limits().max_line_bytes
    1048576
    >>> Limits(max_xlsx_cells=50_000_000).max_xlsx_cells
    50000000

    Attributes:
        max_line_bytes: CSV, the longest line in bytes (:data:`MAX_LINE_BYTES`).
        max_header_bytes: CSV, the longest header line (:data:`MAX_HEADER_BYTES`).
        max_columns: CSV and XLSX, the most columns (:data:`MAX_COLUMNS`).
        max_parquet_cells: Parquet, the most cells of an eager read
            (:data:`MAX_PARQUET_CELLS`).
        max_xlsx_bytes: XLSX, the most bytes a workbook inflates to (:data:`MAX_XLSX_BYTES`).
        max_xlsx_member_bytes: XLSX, the most bytes one part inflates to
            (:data:`MAX_XLSX_MEMBER_BYTES`).
        max_xlsx_structure_bytes: XLSX, the most bytes of the parts listing the sheets,
            their relations and the styles (:data:`MAX_XLSX_STRUCTURE_BYTES`).
        max_xlsx_ratio: XLSX, how many times a part may inflate (:data:`MAX_XLSX_RATIO`).
        max_xlsx_members: XLSX, the most parts in the archive (:data:`MAX_XLSX_MEMBERS`).
        max_xlsx_cells: XLSX, the most cells of the sheet, and of the grid they span
            (:data:`MAX_XLSX_CELLS`).
        max_xlsx_text_bytes: XLSX, the longest text between two tags
            (:data:`MAX_XLSX_TEXT_BYTES`).

    Raises:
        InvalidArgument: a limit that is not a positive integer (``Expected 1 <=
            max_line_bytes but got max_line_bytes=0``).
    """

    max_line_bytes: int = attrs.field(default=MAX_LINE_BYTES, validator=_positive)
    max_header_bytes: int = attrs.field(default=MAX_HEADER_BYTES, validator=_positive)
    max_columns: int = attrs.field(default=MAX_COLUMNS, validator=_positive)
    max_parquet_cells: int = attrs.field(default=MAX_PARQUET_CELLS, validator=_positive)
    max_xlsx_bytes: int = attrs.field(default=MAX_XLSX_BYTES, validator=_positive)
    max_xlsx_member_bytes: int = attrs.field(default=MAX_XLSX_MEMBER_BYTES, validator=_positive)
    max_xlsx_structure_bytes: int = attrs.field(
        default=MAX_XLSX_STRUCTURE_BYTES, validator=_positive
    )
    max_xlsx_ratio: int = attrs.field(default=MAX_XLSX_RATIO, validator=_positive)
    max_xlsx_members: int = attrs.field(default=MAX_XLSX_MEMBERS, validator=_positive)
    max_xlsx_cells: int = attrs.field(default=MAX_XLSX_CELLS, validator=_positive)
    max_xlsx_text_bytes: int = attrs.field(default=MAX_XLSX_TEXT_BYTES, validator=_positive)


def check_limits(limits: object) -> Limits:
    """Return *limits*, or the defaults for ``None``.

    Raises:
        InvalidArgument: *limits* is neither ``None`` nor a :class:`Limits`.
    """
    if limits is None:
        return Limits()
    if not isinstance(limits, Limits):
        raise _args.fail("limits", "a bansos_validate.io.Limits or None", limits)
    return limits
