"""Stage 3 of compiling a rule file: the compiled rule set the engines run.

:class:`Assembler` puts the checked expressions of a file (typed trees of
:mod:`~bansos_validate.rules._ir`, from :mod:`._check_types`) into the public model
(:class:`~bansos_validate.rules._model.Variable`, :class:`~bansos_validate.rules._model.Rule`,
:class:`~bansos_validate.rules._model.Component`), lists the input fields each rule reads
(through its variables too), and gives the whole file as one :class:`Compiled`. Nothing
here can fail: every error was found by the earlier stages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from bansos_validate.rules import _ast as a
from bansos_validate.rules import _ir as ir
from bansos_validate.rules._declare import Declarations, VariableKey, message
from bansos_validate.rules._model import (
    Component,
    Message,
    Parameter,
    Reference,
    Rule,
    Variable,
)

if TYPE_CHECKING:
    from bansos_validate.rules._check_types import Checked, Expression
    from bansos_validate.rules._fields import FieldSpec
    from bansos_validate.rules._schema import ComponentSpec, RuleSpec

__all__ = ["Assembler", "Compiled"]


@attrs.frozen(slots=True)
class Compiled:
    """A checked rule file: everything the engines need."""

    program: str
    name: Message
    description: Message | None
    version: str
    unit: str
    since: dt.date
    until: dt.date | None
    references: Mapping[str, Reference]
    unconfirmed: tuple[Message, ...]
    parameters: Mapping[str, Parameter]
    person_fields: Mapping[str, FieldSpec]
    household_fields: Mapping[str, FieldSpec]
    person_variables: tuple[Variable, ...]
    household_variables: tuple[Variable, ...]
    subjects: ir.IR | None
    subjects_expression: a.Node | None
    rules: tuple[Rule, ...]
    components: tuple[Component, ...]
    max_units: ir.IR | None
    max_units_expression: a.Node | None
    placeholders: Mapping[str, tuple[str, ...]]


def _references(node: ir.IR) -> list[tuple[bool, str, str]]:
    """The fields (``True``) and variables (``False``) of a tree, in ``ir.walk`` order."""
    return [
        (isinstance(sub, ir.Field), sub.entity, sub.name)
        for sub in ir.walk(node)
        if isinstance(sub, ir.Field | ir.Var)
    ]


class Assembler:
    """Builds the model of one file from its declarations and checked expressions.

    Args:
        declared: the file's names.
        variables: every variable's formula and checked form.
        order: the variables in the order they were checked (each after those it uses).
    """

    def __init__(
        self,
        declared: Declarations,
        variables: Mapping[VariableKey, Expression],
        order: list[VariableKey],
    ) -> None:
        self.declared = declared
        self.variables = variables
        self.order = order
        self._walks: dict[VariableKey, list[tuple[bool, str, str]]] = {}  # for inputs()

    def inputs(self, node: ir.IR) -> tuple[str, ...]:
        """The input fields a rule reads, through its variables too (in a stable order).

        Each variable's fields and variables are listed once, so a file with many rules
        over many variables is not walked again for every rule.
        """
        found: dict[str, None] = {}
        seen: set[VariableKey] = set()
        stack: list[list[tuple[bool, str, str]]] = [_references(node)]
        while stack:
            for is_field, entity, name in stack.pop():
                if is_field:
                    found.setdefault(name)
                elif (entity, name) not in seen:
                    seen.add((entity, name))
                    walk = self._walks.get((entity, name))
                    if walk is None:
                        walk = _references(self.variables[(entity, name)][1].node)
                        self._walks[(entity, name)] = walk
                    stack.append(walk)
        return tuple(found)

    def variable(self, key: VariableKey) -> Variable:
        """The variable ``(entity, name)``."""
        entity, name = key
        expr, checked = self.variables[key]
        vspec, _ = self.declared.var_specs[entity][name]
        return Variable(
            name, entity, expr, checked.node, checked.type.value, message(vspec.description)
        )

    def rule(self, kind: str, rspec: RuleSpec, rule: Expression) -> Rule:
        """The condition or exclusion (*kind*) of *rspec*, with its checked expression."""
        expr, checked = rule
        return Rule(
            rspec.id,
            "condition" if kind == "condition" else "exclusion",
            expr,
            checked.node,
            Message(rspec.description.id, rspec.description.en),
            Message(rspec.message.id, rspec.message.en),
            rspec.reference,
            message(rspec.unconfirmed),
            rspec.from_,
            rspec.until,
            self.inputs(checked.node),
        )

    @staticmethod
    def component(cspec: ComponentSpec, units: Expression, amount: Expression) -> Component:
        """The benefit component of *cspec*, with its checked units and amount."""
        return Component(
            cspec.id,
            Message(cspec.description.id, cspec.description.en),
            units[0],
            units[1].node,
            amount[0],
            amount[1].node,
            cspec.reference,
            message(cspec.unconfirmed),
            cspec.from_,
            cspec.until,
        )

    def compiled(
        self,
        subjects: Expression | None,
        rules: list[Rule],
        components: list[Component],
        max_units: Expression | None,
        placeholders: Mapping[str, tuple[str, ...]],
    ) -> Compiled:
        """The whole file, compiled."""
        declared = self.declared
        spec = declared.spec
        variables = [self.variable(key) for key in self.order]
        return Compiled(
            program=spec.program,
            name=Message(spec.name.id, spec.name.en),
            description=message(spec.description),
            version=spec.version,
            unit=spec.unit,
            since=spec.effective.from_,
            until=spec.effective.until,
            references={
                k: Reference(k, r.title, r.url, r.note) for k, r in spec.references.items()
            },
            unconfirmed=tuple(Message(m.id, m.en) for m in spec.unconfirmed),
            parameters=dict(declared.params),
            person_fields=dict(declared.fields["person"]),
            household_fields=dict(declared.fields["household"]),
            person_variables=tuple(v for v in variables if v.entity == "person"),
            household_variables=tuple(v for v in variables if v.entity == "household"),
            subjects=_node(subjects),
            subjects_expression=None if subjects is None else subjects[0],
            rules=tuple(rules),
            components=tuple(components),
            max_units=_node(max_units),
            max_units_expression=None if max_units is None else max_units[0],
            placeholders=dict(placeholders),
        )


def _node(expression: Expression | None) -> ir.IR | None:
    checked: Checked | None = None if expression is None else expression[1]
    return None if checked is None else checked.node
