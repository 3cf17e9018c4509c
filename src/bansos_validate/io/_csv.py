"""CSV reading: encoding and delimiter detection, every column as text, ragged-row checks.

Encodings, in the order tried: a byte-order mark (UTF-8, UTF-16 LE/BE) decides; otherwise
UTF-8, then Windows-1252 (what Excel "CSV" saves on Indonesian Windows). Bytes that fit
neither are reported with their offset and line.

Delimiters: the one of ``,`` ``;`` TAB ``|`` that splits the header into the most fields
and the sample lines into as many fields as the header.

Rows: a record is a data row; an empty line is a row whose cells are all null (so row
numbers match a spreadsheet that opens the file), but empty lines and delimiter-only lines
at the end of the file are dropped. A record with more or fewer fields than the header is
an error naming its data row and line.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
from typing import TYPE_CHECKING, Literal, NamedTuple, overload

from bansos_validate.io._common import check_file, with_row_column
from bansos_validate.io._errors import EmptySourceError, MalformedSourceError, ReadError

if TYPE_CHECKING:
    from pathlib import Path

    import polars as pl

__all__ = ["DELIMITERS", "decode", "read_csv", "sniff_delimiter"]

DELIMITERS = (",", ";", "\t", "|")
"""Delimiters recognised, in order of preference on a tie."""

_QUOTE = '"'
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


def _fields(line: str, delimiter: str) -> int:
    return len(next(csv.reader([line], delimiter=delimiter), []))


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


class _Lines(NamedTuple):
    """What one pass over the physical lines found (line indices 0-based, header at 0)."""

    needs_csv_module: bool  # a quoted line break, an unclosed or a mid-field quote
    ragged: int | None  # the first line whose field count differs from the header's
    fields: int  # that line's field count
    last: int  # the last line with content
    lines: int  # the number of lines


def _scan_lines(source: Path | bytes, delimiter: str, header: int) -> _Lines:
    """Count the fields of every line in Polars: a line without a quoted break is one record."""
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
        .with_columns(line.fill_null(""))
        .with_columns(line.str.replace_all(r'"(?:[^"]|"")*"', "\x00").alias("unquoted"))
    )
    i = pl.col("i").cast(pl.Int64)
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


def _unique_names(header: list[str]) -> list[str]:
    """Rename repeated header names as Polars does (``nama``, ``nama_duplicated_0``)."""
    seen: dict[str, int] = {}
    names = []
    for name in header:
        if name in seen:
            names.append(f"{name}_duplicated_{seen[name]}")
            seen[name] += 1
        else:
            names.append(name)
            seen[name] = 0
    return names


def _parse_records(text: str, delimiter: str, shown: str) -> pl.DataFrame:
    """Parse with the csv module (quoted line breaks, stray quotes); raise on a ragged record."""
    import polars as pl  # noqa: PLC0415

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
        columns: list[list[str | None]] = [[] for _ in header]
        last_content, previous_line = 0, reader.line_num
        row = line = 0
        for row, record in enumerate(reader, start=1):
            line, previous_line = previous_line + 1, reader.line_num
            if not record:  # an empty line: a row of nulls
                record = [""] * len(header)  # noqa: PLW2901 - normalised in place
            if len(record) != len(header):
                raise _ragged_error(shown, _Ragged(row, line, len(record)), len(header))
            for column, cell in zip(columns, record, strict=True):
                column.append(cell)
            if any(cell.strip() for cell in record):
                last_content = row
    except csv.Error as exc:
        raise MalformedSourceError(
            f"{shown}: cannot parse line {reader.line_num} ({exc})",
            path=shown,
            line=reader.line_num,
        ) from exc
    if row:  # an unclosed quote swallows the rest of the file into the last record
        _check_closed(text, row, line, shown, delimiter)
    if last_content == 0:
        raise _no_rows(shown)
    frame = pl.DataFrame([pl.Series(values[:last_content], dtype=pl.String) for values in columns])
    frame.columns = _unique_names(header)  # set afterwards: a Series named "" is renamed
    return frame


def _check_closed(text: str, row: int, line: int, shown: str, delimiter: str) -> None:
    """Raise when the last record runs to the end of the file inside an unclosed quote."""
    tail = "".join(itertools.islice(io.StringIO(text, newline=""), line - 1, None))
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise MalformedSourceError(
                f"{shown}: data row {row} (line {line}) opens a quote that is never closed; "
                "the rest of the file would be read into one cell",
                path=shown,
                row=row,
                line=line,
            ) from exc


def _ragged_error(shown: str, ragged: _Ragged, header: int) -> MalformedSourceError:
    more = "more" if ragged.fields > header else "fewer"
    return MalformedSourceError(
        f"{shown}: data row {ragged.row} (line {ragged.line}) has {ragged.fields} fields, "
        f"{more} than the {header} of the header; check the delimiters and quotes of that line",
        path=shown,
        row=ragged.row,
        line=ragged.line,
    )


def _header_and_delimiter(head: str, shown: str) -> tuple[str, int]:
    delimiter = sniff_delimiter(head)
    first = head.split("\n", 1)[0].rstrip("\r")
    if not first.strip(delimiter + ' \t"'):
        raise EmptySourceError(f"{shown}: the first line (the header) is empty", path=shown)
    try:
        return delimiter, _fields(first, delimiter)
    except csv.Error as exc:
        raise MalformedSourceError(
            f"{shown}: cannot parse the header line ({exc})", path=shown, line=1
        ) from exc


@overload
def read_csv(path: Path, *, lazy: Literal[False] = False) -> pl.DataFrame: ...
@overload
def read_csv(path: Path, *, lazy: Literal[True]) -> pl.LazyFrame: ...
@overload
def read_csv(path: Path, *, lazy: bool) -> pl.DataFrame | pl.LazyFrame: ...
def read_csv(path: Path, *, lazy: bool = False) -> pl.DataFrame | pl.LazyFrame:
    """Read a CSV file with every column as text and ``row`` appended (1 = first data row).

    Polars parses; the csv module takes over for quoted line breaks and quotes Polars
    refuses (``SITI "ANI"`` in an unquoted field). With *lazy*, a UTF-8 file that Polars
    parses is scanned; any other file is read in memory and returned as a LazyFrame.
    """
    shown = os.fspath(path)
    check_file(path)
    if lazy:
        scanned = _scan(path, shown)
        return scanned if scanned is not None else read_csv(path, lazy=False).lazy()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{shown}: cannot read the file ({exc.strerror})", path=shown) from exc
    data = _unix_lines(decode(raw, shown).data)
    del raw
    delimiter, header = _header_and_delimiter(data[:_SAMPLE].decode("utf-8", "ignore"), shown)
    found = _scan_lines(data, delimiter, header)
    frame = None
    if not found.needs_csv_module:
        if found.ragged is not None:
            ragged = _Ragged(found.ragged, found.ragged + 1, found.fields)
            raise _ragged_error(shown, ragged, header)
        if found.last == 0:
            raise _no_rows(shown)
        frame = _polars_read(data, delimiter, found.lines - 1)
    if frame is None:  # quoted line breaks, or quoting Polars refuses
        frame = _parse_records(data.decode("utf-8"), delimiter, shown)
    else:
        frame = frame.head(found.last)
    return with_row_column(frame.with_columns(_empty_is_null()), 1)


def _unix_lines(data: bytes) -> bytes:
    r"""Old Mac files end lines with a lone ``\r``: make them ``\n``."""
    if b"\n" not in data and b"\r" in data:
        return data.replace(b"\r", b"\n")
    return data


def _no_rows(shown: str) -> EmptySourceError:
    return EmptySourceError(f"{shown}: the file has a header but no data rows", path=shown)


def _polars_read(data: bytes, delimiter: str, records: int) -> pl.DataFrame | None:
    """Parse with Polars; None when it refuses the quoting or counts other records."""
    import polars as pl  # noqa: PLC0415

    try:
        frame = pl.read_csv(
            data, separator=delimiter, quote_char=_QUOTE, infer_schema=False, encoding="utf8"
        )
    except pl.exceptions.PolarsError:
        return None
    return frame if frame.height == records else None


def _scan(path: Path, shown: str) -> pl.LazyFrame | None:
    """Check and scan a UTF-8 file that Polars parses; None when it must be read in memory."""
    import polars as pl  # noqa: PLC0415

    utf8, head = _utf8_stream_check(path)
    if not utf8 or ("\n" not in head and "\r" in head):
        return None
    delimiter, header = _header_and_delimiter(head, shown)
    found = _scan_lines(path, delimiter, header)
    if found.needs_csv_module:
        return None
    if found.ragged is not None:
        raise _ragged_error(shown, _Ragged(found.ragged, found.ragged + 1, found.fields), header)
    if found.last == 0:
        raise _no_rows(shown)
    frame = pl.scan_csv(
        path, separator=delimiter, quote_char=_QUOTE, infer_schema=False, encoding="utf8"
    )
    try:  # one streaming pass: Polars must parse every field the way the line scan counted
        counted = frame.select(pl.len().alias("\x00n"), pl.all().null_count()).collect().item(0, 0)
    except pl.exceptions.PolarsError:
        return None
    if counted != found.lines - 1:
        return None
    return with_row_column(frame.head(found.last).with_columns(_empty_is_null()), 1)


def _utf8_stream_check(path: Path) -> tuple[bool, str]:
    """Return (whether the whole file is UTF-8, its first characters), in constant memory."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    head = ""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError:
                return False, ""
            if len(head) < _SAMPLE:
                head += text[: _SAMPLE - len(head)]
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False, ""
    return True, head
