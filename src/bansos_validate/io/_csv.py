"""CSV reading: encoding and delimiter detection, every column as text, ragged-row checks.

Encodings, in the order tried: a byte-order mark (UTF-8, UTF-16 LE/BE) decides; otherwise
UTF-8, then Windows-1252 (what Excel "CSV" saves on Indonesian Windows). Bytes that fit
neither are reported with their offset and line.

Header: the first non-empty line, unless a later one of the first 30 non-empty lines
names more known headers (:func:`bansos_validate.schema.header_score`, at least two): then
the lines above it are a banner (a title, a date) and are skipped. ``header_row=`` names
the header's line instead.

Delimiters: the one of ``,`` ``;`` TAB ``|`` that splits the header into the most fields
and the lines after it into as many fields as the header (a banner line is not looked at).

Rows: ``row`` is the row a spreadsheet shows, the header's row plus the record's position
after it (the header on line 1: the first record is row 2). An empty line is a row whose
cells are all null (so row numbers match a spreadsheet that opens the file), but empty
lines and delimiter-only lines at the end of the file are dropped. A record with a quoted
line break counts as one row (as in a spreadsheet), so later rows are the header's row
plus the record number, not line numbers. A record with more or fewer fields than the
header is an error naming its row and line.

Limits (:class:`bansos_validate.io.Limits`): every line is measured as the file streams
past, before anything parses it, and a line longer than ``max_line_bytes`` is refused
naming its line; a header longer than ``max_header_bytes``, or of more than
``max_columns`` fields, is refused naming its line. Lines above the header are looked at
in full up to 30 non-empty lines, however long, so a long header is found (or refused),
never cut.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
from typing import TYPE_CHECKING, Literal, NamedTuple, TypeVar, overload

from bansos_validate._provenance import ReadInfo
from bansos_validate.io._common import (
    HEAD_ROWS,
    check_file,
    choose_header,
    first_true,
    unique_names,
    with_row_column,
)
from bansos_validate.io._errors import (
    EmptySourceError,
    LimitExceededError,
    MalformedSourceError,
    ReadError,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    import polars as pl

    from bansos_validate.io._limits import Limits

__all__ = ["DELIMITERS", "decode", "read_csv", "sniff_delimiter"]

DELIMITERS = (",", ";", "\t", "|")
"""Delimiters recognised, in order of preference on a tie."""

_QUOTE = '"'
_NO_CONTENT = "".join(DELIMITERS) + ' \t"'  # a line of only these has no text
_SNIFF_LINES = 1000
_Frame = TypeVar("_Frame", "pl.DataFrame", "pl.LazyFrame")
_LINE_SEP = "\x1f"  # ASCII unit separator: splits no CSV line, so a line is one field
_SAMPLE = 1 << 16
_CHUNK = 1 << 22
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _empty_is_null() -> pl.Expr:
    """Empty cells, also a quoted ``""``, are null (as in a spreadsheet)."""
    import polars as pl  # noqa: PLC0415

    return pl.all().replace("", None)


class Decoded(NamedTuple):
    """A CSV file as UTF-8 bytes without a byte-order mark, and the encoding it had."""

    data: bytes
    encoding: str


class _Ragged(NamedTuple):
    row: int
    line: int
    fields: int


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


class _LineMeter:
    r"""Hold every line of a file to ``max_line_bytes`` as its bytes stream past.

    A line ends at ``\n``, or at a ``\r`` (old Mac files); its length is the bytes between.
    Lines are numbered by ``\n`` (by ``\r`` in a file without any ``\n``).

    >>> meter = _LineMeter("x.csv", 8)
    >>> meter.feed(b"NIK,NAMA\n357601")
    >>> meter.feed(b"4403910003\n")
    Traceback (most recent call last):
    LimitExceededError: x.csv: line 2 is longer than 8 bytes ...
    """

    def __init__(self, shown: str, limit: int) -> None:
        self._shown, self._limit = shown, limit
        self._run = 0  # bytes of the current line so far
        self._newlines = self._returns = 0  # line ends before the current line

    def feed(self, chunk: bytes) -> None:
        """Measure the next *chunk* of the file."""
        import numpy as np  # noqa: PLC0415 - a dependency, imported when a file is read

        data = np.frombuffer(chunk, dtype=np.uint8)
        newline, carriage = data == 10, data == 13
        ends = newline | carriage
        size, limit = data.size, self._limit
        if not size:
            return
        if not ends.any():
            self._run += size
            if self._run > limit:
                raise self._too_long()
            return
        if self._run + first_true(ends) > limit:
            raise self._too_long()
        block = max(limit // 2, 1)  # a line over the limit fills a whole block
        whole = size // block * block
        if whole and not ends[:whole].reshape(-1, block).any(axis=1).all():
            at = np.flatnonzero(ends)
            lengths = np.diff(at) - 1
            if lengths.size and int(lengths.max()) > limit:
                start = int(at[int(np.argmax(lengths > limit))]) + 1
                self._newlines += int(np.count_nonzero(newline[:start]))
                self._returns += int(np.count_nonzero(carriage[:start]))
                raise self._too_long()
        self._newlines += int(np.count_nonzero(newline))
        self._returns += int(np.count_nonzero(carriage))
        self._run = first_true(ends[::-1])  # the bytes after the last line end
        if self._run > limit:
            raise self._too_long()

    def _too_long(self) -> LimitExceededError:
        line = (self._newlines or self._returns) + 1
        return LimitExceededError(
            f"{self._shown}: line {line} is longer than {self._limit:,} bytes, the limit for "
            "a line (limits.max_line_bytes); a roster line takes a few hundred bytes: the "
            "file is not a table, or its line ends are missing",
            path=self._shown,
            line=line,
            limit="max_line_bytes",
            maximum=self._limit,
        )


def _measure(data: bytes, shown: str, limit: int) -> None:
    """Hold every line of *data* (in memory) to *limit* bytes."""
    meter = _LineMeter(shown, limit)
    for start in range(0, len(data), _CHUNK):
        meter.feed(data[start : start + _CHUNK])


def _measure_file(path: Path, shown: str, limit: int) -> bool:
    """Hold every line of the file to *limit* bytes, streaming; False for UTF-16 files.

    UTF-16 ends lines with two bytes, and a line may hold no byte 0x0A at all: such a file
    is measured once decoded.
    """
    meter = _LineMeter(shown, limit)
    with path.open("rb") as handle:
        if handle.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return False
        handle.seek(0)
        while chunk := handle.read(_CHUNK):
            meter.feed(chunk)
    return True


def decode(raw: bytes, shown: str) -> Decoded:
    r"""Return *raw* as UTF-8 bytes without BOM, detecting its encoding.

    >>> decode("NAMA\nJÉRÔME\n".encode("cp1252"), "x.csv").encoding
    'windows-1252'
    >>> decode(codecs.BOM_UTF8 + b"NIK\n", "x.csv")
    Decoded(data=b'NIK\n', encoding='utf-8-sig')

    Raises:
        MalformedSourceError: bytes that are neither UTF-8 nor Windows-1252, naming the
            byte offset and line.
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom) :]
            try:
                text = body.decode(codec)
            except UnicodeDecodeError as exc:
                line = _line_of(body, exc.start) if codec == "utf-8" else None
                where = f"line {line}, " if line else ""
                raise MalformedSourceError(
                    f"{shown}: the file starts with a {codec.upper()} byte-order mark but has "
                    f"an invalid byte at {where}byte offset {exc.start + len(bom)}; "
                    "save it again as UTF-8",
                    path=shown,
                    line=line,
                ) from exc
            if codec == "utf-8":
                return Decoded(body, "utf-8-sig")
            return Decoded(text.encode("utf-8"), "utf-16")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as cp1252_error:
            raise _undecodable(raw, shown, utf8_error, cp1252_error) from cp1252_error
        return Decoded(text.encode("utf-8"), "windows-1252")
    return Decoded(raw, "utf-8")


def _undecodable(
    raw: bytes, shown: str, utf8: UnicodeDecodeError, cp1252: UnicodeDecodeError
) -> MalformedSourceError:
    """Describe bytes that fit no encoding; blame the encoding that read further."""
    worst, other = (utf8, cp1252) if utf8.start >= cp1252.start else (cp1252, utf8)
    names = {id(utf8): "UTF-8", id(cp1252): "Windows-1252"}
    line = _line_of(raw, worst.start)
    message = (
        f"{shown}: cannot decode byte 0x{raw[worst.start]:02X} at line {line} "
        f"(byte offset {worst.start}) as {names[id(worst)]}"
    )
    if other.start != worst.start:
        message += (
            f", and the file is not {names[id(other)]} either (byte 0x{raw[other.start]:02X} "
            f"at line {_line_of(raw, other.start)}, byte offset {other.start})"
        )
    else:
        message += f" or {names[id(other)]}"
    message += "; save it again as UTF-8 (Excel: CSV UTF-8)"
    return MalformedSourceError(message, path=shown, line=line)


def sniff_delimiter(sample: str) -> str:
    r"""Return the delimiter of a CSV sample (``,`` when the file has a single column).

    >>> sniff_delimiter("NIK;NAMA;ALAMAT\n3576014403910003;SITI;JL. MERDEKA 1, RT 01\n")
    ';'
    >>> sniff_delimiter("NIK\tNAMA\n3576014403910003\tSITI\n")
    '\t'
    """
    lines = [line for line in sample.splitlines() if line.strip()]
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample may cut the last line
    if not lines:
        return ","
    best, best_score = ",", (0.0, 1)
    for delimiter in DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(lines[:200], delimiter=delimiter) if r]
        except csv.Error:  # pragma: no cover - the csv module is lenient by default
            continue
        header = counts[0]
        if header < 2:
            continue
        score = (sum(c == header for c in counts) / len(counts), header)
        if score > best_score:
            best, best_score = delimiter, score
    return best


class _Header(NamedTuple):
    """Where the header of a CSV file is (its line is its spreadsheet row)."""

    line_index: int  # the 0-based line of the header
    delimiter: str
    cells: list[str]  # the header's cells as written
    banner_rows: tuple[int, ...]  # the rows above the header that hold text

    @property
    def row(self) -> int:
        """The spreadsheet row of the header (1 = the first line)."""
        return self.line_index + 1


def _has_content(line: str) -> bool:
    """Whether a line holds text (not only spaces, quotes and delimiters)."""
    return bool(line.strip(_NO_CONTENT))


def _header_score(line: str, limits: Limits) -> int:
    """The known headers in *line*, split by whichever delimiter finds the most.

    A line longer than a header may be is scored on its start, so that a long header is
    found (and refused by its length) rather than passed over.
    """
    from bansos_validate.schema import header_score  # noqa: PLC0415

    line = line[: limits.max_header_bytes]
    best = 0
    for delimiter in DELIMITERS:
        try:
            cells = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:  # a line longer than the csv module's field limit
            continue
        best = max(best, header_score(cells[: limits.max_columns]))
    return best


def _text_lines(text: str, *, complete: bool) -> list[str]:
    """The lines of *text* without their ends; a possibly cut last line is left out."""
    lines = text.split("\n")
    if not complete or not lines[-1]:
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def _find_header(
    text: str, *, complete: bool, header_row: int | None, shown: str, limits: Limits
) -> _Header | None:
    """Find the header line in *text* (the whole file when *complete*, else its start).

    Returns None when *text* is the start of the file and does not reach the header: the
    header line, or (when it is to be found) all of the first :data:`HEAD_ROWS` non-empty
    lines, since the line cut at the end of *text* may be the header.

    Raises:
        EmptySourceError: no line holds text, or ``header_row`` is beyond the end of the
            file or names an empty row.
        MalformedSourceError: the header line cannot be parsed.
        LimitExceededError: the header is longer than ``max_header_bytes`` or has more
            than ``max_columns`` fields.
    """
    lines = _text_lines(text, complete=complete)
    if header_row is None:
        filled = [i for i, line in enumerate(lines) if _has_content(line)][:HEAD_ROWS]
        if not complete and len(filled) < HEAD_ROWS:
            return None
        if not filled:
            raise EmptySourceError(
                f"{shown}: the file has no header (every line is empty)", path=shown
            )
        index = filled[choose_header([_header_score(lines[i], limits) for i in filled])]
    else:
        index = header_row - 1
        if index >= len(lines):
            if not complete:
                return None
            raise EmptySourceError(
                f"{shown}: header_row={header_row} is beyond the end of the file "
                f"({len(lines)} rows)",
                path=shown,
                row=header_row,
            )
        if not _has_content(lines[index]):
            raise EmptySourceError(
                f"{shown}: row {header_row} (header_row={header_row}) is empty; give the row "
                "that holds the column names",
                path=shown,
                row=header_row,
                line=header_row,
            )
    size = len(lines[index].encode("utf-8"))
    if size > limits.max_header_bytes:
        raise _header_over(
            shown,
            index + 1,
            f"is {size:,} bytes long",
            "max_header_bytes",
            limits.max_header_bytes,
        )
    delimiter = sniff_delimiter("\n".join(lines[index : index + _SNIFF_LINES]) + "\n")
    try:
        cells = next(csv.reader([lines[index]], delimiter=delimiter), [])
    except csv.Error as exc:
        raise MalformedSourceError(
            f"{shown}: cannot parse the header line ({exc})",
            path=shown,
            row=index + 1,
            line=index + 1,
        ) from exc
    if len(cells) > limits.max_columns:
        raise _header_over(
            shown, index + 1, f"has {len(cells):,} fields", "max_columns", limits.max_columns
        )
    banner = tuple(i + 1 for i, line in enumerate(lines[:index]) if _has_content(line))
    return _Header(index, delimiter, cells, banner)


def _header_over(shown: str, line: int, what: str, limit: str, maximum: int) -> LimitExceededError:
    return LimitExceededError(
        f"{shown}: the header (line {line}) {what}, more than the limit of {maximum:,} "
        f"(limits.{limit}); give header_row= if the header is another line",
        path=shown,
        line=line,
        limit=limit,
        maximum=maximum,
    )


def _header_in(
    start: Callable[[int], tuple[str, bool]],
    *,
    most: int | None,
    header_row: int | None,
    shown: str,
    limits: Limits,
) -> _Header | None:
    """Find the header in ever longer starts of a file: 64 KiB, 512 KiB, 4 MiB, ...

    *start* gives the text of the first *n* bytes and whether that is the whole file;
    *most* is the longest start there is (None: as far as the file goes). Returns None
    when the longest start does not reach the header.
    """
    size = _SAMPLE
    while True:
        text, complete = start(size)
        header = _find_header(
            text, complete=complete, header_row=header_row, shown=shown, limits=limits
        )
        if header is not None or complete or (most is not None and size >= most):
            return header
        size *= 8


def _header_of(data: bytes, header_row: int | None, shown: str, limits: Limits) -> _Header:
    """Find the header in UTF-8 *data*."""
    header = _header_in(
        lambda n: (data[:n].decode("utf-8", "ignore"), len(data) <= n),
        most=None,
        header_row=header_row,
        shown=shown,
        limits=limits,
    )
    if header is None:  # pragma: no cover - the whole text always decides
        raise ReadError(f"{shown}: cannot find the header", path=shown)
    return header


def _line_offset(data: bytes, index: int) -> int:
    """The byte offset of the 0-based line *index* in *data* (which has that line)."""
    offset = 0
    for _ in range(index):
        offset = data.index(b"\n", offset) + 1
    return offset


class _Lines(NamedTuple):
    """What one pass over the physical lines found (line indices 0-based, header at 0)."""

    needs_csv_module: bool  # a quoted line break, an unclosed or a mid-field quote
    ragged: int | None  # the first line whose field count differs from the header's
    fields: int  # that line's field count
    last: int  # the last line with content
    lines: int  # the number of lines


def _scan_lines(source: Path | bytes, delimiter: str, header: int, start: int = 0) -> _Lines:
    """Count the fields of every line in Polars: a line without a quoted break is one record.

    Lines before the 0-based line *start* (a banner above the header) are left out; the
    indices returned count from the header's line.
    """
    import polars as pl  # noqa: PLC0415

    line = pl.col("line")
    sep = f"\\x{{{ord(delimiter):02x}}}"
    # Each quoted field becomes a NUL. It must fill a whole field (a delimiter or the line's
    # end on both sides); a quote left over (unclosed or mid-field), or a NUL touching
    # anything else, sends the file to the csv module, whose rules are the reference.
    unquoted = pl.col("unquoted")
    irregular = (
        unquoted.str.contains('"', literal=True)
        | unquoted.str.contains(f"[^{sep}]\x00")
        | unquoted.str.contains(f"\x00[^{sep}]")
    )
    fields = unquoted.str.count_matches(delimiter, literal=True) + 1
    # every field empty, spaces or quoted spaces: no content (dropped at the end of a file)
    field = r'(?:\s*|"\s*")'
    blank = line.str.contains(f"^{field}(?:{sep}{field})*$")
    indexed = (
        pl.scan_csv(
            source,
            has_header=False,
            separator=_LINE_SEP,
            quote_char=None,
            infer_schema=False,
            new_columns=["line"],
        )
        .with_row_index("i")
        .with_columns(pl.col("i").cast(pl.Int64) - start)
        .filter(pl.col("i") >= 0)
        .with_columns(line.fill_null(""))
        .with_columns(line.str.replace_all(r'"(?:[^"]|"")*"', "\x00").alias("unquoted"))
    )
    i = pl.col("i")
    try:
        irregular_line, ragged, last, lines = (
            indexed.select(
                i.filter(irregular).min(),
                i.filter((fields != header) & (line != "")).min().alias("ragged"),
                i.filter(~blank).max().alias("last"),
                pl.len(),
            )
            .collect()
            .row(0)
        )
    except pl.exceptions.PolarsError:  # a unit separator in the data: the csv module parses
        return _Lines(needs_csv_module=True, ragged=None, fields=0, last=0, lines=0)
    count = 0
    if irregular_line is None and ragged is not None:
        count = indexed.filter(pl.col("i") == ragged).select(fields).collect().item()
    return _Lines(irregular_line is not None, ragged, int(count), int(last or 0), int(lines))


def _named(frame: _Frame, names: Sequence[str]) -> _Frame:
    """Give the columns of *frame* the names *names*, by position."""
    import polars as pl  # noqa: PLC0415

    return frame.select(pl.nth(i).alias(name) for i, name in enumerate(names))


def _parse_records(
    text: str, delimiter: str, shown: str, first_row: int
) -> tuple[pl.DataFrame, list[str]]:
    """Parse with the csv module (quoted line breaks, stray quotes); raise on a ragged record.

    *text* starts with the header, which is on spreadsheet row (and line) *first_row*.
    Returns the records (columns named by position) and the header's cells.
    """
    import polars as pl  # noqa: PLC0415

    above = first_row - 1  # the lines above the header (a banner), for line numbers
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
        columns: list[list[str | None]] = [[] for _ in header]
        last_content, previous_line = 0, reader.line_num
        record = line = 0
        for record, cells in enumerate(reader, start=1):
            line, previous_line = previous_line + 1, reader.line_num
            if not cells:  # an empty line: a row of nulls
                cells = [""] * len(header)  # noqa: PLW2901 - normalised in place
            if len(cells) != len(header):
                ragged = _Ragged(first_row + record, above + line, len(cells))
                raise _ragged_error(shown, ragged, len(header))
            for column, cell in zip(columns, cells, strict=True):
                column.append(cell)
            if any(cell.strip() for cell in cells):
                last_content = record
    except csv.Error as exc:
        raise MalformedSourceError(
            f"{shown}: cannot parse line {above + reader.line_num} ({exc})",
            path=shown,
            line=above + reader.line_num,
        ) from exc
    if record:  # an unclosed quote swallows the rest of the file into the last record
        _check_closed(text, _Ragged(first_row + record, line, 0), above, shown, delimiter)
    if last_content == 0:
        raise _no_rows(shown)
    series = [pl.Series(str(i), v[:last_content], dtype=pl.String) for i, v in enumerate(columns)]
    return pl.DataFrame(series), header


def _check_closed(text: str, last: _Ragged, above: int, shown: str, delimiter: str) -> None:
    """Raise when the last record runs to the end of the file inside an unclosed quote.

    *last* is the last record's row and its line in *text*; *above* the lines before *text*.
    """
    tail = "".join(itertools.islice(io.StringIO(text, newline=""), last.line - 1, None))
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            line = above + last.line
            raise MalformedSourceError(
                f"{shown}: row {last.row} (line {line}) opens a quote that is never closed; "
                "the rest of the file would be read into one cell",
                path=shown,
                row=last.row,
                line=line,
            ) from exc


def _ragged_error(shown: str, ragged: _Ragged, header: int) -> MalformedSourceError:
    more = "more" if ragged.fields > header else "fewer"
    return MalformedSourceError(
        f"{shown}: row {ragged.row} (line {ragged.line}) has {ragged.fields} fields, "
        f"{more} than the {header} of the header; check the delimiters and quotes of that line",
        path=shown,
        row=ragged.row,
        line=ragged.line,
    )


def _read_info(shown: str, header: _Header, header_row: int | None, encoding: str) -> ReadInfo:
    return ReadInfo(
        source=shown,
        format="csv",
        header_row=header.row,
        header_given=header_row is not None,
        banner_rows=header.banner_rows,
        encoding=encoding,
        delimiter=header.delimiter,
        duplicates=unique_names(header.cells)[1],
    )


@overload
def read_csv(
    path: Path, *, header_row: int | None = None, lazy: Literal[False] = False, limits: Limits
) -> tuple[pl.DataFrame, ReadInfo]: ...
@overload
def read_csv(
    path: Path, *, header_row: int | None = None, lazy: Literal[True], limits: Limits
) -> tuple[pl.LazyFrame, ReadInfo]: ...
@overload
def read_csv(
    path: Path, *, header_row: int | None = None, lazy: bool, limits: Limits
) -> tuple[pl.DataFrame | pl.LazyFrame, ReadInfo]: ...
def read_csv(
    path: Path, *, header_row: int | None = None, lazy: bool = False, limits: Limits
) -> tuple[pl.DataFrame | pl.LazyFrame, ReadInfo]:
    """Read a CSV file with every column as text and ``row`` appended (the spreadsheet row).

    Polars parses; the csv module takes over for quoted line breaks and quotes Polars
    refuses (``SITI "ANI"`` in an unquoted field). With *lazy*, a UTF-8 file that Polars
    parses is scanned; any other file is read in memory and returned as a LazyFrame.
    Returns the frame and what was learned reading it.
    """
    shown = os.fspath(path)
    check_file(path)
    if lazy:
        scanned = _scan(path, shown, header_row, limits)
        if scanned is not None:
            return scanned
        eager, info = read_csv(path, header_row=header_row, lazy=False, limits=limits)
        return eager.lazy(), info
    try:
        measured = _measure_file(path, shown, limits.max_line_bytes)  # before reading it all
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{shown}: cannot read the file ({exc.strerror})", path=shown) from exc
    decoded = decode(raw, shown)
    del raw
    if not measured:
        _measure(decoded.data, shown, limits.max_line_bytes)
    data = _unix_lines(decoded.data)
    header = _header_of(data, header_row, shown, limits)
    if header.line_index:
        data = data[_line_offset(data, header.line_index) :]
    width = len(header.cells)
    found = _scan_lines(data, header.delimiter, width)
    frame = None
    if not found.needs_csv_module:
        if found.ragged is not None:
            at = header.row + found.ragged  # no quoted line break: a record is a line
            raise _ragged_error(shown, _Ragged(at, at, found.fields), width)
        if found.last == 0:
            raise _no_rows(shown)
        frame = _polars_read(data, header.delimiter, found.lines - 1, width)
    if frame is None:  # quoted line breaks, or quoting Polars refuses
        frame, cells = _parse_records(data.decode("utf-8"), header.delimiter, shown, header.row)
        header = header._replace(cells=cells)
    else:
        frame = frame.head(found.last)
    names, _ = unique_names(header.cells)
    frame = _named(frame, names).with_columns(_empty_is_null())
    info = _read_info(shown, header, header_row, decoded.encoding)
    return with_row_column(frame, header.row + 1), info


def _unix_lines(data: bytes) -> bytes:
    r"""Old Mac files end lines with a lone ``\r``: make them ``\n``."""
    if b"\n" not in data and b"\r" in data:
        return data.replace(b"\r", b"\n")
    return data


def _no_rows(shown: str) -> EmptySourceError:
    return EmptySourceError(f"{shown}: the file has a header but no data rows", path=shown)


def _polars_read(data: bytes, delimiter: str, records: int, width: int) -> pl.DataFrame | None:
    """Parse with Polars; None when it refuses the quoting or counts other records or fields."""
    import polars as pl  # noqa: PLC0415

    try:
        frame = pl.read_csv(
            data, separator=delimiter, quote_char=_QUOTE, infer_schema=False, encoding="utf8"
        )
    except pl.exceptions.PolarsError:
        return None
    return frame if frame.height == records and frame.width == width else None


def _same_header(names: Sequence[str], cells: Sequence[str]) -> bool:
    """Whether Polars read the header line that was found (its names, renamed or not)."""
    return len(names) == len(cells) and all(
        name == cell or name.startswith(f"{cell}_duplicated_")
        for name, cell in zip(names, cells, strict=True)
    )


def _scan(
    path: Path, shown: str, header_row: int | None, limits: Limits
) -> tuple[pl.LazyFrame, ReadInfo] | None:
    """Check and scan a UTF-8 file that Polars parses; None when it must be read in memory."""
    import polars as pl  # noqa: PLC0415

    stream = _utf8_stream_check(path, shown, limits)
    if not stream.utf8 or ("\n" not in stream.head and "\r" in stream.head):
        return None
    head = stream.head
    header = _header_in(
        lambda n: (head[:n], stream.complete and n >= len(head)),
        most=len(head),
        header_row=header_row,
        shown=shown,
        limits=limits,
    )
    if header is None:
        return None
    width = len(header.cells)
    found = _scan_lines(path, header.delimiter, width, start=header.line_index)
    if found.needs_csv_module:
        return None
    if found.ragged is not None:
        at = header.row + found.ragged
        raise _ragged_error(shown, _Ragged(at, at, found.fields), width)
    if found.last == 0:
        raise _no_rows(shown)
    frame = pl.scan_csv(
        path,
        separator=header.delimiter,
        quote_char=_QUOTE,
        infer_schema=False,
        encoding="utf8",
        skip_lines=header.line_index,
    )
    try:  # one streaming pass: Polars must parse every field the way the line scan counted
        names = frame.collect_schema().names()
        counted = frame.select(pl.len().alias("\x00n"), pl.all().null_count()).collect().item(0, 0)
    except pl.exceptions.PolarsError:
        return None
    if counted != found.lines - 1 or not _same_header(names, header.cells):
        return None
    frame = _named(frame.head(found.last), unique_names(header.cells)[0])
    info = _read_info(shown, header, header_row, "utf-8-sig" if stream.bom else "utf-8")
    return with_row_column(frame.with_columns(_empty_is_null()), header.row + 1), info


class _Stream(NamedTuple):
    utf8: bool  # the whole file is UTF-8
    head: str  # its first characters (without a byte-order mark)
    complete: bool  # the head is the whole file
    bom: bool  # the file starts with a UTF-8 byte-order mark


def _utf8_stream_check(path: Path, shown: str, limits: Limits) -> _Stream:
    """Check that the whole file is UTF-8, its lines within the limit; keep its start.

    Reads the file once in chunks, in constant memory; the start kept is long enough to
    hold 16 headers of the longest size allowed (4 MiB by default).
    """
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    meter = _LineMeter(shown, limits.max_line_bytes)
    keep = max(_SAMPLE, 16 * limits.max_header_bytes)
    parts: list[str] = []
    kept = total = 0
    with path.open("rb") as handle:
        bom = handle.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8
        handle.seek(0)
        if handle.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return _Stream(utf8=False, head="", complete=False, bom=False)
        handle.seek(0)
        while chunk := handle.read(_CHUNK):
            meter.feed(chunk)
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError:
                return _Stream(utf8=False, head="", complete=False, bom=bom)
            total += len(text)
            if kept < keep:
                parts.append(text[: keep - kept])
                kept += len(parts[-1])
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return _Stream(utf8=False, head="", complete=False, bom=bom)
    return _Stream(utf8=True, head="".join(parts), complete=total <= keep, bom=bom)
