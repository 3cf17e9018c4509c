"""``check_table``: NIK/KK and cross-field checks over a whole frame.

The work runs in three steps on every engine, each written once against narwhals:

1. the identifier columns are read into 64-bit integers (rows that are not clean
   16-digit text are read on a frame of their own and attached back);
2. table-wide facts are gathered: the duplicated NIKs and the share of NIKs ending in 0;
3. every rule of a row becomes one bit of a mask, next to the parsed fields.

The few distinct masks are then decoded once into statuses and code lists. On Polars
(the embedded engine, also used for pandas and PyArrow input) only the columns the
checks need are worked on, and the results are attached to the caller's frame; on lazy
Polars input the result stays lazy, so it can be streamed to a file.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, Any

import attrs
import narwhals as nw

from bansos_validate import _arguments as _args
from bansos_validate import _frames
from bansos_validate.facts import PLACEHOLDER_DAYS, sex_expr
from bansos_validate.ids._dates import reference
from bansos_validate.intake import Manifest
from bansos_validate.intake._regions import region_code
from bansos_validate.intake._rows import key_maybe_blank
from bansos_validate.issues import CATALOGUE
from bansos_validate.table import _kernel as k
from bansos_validate.table._intake import (
    flag_rows,
    frame_height,
    map_table,
    region_notes,
    source_name,
    table_manifest,
)
from bansos_validate.table._kernel import parse_declared_date
from bansos_validate.table._messages import SUBJECTS as _SUBJECTS
from bansos_validate.table._messages import explode_messages
from bansos_validate.table._messages import object_originals as _object_originals
from bansos_validate.table._rules import bit, decode, status_of_codes, status_of_mask

if TYPE_CHECKING:
    import polars as pl

    from bansos_validate.issues import Lang
    from bansos_validate.schema import ColumnMap

__all__ = [
    "TableCheck",
    "check_table",
    "explode_messages",
    "parse_declared_date",
    "status_of_codes",
]

_TMP = "__bv_"
_INDEX = k.INDEX
_NIK = f"{_TMP}nik"
_KK = f"{_TMP}kk"
_MASK = "__mask"
_DAMAGED_MIN_ROWS = 20
_DAMAGED_SHARE = 0.5
_PARSED = (
    "nik_birth_date",
    "nik_sex",
    "nik_district_code",
    "nik_district_name",
    "kk_issue_date",
    "kk_district_code",
)


@attrs.frozen
class TableCheck:
    """The result of :func:`check_table`.

    Attributes:
        frame: the input columns unchanged, then ``row``, ``status``, ``issue_codes`` and
            the parsed fields, in the input's frame type, one row per input row in order.
        reference_date: the date used for centuries and ages.
        columns: the canonical-to-actual column mapping that was used.
        manifest: how the table was read (which header fed which column, rows that are not
            records), which checks ran and which were skipped for want of a column.
    """

    frame: Any = attrs.field(repr=False)
    reference_date: dt.date
    columns: dict[str, str]
    _nw: Any = attrs.field(repr=False, alias="_nw")
    _export: Any = attrs.field(default=None, repr=False, alias="_export")
    _row: str = attrs.field(default="row", repr=False, alias="_row")
    manifest: Manifest = attrs.field(factory=Manifest, repr=False, kw_only=True)

    @property
    def summary(self) -> dict[str, Any]:
        """Counts per status, per issue code, per district and per village (Polars frames).

        The village is ``kode_wilayah`` (separators removed); the district is its first
        six digits, or the NIK's district when there is no village code.
        """
        return _summary(self._nw, self.columns)

    @property
    def issues(self) -> Any:
        """One row per (row, issue): ``row``, ``field``, ``code``, ``severity``, ``message``.

        The messages are in Bahasa Indonesia and carry the row's own values that are safe
        to show (``NIK harus 16 digit, bukan 15.``: a length, a day or month number, a
        region code, a dummy pattern); personal values (a birth or issue date, a serial)
        are shown as ``…``. They equal the scalar parser's
        ``issue.message(unmasked=False)`` for the same value.
        """
        issues = _issues(self._nw, self._row, self.columns, self.reference_date, self.frame)
        return self._export(issues) if self._export is not None else issues

    def findings(
        self, lang: Lang = "id", *, unmasked: bool = False, source: str = "persons"
    ) -> pl.DataFrame:
        """One row per (row, issue code), in the library's findings schema (a Polars frame).

        Columns: ``check`` (``nik_kk``), ``source``, ``row`` (the source row number),
        ``nik`` and ``no_kk`` (masked unless *unmasked*), ``kode_wilayah``, ``code``,
        ``severity``, ``message`` (in *lang*, with the row's own values that are safe to
        show), ``detail`` and ``action`` (empty here).

        Args:
            lang: ``"id"`` (default) or ``"en"``.
            unmasked: keep NIK and KK numbers, and personal values in the messages.
            source: the input's name in the ``source`` column.

        Raises:
            InvalidArgument: *lang*, *unmasked* or *source* is not what it should be.

        .. versionadded:: 0.1.0
        """
        from bansos_validate.table._findings import issue_findings  # noqa: PLC0415 - cycle

        return issue_findings(
            self.frame,
            self.columns,
            "issue_codes",
            check="nik_kk",
            source=_args.text("source", source),
            lang=_args.lang(lang),
            unmasked=_args.flag("unmasked", unmasked),
            reference_date=self.reference_date,
        )

    def _fragment(self, lang: Lang) -> str:
        """A small HTML view (counts per status and the most frequent codes)."""
        from bansos_validate._present._findings import STATUSES, codes_count  # noqa: PLC0415
        from bansos_validate._present._fragment import codes_chart, wrap  # noqa: PLC0415
        from bansos_validate._present._text import number, say  # noqa: PLC0415

        summary = self.summary
        status = {str(s): int(c) for s, c in summary["status"].iter_rows()}
        # Rows that are not records (blank, totals, signatures) are counted apart.
        statuses = (*STATUSES, "skipped")
        pairs = [(say(s, lang), number(status.get(s, 0), lang)) for s in statuses]
        codes = codes_count(summary["codes"])
        return wrap(f"TableCheck · {say('nik_kk', lang)}", pairs, codes_chart(codes))

    def _repr_html_(self) -> str:
        return self._fragment("id")


def _summary(frame: Any, cols: dict[str, str]) -> dict[str, Any]:
    import polars as pl  # noqa: PLC0415 - summaries are small; Polars is the default engine

    village = _village(cols)
    district = nw.when(village.str.len_chars() >= 6).then(village.str.slice(0, 6))
    if "nik" in cols:
        district = district.fill_null(nw.col("nik_district_code"))
    frame = frame.with_columns(village.alias("__village"), district.alias("__district"))
    status = k.collect(frame.group_by("status").agg(nw.len().alias("count")))
    combos = k.collect(frame.group_by(_MASK).agg(nw.len().alias("count")))
    counter: Counter[str] = Counter()
    for mask, count in zip(combos[_MASK].to_list(), combos["count"].to_list(), strict=True):
        for code in decode(int(mask or 0)):
            counter[code] += count
    by_code = pl.DataFrame(
        {
            "code": list(counter),
            "severity": [CATALOGUE[c].severity.value for c in counter],
            "count": list(counter.values()),
        },
        schema={"code": pl.String, "severity": pl.String, "count": pl.Int64},
    ).sort(["count", "code"], descending=[True, False])
    places = k.collect(
        frame.group_by("__district", "__village", "status").agg(nw.len().alias("count"))
    ).to_polars()
    wide = places.pivot(on="status", index=["__district", "__village"], values="count").fill_null(0)
    statuses = ("valid", "warning", "invalid", "excel_damaged", "skipped")
    for name in statuses:
        if name not in wide.columns:
            wide = wide.with_columns(pl.lit(0, dtype=pl.UInt32).alias(name))
    # "rows" counts records: rows that are not records (skipped) are counted apart.
    wide = wide.select(
        pl.col("__district").alias("district_code"),
        pl.col("__village").alias("kode_wilayah"),
        *(pl.col(n).cast(pl.Int64) for n in statuses),
    ).with_columns(rows=pl.sum_horizontal(*statuses[:4]))
    by_district = (
        wide.group_by("district_code")
        .agg(pl.col(*statuses, "rows").sum())
        .sort("district_code", nulls_last=True)
    )
    return {
        "status": status.to_polars().sort("status"),
        "codes": by_code,
        "district": by_district,
        "village": wide.sort(["district_code", "kode_wilayah"], nulls_last=True),
    }


def _issues(frame: Any, row: str, cols: dict[str, str], ref: dt.date, public: Any = None) -> Any:
    """One row per (row, code) of a checked frame (with the ``__mask`` helper).

    The messages carry each row's safe context values (:func:`explode_messages`).
    *public* is the result frame the caller sees: for pandas input its identifier
    columns hold the Python objects that the checked frame replaced with markers.
    """
    codes = list(CATALOGUE)
    fields = [
        "tanggal_lahir"
        if c.startswith("tanggal_lahir")
        else "jenis_kelamin"
        if c.startswith("jenis_kelamin")
        else ("no_kk" if c.startswith("kk_") else "nik")
        for c in codes
    ]
    masks = k.collect(frame.select(_MASK).unique())[_MASK].to_list()
    present = sorted({c for m in masks if m for c in decode(int(m))})
    rows = frame.filter(nw.col(_MASK) != 0).select(
        nw.col(row).alias("row"),
        nw.col("issue_codes"),
        *(nw.col(c) for c in dict.fromkeys(v for n, v in cols.items() if n in _SUBJECTS)),
    )
    exploded = explode_messages(
        rows,
        "issue_codes",
        ["row"],
        cols,
        present=present,
        reference_date=ref,
        lang="id",
        unmasked=False,
        originals=_object_originals(public),
    )
    out = exploded.with_columns(
        nw.col("code")
        .replace_strict(codes, fields, default=None, return_dtype=nw.String)
        .alias("field"),
        nw.col("code")
        .replace_strict(
            codes,
            [CATALOGUE[c].severity.value for c in codes],
            default=None,
            return_dtype=nw.String,
        )
        .alias("severity"),
    ).select("row", "field", "code", "severity", "message")
    return out.to_native()


# Messages with each row's own values ---------------------------------------------------
#
# A code's message template names context values (``{length}``, ``{day}``, ``{district}``)
# that the scalar parsers put in each issue's context. A table result keeps only the
# codes, so the values are computed again, vectorised, from the row's own NIK or KK value:
# the same cleaning as the reader (spaces, dots, dashes, an Excel quote; float text; a
# scalar read of values with characters outside printable ASCII), then slices of the 16
# digits. Only values that are safe to show are filled in unless the caller unmasks.


def _add_index(frame: Any) -> Any:
    return _frames.add_index(frame, _INDEX)


Rules = list[tuple[nw.Expr, str]]


def _village(cols: dict[str, str]) -> nw.Expr:
    if "kode_wilayah" not in cols:
        return nw.lit(None, dtype=nw.String)
    return region_code(nw.col(cols["kode_wilayah"]))


def _nik_facts(frame: Any, value: nw.Expr) -> tuple[nw.Expr, int, int]:
    """Table-wide facts of the NIK column, in one pass over it.

    Returns the condition 'this usable NIK occurs on another row too', the number of
    usable NIKs and the number of them ending in 0.
    """
    if not _frames.kind_of(frame).polars:
        facts = k.collect(
            frame.select(
                (~value.is_null()).cast(nw.Int64).sum().alias("n"),
                (value % 10 == 0).fill_null(value=False).cast(nw.Int64).sum().alias("z"),
            )
        )
        duplicated = ~value.is_null() & value.is_duplicated()
        return duplicated, int(facts["n"][0] or 0), int(facts["z"][0] or 0)
    # Polars: sort the NIKs once and keep the values equal to their predecessor; a
    # membership test against those few is far cheaper than a hash group-by of every row.
    ordered = k.collect(frame.select(value.alias("v")).filter(~nw.col("v").is_null()).sort("v"))
    series = ordered["v"]
    repeated = series.filter(series == series.shift(1)).unique().to_list()
    zeros = int((series % 10 == 0).sum())
    return value.is_in(repeated), len(series), zeros


def _nik_rules(frame: Any, cols: dict[str, str]) -> Rules:
    """Duplicates, a column damaged as a whole, NIK equal to the KK number."""
    if "nik" not in cols:
        return []
    value = nw.col(f"{_NIK}_v")
    duplicated, n_usable, n_zero = _nik_facts(frame, value)
    rules: Rules = [(duplicated, "nik_duplicate")]
    # About one serial in ten ends in 0; a column where half do lost its 16th digit.
    if n_usable >= _DAMAGED_MIN_ROWS and n_zero >= _DAMAGED_SHARE * n_usable:
        rules.append((value % 10 == 0, "nik_column_damaged"))
    if "no_kk" in cols:
        rules.append((value == nw.col(f"{_KK}_v"), "nik_equals_kk"))
    return rules


def _placeholder(day: nw.Expr, month: nw.Expr) -> nw.Expr:
    """Whether (day, month) is a placeholder birth date (:data:`facts.PLACEHOLDER_DAYS`)."""
    found = nw.lit(value=False)
    for d, m in sorted(PLACEHOLDER_DAYS):
        found = found | ((day == d) & (month == m))
    return found


_ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _declared_date(frame: Any, source: str, out: str) -> Any:
    """:func:`parse_declared_date`, with a fast path for ISO text on Polars.

    Rows of exact ``YYYY-MM-DD`` text are read as one number each; the others (day-first
    dates, surrounding space, junk) are read by :func:`parse_declared_date` on a frame
    of their own and attached back by row index.
    """
    col = nw.col(source)
    if not _frames.kind_of(frame).polars or frame.collect_schema()[source] != nw.String:
        return parse_declared_date(frame, source, out)
    small = k.rows_apart(frame, ~col.str.contains(_ISO_DATE) & ~col.is_null(), [source])
    if small is None:
        return parse_declared_date(frame, source, out)
    if len(small):
        small = parse_declared_date(small, source, out)
        y, m, d = (nw.col(f"{out}_{p}") for p in "ymd")
        # YYYYMMDD for a date, -1 for unreadable text, -2 for blank text.
        small = small.with_columns(
            nw.when(nw.col(f"{out}_ok"))
            .then(y.cast(nw.Int64) * 10_000 + m * 100 + d)
            .when(nw.col(f"{out}_bad"))
            .then(nw.lit(-1, dtype=nw.Int64))
            .otherwise(nw.lit(-2, dtype=nw.Int64))
            .alias(f"{out}_n")
        )
    frame = frame.with_columns(k.by_index(small, f"{out}_n").alias(f"{out}_apart"))
    apart = nw.col(f"{out}_apart")
    # Only ISO text reaches the cast (older Polars evaluate a cast on masked-out rows too).
    iso_text = nw.when(apart.is_null() & ~col.is_null()).then(col)
    iso = iso_text.str.replace_all("-", "", literal=True).cast(nw.Int64)
    frame = frame.with_columns(
        nw.when(~apart.is_null()).then(apart).otherwise(iso).alias(f"{out}_n")
    )
    n = nw.col(f"{out}_n")
    year, month, day = n // 10_000, n // 100 % 100, n % 100
    frame = frame.with_columns(
        (
            (n >= 0)
            & (month >= 1)
            & (month <= 12)
            & (day >= 1)
            & (year >= 1)
            & (day <= k._days_in_month(year, month))  # noqa: SLF001 - same package
        ).alias(f"{out}_ok")
    )
    ok = nw.col(f"{out}_ok")
    return frame.with_columns(
        k.safe_date(year, month, day, ok, integer_cast=True).alias(out),
        ((n == -1) | ((n >= 0) & ~ok)).fill_null(value=False).alias(f"{out}_bad"),
        nw.when(ok).then(day).cast(nw.Int32).alias(f"{out}_d"),
        nw.when(ok).then(month).cast(nw.Int32).alias(f"{out}_m"),
        nw.when(ok).then(year).cast(nw.Int32).alias(f"{out}_y"),
    )


def _birth_date_rules(frame: Any, cols: dict[str, str], ref: dt.date) -> tuple[Any, Rules]:
    """tanggal_lahir readable, not in the future, not over 110; agreeing with the NIK."""
    if "tanggal_lahir" not in cols:
        return frame, []
    frame = _declared_date(frame, cols["tanggal_lahir"], f"{_TMP}dob")
    dob = nw.col(f"{_TMP}dob")
    oldest = dt.date(ref.year - 111, ref.month, min(ref.day, 28)) if ref.year > 111 else dt.date.min
    rules: Rules = [
        (nw.col(f"{_TMP}dob_bad"), "tanggal_lahir_unreadable"),
        (dob > nw.lit(ref), "tanggal_lahir_in_future"),
        (dob < nw.lit(oldest), "tanggal_lahir_over_110"),
    ]
    if "nik" in cols:
        d_day, d_month = nw.col(f"{_TMP}dob_d"), nw.col(f"{_TMP}dob_m")
        d_yy = nw.col(f"{_TMP}dob_y") % 100
        n_day, n_month, n_yy = (nw.col(f"{_NIK}_{p}") for p in ("day", "month", "yy"))
        comparable = ~dob.is_null() & ~nw.col(f"{_NIK}_date_value").is_null()
        same = (d_day == n_day) & (d_month == n_month) & (d_yy == n_yy)
        swapped = (d_day == n_month) & (d_month == n_day) & (d_yy == n_yy)
        placeholder = _placeholder(d_day, d_month) | _placeholder(n_day, n_month)
        differs = comparable & ~same
        rules += [
            (differs & placeholder, "nik_birth_date_placeholder"),
            (differs & ~placeholder & swapped, "nik_birth_date_swapped"),
            (differs & ~placeholder & ~swapped, "nik_birth_date_mismatch"),
        ]
    return frame, rules


def _read_sex(raw: nw.Expr) -> tuple[nw.Expr, nw.Expr]:
    """Declared sex (``L``/``P`` or null) and 'unreadable' for a jenis_kelamin column.

    The words are :data:`bansos_validate.facts.SEX_WORDS`, read as
    :func:`bansos_validate.facts.read_sex` reads them.
    """
    sex = sex_expr(raw)
    return sex, ~raw.is_null() & (raw.str.strip_chars() != "") & sex.is_null()


def _declared_sex(frame: Any, source: str, out: str) -> Any:
    """Add ``{out}`` (``L``/``P`` or null) and ``{out}_bad`` (unreadable).

    On Polars the usual one-letter values are read directly and the others on a frame of
    their own, attached back by row index.
    """
    raw = nw.col(source).cast(nw.String)
    small = None
    if _frames.kind_of(frame).polars:
        small = k.rows_apart(frame, ~raw.is_in(["L", "P"]) & ~raw.is_null(), [source])
    if small is None:
        sex, bad = _read_sex(raw)
        return frame.with_columns(sex.alias(out), bad.alias(f"{out}_bad"))
    if len(small):
        sex, bad = _read_sex(raw)
        # 1 for L, 2 for P, 3 for unreadable, 0 for blank.
        small = small.with_columns(
            nw.when(sex == "L")
            .then(nw.lit(1, dtype=nw.Int64))
            .when(sex == "P")
            .then(nw.lit(2, dtype=nw.Int64))
            .when(bad)
            .then(nw.lit(3, dtype=nw.Int64))
            .otherwise(nw.lit(0, dtype=nw.Int64))
            .alias(f"{out}_code")
        )
    frame = frame.with_columns(k.by_index(small, f"{out}_code").alias(f"{out}_code"))
    code = (
        nw.when(raw == "L")
        .then(nw.lit(1, dtype=nw.Int64))
        .when(raw == "P")
        .then(nw.lit(2, dtype=nw.Int64))
        .otherwise(nw.col(f"{out}_code"))
    )
    frame = frame.with_columns(code.alias(f"{out}_code"))
    code = nw.col(f"{out}_code")
    return frame.with_columns(
        nw.when(code == 1).then(nw.lit("L")).when(code == 2).then(nw.lit("P")).alias(out),
        (code == 3).fill_null(value=False).alias(f"{out}_bad"),
    )


def _sex_rules(frame: Any, cols: dict[str, str]) -> tuple[Any, Rules]:
    """jenis_kelamin readable and agreeing with the NIK's day."""
    if "jenis_kelamin" not in cols:
        return frame, []
    frame = _declared_sex(frame, cols["jenis_kelamin"], f"{_TMP}sex")
    declared = nw.col(f"{_TMP}sex")
    rules: Rules = [(nw.col(f"{_TMP}sex_bad"), "jenis_kelamin_unreadable")]
    if "nik" in cols:
        nik_sex = nw.col(f"{_NIK}_sex")
        rules.append(
            (~declared.is_null() & ~nik_sex.is_null() & (declared != nik_sex), "nik_sex_mismatch")
        )
    return frame, rules


def _place_rules(frame: Any, cols: dict[str, str]) -> Rules:
    """The KK's issuing district against the district of kode_wilayah."""
    if "kode_wilayah" not in cols or "no_kk" not in cols:
        return []
    village = _village(cols)
    usable = ~nw.col(f"{_KK}_v").is_null()
    prefix = k.prefix_text(frame, _KK, cols["no_kk"], usable)
    mismatch = usable & (village.str.len_chars() >= 6) & (village.str.slice(0, 6) != prefix)
    return [(mismatch, "kk_region_mismatch")]


def _subjects(cols: dict[str, str]) -> list[tuple[str, str, str]]:
    """(subject, column, prefix) of the identifier columns present."""
    return [
        (subject, cols[canonical], f"{_TMP}{subject}")
        for subject, canonical in (("nik", "nik"), ("kk", "no_kk"))
        if canonical in cols
    ]


def _decode_columns(frame: Any, masks: list[int]) -> list[nw.Expr]:
    """``status`` and ``issue_codes`` from the mask, for the distinct *masks* of the table."""
    mask = nw.col(_MASK)
    empty = nw.lit([], dtype=nw.List(nw.String))
    # Every expression reads the mask, so that an eager select keeps the frame's height.
    valid: nw.Expr = nw.when(~mask.is_null()).then(nw.lit("valid"))
    if not masks:
        return [valid.alias("status"), nw.when(mask == 0).then(empty).alias("issue_codes")]
    # A when-chain of membership tests is far cheaper per row than a lookup.
    by_status: dict[str, list[int]] = {}
    for m in masks:
        by_status.setdefault(status_of_mask(m), []).append(m)
    status = valid
    for name in ("warning", "invalid", "excel_damaged", "skipped"):
        if by_status.get(name):
            status = nw.when(mask.is_in(by_status[name])).then(nw.lit(name)).otherwise(status)
    found = [m for m in masks if m]
    codes: nw.Expr
    if not found:
        codes = nw.when(mask == 0).then(empty)
    elif _frames.kind_of(frame).polars:
        lists = [list(decode(m)) for m in found]
        codes = (
            nw.when(mask == 0)
            .then(empty)
            .otherwise(
                mask.replace_strict(found, lists, default=None, return_dtype=nw.List(nw.String))
            )
        )
    else:
        joined = [k.SEP.join(decode(m)) for m in found]
        text = mask.replace_strict(found, joined, default="", return_dtype=nw.String)
        codes = nw.when(mask == 0).then(empty).otherwise(text.str.split(k.SEP))
    return [status.alias("status"), codes.alias("issue_codes")]


def _parsed_fields(cols: dict[str, str]) -> list[nw.Expr]:
    """The parsed NIK and KK fields of the result frame."""
    extra: list[nw.Expr] = []
    if "nik" in cols:
        extra += [
            nw.col(f"{_NIK}_date_value").alias("nik_birth_date"),
            nw.col(f"{_NIK}_sex").alias("nik_sex"),
            nw.col(f"{_NIK}_district").alias("nik_district_code"),
            nw.col(f"{_NIK}_name").alias("nik_district_name"),
        ]
    if "no_kk" in cols:
        extra += [
            nw.col(f"{_KK}_date_value").alias("kk_issue_date"),
            nw.col(f"{_KK}_district").alias("kk_district_code"),
        ]
    return extra


def _flag_after_reading(
    frame: Any, cols: dict[str, str], given: dict[str, str], content: Any
) -> Any:
    """The rows that are not records, from the identifier reading's clean values.

    A row with a clean 16-digit identifier is a record; the others (few in a real
    roster) are classified on *content*, the caller's frame with every column.
    """
    import polars as pl  # noqa: PLC0415 - eager Polars only

    names = frame.collect_schema().names()
    tests = []
    for _, column, out in _subjects(cols):
        clean = f"{out}_cv" if f"{out}_cv" in names else f"{out}_v"
        tests.append(pl.col(clean).is_null() if clean in names else pl.col(column).is_null())
    if not tests:
        return None
    maybe = pl.all_horizontal(*tests)
    found = (
        frame.to_native()
        .select(
            pl.col(_INDEX).filter(~maybe).max().alias("last"),
            pl.col(_INDEX).filter(maybe).implode().alias("cand"),
        )
        .collect()
    )
    coarse = ([int(i) for i in found["cand"][0]], found["last"][0])
    return flag_rows(content, given, coarse=coarse)


def _categories_as_text(frame: Any, cols: dict[str, str]) -> tuple[Any, dict[str, str]]:
    """Read categorical NIK/KK columns as their text, in a working column.

    Pandas ``category``, Polars ``Categorical``/``Enum`` and Parquet dictionaries; the
    caller's column stays as it is.
    """
    schema = frame.collect_schema()
    work = dict(cols)
    for canonical in ("nik", "no_kk"):
        column = cols.get(canonical)
        if column is not None and schema[column] in (nw.Categorical, nw.Enum):
            text = f"{_TMP}text_{canonical}"
            frame = frame.with_columns(nw.col(column).cast(nw.String).alias(text))
            work[canonical] = text
    return frame, work


def _read_identifiers(
    frame: Any, cols: dict[str, str], objects: dict[str, dict[str, object]] | None, keep: list[str]
) -> Any:
    """Read the NIK and KK columns.

    On eager Polars (*keep* given) the clean values of both columns are found in one pass
    and kept with the *keep* columns; the rest of the reading stays lazy.
    """
    if keep:
        schema = frame.collect_schema()
        text = [(c, out) for _, c, out in _subjects(cols) if schema[c] == nw.String]
        frame = k.clean_values(frame, text).select(*keep, _INDEX, *(f"{out}_cv" for _, out in text))
        frame = k.materialize(frame)
    for subject, column, out in _subjects(cols):
        frame = k.read_identifier(frame, subject, column, out, (objects or {}).get(column, {}))
    if _frames.kind_of(frame).spark:
        frame = k.materialize(frame)
    return frame


def _check_nw(  # noqa: PLR0913, PLR0917 - internal: the frame and what the caller knows
    frame: Any,
    ref: dt.date,
    cols: dict[str, str],
    objects: dict[str, dict[str, object]] | None = None,
    flagged: Any = None,
    content: Any = None,
) -> tuple[Any, str, Any]:
    """Run every check on a narwhals frame.

    Returns the frame with the result columns and the ``__mask`` helper, the name of the
    source-row column (``row``, or ``source_row`` when the input has a non-integer
    ``row``), and the rows that are not records. *objects* maps a column to ``{marker:
    original value}`` for Python objects that a pandas ``object`` column held (numbers,
    dates): they are read by the scalar reader. *flagged* (Polars: ``index``, ``code``)
    are the rows that are not records: their only code is ``row_blank``, ``row_footer``
    or ``row_header``; on eager Polars they are found here when not given, from the
    identifier reading's first pass, in *content* (the frame with every column, default
    *frame*).
    """
    input_columns = list(frame.columns)
    schema = frame.collect_schema()
    has_row = "row" in schema and schema["row"].is_integer()
    # A non-integer "row" column of the input stays; the source row goes to "source_row".
    row_name = "source_row" if "row" in schema and not has_row else "row"
    ordered = [c for c in input_columns if not (has_row and c == "row")]
    local = isinstance(frame, nw.DataFrame) and _frames.kind_of(frame).polars
    source = frame
    needed: list[str] = []
    if local:
        # Work on the columns the checks read, in one lazy plan; attach the results after.
        needed = list(dict.fromkeys([*cols.values(), *(["row"] if has_row else [])]))
        frame = nw.from_native(frame.to_native().select(needed).with_row_index(_INDEX).lazy())
    else:
        frame = _add_index(frame)
    given_cols = dict(cols)
    frame, cols = _categories_as_text(frame, cols)
    if local:
        needed += [c for c in cols.values() if c not in needed]
    frame = _read_identifiers(frame, cols, objects, needed)
    if local and flagged is None:
        flagged = _flag_after_reading(frame, cols, given_cols, content or source)
    for subject, column, out in _subjects(cols):
        frame = k.check_identifier(frame, subject, out, ref, column)
    rules = _nik_rules(frame, cols)
    frame, birth = _birth_date_rules(frame, cols, ref)
    frame, sex = _sex_rules(frame, cols)
    rules += birth + sex + _place_rules(frame, cols)
    mask = k.mask_expr(rules)
    for _, _, out in _subjects(cols):
        mask += nw.col(f"{out}_mask")
    mask = _not_records(mask, flagged)
    row = nw.col("row") if has_row else (nw.col(_INDEX) + 1).cast(nw.Int64)
    # The input columns travel along on lazy engines; eager Polars input gets the results
    # attached at the end, without copying its columns.
    carried = [] if local else ordered
    frame = frame.select(
        *carried, _INDEX, row.alias(row_name), *_parsed_fields(cols), mask.alias(_MASK)
    )
    parsed = [n for n in _PARSED if n in frame.collect_schema()]
    if local:
        # Compute the results once; decode the few distinct masks on the mask column alone.
        # The columns are put together without copying (Polars Series are shared).
        done = frame.to_native().collect(engine="streaming")
        masks = sorted(int(m) for m in done[_MASK].unique().to_list())
        # On the mask column alone the in-memory engine builds the lists about twice as
        # fast as the streaming one.
        decoded = nw.from_native(type(done)([done[_MASK]]).lazy()).select(
            *_decode_columns(frame, masks)
        )
        columns = [
            done[row_name],
            *decoded.to_native().collect(engine="in-memory").get_columns(),
            *(done[c] for c in (*parsed, _MASK)),
        ]
        checked = nw.from_native(source.to_native().select(ordered).hstack(columns))
        return checked, row_name, flagged
    masks = sorted(int(m) for m in k.collect(frame.select(_MASK).unique())[_MASK].to_list())
    frame = frame.with_columns(*_decode_columns(frame, masks))
    results = [row_name, "status", "issue_codes", *parsed, _MASK]  # the mask last
    frame = frame.select(*carried, *results, _INDEX)
    if not _frames.kind_of(frame).polars:
        frame = frame.sort(_INDEX)  # joins do not promise to keep row order
    frame = frame.drop(_INDEX)
    return (frame.collect() if isinstance(source, nw.DataFrame) else frame), row_name, flagged


def check_table(
    frame: Any,
    *,
    reference_date: dt.date | None = None,
    columns: dict[str, str] | None = None,
) -> TableCheck:
    """Check the NIK and KK columns of a table, and their agreement with the other columns.

    Args:
        frame: a pandas, Polars (eager or lazy), PyArrow, DuckDB or PySpark frame.
        reference_date: the date for centuries and ages (default today).
        columns: explicit ``{canonical: actual}`` column names; otherwise headers are
            matched by name and common aliases (``NIK``, ``NO KK``, ``TGL LAHIR``, ``JK``).

    Returns:
        A :class:`TableCheck` whose ``frame`` is the same kind of frame as the input.

    Raises:
        SchemaError: neither a NIK nor a KK column was found, or an explicit column is
            missing (the message names it and the columns found).
        InvalidArgument: *frame* is not a dataframe, or *reference_date* not a date.
    """
    ref = reference(reference_date)
    _args.mapping("columns", columns)
    adopted = _frames.adopt(frame)
    wrapped = adopted.frame
    mapped = map_table(wrapped, columns, frame)
    cols = dict(mapped.columns)
    name = source_name(frame)
    if adopted.kind.local:
        return _check_via_polars(adopted, ref, cols, mapped, name)
    # Eager Polars: the rows that are not records are found from the identifier reading's
    # first pass (no pass of its own); other engines look for them first.
    local = adopted.kind is _frames.Kind.POLARS
    flagged = None if local else flag_rows(wrapped, cols)
    checked, row_name, flagged = _check_nw(wrapped, ref, cols, flagged=flagged)
    if isinstance(checked, nw.DataFrame) and _frames.kind_of(checked).polars:
        # Polars: drop the helper without an eager operation, which would copy every column
        # of a frame whose columns are chunked differently (input and results).
        native = checked.to_native()
        public = nw.from_native(type(native)(native.get_columns()[:-1]))
    else:
        public = checked.drop(_MASK)
    regions = region_notes(wrapped, mapped, name)
    manifest = table_manifest(name, mapped, frame, frame_height(wrapped), flagged, regions)
    return TableCheck(public.to_native(), ref, cols, checked, _row=row_name, manifest=manifest)


def _not_records(mask: nw.Expr, flagged: Any) -> nw.Expr:
    """The mask with the rows that are not records given their own code, and only it."""
    if flagged is None or not len(flagged):
        return mask
    blank = flagged.filter(flagged["code"] == "row_blank")["index"].to_list()
    footer = flagged.filter(flagged["code"] == "row_footer")["index"].to_list()
    header = flagged.filter(flagged["code"] == "row_header")["index"].to_list()
    out = mask
    if header:
        out = nw.when(nw.col(_INDEX).is_in(header)).then(nw.lit(bit("row_header"))).otherwise(out)
    if footer:
        out = nw.when(nw.col(_INDEX).is_in(footer)).then(nw.lit(bit("row_footer"))).otherwise(out)
    if blank:
        out = nw.when(nw.col(_INDEX).is_in(blank)).then(nw.lit(bit("row_blank"))).otherwise(out)
    return out.cast(nw.Int64)


def _check_via_polars(
    adopted: _frames.Adopted[Any], ref: dt.date, cols: dict[str, str], mapped: ColumnMap, name: str
) -> TableCheck:
    """Check pandas and PyArrow input: check the needed columns in Polars, attach the results."""
    import polars as pl  # noqa: PLC0415 - Polars is the embedded engine

    wrapped, native = adopted.frame, adopted.native
    needed = list(dict.fromkeys(cols.values()))
    if "row" in wrapped.columns and "row" not in needed:
        needed.append("row")  # integer: the source row; other types: kept, see source_row
    objects: dict[str, dict[str, object]] = {}
    pyarrow = adopted.kind is _frames.Kind.PYARROW
    if pyarrow:
        work = pl.DataFrame(pl.from_arrow(native.select(needed)))
    else:
        ids = {cols[c] for c in ("nik", "no_kk") if c in cols}
        work = pl.DataFrame(
            [
                _frames.pandas_column(c, native[c], objects=objects if c in ids else None)
                for c in needed
            ]
        )
    full = None
    if _maybe_not_records(work, cols):  # read every column only when some rows may be blank
        whole: pl.DataFrame = (
            pl.DataFrame(pl.from_arrow(native))
            if pyarrow
            else pl.DataFrame([_frames.pandas_column(str(c), native[c]) for c in native])
        )
        full = nw.from_native(whole)
    empty_flags = pl.DataFrame(schema={"index": pl.Int64, "code": pl.String, "row": pl.Int64})
    checked, row_name, flagged = _check_nw(
        nw.from_native(work), ref, cols, objects, None if full is not None else empty_flags, full
    )
    added = [c for c in checked.columns if c not in needed and c != _MASK]
    results = checked.select(added).to_native()
    regions = region_notes(wrapped, mapped, name)
    manifest = table_manifest(name, mapped, native, len(work), flagged, regions)
    return TableCheck(
        _frames.attach(native, adopted.kind, results),
        ref,
        cols,
        checked,
        _export=(lambda f: f.to_arrow()) if pyarrow else (lambda f: f.to_pandas()),
        _row=row_name,
        manifest=manifest,
    )


def _maybe_not_records(work: Any, cols: dict[str, str]) -> bool:
    """Whether some rows of *work* (Polars) may have no identifier at all."""
    keys = [cols[c] for c in ("nik", "no_kk") if c in cols]
    if not keys or not work.height:
        return False
    schema = nw.from_native(work).collect_schema()
    maybe = nw.all_horizontal(*(key_maybe_blank(k_, schema[k_]) for k_ in keys), ignore_nulls=True)
    return bool(nw.from_native(work).select(maybe.any()).item())
