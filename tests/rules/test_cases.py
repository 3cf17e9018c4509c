"""The bundled YAML rule tests, and ``run_cases`` itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from bansos_validate.rules import (
    CaseReport,
    RuleFileError,
    UnknownProgram,
    load_program,
    programs,
    run_cases,
)

from .conftest import MINI

REPORTS = {program: run_cases(program) for program in programs()}


def _ids() -> list[tuple[str, int]]:
    return [(p, i) for p, report in REPORTS.items() for i in range(len(report))]


@pytest.mark.parametrize(
    ("program", "index"), _ids(), ids=[f"{p}:{REPORTS[p].results[i].name[:40]}" for p, i in _ids()]
)
def test_bundled_case(program: str, index: int) -> None:
    result = REPORTS[program].results[index]
    assert result.passed, "\n".join(result.failures)
    assert result.decision is not None


@pytest.mark.parametrize("program", programs())
def test_every_program_has_cases_for_each_outcome(program: str) -> None:
    report = REPORTS[program]
    assert report.passed
    assert len(report) >= 5
    statuses = {r.decision.status.value for r in report if r.decision is not None}
    assert statuses == {"eligible", "not_eligible", "undetermined"}


def test_every_rule_fails_in_some_bundled_case() -> None:
    for program, report in REPORTS.items():
        failed = {reason for r in report if r.decision is not None for reason in r.decision.reasons}
        for member in (m for r in report if r.decision is not None for m in r.decision.members):
            failed.update(member.reasons)
        for rule in load_program(program).rules:
            assert rule.id in failed, (program, rule.id)


def test_a_failing_case_says_what_differs(tmp_path: Path) -> None:
    (tmp_path / "mini.yaml").write_text(MINI, encoding="utf-8")
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        """\
program: mini.yaml
cases:
  - name: lulus
    at: 2026-01-15
    household: {no_kk: "3576010101200001", desil: 3}
    members:
      - {nik: "3576010101240001", tanggal_lahir: 2024-01-01}
    expect: {status: eligible, amount: 1000, reasons: [], components: {anak: 1000}}
  - name: salah
    at: 2026-01-15
    household: {no_kk: "3576010101200002", desil: 9}
    members:
      - {nik: "3576010101240001", tanggal_lahir: 2024-01-01}
    expect: {status: eligible, amount: 5, components: {anak: 1, tidak_ada: 0}}
""",
        encoding="utf-8",
    )
    report = run_cases(cases)
    assert isinstance(report, CaseReport)
    assert not report.passed
    assert [r.passed for r in report] == [True, False]
    failure = report.failed[0]
    assert any(
        line.startswith("scalar: status 'not_eligible', expected 'eligible'")
        for line in failure.failures
    )
    assert any(line.startswith("vectorised: status 'not_eligible'") for line in failure.failures)
    assert any("no component 'tidak_ada'" in line for line in failure.failures)
    assert "1/2 cases passed" in str(report)
    assert "FAILED salah" in str(report)
    scalar_only = run_cases(cases, vectorised=False)
    assert not any(line.startswith("vectorised") for line in scalar_only.failed[0].failures)


def test_case_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("program: pkh\ncases:\n  - name: x\n    at: not-a-date\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        run_cases(bad)
    assert info.value.code == "schema"
    assert info.value.line == 4
    with pytest.raises(UnknownProgram):
        run_cases("pkhh")
    with pytest.raises(RuleFileError):
        run_cases(tmp_path / "missing.yaml")


def test_a_missing_column_in_a_case_is_reported(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        """\
program: pkh
cases:
  - name: tanpa desil
    at: 2026-01-15
    household: {no_kk: "3576010101200001"}
    members: []
    expect: {status: undetermined}
""",
        encoding="utf-8",
    )
    report = run_cases(cases)
    assert not report.passed
    assert "SchemaError" in report.failed[0].failures[0]
    assert report.failed[0].decision is None
