"""The structure of a rule file, validated by pydantic (the file boundary).

Only the shape is checked here (keys, types, required entries). Names, expressions and
references are checked by the compiler, which knows the whole file.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr

__all__ = [
    "BenefitSpec",
    "Bilingual",
    "CaseFileSpec",
    "CaseSpec",
    "ComponentSpec",
    "FieldDecl",
    "ParamValueSpec",
    "ParameterSpec",
    "RuleFileSpec",
    "RuleSpec",
    "VariableSpec",
]

Scalar = StrictBool | StrictInt | StrictFloat | StrictStr | dt.date
ParamValue = Scalar | list[Scalar]
Text = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Bilingual(_Model):
    """A text in Bahasa Indonesia (``id``) and English (``en``)."""

    id: Text
    en: Text


class ReferenceSpec(_Model):
    """A source: a regulation, an official page or a news report."""

    title: Text
    url: str | None = None
    note: str | None = None


class ParamValueSpec(_Model):
    """One dated value of a parameter, with its source."""

    value: ParamValue
    reference: Text
    unconfirmed: Bilingual | None = None


class ParameterSpec(_Model):
    """A parameter: effective-dated values, each with a reference."""

    description: Bilingual
    unit: str | None = None
    values: Annotated[dict[dt.date, ParamValueSpec], Field(min_length=1)]
    unconfirmed: Bilingual | None = None


class FieldDecl(_Model):
    """An input column a rule file reads."""

    type: Literal["text", "keyword", "bool", "int", "number", "date"]
    default: Scalar | None = None
    required: bool | None = None
    values: list[StrictStr] | None = None
    aliases: dict[str, StrictStr] | None = None
    strict: bool | None = None
    min: StrictInt | StrictFloat | None = None
    max: StrictInt | StrictFloat | None = None
    description: Bilingual | None = None


class EntitiesSpec(_Model):
    """The columns read from person rows and household rows."""

    person: dict[str, FieldDecl] = Field(default_factory=dict)
    household: dict[str, FieldDecl] = Field(default_factory=dict)


class VariableSpec(_Model):
    """A derived variable with a description (or just its formula as text)."""

    formula: Text
    description: Bilingual | None = None
    reference: str | None = None


class VariablesSpec(_Model):
    """Derived variables per entity, in any order (dependencies are resolved)."""

    person: dict[str, StrictStr | VariableSpec] = Field(default_factory=dict)
    household: dict[str, StrictStr | VariableSpec] = Field(default_factory=dict)


class RuleSpec(_Model):
    """An eligibility condition (must hold) or exclusion (must not hold)."""

    id: Text
    rule: Text
    description: Bilingual
    message: Bilingual
    reference: str | None = None
    unconfirmed: Bilingual | None = None
    from_: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None


class ComponentSpec(_Model):
    """A benefit component: ``units`` times ``amount`` rupiah per unit per year."""

    id: Text
    description: Bilingual
    units: StrictStr | StrictInt = "1"
    amount: StrictStr | StrictInt
    reference: str | None = None
    unconfirmed: Bilingual | None = None
    from_: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None


class BenefitSpec(_Model):
    """The benefit: its components and an optional cap on the number of units paid."""

    max_units: StrictStr | StrictInt | None = None
    components: Annotated[list[ComponentSpec], Field(min_length=1)]


class PeriodSpec(_Model):
    """The period a rule set is in force (``until`` inclusive, open when absent)."""

    from_: dt.date = Field(alias="from")
    until: dt.date | None = None


class RuleFileSpec(_Model):
    """A whole rule file."""

    program: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    name: Bilingual
    description: Bilingual | None = None
    version: Text
    unit: Literal["household", "person"]
    effective: PeriodSpec
    references: dict[str, ReferenceSpec]
    unconfirmed: list[Bilingual] = Field(default_factory=list)
    parameters: dict[str, ParameterSpec] = Field(default_factory=dict)
    entities: EntitiesSpec
    variables: VariablesSpec = Field(default_factory=VariablesSpec)
    subjects: StrictStr | None = None
    conditions: list[RuleSpec] = Field(default_factory=list)
    exclusions: list[RuleSpec] = Field(default_factory=list)
    benefit: BenefitSpec


class ExpectSpec(_Model):
    """What a case expects of a decision."""

    status: Literal["eligible", "not_eligible", "undetermined"]
    amount: StrictInt | None = None
    reasons: list[str] | None = None
    components: dict[str, StrictInt] | None = None


class MemberExpectSpec(ExpectSpec):
    """What a case expects of one person's decision (person programs)."""


class CaseExpectSpec(ExpectSpec):
    """Household expectations, and per-person ones by NIK for person programs."""

    members: dict[str, MemberExpectSpec] | None = None


class CaseSpec(_Model):
    """One rule test: a household, its members, a date and the expected decision."""

    name: Text
    at: dt.date
    household: dict[str, object]
    members: list[dict[str, object]] = Field(default_factory=list)
    expect: CaseExpectSpec
    note: str | None = None


class CaseFileSpec(_Model):
    """A file of rule tests for one program (bundled id or rule file path)."""

    program: Text
    description: str | None = None
    cases: Annotated[list[CaseSpec], Field(min_length=1)]
