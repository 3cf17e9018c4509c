"""``evaluate`` and ``Decisions``: the vectorised API (narwhals is imported on first use)."""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from bansos_validate import _arguments as _args
from bansos_validate._deprecation import renamed_argument
from bansos_validate.errors import InvalidArgument
from bansos_validate.intake import Manifest
from bansos_validate.rules._decide import Computed
from bansos_validate.rules._decision import Status, unmasked_flag
from bansos_validate.rules._fields import UNKNOWN
from bansos_validate.rules._ruleset import RuleSet

if TYPE_CHECKING:
    from collections.abc import Mapping

    import polars as pl

    from bansos_validate.issues import Lang
    from bansos_validate.rules._decision import Decision, Trace, UsedParameter

__all__ = ["Decisions", "evaluate"]


class Decisions:
    """The decisions for a table of households (or persons), and their explanations.

    Attributes:
        frame: the result, as the caller's frame type (Polars in, Polars out; a lazy
            frame stays lazy). One row per household in input order (eager input), or per
            person the program is for (person programs). Columns: ``no_kk``
            (``nik`` for person programs), ``program``, ``status``, ``amount`` (rupiah
            per year; 0 when not eligible, null when undetermined), ``reasons`` (failed
            rule ids, or undecided ones when undetermined), ``passed``, one
            ``amount_<component>`` per component, ``ruleset_version``,
            ``ruleset_sha256``, ``reference_date``.
        ruleset: the rule set that decided.
        reference_date: the date the decisions apply to.
        manifest: how the persons and households were read, which rules could not be
            checked for a missing column, and what was assumed.
    """

    __slots__ = (
        "_households",
        "_persons",
        "_unknown",
        "frame",
        "manifest",
        "reference_date",
        "ruleset",
    )

    def __init__(  # noqa: PLR0913, PLR0917 - the result and what it was computed from
        self,
        frame: Any,
        ruleset: RuleSet,
        at: dt.date,
        persons: Any,
        households: Any,
        manifest: Manifest | None = None,
        unknown: frozenset[str] = frozenset(),
    ) -> None:
        self.frame = frame
        self.ruleset = ruleset
        self.reference_date = at
        self._persons = persons
        self._households = households
        self.manifest = manifest if manifest is not None else Manifest()
        self._unknown = unknown

    def __repr__(self) -> str:
        return (
            f"<Decisions {self.ruleset.program} {self.ruleset.version} "
            f"at {self.reference_date.isoformat()} ({type(self.frame).__name__})>"
        )

    @property
    def summary(self) -> dict[str, Any]:
        """Figures of the decisions, JSON-ready.

        Keys: ``program``, ``name`` (``id``/``en``), ``unit``, the counts per status
        (``eligible``, ``not_eligible``, ``undetermined``), ``amount`` (the total for
        the eligible, in rupiah), ``ruleset_version`` and ``ruleset_sha256``.

        .. versionadded:: 0.1.0
        """
        return decision_summary(self)

    def findings(
        self,
        lang: Lang = "id",
        *,
        unmasked: bool = False,
        source: str = "households",
        frames: Mapping[str, Any] | None = None,
    ) -> Any:
        """Households (or persons) whose eligibility could not be decided, as findings.

        One ``warning`` per undetermined unit (code ``<program>_undetermined``; the
        ``detail`` lists the reasons), in the library's findings schema (a Polars
        frame; see :meth:`bansos_validate.table.TableCheck.findings`).

        Args:
            lang: ``"id"`` (default) or ``"en"``.
            unmasked: keep NIK and KK numbers unmasked.
            source: the name of the household input, in the ``source`` column.
            frames: the source frames by name; the integer ``row`` of the *source* frame
                (matched on ``no_kk``) gives each household's row number.

        Raises:
            InvalidArgument: an argument is not what it should be.

        .. versionadded:: 0.1.0
        """
        from bansos_validate._present._frames import polars  # noqa: PLC0415

        given = _args.mapping("frames", frames, values="any") or {}
        return decision_findings(
            self,
            source=_args.text("source", source),
            frames={str(k): polars(v) for k, v in given.items()},
            lang=_args.lang(lang),
            unmasked=_args.flag("unmasked", unmasked),
        )

    def _fragment(self, lang: Lang) -> str:
        """A small HTML view (counts per status, the amount, the rule set)."""
        from bansos_validate._present._fragment import wrap  # noqa: PLC0415
        from bansos_validate._present._text import number, rupiah, say  # noqa: PLC0415

        info = self.summary
        pairs = [
            (say(s, lang), number(info[s], lang))
            for s in ("eligible", "not_eligible", "undetermined")
        ]
        pairs.append((say("amount", lang), rupiah(info["amount"], lang)))
        pairs.append(
            ("ruleset", f"{info['ruleset_version']} · sha256 {info['ruleset_sha256'][:12]}…")
        )
        return wrap(f"Decisions · {info['name'][lang]}", pairs)

    def _repr_html_(self) -> str:
        return self._fragment("id")

    def counts(self) -> dict[str, int]:
        """How many rows have each status (``eligible``, ``not_eligible``, ``undetermined``)."""
        import narwhals as nw  # noqa: PLC0415 - keep dataframe imports lazy

        frame = nw.from_native(self.frame)
        if isinstance(frame, nw.LazyFrame):
            frame = frame.collect()
        grouped = frame.group_by("status").agg(nw.len().alias("n"))
        out = dict.fromkeys(("eligible", "not_eligible", "undetermined"), 0)
        for status, n in grouped.iter_rows():
            out[str(status)] = int(n)
        return out

    def _rows(self, native: Any, no_kk: str) -> list[dict[str, Any]]:
        import narwhals as nw  # noqa: PLC0415 - keep dataframe imports lazy

        frame = nw.from_native(native)
        frame = frame.filter(nw.col("no_kk").cast(nw.String) == str(no_kk))
        if isinstance(frame, nw.LazyFrame):
            frame = frame.collect()
        return list(frame.iter_rows(named=True))

    @property
    def parameters(self) -> tuple[UsedParameter, ...]:
        """The parameter values every decision of the table used (with their sources)."""
        return self.ruleset._engine.context(self.reference_date)[1]  # noqa: SLF001 - same package

    def _inputs(self, no_kk: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        households = self._rows(self._households, no_kk)
        if not households:
            raise InvalidArgument(f"no household has no_kk={no_kk!r}")
        # Fields whose column was missing are unknown to the scalar engine too.
        missing = dict.fromkeys(self._unknown, UNKNOWN)
        members = [{**missing, **member} for member in self._rows(self._persons, no_kk)]
        return {**missing, **households[0]}, members

    def _computed(self, no_kk: str) -> dict[str | None, Computed]:
        """The rows of ``frame`` for one household, by NIK (person programs) or ``None``."""
        components = [c.id for c in self.ruleset.components]
        person_unit = self.ruleset.unit == "person"
        return {
            (_text(row.get("nik")) if person_unit else None): Computed(
                status=Status(str(row["status"])),
                amount=_amount(row.get("amount")),
                reasons=_ids(row.get("reasons")),
                passed=_ids(row.get("passed")),
                components={c: _amount(row.get(f"amount_{c}")) for c in components},
            )
            for row in self._rows(self.frame, no_kk)
        }

    def _explained(self, no_kk: str, *, trace: bool = False) -> Trace:
        """One household's computed decision (the rows of ``frame``), explained."""
        household, members = self._inputs(no_kk)
        computed = self._computed(no_kk)
        engine = self.ruleset._engine  # noqa: SLF001 - same package
        return engine.explain(household, members, self.reference_date, computed, trace=trace)

    def decision(self, no_kk: str, nik: str | None = None) -> Decision:
        """The full :class:`Decision` for one household, as ``frame`` holds it.

        The status, reasons, rule outcomes and amounts are those of the household's row
        (rows, for person programs) of :attr:`frame`; each check's message, the
        variables and each component's units are filled in by the scalar interpreter.
        For person programs, ``nik`` picks one person's decision.

        Raises:
            InvalidArgument: no household has that ``no_kk``, or no decided person that ``nik``.
        """
        decision = self._explained(no_kk).decision
        if nik is None:
            return decision
        for member in decision.members:
            if member.nik == str(nik):
                return member
        raise InvalidArgument("no decided person of that household has the NIK given")

    def explain(
        self,
        no_kk: str,
        lang: Lang = "id",
        *,
        nik: str | None = None,
        unmasked: bool = False,
        mask: bool | None = None,
    ) -> str:
        """Explain one household's (or, with ``nik``, one person's) computed decision.

        The decision explained is the household's row of :attr:`frame` (see
        :meth:`decision`). Bahasa Indonesia by default, ``lang="en"`` for English;
        identifiers are masked unless ``unmasked=True`` (``mask=False``, its deprecated
        spelling, still works and warns).

        Raises:
            InvalidArgument: no household has that ``no_kk`` (or no decided person ``nik``).
        """
        shown = unmasked_flag("bansos_validate.rules.Decisions.explain", unmasked, mask)
        return self.decision(no_kk, nik).explain(_args.lang(lang), unmasked=shown)

    def trace(self, no_kk: str) -> Trace:
        """Every intermediate value of one household's computed decision.

        The rule outcomes and the status are the household's row of :attr:`frame`.

        Raises:
            InvalidArgument: no household has that ``no_kk``.
        """
        return self._explained(no_kk, trace=True)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _amount(value: object) -> int | None:
    """An amount cell as an integer (``None``, a null or a NaN: unknown)."""
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, float) and math.isfinite(value):
        return int(value)
    return None  # None, a pandas NA, a NaN


def _ids(value: object) -> tuple[str, ...]:
    """A list cell of rule ids as a tuple (a null: none)."""
    if value is None or isinstance(value, str) or not isinstance(value, Iterable):
        return ()
    return tuple(str(v) for v in value)


def evaluate(  # noqa: PLR0913 - keyword-only options
    ruleset: RuleSet,
    persons: Any,
    households: Any,
    *,
    reference_date: dt.date | str | None = None,
    columns: Mapping[str, str] | None = None,
    assume: Mapping[str, object] | None = None,
    at: dt.date | str | None = None,
) -> Decisions:
    """Decide every household (or person) of a table, vectorised.

    The frames are read by the library's one intake: headers are matched to the
    canonical columns (``No. KK``, ``NO_KK``, ``Desil`` ...; *columns* names the others),
    KK numbers stored as numbers join by their 16 digits, blank and totals rows are left
    out, and a column the rules read that is missing makes the decisions that depend on
    it ``undetermined`` (not its default) unless *assume* gives its value. All of it is
    recorded in :attr:`Decisions.manifest`.

    Args:
        ruleset: a :class:`RuleSet` (``load_program("pkh")``).
        persons: person rows (any narwhals-supported frame).
        households: household rows (``no_kk``, ``desil``, ...), same frame kind.
        reference_date: the reference date, a date or ISO text ``YYYY-MM-DD``; today
            when ``None``.
        columns: ``{canonical: actual}`` column names, for either frame.
        assume: ``{field: value}`` for declared fields whose column is missing: every row
            takes the value, and the manifest records the assumption
            (``{"hamil": False}``; a value is read as a cell of the column would be).
        at: deprecated spelling of *reference_date*.

    Returns:
        :class:`Decisions`, whose ``frame`` is of the caller's frame type.

    Raises:
        SchemaError: a frame lacks a column the rules need (``no_kk``, a field without a
            default), two columns could feed one field, a ``columns=`` or ``assume=`` key
            is not a field, or the households repeat a ``no_kk``.
        NotInForce: the rule set or a parameter is not in force on the reference date.
        InvalidArgument: the inputs are not frames of one kind, or the reference date is
            not a date or ISO text.

    .. versionadded:: 0.1.0
    """
    if not isinstance(ruleset, RuleSet):
        raise InvalidArgument(f"Expected a RuleSet but got ruleset={type(ruleset).__name__}")
    columns = _args.mapping("columns", columns)
    assume = _args.mapping("assume", assume, values="any")
    given = renamed_argument(
        "bansos_validate.evaluate",
        ("reference_date", reference_date),
        ("at", at),
        since="0.1.0",
        removal="0.2.0",
    )
    when = _args.reference_date(given)
    ctx, _ = ruleset._engine.context(when)  # noqa: SLF001 - same package
    rules, components = ruleset._engine.active(when)  # noqa: SLF001 - same package
    from bansos_validate.rules._intake import post_process, take_inputs  # noqa: PLC0415
    from bansos_validate.rules._vector import decide_frames  # noqa: PLC0415 - lazy import

    inputs = take_inputs(ruleset, persons, households, columns=columns, assume=assume)
    post = post_process(inputs, [r.id for r in rules], household_unit=ruleset.unit != "person")
    frame = decide_frames(
        ruleset,
        inputs.persons,
        inputs.households,
        when,
        ctx,
        rules,
        components,
        unknown=inputs.unknown,
        output=inputs.output,
        post=post,
    )
    return Decisions(
        frame,
        ruleset,
        when,
        inputs.persons,
        inputs.households,
        inputs.manifest,
        inputs.unknown,
    )


def decision_findings(
    decisions: Decisions,
    *,
    source: str,
    frames: Mapping[str, pl.DataFrame],
    lang: Lang,
    unmasked: bool,
) -> pl.DataFrame:
    """Households (or persons) whose eligibility could not be decided (``warning``).

    The row number is the household's row in the *source* frame (matched on ``no_kk``).
    """
    import polars as pl  # noqa: PLC0415 - dataframes are imported on first use

    from bansos_validate._present._findings import (  # noqa: PLC0415
        empty_findings,
        finish,
        text_column,
        undetermined_code,
    )
    from bansos_validate._present._frames import mask_column, polars  # noqa: PLC0415
    from bansos_validate._present._text import say  # noqa: PLC0415

    frame = polars(decisions.frame).filter(pl.col("status") == "undetermined")
    if frame.height == 0:
        return empty_findings()
    program = decisions.ruleset.program
    reasons = frame["reasons"].list.join(", ") if "reasons" in frame.columns else None
    out = pl.DataFrame(
        {
            "no_kk_raw": frame["no_kk"].cast(pl.String),
            "nik": mask_column(text_column(frame, "nik"), "nik", unmasked=unmasked),
            "no_kk": mask_column(frame["no_kk"], "kk", unmasked=unmasked),
            "detail": reasons,
        }
    )
    households = frames.get(source)
    if households is not None and "no_kk" in households.columns and "row" in households.columns:
        rows = households.select(
            pl.col("no_kk").cast(pl.String).alias("no_kk_raw"), pl.col("row").cast(pl.Int64)
        ).unique("no_kk_raw", keep="first")
        out = out.join(rows, on="no_kk_raw", how="left", maintain_order="left")
    message = [
        say("msg_undetermined", lang, program=program.upper(), reasons=r or "-")
        for r in out["detail"].to_list()
    ]
    out = out.drop("no_kk_raw").with_columns(
        pl.lit("eligibility").alias("check"),
        pl.lit(source).alias("source"),
        pl.lit(undetermined_code(program)).alias("code"),
        pl.lit("warning").alias("severity"),
        pl.Series("message", message, dtype=pl.String),
    )
    return finish(out)


def decision_summary(decisions: Decisions) -> dict[str, Any]:
    """Figures of one program's decisions, JSON-ready (see ``Decisions.summary``)."""
    import polars as pl  # noqa: PLC0415 - dataframes are imported on first use

    from bansos_validate._present._frames import polars  # noqa: PLC0415

    frame = polars(decisions.frame)
    counts = decisions.counts()
    eligible = frame.filter(pl.col("status") == "eligible")
    amount = int(eligible["amount"].sum() or 0) if eligible.height else 0
    ruleset = decisions.ruleset
    return {
        "program": ruleset.program,
        "name": {"id": ruleset.name.id, "en": ruleset.name.en},
        "unit": ruleset.unit,
        **counts,
        "amount": amount,
        "ruleset_version": ruleset.version,
        "ruleset_sha256": ruleset.sha256,
    }
