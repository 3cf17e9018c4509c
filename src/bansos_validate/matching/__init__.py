"""Record linkage of person rows between sources (Dukcapil, DTSEN, program rolls).

:func:`match_records` links two sources; :func:`dedupe` clusters the records of one
source. Both run a deterministic cascade first, then Fellegi-Sunter scoring on blocked
candidate pairs (``docs/matching.md``):

1. ``nik_exact_name``: the same NIK and compatible names
   (:func:`bansos_validate.names.names_compatible`);
2. ``nik_typo_name_dob``: NIK one digit off or two adjacent digits swapped, with the same
   normalised name and birth date;
3. ``kk_name``: the same KK and normalised name (unique on each side), birth dates
   not clashing;
4. ``name_dob_district``: the same normalised name, birth date and district (unique),
   not a placeholder date, NIKs not clashing;
5. ``probabilistic``: match weight ``log2(prior odds) + sum(log2(m / u))`` over the
   comparisons, accepted at a probability of at least ``threshold``
   (:data:`DEFAULT_THRESHOLD`, or :data:`DEDUPE_THRESHOLD` for :func:`dedupe`).

Comparisons are ordered levels, strictest first, each with a label (Splink style):

>>> from bansos_validate.matching import DEFAULT_COMPARISONS
>>> DEFAULT_COMPARISONS[3]
<Comparison jenis_kelamin: null | exact match | sex differs>

Every accepted pair explains itself (:meth:`MatchResult.explain`, NIK masked):

>>> import polars as pl
>>> from bansos_validate.matching import match_records
>>> a = pl.DataFrame({"nik": ["3576014403910003"], "nama": ["SITI AMINAH"]})
>>> b = pl.DataFrame({"nik": ["3576014403910003"], "nama": ["SITI AMINAH"]})
>>> r = match_records(a, b)
>>> r.explain(0).select("comparison", "left").row(1)
('nik', '357601**********')

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from bansos_validate.matching._comparisons import (
    DEFAULT_COMPARISONS,
    PLACEHOLDER_DAYS,
    Comparison,
    DateWithinLevel,
    DayMonthSwapLevel,
    EditDistanceLevel,
    ElseLevel,
    ExactLevel,
    JaroWinklerLevel,
    Level,
    NullLevel,
    PartsExactLevel,
    PlaceholderDateLevel,
    PrefixLevel,
    TokenSubsetLevel,
    YearApartLevel,
)
from bansos_validate.matching._engine import (
    BLOCKING_KEYS,
    CASCADE_RULES,
    DEDUPE_THRESHOLD,
    DEFAULT_THRESHOLD,
    MAX_BLOCK_PAIRS,
    dedupe,
    match_records,
)
from bansos_validate.matching._result import MatchResult

__all__ = [
    "BLOCKING_KEYS",
    "CASCADE_RULES",
    "DEDUPE_THRESHOLD",
    "DEFAULT_COMPARISONS",
    "DEFAULT_THRESHOLD",
    "MAX_BLOCK_PAIRS",
    "PLACEHOLDER_DAYS",
    "Comparison",
    "DateWithinLevel",
    "DayMonthSwapLevel",
    "EditDistanceLevel",
    "ElseLevel",
    "ExactLevel",
    "JaroWinklerLevel",
    "Level",
    "MatchResult",
    "NullLevel",
    "PartsExactLevel",
    "PlaceholderDateLevel",
    "PrefixLevel",
    "TokenSubsetLevel",
    "YearApartLevel",
    "dedupe",
    "match_records",
]

for _obj in (
    Comparison,
    DateWithinLevel,
    DayMonthSwapLevel,
    EditDistanceLevel,
    ElseLevel,
    ExactLevel,
    JaroWinklerLevel,
    Level,
    MatchResult,
    NullLevel,
    PartsExactLevel,
    PlaceholderDateLevel,
    PrefixLevel,
    TokenSubsetLevel,
    YearApartLevel,
    dedupe,
    match_records,
):
    _obj.__module__ = __name__
