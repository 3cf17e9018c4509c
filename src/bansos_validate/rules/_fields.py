"""Input fields: the canonical columns, their kinds, and how a raw value is read.

Both engines read values the same way; this module is the scalar (pure Python) half and
the specification. The vectorised half lives in ``_vector.py`` and is property-tested
against this one.

Kinds:

* ``text``: kept as given (non-text is converted with ``str``).
* ``keyword``: matched case-, space- and punctuation-insensitively: upper-cased, every
  character that is not a letter or digit removed; known aliases mapped (``SMK`` ->
  ``SMA``). The canonical words (life status, SHDK, sex) are those of
  :mod:`bansos_validate.facts`. With ``strict``, a value outside the declared values is
  unreadable (``None``).
* ``bool``: ``True``/``False``; ``Y``/``YA``/``1``/``TRUE``/``YES`` and
  ``T``/``TIDAK``/``0``/``FALSE``/``N``/``NO`` (any case and spacing); ``1``/``0`` numbers.
* ``int``: whole numbers, also whole floats and digit text; outside ``min``/``max`` it is
  unreadable.
* ``number``: any finite number, or decimal text.
* ``date``: as :func:`bansos_validate.facts.read_date` reads it: a ``datetime.date`` (a
  ``datetime`` counts by its date), ISO text ``YYYY-MM-DD`` (optionally followed by a
  time), day first (``4-3-1991``, ``04/03/1991``) or with the month's name (``4 Maret
  1991``). Dates are held as the integer ``YYYYMMDD`` inside the engines.

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

from bansos_validate import facts
from bansos_validate.schema import SHDK

__all__ = [
    "BOOL_FALSE",
    "BOOL_TRUE",
    "CANONICAL",
    "UNKNOWN",
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

INT_PATTERN = r"^-?[0-9]{1,15}$"
NUMBER_PATTERN = r"^-?[0-9]{1,15}(\.[0-9]{1,15})?$"

_NOT_WORD = re.compile(r"[^0-9A-Za-z]+")
_INT = re.compile(INT_PATTERN)
_NUMBER = re.compile(NUMBER_PATTERN)


def normalise_keyword(value: str) -> str:
    """Remove every character that is not an ASCII letter or digit, and upper-case.

    The words of :mod:`bansos_validate.facts` read the same way (with the spaces kept):
    ``Alm.`` and ``ALM`` are one word for every check.

    >>> normalise_keyword("  Karyawan  bumn "), normalise_keyword("Meninggal-Dunia")
    ('KARYAWANBUMN', 'MENINGGALDUNIA')
    """
    return _NOT_WORD.sub("", value).upper()


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
        "jenis_kelamin": _keyword("jenis_kelamin", "person", ("L", "P"), facts.SEX_WORDS),
        "tempat_lahir": FieldSpec("tempat_lahir", "person", "text"),
        "tanggal_lahir": FieldSpec("tanggal_lahir", "person", "date"),
        "hubungan_keluarga": _keyword("hubungan_keluarga", "person", SHDK, facts.SHDK_WORDS),
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
            (facts.ALIVE, facts.DEAD),
            facts.LIFE_STATUS_WORDS,
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
"""The canonical columns (docs/tables.md, "Canonical columns") that rule files may declare."""


class _Unknown:
    """The value of a field whose column is missing: unknown, not missing."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: object = _Unknown()
"""Stands for a field whose column the input lacks: :func:`read_value` gives ``None``
(unknown), where a missing cell would take the field's default."""


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
    """:func:`bansos_validate.facts.read_date`, as ``YYYYMMDD``."""
    found = facts.read_date(raw)
    return None if found is None else date_to_int(found)


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
    if raw is UNKNOWN:
        return None
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
