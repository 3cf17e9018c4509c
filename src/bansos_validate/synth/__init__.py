"""Synthetic Indonesian populations with planted errors and their ground truth.

No real beneficiary data may enter this project, yet checks, matching, eligibility and
overlap detection all need realistic data with known answers. :func:`generate` makes a
seeded population of households (KK) and persons in real Kemendagri regions, with the
mistakes real data has, and a ``truth`` table that records each one.

Uses numpy and Polars, which are dependencies of the library.

>>> from bansos_validate import synth
>>> pop = synth.generate(n_households=200, regions=["3576"], seed=7)
>>> pop.persons.select("nik", "nama", "hubungan_keluarga").row(0)  # doctest: +SKIP
('3576012911630007', 'SOEPARDI', 'KEPALA KELUARGA')
>>> truth = pop.truth.row(0, named=True)
>>> table = pop.table(truth["table"])
>>> truth["row"] is None or table[truth["row"], truth["column"]] == truth["observed_value"]
True
>>> clean = synth.generate(n_households=200, seed=7, error_rates=synth.ErrorRates.none())
>>> clean.truth.height
0
"""

from __future__ import annotations

from bansos_validate.synth._generate import generate
from bansos_validate.synth._population import Population
from bansos_validate.synth._rates import ErrorRates

__all__ = ["ErrorRates", "Population", "generate"]

for _obj in (ErrorRates, Population, generate):
    _obj.__module__ = __name__
del _obj
