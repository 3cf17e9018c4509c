"""``check_households`` on PySpark (local mode): the same codes as Polars, rows in order."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from bansos_validate import synth
from bansos_validate.household import check_households

REF = dt.date(2026, 11, 27)


def roster() -> pl.DataFrame:
    """A synthetic roster with planted errors, plus hand-made cases for every code."""
    pop = synth.generate(n_households=40, seed=5)
    persons = pop.persons.select(
        "nik", "no_kk", "hubungan_keluarga", "tanggal_lahir", "status_hidup"
    )
    extra = pl.DataFrame(
        {
            "nik": [
                "3576010101800001",
                "3576014101820002",
                "3576010101050003",
                None,
                "3.57601E+15",
            ],
            "no_kk": ["3576010101200009", "3576010101200009", "3576010101200009", "", "35760101"],
            "hubungan_keluarga": ["KEPALA KELUARGA", "ISTRI", "ANAK", "anak", "saudara"],
            "tanggal_lahir": ["1980-01-01", "2015-01-01", "1990-01-01", None, "01-02-2003"],
            "status_hidup": ["MENINGGAL", "HIDUP", "HIDUP", None, "HIDUP"],
        }
    )
    return pl.concat([persons, extra])


def test_spark_matches_polars(spark: Any) -> None:
    source = roster()
    expected = check_households(source, reference_date=REF)
    schema = ", ".join(f"`{name}` string" for name in source.columns)
    frame = spark.createDataFrame(source.rows(), schema=schema)
    result = check_households(frame, reference_date=REF)
    assert type(result.frame).__module__.startswith("pyspark")

    rows = result.frame.collect()
    assert [r["row"] for r in rows] == list(range(1, source.height + 1))
    assert [r["nik"] for r in rows] == source["nik"].to_list()
    got = [list(r["household_issue_codes"]) for r in rows]
    assert got == expected.frame["household_issue_codes"].to_list()
    codes = {c for row in got for c in row}
    assert {"household_head_deceased", "household_spouse_underage"} <= codes
    assert {"household_kk_missing", "household_kk_unusable"} <= codes

    households = sorted(
        (r["no_kk"], r["members"], r["status"], list(r["issue_codes"]))
        for r in result.households.collect()
    )
    assert households == sorted(expected.households.rows())
    assert result.issues.count() == expected.issues.height
