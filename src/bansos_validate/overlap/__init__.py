"""Overlap detection across programs and regions, with a privacy-preserving mode.

"No aid that is mistargeted, overlapping, or not received by those who need it."
:func:`find_overlaps` compares program rolls (PKH, BPNT, PBI-JK, BLT-DD, a city's own
program...) under an overlap *policy* and reports, with evidence and masked identifiers:

* ``exclusive_programs``: the same NIK (or family) on two programs the policy makes
  exclusive (BLT-DD with PKH; BLT-DD with BPNT, unconfirmed; BSU with PKH);
* ``duplicate_in_roll``: the same NIK twice for one program, regency and period;
* ``duplicate_household``: one family twice on a household program (another head, or
  another KK number of the same members when a roster is given);
* ``cross_region``: the same NIK on one program in two regencies;
* ``same_person_different_nik``: one person under two NIKs, by record matching;
* ``deceased_recipient`` and ``excluded_occupation``: against lists of deaths and
  employees (ASN/TNI/POLRI, BUMN for PKH and BPNT from 2025, village officials).

>>> import polars as pl
>>> import bansos_validate as bv
>>> pkh = pl.DataFrame({"nik": ["3576014403910003", "3576011207880001"], "periode": "2026-Q1"})
>>> blt = pl.DataFrame({"nik": ["3576014403910003"], "periode": "2026-Q1"})
>>> result = bv.find_overlaps({"PKH": pkh, "BLT-DD": blt}, fuzzy=False)
>>> result
<OverlapResult 1 overlaps (exclusive_programs 1); policy nasional 2026.1, raw, at 2026-01-01>
>>> result.frame.select("kind", "rule", "severity", "nik_a").row(0)
('exclusive_programs', 'blt_dd_pkh', 'error', '357601**********')

Policies are YAML files (:func:`load_policy`; ``docs/overlap.md`` has the grammar). In
pseudonymised mode, agencies exchange :func:`pseudonymize_roll` frames (keyed tokens and
coarse fields) and find exactly the same exact-key overlaps.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from bansos_validate.overlap._detect import MAX_KEY_GROUPS, find_overlaps
from bansos_validate.overlap._policy import (
    DEFAULT_POLICY,
    DuplicateRule,
    ExclusiveRule,
    OccupationRule,
    Policy,
    ProgramInfo,
    load_policy,
    policies,
)
from bansos_validate.overlap._privacy import TOKEN_COLUMNS, hmac_tokens, pseudonymize_roll
from bansos_validate.overlap._result import KINDS, OverlapResult
from bansos_validate.overlap._text import COLUMNS

__all__ = [
    "COLUMNS",
    "DEFAULT_POLICY",
    "KINDS",
    "MAX_KEY_GROUPS",
    "TOKEN_COLUMNS",
    "DuplicateRule",
    "ExclusiveRule",
    "OccupationRule",
    "OverlapResult",
    "Policy",
    "ProgramInfo",
    "find_overlaps",
    "hmac_tokens",
    "load_policy",
    "policies",
    "pseudonymize_roll",
]

for _obj in (DuplicateRule, ExclusiveRule, OccupationRule, OverlapResult, Policy, ProgramInfo):
    _obj.__module__ = __name__
del _obj
