"""Realised error rates land near their parameters (about 20,000 persons)."""

from __future__ import annotations

import math

import polars as pl
import pytest

from bansos_validate import synth

PERSON_KINDS = (
    "nik_typo", "nik_transposed", "nik_excel_scientific", "nik_excel_float", "nik_dummy",
    "nik_missing", "nik_wrong_length", "kk_typo", "kk_transposed", "kk_excel_scientific",
    "kk_excel_float", "kk_dummy", "kk_missing", "kk_wrong_length", "dob_differs_from_nik",
    "dob_placeholder",
)  # fmt: skip


def _count(pop: synth.Population, kind: str, *, distinct: str | None = None) -> int:
    rows = pop.truth.filter(pl.col("kind") == kind)
    return rows[distinct].n_unique() if distinct else rows.height


def _close(count: int, rate: float, units: int) -> bool:
    expected = rate * units
    return abs(count - expected) <= 4 * math.sqrt(expected * (1 - rate)) + 2


@pytest.fixture(scope="module")
def present(pop: synth.Population, clean: synth.Population) -> pl.DataFrame:
    """Clean persons less the heads dropped by ``missing_head``."""
    gone = pop.truth.filter(pl.col("kind") == "missing_head")["person_id"]
    return clean.persons.filter(~pl.col("person_id").is_in(gone.implode()))


def test_rates_are_scaled_for_these_tests(rates: synth.ErrorRates) -> None:
    assert rates.nik_typo == pytest.approx(3 * synth.ErrorRates().nik_typo)
    assert rates == synth.ErrorRates().scaled(3)


@pytest.mark.parametrize("kind", PERSON_KINDS)
def test_person_row_kinds(
    pop: synth.Population, present: pl.DataFrame, rates: synth.ErrorRates, kind: str
) -> None:
    count = _count(pop, kind)
    rate = getattr(rates, kind)
    assert count > 0
    assert _close(count, rate, present.height), (kind, count, rate * present.height)


def test_kinds_with_narrower_units(
    pop: synth.Population, present: pl.DataFrame, rates: synth.ErrorRates
) -> None:
    nik, kk = present["nik"], present["no_kk"]
    day = nik.str.slice(6, 2).cast(pl.Int64) % 40
    month = nik.str.slice(8, 2).cast(pl.Int64)
    sizes = present.group_by("household_id").len()
    in_families = present.join(sizes, on="household_id").filter(pl.col("len") >= 2).height
    non_heads = present.filter(pl.col("hubungan_keluarga") != "KEPALA KELUARGA").height
    units = {
        "nik_excel_precision": int((~nik.str.ends_with("0")).sum()),
        "kk_excel_precision": int((~kk.str.ends_with("0")).sum()),
        "nik_day_month_swapped": int((day != month).sum()),
        "kk_day_month_swapped": int((kk.str.slice(6, 2) != kk.str.slice(8, 2)).sum()),
        "nik_family_member": in_families,
        "member_moved": non_heads,
        "nik_in_two_kks": non_heads,
        "death_not_recorded": present.filter(pl.col("status_hidup") == "MENINGGAL").height,
    }
    for kind, n in units.items():
        count = _count(pop, kind, distinct="person_id" if kind == "death_not_recorded" else None)
        assert _close(count, getattr(rates, kind), n), (kind, count, getattr(rates, kind) * n)


def test_household_kinds(
    pop: synth.Population, clean: synth.Population, rates: synth.ErrorRates
) -> None:
    sizes = clean.persons.group_by("household_id").len()
    assert _close(
        _count(pop, "missing_head"), rates.missing_head, sizes.filter(pl.col("len") >= 2).height
    )
    assert _close(
        _count(pop, "kk_changed", distinct="household_id"),
        rates.kk_changed,
        clean.households.height,
    )


def test_name_kinds(
    pop: synth.Population, clean: synth.Population, rates: synth.ErrorRates
) -> None:
    names = clean.second_view["nama"]
    assert _close(_count(pop, "name_typo"), rates.name_typo, names.len())
    muhammad = names.str.contains(
        r"(^|[ .])(MUHAMMAD|MUHAMAD|MOHAMMAD|MOCHAMAD|MOCHAMMAD|MOCH\.|MOH\.|M\.) "
    )
    assert _close(
        _count(pop, "name_muhammad_variant"), rates.name_muhammad_variant, int(muhammad.sum())
    )


def test_roll_kinds(
    pop: synth.Population, clean: synth.Population, rates: synth.ErrorRates
) -> None:
    rows = sum(roll.height for roll in clean.rolls.values())
    excluded = _count(pop, "exclusion_error")
    assert _close(excluded, rates.exclusion_error, rows)
    for kind in ("cross_region", "duplicate_enrolment", "duplicate_in_roll"):
        assert _close(_count(pop, kind), getattr(rates, kind), rows - excluded), kind
    inclusion = _count(pop, "inclusion_error")
    assert _close(inclusion, rates.inclusion_error, rows)
