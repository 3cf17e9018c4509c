"""Writing CSV, XLSX and Parquet from any frame, and reading the result back."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from bansos_validate import io
from bansos_validate.errors import InvalidArgument
from bansos_validate.table import check_table

NIK = "3576014403910003"  # synthetic
NIK_2 = "3576014403910011"
REF = dt.date(2026, 11, 27)


@pytest.fixture
def result() -> pl.DataFrame:
    """A check_table-like result: text ids, list codes, dates, a struct, nulls."""
    return pl.DataFrame(
        {
            "nik": [NIK, "3576014403910000.0", None],
            "nama": ["SITI, S.Pd", '=HYPERLINK("http://x")', "BUDI\nHARTONO"],
            "row": [2, 3, 4],
            "status": ["valid", "excel_damaged", "invalid"],
            "issue_codes": [[], ["nik_excel_numeric", "nik_excel_precision_lost"], ["nik_missing"]],
            "nik_birth_date": [dt.date(1991, 3, 4), None, None],
            "diperiksa": [dt.datetime(2026, 11, 27, 8, 30), None, None],  # noqa: DTZ001 - naive
            "nominal": [750000.5, 0.0, None],
            "detail": [{"a": 1}, None, {"a": 2}],
        }
    )


def test_csv_joins_lists_and_writes_iso_dates(tmp_path: Path, result: pl.DataFrame) -> None:
    path = io.write(result, tmp_path / "hasil.csv")
    assert path == tmp_path / "hasil.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "nik,nama,row,status,issue_codes,nik_birth_date,diperiksa,nominal,detail"
    assert lines[1] == (
        f'{NIK},"SITI, S.Pd",2,valid,,1991-03-04,2026-11-27T08:30:00.000000,750000.5,"{{""a"":1}}"'
    )
    back = io.read(path)
    assert back["nik"].to_list() == [NIK, "3576014403910000.0", None]
    assert back["issue_codes"].to_list() == [
        None,
        "nik_excel_numeric; nik_excel_precision_lost",
        "nik_missing",
    ]
    assert back["nama"].to_list() == result["nama"].to_list()
    assert back["row"].to_list() == ["2", "3", "4"]  # the frame's own row column, as text


def test_parquet_keeps_lists_and_types(tmp_path: Path, result: pl.DataFrame) -> None:
    back = io.read(io.write(result, tmp_path / "hasil.parquet"))
    assert back.equals(result)  # `row` was already there: not added


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def _table_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/tables/table1.xml").decode()


def test_xlsx_is_pleasant_for_an_officer(tmp_path: Path, result: pl.DataFrame) -> None:
    path = io.write(result, tmp_path / "hasil.xlsx")
    sheet, table = _sheet_xml(path), _table_xml(path)
    assert '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' in sheet
    assert '<autoFilter ref="A1:I4"/>' in table
    assert 'numberStoredAsText="1"' in sheet  # no green triangles on NIK text
    widths = [float(w) for w in re.findall(r'<col min="\d+" max="\d+" width="([\d.]+)"', sheet)]
    assert widths
    assert all(6 <= w <= 61 for w in widths)
    back = io.read(path)
    assert back["nik"].to_list() == [NIK, "3576014403910000.0", None]  # text stayed text
    assert back["nama"][1] == '=HYPERLINK("http://x")'  # not turned into a formula
    assert back["issue_codes"].to_list() == [
        None,
        "nik_excel_numeric; nik_excel_precision_lost",
        "nik_missing",
    ]
    assert back["nik_birth_date"][0] == dt.datetime(1991, 3, 4)  # noqa: DTZ001 - Excel is naive
    assert back["row"].to_list() == [2.0, 3.0, 4.0]


def test_xlsx_round_trip_through_check_table(tmp_path: Path) -> None:
    frame = pl.DataFrame({"NIK": [NIK, NIK_2], "NAMA": ["SITI", "BUDI"]})
    checked = check_table(io.read(io.write(frame, tmp_path / "r.xlsx")), reference_date=REF)
    out = io.read(io.write(checked.frame, tmp_path / "hasil.xlsx"))
    assert out["row"].to_list() == [2.0, 3.0]
    assert out["status"].to_list() == ["valid", "valid"]


@pytest.mark.parametrize("kind", ["csv", "parquet", "xlsx"])
def test_lazy_frames_are_written(tmp_path: Path, kind: str) -> None:
    frame = pl.LazyFrame({"nik": [NIK, NIK_2], "issue_codes": [["a"], []]})
    path = io.write(frame, tmp_path / f"hasil.{kind}")
    assert io.read(path)["nik"].to_list() == [NIK, NIK_2]


@pytest.mark.parametrize("library", ["pandas", "pyarrow", "duckdb"])
def test_other_frame_libraries(tmp_path: Path, library: str) -> None:
    frame: Any
    if library == "pandas":
        import pandas as pd

        frame = pd.DataFrame({"nik": [NIK, NIK_2], "desil": [1, 4]})
    elif library == "pyarrow":
        import pyarrow as pa

        frame = pa.table({"nik": [NIK, NIK_2], "desil": [1, 4]})
    else:
        import duckdb

        values = f"VALUES ('{NIK}', 1), ('{NIK_2}', 4)"
        frame = duckdb.sql(f"SELECT * FROM ({values}) t(nik, desil)")  # noqa: S608 - constants
    for kind in ("csv", "xlsx", "parquet"):
        back = io.read(io.write(frame, tmp_path / f"{library}.{kind}"))
        assert back["nik"].to_list() == [NIK, NIK_2]


def test_format_overrides_the_suffix(tmp_path: Path) -> None:
    path = io.write(pl.DataFrame({"nik": [NIK]}), tmp_path / "hasil.dat", format="parquet")
    assert pl.read_parquet(path)["nik"].to_list() == [NIK]


def test_bad_targets(tmp_path: Path) -> None:
    frame = pl.DataFrame({"nik": [NIK]})
    with pytest.raises(io.WriteError, match=r"cannot tell the format from '\.json'"):
        io.write(frame, tmp_path / "hasil.json")
    with pytest.raises(io.WriteError, match="cannot write format 'json'"):
        io.write(frame, tmp_path / "hasil.csv", format="json")  # type: ignore[arg-type]
    for suffix in ("csv", "xlsx", "parquet"):
        with pytest.raises(io.WriteError, match="does not exist") as info:
            io.write(frame, tmp_path / "tidak_ada" / f"hasil.{suffix}")
        assert info.value.path == str(tmp_path / "tidak_ada" / f"hasil.{suffix}")
    with pytest.raises(InvalidArgument, match="got list"):
        io.write([NIK], tmp_path / "hasil.csv")


def test_unwritable_columns_are_named(tmp_path: Path) -> None:
    frame = pl.DataFrame({"nik": [NIK], "obj": pl.Series([object()], dtype=pl.Object)})
    with pytest.raises(io.WriteError, match="column 'obj' holds Python objects") as info:
        io.write(frame, tmp_path / "hasil.csv")
    assert info.value.column == "obj"
    nested = pl.DataFrame({"nik": [NIK], "codes": [[["a"]]]})
    with pytest.raises(io.WriteError, match="column 'codes' holds nested lists"):
        io.write(nested, tmp_path / "hasil.xlsx")
    io.write(nested, tmp_path / "hasil.parquet")  # Parquet keeps them


def test_too_many_rows_for_excel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bansos_validate.io import _write

    monkeypatch.setattr(_write, "_XLSX_MAX_ROWS", 3)
    with pytest.raises(io.WriteError, match="do not fit in one Excel sheet"):
        io.write(pl.DataFrame({"nik": [NIK, NIK_2, NIK]}), tmp_path / "hasil.xlsx")
    assert not (tmp_path / "hasil.xlsx").exists()


def test_time_zones_are_written_as_text_in_xlsx(tmp_path: Path) -> None:
    frame = pl.DataFrame({"t": [dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)]})
    back = io.read(io.write(frame, tmp_path / "hasil.xlsx"))
    assert back["t"][0].startswith("2026-11-27 08:00:00")
