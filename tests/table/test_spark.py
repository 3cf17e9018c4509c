"""check_table on PySpark in local mode: same codes as Polars, rows in order."""

from __future__ import annotations

import datetime as dt
import os

import polars as pl
import pytest

from bansos_validate.table import check_table

pyspark_sql = __import__("pyspark.sql").sql  # a dev dependency: never skipped

REF = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def spark():  # type: ignore[no-untyped-def]
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # loopback only
    session = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("bansos-validate-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


SAMPLE = {
    "NIK": [
        "3576014403910003",
        "3576014403910003",
        "3.57601E+15",
        None,
        "3576 0144 0391 0004",
        "357601440391",
        "٣٥٧٦٠١٤٤٠٣٩١٠٠٠٥",
        "9101014403910003",
        "3576018503910003",
        "3576014403910000",
    ],
    "NO KK": ["3576010101200001"] * 10,
    "TGL LAHIR": [
        "1991-03-04",
        "04-03-1991",
        "1991-04-03",
        None,
        "1991-07-01",
        "x",
        "1991-03-04",
        "1991-03-04",
        "1991-03-04",
        "1991-03-05",
    ],
    "JK": ["P", "L", "P", "P", "W", "?", "P", "P", "L", "P"],
    "kode_wilayah": ["3576011003"] * 9 + ["3576021001"],
}


def test_spark_matches_polars(spark) -> None:  # type: ignore[no-untyped-def]
    source = pl.DataFrame(SAMPLE)
    expected = check_table(source, reference_date=REF).frame
    schema = ", ".join(f"`{name}` string" for name in source.columns)
    result = check_table(spark.createDataFrame(source.rows(), schema=schema), reference_date=REF)
    rows = result.frame.collect()
    assert [list(r["issue_codes"]) for r in rows] == [
        list(c) for c in expected["issue_codes"].to_list()
    ]
    assert [r["status"] for r in rows] == expected["status"].to_list()
    assert [r["row"] for r in rows] == list(range(1, 11))
    assert [r["NIK"] for r in rows] == SAMPLE["NIK"]
    assert [r["nik_birth_date"] for r in rows] == expected["nik_birth_date"].to_list()
    summary = result.summary
    assert summary["status"]["count"].sum() == 10
    assert result.issues.count() == sum(len(c) for c in expected["issue_codes"].to_list())
