"""The compiled parts of a rule set: messages, parameters, variables, rules, components."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

import attrs

from bansos_validate import _arguments as _args
from bansos_validate.rules._errors import NotInForce

if TYPE_CHECKING:
    from bansos_validate.issues import Lang
    from bansos_validate.rules import _ast as a
    from bansos_validate.rules._ir import IR

__all__ = ["Component", "Message", "Parameter", "ParameterValue", "Reference", "Rule", "Variable"]


@attrs.frozen(slots=True)
class Message:
    """A text in Bahasa Indonesia and English.

    >>> Message("Desil terlalu tinggi", "Decile too high").text("en")
    'Decile too high'
    """

    id: str
    en: str

    def text(self, lang: Lang = "id") -> str:
        """The text in ``lang`` (``"id"`` by default, or ``"en"``)."""
        return self.en if _args.lang(lang) == "en" else self.id


@attrs.frozen(slots=True)
class Reference:
    """A source cited by a rule file."""

    key: str
    title: str
    url: str | None = None
    note: str | None = None


@attrs.frozen(slots=True)
class ParameterValue:
    """The value of a parameter from ``since`` on, with its source.

    Attributes:
        since: the first day the value is in force.
        value: the value as written (dates as ``datetime.date``).
        reference: the key of the source in the rule file's ``references``.
        unconfirmed: why the value is not confirmed by a reliable source, or ``None``.
    """

    since: dt.date
    value: object
    reference: str
    unconfirmed: Message | None = None


@attrs.frozen(slots=True, repr=False)
class Parameter:
    """An effective-dated parameter.

    >>> import datetime as dt
    >>> p = Parameter(
    ...     "desil_maks",
    ...     "number",
    ...     Message("Desil", "Decile"),
    ...     None,
    ...     (
    ...         ParameterValue(dt.date(2024, 1, 1), 4, "ref"),
    ...         ParameterValue(dt.date(2026, 1, 1), 5, "ref"),
    ...     ),
    ... )
    >>> p.at(dt.date(2025, 6, 30)).value, p.at(dt.date(2026, 1, 1)).value
    (4, 5)
    >>> p
    <Parameter desil_maks: 2024-01-01=4, 2026-01-01=5>
    """

    name: str
    type: str
    description: Message
    unit: str | None
    values: tuple[ParameterValue, ...]
    unconfirmed: Message | None = None

    def at(self, when: dt.date) -> ParameterValue:
        """The value in force on ``when``.

        Raises:
            NotInForce: ``when`` is before the first value.
            InvalidArgument: ``when`` is not a date.
        """
        when = _args.date("when", when)
        found: ParameterValue | None = None
        for item in self.values:
            if item.since <= when:
                found = item
            else:
                break
        if found is None:
            first = self.values[0].since.isoformat()
            raise NotInForce(
                f"parameter {self.name!r} has no value on {when.isoformat()} (first value {first})",
                at=when,
                name=self.name,
            )
        return found

    def __repr__(self) -> str:
        shown = ", ".join(f"{v.since.isoformat()}={v.value!r}" for v in self.values)
        return f"<Parameter {self.name}: {shown}>"


@attrs.frozen(slots=True, repr=False)
class Variable:
    """A derived variable of a person or a household."""

    name: str
    entity: str
    expression: a.Node
    ir: IR = attrs.field(eq=False)
    type: str
    description: Message | None = None

    def __repr__(self) -> str:
        return f"<{self.entity} {self.name} = {self.expression}>"


@attrs.frozen(slots=True, repr=False)
class Rule:
    """An eligibility condition (must hold) or an exclusion (must not hold).

    Attributes:
        id: the stable rule id used in ``reasons``.
        kind: ``condition`` or ``exclusion``.
        expression: the rule's expression (``repr`` reads like the rule).
        description: what the rule requires.
        message: why a person or household fails it.
        reference: the key of its source, or ``None``.
        unconfirmed: why the rule is not confirmed by a reliable source, or ``None``.
        since: first day the rule applies (``None``: the whole rule-set period).
        until: last day the rule applies (``None``: open).
        inputs: the input columns the rule depends on (through variables too).
    """

    id: str
    kind: Literal["condition", "exclusion"]
    expression: a.Node
    ir: IR = attrs.field(eq=False)
    description: Message
    message: Message
    reference: str | None = None
    unconfirmed: Message | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    inputs: tuple[str, ...] = ()

    def active(self, when: dt.date) -> bool:
        """Whether the rule applies on ``when``."""
        return (self.since is None or self.since <= when) and (
            self.until is None or when <= self.until
        )

    def __repr__(self) -> str:
        return f"<{self.kind} {self.id}: {self.expression}>"


@attrs.frozen(slots=True, repr=False)
class Component:
    """A benefit component: ``units`` times ``amount`` rupiah per unit per year."""

    id: str
    description: Message
    units_expression: a.Node
    units: IR = attrs.field(eq=False)
    amount_expression: a.Node
    amount: IR = attrs.field(eq=False)
    reference: str | None = None
    unconfirmed: Message | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    def active(self, when: dt.date) -> bool:
        """Whether the component is paid on ``when``."""
        return (self.since is None or self.since <= when) and (
            self.until is None or when <= self.until
        )

    def __repr__(self) -> str:
        return f"<component {self.id}: {self.units_expression} x {self.amount_expression}>"
