"""The scalar engine: one household at a time, in pure Python (no dataframe import).

It interprets the typed expressions of ``_ir.py`` with their three-valued semantics and
is the reference the vectorised engine is tested against.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from bansos_validate.regions import village_kind
from bansos_validate.rules import _ir as ir
from bansos_validate.rules._fields import normalise_keyword
from bansos_validate.rules._limits import MAX_AMOUNT

__all__ = [
    "MAX_MEMBERS",
    "Context",
    "capped_units",
    "evaluate",
    "finite",
    "is_desa",
    "kleene_and",
    "kleene_or",
    "paid_amount",
    "region_digits",
]

MAX_MEMBERS = (1 << 15) - 1
"""Most member rows a household may have; beyond it every aggregate is unknown.

A KK (family card) has at most a few dozen members; a "household" with tens of
thousands of rows is a placeholder number shared by unrelated people, and its counts
would mean nothing. The vectorised engine packs counts into 15 bits, hence the limit."""

Row = Mapping[str, object]


def kleene_and(left: bool | None, right: bool | None) -> bool | None:
    """Three-valued ``and``.

    >>> kleene_and(False, None), kleene_and(True, None), kleene_and(True, True)
    (False, None, True)
    """
    if left is False or right is False:
        return False
    if left is None or right is None:
        return None
    return True


def kleene_or(left: bool | None, right: bool | None) -> bool | None:
    """Three-valued ``or``.

    >>> kleene_or(True, None), kleene_or(False, None), kleene_or(False, False)
    (True, None, False)
    """
    if left is True or right is True:
        return True
    if left is None or right is None:
        return None
    return False


class Context:
    """Parameter values and the reference date for one evaluation."""

    __slots__ = ("at", "keyword_params", "params")

    def __init__(self, params: Mapping[str, object], at: int) -> None:
        self.params = params
        self.at = at
        self.keyword_params: dict[str, object] = {}

    def param(self, name: str, *, keyword: bool = False) -> object:
        """A parameter's value (keyword text normalised when asked)."""
        if not keyword:
            return self.params[name]
        found = self.keyword_params.get(name)
        if found is None:
            value = self.params[name]
            if isinstance(value, tuple):
                found = tuple(normalise_keyword(v) if isinstance(v, str) else v for v in value)
            else:
                found = normalise_keyword(value) if isinstance(value, str) else value
            self.keyword_params[name] = found
        return found


def _arith(op: str, left: object, right: object) -> float | None:
    if left is None or right is None:
        return None
    assert isinstance(left, float)  # noqa: S101 - guaranteed by the type checker
    assert isinstance(right, float)  # noqa: S101
    if op == "+":
        result = left + right
    elif op == "-":
        result = left - right
    elif op == "*":
        result = left * right
    elif right == 0:
        return None
    else:
        result = left / right
    # Not a number (an infinity minus itself, after an overflow) is unknown, as
    # Polars' NaN (which compares above every number) must not decide anything.
    return None if math.isnan(result) else result


def _compare(op: str, left: object, right: object) -> bool | None:
    if left is None or right is None:
        return None
    if op == "==":
        return left == right
    if op == "!=":
        return left != right
    assert isinstance(left, float | int)  # noqa: S101 - numbers or dates
    assert isinstance(right, float | int)  # noqa: S101
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if op == ">":
        return left > right
    return left >= right


# What Polars' ``str.strip_chars()`` strips: the Unicode White_Space characters (Python's
# ``str.strip()`` also strips the separators U+001C to U+001F).
_WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_NUMBER_TAIL = re.compile(r"[.,]0+\Z")
_NOT_DIGIT = re.compile(r"[^0-9]")


def region_digits(text: str) -> str:
    """The digits of a region code, read as the intake reads every ``kode_wilayah``.

    The scalar twin of ``bansos_validate.intake._regions.region_code``: surrounding
    spaces and the ``.0`` of a number cell are dropped, then every separator.

    >>> region_digits(" 35.76.01.1003 "), region_digits("3576011003.0")
    ('3576011003', '3576011003')
    """
    return _NOT_DIGIT.sub("", _NUMBER_TAIL.sub("", text.strip(_WHITESPACE)))


def is_desa(code: object) -> bool | None:
    """``is_desa()`` of the rule language: whether a village code is a desa.

    True for a desa or a desa adat, false for a kelurahan, ``None`` (unknown) for
    anything that is not the code of a current village once read by
    :func:`region_digits` (see :func:`bansos_validate.regions.village_kind`).

    >>> is_desa("3510012001"), is_desa("35.76.01.1003"), is_desa("3576011003.0")
    (True, False, False)
    >>> is_desa("9103013007")  # a desa adat
    True
    >>> is_desa("3576019999") is None, is_desa("kelurahan") is None, is_desa(None) is None
    (True, True, True)
    """
    if not isinstance(code, str):
        return None
    kind = village_kind(region_digits(code))
    return None if kind is None else kind != "kelurahan"


def _function(name: str, args: list[object]) -> object:
    if name == "coalesce":
        return next((v for v in args if v is not None), None)
    if name == "is_missing":
        return args[0] is None
    if any(v is None for v in args):
        return None
    if name == "is_desa":
        return is_desa(args[0])
    if name == "age":
        born, when = args
        assert isinstance(born, int)  # noqa: S101 - dates are YYYYMMDD integers
        assert isinstance(when, int)  # noqa: S101
        return float((when - born) // 10_000)
    if name in ("year", "month", "day"):
        value = args[0]
        assert isinstance(value, int)  # noqa: S101
        part = {"year": value // 10_000, "month": value // 100 % 100, "day": value % 100}
        return float(part[name])
    numbers = [float(v) for v in args if isinstance(v, float | int)]
    if name == "abs":
        return abs(numbers[0])
    if name == "min":
        return min(numbers)
    return max(numbers)


def _aggregate(node: ir.Agg, members: Sequence[Row], ctx: Context) -> object:
    if len(members) > MAX_MEMBERS:
        return None
    if node.func in ("count", "sum"):
        total = 0.0
        unknown = False
        for member in members:
            include = True if node.where is None else evaluate(node.where, member, ctx)
            if include is None:
                unknown = True
            elif include:
                if node.value is None:
                    total += 1.0
                else:
                    value = evaluate(node.value, member, ctx)
                    if value is None:
                        unknown = True
                    else:
                        assert isinstance(value, float)  # noqa: S101
                        total += value
        return None if unknown or math.isnan(total) else total
    result: bool | None = node.func == "all"
    for member in members:
        where = True if node.where is None else evaluate(node.where, member, ctx)
        value = True if node.value is None else evaluate(node.value, member, ctx)
        assert where is None or isinstance(where, bool)  # noqa: S101
        assert value is None or isinstance(value, bool)  # noqa: S101
        if node.func == "any":
            result = kleene_or(result, kleene_and(where, value))
        else:
            result = kleene_and(result, kleene_or(None if where is None else not where, value))
    return result


def evaluate(node: ir.IR, row: Row, ctx: Context, members: Sequence[Row] = ()) -> object:
    """Evaluate a typed expression for one row.

    ``row`` holds the read input fields and computed variables by name; ``members``
    holds the member rows for aggregates.

    >>> node = ir.Cmp("<=", ir.Field("household", "desil", "number"), ir.Param("maks", "number"))
    >>> evaluate(node, {"desil": 3.0}, Context({"maks": 4.0}, 20260101))
    True
    >>> evaluate(node, {"desil": None}, Context({"maks": 4.0}, 20260101)) is None
    True
    """
    return _HANDLERS[type(node)](node, row, ctx, members)


Handler = Callable[[Any, Row, Context, Sequence[Row]], object]


def _const(node: ir.Const, row: Row, ctx: Context, members: Sequence[Row]) -> object:
    del row, ctx, members  # one signature for every handler
    return node.value


def _name(node: ir.Field | ir.Var, row: Row, ctx: Context, members: Sequence[Row]) -> object:
    del ctx, members  # one signature for every handler
    return row[node.name]


def _param(node: ir.Param, row: Row, ctx: Context, members: Sequence[Row]) -> object:
    del row, members  # one signature for every handler
    return ctx.param(node.name)


def _at(node: ir.At, row: Row, ctx: Context, members: Sequence[Row]) -> object:
    del node, row, members  # one signature for every handler
    return ctx.at


def _neg(node: ir.Neg, row: Row, ctx: Context, members: Sequence[Row]) -> object:
    value = evaluate(node.operand, row, ctx, members)
    return None if value is None else -_as_float(value)


def _arith_node(node: ir.Arith, row: Row, ctx: Context, members: Sequence[Row]) -> object:
    return _arith(
        node.op, evaluate(node.left, row, ctx, members), evaluate(node.right, row, ctx, members)
    )


def _pow(node: ir.Pow, row: Row, ctx: Context, members: Sequence[Row]) -> object:
    base = evaluate(node.base, row, ctx, members)
    if base is None:
        return None
    result = 1.0
    for _ in range(node.exponent):
        result *= _as_float(base)
    return result


def _cmp(node: ir.Cmp, row: Row, ctx: Context, members: Sequence[Row]) -> object:
    left = _operand(node.left, row, ctx, members, keyword=node.keyword)
    right = _operand(node.right, row, ctx, members, keyword=node.keyword)
    return _compare(node.op, left, right)


def _member(node: ir.Member, row: Row, ctx: Context, members: Sequence[Row]) -> object:
    item = evaluate(node.item, row, ctx, members)
    if item is None:
        return None
    options = (
        node.options
        if isinstance(node.options, tuple)
        else ctx.param(node.options.name, keyword=node.keyword)
    )
    assert isinstance(options, tuple)  # noqa: S101 - list parameters are tuples
    found = item in options
    return not found if node.negated else found


def _and(node: ir.And, row: Row, ctx: Context, members: Sequence[Row]) -> object:
    left = evaluate(node.left, row, ctx, members)
    if left is False:
        return False
    return kleene_and(_as_bool(left), _as_bool(evaluate(node.right, row, ctx, members)))


def _or(node: ir.Or, row: Row, ctx: Context, members: Sequence[Row]) -> object:
    left = evaluate(node.left, row, ctx, members)
    if left is True:
        return True
    return kleene_or(_as_bool(left), _as_bool(evaluate(node.right, row, ctx, members)))


def _not(node: ir.Not, row: Row, ctx: Context, members: Sequence[Row]) -> object:
    value = evaluate(node.operand, row, ctx, members)
    return None if value is None else not value


def _if(node: ir.If, row: Row, ctx: Context, members: Sequence[Row]) -> object:
    condition = evaluate(node.condition, row, ctx, members)
    if condition is None:
        return None
    return evaluate(node.then if condition else node.otherwise, row, ctx, members)


def _fn(node: ir.Fn, row: Row, ctx: Context, members: Sequence[Row]) -> object:
    return _function(node.name, [evaluate(arg, row, ctx, members) for arg in node.args])


def _agg(node: ir.Agg, row: Row, ctx: Context, members: Sequence[Row]) -> object:
    del row  # one signature for every handler
    return _aggregate(node, members, ctx)


_HANDLERS: dict[type, Handler] = {
    ir.Const: _const,
    ir.Field: _name,
    ir.Var: _name,
    ir.Param: _param,
    ir.At: _at,
    ir.Neg: _neg,
    ir.Arith: _arith_node,
    ir.Pow: _pow,
    ir.Cmp: _cmp,
    ir.Member: _member,
    ir.And: _and,
    ir.Or: _or,
    ir.Not: _not,
    ir.If: _if,
    ir.Fn: _fn,
    ir.Agg: _agg,
}


def _operand(
    node: ir.IR, row: Row, ctx: Context, members: Sequence[Row], *, keyword: bool
) -> object:
    if keyword and isinstance(node, ir.Param):
        return ctx.param(node.name, keyword=True)
    return evaluate(node, row, ctx, members)


def _as_float(value: object) -> float:
    assert isinstance(value, float)  # noqa: S101
    return value


def _as_bool(value: object) -> bool | None:
    assert value is None or isinstance(value, bool)  # noqa: S101
    return value


def finite(value: float | None) -> float | None:
    """A number of units, an amount per unit or a cap: ``None`` unless finite.

    >>> finite(2.0), finite(float("inf")), finite(None)
    (2.0, None, None)
    """
    return None if value is None or not math.isfinite(value) else value


def paid_amount(value: float) -> float | None:
    """A component's amount (units times rupiah per unit), or ``None`` beyond ``MAX_AMOUNT``.

    >>> paid_amount(3_000_000.0), paid_amount(1e16), paid_amount(float("inf"))
    (3000000.0, None, None)
    """
    return value if abs(value) <= MAX_AMOUNT else None  # NaN compares false: unknown


def capped_units(
    units: Sequence[float | None],
    amounts: Sequence[float | None],
    cap: float | None,
    *,
    capped: bool,
) -> list[float | None]:
    """Units paid per component when at most ``cap`` units are paid, largest amounts first.

    A component's units are reduced by the units of components with a larger amount (or
    an equal amount listed earlier); unknown inputs make every component unknown.

    >>> capped_units([2.0, 1.0, 3.0], [3e6, 2.4e6, 9e5], 4.0, capped=True)
    [2.0, 1.0, 1.0]
    >>> capped_units([2.0, 1.0], [3e6, 9e5], None, capped=False)
    [2.0, 1.0]
    """
    if any(u is None for u in units) or any(a is None for a in amounts) or (capped and cap is None):
        return [None] * len(units)
    u = [float(x) for x in units if x is not None]
    m = [float(x) for x in amounts if x is not None]
    if not capped:
        return list(u)
    assert cap is not None  # noqa: S101
    out: list[float | None] = []
    for i in range(len(u)):
        higher = 0.0
        for j in range(len(u)):
            if j != i and (m[j] > m[i] or (m[j] == m[i] and j < i)):
                higher += u[j]
        out.append(max(0.0, min(cap - higher, u[i])))
    return out
