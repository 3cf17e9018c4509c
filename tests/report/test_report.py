"""The report: findings with source rows and masked IDs, the HTML page, the exports."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import pytest

import bansos_validate as bv
from bansos_validate.errors import InvalidArgument
from bansos_validate.household import check_households
from bansos_validate.report import FILES, InputFile, Report, fragment

if TYPE_CHECKING:
    from .conftest import Run


def _leaks(text: str, raw: set[str]) -> list[str]:
    return [v for v in raw if len(set(v)) > 2 and v in text]


# findings ------------------------------------------------------------------------------


def test_table_findings_are_the_check_table_issues_with_excel_rows(run: Run) -> None:
    findings = run.report.findings().filter(pl.col("check") == "nik_kk")
    direct = run.report.table.issues  # type: ignore[union-attr]
    assert sorted(findings.select("row", "code").rows()) == sorted(
        direct.select("row", "code").rows()
    )
    assert findings["row"].min() >= 2  # the workbook's own row numbers
    by_row = dict(zip(run.persons["row"], run.persons["nik"], strict=True))
    for row, nik in findings.select("row", "nik").rows():
        assert nik == (None if by_row[row] is None else bv.mask_nik(by_row[row]))


def test_household_findings_are_the_household_issues(run: Run) -> None:
    findings = run.report.findings().filter(pl.col("check") == "household")
    direct = run.report.households.issues  # type: ignore[union-attr]
    assert sorted(findings.select("row", "code", "severity").rows()) == sorted(
        direct.select("row", "code", "severity").rows()
    )


def test_match_findings_name_the_unmatched_rows(run: Run) -> None:
    findings = run.report.findings("en").filter(pl.col("check") == "matching")
    match = run.report.match
    assert match is not None
    left = findings.filter(pl.col("code") == "match_unmatched_left")
    right = findings.filter(pl.col("code") == "match_unmatched_right")
    assert left.height == match.unmatched_left.len()
    assert right.height == match.unmatched_right.len()
    assert sorted(left["row"]) == sorted(run.persons["row"].gather(match.unmatched_left))
    assert sorted(right["row"]) == sorted(run.dukcapil["row"].gather(match.unmatched_right))
    assert set(left["severity"]) <= {"warning"}
    assert all("dukcapil" in m for m in left["message"])


def test_undetermined_decisions_are_warnings_on_their_household_row(run: Run) -> None:
    findings = run.report.findings().filter(pl.col("check") == "eligibility")
    pkh = findings.filter(pl.col("code") == "pkh_undetermined")
    assert pkh.height == run.report.decisions[0].counts()["undetermined"] > 0
    missing = run.households.filter(pl.col("desil").is_null())["row"].to_list()
    assert set(pkh["row"]) <= set(missing)
    assert set(pkh["severity"]) == {"warning"}
    assert all("desil" in d for d in pkh["detail"])


def test_overlap_findings_point_at_the_roll_rows(run: Run) -> None:
    overlaps = run.report.overlaps
    assert overlaps is not None
    table = overlaps.to_polars()
    findings = run.report.findings().filter(pl.col("check") == "overlap")
    assert findings.height == table.height
    assert findings["code"].to_list() == table["kind"].to_list()
    expected = [
        run.rolls[roll]["row"][row] for roll, row in table.select("roll_a", "row_a").iter_rows()
    ]
    assert findings["row"].to_list() == expected
    exclusive = findings.filter(pl.col("code") == "exclusive_programs")
    assert exclusive.height >= 3
    assert set(exclusive["severity"]) == {"error"}
    assert exclusive["row"].min() >= 1
    # the other row is named with its own source row (Excel rows for the workbook)
    assert all(d is not None and ("BLT-DD" in d or "PKH" in d) for d in exclusive["detail"])


def test_overlap_identifiers_written_unmasked_are_masked_again(run: Run, raw: set[str]) -> None:
    overlaps = run.report.overlaps
    assert overlaps is not None
    unmasked = bv.find_overlaps(run.rolls, at=run.report.reference_date, unmask=True)
    report = Report(reference_date=run.report.reference_date, overlaps=unmasked)
    assert _leaks(unmasked.to_polars().write_csv(), raw)
    assert not _leaks(report.findings().write_csv(), raw)
    assert not _leaks(report.to_html(), raw)
    assert _leaks(report.findings(unmasked=True).write_csv(), raw)


def test_findings_are_masked_unless_asked(run: Run, raw: set[str]) -> None:
    masked = run.report.findings()
    text = masked.write_csv()
    assert not _leaks(text, raw)
    unmasked = run.report.findings(unmasked=True).write_csv()
    assert _leaks(unmasked, raw)


def test_severity_counts_and_messages_in_both_languages(run: Run) -> None:
    counts = run.report.severity_counts()
    findings = run.report.findings()
    assert sum(counts.values()) == findings.height
    assert counts["error"] == findings.filter(pl.col("severity") == "error").height
    english = run.report.findings("en")
    code = findings.filter(pl.col("check") == "nik_kk")["code"][0]
    definition = bv.issues.definition(code)
    assert findings.filter(pl.col("code") == code)["message"][0] == definition.text("id")
    assert english.filter(pl.col("code") == code)["message"][0] == definition.text("en")


# summary and provenance ----------------------------------------------------------------


def test_summary_figures_come_from_the_results(run: Run) -> None:
    summary = run.report.summary()
    table = run.report.table
    assert table is not None
    assert summary["persons"]["rows"] == run.persons.height
    assert summary["persons"]["codes"][0]["count"] == table.summary["codes"]["count"][0]
    for item, decisions in zip(summary["eligibility"], run.report.decisions, strict=True):
        frame = decisions.frame
        assert item["amount"] == frame.filter(pl.col("status") == "eligible")["amount"].sum()
        assert item["ruleset_sha256"] == decisions.ruleset.sha256
    matching = summary["matching"]
    assert matching["left"]["rows"] == run.persons.height
    assert matching["right"]["rows"] == run.dukcapil.height
    json.dumps(summary)  # plain JSON values only


def test_provenance_lists_checksums_and_versions(run: Run) -> None:
    prov = run.report.provenance()
    assert prov["library"] == f"bansos-validate {bv.__version__}"
    assert prov["region_data"]["edition"] == bv.regions.data_version()["edition"]
    assert prov["reference_date"] == run.report.reference_date.isoformat()
    for item in prov["inputs"]:
        data = Path(item["location"]).read_bytes()
        assert item["sha256"] == hashlib.sha256(data).hexdigest()
        assert item["size"] == len(data)
    assert [r["program"] for r in prov["rulesets"]] == ["pkh", "bpnt", "pip"]
    assert prov["command"] == "bansos-validate test"


def test_input_file_of_a_database_url_masks_the_password() -> None:
    item = InputFile.from_source("postgresql://bansos:rahasia@127.0.0.1/db?table=dtsen")
    assert "rahasia" not in item.location
    assert item.sha256 is None


def test_input_file_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgument, match=r"missing\.csv"):
        InputFile.from_source(tmp_path / "missing.csv")


def test_report_needs_a_date() -> None:
    with pytest.raises(InvalidArgument, match="reference_date"):
        Report(reference_date="2026-01-01")  # type: ignore[arg-type]


def test_a_text_row_column_of_the_input_is_not_the_row_number() -> None:
    frame = pl.DataFrame({"row": ["a", "b"], "nik": ["3576014403910003", "3576014403910000"]})
    ref = dt.date(2026, 1, 1)
    report = Report(reference_date=ref, table=bv.check_table(frame, reference_date=ref))
    assert report.findings()["row"].to_list() == [2]


def test_an_empty_report_renders() -> None:
    report = Report(reference_date=dt.date(2026, 1, 1))
    assert report.findings().height == 0
    assert report.severity_counts() == {"error": 0, "warning": 0, "info": 0}
    assert "<!DOCTYPE html>" in report.to_html()


# HTML ----------------------------------------------------------------------------------


def test_html_is_self_contained(run: Run) -> None:
    html = run.report.to_html()
    assert not re.search(r"<(link|img|iframe|object|embed)\b", html)
    assert not re.search(r"<script[^>]+src=", html)
    assert "@import" not in html
    assert "url(" not in html
    for attr in re.findall(r'(?:href|src)="([^"]*)"', html):
        assert attr.startswith("#"), attr
    assert not re.findall(r"https?://(?!www\.w3\.org/2000/svg)", html)


def test_html_has_every_section_both_languages_and_provenance(run: Run) -> None:
    html = run.report.to_html()
    sections = ("summary", "nik-kk", "households", "matching", "eligibility", "overlaps")
    for section in (*sections, "provenance"):
        assert f'id="{section}"' in html
    for idn, en in (("Ringkasan", "Summary"), ("Kelayakan program", "Program eligibility")):
        assert idn in html
        assert en in html
    assert html.count('<svg class="chart"') >= 6
    for item in run.report.inputs:
        assert item.sha256 is not None
        assert item.sha256 in html
    for decisions in run.report.decisions:
        assert decisions.ruleset.sha256 in html
    assert run.report.overlaps is not None
    assert run.report.overlaps.policy.sha256 in html
    assert 'class="show-id"' in html
    assert 'class="show-en"' in run.report.to_html("en")


def test_html_masks_identifiers_unless_unmasked(run: Run, raw: set[str]) -> None:
    assert not _leaks(run.report.to_html(), raw)
    unmasked = run.report.to_html(unmasked=True)
    assert _leaks(unmasked, raw)
    assert "--unmasked" in unmasked


def test_html_lists_at_most_max_rows_findings(run: Run) -> None:
    html = run.report.to_html(max_rows=5)
    start = html.index('id="findings"')
    table = html[start : html.index("</table>", start)]
    assert table.count("<tr>") == 1 + 5  # header and five rows
    total = run.report.findings().height
    assert f"5 of {total:,}" in html


# exports -------------------------------------------------------------------------------


def test_write_folder_exports_the_findings(run: Run, tmp_path: Path) -> None:
    written = run.report.write(tmp_path)
    assert {k: p.name for k, p in written.items() if k in FILES} == FILES
    findings = run.report.findings()
    from_xlsx = bv.io.read(tmp_path / "temuan.xlsx")
    assert from_xlsx.height == findings.height
    assert from_xlsx["row"].cast(pl.Int64).to_list() == findings["row"].to_list()
    from_csv = bv.io.read(tmp_path / "temuan.csv")
    assert from_csv["code"].to_list() == findings["code"].to_list()
    assert pl.read_parquet(tmp_path / "temuan.parquet").equals(findings)
    summary = json.loads((tmp_path / "ringkasan.json").read_text(encoding="utf-8"))
    assert summary["findings"] == run.report.severity_counts()
    decided = bv.io.read(tmp_path / "kelayakan.csv")
    assert decided.height == sum(d.frame.height for d in run.report.decisions)
    assert (tmp_path / "laporan.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_write_refuses_an_unknown_format(run: Run, tmp_path: Path) -> None:
    with pytest.raises(InvalidArgument, match="docx"):
        run.report.write(tmp_path, formats=("docx",))


def test_write_into_a_file_is_a_write_error(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(bv.io.WriteError, match="report folder"):
        run.report.write(blocker / "sub", formats=("json",))


# notebook fragments --------------------------------------------------------------------


def test_fragments_of_every_result(run: Run, raw: set[str]) -> None:
    report = run.report
    assert report.table is not None
    assert report.households is not None
    assert report.match is not None
    assert report.overlaps is not None
    results = (report.table, report.households, report.match, *report.decisions, report.overlaps)
    for result in results:
        html = fragment(result)
        assert html.startswith("<style>")
        assert type(result).__name__ in html
        assert not _leaks(html, raw)
        assert result._repr_html_() == html  # what a notebook shows
    assert "<svg" in fragment(report.table)
    assert "Layak" in fragment(report.decisions[0])
    assert "Eligible" in fragment(report.decisions[0], "en")


def test_fragment_of_something_else() -> None:
    with pytest.raises(InvalidArgument, match="dict"):
        fragment({})


def test_fragment_of_pandas_results(run: Run) -> None:
    import pandas as pd  # a dev dependency

    frame = pd.DataFrame({"nik": ["3576014403910003"], "no_kk": ["3576010101200001"]})
    frame["hubungan_keluarga"] = ["KEPALA KELUARGA"]
    ref = dt.date(2026, 1, 1)
    html = fragment(check_households(frame, reference_date=ref))
    assert "HouseholdCheck" in html
    report = Report(reference_date=ref, table=bv.check_table(frame, reference_date=ref))
    assert report.findings().height == 0
