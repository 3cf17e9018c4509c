"""Error rates of the synthetic population: one documented probability per planted error kind."""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from typing import Any

import attrs

from bansos_validate import _arguments as _args
from bansos_validate.errors import InvalidArgument

__all__ = ["KINDS", "ErrorRates", "KindSpec", "coerce_rates"]


@attrs.frozen(slots=True)
class KindSpec:
    """Where a planted error kind lands and what its rate is a share of.

    Attributes:
        table: the table that carries it (``persons``, ``second_view``, ``rolls``).
        column: the column it changes (``None`` for a row that should not exist).
        group: kinds of one group never hit the same unit (their rates add up to <= 1).
        unit: what the rate is a share of (its denominator).
    """

    table: str
    column: str | None
    group: str
    unit: str


def _person(column: str, unit: str = "person rows", group: str = "") -> KindSpec:
    return KindSpec("persons", column, group or f"persons.{column}", unit)


def _name(unit: str) -> KindSpec:
    return KindSpec("second_view", "nama", "second_view.nama", unit)


def _roll(kind: str, column: str, unit: str = "roll rows") -> KindSpec:
    return KindSpec("rolls", column, f"rolls.{kind}", unit)


_NON_HEAD = "person rows that are not the head"
_2_PLUS = "households with 2+ members"

KINDS: dict[str, KindSpec] = {
    "nik_typo": _person("nik"),
    "nik_transposed": _person("nik"),
    "nik_excel_scientific": _person("nik"),
    "nik_excel_precision": _person("nik", "person rows whose NIK does not end in 0"),
    "nik_excel_float": _person("nik"),
    "nik_dummy": _person("nik"),
    "nik_missing": _person("nik"),
    "nik_wrong_length": _person("nik"),
    "nik_family_member": _person("nik", "person rows of households with 2+ members"),
    "nik_day_month_swapped": _person("nik", "person rows whose birth day is not the month"),
    "kk_typo": _person("no_kk"),
    "kk_transposed": _person("no_kk"),
    "kk_excel_scientific": _person("no_kk"),
    "kk_excel_precision": _person("no_kk", "person rows whose KK does not end in 0"),
    "kk_excel_float": _person("no_kk"),
    "kk_dummy": _person("no_kk"),
    "kk_missing": _person("no_kk"),
    "kk_wrong_length": _person("no_kk"),
    "kk_day_month_swapped": _person("no_kk", "person rows whose KK issue day is not the month"),
    "member_moved": _person("no_kk", _NON_HEAD),
    "nik_in_two_kks": _person("no_kk", _NON_HEAD, "nik_in_two_kks"),
    "two_heads": _person("hubungan_keluarga", "households with another adult", "households.head"),
    "missing_head": _person("nik", _2_PLUS, "households.head"),
    "dob_differs_from_nik": _person("tanggal_lahir"),
    "dob_placeholder": _person("tanggal_lahir"),
    "death_not_recorded": _person("status_hidup", "deceased persons"),
    "name_old_spelling": _name("Javanese, Sundanese, Malay, Arabic names of people born < 1980"),
    "name_muhammad_variant": _name("names with a Muhammad token"),
    "name_title_added": _name("untitled names of persons aged 23+"),
    "name_title_dropped": _name("names with a title or degree"),
    "name_typo": _name("person rows"),
    "name_token_dropped": _name("names of 2+ tokens"),
    "name_tokens_reordered": _name("names of 2+ tokens"),
    "name_bin_binti": _name("Muslim-tradition names and names with bin/binti"),
    "kk_changed": KindSpec("second_view", "no_kk", "second_view.no_kk", "households"),
    "inclusion_error": _roll("inclusion_error", "nik", "roll rows by the rules"),
    "exclusion_error": _roll("exclusion_error", "no_kk", "roll rows by the rules"),
    "exclusive_programs": _roll("exclusive_programs", "nik", "PKH households in a desa"),
    "cross_region": _roll("cross_region", "kode_wilayah"),
    "deceased_recipient": _roll("deceased_recipient", "nik", "dead members of PBI-JK households"),
    "excluded_occupation": _roll(
        "excluded_occupation", "nik", "desil 1-4 PNS/TNI/POLRI households"
    ),
    "duplicate_enrolment": _roll("duplicate_enrolment", "nik"),
    "duplicate_in_roll": _roll("duplicate_in_roll", "nik"),
}
"""Every planted error kind with the table and column it lands in and its unit."""


_SUMMED_GROUPS = frozenset(
    {"persons.nik", "persons.no_kk", "persons.tanggal_lahir", "households.head"}
)
"""Groups whose kinds share (nearly) the same unit, so their rates must add up to <= 1.

The name kinds also exclude each other, but each has its own unit (names with a
Muhammad token, titled names...), so their rates may add up to more than 1."""


def _check_rate(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    del instance
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _args.fail(attribute.name, "a float from 0 to 1", value)
    if isinstance(value, int) and value not in (0, 1):
        raise _args.fail(attribute.name, "a rate from 0 to 1", value)
    if math.isnan(value) or not 0.0 <= value <= 1.0:
        raise InvalidArgument(f"Expected a rate from 0 to 1 but got {attribute.name}={value!r}")


def _rate(default: float) -> Any:
    return attrs.field(default=default, validator=_check_rate)


@attrs.frozen(slots=True)
class ErrorRates:
    """How often each kind of error is planted: a probability per eligible unit.

    Each rate is the expected share of its unit (the denominator named below) that gets
    the error, so realised rates land near the parameter whatever the population size.
    Kinds that change the same cell never hit the same unit: the rates of the ``nik_*``
    kinds must add up to at most 1, and so must those of the ``no_kk`` kinds
    (``kk_*`` and ``member_moved``), of the two ``dob_*`` kinds and of ``two_heads`` and
    ``missing_head``. (The ``name_*`` kinds exclude each other too, but each has its own
    unit; a kind whose units are mostly taken by earlier kinds falls short.)
    ``ErrorRates.none()`` plants nothing; ``ErrorRates().scaled(2)`` doubles every default.

    Defaults are modest (a few per thousand for identifier damage), so that most of the
    data is clean and every kind still appears in a few thousand persons.

    Attributes:
        nik_typo: one NIK digit replaced by another (person rows).
        nik_transposed: two adjacent, different NIK digits swapped.
        nik_excel_scientific: the NIK as Excel's General format shows a number,
            ``"3.57601E+15"``.
        nik_excel_precision: the NIK rounded to Excel's 15 significant digits, so the
            16th digit reads 0 (``...0003`` -> ``...0000``, ``...0008`` -> ``...0010``);
            unit: NIKs not already ending in 0.
        nik_excel_float: the NIK written out as a float, ``"3576014403910003.0"`` (above
            2^53, as for Papua prefixes 91-96, the float itself is already wrong).
        nik_dummy: a filler value (``0000000000000000``, ``1234567890123456``...).
        nik_missing: the NIK left empty (null).
        nik_wrong_length: a digit dropped (15 digits) or doubled (17 digits).
        nik_family_member: the NIK of another member of the same household.
        nik_day_month_swapped: the NIK's day and month fields swapped (the +40 stays on
            the first field); unit: persons whose birth day differs from the month.
        kk_typo: one KK digit replaced (person rows).
        kk_transposed: two adjacent, different KK digits swapped.
        kk_excel_scientific: the KK in Excel's General format, ``"3.57601E+15"``.
        kk_excel_precision: the KK rounded to 15 significant digits.
        kk_excel_float: the KK written out as a float.
        kk_dummy: a filler KK number.
        kk_missing: the KK left empty (null).
        kk_wrong_length: a KK digit dropped or doubled.
        kk_day_month_swapped: the KK's issue day and month fields swapped; unit: KKs
            whose issue day differs from the month.
        member_moved: a member (not the head) recorded under the KK of another household
            of the same village, as after an unrecorded move; unit: non-head rows.
        nik_in_two_kks: a member (not the head) also listed, as an extra row, under the
            KK of another household; unit: non-head rows.
        two_heads: a second adult member recorded as KEPALA KELUARGA; unit: households
            with an adult (17+) member besides the head.
        missing_head: the head's row missing from the roster; unit: households of 2+.
        dob_differs_from_nik: ``tanggal_lahir`` differs from the NIK's date (day and
            month swapped, a year off or a few days off).
        dob_placeholder: ``tanggal_lahir`` replaced by the legal placeholder 1 July or
            31 December of the birth year (SIAK/SIMDUK), the NIK keeping the real date.
        death_not_recorded: a deceased person still recorded as HIDUP, without a death
            date; unit: deceased persons.
        name_old_spelling: the second view spells the name the other way (old
            ``oe/dj/tj/sj/ch/j`` against modern ``u/j/c/sy/kh/y``); unit: Javanese,
            Sundanese, Malay and Arabic-derived names of people born before 1980.
        name_muhammad_variant: another spelling or abbreviation of Muhammad
            (``MOCH.``, ``M.``, ``MOHAMAD``...); unit: names with a Muhammad token.
        name_title_added: a hajj title or a degree added; unit: untitled adults (23+).
        name_title_dropped: titles and degrees dropped; unit: titled names.
        name_typo: one typing mistake in the name.
        name_token_dropped: one name token left out; unit: names of 2+ tokens.
        name_tokens_reordered: the last token written first; unit: names of 2+ tokens.
        name_bin_binti: ``BIN``/``BINTI`` and a father's name added (Muslim-tradition
            names) or dropped (names that have it).
        kk_changed: the second view holds a newer KK number for the household (a new
            card issued after a move or split); unit: households.
        inclusion_error: a household not eligible by the rules (desil too high) put on a
            roll; unit: roll rows by the rules.
        exclusion_error: an eligible unit left off a roll; unit: roll rows by the rules.
        exclusive_programs: a PKH household also on the BLT-DD roll (the same NIK);
            unit: PKH households in a desa (BLT-DD is paid from village funds).
        cross_region: a roll row repeated with a village code of another regency.
        deceased_recipient: a deceased member kept on the PBI-JK roll; unit: deceased
            members of PBI-JK households.
        excluded_occupation: a household with a PNS/TNI/POLRI member put on the PKH
            roll (or BPNT when it has no PKH component); unit: such desil 1-4 households.
        duplicate_enrolment: a roll row repeated under another NIK of the same person
            (an older registration elsewhere); unit: roll rows.
        duplicate_in_roll: a roll row repeated exactly; unit: roll rows.

    Raises:
        InvalidArgument: a rate is not a number from 0 to 1, or the rates of one group
            add up to more than 1.

    >>> ErrorRates().nik_typo
    0.004
    >>> ErrorRates.none().nik_typo
    0.0
    >>> ErrorRates(nik_typo=1.5)
    Traceback (most recent call last):
        ...
    InvalidArgument: Expected a rate from 0 to 1 but got nik_typo=1.5
    """

    nik_typo: float = _rate(0.004)
    nik_transposed: float = _rate(0.002)
    nik_excel_scientific: float = _rate(0.002)
    nik_excel_precision: float = _rate(0.003)
    nik_excel_float: float = _rate(0.001)
    nik_dummy: float = _rate(0.002)
    nik_missing: float = _rate(0.004)
    nik_wrong_length: float = _rate(0.002)
    nik_family_member: float = _rate(0.002)
    nik_day_month_swapped: float = _rate(0.002)
    kk_typo: float = _rate(0.003)
    kk_transposed: float = _rate(0.002)
    kk_excel_scientific: float = _rate(0.001)
    kk_excel_precision: float = _rate(0.002)
    kk_excel_float: float = _rate(0.001)
    kk_dummy: float = _rate(0.001)
    kk_missing: float = _rate(0.003)
    kk_wrong_length: float = _rate(0.002)
    kk_day_month_swapped: float = _rate(0.001)
    member_moved: float = _rate(0.003)
    nik_in_two_kks: float = _rate(0.002)
    two_heads: float = _rate(0.004)
    missing_head: float = _rate(0.003)
    dob_differs_from_nik: float = _rate(0.01)
    dob_placeholder: float = _rate(0.005)
    death_not_recorded: float = _rate(0.25)
    name_old_spelling: float = _rate(0.05)
    name_muhammad_variant: float = _rate(0.25)
    name_title_added: float = _rate(0.01)
    name_title_dropped: float = _rate(0.3)
    name_typo: float = _rate(0.01)
    name_token_dropped: float = _rate(0.01)
    name_tokens_reordered: float = _rate(0.005)
    name_bin_binti: float = _rate(0.02)
    kk_changed: float = _rate(0.02)
    inclusion_error: float = _rate(0.02)
    exclusion_error: float = _rate(0.02)
    exclusive_programs: float = _rate(0.05)
    cross_region: float = _rate(0.003)
    deceased_recipient: float = _rate(0.3)
    excluded_occupation: float = _rate(0.2)
    duplicate_enrolment: float = _rate(0.002)
    duplicate_in_roll: float = _rate(0.002)

    def __attrs_post_init__(self) -> None:
        totals: dict[str, float] = {}
        for kind, spec in KINDS.items():
            if spec.group in _SUMMED_GROUPS:
                totals[spec.group] = totals.get(spec.group, 0.0) + float(getattr(self, kind))
        for group, total in totals.items():
            if total > 1.0 + 1e-9:
                kinds = [k for k, s in KINDS.items() if s.group == group]
                raise InvalidArgument(
                    f"The rates of {', '.join(kinds)} hit the same cells and add up to "
                    f"{total:g}; they must add up to at most 1"
                )

    @classmethod
    def none(cls) -> ErrorRates:
        """Return rates that plant nothing: a clean population."""
        return cls(**dict.fromkeys(KINDS, 0.0))

    def scaled(self, factor: float) -> ErrorRates:
        """Return these rates multiplied by *factor* (each capped at 1).

        >>> ErrorRates().scaled(2).nik_typo
        0.008

        Raises:
            InvalidArgument: *factor* is negative, or a group then adds up to more than 1.
        """
        factor = _args.number("factor", factor, minimum=0.0)
        return attrs.evolve(self, **{k: min(1.0, getattr(self, k) * factor) for k in KINDS})

    def as_dict(self) -> dict[str, float]:
        """Return the rates as a plain dict, kind -> rate, in planting order."""
        return {kind: float(getattr(self, kind)) for kind in KINDS}


def coerce_rates(value: object) -> ErrorRates:
    """Return *value* as :class:`ErrorRates`: ``None`` (defaults), an instance or overrides.

    Raises:
        InvalidArgument: an unknown kind (with a suggestion), or a bad rate.
    """
    if value is None:
        return ErrorRates()
    if isinstance(value, ErrorRates):
        return value
    if isinstance(value, Mapping):
        unknown = [k for k in value if k not in KINDS]
        if unknown:
            name = str(unknown[0])
            close = difflib.get_close_matches(name, list(KINDS), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise InvalidArgument(f"Unknown error kind {name!r} in error_rates{hint}")
        return attrs.evolve(ErrorRates(), **{str(k): v for k, v in value.items()})
    raise InvalidArgument(f"Expected ErrorRates, a dict or None but got error_rates={value!r}")
