"""Stage 2 of compiling a rule file: the types of its expressions.

:class:`TypeChecker` gives every expression of the file one
:class:`~bansos_validate.rules._typecheck.Type` and refuses what has none: a date compared
with a number, ``not`` of a number, a list outside ``in``, a function with the wrong
arguments, an aggregate outside a household expression, a name not visible in the scope
(with a "did you mean" hint), a keyword value the field does not know
(``jenjang_sekolah == "SMK"`` is accepted as an alias, ``"SMU"`` is not), a constant
divisor of 0 (a parameter included) and constants beyond ``MAX_CONSTANT``.

The checked expression is given back as the typed tree of :mod:`~bansos_validate.rules._ir`
it stands for, with its constants folded and its keyword values normalised: the folded
value decides some errors (``2 ** (1 + 1)`` has a constant exponent, ``1 / (1 - 1)``
divides by zero), so checking and lowering are one walk of the syntax tree. Variables are
checked in the order of :class:`~bansos_validate.rules._declare.Declarations`, each once.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

import attrs

from bansos_validate.rules import _ast as a
from bansos_validate.rules import _ir as ir
from bansos_validate.rules._declare import FUNCTIONS, MAX_CONSTANT, Declarations, VariableKey
from bansos_validate.rules._errors import RuleNameError, RuleSyntaxError, RuleTypeError
from bansos_validate.rules._fields import FieldSpec, date_to_int, normalise_keyword
from bansos_validate.rules._locate import Locator, Path, close
from bansos_validate.rules._parser import AGGREGATES
from bansos_validate.rules._typecheck import Type

if TYPE_CHECKING:
    from bansos_validate.rules._schema import ComponentSpec, RuleFileSpec, RuleSpec

__all__ = [
    "MAX_EXPONENT",
    "Checked",
    "TypeChecker",
    "check_component",
    "check_max_units",
    "check_rule",
    "check_subjects",
]

MAX_EXPONENT = 10
"""The largest exponent of ``**`` (a whole constant)."""

_ARITY = {"age": 2, "year": 1, "month": 1, "day": 1, "abs": 1, "is_missing": 1, "is_desa": 1}


@attrs.frozen(slots=True)
class Checked:
    """A checked expression: its typed tree, its type, and the keyword field it reads.

    Attributes:
        node: the typed tree the engines run.
        type: the expression's type.
        keyword: the keyword field the expression is (directly or through a variable),
            whose values literals compared with it must be; else ``None``.
    """

    node: ir.IR
    type: Type
    keyword: FieldSpec | None = None


Expression = tuple[a.Node, Checked]
"""An expression of the file: its syntax tree and its checked form."""


def _num(value: object) -> float:
    assert isinstance(value, int | float)  # noqa: S101 - checked by type
    return float(value)


class TypeChecker:
    """Checks the expressions of one file against its declarations.

    Attributes:
        declared: the file's names.
        at: the file's locator (errors, parsing).
        variables: each variable checked so far: its formula and checked form.
        order: the variables in the order their checks completed.
    """

    def __init__(self, declared: Declarations, at: Locator) -> None:
        self.declared = declared
        self.at = at
        self.fail = at.fail
        self.variables: dict[VariableKey, Expression] = {}
        self.order: list[VariableKey] = []
        self._checking: list[VariableKey] = []
        self._calls = _Calls(self)

    # -- sections of the file ----------------------------------------------------------------
    def expression(
        self,
        text: str | int,
        path: Path,
        scope: str,
        rule_id: str,
        parsed: a.Node | None = None,
    ) -> Expression:
        """Parse (unless *parsed* is given) and check the expression at *path* in *scope*.

        *scope* is ``person``, ``household`` or ``subject`` (a person with their household).
        """
        at = self.at
        source = str(text)
        saved = (at.text, at.where, at.rule_id)
        at.text, at.where, at.rule_id = source, path, rule_id
        try:
            node = parsed if parsed is not None else at.parse(source, path, rule_id)
            return node, self.check(node, scope)
        finally:
            at.text, at.where, at.rule_id = saved

    def variable(self, entity: str, name: str, node: a.Node | None = None) -> Checked:
        """The checked formula of a variable (checked on first use)."""
        done = self.variables.get((entity, name))
        if done is not None:
            return done[1]
        if (entity, name) in self._checking:
            keys = self._checking[self._checking.index((entity, name)) :]
            cycle = " -> ".join(n for _, n in keys)
            raise self.fail(
                RuleNameError,
                f"variables depend on each other in a cycle: {cycle} -> {name}",
                code="cycle",
                node=node,
            )
        vspec, path = self.declared.var_specs[entity][name]
        self._checking.append((entity, name))
        try:
            expr, checked = self.expression(
                vspec.formula,
                path,
                entity,
                f"variables.{entity}.{name}",
                self.declared.parsed.get((entity, name)),
            )
        finally:
            self._checking.pop()
        if checked.type.is_list:
            raise self.fail(
                RuleTypeError, "a variable cannot be a list", code="type_mismatch", path=path
            )
        self.variables[(entity, name)] = (expr, checked)
        self.order.append((entity, name))
        return checked

    # -- names -------------------------------------------------------------------------------
    def resolve(self, node: a.Name, scope: str) -> Checked:
        """A name: the reference date, a parameter, a field or a variable of *scope*."""
        declared = self.declared
        name = node.id
        if name == "at":
            return Checked(ir.At(), Type.DATE)
        if name in declared.params:
            ptype = Type(declared.params[name].type)
            return Checked(ir.Param(name, ptype), ptype)
        entities = ("person", "household") if scope == "subject" else (scope,)
        for entity in entities:
            if name in declared.fields[entity] and name not in ("no_kk", "nik"):
                spec = declared.fields[entity][name]
                kw = spec if spec.kind == "keyword" else None
                ftype = Type.of_kind(spec.kind)
                return Checked(ir.Field(entity, name, ftype), ftype, kw)
            if name in declared.var_specs[entity]:
                var = self.variable(entity, name, node)
                keyword = None
                if isinstance(var.node, ir.Field):
                    fspec = declared.fields[var.node.entity][var.node.name]
                    keyword = fspec if fspec.kind == "keyword" else None
                return Checked(ir.Var(entity, name, var.type), var.type, keyword)
        raise self._not_visible(node, scope)

    def _not_visible(self, node: a.Name, scope: str) -> Exception:
        """The error for a name *scope* does not see: why it does not."""
        declared = self.declared
        name = node.id
        for entity in ("person", "household"):
            if name in declared.fields[entity] or name in declared.var_specs[entity]:
                if scope == "household" and entity == "person":
                    reason = (
                        f"{name!r} is a person value; use it inside count(...), sum(...), "
                        "any(...) or all(...) over members"
                    )
                else:
                    reason = f"{name!r} is a {entity} value and cannot be used in {scope} scope"
                return self.fail(RuleNameError, reason, code="wrong_scope", node=node)
        if name in FUNCTIONS or name in AGGREGATES:
            return self.fail(
                RuleNameError,
                f"{name!r} is a function; call it with (...)",
                code="not_a_value",
                node=node,
            )
        return self.fail(
            RuleNameError,
            f"unknown name {name!r}",
            code="unknown_name",
            node=node,
            hint=close(name, declared.visible(scope)),
        )

    # -- expressions -------------------------------------------------------------------------
    def expect(self, checked: Checked, want: Type, node: a.Node, what: str) -> None:
        """Refuse *checked* (the *what* of an expression) unless it is of type *want*."""
        if checked.type != want:
            raise self.fail(
                RuleTypeError,
                f"{what} must be {want.article()}, not {checked.type.article()} ({node})",
                code="type_mismatch",
                node=node,
            )

    def check(self, node: a.Node, scope: str) -> Checked:  # noqa: PLR0912 - one per node type
        """Check one node of the syntax tree (and its children) in *scope*."""
        if isinstance(node, a.Number):
            return Checked(ir.Const(float(node.value), Type.NUMBER), Type.NUMBER)
        if isinstance(node, a.Text):
            return Checked(ir.Const(node.value, Type.TEXT), Type.TEXT)
        if isinstance(node, a.Bool):
            return Checked(ir.Const(node.value, Type.BOOL), Type.BOOL)
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
            return Checked(ir.Neg(operand.node), Type.NUMBER)
        if isinstance(node, a.Binary):
            return self.arithmetic(node, scope)
        if isinstance(node, a.Compare):
            return self.compare(node, scope)
        if isinstance(node, a.In):
            return self.membership(node, scope)
        if isinstance(node, a.Not):
            operand = self.check(node.operand, scope)
            self.expect(operand, Type.BOOL, node.operand, "the operand of 'not'")
            return Checked(ir.Not(operand.node), Type.BOOL)
        if isinstance(node, a.Logical):
            left = self.check(node.left, scope)
            right = self.check(node.right, scope)
            self.expect(left, Type.BOOL, node.left, f"the left side of {node.op!r}")
            self.expect(right, Type.BOOL, node.right, f"the right side of {node.op!r}")
            cls = ir.And if node.op == "and" else ir.Or
            return Checked(cls(left.node, right.node), Type.BOOL)
        if isinstance(node, a.IfElse):
            return self.choice(node, scope)
        if isinstance(node, a.Call):
            return self._calls.call(node, scope)
        if isinstance(node, a.Aggregate):
            return self._calls.aggregate(node, scope)
        raise self.fail(
            RuleSyntaxError, "unsupported expression", code="syntax", node=node
        )  # pragma: no cover

    def choice(self, node: a.IfElse, scope: str) -> Checked:
        """``if c then a else b``: a true/false condition, branches of one type."""
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
        return Checked(ir.If(cond.node, then.node, other.node, then.type), then.type)

    def constant(self, value: float, node: a.Node) -> Checked:
        """A folded number, refused beyond ``MAX_CONSTANT``."""
        if not math.isfinite(value) or abs(value) > MAX_CONSTANT:
            raise self.fail(
                RuleTypeError,
                "the constant is too large",
                code="number_too_large",
                node=node,
            )
        return Checked(ir.Const(value, Type.NUMBER), Type.NUMBER)

    def arithmetic(self, node: a.Binary, scope: str) -> Checked:
        """``+ - * / **`` on numbers, folded when both sides are constants."""
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
            return Checked(ir.Pow(left.node, int(value)), Type.NUMBER)
        right = self.check(node.right, scope)
        self.expect(right, Type.NUMBER, node.right, f"the right side of {node.op!r}")
        if node.op == "/":
            self.check_divisor(right, node.right)
        if isinstance(left.node, ir.Const) and isinstance(right.node, ir.Const):
            lv, rv = _num(left.node.value), _num(right.node.value)
            folded = {"+": lv + rv, "-": lv - rv, "*": lv * rv}.get(node.op)
            return self.constant(lv / rv if folded is None else folded, node)
        return Checked(ir.Arith(node.op, left.node, right.node), Type.NUMBER)

    def check_divisor(self, right: Checked, node: a.Node) -> None:
        """Refuse a divisor that is the constant 0, or a parameter that is ever 0."""
        if isinstance(right.node, ir.Const) and right.node.value == 0:
            raise self.fail(RuleTypeError, "division by zero", code="division_by_zero", node=node)
        if isinstance(right.node, ir.Param):
            for item in self.declared.params[right.node.name].values:
                if item.value == 0:
                    raise self.fail(
                        RuleTypeError,
                        f"division by zero: parameter {right.node.name!r} is 0 from "
                        f"{item.since.isoformat()}",
                        code="division_by_zero",
                        node=node,
                    )

    def keyword_literal(self, spec: FieldSpec, value: str, node: a.Node) -> str:
        """A text compared with keyword field *spec*, normalised; refused if unknown."""
        text = normalise_keyword(value)
        text = spec.aliases.get(text, text)
        if spec.values and text not in spec.values:
            labels = [spec.labels.get(v, v) for v in spec.values]
            hint = close(value.upper(), labels)
            raise self.fail(
                RuleNameError,
                f"{value!r} is not a known value of {spec.name!r} (known: {', '.join(labels)})",
                code="unknown_value",
                node=node,
                hint=hint,
            )
        return text

    def keyword_param(self, spec: FieldSpec, param: str, node: a.Node) -> None:
        """Refuse a parameter compared with keyword field *spec* if a value is unknown."""
        for item in self.declared.params[param].values:
            values = item.value if isinstance(item.value, tuple) else (item.value,)
            for value in values:
                self.keyword_literal(spec, str(value), node)

    def compare(self, node: a.Compare, scope: str) -> Checked:
        """A comparison of two values of one type (text and true/false: ``==``/``!=``)."""
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
        return Checked(ir.Cmp(node.op, lnode, rnode, keyword), Type.BOOL)

    def membership(self, node: a.In, scope: str) -> Checked:
        """``x in [...]`` (constants of x's type) or ``x in list_parameter``."""
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
            options = self._list_items(item, node.options, scope)
        else:
            options = self._list_parameter(item, node, scope)
            keyword = item.keyword is not None
        return Checked(ir.Member(item.node, options, node.negated, keyword), Type.BOOL)

    def _list_parameter(self, item: Checked, node: a.In, scope: str) -> ir.Param:
        """The list parameter looked into by *item* (its values known to a keyword)."""
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
        return checked.node

    def _list_items(self, item: Checked, options: a.ListLit, scope: str) -> tuple[object, ...]:
        """The constants of a list literal looked into by *item*."""
        values: list[object] = []
        for option in options.items:
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
        return tuple(values)


class _Calls:
    """The function calls and aggregates of a :class:`TypeChecker`."""

    def __init__(self, checker: TypeChecker) -> None:
        self.checker = checker
        self.fail = checker.fail

    def call(self, node: a.Call, scope: str) -> Checked:
        """A function call: a known function, with arguments of its types."""
        name = node.func
        if name not in FUNCTIONS:
            raise self.fail(
                RuleNameError,
                f"unknown function {name!r}",
                code="unknown_function",
                node=node,
                hint=close(name, (*FUNCTIONS, *AGGREGATES)),
            )
        if name == "date":
            return self.date_call(node)
        args = [self.checker.check(arg, scope) for arg in node.args]
        if name in _ARITY and len(args) != _ARITY[name]:
            raise self.fail(
                RuleTypeError,
                f"{name}() takes {_ARITY[name]} argument{'s' if _ARITY[name] > 1 else ''}, "
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
        if name == "coalesce":
            return self.coalesce(node, args)
        result = self.result(node, args)
        return Checked(ir.Fn(name, tuple(c.node for c in args), result), result)

    def result(self, node: a.Call, args: list[Checked]) -> Type:
        """Check the arguments of a function other than ``date``/``coalesce``; its type."""
        name = node.func
        expect = self.checker.expect
        if name == "age":
            for arg, src in zip(args, node.args, strict=True):
                expect(arg, Type.DATE, src, "an argument of age()")
        elif name in ("year", "month", "day"):
            expect(args[0], Type.DATE, node.args[0], f"the argument of {name}()")
        elif name in ("abs", "min", "max"):
            for arg, src in zip(args, node.args, strict=True):
                expect(arg, Type.NUMBER, src, f"an argument of {name}()")
        elif name == "is_desa":
            expect(args[0], Type.TEXT, node.args[0], "the argument of is_desa()")
        elif args[0].type.is_list:  # is_missing
            raise self.fail(
                RuleTypeError,
                "is_missing() takes a value, not a list",
                code="type_mismatch",
                node=node,
            )
        return _RESULT[name]

    def coalesce(self, node: a.Call, args: list[Checked]) -> Checked:
        """``coalesce(a, b, ...)``: values of one type (not lists), of that type."""
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
        return Checked(ir.Fn("coalesce", tuple(c.node for c in args), first.type), first.type)

    def date_call(self, node: a.Call) -> Checked:
        """``date("YYYY-MM-DD")`` or ``date(y, m, d)`` of constants: a date constant."""
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
            return Checked(ir.Const(date_to_int(value), Type.DATE), Type.DATE)
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
            return Checked(ir.Const(date_to_int(value), Type.DATE), Type.DATE)
        raise self.fail(
            RuleTypeError,
            "date() takes one ISO text 'YYYY-MM-DD' or three whole numbers (year, month, day)",
            code="bad_date",
            node=node,
        )

    def aggregate(self, node: a.Aggregate, scope: str) -> Checked:
        """``count``/``sum``/``any``/``all`` over members, in a household expression."""
        if scope != "household":
            raise self.fail(
                RuleNameError,
                f"{node.func}(... members ...) can only be used in household expressions"
                + ("; define a household variable and use it here" if scope == "subject" else ""),
                code="wrong_scope",
                node=node,
            )
        check, expect = self.checker.check, self.checker.expect
        value = None if node.value is None else check(node.value, "person")
        where = None if node.where is None else check(node.where, "person")
        if where is not None:
            expect(where, Type.BOOL, node.where or node, "the filter after 'where'")
        where_ir = None if where is None else where.node
        if node.func == "count":
            if value is not None:
                raise self.fail(
                    RuleTypeError,
                    "count() counts members: write count(members where ...)",
                    code="type_mismatch",
                    node=node.value,
                )
            return Checked(ir.Agg("count", None, where_ir, Type.NUMBER), Type.NUMBER)
        if node.func == "sum":
            if value is None:
                raise self.fail(
                    RuleTypeError,
                    "sum() needs a value: write sum(x for members where ...)",
                    code="type_mismatch",
                    node=node,
                )
            expect(value, Type.NUMBER, node.value or node, "the value summed by sum()")
            return Checked(ir.Agg("sum", value.node, where_ir, Type.NUMBER), Type.NUMBER)
        if value is not None:
            expect(value, Type.BOOL, node.value or node, f"the value of {node.func}()")
        return Checked(
            ir.Agg(node.func, None if value is None else value.node, where_ir, Type.BOOL), Type.BOOL
        )


_RESULT = {
    "age": Type.NUMBER,
    "year": Type.NUMBER,
    "month": Type.NUMBER,
    "day": Type.NUMBER,
    "abs": Type.NUMBER,
    "min": Type.NUMBER,
    "max": Type.NUMBER,
    "is_desa": Type.BOOL,
    "is_missing": Type.BOOL,
}


# -- sections of the file --------------------------------------------------------------------
def check_subjects(types: TypeChecker, spec: RuleFileSpec) -> Expression | None:
    """The ``subjects`` of a person program: true or false for a person and household."""
    if spec.subjects is None:
        return None
    if spec.unit != "person":
        raise types.fail(
            RuleTypeError,
            "'subjects' is only for person programs (unit: person)",
            code="subjects",
            path=("subjects",),
        )
    expr, checked = types.expression(spec.subjects, ("subjects",), "subject", "subjects")
    if checked.type != Type.BOOL:
        raise types.fail(
            RuleTypeError,
            "'subjects' must be true or false",
            code="type_mismatch",
            path=("subjects",),
        )
    return expr, checked


def check_rule(types: TypeChecker, path: Path, rspec: RuleSpec, scope: str) -> Expression:
    """The expression of the rule at *path* (``(group, index)``): true or false."""
    rule_id = f"{path[0]}.{rspec.id}"
    expr, checked = types.expression(rspec.rule, (*path, "rule"), scope, rule_id)
    if checked.type != Type.BOOL:
        raise types.fail(
            RuleTypeError,
            f"a rule must be true or false, not {checked.type.article()}",
            code="type_mismatch",
            path=(*path, "rule"),
            rule_id=rule_id,
        )
    return expr, checked


def check_component(
    types: TypeChecker, path: Path, cspec: ComponentSpec, scope: str
) -> tuple[Expression, Expression]:
    """The units and amount of the component at *path*: numbers."""
    rule_id = f"benefit.{cspec.id}"
    units = types.expression(cspec.units, (*path, "units"), scope, rule_id)
    amount = types.expression(cspec.amount, (*path, "amount"), scope, rule_id)
    for (_, checked), part in ((units, "units"), (amount, "amount")):
        if checked.type != Type.NUMBER:
            raise types.fail(
                RuleTypeError,
                f"the {part} of a component must be a number, not {checked.type.article()}",
                code="type_mismatch",
                path=(*path, part),
                rule_id=rule_id,
            )
    return units, amount


def check_max_units(types: TypeChecker, spec: RuleFileSpec, scope: str) -> Expression | None:
    """The cap on the units of a decision, when the file has one: a number."""
    if spec.benefit.max_units is None:
        return None
    path: Path = ("benefit", "max_units")
    expr, checked = types.expression(spec.benefit.max_units, path, scope, "benefit.max_units")
    if checked.type != Type.NUMBER:
        raise types.fail(
            RuleTypeError, "max_units must be a number", code="type_mismatch", path=path
        )
    return expr, checked
