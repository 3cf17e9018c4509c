"""One detector per overlap kind, and the registry ``find_overlaps`` runs.

A :class:`Detector` says whether its kind can be looked for with the inputs given
(:attr:`Detector.applies`), why not when it cannot (:attr:`Detector.missing`, a note),
and finds the overlaps of its kind (:attr:`Detector.detect`) as :class:`Found`: rows of
findings with structured evidence values (no text: sentences are written when the
result is read) and the work rows they point at. Detectors read one
:class:`~._context.Context`; the stages several kinds share (the NIK and KK candidates
and their pairs) are computed once there.

:data:`DETECTORS` lists them in the order they run: the order decides which of two
equal findings is kept, the order of the notes, and the order in which reference lists
are read (and so which error comes first).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import narwhals as nw
import polars as pl

from bansos_validate.errors import SchemaError
from bansos_validate.overlap._context import (
    PAIR,
    SINGLE,
    WORK,
    Context,
    HouseholdPairs,
    alive_filter,
    enrich,
    enrich_keep,
    ref_key,
    reference,
    schema_names,
)
from bansos_validate.overlap._frames import ROW, collect, lazy_frame, row_index
from bansos_validate.overlap._fuzzy import nik_birth_date, same_person_pairs
from bansos_validate.overlap._intake import map_roll
from bansos_validate.overlap._keys import NO_START, date_number
from bansos_validate.overlap._kinds import NoteCode, OverlapKind, Via
from bansos_validate.overlap._policy import normalize_program

if TYPE_CHECKING:
    from bansos_validate.matching import MatchResult
    from bansos_validate.overlap._policy import ExclusiveRule, OccupationRule

__all__ = ["DETECTORS", "Detector", "Found"]


@attrs.frozen(slots=True)
class Found:
    """What one detector found.

    Attributes:
        findings: pair findings (:data:`~._context.PAIR` columns, plus ``match_rule``,
            ``match_probability``, ``explanation`` for record matching) or single-row
            findings (:data:`~._context.SINGLE`), in the order found.
        rows: the work rows (:data:`~._text.WORK` columns) the findings point at.
        matches: the record-matching result behind the findings, if any.
    """

    findings: tuple[pl.DataFrame, ...] = ()
    rows: tuple[pl.DataFrame, ...] = ()
    matches: MatchResult | None = None


def _always(_: Context) -> bool:
    return True


def _no_note(_: Context) -> NoteCode | None:
    return None


@attrs.frozen(slots=True)
class Detector:
    """The detector of one overlap kind.

    Attributes:
        kind: the kind it reports.
        detect: finds the overlaps (called only when :attr:`applies`).
        applies: whether the kind can be looked for with the inputs given (a kind that
            applies is listed in ``OverlapResult.kinds``, found or not).
        missing: the note saying why it was not looked for, when it does not apply
            (``None``: no note).
    """

    kind: OverlapKind
    detect: Callable[[Context], Found]
    applies: Callable[[Context], bool] = _always
    missing: Callable[[Context], NoteCode | None] = _no_note


def _pair_columns(kind: OverlapKind, rule: str | pl.Expr, via: Via) -> list[pl.Expr]:
    return [
        pl.col("__roll").alias("__ra"),
        pl.col("__row").alias("__rowa"),
        pl.col("__roll_b").alias("__rb"),
        pl.col("__row_b").alias("__rowb"),
        pl.lit(kind.value).alias("kind"),
        (pl.lit(rule) if isinstance(rule, str) else rule).alias("rule"),
        pl.lit(via).alias("__via"),
    ]


def _as_pairs(parts: Sequence[pl.DataFrame]) -> tuple[pl.DataFrame, ...]:
    return tuple(p.select(PAIR.names()).cast(PAIR) for p in parts)


def _rule_table(rules: Sequence[ExclusiveRule]) -> pl.DataFrame:
    rows = []
    for rule in rules:
        a, b = rule.programs
        rows += [(a, b, rule.id), (b, a, rule.id)]
    return pl.DataFrame(
        rows, schema={"__prog": pl.String, "__prog_b": pl.String, "rule": pl.String}, orient="row"
    )


def _regions_differ() -> pl.Expr:
    return (
        (pl.col("__reg") != "") & (pl.col("__reg_b") != "") & (pl.col("__reg") != pl.col("__reg_b"))
    )


def _same_program() -> pl.Expr:
    return pl.col("__prog") == pl.col("__prog_b")


def _families(ctx: Context) -> list[tuple[HouseholdPairs, Via]]:
    """The household pairs by KK number, then by the roster's families (when given)."""
    found: list[tuple[HouseholdPairs, Via]] = [(ctx.kk_pairs, "kk")]
    if ctx.family_pairs is not None:
        found.append((ctx.family_pairs, "roster"))
    return found


# exclusive_programs -------------------------------------------------------------------


def _exclusive_programs(ctx: Context) -> Found:
    """One NIK, one KK or one roster family on two programs that exclude each other."""
    rows = [ctx.nik_rows]
    out: list[pl.DataFrame] = []
    nik = ctx.nik_pairs
    if nik is not None and ctx.exclusive:
        hits = nik.pairs.join(_rule_table(ctx.exclusive), on=["__prog", "__prog_b"])
        out.append(
            hits.select(_pair_columns(OverlapKind.EXCLUSIVE_PROGRAMS, pl.col("rule"), "nik"))
        )
    if ctx.household_programs:
        rules = [r for r in ctx.exclusive if r.household]
        for family, via in _families(ctx):
            rows.append(family.rows)
            if rules and family.pairs is not None:
                hits = family.pairs.join(_rule_table(rules), on=["__prog", "__prog_b"])
                out.append(
                    hits.select(_pair_columns(OverlapKind.EXCLUSIVE_PROGRAMS, pl.col("rule"), via))
                )
    return Found(findings=_as_pairs(out), rows=tuple(rows))


# duplicate_in_roll and cross_region -----------------------------------------------------


def _duplicate_in_roll(ctx: Context) -> Found:
    """One NIK twice for one program, regency and overlapping period."""
    rule = ctx.policy.duplicates.get(OverlapKind.DUPLICATE_IN_ROLL)
    nik = ctx.nik_pairs
    if rule is None or nik is None:
        return Found(rows=(ctx.nik_rows,))
    out: list[pl.DataFrame] = []
    if nik.repeats.height:
        out.append(
            nik.repeats.with_columns(
                pl.lit(OverlapKind.DUPLICATE_IN_ROLL.value).alias("kind"),
                pl.lit(rule.id).alias("rule"),
                pl.lit("nik").alias("__via"),
            )
        )
    same = nik.pairs.filter(_same_program() & ~_regions_differ())
    out.append(same.select(_pair_columns(OverlapKind.DUPLICATE_IN_ROLL, rule.id, "nik")))
    return Found(findings=_as_pairs(out), rows=(ctx.nik_rows,))


def _cross_region(ctx: Context) -> Found:
    """One NIK on one program in two regencies, in overlapping periods."""
    rule = ctx.policy.duplicates.get(OverlapKind.CROSS_REGION)
    nik = ctx.nik_pairs
    if rule is None or nik is None:
        return Found(rows=(ctx.nik_rows,))
    cross = nik.pairs.filter(_same_program() & _regions_differ())
    found = cross.select(_pair_columns(OverlapKind.CROSS_REGION, rule.id, "nik"))
    return Found(findings=_as_pairs([found]), rows=(ctx.nik_rows,))


# duplicate_household ---------------------------------------------------------------------


def _duplicate_household(ctx: Context) -> Found:
    """One family twice on a household program: by KK number, and by the roster."""
    rule = ctx.policy.duplicates.get(OverlapKind.DUPLICATE_HOUSEHOLD)
    rows: list[pl.DataFrame] = []
    out: list[pl.DataFrame] = []
    for family, via in _families(ctx):
        rows.append(family.rows)
        if rule is not None and family.pairs is not None:
            same = family.pairs.filter(_same_program())
            out.append(same.select(_pair_columns(OverlapKind.DUPLICATE_HOUSEHOLD, rule.id, via)))
    return Found(findings=_as_pairs(out), rows=tuple(rows))


def _has_household_programs(ctx: Context) -> bool:
    return bool(ctx.household_programs)


# deceased_recipient ----------------------------------------------------------------------


def _death_number(frame: Any, cols: dict[str, str]) -> tuple[Any, nw.Expr]:
    if "tanggal_meninggal" not in cols:
        return frame, nw.lit(None, dtype=nw.Int64)
    from bansos_validate.table._kernel import parse_declared_date  # noqa: PLC0415 - shared parser

    frame = parse_declared_date(frame, cols["tanggal_meninggal"], "__dd")
    date = nw.col("__dd")
    return frame, (
        date.dt.year().cast(nw.Int64) * 10_000
        + date.dt.month().cast(nw.Int64) * 100
        + date.dt.day().cast(nw.Int64)
    )


def _deceased_applies(ctx: Context) -> bool:
    rule = ctx.policy.deceased
    return ctx.deaths is not None and rule is not None and rule.active(ctx.reference_date)


def _deceased_missing(ctx: Context) -> NoteCode | None:
    return "no_deaths" if ctx.deaths is None else None


def _deceased_recipient(ctx: Context) -> Found:
    """A recipient listed as deceased before the period (or with no date of death)."""
    assert ctx.policy.deceased is not None  # noqa: S101 - see _deceased_applies
    frame, cols = reference(
        ctx.deaths,
        "deaths",
        ctx.backend,
        ctx.like,
        ctx.tokens,
        ctx.secret,
        ctx.columns,
        ("nik",),
        (),
        ctx.readings,
    )
    frame = alive_filter(frame, cols, keep_dead=True)
    frame, number = _death_number(frame, cols)
    deaths = (
        frame.select(ref_key(frame, cols, "nik", ctx.tokens).alias("__dk"), number.alias("__dn"))
        .filter(~nw.col("__dk").is_null())
        .group_by("__dk")
        .agg(nw.col("__dn").min())
    )
    dead = enrich_keep(
        collect(
            ctx.work.filter(~nw.col("__nik").is_null()).join(
                deaths, left_on="__nik", right_on="__dk", how="inner"
            ),
            ctx.backend,
        ),
        ctx.codes,
    ).filter(pl.col("__nik").is_not_null())  # a filler NIK links nothing
    since = (
        pl.when(pl.col("__ps") != NO_START)
        .then(pl.col("__ps"))
        .otherwise(pl.lit(date_number(ctx.reference_date)))
    )
    hit = dead.filter(pl.col("__dn").is_null() | (pl.col("__dn") < since))
    found = hit.select(
        pl.col("__roll").alias("__ra"),
        pl.col("__row").alias("__rowa"),
        pl.lit(OverlapKind.DECEASED_RECIPIENT.value).alias("kind"),
        pl.lit(ctx.policy.deceased.id).alias("rule"),
        pl.col("__dn").cast(pl.String).alias("__detail"),
        pl.lit(None, dtype=pl.String).alias("__other"),
        pl.lit(1, dtype=pl.Int64).alias("__count"),
    )
    return Found(findings=(found,), rows=(dead.drop("__dn"),))


# excluded_occupation ---------------------------------------------------------------------


def _occupation_rules(ctx: Context) -> list[OccupationRule]:
    return [
        r
        for r in ctx.policy.occupations
        if r.active(ctx.reference_date) and set(r.programs) & ctx.programs
    ]


def _occupation_applies(ctx: Context) -> bool:
    return ctx.employees is not None and bool(_occupation_rules(ctx))


def _occupation_missing(ctx: Context) -> NoteCode | None:
    return "no_employees" if ctx.employees is None else None


def _excluded_occupation(ctx: Context) -> Found:
    """The recipient, or a member of their family, has a job the policy excludes.

    Raises:
        SchemaError: the employees list has no ``pekerjaan`` column.
    """
    rules = _occupation_rules(ctx)
    frame, cols = reference(
        ctx.employees,
        "employees",
        ctx.backend,
        ctx.like,
        ctx.tokens,
        ctx.secret,
        ctx.columns,
        ("pekerjaan",),
        ("nik", "no_kk"),
        ctx.readings,
    )
    if "pekerjaan" not in cols:
        raise SchemaError(
            "the employees list needs a pekerjaan column (PNS, TNI, POLRI, KARYAWAN BUMN...)",
            column="pekerjaan",
            found=schema_names(frame),
        )
    frame = alive_filter(frame, cols, keep_dead=False)
    job = nw.col(cols["pekerjaan"]).cast(nw.String)
    values = collect(frame.select(job.alias("j")).unique(), ctx.backend)["j"].to_list()
    wanted = {p for r in rules for p in r.pekerjaan}
    named = {
        v: normalize_program(v) for v in values if v is not None and normalize_program(v) in wanted
    }
    if not named:
        return Found(findings=(pl.DataFrame(schema=SINGLE),))
    keys = list(named)
    staff = frame.filter(job.is_in(keys)).select(
        ref_key(frame, cols, "nik", ctx.tokens).alias("__ek"),
        ref_key(frame, cols, "no_kk", ctx.tokens).alias("__ekk"),
        # every job is in *keys* (filtered just above); DuckDB and Spark need a default
        job.replace_strict(
            keys, [named[k] for k in keys], default=None, return_dtype=nw.String
        ).alias("__job"),
    )
    work, roster = ctx.work, ctx.roster
    by_nik = collect(
        work.filter(~nw.col("__nik").is_null())
        .join(
            staff.filter(~nw.col("__ek").is_null()).select("__ek", "__job").unique(),
            left_on="__nik",
            right_on="__ek",
            how="inner",
        )
        .with_columns(nw.col("__nik").alias("__ek"), nw.lit("nik").alias("__via")),
        ctx.backend,
    )
    families = [
        staff.filter(~nw.col("__ekk").is_null()).select(
            nw.col("__ekk").alias("__h"), "__ek", "__job"
        )
    ]
    homes = [work.filter(~nw.col("__kk").is_null()).with_columns(nw.col("__kk").alias("__h"))]
    if roster is not None:
        families.append(
            staff.filter(~nw.col("__ek").is_null())
            .join(roster, left_on="__ek", right_on="__nik", how="inner")
            .select(nw.col("__hh").alias("__h"), "__ek", "__job")
        )
        homes.append(
            work.filter(~nw.col("__nik").is_null())
            .join(roster, on="__nik", how="inner")
            .with_columns(nw.col("__hh").alias("__h"))
            .drop("__hh")
        )
    fam = nw.concat(families, how="vertical").unique()
    home = nw.concat(homes, how="vertical")
    by_family = collect(
        home.join(fam, on="__h", how="inner").drop("__h").with_columns(nw.lit("kk").alias("__via")),
        ctx.backend,
    )
    by_nik = enrich_keep(by_nik, ctx.codes).filter(pl.col("__nik").is_not_null())
    by_family = enrich_keep(by_family, ctx.codes)
    hits = pl.concat([by_nik.select(by_family.columns), by_family], how="vertical_relaxed")
    seen = (hits.select(*WORK),)
    out = []
    for rule in rules:
        scope = pl.lit(value=True) if rule.scope == "household" else pl.col("__via") == "nik"
        chosen = hits.filter(
            pl.col("__prog").is_in(rule.programs) & pl.col("__job").is_in(rule.pekerjaan) & scope
        )
        if chosen.height == 0:
            continue
        self_first = (pl.col("__ek") == pl.col("__nik")).fill_null(value=False)
        agg = (
            chosen.sort(self_first, "__ek", descending=[True, False], nulls_last=True)
            .group_by("__roll", "__row", maintain_order=True)
            .agg(
                pl.col("__job").first().alias("__detail"),
                pl.col("__ek").first().cast(pl.String).alias("__other"),
                pl.col("__ek").n_unique().cast(pl.Int64).alias("__count"),
            )
        )
        out.append(
            agg.select(
                pl.col("__roll").alias("__ra"),
                pl.col("__row").alias("__rowa"),
                pl.lit(OverlapKind.EXCLUDED_OCCUPATION.value).alias("kind"),
                pl.lit(rule.id).alias("rule"),
                "__detail",
                "__other",
                "__count",
            )
        )
    if not out:
        return Found(findings=(pl.DataFrame(schema=SINGLE),), rows=seen)
    return Found(findings=(pl.concat(out),), rows=seen)


# same_person_different_nik -------------------------------------------------------------


def _fuzzy_applies(ctx: Context) -> bool:
    return (
        ctx.fuzzy
        and not ctx.tokens
        and ctx.policy.duplicates.get(OverlapKind.SAME_PERSON_DIFFERENT_NIK) is not None
        and any(r.has_name for r in ctx.rolls)
    )


def _fuzzy_missing(ctx: Context) -> NoteCode | None:
    if ctx.tokens:
        return "fuzzy_tokens"
    if not ctx.fuzzy:
        return "fuzzy_off"
    return "fuzzy_no_name"


def _records(ctx: Context) -> pl.DataFrame:
    """Every roll row with name, birth date and village, for record matching."""
    frames = []
    for r in ctx.rolls:
        frame = lazy_frame(r.native, r.kind, ctx.backend, ctx.like, f"roll {r.name!r}")
        cols = dict(map_roll(frame, r.name, ctx.columns, r.source).columns)
        extra = [
            (
                nw.col(cols["nama"]).cast(nw.String)
                if "nama" in cols
                else nw.lit(None, dtype=nw.String)
            ).alias("nama"),
            (
                nw.col(cols["tanggal_lahir"]).cast(nw.String)
                if "tanggal_lahir" in cols
                else nw.lit(None, dtype=nw.String)
            ).alias("__tgl"),
        ]
        indexed = row_index(frame, ctx.backend).select(
            nw.col(ROW).cast(nw.Int64).alias("__row"), *extra
        )
        details = collect(indexed, ctx.backend)
        work = enrich(collect(r.frame, ctx.backend), ctx.codes)
        joined = work.join(details, on="__row", how="left")
        frames.append(joined)
    records = pl.concat(frames, how="vertical_relaxed")
    birth = nik_birth_date(records, "__nik", ctx.reference_date)
    return records.with_columns(
        pl.coalesce(pl.col("__tgl"), pl.lit(birth)).alias("tgl"),
        pl.col("__wil").alias("wil"),
    ).select(*WORK, "nama", "tgl", "wil")


def _same_person_different_nik(ctx: Context) -> Found:
    """One person under two NIKs, found by record matching on name, birth date, place."""
    rule = ctx.policy.duplicates[OverlapKind.SAME_PERSON_DIFFERENT_NIK]
    records = _records(ctx)
    pairs, matches = same_person_pairs(records, ctx.exclusive, rule.id)
    found = pairs.with_columns(
        pl.lit(OverlapKind.SAME_PERSON_DIFFERENT_NIK.value).alias("kind"),
        pl.lit("match").alias("__via"),
    )
    return Found(findings=(found,), rows=(records.select(*WORK),), matches=matches)


DETECTORS: tuple[Detector, ...] = (
    Detector(OverlapKind.EXCLUSIVE_PROGRAMS, _exclusive_programs),
    Detector(OverlapKind.DUPLICATE_IN_ROLL, _duplicate_in_roll),
    Detector(OverlapKind.CROSS_REGION, _cross_region),
    Detector(
        OverlapKind.DUPLICATE_HOUSEHOLD, _duplicate_household, applies=_has_household_programs
    ),
    Detector(
        OverlapKind.DECEASED_RECIPIENT,
        _deceased_recipient,
        applies=_deceased_applies,
        missing=_deceased_missing,
    ),
    Detector(
        OverlapKind.EXCLUDED_OCCUPATION,
        _excluded_occupation,
        applies=_occupation_applies,
        missing=_occupation_missing,
    ),
    Detector(
        OverlapKind.SAME_PERSON_DIFFERENT_NIK,
        _same_person_different_nik,
        applies=_fuzzy_applies,
        missing=_fuzzy_missing,
    ),
)
"""Every detector, in the order they run (one per :class:`OverlapKind`)."""
