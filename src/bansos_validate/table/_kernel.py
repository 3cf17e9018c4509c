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

__all__ = ["SEP", "codes_expr", "date_stage", "identifier_stage", "read_stage", "region_stage"]

SEP = ","
"""Separator of the internal comma-joined code strings."""

_SCIENTIFIC = r"^[+]?[0-9]+(?:[.,][0-9]*)?[eE][+]?[0-9]+$"
_FLOAT_TEXT = r"^[0-9]{15,17}[.,]0+$"
_NOT_PRINTABLE_ASCII = r"[^\x20-\x7E]"
_FLOAT53 = float(2**53)
_MAX_MAPPED = 100_000
"""Up to this many distinct unclean values are read by the scalar reader and mapped back;
beyond it the vectorised reader runs on every row."""


def codes_expr(parts: list[tuple[nw.Expr, str]]) -> nw.Expr:
    """Return a comma-joined string of the codes whose condition holds (``""`` for none)."""
    if not parts:
        return nw.lit("")
    pieces = [nw.when(cond).then(nw.lit(code)) for cond, code in parts]
    return nw.concat_str(pieces, separator=SEP, ignore_nulls=True).fill_null("")


def _join(*exprs: nw.Expr) -> nw.Expr:
    """Join code strings, skipping empty ones."""
    if not exprs:
        return nw.lit("")
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
    codes: nw.Expr
    digits: nw.Expr
    if dtype == nw.String:
        # Stage the shared pieces as columns: narwhals expands a reused expression at
        # every use, so nesting them directly grows the plan quickly.
        frame = frame.with_columns(
            col.str.strip_chars().str.replace_all(r"^'", "").alias(f"{out}_stripped"),
            col.str.contains(_NOT_PRINTABLE_ASCII).alias(f"{out}_dirty"),
        )
        stripped = nw.col(f"{out}_stripped")
        frame = frame.with_columns(
            stripped.str.replace_all(r"[.,]0+$", "")
            .str.replace_all(r"^0+", "")
            .alias(f"{out}_flt"),
            stripped.str.replace_all(r"[ .\-]+", "").alias(f"{out}_text"),
            stripped.str.contains(_SCIENTIFIC).alias(f"{out}_sci"),
            stripped.str.contains(_FLOAT_TEXT).alias(f"{out}_isflt"),
        )
        flt_int = (
            nw.when(nw.col(f"{out}_flt") == "").then(nw.lit("0")).otherwise(nw.col(f"{out}_flt"))
        )
        frame = frame.with_columns(
            flt_int.alias(f"{out}_flt"),
            nw.col(f"{out}_text").str.contains(r"^[0-9]+$").alias(f"{out}_isdig"),
            nw.col(f"{out}_text").str.len_chars().alias(f"{out}_len"),
        )
        flt_codes, flt_digits = _integer_text(subject, nw.col(f"{out}_flt"))
        text = nw.col(f"{out}_text")
        is_digits = nw.col(f"{out}_isdig")
        length = nw.col(f"{out}_len")
        is_dirty = nw.col(f"{out}_dirty")
        is_sci = nw.col(f"{out}_sci")
        is_flt = nw.col(f"{out}_isflt")
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
        digits = (
            nw.when(col.is_null() | (col < 0))
            .then(nw.lit(None, dtype=nw.String))
            .otherwise(int_digits)
        )
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
        codes = nw.when(col.is_null()).then(missing).otherwise(nw.lit(f"{subject}_invalid_type"))
        digits = nw.lit(None, dtype=nw.String)
    return frame.with_columns(
        codes.fill_null("").alias(f"{out}_read"), digits.cast(nw.String).alias(f"{out}_digits")
    )


def region_stage(frame: Any, subject: str, out: str, key: str) -> Any:
    """Check distinct 6-digit region prefixes.

    On a frame of distinct prefixes in *key*, add ``{out}_region`` (codes) and
    ``{out}_district`` (the known district code, or null).
    """
    sets = code_sets()
    d = nw.col(key)
    reg = d.str.slice(0, 4)
    frame = frame.with_columns(
        d.str.slice(0, 2).is_in(sets.provinces).alias(f"{out}_prov_ok"),
        (d.str.slice(2, 2) == "00").alias(f"{out}_reg_zero"),
        (d.str.slice(4, 2) == "00").alias(f"{out}_dis_zero"),
        reg.is_in(sets.regencies).alias(f"{out}_reg_known"),
        d.is_in(sets.districts).alias(f"{out}_dis_known"),
    )
    prov_ok = nw.col(f"{out}_prov_ok")
    reg_zero = nw.col(f"{out}_reg_zero")
    dis_zero = nw.col(f"{out}_dis_zero")
    reg_known = nw.col(f"{out}_reg_known")
    dis_known = nw.col(f"{out}_dis_known")
    frame = frame.with_columns((prov_ok & ~reg_zero).alias(f"{out}_checked"))
    checked = nw.col(f"{out}_checked")
    frame = frame.with_columns(
        (checked & reg_known & ~dis_zero & dis_known).alias(f"{out}_dis_found")
    )
    dis_found = nw.col(f"{out}_dis_found")
    frame = frame.with_columns(
        (dis_found & d.is_in(sets.recoded_districts)).alias(f"{out}_dis_rec")
    )
    dis_recoded = nw.col(f"{out}_dis_rec")
    reg_recoded = checked & reg_known & ~dis_recoded & reg.is_in(sets.recoded_regencies)
    codes = codes_expr(
        [
            (~prov_ok, f"{subject}_province_unknown"),
            (reg_zero, f"{subject}_region_zero"),
            (dis_zero, f"{subject}_region_zero"),
            (checked & ~reg_known, f"{subject}_regency_unknown"),
            (checked & reg_known & ~dis_zero & ~dis_known, f"{subject}_district_unknown"),
            (dis_recoded, f"{subject}_district_recoded"),
            (reg_recoded, f"{subject}_regency_recoded"),
        ]
    )
    return frame.with_columns(
        codes.alias(f"{out}_region"),
        nw.when(dis_found).then(d).alias(f"{out}_district"),
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


def _days_from_civil(year: nw.Expr, month: nw.Expr, day: nw.Expr) -> nw.Expr:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    y = year - nw.when(month <= 2).then(nw.lit(1)).otherwise(nw.lit(0))
    era = nw.when(y >= 0).then(y).otherwise(y - 399) // 400
    yoe = y - era * 400
    mp = (month + 9) % 12
    doy = (153 * mp + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def safe_date(
    year: nw.Expr, month: nw.Expr, day: nw.Expr, valid: nw.Expr, *, integer_cast: bool = False
) -> nw.Expr:
    """Return the date for rows where *valid* holds (null elsewhere), without raising.

    With *integer_cast* (Polars) the date is cast from its day number, much faster than
    parsing text; SQL engines cannot cast integers to dates, so they parse ISO text.
    """
    if integer_cast:
        days = _days_from_civil(year.cast(nw.Int64), month.cast(nw.Int64), day.cast(nw.Int64))
        return nw.when(valid).then(days.cast(nw.Int32).cast(nw.Date))
    iso = nw.when(valid).then(_iso(year, month, day)).otherwise(nw.lit("1970-01-01"))
    return nw.when(valid).then(iso.str.to_date("%Y-%m-%d"))


def date_stage(frame: Any, subject: str, out: str, ref: dt.date, key: str) -> Any:
    """Check distinct 6-digit date parts (DDMMYY).

    On a frame of distinct date parts in *key*, add ``{out}_date`` (codes),
    ``{out}_date_value``, ``{out}_day``, ``{out}_month``, ``{out}_yy`` and, for NIKs,
    ``{out}_sex``.
    """
    d = nw.col(key)
    frame = frame.with_columns(
        d.str.slice(0, 2).cast(nw.Int32).alias(f"{out}_rawday"),
        d.str.slice(2, 2).cast(nw.Int32).alias(f"{out}_month"),
        d.str.slice(4, 2).cast(nw.Int32).alias(f"{out}_yy"),
    )
    raw_day = nw.col(f"{out}_rawday")
    month = nw.col(f"{out}_month")
    yy = nw.col(f"{out}_yy")
    month_ok = (month >= 1) & (month <= 12)
    female = male = nw.lit(value=False)
    if subject == "nik":
        frame = frame.with_columns(
            ((raw_day >= 41) & (raw_day <= 71)).alias(f"{out}_female"),
            ((raw_day >= 1) & (raw_day <= 31)).alias(f"{out}_male"),
        )
        female, male = nw.col(f"{out}_female"), nw.col(f"{out}_male")
        frame = frame.with_columns(
            nw.when(female).then(raw_day - 40).otherwise(raw_day).alias(f"{out}_day")
        )
        day_ok = female | male
    else:
        frame = frame.with_columns(raw_day.alias(f"{out}_day"))
        day_ok = (raw_day >= 1) & (raw_day <= 31)
    day = nw.col(f"{out}_day")
    frame = frame.with_columns(
        (ref.year - ((ref.year - yy) % 100)).alias(f"{out}_base"),
        ((month * 100 + day) > (ref.month * 100 + ref.day)).alias(f"{out}_later"),
        (day_ok & month_ok).alias(f"{out}_parts_ok"),
    )
    base, later = nw.col(f"{out}_base"), nw.col(f"{out}_later")
    frame = frame.with_columns(
        nw.when((base == ref.year) & later).then(base - 100).otherwise(base).alias(f"{out}_year")
    )
    year = nw.col(f"{out}_year")
    future = nw.lit(value=False)
    if subject == "kk":
        frame = frame.with_columns(
            ((year < 1970) & (year + 100 == ref.year)).alias(f"{out}_future")
        )
        future = nw.col(f"{out}_future")
        frame = frame.with_columns(
            nw.when(future).then(year + 100).otherwise(year).alias(f"{out}_year")
        )
    parts_ok = nw.col(f"{out}_parts_ok")
    frame = frame.with_columns(
        (parts_ok & (day <= _days_in_month(year, month))).alias(f"{out}_cal_ok")
    )
    calendar_ok = nw.col(f"{out}_cal_ok")
    rules: list[tuple[nw.Expr, str]] = [
        (~day_ok, f"{subject}_day_invalid"),
        (~month_ok, f"{subject}_month_invalid"),
        (parts_ok & ~calendar_ok, f"{subject}_date_invalid"),
    ]
    if subject == "nik":
        placeholder = (
            ((day == 1) & (month == 7))
            | ((day == 31) & (month == 12))
            | ((day == 1) & (month == 1))
        )
        rules.append((calendar_ok & placeholder, "nik_placeholder_birth_date"))
    else:
        rules.append((calendar_ok & future, "kk_issue_date_future"))
        rules.append((calendar_ok & ~future & (year < 1970), "kk_issue_date_before_1970"))
    outputs = [
        codes_expr(rules).alias(f"{out}_date"),
        safe_date(
            year, month, day, calendar_ok, integer_cast=frame.implementation.is_polars()
        ).alias(f"{out}_date_value"),
        nw.when(parts_ok).then(day).alias(f"{out}_day"),
        month,
        yy,
    ]
    if subject == "nik":
        outputs.append(
            nw.when(female).then(nw.lit("P")).when(male).then(nw.lit("L")).alias(f"{out}_sex")
        )
    return frame.with_columns(*outputs)


def materialize(frame: Any) -> Any:
    """Compute a Polars lazy frame now, so frames derived from it do not recompute it.

    A lookup built from the frame and joined back would otherwise carry the frame's whole
    plan on both sides of the join, doubling the work at every stage. DuckDB
    plans such self-joins itself, so its frames are left lazy; Spark frames are
    checkpointed locally.
    """
    if isinstance(frame, nw.LazyFrame) and frame.implementation.is_polars():
        return nw.from_native(frame.to_native().collect().lazy())
    if frame.implementation.is_pyspark():
        # Cut the lineage: Spark's analyser slows down sharply on deep self-joined plans.
        return nw.from_native(frame.to_native().localCheckpoint(eager=True))
    return frame


def identifier_stage(  # noqa: PLR0913, PLR0917 - one call site, every argument needed
    frame: Any,
    subject: str,
    source: str,
    out: str,
    ref: dt.date,
    dirty: dict[str, tuple[str | None, str]],
) -> Any:
    """Check one NIK or KK column; add ``{out}_digits``, ``{out}_codes`` and the parsed parts.

    Clean values (16 ASCII digits) skip the reader; the scalar reader reads each distinct
    other value once (or, past :data:`_MAX_MAPPED` of them, the vectorised reader runs).
    The region and date checks are plain column expressions: slices, integer arithmetic
    and ``is_in`` against the bundled code lists.
    """
    col = nw.col(source)
    dtype = frame.collect_schema()[source]
    if dtype == nw.String:
        # Clean values (16 ASCII digits) need no reading; the others are few and distinct
        # ones fewer still: read each once with the scalar reader and map the results.
        clean = col.str.contains(r"^[0-9]{16}$").fill_null(value=False)
        others = frame.filter(~clean & ~col.is_null()).select(col).unique().head(_MAX_MAPPED + 1)
        if isinstance(others, nw.LazyFrame):
            others = others.collect()
        values = others[source].to_list()
        if len(values) > _MAX_MAPPED:
            frame = read_stage(frame, subject, source, out, dirty)
        else:
            read = scalar_reader(subject)
            found = {v: dirty.get(v) or read(v) for v in values}
            keys = list(found)
            if keys:
                mapped_digits = col.replace_strict(
                    keys, [found[v][0] for v in keys], default=None, return_dtype=nw.String
                )
                mapped_codes = col.replace_strict(
                    keys, [found[v][1] for v in keys], default="", return_dtype=nw.String
                )
            else:
                mapped_digits, mapped_codes = nw.lit(None, dtype=nw.String), nw.lit("")
            frame = frame.with_columns(
                nw.when(clean).then(col).otherwise(mapped_digits).alias(f"{out}_digits"),
                nw.when(clean)
                .then(nw.lit(""))
                .when(col.is_null())
                .then(nw.lit(f"{subject}_missing"))
                .otherwise(mapped_codes)
                .alias(f"{out}_read"),
            )
    else:
        frame = read_stage(frame, subject, source, out, dirty)
    digits = nw.col(f"{out}_digits")
    prefix, part = f"{out}_prefix", f"{out}_part"
    frame = frame.with_columns(
        digits.str.slice(0, 6).alias(prefix), digits.str.slice(6, 6).alias(part)
    )
    frame = region_stage(frame, subject, out, prefix)
    frame = date_stage(frame, subject, out, ref, part)
    usable = ~digits.is_null()
    serial = digits.str.slice(12, 4)
    if subject == "nik":
        serial_rules = [
            (usable & (serial == "0000"), "nik_serial_zero"),
            (usable & (serial == "9999"), "nik_serial_suspicious"),
        ]
    else:
        serial_rules = [(usable & (serial == "0000"), "kk_serial_zero")]
    dummy = codes_expr([(usable & digits.is_in(code_sets().dummies), f"{subject}_dummy")])
    codes = _join(
        nw.col(f"{out}_read"),
        dummy,
        nw.col(f"{out}_region").fill_null(""),
        nw.col(f"{out}_date").fill_null(""),
        codes_expr(serial_rules),
    )
    # Keep plans short: Spark's code generation gives up on very wide expression trees.
    return materialize(frame.with_columns(codes.alias(f"{out}_codes")))
