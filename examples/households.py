"""Roster consistency per KK: ``check_households`` (``python examples/households.py``).

One head per KK, at most one spouse, plausible ages, a NIK on one KK only, household
size, a deceased head.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from bansos_validate.household import check_households

REF = dt.date(2026, 11, 27)

roster = pl.DataFrame(
    {
        "nik": ["3576014403910003", "3576010101900001", "3576015505100002", "3576011207880001"],
        "no_kk": ["3576010101200001"] * 3 + ["3576010101200002"],
        "hubungan_keluarga": ["KEPALA KELUARGA", "KEPALA KELUARGA", "ANAK", "ANAK"],
        "tanggal_lahir": ["1991-03-04", "1990-01-01", "2010-05-15", "1988-07-12"],
    }
)
result = check_households(roster, reference_date=REF)
print(result.frame.select("nik", "row", "household_issue_codes"))
print(result.households)
codes = result.frame["household_issue_codes"].to_list()
assert "household_head_multiple" in codes[0]
assert "household_head_missing" in codes[3]
assert result.households.filter(pl.col("status") == "valid").height == 0
print(result.issues.select("row", "code", "severity", "message"))
