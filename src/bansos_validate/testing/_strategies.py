"""The strategies behind :mod:`bansos_validate.testing`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from hypothesis import strategies as st

from bansos_validate import _arguments as _args
from bansos_validate.errors import InvalidArgument
from bansos_validate.ids import Sex
from bansos_validate.ids._digits import dummy_pattern
from bansos_validate.regions import districts

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["invalid_kks", "invalid_niks", "kks", "niks"]

DEFAULT_MIN_BIRTH = dt.date(1930, 1, 1)
DEFAULT_MAX_BIRTH = dt.date(2025, 12, 31)
"""Birth dates in this window resolve to the same century for any reference date from
2026 to 2029, so drawn NIKs round-trip through ``parse_nik`` with the default date."""

DEFAULT_MIN_ISSUE = dt.date(2005, 1, 1)
DEFAULT_MAX_ISSUE = dt.date(2025, 12, 31)


def _district_codes(region: str | Sequence[str] | None) -> list[str]:
    codes = [d.code for d in districts()]
    if region is None:
        return codes
    prefixes = [region] if isinstance(region, str) else _args.items("region", region)
    for prefix in prefixes:
        if not (
            isinstance(prefix, str)
            and prefix.isascii()
            and prefix.isdigit()
            and len(prefix) in (2, 4, 6)
        ):
            raise _args.fail("region", "a 2-, 4- or 6-digit region code", prefix)
    chosen = [c for c in codes if any(c.startswith(p) for p in prefixes)]
    if not chosen:
        raise InvalidArgument(f"No current Kemendagri district matches region={region!r}")
    return chosen


def _serials() -> st.SearchStrategy[int]:
    return st.integers(min_value=1, max_value=9998)


@st.composite
def _nik(
    draw: st.DrawFn,
    codes: list[str],
    sexes: list[Sex],
    min_birth_date: dt.date,
    max_birth_date: dt.date,
) -> str:
    district = draw(st.sampled_from(codes))
    born = draw(st.dates(min_value=min_birth_date, max_value=max_birth_date))
    sex = draw(st.sampled_from(sexes))
    serial = draw(_serials())
    day = born.day + (40 if sex is Sex.P else 0)
    value = f"{district}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"
    draw(st.just(value).filter(lambda v: dummy_pattern(v) is None))
    return value


def niks(
    *,
    region: str | Sequence[str] | None = None,
    sex: str | None = None,
    min_birth_date: dt.date = DEFAULT_MIN_BIRTH,
    max_birth_date: dt.date = DEFAULT_MAX_BIRTH,
) -> st.SearchStrategy[str]:
    """Draw valid NIKs (compact 16-digit text).

    Args:
        region: a province, regency or district code (or several) the NIK is from.
        sex: ``"L"`` or ``"P"``; both when ``None``.
        min_birth_date: the earliest birth date (inclusive).
        max_birth_date: the latest birth date (inclusive). Keep the window within the 100
            years before the reference date you parse with, or the century resolves
            differently.
    """
    min_birth_date = _args.date("min_birth_date", min_birth_date)
    max_birth_date = _args.date("max_birth_date", max_birth_date)
    if min_birth_date > max_birth_date:
        raise InvalidArgument(
            f"Expected min_birth_date <= max_birth_date but got {min_birth_date} > {max_birth_date}"
        )
    if sex is None:
        sexes = [Sex.L, Sex.P]
    elif isinstance(sex, str) and sex in ("L", "P"):
        sexes = [Sex(sex)]
    else:
        raise InvalidArgument(f"Expected 'L', 'P' or None but got sex={sex!r}")
    return _nik(_district_codes(region), sexes, min_birth_date, max_birth_date)


@st.composite
def _kk(draw: st.DrawFn, codes: list[str], lo: dt.date, hi: dt.date) -> str:
    district = draw(st.sampled_from(codes))
    issued = draw(st.dates(min_value=lo, max_value=hi))
    serial = draw(_serials())
    value = f"{district}{issued.day:02d}{issued.month:02d}{issued.year % 100:02d}{serial:04d}"
    draw(st.just(value).filter(lambda v: dummy_pattern(v) is None))
    return value


def kks(
    *,
    region: str | Sequence[str] | None = None,
    min_issue_date: dt.date = DEFAULT_MIN_ISSUE,
    max_issue_date: dt.date = DEFAULT_MAX_ISSUE,
) -> st.SearchStrategy[str]:
    """Draw valid KK numbers (compact 16-digit text)."""
    min_issue_date = _args.date("min_issue_date", min_issue_date)
    max_issue_date = _args.date("max_issue_date", max_issue_date)
    if min_issue_date > max_issue_date:
        raise InvalidArgument(
            f"Expected min_issue_date <= max_issue_date but got {min_issue_date} > {max_issue_date}"
        )
    if min_issue_date.year < 1970:
        raise InvalidArgument(
            f"Expected an issue date from 1970 but got min_issue_date={min_issue_date}"
        )
    return _kk(_district_codes(region), min_issue_date, max_issue_date)


def _replace(value: str, start: int, text: str) -> str:
    return value[:start] + text + value[start + len(text) :]


def _invalid(valid: st.SearchStrategy[str], subject: str) -> st.SearchStrategy[tuple[str, object]]:
    def label(
        code: str, strategy: st.SearchStrategy[object]
    ) -> st.SearchStrategy[tuple[str, object]]:
        return strategy.map(lambda v: (f"{subject}_{code}", v))

    bad_days = (
        [0, 32, 33, 34, 35, 36, 37, 38, 39, 40, *range(72, 100)]
        if subject == "nik"
        else [0, *range(32, 100)]
    )
    return st.one_of(
        label("wrong_length", st.tuples(valid, st.integers(1, 15)).map(lambda t: t[0][: t[1]])),
        label(
            "wrong_length",
            st.tuples(valid, st.text("0123456789", min_size=1, max_size=4)).map("".join),
        ),
        label(
            "invalid_characters",
            st.tuples(valid, st.integers(0, 15), st.sampled_from("OolIS/?#")).map(
                lambda t: _replace(t[0], t[1], t[2])
            ),
        ),
        label("missing", st.sampled_from(["", "   ", None])),
        label("excel_numeric", valid.filter(lambda v: not v.endswith("0")).map(int)),
        label("excel_precision_lost", valid.map(lambda v: f"{v[0]}.{v[1:6]}E+15")),
        label("excel_precision_lost", valid.map(lambda v: int(v[:15] + "0"))),
        label(
            "province_unknown",
            st.tuples(valid, st.sampled_from(["00", "10", "20", "30", "40", "99"])).map(
                lambda t: t[1] + t[0][2:]
            ),
        ),
        label("region_zero", valid.map(lambda v: _replace(v, 4, "00"))),
        label(
            "day_invalid",
            st.tuples(valid, st.sampled_from(bad_days)).map(
                lambda t: _replace(t[0], 6, f"{t[1]:02d}")
            ),
        ),
        label(
            "month_invalid",
            st.tuples(valid, st.sampled_from([0, 13, 19, 20, 99])).map(
                lambda t: _replace(t[0], 8, f"{t[1]:02d}")
            ),
        ),
        label(
            "date_invalid",
            st.tuples(valid, st.sampled_from(["3002", "3102", "3104", "3106", "3109", "3111"])).map(
                lambda t: _replace(
                    t[0],
                    6,
                    t[1]
                    if subject == "kk" or t[0][6] < "4"
                    else str(int(t[1][:2]) + 40) + t[1][2:],
                )
            ),
        ),
        label("dummy", st.sampled_from("0123456789").map(lambda d: d * 16)),
        *([label("serial_zero", valid.map(lambda v: v[:12] + "0000"))] if subject == "nik" else []),
    )


def invalid_niks() -> st.SearchStrategy[tuple[str, object]]:
    """Draw ``(code, value)``: a NIK wrong in one known way, and the issue code it raises.

    Every kind of error ``parse_nik`` knows is covered: length, characters, missing,
    spreadsheet damage (numbers, ``E+`` text, a lost 16th digit), impossible province,
    ``00`` region parts, day, month, calendar date, dummy values, serial ``0000``.
    """
    return _invalid(niks(), "nik")


def invalid_kks() -> st.SearchStrategy[tuple[str, object]]:
    """Draw ``(code, value)``: a KK number wrong in one known way, and its issue code."""
    return _invalid(kks(), "kk")
