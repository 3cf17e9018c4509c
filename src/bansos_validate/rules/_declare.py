"""Stage 1 of compiling a rule file: the names it declares.

:func:`declare` reads the declarations of a validated rule file, in the file's order:
the resource limits on the number of variables, rules and components; the reference
keys; the parameters (one type over time, no nested lists, no huge numbers); the fields
of persons and households (canonical columns keep their kind and values; defaults must be
readable); and the variables, parsed once and ordered so that each comes after the
variables it uses (refusing cycles and chains longer than ``MAX_VARIABLE_DEPTH``). Every
name is checked: lower-case, not reserved by the language, not declared twice.

Rule and component ids are declared section by section (:func:`declare_entry`) as the
compiler reaches them, and the placeholders of the messages last (:func:`placeholders`),
so a file with several mistakes always reports the same one first.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping

import attrs

from bansos_validate.rules import _ast as a
from bansos_validate.rules._errors import RuleNameError, RuleSyntaxError, RuleTypeError
from bansos_validate.rules._fields import (
    CANONICAL,
    FieldKind,
    FieldSpec,
    is_missing,
    normalise_keyword,
    read_value,
)
from bansos_validate.rules._lexer import KEYWORDS
from bansos_validate.rules._limits import (
    MAX_COMPONENTS,
    MAX_RULES,
    MAX_VARIABLE_DEPTH,
    MAX_VARIABLES,
)
from bansos_validate.rules._locate import Locator, Path, close
from bansos_validate.rules._model import Message, Parameter, ParameterValue
from bansos_validate.rules._parser import AGGREGATES
from bansos_validate.rules._schema import Bilingual, FieldDecl, RuleFileSpec, VariableSpec
from bansos_validate.rules._typecheck import Type

__all__ = [
    "FUNCTIONS",
    "MAX_CONSTANT",
    "RESERVED",
    "Declarations",
    "declare",
    "declare_entry",
    "message",
    "placeholders",
    "reserve_benefit",
]

MAX_CONSTANT = 1e18
"""The largest number a parameter value or a constant of an expression may be."""

FUNCTIONS = (
    "abs",
    "age",
    "coalesce",
    "date",
    "day",
    "is_desa",
    "is_missing",
    "max",
    "min",
    "month",
    "year",
)
"""The functions of the rule language (the aggregates are in ``_parser.AGGREGATES``)."""

RESERVED = frozenset({"at", *KEYWORDS, *FUNCTIONS, *AGGREGATES, "no_kk", "nik"})
"""Names no parameter, field, variable, rule or component may take."""

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_ENTITIES = ("person", "household")

VariableKey = tuple[str, str]
"""A variable as ``(entity, name)``."""


def message(text: Bilingual | None) -> Message | None:
    """The model's message for a bilingual text of the file (``None`` stays ``None``)."""
    return None if text is None else Message(text.id, text.en)


@attrs.frozen(slots=True)
class Declarations:
    """The names a rule file declares, checked, with the variables in dependency order.

    Attributes:
        spec: the validated file.
        params: the parameters by name, with their values over time.
        fields: the fields of ``person`` and ``household``, by name.
        var_specs: the variables of each entity: their declaration and the path of
            their formula in the file.
        parsed: each variable's formula, parsed once.
        order: every variable after the variables it uses.
    """

    spec: RuleFileSpec
    params: Mapping[str, Parameter]
    fields: Mapping[str, Mapping[str, FieldSpec]]
    var_specs: Mapping[str, Mapping[str, tuple[VariableSpec, Path]]]
    parsed: Mapping[VariableKey, a.Node]
    order: tuple[VariableKey, ...]

    def visible(self, scope: str) -> dict[str, str]:
        """Names visible in ``scope``, with what they are."""
        out: dict[str, str] = {"at": "the reference date"}
        out.update(dict.fromkeys(self.params, "parameter"))
        entities = _ENTITIES if scope == "subject" else (scope,)
        for entity in entities:
            out.update(dict.fromkeys(self.fields[entity], f"{entity} field"))
            out.update(dict.fromkeys(self.var_specs[entity], f"{entity} variable"))
        out.pop("no_kk", None)
        out.pop("nik", None)
        return out


def declare(spec: RuleFileSpec, at: Locator) -> Declarations:
    """Check the counts and the declared names of *spec*; order its variables.

    Raises:
        RuleFileError: too many variables, rules or components; a bad, reserved or
            duplicate name; an unknown reference; a parameter or field of the wrong
            type; a formula that does not parse; variables in a cycle or a chain too long.
    """
    _check_counts(spec, at)
    for key in spec.references:
        if not _NAME.match(key):
            raise at.fail(
                RuleNameError,
                f"reference key {key!r} must be lower-case letters, digits and '_'",
                code="bad_name",
                path=("references", key),
            )
    taken: dict[str, str] = {}
    params = {name: _parameter(spec, at, name, taken) for name in spec.parameters}
    fields = _fields(spec, at, taken)
    var_specs: dict[str, dict[str, tuple[VariableSpec, Path]]] = {e: {} for e in _ENTITIES}
    for entity in _ENTITIES:
        for name, raw in getattr(spec.variables, entity).items():
            path: Path = ("variables", entity, name)
            check_name(at, name, path, f"{entity} variable", taken)
            vspec = raw if isinstance(raw, VariableSpec) else VariableSpec(formula=raw)
            if isinstance(raw, VariableSpec):
                reference(spec, at, raw.reference, (*path, "reference"))
                path = (*path, "formula")
            var_specs[entity][name] = (vspec, path)
    graph = _Dependencies(at, params, var_specs)
    order = graph.order()
    return Declarations(spec, params, fields, var_specs, graph.parsed, tuple(order))


# -- names -----------------------------------------------------------------------------------
def check_name(at: Locator, name: str, path: Path, what: str, taken: dict[str, str]) -> None:
    """Refuse a malformed, reserved or already *taken* name; else take it for *what*."""
    if not _NAME.match(name):
        raise at.fail(
            RuleNameError,
            f"{what} name {name!r} must be lower-case letters, digits and '_', "
            "starting with a letter",
            code="bad_name",
            path=path,
        )
    if name in RESERVED:
        raise at.fail(
            RuleNameError,
            f"{what} name {name!r} is reserved by the rule language",
            code="reserved_name",
            path=path,
        )
    if name in taken:
        raise at.fail(
            RuleNameError,
            f"{what} name {name!r} is already used by a {taken[name]}",
            code="duplicate_name",
            path=path,
        )
    taken[name] = what


def reference(spec: RuleFileSpec, at: Locator, key: str | None, path: Path) -> str | None:
    """*key*, refused when it is not a key of the file's ``references``."""
    if key is None:
        return None
    if key not in spec.references:
        raise at.fail(
            RuleNameError,
            f"unknown reference {key!r}; references must be keys of 'references'",
            code="unknown_reference",
            path=path,
            hint=close(key, spec.references),
        )
    return key


def declare_entry(  # noqa: PLR0913 - one entry of a section
    spec: RuleFileSpec,
    at: Locator,
    path: Path,
    entry: tuple[str, str | None],
    taken: dict[str, str],
    *,
    what: str,
) -> None:
    """Declare the id of a rule or component at *path* and check its reference.

    *entry* is the ``(id, reference)`` pair; *taken* the ids of its section so far.
    """
    name, key = entry
    check_name(at, name, (*path, "id"), what, taken)
    reference(spec, at, key, (*path, "reference"))


def reserve_benefit(at: Locator, rule_ids: Mapping[str, str]) -> None:
    """Refuse a rule named ``benefit`` (the reasons name the benefit so)."""
    if "benefit" in rule_ids:
        raise at.fail(
            RuleNameError,
            "the rule id 'benefit' is reserved",
            code="reserved_name",
            path=("conditions",),
        )


def _check_counts(spec: RuleFileSpec, at: Locator) -> None:
    """Refuse a file with more variables, rules or components than the limits allow."""
    variables = [
        ("variables", entity, name)
        for entity in _ENTITIES
        for name in getattr(spec.variables, entity)
    ]
    rules = [("conditions", i) for i in range(len(spec.conditions))]
    rules += [("exclusions", i) for i in range(len(spec.exclusions))]
    components = [("benefit", "components", i) for i in range(len(spec.benefit.components))]
    for found, limit, what, code in (
        (variables, MAX_VARIABLES, "variables", "too_many_variables"),
        (rules, MAX_RULES, "rules (conditions and exclusions)", "too_many_rules"),
        (components, MAX_COMPONENTS, "benefit components", "too_many_components"),
    ):
        if len(found) > limit:
            raise at.fail(
                RuleSyntaxError,
                f"the file has {len(found)} {what}; at most {limit} are allowed",
                code=code,
                path=found[limit],
            )


# -- parameters ------------------------------------------------------------------------------
def _parameter(spec: RuleFileSpec, at: Locator, name: str, taken: dict[str, str]) -> Parameter:
    """The parameter *name*: one type over time, its values sorted by date."""
    pspec = spec.parameters[name]
    path: Path = ("parameters", name)
    check_name(at, name, path, "parameter", taken)
    values: list[ParameterValue] = []
    ptype: Type | None = None
    for since in sorted(pspec.values):
        item = pspec.values[since]
        vpath: Path = (*path, "values", since.isoformat())
        reference(spec, at, item.reference, (*vpath, "reference"))
        vtype = _value_type(at, item.value, (*vpath, "value"))
        if ptype is None:
            ptype = vtype
        elif vtype != ptype and Type.EMPTY_LIST not in (vtype, ptype):
            raise at.fail(
                RuleTypeError,
                f"parameter {name!r} changes type over time ({ptype} then {vtype})",
                code="parameter_type",
                path=(*vpath, "value"),
            )
        elif ptype is Type.EMPTY_LIST:
            ptype = vtype
        value = tuple(item.value) if isinstance(item.value, list) else item.value
        values.append(ParameterValue(since, value, item.reference, message(item.unconfirmed)))
    assert ptype is not None  # noqa: S101 - pydantic requires one value at least
    return Parameter(
        name,
        ptype.value,
        Message(pspec.description.id, pspec.description.en),
        pspec.unit,
        tuple(values),
        message(pspec.unconfirmed),
    )


def _value_type(at: Locator, value: object, path: Path) -> Type:
    if isinstance(value, list):
        types = {_value_type(at, v, path) for v in value}
        if len(types) > 1:
            raise at.fail(
                RuleTypeError,
                "a list parameter must hold values of one type",
                code="parameter_type",
                path=path,
            )
        if any(t.is_list for t in types):
            raise at.fail(RuleTypeError, "lists cannot be nested", code="parameter_type", path=path)
        return Type.list_of(types.pop()) if types else Type.EMPTY_LIST
    if isinstance(value, bool):
        return Type.BOOL
    if isinstance(value, int | float):
        if not math.isfinite(value) or abs(value) > MAX_CONSTANT:
            raise at.fail(
                RuleTypeError, "the number is too large", code="number_too_large", path=path
            )
        return Type.NUMBER
    if isinstance(value, dt.date):
        return Type.DATE
    return Type.TEXT


# -- fields ----------------------------------------------------------------------------------
def _fields(
    spec: RuleFileSpec, at: Locator, taken: dict[str, str]
) -> dict[str, dict[str, FieldSpec]]:
    fields: dict[str, dict[str, FieldSpec]] = {e: {} for e in _ENTITIES}
    for entity in _ENTITIES:
        declared: Mapping[str, FieldDecl] = getattr(spec.entities, entity)
        for name, decl in declared.items():
            path: Path = ("entities", entity, name)
            if name != "no_kk" and not (entity == "person" and name == "nik"):
                check_name(at, name, path, f"{entity} field", taken)
            fields[entity][name] = _field_spec(at, entity, name, decl, path)
    return fields


def _field_spec(at: Locator, entity: str, name: str, decl: FieldDecl, path: Path) -> FieldSpec:
    """How field *name* is read: a canonical column's reading, or the declared one."""
    canonical = CANONICAL[entity].get(name)
    kind: FieldKind = decl.type
    if canonical is not None:
        if canonical.kind != kind:
            raise at.fail(
                RuleTypeError,
                f"{name!r} is a canonical {entity} column of type {canonical.kind!r}, not {kind!r}",
                code="field_type",
                path=(*path, "type"),
            )
        if decl.values is not None or decl.aliases is not None or decl.strict is not None:
            raise at.fail(
                RuleTypeError,
                f"{name!r} is a canonical column: its values and aliases are fixed",
                code="field_values",
                path=path,
            )
        base = canonical
    else:
        if kind != "keyword" and (decl.values or decl.aliases or decl.strict):
            raise at.fail(
                RuleTypeError,
                "only keyword fields have 'values', 'aliases' or 'strict'",
                code="field_values",
                path=path,
            )
        values = tuple(normalise_keyword(v) for v in decl.values or ())
        base = FieldSpec(
            name,
            entity,
            kind,
            values=values,
            labels=dict(zip(values, decl.values or (), strict=True)),
            aliases={
                normalise_keyword(k): normalise_keyword(v) for k, v in (decl.aliases or {}).items()
            },
            strict=bool(decl.strict),
        )
    return _with_default(at, base, decl, path)


def _with_default(at: Locator, base: FieldSpec, decl: FieldDecl, path: Path) -> FieldSpec:
    """*base* with the declared bounds, default and ``required``."""
    kind = decl.type
    minimum = base.minimum if decl.min is None else float(decl.min)
    maximum = base.maximum if decl.max is None else float(decl.max)
    spec = attrs.evolve(base, minimum=minimum, maximum=maximum, default=None, required=True)
    if decl.default is not None and decl.required:
        raise at.fail(
            RuleTypeError,
            "a field with a default is not required; drop 'required: true'",
            code="bad_default",
            path=(*path, "required"),
        )
    if decl.default == "" and kind in ("text", "keyword"):
        spec = attrs.evolve(spec, default="", required=False)
    elif decl.default is not None:
        default = read_value(spec, decl.default)
        if default is None or is_missing(decl.default):
            raise at.fail(
                RuleTypeError,
                f"the default {decl.default!r} is not a valid {kind} value",
                code="bad_default",
                path=(*path, "default"),
            )
        spec = attrs.evolve(spec, default=default, required=False)
    elif decl.required is False:
        spec = attrs.evolve(spec, required=False)
    return spec


# -- variables -------------------------------------------------------------------------------
class _Dependencies:
    """The variables' formulas, parsed once, and the order they are checked in."""

    def __init__(
        self,
        at: Locator,
        params: Mapping[str, Parameter],
        var_specs: Mapping[str, Mapping[str, tuple[VariableSpec, Path]]],
    ) -> None:
        self.at = at
        self.params = params
        self.var_specs = var_specs
        self.parsed: dict[VariableKey, a.Node] = {}

    def order(self) -> list[VariableKey]:
        """Every variable after the variables it uses; refuse cycles and long chains.

        The formulas are parsed and their references followed without recursion, so a
        chain of thousands of variables (in any order in the file) costs no stack, and
        each variable is then checked once the variables it uses are.
        """
        refs: dict[VariableKey, list[tuple[VariableKey, a.Name]]] = {}
        for entity in _ENTITIES:
            for name, (vspec, path) in self.var_specs[entity].items():
                node = self.at.parse(vspec.formula, path, f"variables.{entity}.{name}")
                self.parsed[(entity, name)] = node
                refs[(entity, name)] = self.references(node, entity)
        order: list[VariableKey] = []
        depth: dict[VariableKey, int] = {}
        for root, uses in refs.items():
            if root in depth:
                continue
            path_keys = [root]
            stack = [iter(uses)]
            while stack:
                step = next(stack[-1], None)
                if step is None:
                    done = path_keys.pop()
                    stack.pop()
                    depth[done] = 1 + max((depth[w] for w, _ in refs[done]), default=0)
                    if depth[done] > MAX_VARIABLE_DEPTH:
                        self.too_deep(done, depth[done])
                    order.append(done)
                    continue
                target, name_node = step
                if target in depth:
                    continue
                if target in path_keys:
                    self.cycle(path_keys[path_keys.index(target) :], path_keys[-1], name_node)
                path_keys.append(target)
                stack.append(iter(refs[target]))
        return order

    def references(self, node: a.Node, scope: str) -> list[tuple[VariableKey, a.Name]]:
        """The variables an expression of ``scope`` uses, in the order they are checked."""
        found: list[tuple[VariableKey, a.Name]] = []
        stack: list[tuple[a.Node, str]] = [(node, scope)]
        while stack:
            current, where = stack.pop()
            if isinstance(current, a.Name):
                entities = _ENTITIES if where == "subject" else (where,)
                for entity in entities:
                    if current.id in self.var_specs[entity] and current.id not in self.params:
                        found.append(((entity, current.id), current))
                        break
                continue
            inner = "person" if isinstance(current, a.Aggregate) else where
            stack.extend((child, inner) for child in reversed(current.children()))
        return found

    def cycle(self, keys: list[VariableKey], last: VariableKey, node: a.Name) -> None:
        """Refuse variables that depend on each other (located at the reference closing it)."""
        at = self.at
        vspec, path = self.var_specs[last[0]][last[1]]
        saved = (at.text, at.where, at.rule_id)
        at.text, at.where = str(vspec.formula), path
        at.rule_id = f"variables.{last[0]}.{last[1]}"
        try:
            chain = " -> ".join(name for _, name in keys)
            raise at.fail(
                RuleNameError,
                f"variables depend on each other in a cycle: {chain} -> {keys[0][1]}",
                code="cycle",
                node=node,
            )
        finally:
            at.text, at.where, at.rule_id = saved

    def too_deep(self, key: VariableKey, depth: int) -> None:
        """Refuse a variable at the end of a chain longer than MAX_VARIABLE_DEPTH."""
        _, path = self.var_specs[key[0]][key[1]]
        raise self.at.fail(
            RuleSyntaxError,
            f"variable {key[1]!r} is computed from a chain of {depth} variables each using "
            f"the next; at most {MAX_VARIABLE_DEPTH} are allowed",
            code="too_deep",
            path=path,
            rule_id=f"variables.{key[0]}.{key[1]}",
        )


# -- messages --------------------------------------------------------------------------------
def placeholders(declared: Declarations, at: Locator, scope: str) -> dict[str, tuple[str, ...]]:
    """The names each rule's message and description use as ``{placeholders}``, by rule id.

    Raises:
        RuleNameError: a placeholder names no parameter, field or variable of *scope*.
    """
    spec = declared.spec
    allowed = {
        k: v
        for k, v in declared.visible("household" if scope == "household" else "subject").items()
        if k != "at"
    }
    allowed["at"] = "the reference date"
    found: dict[str, tuple[str, ...]] = {}
    for group, items in (("conditions", spec.conditions), ("exclusions", spec.exclusions)):
        for index, rspec in enumerate(items):
            names: list[str] = []
            for field in ("message", "description"):
                text: Bilingual = getattr(rspec, field)
                for lang in ("id", "en"):
                    path: Path = (group, index, field, lang)
                    rule_id = f"{group}.{rspec.id}"
                    for match in _PLACEHOLDER.finditer(getattr(text, lang)):
                        name = match.group(1)
                        if name not in allowed:
                            raise at.fail(
                                RuleNameError,
                                f"unknown placeholder {{{name}}} in a message; placeholders "
                                "name parameters, fields or variables",
                                code="unknown_placeholder",
                                path=path,
                                rule_id=rule_id,
                                hint=close(name, allowed),
                            )
                        if name not in names:
                            names.append(name)
            found[rspec.id] = tuple(names)
    return found
