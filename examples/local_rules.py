"""A region's own program and overlap policy, without code (examples/local_rules.py).

``examples/local/`` holds a FICTIONAL city program (``kota-lansia.yaml``), its rule
tests (``kota-lansia-cases.yaml``) and a local overlap policy that extends the national
one (``kota-policy.yaml``). The command line uses the same files:
``bansos-validate rules test examples/local/kota-lansia-cases.yaml``.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

import bansos_validate as bv
from bansos_validate import overlap, rules

HERE = Path(__file__).resolve().parent / "local"

program = rules.RuleSet.from_yaml(HERE / "kota-lansia.yaml")
print(program, program.sha256[:12])
report = rules.run_cases(HERE / "kota-lansia-cases.yaml")  # scalar and vectorised engines
print(report)
assert report.passed

pop = bv.synth.generate(n_households=300, regions=["3576"], seed=6)
decisions = rules.evaluate(program, pop.persons, pop.households, reference_date="2026-03-01")
print(decisions.counts(), "Rp", decisions.frame["amount"].sum())
assert decisions.counts()["eligible"] > 0

policy = overlap.load_policy(HERE / "kota-policy.yaml")
print(policy, policy.provenance()["base"])
families = pop.rolls["PKH"].head(4)
rolls = {
    "BLT-DD": families.with_columns(program=pl.lit("BLT-DD")),
    "KOTA-LANSIA": families.with_columns(program=pl.lit("KOTA-LANSIA")),
}
found = bv.find_overlaps(rolls, policy=policy, fuzzy=False, lang="en")
print(found.frame.select("kind", "rule", "severity", "evidence").head(4))
assert set(found.frame["rule"]) >= {"kota_lansia_blt_dd"}
