"""Vectorised NIK/KK checks as narwhals expressions.

The kernels mirror the scalar parsers in :mod:`bansos_validate.ids` rule for rule and in
the same order, so every row's codes equal ``parse_nik(value).codes`` (a property test
holds them to it). Values the vectorised path cannot read exactly (non-ASCII or control
characters, Python objects in a pandas ``object`` column) are read by the scalar reader,
once per distinct value, and mapped back.

Each stage adds temporary columns named with a prefix; the caller drops them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import narwhals as nw

from bansos_validate.ids._digits import read_digits
from bansos_validate.table._codes import code_sets

__all__ = ["SEP", "codes_expr", "date_stage", "read_stage", "region_stage"]

SEP = ","
"""Separator of the internal comma-joined code strings."""

_SCIENTIFIC = r"^[+]?[0-9]+(?:[.,][0-9]*)?[eE][+]?[0-9]+$"
_FLOAT_TEXT = r"^[0-9]{15,17}[.,]0+$"
_NOT_PRINTABLE_ASCII = r"[^\x20-\x7E]"
_FLOAT53 = float(2**53)


def codes_expr(parts: list[tuple[nw.Expr, str]]) -> nw.Expr:
    """Return a comma-joined string of the codes whose condition holds (``""`` for none)."""
    pieces = [nw.when(cond).then(nw.lit(code)) for cond, code in parts]
    return nw.concat_str(pieces, separator=SEP, ignore_nulls=True).fill_null("")


def _join(*exprs: nw.Expr) -> nw.Expr:
    """Join code strings, skipping empty ones."""
    pieces = [nw.when(e != "").then(e) for e in exprs]
    return nw.concat_str(pieces, separator=SEP, ignore_nulls=True).fill_null("")


def _integer_text(subject: str, text: nw.Expr) -> tuple[nw.Expr, nw.Expr]:
    """Codes and usable digits for the decimal text of a non-negative integer."""
    length = text.str.len_chars()
    lost = (length == 16) & text.str.ends_with("0")
    codes = (
        nw.when(lost)
        .then(nw.lit(f"{subject}_excel_numeric{SEP}{subject}_excel_precision_lost"))
        .when(length != 16)
        .then(nw.lit(f"{subject}_excel_numeric{SEP}{subject}_wrong_length"))
        .otherwise(nw.lit(f"{subject}_excel_numeric"))
    )
    digits = nw.when((length == 16) & ~lost).then(text)
    return codes, digits


def scalar_reader(subject: str) -> Callable[[object], tuple[str | None, str]]:
    """Return a function giving (usable digits, codes) for one value, via the scalar reader."""

    def read(value: object) -> tuple[str | None, str]:
        result = read_digits(value)
        codes = SEP.join(f"{subject}_{suffix}" for suffix, _ in result.problems)
        return (result.digits if result.usable else None), codes

    return read


def read_stage(
    frame: Any,
    subject: str,
    source: str,
    out: str,
    dirty: dict[str, tuple[str | None, str]] | None,
) -> Any:
    """Add ``{out}_digits`` (16 usable digits or null) and ``{out}_read`` (codes).

    Args:
        frame: a narwhals DataFrame or LazyFrame.
        subject: ``nik`` or ``kk``.
        source: the column holding the values.
        out: the prefix of the added columns.
        dirty: for text columns, the scalar results of the values containing characters
            outside printable ASCII, keyed by value (see :func:`dirty_values`).
    """
    dtype = frame.collect_schema()[source]
    col = nw.col(source)
    missing = nw.lit(f"{subject}_missing")
    if dtype == nw.String:
        stripped = col.str.strip_chars().str.replace_all(r"^'", "")
        flt_int = stripped.str.replace_all(r"[.,]0+$", "").str.replace_all(r"^0+", "")
        flt_int = nw.when(flt_int == "").then(nw.lit("0")).otherwise(flt_int)
        flt_codes, flt_digits = _integer_text(subject, flt_int)
        text = stripped.str.replace_all(r"[ .\-]+", "")
        is_digits = text.str.contains(r"^[0-9]+$")
        length = text.str.len_chars()
        is_dirty = col.str.contains(_NOT_PRINTABLE_ASCII)
        is_sci = stripped.str.contains(_SCIENTIFIC)
        is_flt = stripped.str.contains(_FLOAT_TEXT)
        if dirty:
            keys = list(dirty)
            dirty_digits = col.replace_strict(
                keys, [v[0] for v in dirty.values()], default=None, return_dtype=nw.String
            )
            dirty_codes = col.replace_strict(
                keys, [v[1] for v in dirty.values()], default="", return_dtype=nw.String
            )
        else:
            dirty_digits, dirty_codes = nw.lit(None, dtype=nw.String), nw.lit("")
        codes = (
            nw.when(col.is_null())
            .then(missing)
            .when(is_dirty)
            .then(dirty_codes)
            .when(is_sci)
            .then(nw.lit(f"{subject}_excel_precision_lost"))
            .when(is_flt)
            .then(flt_codes)
            .when(text == "")
            .then(missing)
            .when(is_digits & (length == 16))
            .then(nw.lit(""))
            .when(is_digits)
            .then(nw.lit(f"{subject}_wrong_length"))
            .otherwise(nw.lit(f"{subject}_invalid_characters"))
        )
        digits = (
            nw.when(col.is_null())
            .then(nw.lit(None, dtype=nw.String))
            .when(is_dirty)
            .then(dirty_digits)
            .when(is_sci)
            .then(nw.lit(None, dtype=nw.String))
            .when(is_flt)
            .then(flt_digits)
            .when(is_digits & (length == 16))
            .then(text)
        )
    elif dtype.is_integer():
        text = col.cast(nw.String)
        int_codes, int_digits = _integer_text(subject, text)
        codes = (
            nw.when(col.is_null())
            .then(missing)
            .when(col < 0)
            .then(nw.lit(f"{subject}_invalid_characters"))
            .otherwise(int_codes)
        )
        digits = nw.when(col.is_null() | (col < 0)).then(nw.lit(None, dtype=nw.String)).otherwise(int_digits)
    elif dtype.is_float() or dtype == nw.Decimal:
        as_float = col.cast(nw.Float64)
        nan = as_float.is_nan()
        finite = as_float.is_finite()
        whole = finite & (as_float == as_float.floor())
        big = finite & (as_float.abs() >= _FLOAT53)
        safe = nw.when(whole & ~big & (as_float >= 0)).then(as_float).otherwise(nw.lit(0.0))
        text = safe.cast(nw.Int64).cast(nw.String)
        int_codes, int_digits = _integer_text(subject, text)
        codes = (
            nw.when(col.is_null() | nan)
            .then(missing)
            .when(~whole)
            .then(nw.lit(f"{subject}_invalid_characters"))
            .when(big)
            .then(nw.lit(f"{subject}_excel_numeric{SEP}{subject}_excel_precision_lost"))
            .when(as_float < 0)
            .then(nw.lit(f"{subject}_invalid_characters"))
            .otherwise(int_codes)
        )
        digits = nw.when(whole & ~big & (as_float >= 0) & ~nan).then(int_digits)
    else:
        type_name = "bool" if dtype == nw.Boolean else str(dtype)
        codes = nw.when(col.is_null()).then(missing).otherwise(nw.lit(f"{subject}_invalid_type"))
        digits = nw.lit(None, dtype=nw.String)
        del type_name
    return frame.with_columns(
        codes.fill_null("").alias(f"{out}_read"), digits.cast(nw.String).alias(f"{out}_digits")
    )


def region_stage(frame: Any, subject: str, out: str) -> Any:
    """Add ``{out}_region`` codes and ``{out}_district`` (the known district code or null)."""
    sets = code_sets()
    d = nw.col(f"{out}_digits")
    usable = ~d.is_null()
    prov = d.str.slice(0, 2)
    reg = d.str.slice(0, 4)
    dis = d.str.slice(0, 6)
    prov_ok = prov.is_in(sets.provinces)
    reg_zero = d.str.slice(2, 2) == "00"
    dis_zero = d.str.slice(4, 2) == "00"
    reg_known = reg.is_in(sets.regencies)
    dis_known = dis.is_in(sets.districts)
    checked = usable & prov_ok & ~reg_zero
    dis_found = checked & reg_known & ~dis_zero & dis_known
    dis_recoded = dis_found & dis.is_in(sets.recoded_districts)
    reg_recoded = checked & reg_known & ~dis_recoded & reg.is_in(sets.recoded_regencies)
    codes = codes_expr(
        [
            (usable & d.is_in(sets.dummies), f"{subject}_dummy"),
            (usable & ~prov_ok, f"{subject}_province_unknown"),
            (usable & reg_zero, f"{subject}_region_zero"),
            (usable & dis_zero, f"{subject}_region_zero"),
            (checked & ~reg_known, f"{subject}_regency_unknown"),
            (checked & reg_known & ~dis_zero & ~dis_known, f"{subject}_district_unknown"),
            (dis_recoded, f"{subject}_district_recoded"),
            (reg_recoded, f"{subject}_regency_recoded"),
        ]
    )
    return frame.with_columns(
        codes.alias(f"{out}_region"),
        nw.when(dis_found).then(dis).alias(f"{out}_district"),
    )


def _days_in_month(year: nw.Expr, month: nw.Expr) -> nw.Expr:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    return (
        nw.when(month == 2)
        .then(nw.when(leap).then(nw.lit(29)).otherwise(nw.lit(28)))
        .when(month.is_in([4, 6, 9, 11]))
        .then(nw.lit(30))
        .otherwise(nw.lit(31))
    )


def _iso(year: nw.Expr, month: nw.Expr, day: nw.Expr) -> nw.Expr:
    return nw.concat_str(
        [
            year.cast(nw.String).str.zfill(4),
            month.cast(nw.String).str.zfill(2),
            day.cast(nw.String).str.zfill(2),
        ],
        separator="-",
    )


def safe_date(year: nw.Expr, month: nw.Expr, day: nw.Expr, valid: nw.Expr) -> nw.Expr:
    """Return the date for rows where *valid* holds (null elsewhere), without raising."""
    iso = nw.when(valid).then(_iso(year, month, day)).otherwise(nw.lit("1970-01-01"))
    return nw.when(valid).then(iso.str.to_date("%Y-%m-%d"))


def date_stage(frame: Any, subject: str, out: str, ref: dt.date) -> Any:
    """Add ``{out}_date`` codes, ``{out}_date_value``, ``{out}_day``, ``{out}_month``,
    ``{out}_yy`` and, for NIKs, ``{out}_sex``."""
    d = nw.col(f"{out}_digits")
    usable = ~d.is_null()
    safe = nw.when(usable).then(d).otherwise(nw.lit("0000000000000000"))
    raw_day = safe.str.slice(6, 2).cast(nw.Int32)
    month = safe.str.slice(8, 2).cast(nw.Int32)
    yy = safe.str.slice(10, 2).cast(nw.Int32)
    month_ok = (month >= 1) & (month <= 12)
    serial = d.str.slice(12, 4)
    if subject == "nik":
        female = (raw_day >= 41) & (raw_day <= 71)
        male = (raw_day >= 1) & (raw_day <= 31)
        day = nw.when(female).then(raw_day - 40).otherwise(raw_day)
        day_ok = female | male
    else:
        day = raw_day
        day_ok = (raw_day >= 1) & (raw_day <= 31)
    base = ref.year - ((ref.year - yy) % 100)
    later = (month * 100 + day) > (ref.month * 100 + ref.day)
    year = nw.when((base == ref.year) & later).then(base - 100).otherwise(base)
    future = nw.lit(value=False)
    if subject == "kk":
        future = (year < 1970) & (year + 100 == ref.year)
        year = nw.when(future).then(year + 100).otherwise(year)
    parts_ok = usable & day_ok & month_ok
    calendar_ok = parts_ok & (day <= _days_in_month(year, month))
    rules: list[tuple[nw.Expr, str]] = [
        (usable & ~day_ok, f"{subject}_day_invalid"),
        (usable & ~month_ok, f"{subject}_month_invalid"),
        (parts_ok & ~calendar_ok, f"{subject}_date_invalid"),
    ]
    if subject == "nik":
        placeholder = ((day == 1) & (month == 7)) | ((day == 31) & (month == 12)) | ((day == 1) & (month == 1))
        rules.append((calendar_ok & placeholder, "nik_placeholder_birth_date"))
        serial_rules = [
            (usable & (serial == "0000"), "nik_serial_zero"),
            (usable & (serial == "9999"), "nik_serial_suspicious"),
        ]
    else:
        rules.append((calendar_ok & future, "kk_issue_date_future"))
        rules.append((calendar_ok & ~future & (year < 1970), "kk_issue_date_before_1970"))
        serial_rules = [(usable & (serial == "0000"), "kk_serial_zero")]
    extra = [
        codes_expr(rules).alias(f"{out}_date"),
        codes_expr(serial_rules).alias(f"{out}_serial"),
        safe_date(year, month, day, calendar_ok).alias(f"{out}_date_value"),
        nw.when(usable).then(day).alias(f"{out}_day"),
        nw.when(usable).then(month).alias(f"{out}_month"),
        nw.when(usable).then(yy).alias(f"{out}_yy"),
    ]
    if subject == "nik":
        extra.append(
            nw.when(usable & female)
            .then(nw.lit("P"))
            .when(usable & male)
            .then(nw.lit("L"))
            .alias(f"{out}_sex")
        )
    return frame.with_columns(*extra)


def id_codes(out: str) -> nw.Expr:
    """Join the stage code strings of one identifier in the scalar parser's order."""
    return _join(
        nw.col(f"{out}_read"),
        nw.col(f"{out}_region"),
        nw.col(f"{out}_date"),
        nw.col(f"{out}_serial"),
    )
