"""docs/rules.md covers every bundled program, error and public entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from bansos_validate.rules import programs

DOC = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("program", programs())
def test_every_program_is_documented(program: str) -> None:
    assert f"| `{program}` |" in DOC


@pytest.mark.parametrize(
    "name",
    [
        "RuleSyntaxError",
        "RuleNameError",
        "RuleTypeError",
        "RuleFileError",
        "UnknownProgram",
        "NotInForce",
        "SchemaError",
        "run_cases",
        "evaluate",
        "load_program",
        "trace",
        "explain",
    ],
)
def test_names_are_documented(name: str) -> None:
    assert name in DOC
