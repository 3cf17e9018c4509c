"""Roster consistency checks per family card (KK): :func:`check_households`.

One head per KK, at most one spouse of the head, plausible ages of the head, the spouse
and the children, a NIK on one KK only, household size, and a deceased head. Written
once over narwhals expressions: the caller's frame type comes back.
"""

from __future__ import annotations

from bansos_validate.household._check import CODES, SHDK_WORDS, HouseholdCheck, check_households

__all__ = ["CODES", "SHDK_WORDS", "HouseholdCheck", "check_households"]

for _obj in (HouseholdCheck, check_households):
    _obj.__module__ = __name__
