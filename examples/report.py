"""A report of your own run: HTML, findings XLSX/CSV/Parquet (``python examples/report.py``).

``bansos_validate.report.Report`` gathers result objects and renders them; it computes
nothing again. NIK and KK stay masked unless ``unmasked=True``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import bansos_validate as bv
from bansos_validate import report, rules
from bansos_validate.household import check_households

pop = bv.synth.generate(n_households=200, regions=["3576"], seed=4)
ref = pop.reference_date
run = report.Report(
    reference_date=ref,
    table=bv.check_table(pop.persons, reference_date=ref),
    households=check_households(pop.persons, reference_date=ref),
    decisions=(
        rules.evaluate(rules.load_program("pkh"), pop.persons, pop.households, reference_date=ref),
    ),
    synthetic=True,
)
findings = run.findings("en")
print(findings.group_by("check", "severity").len().sort("check"))
print(run.severity_counts())

with tempfile.TemporaryDirectory() as folder:
    written = run.write(Path(folder))
    for kind, path in written.items():
        print(f"{kind:<18} {path.name:<18} {path.stat().st_size:>9,} bytes")
    html = written["html"].read_text(encoding="utf-8")
    assert "<svg" in html
    assert not any(nik in html for nik in pop.persons["nik"].drop_nulls().head(100))
