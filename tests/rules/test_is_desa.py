"""``is_desa()``: desa or kelurahan from the village code, in both engines; BLT-DD uses it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import narwhals as nw
import polars as pl
import pytest

from bansos_validate import regions, synth
from bansos_validate.regions import _table
from bansos_validate.rules import RuleNameError, RuleTypeError, _vector, evaluate, load_program
from bansos_validate.rules._scalar import is_desa
from bansos_validate.rules._vector import _is_desa

from .conftest import mini, ruleset_from

AT = dt.date(2026, 1, 15)

# A kelurahan of Kota Mojokerto, a desa of Kab. Banyuwangi, a desa adat of Kab. Jayapura.
KELURAHAN, DESA, DESA_ADAT = "3576011003", "3510012001", "9103013007"

VALUES: list[tuple[Any, bool | None]] = [
    (DESA, True),
    (KELURAHAN, False),
    (DESA_ADAT, True),
    ("35.10.01.2001", True),  # dotted, as Kemendagri writes codes
    ("35.76.01.1003", False),
    ("3510012001.0", True),  # the text of a number cell
    ("3576011003,00", False),
    (" 3510-01-2004 ", True),
    ("3510 01 2009", True),
    ("3510012999", None),  # a desa digit, but no such village: no fallback to the digit
    ("3576011999", None),
    ("357601", None),  # a district, not a village
    ("357601100", None),
    ("35760110030", None),
    ("35.76.01.1003.5", None),
    ("kelurahan", None),
    ("-", None),
    ("", None),
    ("   ", None),
    (None, None),
]

MEMBER = {"tanggal_lahir": "1980-01-01", "pekerjaan": "PETANI", "hamil": "T"}

KODE = mini(
    **{
        "    desil: {type: int}": "    desil: {type: int}\n    kode_wilayah: {type: text, required: false}",
        "  - id: anak\n    rule: n_anak >= 1": "  - id: anak\n    rule: is_desa(kode_wilayah)",
    }
)


def _members(households: pl.DataFrame) -> pl.DataFrame:
    """One adult member per household."""
    n = households.height
    return pl.DataFrame({"no_kk": households["no_kk"]} | {k: [v] * n for k, v in MEMBER.items()})


def test_scalar_reading() -> None:
    for value, expected in VALUES:
        assert is_desa(value) is expected, value


@pytest.mark.parametrize("patterns", [False, True])
@pytest.mark.parametrize("lazy", [False, True])
def test_vectorised_reading_agrees(*, patterns: bool, lazy: bool) -> None:
    frame = pl.DataFrame({"k": [v for v, _ in VALUES]}, schema={"k": pl.String})
    native: Any = frame.lazy() if lazy else frame
    out = nw.from_native(native).select(_is_desa(nw.col("k"), patterns=patterns).alias("d"))
    result = out.collect() if lazy else out
    assert result["d"].to_list() == [expected for _, expected in VALUES]


def test_both_readings_match_the_table_for_every_village_and_its_neighbours() -> None:
    codes = sorted(_table.villages())
    near = {f"{int(c) + step:010d}" for c in codes for step in (-1, 1)} - set(codes)
    texts = [*codes, *sorted(near)]
    expected = [
        None if (kind := regions.village_kind(t)) is None else kind != "kelurahan" for t in texts
    ]
    frame = nw.from_native(pl.DataFrame({"k": texts}))
    for patterns in (False, True):
        found = frame.select(_is_desa(nw.col("k"), patterns=patterns).alias("d"))["d"].to_list()
        assert found == expected, patterns
    assert [is_desa(t) for t in texts] == expected
    assert expected.count(True) == 75_266
    assert expected.count(False) == 8_496


def test_a_rule_file_using_is_desa_decides_alike_in_both_engines() -> None:
    rules = ruleset_from(KODE)
    households = pl.DataFrame(
        {
            "no_kk": [f"3510010101{i + 1:05d}1" for i in range(len(VALUES))],
            "desil": [1] * len(VALUES),
            "kode_wilayah": [v for v, _ in VALUES],
        }
    )
    persons = _members(households)
    statuses = {True: "eligible", False: "not_eligible", None: "undetermined"}
    want = [statuses[expected] for _, expected in VALUES]
    for native in ((persons, households), (persons.lazy(), households.lazy())):
        frame = evaluate(rules, *native, reference_date=AT).frame
        frame = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
        assert frame.sort("no_kk")["status"].to_list() == want
    for row, expected in zip(households.to_dicts(), want, strict=True):
        decision = rules.decide(row, [MEMBER], reference_date=AT)
        assert decision.status.value == expected, row["kode_wilayah"]


@pytest.mark.parametrize(
    "column",
    [
        pl.Series("kode_wilayah", [3510012001, 3576011003, None], dtype=pl.Int64),
        pl.Series("kode_wilayah", [3510012001.0, 3576011003.0, None], dtype=pl.Float64),
    ],
)
def test_codes_in_number_columns_are_read(column: pl.Series) -> None:
    rules = ruleset_from(KODE)
    households = pl.DataFrame(
        {"no_kk": ["3510010101200001", "3576010101200011", "3510010101200021"]}
    ).with_columns(desil=pl.lit(1), kode_wilayah=column)
    frame = evaluate(rules, _members(households), households, reference_date=AT).frame
    assert frame["status"].to_list() == ["eligible", "not_eligible", "undetermined"]
    for row, status in zip(households.to_dicts(), frame["status"], strict=True):
        decision = rules.decide(row, [MEMBER], reference_date=AT)
        assert decision.status.value == status


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("is_desa(desil)", "the argument of is_desa() must be text, not a number"),
        ("is_desa()", "is_desa() takes 1 argument, not 0"),
        ("is_desa(kode_wilayah, kode_wilayah)", "is_desa() takes 1 argument, not 2"),
        ("is_desa(kode_wilayah) + 1", "must be a number, not true/false"),
    ],
)
def test_is_desa_is_type_checked_at_load_time(formula: str, message: str) -> None:
    text = KODE.replace("rule: is_desa(kode_wilayah)", f"rule: {formula}")
    with pytest.raises(RuleTypeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ruleset_from(text)


def test_is_desa_is_a_reserved_name() -> None:
    text = KODE.replace("    kode_wilayah: {type: text", "    is_desa: {type: text")
    with pytest.raises(RuleNameError, match="reserved") as info:
        ruleset_from(text)
    assert info.value.code == "reserved_name"


# -- BLT-DD ----------------------------------------------------------------------------------
def _population(region: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    population = synth.generate(n_households=300, regions=[region], seed=0)
    households = population.households.rename({"pkh": "penerima_pkh", "bpnt": "penerima_bpnt"})
    return population.persons, households


def test_blt_dd_decides_no_household_of_kota_mojokerto_eligible() -> None:
    persons, households = _population("3576")  # a kota: kelurahan only, no desa
    result = evaluate(load_program("blt-dd"), persons, households)
    counts = result.counts()
    assert counts["eligible"] == 0
    assert counts["not_eligible"] == len(households)
    assert all("desa" in reasons for reasons in result.frame["reasons"])


def test_blt_dd_decides_desa_households_of_kab_banyuwangi() -> None:
    persons, households = _population("3510")  # a kabupaten: desa and kelurahan
    result = evaluate(load_program("blt-dd"), persons, households)
    frame = result.frame.join(households.select("no_kk", "kode_wilayah"), on="no_kk")
    eligible = frame.filter(pl.col("status") == "eligible")
    assert eligible.height > 0
    assert {regions.village_kind(code) for code in eligible["kode_wilayah"]} == {"desa"}
    in_kelurahan = frame.filter(
        pl.col("kode_wilayah").map_elements(regions.village_kind, return_dtype=pl.String)
        == "kelurahan"
    )
    assert in_kelurahan.height > 0
    assert set(in_kelurahan["status"]) == {"not_eligible"}
    assert all("desa" in reasons for reasons in in_kelurahan["reasons"])


def test_blt_dd_without_a_village_code_column_is_undetermined_not_eligible() -> None:
    persons, households = _population("3510")
    result = evaluate(load_program("blt-dd"), persons, households.drop("kode_wilayah"))
    frame = result.frame
    assert result.counts()["eligible"] == 0
    undetermined = frame.filter(pl.col("status") == "undetermined")
    assert undetermined.height > 0
    assert all(reasons.to_list() == ["desa"] for reasons in undetermined["reasons"])
    # households failing another rule stay not eligible; the village is not their reason
    assert all("desa" not in r for r in frame.filter(pl.col("status") == "not_eligible")["reasons"])


# -- blank village codes: both engines read them as missing ----------------------------------
BLANK_RULES = """\
program: acak
name: {id: Acak, en: Random}
version: "0.1"
unit: household
effective: {from: 2024-01-01}
references: {t: {title: Test}}
parameters:
  nilai: {description: {id: n, en: n}, values: {2024-01-01: {value: 1500, reference: t}}}
entities:
  person:
    tanggal_lahir: {type: date}
  household:
    desil: {type: int}
    kode_wilayah: {type: text, DECLARATION}
conditions:
  - id: c0
    rule: 'desil < 5'
    description: {id: d, en: d}
    message: {id: m, en: m}
exclusions:
  - id: x0
    rule: 'is_desa(coalesce(coalesce(kode_wilayah, "35.10.01.2004"), "35.10.01.2004"))'
    description: {id: d, en: d}
    message: {id: m, en: m}
benefit:
  components:
    - {id: k0, description: {id: k, en: k}, units: '0', amount: 'nilai'}
"""

# The code, then the status without a default (a blank code is missing, so coalesce
# gives the desa fallback and the exclusion holds), with ``default: ""`` (a blank code
# is the text "", which is not a village code: unknown) and with a kelurahan default.
BLANK_CASES: list[tuple[str | None, str, str, str]] = [
    ("", "not_eligible", "undetermined", "eligible"),
    ("   ", "not_eligible", "undetermined", "eligible"),
    ("\t", "not_eligible", "undetermined", "eligible"),
    (None, "not_eligible", "undetermined", "eligible"),
    ("35.10.01.200", "undetermined", "undetermined", "undetermined"),  # 9 digits
    ("kelurahan", "undetermined", "undetermined", "undetermined"),
    (DESA, "not_eligible", "not_eligible", "not_eligible"),
    (" 35.10.01.2001 ", "not_eligible", "not_eligible", "not_eligible"),
    (KELURAHAN, "eligible", "eligible", "eligible"),
]


@pytest.mark.parametrize(
    ("declaration", "column"),
    [("required: false", 1), ('default: ""', 2), ('default: "3576011003"', 3)],
)
@pytest.mark.parametrize("lookups", [False, True])
def test_blank_village_codes_decide_alike_in_both_engines(
    monkeypatch: pytest.MonkeyPatch, declaration: str, column: int, *, lookups: bool
) -> None:
    """Regression: a blank ``kode_wilayah`` was "" in the vectorised engine (undetermined
    by ``is_desa("")``) but missing in the scalar one (the ``coalesce`` fallback, a desa:
    not eligible). docs/rules.md: a blank text cell is missing and takes the default."""
    if lookups:
        monkeypatch.setattr(_vector, "_LOOKUP_MIN_ROWS", 0)
    rules = ruleset_from(BLANK_RULES.replace("DECLARATION", declaration))
    households = pl.DataFrame(
        {
            "no_kk": [f"3510010101{i + 1:05d}1" for i in range(len(BLANK_CASES))],
            "desil": [1] * len(BLANK_CASES),
            "kode_wilayah": [case[0] for case in BLANK_CASES],
        },
        schema_overrides={"kode_wilayah": pl.String},
    )
    persons = households.select("no_kk").with_columns(tanggal_lahir=pl.lit(dt.date(1980, 1, 1)))
    want = [case[column] for case in BLANK_CASES]
    scalar = [
        rules.decide(row, [{"tanggal_lahir": dt.date(1980, 1, 1)}], reference_date=AT).status.value
        for row in households.to_dicts()
    ]
    assert scalar == want
    for native in ((persons, households), (persons.lazy(), households.lazy())):
        frame = evaluate(rules, *native, reference_date=AT).frame
        frame = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
        assert frame.sort("no_kk")["status"].to_list() == want
