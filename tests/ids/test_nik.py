"""Unit tests for NIK parsing: one or more tests per issue code, plus decoding."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError

import bansos_validate as bv
from bansos_validate.errors import InvalidNikComponent, InvalidNikFormat, InvalidNikLength
from bansos_validate.ids import nik

REF = dt.date(2026, 11, 27)
GOOD = "3576014403910003"  # Kota Mojokerto, Prajuritkulon, woman born 4 Mar 1991


def codes(value: object, ref: dt.date = REF) -> tuple[str, ...]:
    return bv.parse_nik(value, reference_date=ref).codes


def test_valid_nik_decodes_every_part() -> None:
    info = bv.parse_nik(GOOD, reference_date=REF)
    assert info.is_valid
    assert info.status == "valid"
    assert info.issues == ()
    assert info.nik == GOOD
    assert info.province is not None and info.province.code == "35"
    assert info.regency is not None and info.regency.name == "Kota Mojokerto"
    assert info.regency.kind == "kota"
    assert info.district is not None and info.district.code == "357601"
    assert info.birth_date == dt.date(1991, 3, 4)
    assert info.sex is bv.Sex.P
    assert info.sex == "P"
    assert info.serial == "0003"
    assert info.age(REF) == 35


def test_male_day_is_not_shifted() -> None:
    info = bv.parse_nik("3576010403910003", reference_date=REF)
    assert info.sex is bv.Sex.L
    assert info.birth_date == dt.date(1991, 3, 4)


@pytest.mark.parametrize(
    ("yy", "expected_year"),
    [("10", 2010), ("26", 2026), ("27", 1927), ("45", 1945), ("00", 2000), ("99", 1999)],
)
def test_century_is_the_latest_on_or_before_the_reference_date(yy: str, expected_year: int) -> None:
    info = bv.parse_nik(f"35760117{'01'}{yy}0001".replace("1701", "0101"), reference_date=REF)
    assert info.birth_date is not None
    assert info.birth_date.year == expected_year


def test_century_flips_on_the_reference_day() -> None:
    value = "3576012711260001"  # 27 Nov 26
    assert bv.parse_nik(value, reference_date=REF).birth_date == dt.date(2026, 11, 27)
    day_before = dt.date(2026, 11, 26)
    assert bv.parse_nik(value, reference_date=day_before).birth_date == dt.date(1926, 11, 27)


def test_child_born_2010_is_not_decoded_as_1910() -> None:
    # python-stdnum 2.2 returns 1910-08-17 here.
    assert bv.parse_nik("3171011708100001", reference_date=REF).birth_date == dt.date(2010, 8, 17)


def test_leap_day_of_year_00_is_2000() -> None:
    info = bv.parse_nik("3576012902000001", reference_date=REF)
    assert info.is_valid
    assert info.birth_date == dt.date(2000, 2, 29)


def test_leap_day_of_year_00_before_2000_is_1900_and_impossible() -> None:
    assert "nik_date_invalid" in codes("3576012902000001", dt.date(1999, 12, 31))


def test_leap_day_in_a_common_year_is_invalid() -> None:
    assert "nik_date_invalid" in codes("3576016902010001")  # woman, 29 Feb 2001


@pytest.mark.parametrize("day", ["00", "32", "35", "40", "72", "85", "99"])
def test_impossible_days(day: str) -> None:
    info = bv.parse_nik(f"357601{day}03910003", reference_date=REF)
    assert "nik_day_invalid" in info.codes
    assert not info.is_valid
    assert info.birth_date is None


@pytest.mark.parametrize("month", ["00", "13", "19", "99"])
def test_impossible_months(month: str) -> None:
    assert "nik_month_invalid" in codes(f"35760144{month}910003")


@pytest.mark.parametrize("value", ["3576013002910003", "3576017102910003", "3576013104910003"])
def test_impossible_calendar_dates(value: str) -> None:
    assert "nik_date_invalid" in codes(value)


def test_serial_zero() -> None:
    info = bv.parse_nik("3576014403910000", reference_date=REF)
    assert info.codes == ("nik_serial_zero",)
    assert not info.is_valid


def test_serial_ending_in_zero_text_is_fine() -> None:
    assert bv.parse_nik("3576014403910100", reference_date=REF).is_valid
    assert bv.parse_nik("3576014403910010", reference_date=REF).is_valid


def test_suspicious_serial_is_a_warning() -> None:
    info = bv.parse_nik("3576014403919999", reference_date=REF)
    assert info.codes == ("nik_serial_suspicious",)
    assert info.is_valid
    assert info.status == "warning"


@pytest.mark.parametrize("province", ["00", "10", "09", "20", "37", "90", "97", "99"])
def test_impossible_provinces(province: str) -> None:
    info = bv.parse_nik(province + GOOD[2:], reference_date=REF)
    assert "nik_province_unknown" in info.codes
    assert info.province is None


@pytest.mark.parametrize("province", ["65", "92", "93", "94", "95", "96"])
def test_new_and_papua_provinces_are_known(province: str) -> None:
    district = bv.regions.districts(bv.regions.regencies(province)[0].code)[0].code
    assert bv.parse_nik(district + GOOD[6:], reference_date=REF).is_valid


def test_region_zero_parts() -> None:
    assert codes("3500014403910003") == ("nik_region_zero",)
    assert codes("3576004403910003") == ("nik_region_zero",)
    both = bv.parse_nik("3500004403910003", reference_date=REF)
    assert both.codes == ("nik_region_zero", "nik_region_zero")
    assert {i.context["part"] for i in both.issues} == {"regency", "district"}


def test_unknown_regency_is_a_warning() -> None:
    info = bv.parse_nik("3599014403910003", reference_date=REF)
    assert info.codes == ("nik_regency_unknown",)
    assert info.is_valid
    assert info.status == "warning"


def test_unknown_district_is_a_warning() -> None:
    info = bv.parse_nik("3576994403910003", reference_date=REF)
    assert info.codes == ("nik_district_unknown",)
    assert info.is_valid
    assert info.regency is not None and info.district is None


def test_recoded_papua_district_is_info_with_current_code() -> None:
    info = bv.parse_nik("9101014403910003", reference_date=REF)  # Merauke before 2022
    assert info.codes == ("nik_district_recoded",)
    assert info.is_valid and info.status == "valid"
    assert info.issues[0].context["current"] == "930101"
    assert info.district is not None and not info.district.current
    assert info.district.replaced_by == "930101"
    assert "930101" in info.issues[0].message("en")


def test_placeholder_birth_dates_are_info() -> None:
    for value in ("3576010107700003", "3576013112700003", "3576014107700003"):
        info = bv.parse_nik(value, reference_date=REF)
        assert info.codes == ("nik_placeholder_birth_date",), value
        assert info.is_valid


def test_without_a_declared_date_ages_stay_under_100() -> None:
    for yy in range(100):
        info = bv.parse_nik(f"35760104{'03'}{yy:02d}0003", reference_date=REF)
        assert info.is_valid
        age = info.age(REF)
        assert age is not None and 0 <= age < 100


def test_declared_birth_date_settles_the_century() -> None:
    declared = dt.date(1910, 3, 4)
    info = bv.parse_nik("3576010403100003", reference_date=REF, birth_date=declared)
    assert info.birth_date == dt.date(1910, 3, 4)
    assert info.codes == ("nik_age_over_110",)
    assert info.is_valid and info.status == "warning"
    # A declared year with other final digits does not change the century rule.
    other = bv.parse_nik("3576010403100003", reference_date=REF, birth_date=dt.date(1911, 3, 4))
    assert other.birth_date == dt.date(2010, 3, 4)


def test_birth_in_future_from_the_declared_date() -> None:
    # The "born in 2043" records found in a 2021 audit (docs/domain.md, "Invalid and damaged NIKs").
    info = bv.parse_nik("3576010403430003", reference_date=REF, birth_date=dt.date(2043, 3, 4))
    assert info.codes == ("nik_birth_in_future",)
    assert not info.is_valid
    assert "2026-11-27" in info.issues[0].message("en")
    with pytest.raises(bv.InvalidArgument):
        bv.parse_nik(GOOD, birth_date="1991-03-04")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "pattern"),
    [
        ("0000000000000000", "repeated digit"),
        ("9999999999999999", "repeated digit"),
        ("1234567890123456", "ascending run"),
        ("9876543210987654", "descending run"),
        ("1212121212121212", "repeating block"),
        ("3573573573573573", "repeating block"),
    ],
)
def test_dummy_patterns(value: str, pattern: str) -> None:
    info = bv.parse_nik(value, reference_date=REF)
    dummy = [i for i in info.issues if i.code == "nik_dummy"]
    assert len(dummy) == 1
    assert dummy[0].context["pattern"] == pattern
    assert not info.is_valid


@pytest.mark.parametrize(
    "value",
    [
        "3576 0144 0391 0003",
        "3576-0144-0391-0003",
        "3576.0144.0391.0003",
        " 3576014403910003\t",
        "'3576014403910003",
        "３５７６０１４４０３９１０００３",  # fullwidth
        "٣٥٧٦٠١٤٤٠٣٩١٠٠٠٣",  # Arabic-Indic
        "3576\u00a00144\u200b0391 0003",
    ],
)
def test_cleaning_separators_and_unicode_digits(value: str) -> None:
    info = bv.parse_nik(value, reference_date=REF)
    assert info.is_valid, info.codes
    assert info.nik == GOOD
    assert nik.compact(value) == GOOD


@pytest.mark.parametrize(
    ("value", "length"), [("357601440391000", 15), ("35760144039100031", 17), ("1", 1)]
)
def test_wrong_length(value: str, length: int) -> None:
    info = bv.parse_nik(value, reference_date=REF)
    assert info.codes == ("nik_wrong_length",)
    assert info.issues[0].context["length"] == length
    assert info.nik is None


@pytest.mark.parametrize(
    "value", ["3576O14403910003", "abcdefghijklmnop", "3576014403910003x", "NIK: 3576"]
)
def test_invalid_characters(value: str) -> None:
    assert codes(value) == ("nik_invalid_characters",)


@pytest.mark.parametrize("value", [None, "", "   ", float("nan"), Decimal("NaN")])
def test_missing(value: object) -> None:
    assert codes(value) == ("nik_missing",)


@pytest.mark.parametrize(
    "value", [object(), ["3576014403910003"], b"3576014403910003", True, 3 + 4j]
)
def test_invalid_type(value: object) -> None:
    info = bv.parse_nik(value, reference_date=REF)
    assert info.codes == ("nik_invalid_type",)
    assert info.status == "invalid"


def test_integer_input_is_excel_numeric_but_readable() -> None:
    info = bv.parse_nik(3576014403910003, reference_date=REF)
    assert info.codes == ("nik_excel_numeric",)
    assert info.status == "excel_damaged"
    assert not info.is_valid
    assert info.nik == GOOD
    assert info.birth_date == dt.date(1991, 3, 4)


def test_float_input_within_precision_is_excel_numeric() -> None:
    info = bv.parse_nik(3576014403910003.0, reference_date=REF)
    assert info.codes == ("nik_excel_numeric",)
    assert info.nik == GOOD


def test_numeric_input_ending_in_zero_lost_its_16th_digit() -> None:
    info = bv.parse_nik(3576014403910010, reference_date=REF)
    assert info.codes == ("nik_excel_numeric", "nik_excel_precision_lost")
    assert info.status == "excel_damaged"
    assert info.nik is None


def test_papua_nik_as_float_is_beyond_float64() -> None:
    value = float("9471010101900003")  # above 2**53: float64 cannot hold it
    info = bv.parse_nik(value, reference_date=REF)
    assert "nik_excel_precision_lost" in info.codes
    assert info.issues[-1].context["reason"] == "beyond float64 precision"


@pytest.mark.parametrize(
    "value", ["3.57601E+15", "3,57601E+15", "3.576014403910E+15", "3576014403910003e0"]
)
def test_scientific_notation_text(value: str) -> None:
    info = bv.parse_nik(value, reference_date=REF)
    assert info.codes == ("nik_excel_precision_lost",)
    assert info.status == "excel_damaged"


def test_float_written_as_text() -> None:
    assert codes("3576014403910003.0") == ("nik_excel_numeric",)
    assert codes("3576014403910010.0") == ("nik_excel_numeric", "nik_excel_precision_lost")


def test_numpy_numbers_are_numeric_input() -> None:
    np = pytest.importorskip("numpy")
    assert codes(np.int64(3576014403910003)) == ("nik_excel_numeric",)
    assert "nik_excel_precision_lost" in codes(np.float64(3.57601e15))


def test_every_issue_is_collected() -> None:
    info = bv.parse_nik("1000008513990000", reference_date=REF)
    assert set(info.codes) >= {
        "nik_province_unknown",
        "nik_region_zero",
        "nik_day_invalid",
        "nik_month_invalid",
        "nik_serial_zero",
    }


def test_validate_returns_compact_and_raises_typed_errors() -> None:
    assert bv.validate_nik("3576-0144-0391-0003") == GOOD
    with pytest.raises(InvalidNikLength) as length:
        bv.validate_nik("357601440391")
    assert isinstance(length.value, InvalidLength)
    assert isinstance(length.value, InvalidFormat)
    assert isinstance(length.value, ValidationError)
    assert isinstance(length.value, ValueError)
    assert isinstance(length.value, bv.InvalidNik)
    assert length.value.code == "nik_wrong_length"
    with pytest.raises(InvalidNikComponent) as component:
        bv.validate_nik("3576014403910000")
    assert isinstance(component.value, InvalidComponent)
    assert component.value.code == "nik_serial_zero"
    with pytest.raises(InvalidNikFormat):
        bv.validate_nik(3576014403910003)
    with pytest.raises(InvalidNikFormat):
        bv.validate_nik(None)


def test_validate_accepts_warnings() -> None:
    assert bv.validate_nik("3576994403910003") == "3576994403910003"


def test_exception_messages_are_masked() -> None:
    for value in ("3576014403910000", "3576018503910003", 3576014403910003):
        with pytest.raises(bv.InvalidNik) as raised:
            bv.validate_nik(value)
        text = str(raised.value)
        assert "357601**********" in text
        assert "4403910" not in text


def test_repr_and_str_are_masked_and_hide_birth_date() -> None:
    info = bv.parse_nik(GOOD, reference_date=REF)
    for text in (repr(info), str(info)):
        assert GOOD not in text
        assert "440391" not in text
        assert "1991" not in text
        assert "357601**********" in text
    assert repr(info) == "<NikInfo 357601********** valid>"
    bad = bv.parse_nik("3576014403910000", reference_date=REF)
    assert repr(bad) == "<NikInfo 357601********** invalid: nik_serial_zero>"


def test_format_compact_round_trip() -> None:
    assert nik.format(GOOD) == "357601 440391 0003"
    assert nik.format(GOOD, separator="-") == "357601-440391-0003"
    assert nik.validate(nik.format(GOOD)) == nik.compact(GOOD)


def test_getters() -> None:
    assert nik.get_birth_date(GOOD, reference_date=REF) == dt.date(1991, 3, 4)
    assert nik.get_sex(GOOD) is bv.Sex.P
    region = nik.get_region(GOOD)
    assert region["district"] == bv.regions.lookup("357601")
    with pytest.raises(bv.InvalidNik):
        nik.get_sex("3576018503910003")


def test_compose() -> None:
    assert nik.compose("357601", dt.date(1991, 3, 4), "P", 3) == GOOD
    assert nik.compose("357601", dt.date(1991, 3, 4), bv.Sex.L, "3") == "3576010403910003"
    for bad in (
        {"district": "3576", "birth_date": dt.date(1991, 3, 4), "sex": "P", "serial": 1},
        {"district": "357699", "birth_date": dt.date(1991, 3, 4), "sex": "P", "serial": 1},
        {"district": "357601", "birth_date": dt.date(1991, 3, 4), "sex": "X", "serial": 1},
        {"district": "357601", "birth_date": dt.date(1991, 3, 4), "sex": "P", "serial": 0},
    ):
        with pytest.raises(bv.InvalidArgument):
            nik.compose(**bad)  # type: ignore[arg-type]


def test_reference_date_is_a_date_or_iso_text() -> None:
    # One reading of a reference date across the API: a date, or ISO text.
    by_text = bv.parse_nik(GOOD, reference_date="2026-11-27")  # type: ignore[arg-type]
    assert by_text == bv.parse_nik(GOOD, reference_date=dt.date(2026, 11, 27))
    with pytest.raises(bv.InvalidArgument, match="reference_date='27/11/2026'"):
        bv.parse_nik(GOOD, reference_date="27/11/2026")  # type: ignore[arg-type]
    assert bv.is_valid_nik(GOOD, reference_date="2026") is False  # type: ignore[arg-type]
    stamp = dt.datetime(2026, 11, 27, 10, 0)  # noqa: DTZ001
    assert bv.parse_nik(GOOD, reference_date=stamp).birth_date == dt.date(1991, 3, 4)


def test_default_reference_date_is_today() -> None:
    today = dt.date.today()  # noqa: DTZ011
    value = nik.compose("357601", today, "L", 1)
    assert bv.parse_nik(value).birth_date == today


def test_custom_field_name() -> None:
    info = nik.parse("3576014403910000", reference_date=REF, field="nik_kepala")
    assert info.issues[0].field == "nik_kepala"
    assert bv.parse_nik("3576014403910000", reference_date=REF).issues[0].field == "nik"
