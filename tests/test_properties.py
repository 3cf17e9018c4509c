"""Property tests: round trips and agreement between the API's functions."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

import bansos_validate as bv
from bansos_validate.ids import kk, nik
from bansos_validate.testing import invalid_kks, invalid_niks, kks, niks

REF = dt.date(2026, 11, 27)
separators = st.sampled_from([" ", "-", ".", ""])


@given(niks(), separators)
def test_nik_format_compact_round_trip(value: str, sep: str) -> None:
    assert nik.validate(nik.format(value, separator=sep)) == nik.compact(value) == value


@given(kks(), separators)
def test_kk_format_compact_round_trip(value: str, sep: str) -> None:
    assert kk.validate(kk.format(value, separator=sep)) == kk.compact(value) == value


@given(
    st.sampled_from([d.code for d in bv.regions.districts()]),
    st.dates(min_value=dt.date(1927, 11, 28), max_value=REF),
    st.sampled_from([bv.Sex.L, bv.Sex.P]),
    st.integers(1, 9998),
)
def test_sex_and_birth_date_round_trip(
    district: str, born: dt.date, sex: bv.Sex, serial: int
) -> None:
    value = nik.compose(district, born, sex, serial)
    info = bv.parse_nik(value, reference_date=REF)
    assert info.birth_date == born
    assert info.sex is sex
    assert info.district is not None and info.district.code == district
    assert info.serial == f"{serial:04d}"


@given(st.one_of(niks(), invalid_niks().map(lambda t: t[1]), st.text(max_size=20), st.integers()))
def test_is_valid_agrees_with_validate(value: object) -> None:
    try:
        nik.validate(value, reference_date=REF)
    except bv.InvalidNik:
        raised = True
    else:
        raised = False
    assert nik.is_valid(value, reference_date=REF) is (not raised)
    assert bv.parse_nik(value, reference_date=REF).is_valid is (not raised)


@given(st.one_of(kks(), invalid_kks().map(lambda t: t[1]), st.text(max_size=20)))
def test_kk_is_valid_agrees_with_validate(value: object) -> None:
    try:
        kk.validate(value, reference_date=REF)
    except bv.InvalidKk:
        raised = True
    else:
        raised = False
    assert kk.is_valid(value, reference_date=REF) is (not raised)


@given(niks())
def test_generated_niks_are_valid(value: str) -> None:
    assert bv.is_valid_nik(value, reference_date=REF)


@given(kks())
def test_generated_kks_are_valid(value: str) -> None:
    assert bv.is_valid_kk(value, reference_date=REF)


@settings(max_examples=300)
@given(invalid_niks())
def test_invalid_niks_raise_their_labelled_code(case: tuple[str, object]) -> None:
    code, value = case
    info = bv.parse_nik(value, reference_date=REF)
    assert code in info.codes
    assert not info.is_valid


@settings(max_examples=300)
@given(invalid_kks())
def test_invalid_kks_raise_their_labelled_code(case: tuple[str, object]) -> None:
    code, value = case
    info = bv.parse_kk(value, reference_date=REF)
    assert code in info.codes
    assert not info.is_valid


@given(
    niks(
        region="3576",
        sex="P",
        min_birth_date=dt.date(2000, 1, 1),
        max_birth_date=dt.date(2010, 12, 31),
    )
)
def test_strategy_arguments_are_honoured(value: str) -> None:
    info = bv.parse_nik(value, reference_date=REF)
    assert value.startswith("3576")
    assert info.sex is bv.Sex.P
    assert info.birth_date is not None and dt.date(2000, 1, 1) <= info.birth_date <= dt.date(
        2010, 12, 31
    )


@given(st.one_of(niks(), invalid_niks().map(lambda t: t[1])))
def test_mask_never_shows_more_than_the_region(value: object) -> None:
    masked = bv.mask_nik(value)
    assert len(masked.rstrip("*")) <= 6
    assert "*" in masked or masked == ""
    assert len(masked) <= 20
