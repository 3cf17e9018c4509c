"""The table checks' rules, one bit each, in the order their codes are reported.

A row's findings are kept as one 64-bit integer (the *mask*) while the table is checked:
integer sums and comparisons are an order of magnitude cheaper per row than building
code strings. The few distinct masks of a table are decoded once, in Python, into the
lists of codes (:func:`decode`) and statuses that the result frame shows.

The order is the scalar parsers' order (reading problems, dummy pattern, region, date,
serial), NIK before KK, then the cross-field rules, so a decoded list equals what the
previous, string-based kernel reported and what ``parse_nik(value).codes`` gives for the
NIK part. A code that a rule can report twice (``region_zero`` for the regency and for
the district) has one rule per part; rule ids carry the part after ``#``.

>>> decode(bit("nik_wrong_length") + bit("kk_serial_zero"))
('nik_wrong_length', 'kk_serial_zero')
>>> decode(bit("nik_region_zero#regency") + bit("nik_region_zero#district"))
('nik_region_zero', 'nik_region_zero')
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from bansos_validate.issues import CATALOGUE, Severity

__all__ = [
    "READ_SUFFIXES",
    "ROW_RULES",
    "RULES",
    "SKIPPED_CODES",
    "bit",
    "decode",
    "read_mask",
    "status_of_codes",
    "status_of_mask",
]

READ_SUFFIXES = (
    "missing",
    "invalid_type",
    "excel_numeric",
    "excel_precision_lost",
    "wrong_length",
    "invalid_characters",
)
"""Problems of reading a value, in the order :func:`~bansos_validate.ids._digits.read_digits`
reports them."""

_REGION = (
    "province_unknown",
    "region_zero#regency",
    "region_zero#district",
    "regency_unknown",
    "district_unknown",
    "district_recoded",
    "regency_recoded",
)
_DATE = {
    "nik": ("day_invalid", "month_invalid", "date_invalid", "placeholder_birth_date"),
    "kk": (
        "day_invalid",
        "month_invalid",
        "date_invalid",
        "issue_date_future",
        "issue_date_before_1970",
    ),
}
_SERIAL = {"nik": ("serial_zero", "serial_suspicious"), "kk": ("serial_zero",)}


def _subject_rules(subject: str) -> tuple[str, ...]:
    parts = (*READ_SUFFIXES, "dummy", *_REGION, *_DATE[subject], *_SERIAL[subject])
    return tuple(f"{subject}_{part}" for part in parts)


ROW_RULES = (
    "nik_duplicate",
    "nik_column_damaged",
    "nik_equals_kk",
    "tanggal_lahir_unreadable",
    "tanggal_lahir_in_future",
    "tanggal_lahir_over_110",
    "nik_birth_date_placeholder",
    "nik_birth_date_swapped",
    "nik_birth_date_mismatch",
    "jenis_kelamin_unreadable",
    "nik_sex_mismatch",
    "kk_region_mismatch",
    "row_blank",
    "row_footer",
    "row_header",
)
"""Rules across the columns of a row (and across rows, for duplicates); last, the rows
that are not records (a row with one of these has no other code)."""

SKIPPED_CODES = frozenset({"row_blank", "row_footer", "row_header"})
"""Codes of rows that are not records: their status is ``skipped``."""

RULES = (*_subject_rules("nik"), *_subject_rules("kk"), *ROW_RULES)
"""Every rule, in reporting order; rule ``i`` is bit ``2**i`` of a mask."""

_BITS = {rule: 1 << i for i, rule in enumerate(RULES)}
_CODES = tuple(rule.partition("#")[0] for rule in RULES)
assert len(RULES) < 63, "a mask must fit a signed 64-bit integer"  # noqa: S101 - import-time invariant
assert all(code in CATALOGUE for code in _CODES)  # noqa: S101 - import-time invariant


def bit(rule: str) -> int:
    """Return the bit of *rule* (a rule id from :data:`RULES`)."""
    return _BITS[rule]


def read_mask(subject: str, suffixes: Iterable[str]) -> int:
    """Return the mask of reading problems given by their suffixes (``wrong_length``)."""
    return sum(_BITS[f"{subject}_{suffix}"] for suffix in suffixes)


@functools.lru_cache(maxsize=65_536)
def decode(mask: int) -> tuple[str, ...]:
    """Return the codes of the rules set in *mask*, in reporting order."""
    return tuple(code for i, code in enumerate(_CODES) if mask >> i & 1)


def status_of_codes(codes: list[str] | tuple[str, ...]) -> str:
    """Return the row status for a list of codes (``skipped`` for rows that are not records)."""
    if SKIPPED_CODES.intersection(codes):
        return "skipped"
    found = [CATALOGUE[c] for c in codes]
    if any(d.damage for d in found):
        return "excel_damaged"
    if any(d.severity is Severity.ERROR for d in found):
        return "invalid"
    if any(d.severity is Severity.WARNING for d in found):
        return "warning"
    return "valid"


def status_of_mask(mask: int) -> str:
    """Return the row status for a mask."""
    return status_of_codes(decode(mask))
