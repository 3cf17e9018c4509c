"""Whole tables on any dataframe: ``check_table`` (``python examples/tables.py``).

One output row per input row, in order, with a status, the issue codes and the parsed
fields; the input columns are kept as they were. Polars in, Polars out; pandas in,
pandas out.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import polars as pl

import bansos_validate as bv

REF = dt.date(2026, 11, 27)

roster = pl.DataFrame(
    {
        "NIK": ["3576014403910003", "3.57601E+15", "3576018503910003", None],
        "NO KK": ["3576010101200001"] * 4,
        "TGL LAHIR": ["04-03-1991", "1991-03-04", "1991-03-45", "2001-01-01"],
        "JK": ["P", "P", "L", "L"],
    }
)
result = bv.check_table(roster, reference_date=REF)  # headers found by their aliases
print(result.frame.select("NIK", "row", "status", "issue_codes"))
assert result.frame["status"].to_list() == ["valid", "excel_damaged", "invalid", "invalid"]
assert result.frame["NIK"].to_list() == roster["NIK"].to_list()  # values kept as given

print(result.summary["status"])
print(result.issues.select("row", "code", "severity"))
assert result.issues.filter(pl.col("code") == "nik_missing")["row"].to_list() == [4]

# The same check on pandas gives a pandas frame back, with the same answers.
as_pandas = bv.check_table(roster.to_pandas(), reference_date=REF)
assert isinstance(as_pandas.frame, pd.DataFrame)
assert list(as_pandas.frame["status"]) == result.frame["status"].to_list()
