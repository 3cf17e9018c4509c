"""``match_records`` on PySpark DataFrames: read to the driver, results back as Spark."""

from __future__ import annotations

from typing import Any

import polars as pl

from bansos_validate import synth
from bansos_validate.matching import match_records

IDS = ["person_id", "household_id"]


def test_spark_frames_in_spark_frames_out(spark: Any) -> None:
    pop = synth.generate(n_households=60, seed=3)
    left, right = pop.persons.drop(IDS), pop.second_view.drop(IDS)
    expected = match_records(left, right)

    def to_spark(frame: pl.DataFrame) -> Any:
        text = frame.select(pl.all().cast(pl.String))
        schema = ", ".join(f"`{name}` string" for name in text.columns)
        return spark.createDataFrame(text.rows(), schema=schema)

    result = match_records(to_spark(left), to_spark(right))
    for frame in (result.pairs, result.households, result.unmatched_left_rows):
        assert type(frame).__module__.startswith("pyspark"), type(frame)
    rows = sorted((r["left_row"], r["right_row"], r["rule"]) for r in result.pairs.collect())
    assert rows == sorted(expected.polars_pairs.select("left_row", "right_row", "rule").rows())
    assert result.households.count() == expected.households.height
    unmatched = [r["left_row"] for r in result.unmatched_left_rows.collect()]
    assert sorted(unmatched) == expected.unmatched_left.to_list()
    assert result.unmatched_right_rows.columns == [*right.columns, "right_row"]
