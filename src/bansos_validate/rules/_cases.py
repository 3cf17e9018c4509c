"""Rule tests as YAML cases that program staff can read, run by pytest and the CLI.

A case file names a program (a bundled id, or a rule file path relative to the case
file) and lists cases: a household, its members, a reference date and the expected
decision::

    program: pkh
    cases:
      - name: Ibu hamil dan balita, desil 3
        at: 2026-01-15
        household: {no_kk: "3576010101200001", desil: 3}
        members:
          - {nik: "3576014403910003", tanggal_lahir: 1991-03-04, hamil: Y}
          - {nik: "3576010101240001", tanggal_lahir: 2024-01-01}
        expect:
          status: eligible
          amount: 6000000
          reasons: []
          components: {hamil: 3000000, usia_dini: 3000000}

For person programs (PIP) ``expect.members`` maps a NIK to that person's expectations.
Each case is decided by the scalar engine and, in one batch per date, by the vectorised
engine on Polars; both must meet the expectations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
from pydantic import ValidationError

from bansos_validate.errors import BansosValidateError, InvalidArgument
from bansos_validate.rules._decision import Decision
from bansos_validate.rules._errors import UnknownProgram
from bansos_validate.rules._ruleset import RuleSet, _program_id, load_program, programs
from bansos_validate.rules._schema import CaseFileSpec, CaseSpec, ExpectSpec
from bansos_validate.rules._yaml import load_yaml, read_file, schema_error

__all__ = ["CaseReport", "CaseResult", "run_cases"]


@attrs.frozen(slots=True)
class CaseResult:
    """The outcome of one case.

    Attributes:
        name: the case's name.
        passed: whether every expectation held in both engines.
        failures: what did not hold, one line each (empty when passed).
        decision: the scalar decision, or ``None`` when the case could not be decided.
    """

    name: str
    passed: bool
    failures: tuple[str, ...] = ()
    decision: Decision | None = None


@attrs.frozen(slots=True)
class CaseReport:
    """The outcome of a case file.

    Attributes:
        program: the program id.
        path: the case file.
        results: one result per case, in file order.
    """

    program: str
    path: str
    results: tuple[CaseResult, ...]

    @property
    def passed(self) -> bool:
        """Whether every case passed."""
        return all(r.passed for r in self.results)

    @property
    def failed(self) -> tuple[CaseResult, ...]:
        """The cases that failed."""
        return tuple(r for r in self.results if not r.passed)

    def __iter__(self) -> Iterator[CaseResult]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __str__(self) -> str:
        ok = sum(r.passed for r in self.results)
        lines = [f"{self.program}: {ok}/{len(self.results)} cases passed ({self.path})"]
        for result in self.failed:
            lines.append(f"  FAILED {result.name}")
            lines.extend(f"    {line}" for line in result.failures)
        return "\n".join(lines)


def _check(expect: ExpectSpec, decision: Any, engine: str) -> list[str]:
    """Compare a decision (a ``Decision`` or a result-frame row dict) with expectations."""
    if isinstance(decision, Decision):
        status = decision.status.value
        amount = decision.amount
        reasons = list(decision.reasons)
        components = decision.component_amounts()
    else:
        status = decision["status"]
        amount = decision["amount"]
        reasons = list(decision["reasons"] or [])
        components = {
            k[len("amount_") :]: v for k, v in decision.items() if k.startswith("amount_")
        }
    out: list[str] = []
    if status != expect.status:
        out.append(f"{engine}: status {status!r}, expected {expect.status!r} (reasons {reasons})")
    if expect.amount is not None and amount != expect.amount:
        out.append(f"{engine}: amount {amount}, expected {expect.amount}")
    if expect.reasons is not None and sorted(reasons) != sorted(expect.reasons):
        out.append(f"{engine}: reasons {reasons}, expected {expect.reasons}")
    for key, value in (expect.components or {}).items():
        if key not in components:
            out.append(f"{engine}: no component {key!r} (components: {sorted(components)})")
        elif components[key] != value:
            out.append(f"{engine}: component {key} = {components[key]}, expected {value}")
    return out


def _text(value: object) -> object:
    """A cell as text, so the vectorised run also reads the text forms."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "YA" if value else "TIDAK"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _case_key(index: int) -> str:
    """A synthetic 16-digit KK number for case *index* (the cases' own keys are not read)."""
    return f"3576010101{index + 1:06d}"


def _frames(ruleset: RuleSet, cases: Sequence[tuple[int, CaseSpec]]) -> tuple[Any, Any]:
    """One persons and one households frame for *cases*.

    A key a case leaves out is a blank cell (the field's default), as in the scalar
    engine; so every field the rules declare is a column, blank where not given.
    """
    import polars as pl  # noqa: PLC0415 - only the vectorised check needs it

    households: list[dict[str, object]] = []
    persons: list[dict[str, object]] = []
    for index, case in cases:
        key = _case_key(index)
        households.append({k: _text(v) for k, v in case.household.items()} | {"no_kk": key})
        persons.extend({k: _text(v) for k, v in m.items()} | {"no_kk": key} for m in case.members)
    compiled = ruleset._compiled  # noqa: SLF001 - the runner is the rule set's own
    h_cols = sorted({k for row in households for k in row} | set(compiled.household_fields))
    p_cols = sorted(
        {k for row in persons for k in row} | {"no_kk", "nik"} | set(compiled.person_fields)
    )
    household_frame = pl.DataFrame(
        {c: [row.get(c) for row in households] for c in h_cols},
        schema=dict.fromkeys(h_cols, pl.String),
    )
    person_frame = pl.DataFrame(
        {c: [row.get(c) for row in persons] for c in p_cols},
        schema=dict.fromkeys(p_cols, pl.String),
    )
    return person_frame, household_frame


def _vectorised(ruleset: RuleSet, cases: Sequence[CaseSpec]) -> dict[int, list[str]]:
    """Run the cases through ``evaluate`` on Polars, one batch per reference date."""
    from bansos_validate.rules._decisions import evaluate  # noqa: PLC0415 - lazy import

    failures: dict[int, list[str]] = {}
    by_date: dict[dt.date, list[tuple[int, CaseSpec]]] = {}
    for index, case in enumerate(cases):
        by_date.setdefault(case.at, []).append((index, case))
    for at, group in by_date.items():
        persons, households = _frames(ruleset, group)
        try:
            rows = evaluate(ruleset, persons, households, reference_date=at).frame.to_dicts()
        except BansosValidateError as exc:
            for index, _ in group:
                failures.setdefault(index, []).append(f"vectorised: {type(exc).__name__}: {exc}")
            continue
        for index, case in group:
            key = _case_key(index)
            mine = [row for row in rows if row["no_kk"] == key]
            problems = failures.setdefault(index, [])
            if ruleset.unit == "household":
                problems.extend(_check(case.expect, mine[0], "vectorised"))
                continue
            by_nik = {str(row["nik"]): row for row in mine}
            for nik, expect in (case.expect.members or {}).items():
                if nik not in by_nik:
                    problems.append(f"vectorised: no decision for member {nik}")
                else:
                    problems.extend(_check(expect, by_nik[nik], f"vectorised member {nik}"))
    return failures


def _scalar(ruleset: RuleSet, case: CaseSpec) -> tuple[list[str], Decision | None]:
    try:
        decision = ruleset.decide(case.household, case.members, reference_date=case.at)
    except BansosValidateError as exc:
        return [f"scalar: {type(exc).__name__}: {exc}"], None
    problems = _check(case.expect, decision, "scalar")
    if ruleset.unit == "person":
        by_nik = {m.nik: m for m in decision.members}
        for nik, expect in (case.expect.members or {}).items():
            if nik not in by_nik:
                problems.append(f"scalar: no decision for member {nik}")
            else:
                problems.extend(_check(expect, by_nik[nik], f"scalar member {nik}"))
    return problems, decision


def _load_cases(source: str | Path) -> tuple[CaseFileSpec, str, Path | None, bytes]:
    text = str(source)
    if not isinstance(source, Path) and not text.endswith((".yaml", ".yml")):
        key = _program_id(text)
        if key not in programs():
            raise UnknownProgram(text, programs(), None)
        item = resources.files("bansos_validate.rules").joinpath("programs", "cases", f"{key}.yaml")
        path = f"bansos_validate/rules/programs/cases/{key}.yaml"
        return _parse(item.read_bytes(), path), path, None, b""
    location = Path(source)
    data = read_file(location, "case file")
    return _parse(data, text), text, location.parent, data


def _parse(data: bytes, path: str) -> CaseFileSpec:
    value, smap = load_yaml(data, path)
    try:
        return CaseFileSpec.model_validate(value)
    except ValidationError as exc:
        raise schema_error(exc, smap, "case file") from None


def run_cases(
    source: str | Path, *, ruleset: RuleSet | None = None, vectorised: bool = True
) -> CaseReport:
    """Run a file of rule tests.

    Args:
        source: a bundled program id (``"pkh"``: its bundled cases) or a case file path.
        ruleset: the rule set to test; by default the file's ``program`` (a bundled id,
            or a rule file path relative to the case file).
        vectorised: also run every case through ``evaluate`` on Polars.

    Returns:
        A :class:`CaseReport`; ``report.passed`` is true when every case passed.

    >>> report = run_cases("pkh")
    >>> report.passed, len(report) > 5
    (True, True)

    Raises:
        RuleFileError: the case file (or the rule file it names) cannot be read.
        UnknownProgram: ``source`` or the file's ``program`` is not a bundled program.
    """
    if not isinstance(vectorised, bool):
        raise InvalidArgument(
            f"Expected vectorised=True or False but got {type(vectorised).__name__}"
        )
    spec, path, folder, _ = _load_cases(source)
    if ruleset is None:
        program = spec.program
        if program.endswith((".yaml", ".yml")):
            base = folder if folder is not None else Path()
            ruleset = RuleSet.from_yaml(base / program)
        else:
            ruleset = load_program(program)
    elif not isinstance(ruleset, RuleSet):
        raise InvalidArgument(f"Expected a RuleSet but got ruleset={type(ruleset).__name__}")
    vector = _vectorised(ruleset, spec.cases) if vectorised else {}
    results: list[CaseResult] = []
    for index, case in enumerate(spec.cases):
        problems, decision = _scalar(ruleset, case)
        problems += vector.get(index, [])
        results.append(CaseResult(case.name, not problems, tuple(problems), decision))
    return CaseReport(ruleset.program, path, tuple(results))
