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

Header: the first rows with a value are read from the worksheet XML (shared strings
resolved, only as far as needed). The header is the first of them, unless a later one of
the first 30 names more known headers (:func:`bansos_validate.schema.header_score`, at
least two): the rows above it are a banner. ``header_row=`` names it instead. fastexcel
then loads the sheet from that row: its ``header_row`` is the 0-based row of the sheet
(fastexcel 0.21; 0 means the first row with a value, which is row 1 whenever the header
is there). Should another version count from the first row with a value, the header
cells read from the XML tell, and the other count is used.

Rows: ``row`` is the row number Excel shows (the header's row plus one for the first data
row; header on row 1: the first data row is 2). Empty rows inside the data are kept as
all-null rows.

Repeated headers: fastexcel names the second ``NIK`` column ``NIK_1``, and a real header
``NIK_1`` elsewhere would be indistinguishable, so the columns are renamed from the header
cells as read from the XML: ``NIK_duplicated_0`` as for CSV.
"""

from __future__ import annotations

import contextlib
import logging
import os
import posixpath
import re
import zipfile
from typing import IO, TYPE_CHECKING, Any, NamedTuple
from xml.etree import ElementTree as ET

from bansos_validate._provenance import ReadInfo
from bansos_validate.io._archive import check_archive
from bansos_validate.io._common import (
    HEAD_ROWS,
    check_file,
    choose_header,
    unique_names,
    with_row_column,
)
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

    from bansos_validate.io._limits import Limits

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


class _Cell(NamedTuple):
    """A cell with a value: its text, and whether the cell holds text (not a number)."""

    text: str
    is_text: bool


class _SheetRow(NamedTuple):
    row: int  # the Excel row number
    cells: dict[int, _Cell]  # by 0-based column index; cells without a value left out


class _Head(NamedTuple):
    """The first rows with a value of a sheet, as the worksheet XML has them."""

    rows: list[_SheetRow]
    complete: bool  # every row of the sheet was looked at


def _column_index(reference: str) -> int | None:
    """The 0-based column of a cell reference (``C5`` -> 2)."""
    index = 0
    for char in reference:
        if not char.isalpha():
            break
        index = index * 26 + ord(char.upper()) - ord("A") + 1
    return index - 1 if index else None


def _rich_text(element: ET.Element) -> str:
    """The text of a shared or inline string (``<t>`` or runs ``<r><t>``; not phonetics)."""
    parts = []
    for child in element:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(g.text or "" for g in child if _local(g.tag) == "t")
    return "".join(parts)


_HEAD_XML_BYTES = 32 << 20
"""The most bytes of XML read to find the header: of the sheet (its first 30 rows with a
value), and of the shared strings (as far as the strings of those rows)."""


class _Budget:
    """A part's stream that ends (:class:`_Spent`) after *budget* bytes."""

    def __init__(self, handle: IO[bytes], budget: int) -> None:
        self._handle, self._left = handle, budget

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            raise _Spent
        data = self._handle.read(min(size, self._left) if size >= 0 else self._left)
        self._left -= len(data)
        return data


class _Spent(Exception):  # noqa: N818 - a signal, not an error
    """The byte budget of a :class:`_Budget` is spent."""


_KEEPERS = frozenset({"c", "is", "si", "r"})
"""Elements whose children are read at their end (a cell's value, a string's runs)."""

_MAX_KEPT = 1000
"""The most children a kept element may collect (a string of 1,000 rich-text runs)."""


def _elements(handle: IO[bytes] | _Budget) -> Iterator[tuple[str, ET.Element]]:
    """``(event, element)`` of an XML stream; finished elements are dropped.

    An element is removed from its parent once its end event has been handled, unless the
    parent is one of :data:`_KEEPERS`, which keep their children (at most
    :data:`_MAX_KEPT`) until they end themselves. So the tree holds one cell or string at a
    time, whatever the file holds.

    Raises:
        ValueError: an element to keep has too many children (not a spreadsheet's XML).
    """
    stack: list[ET.Element] = []
    for event, element in ET.iterparse(handle, events=("start", "end")):  # noqa: S314
        if event == "start":
            if stack and len(stack[-1]) > _MAX_KEPT and _local(stack[-1].tag) in _KEEPERS:
                raise ValueError("an element with too many children")
            stack.append(element)
            yield event, element
            continue
        stack.pop()
        yield event, element
        if stack and _local(stack[-1].tag) not in _KEEPERS:
            stack[-1].remove(element)


def _member(target: str) -> str:
    """The archive member of a relationship target of the workbook."""
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")


def _members(target: str) -> set[str]:
    """Every member a reader may take *target* for (with or without ``xl/``)."""
    bare = target.lstrip("/")
    return {_member(target), bare, posixpath.normpath(f"xl/{bare}")}


def _targets(archive: zipfile.ZipFile, sheet: str) -> tuple[str, str | None]:
    """The relationship targets of *sheet* and of the shared strings (None when none)."""
    rid = None
    with archive.open("xl/workbook.xml") as handle:
        for event, element in _elements(handle):
            if event == "end" and _local(element.tag) == "sheet" and element.get("name") == sheet:
                rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
                break
    if rid is None:
        raise KeyError(sheet)
    target = strings = None
    with archive.open("xl/_rels/workbook.xml.rels") as handle:
        for event, element in _elements(handle):
            if event != "end" or _local(element.tag) != "Relationship":
                continue
            if element.get("Id") == rid:
                target = element.get("Target", "")
            elif strings is None and element.get("Type", "").endswith("/sharedStrings"):
                strings = element.get("Target", "")
    if target is None:
        raise KeyError(rid)
    return target, strings


def _sheet_members(path: Path, sheet: str) -> set[str] | None:
    """The archive members *sheet* may be read from, or None when the workbook does not say."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _members(_targets(archive, sheet)[0])
    except (KeyError, ValueError, ET.ParseError, zipfile.BadZipFile, OSError):
        return None


def _shared_strings(
    archive: zipfile.ZipFile, member: str | None, wanted: set[int]
) -> dict[int, str]:
    """The shared strings at the indices *wanted* (parsed only as far as the last of them)."""
    found: dict[int, str] = {}
    if not wanted or member is None or member not in archive.namelist():
        return found
    last, index = max(wanted), 0
    with archive.open(member) as handle:
        for event, element in _elements(_Budget(handle, _HEAD_XML_BYTES)):
            if event != "end" or _local(element.tag) != "si":
                continue
            if index in wanted:
                found[index] = _rich_text(element)
            index += 1
            if index > last:
                break
    return found


def _cell_value(cell: ET.Element) -> _Cell | int | None:
    """The value of a cell, or the index of its shared string (resolved later)."""
    kind = cell.get("t", "n")
    value = inline = None
    for child in cell:
        tag = _local(child.tag)
        if tag == "v":
            value = child.text or ""
        elif tag == "is":
            inline = _rich_text(child)
    if kind == "inlineStr":
        return None if inline is None else _Cell(inline, is_text=True)
    if value is None:
        return None
    if kind == "s":
        try:
            return int(value)
        except ValueError:
            return None
    if kind == "b":
        return _Cell("TRUE" if value.strip() == "1" else "FALSE", is_text=False)
    return _Cell(value, is_text=kind in {"str", "e"})


def _head_rows(
    handle: _Budget, rows: list[tuple[int, dict[int, _Cell | int]]], through: int | None
) -> bool:
    """Append the rows with a value to *rows*; return whether the whole sheet was read."""
    row, column = 0, -1
    cells: dict[int, _Cell | int] = {}
    for event, element in _elements(handle):
        tag = _local(element.tag)
        if event == "start" and tag == "row":
            row, column, cells = int(element.get("r") or row + 1), -1, {}
        elif event == "end" and tag == "c":
            found = _column_index(element.get("r", ""))
            column = found if found is not None else column + 1
            cell = _cell_value(element)
            if cell is not None and (not isinstance(cell, _Cell) or cell.text.strip()):
                cells[column] = cell
        elif event == "end" and tag == "row":
            if cells:
                rows.append((row, cells))
            if len(rows) >= HEAD_ROWS and (through is None or row >= through):
                return False
    return True


def _sheet_head(path: Path, sheet: str, *, through: int | None) -> _Head | None:
    """Read the first rows with a value of *sheet* from the worksheet XML.

    Stops after :data:`HEAD_ROWS` rows with a value and, when *through* is given, once
    row *through* is passed; reads at most :data:`_HEAD_XML_BYTES` of XML. A cell of only
    spaces has no value. The standard-library parser is safe here: expat does not fetch
    external entities and refuses entity-expansion bombs; the archive was checked
    (:mod:`bansos_validate.io._archive`) before. Returns None when the workbook's
    structure is not the usual one, or no row with a value is found within the budget.
    """
    rows: list[tuple[int, dict[int, _Cell | int]]] = []
    complete = True
    try:
        with zipfile.ZipFile(path) as archive:
            target, strings_target = _targets(archive, sheet)
            with archive.open(_member(target)) as handle:
                try:
                    complete = _head_rows(_Budget(handle, _HEAD_XML_BYTES), rows, through)
                except _Spent:
                    if not rows:
                        return None
                    complete = False
            wanted = {v for _, c in rows for v in c.values() if isinstance(v, int)}
            member = None if strings_target is None else _member(strings_target)
            strings = _shared_strings(archive, member, wanted)
    except (
        _Spent,
        KeyError,
        StopIteration,
        ValueError,
        ET.ParseError,
        zipfile.BadZipFile,
        OSError,
    ):
        return None
    head = []
    for number, cells in rows:
        resolved = {
            i: cell if isinstance(cell, _Cell) else _Cell(strings.get(cell, ""), is_text=True)
            for i, cell in cells.items()
        }
        kept = {i: cell for i, cell in resolved.items() if cell.text.strip()}
        if kept:
            head.append(_SheetRow(number, kept))
    return _Head(head, complete=complete)


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


def _listed(names: list[str]) -> str:
    """The sheet names for a message (the first 20: a workbook may list thousands)."""
    shown = ", ".join(repr(n) for n in names[:20]) or "none"
    return shown if len(names) <= 20 else f"{shown} and {len(names) - 20:,} more"


def _sheet_name(names: list[str], sheet: str | int | None, shown: str) -> str:
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
            f"sheet(s): {_listed(names)}",
            path=shown,
            sheet=str(sheet),
            sheets=names,
        )
    if sheet in names:
        return sheet
    folded = [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
    hint = f" (did you mean {folded[0]!r}?)" if folded else ""
    raise SheetNotFoundError(
        f"{shown}: no sheet named {sheet!r}{hint}; the workbook has: {_listed(names)}",
        path=shown,
        sheet=sheet,
        sheets=names,
    )


class _Header(NamedTuple):
    """Where the header of a sheet is."""

    row: int  # its Excel row number
    cells: dict[int, _Cell]  # its cells with a value, by 0-based column
    banner_rows: tuple[int, ...]  # the rows above it with a value
    first_row: int  # the first row of the sheet with a value


def _find_header(head: _Head, header_row: int | None, shown: str, name: str) -> _Header:
    """Pick the header row among the first rows with a value (see :func:`choose_header`).

    Raises:
        EmptySourceError: the sheet has no value, or ``header_row`` is beyond its last row
            with a value or names a row without one.
    """
    from bansos_validate.schema import header_score  # noqa: PLC0415

    if not head.rows:
        raise EmptySourceError(f"{shown}: sheet {name!r} is empty", path=shown, sheet=name)
    if header_row is None:
        filled = head.rows[:HEAD_ROWS]
        scores = [
            header_score(cell.text if cell.is_text else None for _, cell in sorted(r.cells.items()))
            for r in filled
        ]
        found = filled[choose_header(scores)]
    else:
        found = _given_row(head, header_row, shown, name)
    banner = tuple(r.row for r in head.rows if r.row < found.row)
    return _Header(found.row, found.cells, banner, head.rows[0].row)


def _given_row(head: _Head, header_row: int, shown: str, name: str) -> _SheetRow:
    """The row *header_row*, which must hold a value."""
    found = next((r for r in head.rows if r.row == header_row), None)
    if found is not None:
        return found
    if head.complete and header_row > head.rows[-1].row:
        raise EmptySourceError(
            f"{shown}: header_row={header_row} is beyond the end of sheet {name!r} (its "
            f"last row with a value is row {head.rows[-1].row})",
            path=shown,
            sheet=name,
            row=header_row,
        )
    raise EmptySourceError(
        f"{shown}: row {header_row} (header_row={header_row}) of sheet {name!r} is "
        "empty; give the row that holds the column names",
        path=shown,
        sheet=name,
        row=header_row,
    )


def read_xlsx(
    path: Path, sheet: str | int | None, *, header_row: int | None = None, limits: Limits
) -> tuple[pl.DataFrame, ReadInfo]:
    """Read one sheet of an ``.xlsx`` workbook; ``row`` is the Excel row number.

    The archive is checked first (:func:`bansos_validate.io._archive.check_archive`), and
    the sheet's cells before it is loaded. Returns the frame and what was learned reading it.
    """
    import polars as pl  # noqa: PLC0415

    shown = os.fspath(path)
    check_file(path)
    archive = check_archive(path, shown, limits)
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
    archive.check_sheet(name, _sheet_members(path, name))
    head = _sheet_head(path, name, through=header_row)
    header = None if head is None else _find_header(head, header_row, shown, name)
    try:
        frame, texts, header_at = _load(reader, name, header, header_row)
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
    names, duplicates = unique_names(texts)
    frame.columns = names
    info = ReadInfo(
        source=shown,
        format="xlsx",
        sheet=name,
        header_row=header_at,
        header_given=header_row is not None,
        banner_rows=() if header is None else header.banner_rows,
        duplicates=duplicates,
    )
    return with_row_column(frame, header_at + 1), info


def _header_texts(columns: list[Any], cells: dict[int, _Cell]) -> tuple[list[str], int, int]:
    """The header of each column as written, and how many text cells fastexcel named so.

    fastexcel names a column after its header cell and renames a repeated one (``NIK_1``);
    the cell read from the XML gives the header back. Returns the texts, and the counts of
    text cells that agree and disagree with fastexcel's names (a check that fastexcel
    took the row meant as the header).
    """
    texts: list[str] = []
    agree = disagree = 0
    for column in columns:
        cell = cells.get(getattr(column, "absolute_index", -1))
        if column.column_name_from == "generated" or cell is None:
            texts.append(column.name)
            continue
        same = column.name == cell.text or re.fullmatch(
            re.escape(cell.text) + r"_[0-9]+", column.name
        )
        if cell.is_text:
            agree, disagree = (agree + 1, disagree) if same else (agree, disagree + 1)
        texts.append(cell.text if same else column.name)
    return texts, agree, disagree


def _load(
    reader: Any, name: str, header: _Header | None, header_row: int | None
) -> tuple[pl.DataFrame, list[str], int]:
    """Load the sheet below its header; return the frame, the headers and the header's row."""
    with _quiet_dtype_guess():
        if header is None:  # the worksheet XML could not be read: trust fastexcel
            header_at = header_row or 1
            index = header_at - 1
            loaded = reader.load_sheet(name, header_row=index, schema_sample_rows=None)
            texts = [c.name for c in loaded.selected_columns]
        else:
            header_at = header.row
            loaded, texts, index = _load_below(reader, name, header)
        frame: pl.DataFrame = loaded.to_polars()
        text_columns = [c.name for c in loaded.selected_columns if c.dtype == "string"]
        if text_columns and frame.height:
            frame = _mark_number_cells(reader, name, index, frame, text_columns)
    return frame, texts, header_at


def _load_below(reader: Any, name: str, header: _Header) -> tuple[Any, list[str], int]:
    """Load the sheet with *header* as its header row; return it, the headers, fastexcel's row.

    fastexcel's ``header_row`` is the 0-based row of the sheet (0 also meaning the first
    row with a value). Should a version count from the first row with a value instead, the
    header cells disagree with the column names it gives, and that count is used.
    """
    index = header.row - 1
    loaded = reader.load_sheet(name, header_row=index, schema_sample_rows=None)
    texts, agree, disagree = _header_texts(loaded.selected_columns, header.cells)
    if disagree and header.first_row > 1:
        other = header.row - header.first_row
        again = reader.load_sheet(name, header_row=other, schema_sample_rows=None)
        other_texts, other_agree, other_disagree = _header_texts(
            again.selected_columns, header.cells
        )
        if other_agree - other_disagree > agree - disagree:
            return again, other_texts, other
    return loaded, texts, index


def _mark_number_cells(
    reader: Any, sheet: str, header_row: int, frame: pl.DataFrame, columns: list[str]
) -> pl.DataFrame:
    """Rewrite the number cells of text columns as float text (see the module docstring)."""
    import polars as pl  # noqa: PLC0415

    probe: pl.DataFrame = reader.load_sheet(
        sheet,
        header_row=header_row,
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
        sheet,
        header_row=header_row,
        schema_sample_rows=None,
        use_columns=mixed,
        dtypes=dict.fromkeys(mixed, "float"),
    ).to_polars()
    return frame.with_columns(
        pl.when(pl.lit(masks[c])).then(float_text(pl.lit(numbers[c]))).otherwise(pl.col(c)).alias(c)
        for c in mixed
    )
