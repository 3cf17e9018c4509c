"""Random damage to a clean file: every entry point gives the clean result, or says why not.

The damage officers' files carry: identifiers in number cells, headers in other spellings,
optional columns left out. For any mix of them, each entry point (``check_table``,
``check_households``, ``evaluate``, ``match_records``, ``find_overlaps``) either gives the
result of the clean file or reports a finding that names the damage. No property may hold
on silent output: a difference without a finding fails.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bansos_validate as bv
from bansos_validate.household import check_households
from bansos_validate.schema import ALIASES

AT = dt.date(2026, 1, 15)
OPTIONAL = ("pekerjaan", "status_hidup", "hamil", "disabilitas_berat", "jenjang_sekolah")
SETTINGS = settings(
    max_examples=int(os.environ.get("INTAKE_DAMAGE_EXAMPLES", "8")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def population() -> Any:
    return bv.synth.generate(
        n_households=40, regions=["3576"], seed=23, error_rates=bv.synth.ErrorRates.none()
    )


@st.composite
def damage(draw: st.DrawFn) -> dict[str, Any]:
    """Which columns get which damage."""
    return {
        "numeric_kk": draw(st.booleans()),
        "aliases": {
            column: draw(st.sampled_from(ALIASES[column]))
            for column in ("nik", "no_kk", "nama", "tanggal_lahir", "jenis_kelamin", "desil")
            if draw(st.booleans())
        },
        "upper": draw(st.booleans()),
        "drop": tuple(c for c in OPTIONAL if draw(st.integers(0, 3)) == 0),
    }


def _header(name: str, found: dict[str, Any]) -> str:
    header = found["aliases"].get(name, name)
    return header.upper().replace("_", " ") if found["upper"] else header


def _damaged(frame: pl.DataFrame, found: dict[str, Any], *, drop: bool = True) -> pl.DataFrame:
    if found["numeric_kk"] and "no_kk" in frame.columns:
        frame = frame.with_columns(pl.col("no_kk").cast(pl.Float64))
    if drop:
        frame = frame.drop(*(c for c in found["drop"] if c in frame.columns))
    return frame.rename({c: _header(c, found) for c in frame.columns})


def _lost(found: dict[str, Any], kk: str | None) -> bool:
    """Whether this KK number, as a number cell, may have lost its 16th digit."""
    return bool(found["numeric_kk"] and kk is not None and kk.endswith("0"))


@SETTINGS
@given(found=damage())
def test_check_table_and_households(population: Any, found: dict[str, Any]) -> None:
    persons = population.persons
    clean = bv.check_table(persons, reference_date=AT).frame
    result = bv.check_table(_damaged(persons, found, drop=False), reference_date=AT)
    got = result.frame
    for kk, before, after, codes in zip(
        persons["no_kk"].to_list(),
        clean["status"].to_list(),
        got["status"].to_list(),
        got["issue_codes"].to_list(),
        strict=True,
    ):
        if found["numeric_kk"]:
            # The damage is named on the row itself.
            assert "kk_excel_numeric" in codes
            assert after == "excel_damaged"
            assert not _lost(found, kk) or "kk_excel_precision_lost" in codes
        else:
            assert after == before
    homes = check_households(_damaged(persons, found, drop=False), reference_date=AT)
    before_h = check_households(persons, reference_date=AT).households
    usable = before_h.filter(
        ~pl.col("no_kk").str.ends_with("0") if found["numeric_kk"] else pl.lit(value=True)
    )
    after_h = homes.households.join(usable.select("no_kk"), on="no_kk", how="semi")
    assert after_h.sort("no_kk").to_dicts() == usable.sort("no_kk").to_dicts()
    if found["numeric_kk"]:
        lost = {c for row in homes.frame["household_issue_codes"].to_list() for c in row}
        any_lost = any(_lost(found, kk) for kk in persons["no_kk"].to_list())
        assert ("household_kk_unusable" in lost) == any_lost


@SETTINGS
@given(found=damage())
def test_evaluate(population: Any, found: dict[str, Any]) -> None:
    persons = population.persons
    households = population.households.select("no_kk", "desil")
    pkh = bv.load_program("pkh")
    clean = bv.rules.evaluate(pkh, persons, households, reference_date=AT).frame
    result = bv.rules.evaluate(
        pkh, _damaged(persons, found), _damaged(households, found), reference_date=AT
    )
    codes = result.manifest.codes()
    missing = {
        n.context["column"] for n in result.manifest.notes if n.code == "input_column_missing"
    }
    assert missing == set(found["drop"])
    for kk, before, after in zip(
        households["no_kk"].to_list(),
        clean["status"].to_list(),
        result.frame["status"].to_list(),
        strict=True,
    ):
        if after == before:
            continue
        # A different decision is undetermined, never decided another way, and named.
        assert after == "undetermined", (kk, before, after)
        assert missing or _lost(found, kk)
    if found["numeric_kk"]:
        assert "input_identifier_numeric" in codes
        if any(_lost(found, kk) for kk in households["no_kk"].to_list()):
            assert "input_identifier_unusable" in codes


@SETTINGS
@given(found=damage())
def test_overlaps_and_matching(population: Any, found: dict[str, Any]) -> None:
    rolls = {name: population.rolls[name] for name in ("PKH", "BPNT", "PBI-JK")}
    clean = bv.find_overlaps(rolls, fuzzy=False, reference_date=AT).counts()
    damaged = {name: _damaged(roll, found, drop=False) for name, roll in rolls.items()}
    result = bv.find_overlaps(damaged, fuzzy=False, reference_date=AT)
    if result.counts() != clean:
        # Only the KK overlaps of numbers that lost a digit may be missed, and they are named.
        assert "input_identifier_unusable" in result.manifest.codes()
    left = population.persons.head(60)
    right = population.second_view.head(60)
    pairs = bv.match_records(left, right).pairs.select("left_row", "right_row").rows()
    damaged_pairs = (
        bv.match_records(_damaged(left, found, drop=False), _damaged(right, found, drop=False))
        .pairs.select("left_row", "right_row")
        .rows()
    )
    assert set(damaged_pairs) <= set(pairs) | set()  # never a link the clean files lack
    if not found["numeric_kk"]:
        assert damaged_pairs == pairs
