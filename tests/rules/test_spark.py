"""``evaluate`` on PySpark (local mode): the scalar engine, Polars and Spark agree.

One seeded, messy population (spellings, text and typed dates, text booleans, nulls,
deceased members, a member without a household, a KK of another length, village codes of
a desa, a kelurahan and a desa adat written several ways, and junk) is decided by
``RuleSet.decide`` household by household, by ``evaluate`` on Polars, and by
``evaluate`` on Spark DataFrames, for every bundled program and the feature test file.
On Spark ``is_desa()`` tests the codes with regular expressions rather than lists of
literals (``_vector._is_desa``); BLT-DD and the feature file use it.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import polars as pl
import pytest

from bansos_validate.intake._keys import link_text
from bansos_validate.rules import evaluate

from .test_agreement import OCCUPATIONS, SCHOOL, STATUS, VILLAGES, date_text, ruleset, summary

AT = dt.date(2026, 1, 15)
TYPES = {
    "nik": "string",
    "no_kk": "string",
    "tanggal_lahir": "string",
    "tanggal_meninggal": "date",
    "status_hidup": "string",
    "pekerjaan": "string",
    "jenjang_sekolah": "string",
    "hamil": "string",
    "disabilitas_berat": "boolean",
    "kode_wilayah": "string",
}
HOUSEHOLD_TYPES = {
    "no_kk": "string",
    "desil": "bigint",
    "penerima_pkh": "boolean",
    "penerima_bpnt": "string",
    "kode_wilayah": "string",
}


def population(seed: int = 20260115) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    # The last KK number is written with spaces: it is read as the same 16 digits.
    keys = [f"3576010101{i:06d}" for i in range(60)] + ["3576 0101 0199 0001"]
    persons: list[dict[str, Any]] = []
    owners = [k for k in keys for _ in range(rng.randint(0, 6))] + ["3576019999900001"]
    for i, kk in enumerate(owners):
        child = rng.random() < 0.4
        born = AT - dt.timedelta(
            days=rng.randint(6 * 365, 18 * 365) if child else rng.randint(0, 95 * 365)
        )
        roll = rng.random()
        persons.append(
            {
                "nik": f"357601{i:010d}",
                "no_kk": kk,
                "tanggal_lahir": None
                if roll < 0.05
                else "31-02-2020"
                if roll < 0.07
                else date_text(born, rng.randint(0, 3)),
                "tanggal_meninggal": AT - dt.timedelta(days=rng.randint(-30, 900))
                if rng.random() < 0.1
                else None,
                "status_hidup": rng.choice(STATUS),
                "pekerjaan": rng.choice(OCCUPATIONS if rng.random() < 0.3 else ["PETANI", None]),
                "jenjang_sekolah": rng.choice(SCHOOL),
                "hamil": rng.choice(["Y", "T", "ya", " TIDAK ", "", None, "mungkin"]),
                "disabilitas_berat": rng.choice([True, False, False, False, None]),
                "kode_wilayah": rng.choice(VILLAGES),
            }
        )
    households = [
        {
            "no_kk": kk,
            "desil": rng.choice([1, 2, 3, 4, 5, 7, 11, None]),
            "penerima_pkh": rng.choice([True, False, None]),
            "penerima_bpnt": rng.choice(["Y", "T", "", None]),
            "kode_wilayah": rng.choice(VILLAGES[:4] if rng.random() < 0.7 else VILLAGES),
        }
        for kk in keys
    ]
    return persons, households


def spark_frame(spark: Any, rows: list[dict[str, Any]], types: dict[str, str]) -> Any:
    schema = ", ".join(f"`{name}` {kind}" for name, kind in types.items())
    return spark.createDataFrame([tuple(row[n] for n in types) for row in rows], schema=schema)


def polars_frame(rows: list[dict[str, Any]], types: dict[str, str]) -> pl.DataFrame:
    dtypes = {"string": pl.String, "date": pl.Date, "boolean": pl.Boolean, "bigint": pl.Int64}
    return pl.DataFrame(
        {n: pl.Series(n, [row[n] for row in rows], dtype=dtypes[t]) for n, t in types.items()}
    )


@pytest.fixture(scope="module")
def data() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return population()


@pytest.mark.parametrize("name", ["pkh", "bpnt", "pbi-jk", "blt-dd", "pip", "fitur"])
def test_scalar_polars_and_spark_agree(spark: Any, data: Any, name: str) -> None:
    person_rows, household_rows = data
    rules = ruleset(name)
    key = "no_kk" if rules.unit == "household" else "nik"
    scalar: dict[str, tuple[Any, ...]] = {}
    for household in household_rows:
        key_of = link_text(household["no_kk"])
        members = [p for p in person_rows if link_text(p["no_kk"]) == key_of]
        decision = rules.decide(household, members, reference_date=AT)
        if rules.unit == "household":
            scalar[str(key_of)] = summary(decision)
        else:
            scalar.update({str(m.nik): summary(m) for m in decision.members})

    on_polars = evaluate(
        rules,
        polars_frame(person_rows, TYPES),
        polars_frame(household_rows, HOUSEHOLD_TYPES),
        reference_date=AT,
    ).frame
    assert {row[key]: summary(row) for row in on_polars.to_dicts()} == scalar

    persons = spark_frame(spark, person_rows, TYPES)
    households = spark_frame(spark, household_rows, HOUSEHOLD_TYPES)
    result = evaluate(rules, persons, households, reference_date=AT)
    assert type(result.frame).__module__.startswith("pyspark")
    on_spark = [row.asDict() for row in result.frame.collect()]
    assert {row[key]: summary(row) for row in on_spark} == scalar
    assert len({s[0] for s in scalar.values()}) >= 2  # the sample decides both ways
    if name == "blt-dd":  # every outcome of is_desa() occurs in the sample
        reasons = {r for s in scalar.values() for r in s[2]}
        assert "desa" in reasons
        assert any(s[0] == "eligible" for s in scalar.values())
    first = on_spark[0]
    assert first["ruleset_sha256"] == rules.sha256
    assert first["reference_date"] == AT
