"""Unit tests for KK number parsing."""

from __future__ import annotations

import datetime as dt

import pytest
from stdnum.exceptions import InvalidComponent, InvalidLength

import bansos_validate as bv
from bansos_validate.ids import kk

REF = dt.date(2026, 11, 27)
GOOD = "3576010101200001"


def codes(value: object, ref: dt.date = REF) -> tuple[str, ...]:
    return bv.parse_kk(value, reference_date=ref).codes


def test_valid_kk_decodes() -> None:
    info = bv.parse_kk(GOOD, reference_date=REF)
    assert info.is_valid and info.issues == ()
    assert info.kk == GOOD
    assert info.issue_date == dt.date(2020, 1, 1)
    assert info.district is not None and info.district.code == "357601"
    assert info.serial == "0001"


def test_kk_has_no_plus_40_day() -> None:
    assert codes("3576014101200001") == ("kk_day_invalid",)


@pytest.mark.parametrize("month", ["00", "13"])
def test_kk_month(month: str) -> None:
    assert codes(f"35760101{month}200001") == ("kk_month_invalid",)


def test_kk_calendar_date() -> None:
    assert codes("3576013002200001") == ("kk_date_invalid",)


def test_kk_before_1970_is_a_warning() -> None:
    info = bv.parse_kk("3576010101500001", reference_date=REF)
    assert info.codes == ("kk_issue_date_before_1970",)
    assert info.issue_date == dt.date(1950, 1, 1)
    assert info.is_valid


def test_kk_later_in_the_reference_year_is_in_the_future() -> None:
    info = bv.parse_kk("3576011512260001", reference_date=REF)
    assert info.codes == ("kk_issue_date_future",)
    assert info.issue_date == dt.date(2026, 12, 15)
    assert not info.is_valid


def test_kk_serial_zero_is_a_warning() -> None:
    info = bv.parse_kk("3576010101200000", reference_date=REF)
    assert info.codes == ("kk_serial_zero",)
    assert info.is_valid


def test_kk_region_checks_share_the_nik_rules() -> None:
    assert codes("1076010101200001") == ("kk_province_unknown",)
    assert codes("3576000101200001") == ("kk_region_zero",)
    assert codes("3599010101200001") == ("kk_regency_unknown",)
    assert codes("3576990101200001") == ("kk_district_unknown",)
    assert codes("9101010101200001") == ("kk_district_recoded",)


def test_kk_excel_and_cleaning() -> None:
    assert codes(3576010101200001) == ("kk_excel_numeric",)
    assert codes("3.57601E+15") == ("kk_excel_precision_lost",)
    assert codes("3576 0101 0120 0001".replace(" ", "-")) == ()
    assert codes("1111111111111111")[0] == "kk_dummy"
    assert codes("") == ("kk_missing",)


def test_kk_validate_and_errors() -> None:
    assert bv.validate_kk("3576-0101-0120-0001") == GOOD
    with pytest.raises(bv.InvalidKk) as raised:
        bv.validate_kk("35760101012000")
    assert isinstance(raised.value, InvalidLength)
    with pytest.raises(bv.InvalidKk) as raised:
        bv.validate_kk("3576014101200001")
    assert isinstance(raised.value, InvalidComponent)
    assert "357601**********" in str(raised.value)
    assert "4101200001" not in str(raised.value)
    assert not bv.is_valid_kk(None)


def test_kk_repr_is_masked() -> None:
    assert repr(bv.parse_kk(GOOD, reference_date=REF)) == "<KkInfo 357601********** valid>"


def test_kk_format_getters_compose() -> None:
    assert kk.format(GOOD) == "357601 010120 0001"
    assert kk.validate(kk.format(GOOD)) == GOOD
    assert kk.get_issue_date(GOOD, reference_date=REF) == dt.date(2020, 1, 1)
    assert kk.get_region(GOOD)["regency"] == bv.regions.lookup("3576")
    assert kk.compose("357601", dt.date(2020, 1, 1), 1) == GOOD
    with pytest.raises(bv.InvalidArgument):
        kk.compose("357601", dt.date(2020, 1, 1), 10000)
    with pytest.raises(bv.InvalidArgument):
        kk.compose("35760", dt.date(2020, 1, 1), 1)
