"""``find_overlaps``: exact-key overlaps by joins, the fuzzy kind by record matching.

The pipeline, per call:

1. Each roll becomes a narrow *work* frame in its own engine: roll and row number, the
   NIK and KK link keys (:mod:`._keys`; tokens in pseudonymised mode), the program (the
   policy's name for it), the regency, and the period as first and last day.
2. One aggregation per key finds the keys that can overlap at all: rows more than
   programs (a program twice), or two programs that exclude each other. Only the rows of
   those keys leave the engine (a semi-join), so the Polars, DuckDB or Spark engine does
   the work that scales with the rolls, and the pairs are formed on the few rows left.
3. Rows of one key, roll, program, regency and period are duplicates of the first of
   them; the first rows of each group are paired (a self-join on the key) and each pair
   is classified: the same program in two regencies (``cross_region``), the same
   program again (``duplicate_in_roll``), or two programs a rule of the policy makes
   exclusive (``exclusive_programs``).
4. The KK key (and, with a roster, the family a NIK belongs to) finds the same family
   twice on a household program, and household-level exclusivity.
5. Reference lists of deaths and employees are joined on the NIK and the KK.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import narwhals as nw
import polars as pl

from bansos_validate import _arguments as _args
from bansos_validate import facts
from bansos_validate.errors import InvalidArgument, SchemaError
from bansos_validate.intake import Manifest, merge_all, reading_notes, reading_of
from bansos_validate.intake._regions import NOT_REGION_DIGITS
from bansos_validate.overlap import _text
from bansos_validate.overlap._frames import (
    ROW,
    Backend,
    Kind,
    backend_of,
    collect,
    find_column,
    kind_of,
    lazy_frame,
    row_index,
    to_native,
)
from bansos_validate.overlap._fuzzy import nik_birth_date, same_person_pairs
from bansos_validate.overlap._intake import (
    check_given_columns,
    flag_roll_rows,
    key_notes,
    map_list,
    map_roll,
    roll_reading,
)
from bansos_validate.overlap._keys import (
    NO_END,
    NO_START,
    date_number,
    drop_fillers,
    key_expr,
    period_bounds,
    polars_key_expr,
)
from bansos_validate.overlap._policy import (
    ExclusiveRule,
    OccupationRule,
    Policy,
    load_policy,
    normalize_program,
)
from bansos_validate.overlap._privacy import (
    PERIOD_ALIASES,
    PROGRAM_ALIASES,
    pseudonymize_roll,
    token_mode,
)
from bansos_validate.overlap._result import KINDS, OverlapResult
from bansos_validate.privacy import check_key

if TYPE_CHECKING:
    from bansos_validate.issues import Lang

__all__ = ["MAX_KEY_GROUPS", "find_overlaps"]

MAX_KEY_GROUPS = 200
"""A key shared by more groups than this (a filler NIK that slipped through) is paired
with its first group only, not every group with every other."""

_WORK = _text.WORK
"""The working columns of a roll's rows (shared with the evidence texts)."""
_SINGLE = pl.Schema(
    {
        "__ra": pl.Int32,
        "__rowa": pl.Int64,
        "kind": pl.String,
        "rule": pl.String,
        "__detail": pl.String,
        "__other": pl.String,
        "__count": pl.Int64,
    }
)
"""The columns of the single-row findings (deceased recipients, excluded occupations)."""
_PAIR = pl.Schema(
    {
        "__ra": pl.Int32,
        "__rowa": pl.Int64,
        "__rb": pl.Int32,
        "__rowb": pl.Int64,
        "kind": pl.String,
        "rule": pl.String,
        "__via": pl.String,
    }
)


@attrs.define
class _Roll:
    name: str
    index: int
    kind: Kind
    native: Any
    tokens: bool
    frame: Any = None
    has_name: bool = False
    source: Any = None  # the caller's own frame (how bv.io.read read it)
    skipped: list[int] = attrs.field(factory=list)  # row indices that are not entries
    manifest: Manifest = attrs.field(factory=Manifest)


def _policy(policy: object) -> Policy:
    if policy is None or isinstance(policy, str | Path):
        return load_policy(policy)
    if isinstance(policy, Policy):
        return policy
    raise InvalidArgument(
        "Expected policy as None, a bundled policy id, a file path or a Policy but got "
        f"{type(policy).__name__}"
    )


def _reference_date(at: object) -> dt.date | None:
    if at is None:
        return None
    from bansos_validate.rules._ruleset import reference_date  # noqa: PLC0415 - shared parser

    return reference_date(at)


def _schema_names(frame: Any) -> list[str]:
    return list(frame.collect_schema().names())


def _work(  # noqa: PLR0912, PLR0913, PLR0915, PLR0917 - internal stage with the pipeline's state
    roll: _Roll,
    policy: Policy,
    backend: Backend,
    like: Any,
    columns: Mapping[str, str] | None,
    codes: dict[str, int],
) -> tuple[Any, set[str], set[str]]:
    """The narrow work frame of one roll, its programs and its distinct periods.

    Columns: ``__roll``, ``__row``, ``__nik`` and ``__kk`` (link keys), ``__prog`` (the
    program's code in *codes*), ``__periode`` and ``__wil`` (as written; they are read
    on the few rows that leave the engine, see :func:`_enrich`).
    """
    frame = lazy_frame(roll.native, roll.kind, backend, like, f"roll {roll.name!r}")
    names = _schema_names(frame)
    explicit = dict(columns or {})
    program = find_column(names, PROGRAM_ALIASES, explicit.get("program"))
    period = find_column(names, PERIOD_ALIASES, explicit.get("periode"))
    native_keys: dict[str, Any] = {}
    if roll.tokens:
        exprs = {}
        for out, token, linkable in (
            ("__nik", "nik_token", "nik_linkable"),
            ("__kk", "kk_token", "kk_linkable"),
        ):
            if token not in names:
                exprs[out] = nw.lit(None, dtype=nw.String)
            elif linkable in names:
                exprs[out] = nw.when(nw.col(linkable)).then(nw.col(token)).cast(nw.String)
            else:
                exprs[out] = nw.col(token).cast(nw.String)
        nik, kk = exprs["__nik"], exprs["__kk"]
        region = "kode_wilayah" if "kode_wilayah" in names else None
    else:
        mapped = map_roll(frame, roll.name, columns, roll.source)
        cols = dict(mapped.columns)
        region = cols.get("kode_wilayah")
        roll.has_name = "nama" in cols
        keys: dict[str, nw.Expr] = {}
        for canonical, out in (("nik", "__nik"), ("no_kk", "__kk")):
            if canonical not in cols:
                keys[out] = nw.lit(None, dtype=nw.Int64)
                continue
            fast = (
                polars_key_expr(frame.to_native(), cols[canonical], canonical.upper())
                if backend == "polars"
                else None
            )
            if fast is not None:
                native_keys[out] = fast
                keys[out] = nw.lit(None, dtype=nw.Int64)  # replaced below
            else:
                keys[out] = key_expr(frame, cols[canonical], "NIK" if canonical == "nik" else "KK")
        nik, kk = keys["__nik"], keys["__kk"]
    fallback = policy.program_of(roll.name)
    # One pass for the distinct programs and periods (each engine job has a cost).
    wanted = [
        (nw.col(program).cast(nw.String) if program else nw.lit(None, dtype=nw.String)).alias("p"),
        (nw.col(period).cast(nw.String) if period else nw.lit(None, dtype=nw.String)).alias("q"),
    ]
    distinct = (
        collect(frame.select(*wanted).unique(), backend)
        if program is not None or period is not None
        else pl.DataFrame({"p": [None], "q": [None]}, schema={"p": pl.String, "q": pl.String})
    )
    values = distinct["p"].unique().to_list()
    found: dict[str, str] = {v: policy.program_of(v) for v in values if v is not None and v.strip()}
    programs = set(found.values()) or {fallback}
    if program is not None and len(values) > len(found):
        programs.add(fallback)
    periods = {v for v in distinct["q"].to_list() if v is not None}
    for name in sorted({*programs, fallback}):
        codes.setdefault(name, len(codes))
    if program is None or len(programs) == 1:
        prog = nw.lit(codes[next(iter(programs))])
    else:
        keys_ = list(found)
        prog = (
            nw.col(program)
            .cast(nw.String)
            .replace_strict(
                keys_,
                [codes[found[k]] for k in keys_],
                default=codes[fallback],
                return_dtype=nw.Int16,
            )
        )
    frame = row_index(frame, backend)
    if native_keys:
        native = frame.to_native().with_columns(**native_keys)
        frame = nw.from_native(native)
        nik = nw.col("__nik") if "__nik" in native_keys else nik
        kk = nw.col("__kk") if "__kk" in native_keys else kk
    if not roll.tokens:
        frame = _intake_roll(roll, frame, mapped, {"nik": nik, "no_kk": kk}, backend)
    key_type = nw.String if roll.tokens else nw.Int64
    frame = frame.select(
        nw.lit(roll.index).cast(nw.Int32).alias("__roll"),
        nw.col(ROW).cast(nw.Int64).alias("__row"),
        nik.cast(key_type).alias("__nik"),
        kk.cast(key_type).alias("__kk"),
        prog.cast(nw.Int16).alias("__prog"),
        (nw.col(period).cast(nw.String) if period else nw.lit(None, dtype=nw.String)).alias(
            "__periode"
        ),
        (nw.col(region).cast(nw.String) if region else nw.lit(None, dtype=nw.String)).alias(
            "__wil"
        ),
    )
    return frame, programs, periods


def _intake_roll(
    roll: _Roll, frame: Any, mapped: Any, keys: Mapping[str, nw.Expr], backend: Backend
) -> Any:
    """Leave out a roll's rows that are not entries; record how the roll was read."""
    flagged = flag_roll_rows(frame, mapped, ROW)
    if len(flagged):
        roll.skipped = [int(i) for i in flagged[ROW].to_list()]
        frame = frame.filter(~nw.col(ROW).is_in(roll.skipped))
    rows = len(roll.native) if roll.kind in ("polars", "pandas", "pyarrow") else None
    reading, notes = roll_reading(roll.name, mapped, roll.source, rows, flagged)
    notes += key_notes(frame, mapped, keys, ROW, roll.name, lambda f: collect(f, backend))
    roll.manifest = Manifest(sources=(reading,), notes=tuple(notes))
    return frame


def _enrich(rows: pl.DataFrame, codes: Mapping[str, int]) -> pl.DataFrame:
    """Program names, periods (first and last day), village and regency of collected rows."""
    if "__ps" in rows.columns:
        return rows
    rows = drop_fillers(rows)
    names = list(codes)
    periods = [p for p in rows["__periode"].unique().to_list() if p is not None]
    known = {p: b for p in periods if (b := period_bounds(p)) is not None}
    keys = list(known)
    wil = pl.col("__wil").str.replace_all(NOT_REGION_DIGITS, "")  # as region_code reads it
    return rows.with_columns(
        pl.col("__prog").replace_strict([codes[n] for n in names], names, return_dtype=pl.String),
        pl.col("__periode")
        .replace_strict(keys, [known[k][0] for k in keys], default=NO_START, return_dtype=pl.Int64)
        .alias("__ps"),
        pl.col("__periode")
        .replace_strict(keys, [known[k][1] for k in keys], default=NO_END, return_dtype=pl.Int64)
        .alias("__pe"),
        wil.alias("__wil"),
        pl.when(wil.str.len_chars() >= 4)
        .then(wil.str.slice(0, 4))
        .otherwise(pl.lit(""))
        .alias("__reg"),
    ).select(_WORK)


def _materialize(frame: Any, backend: Backend) -> Any:
    """Compute the work frame once (Polars, streaming), so later passes do not re-read it."""
    if backend == "polars":
        return nw.from_native(frame.to_native().collect(engine="streaming").lazy())
    if backend == "spark":
        # Cut the lineage (row numbers, key mapping) once, for the passes that follow.
        return nw.from_native(frame.to_native().localCheckpoint(eager=True))
    return frame


def _flags(programs: Sequence[int]) -> list[nw.Expr]:
    return [(nw.col("__prog") == p).cast(nw.Int32).alias(f"__f{i}") for i, p in enumerate(programs)]


def _candidates(  # noqa: PLR0913, PLR0917 - internal stage with the pipeline's state
    work: Any,
    key: str,
    pairs: Sequence[tuple[str, str]],
    codes: Mapping[str, int],
    backend: Backend,
    extra: Any = None,
) -> pl.DataFrame:
    """Rows of the keys that can overlap: a program twice, or an exclusive pair of programs.

    One aggregation per key counts its rows per program; only rows of keys with a
    count of 2 or more, or with both programs of an exclusive pair, leave the engine.
    """
    base = work.join(extra, on="__nik", how="inner") if extra is not None else work
    base = base.filter(~nw.col(key).is_null())
    present = sorted(codes.values())
    position = {c: i for i, c in enumerate(present)}
    sig = (
        base.select(key, *_flags(present))
        .group_by(key)
        .agg(*(nw.col(f"__f{i}").sum().alias(f"__f{i}") for i in range(len(present))))
    )
    condition = nw.lit(value=False)
    for i in range(len(present)):
        condition = condition | (nw.col(f"__f{i}") >= 2)
    for a, b in pairs:
        fa, fb = f"__f{position[codes[a]]}", f"__f{position[codes[b]]}"
        condition = condition | ((nw.col(fa) >= 1) & (nw.col(fb) >= 1))
    keys = sig.filter(condition).select(key)
    found = collect(base.join(keys, on=key, how="semi"), backend)
    return _enrich_keep(found, codes)


def _enrich_keep(rows: pl.DataFrame, codes: Mapping[str, int]) -> pl.DataFrame:
    """:func:`_enrich`, keeping the columns beyond the work columns (``__hh``...)."""
    extra = [c for c in rows.columns if c not in _WORK and c not in ("__ps", "__pe", "__reg")]
    base = _enrich(rows, codes)
    return pl.concat([base, rows.select(extra)], how="horizontal") if extra else base


def _empty_pairs() -> pl.DataFrame:
    return pl.DataFrame(schema=_PAIR)


def _first_in_group(rows: pl.DataFrame, group: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split rows into the first of each group and the repeats (paired with that first)."""
    rows = rows.with_columns(pl.col("__row").min().over(group).alias("__first"))
    repeats = rows.filter(pl.col("__row") != pl.col("__first")).select(
        pl.col("__roll").alias("__ra"),
        pl.col("__first").alias("__rowa"),
        pl.col("__roll").alias("__rb"),
        pl.col("__row").alias("__rowb"),
    )
    return rows.filter(pl.col("__row") == pl.col("__first")).drop("__first"), repeats


def _self_pairs(reps: pl.DataFrame, key: str) -> pl.DataFrame:
    """Every pair of first rows sharing *key* (a < b), star-shaped for very common keys."""
    reps = reps.with_columns(pl.len().over(key).alias("__ng"))
    small = reps.filter(pl.col("__ng") <= MAX_KEY_GROUPS).drop("__ng")
    pairs = small.join(small, on=key, suffix="_b").filter(
        (pl.col("__roll") < pl.col("__roll_b"))
        | ((pl.col("__roll") == pl.col("__roll_b")) & (pl.col("__row") < pl.col("__row_b")))
    )
    big = reps.filter(pl.col("__ng") > MAX_KEY_GROUPS).drop("__ng")
    if big.height:
        big = big.sort("__roll", "__row")
        head = big.group_by(key, maintain_order=True).first()
        star = head.join(big, on=key, suffix="_b").filter(
            (pl.col("__roll") != pl.col("__roll_b")) | (pl.col("__row") != pl.col("__row_b"))
        )
        pairs = pl.concat([pairs, star.select(pairs.columns)])
    return pairs


def _rule_table(rules: Sequence[ExclusiveRule]) -> pl.DataFrame:
    rows = []
    for rule in rules:
        a, b = rule.programs
        rows += [(a, b, rule.id), (b, a, rule.id)]
    return pl.DataFrame(
        rows, schema={"__prog": pl.String, "__prog_b": pl.String, "rule": pl.String}, orient="row"
    )


def _overlap() -> pl.Expr:
    return (pl.col("__ps") <= pl.col("__pe_b")) & (pl.col("__ps_b") <= pl.col("__pe"))


def _pair_columns(kind: str | pl.Expr, rule: str | pl.Expr, via: str) -> list[pl.Expr]:
    return [
        pl.col("__roll").alias("__ra"),
        pl.col("__row").alias("__rowa"),
        pl.col("__roll_b").alias("__rb"),
        pl.col("__row_b").alias("__rowb"),
        (pl.lit(kind) if isinstance(kind, str) else kind).alias("kind"),
        (pl.lit(rule) if isinstance(rule, str) else rule).alias("rule"),
        pl.lit(via).alias("__via"),
    ]


def _nik_pairs(
    rows: pl.DataFrame, policy: Policy, exclusive: Sequence[ExclusiveRule]
) -> pl.DataFrame:
    """duplicate_in_roll, cross_region and exclusive_programs on the NIK key."""
    rows = rows.filter(pl.col("__nik").is_not_null())
    if rows.height == 0:
        return _empty_pairs()
    out: list[pl.DataFrame] = []
    dup = policy.duplicates.get("duplicate_in_roll")
    cross = policy.duplicates.get("cross_region")
    reps, repeats = _first_in_group(rows, ["__nik", "__roll", "__prog", "__reg", "__ps", "__pe"])
    if dup is not None and repeats.height:
        out.append(
            repeats.with_columns(
                pl.lit("duplicate_in_roll").alias("kind"),
                pl.lit(dup.id).alias("rule"),
                pl.lit("nik").alias("__via"),
            )
        )
    pairs = _self_pairs(reps, "__nik").filter(_overlap())
    same = pairs.filter(pl.col("__prog") == pl.col("__prog_b"))
    regions_differ = (
        (pl.col("__reg") != "") & (pl.col("__reg_b") != "") & (pl.col("__reg") != pl.col("__reg_b"))
    )
    if cross is not None:
        out.append(
            same.filter(regions_differ).select(_pair_columns("cross_region", cross.id, "nik"))
        )
    if dup is not None:
        out.append(
            same.filter(~regions_differ).select(_pair_columns("duplicate_in_roll", dup.id, "nik"))
        )
    if exclusive:
        hits = pairs.join(_rule_table(exclusive), on=["__prog", "__prog_b"])
        out.append(hits.select(_pair_columns("exclusive_programs", pl.col("rule"), "nik")))
    return pl.concat([o.select(_PAIR.names()).cast(_PAIR) for o in out]) if out else _empty_pairs()


def _kk_pairs(
    rows: pl.DataFrame,
    key: str,
    policy: Policy,
    exclusive: Sequence[ExclusiveRule],
    via: str,
) -> pl.DataFrame:
    """duplicate_household and household-level exclusivity on a family key."""
    if rows.height == 0:
        return _empty_pairs()
    out: list[pl.DataFrame] = []
    linked = rows.filter(pl.col("__nik").is_not_null())
    reps, _ = _first_in_group(linked, [key, "__roll", "__prog", "__nik", "__ps", "__pe"])
    reps = pl.concat([reps, rows.filter(pl.col("__nik").is_null()).select(reps.columns)])
    pairs = _self_pairs(reps, key).filter(_overlap())
    other_person = (
        pl.col("__nik").is_null()
        | pl.col("__nik_b").is_null()
        | (pl.col("__nik") != pl.col("__nik_b"))
    )
    pairs = pairs.filter(other_person)
    household = policy.duplicates.get("duplicate_household")
    if household is not None:
        out.append(
            pairs.filter(pl.col("__prog") == pl.col("__prog_b")).select(
                _pair_columns("duplicate_household", household.id, via)
            )
        )
    rules = [r for r in exclusive if r.household]
    if rules:
        hits = pairs.join(_rule_table(rules), on=["__prog", "__prog_b"])
        out.append(hits.select(_pair_columns("exclusive_programs", pl.col("rule"), via)))
    return pl.concat([o.select(_PAIR.names()).cast(_PAIR) for o in out]) if out else _empty_pairs()


def _reference(  # noqa: PLR0913, PLR0917 - internal stage with the pipeline's state
    native: Any,
    what: str,
    backend: Backend,
    like: Any,
    tokens: bool,
    secret: bytes | None,
    columns: Mapping[str, str] | None,
    required: tuple[str, ...] = (),
    any_of: tuple[str, ...] = (),
    readings: list[Manifest] | None = None,
) -> tuple[Any, dict[str, str]]:
    """A reference list as a lazy frame in the rolls' engine, pseudonymised when needed.

    Raises:
        SchemaError: the list lacks a *required* column (a deaths list without its NIK
            column would find nothing while the kind is reported as looked for).
    """
    source = native
    kind, wrapped = kind_of(native, what)
    mapped = None
    if not token_mode(_schema_names(wrapped)):
        mapped = map_list(wrapped, what, columns, source, required, any_of)
        if readings is not None:
            reading = reading_of(what, mapped, native=source)
            notes = tuple(reading_notes(reading, mapped))
            readings.append(Manifest(sources=(reading,), notes=notes))
    names = _schema_names(wrapped)
    is_tokens = token_mode(names)
    if tokens and not is_tokens:
        if secret is None:
            raise InvalidArgument(f"the rolls are pseudonymised but {what} is not; pass key=")
        native = pseudonymize_roll(native, secret, columns=columns)
        kind, wrapped = kind_of(native, what)
        names = _schema_names(wrapped)
        is_tokens = True
    if is_tokens and not tokens:
        raise InvalidArgument(
            f"{what} is pseudonymised but the rolls are not; pass key= to compare them as tokens"
        )
    frame = lazy_frame(native, kind, backend, like, what)
    if is_tokens or mapped is None:
        cols: dict[str, str] = {
            c: c for c in ("status_hidup", "tanggal_meninggal", "pekerjaan") if c in names
        }
        return frame, cols
    return frame, dict(mapped.columns)


def _ref_key(frame: Any, cols: Mapping[str, str], canonical: str, tokens: bool) -> nw.Expr:
    if tokens:
        token = "nik_token" if canonical == "nik" else "kk_token"
        linkable = "nik_linkable" if canonical == "nik" else "kk_linkable"
        names = _schema_names(frame)
        if token not in names:
            return nw.lit(None, dtype=nw.String)
        expr = nw.when(nw.col(linkable)).then(nw.col(token)) if linkable in names else nw.col(token)
        return expr.cast(nw.String)
    if canonical not in cols:
        return nw.lit(None, dtype=nw.Int64)
    return key_expr(frame, cols[canonical], canonical.upper().replace("NO_", ""))


def _alive_filter(frame: Any, cols: Mapping[str, str], *, keep_dead: bool) -> Any:
    if "status_hidup" not in cols:
        return frame
    status = facts.life_status_expr(nw.col(cols["status_hidup"]))
    dead = (status == facts.DEAD).fill_null(value=False)
    return frame.filter(dead if keep_dead else ~dead)


def _death_number(frame: Any, cols: Mapping[str, str]) -> tuple[Any, nw.Expr]:
    if "tanggal_meninggal" not in cols:
        return frame, nw.lit(None, dtype=nw.Int64)
    from bansos_validate.table._check import parse_declared_date  # noqa: PLC0415 - shared parser

    frame = parse_declared_date(frame, cols["tanggal_meninggal"], "__dd")
    date = nw.col("__dd")
    return frame, (
        date.dt.year().cast(nw.Int64) * 10_000
        + date.dt.month().cast(nw.Int64) * 100
        + date.dt.day().cast(nw.Int64)
    )


def _roster(  # noqa: PLR0913, PLR0917 - internal stage with the pipeline's state
    persons: Any,
    backend: Backend,
    like: Any,
    tokens: bool,
    secret: bytes | None,
    columns: Mapping[str, str] | None,
    readings: list[Manifest],
) -> Any:
    frame, cols = _reference(
        persons, "persons", backend, like, tokens, secret, columns, ("nik", "no_kk"), (), readings
    )
    if not tokens and ("nik" not in cols or "no_kk" not in cols):
        raise SchemaError(
            "the persons roster needs a NIK and a KK column",
            column="no_kk",
            found=_schema_names(frame),
        )
    return (
        frame.select(
            _ref_key(frame, cols, "nik", tokens).alias("__nik"),
            _ref_key(frame, cols, "no_kk", tokens).alias("__hh"),
        )
        .filter(~nw.col("__nik").is_null() & ~nw.col("__hh").is_null())
        .unique()
    )


def find_overlaps(  # noqa: PLR0912, PLR0913, PLR0915 - the public entry point, read top to bottom
    rolls: Mapping[str, Any],
    policy: Policy | str | Path | None = None,
    deaths: Any = None,
    key: bytes | None = None,
    *,
    employees: Any = None,
    persons: Any = None,
    at: dt.date | str | None = None,
    columns: Mapping[str, str] | None = None,
    fuzzy: bool = True,
    lang: Lang = "id",
    unmask: bool = False,
) -> OverlapResult:
    """Find overlaps between program rolls: exclusive programs, duplicates, deaths, jobs.

    Args:
        rolls: roll name -> roll (pandas, Polars eager or lazy, PyArrow, DuckDB or
            PySpark; all DuckDB, all Spark, or any mix of the others). A roll's program is
            its ``program`` column, else the roll's name. Columns are found by name and
            alias: ``nik``, ``no_kk``, ``nama``, ``kode_wilayah``, ``periode``,
            ``tanggal_lahir`` (optional). Pseudonymised rolls
            (:func:`pseudonymize_roll`) are recognised by their token columns.
        policy: a :class:`Policy`, a bundled policy id or a policy file (default
            ``nasional``).
        deaths: a list of deceased persons (``nik``; ``tanggal_meninggal`` and
            ``status_hidup`` when present: only ``MENINGGAL`` rows count).
        key: the shared secret: raw rolls and lists are pseudonymised with it, so that
            they can be compared with token rolls from another agency.
        employees: persons with a ``pekerjaan`` (``nik``; ``no_kk`` finds their family;
            ``status_hidup`` when present: only living ones count). A roster of the
            whole population serves too: only the policy's occupations count.
        persons: a roster (``nik``, ``no_kk``) saying which family each NIK belongs
            to: finds a family under two KK numbers, and employees' families.
        at: the date that decides which rules are in force (default: the start of the
            latest period on the rolls, or today).
        columns: explicit ``{canonical: actual}`` column names for every frame
            (``program`` and ``periode`` too).
        fuzzy: look for the same person under different NIKs (raw mode only; needs
            ``nama``; every roll is brought into memory for it).
        lang: ``id`` (default) or ``en`` for evidence, actions and notes.
        unmask: show whole NIK and KK numbers in ``nik_a``/``kk_a``... and the evidence
            (masked by default).

    Returns:
        An :class:`OverlapResult`.

    Raises:
        InvalidArgument: a bad argument, rolls of two engines, or tokens mixed with raw
            values without a key.
        SchemaError: a roll has neither a NIK nor a KK column.
        WeakKeyError: the key is unfit.
        RuleFileError: the policy cannot be loaded.

    >>> import polars as pl
    >>> pkh = pl.DataFrame({"nik": ["3576014403910003"], "periode": ["2026-Q1"]})
    >>> blt = pl.DataFrame({"nik": ["3576014403910003"], "periode": ["2026-02"]})
    >>> result = find_overlaps({"PKH": pkh, "BLT-DD": blt}, lang="en")
    >>> result.frame.select("kind", "roll_a", "row_a", "roll_b", "rule").row(0)
    ('exclusive_programs', 'PKH', 0, 'BLT-DD', 'blt_dd_pkh')
    >>> result.frame["evidence"][0]
    'NIK 357601********** on PKH (2026-Q1, -) and BLT-DD (2026-02, -)'

    .. versionadded:: 0.1.0
    """
    pol = _policy(policy)
    lang = _args.lang(lang)
    fuzzy, unmask = _args.flag("fuzzy", fuzzy), _args.flag("unmask", unmask)
    columns = _args.mapping("columns", columns)
    if not isinstance(rolls, Mapping) or not rolls:
        raise _args.fail("rolls", "a non-empty mapping {name: frame}", rolls)
    for name in rolls:
        if not isinstance(name, str) or not name.strip():
            raise _args.fail("rolls", "roll names as non-empty text", name)
    ref = _reference_date(at)
    secret = check_key(key) if key is not None else None
    items: list[_Roll] = []
    frames_given = []
    for index, (name, native) in enumerate(rolls.items()):
        kind, wrapped = kind_of(native, f"roll {name!r}")
        frames_given.append(wrapped)
        items.append(
            _Roll(name, index, kind, native, token_mode(_schema_names(wrapped)), source=native)
        )
    frames_given += [kind_of(x, "a list")[1] for x in (deaths, employees, persons) if x is not None]
    check_given_columns(columns, frames_given)
    readings: list[Manifest] = []
    engines = {backend_of(r.kind) for r in items}
    if len(engines) > 1:
        raise InvalidArgument(
            "all rolls must be computed by one engine: all DuckDB, all Spark, or any of "
            f"Polars, pandas and PyArrow (got {', '.join(sorted(engines))})"
        )
    backend: Backend = engines.pop()
    like = kind_of(items[0].native, "roll")[1].to_native()
    tokens = secret is not None or any(r.tokens for r in items)
    if tokens:
        raw = [r.name for r in items if not r.tokens]
        if raw and secret is None:
            raise InvalidArgument(
                f"some rolls are pseudonymised and {', '.join(map(repr, raw))} not; pass key= "
                "to compare them as tokens"
            )
        for r in items:
            if not r.tokens:
                assert secret is not None  # noqa: S101 - checked just above
                r.native = pseudonymize_roll(r.native, secret, columns=columns)
                r.kind = kind_of(r.native, f"roll {r.name!r}")[0]
                r.tokens = True
    programs: set[str] = set()
    periods: set[str] = set()
    codes: dict[str, int] = {}
    for r in items:
        r.frame, found, seen_periods = _work(r, pol, backend, like, columns, codes)
        programs |= found
        periods |= seen_periods
    work = _materialize(nw.concat([r.frame for r in items], how="vertical"), backend)
    if ref is None:
        starts = [b[0] for p in periods if (b := period_bounds(p)) is not None]
        latest = max(starts) if starts else None
        ref = (
            dt.date(latest // 10_000, latest // 100 % 100, latest % 100)
            if latest is not None
            else dt.date.today()  # noqa: DTZ011 - the officer's local date
        )
    exclusive = [
        r
        for r in pol.exclusive
        if r.active(ref) and r.programs[0] in programs and r.programs[1] in programs
    ]
    notes: list[str] = []
    kinds = ["exclusive_programs", "duplicate_in_roll", "cross_region"]
    rows_seen: list[pl.DataFrame] = []
    found_pairs: list[pl.DataFrame] = []

    # 1. NIK: duplicates, regions, exclusive programs
    nik_rows = _candidates(work, "__nik", [r.programs for r in exclusive], codes, backend)
    rows_seen.append(nik_rows)
    found_pairs.append(_nik_pairs(nik_rows, pol, exclusive))

    # 2. KK (and the roster's families): the same family twice, household exclusivity
    household_programs = sorted(p for p in programs if pol.unit_of(p) == "household")
    roster = None
    if persons is not None:
        roster = _roster(persons, backend, like, tokens, secret, columns, readings)
    if household_programs:
        kinds.append("duplicate_household")
        hh_work = work.filter(nw.col("__prog").is_in([codes[p] for p in household_programs]))
        hh_rules = [r.programs for r in exclusive if r.household]
        kk_rows = _candidates(hh_work, "__kk", hh_rules, codes, backend)
        rows_seen.append(kk_rows)
        found_pairs.append(_kk_pairs(kk_rows, "__kk", pol, exclusive, "kk"))
        if roster is not None:
            fam_rows = _candidates(hh_work, "__hh", hh_rules, codes, backend, extra=roster)
            rows_seen.append(fam_rows.drop("__hh"))
            found_pairs.append(_kk_pairs(fam_rows, "__hh", pol, exclusive, "roster"))

    # 3. deaths
    singles: list[pl.DataFrame] = []
    if deaths is not None and pol.deceased is not None and pol.deceased.active(ref):
        kinds.append("deceased_recipient")
        dframe, dcols = _reference(
            deaths, "deaths", backend, like, tokens, secret, columns, ("nik",), (), readings
        )
        dframe = _alive_filter(dframe, dcols, keep_dead=True)
        dframe, number = _death_number(dframe, dcols)
        dlist = (
            dframe.select(
                _ref_key(dframe, dcols, "nik", tokens).alias("__dk"), number.alias("__dn")
            )
            .filter(~nw.col("__dk").is_null())
            .group_by("__dk")
            .agg(nw.col("__dn").min())
        )
        dead = _enrich_keep(
            collect(
                work.filter(~nw.col("__nik").is_null()).join(
                    dlist, left_on="__nik", right_on="__dk", how="inner"
                ),
                backend,
            ),
            codes,
        ).filter(pl.col("__nik").is_not_null())  # a filler NIK links nothing
        rows_seen.append(dead.drop("__dn"))
        since = (
            pl.when(pl.col("__ps") != NO_START)
            .then(pl.col("__ps"))
            .otherwise(pl.lit(date_number(ref)))
        )
        hit = dead.filter(pl.col("__dn").is_null() | (pl.col("__dn") < since))
        singles.append(
            hit.select(
                pl.col("__roll").alias("__ra"),
                pl.col("__row").alias("__rowa"),
                pl.lit("deceased_recipient").alias("kind"),
                pl.lit(pol.deceased.id).alias("rule"),
                pl.col("__dn").cast(pl.String).alias("__detail"),
                pl.lit(None, dtype=pl.String).alias("__other"),
                pl.lit(1, dtype=pl.Int64).alias("__count"),
            )
        )
    elif deaths is None:
        notes.append(_text.note("no_deaths", lang))

    # 4. employees
    occupation_rules = [r for r in pol.occupations if r.active(ref) and set(r.programs) & programs]
    if employees is not None and occupation_rules:
        kinds.append("excluded_occupation")
        singles.append(
            _employees(
                employees,
                work,
                roster,
                occupation_rules,
                backend,
                like,
                tokens,
                secret,
                columns,
                rows_seen,
                codes,
                readings,
            )
        )
    elif employees is None:
        notes.append(_text.note("no_employees", lang))

    # 5. the same person under different NIKs
    match_result = None
    spdn = pol.duplicates.get("same_person_different_nik")
    if fuzzy and not tokens and spdn is not None and any(r.has_name for r in items):
        kinds.append("same_person_different_nik")
        records = _records(items, codes, backend, like, columns, ref)
        fuzzy_pairs, match_result = same_person_pairs(records, exclusive, spdn.id)
        rows_seen.append(records.select(*_WORK))
        found_pairs.append(
            fuzzy_pairs.with_columns(
                pl.lit("same_person_different_nik").alias("kind"), pl.lit("match").alias("__via")
            )
        )
    elif tokens:
        notes.append(_text.note("fuzzy_tokens", lang))
    elif not fuzzy:
        notes.append(_text.note("fuzzy_off", lang))
    else:
        notes.append(_text.note("fuzzy_no_name", lang))

    counts = collect(work.group_by("__roll").agg(nw.len().alias("rows")), backend)
    names = [r.name for r in items]
    roll_counts = (
        pl.DataFrame(
            {"roll": names, "rows": [0] * len(names)}, schema={"roll": pl.String, "rows": pl.Int64}
        )
        .with_row_index("__roll")
        .with_columns(pl.col("__roll").cast(pl.Int32))
    )
    roll_counts = roll_counts.join(
        counts.cast({"__roll": pl.Int32, "rows": pl.Int64}), on="__roll", how="left", suffix="_n"
    ).select("roll", pl.col("rows_n").fill_null(0).alias("rows"))
    table = _text.build(
        pairs=found_pairs,
        singles=singles,
        rows=rows_seen,
        names=names,
        policy=pol,
        tokens=tokens,
        lang=lang,
        unmask=unmask,
    )
    native = to_native(table, items[0].kind if not tokens else _kind_for_output(rolls), like)
    return OverlapResult(
        frame=native,
        policy=pol,
        reference_date=ref,
        mode="tokens" if tokens else "raw",
        kinds=tuple(k for k in KINDS if k in kinds),
        notes=tuple(notes),
        rolls=roll_counts,
        table=table,
        matches=match_result,
        manifest=merge_all([*(r.manifest for r in items), *readings]),
    )


def _kind_for_output(rolls: Mapping[str, Any]) -> Kind:
    first = next(iter(rolls.values()))
    return kind_of(first, "roll")[0]


def _records(  # noqa: PLR0913, PLR0917 - internal stage with the pipeline's state
    items: Sequence[_Roll],
    codes: Mapping[str, int],
    backend: Backend,
    like: Any,
    columns: Mapping[str, str] | None,
    ref: dt.date,
) -> pl.DataFrame:
    """Every roll row with name, birth date and village, for record matching."""
    frames = []
    for r in items:
        frame = lazy_frame(r.native, r.kind, backend, like, f"roll {r.name!r}")
        cols = dict(map_roll(frame, r.name, columns, r.source).columns)
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
        indexed = row_index(frame, backend).select(
            nw.col(ROW).cast(nw.Int64).alias("__row"), *extra
        )
        details = collect(indexed, backend)
        work = _enrich(collect(r.frame, backend), codes)
        joined = work.join(details, on="__row", how="left")
        frames.append(joined)
    records = pl.concat(frames, how="vertical_relaxed")
    return records.with_columns(
        pl.coalesce(pl.col("__tgl"), pl.lit(nik_birth_date(records, "__nik", ref))).alias("tgl"),
        pl.col("__wil").alias("wil"),
    ).select(*_WORK, "nama", "tgl", "wil")


def _employees(  # noqa: PLR0913, PLR0917 - internal stage with the pipeline's state
    employees: Any,
    work: Any,
    roster: Any,
    rules: Sequence[OccupationRule],
    backend: Backend,
    like: Any,
    tokens: bool,
    secret: bytes | None,
    columns: Mapping[str, str] | None,
    rows_seen: list[pl.DataFrame],
    codes: Mapping[str, int],
    readings: list[Manifest],
) -> pl.DataFrame:
    """excluded_occupation: the recipient, or a member of their family, has a listed job."""
    frame, cols = _reference(
        employees,
        "employees",
        backend,
        like,
        tokens,
        secret,
        columns,
        ("pekerjaan",),
        ("nik", "no_kk"),
        readings,
    )
    if "pekerjaan" not in cols:
        raise SchemaError(
            "the employees list needs a pekerjaan column (PNS, TNI, POLRI, KARYAWAN BUMN...)",
            column="pekerjaan",
            found=_schema_names(frame),
        )
    frame = _alive_filter(frame, cols, keep_dead=False)
    job = nw.col(cols["pekerjaan"]).cast(nw.String)
    values = collect(frame.select(job.alias("j")).unique(), backend)["j"].to_list()
    wanted = {p for r in rules for p in r.pekerjaan}
    found = {
        v: normalize_program(v) for v in values if v is not None and normalize_program(v) in wanted
    }
    if not found:
        return pl.DataFrame(schema=_SINGLE)
    keys = list(found)
    staff = frame.filter(job.is_in(keys)).select(
        _ref_key(frame, cols, "nik", tokens).alias("__ek"),
        _ref_key(frame, cols, "no_kk", tokens).alias("__ekk"),
        job.replace_strict(keys, [found[k] for k in keys], return_dtype=nw.String).alias("__job"),
    )
    by_nik = collect(
        work.filter(~nw.col("__nik").is_null())
        .join(
            staff.filter(~nw.col("__ek").is_null()).select("__ek", "__job").unique(),
            left_on="__nik",
            right_on="__ek",
            how="inner",
        )
        .with_columns(nw.col("__nik").alias("__ek"), nw.lit("nik").alias("__via")),
        backend,
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
        backend,
    )
    by_nik = _enrich_keep(by_nik, codes).filter(pl.col("__nik").is_not_null())
    by_family = _enrich_keep(by_family, codes)
    hits = pl.concat([by_nik.select(by_family.columns), by_family], how="vertical_relaxed")
    rows_seen.append(hits.select(*_WORK))
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
                pl.lit("excluded_occupation").alias("kind"),
                pl.lit(rule.id).alias("rule"),
                "__detail",
                "__other",
                "__count",
            )
        )
    if not out:
        return pl.DataFrame(schema=_SINGLE)
    return pl.concat(out)
