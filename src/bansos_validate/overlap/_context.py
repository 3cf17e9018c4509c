"""What overlap detectors read: one :class:`Context` per ``find_overlaps`` call.

The context holds the validated inputs (policy, engine, rolls, reference lists, key) and
the materialised work frame of every roll's rows (columns :data:`._text.WORK` before
enrichment: ``__roll``, ``__row``, ``__nik``, ``__kk``, ``__prog``, ``__periode``,
``__wil``). Stages that several detectors share are computed once, on first use, and
kept on the context (:func:`functools.cached_property`):

* the NIK candidates: rows of the NIKs that can overlap at all (a program twice, or two
  programs that exclude each other), found by one aggregation in the rolls' engine,
  and the pairs of their first rows (duplicates, regions, exclusive programs);
* the same on the KK key, and on the family of the persons roster, for the household
  programs.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import narwhals as nw
import polars as pl

from bansos_validate import facts
from bansos_validate.errors import InvalidArgument, SchemaError
from bansos_validate.intake import Manifest, reading_notes, reading_of
from bansos_validate.intake._regions import NOT_REGION_DIGITS
from bansos_validate.overlap import _text
from bansos_validate.overlap._frames import Backend, Kind, collect, kind_of, lazy_frame
from bansos_validate.overlap._intake import map_list
from bansos_validate.overlap._keys import NO_END, NO_START, drop_fillers, key_expr, period_bounds
from bansos_validate.overlap._privacy import pseudonymize_roll, token_mode

if TYPE_CHECKING:
    from bansos_validate.overlap._policy import ExclusiveRule, Policy

__all__ = [
    "MAX_KEY_GROUPS",
    "PAIR",
    "SINGLE",
    "Context",
    "HouseholdPairs",
    "NikPairs",
    "Roll",
    "empty_pairs",
    "enrich",
    "enrich_keep",
    "ref_key",
    "reference",
    "schema_names",
]

MAX_KEY_GROUPS = 200
"""A key shared by more groups than this (a filler NIK that slipped through) is paired
with its first group only, not every group with every other."""

WORK = _text.WORK
"""The working columns of a roll's rows (shared with the evidence texts)."""

SINGLE = pl.Schema(
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

PAIR = pl.Schema(
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
"""The columns of the pair findings (the first row ``a``, the second ``b``)."""


@attrs.define
class Roll:
    """One roll of a call: as given, as its engine reads it, and how it was read."""

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


@attrs.frozen(slots=True)
class NikPairs:
    """The NIK candidates split for pairing.

    Attributes:
        repeats: later rows of a key, roll, program, regency and period, paired with the
            first (``__ra``, ``__rowa``, ``__rb``, ``__rowb``).
        pairs: pairs of first rows sharing a NIK in overlapping periods (the columns of
            both rows, the second with suffix ``_b``).
    """

    repeats: pl.DataFrame
    pairs: pl.DataFrame


@attrs.frozen(slots=True)
class HouseholdPairs:
    """The rows of the families that can overlap and the pairs of two persons in them.

    Attributes:
        rows: the candidate rows (:data:`WORK` columns).
        pairs: pairs of rows of one family, of two persons (or an unreadable NIK), in
            overlapping periods; ``None`` when there are no candidate rows.
    """

    rows: pl.DataFrame
    pairs: pl.DataFrame | None


@attrs.frozen(slots=False)
class Context:
    """The inputs of one ``find_overlaps`` call and the stages detectors share.

    Attributes:
        policy: the policy applied.
        backend: the engine that computes the rolls.
        like: a native frame of that engine (reference lists are converted to it).
        columns: explicit ``{canonical: actual}`` column names.
        tokens: the keys are keyed tokens (pseudonymised mode).
        secret: the checked key, when one was given.
        rolls: the rolls, in the order given.
        work: the materialised work frame of every roll (narwhals, lazy).
        codes: program name -> its code in ``__prog``.
        programs: the programs on the rolls.
        reference_date: the date that decides which rules are in force.
        exclusive: the exclusivity rules in force between programs on the rolls.
        fuzzy: look for the same person under different NIKs.
        deaths: the list of deceased persons, or ``None``.
        employees: the list of employees, or ``None``.
        roster: the persons roster as ``__nik``, ``__hh`` (family key), or ``None``.
        readings: how each reference list was read (detectors append to it).
    """

    policy: Policy
    backend: Backend
    like: Any
    columns: Mapping[str, str] | None
    tokens: bool
    secret: bytes | None
    rolls: tuple[Roll, ...]
    work: Any
    codes: Mapping[str, int]
    programs: frozenset[str]
    reference_date: dt.date
    exclusive: tuple[ExclusiveRule, ...]
    fuzzy: bool
    deaths: Any = None
    employees: Any = None
    roster: Any = None
    readings: list[Manifest] = attrs.field(factory=list)

    @functools.cached_property
    def household_programs(self) -> list[str]:
        """The programs on the rolls given per household, sorted."""
        return sorted(p for p in self.programs if self.policy.unit_of(p) == "household")

    @functools.cached_property
    def nik_rows(self) -> pl.DataFrame:
        """Rows of the NIKs that can overlap (a program twice, or an exclusive pair)."""
        rules = [r.programs for r in self.exclusive]
        return _candidates(self.work, "__nik", rules, self.codes, self.backend)

    @functools.cached_property
    def nik_pairs(self) -> NikPairs | None:
        """The NIK candidates paired (``None``: no candidate has a NIK)."""
        rows = self.nik_rows.filter(pl.col("__nik").is_not_null())
        if rows.height == 0:
            return None
        reps, repeats = _first_in_group(
            rows, ["__nik", "__roll", "__prog", "__reg", "__ps", "__pe"]
        )
        return NikPairs(repeats=repeats, pairs=_self_pairs(reps, "__nik").filter(_overlap()))

    @functools.cached_property
    def household_work(self) -> Any:
        """The work rows of the household programs."""
        wanted = [self.codes[p] for p in self.household_programs]
        return self.work.filter(nw.col("__prog").is_in(wanted))

    @functools.cached_property
    def kk_pairs(self) -> HouseholdPairs:
        """Rows of the KK numbers that can overlap on household programs, paired."""
        rows = _candidates(
            self.household_work, "__kk", self._household_rules, self.codes, self.backend
        )
        return HouseholdPairs(rows=rows, pairs=_household_pairs(rows, "__kk"))

    @functools.cached_property
    def family_pairs(self) -> HouseholdPairs | None:
        """As :attr:`kk_pairs`, by the family of the roster (``None``: no roster)."""
        if self.roster is None:
            return None
        rows = _candidates(
            self.household_work,
            "__hh",
            self._household_rules,
            self.codes,
            self.backend,
            extra=self.roster,
        )
        return HouseholdPairs(rows=rows.drop("__hh"), pairs=_household_pairs(rows, "__hh"))

    @property
    def _household_rules(self) -> list[tuple[str, str]]:
        return [r.programs for r in self.exclusive if r.household]


def schema_names(frame: Any) -> list[str]:
    """The column names of a narwhals frame."""
    return list(frame.collect_schema().names())


def enrich(rows: pl.DataFrame, codes: Mapping[str, int]) -> pl.DataFrame:
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
    ).select(WORK)


def enrich_keep(rows: pl.DataFrame, codes: Mapping[str, int]) -> pl.DataFrame:
    """:func:`enrich`, keeping the columns beyond the work columns (``__hh``...)."""
    extra = [c for c in rows.columns if c not in WORK and c not in ("__ps", "__pe", "__reg")]
    base = enrich(rows, codes)
    return pl.concat([base, rows.select(extra)], how="horizontal") if extra else base


def empty_pairs() -> pl.DataFrame:
    """No pair findings."""
    return pl.DataFrame(schema=PAIR)


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
    return enrich_keep(found, codes)


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


def _overlap() -> pl.Expr:
    return (pl.col("__ps") <= pl.col("__pe_b")) & (pl.col("__ps_b") <= pl.col("__pe"))


def _household_pairs(rows: pl.DataFrame, key: str) -> pl.DataFrame | None:
    """Pairs of rows of one family (*key*) of two persons, in overlapping periods."""
    if rows.height == 0:
        return None
    linked = rows.filter(pl.col("__nik").is_not_null())
    reps, _ = _first_in_group(linked, [key, "__roll", "__prog", "__nik", "__ps", "__pe"])
    reps = pl.concat([reps, rows.filter(pl.col("__nik").is_null()).select(reps.columns)])
    pairs = _self_pairs(reps, key).filter(_overlap())
    other_person = (
        pl.col("__nik").is_null()
        | pl.col("__nik_b").is_null()
        | (pl.col("__nik") != pl.col("__nik_b"))
    )
    return pairs.filter(other_person)


def reference(  # noqa: PLR0913, PLR0917 - internal stage with the pipeline's state
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
    if not token_mode(schema_names(wrapped)):
        mapped = map_list(wrapped, what, columns, source, required, any_of)
        if readings is not None:
            reading = reading_of(what, mapped, native=source)
            notes = tuple(reading_notes(reading, mapped))
            readings.append(Manifest(sources=(reading,), notes=notes))
    names = schema_names(wrapped)
    is_tokens = token_mode(names)
    if tokens and not is_tokens:
        if secret is None:
            raise InvalidArgument(f"the rolls are pseudonymised but {what} is not; pass key=")
        native = pseudonymize_roll(native, secret, columns=columns)
        kind, wrapped = kind_of(native, what)
        names = schema_names(wrapped)
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


def ref_key(frame: Any, cols: Mapping[str, str], canonical: str, tokens: bool) -> nw.Expr:
    """The NIK or KK link key of a reference list (a token in pseudonymised mode)."""
    if tokens:
        token = "nik_token" if canonical == "nik" else "kk_token"
        linkable = "nik_linkable" if canonical == "nik" else "kk_linkable"
        names = schema_names(frame)
        if token not in names:
            return nw.lit(None, dtype=nw.String)
        expr = nw.when(nw.col(linkable)).then(nw.col(token)) if linkable in names else nw.col(token)
        return expr.cast(nw.String)
    if canonical not in cols:
        return nw.lit(None, dtype=nw.Int64)
    return key_expr(frame, cols[canonical], canonical.upper().replace("NO_", ""))


def alive_filter(frame: Any, cols: Mapping[str, str], *, keep_dead: bool) -> Any:
    """The rows of the dead (*keep_dead*) or of the living, when the list says which."""
    if "status_hidup" not in cols:
        return frame
    status = facts.life_status_expr(nw.col(cols["status_hidup"]))
    dead = (status == facts.DEAD).fill_null(value=False)
    return frame.filter(dead if keep_dead else ~dead)


def roster(  # noqa: PLR0913, PLR0917 - internal stage with the pipeline's state
    persons: Any,
    backend: Backend,
    like: Any,
    tokens: bool,
    secret: bytes | None,
    columns: Mapping[str, str] | None,
    readings: list[Manifest],
) -> Any:
    """The persons roster as ``__nik``, ``__hh`` (the family key), distinct.

    Raises:
        SchemaError: the roster lacks a NIK or a KK column.
    """
    frame, cols = reference(
        persons, "persons", backend, like, tokens, secret, columns, ("nik", "no_kk"), (), readings
    )
    if not tokens and ("nik" not in cols or "no_kk" not in cols):
        raise SchemaError(
            "the persons roster needs a NIK and a KK column",
            column="no_kk",
            found=schema_names(frame),
        )
    return (
        frame.select(
            ref_key(frame, cols, "nik", tokens).alias("__nik"),
            ref_key(frame, cols, "no_kk", tokens).alias("__hh"),
        )
        .filter(~nw.col("__nik").is_null() & ~nw.col("__hh").is_null())
        .unique()
    )
