"""Issue messages over a whole frame: one row per (row, code), with the row's own values.

The catalogue's message templates (:mod:`bansos_validate.issues`) are filled in with
values each row carries (a length, a day or month number, a region code, a dummy
pattern, a spreadsheet-damage reason), read again from the row with the same readers as
the check, so a vectorised message equals the scalar parser's message for that value.
Personal values (dates, serials) are shown only when unmasked.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import narwhals as nw

from bansos_validate.ids._digits import read_digits
from bansos_validate.issues import _HIDDEN, CATALOGUE
from bansos_validate.regions import _table as _regions_table
from bansos_validate.table import _kernel as k

if TYPE_CHECKING:
    from bansos_validate.issues import Lang

__all__ = ["SUBJECTS", "explode_messages", "object_originals"]

_TMP = "__bv_"

SUBJECTS = {"nik": "nik", "no_kk": "kk"}
_CTX = f"{_TMP}ctx_"
_PLACEHOLDER_SPLIT = r"\{([a-z_]+)\}"
_PERIODS = (2, 3, 4)
_DTYPE_NAMES = (
    (nw.Boolean, "bool"),
    (nw.Date, "date"),
    (nw.Datetime, "datetime"),
    (nw.Duration, "timedelta"),
    (nw.Time, "time"),
    (nw.List, "list"),
    (nw.Array, "list"),
    (nw.Struct, "dict"),
    (nw.Binary, "bytes"),
)


def _subject_of(code: str) -> str | None:
    """``nik`` or ``kk`` for a code whose context comes from that identifier's value."""
    subject = CATALOGUE[code].subject
    return subject if subject in ("nik", "kk") else None


@functools.cache
def _reasons() -> dict[str, dict[str, str]]:
    """The spreadsheet-damage reasons the reader gives (``reason`` and ``alasan``)."""
    samples = {"scientific": "3.57601E+15", "zero": 3576014403910000, "float": 9.5e15}
    out: dict[str, dict[str, str]] = {}
    for name, value in samples.items():
        found = dict(read_digits(value).problems)["excel_precision_lost"]
        out[name] = {key: str(text) for key, text in found.items()}
    return out


@functools.cache
def _runs() -> tuple[list[str], list[str]]:
    """The ascending and descending runs of 16 digits (cyclic), as the dummy table has."""
    digits = "0123456789"
    up = ["".join(digits[(s + i) % 10] for i in range(16)) for s in range(10)]
    down = ["".join(digits[(s - i) % 10] for i in range(16)) for s in range(10)]
    return up, down


@functools.cache
def _recoded_current() -> dict[int, tuple[list[str], list[str]]]:
    """Former regency (4) and district (6) codes with their current codes."""
    former = _regions_table.recoded()
    out: dict[int, tuple[list[str], list[str]]] = {}
    for width in (4, 6):
        found = sorted((c, str(r.replaced_by)) for c, r in former.items() if len(c) == width)
        out[width] = ([c for c, _ in found], [n for _, n in found])
    return out


def _dtype_name(dtype: Any) -> str:
    """The Python type name the scalar reader reports for values of *dtype*."""
    for kind, name in _DTYPE_NAMES:
        if dtype == kind:
            return name
    return type(dtype).__name__.lower()


def object_originals(public: Any) -> Callable[[str, object], object] | None:
    r"""For a pandas result: map the markers of Python objects back to the objects.

    ``check_table`` reads a pandas ``object`` identifier column with Python objects in it
    (numbers from a spreadsheet) as text with ``"\x00<position>"`` markers in their
    place; the caller's frame still holds the objects.
    """
    if public is None or type(public).__module__.partition(".")[0] != "pandas":
        return None

    def original(column: str, value: object) -> object:
        if isinstance(value, str) and value.startswith("\x00") and value[1:].isdigit():
            values = public[column]
            position = int(value[1:])
            found = values.iloc[position] if position < len(values) else value
            if not isinstance(found, str):  # markers stand for objects only, never for text
                return found
        return value

    return original


def _dirty_reads(
    frame: Any,
    source: str,
    originals: Callable[[str, object], object] | None,
) -> dict[str, tuple[str | None, str | None, str | None, str | None]]:
    """Scalar reads of the distinct values with characters outside printable ASCII.

    Returns ``{value: (digits, length, reason, type)}``, as text or ``None``.
    """
    col = nw.col(source)
    found = k.collect(frame.select(col).filter(col.str.contains(k._NOT_PRINTABLE_ASCII)).unique())  # noqa: SLF001 - same package
    out: dict[str, tuple[str | None, str | None, str | None, str | None]] = {}
    for value in found[source].to_list():
        if value is None:
            continue
        read = read_digits(originals(source, value) if originals is not None else value)
        problems = dict(read.problems)
        length = problems.get("wrong_length", {}).get("length")
        reason = problems.get("excel_precision_lost", {}).get("reason")
        kind = problems.get("invalid_type", {}).get("type")
        out[value] = (
            read.digits if read.usable else None,
            None if length is None else str(length),
            None if reason is None else str(reason),
            None if kind is None else str(kind),
        )
    return out


def _integer_context(text: nw.Expr, ok: nw.Expr) -> tuple[nw.Expr, nw.Expr, nw.Expr]:
    """Digits, length and reason for the decimal *text* of a non-negative integer."""
    length = text.str.len_chars()
    lost = (length == 16) & text.str.ends_with("0")
    digits = nw.when(ok & (length == 16) & ~lost).then(text)
    reason = nw.when(ok & lost).then(nw.lit(_reasons()["zero"]["reason"]))
    return digits, nw.when(ok).then(length.cast(nw.String)), reason


def _read_context(
    frame: Any,
    source: str,
    out: str,
    originals: Callable[[str, object], object] | None,
) -> Any:
    """Add ``{out}digits`` (usable 16 digits), ``{out}length``, ``{out}reason``, ``{out}type``.

    The same reading as :func:`bansos_validate.table._kernel.read_stage` (and the scalar
    reader): ``length`` is the digit count after cleaning, ``reason`` the spreadsheet
    damage, ``type`` the type name of a value that is not text or a number.
    """
    dtype = frame.collect_schema()[source]
    col = nw.col(source)
    none = nw.lit(None, dtype=nw.String)
    digits: nw.Expr
    length: nw.Expr
    reason: nw.Expr
    kind: nw.Expr = none
    if dtype == nw.String:
        frame = frame.with_columns(
            k._drop_quote(col.str.strip_chars()).alias(f"{out}stripped"),  # noqa: SLF001 - same package
        )
        stripped = nw.col(f"{out}stripped")
        frame = frame.with_columns(
            stripped.str.replace_all(r"[.,]0+$", "").str.replace_all(r"^0+", "").alias(f"{out}flt"),
            k._drop_quote(stripped.str.strip_chars())  # noqa: SLF001 - same package
            .str.replace_all(r"[ .\-]+", "")
            .alias(f"{out}text"),
            stripped.str.contains(k._SCIENTIFIC).alias(f"{out}sci"),  # noqa: SLF001
            stripped.str.contains(k._FLOAT_TEXT).alias(f"{out}isflt"),  # noqa: SLF001
            col.str.contains(k._NOT_PRINTABLE_ASCII).alias(f"{out}dirty"),  # noqa: SLF001
        )
        flt = nw.col(f"{out}flt")
        frame = frame.with_columns(
            nw.when(flt == "").then(nw.lit("0")).otherwise(flt).alias(f"{out}flt")
        )
        flt = nw.col(f"{out}flt")
        text = nw.col(f"{out}text")
        is_sci, is_flt, is_dirty = (nw.col(f"{out}{n}") for n in ("sci", "isflt", "dirty"))
        flt_digits, flt_length, flt_reason = _integer_context(flt, nw.lit(value=True))
        dirty = _dirty_reads(frame, source, originals)

        def lookup(i: int) -> nw.Expr:
            if not dirty:
                return none
            return col.replace_strict(
                list(dirty), [v[i] for v in dirty.values()], default=None, return_dtype=nw.String
            )

        digits = (
            nw.when(is_dirty)
            .then(lookup(0))
            .when(is_sci)
            .then(none)
            .when(is_flt)
            .then(flt_digits)
            .when(text.str.contains(r"^[0-9]{16}$"))
            .then(text)
        )
        length = (
            nw.when(is_dirty)
            .then(lookup(1))
            .when(is_sci)
            .then(none)
            .when(is_flt)
            .then(flt_length)
            .when(text.str.contains(r"^[0-9]+$"))
            .then(text.str.len_chars().cast(nw.String))
        )
        reason = (
            nw.when(is_dirty)
            .then(lookup(2))
            .when(is_sci)
            .then(nw.lit(_reasons()["scientific"]["reason"]))
            .when(is_flt)
            .then(flt_reason)
        )
        kind = nw.when(is_dirty).then(lookup(3))
    elif dtype.is_integer():
        digits, length, reason = _integer_context(col.cast(nw.String), col >= 0)
    elif dtype.is_float() or dtype == nw.Decimal:
        number = col.cast(nw.Float64)
        finite = number.is_finite()
        whole = finite & (number == number.floor())
        big = finite & (number.abs() >= k._FLOAT53)  # noqa: SLF001 - same package
        ok = whole & ~big & (number >= 0)
        safe = nw.when(ok).then(number).otherwise(nw.lit(0.0))
        digits, length, reason = _integer_context(safe.cast(nw.Int64).cast(nw.String), ok)
        reason = nw.when(big).then(nw.lit(_reasons()["float"]["reason"])).otherwise(reason)
    else:
        digits, length, reason = none, none, none
        kind = nw.when(~col.is_null()).then(nw.lit(_dtype_name(dtype)))
    return frame.with_columns(
        digits.cast(nw.String).alias(f"{out}digits"),
        length.cast(nw.String).alias(f"{out}length"),
        reason.cast(nw.String).alias(f"{out}reason"),
        kind.cast(nw.String).alias(f"{out}type"),
    )


def _date_context(frame: Any, subject: str, out: str, ref: dt.date) -> Any:
    """Add ``{out}date``: the date of digits 7-12 as the scalar parser shows it.

    ``DD-MM-YYYY``, the day without a woman's +40, the century resolved against *ref*
    (a KK date before 1970 that would lie a century back is this century's).
    """
    d = nw.col(f"{out}digits")
    frame = frame.with_columns(
        d.str.slice(6, 2).cast(nw.Int32).alias(f"{out}rawday"),
        d.str.slice(8, 2).cast(nw.Int32).alias(f"{out}mon"),
        d.str.slice(10, 2).cast(nw.Int32).alias(f"{out}yy"),
    )
    raw, month, yy = (nw.col(f"{out}{n}") for n in ("rawday", "mon", "yy"))
    day = raw
    if subject == "nik":
        day = nw.when((raw >= 41) & (raw <= 71)).then(raw - 40).otherwise(raw)
    frame = frame.with_columns(day.alias(f"{out}dd"))
    day = nw.col(f"{out}dd")
    base = ref.year - ((ref.year - yy) % 100)
    later = (month * 100 + day) > (ref.month * 100 + ref.day)
    frame = frame.with_columns(
        nw.when((base == ref.year) & later).then(base - 100).otherwise(base).alias(f"{out}year")
    )
    year = nw.col(f"{out}year")
    if subject == "kk":
        future = (year < 1970) & (year + 100 == ref.year)
        frame = frame.with_columns(
            nw.when(future).then(year + 100).otherwise(year).alias(f"{out}year")
        )
    return frame.with_columns(
        nw.concat_str(
            [
                day.cast(nw.String).str.zfill(2),
                nw.lit("-"),
                month.cast(nw.String).str.zfill(2),
                nw.lit("-"),
                nw.col(f"{out}year").cast(nw.String),
            ]
        ).alias(f"{out}date")
    )


def _pattern(d: nw.Expr) -> nw.Expr:
    """The dummy pattern's name of 16 digits (as :func:`dummy_pattern` names it)."""
    up, down = _runs()

    def period(p: int) -> nw.Expr:
        return d.str.slice(p, 16 - p) == d.str.slice(0, 16 - p)

    block = period(_PERIODS[0])
    for p in _PERIODS[1:]:
        block |= period(p)
    return (
        nw.when(period(1))
        .then(nw.lit("repeated digit"))
        .when(block)
        .then(nw.lit("repeating block"))
        .when(d.is_in(up))
        .then(nw.lit("ascending run"))
        .when(d.is_in(down))
        .then(nw.lit("descending run"))
    )


def _context_values(out: str, ref: dt.date | None, *, dated: bool) -> dict[str, nw.Expr]:
    """The context values of one identifier by key, from the staged ``{out}`` columns."""
    d = nw.col(f"{out}digits")
    regency, district = d.str.slice(0, 4), d.str.slice(0, 6)
    (reg_codes, reg_now), (dis_codes, dis_now) = _recoded_current()[4], _recoded_current()[6]
    values = {
        "length": nw.col(f"{out}length"),
        "reason": nw.col(f"{out}reason"),
        "alasan": nw.col(f"{out}reason").replace_strict(
            [r["reason"] for r in _reasons().values()],
            [r["alasan"] for r in _reasons().values()],
            default=None,
            return_dtype=nw.String,
        ),
        "type": nw.col(f"{out}type"),
        "pattern": _pattern(d),
        "province": d.str.slice(0, 2),
        "regency": regency,
        "district": district,
        "current_regency": regency.replace_strict(
            reg_codes, reg_now, default=None, return_dtype=nw.String
        ),
        "current_district": district.replace_strict(
            dis_codes, dis_now, default=None, return_dtype=nw.String
        ),
        "day": d.str.slice(6, 2),
        "month": d.str.slice(8, 2),
        "serial": d.str.slice(12, 4),
        "part": nw.col(f"{out}part"),
    }
    if dated and ref is not None:
        values["date"] = nw.col(f"{out}date")
    if ref is not None:
        values["reference_date"] = nw.lit(ref.isoformat(), dtype=nw.String)
    return values


def _filled(code: str, lang: Lang, values: dict[str, nw.Expr], *, unmasked: bool) -> nw.Expr:
    """The message of *code* with the *values* it names (personal ones only if unmasked)."""
    spec = CATALOGUE[code]
    parts = re.split(_PLACEHOLDER_SPLIT, spec.en if lang == "en" else spec.id)
    hidden = set() if unmasked else set(spec.personal)
    pieces: list[nw.Expr] = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            if part:
                pieces.append(nw.lit(part, dtype=nw.String))
            continue
        key = part
        if part == "current":  # the current code of a recoded regency or district
            key = "current_regency" if code.endswith("_regency_recoded") else "current_district"
        value = values.get(key)
        shown = value is not None and part not in hidden
        pieces.append(value.fill_null(_HIDDEN) if shown else nw.lit(_HIDDEN, dtype=nw.String))  # type: ignore[union-attr]
    return nw.concat_str(pieces)


def explode_messages(  # noqa: PLR0913 - keyword-only options
    frame: Any,
    codes_column: str,
    keep: list[str],
    cols: Mapping[str, str],
    *,
    present: Iterable[str],
    reference_date: dt.date | None,
    lang: Lang,
    unmasked: bool,
    originals: Callable[[str, object], object] | None = None,
) -> Any:
    """One row per (row, code) with the code's message for that row's own values.

    Args:
        frame: a narwhals frame with the *keep* columns (``row`` first: the source row
            number), the list column *codes_column* and the identifier columns.
        codes_column: the list column of issue codes.
        keep: the columns to keep next to ``code`` and ``message``.
        cols: the canonical-to-actual column mapping (``nik``, ``no_kk``).
        present: the codes that occur in the frame (others get no message).
        reference_date: the date the codes were found at (``date`` values need it).
        lang: the language of the messages.
        unmasked: fill in personal values (dates, serials) too.
        originals: maps (column, marker) to a pandas object the marker stands for.

    Returns:
        The frame exploded to ``*keep, code, message`` (empty code lists give a null
        code), in the rows' order on Polars.
    """
    present = [c for c in present if c in CATALOGUE]
    filled = [c for c in present if CATALOGUE[c].placeholders and _subject_of(c) is not None]
    subjects = sorted({s for c in filled if (s := _subject_of(c)) is not None})
    sources = {s: cols[n] for n, s in SUBJECTS.items() if n in cols and s in subjects}
    values: dict[str, dict[str, nw.Expr]] = {}
    staged: list[str] = []
    for subject, source in sources.items():
        out = f"{_CTX}{subject}_"
        frame = _read_context(frame, source, out, originals)
        dated = reference_date is not None and any(
            "date" in CATALOGUE[c].placeholders for c in filled if _subject_of(c) == subject
        )
        if dated:
            frame = _date_context(frame, subject, out, reference_date)  # type: ignore[arg-type]
        staged += [f"{out}digits", f"{out}length", f"{out}reason", f"{out}type"]
        staged += [f"{out}date"] if dated else []
        values[subject] = _context_values(out, reference_date, dated=dated)
    # Eager frames keep the rows' order through the explode: a row id tells the copies
    # of a code apart cheaply, and the filled messages are computed on their rows only.
    eager = isinstance(frame, nw.DataFrame)
    region_zero = any(c.endswith("_region_zero") for c in filled) and bool(sources)
    row_id = f"{_CTX}id"
    if eager and region_zero:
        frame = frame.with_row_index(row_id)
        staged.append(row_id)
    frame = frame.select(*keep, nw.col(codes_column).alias("code"), *staged).explode("code")
    code = nw.col("code")
    if region_zero:
        # A value with both region parts 00 has the code twice in a row, for the regency
        # and then the district; number the copies to tell them apart.
        if eager:
            same = (code == code.shift(1)) & (nw.col(row_id) == nw.col(row_id).shift(1))
            nth = nw.when(same).then(nw.lit(2)).otherwise(nw.lit(1))
        else:
            digits = [f"{_CTX}{s}_digits" for s in sources]
            nth = code.cum_count().over(keep[0], "code", *digits, order_by=keep[0])
        frame = frame.with_columns(nth.alias(f"{_CTX}nth"))
        frame = frame.with_columns(
            *(
                _region_part(nw.col(f"{_CTX}{s}_digits"), nw.col(f"{_CTX}nth")).alias(
                    f"{_CTX}{s}_part"
                )
                for s in sources
            )
        )
    static = code.replace_strict(
        present, [CATALOGUE[c].text(lang) for c in present], default=None, return_dtype=nw.String
    )
    chain: Any = None
    for c in filled:
        subject = _subject_of(c) or ""
        if subject not in values:
            continue
        then = _filled(c, lang, values[subject], unmasked=unmasked)
        chain = (nw.when(code == c) if chain is None else chain.when(code == c)).then(then)
    if chain is None:
        return frame.with_columns(static.alias("message")).select(*keep, "code", "message")
    if not eager:
        message = chain.otherwise(static).alias("message")
        return frame.with_columns(message).select(*keep, "code", "message")
    frame = frame.with_columns(static.alias("message"), code.is_in(filled).alias(f"{_CTX}fill"))
    positions = frame[f"{_CTX}fill"].arg_true()
    if len(positions):
        rows = frame.filter(nw.col(f"{_CTX}fill"))
        found = rows.select(chain.otherwise(nw.lit(None, dtype=nw.String)).alias("message"))
        frame = frame.with_columns(frame["message"].scatter(positions, found["message"]))
    return frame.select(*keep, "code", "message")


def _region_part(digits: nw.Expr, nth: nw.Expr) -> nw.Expr:
    """``regency`` or ``district``: the region part a ``*_region_zero`` copy is about."""
    regency_zero = digits.str.slice(2, 2) == "00"
    district_zero = digits.str.slice(4, 2) == "00"
    return (
        nw.when(regency_zero & district_zero)
        .then(nw.when(nth % 2 == 1).then(nw.lit("regency")).otherwise(nw.lit("district")))
        .when(regency_zero)
        .then(nw.lit("regency"))
        .otherwise(nw.lit("district"))
    )
