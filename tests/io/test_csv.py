"""Reading CSV: text columns, encodings, delimiters, row numbers and bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bansos_validate import io
from bansos_validate.errors import InvalidArgument, UsageError

NIK = "3576014403910003"  # synthetic
NIK_2 = "3576014403910011"
NIK_PAPUA = "9171014403910003"  # beyond 2**53: float64 would corrupt it
REF = dt.date(2026, 11, 27)


def _csv(tmp_path: Path, text: str, *, encoding: str = "utf-8", name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_detected(tmp_path: Path, delimiter: str) -> None:
    text = delimiter.join(["NIK", "NAMA", "ALAMAT"]) + "\n"
    text += delimiter.join([NIK, "SITI AMINAH", '"JL. MERDEKA 1, RT 01"']) + "\n"
    frame = io.read(_csv(tmp_path, text))
    assert frame.columns == ["NIK", "NAMA", "ALAMAT", "row"]
    assert frame.row(0) == (NIK, "SITI AMINAH", "JL. MERDEKA 1, RT 01", 2)


def test_semicolon_file_with_commas_in_values(tmp_path: Path) -> None:
    text = f"NIK;NAMA;ALAMAT\n{NIK};SITI, S.Pd;JL. A, B, C\n{NIK_2};BUDI;JL. D\n"
    frame = io.read(_csv(tmp_path, text))
    assert frame["NAMA"].to_list() == ["SITI, S.Pd", "BUDI"]


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""), ("utf-16-le", b"\xff\xfe")],
    ids=["utf-8", "utf-8-bom", "windows-1252", "utf-16-bom"],
)
def test_encoding_is_detected(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = f"NIK,NAMA\n{NIK},JÉRÔME ÖZİL\n".replace("İ", "I") if encoding == "cp1252" else None
    text = text or f"NIK,NAMA\n{NIK},JÉRÔME ÖZİL\n"
    path = tmp_path / "roster.csv"
    path.write_bytes(prefix + text.encode(encoding))
    frame = io.read(path)
    assert frame.columns == ["NIK", "NAMA", "row"]  # no BOM in the first header
    assert frame["NAMA"][0] == text.split("\n")[1].split(",")[1]


def test_every_column_is_text_and_ids_are_exact(tmp_path: Path) -> None:
    text = f"nik,no_kk,rt,desil,nilai\n{NIK_PAPUA},3576010101200001,001,4,1.50\n"
    frame = io.read(_csv(tmp_path, text))
    assert frame.schema == pl.Schema(
        {"nik": pl.String, "no_kk": pl.String, "rt": pl.String, "desil": pl.String}
        | {"nilai": pl.String, "row": pl.Int64}
    )
    assert frame.row(0) == (NIK_PAPUA, "3576010101200001", "001", "4", "1.50", 2)


def test_empty_cells_are_null_and_spaces_are_kept(tmp_path: Path) -> None:
    frame = io.read(_csv(tmp_path, f'nik,nama,rt\n{NIK},,""\n{NIK_2}, BUDI ,002\n'))
    assert frame.rows() == [(NIK, None, None, 2), (NIK_2, " BUDI ", "002", 3)]


def test_rows_are_spreadsheet_rows_with_blank_lines_and_quoted_breaks(
    tmp_path: Path,
) -> None:
    text = f'nik,alamat\r\n{NIK},"JL. A\r\nRT 01"\r\n\r\n{NIK_2},JL. B\r\n\r\n,\r\n\r\n'
    frame = io.read(_csv(tmp_path, text))
    # the header is row 1; the record with a quoted line break is one row (2); row 3 is the
    # empty line (kept, all null); the trailing empty and ',' lines are dropped
    assert frame.rows() == [(NIK, "JL. A\r\nRT 01", 2), (None, None, 3), (NIK_2, "JL. B", 4)]


def test_existing_row_column_is_kept_and_not_added(tmp_path: Path) -> None:
    frame = io.read(_csv(tmp_path, f"row,nik\n10,{NIK}\n11,{NIK_2}\n"))
    assert frame.columns == ["row", "nik"]
    assert frame["row"].to_list() == ["10", "11"]


def test_lazy_scan_equals_eager_read(tmp_path: Path) -> None:
    path = _csv(tmp_path, f'nik;nama\n{NIK};"A;B"\n\n{NIK_2};C\n\n')
    lazy = io.read(path, lazy=True)
    assert isinstance(lazy, pl.LazyFrame)
    assert lazy.collect().equals(io.read(path))


def test_lazy_windows_1252_is_decoded_in_memory(tmp_path: Path) -> None:
    path = _csv(tmp_path, f"nik,nama\n{NIK},JÉRÔME\n", encoding="cp1252")
    frame = io.read(path, lazy=True).collect()
    assert frame.row(0) == (NIK, "JÉRÔME", 2)


def test_check_table_keeps_the_csv_row_numbers(tmp_path: Path) -> None:
    from bansos_validate.table import check_table

    frame = io.read(_csv(tmp_path, f"NIK,NAMA\n{NIK},SITI\n\n{NIK_PAPUA},NOVI\n"))
    checked = check_table(frame, reference_date=REF).frame
    assert checked["row"].to_list() == [2, 3, 4]
    assert checked["NIK"].to_list() == [NIK, None, NIK_PAPUA]
    assert checked["status"][0] == "valid"
    assert "excel_damaged" not in checked["status"].to_list()


# --- bad input --------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "tidak_ada.csv"
    with pytest.raises(io.SourceNotFoundError, match=r"tidak_ada\.csv: file not found") as info:
        io.read(path)
    assert info.value.path == str(path)
    assert isinstance(info.value.__cause__, FileNotFoundError)


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "data.csv"
    folder.mkdir()
    with pytest.raises(io.SourceNotFoundError, match="is a directory"):
        io.read(folder)


@pytest.mark.parametrize("lazy", [False, True])
def test_empty_file(tmp_path: Path, lazy: bool) -> None:
    with pytest.raises(io.EmptySourceError, match=r"empty \(0 bytes\)"):
        io.read(_csv(tmp_path, ""), lazy=lazy)


@pytest.mark.parametrize(
    "text", ["NIK,NAMA\n", "NIK,NAMA", "NIK,NAMA\r\n\r\n\r\n", "NIK;NAMA\n;\n"]
)
@pytest.mark.parametrize("lazy", [False, True])
def test_header_only(tmp_path: Path, text: str, lazy: bool) -> None:
    with pytest.raises(io.EmptySourceError, match="header but no data rows"):
        io.read(_csv(tmp_path, text), lazy=lazy)


def test_empty_lines_above_a_header_without_data(tmp_path: Path) -> None:
    # the empty lines are skipped (the header is row 3), and no data row follows it
    with pytest.raises(io.EmptySourceError, match="header but no data rows"):
        io.read(_csv(tmp_path, "\n\nNIK\n"))


@pytest.mark.parametrize("lazy", [False, True])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"nik,nama,rt\n{NIK},A,001\n{NIK_2},B\n{NIK},C,003\n", (3, 3, 2)),
        (f"nik,nama,rt\n{NIK},A,001\n{NIK_2},B,002,extra\n", (3, 3, 4)),
        # a quoted line break: record 3 (row 4) starts on line 5, after the 2-line record 1
        (f'nik,alamat\n{NIK},"JL. A\nRT 01"\n{NIK_2},JL. B\n{NIK},"JL. C",x\n', (4, 5, 3)),
    ],
    ids=["fewer", "more", "after-quoted-break"],
)
def test_ragged_row_names_row_and_line(
    tmp_path: Path, text: str, expected: tuple[int, int, int], lazy: bool
) -> None:
    row, line, fields = expected
    with pytest.raises(io.MalformedSourceError) as info:
        io.read(_csv(tmp_path, text), lazy=lazy)
    error = info.value
    assert (error.row, error.line) == (row, line)
    assert f": row {row} (line {line}) has {fields} fields" in str(error)
    assert NIK not in str(error)
    assert NIK_2 not in str(error)


@pytest.mark.parametrize("lazy", [False, True])
def test_undecodable_bytes_name_offset_and_line(tmp_path: Path, lazy: bool) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(f"nik,nama\n{NIK},SITI\n{NIK_2},BUDI\x81\n".encode("latin-1"))
    with pytest.raises(io.MalformedSourceError) as info:
        io.read(path, lazy=lazy)
    offset = path.read_bytes().index(b"\x81")
    assert info.value.line == 3
    assert f"byte 0x81 at line 3 (byte offset {offset})" in str(info.value)
    assert NIK_2 not in str(info.value)
    assert isinstance(info.value.__cause__, UnicodeDecodeError)


def test_undecodable_blames_the_encoding_that_read_further(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(b"nik,nama\n1,J\xc9R\xd4ME\n2,A\x8d\n")  # Windows-1252 text, then 0x8D
    with pytest.raises(io.MalformedSourceError, match="0x8D at line 3") as info:
        io.read(path)
    assert "Windows-1252" in str(info.value)
    assert "not UTF-8 either (byte 0xC9 at line 2" in str(info.value)


def test_bom_with_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(b"\xef\xbb\xbfnik\n\xff\n")
    with pytest.raises(io.MalformedSourceError, match=r"UTF-8 byte-order mark.*line 2"):
        io.read(path)


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "roster.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(io.UnsupportedFormatError, match=r"'\.xls'.*save it as \.xlsx"):
        io.read(path)
    with pytest.raises(io.UnsupportedFormatError, match="files without a suffix"):
        io.read(tmp_path / "roster")
    with pytest.raises(io.UnsupportedFormatError, match="scheme 'https'"):
        io.read("https://example.org/roster.csv")


def test_arguments_that_do_not_fit_a_csv(tmp_path: Path) -> None:
    path = _csv(tmp_path, f"nik\n{NIK}\n")
    with pytest.raises(InvalidArgument, match="sheet="):
        io.read(path, "Sheet1")
    with pytest.raises(InvalidArgument, match="postgresql://"):
        io.read(path, table="roster")
    with pytest.raises(InvalidArgument, match="path or a URL"):
        io.read(42)  # type: ignore[call-overload]


def test_errors_are_usage_errors_and_value_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        io.read(tmp_path / "missing.csv")
    with pytest.raises(ValueError, match="file not found"):
        io.read(tmp_path / "missing.csv")


_CELL = st.text(alphabet=st.sampled_from([*"abcAZ09 ,;|\t\"'\n\r.-É", "é"]), min_size=0, max_size=8)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.tuples(_CELL, _CELL, _CELL), min_size=1, max_size=6),
    separator=st.sampled_from([",", ";", "\t", "|"]),
)
def test_round_trip_of_polars_csv(
    tmp_path: Path, rows: list[tuple[str, str, str]], separator: str
) -> None:
    """Whatever Polars writes (any delimiter, quotes, line breaks) reads back cell for cell."""
    frame = pl.DataFrame(rows, schema=["nik", "nama", "alamat"], orient="row")
    # a row of empty cells at the end is indistinguishable from trailing empty lines
    last_content = max((i for i, r in enumerate(rows) if any(c.strip() for c in r)), default=-1)
    path = tmp_path / "round.csv"
    frame.write_csv(path, separator=separator, quote_style="non_numeric")
    if last_content < 0:
        with pytest.raises(io.EmptySourceError):
            io.read(path)
        return
    back = io.read(path)
    expected = frame.head(last_content + 1).with_columns(
        pl.all().replace("", None)  # empty cells are null
    )
    assert back.drop("row").rows() == expected.rows()
    assert back["row"].to_list() == list(range(2, last_content + 3))  # header on row 1


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_line_scan_stays_in_polars_without_quoted_breaks(delimiter: str) -> None:
    from bansos_validate.io._csv import _scan_lines

    data = delimiter.join(["a", "b"]) + "\n" + delimiter.join(["1", '"x"']) + "\n\n"
    found = _scan_lines(data.encode(), delimiter, 2)
    assert (found.needs_csv_module, found.ragged, found.last, found.lines) == (False, None, 1, 3)
    found = _scan_lines(f"a{delimiter}b\n1{delimiter}2{delimiter}3\n".encode(), delimiter, 2)
    assert (found.ragged, found.fields) == (1, 3)
    assert _scan_lines(b'a,b\n1,"x\ny"\n', ",", 2).needs_csv_module  # the csv module takes over


@pytest.mark.parametrize("lazy", [False, True])
def test_quotes_polars_refuses_are_read_by_the_csv_module(tmp_path: Path, lazy: bool) -> None:
    text = f'nik,nama\n{NIK},SITI "ANI"\n{NIK_2},"BUDI" S\n'
    frame = io.read(_csv(tmp_path, text), lazy=lazy)
    frame = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
    assert frame.rows() == [(NIK, 'SITI "ANI"', 2), (NIK_2, "BUDI S", 3)]


@pytest.mark.parametrize(
    "text", [f'nik,nama\n{NIK},"SITI\n{NIK_2},BUDI\n', f'nik,nama\n{NIK},"SITI']
)
def test_unclosed_quote_is_an_error(tmp_path: Path, text: str) -> None:
    with pytest.raises(io.MalformedSourceError, match="quote that is never closed") as info:
        io.read(_csv(tmp_path, text))
    assert (info.value.row, info.value.line) == (2, 2)


@pytest.mark.parametrize("lazy", [False, True])
def test_old_mac_line_endings(tmp_path: Path, lazy: bool) -> None:
    frame = io.read(_csv(tmp_path, f"nik;nama\r{NIK};SITI\r{NIK_2};BUDI\r"), lazy=lazy)
    frame = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
    assert frame.rows() == [(NIK, "SITI", 2), (NIK_2, "BUDI", 3)]


@pytest.mark.parametrize("breaks", [False, True])
def test_duplicate_headers_are_renamed_like_polars(tmp_path: Path, breaks: bool) -> None:
    cell = '"JL. A\nRT 01"' if breaks else "JL. A"
    frame = io.read(_csv(tmp_path, f"nik,nama,nama,\n{NIK},SITI,S,{cell}\n"))
    assert frame.columns == ["nik", "nama", "nama_duplicated_0", "", "row"]


def test_unit_separator_in_data(tmp_path: Path) -> None:
    frame = io.read(_csv(tmp_path, f"nik,nama\n{NIK},SI\x1fTI\n"))
    assert frame.row(0) == (NIK, "SI\x1fTI", 2)
