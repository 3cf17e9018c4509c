"""docs/synthetic-data.md lists every error kind with its default rate."""

from __future__ import annotations

import re
from pathlib import Path

from bansos_validate import synth

DOC = Path(__file__).resolve().parents[2] / "docs" / "synthetic-data.md"


def test_every_kind_is_documented_with_its_default() -> None:
    text = DOC.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z_]+)` \| [^|]+ \| ([0-9.]+) \|", text, flags=re.MULTILINE))
    defaults = synth.ErrorRates().as_dict()
    assert set(rows) == set(defaults)
    for kind, rate in defaults.items():
        assert float(rows[kind]) == rate, kind


def test_documented_columns_match() -> None:
    text = DOC.read_text(encoding="utf-8")
    pop = synth.generate(n_households=20, seed=0)
    for column in pop.persons.columns + pop.truth.columns + pop.households.columns:
        assert f"`{column}`" in text, column
