"""KK (Nomor Kartu Keluarga, Indonesian family card number).

A KK number has 16 digits, ``PPRRDD DDMMYY SSSS``:

* ``PPRRDD``: the Kemendagri district code of the issuing office.
* ``DDMMYY``: the recording (issue) date, with **no** +40 offset (a KK has no sex).
  The century is the latest one that puts the date on or before the reference date;
  a date before 1970 is implausible (warning), one later in the reference year is in
  the future (error).
* ``SSSS``: a serial.

Unlike a NIK, the KK number belongs to the family and changes when it moves, splits off
or loses its head. The date/serial reading of digits 7-16 is the common one but is not
confirmed by a regulation, so a ``0000`` serial is only a warning.

More information:

* UU 23/2006 jo. UU 24/2013 (Adminduk) art. 58
* Kepmendagri No. 300.2.2-2138 Tahun 2025 (region codes)

>>> validate("3576010101200001")
'3576010101200001'
>>> info = parse("3576010101200001", reference_date=dt.date(2026, 11, 27))
>>> info.issue_date, info.regency
(datetime.date(2020, 1, 1), <Region 3576 Kota Mojokerto>)
>>> info
<KkInfo 357601********** valid>
>>> is_valid("3576014101200001")  # day 41: a NIK's female day, not a KK date
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
from bansos_validate.ids._digits import dummy_pattern, read_digits, resolve_year
from bansos_validate.ids._info import KkInfo
from bansos_validate.ids._mask import mask_kk
from bansos_validate.issues import Issue
from bansos_validate.regions import lookup

__all__ = [
    "KkInfo",
    "compact",
    "compose",
    "format",
    "get_issue_date",
    "get_region",
    "is_valid",
    "parse",
    "validate",
]

EARLIEST_PLAUSIBLE_YEAR = 1970
"""Issue dates before this year are reported as implausible (warning)."""


def compact(number: object) -> str:
    """Return the KK number without separators.

    >>> compact("3576-0101-2000-0001")
    '3576010120000001'

    Raises:
        InvalidKkFormat: the value is empty or cannot be read as digits.
    """
    return compact_digits("kk", number, "no_kk")


_DATES = PartCache()
_REGIONS = PartCache(limit=100_000)


def _date_part(
    part: str, ref: dt.date, field: str
) -> tuple[dt.date | None, None, tuple[Issue, ...]]:
    issues: list[Issue] = []
    issued = _decode_date(part, ref, field, issues)
    return issued, None, tuple(issues)


def _decode_date(digits: str, ref: dt.date, field: str, issues: list[Issue]) -> dt.date | None:
    day = int(digits[0:2])
    month = int(digits[2:4])
    yy = int(digits[4:6])
    bad = False
    if not 1 <= day <= 31:
        issues.append(Issue("kk_day_invalid", field, {"day": digits[0:2]}))
        bad = True
    if not 1 <= month <= 12:
        issues.append(Issue("kk_month_invalid", field, {"month": digits[2:4]}))
        bad = True
    if bad:
        return None
    year = resolve_year(yy, month, day, ref)
    future = year < EARLIEST_PLAUSIBLE_YEAR and year + 100 == ref.year
    if future:
        year += 100
    try:
        issued = dt.date(year, month, day)
    except ValueError:
        issues.append(Issue("kk_date_invalid", field, {"date": f"{day:02d}-{month:02d}-{year}"}))
        return None
    shown = issued.strftime("%d-%m-%Y")
    if future:
        issues.append(
            Issue("kk_issue_date_future", field, {"date": shown, "reference_date": ref.isoformat()})
        )
    elif year < EARLIEST_PLAUSIBLE_YEAR:
        issues.append(Issue("kk_issue_date_before_1970", field, {"date": shown}))
    return issued


def parse(number: object, *, reference_date: dt.date | None = None, field: str = "no_kk") -> KkInfo:
    """Read a KK number and report everything that is wrong with it; never raises on bad data.

    Args:
        number: the KK number, as text.
        reference_date: the date that resolves the century (default today).
        field: the field name the issues are reported under.

    Raises:
        InvalidArgument: *reference_date* is not a date.
    """
    ref = reference_date if type(reference_date) is dt.date else reference(reference_date)
    check_field(field)
    issues: list[Issue]
    if type(number) is str and len(number) == 16 and number.isascii() and number.isdigit():
        digits, issues = number, []  # the common case: clean text, skip the reader
    else:
        read = read_digits(number)
        issues = read_issues("kk", read, field)
        if not read.usable:
            return KkInfo(None, tuple(issues))
        digits = read.digits  # type: ignore[assignment]  # usable implies 16 digits
    pattern = dummy_pattern(digits)
    if pattern is not None:
        issues.append(make_issue("kk_dummy", field, ("pattern", pattern)))
    region = region_part("kk", digits[:6], field, _REGIONS)
    dates = _DATES.table((ref, field))
    part = digits[6:12]
    decoded = dates.get(part)
    if decoded is None:
        decoded = _DATES.store(dates, part, _date_part(part, ref, field))
    issues.extend(region[3])
    issues.extend(decoded[2])
    if digits[12:] == "0000":
        issues.append(make_issue("kk_serial_zero", field))
    return KkInfo(digits, tuple(issues), region, decoded)


def validate(number: object, *, reference_date: dt.date | None = None) -> str:
    """Return the compact KK number, or raise when it has an error-severity issue.

    Raises:
        InvalidKkFormat: characters, spreadsheet damage or an empty value.
        InvalidKkLength: not 16 digits.
        InvalidKkComponent: an impossible province or date, or a dummy value.
    """
    info = parse(number, reference_date=reference_date)
    raise_for("kk", info.issues, mask_kk(number))
    return info.kk  # type: ignore[return-value]  # no error implies 16 digits


def is_valid(number: object, *, reference_date: dt.date | None = None) -> bool:
    """Return whether the value is a valid KK number (no error-severity issue); never raises."""
    try:
        return parse(number, reference_date=reference_date).is_valid
    except InvalidArgument:
        return False


def format(number: object, separator: str = " ") -> str:  # noqa: A001 - stdnum's contract name
    """Return the KK number grouped as region, date and serial.

    >>> format("3576010101200001")
    '357601 010120 0001'
    """
    _args.text("separator", separator)
    digits = compact(number)
    if len(digits) != 16:
        raise_for("kk", [make_issue("kk_wrong_length", "no_kk", ("length", len(digits)))], "")
    return separator.join((digits[:6], digits[6:12], digits[12:]))


def get_issue_date(number: object, *, reference_date: dt.date | None = None) -> dt.date:
    """Return the issue (recording) date of a KK number.

    Raises:
        InvalidKk: the KK number has an error.
    """
    info = parse(number, reference_date=reference_date)
    raise_for("kk", info.issues, mask_kk(number))
    return info.issue_date  # type: ignore[return-value]  # valid implies a date


def get_region(number: object) -> dict[str, object]:
    """Return the province, regency and district of the issuing office.

    Raises:
        InvalidKk: the KK number has an error.
    """
    info = parse(number)
    raise_for("kk", info.issues, mask_kk(number))
    return {"province": info.province, "regency": info.regency, "district": info.district}


def compose(district: str, issue_date: dt.date, serial: int | str) -> str:
    """Build a KK number from its parts (for synthetic data and tests).

    >>> compose("357601", dt.date(2020, 1, 1), 1)
    '3576010101200001'

    Raises:
        InvalidArgument: a part is out of range.
    """
    if not (isinstance(district, str) and len(district) == 6 and district.isdigit()):
        raise _args.fail("district", "a 6-digit district code", district)
    if lookup(district) is None:
        raise InvalidArgument(f"Unknown Kemendagri district code district={district!r}")
    issue_date = _args.date("issue_date", issue_date)
    number = serial_number(serial)
    date_part = f"{issue_date.day:02d}{issue_date.month:02d}{issue_date.year % 100:02d}"
    return f"{district}{date_part}{number:04d}"
