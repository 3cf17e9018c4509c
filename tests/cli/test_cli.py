"""Every command through typer's runner: output, files, exit codes and user errors."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
import pytest
from rich.console import Console

import bansos_validate as bv
from bansos_validate import rules
from bansos_validate.cli import EXIT_CODES, main
from bansos_validate.cli._app import app
from bansos_validate.cli._run import FailOn, Steps, exit_code
from bansos_validate.household import check_households

from .conftest import REF

if TYPE_CHECKING:
    from typer.testing import CliRunner


def _run(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def _error_lines(result: Any) -> list[str]:
    return [
        line
        for line in result.stderr.splitlines()
        if line.startswith(("galat:", "error:", "galat internal", "internal error"))
    ]


def _raw_niks(path: Path) -> set[str]:
    frame = bv.io.read(path)
    return {v for v in frame["nik"].to_list() if v and len(v) == 16 and v.isdigit()}


# --version and help ------------------------------------------------------------------


def test_version_shows_library_region_data_and_every_rule_set(runner: CliRunner) -> None:
    result = _run(runner, "--version")
    assert result.exit_code == 0
    assert f"bansos-validate {bv.__version__}" in result.stdout
    assert bv.regions.data_version()["edition"] in result.stdout
    for program in rules.programs():
        ruleset = rules.load_program(program)
        assert f"{program}" in result.stdout
        assert ruleset.sha256 in result.stdout
        assert ruleset.version in result.stdout
    for name in bv.overlap.policies():
        assert bv.overlap.load_policy(name).sha256 in result.stdout


def test_help_lists_every_command_and_the_exit_codes(runner: CliRunner) -> None:
    result = _run(runner, "--help")
    assert result.exit_code == 0
    for command in (
        "demo",
        "check",
        "match",
        "eligibility",
        "overlap",
        "rules",
        "synth",
        "regions",
    ):
        assert command in result.stdout
    assert "Exit codes" in result.stdout
    assert set(EXIT_CODES) == {0, 1, 2, 3}


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "bansos-validate"
    found = shutil.which("bansos-validate") or (str(script) if script.exists() else None)
    assert found is not None, "the bansos-validate console script is not installed"
    done = subprocess.run([found, "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert bv.__version__ in done.stdout


# demo --------------------------------------------------------------------------------


def test_demo_writes_the_report_folder_and_a_one_screen_summary(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "demo"
    start = time.perf_counter()
    result = _run(runner, "demo", "--out", out, "--households", "300")
    elapsed = time.perf_counter() - start
    assert result.exit_code == 0, result.stderr
    for name in ("laporan.html", "temuan.xlsx", "temuan.csv", "temuan.parquet", "ringkasan.json"):
        assert (out / name).stat().st_size > 0, name
    assert (out / "data" / "persons.csv").exists()
    assert (out / "kelayakan.csv").exists()
    screen = result.stdout.splitlines()
    assert len(screen) <= 40, "the summary must fit on one screen"
    assert str(out / "laporan.html") in result.stdout
    assert "Selesai dalam" in result.stdout
    assert "[1/" in result.stderr  # progress steps on standard error
    summary = json.loads((out / "ringkasan.json").read_text(encoding="utf-8"))
    assert {"persons", "households", "matching", "eligibility", "overlaps"} <= set(summary)
    assert summary["overlaps"]["total"] > 0
    assert summary["provenance"]["policy"]["sha256"]
    assert [e["program"] for e in summary["eligibility"]] == list(rules.programs())
    inputs = {i["name"]: i for i in summary["provenance"]["inputs"]}
    assert inputs["persons"]["rows"] == summary["persons"]["rows"]
    assert elapsed < 60


def test_demo_never_writes_a_raw_nik_unless_unmasked(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "masked"
    assert _run(runner, "demo", "--out", out, "--households", "150").exit_code == 0
    raw = _raw_niks(out / "data" / "persons.csv")
    report = [(out / n).read_text(encoding="utf-8") for n in ("laporan.html", "temuan.csv")]
    for text in report:
        assert not any(nik in text for nik in raw)
    found = bv.io.read(out / "temuan.csv")
    masked = found["nik"].drop_nulls()
    assert masked.len() > 0
    assert not masked.str.contains(r"\d{7}").any()  # at most the 6-digit region is shown

    out2 = tmp_path / "unmasked"
    result = _run(runner, "demo", "--out", out2, "--households", "150", "--unmasked")
    assert result.exit_code == 0
    assert "--unmasked" in result.stdout
    text = (out2 / "temuan.csv").read_text(encoding="utf-8")
    assert any(nik in text for nik in _raw_niks(out2 / "data" / "persons.csv"))


def test_demo_json_and_english(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "json"
    result = _run(runner, "demo", "--out", out, "--households", "150", "--json", "--lang", "en")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["command"] == "demo"
    assert document["exit_code"] == 0
    assert document["elapsed_seconds"] > 0
    assert Path(document["files"]["html"]).exists()
    counts = document["summary"]["findings"]
    assert counts["error"] == sum(1 for f in document["findings"] if f["severity"] == "error")
    english = [f["message"] for f in document["findings"] if f["code"] == "nik_missing"]
    assert english
    assert all(m == bv.issues.definition("nik_missing").text("en") for m in english)
    assert "Reading" in result.stderr


def test_demo_fail_on_error_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    result = _run(runner, "demo", "--out", tmp_path, "--households", "150", "--fail-on", "error")
    assert result.exit_code == 1
    assert "--fail-on error" in result.stdout


# check -------------------------------------------------------------------------------


def test_check_counts_agree_with_the_library(
    runner: CliRunner, files: dict[str, Path], population: Any
) -> None:
    result = _run(runner, "check", files["persons"], "--at", REF.isoformat(), "--json")
    document = json.loads(result.stdout)
    direct = bv.check_table(bv.io.read(files["persons"]), reference_date=REF)
    status = dict(direct.summary["status"].iter_rows())
    assert document["summary"]["persons"]["status"] == {
        s: status.get(s, 0) for s in ("valid", "warning", "invalid", "excel_damaged")
    }
    households = check_households(bv.io.read(files["persons"]), reference_date=REF)
    assert document["summary"]["households"]["households"] == households.households.height
    assert result.exit_code == 1  # the synthetic roster has planted errors
    assert population.truth.height > 0


@pytest.mark.parametrize(
    ("source", "fail_on", "expected"),
    [
        ("persons", "error", 1),
        ("persons", "never", 0),
        ("clean", "error", 0),
        ("clean", "warning", 1),  # a deceased head of household is a warning
    ],
)
def test_check_exit_codes_follow_fail_on(
    runner: CliRunner, files: dict[str, Path], source: str, fail_on: str, expected: int
) -> None:
    result = _run(runner, "check", files[source], "--fail-on", fail_on, "--at", REF.isoformat())
    assert result.exit_code == expected, result.stdout + result.stderr


def test_check_findings_carry_source_rows_and_masked_ids(
    runner: CliRunner, files: dict[str, Path], tmp_path: Path
) -> None:
    result = _run(runner, "check", files["persons_xlsx"], "--out", tmp_path, "--at", "2026-01-01")
    assert result.exit_code == 1
    findings = bv.io.read(tmp_path / "temuan.xlsx")
    roster = bv.io.read(files["persons_xlsx"])
    direct = bv.check_table(roster, reference_date=REF).issues
    ours = findings.filter(pl.col("check") == "nik_kk").select(pl.col("row").cast(pl.Int64), "code")
    assert sorted(ours.rows()) == sorted(direct.select("row", "code").rows())
    assert ours["row"].min() >= 2  # Excel row numbers: the header is row 1
    by_row = dict(zip(roster["row"].to_list(), roster["nik"].to_list(), strict=True))
    for row, nik in findings.select(pl.col("row").cast(pl.Int64), "nik").head(50).rows():
        assert nik == (None if by_row[row] is None else bv.mask_nik(by_row[row]))


def test_check_without_out_hints_at_out(runner: CliRunner, files: dict[str, Path]) -> None:
    result = _run(runner, "check", files["clean"], "--lang", "en")
    assert result.exit_code == 0
    assert "--out" in result.stdout
    assert "NIK/KK status" in result.stdout


def test_check_no_households_skips_the_household_checks(
    runner: CliRunner, files: dict[str, Path]
) -> None:
    result = _run(runner, "check", files["clean"], "--no-households", "--json")
    assert "households" not in json.loads(result.stdout)["summary"]


def test_check_column_option_maps_headers(
    runner: CliRunner, files: dict[str, Path], tmp_path: Path
) -> None:
    renamed = bv.io.read(files["clean"]).drop("row").rename({"nik": "NOMOR INDUK"})
    path = bv.io.write(renamed.drop("no_kk"), tmp_path / "renamed.csv")
    result = _run(runner, "check", path, "--column", "nik=NOMOR INDUK", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["persons"]["rows"] == renamed.height


# user errors: one line, exit 2, no traceback ---------------------------------------------


def _bad_rule_file(tmp_path: Path) -> Path:
    text = (
        Path(bv.rules.__file__).parent.joinpath("programs", "pkh.yaml").read_text(encoding="utf-8")
    )
    path = tmp_path / "pkh-typo.yaml"
    path.write_text(text.replace("desil <= desil_maks", "desl <= desil_maks", 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check", "{tmp}/missing.csv"], "missing.csv"),
        (["check", "{persons}", "--column", "nik=NOPE"], "NOPE"),
        (["check", "{persons}", "--column", "nik"], "--column"),
        (["check", "{tmp}/notes.docx"], "notes.docx"),
        (["match", "{persons}", "{tmp}/missing.csv"], "missing.csv"),
        (["match", "{persons}", "{dukcapil}", "--threshold", "2"], "threshold"),
        (["eligibility", "{persons}", "{households}", "--program", "pkk"], "pkh"),
        (["eligibility", "{persons}", "{households}"], "--program"),
        (["eligibility", "{persons}", "{households}", "--rules", "{bad_rule}"], "desl"),
        (["rules", "test", "{bad_rule}"], "pkh-typo.yaml"),
        (["rules", "test", "{tmp}/missing.yaml"], "missing.yaml"),
        (["synth", "--region", "9999"], "9999"),
        (["regions", "35x"], "35x"),
    ],
)
def test_user_errors_print_one_line_and_exit_2(
    runner: CliRunner, files: dict[str, Path], tmp_path: Path, args: list[str], needle: str
) -> None:
    (tmp_path / "notes.docx").write_bytes(b"not a table")
    values = {
        "tmp": str(tmp_path),
        "persons": str(files["persons"]),
        "dukcapil": str(files["dukcapil"]),
        "households": str(files["households"]),
        "bad_rule": str(_bad_rule_file(tmp_path)),
    }
    result = _run(runner, *[a.format(**values) for a in args])
    assert result.exit_code == 2, result.stdout + result.stderr
    lines = _error_lines(result)
    assert len(lines) == 1, result.stderr
    assert needle in lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_usage_errors_exit_2(runner: CliRunner) -> None:
    assert _run(runner, "check").exit_code == 2
    assert _run(runner, "check", "x.csv", "--fail-on", "sometimes").exit_code == 2
    assert _run(runner, "check", "x.csv", "--lang", "fr").exit_code == 2
    assert _run(runner, "check", "x.csv", "--at", "27-11-2026").exit_code == 2
    assert _run(runner, "no-such-command").exit_code == 2
    assert _run(runner, "synth", "--format", "docx").exit_code == 2


def test_errors_are_english_with_lang_en(runner: CliRunner, tmp_path: Path) -> None:
    result = _run(runner, "check", tmp_path / "missing.csv", "--lang", "en")
    assert _error_lines(result)[0].startswith("error: ")


def test_internal_errors_exit_3_without_quoting_data(
    runner: CliRunner, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("3576014403910003 broke")

    monkeypatch.setattr(bv, "check_table", broken)
    monkeypatch.delenv("BANSOS_VALIDATE_DEBUG", raising=False)
    result = _run(runner, "check", files["clean"])
    assert result.exit_code == 3
    assert "RuntimeError" in result.stderr
    assert "3576014403910003" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_main_without_the_cli_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "typer", None)
    monkeypatch.delitem(sys.modules, "bansos_validate.cli._app", raising=False)
    monkeypatch.delitem(sys.modules, "bansos_validate.cli._run", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 2
    assert "bansos-validate[cli]" in capsys.readouterr().err


def test_main_runs_the_app(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["regions", "3576", "--json"])
    assert exit_info.value.code == 0
    assert json.loads(capsys.readouterr().out)["name"] == "Kota Mojokerto"


# match, eligibility -------------------------------------------------------------------


def test_match_reports_rates_and_unmatched_rows(
    runner: CliRunner, files: dict[str, Path], tmp_path: Path
) -> None:
    result = _run(runner, "match", files["persons"], files["dukcapil"], "--json", "--out", tmp_path)
    document = json.loads(result.stdout)
    direct = bv.match_records(bv.io.read(files["persons"]), bv.io.read(files["dukcapil"]))
    matching = document["summary"]["matching"]
    assert matching["pairs"] == direct.pairs.height
    assert matching["left"]["rows"] - matching["left"]["matched"] == direct.unmatched_left.len()
    unmatched = [f for f in document["findings"] if f["code"] == "match_unmatched_left"]
    assert len(unmatched) == direct.unmatched_left.len()
    rows = bv.io.read(files["persons"])["row"]
    assert sorted(f["row"] for f in unmatched) == sorted(
        rows.gather(direct.unmatched_left).to_list()
    )
    expected = 1 if any(f["severity"] == "error" for f in document["findings"]) else 0
    assert result.exit_code == expected
    assert _run(runner, "match", files["persons"], files["dukcapil"]).exit_code == expected
    warned = _run(runner, "match", files["persons"], files["dukcapil"], "--fail-on", "warning")
    assert warned.exit_code == (1 if unmatched else 0)


def test_eligibility_counts_and_amounts_agree_with_evaluate(
    runner: CliRunner, files: dict[str, Path], tmp_path: Path
) -> None:
    result = _run(
        runner,
        "eligibility",
        files["persons"],
        files["households"],
        "--program",
        "pkh",
        "--program",
        "pip",
        "--at",
        REF.isoformat(),
        "--json",
        "--out",
        tmp_path,
    )
    document = json.loads(result.stdout)
    # The synthetic persons carry planted spreadsheet damage: KK numbers that lost a digit
    # cannot be joined, which is an error finding naming their rows (exit 1).
    unusable = [f for f in document["findings"] if f["code"] == "input_identifier_unusable"]
    assert [f["source"] for f in unusable] == ["persons"]
    assert result.exit_code == 1, result.stderr
    persons, households = bv.io.read(files["persons"]), bv.io.read(files["households"])
    for item in document["summary"]["eligibility"]:
        decisions = rules.evaluate(
            rules.load_program(item["program"]), persons, households, reference_date=REF
        )
        counts = decisions.counts()
        assert {k: item[k] for k in counts} == counts
        eligible = decisions.frame.filter(pl.col("status") == "eligible")
        assert item["amount"] == eligible["amount"].sum()
    table = bv.io.read(tmp_path / "kelayakan.csv")
    assert set(table["program"].unique()) == {"pkh", "pip"}
    assert not table["no_kk"].drop_nulls().str.contains(r"\d{7}").any()


def test_eligibility_all_programs_and_undetermined_is_a_warning(
    runner: CliRunner, files: dict[str, Path], tmp_path: Path
) -> None:
    households = bv.io.read(files["households"]).drop("row")
    households = households.with_columns(
        pl.when(pl.int_range(pl.len()) < 5).then(None).otherwise(pl.col("desil")).alias("desil")
    )
    path = bv.io.write(households, tmp_path / "households.csv")
    args = ["eligibility", files["persons"], path, "-p", "all", "--at", "2026-01-01", "--json"]
    result = _run(runner, *args)
    document = json.loads(result.stdout)
    assert [e["program"] for e in document["summary"]["eligibility"]] == list(rules.programs())
    undetermined = [f for f in document["findings"] if f["code"].endswith("_undetermined")]
    assert undetermined
    assert {f["severity"] for f in undetermined} == {"warning"}
    # the first five households: CSV rows 2-6 (the header is row 1); the others are
    # households that may have lost a member to a damaged KK number (no_kk_anggota)
    by_decile = {
        f["row"]
        for f in undetermined
        if f["code"] == "pkh_undetermined" and "no_kk" not in (f["detail"] or "")
    }
    assert by_decile
    assert by_decile <= {2, 3, 4, 5, 6}
    assert result.exit_code == 1  # the planted KK damage of the persons file is an error
    assert _run(runner, *args, "--fail-on", "never").exit_code == 0


# rules test ---------------------------------------------------------------------------


def test_rules_test_runs_every_bundled_program(runner: CliRunner) -> None:
    result = _run(runner, "rules", "test", "--lang", "en")
    assert result.exit_code == 0
    for program in rules.programs():
        report = rules.run_cases(program)
        assert f"{program}: {len(report)}/{len(report)} cases passed" in result.stdout


def test_rules_test_failing_case_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "program: pkh\n"
        "cases:\n"
        "  - name: wrong on purpose\n"
        "    at: 2026-01-15\n"
        '    household: {no_kk: "3576010101200001", desil: 3}\n'
        "    members:\n"
        '      - {nik: "3576014403910003", tanggal_lahir: 1991-03-04, hamil: Y}\n'
        "    expect: {status: not_eligible}\n",
        encoding="utf-8",
    )
    result = _run(runner, "rules", "test", cases, "pkh")
    assert result.exit_code == 1
    assert "wrong on purpose" in result.stdout
    assert "pkh: 0/1" in result.stdout
    document = json.loads(_run(runner, "rules", "test", cases, "--json").stdout)
    assert document["files"][0]["failed"][0]["name"] == "wrong on purpose"
    assert _run(runner, "rules", "test", cases, "--fail-on", "never").exit_code == 0


# synth, regions -----------------------------------------------------------------------


def test_synth_writes_the_same_tables_as_the_library(runner: CliRunner, tmp_path: Path) -> None:
    result = _run(runner, "synth", "-n", "40", "--region", "357601", "--seed", "9", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    pop = bv.synth.generate(n_households=40, regions=["357601"], seed=9)
    persons = bv.io.read(tmp_path / "persons.csv").drop("row")
    assert persons["nik"].to_list() == pop.persons["nik"].to_list()
    assert bv.io.read(tmp_path / "truth.csv").height == pop.truth.height
    assert (tmp_path / "rolls_PKH.csv").exists()
    document = json.loads(
        _run(runner, "synth", "-n", "40", "--format", "parquet", "-o", tmp_path, "--json").stdout
    )
    assert document["rows"]["persons"] == bv.synth.generate(n_households=40).persons.height
    assert Path(document["files"]["persons"]).suffix == ".parquet"


@pytest.mark.parametrize(
    ("code", "name"),
    [("35", "Jawa Timur"), ("3576", "Kota Mojokerto"), ("35.76.01", "Prajuritkulon")],
)
def test_regions_looks_codes_up(runner: CliRunner, code: str, name: str) -> None:
    result = _run(runner, "regions", code)
    assert result.exit_code == 0
    assert name in result.stdout


def test_regions_historical_unknown_and_json(runner: CliRunner) -> None:
    former = json.loads(_run(runner, "regions", "910101", "--json").stdout)
    assert former["current"] is False
    assert former["replaced_by"] == "930101"
    assert next(p["code"] for p in former["parents"]) == "9101"
    english = _run(runner, "regions", "910101", "--lang", "en")
    assert "former code, now 930101" in english.stdout
    unknown = _run(runner, "regions", "3599")
    assert unknown.exit_code == 1
    assert "3599" in unknown.stdout
    children = json.loads(_run(runner, "regions", "3576", "--json").stdout)["children"]
    assert children == len(bv.regions.districts("3576"))


# progress and exit-code plumbing --------------------------------------------------------


def test_progress_bar_on_a_terminal() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=100)
    with Steps(2, console=console) as steps:
        steps.step("Checking NIK and KK")
        time.sleep(0.3)
        steps.step("Writing the report")
        time.sleep(0.3)
    text = buffer.getvalue()
    assert "Checking NIK and KK" in text
    assert "\x1b[" in text  # drawn with terminal control codes, not plain lines
    assert "[1/2]" not in text


def test_plain_progress_lines_off_a_terminal() -> None:
    buffer = io.StringIO()
    with Steps(3, console=Console(file=buffer, force_terminal=False)) as steps:
        steps.step("one")
        steps.skip()
        steps.step("two")
    assert buffer.getvalue().splitlines() == ["[1/3] one", "[2/2] two"]


def test_check_counts_its_steps(runner: CliRunner, tmp_path: Path) -> None:
    path = bv.io.write(pl.DataFrame({"nik": ["3576014403910003"]}), tmp_path / "nik.csv")
    result = _run(runner, "check", path)
    assert result.exit_code == 0
    assert "[3/3]" in result.stderr  # no household step without KK and SHDK columns
    assert "[3/4]" not in result.stderr


@pytest.mark.parametrize(
    ("counts", "fail_on", "code"),
    [
        ({"error": 1, "warning": 0, "info": 0}, FailOn.ERROR, 1),
        ({"error": 0, "warning": 1, "info": 9}, FailOn.ERROR, 0),
        ({"error": 0, "warning": 1, "info": 9}, FailOn.WARNING, 1),
        ({"error": 0, "warning": 0, "info": 9}, FailOn.WARNING, 0),
        ({"error": 5, "warning": 5, "info": 5}, FailOn.NEVER, 0),
    ],
)
def test_exit_code_table(counts: dict[str, int], fail_on: FailOn, code: int) -> None:
    assert exit_code(counts, fail_on) == code


# overlap ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def blt_roll(files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A BLT-DD roll whose first three recipients are also on PKH (exclusive programs)."""
    pkh = bv.io.read(files["pkh_roll"]).drop("row")
    blt = pkh.head(3).with_columns(program=pl.lit("BLT-DD"))
    return bv.io.write(blt, tmp_path_factory.mktemp("blt") / "BLT-DD.csv")


def test_overlap_finds_what_find_overlaps_finds(
    runner: CliRunner, files: dict[str, Path], blt_roll: Path, tmp_path: Path
) -> None:
    args = [
        "overlap",
        f"PKH={files['pkh_roll']}",
        f"BPNT={files['bpnt_roll']}",
        blt_roll,
        "--persons",
        files["persons"],
        "--deaths",
        files["persons"],
        "--json",
        "--out",
        tmp_path,
    ]
    result = _run(runner, *args)
    assert result.exit_code == 1, result.stderr  # exclusive programs are errors
    document = json.loads(result.stdout)
    rolls = {
        "PKH": bv.io.read(files["pkh_roll"]),
        "BPNT": bv.io.read(files["bpnt_roll"]),
        "BLT-DD": bv.io.read(blt_roll),
    }
    persons = bv.io.read(files["persons"])
    direct = bv.find_overlaps(rolls, deaths=persons, persons=persons)
    summary = document["summary"]["overlaps"]
    assert summary["by_kind"] == {k: n for k, n in direct.counts().items() if n}
    assert summary["by_kind"]["exclusive_programs"] >= 3
    table = direct.to_polars().filter(pl.col("kind") == "exclusive_programs")
    ours = [f for f in document["findings"] if f["code"] == "exclusive_programs"]
    expected = sorted(
        (a, rolls[a]["row"][r]) for a, r in table.select("roll_a", "row_a").iter_rows()
    )
    assert sorted((f["source"], f["row"]) for f in ours) == expected
    assert all("**********" in (f["nik"] or "") for f in ours)
    assert document["summary"]["provenance"]["policy"]["policy"] == direct.policy.id
    html = (tmp_path / "laporan.html").read_text(encoding="utf-8")
    assert 'id="overlaps"' in html
    assert direct.policy.sha256 in html
    assert _run(runner, *args, "--fail-on", "never").exit_code == 0


def test_overlap_with_a_shared_key_compares_tokens(
    runner: CliRunner, files: dict[str, Path], blt_roll: Path, tmp_path: Path
) -> None:
    key = tmp_path / "key.bin"
    key.write_bytes(
        bytes.fromhex("5be1d7a0c39f42e886b1f07d2ac4e9530f6a8d21b74ce3960ad85f1e2b79c64d")
    )
    result = _run(
        runner, "overlap", files["pkh_roll"], blt_roll, "--key-file", key, "--json", "--lang", "en"
    )
    document = json.loads(result.stdout)
    assert document["summary"]["overlaps"]["mode"] == "tokens"
    assert document["summary"]["overlaps"]["by_kind"]["exclusive_programs"] >= 3
    weak = tmp_path / "weak.bin"
    weak.write_bytes(b"short")
    failed = _run(runner, "overlap", files["pkh_roll"], blt_roll, "--key-file", weak)
    assert failed.exit_code == 2
    assert len(_error_lines(failed)) == 1


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["overlap", "=x.csv"], "=x.csv"),
        (["overlap", "A={pkh}", "A={bpnt}"], "'A'"),
        (["overlap", "{pkh}", "--key-file", "{tmp}/empty.bin"], "empty.bin"),
        (["overlap", "{pkh}", "--policy", "nope"], "nope"),
        (["overlap", "{pkh}", "{tmp}/missing.csv"], "missing.csv"),
    ],
)
def test_overlap_user_errors(
    runner: CliRunner, files: dict[str, Path], tmp_path: Path, args: list[str], needle: str
) -> None:
    (tmp_path / "empty.bin").write_bytes(b"")
    values = {"pkh": files["pkh_roll"], "bpnt": files["bpnt_roll"], "tmp": tmp_path}
    result = _run(runner, *[a.format(**values) for a in args])
    assert result.exit_code == 2, result.stdout + result.stderr
    lines = _error_lines(result)
    assert len(lines) == 1, result.stderr
    assert needle in lines[0]
    assert "Traceback" not in result.stderr


# the local rule and policy files of the docs (examples/local) -------------------------

LOCAL = Path(__file__).resolve().parents[2] / "examples" / "local"


def test_local_program_files_work_from_the_command_line(
    runner: CliRunner, files: dict[str, Path], tmp_path: Path
) -> None:
    cases = _run(runner, "rules", "test", LOCAL / "kota-lansia-cases.yaml", "--lang", "en")
    assert cases.exit_code == 0, cases.stdout
    assert "kota-lansia: 3/3 cases passed" in cases.stdout
    decided = _run(
        runner,
        "eligibility",
        files["persons"],
        files["households"],
        "--rules",
        LOCAL / "kota-lansia.yaml",
        "--at",
        "2026-03-01",
        "--json",
        "--fail-on",
        "never",  # the planted KK damage of the persons file is an error finding
    )
    assert decided.exit_code == 0, decided.stderr
    (item,) = json.loads(decided.stdout)["summary"]["eligibility"]
    assert item["program"] == "kota-lansia"
    assert item["eligible"] + item["not_eligible"] + item["undetermined"] > 0
    pkh = bv.io.read(files["pkh_roll"]).drop("row").head(2)
    blt = bv.io.write(pkh.with_columns(program=pl.lit("BLT-DD")), tmp_path / "blt.csv")
    city = bv.io.write(pkh.with_columns(program=pl.lit("KOTA-LANSIA")), tmp_path / "kota.csv")
    found = _run(
        runner,
        "overlap",
        f"BLT-DD={blt}",
        f"KOTA-LANSIA={city}",
        "--policy",
        LOCAL / "kota-policy.yaml",
        "--no-fuzzy",
        "--json",
    )
    document = json.loads(found.stdout)
    rules_hit = {f["detail"] for f in document["findings"] if f["code"] == "exclusive_programs"}
    assert rules_hit
    assert document["summary"]["provenance"]["policy"]["policy"] == "kota-contoh"
    assert found.exit_code == 1


def test_key_new_writes_a_private_key_file_that_check_accepts(
    runner: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "kunci.txt"
    made = _run(runner, "key", "new", target)
    assert made.exit_code == 0, made.output
    assert target.stat().st_mode & 0o777 == 0o600
    text = target.read_text()
    assert len(text.strip()) == 64
    assert bytes.fromhex(text.strip()) == bv.privacy.read_key(target)
    again = _run(runner, "key", "new", target)
    assert again.exit_code == 2  # never overwritten
    assert target.read_text() == text
    checked = _run(runner, "key", "check", target, "--lang", "en")
    assert checked.exit_code == 0
    assert "256 bits" in checked.stdout
    assert text.strip() not in checked.output  # the key is never printed
    passphrase = tmp_path / "sandi.txt"
    passphrase.write_text("rahasiadinsos2026\n")
    refused = _run(runner, "key", "check", passphrase)
    assert refused.exit_code == 2
    assert "bukan kunci" in refused.output


def test_same_input_and_options_give_byte_identical_report_files(
    runner: CliRunner, files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def run(name: str, *extra: str) -> dict[str, bytes]:
        out = tmp_path / "laporan"  # the same options: the same folder, written again
        result = _run(runner, "check", files["persons"], "--at", "2026-01-01", "--out", out, *extra)
        assert result.exit_code in (0, 1), result.output
        return {p.name: p.read_bytes() for p in sorted(out.iterdir())}

    first = run("a", "--generated-at", "2026-12-01T08:00:00")
    time.sleep(1.1)  # a wall-clock second later
    second = run("b", "--generated-at", "2026-12-01T08:00:00")
    assert set(first) >= {"laporan.html", "ringkasan.json", "temuan.csv", "temuan.parquet"}
    assert first == second
    assert b"2026-12-01T08:00:00" in first["ringkasan.json"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764576000")  # 2025-12-01T08:00:00Z
    by_epoch = run("c")
    assert b"2025-12-01T08:00:00" in by_epoch["ringkasan.json"]
    assert by_epoch == run("d")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "kemarin")
    refused = _run(runner, "check", files["persons"], "--out", tmp_path / "e")
    assert refused.exit_code == 2
    assert "SOURCE_DATE_EPOCH" in refused.output


def test_more_findings_than_a_sheet_holds_still_write_every_file(
    runner: CliRunner, files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bansos_validate.io import _write

    monkeypatch.setattr(_write, "_XLSX_MAX_ROWS", 11)  # 10 findings per sheet
    out = tmp_path / "laporan"
    result = _run(runner, "check", files["persons"], "--out", out, "--lang", "en")
    assert result.exit_code == 1, result.output  # findings, not a refusal (exit 2)
    names = {p.name for p in out.iterdir()}
    assert {"laporan.html", "temuan.xlsx", "temuan.csv", "temuan.parquet"} <= names
    assert "exceeds the limits of one Excel sheet" in result.output
    import fastexcel

    sheets = fastexcel.read_excel(str(out / "temuan.xlsx")).sheet_names
    parts = [bv.io.read(out / "temuan.xlsx", sheet=name) for name in sheets]
    assert len(sheets) > 2
    assert sum(p.height for p in parts) == pl.read_parquet(out / "temuan.parquet").height
