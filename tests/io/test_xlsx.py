"""Reading XLSX: numbers stay numbers, mixed columns keep their damage, Excel row numbers."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import xlsxwriter

import bansos_validate as bv
from bansos_validate import io
from bansos_validate.table import check_table

NIK = "3576014403910003"  # synthetic
NIK_2 = "3576014403910011"
REF = dt.date(2026, 11, 27)


def _xlsx(path: Path, sheets: dict[str, list[list[Any]]], *, top: int = 0, left: int = 0) -> Path:
    """Write each sheet's rows from (top, left); str cells as text, numbers as numbers."""
    workbook = xlsxwriter.Workbook(os.fspath(path))
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                at = (top + r, left + c)
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(*at, value)
                elif isinstance(value, bool):
                    sheet.write_boolean(*at, value)
                elif isinstance(value, dt.date):
                    sheet.write_datetime(*at, value, date_format)
                else:
                    sheet.write_number(*at, value)
    workbook.close()
    return path


def test_text_ids_stay_text_and_rows_are_excel_rows(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "r.xlsx", {"Data": [["NIK", "NAMA"], [NIK, "SITI"], [NIK_2, "BUDI"]]})
    frame = io.read(path)
    assert frame.schema == pl.Schema({"NIK": pl.String, "NAMA": pl.String, "row": pl.Int64})
    assert frame.rows() == [(NIK, "SITI", 2), (NIK_2, "BUDI", 3)]


def test_numeric_id_column_stays_numeric_and_is_flagged(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "r.xlsx", {"Data": [["NIK", "RT"], [3576014403910000, 1], [3576014403910010, 2]]}
    )
    frame = io.read(path)
    assert frame.schema["NIK"] == pl.Float64
    assert frame.schema["RT"] == pl.Float64
    checked = check_table(frame, reference_date=REF).frame
    assert checked["status"].to_list() == ["excel_damaged", "excel_damaged"]
    assert checked["row"].to_list() == [2, 3]


def test_number_cells_in_a_text_column_stay_detectable(tmp_path: Path) -> None:
    """fastexcel alone would give '3576014403910000' for the number cell, like text."""
    rows = [
        ["NIK", "RT"],
        [NIK, "001"],
        [3576014403910000, 2],  # a number: Excel dropped the 16th digit
        [NIK_2, "003"],
        [3576014403910003, 4.5],  # a number that kept its digits is still a number
        ["3.57601440391E+15", "x"],  # text Excel wrote in scientific notation
        [None, True],
        [1e16, dt.date(2026, 1, 2)],
    ]
    frame = io.read(_xlsx(tmp_path / "r.xlsx", {"Data": rows}))
    assert frame.schema["NIK"] == pl.String
    assert frame["NIK"].to_list() == [
        NIK,
        "3576014403910000.0",
        NIK_2,
        "3576014403910003.0",
        "3.57601440391E+15",
        None,
        "1e+16",
    ]
    assert frame["RT"].to_list()[:6] == ["001", "2.0", "003", "4.5", "x", "true"]
    assert frame["RT"][6].startswith("2026-01-02")
    assert bv.parse_nik("3576014403910000.0").codes == (
        "nik_excel_numeric",
        "nik_excel_precision_lost",
    )
    checked = check_table(frame.select("NIK", "row"), reference_date=REF).frame
    assert checked["status"].to_list() == [
        "invalid",  # NIK twice: rows 2 and 5 (the same value as a number)
        "excel_damaged",
        "valid",
        "excel_damaged",
        "excel_damaged",
        "invalid",
        "excel_damaged",
    ]
    assert checked["row"].to_list() == [2, 3, 4, 5, 6, 7, 8]


def test_duplicate_headers_are_renamed_and_still_marked(tmp_path: Path) -> None:
    rows = [["NIK", "NIK"], [NIK, 3576014403910000], [3576014403910010, NIK_2]]
    frame = io.read(_xlsx(tmp_path / "r.xlsx", {"Data": rows}))
    assert frame.columns == ["NIK", "NIK_duplicated_0", "row"]
    assert frame.rows() == [
        (NIK, "3576014403910000.0", 2),
        ("3576014403910010.0", NIK_2, 3),
    ]


def test_leading_empty_rows_and_columns_keep_excel_row_numbers(tmp_path: Path) -> None:
    rows = [["NIK", "NAMA"], [NIK, "SITI"], [None, None], [NIK_2, "BUDI"]]
    frame = io.read(_xlsx(tmp_path / "r.xlsx", {"Data": rows}, top=2, left=1))
    # header on Excel row 3 (C3 after two empty rows): data rows 4, 5 (empty, kept), 6
    assert frame.rows() == [(NIK, "SITI", 4), (None, None, 5), (NIK_2, "BUDI", 6)]


def test_sheet_by_name_and_by_index(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "r.xlsx",
        {"Petunjuk": [["PETUNJUK"], ["Isi sheet Data"]], "Data": [["NIK"], [NIK]]},
    )
    assert io.read(path).rows() == [("Isi sheet Data", 2)]
    assert io.read(path, "Data").row(0) == (NIK, 2)
    assert io.read(path, 1).row(0) == (NIK, 2)


def test_missing_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "r.xlsx", {"Petunjuk": [["x"]], "Data": [["NIK"], [NIK]]})
    with pytest.raises(io.SheetNotFoundError) as info:
        io.read(path, "data ")
    error = info.value
    assert error.sheet == "data "
    assert error.sheets == ("Petunjuk", "Data")
    assert str(error) == (
        f"{path}: no sheet named 'data ' (did you mean 'Data'?); the workbook has: 'Petunjuk', 'Data'"
    )
    with pytest.raises(io.SheetNotFoundError, match=r"no sheet at index 2 \(0-based\)"):
        io.read(path, 2)


def test_existing_row_column_is_kept(tmp_path: Path) -> None:
    frame = io.read(_xlsx(tmp_path / "r.xlsx", {"Data": [["row", "NIK"], [7, NIK]]}))
    assert frame.columns == ["row", "NIK"]
    assert frame.row(0) == (7.0, NIK)


def test_lazy_returns_a_lazy_frame(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "r.xlsx", {"Data": [["NIK"], [NIK]]})
    lazy = io.read(path, lazy=True)
    assert isinstance(lazy, pl.LazyFrame)
    assert lazy.collect().rows() == [(NIK, 2)]


def test_empty_columns_do_not_log_notices(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = _xlsx(tmp_path / "r.xlsx", {"Data": [["NIK", "CATATAN", "NAMA"], [NIK, None, "SITI"]]})
    frame = io.read(path)
    assert frame.row(0) == (NIK, None, "SITI", 2)
    assert not [r for r in caplog.records if "falling back" in r.getMessage()]


# --- bad input --------------------------------------------------------------------------


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(io.SourceNotFoundError, match="file not found"):
        io.read(tmp_path / "nope.xlsx")
    (tmp_path / "zero.xlsx").write_bytes(b"")
    with pytest.raises(io.EmptySourceError, match="0 bytes"):
        io.read(tmp_path / "zero.xlsx")


def test_header_only_and_empty_sheets(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "r.xlsx", {"Kosong": [], "Header": [["NIK", "NAMA"]]})
    with pytest.raises(io.EmptySourceError, match="sheet 'Kosong' is empty") as info:
        io.read(path)
    assert info.value.sheet == "Kosong"
    with pytest.raises(io.EmptySourceError, match="sheet 'Header' has a header but no data rows"):
        io.read(path, "Header")


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04" + b"\x00" * 64, b"NIK,NAMA\n3576014403910003,SITI\n", "truncated"],
    ids=["zip-garbage", "csv-renamed", "truncated"],
)
def test_corrupt_workbook(tmp_path: Path, content: bytes | str) -> None:
    path = tmp_path / "rusak.xlsx"
    if content == "truncated":
        whole = _xlsx(tmp_path / "ok.xlsx", {"Data": [["NIK"], [NIK]] * 50}).read_bytes()
        content = whole[: len(whole) // 2]
    assert isinstance(content, bytes)
    path.write_bytes(content)
    with pytest.raises(
        io.MalformedSourceError, match=r"rusak\.xlsx: not a readable \.xlsx"
    ) as info:
        io.read(path)
    assert NIK not in str(info.value)
    assert info.value.__cause__ is not None


def test_damaged_sheet_xml(tmp_path: Path) -> None:
    good = _xlsx(tmp_path / "ok.xlsx", {"Data": [["NIK"], [NIK]]})
    path = tmp_path / "rusak.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    with pytest.raises(io.MalformedSourceError, match=r"rusak\.xlsx") as info:
        io.read(path)
    assert NIK not in str(info.value)


def test_sheet_argument_type(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "r.xlsx", {"Data": [["NIK"], [NIK]]})
    with pytest.raises(bv.InvalidArgument, match="sheet name or a 0-based index"):
        io.read(path, 1.5)  # type: ignore[call-overload]
