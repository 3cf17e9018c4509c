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
    # a text cell a spreadsheet would run as a formula is escaped (OWASP CSV injection)
    assert back["nama"].to_list() == ["SITI, S.Pd", '\'=HYPERLINK("http://x")', "BUDI\nHARTONO"]
    assert back["row"].to_list() == ["2", "3", "4"]  # the frame's own row column, as text
    exact = io.read(io.write(result, tmp_path / "mesin.csv", escape_formulas=False))
    assert exact["nama"].to_list() == result["nama"].to_list()


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


def test_rows_beyond_one_sheet_continue_on_more_sheets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bansos_validate.io import _write

    monkeypatch.setattr(_write, "_XLSX_MAX_ROWS", 3)  # 2 rows below the header
    frame = pl.DataFrame({"nik": [NIK, NIK_2, NIK, NIK_2, NIK], "n": [1, 2, 3, 4, 5]})
    with pytest.warns(io.SpreadsheetLimitWarning, match=r"written to 3 sheets") as caught:
        path = io.write(frame, tmp_path / "hasil.xlsx")
    message = str(caught[0].message)
    assert "'data' (rows 1-2), 'data (2)' (rows 3-4), 'data (3)' (rows 5-5)" in message
    import fastexcel

    assert fastexcel.read_excel(str(path)).sheet_names == ["data", "data (2)", "data (3)"]
    parts = [io.read(path, sheet=name) for name in ("data", "data (2)", "data (3)")]
    back = pl.concat([p.drop("row") for p in parts])
    assert back["nik"].to_list() == frame["nik"].to_list()
    assert back["n"].to_list() == [1.0, 2.0, 3.0, 4.0, 5.0]


def test_columns_beyond_one_sheet_continue_on_more_sheets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bansos_validate.io import _write

    monkeypatch.setattr(_write, "_XLSX_MAX_COLUMNS", 2)
    frame = pl.DataFrame({"nik": [NIK], "nama": ["SITI"], "desa": ["SUKUN"]})
    with pytest.warns(io.SpreadsheetLimitWarning, match=r"'data \(2\)' \(rows 1-1, columns 3-3\)"):
        path = io.write(frame, tmp_path / "hasil.xlsx")
    assert io.read(path).columns == ["nik", "nama", "row"]
    assert io.read(path, sheet="data (2)").columns == ["desa", "row"]


def test_text_longer_than_a_cell_is_cut_with_a_marker(tmp_path: Path) -> None:
    long_text = "A" * 40_000
    emoji = "\U0001f600" * 20_000  # 40,000 UTF-16 units: Excel counts those
    frame = pl.DataFrame({"nik": [NIK, NIK_2, NIK], "catatan": [long_text, emoji, "pendek"]})
    with pytest.warns(io.SpreadsheetLimitWarning, match=r"2 cell\(s\) of column 'catatan'"):
        path = io.write(frame, tmp_path / "hasil.xlsx")
    back = io.read(path)["catatan"].to_list()
    assert back[0].endswith(io._write.TRUNCATED)
    assert len(back[0]) == 32_767
    assert back[0].startswith("A" * 30_000)
    assert back[1].endswith(io._write.TRUNCATED)
    assert len(back[1].encode("utf-16-le")) // 2 <= 32_767
    assert back[2] == "pendek"
    csv_back = io.read(io.write(frame, tmp_path / "hasil.csv"))["catatan"].to_list()
    assert csv_back[:2] == [long_text, emoji]  # CSV keeps the whole text


def test_frames_within_the_limits_write_without_a_warning(tmp_path: Path) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        io.write(pl.DataFrame({"nik": [NIK], "catatan": ["B" * 32_767]}), tmp_path / "h.xlsx")


def test_time_zones_are_written_as_text_in_xlsx(tmp_path: Path) -> None:
    frame = pl.DataFrame({"t": [dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)]})
    back = io.read(io.write(frame, tmp_path / "hasil.xlsx"))
    assert back["t"][0].startswith("2026-11-27 08:00:00")


# --- CSV formula injection (OWASP "CSV injection") -------------------------------------

FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.mark.parametrize("lazy", [False, True])
def test_csv_escapes_text_cells_a_spreadsheet_would_run(tmp_path: Path, lazy: bool) -> None:
    frame = pl.DataFrame(
        {
            "nama": [*FORMULAS, "SITI = ANI", "-"],
            "saldo": [-5, 3, -1, 0, 2, 1, -7, 8],  # numbers stay numbers
            "nilai": [-0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
            "kode": pl.Series(["=A1", "B", "C", "D", "E", "F", "G", "H"], dtype=pl.Categorical),
            "codes": [["=bad", "ok"], [], ["a"], ["b"], ["c"], ["d"], ["e"], ["f"]],
        }
    )
    source = frame.lazy() if lazy else frame
    back = pl.read_csv(io.write(source, tmp_path / "hasil.csv"), infer_schema=False)
    assert back["nama"].to_list() == [*(f"'{f}" for f in FORMULAS), "SITI = ANI", "'-"]
    assert back["saldo"].to_list()[:3] == ["-5", "3", "-1"]
    assert back["nilai"].to_list()[0] == "-0.5"
    assert back["kode"].to_list()[:2] == ["'=A1", "B"]
    assert back["codes"].to_list()[0] == "'=bad; ok"


def test_csv_escaping_can_be_turned_off_for_programs(tmp_path: Path) -> None:
    frame = pl.DataFrame({"nama": FORMULAS})
    path = io.write(frame, tmp_path / "mesin.csv", escape_formulas=False)
    assert pl.read_csv(path, infer_schema=False)["nama"].to_list() == FORMULAS


def test_xlsx_keeps_formula_text_as_a_string(tmp_path: Path) -> None:
    path = io.write(pl.DataFrame({"nama": ["=cmd|' /C calc'!A0", "+1"]}), tmp_path / "h.xlsx")
    sheet = _sheet_xml(path)
    assert "<f>" not in sheet  # no formula anywhere
    cells = re.findall(r'<c r="A[23]"[^>]*>', sheet)
    assert len(cells) == 2
    assert all('t="s"' in c for c in cells)  # shared strings: text, not formulas
    assert io.read(path)["nama"].to_list() == ["=cmd|' /C calc'!A0", "+1"]


# --- reproducible XLSX --------------------------------------------------------------------


def _core(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("docProps/core.xml").decode()


def test_xlsx_is_byte_identical_for_the_same_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, result: pl.DataFrame
) -> None:
    import time

    import xlsxwriter.core

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = io.write(result, tmp_path / "a.xlsx").read_bytes()

    class Later(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Later:
            return cls(2031, 5, 6, 7, 8, 9, tzinfo=tz)

    monkeypatch.setattr(xlsxwriter.core, "datetime", Later)  # a clock years later
    time.sleep(1.1)
    second = io.write(result, tmp_path / "b.xlsx").read_bytes()
    assert first == second
    assert "1980-01-01T00:00:00Z" in _core(tmp_path / "a.xlsx")


def test_xlsx_time_comes_from_generated_at_or_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = pl.DataFrame({"nik": [NIK]})
    at = dt.datetime(2026, 11, 27, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764201600")  # 2025-11-27 00:00 UTC
    io.write(frame, tmp_path / "given.xlsx", generated_at=at)
    assert "<dcterms:created" in _core(tmp_path / "given.xlsx")
    assert "2026-11-27T01:30:00Z" in _core(tmp_path / "given.xlsx")  # WIB -> UTC
    io.write(frame, tmp_path / "epoch.xlsx")
    assert "2025-11-27T00:00:00Z" in _core(tmp_path / "epoch.xlsx")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "kemarin")
    with pytest.raises(InvalidArgument, match="SOURCE_DATE_EPOCH"):
        io.write(frame, tmp_path / "bad.xlsx")
    with pytest.raises(InvalidArgument, match=r"Expected a datetime\.datetime or None"):
        io.write(frame, tmp_path / "bad.xlsx", generated_at="2026-11-27")  # type: ignore[arg-type]
