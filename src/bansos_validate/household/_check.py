"""``check_households``: roster consistency per family card (KK), on any frame."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import narwhals as nw

from bansos_validate import _arguments as _args
from bansos_validate import _frames, facts
from bansos_validate.ids._dates import reference
from bansos_validate.intake import CheckRun, Manifest, find_columns, reading_notes, reading_of
from bansos_validate.intake._keys import key_expr, key_text
from bansos_validate.issues import CATALOGUE, Severity
from bansos_validate.table import _kernel as k
from bansos_validate.table._intake import flag_rows, frame_height, source_name
from bansos_validate.table._kernel import parse_declared_date

if TYPE_CHECKING:
    from bansos_validate.issues import Lang

__all__ = ["CODES", "SHDK_WORDS", "HouseholdCheck", "check_households"]

_TMP = "__bvh_"
_INDEX = f"{_TMP}index"
_KK = f"{_TMP}kk"
_NIK = f"{_TMP}nik"
_ROLE = f"{_TMP}role"
_DOB = f"{_TMP}dob"
_CODES = f"{_TMP}codes"
_ROW = f"{_TMP}row"
_SKIP = f"{_TMP}skip"

_ADULT_YEARS = 16
_CHILD_GAP_YEARS = 12
_MAX_MEMBERS = 15

SHDK_WORDS: Mapping[str, str] = facts.SHDK_WORDS
"""Accepted SHDK spellings (upper case, single spaces) and the canonical role of each
(:data:`bansos_validate.facts.SHDK_WORDS`, the one list every check reads).

Numeric SHDK codes are not accepted: SIAK and the DTKS/Regsosek forms number the roles
differently, so a bare ``3`` could be ISTRI or ANAK.
"""

# (code, field) in reporting order; the severities live in the issue catalogue.
_FIELDS: dict[str, str] = {
    "household_kk_missing": "no_kk",
    "household_kk_unusable": "no_kk",
    "household_relationship_unknown": "hubungan_keluarga",
    "household_head_missing": "hubungan_keluarga",
    "household_head_multiple": "hubungan_keluarga",
    "household_spouse_multiple": "hubungan_keluarga",
    "household_head_deceased": "status_hidup",
    "household_head_underage": "tanggal_lahir",
    "household_spouse_underage": "tanggal_lahir",
    "household_child_age_gap": "tanggal_lahir",
    "household_nik_in_two_kks": "nik",
    "household_size_large": "no_kk",
    "household_member_region_differs": "nik",
}
CODES: tuple[str, ...] = tuple(_FIELDS)
"""Every code :func:`check_households` reports, in reporting order."""

HOUSEHOLD_CHECK_COLUMNS = (
    "no_kk",
    "hubungan_keluarga",
    "nik",
    "tanggal_lahir",
    "status_hidup",
)
"""The canonical columns :func:`check_households` reads."""

# (check, the canonical columns it needs)
_HOUSEHOLD_CHECKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("household_structure", ("no_kk", "hubungan_keluarga")),
    ("household_head_deceased", ("no_kk", "hubungan_keluarga", "status_hidup")),
    ("household_ages", ("no_kk", "hubungan_keluarga", "tanggal_lahir")),
    ("household_nik_in_two_kks", ("no_kk", "nik")),
    ("household_member_region_differs", ("no_kk", "nik")),
)


@attrs.frozen
class HouseholdCheck:
    """The result of :func:`check_households`.

    Attributes:
        frame: the input columns unchanged, then ``row`` and ``household_issue_codes``
            (list of codes), one row per input row in input order, in the input's frame type.
        households: one row per usable KK number: ``no_kk`` (16 digits, as compared),
            ``members``, ``status`` (``valid``/``warning``/``invalid``) and ``issue_codes``
            (the codes of any of its members), in the input's frame type.
        reference_date: the date used for ages.
        columns: the canonical-to-actual column mapping that was used.
        manifest: how the roster was read (header to column, rows that are not records)
            and which checks ran.
    """

    frame: Any = attrs.field(repr=False)
    households: Any = attrs.field(repr=False)
    reference_date: dt.date
    columns: dict[str, str]
    _nw: Any = attrs.field(repr=False, alias="_nw")
    _export: Any = attrs.field(default=None, repr=False, alias="_export")
    manifest: Manifest = attrs.field(factory=Manifest, repr=False, kw_only=True)

    @property
    def issues(self) -> Any:
        """One row per (row, issue).

        Columns: ``row``, ``no_kk``, ``field``, ``code``, ``severity``, ``message``.
        The messages are the Bahasa Indonesia texts of the catalogue (household codes
        have no per-row values to fill in).
        """
        issues = _issues(self._nw)
        return self._export(issues) if self._export is not None else issues

    @property
    def summary(self) -> dict[str, Any]:
        """Figures of the check, JSON-ready.

        Keys: ``households`` (how many KK numbers), ``status`` (households per status:
        ``valid``, ``warning``, ``invalid``) and ``codes`` (``code``, ``severity``,
        ``count`` of households, most frequent first).

        .. versionadded:: 0.1.0
        """
        import polars as pl  # noqa: PLC0415 - summaries are small; Polars is the default

        from bansos_validate._present._frames import polars  # noqa: PLC0415

        households = polars(self.households)
        status = dict.fromkeys(("valid", "warning", "invalid"), 0)
        for s, n in households.group_by("status").len().iter_rows():
            status[str(s)] = int(n)
        codes = (
            households.select(pl.col("issue_codes").alias("code"))
            .explode("code")
            .drop_nulls()
            .group_by("code")
            .len("count")
            .sort(["count", "code"], descending=[True, False])
        )
        return {
            "households": households.height,
            "status": status,
            "codes": [
                {"code": c, "severity": CATALOGUE[c].severity.value, "count": int(n)}
                for c, n in codes.iter_rows()
            ],
        }

    def findings(
        self, lang: Lang = "id", *, unmasked: bool = False, source: str = "persons"
    ) -> Any:
        """One row per (row, household issue code), in the library's findings schema.

        The columns are those of :meth:`bansos_validate.table.TableCheck.findings`, with
        ``check`` ``household`` (a Polars frame).

        Args:
            lang: ``"id"`` (default) or ``"en"``.
            unmasked: keep NIK and KK numbers unmasked.
            source: the input's name in the ``source`` column.

        Raises:
            InvalidArgument: *lang*, *unmasked* or *source* is not what it should be.

        .. versionadded:: 0.1.0
        """
        from bansos_validate.table._findings import issue_findings  # noqa: PLC0415

        return issue_findings(
            self.frame,
            self.columns,
            "household_issue_codes",
            check="household",
            source=_args.text("source", source),
            lang=_args.lang(lang),
            unmasked=_args.flag("unmasked", unmasked),
            reference_date=self.reference_date,
        )

    def _fragment(self, lang: Lang) -> str:
        """A small HTML view (households per status and the most frequent codes)."""
        from bansos_validate._present._fragment import codes_chart, wrap  # noqa: PLC0415
        from bansos_validate._present._text import number, say  # noqa: PLC0415

        info = self.summary
        pairs = [(say("households", lang), number(info["households"], lang))]
        pairs += [(say(s, lang), number(c, lang)) for s, c in info["status"].items()]
        return wrap(
            f"HouseholdCheck · {say('household_checks', lang)}", pairs, codes_chart(info["codes"])
        )

    def _repr_html_(self) -> str:
        return self._fragment("id")


def _issues(frame: Any) -> Any:
    codes = list(CODES)
    exploded = (
        frame.select(
            nw.col(_ROW).alias("row"),
            nw.col(_KK).alias("no_kk"),
            nw.col("household_issue_codes").alias("code"),
        )
        .filter(nw.col("code").list.len() > 0)
        .explode("code")
    )

    def lookup(values: list[str]) -> nw.Expr:
        return nw.col("code").replace_strict(codes, values, default=None, return_dtype=nw.String)

    out = exploded.with_columns(
        lookup([_FIELDS[c] for c in codes]).alias("field"),
        lookup([CATALOGUE[c].severity.value for c in codes]).alias("severity"),
        # No household code names a context value (a test holds them to it); text()
        # would show one as "…" rather than a raw placeholder.
        lookup([CATALOGUE[c].text("id") for c in codes]).alias("message"),
    ).select("row", "no_kk", "field", "code", "severity", "message")
    return out.to_native()


def _add_index(frame: Any) -> Any:
    if isinstance(frame, nw.DataFrame) and _frames.kind_of(frame).polars:
        # One optimised lazy plan instead of one eager pass per stage.
        return _frames.add_index(frame.lazy(), _INDEX)
    return _frames.add_index(frame, _INDEX)


def _identifier_key(col: nw.Expr) -> nw.Expr:
    """Compact text of an identifier: no quote prefix, spaces, dashes or ``.0`` suffix."""
    return (
        col.cast(nw.String)
        .str.strip_chars()
        .str.replace_all(r"^'", "")
        .str.replace_all(r"[.,]0+$", "")
        .str.replace_all(r"[ \-]", "")
    )


_DIGITS = "0123456789"
_RUNS = sorted(
    {"".join(_DIGITS[(start + i) % 10] for i in range(16)) for start in range(10)}
    | {"".join(_DIGITS[(start - i) % 10] for i in range(16)) for start in range(10)}
)


def _dummy(nik: nw.Expr) -> nw.Expr:
    """Whether a 16-digit NIK is a filler pattern (the NIK reader's dummy table).

    The table is a repeated block of 1 to 4 digits, or an ascending or descending run: a
    string has period *p* when it equals itself shifted by *p*, which avoids comparing
    each row with the eleven thousand listed values.
    """
    periodic = [nik.str.slice(0, 16 - p) == nik.str.slice(p, 16 - p) for p in (2, 3, 4)]
    return periodic[0] | periodic[1] | periodic[2] | nik.is_in(_RUNS)


def _date_int(frame: Any, source: str, out: str) -> Any:
    """Add ``{out}`` = the birth date as the integer YYYYMMDD (null when unreadable).

    The text is read by ``check_table``'s parser (ISO, ``DD-MM-YYYY``, ``DD/MM/YYYY``, real
    calendar dates only), so both checks agree on what a readable ``tanggal_lahir`` is.
    """
    frame = parse_declared_date(frame, source, f"{out}_date")
    date = nw.col(f"{out}_date")
    year, month, day = (
        part.cast(nw.Int64) for part in (date.dt.year(), date.dt.month(), date.dt.day())
    )
    # Cast before the arithmetic: Polars returns the month and day as Int8.
    return frame.with_columns((year * 10000 + month * 100 + day).alias(out))


def _nik_date_int(frame: Any, ref: dt.date, out: str) -> Any:
    """Add ``{out}``: the NIK birth date as YYYYMMDD (:func:`facts.nik_birth_date`)."""
    usable = nw.col(f"{_NIK}_ok")
    digits = nw.when(usable).then(nw.col(_NIK))
    year, month, day = facts.nik_birth_date_parts(digits, ref)
    return frame.with_columns(
        (year.cast(nw.Int64) * 10000 + month.cast(nw.Int64) * 100 + day.cast(nw.Int64)).alias(out)
    )


def _rules(cols: dict[str, str], ref: dt.date, max_members: int, region_digits: int) -> Any:
    """Return ``[(condition, code), ...]`` over the prepared helper columns."""
    kk, role = nw.col(_KK), nw.col(_ROLE)
    has_kk = ~kk.is_null()
    head = (role == "KEPALA KELUARGA").fill_null(value=False)
    spouse = role.is_in(["ISTRI", "SUAMI"]).fill_null(value=False)
    heads, spouses, members = (nw.col(f"{_TMP}{n}") for n in ("heads", "spouses", "members"))
    raw_role = nw.col(cols["hubungan_keluarga"])
    rules: list[tuple[nw.Expr, str]] = [
        (nw.col(f"{_KK}_blank"), "household_kk_missing"),
        (~nw.col(f"{_KK}_blank") & ~has_kk, "household_kk_unusable"),
        (raw_role.is_null() | role.is_null(), "household_relationship_unknown"),
        (has_kk & (heads == 0), "household_head_missing"),
        (has_kk & head & (heads > 1), "household_head_multiple"),
        (has_kk & spouse & (spouses > 1), "household_spouse_multiple"),
    ]
    if "status_hidup" in cols:
        dead = (facts.life_status_expr(nw.col(cols["status_hidup"])) == facts.DEAD).fill_null(
            value=False
        )
        rules.append((has_kk & head & dead, "household_head_deceased"))
    dob = nw.col(_DOB)
    ref_int = ref.year * 10000 + ref.month * 100 + ref.day
    young = (ref_int - dob < _ADULT_YEARS * 10000).fill_null(value=False)
    gap = (dob - nw.col(f"{_TMP}youngest_parent") < _CHILD_GAP_YEARS * 10000).fill_null(value=False)
    rules += [
        (has_kk & head & young, "household_head_underage"),
        (has_kk & spouse & young, "household_spouse_underage"),
        (has_kk & (role == "ANAK").fill_null(value=False) & gap, "household_child_age_gap"),
    ]
    if "nik" in cols:
        nik_ok = nw.col(f"{_NIK}_ok")
        two = nw.col(f"{_TMP}kk_min") != nw.col(f"{_TMP}kk_max")
        nik, n = nw.col(_NIK), region_digits
        rules += [
            (has_kk & nik_ok & two.fill_null(value=False), "household_nik_in_two_kks"),
            (has_kk & (members > max_members), "household_size_large"),
            (
                has_kk & nik_ok & (nik.str.slice(0, n) != kk.str.slice(0, n)),
                "household_member_region_differs",
            ),
        ]
    else:
        rules.append((has_kk & (members > max_members), "household_size_large"))
    order = {c: i for i, c in enumerate(CODES)}
    return sorted(rules, key=lambda r: order[r[1]])


def _prepare(frame: Any, cols: dict[str, str], ref: dt.date) -> Any:
    """Add the key, role and birth-date helper columns.

    The KK number and the NIK are read as link keys (:mod:`bansos_validate.intake._keys`):
    all 16 digits, from text or from a number cell that kept them; rows that are not
    records (:data:`_SKIP`) have no key.
    """
    raw_kk = nw.col(cols["no_kk"])
    kk_text = _identifier_key(raw_kk)
    kk_key = key_text(key_expr(frame, cols["no_kk"], "KK"))
    skip = nw.col(_SKIP)
    frame = frame.with_columns(kk_text.alias(f"{_KK}_text"))
    text = nw.col(f"{_KK}_text")
    frame = frame.with_columns(
        ((text.is_null() | (text == "")) & ~skip).alias(f"{_KK}_blank"),
        nw.when(~skip).then(kk_key).alias(_KK),
    )
    role = facts.shdk_expr(nw.col(cols["hubungan_keluarga"]))
    frame = frame.with_columns(role.alias(_ROLE))
    if "nik" in cols:
        nik = key_text(key_expr(frame, cols["nik"], "NIK"))
        frame = frame.with_columns(nik.alias(_NIK))
        usable = nw.col(_NIK).str.contains(r"^[0-9]{16}$").fill_null(value=False) & ~_dummy(
            nw.col(_NIK)
        ).fill_null(value=False)
        frame = frame.with_columns(usable.alias(f"{_NIK}_ok"))
        frame = _nik_date_int(frame, ref, f"{_TMP}nikdob")
    nik_dob = nw.col(f"{_TMP}nikdob") if "nik" in cols else nw.lit(None, dtype=nw.Int64)
    if "tanggal_lahir" in cols:
        frame = _date_int(frame, cols["tanggal_lahir"], f"{_TMP}decl")
        dob = nw.col(f"{_TMP}decl").fill_null(nik_dob) if "nik" in cols else nw.col(f"{_TMP}decl")
    else:
        dob = nik_dob
    return frame.with_columns(dob.cast(nw.Int64).alias(_DOB))


def _windows(frame: Any, cols: dict[str, str]) -> Any:
    """Per-KK (and per-NIK) counts as window columns."""
    role = nw.col(_ROLE)
    head = (role == "KEPALA KELUARGA").fill_null(value=False)
    spouse = role.is_in(["ISTRI", "SUAMI"]).fill_null(value=False)
    frame = frame.with_columns(
        head.cast(nw.Int64).alias(f"{_TMP}is_head"),
        spouse.cast(nw.Int64).alias(f"{_TMP}is_spouse"),
        nw.when(head | spouse).then(nw.col(_DOB)).alias(f"{_TMP}parent_dob"),
        nw.lit(1, dtype=nw.Int64).alias(f"{_TMP}one"),
    )
    exprs = [
        nw.col(f"{_TMP}is_head").sum().over(_KK).alias(f"{_TMP}heads"),
        nw.col(f"{_TMP}is_spouse").sum().over(_KK).alias(f"{_TMP}spouses"),
        nw.col(f"{_TMP}one").sum().over(_KK).alias(f"{_TMP}members"),
        nw.col(f"{_TMP}parent_dob").max().over(_KK).alias(f"{_TMP}youngest_parent"),
    ]
    if "nik" in cols:
        frame = frame.with_columns(
            nw.when(nw.col(f"{_NIK}_ok")).then(nw.col(_NIK)).alias(f"{_NIK}_key")
        )
        exprs += [
            nw.col(_KK).min().over(f"{_NIK}_key").alias(f"{_TMP}kk_min"),
            nw.col(_KK).max().over(f"{_NIK}_key").alias(f"{_TMP}kk_max"),
        ]
    return frame.with_columns(*exprs)


def _severity_status(codes: nw.Expr) -> nw.Expr:
    def any_of(severity: Severity) -> nw.Expr:
        names = [c for c in CODES if CATALOGUE[c].severity is severity]
        pattern = "(^|,)(" + "|".join(re.escape(n) for n in names) + ")(,|$)"
        return codes.str.contains(pattern)

    return (
        nw.when(any_of(Severity.ERROR))
        .then(nw.lit("invalid"))
        .when(any_of(Severity.WARNING))
        .then(nw.lit("warning"))
        .otherwise(nw.lit("valid"))
    )


def _as_list(codes: nw.Expr) -> nw.Expr:
    return (
        nw.when(codes == "")
        .then(nw.lit([], dtype=nw.List(nw.String)))
        .otherwise(codes.str.split(k.SEP))
    )


def _check_nw(  # noqa: PLR0913, PLR0917 - internal
    frame: Any,
    ref: dt.date,
    cols: dict[str, str],
    max_members: int,
    region_digits: int,
    skip: list[int] | None = None,
) -> tuple[Any, Any]:
    """Run every check; return the person frame (with helpers) and the household frame.

    *skip* are the row indices that are not records (blank, footer): they get no code
    and belong to no household.
    """
    input_columns = list(frame.columns)
    schema = frame.collect_schema()
    has_row = "row" in schema and schema["row"].is_integer()
    eager = isinstance(frame, nw.DataFrame)
    frame = _add_index(frame)
    frame = frame.with_columns(
        (nw.col(_INDEX).is_in(skip) if skip else nw.lit(value=False)).alias(_SKIP)
    )
    frame = _prepare(frame, cols, ref)
    frame = k.materialize(_windows(frame, cols))
    rules = _rules(cols, ref, max_members, region_digits)
    frame = frame.with_columns(
        *(
            (cond.fill_null(value=False) & ~nw.col(_SKIP)).alias(f"{_TMP}c_{code}")
            for cond, code in rules
        )
    )
    flags = [(nw.col(f"{_TMP}c_{code}"), code) for _, code in rules]
    row = nw.col("row") if has_row else (nw.col(_INDEX) + 1).cast(nw.Int64)
    frame = frame.with_columns(k.codes_expr(flags).alias(_CODES), row.alias(_ROW))
    frame = frame.with_columns(_as_list(nw.col(_CODES)).alias("household_issue_codes"))
    row_name = "source_row" if "row" in schema and not has_row else "row"
    ordered = [c for c in input_columns if not (has_row and c == "row")]
    flag_names = [f"{_TMP}c_{code}" for _, code in rules]
    frame = frame.select(
        *ordered,
        nw.col(_ROW).alias(row_name),
        "household_issue_codes",
        _CODES,
        _ROW,
        _KK,
        _INDEX,
        _SKIP,
        *flag_names,
    ).sort(_INDEX)
    frame = k.materialize(frame)
    per_kk = [c for _, c in rules if c not in {"household_kk_missing", "household_kk_unusable"}]
    households = (
        frame.filter(~nw.col(_KK).is_null())
        .group_by(_KK)
        .agg(
            nw.col(f"{_TMP}c_{per_kk[0]}").cast(nw.Int64).count().alias("members"),
            *(nw.col(f"{_TMP}c_{c}").cast(nw.Int64).max().alias(f"{_TMP}h_{c}") for c in per_kk),
        )
    )
    hh_codes = k.codes_expr([(nw.col(f"{_TMP}h_{c}") == 1, c) for c in per_kk])
    households = households.with_columns(hh_codes.alias(_CODES))
    households = (
        households.select(
            nw.col(_KK).alias("no_kk"),
            nw.col("members").cast(nw.Int64),
            _severity_status(nw.col(_CODES)).alias("status"),
            _as_list(nw.col(_CODES)).alias("issue_codes"),
        )
        .sort("no_kk")
    )  # fmt: skip
    frame = frame.drop(*flag_names, _SKIP)
    if eager:
        return frame.collect(), households.collect()
    return frame, households


_MAX_MEMBERS_LIMIT = 1_000_000
"""The largest ``max_members`` (no family card lists more people)."""


def _check_args(max_members: int, region_digits: int, columns: object) -> None:
    _args.integer("max_members", max_members, minimum=1, maximum=_MAX_MEMBERS_LIMIT)
    if type(region_digits) is not int or region_digits not in (2, 4, 6):
        raise _args.fail("region_digits", "2, 4 or 6", region_digits)
    _args.mapping("columns", columns)


def check_households(
    persons: Any,
    *,
    reference_date: dt.date | None = None,
    columns: dict[str, str] | None = None,
    max_members: int = _MAX_MEMBERS,
    region_digits: int = 4,
) -> HouseholdCheck:
    """Check the roster consistency of every family card (KK) in a person table.

    Args:
        persons: one row per person, as a pandas, Polars (eager or lazy), PyArrow, DuckDB
            or PySpark frame, with at least ``no_kk`` and ``hubungan_keluarga`` (SHDK);
            ``nik``, ``tanggal_lahir`` and ``status_hidup`` enable more checks.
        reference_date: the date ages are computed at (default today).
        columns: explicit ``{canonical: actual}`` column names; otherwise headers are
            matched by name and common aliases (``NO KK``, ``SHDK``, ``TGL LAHIR``).
        max_members: a KK with more members is reported as ``household_size_large``.
        region_digits: how many leading digits of the NIK and the KK number are compared
            for ``household_member_region_differs`` (4: regency, 6: district).

    Returns:
        A :class:`HouseholdCheck` whose ``frame`` and ``households`` are the same kind of
        frame as the input.

    Raises:
        SchemaError: no ``no_kk`` or ``hubungan_keluarga`` column was found, or an explicit
            column is missing.
        InvalidArgument: *persons* is not a dataframe, or an option is out of range.

    >>> import datetime as dt
    >>> import polars as pl
    >>> roster = pl.DataFrame(
    ...     {
    ...         "nik": ["3576014403910003", "3576010101900001", "3576015505100002"],
    ...         "no_kk": ["3576010101200001"] * 3,
    ...         "hubungan_keluarga": ["Kepala Keluarga", "KEPALA KELUARGA", "anak"],
    ...     }
    ... )
    >>> result = check_households(roster, reference_date=dt.date(2026, 11, 27))
    >>> result.frame["household_issue_codes"].to_list()
    [['household_head_multiple'], ['household_head_multiple'], []]
    >>> result.households.row(0)
    ('3576010101200001', 3, 'invalid', ['household_head_multiple'])
    """
    ref = reference(reference_date)
    _check_args(max_members, region_digits, columns)
    adopted = _frames.adopt(persons)
    wrapped = adopted.frame
    mapped = find_columns(
        wrapped,
        columns,
        what="the persons frame",
        wanted=HOUSEHOLD_CHECK_COLUMNS,
        required=("no_kk", "hubungan_keluarga"),
        identifiers=("no_kk",),
        native=persons,
    )
    cols = dict(mapped.columns)
    name = source_name(persons, "persons")
    if adopted.kind.local:
        return _check_via_polars(adopted, ref, cols, max_members, region_digits, mapped, name)
    flagged = flag_rows(wrapped, cols)
    checked, households = _check_nw(
        wrapped, ref, cols, max_members, region_digits, flagged["index"].to_list()
    )
    public = checked.drop(_CODES, _ROW, _KK, _INDEX)
    manifest = _manifest(name, mapped, persons, frame_height(wrapped), flagged)
    return HouseholdCheck(
        public.to_native(), households.to_native(), ref, cols, checked, manifest=manifest
    )


def _manifest(name: str, mapped: Any, native: Any, rows: int | None, flagged: Any) -> Manifest:
    reading = reading_of(name, mapped, native=native, rows=rows, flagged=flagged)
    found = set(mapped.columns)
    checks = tuple(
        CheckRun(
            check,
            ran=set(needed) <= found,
            columns=needed,
            missing=tuple(sorted(set(needed) - found)),
        )
        for check, needed in _HOUSEHOLD_CHECKS
    )
    return Manifest(sources=(reading,), checks=checks, notes=tuple(reading_notes(reading, mapped)))


def _check_via_polars(  # noqa: PLR0913, PLR0917 - internal
    adopted: _frames.Adopted[Any],
    ref: dt.date,
    cols: dict[str, str],
    max_members: int,
    region_digits: int,
    mapped: Any,
    name: str,
) -> HouseholdCheck:
    """Check pandas and PyArrow input in Polars and attach the result columns."""
    import polars as pl  # noqa: PLC0415 - Polars is the embedded engine

    wrapped, native = adopted.frame, adopted.native
    needed = list(dict.fromkeys(cols.values()))
    if "row" in wrapped.columns and "row" not in needed:
        needed.append("row")
    pyarrow = adopted.kind is _frames.Kind.PYARROW
    if pyarrow:
        work = pl.DataFrame(pl.from_arrow(native.select(needed)))
        full = pl.DataFrame(pl.from_arrow(native))
    else:
        work = pl.DataFrame([_frames.pandas_column(c, native[c], as_text=True) for c in needed])
        full = pl.DataFrame(
            [_frames.pandas_column(str(c), native[c], as_text=True) for c in native.columns]
        )
    flagged = flag_rows(nw.from_native(full), cols)
    checked, households = _check_nw(
        nw.from_native(work), ref, cols, max_members, region_digits, flagged["index"].to_list()
    )
    added = [c for c in checked.columns if c not in needed and not c.startswith(_TMP)]
    results = checked.select(added).to_native()
    manifest = _manifest(name, mapped, native, len(work), flagged)
    per_household = households.to_native()
    return HouseholdCheck(
        _frames.attach(native, adopted.kind, results),
        per_household.to_arrow() if pyarrow else per_household.to_pandas(),
        ref,
        cols,
        checked,
        _export=(lambda f: f.to_arrow()) if pyarrow else (lambda f: f.to_pandas()),
        manifest=manifest,
    )
