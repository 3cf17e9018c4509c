"""Finding messages carry each row's safe values; personal ones only when unmasked.

The vectorised messages of ``check_table(...).issues`` and of the report's findings must
equal what the scalar parsers' issues say for the same value: ``issue.message(lang)``
unmasked, ``issue.message(lang, unmasked=False)`` masked.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import bansos_validate as bv
from bansos_validate.cli._app import app
from bansos_validate.issues import CATALOGUE, Issue, definition
from bansos_validate.table import check_table
from bansos_validate.table._findings import issue_findings
from bansos_validate.testing import invalid_kks, invalid_niks, kks, niks

REF = dt.date(2026, 11, 27)
ID_CODES = {c for c, d in CATALOGUE.items() if d.subject in ("nik", "kk")}
SAFE = {
    "length",
    "day",
    "month",
    "age",
    "type",
    "pattern",
    "part",
    "province",
    "regency",
    "district",
    "current",
    "reason",
    "alasan",
    "reference_date",
}
PERSONAL = {"date", "serial"}


# The catalogue and the scalar API ------------------------------------------------------


@pytest.mark.parametrize("code", sorted(ID_CODES))
def test_every_identifier_placeholder_is_classified(code: str) -> None:
    spec = CATALOGUE[code]
    assert set(spec.placeholders) <= SAFE | PERSONAL
    assert set(spec.personal) == set(spec.placeholders) & PERSONAL


def test_household_codes_have_no_values_to_fill() -> None:
    household = [d for d in CATALOGUE.values() if d.subject == "household"]
    assert household
    assert all(d.placeholders == () for d in household)


def test_render_shows_safe_values_and_hides_personal_ones() -> None:
    spec = definition("nik_wrong_length")
    assert spec.render("id", {"length": 15}) == "NIK harus 16 digit, bukan 15."
    assert spec.render("id", {"length": 15}, unmasked=True) == "NIK harus 16 digit, bukan 15."
    assert spec.render("en") == spec.text("en") == "The NIK must have 16 digits, not …."
    future = definition("kk_issue_date_future")
    context = {"date": "15-12-2026", "reference_date": "2026-11-27"}
    assert future.render("en", context) == (
        "The KK number's issue date (…) is after the reference date 2026-11-27."
    )
    assert future.render("en", context, unmasked=True) == (
        "The KK number's issue date (15-12-2026) is after the reference date 2026-11-27."
    )
    assert "{" not in future.render("id", {})


def test_text_still_hides_every_value() -> None:
    for spec in CATALOGUE.values():
        assert "{" not in spec.text("id")
        assert "{" not in spec.text("en")
    assert definition("nik_day_invalid").text() == (
        "Tanggal lahir … pada NIK tidak sah (laki-laki 01-31, perempuan 41-71)."
    )


def test_issue_message_shows_everything_by_default_and_masks_on_request() -> None:
    info = bv.parse_nik("3576017002910003", reference_date=REF)
    (issue,) = info.issues
    assert issue.message("en") == "The date 30-02-1991 in the NIK does not exist in the calendar."
    assert issue.message("en", unmasked=False) == (
        "The date … in the NIK does not exist in the calendar."
    )
    serial = bv.parse_nik("3576014403919999", reference_date=REF).issues[0]
    assert "9999" in serial.message()
    assert "9999" not in serial.message(unmasked=False)
    short = Issue("nik_wrong_length", "nik", {"length": 15})
    assert short.message(unmasked=False) == short.message() == "NIK harus 16 digit, bukan 15."


# Vectorised messages equal the scalar ones ----------------------------------------------


def _as_text(value: object) -> str | None:
    return value if value is None or isinstance(value, str) else str(value)


def _scalar(  # noqa: PLR0913
    nik: object, kk: object, ref: dt.date, lang: str, *, unmasked: bool, codes: list[str]
) -> Counter[Any]:
    """The scalar parsers' (code, message) pairs of the *codes* the table reported.

    Whether the table reports the scalar parsers' codes is tests/table's business (and
    whole-row findings, such as a blank row, replace them); here only the messages are.
    """
    issues = [
        *bv.parse_nik(nik, reference_date=ref).issues,
        *bv.parse_kk(kk, reference_date=ref).issues,
    ]
    return Counter(
        (i.code, i.message(lang, unmasked=unmasked))  # type: ignore[arg-type]
        for i in issues
        if i.code in codes
    )


def _polars(frame: Any) -> pl.DataFrame:
    if isinstance(frame, pl.LazyFrame):
        return frame.collect()
    if isinstance(frame, duckdb.DuckDBPyRelation):
        return frame.pl()
    if isinstance(frame, pd.DataFrame):
        return pl.from_pandas(frame)
    if not isinstance(frame, pl.DataFrame):
        found = pl.from_arrow(frame)
        assert isinstance(found, pl.DataFrame)
        return found
    return frame


def _by_row(frame: Any) -> dict[int, Counter[Any]]:
    out: dict[int, Counter[Any]] = {}
    for row, code, message in _polars(frame).select("row", "code", "message").iter_rows():
        if code in ID_CODES:
            out.setdefault(row, Counter())[(code, message)] += 1
    return out


def _assert_rows(  # noqa: PLR0913
    messages: Any,
    result: Any,
    values: list[tuple[Any, Any]],
    ref: dt.date,
    lang: str,
    *,
    unmasked: bool = False,
) -> dict[int, Counter[Any]]:
    """Each row's (code, message) pairs equal the scalar parsers' for its (NIK, KK)."""
    got = _by_row(messages)
    frame = result.frame
    column = (
        frame["issue_codes"] if isinstance(frame, pd.DataFrame) else _polars(frame)["issue_codes"]
    )
    codes = [list(c) for c in column.to_list()]
    for row, ((nik, kk), found) in enumerate(zip(values, codes, strict=True), start=1):
        expected = _scalar(nik, kk, ref, lang, unmasked=unmasked, codes=found)
        assert got.get(row, Counter()) == expected, (nik, kk, unmasked)
    return got


def _frame(nik_values: list[Any], kk_values: list[Any]) -> pl.DataFrame:
    kk_values = (kk_values * len(nik_values))[: len(nik_values)]
    return pl.DataFrame(
        {"nik": nik_values, "no_kk": kk_values}, schema={"nik": pl.String, "no_kk": pl.String}
    )


_NIK_TEXT = st.one_of(niks(), invalid_niks().map(lambda t: _as_text(t[1])))
_KK_TEXT = st.one_of(kks(), invalid_kks().map(lambda t: _as_text(t[1])))
# Text as officers' spreadsheets hold it: separators, quotes, float and E+ text, letters,
# Unicode digits and spaces (read by the scalar reader).
_MESSY = st.text(alphabet="0123456789 .-'eE+,O٣３\u00a0", max_size=20)
_DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.one_of(_NIK_TEXT, _MESSY), min_size=1, max_size=30),
    st.lists(st.one_of(_KK_TEXT, _MESSY), min_size=1, max_size=30),
    _DATES,
    st.sampled_from(["id", "en"]),
)
def test_findings_messages_equal_the_scalar_messages(
    nik_values: list[str | None], kk_values: list[str | None], ref: dt.date, lang: str
) -> None:
    frame = _frame(nik_values, kk_values)
    result = check_table(frame, reference_date=ref)
    for unmasked in (True, False):
        findings = result.findings(lang, unmasked=unmasked)  # type: ignore[arg-type]
        _assert_rows(findings, result, frame.rows(), ref, lang, unmasked=unmasked)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(_NIK_TEXT, _MESSY), min_size=1, max_size=30))
def test_wrong_length_is_the_scalar_length(values: list[str | None]) -> None:
    result = check_table(pl.DataFrame({"nik": values}, schema={"nik": pl.String}))
    issues = result.issues.filter(pl.col("code") == "nik_wrong_length")
    got = dict(zip(issues["row"].to_list(), issues["message"].to_list(), strict=True))
    for row, value in enumerate(values, start=1):
        lengths = [
            i.context["length"] for i in bv.parse_nik(value).issues if i.code == "nik_wrong_length"
        ]
        if lengths:
            assert got[row] == f"NIK harus 16 digit, bukan {lengths[0]}.", value
        else:
            assert row not in got


@pytest.mark.parametrize("lazy", [False, True])
@settings(max_examples=30, deadline=None)
@given(
    st.lists(_NIK_TEXT, min_size=1, max_size=30),
    st.lists(_KK_TEXT, min_size=1, max_size=30),
    _DATES,
)
def test_table_issues_are_the_masked_scalar_messages(
    lazy: bool, nik_values: list[str | None], kk_values: list[str | None], ref: dt.date
) -> None:
    # Lazy frames number the copies of a code with a window, eager ones by position.
    frame = _frame(nik_values, kk_values)
    result = check_table(frame.lazy() if lazy else frame, reference_date=ref)
    _assert_rows(result.issues, result, frame.rows(), ref, "id", unmasked=False)


SAMPLE_NIKS = [
    "357601440391000",  # 15 digits
    "3576018503910003",  # day 85
    "1076014403910003",  # province 10
    "3.57601E+15",  # Excel's scientific notation
    "3576000003910003",  # district 00, day 00
    "3500004403910003",  # regency and district 00
    "1111111111111111",  # dummy
    "3576017002910003",  # 30 February
    "9101014403910003",  # recoded district
    "9101994403910003",  # recoded regency, unknown district
    "3576010107700003",  # placeholder birth date
    "3576014403919999",  # suspicious serial
    "3576 0144 0391 000",  # 15 digits after cleaning
    "٣٥٧٦٠١٤٤٠٣٩١٠٠٠",  # Arabic-Indic digits, 15
    "3576014403910000.0",  # float text ending in 0
    "357601440391.0",  # float text, 13 digits
    "3576014403910003",
]
SAMPLE_KKS = [
    "3576010101200001",
    "3576014101200001",
    "3576011313200001",
    "3576013002200001",
    "3576011512260001",
    "3576010101500001",
    "0000000000000000",
]


@pytest.mark.parametrize("kind", ["polars", "lazy", "pandas", "arrow", "duckdb"])
def test_every_frame_type_gives_the_same_messages(kind: str) -> None:
    source = _frame(SAMPLE_NIKS, SAMPLE_KKS)
    native = {
        "polars": lambda: source,
        "lazy": source.lazy,
        "pandas": source.to_pandas,
        "arrow": source.to_arrow,
        "duckdb": lambda: duckdb.from_arrow(source.to_arrow()),
    }[kind]()
    result = check_table(native, reference_date=REF)
    issues = _polars(result.issues)
    _assert_rows(issues, result, source.rows(), REF, "id", unmasked=False)
    messages = issues["message"].to_list()
    assert "NIK harus 16 digit, bukan 15." in messages
    assert "Kode kecamatan 910101 adalah kode lama; kode saat ini 930101." in messages
    assert not any(re.search(r"\d{2}-\d{2}-\d{4}", m) for m in messages)  # no dates


@pytest.mark.parametrize("dtype", [pl.Int64, pl.UInt64, pl.Float64, pl.Decimal(20, 0)])
def test_numeric_columns_give_the_scalar_messages(dtype: pl.DataType) -> None:
    values = [3576014403910003, 3576014403910010, 357601440391, None]
    frame = pl.DataFrame({"nik": pl.Series(values).cast(dtype)})
    result = check_table(frame, reference_date=REF)
    got = _assert_rows(result.issues, result, [(v, None) for v in values], REF, "id")
    assert got[3][("nik_wrong_length", "NIK harus 16 digit, bukan 12.")] == 1


def test_float_and_boolean_columns_give_the_scalar_messages() -> None:
    values = [9471010101900003.0, 1.5, float("inf"), float("nan"), 3576014403910000.0]
    result = check_table(pl.DataFrame({"nik": values}), reference_date=REF)
    rows = [(None if math.isnan(v) else v, None) for v in values]
    _assert_rows(result.issues, result, rows, REF, "id")
    flags = _by_row(check_table(pl.DataFrame({"nik": [True, None]}), reference_date=REF).issues)
    assert flags[1] == Counter({("nik_invalid_type", "NIK harus berupa teks, bukan bool."): 1})


def test_pandas_objects_from_excel_give_the_scalar_messages() -> None:
    values = [3576014403910003, "357601440391", 357601440391, 3.57601e15, 1e16, None, Decimal(12)]
    source = pd.DataFrame({"nik": values})
    result = check_table(source, reference_date=REF)
    got = _assert_rows(result.issues, result, [(v, None) for v in values], REF, "id")
    assert got[3][("nik_wrong_length", "NIK harus 16 digit, bukan 12.")] == 1


def test_both_region_parts_zero_name_each_part_once() -> None:
    frame = pl.DataFrame({"nik": ["3500004403910003"] * 2, "row": [7, 7]})
    issues = check_table(frame, reference_date=REF).issues.filter(
        pl.col("code") == "nik_region_zero"
    )
    assert sorted(issues["message"].to_list()) == sorted(
        [
            "Kode district pada NIK bernilai 00, yang tidak pernah dipakai.",
            "Kode regency pada NIK bernilai 00, yang tidak pernah dipakai.",
        ]
        * 2
    )


def test_findings_without_a_reference_date_hide_dates_only() -> None:
    result = check_table(_frame(SAMPLE_NIKS, SAMPLE_KKS), reference_date=REF)
    findings = issue_findings(
        result.frame,
        result.columns,
        "issue_codes",
        check="nik_kk",
        source="persons",
        lang="en",
        unmasked=True,
    )
    messages = set(findings["message"].to_list())
    assert "The date … in the NIK does not exist in the calendar." in messages
    assert "Birth day 85 in the NIK is impossible (01-31 for men, 41-71 for women)." in messages


def test_report_findings_follow_unmasked() -> None:
    frame = _frame(SAMPLE_NIKS, SAMPLE_KKS)
    report = bv.report.Report(reference_date=REF, table=check_table(frame, reference_date=REF))
    masked = report.findings("en")
    unmasked = report.findings("en", unmasked=True)
    pick = pl.col("code") == "nik_placeholder_birth_date"
    assert "(…)" in masked.filter(pick)["message"][0]
    assert "(01-07-1970)" in unmasked.filter(pick)["message"][0]
    assert "The NIK must have 16 digits, not 15." in masked["message"].to_list()
    text = masked.write_csv()
    assert not any(nik in text for nik in SAMPLE_NIKS if len(nik) == 16 and nik.isdigit())


# The command line ------------------------------------------------------------------------


CLI_NIKS = {
    "short": "357601440391000",
    "day85": "3576018503910003",
    "province": "1076014403910003",
    "excel": "3.57601E+15",
    "placeholder": "3576010107700003",
    "feb30": "3576017002910003",
    "good": "3576014403910003",
}


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("messages") / "roster.csv"
    lines = ["nik,nama"] + [f"{nik},ORANG {i}" for i, nik in enumerate(CLI_NIKS.values())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _findings(roster: Path, *args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(
        app, ["check", str(roster), "--json", "--at", REF.isoformat(), "--no-households", *args]
    )
    assert result.exit_code in (0, 1), result.output
    document = json.loads(result.stdout)
    return [f for f in document["findings"] if f["check"] == "nik_kk"]


def _message(findings: list[dict[str, Any]], code: str) -> str:
    (message,) = [f["message"] for f in findings if f["code"] == code]
    return str(message)


def test_cli_json_messages_show_safe_values(roster: Path) -> None:
    findings = _findings(roster)
    assert _message(findings, "nik_wrong_length") == "NIK harus 16 digit, bukan 15."
    assert _message(findings, "nik_day_invalid").startswith("Tanggal lahir 85 pada NIK tidak sah")
    assert _message(findings, "nik_province_unknown") == (
        "Kode provinsi 10 tidak ada dalam kode wilayah Kemendagri."
    )
    assert _message(findings, "nik_excel_precision_lost").startswith(
        "NIK rusak oleh Excel (notasi ilmiah)"
    )
    assert _message(findings, "nik_date_invalid") == "Tanggal … pada NIK tidak ada di kalender."
    assert "(…)" in _message(findings, "nik_placeholder_birth_date")
    raw = [nik for nik in CLI_NIKS.values() if len(nik) == 16 and nik.isdigit()]
    for finding in findings:
        assert not any(nik in finding["message"] for nik in raw)
        assert not re.search(r"\d{7}", finding["message"])  # at most a region code
        assert not re.search(r"\d{2}-\d{2}-\d{4}", finding["message"])  # no dates


def test_cli_json_unmasked_shows_the_dates(roster: Path) -> None:
    findings = _findings(roster, "--unmasked")
    assert _message(findings, "nik_date_invalid") == (
        "Tanggal 30-02-1991 pada NIK tidak ada di kalender."
    )
    assert "(01-07-1970)" in _message(findings, "nik_placeholder_birth_date")
    assert _message(findings, "nik_wrong_length") == "NIK harus 16 digit, bukan 15."


def test_cli_json_english(roster: Path) -> None:
    findings = _findings(roster, "--lang", "en")
    assert _message(findings, "nik_wrong_length") == "The NIK must have 16 digits, not 15."
    assert _message(findings, "nik_excel_precision_lost").startswith(
        "The NIK was damaged by a spreadsheet (scientific notation)"
    )
