"""Overlaps between program rolls, and the privacy-preserving mode (examples/overlaps.py).

The synthetic population's rolls (PKH, BPNT, PBI-JK, PIP) carry planted duplicates; a
BLT-DD roll is made here from three PKH recipients, which the default policy forbids.
"""

from __future__ import annotations

import secrets

import polars as pl

import bansos_validate as bv

pop = bv.synth.generate(n_households=400, regions=["3576"], seed=8)
rolls = {name: roll for name, roll in pop.rolls.items() if roll.height}
rolls["BLT-DD"] = pop.rolls["PKH"].head(3).with_columns(program=pl.lit("BLT-DD"))

result = bv.find_overlaps(rolls, deaths=pop.persons, persons=pop.persons, lang="en")
print(result)
print(result.frame.select("kind", "roll_a", "row_a", "roll_b", "row_b", "severity").head(8))
exclusive = result.frame.filter(pl.col("kind") == "exclusive_programs")
print(exclusive["evidence"][0])  # NIK masked, programs and periods named
assert exclusive.height >= 3
assert set(exclusive["rule"]) >= {"blt_dd_pkh"}
print(result.policy.provenance())  # policy id, version and SHA-256 for the audit

# Two agencies that may not exchange NIKs share a key, exchange only tokens, and find
# the same exact-key overlaps.
key = secrets.token_bytes(32)
tokens = {name: bv.pseudonymize_roll(roll, key) for name, roll in rolls.items()}
print(tokens["PKH"].columns)
assert not any(c in tokens["PKH"].columns for c in ("nik", "no_kk", "nama"))
on_tokens = bv.find_overlaps(tokens, lang="en")
exact = ("exclusive_programs", "duplicate_in_roll", "cross_region")
raw = bv.find_overlaps(rolls, fuzzy=False, lang="en")
for kind in exact:
    assert on_tokens.counts()[kind] == raw.counts()[kind], kind
print({kind: on_tokens.counts()[kind] for kind in exact}, on_tokens.mode)
