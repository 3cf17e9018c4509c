"""Reading the files officers really have: banners, header rows, repeated headers, read_info.

Every file is built here, in tmp_path; every NIK and KK is synthetic.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import xlsxwriter

from bansos_validate import io
from bansos_validate.errors import InvalidArgument

NIK = "3576014403910003"  # synthetic
NIK_2 = "3576014403910011"
KK = "3576010101200001"
TITLE = "DAFTAR PENERIMA BLT DANA DESA 2026"

# banners above the header, as lines (an empty string is an empty line)
BANNERS = {
    "one-line": [TITLE],
    "title-blank": [TITLE, ""],
    "title-subtitle-blank": [TITLE, "KELURAHAN SUKUN, KECAMATAN SUKUN", ""],
    "title-blank-subtitle": [TITLE, "", "KELURAHAN SUKUN"],
}


def _csv(tmp_path: Path, lines: list[str], *, encoding: str = "utf-8", bom: bytes = b"") -> Path:
    path = tmp_path / "roster.csv"
    path.write_bytes(bom + "".join(f"{line}\r\n" for line in lines).encode(encoding))
    return path


def _collect(frame: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    return frame.collect() if isinstance(frame, pl.LazyFrame) else frame


def _xlsx(
    path: Path,
    cells: dict[str, Any],
    *,
    sheet: str = "Data",
    constant_memory: bool = False,
) -> Path:
    """Write cells by Excel reference ({"A1": "title", "C5": "NIK"}); str as text."""
    workbook = xlsxwriter.Workbook(os.fspath(path), {"constant_memory": constant_memory})
    worksheet = workbook.add_worksheet(sheet)
    ordered = sorted(cells.items(), key=lambda item: _position(item[0]))
    for reference, value in ordered:  # in row order: constant_memory needs it
        if isinstance(value, str):
            worksheet.write_string(reference, value)
        else:
            worksheet.write_number(reference, value)
    workbook.close()
    return path


def _position(reference: str) -> tuple[int, str]:
    letters = reference.rstrip("0123456789")
    return int(reference[len(letters) :]), letters.rjust(3)


def _table(top: int, left: str, rows: list[list[Any]]) -> dict[str, Any]:
    """Cells of *rows* placed from row *top*, column *left* (None cells left empty)."""
    cells = {}
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value is not None:
                cells[f"{chr(ord(left) + c)}{top + r}"] = value
    return cells


# --- CSV: row numbers ---------------------------------------------------------------------


@pytest.mark.parametrize("lazy", [False, True])
def test_csv_rows_are_spreadsheet_rows(tmp_path: Path, lazy: bool) -> None:
    """Header on row 1, first data row 2; an empty line inside the data is a row too."""
    path = _csv(tmp_path, ["NIK,NAMA", f"{NIK},SITI", "", f"{NIK_2},BUDI", ""])
    frame = _collect(io.read(path, lazy=lazy))
    assert frame.rows() == [(NIK, "SITI", 2), (None, None, 3), (NIK_2, "BUDI", 4)]


@pytest.mark.parametrize("lazy", [False, True])
def test_csv_rows_after_a_banner_follow_the_spreadsheet(tmp_path: Path, lazy: bool) -> None:
    lines = [TITLE, "", "", "NIK;NO KK;NAMA", f"{NIK};{KK};SITI", "", f"{NIK_2};{KK};BUDI"]
    frame = _collect(io.read(_csv(tmp_path, lines), lazy=lazy))
    # the header is on row 4: the first data row is 5, the empty line 6
    assert frame.rows() == [(NIK, KK, "SITI", 5), (None, None, None, 6), (NIK_2, KK, "BUDI", 7)]


def test_csv_quoted_line_break_counts_records_after_the_header(tmp_path: Path) -> None:
    lines = [TITLE, "NIK,ALAMAT", f'{NIK},"JL. A', 'RT 01"', f"{NIK_2},JL. B"]
    frame = io.read(_csv(tmp_path, lines))
    # header_row (2) + the record's position after the header: a record is one row
    assert frame.rows() == [(NIK, "JL. A\r\nRT 01", 3), (NIK_2, "JL. B", 4)]


@pytest.mark.parametrize("lazy", [False, True])
def test_ragged_row_below_a_banner_names_its_row_and_line(tmp_path: Path, lazy: bool) -> None:
    lines = [TITLE, "", "NIK;NAMA;RT", f"{NIK};SITI;001", f"{NIK_2};BUDI"]
    with pytest.raises(io.MalformedSourceError) as info:
        io.read(_csv(tmp_path, lines), lazy=lazy)
    assert (info.value.row, info.value.line) == (5, 5)
    assert ": row 5 (line 5) has 2 fields, fewer than the 3 of the header" in str(info.value)
    assert NIK_2 not in str(info.value)


def test_ragged_row_after_a_banner_and_a_quoted_break(tmp_path: Path) -> None:
    lines = [TITLE, "NIK,ALAMAT", f'{NIK},"JL. A', 'RT 01"', f"{NIK_2},JL. B,x"]
    with pytest.raises(io.MalformedSourceError) as info:
        io.read(_csv(tmp_path, lines))
    # the second record after the header (row 2 + 2) starts on line 5
    assert (info.value.row, info.value.line) == (4, 5)


# --- CSV: banners -------------------------------------------------------------------------


@pytest.mark.parametrize("lazy", [False, True])
@pytest.mark.parametrize("banner", list(BANNERS.values()), ids=list(BANNERS))
def test_csv_banner_above_the_header_is_skipped(
    tmp_path: Path, banner: list[str], lazy: bool
) -> None:
    lines = [*banner, "NO,NIK,NO KK,NAMA", f"1,{NIK},{KK},SITI AMINAH", f"2,{NIK_2},{KK},BUDI"]
    frame = io.read(_csv(tmp_path, lines), lazy=lazy)
    header = len(banner) + 1
    collected = _collect(frame)
    assert collected.columns == ["NO", "NIK", "NO KK", "NAMA", "row"]
    assert collected["NIK"].to_list() == [NIK, NIK_2]
    assert collected["row"].to_list() == [header + 1, header + 2]
    info = io.read_info(frame)
    assert info is not None
    assert (info.header_row, info.header_given, info.delimiter) == (header, False, ",")
    assert info.banner_rows == tuple(i + 1 for i, line in enumerate(banner) if line)


@pytest.mark.parametrize("lazy", [False, True])
@pytest.mark.parametrize("title", [TITLE, f"{TITLE};;", f'"{TITLE}"', f"{TITLE};;;;;;"])
def test_csv_banner_with_other_field_counts_is_not_a_ragged_row(
    tmp_path: Path, title: str, lazy: bool
) -> None:
    """Excel saves a title with as many delimiters as it likes; only the data must fit."""
    lines = [title, ";;;", "NIK;NO KK;NAMA;TGL LAHIR", f"{NIK};{KK};SITI;04-03-1991"]
    frame = _collect(io.read(_csv(tmp_path, lines), lazy=lazy))
    assert frame.rows() == [(NIK, KK, "SITI", "04-03-1991", 4)]


def test_csv_banner_does_not_decide_the_delimiter(tmp_path: Path) -> None:
    """A title with commas above a ';' table: the delimiter comes from the header on."""
    lines = ["DAFTAR PENERIMA, DESA SUKUN, 2026", "NIK;NAMA;ALAMAT", f"{NIK};SITI;JL. A, RT 1"]
    frame = io.read(_csv(tmp_path, lines))
    assert frame.rows() == [(NIK, "SITI", "JL. A, RT 1", 3)]
    info = io.read_info(frame)
    assert info is not None
    assert info.delimiter == ";"


def test_csv_first_row_stays_the_header_without_known_headers(tmp_path: Path) -> None:
    """Fewer than two known headers anywhere: the first non-empty row is the header."""
    lines = ["", "kolom_a,kolom_b", "1,2", "3,4"]
    frame = io.read(_csv(tmp_path, lines))
    assert frame.columns == ["kolom_a", "kolom_b", "row"]
    assert frame["row"].to_list() == [3, 4]
    info = io.read_info(frame)
    assert info is not None
    assert (info.header_row, info.banner_rows) == (2, ())


def test_csv_first_row_wins_a_tie(tmp_path: Path) -> None:
    lines = ["NIK,NAMA,X", "NIK,NAMA,Y", f"{NIK},SITI,1"]
    frame = io.read(_csv(tmp_path, lines))
    assert frame.columns == ["NIK", "NAMA", "X", "row"]
    assert frame.rows()[0] == ("NIK", "NAMA", "Y", 2)


@pytest.mark.parametrize("lazy", [False, True])
def test_windows_1252_semicolon_file_with_a_banner(tmp_path: Path, lazy: bool) -> None:
    lines = [
        "DAFTAR PENERIMA BLT DANA DESA 2026 – KEL. SUKUN",
        "",
        "NIK;NO KK;NAMA LENGKAP;ALAMAT",
        f"{NIK};{KK};JÉRÔME;JL. MERDEKA 1, RT 01",
    ]
    frame = io.read(_csv(tmp_path, lines, encoding="cp1252"), lazy=lazy)
    assert _collect(frame).rows() == [(NIK, KK, "JÉRÔME", "JL. MERDEKA 1, RT 01", 4)]
    info = io.read_info(frame)
    assert info is not None
    assert (info.encoding, info.delimiter, info.header_row, info.banner_rows) == (
        "windows-1252",
        ";",
        3,
        (1,),
    )


@pytest.mark.parametrize("lazy", [False, True])
def test_utf8_bom_file_with_a_banner(tmp_path: Path, lazy: bool) -> None:
    lines = [TITLE, "", "NIK,NAMA", f"{NIK},SITI ÖZİL"]
    frame = io.read(_csv(tmp_path, lines, bom=codecs.BOM_UTF8), lazy=lazy)
    assert _collect(frame).rows() == [(NIK, "SITI ÖZİL", 4)]
    info = io.read_info(frame)
    assert info is not None
    assert (info.encoding, info.header_row, info.banner_rows) == ("utf-8-sig", 3, (1,))


def test_utf8_bom_on_the_header_line(tmp_path: Path) -> None:
    frame = io.read(_csv(tmp_path, ["NIK,NAMA", f"{NIK},SITI"], bom=codecs.BOM_UTF8), lazy=True)
    assert frame.collect_schema().names() == ["NIK", "NAMA", "row"]  # no BOM in the name
    info = io.read_info(frame)
    assert info is not None
    assert info.encoding == "utf-8-sig"


def test_utf16_file_with_a_banner(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(f"{TITLE}\n\nNIK\tNAMA\n{NIK}\tSITI\n".encode("utf-16"))
    frame = io.read(path)
    assert frame.rows() == [(NIK, "SITI", 4)]
    info = io.read_info(frame)
    assert info is not None
    assert (info.encoding, info.delimiter) == ("utf-16", "\t")


# --- CSV: header_row= ---------------------------------------------------------------------


@pytest.mark.parametrize("lazy", [False, True])
def test_csv_header_row_given(tmp_path: Path, lazy: bool) -> None:
    """Unknown headers below a title: only header_row= finds them."""
    lines = ["REKAP 2026", "", "id;nomor_induk;nm", f"1;{NIK};SITI", f"2;{NIK_2};BUDI"]
    path = _csv(tmp_path, lines)
    found = _collect(io.read(path, lazy=lazy))
    assert found.columns == ["REKAP 2026", "row"]  # no known header: the first row
    frame = io.read(path, header_row=3, lazy=lazy)
    assert _collect(frame).rows() == [("1", NIK, "SITI", 4), ("2", NIK_2, "BUDI", 5)]
    info = io.read_info(frame)
    assert info is not None
    assert (info.header_row, info.header_given, info.banner_rows) == (3, True, (1,))


def test_csv_header_row_given_where_one_would_be_found(tmp_path: Path) -> None:
    lines = [TITLE, "", "NIK,NAMA", f"{NIK},SITI"]
    path = _csv(tmp_path, lines)
    assert io.read(path, header_row=3).equals(io.read(path))
    # the title as the header: the rows below it do not fit its single field
    with pytest.raises(io.MalformedSourceError, match=r"row 3 \(line 3\) has 2 fields") as info:
        io.read(path, header_row=1)
    assert info.value.row == 3


@pytest.mark.parametrize("lazy", [False, True])
def test_csv_header_row_far_below_the_first_64_kib(tmp_path: Path, lazy: bool) -> None:
    lines = [f"catatan {i}" for i in range(5000)] + ["nik,nama", f"{NIK},SITI"]
    frame = io.read(_csv(tmp_path, lines), header_row=5001, lazy=lazy)
    assert _collect(frame).rows() == [(NIK, "SITI", 5002)]


@pytest.mark.parametrize("lazy", [False, True])
@pytest.mark.parametrize(
    ("header_row", "message"),
    [
        (9, r"roster\.csv: header_row=9 is beyond the end of the file \(5 rows\)"),
        (2, r"roster\.csv: row 2 \(header_row=2\) is empty"),
    ],
    ids=["beyond", "empty"],
)
def test_csv_header_row_out_of_range(
    tmp_path: Path, header_row: int, message: str, lazy: bool
) -> None:
    path = _csv(tmp_path, [TITLE, ";;", "NIK;NAMA", f"{NIK};SITI", f"{NIK_2};BUDI"])
    with pytest.raises(io.EmptySourceError, match=message) as info:
        io.read(path, header_row=header_row, lazy=lazy)
    assert (info.value.path, info.value.row) == (str(path), header_row)
    assert NIK not in str(info.value)


@pytest.mark.parametrize("value", [0, -1, True, 2.0, "3"])
def test_header_row_must_be_a_row_number(tmp_path: Path, value: object) -> None:
    path = _csv(tmp_path, ["NIK", NIK])
    with pytest.raises(InvalidArgument, match="header_row"):
        io.read(path, header_row=value)  # type: ignore[call-overload]


def test_file_of_empty_lines_has_no_header(tmp_path: Path) -> None:
    with pytest.raises(io.EmptySourceError, match="no header"):
        io.read(_csv(tmp_path, ["", ";;", " "]))


# --- CSV: repeated headers ----------------------------------------------------------------


@pytest.mark.parametrize("lazy", [False, True])
@pytest.mark.parametrize("breaks", [False, True], ids=["polars", "csv-module"])
def test_csv_repeated_headers_are_all_read(tmp_path: Path, lazy: bool, breaks: bool) -> None:
    alamat = '"JL. A\nRT 01"' if breaks else "JL. A"
    lines = [
        "NIK,NAMA,NIK, NIK ,NIK_duplicated_0,ALAMAT",
        f"{NIK},SITI,{NIK_2},{NIK},x,{alamat}",
    ]
    frame = io.read(_csv(tmp_path, lines), lazy=lazy)
    names = ["NIK", "NAMA", "NIK_duplicated_1", "NIK_duplicated_2", "NIK_duplicated_0", "ALAMAT"]
    collected = _collect(frame)
    assert collected.columns == [*names, "row"]
    assert collected.row(0)[:5] == (NIK, "SITI", NIK_2, NIK, "x")
    info = io.read_info(frame)
    assert info is not None
    assert info.duplicates == (("NIK", ("NIK", "NIK_duplicated_1", "NIK_duplicated_2")),)


def test_csv_empty_headers_are_named_but_not_duplicates(tmp_path: Path) -> None:
    frame = io.read(_csv(tmp_path, ["NIK,,", f"{NIK},a,b"]))
    assert frame.columns == ["NIK", "", "_duplicated_0", "row"]
    info = io.read_info(frame)
    assert info is not None
    assert info.duplicates == ()


# --- XLSX ---------------------------------------------------------------------------------

XLSX_BANNERS = {
    "one-row": {"A1": TITLE},
    "title-blank": {"A1": TITLE},  # row 2 empty: the header on row 3
    "three-rows-and-blank": {"A1": TITLE, "A2": "KELURAHAN SUKUN", "A3": "TAHUN 2026"},
    "title-blank-subtitle": {"A1": TITLE, "B3": "KELURAHAN SUKUN"},
}
XLSX_HEADER_ROWS = {
    "one-row": 2,
    "title-blank": 3,
    "three-rows-and-blank": 5,
    "title-blank-subtitle": 4,
}


@pytest.mark.parametrize("constant_memory", [False, True], ids=["shared", "inline"])
@pytest.mark.parametrize("case", list(XLSX_BANNERS))
def test_xlsx_banner_above_the_header_is_skipped(
    tmp_path: Path, case: str, constant_memory: bool
) -> None:
    header = XLSX_HEADER_ROWS[case]
    rows = [
        ["NO", "NIK", "NO KK", "NAMA"],
        [1, NIK, KK, "SITI"],
        [None] * 4,
        [3, NIK_2, KK, "BUDI"],
    ]
    cells = XLSX_BANNERS[case] | _table(header, "A", rows)
    frame = io.read(_xlsx(tmp_path / "r.xlsx", cells, constant_memory=constant_memory))
    assert frame.columns == ["NO", "NIK", "NO KK", "NAMA", "row"]
    assert frame.schema["NO"] == pl.Float64  # a column of numbers stays numeric
    assert frame.rows() == [
        (1.0, NIK, KK, "SITI", header + 1),
        (None, None, None, None, header + 2),
        (3.0, NIK_2, KK, "BUDI", header + 3),
    ]
    info = io.read_info(frame)
    assert info is not None
    banner = tuple(sorted({_position(ref)[0] for ref in XLSX_BANNERS[case]}))
    assert (info.format, info.sheet, info.header_row, info.banner_rows) == (
        "xlsx",
        "Data",
        header,
        banner,
    )
    assert (info.encoding, info.delimiter, info.header_given) == (None, None, False)


def test_xlsx_table_starting_at_c5(tmp_path: Path) -> None:
    cells = _table(5, "C", [["NIK", "NAMA"], [NIK, "SITI"], [None, None], [NIK_2, "BUDI"]])
    frame = io.read(_xlsx(tmp_path / "r.xlsx", cells))
    assert frame.rows() == [(NIK, "SITI", 6), (None, None, 7), (NIK_2, "BUDI", 8)]
    info = io.read_info(frame)
    assert info is not None
    assert (info.header_row, info.banner_rows) == (5, ())
    assert io.read(tmp_path / "r.xlsx", header_row=5).equals(frame)


def test_xlsx_banner_in_a1_and_table_at_c5(tmp_path: Path) -> None:
    """The banner's columns (A, B) do not become columns of the frame."""
    cells = {"A1": TITLE, "A2": "KECAMATAN SUKUN"} | _table(
        5, "C", [["NIK", "NO KK", "NAMA"], [NIK, KK, "SITI"]]
    )
    frame = io.read(_xlsx(tmp_path / "r.xlsx", cells))
    assert frame.rows() == [(NIK, KK, "SITI", 6)]
    assert frame.columns == ["NIK", "NO KK", "NAMA", "row"]
    info = io.read_info(frame)
    assert info is not None
    assert (info.header_row, info.banner_rows) == (5, (1, 2))


def test_xlsx_number_cells_are_still_marked_below_a_banner(tmp_path: Path) -> None:
    rows = [["NIK", "NAMA"], [NIK, "SITI"], [3576014403910000, "BUDI"], [NIK_2, "ANI"]]
    cells = {"A1": TITLE} | _table(3, "A", rows)
    frame = io.read(_xlsx(tmp_path / "r.xlsx", cells))
    assert frame["NIK"].to_list() == [NIK, "3576014403910000.0", NIK_2]
    assert frame["row"].to_list() == [4, 5, 6]


def test_xlsx_header_row_given(tmp_path: Path) -> None:
    rows = [["id", "nomor_induk"], [1, NIK], [2, NIK_2]]
    cells = {"A1": "REKAP 2026"} | _table(3, "A", rows)
    path = _xlsx(tmp_path / "r.xlsx", cells)
    assert io.read(path).columns[0] == "REKAP 2026"  # no known header: the first row
    frame = io.read(path, header_row=3, lazy=True)
    assert frame.collect().rows() == [(1.0, NIK, 4), (2.0, NIK_2, 5)]
    info = io.read_info(frame)
    assert info is not None
    assert (info.header_row, info.header_given, info.banner_rows) == (3, True, (1,))


@pytest.mark.parametrize(
    ("header_row", "message"),
    [
        (
            7,
            r"header_row=7 is beyond the end of sheet 'Data' \(its last row with a value is row 4\)",
        ),
        (2, r"row 2 \(header_row=2\) of sheet 'Data' is empty"),
    ],
    ids=["beyond", "empty"],
)
def test_xlsx_header_row_out_of_range(tmp_path: Path, header_row: int, message: str) -> None:
    cells = {"A1": TITLE} | _table(3, "A", [["NIK"], [NIK]]) | {"B4": "x"}
    path = _xlsx(tmp_path / "r.xlsx", cells)
    with pytest.raises(io.EmptySourceError, match=message) as info:
        io.read(path, header_row=header_row)
    assert (info.value.sheet, info.value.row) == ("Data", header_row)
    assert NIK not in str(info.value)


def test_xlsx_repeated_headers_are_all_read_and_renamed(tmp_path: Path) -> None:
    """fastexcel would name the second NIK "NIK_2" next to a real "NIK_1"."""
    rows = [
        ["NIK", "NIK_1", "NAMA", "NIK", " NIK"],
        [NIK, "a", "SITI", 3576014403910000, NIK_2],
        [NIK_2, "b", "BUDI", NIK_2, None],
    ]
    frame = io.read(_xlsx(tmp_path / "r.xlsx", {"A1": TITLE} | _table(2, "A", rows)))
    assert frame.columns == ["NIK", "NIK_1", "NAMA", "NIK_duplicated_0", "NIK_duplicated_1", "row"]
    assert frame.rows() == [
        (NIK, "a", "SITI", "3576014403910000.0", NIK_2, 3),  # the number cell stays marked
        (NIK_2, "b", "BUDI", NIK_2, None, 4),
    ]
    info = io.read_info(frame)
    assert info is not None
    assert info.duplicates == (("NIK", ("NIK", "NIK_duplicated_0", "NIK_duplicated_1")),)


def test_fastexcel_header_row_counts_rows_of_the_sheet(tmp_path: Path) -> None:
    """What the reader relies on: fastexcel's header_row is the 0-based row of the sheet.

    (0 is the first row with a value.) Should this change, the reader still finds the
    header, see the next test; this one says that the behaviour changed.
    """
    import fastexcel

    cells = {"C3": TITLE} | _table(5, "C", [["NIK"], [NIK]])
    reader = fastexcel.read_excel(os.fspath(_xlsx(tmp_path / "r.xlsx", cells)))
    assert reader.load_sheet("Data", header_row=4).to_polars().columns == ["NIK"]
    assert reader.load_sheet("Data", header_row=0).to_polars().columns == [TITLE]
    columns = reader.load_sheet("Data", header_row=2).selected_columns
    assert [(c.name, c.absolute_index) for c in columns] == [(TITLE, 2)]


class _CountingFromFirstRow:
    """A fastexcel reader whose header_row counts from the sheet's first row with a value."""

    def __init__(self, reader: Any, first_index: int) -> None:
        self._reader = reader
        self._first = first_index
        self.sheet_names = reader.sheet_names

    def load_sheet(self, name: str, *, header_row: int, **options: Any) -> Any:
        return self._reader.load_sheet(name, header_row=header_row + self._first, **options)


def test_xlsx_rows_stay_exact_if_fastexcel_counted_from_the_first_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fastexcel

    from bansos_validate.io import _xlsx as xlsx_module

    rows = [["NIK", "NAMA"], [NIK, "SITI"], [3576014403910000, "BUDI"]]
    path = _xlsx(tmp_path / "r.xlsx", {"B3": TITLE} | _table(6, "B", rows))
    expected = io.read(path)
    assert expected.rows() == [(NIK, "SITI", 7), ("3576014403910000.0", "BUDI", 8)]

    class _Module:
        FastExcelError = fastexcel.FastExcelError

        @staticmethod
        def read_excel(source: str) -> Any:
            return _CountingFromFirstRow(fastexcel.read_excel(source), first_index=2)

    monkeypatch.setattr(xlsx_module, "_excel_module", _Module)
    assert io.read(path).equals(expected)


# --- read_info ----------------------------------------------------------------------------


def test_read_info_is_public_and_none_for_other_frames(tmp_path: Path) -> None:
    assert io.ReadInfo.__module__ == "bansos_validate.io"
    frame = io.read(_csv(tmp_path, ["NIK,NAMA", f"{NIK},SITI"]))
    info = io.read_info(frame)
    assert isinstance(info, io.ReadInfo)
    assert info == io.ReadInfo(
        source=str(tmp_path / "roster.csv"),
        format="csv",
        header_row=1,
        encoding="utf-8",
        delimiter=",",
    )
    assert io.read_info(pl.DataFrame({"NIK": [NIK]})) is None
    assert io.read_info(frame.filter(pl.col("row") > 0)) is None  # another object
    assert io.read_info(frame.lazy()) is None
    assert io.read_info("roster.csv") is None


def test_read_info_of_xlsx_parquet_and_lazy_frames(tmp_path: Path) -> None:
    xlsx = _xlsx(tmp_path / "r.xlsx", _table(1, "A", [["NIK"], [NIK]]), sheet="Penerima")
    for frame in (io.read(xlsx), io.read(xlsx, lazy=True)):
        assert io.read_info(frame) == io.ReadInfo(
            source=str(xlsx), format="xlsx", sheet="Penerima", header_row=1
        )
    parquet = tmp_path / "r.parquet"
    pl.DataFrame({"nik": [NIK]}).write_parquet(parquet)
    for frame in (io.read(parquet), io.read(parquet, lazy=True)):
        info = io.read_info(frame)
        assert info == io.ReadInfo(source=str(parquet), format="parquet")
        assert info is not None
        assert info.header_row is None


def test_header_row_is_refused_for_parquet_and_databases(tmp_path: Path) -> None:
    parquet = tmp_path / "r.parquet"
    pl.DataFrame({"nik": [NIK]}).write_parquet(parquet)
    with pytest.raises(InvalidArgument, match=r"header_row= applies to \.csv and \.xlsx"):
        io.read(parquet, header_row=2)
    with pytest.raises(InvalidArgument, match=r"header_row= applies .* not to a database"):
        io.read("postgresql://u:p@127.0.0.1:1/db", table="t", header_row=2)
