"""``RuleSet``: a loaded, checked rule file, with the scalar ``decide`` and ``trace``."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from bansos_validate.errors import InvalidArgument, SchemaError
from bansos_validate.privacy import mask_nik
from bansos_validate.rules import _ir as ir
from bansos_validate.rules._compile import Compiled, compile_file
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
from bansos_validate.rules._errors import NotInForce, UnknownProgram
from bansos_validate.rules._fields import FieldSpec, date_to_int, read_value
from bansos_validate.rules._model import (
    Component,
    Message,
    Parameter,
    Reference,
    Rule,
    Variable,
)
from bansos_validate.rules._scalar import (
    Context,
    capped_units,
    evaluate,
    finite,
    paid_amount,
)
from bansos_validate.rules._yaml import load_yaml, read_file

if TYPE_CHECKING:
    from bansos_validate.issues import Lang

__all__ = ["RuleSet", "load_program", "programs", "reference_date"]

_PROGRAM_ALIASES = {
    "sembako": "bpnt",
    "program-sembako": "bpnt",
    "pbi": "pbi-jk",
    "pbijk": "pbi-jk",
    "blt": "blt-dd",
    "bltdd": "blt-dd",
    "blt-dana-desa": "blt-dd",
    "program-keluarga-harapan": "pkh",
    "program-indonesia-pintar": "pip",
}
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")

Row = dict[str, object]


def reference_date(at: object) -> dt.date:
    """Check and return the reference date (``None`` means today).

    >>> reference_date("2026-01-15")
    datetime.date(2026, 1, 15)
    >>> reference_date(20260115)
    Traceback (most recent call last):
        ...
    InvalidArgument: Expected a date or ISO text 'YYYY-MM-DD' but got at=20260115

    Raises:
        InvalidArgument: ``at`` is not a date or ISO date text.
    """
    if at is None:
        return dt.date.today()  # noqa: DTZ011 - the local date is the officer's date
    if isinstance(at, dt.datetime):
        return at.date()
    if isinstance(at, dt.date):
        return at
    if isinstance(at, str):
        try:
            return dt.date.fromisoformat(at.strip())
        except ValueError:
            pass
    raise InvalidArgument(f"Expected a date or ISO text 'YYYY-MM-DD' but got at={at!r}")


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


def _round(value: float | None) -> int | None:
    return None if value is None else math.floor(value + 0.5)


class RuleSet:
    """A checked rule file for one program, ready to decide.

    Load one with :func:`load_program` (bundled programs) or :meth:`from_yaml`.

    >>> import datetime as dt
    >>> pkh = load_program("pkh")
    >>> pkh
    <RuleSet pkh 2026.1 (household)>
    >>> household = {"no_kk": "3576010101200001", "desil": 3}
    >>> members = [
    ...     {"nik": "3576014403910003", "tanggal_lahir": "1991-03-04", "hamil": "Y"},
    ...     {"nik": "3576010101240001", "tanggal_lahir": "2024-01-01"},
    ... ]
    >>> d = pkh.decide(household, members, at=dt.date(2026, 1, 15))
    >>> d.status.value, d.amount, d.component_amounts()["hamil"]
    ('eligible', 6000000, 3000000)
    >>> pkh.decide({"no_kk": "3576010101200001", "desil": 7}, members, at=dt.date(2026, 1, 15))
    <Decision pkh kk 357601********** not_eligible Rp0 reasons=['desil']>
    """

    __slots__ = ("_compiled", "_contexts", "_types", "path", "sha256")

    def __init__(self, compiled: Compiled, *, sha256: str, path: str) -> None:
        self._compiled = compiled
        self.sha256 = sha256
        """SHA-256 (hex) of the rule file's bytes."""
        self.path = path
        """Where the rule set was read from."""
        types: dict[str, str] = {name: p.type for name, p in compiled.parameters.items()}
        kinds = {
            "text": "text",
            "keyword": "text",
            "bool": "bool",
            "int": "number",
            "number": "number",
            "date": "date",
        }
        for fields in (compiled.person_fields, compiled.household_fields):
            types.update({name: kinds[spec.kind] for name, spec in fields.items()})
        for variables in (compiled.person_variables, compiled.household_variables):
            types.update({v.name: v.type for v in variables})
        types["at"] = "date"
        self._types = types
        self._contexts: dict[dt.date, tuple[Context, tuple[UsedParameter, ...]]] = {}

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def from_yaml(cls, path: str | Path) -> RuleSet:
        """Load and check a rule file.

        Raises:
            RuleFileError: the file cannot be read or is wrong (with line and column).
        """
        data = read_file(path, "rule file")
        return cls.from_bytes(data, path=str(path))

    @classmethod
    def from_text(cls, text: str, *, path: str = "<string>") -> RuleSet:
        """Load and check a rule set from YAML text (the hash is of its UTF-8 bytes)."""
        if not isinstance(text, str):
            raise InvalidArgument(f"Expected YAML text but got {type(text).__name__}")
        return cls.from_bytes(text.encode("utf-8", "surrogatepass"), path=path)

    @classmethod
    def from_bytes(cls, data: bytes, *, path: str = "<bytes>") -> RuleSet:
        """Load and check a rule set from the bytes of a YAML file."""
        value, smap = load_yaml(data, path)
        compiled = compile_file(value, smap)
        return cls(compiled, sha256=hashlib.sha256(data).hexdigest(), path=path)

    # -- description -----------------------------------------------------------------------
    @property
    def program(self) -> str:
        """The program id (``pkh``)."""
        return self._compiled.program

    @property
    def name(self) -> Message:
        """The program's name in Bahasa Indonesia and English."""
        return self._compiled.name

    @property
    def version(self) -> str:
        """The rule set's version."""
        return self._compiled.version

    @property
    def unit(self) -> str:
        """``household`` (one decision per KK) or ``person`` (one per person, e.g. PIP)."""
        return self._compiled.unit

    @property
    def effective(self) -> tuple[dt.date, dt.date | None]:
        """The first and last day (``None``: open) the rule set is in force."""
        return self._compiled.since, self._compiled.until

    @property
    def parameters(self) -> Mapping[str, Parameter]:
        """The dated parameters by name."""
        return self._compiled.parameters

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Conditions then exclusions, in file order."""
        return self._compiled.rules

    @property
    def conditions(self) -> tuple[Rule, ...]:
        """The eligibility conditions (each must hold)."""
        return tuple(r for r in self._compiled.rules if r.kind == "condition")

    @property
    def exclusions(self) -> tuple[Rule, ...]:
        """The exclusions (none may hold)."""
        return tuple(r for r in self._compiled.rules if r.kind == "exclusion")

    @property
    def components(self) -> tuple[Component, ...]:
        """The benefit components."""
        return self._compiled.components

    @property
    def variables(self) -> tuple[Variable, ...]:
        """Derived variables, persons first, in computation order."""
        return self._compiled.person_variables + self._compiled.household_variables

    @property
    def references(self) -> Mapping[str, Reference]:
        """The sources cited by the file, by key."""
        return self._compiled.references

    @property
    def unconfirmed(self) -> tuple[Message, ...]:
        """Readings of the program the file marks as not confirmed by a reliable source."""
        return self._compiled.unconfirmed

    @property
    def fields(self) -> Mapping[str, Mapping[str, FieldSpec]]:
        """The input columns read, by entity (``person``, ``household``)."""
        return {
            "person": self._compiled.person_fields,
            "household": self._compiled.household_fields,
        }

    def required_columns(self) -> dict[str, tuple[str, ...]]:
        """Columns each input must have (those without a default), keys included."""
        person = ["no_kk"] + (["nik"] if self.unit == "person" else [])
        person += [
            n for n, s in self._compiled.person_fields.items() if s.required and n not in person
        ]
        household = ["no_kk"]
        household += [
            n for n, s in self._compiled.household_fields.items() if s.required and n != "no_kk"
        ]
        return {"person": tuple(person), "household": tuple(household)}

    def __repr__(self) -> str:
        return f"<RuleSet {self.program} {self.version} ({self.unit})>"

    # -- evaluation helpers ----------------------------------------------------------------
    def _check_period(self, at: dt.date) -> None:
        since, until = self.effective
        if at < since or (until is not None and at > until):
            period = f"{since.isoformat()} to {until.isoformat() if until else 'open'}"
            raise NotInForce(
                f"rule set {self.program} {self.version} is in force {period}, "
                f"not on {at.isoformat()}",
                at=at,
                name=self.program,
            )

    def _context(self, at: dt.date) -> tuple[Context, tuple[UsedParameter, ...]]:
        """Parameter values in force on ``at`` (only those the active rules use)."""
        found = self._contexts.get(at)
        if found is not None:
            return found
        self._check_period(at)
        needed = self._needed(at)
        values: dict[str, object] = {}
        used: list[UsedParameter] = []
        for name, parameter in self._compiled.parameters.items():
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
        if len(self._contexts) >= 64:
            self._contexts.clear()
        self._contexts[at] = result
        return result

    def _needed(self, at: dt.date) -> set[str]:
        compiled = self._compiled
        rules, components = self._active(at)
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

    def _active(self, at: dt.date) -> tuple[tuple[Rule, ...], tuple[Component, ...]]:
        return (
            tuple(r for r in self._compiled.rules if r.active(at)),
            tuple(c for c in self._compiled.components if c.active(at)),
        )

    @staticmethod
    def _read(fields: Mapping[str, FieldSpec], raw: Mapping[str, Any], what: str) -> Row:
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

    def _render(self, message: Message, row: Mapping[str, object], ctx: Context) -> Message:
        def fill(text: str, lang: Lang) -> str:
            def one(match: re.Match[str]) -> str:
                name = match.group(1)
                if name == "at":
                    value: object = ctx.at
                elif name in ctx.params:
                    value = ctx.params[name]
                else:
                    value = row.get(name)
                return format_value(value, self._types.get(name, "text"), lang)

            return _PLACEHOLDER.sub(one, text)

        return Message(fill(message.id, "id"), fill(message.en, "en"))

    def _missing(self, rule: Rule, row: Row, members: Sequence[Row]) -> tuple[str, ...]:
        """The inputs of ``rule`` that are unknown here (optional empty columns last)."""
        compiled = self._compiled
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

    def _evaluate_unit(  # noqa: PLR0913, PLR0917 - private, one call site per unit kind
        self,
        row: Row,
        members: Sequence[Row],
        ctx: Context,
        rules: tuple[Rule, ...],
        components: tuple[Component, ...],
        steps: list[TraceStep] | None,
        who: str = "",
    ) -> tuple[Status, int | None, tuple[str, ...], tuple[Check, ...], tuple[ComponentAmount, ...]]:
        scope = "rule"
        checks: list[Check] = []
        for rule in rules:
            value = evaluate(rule.ir, row, ctx, members)
            outcome: Literal["passed", "failed", "unknown"]
            if value is None:
                outcome = "unknown"
            elif (value is True) == (rule.kind == "condition"):
                outcome = "passed"
            else:
                outcome = "failed"
            message = (
                Check.unknown_message(self._missing(rule, row, members))
                if outcome == "unknown"
                else self._render(rule.message, row, ctx)
            )
            checks.append(
                Check(
                    rule.id, rule.kind, outcome, self._render(rule.description, row, ctx), message
                )
            )
            if steps is not None:
                steps.append(
                    TraceStep(
                        scope,
                        rule.id,
                        f"{outcome} ({format_value(value, 'bool')})",
                        str(rule.expression),
                        who,
                    )
                )
        units = [finite(_as_number(evaluate(c.units, row, ctx, members))) for c in components]
        amounts = [finite(_as_number(evaluate(c.amount, row, ctx, members))) for c in components]
        compiled = self._compiled
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
        failed = tuple(c.rule_id for c in checks if c.outcome == "failed")
        unknown = tuple(c.rule_id for c in checks if c.outcome == "unknown")
        if failed:
            status, reasons = Status.NOT_ELIGIBLE, failed
        elif unknown:
            status, reasons = Status.UNDETERMINED, unknown
        elif total is None:
            status, reasons = Status.UNDETERMINED, ("benefit",)
        else:
            status, reasons = Status.ELIGIBLE, ()
        parts: list[ComponentAmount] = []
        for comp, unit, before, per, value in zip(
            components, taken, units, amounts, values, strict=True
        ):
            shown = (
                _round(value)
                if status is Status.ELIGIBLE
                else 0
                if status is Status.NOT_ELIGIBLE
                else None
            )
            parts.append(ComponentAmount(comp.id, comp.description, unit, before, per, shown))
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
        amount = (
            _round(total)
            if status is Status.ELIGIBLE
            else 0
            if status is Status.NOT_ELIGIBLE
            else None
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
        return status, amount, reasons, tuple(checks), tuple(parts)

    def _decide(  # noqa: PLR0912 - reads, computes and traces in one pass
        self,
        household: Mapping[str, Any],
        members: Sequence[Mapping[str, Any]],
        at: object,
        steps: list[TraceStep] | None,
    ) -> Decision:
        when = reference_date(at)
        ctx, used = self._context(when)
        rules, components = self._active(when)
        compiled = self._compiled
        if isinstance(members, Mapping) or not isinstance(members, Sequence):
            raise InvalidArgument(
                f"Expected a sequence of member mappings but got members={type(members).__name__}"
            )
        if steps is not None:
            steps.extend(
                TraceStep(
                    "parameter", u.name, format_value(ctx.params[u.name], self._types[u.name])
                )
                for u in used
            )
        hrow = self._read(compiled.household_fields, household, "the household")
        no_kk = household.get("no_kk")
        person_rows: list[Row] = []
        niks: list[str | None] = []
        for index, member in enumerate(members):
            prow = self._read(compiled.person_fields, member, f"member {index}")
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
                    TraceStep("input", name, format_value(prow[name], self._types[name]), "", who)
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
                TraceStep("input", name, format_value(hrow[name], self._types[name]))
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
            status, amount, reasons, checks, parts = self._evaluate_unit(
                hrow, person_rows, ctx, rules, components, steps
            )
            return Decision(
                status=status,
                amount=amount,
                reasons=reasons,
                checks=checks,
                components=parts,
                no_kk=kk,
                **base,  # type: ignore[arg-type]
            )
        decisions: list[Decision] = []
        for index, (prow, nik) in enumerate(zip(person_rows, niks, strict=True)):
            merged = {**hrow, **prow}
            who = _who(nik, index)
            if compiled.subjects is not None:
                subject = evaluate(compiled.subjects, merged, ctx)
                if steps is not None:
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
            status, amount, reasons, checks, parts = self._evaluate_unit(
                merged, (), ctx, rules, components, steps, who
            )
            decisions.append(
                Decision(
                    status=status,
                    amount=amount,
                    reasons=reasons,
                    checks=checks,
                    components=parts,
                    no_kk=kk,
                    nik=nik,
                    **base,  # type: ignore[arg-type]
                )
            )
        return _summary(decisions, kk, base)

    # -- public evaluation -----------------------------------------------------------------
    def decide(
        self,
        household: Mapping[str, Any],
        members: Sequence[Mapping[str, Any]],
        *,
        at: dt.date | str | None = None,
    ) -> Decision:
        """Decide one household, in pure Python (for apps: no dataframe library is imported).

        For person programs (``unit: person``, e.g. PIP) the result summarises the
        household and ``.members`` holds one decision per person the program is for.

        Args:
            household: the household row by canonical column name (``no_kk``, ``desil``...).
            members: the person rows of the household.
            at: the reference date (``datetime.date`` or ISO text); today when ``None``.

        Raises:
            SchemaError: a row lacks a column the rules read (and that has no default).
            NotInForce: the rule set or a parameter is not in force on ``at``.
            InvalidArgument: ``at`` or the rows have the wrong type.
        """
        return self._decide(household, members, at, None)

    def trace(
        self,
        household: Mapping[str, Any],
        members: Sequence[Mapping[str, Any]],
        *,
        at: dt.date | str | None = None,
    ) -> Trace:
        """Decide one household and keep every intermediate value (``str()`` prints them).

        Raises:
            SchemaError: a row lacks a column the rules read (and that has no default).
            NotInForce: the rule set or a parameter is not in force on ``at``.
        """
        steps: list[TraceStep] = []
        decision = self._decide(household, members, at, steps)
        return Trace(decision, tuple(steps))

    def parameters_at(self, at: dt.date | str) -> dict[str, object]:
        """The value of every parameter in force on ``at``, as written in the file.

        Parameters whose first value starts later are left out.

        Raises:
            NotInForce: the rule set or a parameter is not in force on ``at``.
        """
        when = reference_date(at)
        self._check_period(when)
        return {
            name: p.at(when).value
            for name, p in self._compiled.parameters.items()
            if p.values[0].since <= when
        }


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


def _bundled() -> dict[str, resources.abc.Traversable]:
    folder = resources.files("bansos_validate.rules").joinpath("programs")
    return {
        item.name[: -len(".yaml")]: item
        for item in folder.iterdir()
        if item.is_file() and item.name.endswith(".yaml")
    }


def programs() -> tuple[str, ...]:
    """The ids of the bundled programs.

    >>> programs()
    ('blt-dd', 'bpnt', 'pbi-jk', 'pip', 'pkh')
    """
    return tuple(sorted(_bundled()))


def _program_id(name: str) -> str:
    key = re.sub(r"[\s_]+", "-", name.strip().lower())
    return _PROGRAM_ALIASES.get(key, key)


@functools.lru_cache(maxsize=32)
def _load_bundled(key: str) -> RuleSet:
    item = _bundled()[key]
    return RuleSet.from_bytes(item.read_bytes(), path=f"bansos_validate/rules/programs/{key}.yaml")


def load_program(name: str) -> RuleSet:
    """Load a bundled program by id (case-insensitive; ``sembako`` means ``bpnt``).

    >>> load_program("PKH").program
    'pkh'
    >>> load_program("pkhh")
    Traceback (most recent call last):
        ...
    UnknownProgram: unknown program 'pkhh'; bundled programs: ...; did you mean 'pkh'?

    Raises:
        UnknownProgram: the id is not bundled (with a "did you mean" hint).
        InvalidArgument: ``name`` is not text.
    """
    if not isinstance(name, str):
        raise InvalidArgument(f"Expected a program id (text) but got name={name!r}")
    key = _program_id(name)
    known = programs()
    if key not in known:
        found = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
        raise UnknownProgram(name, known, found[0] if found else None)
    return _load_bundled(key)
