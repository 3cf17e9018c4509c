"""``find_overlaps``: exact-key overlaps by joins, the fuzzy kind by record matching.

The pipeline, per call:

1. The arguments are checked and each roll becomes a narrow *work* frame in its own
   engine: roll and row number, the NIK and KK link keys (:mod:`._keys`; tokens in
   pseudonymised mode), the program (the policy's name for it), the regency, and the
   period as first and last day. The work frames, the policy, the reference lists and
   the rules in force make one :class:`~._context.Context`.
2. Every detector of the registry (:data:`._detectors.DETECTORS`, one per overlap kind)
   that applies to the inputs given runs on the context; the others leave a note. The
   stages detectors share are computed once by the context: one aggregation per key
   finds the keys that can overlap at all (rows more than programs, or two programs
   that exclude each other), and only the rows of those keys leave the engine (a
   semi-join), so the Polars, DuckDB or Spark engine does the work that scales with
   the rolls, and the pairs are formed on the few rows left.
3. The findings become the result table, with the evidence of each overlap stored as
   data (a message and its values), its action as its policy rule, and the notes as
   codes; the ``evidence``, ``action`` and ``notes`` texts are written from them in the
   language asked for (:meth:`OverlapResult.evidence`, :meth:`OverlapResult.actions`
   and :meth:`OverlapResult.notes_in` write either language).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import narwhals as nw
import polars as pl

from bansos_validate import _arguments as _args
from bansos_validate import _frames
from bansos_validate._deprecation import renamed_argument
from bansos_validate.errors import InvalidArgument
from bansos_validate.intake import Manifest, merge_all
from bansos_validate.overlap import _detectors, _text
from bansos_validate.overlap._context import MAX_KEY_GROUPS, Context, Roll, roster, schema_names
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
from bansos_validate.overlap._intake import (
    check_given_columns,
    flag_roll_rows,
    key_notes,
    map_roll,
    roll_reading,
)
from bansos_validate.overlap._keys import key_expr, period_bounds, polars_key_expr
from bansos_validate.overlap._kinds import KINDS, NoteCode, OverlapNote
from bansos_validate.overlap._policy import Policy, load_policy
from bansos_validate.overlap._privacy import (
    PERIOD_ALIASES,
    PROGRAM_ALIASES,
    pseudonymize_roll,
    token_mode,
)
from bansos_validate.overlap._result import OverlapResult
from bansos_validate.privacy import check_key

if TYPE_CHECKING:
    from bansos_validate.issues import Lang
    from bansos_validate.matching import MatchResult

__all__ = ["MAX_KEY_GROUPS", "find_overlaps"]


def _policy(policy: object) -> Policy:
    if policy is None or isinstance(policy, str | Path):
        return load_policy(policy)
    if isinstance(policy, Policy):
        return policy
    raise InvalidArgument(
        "Expected policy as None, a bundled policy id, a file path or a Policy but got "
        f"{type(policy).__name__}"
    )


def _work(  # noqa: PLR0912, PLR0913, PLR0915, PLR0917 - internal stage with the pipeline's state
    roll: Roll,
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
    names = schema_names(frame)
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
    roll: Roll, frame: Any, mapped: Any, keys: Mapping[str, nw.Expr], backend: Backend
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


def find_overlaps(  # noqa: PLR0913 - the public entry point
    rolls: Mapping[str, Any],
    policy: Policy | str | Path | None = None,
    deaths: Any = None,
    key: bytes | None = None,
    *,
    employees: Any = None,
    persons: Any = None,
    reference_date: dt.date | str | None = None,
    columns: Mapping[str, str] | None = None,
    fuzzy: bool = True,
    lang: Lang = "id",
    unmasked: bool = False,
    at: dt.date | str | None = None,
    unmask: bool | None = None,
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
        reference_date: the date that decides which rules are in force, a date or ISO
            text (default: the start of the latest period on the rolls, or today).
        columns: explicit ``{canonical: actual}`` column names for every frame
            (``program`` and ``periode`` too).
        fuzzy: look for the same person under different NIKs (raw mode only; needs
            ``nama``; every roll is brought into memory for it).
        lang: ``id`` (default) or ``en``: the language of the ``evidence`` and
            ``action`` columns of ``frame`` and of ``notes``; any other reading takes
            its own (``evidence(lang)``, ``actions(lang)``, ``notes_in(lang)``,
            ``findings(lang)``).
        unmasked: show whole NIK and KK numbers in ``nik_a``/``kk_a``... and the
            evidence (masked by default).
        at: deprecated spelling of *reference_date*.
        unmask: deprecated spelling of *unmasked*.

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
    where = "bansos_validate.find_overlaps"
    reference_date = renamed_argument(  # type: ignore[assignment]
        where, ("reference_date", reference_date), ("at", at), since="0.1.0", removal="0.2.0"
    )
    if unmask is not None:
        given = None if unmasked is False else unmasked
        unmasked = renamed_argument(  # type: ignore[assignment]
            where, ("unmasked", given), ("unmask", unmask), since="0.1.0", removal="0.2.0"
        )
    pol = _policy(policy)
    lang = _args.lang(lang)
    fuzzy, unmask = _args.flag("fuzzy", fuzzy), _args.flag("unmasked", unmasked)
    columns = _args.mapping("columns", columns)
    if not isinstance(rolls, Mapping) or not rolls:
        raise _args.fail("rolls", "a non-empty mapping {name: frame}", rolls)
    for name in rolls:
        if not isinstance(name, str) or not name.strip():
            raise _args.fail("rolls", "roll names as non-empty text", name)
    ref = None if reference_date is None else _args.reference_date(reference_date)
    secret = check_key(key) if key is not None else None
    items = _rolls(rolls, (deaths, employees, persons), columns)
    backend, like, tokens = _engine(items, secret, columns)
    ctx = _context(
        items,
        pol,
        backend=backend,
        like=like,
        tokens=tokens,
        secret=secret,
        columns=columns,
        at=ref,
        fuzzy=fuzzy,
        lists=(deaths, employees, persons),
    )
    kinds, notes, found, matches = _detect(ctx)
    base, evidence = _text.assemble(
        findings=[f for d in found for f in d.findings],
        rows=_distinct([r for d in found for r in d.rows]),
        names=[r.name for r in items],
        policy=pol,
        tokens=tokens,
        unmask=unmask,
    )
    table = _text.localize(base, evidence, pol, lang)
    stored_notes = tuple(OverlapNote(code) for code in notes)
    native = to_native(table, items[0].kind if not tokens else _kind_for_output(rolls), like)
    return OverlapResult(
        frame=native,
        policy=pol,
        reference_date=ctx.reference_date,
        mode="tokens" if tokens else "raw",
        kinds=tuple(k for k in KINDS if k in kinds),
        notes=_text.render_notes(stored_notes, lang),
        rolls=_roll_counts(ctx),
        table=table,
        matches=matches,
        manifest=merge_all([*(r.manifest for r in items), *ctx.readings]),
        _evidence=evidence,
        _notes=stored_notes,
        _lang=lang,
    )


def _rolls(
    rolls: Mapping[str, Any], lists: tuple[Any, ...], columns: Mapping[str, str] | None
) -> list[Roll]:
    """The rolls as :class:`Roll`; the explicit *columns* checked against every frame."""
    items: list[Roll] = []
    frames_given = []
    for index, (name, native) in enumerate(rolls.items()):
        kind, wrapped = kind_of(native, f"roll {name!r}")
        frames_given.append(wrapped)
        items.append(
            Roll(name, index, kind, native, token_mode(schema_names(wrapped)), source=native)
        )
    frames_given += [kind_of(x, "a list")[1] for x in lists if x is not None]
    check_given_columns(columns, frames_given)
    return items


def _engine(
    items: list[Roll], secret: bytes | None, columns: Mapping[str, str] | None
) -> tuple[Backend, Any, bool]:
    """The rolls' one engine, a native frame of it, and whether keys are tokens.

    Raw rolls are pseudonymised with *secret* when others are tokens (or a key is given).

    Raises:
        InvalidArgument: rolls of two engines, or token rolls with raw ones and no key.
    """
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
    return backend, like, tokens


def _context(  # noqa: PLR0913 - the checked arguments of find_overlaps, once
    items: list[Roll],
    policy: Policy,
    *,
    backend: Backend,
    like: Any,
    tokens: bool,
    secret: bytes | None,
    columns: Mapping[str, str] | None,
    at: dt.date | None,
    fuzzy: bool,
    lists: tuple[Any, Any, Any],
) -> Context:
    """The work frames of the rolls, the reference date, the rules in force: one context.

    The persons roster is read here (it serves two kinds, and is read even when neither
    looks for anything).
    """
    programs: set[str] = set()
    periods: set[str] = set()
    codes: dict[str, int] = {}
    for r in items:
        r.frame, found, seen_periods = _work(r, policy, backend, like, columns, codes)
        programs |= found
        periods |= seen_periods
    work = _frames.materialize(nw.concat([r.frame for r in items], how="vertical"))
    ref = at if at is not None else _latest_period(periods)
    exclusive = tuple(
        r
        for r in policy.exclusive
        if r.active(ref) and r.programs[0] in programs and r.programs[1] in programs
    )
    deaths, employees, persons = lists
    readings: list[Manifest] = []
    family = None
    if persons is not None:
        family = roster(persons, backend, like, tokens, secret, columns, readings)
    return Context(
        policy=policy,
        backend=backend,
        like=like,
        columns=columns,
        tokens=tokens,
        secret=secret,
        rolls=tuple(items),
        work=work,
        codes=codes,
        programs=frozenset(programs),
        reference_date=ref,
        exclusive=exclusive,
        fuzzy=fuzzy,
        deaths=deaths,
        employees=employees,
        roster=family,
        readings=readings,
    )


def _latest_period(periods: set[str]) -> dt.date:
    """The first day of the latest period on the rolls (today when none can be read)."""
    starts = [b[0] for p in periods if (b := period_bounds(p)) is not None]
    latest = max(starts) if starts else None
    if latest is None:
        return dt.date.today()  # noqa: DTZ011 - the officer's local date
    return dt.date(latest // 10_000, latest // 100 % 100, latest % 100)


def _detect(
    ctx: Context,
) -> tuple[list[str], list[NoteCode], list[_detectors.Found], MatchResult | None]:
    """Run the registered detectors that apply: kinds looked for, notes, findings."""
    kinds: list[str] = []
    notes: list[NoteCode] = []
    found: list[_detectors.Found] = []
    matches = None
    for detector in _detectors.DETECTORS:
        if detector.applies(ctx):
            kinds.append(detector.kind)
            result = detector.detect(ctx)
            found.append(result)
            matches = result.matches if result.matches is not None else matches
        elif (code := detector.missing(ctx)) is not None:
            notes.append(code)
    return kinds, notes, found, matches


def _distinct(frames: list[pl.DataFrame]) -> list[pl.DataFrame]:
    """*frames* without repeats of one frame (detectors share their stages' rows)."""
    return list({id(f): f for f in frames}.values())


def _roll_counts(ctx: Context) -> pl.DataFrame:
    """Per roll: ``roll``, ``rows`` (the rows that are entries)."""
    counts = collect(ctx.work.group_by("__roll").agg(nw.len().alias("rows")), ctx.backend)
    names = [r.name for r in ctx.rolls]
    roll_counts = (
        pl.DataFrame(
            {"roll": names, "rows": [0] * len(names)}, schema={"roll": pl.String, "rows": pl.Int64}
        )
        .with_row_index("__roll")
        .with_columns(pl.col("__roll").cast(pl.Int32))
    )
    return roll_counts.join(
        counts.cast({"__roll": pl.Int32, "rows": pl.Int64}), on="__roll", how="left", suffix="_n"
    ).select("roll", pl.col("rows_n").fill_null(0).alias("rows"))


def _kind_for_output(rolls: Mapping[str, Any]) -> Kind:
    first = next(iter(rolls.values()))
    return kind_of(first, "roll")[0]
