"""Load-time checks and compilation of a rule file into typed expressions.

Everything that can be wrong with a rule file is found here, before any data is seen:
unknown names (with a "did you mean" hint), wrong types (a date compared with a number),
constant division by zero, unknown keyword values (``jenjang_sekolah == "SMK"``
is accepted as an alias; ``"SMU"`` is not), dependency cycles, undeclared references,
and the resource limits of :mod:`~bansos_validate.rules._limits` (rules, variables,
components, chains of variables, parts of all expressions together). Variables are
ordered by their dependencies without recursion, then checked in that order. Errors
carry the file, line and column and the position inside the expression.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import attrs
from pydantic import ValidationError

from bansos_validate.rules import _ast as a
from bansos_validate.rules import _ir as ir
from bansos_validate.rules._errors import (
    RuleFileError,
    RuleNameError,
    RuleSyntaxError,
    RuleTypeError,
)
from bansos_validate.rules._fields import (
    CANONICAL,
    FieldKind,
    FieldSpec,
    date_to_int,
    is_missing,
    normalise_keyword,
    read_value,
)
from bansos_validate.rules._lexer import KEYWORDS
from bansos_validate.rules._limits import (
    MAX_COMPONENTS,
    MAX_FILE_NODES,
    MAX_RULES,
    MAX_VARIABLE_DEPTH,
    MAX_VARIABLES,
)
from bansos_validate.rules._model import (
    Component,
    Message,
    Parameter,
    ParameterValue,
    Reference,
    Rule,
    Variable,
)
from bansos_validate.rules._parser import AGGREGATES, parse_sized
from bansos_validate.rules._schema import (
    Bilingual,
    ComponentSpec,
    FieldDecl,
    RuleFileSpec,
    RuleSpec,
    VariableSpec,
)
from bansos_validate.rules._typecheck import Type
from bansos_validate.rules._yaml import schema_error

if TYPE_CHECKING:
    from bansos_validate.rules._yaml import SourceMap

__all__ = ["Compiled", "compile_file"]

MAX_EXPONENT = 10
MAX_CONSTANT = 1e18

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
RESERVED = frozenset({"at", *KEYWORDS, *FUNCTIONS, *AGGREGATES, "no_kk", "nik"})
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


Path = tuple[str | int, ...]


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


def _message(text: Bilingual | None) -> Message | None:
    return None if text is None else Message(text.id, text.en)


def _close(name: str, options: Iterable[str]) -> str | None:
    found = difflib.get_close_matches(name, sorted(set(options)), n=1, cutoff=0.6)
    return found[0] if found else None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


@attrs.frozen(slots=True)
class _Checked:
    node: ir.IR
    type: Type
    keyword: FieldSpec | None = None


class _Compiler:
    def __init__(self, spec: RuleFileSpec, smap: SourceMap) -> None:
        self.spec = spec
        self.smap = smap
        self.path = smap.path
        self.params: dict[str, Parameter] = {}
        self.fields: dict[str, dict[str, FieldSpec]] = {"person": {}, "household": {}}
        self.var_specs: dict[str, dict[str, tuple[VariableSpec, Path]]] = {
            "person": {},
            "household": {},
        }
        self.vars: dict[str, dict[str, Variable]] = {"person": {}, "household": {}}
        self.var_order: dict[str, list[Variable]] = {"person": [], "household": []}
        self.checking: list[tuple[str, str]] = []
        self.parsed: dict[tuple[str, str], a.Node] = {}  # variable formulas, parsed once
        self.nodes = 0  # nodes of every expression parsed so far (MAX_FILE_NODES)
        self.walks: dict[tuple[str, str], list[tuple[bool, str, str]]] = {}  # for inputs()
        # The expression being checked: its text and path in the file.
        self.text = ""
        self.where: Path = ()
        self.rule_id = ""

    # -- errors ----------------------------------------------------------------------------
    def fail(  # noqa: PLR0913 - keyword-only error details
        self,
        cls: type[RuleFileError],
        message: str,
        *,
        code: str,
        node: a.Node | None = None,
        hint: str | None = None,
        path: Path | None = None,
        rule_id: str | None = None,
    ) -> RuleFileError:
        if node is not None:
            expr_line, expr_column = _line_col(self.text, node.start)
            line, column = self.smap.expression_place(self.where, expr_line, expr_column)
            return cls(
                message,
                code=code,
                path=self.path,
                line=line,
                column=column,
                rule_id=rule_id or self.rule_id,
                expression=self.text,
                expr_line=expr_line,
                expr_column=expr_column,
                hint=hint,
            )
        place = self.smap.at(path if path is not None else self.where)
        return cls(
            message,
            code=code,
            path=self.path,
            line=place.line if place else None,
            column=place.column if place else None,
            rule_id=rule_id or self.rule_id or None,
            hint=hint,
        )

    # -- declarations ----------------------------------------------------------------------
    def check_name(self, name: str, path: Path, what: str, taken: dict[str, str]) -> None:
        if not _NAME.match(name):
            raise self.fail(
                RuleNameError,
                f"{what} name {name!r} must be lower-case letters, digits and '_', "
                "starting with a letter",
                code="bad_name",
                path=path,
            )
        if name in RESERVED:
            raise self.fail(
                RuleNameError,
                f"{what} name {name!r} is reserved by the rule language",
                code="reserved_name",
                path=path,
            )
        if name in taken:
            raise self.fail(
                RuleNameError,
                f"{what} name {name!r} is already used by a {taken[name]}",
                code="duplicate_name",
                path=path,
            )
        taken[name] = what

    def reference(self, key: str | None, path: Path) -> str | None:
        if key is None:
            return None
        if key not in self.spec.references:
            raise self.fail(
                RuleNameError,
                f"unknown reference {key!r}; references must be keys of 'references'",
                code="unknown_reference",
                path=path,
                hint=_close(key, self.spec.references),
            )
        return key

    def build_fields(self, taken: dict[str, str]) -> None:
        for entity in ("person", "household"):
            declared: Mapping[str, FieldDecl] = getattr(self.spec.entities, entity)
            for name, decl in declared.items():
                path: Path = ("entities", entity, name)
                if name != "no_kk" and not (entity == "person" and name == "nik"):
                    self.check_name(name, path, f"{entity} field", taken)
                self.fields[entity][name] = self.field_spec(entity, name, decl, path)

    def field_spec(self, entity: str, name: str, decl: FieldDecl, path: Path) -> FieldSpec:
        canonical = CANONICAL[entity].get(name)
        kind: FieldKind = decl.type
        if canonical is not None:
            if canonical.kind != kind:
                raise self.fail(
                    RuleTypeError,
                    f"{name!r} is a canonical {entity} column of type {canonical.kind!r}, "
                    f"not {kind!r}",
                    code="field_type",
                    path=(*path, "type"),
                )
            if decl.values is not None or decl.aliases is not None or decl.strict is not None:
                raise self.fail(
                    RuleTypeError,
                    f"{name!r} is a canonical column: its values and aliases are fixed",
                    code="field_values",
                    path=path,
                )
            base = canonical
        else:
            if kind != "keyword" and (decl.values or decl.aliases or decl.strict):
                raise self.fail(
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
                    normalise_keyword(k): normalise_keyword(v)
                    for k, v in (decl.aliases or {}).items()
                },
                strict=bool(decl.strict),
            )
        minimum = base.minimum if decl.min is None else float(decl.min)
        maximum = base.maximum if decl.max is None else float(decl.max)
        spec = attrs.evolve(base, minimum=minimum, maximum=maximum, default=None, required=True)
        if decl.default is not None and decl.required:
            raise self.fail(
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
                raise self.fail(
                    RuleTypeError,
                    f"the default {decl.default!r} is not a valid {kind} value",
                    code="bad_default",
                    path=(*path, "default"),
                )
            spec = attrs.evolve(spec, default=default, required=False)
        elif decl.required is False:
            spec = attrs.evolve(spec, required=False)
        return spec

    def build_parameters(self, taken: dict[str, str]) -> None:
        for name, pspec in self.spec.parameters.items():
            path: Path = ("parameters", name)
            self.check_name(name, path, "parameter", taken)
            values: list[ParameterValue] = []
            ptype: Type | None = None
            for since in sorted(pspec.values):
                item = pspec.values[since]
                vpath: Path = (*path, "values", since.isoformat())
                self.reference(item.reference, (*vpath, "reference"))
                vtype = self.value_type(item.value, (*vpath, "value"))
                if ptype is None:
                    ptype = vtype
                elif vtype != ptype and Type.EMPTY_LIST not in (vtype, ptype):
                    raise self.fail(
                        RuleTypeError,
                        f"parameter {name!r} changes type over time ({ptype} then {vtype})",
                        code="parameter_type",
                        path=(*vpath, "value"),
                    )
                elif ptype is Type.EMPTY_LIST:
                    ptype = vtype
                value = tuple(item.value) if isinstance(item.value, list) else item.value
                values.append(
                    ParameterValue(since, value, item.reference, _message(item.unconfirmed))
                )
            assert ptype is not None  # noqa: S101 - pydantic requires one value at least
            self.params[name] = Parameter(
                name,
                ptype.value,
                Message(pspec.description.id, pspec.description.en),
                pspec.unit,
                tuple(values),
                _message(pspec.unconfirmed),
            )

    def value_type(self, value: object, path: Path) -> Type:
        if isinstance(value, list):
            types = {self.value_type(v, path) for v in value}
            if len(types) > 1:
                raise self.fail(
                    RuleTypeError,
                    "a list parameter must hold values of one type",
                    code="parameter_type",
                    path=path,
                )
            if any(t.is_list for t in types):
                raise self.fail(
                    RuleTypeError, "lists cannot be nested", code="parameter_type", path=path
                )
            return Type.list_of(types.pop()) if types else Type.EMPTY_LIST
        if isinstance(value, bool):
            return Type.BOOL
        if isinstance(value, int | float):
            if not math.isfinite(value) or abs(value) > MAX_CONSTANT:
                raise self.fail(
                    RuleTypeError, "the number is too large", code="number_too_large", path=path
                )
            return Type.NUMBER
        if isinstance(value, dt.date):
            return Type.DATE
        return Type.TEXT

    # -- expressions -----------------------------------------------------------------------
    def parse(self, text: str | int, path: Path, rule_id: str) -> a.Node:
        """Parse an expression of the file (errors located); count it in the file's budget."""
        source = str(text)
        try:
            node, size = parse_sized(source)
        except RuleSyntaxError as exc:
            line, column = self.smap.expression_place(path, exc.expr_line, exc.expr_column)
            raise RuleSyntaxError(
                exc.message,
                code=exc.code,
                path=self.path,
                line=line,
                column=column,
                rule_id=rule_id,
                expression=exc.expression,
                expr_line=exc.expr_line,
                expr_column=exc.expr_column,
                hint=exc.hint,
            ) from None
        self.nodes += size
        if self.nodes > MAX_FILE_NODES:
            raise self.fail(
                RuleSyntaxError,
                f"the expressions of the file have more than {MAX_FILE_NODES:,} parts "
                "(names, values, operators) in all",
                code="too_large",
                path=path,
                rule_id=rule_id,
            )
        return node

    def expression(
        self,
        text: str | int,
        path: Path,
        scope: str,
        rule_id: str,
        parsed: a.Node | None = None,
    ) -> tuple[a.Node, _Checked]:
        source = str(text)
        saved = (self.text, self.where, self.rule_id)
        self.text, self.where, self.rule_id = source, path, rule_id
        try:
            node = parsed if parsed is not None else self.parse(source, path, rule_id)
            return node, self.check(node, scope)
        finally:
            self.text, self.where, self.rule_id = saved

    def visible(self, scope: str) -> dict[str, str]:
        """Names visible in ``scope``, with what they are."""
        out: dict[str, str] = {"at": "the reference date"}
        out.update(dict.fromkeys(self.params, "parameter"))
        entities = ("person", "household") if scope == "subject" else (scope,)
        for entity in entities:
            out.update(dict.fromkeys(self.fields[entity], f"{entity} field"))
            out.update(dict.fromkeys(self.var_specs[entity], f"{entity} variable"))
        out.pop("no_kk", None)
        out.pop("nik", None)
        return out

    def resolve(self, node: a.Name, scope: str) -> _Checked:
        name = node.id
        if name == "at":
            return _Checked(ir.At(), Type.DATE)
        if name in self.params:
            ptype = Type(self.params[name].type)
            return _Checked(ir.Param(name, ptype), ptype)
        entities = ("person", "household") if scope == "subject" else (scope,)
        for entity in entities:
            if name in self.fields[entity] and name not in ("no_kk", "nik"):
                spec = self.fields[entity][name]
                kw = spec if spec.kind == "keyword" else None
                return _Checked(
                    ir.Field(entity, name, Type.of_kind(spec.kind)), Type.of_kind(spec.kind), kw
                )
            if name in self.var_specs[entity]:
                var = self.variable(entity, name, node)
                keyword = None
                if isinstance(var.ir, ir.Field):
                    fspec = self.fields[var.ir.entity][var.ir.name]
                    keyword = fspec if fspec.kind == "keyword" else None
                vtype = Type(var.type)
                return _Checked(ir.Var(entity, name, vtype), vtype, keyword)
        # Not visible here: explain why.
        for entity in ("person", "household"):
            if name in self.fields[entity] or name in self.var_specs[entity]:
                if scope == "household" and entity == "person":
                    reason = (
                        f"{name!r} is a person value; use it inside count(...), sum(...), "
                        "any(...) or all(...) over members"
                    )
                else:
                    reason = f"{name!r} is a {entity} value and cannot be used in {scope} scope"
                raise self.fail(RuleNameError, reason, code="wrong_scope", node=node)
        if name in FUNCTIONS or name in AGGREGATES:
            raise self.fail(
                RuleNameError,
                f"{name!r} is a function; call it with (...)",
                code="not_a_value",
                node=node,
            )
        raise self.fail(
            RuleNameError,
            f"unknown name {name!r}",
            code="unknown_name",
            node=node,
            hint=_close(name, self.visible(scope)),
        )

    def variable(self, entity: str, name: str, node: a.Node | None = None) -> Variable:
        done = self.vars[entity].get(name)
        if done is not None:
            return done
        if (entity, name) in self.checking:
            cycle = " -> ".join(n for _, n in self.checking[self.checking.index((entity, name)) :])
            raise self.fail(
                RuleNameError,
                f"variables depend on each other in a cycle: {cycle} -> {name}",
                code="cycle",
                node=node,
            )
        vspec, path = self.var_specs[entity][name]
        self.checking.append((entity, name))
        try:
            expr, checked = self.expression(
                vspec.formula,
                path,
                entity,
                f"variables.{entity}.{name}",
                self.parsed.get((entity, name)),
            )
        finally:
            self.checking.pop()
        if checked.type.is_list:
            raise self.fail(
                RuleTypeError, "a variable cannot be a list", code="type_mismatch", path=path
            )
        var = Variable(
            name, entity, expr, checked.node, checked.type.value, _message(vspec.description)
        )
        self.vars[entity][name] = var
        self.var_order[entity].append(var)
        return var

    def expect(self, checked: _Checked, want: Type, node: a.Node, what: str) -> None:
        if checked.type != want:
            raise self.fail(
                RuleTypeError,
                f"{what} must be {want.article()}, not {checked.type.article()} ({node})",
                code="type_mismatch",
                node=node,
            )

    def check(self, node: a.Node, scope: str) -> _Checked:  # noqa: PLR0912 - one per node type
        if isinstance(node, a.Number):
            return _Checked(ir.Const(float(node.value), Type.NUMBER), Type.NUMBER)
        if isinstance(node, a.Text):
            return _Checked(ir.Const(node.value, Type.TEXT), Type.TEXT)
        if isinstance(node, a.Bool):
            return _Checked(ir.Const(node.value, Type.BOOL), Type.BOOL)
        if isinstance(node, a.Name):
            return self.resolve(node, scope)
        if isinstance(node, a.ListLit):
            raise self.fail(
                RuleTypeError,
                "a list can only be used on the right of 'in'",
                code="type_mismatch",
                node=node,
            )
        if isinstance(node, a.Unary):
            operand = self.check(node.operand, scope)
            self.expect(operand, Type.NUMBER, node.operand, "the operand of '-'")
            if isinstance(operand.node, ir.Const):
                return self.constant(-float(_num(operand.node.value)), node)
            return _Checked(ir.Neg(operand.node), Type.NUMBER)
        if isinstance(node, a.Binary):
            return self.arithmetic(node, scope)
        if isinstance(node, a.Compare):
            return self.compare(node, scope)
        if isinstance(node, a.In):
            return self.membership(node, scope)
        if isinstance(node, a.Not):
            operand = self.check(node.operand, scope)
            self.expect(operand, Type.BOOL, node.operand, "the operand of 'not'")
            return _Checked(ir.Not(operand.node), Type.BOOL)
        if isinstance(node, a.Logical):
            left = self.check(node.left, scope)
            right = self.check(node.right, scope)
            self.expect(left, Type.BOOL, node.left, f"the left side of {node.op!r}")
            self.expect(right, Type.BOOL, node.right, f"the right side of {node.op!r}")
            cls = ir.And if node.op == "and" else ir.Or
            return _Checked(cls(left.node, right.node), Type.BOOL)
        if isinstance(node, a.IfElse):
            cond = self.check(node.condition, scope)
            self.expect(cond, Type.BOOL, node.condition, "the condition of 'if'")
            then = self.check(node.then, scope)
            other = self.check(node.otherwise, scope)
            if then.type != other.type or then.type.is_list:
                raise self.fail(
                    RuleTypeError,
                    f"both branches of 'if' must have the same type ({then.type} and {other.type})",
                    code="type_mismatch",
                    node=node.otherwise,
                )
            return _Checked(ir.If(cond.node, then.node, other.node, then.type), then.type)
        if isinstance(node, a.Call):
            return self.call(node, scope)
        if isinstance(node, a.Aggregate):
            return self.aggregate(node, scope)
        raise self.fail(
            RuleSyntaxError, "unsupported expression", code="syntax", node=node
        )  # pragma: no cover

    def constant(self, value: float, node: a.Node) -> _Checked:
        if not math.isfinite(value) or abs(value) > MAX_CONSTANT:
            raise self.fail(
                RuleTypeError,
                "the constant is too large",
                code="number_too_large",
                node=node,
            )
        return _Checked(ir.Const(value, Type.NUMBER), Type.NUMBER)

    def arithmetic(self, node: a.Binary, scope: str) -> _Checked:
        left = self.check(node.left, scope)
        self.expect(left, Type.NUMBER, node.left, f"the left side of {node.op!r}")
        if node.op == "**":
            exponent = self.check(node.right, scope)
            value = exponent.node.value if isinstance(exponent.node, ir.Const) else None
            if not (isinstance(value, float) and value.is_integer() and 0 <= value <= MAX_EXPONENT):
                raise self.fail(
                    RuleTypeError,
                    f"the exponent of '**' must be a whole constant from 0 to {MAX_EXPONENT}",
                    code="bad_exponent",
                    node=node.right,
                )
            if isinstance(left.node, ir.Const):
                result = 1.0
                for _ in range(int(value)):
                    result *= _num(left.node.value)
                return self.constant(result, node)
            return _Checked(ir.Pow(left.node, int(value)), Type.NUMBER)
        right = self.check(node.right, scope)
        self.expect(right, Type.NUMBER, node.right, f"the right side of {node.op!r}")
        if node.op == "/":
            self.check_divisor(right, node.right)
        if isinstance(left.node, ir.Const) and isinstance(right.node, ir.Const):
            lv, rv = _num(left.node.value), _num(right.node.value)
            folded = {"+": lv + rv, "-": lv - rv, "*": lv * rv}.get(node.op)
            return self.constant(lv / rv if folded is None else folded, node)
        return _Checked(ir.Arith(node.op, left.node, right.node), Type.NUMBER)

    def check_divisor(self, right: _Checked, node: a.Node) -> None:
        if isinstance(right.node, ir.Const) and right.node.value == 0:
            raise self.fail(RuleTypeError, "division by zero", code="division_by_zero", node=node)
        if isinstance(right.node, ir.Param):
            for item in self.params[right.node.name].values:
                if item.value == 0:
                    raise self.fail(
                        RuleTypeError,
                        f"division by zero: parameter {right.node.name!r} is 0 from "
                        f"{item.since.isoformat()}",
                        code="division_by_zero",
                        node=node,
                    )

    def keyword_literal(self, spec: FieldSpec, value: str, node: a.Node) -> str:
        text = normalise_keyword(value)
        text = spec.aliases.get(text, text)
        if spec.values and text not in spec.values:
            labels = [spec.labels.get(v, v) for v in spec.values]
            hint = _close(value.upper(), labels)
            raise self.fail(
                RuleNameError,
                f"{value!r} is not a known value of {spec.name!r} (known: {', '.join(labels)})",
                code="unknown_value",
                node=node,
                hint=hint,
            )
        return text

    def keyword_param(self, spec: FieldSpec, param: str, node: a.Node) -> None:
        for item in self.params[param].values:
            values = item.value if isinstance(item.value, tuple) else (item.value,)
            for value in values:
                self.keyword_literal(spec, str(value), node)

    def compare(self, node: a.Compare, scope: str) -> _Checked:
        left = self.check(node.left, scope)
        right = self.check(node.right, scope)
        if left.type != right.type or left.type.is_list:
            raise self.fail(
                RuleTypeError,
                f"cannot compare {left.type.article()} with {right.type.article()} ({node})",
                code="type_mismatch",
                node=node,
            )
        if left.type in (Type.TEXT, Type.BOOL) and node.op not in ("==", "!="):
            raise self.fail(
                RuleTypeError,
                f"{left.type} values can only be compared with == or !=",
                code="type_mismatch",
                node=node,
            )
        lnode, rnode = left.node, right.node
        spec = left.keyword or right.keyword
        if spec is not None:
            if isinstance(lnode, ir.Const) and isinstance(lnode.value, str):
                lnode = ir.Const(self.keyword_literal(spec, lnode.value, node.left), Type.TEXT)
            if isinstance(rnode, ir.Const) and isinstance(rnode.value, str):
                rnode = ir.Const(self.keyword_literal(spec, rnode.value, node.right), Type.TEXT)
            for side, other in ((lnode, node.left), (rnode, node.right)):
                if isinstance(side, ir.Param):
                    self.keyword_param(spec, side.name, other)
        keyword = spec is not None and (isinstance(lnode, ir.Param) or isinstance(rnode, ir.Param))
        return _Checked(ir.Cmp(node.op, lnode, rnode, keyword), Type.BOOL)

    def membership(self, node: a.In, scope: str) -> _Checked:
        item = self.check(node.item, scope)
        if item.type.is_list:
            raise self.fail(
                RuleTypeError,
                "the left side of 'in' cannot be a list",
                code="type_mismatch",
                node=node.item,
            )
        options: tuple[object, ...] | ir.Param
        keyword = False
        if isinstance(node.options, a.ListLit):
            values: list[object] = []
            for option in node.options.items:
                checked = self.check(option, scope)
                if not isinstance(checked.node, ir.Const):
                    raise self.fail(
                        RuleTypeError,
                        "the items of a list must be constants",
                        code="type_mismatch",
                        node=option,
                    )
                if checked.type != item.type:
                    raise self.fail(
                        RuleTypeError,
                        f"cannot look for {item.type.article()} in a list of {checked.type} values",
                        code="type_mismatch",
                        node=option,
                    )
                value = checked.node.value
                if item.keyword is not None and isinstance(value, str):
                    value = self.keyword_literal(item.keyword, value, option)
                values.append(value)
            options = tuple(values)
        else:
            checked = self.check(node.options, scope)
            if not isinstance(checked.node, ir.Param) or not checked.type.is_list:
                raise self.fail(
                    RuleTypeError,
                    "the right side of 'in' must be a list [...] or a list parameter",
                    code="type_mismatch",
                    node=node.options,
                )
            if checked.type != Type.list_of(item.type):
                raise self.fail(
                    RuleTypeError,
                    f"cannot look for {item.type.article()} in a {checked.type} parameter",
                    code="type_mismatch",
                    node=node,
                )
            if item.keyword is not None:
                self.keyword_param(item.keyword, checked.node.name, node.options)
                keyword = True
            options = checked.node
        return _Checked(ir.Member(item.node, options, node.negated, keyword), Type.BOOL)

    def call(self, node: a.Call, scope: str) -> _Checked:  # noqa: PLR0912 - one per function
        name = node.func
        if name not in FUNCTIONS:
            raise self.fail(
                RuleNameError,
                f"unknown function {name!r}",
                code="unknown_function",
                node=node,
                hint=_close(name, (*FUNCTIONS, *AGGREGATES)),
            )
        if name == "date":
            return self.date_call(node)
        args = [self.check(arg, scope) for arg in node.args]
        arity = {
            "age": 2,
            "year": 1,
            "month": 1,
            "day": 1,
            "abs": 1,
            "is_missing": 1,
            "is_desa": 1,
        }
        if name in arity and len(args) != arity[name]:
            raise self.fail(
                RuleTypeError,
                f"{name}() takes {arity[name]} argument{'s' if arity[name] > 1 else ''}, "
                f"not {len(args)}",
                code="arity",
                node=node,
            )
        if name in ("min", "max", "coalesce") and len(args) < 2:
            raise self.fail(
                RuleTypeError,
                f"{name}() takes two or more arguments (for members use "
                f"sum/count/any/all over members)",
                code="arity",
                node=node,
            )
        nodes = tuple(c.node for c in args)
        if name == "age":
            for arg, src in zip(args, node.args, strict=True):
                self.expect(arg, Type.DATE, src, "an argument of age()")
            return _Checked(ir.Fn(name, nodes, Type.NUMBER), Type.NUMBER)
        if name in ("year", "month", "day"):
            self.expect(args[0], Type.DATE, node.args[0], f"the argument of {name}()")
            return _Checked(ir.Fn(name, nodes, Type.NUMBER), Type.NUMBER)
        if name in ("abs", "min", "max"):
            for arg, src in zip(args, node.args, strict=True):
                self.expect(arg, Type.NUMBER, src, f"an argument of {name}()")
            return _Checked(ir.Fn(name, nodes, Type.NUMBER), Type.NUMBER)
        if name == "is_desa":
            self.expect(args[0], Type.TEXT, node.args[0], "the argument of is_desa()")
            return _Checked(ir.Fn(name, nodes, Type.BOOL), Type.BOOL)
        if name == "is_missing":
            if args[0].type.is_list:
                raise self.fail(
                    RuleTypeError,
                    "is_missing() takes a value, not a list",
                    code="type_mismatch",
                    node=node,
                )
            return _Checked(ir.Fn(name, nodes, Type.BOOL), Type.BOOL)
        # coalesce
        first = args[0]
        for arg, src in zip(args[1:], node.args[1:], strict=True):
            if arg.type != first.type:
                raise self.fail(
                    RuleTypeError,
                    f"the arguments of coalesce() must have one type ({first.type} and {arg.type})",
                    code="type_mismatch",
                    node=src,
                )
        if first.type.is_list:
            raise self.fail(
                RuleTypeError, "coalesce() takes values, not lists", code="type_mismatch", node=node
            )
        return _Checked(ir.Fn(name, nodes, first.type), first.type)

    def date_call(self, node: a.Call) -> _Checked:
        args = node.args
        if len(args) == 1 and isinstance(args[0], a.Text):
            text = args[0].value
            try:
                value = dt.date.fromisoformat(text)
            except ValueError:
                value = None
            if value is None or len(text) != 10:
                raise self.fail(
                    RuleTypeError,
                    f"date() needs an ISO date 'YYYY-MM-DD', not {text!r}",
                    code="bad_date",
                    node=args[0],
                )
            return _Checked(ir.Const(date_to_int(value), Type.DATE), Type.DATE)
        if len(args) == 3 and all(isinstance(x, a.Number) for x in args):
            parts = [x.value for x in args if isinstance(x, a.Number)]
            try:
                value = dt.date(*(int(p) for p in parts))
            except (ValueError, OverflowError):
                value = None
            if value is None or any(not float(p).is_integer() for p in parts):
                raise self.fail(
                    RuleTypeError, "date() is not a calendar date", code="bad_date", node=node
                )
            return _Checked(ir.Const(date_to_int(value), Type.DATE), Type.DATE)
        raise self.fail(
            RuleTypeError,
            "date() takes one ISO text 'YYYY-MM-DD' or three whole numbers (year, month, day)",
            code="bad_date",
            node=node,
        )

    def aggregate(self, node: a.Aggregate, scope: str) -> _Checked:
        if scope != "household":
            raise self.fail(
                RuleNameError,
                f"{node.func}(... members ...) can only be used in household expressions"
                + ("; define a household variable and use it here" if scope == "subject" else ""),
                code="wrong_scope",
                node=node,
            )
        value = None if node.value is None else self.check(node.value, "person")
        where = None if node.where is None else self.check(node.where, "person")
        if where is not None:
            self.expect(where, Type.BOOL, node.where or node, "the filter after 'where'")
        where_ir = None if where is None else where.node
        if node.func == "count":
            if value is not None:
                raise self.fail(
                    RuleTypeError,
                    "count() counts members: write count(members where ...)",
                    code="type_mismatch",
                    node=node.value,
                )
            return _Checked(ir.Agg("count", None, where_ir, Type.NUMBER), Type.NUMBER)
        if node.func == "sum":
            if value is None:
                raise self.fail(
                    RuleTypeError,
                    "sum() needs a value: write sum(x for members where ...)",
                    code="type_mismatch",
                    node=node,
                )
            self.expect(value, Type.NUMBER, node.value or node, "the value summed by sum()")
            return _Checked(ir.Agg("sum", value.node, where_ir, Type.NUMBER), Type.NUMBER)
        if value is not None:
            self.expect(value, Type.BOOL, node.value or node, f"the value of {node.func}()")
        return _Checked(
            ir.Agg(node.func, None if value is None else value.node, where_ir, Type.BOOL), Type.BOOL
        )

    # -- rules -----------------------------------------------------------------------------
    def inputs(self, node: ir.IR) -> tuple[str, ...]:
        """The input fields a rule reads, through its variables too (in a stable order).

        Each variable's fields and variables are listed once (``self.walks``), so a file
        with many rules over many variables is not walked again for every rule.
        """
        found: dict[str, None] = {}
        seen: set[tuple[str, str]] = set()
        stack: list[list[tuple[bool, str, str]]] = [_references(node)]
        while stack:
            for is_field, entity, name in stack.pop():
                if is_field:
                    found.setdefault(name)
                elif (entity, name) not in seen:
                    seen.add((entity, name))
                    walk = self.walks.get((entity, name))
                    if walk is None:
                        walk = _references(self.vars[entity][name].ir)
                        self.walks[(entity, name)] = walk
                    stack.append(walk)
        return tuple(found)

    def rule(
        self, kind: str, index: int, rspec: RuleSpec, scope: str, taken: dict[str, str]
    ) -> Rule:
        group = "conditions" if kind == "condition" else "exclusions"
        path: Path = (group, index)
        self.check_name(rspec.id, (*path, "id"), "rule", taken)
        self.reference(rspec.reference, (*path, "reference"))
        expr, checked = self.expression(rspec.rule, (*path, "rule"), scope, f"{group}.{rspec.id}")
        if checked.type != Type.BOOL:
            raise self.fail(
                RuleTypeError,
                f"a rule must be true or false, not {checked.type.article()}",
                code="type_mismatch",
                path=(*path, "rule"),
                rule_id=f"{group}.{rspec.id}",
            )
        return Rule(
            rspec.id,
            "condition" if kind == "condition" else "exclusion",
            expr,
            checked.node,
            Message(rspec.description.id, rspec.description.en),
            Message(rspec.message.id, rspec.message.en),
            rspec.reference,
            _message(rspec.unconfirmed),
            rspec.from_,
            rspec.until,
            self.inputs(checked.node),
        )

    def component(
        self, index: int, cspec: ComponentSpec, scope: str, taken: dict[str, str]
    ) -> Component:
        path: Path = ("benefit", "components", index)
        self.check_name(cspec.id, (*path, "id"), "component", taken)
        self.reference(cspec.reference, (*path, "reference"))
        rid = f"benefit.{cspec.id}"
        units_expr, units = self.expression(cspec.units, (*path, "units"), scope, rid)
        amount_expr, amount = self.expression(cspec.amount, (*path, "amount"), scope, rid)
        for checked, part in ((units, "units"), (amount, "amount")):
            if checked.type != Type.NUMBER:
                raise self.fail(
                    RuleTypeError,
                    f"the {part} of a component must be a number, not {checked.type.article()}",
                    code="type_mismatch",
                    path=(*path, part),
                    rule_id=rid,
                )
        return Component(
            cspec.id,
            Message(cspec.description.id, cspec.description.en),
            units_expr,
            units.node,
            amount_expr,
            amount.node,
            cspec.reference,
            _message(cspec.unconfirmed),
            cspec.from_,
            cspec.until,
        )

    def placeholders(self, text: str, path: Path, scope: str, rule_id: str) -> tuple[str, ...]:
        names: list[str] = []
        allowed = {
            k: v
            for k, v in self.visible("household" if scope == "household" else "subject").items()
            if k != "at"
        }
        allowed["at"] = "the reference date"
        for match in _PLACEHOLDER.finditer(text):
            name = match.group(1)
            if name not in allowed:
                raise self.fail(
                    RuleNameError,
                    f"unknown placeholder {{{name}}} in a message; placeholders name "
                    "parameters, fields or variables",
                    code="unknown_placeholder",
                    path=path,
                    rule_id=rule_id,
                    hint=_close(name, allowed),
                )
            if name not in names:
                names.append(name)
        return tuple(names)

    def check_counts(self) -> None:
        """Refuse a file with more variables, rules or components than the limits allow."""
        spec = self.spec
        variables = [
            ("variables", entity, name)
            for entity in ("person", "household")
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
                raise self.fail(
                    RuleSyntaxError,
                    f"the file has {len(found)} {what}; at most {limit} are allowed",
                    code=code,
                    path=found[limit],
                )

    def variable_order(self) -> list[tuple[str, str]]:
        """Every variable after the variables it uses; refuse cycles and long chains.

        The formulas are parsed and their references followed without recursion, so a
        chain of thousands of variables (in any order in the file) costs no stack, and
        each variable is then checked once the variables it uses are.
        """
        refs: dict[tuple[str, str], list[tuple[tuple[str, str], a.Name]]] = {}
        for entity in ("person", "household"):
            for name, (vspec, path) in self.var_specs[entity].items():
                node = self.parse(vspec.formula, path, f"variables.{entity}.{name}")
                self.parsed[(entity, name)] = node
                refs[(entity, name)] = self.references(node, entity)
        order: list[tuple[str, str]] = []
        depth: dict[tuple[str, str], int] = {}
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

    def references(self, node: a.Node, scope: str) -> list[tuple[tuple[str, str], a.Name]]:
        """The variables an expression of ``scope`` uses, in the order they are checked."""
        found: list[tuple[tuple[str, str], a.Name]] = []
        stack: list[tuple[a.Node, str]] = [(node, scope)]
        while stack:
            current, where = stack.pop()
            if isinstance(current, a.Name):
                entities = ("person", "household") if where == "subject" else (where,)
                for entity in entities:
                    if current.id in self.var_specs[entity] and current.id not in self.params:
                        found.append(((entity, current.id), current))
                        break
                continue
            inner = "person" if isinstance(current, a.Aggregate) else where
            stack.extend((child, inner) for child in reversed(current.children()))
        return found

    def cycle(self, keys: list[tuple[str, str]], last: tuple[str, str], node: a.Name) -> None:
        """Refuse variables that depend on each other (located at the reference closing it)."""
        vspec, path = self.var_specs[last[0]][last[1]]
        saved = (self.text, self.where, self.rule_id)
        self.text, self.where = str(vspec.formula), path
        self.rule_id = f"variables.{last[0]}.{last[1]}"
        try:
            chain = " -> ".join(name for _, name in keys)
            raise self.fail(
                RuleNameError,
                f"variables depend on each other in a cycle: {chain} -> {keys[0][1]}",
                code="cycle",
                node=node,
            )
        finally:
            self.text, self.where, self.rule_id = saved

    def too_deep(self, key: tuple[str, str], depth: int) -> None:
        """Refuse a variable at the end of a chain longer than MAX_VARIABLE_DEPTH."""
        _, path = self.var_specs[key[0]][key[1]]
        raise self.fail(
            RuleSyntaxError,
            f"variable {key[1]!r} is computed from a chain of {depth} variables each using "
            f"the next; at most {MAX_VARIABLE_DEPTH} are allowed",
            code="too_deep",
            path=path,
            rule_id=f"variables.{key[0]}.{key[1]}",
        )

    def run(self) -> Compiled:  # noqa: PLR0912 - the file's sections, in order
        spec = self.spec
        taken: dict[str, str] = {}
        self.check_counts()
        for key in spec.references:
            if not _NAME.match(key):
                raise self.fail(
                    RuleNameError,
                    f"reference key {key!r} must be lower-case letters, digits and '_'",
                    code="bad_name",
                    path=("references", key),
                )
        self.build_parameters(taken)
        self.build_fields(taken)
        for entity in ("person", "household"):
            for name, raw in getattr(spec.variables, entity).items():
                path: Path = ("variables", entity, name)
                self.check_name(name, path, f"{entity} variable", taken)
                vspec = raw if isinstance(raw, VariableSpec) else VariableSpec(formula=raw)
                if isinstance(raw, VariableSpec):
                    self.reference(raw.reference, (*path, "reference"))
                    path = (*path, "formula")
                self.var_specs[entity][name] = (vspec, path)
        for entity, name in self.variable_order():
            self.variable(entity, name)
        scope = "household" if spec.unit == "household" else "subject"
        subjects_ir: ir.IR | None = None
        subjects_expr: a.Node | None = None
        if spec.subjects is not None:
            if spec.unit != "person":
                raise self.fail(
                    RuleTypeError,
                    "'subjects' is only for person programs (unit: person)",
                    code="subjects",
                    path=("subjects",),
                )
            subjects_expr, checked = self.expression(
                spec.subjects, ("subjects",), "subject", "subjects"
            )
            if checked.type != Type.BOOL:
                raise self.fail(
                    RuleTypeError,
                    "'subjects' must be true or false",
                    code="type_mismatch",
                    path=("subjects",),
                )
            subjects_ir = checked.node
        rule_ids: dict[str, str] = {}
        rules = [
            self.rule("condition", i, r, scope, rule_ids) for i, r in enumerate(spec.conditions)
        ]
        rules += [
            self.rule("exclusion", i, r, scope, rule_ids) for i, r in enumerate(spec.exclusions)
        ]
        if "benefit" in rule_ids:
            raise self.fail(
                RuleNameError,
                "the rule id 'benefit' is reserved",
                code="reserved_name",
                path=("conditions",),
            )
        comp_ids: dict[str, str] = {}
        components = [
            self.component(i, c, scope, comp_ids) for i, c in enumerate(spec.benefit.components)
        ]
        max_ir: ir.IR | None = None
        max_expr: a.Node | None = None
        if spec.benefit.max_units is not None:
            max_expr, checked = self.expression(
                spec.benefit.max_units, ("benefit", "max_units"), scope, "benefit.max_units"
            )
            if checked.type != Type.NUMBER:
                raise self.fail(
                    RuleTypeError,
                    "max_units must be a number",
                    code="type_mismatch",
                    path=("benefit", "max_units"),
                )
            max_ir = checked.node
        placeholders: dict[str, tuple[str, ...]] = {}
        for group, items in (("conditions", spec.conditions), ("exclusions", spec.exclusions)):
            for index, rspec in enumerate(items):
                names: list[str] = []
                for field in ("message", "description"):
                    text: Bilingual = getattr(rspec, field)
                    for lang in ("id", "en"):
                        for name in self.placeholders(
                            getattr(text, lang),
                            (group, index, field, lang),
                            scope,
                            f"{group}.{rspec.id}",
                        ):
                            if name not in names:
                                names.append(name)
                placeholders[rspec.id] = tuple(names)
        return Compiled(
            program=spec.program,
            name=Message(spec.name.id, spec.name.en),
            description=_message(spec.description),
            version=spec.version,
            unit=spec.unit,
            since=spec.effective.from_,
            until=spec.effective.until,
            references={
                k: Reference(k, r.title, r.url, r.note) for k, r in spec.references.items()
            },
            unconfirmed=tuple(Message(m.id, m.en) for m in spec.unconfirmed),
            parameters=dict(self.params),
            person_fields=dict(self.fields["person"]),
            household_fields=dict(self.fields["household"]),
            person_variables=tuple(self.var_order["person"]),
            household_variables=tuple(self.var_order["household"]),
            subjects=subjects_ir,
            subjects_expression=subjects_expr,
            rules=tuple(rules),
            components=tuple(components),
            max_units=max_ir,
            max_units_expression=max_expr,
            placeholders=placeholders,
        )


def _references(node: ir.IR) -> list[tuple[bool, str, str]]:
    """The fields (``True``) and variables (``False``) of a tree, in ``ir.walk`` order."""
    return [
        (isinstance(sub, ir.Field), sub.entity, sub.name)
        for sub in ir.walk(node)
        if isinstance(sub, ir.Field | ir.Var)
    ]


def _num(value: object) -> float:
    assert isinstance(value, int | float)  # noqa: S101 - checked by type
    return float(value)


def compile_file(data: object, smap: SourceMap) -> Compiled:
    """Validate the structure of a loaded rule file and compile it.

    Raises:
        RuleFileError: the file's structure, a name, a type or a reference is wrong.
    """
    try:
        spec = RuleFileSpec.model_validate(data)
    except ValidationError as exc:
        raise schema_error(exc, smap) from None
    return _Compiler(spec, smap).run()
