"""Eligibility rules as data: decide, explain, evaluate tables (``python examples/rules.py``)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from bansos_validate import rules

AT = dt.date(2026, 1, 15)

pkh = rules.load_program("pkh")
print(pkh, pkh.sha256[:12])
household = {"no_kk": "3576010101200001", "desil": 3}
members = [
    {"nik": "3576014403910003", "tanggal_lahir": "1991-03-04", "hamil": "Y"},
    {"nik": "3576010101240001", "tanggal_lahir": "2024-01-01"},
]
decision = pkh.decide(household, members, reference_date=AT)
print(decision.explain("en"))  # every rule, parameter and its source; NIK masked
assert decision.status == rules.Status.ELIGIBLE
assert decision.amount == 6_000_000

# The vectorised engine agrees with decide() on every household. A table that lacks a
# column the rules read (here pekerjaan, status_hidup...) is not decided on defaults: the
# decisions that depend on it are undetermined, and the manifest says which columns.
persons = pl.DataFrame([m | {"no_kk": household["no_kk"]} for m in members])
households = pl.DataFrame([household])
undecided = rules.evaluate(pkh, persons, households, reference_date=AT)
print([(n.code, n.context["column"]) for n in undecided.manifest.notes])
assert undecided.frame["status"].to_list() == ["undetermined"]
# State what the file does not say (recorded in the manifest as assumptions):
assumed = {
    "status_hidup": "HIDUP",
    "pekerjaan": "",
    "disabilitas_berat": "T",
    "jenjang_sekolah": "TIDAK SEKOLAH",
}
decisions = rules.evaluate(pkh, persons, households, reference_date=AT, assume=assumed)
print(decisions.frame.select("no_kk", "status", "amount", "reasons"))
assert decisions.frame["amount"].to_list() == [decision.amount]
assert len(decisions.manifest.assumed) == len(assumed)

# Rule tests are YAML cases program staff can read; both engines run them.
report = rules.run_cases("pkh")
print(report)
assert report.passed
