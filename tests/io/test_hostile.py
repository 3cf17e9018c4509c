"""Hostile files: every read ends, within its time and memory budget, with a typed error.

Each case builds its file in tmp_path (a zip bomb is small: a deflate block compressed
once and repeated), then reads it in a child process held to a time and memory budget
(the ``bounded`` fixture), and checks which error the child printed. Before the limits,
a 2 GiB sheet from 2-5 MB took 14-113 s and 2.3-11 GB (or aborted the process), the 1 GiB
shared string and the 1 GiB CSV line ran out of memory at 7-11 GB, and two cells at A1
and XFD1048576 (a 2 KB file) or a 187 KB Parquet file aborted the process.
"""

from __future__ import annotations

import dataclasses
import io as stdio
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from bansos_validate import io
from bansos_validate.errors import InvalidArgument

NIK = "3576014403910003"  # synthetic
SECONDS, MIB = 30, 800

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><sheetData>'.encode()
TAIL = b"</sheetData></worksheet>"
ROWS = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>NIK</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>NAMA</t></is></c></row>'
    b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + NIK.encode() + b"</t></is></c>"
    b'<c r="B2" t="inlineStr"><is><t>SITI</t></is></c></row>'
)

Piece = bytes | tuple[bytes, int]  # bytes, or bytes repeated n times
Bounded = Callable[..., Any]  # the fixture of tests/conftest.py


def _deflate(pieces: Sequence[Piece]) -> tuple[bytes, int, int]:
    """Raw deflate of the pieces, its CRC-32 and size; a repeated piece is compressed once.

    A full flush resets the compressor, so the bytes of a piece are the same each time it
    is repeated: a 2 GiB member costs one compression of a 1 MiB block.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    out, crc, size = [], 0, 0
    for piece in pieces:
        data, times = piece if isinstance(piece, tuple) else (piece, 1)
        out.append((compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)) * times)
        for _ in range(times):
            crc = zlib.crc32(data, crc)
        size += len(data) * times
    out.append(compressor.flush())
    return b"".join(out), crc, size


def _zip(
    path: Path, members: dict[str, Sequence[Piece]], declared: dict[str, int] | None = None
) -> Path:
    """Write a zip archive of deflated members; *declared* overrides a member's stated size."""
    buf, directory = stdio.BytesIO(), []
    for name, pieces in members.items():
        raw, crc, size = _deflate(pieces)
        stated = (declared or {}).get(name, size)
        encoded, offset = name.encode(), buf.tell()
        fields = (20, 0, 8, 0, 0, crc, len(raw), stated, len(encoded), 0)
        buf.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields) + encoded + raw)
        entry = (20, *fields, 0, 0, 0, 0, offset)
        directory.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", *entry) + encoded)
    at = buf.tell()
    listing = b"".join(directory)
    count = len(directory)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(listing), at, 0)
    path.write_bytes(buf.getvalue() + listing + end)
    return path


def _workbook(
    path: Path,
    sheet: Sequence[Piece],
    strings: Sequence[Piece] | None = None,
    declared: dict[str, int] | None = None,
    part: str = "worksheets/sheet1.xml",
) -> Path:
    """A minimal workbook (one sheet ``Data``, in *part*) around the sheet and strings XML."""
    types = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    members: dict[str, Sequence[Piece]] = {
        "[Content_Types].xml": [
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
            b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            b'<Default Extension="xml" ContentType="application/xml"/><Override PartName='
            b'"/xl/workbook.xml" ContentType="' + types.encode() + b'.sheet.main+xml"/>'
            b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
            + types.encode()
            + b'.worksheet+xml"/></Types>'
        ],
        "_rels/.rels": [
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'.encode()
        ],
        "xl/workbook.xml": [
            f'<workbook {_NS} xmlns:r="{_REL}"><sheets><sheet name="Data" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'.encode()
        ],
        "xl/_rels/workbook.xml.rels": [
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/worksheet" '
            f'Target="{part}"/><Relationship Id="rId2" Type="{_REL}/'
            'sharedStrings" Target="sharedStrings.xml"/></Relationships>'.encode()
        ],
        f"xl/{part}": sheet,
    }
    if strings is not None:
        members["xl/sharedStrings.xml"] = strings
    return _zip(path, members, declared)


def _read_in_child(
    bounded: Bounded, path: Path, *, lazy: bool = False, limits: str = ""
) -> tuple[str, Used]:
    """Read *path* in a bounded child; return what it printed, its time and own peak."""
    code = f"""
        import bansos_validate as bv
        try:
            frame = bv.io.read({str(path)!r}, lazy={lazy}{", limits=bv.io.Limits(" + limits + ")" if limits else ""})
            frame = frame.collect() if {lazy} else frame
            print("read", frame.height)
        except bv.errors.BansosValidateError as exc:
            print(type(exc).__name__, getattr(exc, "limit", None), "|", exc)
    """
    run = bounded(textwrap.dedent(code) + PEAK, seconds=SECONDS, memory_mib=MIB)
    assert not run.timed_out, f"timed out after {run.seconds:.1f} s"
    assert run.returncode == 0, run.stderr[-2000:]
    out, peak = _peak(run.stdout)
    assert peak < MIB, f"{peak:.0f} MiB"
    return out, Used(run.seconds, peak)


PEAK = """
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        print("peak", int(line.split()[1]) / 1024)
"""
"""The child's own peak memory. The ``bounded`` fixture's ``peak_mib`` (``ru_maxrss``)
also counts the memory of the test process at the fork, which a long test run makes
large; ``VmHWM`` is the high-water mark of the child's own address space, since exec."""


def _peak(stdout: str) -> tuple[str, float]:
    lines = stdout.strip().splitlines()
    assert lines, "the child printed nothing"
    assert lines[-1].startswith("peak "), stdout
    return "\n".join(lines[:-1]).strip(), float(lines[-1].split()[1])


@dataclasses.dataclass(frozen=True)
class Used:
    """What a bounded read took: seconds and its own peak memory."""

    seconds: float
    peak_mib: float


def _refused(out: str, error: str, limit: str | None = None) -> str:
    assert out.startswith(f"{error} {limit}"), out
    assert NIK not in out
    return out.split("|", 1)[1]


# --- XLSX ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filler",
    [
        b" " * (1 << 20),  # 2 GiB of spaces in 2 MB
        b"<row><c><v>1</v></c></row>" * (1 << 15),  # 80 million cells in 5 MB
    ],
    ids=["spaces", "cells"],
)
def test_sheet_zip_bomb_is_refused_before_it_inflates(
    tmp_path: Path, bounded: Bounded, filler: bytes
) -> None:
    times = (2 << 30) // len(filler)  # a 2 GiB sheet; the filler is compressed once
    path = _workbook(tmp_path / "bom.xlsx", [HEAD, ROWS, (filler, times), TAIL])
    assert path.stat().st_size < 6 << 20
    out, run = _read_in_child(bounded, path)
    message = _refused(out, "LimitExceededError", "max_xlsx_ratio")
    assert "bom.xlsx" in message
    assert "xl/worksheets/sheet1.xml" in message
    assert "zip bomb" in message
    assert run.seconds < 10


def test_one_gib_shared_string_is_refused(tmp_path: Path, bounded: Bounded) -> None:
    sheet = [HEAD, b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>', TAIL]
    strings = [
        f'<sst {_NS} count="1" uniqueCount="1"><si><t>'.encode(),
        (b"A" * (1 << 20), 1024),
        b"</t></si></sst>",
    ]
    path = _workbook(tmp_path / "sst.xlsx", sheet, strings)
    out, _ = _read_in_child(bounded, path)
    assert "sharedStrings.xml" in _refused(out, "LimitExceededError", "max_xlsx_ratio")


def test_long_text_that_compresses_badly_is_refused(tmp_path: Path, bounded: Bounded) -> None:
    text = bytes(65 + (i * 7919) % 26 for i in range(400_000))  # 400 KB, no ratio to speak of
    sheet = [HEAD, b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>', TAIL]
    strings = [f"<sst {_NS}><si><t>".encode(), text, b"</t></si></sst>"]
    out, _ = _read_in_child(bounded, _workbook(tmp_path / "teks.xlsx", sheet, strings))
    assert "32,767 characters" in _refused(out, "LimitExceededError", "max_xlsx_text_bytes")


def test_sizes_the_directory_understates_are_refused(tmp_path: Path, bounded: Bounded) -> None:
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i * 7919) for i in range(3, 300_000)
    )
    path = _workbook(
        tmp_path / "bohong.xlsx",
        [HEAD, ROWS, rows, TAIL],
        declared={"xl/worksheets/sheet1.xml": 1024},
    )
    out, _ = _read_in_child(bounded, path)
    assert "more than the 1,024 bytes it declares" in _refused(out, "MalformedSourceError")


FAR = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'


@pytest.mark.parametrize(
    "form",
    ["plain", "prefixed", "utf-16", "no-references", "not-named-xml"],
)
def test_a_cell_far_from_the_table_is_refused_not_a_crash(
    tmp_path: Path, bounded: Bounded, form: str
) -> None:
    """calamine allocates the grid between the cells: A1 to XFD1048576 aborted the process."""
    if form == "plain":
        sheet = [HEAD, ROWS, FAR, TAIL]
    elif form == "prefixed":  # <x:c ...>: the byte scan hands the sheet to expat
        swap = {b"<row": b"<x:row", b"</row": b"</x:row", b"<c ": b"<x:c ", b"</c>": b"</x:c>"}
        body = ROWS + FAR
        for old, new in swap.items():
            body = body.replace(old, new)
        body = body.replace(b"<v>", b"<x:v>").replace(b"</v>", b"</x:v>")
        head = HEAD.replace(b"<worksheet xmlns=", b"<x:worksheet xmlns:x=").replace(
            b"<sheetData>", b"<x:sheetData>"
        )
        sheet = [head, body, b"</x:sheetData></x:worksheet>"]
    elif form == "utf-16":
        text = (HEAD + ROWS + FAR + TAIL).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
        sheet = [text.encode("utf-16")]
    elif form == "no-references":  # 20,000 empty cells, then a value in column 20,001
        sheet = [HEAD, ROWS, b"<row>" + b"<c/>" * 20_000 + b"<c><v>1</v></c></row>", TAIL]
    else:  # the sheet in a part that is not scanned as XML while it inflates
        sheet = [HEAD, ROWS, FAR, TAIL]
    part = "worksheets/sheet1.bin" if form == "not-named-xml" else "worksheets/sheet1.xml"
    path = _workbook(tmp_path / "jauh.xlsx", sheet, part=part)
    assert path.stat().st_size < 64 << 10
    out, _ = _read_in_child(bounded, path)
    if form == "no-references":
        assert "beyond Excel's last row or column" in _refused(out, "MalformedSourceError")
    else:
        message = _refused(out, "LimitExceededError", "max_xlsx_cells")
        assert "spans rows 1-1,048,576 and columns A-XFD" in message
        assert "sheet 'Data'" in message


def test_cells_and_parts_beyond_the_limits(tmp_path: Path, bounded: Bounded) -> None:
    many = b"".join(
        b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i) for i in range(3, 203)
    )
    path = _workbook(tmp_path / "banyak.xlsx", [HEAD, ROWS, many, TAIL])
    out, _ = _read_in_child(bounded, path)
    assert out == "read 201"
    out, _ = _read_in_child(bounded, path, limits="max_xlsx_cells=100")
    assert "holds 204 cells" in _refused(out, "LimitExceededError", "max_xlsx_cells")
    out, _ = _read_in_child(bounded, path, limits="max_xlsx_member_bytes=4096")
    assert "inflates to" in _refused(out, "LimitExceededError", "max_xlsx_member_bytes")
    out, _ = _read_in_child(bounded, path, limits="max_xlsx_bytes=4096")
    _refused(out, "LimitExceededError", "max_xlsx_bytes")
    out, _ = _read_in_child(bounded, path, limits="max_xlsx_structure_bytes=100")
    assert "xl/workbook.xml" in _refused(out, "LimitExceededError", "max_xlsx_structure_bytes")
    members = {f"xl/media/x{i}.bin": [b"x"] for i in range(20_000)}
    out, _ = _read_in_child(bounded, _zip(tmp_path / "bagian.xlsx", members))
    assert "20,000 parts" in _refused(out, "LimitExceededError", "max_xlsx_members")


def test_a_list_of_sheets_that_cannot_be_read_is_refused(tmp_path: Path, bounded: Bounded) -> None:
    path = _workbook(tmp_path / "daftar.xlsx", [HEAD, ROWS, FAR, TAIL])
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    # mismatched tags: calamine reads on (it does not check end names), expat does not
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"<sheets>", b"<sheets><x></y>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    out, _ = _read_in_child(bounded, path)
    assert "list of sheets" in _refused(out, "MalformedSourceError")


def test_compression_spreadsheets_do_not_use_is_refused(tmp_path: Path, bounded: Bounded) -> None:
    path = tmp_path / "bzip2.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", HEAD + ROWS + TAIL)
    out, _ = _read_in_child(bounded, path)
    assert "compressed with method 12" in _refused(out, "MalformedSourceError")


# --- CSV -----------------------------------------------------------------------------


@pytest.mark.parametrize("lazy", [False, True])
def test_a_one_gib_line_is_refused_without_reading_it(
    tmp_path: Path, bounded: Bounded, lazy: bool
) -> None:
    path = tmp_path / "baris.csv"
    with path.open("wb") as handle:
        handle.write(f"NIK,NAMA\n{NIK},SITI\n{NIK},".encode())
        handle.truncate(1 << 30)  # a sparse 1 GiB line of NUL bytes: no disk, no line end
    out, run = _read_in_child(bounded, path, lazy=lazy)
    message = _refused(out, "LimitExceededError", "max_line_bytes")
    assert "line 3 is longer than 1,048,576 bytes" in message
    assert run.seconds < 10
    assert run.peak_mib < 300


def _wide(columns: int, separator: str = ",") -> tuple[str, str]:
    header = separator.join(["NIK", "NAMA", *(f"KOLOM_TAMBAHAN_{i:05d}" for i in range(columns))])
    row = separator.join([NIK, "SITI", *("x" * columns)])
    return header, row


@pytest.mark.parametrize("separator", [",", ";"])
@pytest.mark.parametrize("lazy", [False, True])
def test_a_long_header_below_a_banner_is_read(tmp_path: Path, separator: str, lazy: bool) -> None:
    """A header over 64 KiB below a banner was cut, and the banner taken for the header."""
    header, row = _wide(4_000, separator)
    assert len(header) > 64 << 10
    path = tmp_path / "lebar.csv"
    path.write_text(f"DAFTAR PENERIMA BLT DANA DESA\n{header}\n{row}\n{row}\n", encoding="utf-8")
    frame = io.read(path, lazy=lazy)
    frame = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
    assert frame.width == 4_003
    assert frame["NIK"].to_list() == [NIK, NIK]
    assert frame["row"].to_list() == [3, 4]


@pytest.mark.parametrize("lazy", [False, True])
def test_a_header_beyond_the_limit_is_refused_clearly(
    tmp_path: Path, bounded: Bounded, lazy: bool
) -> None:
    header, row = _wide(16_000)
    path = tmp_path / "lebar.csv"
    path.write_text(f"DAFTAR PENERIMA\n{header}\n{row}\n", encoding="utf-8")
    out, _ = _read_in_child(bounded, path, lazy=lazy)
    message = _refused(out, "LimitExceededError", "max_header_bytes")
    assert "the header (line 2) is 336,008 bytes long" in message
    assert "ragged" not in message
    columns = tmp_path / "kolom.csv"
    columns.write_text(",".join(["NIK"] + [""] * 20_000) + "\n" + "1," * 20_000 + "1\n")
    out, _ = _read_in_child(bounded, columns, lazy=lazy)
    assert "has 20,001 fields" in _refused(out, "LimitExceededError", "max_columns")


def test_line_limit_names_the_line_and_can_be_raised(tmp_path: Path) -> None:
    path = tmp_path / "alamat.csv"
    path.write_text(f"NIK,ALAMAT\n{NIK},JL. MERDEKA\n{NIK},{'X' * 5000}\n", encoding="cp1252")
    with pytest.raises(io.LimitExceededError) as info:
        io.read(path, limits=io.Limits(max_line_bytes=1000))
    assert (info.value.line, info.value.limit, info.value.maximum) == (3, "max_line_bytes", 1000)
    assert info.value.path == str(path)
    assert io.read(path)["ALAMAT"][1] == "X" * 5000
    with pytest.raises(InvalidArgument, match="max_line_bytes=0"):
        io.Limits(max_line_bytes=0)
    with pytest.raises(InvalidArgument, match=r"Expected a bansos_validate\.io\.Limits"):
        io.read(path, limits={"max_line_bytes": 1000})  # type: ignore[call-overload]


# --- Parquet and PostgreSQL ------------------------------------------------------------


def test_a_parquet_row_bomb_is_refused_from_its_footer(tmp_path: Path, bounded: Bounded) -> None:
    """300 million repeated values fit in 200 KB and took 7 GB (or aborted) to read."""
    path = tmp_path / "baris.parquet"
    build = (  # in another process: the test run's own memory stays small
        "import polars as pl; pl.LazyFrame().select(pl.repeat('3576014403910003', 300_000_000)"
        f".alias('nik')).sink_parquet({str(path)!r}, row_group_size=50_000_000)"
    )
    subprocess.run([sys.executable, "-c", build], check=True, timeout=120)
    assert path.stat().st_size < 1 << 20
    out, run = _read_in_child(bounded, path)
    message = _refused(out, "LimitExceededError", "max_parquet_cells")
    assert "300,000,000 rows x 1 columns" in message
    assert "lazy=True" in message
    assert run.peak_mib < 300
    lazy = bounded(
        f"import bansos_validate as bv; print(bv.io.read({str(path)!r}, lazy=True).columns)" + PEAK,
        seconds=SECONDS,
        memory_mib=MIB,
    )
    columns, peak = _peak(lazy.stdout)
    assert columns == "['nik', 'row']", lazy.stderr
    assert peak < 300


@pytest.mark.parametrize("lazy", [False, True])
def test_parquet_identifiers_come_out_as_text(tmp_path: Path, lazy: bool) -> None:
    path = tmp_path / "biner.parquet"
    pl.DataFrame(
        {
            "NIK": [NIK.encode(), None],
            "NO KK": pl.Series(["3576010101010001", None], dtype=pl.Categorical),
            "foto": [b"\xff\xd8", b"\x00"],  # not an identifier: bytes stay bytes
        }
    ).write_parquet(path)
    frame = io.read(path, lazy=lazy)
    frame = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
    assert frame.schema["NIK"] == pl.String
    assert frame.schema["NO KK"] == pl.String
    assert frame.schema["foto"] == pl.Binary
    assert frame["NIK"].to_list() == [NIK, None]


@pytest.mark.parametrize("lazy", [False, True])
@pytest.mark.parametrize(
    ("column", "values", "words"),
    [
        ("nik", [[NIK], None], "holds list values"),
        ("no_kk", [{"a": NIK}, None], "holds struct values"),
        ("nik", pl.Series([[NIK, NIK], None], dtype=pl.Array(pl.String, 2)), "holds array"),
        ("no_kk", [b"\xff\xfe", b"1"], "bytes that are not UTF-8"),
    ],
)
def test_parquet_identifiers_that_are_not_text_are_refused(
    tmp_path: Path, lazy: bool, column: str, values: object, words: str
) -> None:
    path = tmp_path / "bersarang.parquet"
    pl.DataFrame({column: values, "nama": ["SITI", "BUDI"]}).write_parquet(path)
    with pytest.raises(io.MalformedSourceError, match=words) as info:
        io.read(path, lazy=lazy)
    assert info.value.column == column
    assert f"column {column!r}" in str(info.value)


def test_postgres_identifiers_come_out_as_text(
    pg_dsn: str, pg_schema: str, pg_exec: Callable[..., None]
) -> None:
    table = f'"{pg_schema}".biner'
    pg_exec(
        f"CREATE TABLE {table} (nik bytea, no_kk text[])",
        f"INSERT INTO {table} VALUES (convert_to('{NIK}', 'UTF8'), ARRAY['{NIK}'])",  # noqa: S608
    )
    frame = io.read(pg_dsn, query=f"SELECT nik FROM {table}")  # noqa: S608 - test names
    assert frame.schema["nik"] == pl.String
    assert frame["nik"].to_list() == [NIK]
    with pytest.raises(io.MalformedSourceError, match="holds list values") as info:
        io.read(pg_dsn, table=f"{pg_schema}.biner")
    assert info.value.column == "no_kk"


# --- fuzzing -------------------------------------------------------------------------

FUZZ = """
import io as stdio, warnings, zipfile
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings, strategies as st

import bansos_validate as bv
from bansos_validate.errors import BansosValidateError

folder = Path(FOLDER)
NIK = "3576014403910003"
CSV = (
    "DAFTAR PENERIMA\\n\\nNIK;NAMA;ALAMAT\\n" + NIK + ';SITI;"JL. MERDEKA\\n1"\\n'
    "3576014403910011;BUDI;RT 01\\n"
).encode("cp1252")
seed = bv.io.write(
    pl.DataFrame({"NIK": [NIK, "3576014403910011"], "NAMA": ["SITI", "BUDI"], "n": [1.5, 2.0]}),
    folder / "seed.xlsx",
)
XLSX = seed.read_bytes()
with zipfile.ZipFile(seed) as archive:
    MEMBERS = {info.filename: archive.read(info) for info in archive.infolist()}
TOKENS = [
    b"<", b">", b"/", b'"', b"=", b"c", b"r", b"A", b"1", b"XFD", b"1048576", b'<c r="',
    b"<row>", b"</row>", b"<v>", b"</v>", b"&amp;", b"\\x00", b"\\xff", b"\\n", b"\\r", b",",
    b";", b"\\t", b"<c>", b"<si>", b":", b"\\xef\\xbb\\xbf", b"\\xff\\xfe",
]
edits = st.lists(
    st.tuples(
        st.sampled_from(["set", "insert", "delete", "cut"]),
        st.floats(0, 1),
        st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=8),
        st.sampled_from([1, 1, 2, 300]),
    ),
    min_size=1,
    max_size=6,
)


def mutate(data, changes):
    data = bytearray(data)
    for kind, where, token, times in changes:
        at = int(where * len(data))
        if kind == "set" and data:
            data[min(at, len(data) - 1)] = token[0]
        elif kind == "insert":
            data[at:at] = token * times
        elif kind == "delete":
            del data[at : at + times]
        else:
            del data[at:]
    return bytes(data)


def rezip(member, changes):
    out = stdio.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in MEMBERS.items():
            archive.writestr(name, mutate(data, changes) if name == member else data)
    return out.getvalue()


source = st.one_of(
    st.tuples(st.sampled_from(["csv", "xlsx"]), st.binary(max_size=3000)),
    edits.map(lambda c: ("csv", mutate(CSV, c))),
    edits.map(lambda c: ("xlsx", mutate(XLSX, c))),
    st.tuples(st.sampled_from(sorted(MEMBERS)), edits).map(lambda m: ("xlsx", rezip(*m))),
)
examples = 0


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@given(source)
def readers_end_in_a_frame_or_a_typed_error(case):
    global examples
    examples += 1
    kind, content = case
    path = folder / f"fuzz.{kind}"
    path.write_bytes(content)
    for lazy in (False, True):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                frame = bv.io.read(path, lazy=lazy)
                if lazy:
                    frame = frame.collect()
            assert isinstance(frame, pl.DataFrame)
        except BansosValidateError:
            pass


readers_end_in_a_frame_or_a_typed_error()
print("fuzzed", examples)
"""


def test_fuzzed_files_end_in_a_frame_or_a_typed_error(tmp_path: Path, bounded: Bounded) -> None:
    """Random bytes and mutated CSV and XLSX files: a frame, or one of the library's errors."""
    code = FUZZ.replace("FOLDER", repr(str(tmp_path))).replace("EXAMPLES", "1000")
    run = bounded(code + PEAK, seconds=240, memory_mib=MIB)
    assert not run.timed_out
    assert run.returncode == 0, run.stderr[-3000:]
    out, peak = _peak(run.stdout)
    assert out == "fuzzed 1000"
    assert peak < MIB


def test_every_limit_has_a_message_in_bahasa_indonesia(tmp_path: Path) -> None:
    import attrs

    from bansos_validate.io._errors import _LIMIT_ID

    names = {f.name for f in attrs.fields(io.Limits)}
    assert names == set(_LIMIT_ID)
    error = io.LimitExceededError(
        "too long", limit="max_line_bytes", maximum=1_048_576, path="data.csv", line=7
    )
    assert error.message_id is not None
    assert error.message_id.startswith("data.csv, baris 7: satu baris CSV")
    assert "1.048.576 byte" in error.message_id
    path = tmp_path / "panjang.csv"
    path.write_text("nik,nama\n" + "3576014403910003," + "A" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(io.LimitExceededError) as caught:
        io.read(path, limits=io.Limits(max_line_bytes=1000))
    assert caught.value.message_id is not None
    assert "berkas tidak dibaca" in caught.value.message_id
