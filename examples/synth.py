"""Synthetic data with planted errors and their ground truth (``python examples/synth.py``)."""

from __future__ import annotations

import polars as pl

import bansos_validate as bv

pop = bv.synth.generate(n_households=200, regions=["3576"], seed=7)
print(pop)
print(pop.truth.group_by("kind").len().sort("len", descending=True).head(8))

# Every planted error is exactly where the truth says it is.
for planted in pop.truth.filter(pl.col("row").is_not_null()).head(20).iter_rows(named=True):
    table = pop.table(planted["table"])
    assert table[planted["row"], planted["column"]] == planted["observed_value"]

# Same seed, same data; ErrorRates.none() gives clean data.
again = bv.synth.generate(n_households=200, regions=["3576"], seed=7)
assert again.persons.equals(pop.persons)
clean = bv.synth.generate(n_households=200, seed=7, error_rates=bv.synth.ErrorRates.none())
assert clean.truth.height == 0
print({name: roll.height for name, roll in pop.rolls.items()})
