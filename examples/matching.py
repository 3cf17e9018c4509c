"""Linking person records between sources: ``match_records`` (``python examples/matching.py``).

The roster (DTSEN-like) and the civil registry (Dukcapil) of a synthetic population:
the deterministic cascade first, then Fellegi-Sunter scores; every pair explains itself.
"""

from __future__ import annotations

import polars as pl

import bansos_validate as bv

pop = bv.synth.generate(n_households=300, regions=["3576"], seed=2)
result = bv.match_records(pop.persons, pop.second_view)
print(result)

# The synthetic data knows who is who: count the correct links.
left = pop.persons["person_id"].gather(result.pairs["left_row"])
right = pop.second_view["person_id"].gather(result.pairs["right_row"])
precision = (left == right).mean()
print(f"precision {precision:.4f}, rules: {dict(result.pairs['rule'].value_counts().rows())}")
assert precision is not None and precision > 0.99

# Explain a probabilistic link, if there is one (NIK and KK masked).
probabilistic = result.pairs.with_row_index("i").filter(pl.col("rule") == "probabilistic")
if probabilistic.height:
    print(result.explain_text(int(probabilistic["i"][0])))
