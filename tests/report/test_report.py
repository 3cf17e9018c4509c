"""The report: findings with source rows and masked IDs, the HTML page, the exports."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import pytest

import bansos_validate as bv
from bansos_validate import rules
from bansos_validate._present._text import TEXT
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
    unmasked = bv.find_overlaps(run.rolls, reference_date=run.report.reference_date, unmasked=True)
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
        Report(reference_date="01/01/2026")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="reference_date"):
        Report(reference_date=None)  # type: ignore[arg-type]
    iso = Report(reference_date="2026-01-01")  # type: ignore[arg-type]
    assert iso.reference_date == dt.date(2026, 1, 1)


def test_a_text_row_column_of_the_input_is_not_the_row_number() -> None:
    frame = pl.DataFrame({"row": ["a", "b"], "nik": ["3576014403910003", "3576014403910000"]})
    ref = dt.date(2026, 1, 1)
    report = Report(reference_date=ref, table=bv.check_table(frame, reference_date=ref))
    findings = report.findings()
    assert findings.filter(pl.col("check") == "nik_kk")["row"].to_list() == [2]
    notes = findings.filter(pl.col("check") == "input")  # checks skipped for want of a column
    assert notes["row"].to_list() == [None] * notes.height
    assert notes["code"].to_list() == list(report.manifest.codes())


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


# how the files were read (the run manifest) -------------------------------------------

_REF = dt.date(2026, 1, 15)
_MESSY = (
    "DAFTAR PENERIMA BANSOS DESA CONTOH 2026,,,,",  # a banner above the header
    # a look-alike header (U+0406, Cyrillic), an unused header with markup, one with a KK in it
    "N\u0406K,No. KK,Nama Lengkap,Keterangan <script>alert(1)</script>,Catatan 3576010101200009",
    "3576014403910003,3576010101200001,SITI AMINAH,,",
    ",,,,",  # a blank row
    "3576010101900001,3576010101200001,BUDI,,",
    ",,JUMLAH 2 ORANG,,",  # totals and a signature below the table
    ",,Kepala Desa,,",
)


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> Report:
    path = tmp_path_factory.mktemp("messy") / "daftar.csv"
    path.write_text("\n".join(_MESSY) + "\n", encoding="utf-8")
    table = bv.check_table(bv.io.read(path), reference_date=_REF)
    return Report(reference_date=_REF, table=table)


def _section(html: str, ident: str) -> str:
    start = html.index(f'id="{ident}"')
    return html[start : html.index("</section>", start)]


def test_manifest_section_shows_how_the_file_was_read(messy: Report) -> None:
    html = messy.to_html()
    assert '<a href="#manifest">' in html  # in the navigation
    section = _section(html, "manifest")
    for key in ("manifest", "per_input", "checks_run", "checks_skipped", "unused"):
        for text in TEXT[key]:
            assert escape(text) in section, text
    (reading,) = messy.manifest.sources
    assert escape(str(reading.location)) in section
    assert "Judul kolom di baris 2" in section
    assert "Header on row 2" in section
    assert "row 1 above it" in section  # the banner, skipped
    # standard column <- header as written, and how it was matched
    assert '<code>no_kk</code></td><td>\u2190</td><td><code class="h">No. KK</code>' in section
    lookalike = section[section.index("<tr class=flag>") :]
    lookalike = lookalike[: lookalike.index("</tr>")]
    assert "N\u0406K" in lookalike
    assert "U+0406 CYRILLIC CAPITAL LETTER" in lookalike  # the letter that only looks Latin
    assert 'class="tag warn"' in lookalike
    assert "Nama Lengkap" in section  # not used
    # rows read, records, blank and footer rows with their row numbers
    assert (reading.rows, reading.records) == (5, 2)
    assert f"{TEXT['blank_rows'][1]}</span>: 1 (4)" in section
    assert f"{TEXT['footer_rows'][1]}</span>: 2 (6, 7)" in section
    # the checks skipped for want of a column, with the column
    skipped = section[section.index(escape(TEXT["checks_skipped"][0])) :]
    assert "<code>tanggal_lahir</code></td><td><code>tanggal_lahir</code>" in skipped
    assert "<code>kk_region</code></td><td><code>kode_wilayah</code>" in skipped
    assert TEXT["no_assumptions"][1] in section


def test_manifest_notes_are_in_both_languages(messy: Report) -> None:
    section = _section(messy.to_html("en"), "manifest")
    codes = messy.manifest.codes()
    assert {"input_header_banner", "input_header_lookalike", "input_rows_skipped"} <= set(codes)
    for note in messy.manifest.notes:
        assert escape(note.message("id")) in section
        assert escape(note.message("en")) in section


def test_manifest_values_are_escaped_and_identifiers_masked(messy: Report) -> None:
    html = messy.to_html()
    assert "<script>alert" not in html
    assert "Keterangan &lt;script&gt;alert(1)&lt;/script&gt;" in _section(html, "manifest")
    assert html.count("<script>") == 1  # the page's own
    assert not re.search(r"\d{16}", html)  # not in a header, not in a finding
    assert "Catatan 357601**********" in html
    unmasked = messy.to_html(unmasked=True)
    assert "Catatan 3576010101200009" in unmasked


def test_summary_counts_records_and_skipped_rows_apart(messy: Report) -> None:
    persons = messy.summary()["persons"]
    assert (persons["rows"], persons["skipped_rows"]) == (2, 3)
    assert "skipped" not in persons["status"]
    html = messy.to_html("en")
    cards = _section(html, "summary")
    assert re.search(r'<div class="n">2</div><div class="k">.*Persons checked', cards)
    skipped = re.search(r'<a class="card " href="#manifest"><div class="n">3</div>', cards)
    assert skipped is not None
    assert "Rows that are not records" in cards
    checks = len(messy.manifest.skipped)
    assert f'href="#manifest"><div class="n">{checks}</div>' in cards  # checks skipped
    # the status is charted by district, and a skipped row is no finding of its village
    charts = _section(html, "nik-kk")
    assert escape(TEXT["skipped"][1]) in charts
    assert ", skipped: 3</title>" in charts
    villages = charts[charts.index(TEXT["by_village"][1]) :]
    assert villages.index(TEXT["none"][1]) < villages.index("</figure>")


def test_manifest_assumptions_and_warnings_are_not_missed() -> None:
    persons = pl.DataFrame({"no_kk": ["3576010101200001"], "tanggal_lahir": ["1991-03-04"]})
    households = pl.DataFrame({"no_kk": ["3576010101200001"], "desil": [3]})
    program = rules.load_program("pkh")
    decisions = rules.evaluate(
        program, persons, households, reference_date=_REF, assume={"hamil": "false"}
    )
    report = Report(reference_date=_REF, decisions=(decisions,))
    assert report.manifest.assumed == (("persons", "hamil", "false"),)
    html = report.to_html()
    warnings = sum(n.severity.value == "warning" for n in report.manifest.notes)
    assert warnings > 0
    cards = _section(html, "summary")
    assert f'<a class="card warning" href="#manifest"><div class="n">{warnings}</div>' in cards
    section = _section(html, "manifest")
    assumptions = section[section.index('class="assume"') :]
    assert TEXT["assumptions"][0] in assumptions
    assert "ANGGAPAN" in assumptions
    assert "ASSUMED" in assumptions
    assert "persons: <code>hamil</code> = <code>false</code>" in assumptions
    # and in the persons' columns, where the column would have come from
    row = section[section.rindex("<code>hamil</code>") :]
    assert "ANGGAPAN" in row[: row.index("</tr>")]
    for check in report.manifest.skipped:
        assert f"<code>{escape(check.check)}</code>" in section


def test_manifest_section_is_left_out_when_nothing_was_read() -> None:
    html = Report(reference_date=_REF).to_html()
    assert 'id="manifest"' not in html
    assert 'href="#manifest"' not in html


def test_fragment_counts_the_rows_that_are_not_records(messy: Report) -> None:
    assert messy.table is not None
    html = fragment(messy.table, "en")
    assert f"<th>{TEXT['skipped'][1]}</th><td class='n'>3</td>" in html


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
    findings = report.findings()
    assert findings.filter(pl.col("check") != "input").height == 0
    assert set(findings["code"]) == {"input_check_skipped"}  # no birth date, no sex column
