"""Input fields: the canonical columns, their kinds, and how a raw value is read.

Both engines read values the same way; this module is the scalar (pure Python) half and
the specification. The vectorised half lives in ``_vector.py`` and is property-tested
against this one.

Kinds:

* ``text``: kept as given (non-text is converted with ``str``).
* ``keyword``: matched case- and space-insensitively: upper-cased, spaces removed,
  surrounding whitespace stripped; known aliases mapped (``SMK`` -> ``SMA``). With
  ``strict``, a value outside the declared values is unreadable (``None``).
* ``bool``: ``True``/``False``; ``Y``/``YA``/``1``/``TRUE``/``YES`` and
  ``T``/``TIDAK``/``0``/``FALSE``/``N``/``NO`` (any case and spacing); ``1``/``0`` numbers.
* ``int``: whole numbers, also whole floats and digit text; outside ``min``/``max`` it is
  unreadable.
* ``number``: any finite number, or decimal text.
* ``date``: a ``datetime.date`` (a ``datetime`` counts by its date), ISO text
  ``YYYY-MM-DD`` (optionally followed by a time), ``DD-MM-YYYY`` or ``DD/MM/YYYY``.
  Dates are held as the integer ``YYYYMMDD`` inside the engines.

A value that is missing (``None``, NaN or blank text) takes the field's default; a
value that is present but unreadable stays ``None`` (unknown), so a decision that
depends on it is ``undetermined`` rather than silently ``not_eligible``.

>>> spec = CANONICAL["person"]["jenjang_sekolah"]
>>> read_value(spec, " smk "), read_value(spec, "Tidak  Sekolah")
('SMA', 'TIDAKSEKOLAH')
>>> read_value(CANONICAL["person"]["hamil"], "Ya"), read_value(CANONICAL["person"]["hamil"], "T")
(True, False)
>>> read_value(CANONICAL["person"]["tanggal_lahir"], "17/08/1945")
19450817
>>> read_value(CANONICAL["household"]["desil"], "11") is None  # outside 1-10
True
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Literal

import attrs

from bansos_validate.schema import SHDK

__all__ = [
    "BOOL_FALSE",
    "BOOL_TRUE",
    "CANONICAL",
    "FieldKind",
    "FieldSpec",
    "date_to_int",
    "int_to_date",
    "is_missing",
    "normalise_keyword",
    "read_value",
]

FieldKind = Literal["text", "keyword", "bool", "int", "number", "date"]

BOOL_TRUE = ("Y", "YA", "1", "TRUE", "YES")
BOOL_FALSE = ("T", "TIDAK", "0", "FALSE", "N", "NO")

ISO_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ].*)?$"
DMY_DASH_PATTERN = r"^[0-9]{2}-[0-9]{2}-[0-9]{4}$"
DMY_SLASH_PATTERN = r"^[0-9]{2}/[0-9]{2}/[0-9]{4}$"
INT_PATTERN = r"^-?[0-9]{1,15}$"
NUMBER_PATTERN = r"^-?[0-9]{1,15}(\.[0-9]{1,15})?$"

_ISO = re.compile(ISO_PATTERN, re.DOTALL)
_DMY_DASH = re.compile(DMY_DASH_PATTERN)
_DMY_SLASH = re.compile(DMY_SLASH_PATTERN)
_INT = re.compile(INT_PATTERN)
_NUMBER = re.compile(NUMBER_PATTERN)


def normalise_keyword(value: str) -> str:
    """Upper-case, strip surrounding whitespace and remove spaces.

    >>> normalise_keyword("  Karyawan  bumn ")
    'KARYAWANBUMN'
    """
    return value.strip().replace(" ", "").upper()


@attrs.frozen(slots=True)
class FieldSpec:
    """How one input column is read.

    Attributes:
        name: the column name.
        entity: ``person`` or ``household``.
        kind: the kind of value (see the module docstring).
        values: for keywords, the known values (normalised), in declaration order.
        labels: the declared spelling of each known value, by normalised value.
        aliases: other spellings (normalised) mapped to a known value.
        strict: whether a keyword outside ``values`` is unreadable.
        minimum: the smallest acceptable number (``int``/``number``).
        maximum: the largest acceptable number.
        default: the value a missing cell takes (already read), or ``None``.
        required: whether the column must be present in the input.
    """

    name: str
    entity: str
    kind: FieldKind
    values: tuple[str, ...] = ()
    labels: Mapping[str, str] = attrs.field(factory=dict, eq=False, hash=False)
    aliases: Mapping[str, str] = attrs.field(factory=dict, eq=False, hash=False)
    strict: bool = False
    minimum: float | None = None
    maximum: float | None = None
    default: object = None
    required: bool = True


def _keyword(
    name: str,
    entity: str,
    values: tuple[str, ...] = (),
    aliases: Mapping[str, str] | None = None,
    *,
    strict: bool = False,
) -> FieldSpec:
    normal = tuple(normalise_keyword(v) for v in values)
    return FieldSpec(
        name,
        entity,
        "keyword",
        values=normal,
        labels=dict(zip(normal, values, strict=True)),
        aliases={normalise_keyword(k): normalise_keyword(v) for k, v in (aliases or {}).items()},
        strict=strict,
    )


CANONICAL: Mapping[str, Mapping[str, FieldSpec]] = {
    "person": {
        "nik": FieldSpec("nik", "person", "text"),
        "no_kk": FieldSpec("no_kk", "person", "text"),
        "nama": FieldSpec("nama", "person", "text"),
        "jenis_kelamin": _keyword(
            "jenis_kelamin", "person", ("L", "P"), {"LAKI-LAKI": "L", "PEREMPUAN": "P"}
        ),
        "tempat_lahir": FieldSpec("tempat_lahir", "person", "text"),
        "tanggal_lahir": FieldSpec("tanggal_lahir", "person", "date"),
        "hubungan_keluarga": _keyword("hubungan_keluarga", "person", SHDK),
        "status_perkawinan": _keyword(
            "status_perkawinan", "person", ("BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI")
        ),
        "pekerjaan": _keyword("pekerjaan", "person"),
        "alamat": FieldSpec("alamat", "person", "text"),
        "rt": FieldSpec("rt", "person", "text"),
        "rw": FieldSpec("rw", "person", "text"),
        "kode_wilayah": FieldSpec("kode_wilayah", "person", "text"),
        "status_hidup": _keyword(
            "status_hidup",
            "person",
            ("HIDUP", "MENINGGAL"),
            {"MATI": "MENINGGAL", "WAFAT": "MENINGGAL", "MENINGGAL DUNIA": "MENINGGAL"},
            strict=True,
        ),
        "tanggal_meninggal": FieldSpec("tanggal_meninggal", "person", "date"),
        "hamil": FieldSpec("hamil", "person", "bool"),
        "disabilitas_berat": FieldSpec("disabilitas_berat", "person", "bool"),
        "jenjang_sekolah": _keyword(
            "jenjang_sekolah",
            "person",
            ("TIDAK SEKOLAH", "PAUD", "SD", "SMP", "SMA"),
            {
                "BELUM SEKOLAH": "TIDAK SEKOLAH",
                "TK": "PAUD",
                "MI": "SD",
                "MTS": "SMP",
                "SLTP": "SMP",
                "MA": "SMA",
                "SMK": "SMA",
                "MAK": "SMA",
                "SLTA": "SMA",
            },
        ),
    },
    "household": {
        "no_kk": FieldSpec("no_kk", "household", "text"),
        "desil": FieldSpec("desil", "household", "int", minimum=1, maximum=10),
        "kode_wilayah": FieldSpec("kode_wilayah", "household", "text"),
    },
}
"""The canonical columns (DESIGN.md section 5) that rule files may declare."""


def is_missing(raw: object) -> bool:
    """Whether a raw cell counts as missing: ``None``, NaN or blank text.

    >>> is_missing(None), is_missing("  "), is_missing(float("nan")), is_missing(0)
    (True, True, True, False)
    """
    if raw is None:
        return True
    if isinstance(raw, float):
        return math.isnan(raw)
    if isinstance(raw, str):
        return raw.strip() == ""
    return False


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _date_parts(year: int, month: int, day: int) -> int | None:
    if not 1 <= month <= 12 or not 1 <= day <= _days_in_month(year, month):
        return None
    return year * 10_000 + month * 100 + day


def date_to_int(value: dt.date) -> int:
    """A date as the integer ``YYYYMMDD`` the engines use.

    >>> date_to_int(dt.date(2026, 1, 15))
    20260115
    """
    return value.year * 10_000 + value.month * 100 + value.day


def int_to_date(value: int) -> dt.date:
    """The inverse of :func:`date_to_int`.

    >>> int_to_date(20260115)
    datetime.date(2026, 1, 15)
    """
    return dt.date(value // 10_000, value // 100 % 100, value % 100)


def _read_date(raw: object) -> int | None:
    if isinstance(raw, dt.datetime):
        return date_to_int(raw.date())
    if isinstance(raw, dt.date):
        return date_to_int(raw)
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if _ISO.match(text):
        return _date_parts(int(text[0:4]), int(text[5:7]), int(text[8:10]))
    if _DMY_DASH.match(text) or _DMY_SLASH.match(text):
        return _date_parts(int(text[6:10]), int(text[3:5]), int(text[0:2]))
    return None


def _read_bool(raw: object) -> bool | None:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float):
        return True if raw == 1 else False if raw == 0 else None
    if isinstance(raw, str):
        text = normalise_keyword(raw)
        if text in BOOL_TRUE:
            return True
        if text in BOOL_FALSE:
            return False
    return None


def _read_number(raw: object, spec: FieldSpec, *, whole: bool) -> float | None:
    value: float
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = float(raw)
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            return None
        value = raw
    elif isinstance(raw, str):
        text = raw.strip()
        if not (_INT if whole else _NUMBER).match(text):
            return None
        value = float(text)
    else:
        return None
    if whole and not value.is_integer():
        return None
    if spec.minimum is not None and value < spec.minimum:
        return None
    if spec.maximum is not None and value > spec.maximum:
        return None
    return value


def _read_keyword(raw: object, spec: FieldSpec) -> str | None:
    text = normalise_keyword(raw if isinstance(raw, str) else str(raw))
    text = spec.aliases.get(text, text)
    if spec.strict and text not in spec.values:
        return None
    return text


def read_value(spec: FieldSpec, raw: object) -> object:
    """Read one raw cell as the engines see it (``None`` when unknown).

    Missing cells take the field's default; numbers are floats, dates ``YYYYMMDD``
    integers, keywords normalised text.

    >>> read_value(FieldSpec("x", "person", "number"), "12.5")
    12.5
    >>> read_value(FieldSpec("x", "person", "bool", default=False), "")
    False
    >>> read_value(FieldSpec("x", "person", "bool", default=False), "mungkin") is None
    True
    """
    if is_missing(raw):
        return spec.default
    kind = spec.kind
    if kind == "text":
        return raw if isinstance(raw, str) else str(raw)
    if kind == "keyword":
        return _read_keyword(raw, spec)
    if kind == "bool":
        return _read_bool(raw)
    if kind == "date":
        return _read_date(raw)
    return _read_number(raw, spec, whole=kind == "int")
