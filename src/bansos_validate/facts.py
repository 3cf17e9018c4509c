"""Domain facts, each defined once: life status, SHDK, sex, placeholder dates, dates.

Every check reads the same words the same way: a ``status_hidup`` of ``ALMARHUM`` is
deceased for the household check, the eligibility rules and the overlap death filter
alike; ``1991-03-04T00:00:00`` and ``4 Maret 1991`` are dates for the table check, the
rules, the household check and the matcher alike; 1 January is a placeholder birth
date for ``parse_nik`` and the matching cascade alike. Each fact has a scalar reader (pure
Python, for one value) and an expression builder (narwhals, for every engine) that give
the same answer for every value; a property test holds every consumer to them.

Sources (docs/domain.md): "NIK layout and rules" for the placeholder dates (31 December
before 2004 under SIMDUK, 1 July under SIAK, 1 January common without a policy basis;
Disdukcapil Kota Pontianak), "Data systems" for SHDK on the KK; the Indonesian month names
of KBBI.

>>> read_life_status("Almarhumah"), read_life_status(" hidup "), read_life_status("?")
('MENINGGAL', 'HIDUP', None)
>>> read_shdk("Istri"), read_shdk("ANAK KANDUNG"), read_shdk("3")
('ISTRI', 'ANAK', None)
>>> read_sex("Perempuan"), read_sex("l")
('P', 'L')
>>> read_date("1 Januari 1983"), read_date("1991-03-04T00:00:00"), read_date("4/3/1991")
(datetime.date(1983, 1, 1), datetime.date(1991, 3, 4), datetime.date(1991, 3, 4))
>>> read_date("31-02-1991") is None, is_placeholder(1, 7), is_placeholder(4, 3)
(True, True, False)
>>> nik_birth_date("3576014403910003", dt.date(2026, 11, 27))
datetime.date(1991, 3, 4)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

from bansos_validate import _arguments as _args

if TYPE_CHECKING:
    import narwhals as nw

__all__ = [
    "DEAD",
    "LIFE_STATUS_WORDS",
    "MONTHS",
    "PLACEHOLDER_DAYS",
    "SEX_WORDS",
    "SHDK_WORDS",
    "date_parts",
    "date_stages",
    "is_placeholder",
    "life_status_expr",
    "nik_birth_date",
    "nik_birth_date_parts",
    "normalize_word",
    "read_date",
    "read_life_status",
    "read_sex",
    "read_shdk",
    "sex_expr",
    "shdk_expr",
    "word_expr",
]

ALIVE = "HIDUP"
DEAD = "MENINGGAL"

LIFE_STATUS_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "HIDUP": ALIVE,
        "MASIH HIDUP": ALIVE,
        "MENINGGAL": DEAD,
        "MENINGGAL DUNIA": DEAD,
        "SUDAH MENINGGAL": DEAD,
        "TELAH MENINGGAL": DEAD,
        "MD": DEAD,
        "MATI": DEAD,
        "WAFAT": DEAD,
        "ALMARHUM": DEAD,
        "ALMARHUMAH": DEAD,
        "ALM": DEAD,
        "ALMH": DEAD,
    }
)
"""Life-status words (normalised, :func:`normalize_word`) and what each means.

Anything else (``?``, a code) is unknown: not alive, not deceased."""

SHDK_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "KEPALA KELUARGA": "KEPALA KELUARGA",
        "KEPALA": "KEPALA KELUARGA",
        "KK": "KEPALA KELUARGA",
        "KEPALA RUMAH TANGGA": "KEPALA KELUARGA",
        "KRT": "KEPALA KELUARGA",
        "SUAMI": "SUAMI",
        "ISTRI": "ISTRI",
        "ISTERI": "ISTRI",
        "ANAK": "ANAK",
        "ANAK KANDUNG": "ANAK",
        "ANAK TIRI": "ANAK",
        "ANAK ANGKAT": "ANAK",
        "MENANTU": "MENANTU",
        "CUCU": "CUCU",
        "ORANG TUA": "ORANG TUA",
        "ORANGTUA": "ORANG TUA",
        "MERTUA": "MERTUA",
        "FAMILI LAIN": "FAMILI LAIN",
        "FAMILI": "FAMILI LAIN",
        "KELUARGA LAIN": "FAMILI LAIN",
        "PEMBANTU": "PEMBANTU",
        "PEMBANTU RUMAH TANGGA": "PEMBANTU",
        "LAINNYA": "LAINNYA",
        "LAIN LAIN": "LAINNYA",
    }
)
"""SHDK spellings (normalised) and the SIAK role of each.

Numeric SHDK codes are not read: SIAK and the DTKS/Regsosek forms number the roles
differently, so a bare ``3`` could be ISTRI or ANAK."""

SEX_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "L": "L",
        "LAKI LAKI": "L",
        "LAKI": "L",
        "LAKILAKI": "L",
        "PRIA": "L",
        "M": "L",
        "MALE": "L",
        "P": "P",
        "PEREMPUAN": "P",
        "WANITA": "P",
        "W": "P",
        "F": "P",
        "FEMALE": "P",
    }
)
"""Sex spellings (normalised) and ``L``/``P``."""

PLACEHOLDER_DAYS: frozenset[tuple[int, int]] = frozenset({(1, 7), (31, 12), (1, 1)})
"""(day, month) of the birth dates written when the real one is unknown: 1 July (SIAK),
31 December (SIMDUK, before 2004) and 1 January (common, without a policy basis)."""

MONTHS: Mapping[str, int] = MappingProxyType(
    {
        **{
            name: number
            for number, names in enumerate(
                (
                    ("JANUARI", "JANUARY", "JAN"),
                    ("FEBRUARI", "PEBRUARI", "FEBRUARY", "FEB", "PEB"),
                    ("MARET", "MARCH", "MAR"),
                    ("APRIL", "APR"),
                    ("MEI", "MAY"),
                    ("JUNI", "JUNE", "JUN"),
                    ("JULI", "JULY", "JUL"),
                    ("AGUSTUS", "AUGUST", "AGU", "AGT", "AGS", "AUG"),
                    ("SEPTEMBER", "SEP", "SEPT"),
                    ("OKTOBER", "OCTOBER", "OKT", "OCT"),
                    ("NOVEMBER", "NOPEMBER", "NOV", "NOP"),
                    ("DESEMBER", "DECEMBER", "DES", "DEC"),
                ),
                start=1,
            )
            for name in names
        }
    }
)
"""Month names (upper case; Indonesian and English, full and short) and their number."""

_NON_WORD = re.compile(r"[^0-9A-Za-z]+")
ISO_DATE = r"^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ].*)?$"
"""ISO dates, with an optional time after ``T`` or a space."""
DMY_DATE = r"^([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})$"
"""Day first: ``4-3-1991``, ``04/03/1991``, ``04.03.1991``."""
NAMED_DATE = r"^([0-9]{1,2})[ \-/.]+([A-Z]{3,9})\.?[ \-/.,]+([0-9]{4})$"
COMPACT_DATE = r"^((?:19|20)[0-9]{2})([0-9]{2})([0-9]{2})(?:\.0+)?$"
"""ISO dates without separators, years 1900-2099: ``19910304`` (also ``19910304.0``, a
number cell's text). A day-first ``04031991`` never matches: its first two digits would be a
day of 19 or 20 and its next two a month, which is never 19 or 20."""
"""Day, month name, year: ``1 Januari 1983``, ``01-Jan-1983``, ``4 Mar. 1991``."""
_ISO = re.compile(ISO_DATE, re.DOTALL)
_DMY = re.compile(DMY_DATE)
_NAMED = re.compile(NAMED_DATE)
_COMPACT = re.compile(COMPACT_DATE)


def normalize_word(value: object) -> str:
    """The word in comparable form (``Alm.`` -> ``ALM``).

    Every run of characters other than ASCII letters and digits becomes one space; the
    result is trimmed and upper case.

    Only ASCII letters and digits count, so that every engine (Python, Polars, DuckDB,
    Spark) splits a word the same way.

    >>> normalize_word(" meninggal-dunia "), normalize_word("Anak_Kandung")
    ('MENINGGAL DUNIA', 'ANAK KANDUNG')
    """
    return _NON_WORD.sub(" ", str(value)).strip().upper()


def read_life_status(value: object) -> str | None:
    """``HIDUP``, ``MENINGGAL`` or ``None`` (missing or not a life-status word)."""
    if value is None:
        return None
    return LIFE_STATUS_WORDS.get(normalize_word(value))


def read_shdk(value: object) -> str | None:
    """The SIAK role of an SHDK spelling, or ``None``."""
    if value is None:
        return None
    return SHDK_WORDS.get(normalize_word(value))


def read_sex(value: object) -> str | None:
    """``L``, ``P`` or ``None``."""
    if value is None:
        return None
    return SEX_WORDS.get(normalize_word(value))


def is_placeholder(day: int, month: int) -> bool:
    """Whether (day, month) is a placeholder birth date (:data:`PLACEHOLDER_DAYS`)."""
    return (_args.integer("day", day), _args.integer("month", month)) in PLACEHOLDER_DAYS


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _valid(year: int, month: int, day: int) -> dt.date | None:
    if year < 1 or not 1 <= month <= 12 or not 1 <= day <= _days_in_month(year, month):
        return None
    return dt.date(year, month, day)


def read_date(value: object) -> dt.date | None:
    """A declared date (``tanggal_lahir``, ``tanggal_meninggal``), or ``None``.

    Read: a ``datetime.date`` (a ``datetime`` by its date); text in ISO form
    (``1991-03-04``, also followed by a time: ``1991-03-04T00:00:00``, or without
    separators from 1900 to 2099: ``19910304``), day first with
    ``-``, ``/`` or ``.`` (``4-3-1991``, ``04/03/1991``), or with the month's name in
    Indonesian or English (``1 Januari 1983``, ``01-Jan-1983``). A two-digit year, a
    month-first date and an impossible date (``31-02-1991``) are not read.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip().upper()
    if found := _ISO.match(text):
        return _valid(int(found[1]), int(found[2]), int(found[3]))
    if found := _DMY.match(text):
        return _valid(int(found[3]), int(found[2]), int(found[1]))
    if (found := _NAMED.match(text)) and found[2] in MONTHS:
        return _valid(int(found[3]), MONTHS[found[2]], int(found[1]))
    if found := _COMPACT.match(text):
        return _valid(int(found[1]), int(found[2]), int(found[3]))
    return None


def nik_birth_date(digits: str, reference: dt.date) -> dt.date | None:
    """The birth date a 16-digit NIK encodes (day + 40 for women), century by *reference*.

    The same decoding as :func:`bansos_validate.parse_nik` (``birth_date``): the latest
    century that puts the date on or before *reference*; ``None`` for an impossible date.
    """
    from bansos_validate.ids._digits import resolve_year  # noqa: PLC0415 - one rule

    _args.text("digits", digits)
    reference = _args.date("reference", reference)
    if len(digits) != 16 or not digits.isdigit():
        return None
    raw_day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    day = raw_day - 40 if 41 <= raw_day <= 71 else raw_day
    if not (1 <= raw_day <= 31 or 41 <= raw_day <= 71) or not 1 <= month <= 12:
        return None
    year = resolve_year(yy, month, day, reference)
    return _valid(year, month, day)


# -- expressions (narwhals; imported on first use) ------------------------------------------
def word_expr(column: nw.Expr) -> nw.Expr:
    """:func:`normalize_word` as an expression."""
    return (
        _expr("column", column)
        .cast(_nw().String)
        .str.replace_all(r"[^0-9A-Za-z]+", " ")
        .str.strip_chars()
        .str.to_uppercase()
    )


def _nw() -> Any:
    import narwhals as nw  # noqa: PLC0415 - the package imports no frame library

    return nw


def _expr(name: str, value: object) -> nw.Expr:
    """Return *value* when it is a narwhals expression, or raise InvalidArgument."""
    if not isinstance(value, _nw().Expr):
        raise _args.fail(name, "a narwhals expression (narwhals.Expr)", value)
    return cast("nw.Expr", value)


def _lookup(column: nw.Expr, words: Mapping[str, str]) -> nw.Expr:
    nw_ = _nw()
    keys = list(words)
    return word_expr(column).replace_strict(
        keys, [words[k] for k in keys], default=None, return_dtype=nw_.String
    )


def life_status_expr(column: nw.Expr) -> nw.Expr:
    """:func:`read_life_status` as an expression (``HIDUP``, ``MENINGGAL`` or null)."""
    return _lookup(column, LIFE_STATUS_WORDS)


def shdk_expr(column: nw.Expr) -> nw.Expr:
    """:func:`read_shdk` as an expression."""
    return _lookup(column, SHDK_WORDS)


def sex_expr(column: nw.Expr) -> nw.Expr:
    """:func:`read_sex` as an expression."""
    return _lookup(column, SEX_WORDS)


def _days_in_month_expr(year: nw.Expr, month: nw.Expr) -> nw.Expr:
    nw_ = _nw()
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    days: nw.Expr = (
        nw_.when(month == 2)
        .then(nw_.when(leap).then(nw_.lit(29)).otherwise(nw_.lit(28)))
        .when(month.is_in([4, 6, 9, 11]))
        .then(nw_.lit(30))
        .otherwise(nw_.lit(31))
    )
    return days


def date_stages(source: nw.Expr, out: str) -> list[list[nw.Expr]]:
    """:func:`read_date` for text, as stages of expressions (each stage reads the last).

    The last stage leaves ``{out}_y``, ``{out}_m``, ``{out}_d`` (integers; null where the
    text is not a date) and ``{out}_ok``. Temporary columns start with ``{out}_``. Only
    text known to have a shape is cast, so no engine fails on the others.
    """
    nw_ = _nw()
    source = _expr("source", source)
    _args.text("out", out, empty=False)
    t = nw_.col(f"{out}_t")
    iso, dmy, named = nw_.col(f"{out}_iso"), nw_.col(f"{out}_dmy"), nw_.col(f"{out}_named")
    compact = nw_.col(f"{out}_compact")
    parts = nw_.col(f"{out}_parts")
    month_names = list(MONTHS)
    named_month = parts.list.get(1).replace_strict(
        month_names, [MONTHS[m] for m in month_names], default=None, return_dtype=nw_.Int32
    )
    zero = nw_.lit("0")
    y, m, d = (nw_.col(f"{out}_{p}") for p in "ymd")
    ok = nw_.col(f"{out}_ok")
    return [
        [source.cast(nw_.String).str.strip_chars().str.to_uppercase().alias(f"{out}_t")],
        [
            t.str.contains(ISO_DATE).fill_null(value=False).alias(f"{out}_iso"),
            t.str.contains(DMY_DATE).fill_null(value=False).alias(f"{out}_dmy"),
            t.str.contains(NAMED_DATE).fill_null(value=False).alias(f"{out}_named"),
            t.str.contains(COMPACT_DATE).fill_null(value=False).alias(f"{out}_compact"),
        ],
        [
            # Day-first and named dates: separators to one space, then three parts.
            nw_.when(dmy | named)
            .then(t.str.replace_all(r"[ \-/.,]+", " "))
            .otherwise(nw_.lit("0 0 0"))
            .str.split(" ")
            .alias(f"{out}_parts")
        ],
        [
            nw_.when(iso | compact)
            .then(nw_.when(iso | compact).then(t.str.slice(0, 4)).otherwise(zero).cast(nw_.Int32))
            .when(dmy | named)
            .then(parts.list.get(2).cast(nw_.Int32))
            .alias(f"{out}_y"),
            nw_.when(iso)
            .then(nw_.when(iso).then(t.str.slice(5, 2)).otherwise(zero).cast(nw_.Int32))
            .when(dmy)
            .then(nw_.when(dmy).then(parts.list.get(1)).otherwise(zero).cast(nw_.Int32))
            .when(named)
            .then(named_month)
            .when(compact)
            .then(nw_.when(compact).then(t.str.slice(4, 2)).otherwise(zero).cast(nw_.Int32))
            .alias(f"{out}_m"),
            nw_.when(iso)
            .then(nw_.when(iso).then(t.str.slice(8, 2)).otherwise(zero).cast(nw_.Int32))
            .when(dmy | named)
            .then(parts.list.get(0).cast(nw_.Int32))
            .when(compact)
            .then(nw_.when(compact).then(t.str.slice(6, 2)).otherwise(zero).cast(nw_.Int32))
            .alias(f"{out}_d"),
        ],
        [
            ((y >= 1) & (m >= 1) & (m <= 12) & (d >= 1) & (d <= _days_in_month_expr(y, m)))
            .fill_null(value=False)
            .alias(f"{out}_ok")
        ],
        [
            nw_.when(ok).then(y).alias(f"{out}_y"),
            nw_.when(ok).then(m).alias(f"{out}_m"),
            nw_.when(ok).then(d).alias(f"{out}_d"),
        ],
    ]


def date_parts(frame: Any, source: str, out: str) -> Any:
    """Add ``{out}_y``, ``{out}_m``, ``{out}_d`` and ``{out}_ok`` for a text column.

    :func:`date_stages` applied to *frame* (a narwhals frame); the temporary columns
    are dropped.

    Raises:
        InvalidArgument: *frame* is not a narwhals frame, or *source* not one of its
            columns.
    """
    nw_ = _nw()
    if not isinstance(frame, (nw_.DataFrame, nw_.LazyFrame)):
        raise _args.fail("frame", "a narwhals DataFrame or LazyFrame", frame)
    _args.text("source", source)
    if source not in frame.collect_schema().names():
        raise _args.fail("source", "a column of the frame", source)
    for stage in date_stages(_nw().col(source), out):
        frame = frame.with_columns(*stage)
    return frame.drop(
        f"{out}_t", f"{out}_iso", f"{out}_dmy", f"{out}_named", f"{out}_compact", f"{out}_parts"
    )


def nik_birth_date_parts(digits: nw.Expr, reference: dt.date) -> tuple[nw.Expr, ...]:
    """:func:`nik_birth_date` as expressions: (year, month, day), null where impossible.

    *digits* is the NIK's 16-digit text (null when unusable).
    """
    nw_ = _nw()
    digits = _expr("digits", digits)
    ref = _args.date("reference", reference)
    ok_text = digits.str.contains(r"^[0-9]{16}$").fill_null(value=False)
    safe = nw_.when(ok_text).then(digits).otherwise(nw_.lit("0000000101000000"))
    raw_day = safe.str.slice(6, 2).cast(nw_.Int32)
    month = safe.str.slice(8, 2).cast(nw_.Int32)
    yy = safe.str.slice(10, 2).cast(nw_.Int32)
    female = (raw_day >= 41) & (raw_day <= 71)
    male = (raw_day >= 1) & (raw_day <= 31)
    day = nw_.when(female).then(raw_day - 40).otherwise(raw_day)
    base = ref.year - ((ref.year - yy) % 100)
    later = (month * 100 + day) > (ref.month * 100 + ref.day)
    year = nw_.when((base == ref.year) & later).then(base - 100).otherwise(base)
    ok = (
        ok_text
        & (female | male)
        & (month >= 1)
        & (month <= 12)
        & (day <= _days_in_month_expr(year, month))
    )
    return (
        nw_.when(ok).then(year),
        nw_.when(ok).then(month),
        nw_.when(ok).then(day),
    )
