"""Vectorised NIK/KK checks as narwhals expressions over integers.

The kernels mirror the scalar parsers in :mod:`bansos_validate.ids` rule for rule and in
the same order, so every row's codes equal ``parse_nik(value).codes`` (a property test
holds them to it). They work on the identifier as a 64-bit integer (16 digits fit): the
region prefix, the date part and the serial are integer divisions, and the checks are
integer comparisons and ``is_in`` against the bundled code lists, all much cheaper per
row than string slicing. Findings are bits of a mask (:mod:`bansos_validate.table._rules`).

Values that are not 16 ASCII digits are few in real rosters. They are read on a frame of
their own (the same vectorised reader, :func:`read_stage`), and the results are attached
back by row index; values with characters outside printable ASCII (Unicode digits, odd
spaces) and Python objects in a pandas ``object`` column go through the scalar reader,
once per distinct value.

Each stage adds temporary columns named with a prefix; the caller drops them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import narwhals as nw

from bansos_validate import _frames
from bansos_validate.errors import InvalidArgument
from bansos_validate.facts import date_parts
from bansos_validate.ids._digits import read_digits
from bansos_validate.issues import subject_code
from bansos_validate.table._codes import code_sets
from bansos_validate.table._rules import bit, read_mask

__all__ = [
    "SEP",
    "by_index",
    "check_identifier",
    "clean_values",
    "codes_expr",
    "collect",
    "dirty_values",
    "mask_expr",
    "materialize",
    "parse_declared_date",
    "prefix_text",
    "read_identifier",
    "read_stage",
    "rows_apart",
    "safe_date",
]

SEP = ","
"""Separator of comma-joined code strings (used by the household checks)."""

INDEX = "__bv_index"
"""The row-index column every stage may rely on."""

_CLEAN = r"^[0-9]{16}$"
_SCIENTIFIC = r"^[+]?[0-9]+(?:[.,][0-9]*)?[eE][+]?[0-9]+$"
_FLOAT_TEXT = r"^[0-9]{15,17}[.,]0+$"
_NOT_PRINTABLE_ASCII = r"[^\x20-\x7E]"
_FLOAT53 = float(2**53)
_I64 = nw.Int64
_READ_BITS = 64
"""Reading problems of one subject fit in 6 bits: packed values are ``(v + 1) * 64 + bits``."""
MAX_ATTACHED = 2_000_000
"""Up to this many rows that are not clean 16-digit text are read on a frame of their own;
beyond it the reader runs on every row."""


def codes_expr(parts: list[tuple[nw.Expr, str]]) -> nw.Expr:
    """Return a comma-joined string of the codes whose condition holds (``""`` for none)."""
    if not parts:
        return nw.lit("")
    pieces = [nw.when(cond).then(nw.lit(code)) for cond, code in parts]
    return nw.concat_str(pieces, separator=SEP, ignore_nulls=True).fill_null("")


def mask_expr(parts: list[tuple[nw.Expr, str]]) -> nw.Expr:
    """Return the sum of the bits of the rules whose condition holds (0 for none).

    A null condition counts as false.
    """
    if not parts:
        return nw.lit(0, dtype=_I64)
    terms = [
        nw.when(cond).then(nw.lit(bit(rule), dtype=_I64)).otherwise(nw.lit(0, dtype=_I64))
        for cond, rule in parts
    ]
    total = terms[0]
    for term in terms[1:]:
        total += term
    return total


def _local(subject: str, suffix: str) -> int:
    """The bit of a reading problem within the subject's 6 reading bits."""
    return read_mask(subject, [suffix]) // read_mask(subject, ["missing"])


def _local_mask(subject: str, *suffixes: str) -> nw.Expr:
    return nw.lit(sum(_local(subject, s) for s in suffixes), dtype=_I64)


def _integer_text(subject: str, text: nw.Expr) -> tuple[nw.Expr, nw.Expr]:
    """Local reading bits and usable digits for the decimal text of a non-negative integer."""
    length = text.str.len_chars()
    lost = (length == 16) & text.str.ends_with("0")
    bits = (
        nw.when(lost)
        .then(_local_mask(subject, "excel_numeric", "excel_precision_lost"))
        .when(length != 16)
        .then(_local_mask(subject, "excel_numeric", "wrong_length"))
        .otherwise(_local_mask(subject, "excel_numeric"))
    )
    digits = nw.when((length == 16) & ~lost).then(text)
    return bits, digits


def scalar_reader(subject: str) -> Callable[[object], tuple[int | None, int]]:
    """Return a function giving (usable value, local reading bits) for one value."""
    base = read_mask(subject, ["missing"])

    def read(value: object) -> tuple[int | None, int]:
        result = read_digits(value)
        bits = read_mask(subject, [suffix for suffix, _ in result.problems]) // base
        return (int(result.digits) if result.usable else None), bits  # type: ignore[arg-type]

    return read


def _drop_quote(text: nw.Expr) -> nw.Expr:
    """*text* without one leading ``'``."""
    return nw.when(text.str.starts_with("'")).then(text.str.slice(1)).otherwise(text)


def read_stage(
    frame: Any,
    subject: str,
    source: str,
    out: str,
    dirty: dict[Any, tuple[int | None, int]] | None,
) -> Any:
    """Add ``{out}_v`` (the 16 usable digits as Int64, or null) and ``{out}_bits``.

    ``{out}_bits`` holds the reading problems as local bits (bit 0 is ``missing``; shift by
    the subject's first bit for the mask).

    Args:
        frame: a narwhals DataFrame or LazyFrame.
        subject: ``nik`` or ``kk``.
        source: the column holding the values.
        out: the prefix of the added columns.
        dirty: for text columns, the scalar results of the values containing characters
            outside printable ASCII, keyed by value.
    """
    dtype = frame.collect_schema()[source]
    col = nw.col(source)
    missing = _local_mask(subject, "missing")
    bits: nw.Expr
    digits: nw.Expr
    if dtype == nw.String:
        # Stage the shared pieces as columns: narwhals expands a reused expression at
        # every use, so nesting them directly grows the plan quickly.
        frame = frame.with_columns(
            # Excel's "treat as text" quote, once (an anchored replace_all removes one or
            # all leading quotes depending on the engine and its version).
            _drop_quote(col.str.strip_chars()).alias(f"{out}_stripped"),
            col.str.contains(_NOT_PRINTABLE_ASCII).alias(f"{out}_dirty"),
        )
        stripped = nw.col(f"{out}_stripped")
        frame = frame.with_columns(
            stripped.str.replace_all(r"[.,]0+$", "")
            .str.replace_all(r"^0+", "")
            .alias(f"{out}_flt"),
            # The scalar reader strips space and one quote again before it drops separators.
            _drop_quote(stripped.str.strip_chars())
            .str.replace_all(r"[ .\-]+", "")
            .alias(f"{out}_text"),
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
        flt_bits, flt_digits = _integer_text(subject, nw.col(f"{out}_flt"))
        text = nw.col(f"{out}_text")
        is_digits = nw.col(f"{out}_isdig")
        length = nw.col(f"{out}_len")
        is_dirty = nw.col(f"{out}_dirty")
        is_sci = nw.col(f"{out}_sci")
        is_flt = nw.col(f"{out}_isflt")
        if dirty:
            keys = list(dirty)
            dirty_value = col.replace_strict(
                keys, [v[0] for v in dirty.values()], default=None, return_dtype=_I64
            )
            dirty_bits = col.replace_strict(
                keys, [v[1] for v in dirty.values()], default=0, return_dtype=_I64
            )
        else:
            dirty_value, dirty_bits = nw.lit(None, dtype=_I64), nw.lit(0, dtype=_I64)
        bits = (
            nw.when(col.is_null())
            .then(missing)
            .when(is_dirty)
            .then(dirty_bits)
            .when(is_sci)
            .then(_local_mask(subject, "excel_precision_lost"))
            .when(is_flt)
            .then(flt_bits)
            .when(text == "")
            .then(missing)
            .when(is_digits & (length == 16))
            .then(nw.lit(0, dtype=_I64))
            .when(is_digits)
            .then(_local_mask(subject, "wrong_length"))
            .otherwise(_local_mask(subject, "invalid_characters"))
        )
        digits = (
            nw.when(col.is_null() | is_dirty | is_sci)
            .then(nw.lit(None, dtype=nw.String))
            .when(is_flt)
            .then(flt_digits)
            .when(is_digits & (length == 16))
            .then(text)
        )
        value = nw.when(is_dirty & ~col.is_null()).then(dirty_value).otherwise(digits.cast(_I64))
    elif dtype.is_integer():
        text = col.cast(nw.String)
        int_bits, int_digits = _integer_text(subject, text)
        bits = (
            nw.when(col.is_null())
            .then(missing)
            .when(col < 0)
            .then(_local_mask(subject, "invalid_characters"))
            .otherwise(int_bits)
        )
        value = nw.when(~col.is_null() & (col >= 0)).then(int_digits).cast(_I64)
    elif dtype.is_float() or dtype == nw.Decimal:
        as_float = col.cast(nw.Float64)
        nan = as_float.is_nan()
        finite = as_float.is_finite()
        whole = finite & (as_float == as_float.floor())
        big = finite & (as_float.abs() >= _FLOAT53)
        safe = nw.when(whole & ~big & (as_float >= 0)).then(as_float).otherwise(nw.lit(0.0))
        text = safe.cast(_I64).cast(nw.String)
        int_bits, int_digits = _integer_text(subject, text)
        bits = (
            nw.when(col.is_null() | nan)
            .then(missing)
            .when(~whole)
            .then(_local_mask(subject, "invalid_characters"))
            .when(big)
            .then(_local_mask(subject, "excel_numeric", "excel_precision_lost"))
            .when(as_float < 0)
            .then(_local_mask(subject, "invalid_characters"))
            .otherwise(int_bits)
        )
        value = nw.when(whole & ~big & (as_float >= 0) & ~nan).then(int_digits).cast(_I64)
    else:
        bits = nw.when(col.is_null()).then(missing).otherwise(_local_mask(subject, "invalid_type"))
        value = nw.lit(None, dtype=_I64)
    return frame.with_columns(
        bits.fill_null(0).cast(_I64).alias(f"{out}_bits"), value.cast(_I64).alias(f"{out}_v")
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
        days = _days_from_civil(year.cast(_I64), month.cast(_I64), day.cast(_I64))
        return nw.when(valid).then(days.cast(nw.Int32).cast(nw.Date))
    iso = nw.when(valid).then(_iso(year, month, day)).otherwise(nw.lit("1970-01-01"))
    return nw.when(valid).then(iso.str.to_date("%Y-%m-%d"))


def materialize(frame: Any) -> Any:
    """Compute a frame's plan once (:func:`bansos_validate._frames.materialize`)."""
    return _frames.materialize(frame)


def collect(frame: Any) -> Any:
    """Collect a lazy frame (Polars with its streaming engine); eager frames pass through."""
    return _frames.collect(frame)


MAX_DIRTY = 200_000
"""The most distinct values with characters outside printable ASCII a column may hold."""


def dirty_values(
    frame: Any, column: str, subject: str, objects: dict[str, object] | None = None
) -> dict[Any, tuple[int | None, int]]:
    """Read the distinct values with non-ASCII or control characters with the scalar reader.

    *objects* maps markers (text standing in for Python objects of a pandas ``object``
    column) to the original values, which are read instead of the markers.

    Raises:
        InvalidArgument: more than :data:`MAX_DIRTY` such distinct values.
    """
    found = (
        frame.select(nw.col(column))
        .filter(nw.col(column).str.contains(_NOT_PRINTABLE_ASCII))
        .unique()
        .head(MAX_DIRTY + 1)
    )
    values = collect(found)[column].to_list()
    if len(values) > MAX_DIRTY:
        raise InvalidArgument(
            f"column {column!r} has more than {MAX_DIRTY:,} distinct values with non-ASCII "
            "characters; clean the encoding before checking"
        )
    read = scalar_reader(subject)
    originals = objects or {}
    return {v: read(originals.get(v, v)) for v in values if v is not None}


def clean_values(frame: Any, columns: list[tuple[str, str]]) -> Any:
    """Polars: add ``{out}_cv``, the value of clean 16-digit text (null for other values).

    For each (text column, prefix) of *columns*. A non-strict integer cast finds the
    clean values far faster than a regular expression; narwhals has no non-strict cast,
    hence the native step.
    """
    import polars as pl  # noqa: PLC0415 - only reached with Polars frames

    reads = []
    for source, out in columns:
        text = pl.col(source)
        number = text.cast(pl.Int64, strict=False)
        clean = (text.str.len_bytes() == 16) & (number >= 0) & ~text.str.starts_with("+")
        reads.append(pl.when(clean).then(number).alias(f"{out}_cv"))
    return nw.from_native(frame.to_native().with_columns(reads))


def rows_apart(frame: Any, condition: nw.Expr, columns: list[str]) -> Any | None:
    """Collect the rows where *condition* holds (row index and *columns*), if few enough.

    Polars only: the caller computes the slow path on these rows and attaches the result
    with :func:`by_index`. Returns ``None`` past :data:`MAX_ATTACHED` rows, when running
    the slow path on every row is cheaper.
    """
    small = collect(frame.filter(condition).select(INDEX, *columns))
    return None if len(small) > MAX_ATTACHED else small


def by_index(small: Any, values: str) -> nw.Expr:
    """The integer column *values* of a :func:`rows_apart` frame, looked up by row index.

    Null for the rows that were not apart. An integer lookup on the row index keeps the
    row order and costs little per row.
    """
    if not len(small):
        return nw.lit(None, dtype=_I64)
    return nw.col(INDEX).replace_strict(
        small[INDEX].to_list(), small[values].to_list(), default=None, return_dtype=_I64
    )


def _attach_read(  # noqa: PLR0913 - one call site, every argument needed
    frame: Any,
    subject: str,
    source: str,
    out: str,
    objects: dict[str, object],
    *,
    local_engine: bool,
) -> Any:
    """Add ``{out}_v`` and ``{out}_bits`` for a text column.

    Clean values (16 ASCII digits) need no reading; the others are read on a frame of
    their own and attached back by row index.
    """
    col = nw.col(source)
    if local_engine:
        if f"{out}_cv" not in frame.collect_schema():
            frame = clean_values(frame, [(source, out)])
        clean_value = nw.col(f"{out}_cv")
        condition = clean_value.is_null() & ~col.is_null()
        # Read the few other rows now and attach them by row index.
        small = rows_apart(frame, condition, [source])
        if small is None:
            dirty = dirty_values(frame, source, subject, objects)
            return read_stage(frame, subject, source, out, dirty).with_columns(
                nw.lit(value=False).alias(f"{out}_clean")
            )
        dirty = dirty_values(small, source, subject, objects)
        small = read_stage(small, subject, source, out, dirty)
        # One lookup for both results: (value + 1) * 64 + reading bits (value 0: none).
        small = small.with_columns(
            ((nw.col(f"{out}_v").fill_null(-1) + 1) * _READ_BITS + nw.col(f"{out}_bits")).alias(
                f"{out}_packed"
            )
        )
        frame = frame.with_columns(by_index(small, f"{out}_packed").alias(f"{out}_packed"))
        packed_col = nw.col(f"{out}_packed")
        other = ~packed_col.is_null()
        from_other = packed_col // _READ_BITS - 1
        value = nw.when(other).then(
            nw.when(from_other >= 0).then(from_other).otherwise(nw.lit(None, dtype=_I64))
        )
        other_bits = packed_col % _READ_BITS
    else:
        # SQL engines and Spark: read the other rows lazily and join them back.
        condition = ~col.str.contains(_CLEAN) & ~col.is_null()
        others = frame.filter(condition).select(INDEX, source)
        dirty = dirty_values(others, source, subject, objects)
        small = read_stage(others, subject, source, out, dirty).select(
            nw.col(INDEX).alias(f"{out}_oi"),
            nw.col(f"{out}_v").alias(f"{out}_ov"),
            nw.col(f"{out}_bits").alias(f"{out}_ob"),
        )
        frame = frame.join(small, left_on=INDEX, right_on=f"{out}_oi", how="left")
        other = ~nw.col(f"{out}_ob").is_null()
        value = nw.when(other).then(nw.col(f"{out}_ov"))
        other_bits = nw.col(f"{out}_ob")
        clean_value = nw.when(~other).then(col).cast(_I64)
    return frame.with_columns(
        nw.when(other).then(value).otherwise(clean_value).alias(f"{out}_v"),
        (~other & ~col.is_null()).alias(f"{out}_clean"),
        nw.when(other)
        .then(other_bits)
        .when(col.is_null())
        .then(_local_mask(subject, "missing"))
        .otherwise(nw.lit(0, dtype=_I64))
        .alias(f"{out}_bits"),
    )


def _region_rules(frame: Any, subject: str, out: str) -> tuple[Any, list[tuple[nw.Expr, str]]]:
    """Rules on the 6-digit region prefix ``{out}_p``; stages ``{out}_found`` (district known).

    The conditions are staged as columns: an expression used by several rules would
    otherwise be evaluated once per use.
    """
    sets = code_sets()
    p = nw.col(f"{out}_p")
    reg = p // 100
    frame = frame.with_columns(
        (p // 10_000).is_in(sets.province_ints).alias(f"{out}_prov_ok"),
        (reg % 100 == 0).alias(f"{out}_reg_zero"),
        (p % 100 == 0).alias(f"{out}_dis_zero"),
        reg.is_in(sets.regency_ints).alias(f"{out}_reg_known"),
        p.is_in(sets.district_ints).alias(f"{out}_dis_known"),
        p.is_in(sets.recoded_district_ints).alias(f"{out}_dis_rec"),
        reg.is_in(sets.recoded_regency_ints).alias(f"{out}_reg_rec"),
    )
    prov_ok, reg_zero, dis_zero, reg_known, dis_known, dis_rec, reg_rec = (
        nw.col(f"{out}_{name}")
        for name in (
            "prov_ok",
            "reg_zero",
            "dis_zero",
            "reg_known",
            "dis_known",
            "dis_rec",
            "reg_rec",
        )
    )
    frame = frame.with_columns((prov_ok & ~reg_zero).alias(f"{out}_checked"))
    checked = nw.col(f"{out}_checked")
    frame = frame.with_columns((checked & reg_known & ~dis_zero & dis_known).alias(f"{out}_found"))
    found = nw.col(f"{out}_found")
    dis_recoded = found & dis_rec
    rules = [
        (~prov_ok, subject_code(subject, "province_unknown")),
        (reg_zero, subject_code(subject, "region_zero") + "#regency"),
        (dis_zero, subject_code(subject, "region_zero") + "#district"),
        (checked & ~reg_known, subject_code(subject, "regency_unknown")),
        (checked & reg_known & ~dis_zero & ~dis_known, subject_code(subject, "district_unknown")),
        (dis_recoded, subject_code(subject, "district_recoded")),
        (checked & reg_known & ~dis_recoded & reg_rec, subject_code(subject, "regency_recoded")),
    ]
    return frame, rules


def _date_columns(frame: Any, subject: str, out: str, ref: dt.date) -> Any:
    """Add the date part's day, month, two-digit year and resolved year; stage the checks.

    Stages ``{out}_parts_ok`` (day and month in range) and ``{out}_cal_ok`` (a real date).
    """
    part = nw.col(f"{out}_part")
    frame = frame.with_columns(
        (part // 10_000).cast(nw.Int32).alias(f"{out}_rawday"),
        (part // 100 % 100).cast(nw.Int32).alias(f"{out}_month"),
        (part % 100).cast(nw.Int32).alias(f"{out}_yy"),
    )
    raw_day = nw.col(f"{out}_rawday")
    month = nw.col(f"{out}_month")
    yy = nw.col(f"{out}_yy")
    male = (raw_day >= 1) & (raw_day <= 31)
    if subject == "nik":
        female = (raw_day >= 41) & (raw_day <= 71)
        frame = frame.with_columns(female.alias(f"{out}_female"), male.alias(f"{out}_male"))
        female, male = nw.col(f"{out}_female"), nw.col(f"{out}_male")
        day = nw.when(female).then(raw_day - 40).otherwise(raw_day)
        day_ok = female | male
    else:
        day = raw_day
        day_ok = male
    frame = frame.with_columns(
        day.alias(f"{out}_day"),
        day_ok.alias(f"{out}_day_ok"),
        ((month >= 1) & (month <= 12)).alias(f"{out}_month_ok"),
    )
    day = nw.col(f"{out}_day")
    base = ref.year - ((ref.year - yy) % 100)
    later = (month * 100 + day) > (ref.month * 100 + ref.day)
    year = nw.when((base == ref.year) & later).then(base - 100).otherwise(base)
    frame = frame.with_columns(
        year.cast(nw.Int32).alias(f"{out}_year"),
        (nw.col(f"{out}_day_ok") & nw.col(f"{out}_month_ok")).alias(f"{out}_parts_ok"),
    )
    year = nw.col(f"{out}_year")
    if subject == "kk":
        # An issue date that resolves to before 1970 in the previous century is a date
        # in the future of this century (the scalar parser's reading of a KK date).
        frame = frame.with_columns(
            ((year < 1970) & (year + 100 == ref.year)).alias(f"{out}_future")
        )
        future = nw.col(f"{out}_future")
        frame = frame.with_columns(
            nw.when(future).then(year + 100).otherwise(year).alias(f"{out}_year")
        )
    return frame.with_columns(
        (nw.col(f"{out}_parts_ok") & (day <= _days_in_month(year, month))).alias(f"{out}_cal_ok")
    )


def _date_rules(subject: str, out: str) -> list[tuple[nw.Expr, str]]:
    """Rules on the date part (after :func:`_date_columns`)."""
    month, day, year = (nw.col(f"{out}_{name}") for name in ("month", "day", "year"))
    parts_ok, calendar_ok = nw.col(f"{out}_parts_ok"), nw.col(f"{out}_cal_ok")
    rules: list[tuple[nw.Expr, str]] = [
        (~nw.col(f"{out}_day_ok"), subject_code(subject, "day_invalid")),
        (~nw.col(f"{out}_month_ok"), subject_code(subject, "month_invalid")),
        (parts_ok & ~calendar_ok, subject_code(subject, "date_invalid")),
    ]
    if subject == "nik":
        placeholder = (
            ((day == 1) & (month == 7))
            | ((day == 31) & (month == 12))
            | ((day == 1) & (month == 1))
        )
        rules.append((calendar_ok & placeholder, "nik_placeholder_birth_date"))
    else:
        future = nw.col(f"{out}_future")
        rules.append((calendar_ok & future, "kk_issue_date_future"))
        rules.append((calendar_ok & ~future & (year < 1970), "kk_issue_date_before_1970"))
    return rules


def read_identifier(
    frame: Any, subject: str, source: str, out: str, objects: dict[str, object] | None = None
) -> Any:
    """Read one NIK or KK column: add ``{out}_v`` and ``{out}_bits``.

    ``{out}_v`` is the usable 16 digits as Int64 (null when there are none),
    ``{out}_bits`` the reading problems, and ``{out}_clean`` whether the value was clean
    16-digit text. The frame must have the :data:`INDEX` column. *objects* is as for
    :func:`dirty_values`.
    """
    if frame.collect_schema()[source] == nw.String:
        local_engine = _frames.kind_of(frame).polars
        return _attach_read(frame, subject, source, out, objects or {}, local_engine=local_engine)
    frame = read_stage(frame, subject, source, out, None)
    return frame.with_columns(nw.lit(value=False).alias(f"{out}_clean"))


def _part_fields(subject: str, out: str) -> list[nw.Expr]:
    """Day, month, two-digit year and, for a NIK, sex, from the date part ``{out}_part``.

    The day is null unless day and month are in range.
    """
    part = nw.col(f"{out}_part")
    raw_day, month = part // 10_000, part // 100 % 100
    male = (raw_day >= 1) & (raw_day <= 31)
    fields = [
        month.cast(nw.Int32).alias(f"{out}_month"),
        (part % 100).cast(nw.Int32).alias(f"{out}_yy"),
    ]
    if subject == "nik":
        female = (raw_day >= 41) & (raw_day <= 71)
        day = nw.when(female).then(raw_day - 40).otherwise(raw_day)
        day_ok = female | male
        fields.append(
            nw.when(female).then(nw.lit("P")).when(male).then(nw.lit("L")).alias(f"{out}_sex")
        )
    else:
        day, day_ok = raw_day, male
    parts_ok = day_ok & (month >= 1) & (month <= 12)
    return [nw.when(parts_ok).then(day).cast(nw.Int32).alias(f"{out}_day"), *fields]


def _arithmetic_parts(frame: Any, subject: str, out: str, ref: dt.date, source: str) -> Any:
    """Decode the date part and region prefix on every row (SQL engines and Spark).

    Adds ``{out}_date_bits`` and ``{out}_region_bits`` (the rules' bits), the fields of
    :func:`_part_fields`, ``{out}_date_value``, ``{out}_district`` and ``{out}_name``.
    """
    frame = _date_columns(frame, subject, out, ref)
    frame, region_rules = _region_rules(frame, subject, out)
    month, day, year = (nw.col(f"{out}_{name}") for name in ("month", "day", "year"))
    polars = _frames.kind_of(frame).polars
    return frame.with_columns(
        mask_expr(_date_rules(subject, out)).alias(f"{out}_date_bits"),
        mask_expr(region_rules).alias(f"{out}_region_bits"),
        safe_date(year, month, day, nw.col(f"{out}_cal_ok"), integer_cast=polars).alias(
            f"{out}_date_value"
        ),
        prefix_text(frame, out, source, nw.col(f"{out}_found")).alias(f"{out}_district"),
        _district_names(out).alias(f"{out}_name"),
        *_part_fields(subject, out),
    )


_DOMAIN = 1_000_000
"""Date parts (DDMMYY) and region prefixes (PPRRDD) are both six digits."""


def _domain(out: str) -> Any:
    import polars as pl  # noqa: PLC0415 - only reached with Polars frames

    values = pl.int_range(0, _DOMAIN, eager=True, dtype=pl.Int32)
    return nw.from_native(pl.DataFrame({f"{out}_part": values, f"{out}_p": values}).lazy())


@functools.lru_cache(maxsize=4)
def _date_table(subject: str, ref: dt.date) -> Any:
    """Every possible date part (DDMMYY), decoded once: a Polars frame indexed by the part.

    The same rules and fields as :func:`_arithmetic_parts`, run on the million values a
    date part can take instead of on every row.
    """
    out = f"{INDEX}_d"
    dates = _date_columns(_domain(out), subject, out, ref)
    month, day, year = (nw.col(f"{out}_{name}") for name in ("month", "day", "year"))
    table = dates.select(
        mask_expr(_date_rules(subject, out)).alias("date_bits"),
        safe_date(year, month, day, nw.col(f"{out}_cal_ok"), integer_cast=True).alias("date_value"),
        *_part_fields(subject, out),
    )
    table = table.rename({c: c.removeprefix(f"{out}_") for c in table.collect_schema()})
    return collect(table).to_native()


@functools.lru_cache(maxsize=2)
def _region_table(subject: str) -> Any:
    """Every possible region prefix (PPRRDD), decoded once: a Polars frame indexed by it.

    ``region_bits`` (the rules' bits), ``district`` and ``name`` (of a known district).
    """
    import polars as pl  # noqa: PLC0415 - only reached with Polars frames

    out = f"{INDEX}_d"
    regions, rules = _region_rules(_domain(out), subject, out)
    found = nw.col(f"{out}_found")
    table = collect(
        regions.select(
            mask_expr(rules).alias("region_bits"),
            nw.when(found).then(nw.col(f"{out}_p").cast(nw.String).str.zfill(6)).alias("district"),
        )
    ).to_native()
    names: list[str | None] = [None] * _DOMAIN
    for code, name in code_sets().district_names.items():
        names[int(code)] = name
    return table.with_columns(pl.Series("name", names, dtype=pl.String))


def _dense_parts(frame: Any, subject: str, out: str, ref: dt.date) -> Any:
    """:func:`_arithmetic_parts` on Polars: indexed reads from dense tables.

    :func:`_date_table` and :func:`_region_table` hold the results for every possible
    value, so a row costs a few reads instead of dozens of comparisons.
    """
    import polars as pl  # noqa: PLC0415 - only reached with Polars frames

    reads = [
        pl.lit(table[name]).gather(pl.col(f"{out}_{key}")).alias(f"{out}_{name}")
        for table, key in ((_date_table(subject, ref), "part"), (_region_table(subject), "p"))
        for name in table.columns
    ]
    return nw.from_native(frame.to_native().with_columns(reads))


def _district_names(out: str) -> nw.Expr:
    sets = code_sets()
    keys = sorted(sets.district_names)
    return nw.when(nw.col(f"{out}_found")).then(
        nw.col(f"{out}_p").replace_strict(
            [int(c) for c in keys],
            [sets.district_names[c] for c in keys],
            default=None,
            return_dtype=nw.String,
        )
    )


def prefix_text(frame: Any, out: str, source: str, condition: nw.Expr) -> nw.Expr:
    """The 6-digit region prefix as text where *condition* holds.

    Clean text already holds it; only the other rows format the number (a mostly null
    column casts quickly).
    """
    p = nw.col(f"{out}_p")
    clean = nw.col(f"{out}_clean")
    formatted = nw.when(condition & ~clean).then(p).cast(nw.String).str.zfill(6)
    if frame.collect_schema()[source] != nw.String:
        return formatted
    return nw.when(condition & clean).then(nw.col(source).str.slice(0, 6)).otherwise(formatted)


def check_identifier(frame: Any, subject: str, out: str, ref: dt.date, source: str) -> Any:
    """Check a read NIK or KK (``{out}_v``, ``{out}_bits``, see :func:`read_identifier`).

    Adds ``{out}_mask`` (the subject's findings), ``{out}_date_value``, ``{out}_day``,
    ``{out}_month``, ``{out}_yy``, ``{out}_district`` and ``{out}_name`` (the known district's
    code and name, or null), ``{out}_p`` (the region prefix as an integer) and, for NIKs,
    ``{out}_sex``. *source* is the column that was read.
    """
    v = nw.col(f"{out}_v")
    frame = frame.with_columns(
        (v // 10_000_000_000).cast(nw.Int32).alias(f"{out}_p"),
        (v // 10_000 % 1_000_000).cast(nw.Int32).alias(f"{out}_part"),
    )
    if _frames.kind_of(frame).polars:
        frame = _dense_parts(frame, subject, out, ref)
    else:
        frame = _arithmetic_parts(frame, subject, out, ref, source)
    serial = v % 10_000
    if subject == "nik":
        serial_rules = [(serial == 0, "nik_serial_zero"), (serial == 9999, "nik_serial_suspicious")]
    else:
        serial_rules = [(serial == 0, "kk_serial_zero")]
    rules = [(v.is_in(code_sets().dummy_ints), subject_code(subject, "dummy")), *serial_rules]
    # Reading bits are the subject's first six bits.
    read = nw.col(f"{out}_bits") * read_mask(subject, ["missing"])
    parts = (
        read + nw.col(f"{out}_date_bits").fill_null(0) + nw.col(f"{out}_region_bits").fill_null(0)
    )
    return frame.with_columns((parts + mask_expr(rules)).alias(f"{out}_mask"))


def parse_declared_date(frame: Any, source: str, out: str) -> Any:
    """Add ``{out}`` (date or null) and ``{out}_bad`` (unreadable) for a declared-date column.

    Text is read by :func:`bansos_validate.facts.read_date` (ISO, also with a time; day
    first with ``-``, ``/`` or ``.``; ``1 Januari 1983``); date and datetime columns are
    taken as they are. Also adds ``{out}_d``, ``{out}_m`` and ``{out}_y`` (day, month and
    year as integers, null where there is no date).
    """
    col = nw.col(source)
    dtype = frame.collect_schema()[source]
    if dtype == nw.Date or dtype == nw.Datetime:  # noqa: PLR1714 - dtype classes compare by ==
        date = col if dtype == nw.Date else col.cast(nw.Date)
        frame = frame.with_columns(date.alias(out), nw.lit(value=False).alias(f"{out}_bad"))
        value = nw.col(out)
        return frame.with_columns(
            value.dt.day().cast(nw.Int32).alias(f"{out}_d"),
            value.dt.month().cast(nw.Int32).alias(f"{out}_m"),
            value.dt.year().cast(nw.Int32).alias(f"{out}_y"),
        )
    frame = date_parts(frame, source, out)
    year, month, day = nw.col(f"{out}_y"), nw.col(f"{out}_m"), nw.col(f"{out}_d")
    ok = nw.col(f"{out}_ok")
    text = col.cast(nw.String).str.strip_chars()
    return frame.with_columns(
        safe_date(year, month, day, ok, integer_cast=_frames.kind_of(frame).polars).alias(out),
        (~col.is_null() & (text != "") & ~ok).alias(f"{out}_bad"),
    )
