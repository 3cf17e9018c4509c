"""``evaluate``'s intake: the persons and households frames as the rule engines read them.

Both frames go through the one intake (:mod:`bansos_validate.intake`):

* headers are mapped to the canonical columns the rule set declares (``No. KK``,
  ``NO_KK``, ``Desil``, a ``columns=`` entry), with the rule file's own fields known by
  their names;
* ``no_kk`` is read as a link key: a KK stored as a number that kept its 16 digits is
  the same KK as its text (and is reported), one that lost digits joins nothing and is
  reported with its rows;
* blank rows and totals or signature rows below a table are left out, and reported;
* a declared column that is missing is *unknown*, not silently its default: a decision
  that depends on it is ``undetermined`` and the manifest says which rules could not be
  checked, unless the caller states its value (``assume=``), which is reported too;
* a household whose members may have lost their KK number to a spreadsheet (a member's
  KK ends in the digits still known) and a household whose own KK cannot be read are
  ``undetermined``, unless a rule on the household alone already excludes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import narwhals as nw

from bansos_validate import _frames
from bansos_validate.errors import InvalidArgument, SchemaError
from bansos_validate.intake import (
    CheckRun,
    Manifest,
    Note,
    find_columns,
    reading_notes,
    reading_of,
)
from bansos_validate.intake._keys import damaged_prefix, key_expr, key_text
from bansos_validate.intake._rows import classify_rows
from bansos_validate.rules import _ir as ir
from bansos_validate.schema import ALIASES, ColumnMap

__all__ = ["Inputs", "take_inputs"]

_INDEX = "__bv_in_index"
_SOURCE_ROW = "__bv_in_row"
_RAW_KK = "__bv_raw_kk"
MEMBER_KK_DAMAGED = "no_kk_anggota"
"""Reason of a household that may have lost members to damaged KK numbers."""
KK_UNUSABLE = "no_kk"
"""Reason of a household whose own KK number cannot be read."""


@attrs.frozen
class Inputs:
    """The frames the engines read, and what the intake found.

    Attributes:
        persons: the persons frame (narwhals), canonical columns, ``no_kk`` as link key.
        households: the households frame (narwhals), likewise.
        unknown: fields whose column is missing and whose value was not assumed.
        manifest: how both frames were read and what was assumed.
        household_rows: the households' source rows (spreadsheet rows), in order, for
            in-memory frames; ``None`` for lazy ones.
        suspect: link keys of households that may have lost members (damaged KKs).
        member_rules: ids of rules that read the members (directly or through variables).
        output: the caller's frame kind (the result is given back as it).
    """

    persons: Any
    households: Any
    unknown: frozenset[str]
    manifest: Manifest
    household_rows: list[int] | None
    suspect: tuple[str, ...]
    member_rules: frozenset[str]
    output: Any


def _wrap(native: Any, what: str) -> tuple[Any, bool, _frames.Kind]:
    """A narwhals frame of *native* (pandas through Polars), eagerness, the caller's kind."""
    adopted = _frames.adopt(native, what)
    frame = adopted.frame
    eager = isinstance(frame, nw.DataFrame)
    if adopted.kind is _frames.Kind.PANDAS:
        frame = nw.from_native(_frames.pandas_values(adopted.native, what))
    elif adopted.kind is _frames.Kind.PYARROW:
        frame = nw.from_native(adopted.to_polars(what))
    return frame, eager, adopted.kind


def _index(frame: Any) -> Any:
    """*frame* with a 0-based row index :data:`_INDEX`."""
    return _frames.add_index(frame, _INDEX)


def _split_columns(
    columns: Mapping[str, str] | None, person_names: Sequence[str], household_names: Sequence[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """``columns=`` entries for each frame: an entry applies where its column exists."""
    persons: dict[str, str] = {}
    households: dict[str, str] = {}
    for canonical, actual in (columns or {}).items():
        in_persons, in_households = actual in person_names, actual in household_names
        if in_persons:
            persons[canonical] = actual
        if in_households:
            households[canonical] = actual
        if not in_persons and not in_households:
            persons[canonical] = actual  # the persons frame reports it, with suggestions
    return persons, households


def _fields(node: ir.IR, variables: Mapping[tuple[str, str], ir.IR]) -> set[tuple[str, str]]:
    """The (entity, field) pairs *node* reads, through variables; aggregates read members."""
    found: set[tuple[str, str]] = set()
    seen: set[tuple[str, str]] = set()
    stack = [node]
    while stack:
        for sub in ir.walk(stack.pop()):
            if isinstance(sub, ir.Field):
                found.add((sub.entity, sub.name))
            elif isinstance(sub, ir.Agg):
                found.add(("person", "*"))
            elif isinstance(sub, ir.Var) and (sub.entity, sub.name) not in seen:
                seen.add((sub.entity, sub.name))
                inner = variables.get((sub.entity, sub.name))
                if inner is not None:
                    stack.append(inner)
    return found


def _unguarded(node: ir.IR, variables: Mapping[tuple[str, str], ir.IR]) -> set[tuple[str, str]]:
    """The fields *node* reads where a null would leave the outcome unknown.

    A field read only in a ``coalesce`` argument that has a fallback after it, or inside
    ``is_missing``, is guarded: the rule says what happens without it.
    """
    found: set[tuple[str, str]] = set()
    seen: set[tuple[tuple[str, str], bool]] = set()
    stack: list[tuple[ir.IR, bool]] = [(node, False)]
    while stack:
        current, guarded = stack.pop()
        if isinstance(current, ir.Field):
            if not guarded:
                found.add((current.entity, current.name))
            continue
        if isinstance(current, ir.Var):
            key = ((current.entity, current.name), guarded)
            inner = variables.get(key[0])
            if inner is not None and key not in seen:
                seen.add(key)
                stack.append((inner, guarded))
            continue
        if isinstance(current, ir.Fn) and current.name == "coalesce":
            stack += [(arg, True) for arg in current.args[:-1]]
            stack += [(arg, guarded) for arg in current.args[-1:]]
            continue
        if isinstance(current, ir.Fn) and current.name == "is_missing":
            stack += [(arg, True) for arg in current.args]
            continue
        stack += [(child, guarded) for child in ir.children(current)]
    return found


@attrs.frozen
class _Frame:
    frame: Any
    mapped: ColumnMap
    notes: list[Note]
    flagged: Any
    rows: int | None


def _read(  # noqa: PLR0913 - one frame's reading, every option needed
    native: Any,
    frame: Any,
    *,
    name: str,
    columns: Mapping[str, str],
    fields: Sequence[str],
    required: Sequence[str],
    extra: Sequence[str],
    keys: Sequence[str],
) -> _Frame:
    """Map, index and classify one frame; keep its canonical columns and source row."""
    mapped = find_columns(
        frame,
        columns,
        what=f"the {name} frame",
        wanted=[*keys, *fields],
        required=required,
        extra=extra,
        identifiers=keys,
        native=native,
    )
    indexed = _index(frame)
    schema = indexed.collect_schema()
    row = "row" if "row" in schema and schema["row"].is_integer() else None
    key_columns = [mapped.columns[k] for k in keys if k in mapped.columns]
    flagged = classify_rows(indexed, key_columns, _INDEX, row=row)
    if len(flagged):
        indexed = indexed.filter(~nw.col(_INDEX).is_in(flagged[_INDEX].to_list()))
    source_row = (nw.col("row") if row else nw.col(_INDEX) + 1).cast(nw.Int64).alias(_SOURCE_ROW)
    selected = [
        nw.col(actual).alias(canonical)
        for canonical, actual in mapped.columns.items()
        if canonical in (*keys, *fields) and canonical != "no_kk"
    ]
    kk = mapped.columns["no_kk"]
    prepared = indexed.select(
        key_text(key_expr(indexed, kk, "KK")).alias("no_kk"),
        nw.col(kk).alias(_RAW_KK),
        *selected,
        source_row,
    )
    rows = len(frame) if isinstance(frame, nw.DataFrame) else None
    return _Frame(prepared, mapped, [], flagged, rows)


def _collect(frame: Any) -> Any:
    """A narwhals frame as an eager Polars frame (for the few rows notes need)."""
    return _frames.collect_polars(frame)


def _identifier_notes(read: _Frame, source: str) -> tuple[list[Note], list[str]]:
    """Notes on the KK numbers of one frame, and the prefixes of the damaged ones.

    ``input_identifier_numeric`` counts values read from number cells that kept their
    16 digits (joined, but to be re-exported as text); ``input_identifier_unusable``
    lists the rows whose KK number cannot be joined at all.
    """
    import polars as pl  # noqa: PLC0415 - the notes are computed on few rows

    frame = read.frame
    raw = nw.col(_RAW_KK)
    dtype = frame.collect_schema()[_RAW_KK]
    text = raw.cast(nw.String).str.strip_chars()
    present = ~raw.is_null() & (text != "")
    if dtype.is_numeric():
        numeric = present
    else:
        numeric = present & text.str.contains(r"^[0-9]+[.,]0+$|^[0-9.,]+[eE][+]?[0-9]+$")
    found = _collect(
        frame.select(
            (numeric & ~nw.col("no_kk").is_null()).alias("numeric"),
            (present & nw.col("no_kk").is_null()).alias("unusable"),
            nw.col(_SOURCE_ROW),
            raw.alias("raw"),
        ).filter(nw.col("numeric") | nw.col("unusable"))
    )
    notes: list[Note] = []
    column = read.mapped.columns["no_kk"]
    n_numeric = int(found["numeric"].sum())
    if n_numeric:
        notes.append(
            Note("input_identifier_numeric", source, {"column": column, "count": n_numeric})
        )
    bad = found.filter(pl.col("unusable"))
    prefixes: list[str] = []
    if bad.height:
        notes.append(
            Note(
                "input_identifier_unusable",
                source,
                {
                    "column": column,
                    "count": bad.height,
                    "rows": [int(r) for r in bad[_SOURCE_ROW].to_list()],
                },
            )
        )
        # Only a KK that lost just its 16th digit points to a few households (at most
        # ten); a shorter prefix (scientific notation) would doubt a whole district, so
        # those values are only reported.
        prefixes = sorted(
            {
                p
                for v in bad["raw"].unique().to_list()
                if (p := damaged_prefix(v)) is not None and len(p) >= 15
            }
        )
    return notes, prefixes


def _suspects(households: Any, prefixes: Sequence[str]) -> tuple[str, ...]:
    """Link keys of the households whose KK starts with a damaged member KK's known digits."""
    if not prefixes:
        return ()
    keys = _collect(households.select("no_kk").filter(~nw.col("no_kk").is_null()))["no_kk"]
    found = {k for k in keys.to_list() if any(k.startswith(p) for p in prefixes)}
    return tuple(sorted(found))


def take_inputs(  # noqa: PLR0912, PLR0915 - the intake of both frames, read top to bottom
    ruleset: Any,
    persons: Any,
    households: Any,
    *,
    columns: Mapping[str, str] | None = None,
    assume: Mapping[str, object] | None = None,
) -> Inputs:
    """Read both frames for *ruleset* (see the module docstring).

    Raises:
        SchemaError: a required column is missing (``no_kk``, a declared field without a
            default), a ``columns=`` or ``assume=`` entry names no declared field, two
            columns could feed one field, or a misnamed identifier column.
        InvalidArgument: the inputs are not frames of one kind.
    """
    compiled = ruleset._compiled  # noqa: SLF001 - the engine is the rule set's own
    person_unit = compiled.unit == "person"
    pframe, p_eager, p_impl = _wrap(persons, "persons")
    hframe, h_eager, h_impl = _wrap(households, "households")
    if p_eager != h_eager or p_impl != h_impl:
        raise InvalidArgument(
            "persons and households must be frames of the same kind "
            f"(got {p_impl} {'eager' if p_eager else 'lazy'} and "
            f"{h_impl} {'eager' if h_eager else 'lazy'})"
        )
    person_specs = dict(compiled.person_fields)
    household_specs = dict(compiled.household_fields)
    assumed = {str(k): v for k, v in (assume or {}).items()}
    declared = {*person_specs, *household_specs}
    for column in assumed:
        if column not in declared:
            raise SchemaError(
                f"assume= names {column!r}, which the {compiled.program} rules do not read; "
                f"they read: {', '.join(sorted(declared))}",
                column=column,
                message_id=(
                    f"--assume menyebut {column!r}, yang tidak dibaca aturan "
                    f"{compiled.program}; yang dibaca: {', '.join(sorted(declared))}"
                ),
            )
    p_columns, h_columns = _split_columns(
        columns, pframe.collect_schema().names(), hframe.collect_schema().names()
    )
    extra = sorted(n for n in declared if n not in ALIASES)
    p_keys = ["no_kk", "nik"] if person_unit else ["no_kk"]

    def required_of(specs: Mapping[str, Any], keys: Sequence[str]) -> list[str]:
        return [*keys, *(n for n, s in specs.items() if s.required and s.default is None)]

    def fields_of(specs: Mapping[str, Any]) -> list[str]:
        return [n for n in specs if n not in ("no_kk", "nik")]

    p_read = _read(
        persons,
        pframe,
        name="persons",
        columns=p_columns,
        fields=fields_of(person_specs),
        required=[c for c in required_of(person_specs, p_keys) if c not in assumed],
        extra=[e for e in extra if e in person_specs],
        keys=p_keys,
    )
    h_read = _read(
        households,
        hframe,
        name="households",
        columns=h_columns,
        fields=fields_of(household_specs),
        required=[c for c in required_of(household_specs, ["no_kk"]) if c not in assumed],
        extra=[e for e in extra if e in household_specs],
        keys=["no_kk"],
    )
    notes: list[Note] = []
    readings = []
    for name, native, read in (("persons", persons, p_read), ("households", households, h_read)):
        reading = reading_of(name, read.mapped, native=native, rows=read.rows, flagged=read.flagged)
        readings.append(reading)
        notes += reading_notes(reading, read.mapped)
    p_notes, prefixes = _identifier_notes(p_read, "persons")
    h_notes, _ = _identifier_notes(h_read, "households")
    notes += p_notes + h_notes

    variables = {("person", v.name): v.ir for v in compiled.person_variables}
    variables.update({("household", v.name): v.ir for v in compiled.household_variables})
    uses = {r.id: _fields(r.ir, variables) for r in compiled.rules}
    bare = {r.id: _unguarded(r.ir, variables) for r in compiled.rules}
    person_frame, household_frame = p_read.frame, h_read.frame
    unknown: set[str] = set()
    assumed_rows: list[tuple[str, str, str]] = []
    checks: list[CheckRun] = []
    for entity, specs, read in (
        ("person", person_specs, p_read),
        ("household", household_specs, h_read),
    ):
        source = "persons" if entity == "person" else "households"
        for field, spec in specs.items():
            if field in read.mapped.columns or field in ("no_kk", "nik"):
                continue
            if field in assumed:
                value = assumed[field]
                literal = nw.lit(None if value is None else str(value), dtype=nw.String)
                if entity == "person":
                    person_frame = person_frame.with_columns(literal.alias(field))
                else:
                    household_frame = household_frame.with_columns(literal.alias(field))
                assumed_rows.append((source, field, str(value)))
                notes.append(
                    Note("input_default_assumed", source, {"column": field, "value": value})
                )
                continue
            if spec.default is None:
                # Declared optional without a default: null without its column, as a
                # blank cell would be. Reported when a rule then cannot be decided, i.e.
                # reads it outside coalesce(..., fallback) (kode_wilayah of BLT-DD, not
                # tanggal_meninggal of PKH).
                stuck = sorted(r for r, used in bare.items() if (entity, field) in used)
                if stuck:
                    notes.append(
                        Note(
                            "input_column_missing",
                            source,
                            {"column": field, "rules": ", ".join(stuck)},
                        )
                    )
                    unknown.add(field)
                continue
            affected = sorted(r for r, used in uses.items() if (entity, field) in used)
            unknown.add(field)
            if affected:
                notes.append(
                    Note(
                        "input_column_missing",
                        source,
                        {"column": field, "rules": ", ".join(affected)},
                    )
                )
    for rule in compiled.rules:
        missing = tuple(sorted(f for e, f in uses[rule.id] if f in unknown))
        checks.append(CheckRun(f"rule:{rule.id}", ran=not missing, missing=missing))
    member_rules = frozenset(r for r, used in uses.items() if any(e == "person" for e, _ in used))
    suspect = _suspects(household_frame, prefixes)
    household_rows = None
    if h_eager:
        household_rows = [
            int(r) for r in _collect(household_frame.select(_SOURCE_ROW))[_SOURCE_ROW]
        ]
    manifest = Manifest(
        sources=tuple(readings),
        checks=tuple(checks),
        assumed=tuple(assumed_rows),
        notes=tuple(notes),
    )
    return Inputs(
        persons=person_frame.drop(_RAW_KK, _SOURCE_ROW),
        households=household_frame.drop(_RAW_KK, _SOURCE_ROW),
        unknown=frozenset(unknown),
        manifest=manifest,
        household_rows=household_rows,
        suspect=suspect,
        member_rules=member_rules,
        output=p_impl,
    )


def post_process(inputs: Inputs, rule_ids: Iterable[str], *, household_unit: bool) -> Any:
    """The function applied to the engine's result.

    It adds the households' source rows, and makes undetermined the households that
    cannot be decided because their KK (or a member's) could not be read.
    """
    ids = list(rule_ids)
    household_only = [r for r in ids if r not in inputs.member_rules]
    member_only = [r for r in ids if r in inputs.member_rules]
    suspect = list(inputs.suspect)

    def post(result: Any) -> Any:
        names = list(result.collect_schema().names())
        key = nw.col("no_kk")
        doubtful = key.is_null() | (key.is_in(suspect) if suspect else nw.lit(value=False))
        status, reasons = nw.col("status"), nw.col("reasons")
        # Whether a reason is a household rule: tested against the shorter list of ids
        # (reasons are distinct ids), one flat expression whatever the number of rules.
        if len(household_only) <= len(member_only):
            found = [reasons.list.contains(rule) for rule in household_only]
            settled = nw.any_horizontal(*found, ignore_nulls=True) if found else nw.lit(value=False)
        else:
            counted = [reasons.list.contains(rule).cast(nw.Int64) for rule in member_only]
            members = nw.sum_horizontal(*counted) if counted else nw.lit(0, nw.Int64)
            settled = reasons.list.len() > members
        override = doubtful & ~((status == "not_eligible") & settled)
        why = (
            nw.when(key.is_null())
            .then(nw.lit([KK_UNUSABLE], dtype=nw.List(nw.String)))
            .otherwise(nw.lit([MEMBER_KK_DAMAGED], dtype=nw.List(nw.String)))
        )
        amounts = [n for n in names if n == "amount" or n.startswith("amount_")]
        changed = result.with_columns(
            nw.when(override).then(nw.lit("undetermined")).otherwise(status).alias("status"),
            # An undetermined household keeps its own reasons (a missing decile): the
            # damaged KK numbers are named in the run's notes.
            nw.when(override & (status != "undetermined"))
            .then(why)
            .otherwise(reasons)
            .alias("reasons"),
            *(nw.when(~override).then(nw.col(a)).alias(a) for a in amounts),
        )
        if (
            household_unit
            and inputs.household_rows is not None
            and isinstance(changed, nw.DataFrame)
        ):
            rows = nw.new_series(
                "row",
                inputs.household_rows,
                dtype=nw.Int64(),
                backend=_frames.implementation(changed),
            )
            changed = changed.with_columns(rows)
            order = ["no_kk", "row", *(n for n in names if n != "no_kk")]
            changed = changed.select(order)
        return changed

    return post
