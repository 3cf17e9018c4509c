"""XLSX reading with fastexcel (calamine): numbers stay numbers, mixed columns stay honest.

fastexcel guesses one type per column from all its cells. A column of numbers is kept
numeric (``Float64``): a NIK typed as a number has already lost its 16th digit in Excel,
and ``check_table`` marks it ``excel_damaged``. A column that mixes text and numbers comes
back as text, and fastexcel would write a number cell ``3576014403910000`` exactly like a
text cell, hiding the damage. So the number cells of text columns are found (a second
read with a ``boolean`` dtype is non-null only for number and boolean cells) and written
as the text of the float Excel stored, as Python writes a float: ``3576014403910000.0``,
``4.5``, ``1e+16``. ``parse_nik`` reads such text as ``nik_excel_numeric`` (and
``nik_excel_precision_lost`` when the 16th digit is a 0). Boolean cells keep fastexcel's
``true``/``false``, date cells its ``2020-01-02 00:00:00``.

Rows: calamine starts a sheet at its first non-empty row and takes that row as the header;
the Excel row number of that header is read from the worksheet XML, so ``row`` is the row
number Excel shows (header on row 1: the first data row is 2). Empty rows inside the data
are kept as all-null rows.
"""

from __future__ import annotations

import contextlib
import logging
import os
import posixpath
import re
import zipfile
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from bansos_validate.io._common import check_file, with_row_column
from bansos_validate.io._errors import (
    EmptySourceError,
    MalformedSourceError,
    ReadError,
    SheetNotFoundError,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    import polars as pl

__all__ = ["float_text", "read_xlsx"]

_CELL_ROW = re.compile(r"[0-9]+$")
_BOOLEAN_TEXT = ("true", "false")


class _NoDtypeGuessNotice(logging.Filter):
    """Drop fastexcel's "Could not determine dtype ... falling back to string" notices."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "falling back to string" not in record.getMessage()


@contextlib.contextmanager
def _quiet_dtype_guess() -> Iterator[None]:
    """Silence the notice fastexcel logs for every empty column, for one read only."""
    logger = logging.getLogger("fastexcel.types.dtype")
    notice = _NoDtypeGuessNotice()
    logger.addFilter(notice)
    try:
        yield
    finally:
        logger.removeFilter(notice)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _first_row(path: Path, sheet: str) -> int:
    """Return the Excel row number (1-based) of the first row with a value in *sheet*.

    Reads ``xl/workbook.xml``, its relationships and the start of the worksheet XML, and
    stops at the first cell with a value. The standard-library parser is safe here: expat
    does not fetch external entities and refuses entity-expansion bombs; the sheet was
    already opened by calamine. Returns 1 when the structure is not the usual one.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = ET.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314
            rid = next(
                value
                for element in workbook.iter()
                if _local(element.tag) == "sheet" and element.get("name") == sheet
                for key, value in element.attrib.items()
                if key.endswith("}id")
            )
            rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
            target = next(r.get("Target", "") for r in rels if r.get("Id") == rid)
            member = (
                target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            )
            with archive.open(member) as handle:
                row = 0
                for event, element in ET.iterparse(handle, events=("start", "end")):  # noqa: S314
                    tag = _local(element.tag)
                    if event == "start" and tag == "row":
                        row = int(element.get("r") or row + 1)
                    elif event == "end" and tag == "c":
                        if any(_local(child.tag) in {"v", "is"} for child in element):
                            match = _CELL_ROW.search(element.get("r", ""))
                            return int(match.group()) if match else row
                    elif event == "end" and tag == "row":
                        element.clear()
    except (KeyError, StopIteration, ValueError, ET.ParseError, zipfile.BadZipFile, OSError):
        return 1
    return 1


def float_text(column: pl.Expr) -> pl.Expr:
    """Return the text Python gives a float (``3576014403910000.0``, ``4.5``, ``1e+16``).

    >>> import polars as pl
    >>> values = pl.DataFrame({"x": [3576014403910000.0, 4.5, 1e16, -2.0, 2.5e-7]})
    >>> values.select(float_text(pl.col("x")))["x"].to_list()
    ['3576014403910000.0', '4.5', '1e+16', '-2.0', '2.5e-07']
    """
    import polars as pl  # noqa: PLC0415

    whole = (column == column.floor()) & (column.abs() < 1e16)
    # Python writes the exponent with a sign and at least two digits ("1e+16", "2.5e-07");
    # Polars writes "1e16" before 2.0, "1e+16" from 2.0, and "2.5e-7".
    other = (
        column.cast(pl.String)
        .str.replace(r"e([0-9])", "e+${1}")
        .str.replace(r"e([+-])([0-9])$", "e${1}0${2}")
    )
    return pl.when(whole).then(column.cast(pl.Int64).cast(pl.String) + ".0").otherwise(other)


def _excel_module() -> Any:
    try:
        import fastexcel  # noqa: PLC0415 - optional extra
    except ImportError as exc:  # pragma: no cover - fastexcel is in the test environment
        raise ImportError(
            "reading .xlsx needs fastexcel: pip install 'bansos-validate[xlsx]'"
        ) from exc
    return fastexcel


def _sheet_name(names: list[str], sheet: str | int | None, shown: str) -> str:
    listed = ", ".join(repr(n) for n in names) or "none"
    if sheet is None:
        if not names:
            raise EmptySourceError(f"{shown}: the workbook has no sheets", path=shown)
        return names[0]
    if isinstance(sheet, bool) or not isinstance(sheet, (str, int)):
        from bansos_validate.errors import InvalidArgument  # noqa: PLC0415

        raise InvalidArgument(
            f"sheet must be a sheet name or a 0-based index, not {type(sheet).__name__}"
        )
    if isinstance(sheet, int):
        if 0 <= sheet < len(names):
            return names[sheet]
        raise SheetNotFoundError(
            f"{shown}: no sheet at index {sheet} (0-based); the workbook has {len(names)} "
            f"sheet(s): {listed}",
            path=shown,
            sheet=str(sheet),
            sheets=names,
        )
    if sheet in names:
        return sheet
    folded = [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
    hint = f" (did you mean {folded[0]!r}?)" if folded else ""
    raise SheetNotFoundError(
        f"{shown}: no sheet named {sheet!r}{hint}; the workbook has: {listed}",
        path=shown,
        sheet=sheet,
        sheets=names,
    )


def read_xlsx(path: Path, sheet: str | int | None) -> pl.DataFrame:
    """Read one sheet of an ``.xlsx`` workbook; ``row`` is the Excel row number."""
    import polars as pl  # noqa: PLC0415

    shown = os.fspath(path)
    check_file(path)
    fastexcel = _excel_module()
    try:
        reader = fastexcel.read_excel(os.fspath(path))
    except fastexcel.FastExcelError as exc:
        raise MalformedSourceError(
            f"{shown}: not a readable .xlsx workbook (damaged, password-protected, or another "
            "format renamed to .xlsx)",
            path=shown,
        ) from exc
    name = _sheet_name(list(reader.sheet_names), sheet, shown)
    try:
        frame = _load(reader, name)
    except fastexcel.FastExcelError as exc:
        raise MalformedSourceError(
            f"{shown}: sheet {name!r} cannot be read ({type(exc).__name__})", path=shown, sheet=name
        ) from exc
    except pl.exceptions.PolarsError as exc:  # pragma: no cover - Arrow hand-over failed
        raise ReadError(
            f"{shown}: sheet {name!r} cannot be converted ({type(exc).__name__})",
            path=shown,
            sheet=name,
        ) from exc
    if not frame.width:
        raise EmptySourceError(f"{shown}: sheet {name!r} is empty", path=shown, sheet=name)
    if not frame.height:
        raise EmptySourceError(
            f"{shown}: sheet {name!r} has a header but no data rows", path=shown, sheet=name
        )
    return with_row_column(frame, _first_row(path, name) + 1)


def _load(reader: Any, name: str) -> pl.DataFrame:
    with _quiet_dtype_guess():
        loaded = reader.load_sheet(name, schema_sample_rows=None)
        frame: pl.DataFrame = loaded.to_polars()
        text_columns = [c.name for c in loaded.selected_columns if c.dtype == "string"]
        if text_columns and frame.height:
            frame = _mark_number_cells(reader, name, frame, text_columns)
    return frame


def _mark_number_cells(
    reader: Any, sheet: str, frame: pl.DataFrame, columns: list[str]
) -> pl.DataFrame:
    """Rewrite the number cells of text columns as float text (see the module docstring)."""
    import polars as pl  # noqa: PLC0415

    probe: pl.DataFrame = reader.load_sheet(
        sheet,
        schema_sample_rows=None,
        use_columns=columns,
        dtypes=dict.fromkeys(columns, "boolean"),
    ).to_polars()
    masks = {
        c: probe[c].is_not_null() & ~frame[c].is_in(_BOOLEAN_TEXT).fill_null(value=False)
        for c in columns
    }
    mixed = [c for c, mask in masks.items() if mask.any()]
    if not mixed:
        return frame
    numbers: pl.DataFrame = reader.load_sheet(
        sheet, schema_sample_rows=None, use_columns=mixed, dtypes=dict.fromkeys(mixed, "float")
    ).to_polars()
    return frame.with_columns(
        pl.when(pl.lit(masks[c])).then(float_text(pl.lit(numbers[c]))).otherwise(pl.col(c)).alias(c)
        for c in mixed
    )
