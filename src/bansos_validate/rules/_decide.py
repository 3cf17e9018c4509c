"""The scalar engine: one household at a time, in pure Python, over the one IR.

:class:`ScalarEngine` reads a household's rows, computes its variables with the
interpreter of ``_scalar.py`` and decides each unit (the household, or each person of a
person program): every rule is evaluated and the status is :func:`_outcome.outcome`'s,
as the vectorised engine's (``_vector.py``) is. :meth:`ScalarEngine.explain` explains
a decision the vectorised engine computed instead: the status, reasons, rule outcomes
and amounts are the computed row's (:class:`Computed`), and the interpreter only fills
in the messages, the variables and each component's units.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from bansos_validate import _arguments as _args
from bansos_validate.errors import InvalidArgument, SchemaError
from bansos_validate.privacy import mask_nik
from bansos_validate.rules import _ir as ir
from bansos_validate.rules._decision import (
    Check,
    ComponentAmount,
    Decision,
    Status,
    Trace,
    TraceStep,
    UsedParameter,
    format_value,
)
from bansos_validate.rules._errors import NotInForce
from bansos_validate.rules._fields import date_to_int, read_value
from bansos_validate.rules._model import Message
from bansos_validate.rules._outcome import outcome, rule_outcome, shown_amount
from bansos_validate.rules._outcome import reasons as reasons_of
from bansos_validate.rules._scalar import (
    Context,
    capped_units,
    evaluate,
    finite,
    paid_amount,
)

if TYPE_CHECKING:
    from bansos_validate.issues import Lang
    from bansos_validate.rules._compile import Compiled
    from bansos_validate.rules._fields import FieldSpec
    from bansos_validate.rules._model import Component, Rule

__all__ = ["Computed", "ScalarEngine", "reference_date"]

_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_KIND_TYPE = {
    "text": "text",
    "keyword": "text",
    "bool": "bool",
    "int": "number",
    "number": "number",
    "date": "date",
}

Row = dict[str, object]


def reference_date(at: object) -> dt.date:
    """Check and return the reference date (``None`` means today).

    The API's one reading of a reference date
    (:func:`bansos_validate._arguments.reference_date`).

    >>> reference_date("2026-01-15")
    datetime.date(2026, 1, 15)

    Raises:
        InvalidArgument: *at* is not a date or ISO date text.
    """
    return _args.reference_date(at)


def _param_value(value: object) -> object:
    """A parameter value as the engines hold it (numbers float, dates YYYYMMDD)."""
    if isinstance(value, list | tuple):
        return tuple(_param_value(v) for v in value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dt.date):
        return date_to_int(value)
    return value


@attrs.frozen(slots=True)
class Computed:
    """One decision as the vectorised engine computed it (a row of ``Decisions.frame``).

    Attributes:
        status: the row's status.
        amount: the row's amount.
        reasons: the row's reasons.
        passed: the rules the row passed.
        components: the row's ``amount_<component>``, by component id.
    """

    status: Status
    amount: int | None
    reasons: tuple[str, ...]
    passed: tuple[str, ...]
    components: Mapping[str, int | None]


@attrs.frozen(slots=True)
class Unit:
    """The decision of one unit, before the household's identifiers are added."""

    status: Status
    amount: int | None
    reasons: tuple[str, ...]
    checks: tuple[Check, ...]
    components: tuple[ComponentAmount, ...]

    def decision(self, **base: Any) -> Decision:
        """The :class:`Decision`, with the identifiers and the rule set's details."""
        return Decision(
            status=self.status,
            amount=self.amount,
            reasons=self.reasons,
            checks=self.checks,
            components=self.components,
            **base,
        )


def _rule_result(rule: Rule, value: object) -> Literal["passed", "failed", "unknown"]:
    """A rule's outcome from its value (unknown, true or false)."""
    if value is None:
        return "unknown"
    return "passed" if (value is True) == (rule.kind == "condition") else "failed"


def _rule_value(rule: Rule, result: str) -> bool | None:
    """The value a rule had, from its outcome (the inverse of :func:`_rule_result`)."""
    if result == "unknown":
        return None
    return (result == "passed") == (rule.kind == "condition")


class ScalarEngine:
    """Decides, traces and explains one household at a time for a rule set."""

    __slots__ = ("compiled", "contexts", "sha256", "types")

    def __init__(self, compiled: Compiled, sha256: str) -> None:
        self.compiled = compiled
        self.sha256 = sha256
        types: dict[str, str] = {name: p.type for name, p in compiled.parameters.items()}
        for fields in (compiled.person_fields, compiled.household_fields):
            types.update({name: _KIND_TYPE[spec.kind] for name, spec in fields.items()})
        for variables in (compiled.person_variables, compiled.household_variables):
            types.update({v.name: v.type for v in variables})
        types["at"] = "date"
        self.types = types
        self.contexts: dict[dt.date, tuple[Context, tuple[UsedParameter, ...]]] = {}

    def decide(
        self, household: Mapping[str, Any], members: Sequence[Mapping[str, Any]], at: object
    ) -> Decision:
        """Decide one household (see :meth:`RuleSet.decide`)."""
        return self.run(household, members, at, None)

    def trace(
        self, household: Mapping[str, Any], members: Sequence[Mapping[str, Any]], at: object
    ) -> Trace:
        """Decide one household, keeping every intermediate value."""
        steps: list[TraceStep] = []
        decision = self.run(household, members, at, steps)
        return Trace(decision, tuple(steps))

    def explain(
        self,
        household: Mapping[str, Any],
        members: Sequence[Mapping[str, Any]],
        at: object,
        computed: Mapping[str | None, Computed],
        *,
        trace: bool = False,
    ) -> Trace:
        """The computed decision of one household, explained (no rule is decided again).

        Args:
            household: the household's input row.
            members: its persons' input rows.
            at: the reference date.
            computed: the computed rows, by ``None`` (household programs) or NIK.
            trace: keep every intermediate value in the trace's steps.

        Returns:
            The :class:`Trace` (no steps unless *trace*) of the computed decision.
        """
        steps: list[TraceStep] | None = [] if trace else None
        decision = self.run(household, members, at, steps, computed)
        return Trace(decision, tuple(steps or ()))

    def check_period(self, at: dt.date) -> None:
        """Refuse a reference date outside the rule set's period.

        Raises:
            NotInForce: ``at`` is before the first day or after the last.
        """
        compiled = self.compiled
        since, until = compiled.since, compiled.until
        if at < since or (until is not None and at > until):
            period = f"{since.isoformat()} to {until.isoformat() if until else 'open'}"
            raise NotInForce(
                f"rule set {compiled.program} {compiled.version} is in force {period}, "
                f"not on {at.isoformat()}",
                at=at,
                name=compiled.program,
            )

    def context(self, at: dt.date) -> tuple[Context, tuple[UsedParameter, ...]]:
        """Parameter values in force on ``at`` (only those the active rules use)."""
        found = self.contexts.get(at)
        if found is not None:
            return found
        self.check_period(at)
        needed = self.needed(at)
        values: dict[str, object] = {}
        used: list[UsedParameter] = []
        for name, parameter in self.compiled.parameters.items():
            if name not in needed:
                continue
            item = parameter.at(at)
            values[name] = _param_value(item.value)
            used.append(
                UsedParameter(
                    name,
                    item.value,
                    item.since,
                    item.reference,
                    unconfirmed=item.unconfirmed is not None or parameter.unconfirmed is not None,
                )
            )
        result = Context(values, date_to_int(at)), tuple(used)
        if len(self.contexts) >= 64:
            self.contexts.clear()
        self.contexts[at] = result
        return result

    def needed(self, at: dt.date) -> set[str]:
        compiled = self.compiled
        rules, components = self.active(at)
        roots: list[ir.IR] = [v.ir for v in compiled.person_variables]
        roots += [v.ir for v in compiled.household_variables]
        roots += [r.ir for r in rules]
        roots += [c.units for c in components] + [c.amount for c in components]
        roots += [n for n in (compiled.subjects, compiled.max_units) if n is not None]
        names: set[str] = set()
        for root in roots:
            for node in ir.walk(root):
                if isinstance(node, ir.Param):
                    names.add(node.name)
                elif isinstance(node, ir.Member) and isinstance(node.options, ir.Param):
                    names.add(node.options.name)
        return names

    def active(self, at: dt.date) -> tuple[tuple[Rule, ...], tuple[Component, ...]]:
        return (
            tuple(r for r in self.compiled.rules if r.active(at)),
            tuple(c for c in self.compiled.components if c.active(at)),
        )

    @staticmethod
    def read(fields: Mapping[str, FieldSpec], raw: Mapping[str, Any], what: str) -> Row:
        if not isinstance(raw, Mapping):
            raise InvalidArgument(f"Expected a mapping for {what} but got {type(raw).__name__}")
        row: Row = {}
        for name, spec in fields.items():
            if name in raw:
                row[name] = read_value(spec, raw[name])
            elif spec.required:
                raise SchemaError(
                    f"{what} lacks the column {name!r} that the rules read",
                    column=name,
                    found=[str(k) for k in raw],
                )
            else:
                row[name] = spec.default
        return row

    def render(self, message: Message, row: Mapping[str, object], ctx: Context) -> Message:
        def fill(text: str, lang: Lang) -> str:
            def one(match: re.Match[str]) -> str:
                name = match.group(1)
                if name == "at":
                    value: object = ctx.at
                elif name in ctx.params:
                    value = ctx.params[name]
                else:
                    value = row.get(name)
                return format_value(value, self.types.get(name, "text"), lang)

            return _PLACEHOLDER.sub(one, text)

        return Message(fill(message.id, "id"), fill(message.en, "en"))

    def missing(self, rule: Rule, row: Row, members: Sequence[Row]) -> tuple[str, ...]:
        """The inputs of ``rule`` that are unknown here (optional empty columns last)."""
        compiled = self.compiled
        fields = {**compiled.person_fields, **compiled.household_fields}
        found: list[str] = []
        optional: list[str] = []
        for name in rule.inputs:
            rows = [row] if name in row else members
            if any(r.get(name) is None for r in rows):
                spec = fields.get(name)
                nullable = spec is not None and not spec.required and spec.default is None
                target = optional if nullable else found
                target.append(name)
        return tuple(found) or tuple(optional) or rule.inputs

    def unit(  # noqa: PLR0913 - private, one call site per unit kind
        self,
        row: Row,
        members: Sequence[Row],
        ctx: Context,
        active: tuple[tuple[Rule, ...], tuple[Component, ...]],
        steps: list[TraceStep] | None,
        *,
        who: str = "",
        computed: Computed | None = None,
    ) -> Unit:
        """Decide one household or person, or explain its *computed* decision.

        Without *computed*, each rule is evaluated and the status is :func:`outcome`'s
        (the scalar engine). With it, the rule outcomes, the status, the reasons and the
        amounts are the computed row's; the scalar interpreter only fills in the
        messages and the units and amount per unit of each component.
        """
        rules, components = active
        checks: list[Check] = []
        for rule in rules:
            if computed is None:
                value = evaluate(rule.ir, row, ctx, members)
                result = _rule_result(rule, value)
            else:
                result = rule_outcome(rule.id, computed.status, computed.reasons, computed.passed)
                value = _rule_value(rule, result)
            message = (
                Check.unknown_message(self.missing(rule, row, members))
                if result == "unknown"
                else self.render(rule.message, row, ctx)
            )
            checks.append(
                Check(rule.id, rule.kind, result, self.render(rule.description, row, ctx), message)
            )
            if steps is not None:
                steps.append(
                    TraceStep(
                        "rule",
                        rule.id,
                        f"{result} ({format_value(value, 'bool')})",
                        str(rule.expression),
                        who,
                    )
                )
        units = [finite(_as_number(evaluate(c.units, row, ctx, members))) for c in components]
        amounts = [finite(_as_number(evaluate(c.amount, row, ctx, members))) for c in components]
        compiled = self.compiled
        cap = (
            None
            if compiled.max_units is None
            else finite(_as_number(evaluate(compiled.max_units, row, ctx, members)))
        )
        taken = capped_units(units, amounts, cap, capped=compiled.max_units is not None)
        values = [
            None if t is None or m is None else paid_amount(t * m)
            for t, m in zip(taken, amounts, strict=True)
        ]
        total = None if any(v is None for v in values) else sum(v for v in values if v is not None)
        if computed is None:
            status, reasons, amount = self._verdict(checks, total)
            shown = [shown_amount(status, value) for value in values]
        else:
            status, reasons, amount = computed.status, computed.reasons, computed.amount
            shown = [computed.components.get(c.id) for c in components]
        parts: list[ComponentAmount] = []
        for comp, unit, before, per, value, paid in zip(
            components, taken, units, amounts, values, shown, strict=True
        ):
            parts.append(ComponentAmount(comp.id, comp.description, unit, before, per, paid))
            if steps is not None:
                steps.append(
                    TraceStep(
                        "component",
                        comp.id,
                        f"{format_value(unit, 'number')} x {format_value(per, 'number')}"
                        f" = {format_value(value, 'number')}",
                        f"{comp.units_expression} x {comp.amount_expression}",
                        who,
                    )
                )
        if steps is not None:
            steps.append(
                TraceStep(
                    "decision",
                    "status",
                    f"{status.value} ({format_value(total, 'number')})",
                    "",
                    who,
                )
            )
        return Unit(status, amount, reasons, tuple(checks), tuple(parts))

    @staticmethod
    def _verdict(
        checks: Sequence[Check], total: float | None
    ) -> tuple[Status, tuple[str, ...], int | None]:
        """The scalar engine's status, reasons and amount (:func:`outcome`)."""
        failed = [c.rule_id for c in checks if c.outcome == "failed"]
        unknown = [c.rule_id for c in checks if c.outcome == "unknown"]
        status, why = outcome(
            failed=bool(failed), unknown=bool(unknown), amount_known=total is not None
        )
        return status, reasons_of(why, failed, unknown), shown_amount(status, total)

    def run(  # noqa: PLR0912 - reads, computes and traces in one pass
        self,
        household: Mapping[str, Any],
        members: Sequence[Mapping[str, Any]],
        at: object,
        steps: list[TraceStep] | None,
        computed: Mapping[str | None, Computed] | None = None,
    ) -> Decision:
        """Read one household, compute its variables, and decide or explain each unit.

        *computed* (from :meth:`explain`) holds the computed rows: by ``None`` for a
        household program, by NIK for a person program (the persons it decided).
        """
        when = reference_date(at)
        ctx, used = self.context(when)
        active = self.active(when)
        compiled = self.compiled
        if isinstance(members, Mapping) or not isinstance(members, Sequence):
            raise InvalidArgument(
                f"Expected a sequence of member mappings but got members={type(members).__name__}"
            )
        if steps is not None:
            steps.extend(
                TraceStep("parameter", u.name, format_value(ctx.params[u.name], self.types[u.name]))
                for u in used
            )
        hrow = self.read(compiled.household_fields, household, "the household")
        no_kk = household.get("no_kk")
        person_rows: list[Row] = []
        niks: list[str | None] = []
        for index, member in enumerate(members):
            prow = self.read(compiled.person_fields, member, f"member {index}")
            nik = member.get("nik")
            if compiled.unit == "person" and "nik" not in member:
                raise SchemaError(
                    f"member {index} lacks the column 'nik'",
                    column="nik",
                    found=[str(k) for k in member],
                )
            niks.append(None if nik is None else str(nik))
            who = _who(nik, index)
            if steps is not None:
                steps.extend(
                    TraceStep("input", name, format_value(prow[name], self.types[name]), "", who)
                    for name in compiled.person_fields
                )
            for var in compiled.person_variables:
                prow[var.name] = evaluate(var.ir, prow, ctx)
                if steps is not None:
                    steps.append(
                        TraceStep(
                            "person",
                            var.name,
                            format_value(prow[var.name], var.type),
                            str(var.expression),
                            who,
                        )
                    )
            person_rows.append(prow)
        if steps is not None:
            steps.extend(
                TraceStep("input", name, format_value(hrow[name], self.types[name]))
                for name in compiled.household_fields
            )
        for var in compiled.household_variables:
            hrow[var.name] = evaluate(var.ir, hrow, ctx, person_rows)
            if steps is not None:
                steps.append(
                    TraceStep(
                        "household",
                        var.name,
                        format_value(hrow[var.name], var.type),
                        str(var.expression),
                    )
                )
        base = {
            "program": compiled.program,
            "parameters": used,
            "reference_date": when,
            "ruleset_version": compiled.version,
            "ruleset_sha256": self.sha256,
            "program_name": compiled.name,
        }
        kk = None if no_kk is None else str(no_kk)
        if compiled.unit == "household":
            one = None if computed is None else computed[None]
            return self.unit(hrow, person_rows, ctx, active, steps, computed=one).decision(
                no_kk=kk, **base
            )
        decisions: list[Decision] = []
        for index, (prow, nik) in enumerate(zip(person_rows, niks, strict=True)):
            merged = {**hrow, **prow}
            who = _who(nik, index)
            subject: object = True
            if computed is not None:  # the persons the engine decided are the subjects
                subject = nik in computed
            elif compiled.subjects is not None:
                subject = evaluate(compiled.subjects, merged, ctx)
            if compiled.subjects is not None and steps is not None:
                steps.append(
                    TraceStep(
                        "subject",
                        "subjects",
                        format_value(subject, "bool"),
                        str(compiled.subjects_expression),
                        who,
                    )
                )
            if subject is False:
                continue
            one = None if computed is None else computed[nik]
            decisions.append(
                self.unit(merged, (), ctx, active, steps, who=who, computed=one).decision(
                    no_kk=kk, nik=nik, **base
                )
            )
        return _summary(decisions, kk, base)


def _who(nik: object, index: int) -> str:
    if nik is None:
        return f"#{index}"
    try:
        return mask_nik(str(nik))
    except Exception:  # noqa: BLE001 - a damaged identifier is never shown raw
        return f"#{index}"


def _as_number(value: object) -> float | None:
    assert value is None or isinstance(value, float)  # noqa: S101
    return value


def _summary(decisions: list[Decision], kk: str | None, base: Mapping[str, Any]) -> Decision:
    """A person program's household summary: eligible when a person is, and so on."""
    eligible = [d for d in decisions if d.status is Status.ELIGIBLE]
    undetermined = [d for d in decisions if d.status is Status.UNDETERMINED]
    if eligible:
        status = Status.ELIGIBLE
        known = [d.amount for d in eligible if d.amount is not None]
        amount: int | None = sum(known)
        reasons: tuple[str, ...] = ()
    elif undetermined:
        status, amount = Status.UNDETERMINED, None
        reasons = tuple(dict.fromkeys(r for d in undetermined for r in d.reasons))
    else:
        status, amount = Status.NOT_ELIGIBLE, 0
        reasons = tuple(dict.fromkeys(r for d in decisions for r in d.reasons))
    return Decision(
        status=status,
        amount=amount,
        reasons=reasons,
        checks=(),
        components=(),
        no_kk=kk,
        members=tuple(decisions),
        **base,
    )
