"""Parsed identifier values: :class:`NikInfo`, :class:`KkInfo` and :class:`Sex`.

The info classes keep the decoded parts as the shared, immutable tuples the parser
memoises (region part, date part), so building one costs four attribute stores; the
public attributes are properties over them.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

import attrs

from bansos_validate import _arguments as _args
from bansos_validate.ids._common import status_of
from bansos_validate.ids._mask import mask_kk, mask_nik
from bansos_validate.issues import Issue, Severity

if TYPE_CHECKING:
    from bansos_validate.regions._model import Region

__all__ = ["KkInfo", "NikInfo", "Sex"]


class Sex(enum.StrEnum):
    """Sex as encoded in a NIK: ``L`` (laki-laki, day 01-31) or ``P`` (perempuan, day 41-71)."""

    L = "L"
    P = "P"


_NO_REGION: tuple[None, None, None, tuple[Issue, ...]] = (None, None, None, ())
_NO_DATE: tuple[None, None, tuple[Issue, ...]] = (None, None, ())


def _describe(kind: str, masked: str, issues: tuple[Issue, ...]) -> str:
    status = status_of(issues)
    codes = ", ".join(i.code for i in issues)
    return f"<{kind} {masked or '(unreadable)'} {status}{': ' + codes if codes else ''}>"


@attrs.frozen(slots=True, repr=False)
class _Parsed:
    number: str | None
    issues: tuple[Issue, ...]
    region_part: tuple[Region | None, Region | None, Region | None, tuple[Issue, ...]] = (
        attrs.field(default=_NO_REGION, repr=False)
    )
    date_part: tuple[dt.date | None, Sex | None, tuple[Issue, ...]] = attrs.field(
        default=_NO_DATE, repr=False
    )

    @property
    def is_valid(self) -> bool:
        """Whether no issue has error severity (warnings and infos are allowed)."""
        if not self.issues:
            return True
        return not any(i.severity is Severity.ERROR for i in self.issues)

    @property
    def status(self) -> str:
        """``valid``, ``warning``, ``invalid`` or ``excel_damaged``, as in table results."""
        return status_of(self.issues)

    @property
    def errors(self) -> tuple[Issue, ...]:
        """The issues of error severity."""
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of all issues, in the order found."""
        return tuple(i.code for i in self.issues)

    @property
    def province(self) -> Region | None:
        """The province of the region prefix, when it exists."""
        return self.region_part[0]

    @property
    def regency(self) -> Region | None:
        """The regency or city of the region prefix, when known (possibly a former code)."""
        return self.region_part[1]

    @property
    def district(self) -> Region | None:
        """The district (kecamatan) of the region prefix, when known (possibly former)."""
        return self.region_part[2]

    @property
    def serial(self) -> str | None:
        """Digits 13-16."""
        return self.number[12:] if self.number is not None else None


@attrs.frozen(slots=True, repr=False)
class NikInfo(_Parsed):
    """What a NIK says, and what is wrong with it.

    ``repr()`` and ``str()`` show the NIK masked and no birth date or sex (they would
    reveal the masked digits 7-12).

    Attributes:
        nik: the compact 16 digits, or ``None`` when the value cannot be read as 16
            trustworthy digits (wrong length, letters, spreadsheet precision lost).
        issues: every issue found, in the order found.
        province, regency, district: the Kemendagri regions of first registration, when
            known (a former code gives a region with ``current=False``).
        birth_date: the birth date, century resolved against the reference date.
        sex: :class:`Sex` from the day (+40 for women).
        serial: digits 13-16.
    """

    @property
    def nik(self) -> str | None:
        """The compact 16 digits, or ``None`` when the value cannot be read."""
        return self.number

    @property
    def birth_date(self) -> dt.date | None:
        """The birth date (century resolved against the reference date), when valid."""
        return self.date_part[0]

    @property
    def sex(self) -> Sex | None:
        """The sex encoded in the day (``P`` when 41-71), when the day is valid."""
        return self.date_part[1]

    def age(self, at: dt.date) -> int | None:
        """Return the age in whole years at date *at*, or ``None`` without a birth date."""
        if isinstance(at, dt.datetime) or not isinstance(at, dt.date):
            at = _args.date("at", at)
        b = self.birth_date
        if b is None:
            return None
        return at.year - b.year - ((at.month, at.day) < (b.month, b.day))

    def __repr__(self) -> str:
        return _describe("NikInfo", mask_nik(self.number), self.issues)

    __str__ = __repr__


@attrs.frozen(slots=True, repr=False)
class KkInfo(_Parsed):
    """What a KK (family card) number says, and what is wrong with it.

    Attributes:
        kk: the compact 16 digits, or ``None`` when the value cannot be read.
        issues: every issue found, in the order found.
        province, regency, district: the Kemendagri regions of the issuing office.
        issue_date: the recording date (digits 7-12, no +40 offset).
        serial: digits 13-16.
    """

    @property
    def kk(self) -> str | None:
        """The compact 16 digits, or ``None`` when the value cannot be read."""
        return self.number

    @property
    def issue_date(self) -> dt.date | None:
        """The recording date in digits 7-12, when valid."""
        return self.date_part[0]

    def __repr__(self) -> str:
        return _describe("KkInfo", mask_kk(self.number), self.issues)

    __str__ = __repr__
