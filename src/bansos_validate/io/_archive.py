"""XLSX archives checked before anything parses them: zip bombs, false sizes, far cells.

An ``.xlsx`` file is a zip archive of XML parts, and calamine (under fastexcel) trusts
it: a sheet inflating from 2 MB to 2 GiB is parsed in full, a shared string of 1 GiB is
held several times over, and two cells at A1 and XFD1048576 make it allocate the grid
between them (17 billion cells), which aborts the process. So before fastexcel opens a
workbook, :func:`check_archive` reads the archive itself, within :class:`Limits`:

1. The zip directory: at most ``max_xlsx_members`` parts; stored or deflated (Excel
   writes nothing else), not encrypted; no part declared larger than
   ``max_xlsx_member_bytes`` (the parts listing the sheets, their relations and the
   styles, which readers hold whole: ``max_xlsx_structure_bytes``), all together at most
   ``max_xlsx_bytes``;
   a part over :data:`RATIO_GRACE_BYTES` inflating at most ``max_xlsx_ratio`` times.
2. Every part is inflated as a stream, holding one chunk at a time, without trusting the
   declared sizes: a part that inflates beyond its declared size, or faster than the
   ratio allows, is refused at that point.
3. XML parts, while they inflate: no text between two tags longer than
   ``max_xlsx_text_bytes``, at most ``max_xlsx_cells`` shared strings, and the reference
   of every cell (``<c r="B7">``), read with numpy from the bytes.

:meth:`Archive.check_sheet` then holds the sheet to be read to ``max_xlsx_cells``: the
cells written, and the grid they span (rows times columns), within Excel's grid. A sheet
whose cells do not all start ``<c r="...`` (cells without a reference, a namespace
prefix, UTF-16), or stored in a part not named ``.xml``, is parsed once more with expat,
placing cells the way calamine does.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from typing import TYPE_CHECKING, Any, BinaryIO

from bansos_validate.io._common import first_true
from bansos_validate.io._errors import LimitExceededError, MalformedSourceError
from bansos_validate.io._limits import RATIO_GRACE_BYTES

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator
    from pathlib import Path

    from bansos_validate.io._limits import Limits

__all__ = ["EXCEL_COLUMNS", "EXCEL_ROWS", "Archive", "check_archive", "column_letters"]

EXCEL_ROWS = 1_048_576
"""The rows of an Excel sheet."""

EXCEL_COLUMNS = 16_384
"""The columns of an Excel sheet (A to XFD)."""

_END = b"PK\x05\x06"
_END64_LOCATOR = b"PK\x06\x07"
_END64 = b"PK\x06\x06"
_LOCAL = b"PK\x03\x04"
_DIRECTORY_ENTRY_BYTES = 512  # a directory entry is ~100 bytes; more per part is not a workbook
_READ = 1 << 20  # compressed bytes read at a time
_OUT = 4 << 20  # inflated bytes produced at a time
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_TAIL = 24  # bytes kept from one chunk to the next, so that a tag is seen whole
_REF = 11  # a cell reference: up to 3 letters, 7 digits and the closing quote
_AS_CSV = "save the sheet as CSV or Parquet, or raise the limit for a file you trust"
_STRUCTURE = frozenset({"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"})
"""Parts that readers hold whole when a workbook is opened (its sheets, relations, styles)."""
_PREFIX = re.compile(rb"[A-Za-z_][A-Za-z0-9_.-]*")
_TAG_END = (b" ", b"\t", b"\n", b"\r", b">", b"/")
_REFERENCE = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")


def column_letters(column: int) -> str:
    """The letters of a 1-based column number.

    >>> column_letters(1), column_letters(27), column_letters(16_384)
    ('A', 'AA', 'XFD')
    """
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _part(name: str) -> str:
    """A part's name as shown in a message (a hostile name can be long)."""
    return repr(name if len(name) <= 80 else name[:77] + "...")


def _not_a_workbook(shown: str) -> MalformedSourceError:
    return MalformedSourceError(
        f"{shown}: not a readable .xlsx workbook (damaged, password-protected, or another "
        "format renamed to .xlsx)",
        path=shown,
    )


def _damaged(shown: str, name: str, what: str) -> MalformedSourceError:
    return MalformedSourceError(
        f"{shown}: part {_part(name)} of the workbook {what}; the file is damaged or was "
        "made to mislead a reader, and is not read",
        path=shown,
    )


def _over(  # noqa: PLR0913 - the parts of one message
    shown: str,
    message: str,
    limit: str,
    maximum: int,
    *,
    hint: str = "",
    sheet: str | None = None,
) -> LimitExceededError:
    return LimitExceededError(
        f"{shown}: {message}, more than the limit of {maximum:,} (limits.{limit})"
        + (f"; {hint}" if hint else ""),
        path=shown,
        sheet=sheet,
        limit=limit,
        maximum=maximum,
    )


class _Grid:
    """The cells of a sheet found so far: how many, and the rows and columns they span."""

    __slots__ = ("cells", "columns", "regular", "rows")

    def __init__(self) -> None:
        self.regular = True  # every cell tag reads <c r="A1"...>: the numbers below hold
        self.cells = 0
        self.rows = [EXCEL_ROWS + 1, 0]  # 1-based, first and last
        self.columns = [EXCEL_COLUMNS + 1, 0]

    def add(self, cells: int, rows: tuple[int, int], columns: tuple[int, int]) -> None:
        self.cells += cells
        self.rows = [min(self.rows[0], rows[0]), max(self.rows[1], rows[1])]
        self.columns = [min(self.columns[0], columns[0]), max(self.columns[1], columns[1])]

    @property
    def span(self) -> int:
        """The cells of the grid from the first to the last row and column."""
        if not self.cells:
            return 0
        return (self.rows[1] - self.rows[0] + 1) * (self.columns[1] - self.columns[0] + 1)

    def check(self, shown: str, sheet: str, limits: Limits) -> None:
        """Raise when the sheet is beyond Excel's grid or the limits."""
        if not self.cells:
            return
        if self.rows[1] > EXCEL_ROWS or self.columns[1] > EXCEL_COLUMNS:
            raise MalformedSourceError(
                f"{shown}: sheet {sheet!r} has a cell beyond Excel's last row or column "
                f"(row {self.rows[1]:,}, column {self.columns[1]:,}; Excel ends at "
                "XFD1048576); the file is damaged or was made to mislead a reader",
                path=shown,
                sheet=sheet,
            )
        if self.cells > limits.max_xlsx_cells:
            raise _over(
                shown,
                f"sheet {sheet!r} holds {self.cells:,} cells",
                "max_xlsx_cells",
                limits.max_xlsx_cells,
                hint=_AS_CSV,
                sheet=sheet,
            )
        width = self.columns[1] - self.columns[0] + 1
        if width > limits.max_columns:
            raise _over(
                shown,
                f"sheet {sheet!r} spans {width:,} columns",
                "max_columns",
                limits.max_columns,
                sheet=sheet,
            )
        if self.span > limits.max_xlsx_cells:
            first, last = column_letters(self.columns[0]), column_letters(self.columns[1])
            raise _over(
                shown,
                f"sheet {sheet!r} spans rows {self.rows[0]:,}-{self.rows[1]:,} and columns "
                f"{first}-{last}, a grid of {self.span:,} cells that the reader would hold "
                "in memory",
                "max_xlsx_cells",
                limits.max_xlsx_cells,
                hint="a cell far from the table (a stray value) does this: delete the rows "
                "and columns after the table, or save the sheet as CSV",
                sheet=sheet,
            )


class _XmlScan:
    """One XML part, read as it inflates: text runs, shared strings and cell references."""

    def __init__(self, name: str, shown: str, limits: Limits) -> None:
        self.name = name
        self.shown = shown
        self.limits = limits
        self.grid = _Grid()
        self.strings = 0
        self._run = 0  # text bytes since the last '<'
        self._tail = b""  # the last bytes, whose tags are looked at with the next chunk

    def feed(self, chunk: bytes) -> None:
        """Scan the next inflated *chunk* of the part."""
        import numpy as np  # noqa: PLC0415 - a dependency, imported when a workbook is read

        if b"\x00" in chunk:  # UTF-16 or UTF-32: the byte patterns do not apply
            self.grid.regular = False
        buf = self._tail + chunk
        data = np.frombuffer(buf, dtype=np.uint8)
        opens = data == 60  # '<'
        self._runs(opens[len(self._tail) :])
        stop = max(len(buf) - _TAIL, 0)
        self._tags(buf, data, opens, stop)
        self._tail = buf[stop:]

    def close(self) -> None:
        """Scan what is left at the end of the part."""
        import numpy as np  # noqa: PLC0415

        buf = self._tail + b" " * _TAIL
        data = np.frombuffer(buf, dtype=np.uint8)
        self._tags(buf, data, data == 60, len(self._tail))
        self._tail = b""
        if self.strings > self.limits.max_xlsx_cells:
            raise _over(
                self.shown,
                f"part {_part(self.name)} holds {self.strings:,} shared strings",
                "max_xlsx_cells",
                self.limits.max_xlsx_cells,
            )

    def _runs(self, opens: Any) -> None:
        """Hold every text between two tags to ``max_xlsx_text_bytes``."""
        import numpy as np  # noqa: PLC0415

        limit, size = self.limits.max_xlsx_text_bytes, opens.size
        if not size:
            return
        if not opens.any():
            self._run += size
            if self._run > limit:
                raise self._long_text()
            return
        first = first_true(opens)
        if self._run + first > limit:
            raise self._long_text()
        block = max(limit // 2, 1)  # a run over the limit fills a whole block
        whole = size // block * block
        if whole and not opens[:whole].reshape(-1, block).any(axis=1).all():
            gaps = np.diff(np.flatnonzero(opens))
            if gaps.size and int(gaps.max()) - 1 > limit:
                raise self._long_text()
        self._run = first_true(opens[::-1])  # the bytes after the last "<"
        if self._run > limit:
            raise self._long_text()

    def _long_text(self) -> LimitExceededError:
        return _over(
            self.shown,
            f"part {_part(self.name)} holds a text of more than "
            f"{self.limits.max_xlsx_text_bytes:,} bytes between two tags (an Excel cell holds "
            "at most 32,767 characters)",
            "max_xlsx_text_bytes",
            self.limits.max_xlsx_text_bytes,
        )

    def _tags(self, buf: bytes, data: Any, opens: Any, stop: int) -> None:
        """Count ``<si>`` tags and read ``<c r="...">`` references starting before *stop*."""
        import numpy as np  # noqa: PLC0415

        if stop <= 0:
            return
        # '<' or ':' then 'c' or 's' (0x63, 0x73: the same but for bit 4)
        marks = (opens[:stop] | (data[:stop] == 58)) & ((data[1 : stop + 1] | 16) == 115)
        starts = np.flatnonzero(marks)
        if not starts.size:
            return
        colons = data[starts] == 58
        for colon in starts[colons].tolist():  # <x:c ...> or <x:si>: rare, one by one
            opening = buf.rfind(b"<", max(colon - 64, 0), colon)
            if opening < 0 or not _PREFIX.fullmatch(buf, opening + 1, colon):
                continue
            name = buf[colon + 1 : colon + 4]
            if name[:1] == b"c" and name[1:2] in _TAG_END:
                self.grid.regular = False
            elif name[:2] == b"si" and name[2:3] in _TAG_END:
                self.strings += 1
        starts = starts[~colons]
        after = data[starts + 1]
        shared = starts[after == 115]
        if shared.size:
            third, fourth = data[shared + 2], data[shared + 3]
            ends = (fourth == 62) | (fourth == 47) | (fourth == 32) | (fourth == 9)
            ends |= (fourth == 10) | (fourth == 13)
            self.strings += int(np.count_nonzero((third == 105) & ends))
        cells = starts[after == 99]
        if cells.size and self.grid.regular:
            self._cells(data, cells)

    def _cells(self, data: Any, tags: Any) -> None:
        """Read the references of the cell tags at *tags* (positions of their ``<``)."""
        import numpy as np  # noqa: PLC0415
        from numpy.lib.stride_tricks import sliding_window_view  # noqa: PLC0415

        grid = self.grid
        following = data[tags + 2]
        space = (following == 32) | (following == 9) | (following == 10) | (following == 13)
        if np.any((following == 62) | (following == 47)):  # <c> or <c/>: no reference
            grid.regular = False
            return
        tags = tags[space]  # the others are <col>, <cfRule>, ...
        if not tags.size:
            return
        quote = data[tags + 5]
        if not (
            np.all(data[tags + 3] == 114)  # r
            and np.all(data[tags + 4] == 61)  # =
            and np.all((quote == 34) | (quote == 39))
        ):
            grid.regular = False  # r is not the first attribute, or is written otherwise
            return
        window = sliding_window_view(data, _REF)[tags + 6]
        upper = window & 0xDF
        letter = (upper >= 65) & (upper <= 90)
        digit = (window >= 48) & (window <= 57)
        # each reference's shape: where its letters end, and where it ends (the quote)
        shapes = letter.argmin(axis=1) * 16 + (letter | digit).argmin(axis=1)
        counts = np.bincount(shapes)
        for shape in np.flatnonzero(counts):
            letters, end = divmod(int(shape), 16)
            every = counts[shape] == tags.size
            group = window if every else window[shapes == shape]
            quotes = quote if every else quote[shapes == shape]
            digits = group[:, letters:end]
            if not (
                1 <= letters <= 3
                and 1 <= end - letters <= 7
                and np.all((digits >= 48) & (digits <= 57))
                and np.all(group[:, end] == quotes)
            ):
                grid.regular = False
                return
            rows = (digits.astype(np.int64) - 48) @ (10 ** np.arange(end - letters)[::-1])
            names = (group[:, :letters] & 0xDF).astype(np.int64) - 64
            columns = names @ (26 ** np.arange(letters)[::-1])
            grid.add(
                group.shape[0],
                (int(rows.min()), int(rows.max())),
                (int(columns.min()), int(columns.max())),
            )


class _Placer:
    """Place the cells of a sheet as calamine does, for sheets the byte scan cannot read.

    calamine takes a cell's position from its ``r`` attribute; a cell without one is next
    to the previous cell, and a row without one follows the previous row. A cell counts
    when it holds an element (a value); it is checked against the limits as it is found.
    """

    def __init__(self, shown: str, sheet: str, limits: Limits) -> None:
        self.shown, self.sheet, self.limits = shown, sheet, limits
        self.grid = _Grid()
        self._row = self._column = 0  # 0-based, as calamine keeps them
        self._cell: tuple[int, int] | None = None
        self._filled = False

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if self._cell is not None:
            self._filled = True
        if local == "row" and "r" in attributes:
            self._row = self._number(attributes["r"]) - 1
        elif local == "c":
            reference = attributes.get("r")
            if reference is None:
                self._cell = (self._row, self._column)
            else:
                found = _REFERENCE.fullmatch(reference.strip())
                if found is None:
                    raise self._unreadable()
                column = 0
                for char in found.group(1).upper():
                    column = column * 26 + ord(char) - 64
                self._column = column - 1
                self._cell = (int(found.group(2)) - 1, column - 1)
            self._filled = False

    def end(self, name: str) -> None:
        local = name.rpartition(":")[2]
        if local == "c" and self._cell is not None:
            if self._filled:
                row, column = self._cell[0] + 1, self._cell[1] + 1
                self.grid.add(1, (row, row), (column, column))
                self.grid.check(self.shown, self.sheet, self.limits)
            self._cell = None
            self._column += 1
        elif local == "row":
            self._row += 1
            self._column = 0

    def _number(self, text: str) -> int:
        if not text.strip().isdigit():
            raise self._unreadable()
        return int(text)

    def _unreadable(self) -> MalformedSourceError:
        return MalformedSourceError(
            f"{self.shown}: sheet {self.sheet!r} has a cell or row reference that is not one "
            "(the workbook is damaged)",
            path=self.shown,
            sheet=self.sheet,
        )


def _directory(handle: BinaryIO, size: int, shown: str) -> tuple[int, int]:
    """The number of parts and the size of the zip directory, from its end record."""
    tail_size = min(size, 22 + 0xFFFF)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(_END)
    if at < 0 or len(tail) - at < 22:
        raise _not_a_workbook(shown) from zipfile.BadZipFile("no end of the zip directory")
    entries, directory = struct.unpack("<4x6xHL6x", tail[at : at + 22])
    if (entries == 0xFFFF or directory == 0xFFFFFFFF) and tail[at - 20 : at - 16] == (
        _END64_LOCATOR
    ):
        (offset,) = struct.unpack("<8xQ4x", tail[at - 20 : at])
        handle.seek(min(offset, size))
        record = handle.read(56)
        if len(record) == 56 and record[:4] == _END64:
            entries, directory = struct.unpack("<32xQQ8x", record)
    return entries, directory


def _declared(info: zipfile.ZipInfo, shown: str, limits: Limits) -> None:
    """Check a part as the zip directory declares it."""
    if info.flag_bits & 0x1:
        raise _damaged(shown, info.filename, "is encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _damaged(
            shown,
            info.filename,
            f"is compressed with method {info.compress_type}, which spreadsheet programs "
            "do not use",
        )
    _ratio(info.filename, info.file_size, info.compress_size, shown, limits, declared=True)
    if info.file_size > limits.max_xlsx_member_bytes:
        raise _over(
            shown,
            f"part {_part(info.filename)} of the workbook inflates to {info.file_size:,} bytes",
            "max_xlsx_member_bytes",
            limits.max_xlsx_member_bytes,
            hint=_AS_CSV,
        )
    if info.filename.lower() in _STRUCTURE and info.file_size > limits.max_xlsx_structure_bytes:
        raise _over(
            shown,
            f"part {_part(info.filename)} of the workbook, which lists its sheets, relations "
            f"or styles, inflates to {info.file_size:,} bytes",
            "max_xlsx_structure_bytes",
            limits.max_xlsx_structure_bytes,
            hint="such a part takes kilobytes",
        )


def _ratio(  # noqa: PLR0913 - one check, with the part's name and numbers for its message
    name: str,
    inflated: int,
    compressed: int,
    shown: str,
    limits: Limits,
    *,
    declared: bool = False,
) -> None:
    """Refuse a part over the grace size that inflates more than ``max_xlsx_ratio`` times.

    *declared*: the sizes are those the zip directory declares (else: inflated so far).
    """
    if inflated > RATIO_GRACE_BYTES and inflated > limits.max_xlsx_ratio * max(compressed, 1):
        more = "" if declared else " so far"
        raise _over(
            shown,
            f"part {_part(name)} of the workbook inflates {inflated // max(compressed, 1):,} "
            f"times (from {compressed:,} to {inflated:,} bytes{more})",
            "max_xlsx_ratio",
            limits.max_xlsx_ratio,
            hint="a zip bomb, not a spreadsheet (spreadsheets inflate 5 to 25 times); "
            "the file is not read",
        )


def _inflate(
    handle: BinaryIO, info: zipfile.ZipInfo, shown: str, limits: Limits
) -> Iterator[bytes]:
    """Inflate one part, chunk by chunk, refusing it once it inflates beyond the limits.

    The sizes in the zip directory are not trusted: a part that inflates beyond its
    declared size, or faster than ``max_xlsx_ratio`` once past the grace size, is refused
    before the next chunk.
    """
    if info.header_offset < 0:
        raise _damaged(shown, info.filename, "does not start where the zip directory says")
    handle.seek(info.header_offset)
    header = handle.read(30)
    if len(header) < 30 or header[:4] != _LOCAL:
        raise _damaged(shown, info.filename, "does not start where the zip directory says")
    name_size, extra_size = struct.unpack("<26xHH", header)
    handle.seek(info.header_offset + 30 + name_size + extra_size)
    if info.compress_type == zipfile.ZIP_STORED:
        yield from _stored(handle, info, shown)
        return
    left, declared = info.compress_size, info.file_size
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    pending = b""
    produced = consumed = 0
    while not inflater.eof:
        if not pending:
            pending = handle.read(min(_READ, left)) if left else b""
            if not pending:
                raise _damaged(shown, info.filename, "ends early")
            left -= len(pending)
        try:
            out = inflater.decompress(pending, _OUT)
        except zlib.error:
            raise _damaged(shown, info.filename, "cannot be inflated") from None
        consumed += len(pending) - len(inflater.unconsumed_tail)
        pending = inflater.unconsumed_tail
        produced += len(out)
        if produced > declared:
            raise _damaged(
                shown, info.filename, f"inflates to more than the {declared:,} bytes it declares"
            )
        _ratio(info.filename, produced, consumed, shown, limits)
        if out:
            yield out
    if produced != declared:
        raise _damaged(shown, info.filename, f"inflates to {produced:,} bytes, not {declared:,}")


def _stored(handle: BinaryIO, info: zipfile.ZipInfo, shown: str) -> Iterator[bytes]:
    """The bytes of a part stored without compression, chunk by chunk."""
    left = info.compress_size
    if left != info.file_size:
        raise _damaged(shown, info.filename, "is stored with two different sizes")
    while left:
        data = handle.read(min(_READ, left))
        if not data:
            raise _damaged(shown, info.filename, "ends early")
        left -= len(data)
        yield data


class Archive:
    """A workbook whose archive passed :func:`check_archive`; checks the sheet to be read."""

    def __init__(
        self, path: Path, shown: str, limits: Limits, parts: list[tuple[zipfile.ZipInfo, Any]]
    ) -> None:
        self._path, self._shown, self._limits = path, shown, limits
        self._parts: dict[str, list[tuple[zipfile.ZipInfo, _XmlScan | None]]] = {}
        for info, scan in parts:
            self._parts.setdefault(info.filename.lower(), []).append((info, scan))

    def check_sheet(self, sheet: str, members: Collection[str] | None) -> None:
        """Hold the sheet *sheet*, stored in one of *members*, to the cell limits.

        *members* are the parts the sheet may be read from (calamine matches part names
        without regard to case); ``None`` when the workbook's list of sheets cannot be
        read, which is refused. A part not named ``.xml`` was not scanned as it inflated,
        and is parsed with expat now.

        Raises:
            LimitExceededError: more cells, or a larger grid, than ``max_xlsx_cells``.
            MalformedSourceError: a cell beyond Excel's grid, or no readable list of sheets.
        """
        if members is None:
            raise MalformedSourceError(
                f"{self._shown}: the workbook's list of sheets (xl/workbook.xml and its "
                f"relations) cannot be read, so sheet {sheet!r} cannot be found; the file is "
                "damaged",
                path=self._shown,
                sheet=sheet,
            )
        for key in {m.lower() for m in members}:
            for info, scan in self._parts.get(key, ()):
                regular = scan is not None and scan.grid.regular
                grid = scan.grid if scan and regular else self._placed(info, sheet)
                grid.check(self._shown, sheet, self._limits)

    def _placed(self, info: zipfile.ZipInfo, sheet: str) -> _Grid:
        """Parse a part with expat, placing its cells as calamine does."""
        from xml.parsers import expat  # noqa: PLC0415

        placer = _Placer(self._shown, sheet, self._limits)
        parser = expat.ParserCreate()
        parser.StartElementHandler = placer.start
        parser.EndElementHandler = placer.end
        try:
            with self._path.open("rb") as handle:
                for chunk in _inflate(handle, info, self._shown, self._limits):
                    parser.Parse(chunk, False)  # noqa: FBT003 - expat's positional flag
                parser.Parse(b"", True)  # noqa: FBT003
        except expat.ExpatError as exc:
            raise MalformedSourceError(
                f"{self._shown}: sheet {sheet!r} is not well-formed XML (the workbook is damaged)",
                path=self._shown,
                sheet=sheet,
            ) from exc
        return placer.grid


def check_archive(path: Path, shown: str, limits: Limits) -> Archive:
    """Check the zip archive of a workbook and every part in it, before anything parses it.

    Raises:
        LimitExceededError: beyond a limit (see the module docstring).
        MalformedSourceError: not a zip archive, or parts whose sizes are false.
    """
    size = path.stat().st_size
    limit = limits.max_xlsx_members
    parts: list[tuple[zipfile.ZipInfo, _XmlScan | None]] = []
    with path.open("rb") as handle:
        entries, directory = _directory(handle, size, shown)
        if entries > limit or directory > limit * _DIRECTORY_ENTRY_BYTES:
            raise _over(shown, f"the workbook has {entries:,} parts", "max_xlsx_members", limit)
        try:
            infos = zipfile.ZipFile(handle).infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise _not_a_workbook(shown) from exc
        if len(infos) > limit:
            raise _over(shown, f"the workbook has {len(infos):,} parts", "max_xlsx_members", limit)
        total = 0
        for info in infos:
            _declared(info, shown, limits)
            total += info.file_size
            if total > limits.max_xlsx_bytes:
                raise _over(
                    shown,
                    f"the parts of the workbook inflate to {total:,} bytes and more",
                    "max_xlsx_bytes",
                    limits.max_xlsx_bytes,
                    hint=_AS_CSV,
                )
        for info in infos:
            scan = (
                _XmlScan(info.filename, shown, limits)
                if info.filename.lower().endswith(_XML_SUFFIXES)
                else None
            )
            for chunk in _inflate(handle, info, shown, limits):
                if scan is not None:
                    scan.feed(chunk)
            if scan is not None:
                scan.close()
            parts.append((info, scan))
    return Archive(path, shown, limits, parts)
