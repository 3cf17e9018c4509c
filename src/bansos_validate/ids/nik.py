"""NIK (Nomor Induk Kependudukan, Indonesian population identity number).

A NIK has 16 digits, ``PPRRDD DDMMYY SSSS``:

* ``PPRRDD``: the Kemendagri district (kecamatan) code of the place where the NIK was
  first registered: province (``PP``), regency or city (``RR``: 01-69 kabupaten, 71-99
  kota) and district (``DD``). It never changes when the holder moves, and districts
  recoded since (the 2022 Papua provinces) keep their old prefixes. These are
  Kemendagri codes, not BPS statistics codes.
* ``DDMMYY``: the birth date; women have 40 added to the day (41-71). The century is not
  encoded: it is resolved as the latest century that puts the birth date on or before
  the reference date (default today).
* ``SSSS``: a serial assigned by SIAK, from 0001.

There is no check digit. Checks, each reported as an issue with a stable code (see
``docs/issues.md``): characters and length, spreadsheet damage, dummy patterns, the
province (error when impossible), regency and district (warning when unknown in current
and historical codes, info when recoded), ``00`` region parts, the day, month and
calendar date, a birth date after the reference date, an age over 110, serial ``0000``.

More information:

* PP 37/2007 art. 37; Dukcapil Klaten, "Arti 16 digit Nomor Induk Kependudukan"
* Kepmendagri No. 300.2.2-2138 Tahun 2025 (region codes)
* https://id.wikipedia.org/wiki/Nomor_Induk_Kependudukan

The examples use obviously synthetic numbers.

>>> validate("3576014403910003")
'3576014403910003'
>>> validate("3576 0144 0391 0003")
'3576014403910003'
>>> info = parse("3576014403910003", reference_date=dt.date(2026, 11, 27))
>>> info.birth_date, info.sex, info.district
(datetime.date(1991, 3, 4), <Sex.P: 'P'>, <Region 357601 Prajuritkulon>)
>>> info
<NikInfo 357601********** valid>
>>> parse("3171011708100001", reference_date=dt.date(2026, 11, 27)).birth_date
datetime.date(2010, 8, 17)
>>> validate("3576014403910000")
Traceback (most recent call last):
    ...
InvalidNikComponent: nik_serial_zero: The NIK serial (digits 13-16) is 0000; ...
>>> validate("357601440391")
Traceback (most recent call last):
    ...
InvalidNikLength: nik_wrong_length: The NIK must have 16 digits, not 12. ...
>>> validate("1076014403910003")
Traceback (most recent call last):
    ...
InvalidNikComponent: nik_province_unknown: ...
>>> is_valid(3576014403910003)  # a number, not text: spreadsheet damage
False
>>> is_valid("3576018503910003")  # day 85
False
"""

from __future__ import annotations

import datetime as dt

from bansos_validate import _arguments as _args
from bansos_validate.errors import InvalidArgument
from bansos_validate.ids._common import (
    PartCache,
    check_field,
    compact_digits,
    make_issue,
    raise_for,
    read_issues,
    region_part,
    serial_number,
)
from bansos_validate.ids._dates import reference
from bansos_validate.ids._digits import _DUMMIES, dummy_pattern, read_digits, resolve_year
from bansos_validate.ids._info import NikInfo, Sex
from bansos_validate.ids._mask import mask_nik
from bansos_validate.issues import Issue
from bansos_validate.regions import lookup

__all__ = [
    "NikInfo",
    "Sex",
    "compact",
    "compose",
    "format",
    "get_birth_date",
    "get_region",
    "get_sex",
    "is_valid",
    "parse",
    "validate",
]

_PLACEHOLDER_DATES = frozenset({(1, 7), (31, 12), (1, 1)})
_SUSPICIOUS_SERIALS = frozenset({"9999"})


def compact(number: object) -> str:
    """Return the NIK without spaces, dots, dashes or other separators.

    >>> compact("3576.0144.0391.0003")
    '3576014403910003'

    Raises:
        InvalidNikFormat: the value is empty or cannot be read as digits.
    """
    return compact_digits("nik", number, "nik")


_DATES = PartCache()
_REGIONS = PartCache(limit=100_000)

DatePart = tuple[dt.date | None, Sex | None, tuple[Issue, ...]]


def _date_part(part: str, ref: dt.date, field: str, declared: dt.date | None = None) -> DatePart:
    issues: list[Issue] = []
    born, sex = _decode_date(part, ref, field, issues, declared)
    return born, sex, tuple(issues)


def _decode_date(
    digits: str, ref: dt.date, field: str, issues: list[Issue], declared: dt.date | None
) -> tuple[dt.date | None, Sex | None]:
    day = int(digits[0:2])
    month = int(digits[2:4])
    yy = int(digits[4:6])
    sex: Sex | None = None
    if 41 <= day <= 71:
        sex, day = Sex.P, day - 40
    elif 1 <= day <= 31:
        sex = Sex.L
    else:
        issues.append(Issue("nik_day_invalid", field, {"day": digits[0:2]}))
        day = 0
    if not 1 <= month <= 12:
        issues.append(Issue("nik_month_invalid", field, {"month": digits[2:4]}))
        return None, sex
    if day == 0:
        return None, sex
    if declared is not None and declared.year % 100 == yy:
        year = declared.year  # the declared birth date settles the century
    else:
        year = resolve_year(yy, month, day, ref)
    try:
        born = dt.date(year, month, day)
    except ValueError:
        issues.append(Issue("nik_date_invalid", field, {"date": f"{day:02d}-{month:02d}-{year}"}))
        return None, sex
    if born > ref:
        issues.append(
            Issue(
                "nik_birth_in_future",
                field,
                {"date": born.strftime("%d-%m-%Y"), "reference_date": ref.isoformat()},
            )
        )
    elif ref.year - year > 110:
        age = ref.year - year - ((ref.month, ref.day) < (month, day))
        if age > 110:
            issues.append(Issue("nik_age_over_110", field, {"age": age}))
    if (day, month) in _PLACEHOLDER_DATES:
        issues.append(
            Issue("nik_placeholder_birth_date", field, {"date": born.strftime("%d-%m-%Y")})
        )
    return born, sex


def parse(
    number: object,
    *,
    reference_date: dt.date | None = None,
    birth_date: dt.date | None = None,
    field: str = "nik",
) -> NikInfo:
    """Read a NIK and report everything that is wrong with it; never raises on bad data.

    Args:
        number: the NIK, as text. Numbers are read but reported as spreadsheet damage.
        reference_date: the date that resolves the birth century and ages (default today).
        birth_date: the declared birth date of the record, if known. When its two-digit
            year equals the NIK's, its century is used instead of the reference-date rule;
            only then can a NIK birth date lie after the reference date (a recorded
            birth in 2043) or give an age over 110.
        field: the field name the issues are reported under.

    Returns:
        The parsed NIK; ``info.is_valid`` is true when no issue is an error.

    Raises:
        InvalidArgument: *reference_date* is not a date.
    """
    ref = reference_date if type(reference_date) is dt.date else reference(reference_date)
    check_field(field)
    issues: list[Issue] | None = None
    if type(number) is str and len(number) == 16 and number.isascii() and number.isdigit():
        digits = number  # the common case: clean text, skip the reader
    else:
        read = read_digits(number)
        issues = read_issues("nik", read, field)
        if not read.usable:
            return NikInfo(None, tuple(issues))
        digits = read.digits  # type: ignore[assignment]  # usable implies 16 digits
    # Region prefix and date part: decoded once per distinct value, then memoised; the
    # hot path allocates nothing but the result (allocation drives the cyclic GC).
    regions = _REGIONS.tables.get(field)
    prefix = digits[:6]
    region = regions.get(prefix) if regions is not None else None
    if region is None:
        region = region_part("nik", prefix, field, _REGIONS)
    dates = _DATES.tables.get(ref if field == "nik" else (ref, field))
    part = digits[6:12]
    decoded = dates.get(part) if dates is not None else None
    if birth_date is not None:
        if not isinstance(birth_date, dt.date):
            raise InvalidArgument(f"Expected a datetime.date but got birth_date={birth_date!r}")
        decoded = _date_part(part, ref, field, birth_date)
    elif decoded is None:
        dates = _DATES.table(ref if field == "nik" else (ref, field))
        decoded = _DATES.store(dates, part, _date_part(part, ref, field))
    pattern = _DUMMIES.get(digits) if _DUMMIES else dummy_pattern(digits)
    serial = digits[12:]
    if (
        pattern is None
        and not region[3]
        and not decoded[2]
        and serial != "0000"
        and serial not in _SUSPICIOUS_SERIALS
    ):
        return NikInfo(digits, tuple(issues) if issues else (), region, decoded)
    if issues is None:
        issues = []
    if pattern is not None:
        issues.append(make_issue("nik_dummy", field, ("pattern", pattern)))
    issues.extend(region[3])
    issues.extend(decoded[2])
    if serial == "0000":
        issues.append(make_issue("nik_serial_zero", field))
    elif serial in _SUSPICIOUS_SERIALS:
        issues.append(make_issue("nik_serial_suspicious", field, ("serial", serial)))
    return NikInfo(digits, tuple(issues), region, decoded)


def validate(number: object, *, reference_date: dt.date | None = None) -> str:
    """Return the compact NIK, or raise when it has an error-severity issue.

    Warnings (an unknown district, a placeholder birth date) do not raise.

    Raises:
        InvalidNikFormat: characters, spreadsheet damage or an empty value.
        InvalidNikLength: not 16 digits.
        InvalidNikComponent: an impossible province, date or serial, or a dummy value.
    """
    info = parse(number, reference_date=reference_date)
    raise_for("nik", info.issues, mask_nik(number))
    return info.nik  # type: ignore[return-value]  # no error implies 16 digits


def is_valid(number: object, *, reference_date: dt.date | None = None) -> bool:
    """Return whether the value is a valid NIK (no error-severity issue); never raises.

    >>> is_valid("3576014403910003"), is_valid(None), is_valid("😴")
    (True, False, False)
    """
    try:
        return parse(number, reference_date=reference_date).is_valid
    except InvalidArgument:
        return False


def format(number: object, separator: str = " ") -> str:  # noqa: A001 - stdnum's contract name
    """Return the NIK grouped as region, date and serial.

    >>> format("3576014403910003")
    '357601 440391 0003'
    """
    _args.text("separator", separator)
    digits = compact(number)
    if len(digits) != 16:
        raise_for("nik", [make_issue("nik_wrong_length", "nik", ("length", len(digits)))], "")
    return separator.join((digits[:6], digits[6:12], digits[12:]))


def get_birth_date(number: object, *, reference_date: dt.date | None = None) -> dt.date:
    """Return the birth date of a NIK (century resolved against *reference_date*).

    Raises:
        InvalidNik: the NIK has an error (its date may not be readable).
    """
    info = parse(number, reference_date=reference_date)
    raise_for("nik", info.issues, mask_nik(number))
    return info.birth_date  # type: ignore[return-value]  # valid implies a date


def get_sex(number: object) -> Sex:
    """Return the sex encoded in a NIK (``Sex.P`` when the day is 41-71).

    Raises:
        InvalidNik: the NIK has an error.
    """
    info = parse(number)
    raise_for("nik", info.issues, mask_nik(number))
    return info.sex  # type: ignore[return-value]  # valid implies a sex


def get_region(number: object) -> dict[str, object]:
    """Return the province, regency and district of first registration.

    Raises:
        InvalidNik: the NIK has an error.
    """
    info = parse(number)
    raise_for("nik", info.issues, mask_nik(number))
    return {"province": info.province, "regency": info.regency, "district": info.district}


def compose(district: str, birth_date: dt.date, sex: Sex | str, serial: int | str) -> str:
    """Build a NIK from its parts (for synthetic data and tests).

    >>> compose("357601", dt.date(1991, 3, 4), "P", 3)
    '3576014403910003'

    Raises:
        InvalidArgument: a part is out of range (the district must be 6 digits and
            known, the serial 1-9999, the sex ``L`` or ``P``).
    """
    if not (isinstance(district, str) and len(district) == 6 and district.isdigit()):
        raise _args.fail("district", "a 6-digit district code", district)
    if lookup(district) is None:
        raise InvalidArgument(f"Unknown Kemendagri district code district={district!r}")
    birth_date = _args.date("birth_date", birth_date)
    if not (isinstance(sex, str) and sex in ("L", "P")):
        raise _args.fail("sex", "'L' or 'P'", sex)
    sex_value = Sex(sex)
    number = serial_number(serial)
    day = birth_date.day + (40 if sex_value is Sex.P else 0)
    return f"{district}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{number:04d}"
