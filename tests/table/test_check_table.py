"""check_table: vectorised results equal the scalar parsers, on every frame type."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bansos_validate as bv
from bansos_validate.issues import CATALOGUE
from bansos_validate.table import check_table
from bansos_validate.testing import invalid_kks, invalid_niks, kks, niks

REF = dt.date(2026, 11, 27)
NIK_CODES = {c for c, d in CATALOGUE.items() if d.subject == "nik"}
KK_CODES = {c for c, d in CATALOGUE.items() if d.subject == "kk"}

SAMPLE = {
    "NIK": [
        "3576014403910003",
        "3576014403910003",
        "3.57601E+15",
        None,
        "3576 0144 0391 0004",
        "357601440391",
        "٣٥٧٦٠١٤٤٠٣٩١٠٠٠٥",
        "9101014403910003",
        "3576018503910003",
        "3576010107600007",
    ],
    "No. KK": ["3576010101200001"] * 9 + ["3576010107600007"],
    "TGL LAHIR": [
        "1991-03-04",
        "04-03-1991",
        "1991-04-03",
        None,
        "1991-07-01",
        "31/02/1991",
        "1991-03-04",
        "1991-03-04",
        "1991-03-04",
        "2043-07-01",
    ],
    "JK": ["P", "L", "P", "P", "WANITA", "?", "P", "P", "L", "L"],
    "kode_wilayah": ["3576011003"] * 9 + ["3576021001"],
}


def _as_text(value: object) -> str | None:
    return value if value is None or isinstance(value, str) else str(value)


def _codes(frame: object) -> list[list[str]]:
    native = frame
    if isinstance(native, pl.LazyFrame):
        native = native.collect()
    if isinstance(native, duckdb.DuckDBPyRelation):
        native = native.pl()
    if isinstance(native, pa.Table):
        return [list(c) for c in native.column("issue_codes").to_pylist()]
    return [list(c) for c in native["issue_codes"].to_list()]


def test_row_codes_on_a_sample() -> None:
    result = check_table(pl.DataFrame(SAMPLE), reference_date=REF)
    codes = _codes(result.frame)
    assert codes[0] == ["nik_duplicate"]
    assert codes[1] == ["nik_duplicate", "nik_sex_mismatch"]  # 04-03-1991 is the same date
    assert codes[2] == ["nik_excel_precision_lost"]
    assert codes[3] == ["nik_missing"]
    assert codes[4] == ["nik_birth_date_placeholder"]
    assert codes[5] == ["nik_wrong_length", "tanggal_lahir_unreadable", "jenis_kelamin_unreadable"]
    assert codes[6] == []  # Arabic-Indic digits, read like the scalar parser
    assert codes[7] == ["nik_district_recoded"]
    assert codes[8] == ["nik_day_invalid"]
    assert codes[9] == [
        "nik_placeholder_birth_date",
        "kk_issue_date_before_1970",
        "nik_equals_kk",
        "tanggal_lahir_in_future",
        "nik_birth_date_placeholder",
        "kk_region_mismatch",
    ]
    statuses = result.frame["status"].to_list()
    assert statuses[:4] == ["invalid", "invalid", "excel_damaged", "invalid"]
    assert statuses[4] == "valid"
    assert statuses[6] == "valid"


def test_parsed_fields_and_row_numbers() -> None:
    result = check_table(pl.DataFrame(SAMPLE), reference_date=REF)
    frame = result.frame
    assert frame["row"].to_list() == list(range(1, 11))
    assert frame["nik_birth_date"][0] == dt.date(1991, 3, 4)
    assert frame["nik_sex"][0] == "P"
    assert frame["nik_district_code"][0] == "357601"
    assert frame["nik_district_name"][0] == "Prajuritkulon"
    assert frame["nik_district_code"][7] == "910101"
    assert frame["kk_issue_date"][0] == dt.date(2020, 1, 1)
    assert frame["nik_birth_date"][8] is None


def test_input_columns_are_kept_exactly() -> None:
    source = pl.DataFrame(SAMPLE)
    result = check_table(source, reference_date=REF).frame
    assert result.columns[: len(source.columns)] == source.columns
    assert result.select(source.columns).equals(source)
    assert result.columns[len(source.columns) : len(source.columns) + 3] == [
        "row",
        "status",
        "issue_codes",
    ]


@pytest.mark.parametrize("kind", ["polars", "lazy", "pandas", "arrow", "duckdb"])
def test_every_frame_type_gives_the_same_codes_and_its_own_type(kind: str) -> None:
    base = _codes(check_table(pl.DataFrame(SAMPLE), reference_date=REF).frame)
    source = pl.DataFrame(SAMPLE)
    native = {
        "polars": lambda: source,
        "lazy": source.lazy,
        "pandas": source.to_pandas,
        "arrow": source.to_arrow,
        "duckdb": lambda: duckdb.from_arrow(source.to_arrow()),
    }[kind]()
    result = check_table(native, reference_date=REF)
    assert type(result.frame) is type(native)
    assert _codes(result.frame) == base


def test_pandas_keeps_index_and_values() -> None:
    source = pd.DataFrame(SAMPLE, index=[f"r{i}" for i in range(10)])
    frame = check_table(source, reference_date=REF).frame
    assert list(frame.index) == list(source.index)
    pd.testing.assert_frame_equal(frame[source.columns], source)


def test_pandas_object_column_with_numbers_from_excel() -> None:
    source = pd.DataFrame(
        {"nik": [3576014403910003, "3576014403910004", 3.57601e15, None, float("nan"), Decimal(1)]}
    )
    codes = _codes(check_table(source, reference_date=REF).frame)
    for value, row in zip(source["nik"].tolist(), codes, strict=True):
        expected = bv.parse_nik(
            None if isinstance(value, float) and math.isnan(value) else value, reference_date=REF
        )
        assert [c for c in row if c in NIK_CODES] == list(expected.codes)
    assert check_table(source, reference_date=REF).frame["status"].tolist()[0] == "excel_damaged"


@pytest.mark.parametrize("dtype", [pl.Int64, pl.UInt64, pl.Float64, pl.Decimal(20, 0)])
def test_numeric_columns_are_excel_damage(dtype: pl.DataType) -> None:
    values = [3576014403910003, 3576014403910010, 357601440391, None]
    frame = pl.DataFrame({"nik": pl.Series(values).cast(dtype)})
    codes = _codes(check_table(frame, reference_date=REF).frame)
    for value, row in zip(values, codes, strict=True):
        assert row == list(bv.parse_nik(value, reference_date=REF).codes)


def test_float_column_beyond_2_53_and_fractions() -> None:
    values = [9471010101900003.0, 1.5, float("inf"), float("nan"), -3576014403910003.0]
    codes = _codes(check_table(pl.DataFrame({"nik": values}), reference_date=REF).frame)
    for value, row in zip(values, codes, strict=True):
        expected = bv.parse_nik(None if math.isnan(value) else value, reference_date=REF).codes
        assert row == list(expected)


def test_boolean_column_is_invalid_type() -> None:
    codes = _codes(check_table(pl.DataFrame({"nik": [True, None]}), reference_date=REF).frame)
    assert codes == [["nik_invalid_type"], ["nik_missing"]]


def _native(frame: pl.DataFrame, kind: str) -> object:
    return {
        "polars": lambda: frame,
        "lazy": frame.lazy,
        "duckdb": lambda: duckdb.from_arrow(frame.to_arrow()),
    }[kind]()


def _as_polars(frame: object) -> pl.DataFrame:
    if isinstance(frame, pl.LazyFrame):
        return frame.collect()
    if isinstance(frame, duckdb.DuckDBPyRelation):
        return frame.pl()
    assert isinstance(frame, pl.DataFrame)
    return frame


# Polars decodes date parts and region prefixes from dense tables built per reference
# date; DuckDB (like Spark) computes them row by row: both must equal the scalar parsers.
# DuckDB plans each query anew (about a second for this SQL), so it gets fewer examples.
_ROWS = (
    st.lists(
        st.one_of(niks(), invalid_niks().map(lambda t: _as_text(t[1]))),
        min_size=1,
        max_size=40,
    ),
    st.lists(
        st.one_of(kks(), invalid_kks().map(lambda t: _as_text(t[1]))), min_size=40, max_size=40
    ),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31)),
)


@pytest.mark.parametrize("kind", ["polars", "lazy"])
@settings(max_examples=30, deadline=None)
@given(*_ROWS)
def test_rows_equal_the_scalar_parsers(
    kind: str, nik_values: list[str | None], kk_values: list[str | None], ref: dt.date
) -> None:
    _rows_equal_the_scalar_parsers(kind, nik_values, kk_values, ref)


@settings(max_examples=8, deadline=None)
@given(*_ROWS)
def test_duckdb_rows_equal_the_scalar_parsers(
    nik_values: list[str | None], kk_values: list[str | None], ref: dt.date
) -> None:
    _rows_equal_the_scalar_parsers("duckdb", nik_values, kk_values, ref)


def _rows_equal_the_scalar_parsers(
    kind: str, nik_values: list[str | None], kk_values: list[str | None], ref: dt.date
) -> None:
    kk_values = kk_values[: len(nik_values)]
    frame = pl.DataFrame(
        {"nik": nik_values, "no_kk": kk_values}, schema={"nik": pl.String, "no_kk": pl.String}
    )
    result = _as_polars(check_table(_native(frame, kind), reference_date=ref).frame)
    assert result.height == len(nik_values)
    for nik, kk, row in zip(nik_values, kk_values, result.iter_rows(named=True), strict=True):
        if all(v is None or not v.strip() for v in (nik, kk)):
            # A row with nothing in it is not a person: flagged as such, nothing else.
            assert row["issue_codes"] == ["row_blank"]
            assert row["status"] == "skipped"
            continue
        nik_info = bv.parse_nik(nik, reference_date=ref)
        kk_info = bv.parse_kk(kk, reference_date=ref)
        assert [c for c in row["issue_codes"] if c in NIK_CODES] == list(nik_info.codes)
        assert [c for c in row["issue_codes"] if c in KK_CODES] == list(kk_info.codes)
        assert row["nik_birth_date"] == nik_info.birth_date
        assert row["nik_sex"] == (nik_info.sex.value if nik_info.sex else None)
        district = nik_info.district
        assert row["nik_district_code"] == (district.code if district else None)
        assert row["nik_district_name"] == (district.name if district else None)
        assert row["kk_issue_date"] == kk_info.issue_date
        assert row["kk_district_code"] == (kk_info.district.code if kk_info.district else None)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.text(alphabet="0123456789 .-'eE+,O٣３\u00a0", max_size=20), min_size=1, max_size=30)
)
def test_messy_text_equals_the_scalar_parser(values: list[str]) -> None:
    result = check_table(pl.DataFrame({"nik": values}), reference_date=REF).frame
    for value, row in zip(values, result["issue_codes"].to_list(), strict=True):
        assert [c for c in row if c in NIK_CODES] == list(
            bv.parse_nik(value, reference_date=REF).codes
        ), value


QUOTED = [
    "''",
    "'''",
    "' '3576014403910003",
    " '3576014403910003",
    "''3576014403910003",
    "'-'",
    "' 1.0",
]


@pytest.mark.parametrize("value", QUOTED)
def test_quote_prefixes_equal_the_scalar_parser(value: str) -> None:
    # The scalar reader drops Excel's quote once, then once more after stripping space;
    # the vectorised reader must do the same whatever the Polars version.
    result = check_table(pl.DataFrame({"nik": [value]}), reference_date=REF).frame
    expected = list(bv.parse_nik(value, reference_date=REF).codes)
    assert [c for c in result["issue_codes"][0] if c in NIK_CODES] == expected


def test_duplicates_flag_both_rows_and_ignore_unreadable() -> None:
    frame = pl.DataFrame({"nik": ["3576014403910003", "3576-0144-0391-0003", "x", "x", None, None]})
    codes = _codes(check_table(frame, reference_date=REF).frame)
    assert codes[0] == codes[1] == ["nik_duplicate"]
    assert "nik_duplicate" not in codes[2] + codes[4]


def test_column_with_too_many_trailing_zeros_is_damaged() -> None:
    damaged = [f"35760144039100{n:01d}0" for n in range(1, 10)] * 3
    codes = _codes(check_table(pl.DataFrame({"nik": damaged}), reference_date=REF).frame)
    assert all("nik_column_damaged" in row for row in codes)
    healthy = [f"3576014403910{n:03d}" for n in range(1, 100)]
    codes = _codes(check_table(pl.DataFrame({"nik": healthy}), reference_date=REF).frame)
    assert not any("nik_column_damaged" in row for row in codes)


def test_birth_date_formats_and_types() -> None:
    nik = "3576014403910003"
    for declared in ("1991-03-04", "04-03-1991", "04/03/1991", dt.date(1991, 3, 4)):
        codes = _codes(
            check_table(
                pl.DataFrame({"nik": [nik], "tanggal_lahir": [declared]}), reference_date=REF
            ).frame
        )
        assert codes == [[]], declared
    stamp = pl.DataFrame({"nik": [nik], "tanggal_lahir": [dt.datetime(1991, 3, 4, 0, 0)]})  # noqa: DTZ001
    assert _codes(check_table(stamp, reference_date=REF).frame) == [[]]
    old = pl.DataFrame({"nik": ["3576010403100003"], "tanggal_lahir": ["1910-03-04"]})
    assert _codes(check_table(old, reference_date=REF).frame) == [["tanggal_lahir_over_110"]]


def test_summary_counts_add_up() -> None:
    result = check_table(pl.DataFrame(SAMPLE), reference_date=REF)
    summary = result.summary
    assert summary["status"]["count"].sum() == 10
    codes = _codes(result.frame)
    by_code = dict(zip(summary["codes"]["code"], summary["codes"]["count"], strict=True))
    assert sum(by_code.values()) == sum(len(c) for c in codes)
    assert by_code["nik_duplicate"] == 2
    assert summary["district"]["rows"].sum() == 10
    assert set(summary["village"]["kode_wilayah"]) == {"3576011003", "3576021001"}


def test_issues_table_has_one_row_per_issue_and_no_raw_nik() -> None:
    result = check_table(pl.DataFrame(SAMPLE), reference_date=REF)
    issues = result.issues
    assert issues.columns == ["row", "field", "code", "severity", "message"]
    assert issues.height == sum(len(c) for c in _codes(result.frame))
    assert "3576014403910003" not in issues.write_csv()
    assert set(issues.filter(pl.col("code") == "jenis_kelamin_unreadable")["field"]) == {
        "jenis_kelamin"
    }


def test_existing_integer_row_column_is_the_source_row() -> None:
    frame = pl.DataFrame({"nik": ["3576014403910003", "x"], "row": [5, 9]})
    result = check_table(frame, reference_date=REF).frame
    assert result["row"].to_list() == [5, 9]
    assert result.columns.count("row") == 1


def test_text_row_column_is_kept_and_source_row_added() -> None:
    frame = pl.DataFrame({"nik": ["3576014403910003", "x"], "row": ["a", "b"]})
    result = check_table(frame, reference_date=REF).frame
    assert result["row"].to_list() == ["a", "b"]
    assert result["source_row"].to_list() == [1, 2]
    pandas_result = check_table(frame.to_pandas(), reference_date=REF).frame
    assert list(pandas_result["row"]) == ["a", "b"]
    assert list(pandas_result["source_row"]) == [1, 2]


def test_schema_errors_name_the_columns() -> None:
    with pytest.raises(bv.SchemaError, match="found columns: 'nama'") as raised:
        check_table(pl.DataFrame({"nama": ["SLAMET"]}))
    assert raised.value.found == ("nama",)
    with pytest.raises(bv.SchemaError, match="'NOMOR'"):
        check_table(pl.DataFrame({"nik": ["1"]}), columns={"no_kk": "NOMOR"})
    with pytest.raises(bv.InvalidArgument):
        check_table([1, 2, 3])
    with pytest.raises(bv.InvalidArgument):
        check_table(pl.DataFrame({"nik": ["1"]}), reference_date="01/01/2026")  # type: ignore[arg-type]


def test_explicit_columns_mapping() -> None:
    frame = pl.DataFrame({"identitas": ["3576014403910000"], "keluarga": ["3576010101200001"]})
    result = check_table(
        frame, reference_date=REF, columns={"nik": "identitas", "no_kk": "keluarga"}
    )
    assert _codes(result.frame) == [["nik_serial_zero"]]
    assert result.columns == {"nik": "identitas", "no_kk": "keluarga"}


@pytest.mark.parametrize("column", ["nik", "no_kk"])
def test_a_single_identifier_column(column: str) -> None:
    value = "3576014403910000" if column == "nik" else "3576014101200001"
    frame = pl.DataFrame({column: [value, None]})
    codes = _codes(check_table(frame, reference_date=REF).frame)
    expected = "nik_serial_zero" if column == "nik" else "kk_day_invalid"
    assert codes == [[expected], ["nik_missing" if column == "nik" else "kk_missing"]]


def test_empty_frame() -> None:
    result = check_table(pl.DataFrame({"nik": []}, schema={"nik": pl.String}), reference_date=REF)
    assert result.frame.height == 0
    assert result.summary["status"].height == 0
