"""The pipeline jobs called directly (no command line): what they return and write."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import bansos_validate as bv
from bansos_validate import rules
from bansos_validate._pipeline import RequestError, fails, source_file_name
from bansos_validate._pipeline import check as check_job
from bansos_validate._pipeline import demo as demo_job
from bansos_validate._pipeline import eligibility as eligibility_job
from bansos_validate._pipeline import key as key_job
from bansos_validate._pipeline import match as match_job
from bansos_validate._pipeline import overlap as overlap_job
from bansos_validate._pipeline import regions as regions_job
from bansos_validate._pipeline import rules_test as rules_test_job
from bansos_validate._pipeline import synth as synth_job

from .conftest import GENERATED, REF

if TYPE_CHECKING:
    from .conftest import Events

REPORT_FILES = {"html", "xlsx", "csv", "parquet", "json"}


def test_the_pipeline_imports_neither_the_command_line_nor_typer_nor_rich() -> None:
    code = (
        "import bansos_validate._pipeline, sys; "
        "import bansos_validate._pipeline.check, bansos_validate._pipeline.demo; "
        "import bansos_validate._pipeline.eligibility, bansos_validate._pipeline.match; "
        "import bansos_validate._pipeline.overlap, bansos_validate._pipeline.synth; "
        "import bansos_validate._pipeline.regions, bansos_validate._pipeline.rules_test; "
        "import bansos_validate._pipeline.key; "
        "print([m for m in sys.modules if m.startswith(('typer','rich','bansos_validate.cli'))])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# check ---------------------------------------------------------------------------------


def test_check_reads_checks_households_and_writes_the_report_folder(
    files: dict[str, Path], tmp_path: Path, events: Events
) -> None:
    out = tmp_path / "hasil"
    request = check_job.CheckRequest(
        source=files["persons"], reference_date=REF, out=out, generated_at=GENERATED
    )
    outcome = check_job.run(request, events)

    frame = bv.io.read(files["persons"])
    expected = bv.check_table(frame, reference_date=REF)
    assert outcome.summary["persons"]["rows"] == frame.height
    assert outcome.summary["households"]["households"] > 0
    assert outcome.report.table is not None
    assert outcome.report.table.frame.height == expected.frame.height
    assert outcome.report.households is not None
    assert set(outcome.files) == REPORT_FILES
    assert all(path.stat().st_size > 0 for path in outcome.files.values())
    assert outcome.counts == outcome.summary["findings"]
    assert outcome.failed == (outcome.counts["error"] > 0)
    assert outcome.notes == ()
    assert events.total == 4
    assert events.keys == ["step_read", "step_table", "step_households", "step_report"]
    assert events.steps[0][1] == {"name": "persons"}
    written = json.loads(outcome.files["json"].read_text(encoding="utf-8"))
    assert written["findings"] == outcome.summary["findings"]
    assert outcome.report.generated_at == GENERATED


def test_check_skips_households_without_the_kk_column_and_writes_nothing_without_out(
    files: dict[str, Path], events: Events
) -> None:
    request = check_job.CheckRequest(source=files["no_kk"], reference_date=REF)
    outcome = check_job.run(request, events)
    assert outcome.report.households is None
    assert "households" not in outcome.summary
    assert outcome.files == {}
    assert events.skipped == 1
    assert events.keys == ["step_read", "step_table", "step_report"]


def test_check_without_households_plans_three_steps(files: dict[str, Path], events: Events) -> None:
    request = check_job.CheckRequest(source=files["persons"], reference_date=REF, households=False)
    outcome = check_job.run(request, events)
    assert events.total == 3
    assert events.skipped == 0
    assert outcome.report.households is None


def test_check_takes_a_frame_in_memory_and_needs_no_progress(population: Any) -> None:
    request = check_job.CheckRequest(source=population.persons, reference_date=REF)
    outcome = check_job.run(request)
    assert outcome.summary["persons"]["rows"] == population.persons.height
    (source,) = outcome.report.inputs
    assert source.name == "data"
    assert source.sha256 is None


@pytest.mark.parametrize(("fail_on", "failed"), [("never", False), ("warning", True)])
def test_the_fail_decision_follows_fail_on(
    files: dict[str, Path], fail_on: Any, *, failed: bool
) -> None:
    request = check_job.CheckRequest(source=files["persons"], reference_date=REF, fail_on=fail_on)
    outcome = check_job.run(request)
    assert outcome.counts["warning"] + outcome.counts["error"] > 0  # planted errors
    assert outcome.failed is failed


def test_a_sheet_too_small_for_the_findings_becomes_a_note(
    files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, events: Events
) -> None:
    from bansos_validate.io import _write

    monkeypatch.setattr(_write, "_XLSX_MAX_ROWS", 11)
    request = check_job.CheckRequest(
        source=files["persons"], reference_date=REF, out=tmp_path / "out", lang="en"
    )
    outcome = check_job.run(request, events)
    assert [note.key for note in outcome.notes] == ["spreadsheet_split"]
    assert "Excel" in str(outcome.notes[0].values["note"])
    assert [key for key, _ in events.notes] == ["spreadsheet_split"]
    assert outcome.files["xlsx"].exists()


# match ---------------------------------------------------------------------------------


def test_match_links_two_files(files: dict[str, Path], tmp_path: Path, events: Events) -> None:
    request = match_job.MatchRequest(
        left=files["persons"], right=files["dukcapil"], out=tmp_path / "out"
    )
    outcome = match_job.run(request, events)
    matching = outcome.summary["matching"]
    assert matching["left"]["name"] == "persons"
    assert matching["right"]["name"] == "dukcapil"
    assert matching["pairs"] > 0
    assert set(outcome.files) == REPORT_FILES
    assert events.keys == ["step_read", "step_read", "step_match", "step_report"]


def test_match_names_one_file_twice_apart(files: dict[str, Path]) -> None:
    request = match_job.MatchRequest(left=files["persons"], right=files["persons"])
    assert match_job.names(request) == ("persons (1)", "persons (2)")
    outcome = match_job.run(request)
    assert outcome.report.match_names == ("persons (1)", "persons (2)")


# eligibility ---------------------------------------------------------------------------


def test_eligibility_decides_every_program(
    files: dict[str, Path], tmp_path: Path, events: Events
) -> None:
    rulesets = eligibility_job.load_rulesets(["all", "pkh"])
    assert [r.program for r in rulesets] == list(rules.programs())
    request = eligibility_job.EligibilityRequest(
        persons=files["persons"],
        households=files["households"],
        rulesets=rulesets,
        reference_date=REF,
        out=tmp_path / "out",
    )
    outcome = eligibility_job.run(request, events)
    assert [e["program"] for e in outcome.summary["eligibility"]] == list(rules.programs())
    assert any(kind.startswith("eligibility_") for kind in outcome.files)
    assert events.total == 2 + len(rulesets) + 1
    assert events.keys.count("step_rules") == len(rulesets)


def test_eligibility_refuses_no_program_and_an_assumption_nothing_reads(
    files: dict[str, Path], events: Events
) -> None:
    with pytest.raises(RequestError) as no_program:
        eligibility_job.load_rulesets([], [])
    assert no_program.value.key == "need_program"
    request = eligibility_job.EligibilityRequest(
        persons=files["persons"],
        households=files["households"],
        rulesets=eligibility_job.load_rulesets(["pkh"]),
        assumptions={"no_such_column": "1"},
    )
    with pytest.raises(RequestError) as unused:
        eligibility_job.run(request, events)
    assert unused.value.key == "assume_unused"
    assert unused.value.values == {"column": "no_such_column"}
    assert events.total is None  # refused before anything was read


# overlap -------------------------------------------------------------------------------


def test_overlap_finds_what_find_overlaps_finds(
    files: dict[str, Path], tmp_path: Path, events: Events
) -> None:
    request = overlap_job.OverlapRequest(
        rolls={"PKH": files["pkh"], "BPNT": files["bpnt"]},
        deaths=files["persons"],
        persons=files["persons"],
        reference_date=REF,
        out=tmp_path / "out",
    )
    outcome = overlap_job.run(request, events)
    direct = bv.find_overlaps(
        {"PKH": bv.io.read(files["pkh"]), "BPNT": bv.io.read(files["bpnt"])},
        deaths=bv.io.read(files["persons"]),
        persons=bv.io.read(files["persons"]),
        reference_date=REF,
    )
    assert outcome.summary["overlaps"]["total"] == direct.frame.height
    assert [i.name for i in outcome.report.inputs] == ["PKH", "BPNT", "deaths", "persons"]
    assert events.total == 2 + 2 + 2
    assert set(outcome.files) >= REPORT_FILES


# demo ----------------------------------------------------------------------------------


def test_demo_writes_the_inputs_and_the_report(tmp_path: Path, events: Events) -> None:
    out = tmp_path / "demo"
    outcome = demo_job.run(demo_job.DemoRequest(out=out, households=60), events)
    assert outcome.files["inputs"] == out / "data"
    assert (out / "data" / "persons.csv").exists()
    assert (out / "laporan.html").exists()
    assert {"persons", "households", "matching", "eligibility", "overlaps"} <= set(outcome.summary)
    assert outcome.report.synthetic
    assert outcome.failed is False  # fail_on defaults to never
    assert ("demo_skipped_roll", {"name": "BLT-DD"}) in events.notes
    assert [n.key for n in outcome.notes] == ["demo_skipped_roll"]
    assert events.total == demo_job.steps() == len(events.steps)


# the small jobs ------------------------------------------------------------------------


def test_synth_writes_every_table(tmp_path: Path, events: Events) -> None:
    outcome = synth_job.run(synth_job.SynthRequest(out=tmp_path / "data", households=15), events)
    assert {"persons", "households", "second_view", "truth"} <= set(outcome.files)
    assert all(path.exists() for path in outcome.files.values())
    assert outcome.rows["persons"] == outcome.population.persons.height
    assert events.keys == ["step_synth", "step_write_inputs"]


def test_regions_finds_a_code_its_parents_and_children() -> None:
    found = regions_job.run("35.76")
    assert found.found
    assert found.region is not None
    assert found.region.name == "Kota Mojokerto"
    assert [r.code for r in found.parents] == ["35"]
    assert found.children > 0
    assert found.edition == bv.regions.data_version()["edition"]
    missing = regions_job.run("9999")
    assert not missing.found
    assert missing.code == "9999"
    with pytest.raises(RequestError) as malformed:
        regions_job.run("abc")
    assert malformed.value.key == "region_malformed"


def test_rules_test_runs_the_cases_of_a_program() -> None:
    outcome = rules_test_job.run(["pkh"])
    assert [r.program for r in outcome.reports] == ["pkh"]
    assert outcome.failed_cases == 0
    assert not outcome.failed


def test_key_files_are_made_once_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "kunci.txt"
    key_job.new_key_file(path)
    assert len(key_job.read_key_file(path)) == 32
    with pytest.raises(RequestError) as exists:
        key_job.new_key_file(path)
    assert exists.value.key == "key_exists"
    weak = tmp_path / "weak.txt"
    weak.write_text("password\n", encoding="ascii")
    with pytest.raises(bv.errors.WeakKeyError):  # worded by the library itself
        key_job.read_key_file(weak)
    with pytest.raises(RequestError) as unreadable:
        key_job.read_key_file(tmp_path)  # a folder: cannot be read
    assert unreadable.value.key == "key_short"


def test_source_names_and_the_fail_decision(population: Any) -> None:
    assert source_file_name("data/roster.xlsx") == "roster"
    assert source_file_name(Path("roster.csv")) == "roster"
    assert source_file_name(population.persons) == "data"
    assert not fails({"error": 3}, "never")
    assert fails({"error": 1, "warning": 0}, "error")
    assert not fails({"error": 0, "warning": 2}, "error")
