"""The vectorised engine: compile typed expressions to narwhals and decide whole tables.

Written once against narwhals, so Polars (the default), pandas, PyArrow and DuckDB
frames work and the result comes back as the caller's frame type. Semantics are those
of ``_ir.py`` and ``_scalar.py`` (the reference); a property test checks they agree.

The plan:

1. Persons are read (``_read_stages``: each column in stages, so no sub-expression is
   computed twice) and the person variables that are still needed are computed, one
   ``with_columns`` per level of the chain of variables.
2. Every aggregate over members becomes a per-person slot (1 when the member decides
   it, ``2 ** 15`` when the member is unknown; ``sum`` keeps a float and an unknown
   count); slots are packed two to a 64-bit column, summed by ``group_by(no_kk)``
   together with the member count, joined onto the households and decoded.
3. Household variables, rules and components are column expressions; each rule's
   outcome is a base-3 digit of a decision code (39 rules to a 64-bit column, so no
   number of rules overflows), from which the status, ``reasons`` and ``passed`` are
   mapped (in-memory frames) or spelt out (lazy frames).

Expressions are compiled linearly in their size (:class:`_Compiler`): an operand that
is needed twice is computed once into a temporary column rather than written out twice.

On in-memory frames two shortcuts apply: a true/false sub-expression that reads a
single text or date person column is evaluated once per distinct value of that column
(:class:`Lookup`), and 16-digit KK numbers are joined as integers.

This module imports narwhals at import time; ``bansos_validate.rules`` imports it only
when ``evaluate`` is called.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import narwhals as nw

from bansos_validate import _frames
from bansos_validate.errors import SchemaError
from bansos_validate.facts import date_stages
from bansos_validate.intake._regions import region_code
from bansos_validate.regions import _table as region_table
from bansos_validate.rules import _fields as f
from bansos_validate.rules import _ir as ir
from bansos_validate.rules import _outcome
from bansos_validate.rules._decision import Status
from bansos_validate.rules._limits import MAX_AMOUNT, MAX_DEPTH, MAX_NODES
from bansos_validate.rules._outcome import BENEFIT, Why, states
from bansos_validate.rules._scalar import MAX_MEMBERS

if TYPE_CHECKING:
    from bansos_validate.rules._fields import FieldSpec
    from bansos_validate.rules._model import Component, Rule
    from bansos_validate.rules._scalar import Context

__all__ = ["decide_frames"]

_DTYPES: Mapping[str, Any] = {
    "number": nw.Float64,
    "bool": nw.Boolean,
    "text": nw.String,
    "date": nw.Int64,
}
_KK = "__kk"
_ROW = "__row"


def _lit(value: Any, type_name: str) -> nw.Expr:
    return nw.lit(value, dtype=_DTYPES[type_name])


def _null(type_name: str) -> nw.Expr:
    return nw.lit(None, dtype=_DTYPES[type_name])


# -- reading input columns ----------------------------------------------------------------
def _is_string(dtype: Any) -> bool:
    return any(dtype == t for t in (nw.String, nw.Categorical, nw.Enum))


def _is_integer(dtype: Any) -> bool:
    return bool(dtype.is_integer())


def _is_float(dtype: Any) -> bool:
    return any(dtype == t for t in (nw.Float64, nw.Float32))


def _keyword_text(text: nw.Expr) -> nw.Expr:
    """:func:`~bansos_validate.rules._fields.normalise_keyword` as an expression."""
    return text.str.replace_all(r"[^0-9A-Za-z]+", "").str.to_uppercase()


def _missing(raw: nw.Expr, dtype: Any) -> nw.Expr:
    if _is_string(dtype):
        return raw.is_null() | (raw.cast(nw.String).str.strip_chars() == "")
    if _is_float(dtype):
        return raw.is_null() | raw.is_nan()
    return raw.is_null()


def _date_number(year: nw.Expr, month: nw.Expr, day: nw.Expr) -> nw.Expr:
    return year.cast(nw.Int64) * 10_000 + month.cast(nw.Int64) * 100 + day.cast(nw.Int64)


def _type_of(kind: str) -> str:
    return {"text": "text", "keyword": "text", "bool": "bool", "date": "date"}.get(kind, "number")


Stages = list[list[nw.Expr]]


def _read_stages(spec: FieldSpec, dtype: Any) -> Stages:  # noqa: PLR0912, PLR0915 - one table
    """Expressions reading column ``spec.name`` as the scalar ``read_value`` does.

    Stage ``k`` only refers to columns made by earlier stages, so no sub-expression is
    computed twice (Polars does not always share them). Temporary columns start with
    ``__`` and the last stage leaves the value in the column ``spec.name``.
    """
    name = spec.name
    raw = nw.col(name)
    col = nw.col(name)
    miss = f"__m_{name}"
    type_name = _type_of(spec.kind)
    if dtype == nw.Unknown:  # a column of nulls only (no type could be inferred)
        return [[_lit(spec.default, type_name).alias(name)]]
    string = _is_string(dtype)
    if spec.kind == "bool" and dtype == nw.Boolean:  # missing is null: one step
        read = raw if spec.default is None else raw.fill_null(_lit(spec.default, "bool"))
        return [[read.alias(name)]]
    stages: Stages = []
    # Stage 0: a missing flag (non-text inputs) and a first reading of the value.
    first: list[nw.Expr] = []
    if not string:
        first.append(_missing(raw, dtype).alias(miss))
    kind = spec.kind
    if kind == "text":
        # Blank text (spaces only too) is missing, as in read_value: it takes the
        # default, and without one it is unknown, never the text "" itself.
        if string:
            first.append((raw.is_null() | (raw.str.strip_chars() == "")).alias(miss))
        first.append(raw.cast(nw.String).alias(name))
        stages.append(first)
        value: nw.Expr = col
        missing = nw.col(miss)
    elif kind in ("keyword", "bool") and (string or kind == "keyword"):
        first.append(_keyword_text(raw.cast(nw.String)).alias(name))
        if string:  # blank before normalising: "?" is unreadable, not missing
            first.append((raw.is_null() | (raw.str.strip_chars() == "")).alias(miss))
        stages.append(first)
        missing = nw.col(miss)
        if kind == "keyword":
            value = col
            if spec.aliases:
                keys = list(spec.aliases)
                chain = nw.when(col == keys[0]).then(_lit(spec.aliases[keys[0]], "text"))
                for key in keys[1:]:
                    chain = chain.when(col == key).then(_lit(spec.aliases[key], "text"))
                stages.append([chain.otherwise(col).alias(name), missing.alias(miss)])
                missing = nw.col(miss)
            if spec.strict:
                value = nw.when(col.is_in(list(spec.values))).then(col).otherwise(_null("text"))
        else:
            value = (
                nw.when(col.is_in(list(f.BOOL_TRUE)))
                .then(_lit(value=True, type_name="bool"))
                .when(col.is_in(list(f.BOOL_FALSE)))
                .then(_lit(value=False, type_name="bool"))
                .otherwise(_null("bool"))
            )
    elif kind == "bool":
        if dtype == nw.Boolean:
            first.append(raw.alias(name))
            value = col
        elif _is_integer(dtype) or _is_float(dtype):
            first.append(raw.cast(nw.Float64).alias(name))
            value = (
                nw.when(col == 1)
                .then(_lit(value=True, type_name="bool"))
                .when(col == 0)
                .then(_lit(value=False, type_name="bool"))
                .otherwise(_null("bool"))
            )
        else:
            raise SchemaError(
                f"column {name!r} has type {dtype}; expected booleans or Y/T text", column=name
            )
        stages.append(first)
        missing = nw.col(miss)
    elif kind == "date":
        if any(dtype == t for t in (nw.Date, nw.Datetime)):
            first.append(_date_number(raw.dt.year(), raw.dt.month(), raw.dt.day()).alias(name))
            stages.append(first)
            value, missing = col, nw.col(miss)
        elif string:
            # facts.read_date, as staged expressions (the one reading of declared dates)
            stages.append([*first, raw.cast(nw.String).str.strip_chars().alias(name)])
            stages.append([(col.is_null() | (col == "")).alias(miss)])
            out = f"__date_{name}"
            stages.extend(date_stages(col, out))
            year, month, day = (nw.col(f"{out}_{p}").cast(nw.Int64) for p in "ymd")
            value = nw.when(nw.col(f"{out}_ok")).then(year * 10_000 + month * 100 + day)
            value = value.otherwise(_null("date"))
            missing = nw.col(miss)
        else:
            raise SchemaError(
                f"column {name!r} has type {dtype}; expected dates or ISO text 'YYYY-MM-DD'",
                column=name,
            )
    else:  # int, number
        whole = kind == "int"
        if _is_integer(dtype):
            first.append(raw.cast(nw.Float64).alias(name))
            stages.append(first)
            value = col
        elif _is_float(dtype):
            first.append(raw.cast(nw.Float64).alias(name))
            stages.append(first)
            value = nw.when(col.is_nan() | ~col.is_finite()).then(_null("number")).otherwise(col)
            if whole:
                value = nw.when(col == col.floor()).then(value).otherwise(_null("number"))
        elif string:
            first.append(raw.cast(nw.String).str.strip_chars().alias(name))
            stages.append(first)
            pattern = f.INT_PATTERN if whole else f.NUMBER_PATTERN
            stages.append(
                [
                    (col.is_null() | (col == "")).alias(miss),
                    nw.when(col.str.contains(pattern))
                    .then(col)
                    .otherwise(_null("text"))
                    .cast(nw.Float64)
                    .alias(name),
                ]
            )
            value = col
        else:
            raise SchemaError(
                f"column {name!r} has type {dtype}; expected {'whole ' if whole else ''}numbers",
                column=name,
            )
        if spec.minimum is not None:
            value = nw.when(col < spec.minimum).then(_null("number")).otherwise(value)
        if spec.maximum is not None:
            value = nw.when(col > spec.maximum).then(_null("number")).otherwise(value)
        missing = nw.col(miss)
    fill = _lit(spec.default, type_name) if spec.default is not None else _null(type_name)
    stages.append([nw.when(missing).then(fill).otherwise(value).alias(name)])
    return stages


# -- expressions ----------------------------------------------------------------------------
def _is_desa(text: nw.Expr, *, patterns: bool = False) -> nw.Expr:
    """``is_desa()``: true for a desa or desa adat code, false for a kelurahan, else null.

    The code is read as the intake reads every ``kode_wilayah`` (``region_code``: no
    ``.0``, no separators), then looked up among the bundled villages of each kind: a
    membership test of the 83,762 codes, or with *patterns* (for Spark, which takes a
    long list of literals slowly) one regular expression per kind matching exactly those
    codes. Either way a code that is not a current village is unknown.
    """
    code = region_code(text)
    if patterns:
        desa_pattern, kelurahan_pattern = region_table.village_patterns()
        desa = code.str.contains(desa_pattern)
        kelurahan = code.str.contains(kelurahan_pattern)
    else:
        desa_codes, kelurahan_codes = region_table.village_codes()
        desa = code.is_in(list(desa_codes))
        kelurahan = code.is_in(list(kelurahan_codes))
    return (
        nw.when(desa)
        .then(_lit(value=True, type_name="bool"))
        .when(kelurahan)
        .then(_lit(value=False, type_name="bool"))
        .otherwise(_null("bool"))
    )


# Functions whose arguments the compiled form (or a backend: Spark writes out the
# dividend of ``//`` four times) uses more than once: they are bound to columns first.
_BOUND_ARGUMENTS = frozenset({"min", "max", "is_desa", "age", "year", "month", "day"})


@attrs.frozen(slots=True)
class _Built:
    """A compiled sub-expression.

    ``level``: how many stages of temporary columns must be added before it can be
    evaluated; ``simple``: a column or a literal, which may be written out more than once
    at no cost; ``inf``: a number that may be infinite (arithmetic can overflow);
    ``nan``: a number that may be NaN (an infinity minus itself, or times zero).
    """

    expr: nw.Expr
    level: int = 0
    simple: bool = False
    inf: bool = False
    nan: bool = False


class _Compiler:
    """Compiles typed expressions to narwhals, linear in their size.

    A narwhals (and Polars) expression is a tree: an operand written twice is computed
    twice, and nested inside itself it doubles at every level (``min(a, b, c, ...)``
    written as nested comparisons took minutes for a dozen arguments). So an operand the
    semantics (or a backend's own translation) need more than once (both sides of ``/``,
    the base of ``**``, the item of ``in``, the condition of ``if``, the arguments of
    ``min``, ``max``, ``is_desa`` and the date functions) is computed once into a
    temporary column, in a ``with_columns`` stage before the one that uses it, unless it
    already is a column or a literal. :meth:`columns` adds the stages and the results
    to a frame. narwhals methods that repeat their input inside (``fill_nan``, ``clip``,
    Spark's ``is_in``) are only applied to such columns.

    NaN, which only arithmetic on overflowed numbers makes, is unknown in the scalar
    engine; Polars orders it above every number. So where a number that may be NaN is
    compared, tested, chosen or stored (:meth:`clean`), NaN is made unknown; the
    arithmetic in between passes it on, as the scalar engine passes on unknowns.
    """

    def __init__(
        self, ctx: Context, aggregates: Mapping[ir.Agg, int], *, patterns: bool = False
    ) -> None:
        self.ctx = ctx
        self.aggregates = aggregates
        self.lookups: Mapping[int, nw.Expr] = {}
        self.patterns = patterns  # regular expressions rather than long literal lists
        self._stages: list[list[nw.Expr]] | None = None
        self._count = 0  # temporary columns made so far: each has its own name

    def columns(self, frame: Any, named: Sequence[tuple[str, Any]]) -> Any:
        """``frame`` with each ``(name, node)`` computed as column ``name``.

        The nodes must not use each other's results (give dependent ones to later
        calls). Temporary columns are named ``__e<n>``; a later ``select`` drops them.
        Results are never NaN (see :meth:`clean`).
        """
        if not named:
            return frame
        saved, self._stages = self._stages, []
        try:
            built = [(name, self.clean(self.build(node))) for name, node in named]
            stages = self._stages
        finally:
            self._stages = saved
        for stage in stages:
            frame = frame.with_columns(*stage)
        return frame.with_columns(*[b.expr.alias(name) for name, b in built])

    def bind(self, built: _Built) -> _Built:
        """``built`` as a column, so it can be used more than once."""
        if built.simple:
            return built
        assert self._stages is not None  # noqa: S101 - only called under columns()
        name = f"__e{self._count}"
        self._count += 1
        while len(self._stages) <= built.level:
            self._stages.append([])
        self._stages[built.level].append(built.expr.alias(name))
        return attrs.evolve(built, expr=nw.col(name), level=built.level + 1, simple=True)

    def clean(self, built: _Built) -> _Built:
        """``built`` with NaN made unknown (a temporary column first, unless simple)."""
        if not built.nan:
            return built
        bound = self.bind(built)
        expr = nw.when(bound.expr.is_nan()).then(_null("number")).otherwise(bound.expr)
        return _Built(expr, bound.level, inf=built.inf)

    def param(self, name: str, type_name: str, *, keyword: bool = False) -> nw.Expr:
        return _lit(self.ctx.param(name, keyword=keyword), type_name)

    def build(self, node: Any) -> _Built:  # noqa: PLR0912 - one branch per node type
        if isinstance(node, ir.Const):
            return _Built(_lit(node.value, node.type), simple=True)
        if isinstance(node, ir.Field):
            return _Built(nw.col(node.name), simple=True)
        if isinstance(node, ir.Var):  # a column made by columns(): may be infinite
            return _Built(nw.col(node.name), simple=True, inf=node.type == "number")
        if isinstance(node, ir.Param):
            return _Built(self.param(node.name, node.type), simple=True)
        if isinstance(node, ir.At):
            return _Built(_lit(self.ctx.at, "date"), simple=True)
        if isinstance(node, ir.Agg):
            name = f"__g{self.aggregates[node]}"
            return _Built(nw.col(name), simple=True, inf=node.func == "sum")
        if isinstance(node, Lookup):
            found = self.lookups.get(node.index)
            if found is None:  # too many distinct values: the column is read after all
                return self.build(node.node)
            return _Built(found)
        if isinstance(node, ir.Neg):
            operand = self.build(node.operand)
            return attrs.evolve(operand, expr=-operand.expr, simple=False)
        if isinstance(node, ir.Arith):
            return self.arithmetic(node)
        if isinstance(node, ir.Pow):
            base = self.bind(self.clean(self.build(node.base)))
            if node.exponent == 0:  # 1, or unknown when the base is
                one = nw.when(base.expr.is_null()).then(_null("number"))
                return _Built(one.otherwise(_lit(1.0, "number")), base.level)
            result = _lit(1.0, "number")
            for _ in range(node.exponent):  # at most MAX_EXPONENT uses of one column
                result = result * base.expr
            return _Built(result, base.level, inf=True)
        if isinstance(node, ir.Cmp):
            left = self.clean(self.operand(node.left, keyword=node.keyword))
            right = self.clean(self.operand(node.right, keyword=node.keyword))
            compare = {
                "==": left.expr.__eq__,
                "!=": left.expr.__ne__,
                "<": left.expr.__lt__,
                "<=": left.expr.__le__,
                ">": left.expr.__gt__,
                ">=": left.expr.__ge__,
            }[node.op]
            return _Built(compare(right.expr), max(left.level, right.level))
        if isinstance(node, ir.Member):
            item = self.bind(self.clean(self.build(node.item)))
            options = (
                node.options
                if isinstance(node.options, tuple)
                else self.ctx.param(node.options.name, keyword=node.keyword)
            )
            assert isinstance(options, tuple)  # noqa: S101
            found = item.expr.is_in(list(options))
            if node.negated:
                found = ~found
            member = nw.when(item.expr.is_null()).then(_null("bool")).otherwise(found)
            return _Built(member, item.level)
        if isinstance(node, ir.And | ir.Or):
            left, right = self.build(node.left), self.build(node.right)
            both = left.expr & right.expr if isinstance(node, ir.And) else left.expr | right.expr
            return _Built(both, max(left.level, right.level))
        if isinstance(node, ir.Not):
            operand = self.build(node.operand)
            return _Built(~operand.expr, operand.level)
        if isinstance(node, ir.If):
            condition = self.bind(self.build(node.condition))
            then, otherwise = self.build(node.then), self.build(node.otherwise)
            choice = (
                nw.when(condition.expr.is_null())
                .then(_null(node.type))
                .when(condition.expr)
                .then(then.expr)
                .otherwise(otherwise.expr)
            )
            return _Built(
                choice,
                max(condition.level, then.level, otherwise.level),
                inf=then.inf or otherwise.inf,
                nan=then.nan or otherwise.nan,
            )
        return self.function(node)

    def arithmetic(self, node: ir.Arith) -> _Built:
        if node.op == "/":  # x / 0 is unknown: the divisor is tested, then used
            # (Spark's division also writes out its dividend several times)
            left = self.bind(self.build(node.left))
            right = self.bind(self.build(node.right))
            quotient = nw.when(right.expr == 0).then(_null("number"))
            result = quotient.otherwise(left.expr / right.expr)
        else:
            left, right = self.build(node.left), self.build(node.right)
            result = {"+": left.expr.__add__, "-": left.expr.__sub__, "*": left.expr.__mul__}[
                node.op
            ](right.expr)
        # Finite operands may overflow to infinity but never make NaN (x / 0 is unknown);
        # an infinite or NaN operand may.
        nan = left.inf or right.inf or left.nan or right.nan
        return _Built(result, max(left.level, right.level), inf=True, nan=nan)

    def operand(self, node: ir.IR, *, keyword: bool) -> _Built:
        if keyword and isinstance(node, ir.Param):
            return _Built(self.param(node.name, node.type, keyword=True), simple=True)
        return self.build(node)

    def function(self, node: ir.Fn) -> _Built:
        name = node.name
        if name in _BOUND_ARGUMENTS:  # each argument is used more than once
            parts = [self.bind(self.clean(self.build(a))) for a in node.args]
        elif name in ("coalesce", "is_missing"):  # NaN is unknown here
            parts = [self.clean(self.build(a)) for a in node.args]
        else:
            parts = [self.build(a) for a in node.args]
        level = max((p.level for p in parts), default=0)
        inf = any(p.inf for p in parts)
        args = [p.expr for p in parts]
        if name == "coalesce":
            return _Built(nw.coalesce(*args), level, inf=inf)
        if name == "is_missing":
            return _Built(args[0].is_null(), level)
        if name == "is_desa":
            return _Built(_is_desa(args[0], patterns=self.patterns), level)
        if name == "age":
            return _Built(((args[1] - args[0]) // 10_000).cast(nw.Float64), level)
        if name == "year":
            return _Built((args[0] // 10_000).cast(nw.Float64), level)
        if name == "month":
            return _Built((args[0] // 100 % 100).cast(nw.Float64), level)
        if name == "day":
            return _Built((args[0] % 100).cast(nw.Float64), level)
        if name == "abs":
            return attrs.evolve(parts[0], expr=args[0].abs(), simple=False)
        # min, max: unknown when an argument is (the horizontal functions skip nulls)
        unknown = nw.any_horizontal(*[a.is_null() for a in args], ignore_nulls=True)
        pick = nw.min_horizontal(*args) if name == "min" else nw.max_horizontal(*args)
        return _Built(nw.when(unknown).then(_null("number")).otherwise(pick), level, inf=inf)


# -- aggregates -----------------------------------------------------------------------------
def _collect_aggregates(nodes: Iterable[ir.IR]) -> dict[ir.Agg, int]:
    found: dict[ir.Agg, int] = {}
    for root in nodes:
        for node in ir.walk(root):
            if isinstance(node, ir.Agg) and node not in found:
                found[node] = len(found)
    return found


_SLOT = 1 << 31  # two aggregates share one 64-bit column, 31 bits each
_UNKNOWN = 1 << 15  # within a slot: members where true, plus this times members unknown


def _person_columns(agg: ir.Agg, index: int) -> list[nw.Expr]:
    """Per-person columns whose group sums decode to the aggregate.

    ``count``, ``any`` and ``all`` become one slot value per person (1 when the member
    decides, ``2 ** 15`` when it is unknown); ``sum`` keeps a float sum and a count of
    unknowns. Slots are packed two to a column by :func:`_packed`.
    """
    where = None if agg.where is None else nw.col(f"__w{index}")
    value = None if agg.value is None else nw.col(f"__x{index}")
    name = f"__a{index}"
    unknown_slot = nw.lit(_UNKNOWN, nw.Int64)
    one, zero = nw.lit(1, nw.Int64), nw.lit(0, nw.Int64)

    def encode(flag: nw.Expr) -> nw.Expr:
        return flag.cast(nw.Int64).fill_null(unknown_slot)

    if agg.func == "count":
        return [one.alias(name) if where is None else encode(where).alias(name)]
    if agg.func == "sum":
        assert value is not None  # noqa: S101
        if where is None:
            total = value.fill_null(0.0)
            unknown = value.is_null()
        else:
            total = nw.when(where).then(value).otherwise(_lit(0.0, "number")).fill_null(0.0)
            unknown = where.is_null() | (where.fill_null(value=False) & value.is_null())
        return [
            total.alias(f"{name}_s"),
            nw.when(unknown).then(one).otherwise(zero).alias(f"{name}_n"),
        ]
    if agg.func == "any":
        if where is None and value is None:
            return [one.alias(name)]
        flag = value if where is None else where if value is None else where & value
        assert flag is not None  # noqa: S101
        return [encode(flag).alias(name)]
    # all: count the members for which the statement is false (or unknown)
    if value is None:
        return [zero.alias(name)]
    statement = value if where is None else ~where | value
    return [encode(~statement).alias(name)]


def _packed(aggregates: Mapping[ir.Agg, int]) -> tuple[list[nw.Expr], list[str]]:
    """Pack the slot columns two per column; return the per-person columns and sum names."""
    slots = [i for agg, i in aggregates.items() if agg.func != "sum"]
    columns: list[nw.Expr] = []
    names: list[str] = []
    for k in range(0, len(slots), 2):
        pair = slots[k : k + 2]
        packed = nw.col(f"__a{pair[0]}")
        if len(pair) == 2:
            packed = packed + nw.col(f"__a{pair[1]}") * _SLOT
        columns.append(packed.alias(f"__p{k // 2}"))
        names.append(f"__p{k // 2}")
    for agg, i in aggregates.items():
        if agg.func == "sum":
            columns += [nw.col(f"__a{i}_s"), nw.col(f"__a{i}_n")]
            names += [f"__a{i}_s", f"__a{i}_n"]
    return columns, names


def _decode(aggregates: Mapping[ir.Agg, int]) -> list[nw.Expr]:
    """The aggregates of each household from the summed columns (and ``__n`` members)."""
    slots = [i for agg, i in aggregates.items() if agg.func != "sum"]
    position = {index: divmod(k, 2) for k, index in enumerate(slots)}
    too_many = nw.col("__n") > MAX_MEMBERS
    out: list[nw.Expr] = []
    for agg, index in aggregates.items():
        name = f"__g{index}"
        if agg.func == "sum":
            out.append(
                nw.when(too_many | (nw.col(f"__a{index}_n") > 0))
                .then(_null("number"))
                .otherwise(nw.col(f"__a{index}_s").cast(nw.Float64).fill_nan(None))
                .alias(name)
            )
            continue
        column, half = position[index]
        packed = nw.col(f"__p{column}")
        slot = packed // _SLOT if half else packed % _SLOT
        decided, unknown = slot % _UNKNOWN, slot // _UNKNOWN
        if agg.func == "count":
            out.append(
                nw.when(too_many | (unknown > 0))
                .then(_null("number"))
                .otherwise(decided.cast(nw.Float64))
                .alias(name)
            )
            continue
        verdict = _lit(agg.func == "any", "bool")  # a deciding member makes it so
        out.append(
            nw.when(too_many)
            .then(_null("bool"))
            .when(decided > 0)
            .then(verdict)
            .when(unknown > 0)
            .then(_null("bool"))
            .otherwise(~verdict)
            .alias(name)
        )
    return out


# -- frames ---------------------------------------------------------------------------------
def _check_columns(frame: Any, names: Sequence[str], what: str) -> dict[str, Any]:
    schema = dict(frame.collect_schema()) if isinstance(frame, nw.LazyFrame) else dict(frame.schema)
    for name in names:
        if name not in schema:
            raise SchemaError(
                f"the {what} frame lacks the column {name!r} that the rules read",
                column=name,
                found=list(schema),
            )
    return schema


def _read_frame(  # noqa: PLR0913 - internal
    frame: Any,
    fields: Mapping[str, FieldSpec],
    schema: Mapping[str, Any],
    keys: Sequence[str],
    *,
    raw: Sequence[str] = (),
    integer: bool = False,
    mapped: Mapping[str, nw.Expr] | None = None,
    unknown: frozenset[str] = frozenset(),
) -> Any:
    """Read the declared fields of one entity.

    *unknown* fields (their column is missing and no value was assumed) are null, so
    that a decision depending on them is ``undetermined`` rather than decided on a
    default.
    """
    key = nw.col("no_kk").cast(nw.String)
    if integer:  # 16 digits; other lengths match no household (see _integer_keys)
        key = nw.when(key.str.len_chars() == 16).then(key).otherwise(_null("text"))
        key = key.cast(nw.Int64)
    stages: list[list[nw.Expr]] = [[key.alias(_KK)]]
    stages[0] += [nw.col(k) for k in keys]
    mapped = mapped or {}
    stages[0] += [mapped.get(name, nw.col(name)).alias(f"__raw_{name}") for name in raw]
    names = [_KK, *keys, *[f"__raw_{name}" for name in raw]]
    for name, spec in fields.items():
        if name in ("no_kk", "nik"):
            continue
        names.append(name)
        if name in schema:
            for level, exprs in enumerate(_read_stages(spec, schema[name])):
                while len(stages) <= level:
                    stages.append([])
                stages[level].extend(exprs)
        elif name in unknown:
            stages[0].append(_null(_type_of(spec.kind)).alias(name))
        else:
            stages[0].append(_lit(spec.default, _type_of(spec.kind)).alias(name))
    frame = frame.select(*stages[0])
    for exprs in stages[1:]:
        if exprs:
            frame = frame.with_columns(*exprs)
    return frame.select(*names)


def _constant(node: ir.IR, ctx: Context) -> float | None:
    """The value of a constant or parameter amount, else ``None``."""
    if isinstance(node, ir.Const) and isinstance(node.value, float):
        return node.value
    if isinstance(node, ir.Param):
        value = ctx.param(node.name)
        return value if isinstance(value, float) else None
    return None


def _finite(name: str) -> nw.Expr:
    """Column ``name``, unknown where it is not a finite number (``_scalar.finite``)."""
    column = nw.col(name)
    return nw.when(column.is_finite()).then(column).otherwise(_null("number")).alias(name)


def _capped(
    frame: Any,
    comp: _Compiler,
    components: Sequence[Component],
    max_units: ir.IR,
) -> tuple[Any, list[nw.Expr]]:
    """Units paid per component under the cap, largest amounts first (see ``capped_units``)."""
    n = len(components)
    known = [_constant(c.amount, comp.ctx) for c in components]
    u = [nw.col(f"__u{i}") for i in range(n)]
    m = [nw.col(f"__m{i}") if known[i] is None else _lit(known[i], "number") for i in range(n)]
    frame = comp.columns(frame, [("__cap", max_units)])
    frame = frame.with_columns(_finite("__cap"))
    cap = nw.col("__cap")
    nullable = [*u, cap] if all(k is not None for k in known) else [*u, *m, cap]
    frame = frame.with_columns(
        nw.any_horizontal(*[x.is_null() for x in nullable], ignore_nulls=True).alias("__capnull")
    )
    zero = _lit(0.0, "number")
    rooms: list[nw.Expr] = []
    for i in range(n):
        higher: nw.Expr = zero
        for j in range(n):
            if j == i:
                continue
            a, b = known[j], known[i]
            if a is not None and b is not None:  # the order is known now
                if a > b or (a == b and j < i):
                    higher = higher + u[j]
                continue
            before = (m[j] > m[i]) | (m[j] == m[i]) if j < i else m[j] > m[i]
            higher = higher + nw.when(before).then(u[j]).otherwise(zero)
        rooms.append((cap - higher).alias(f"__room{i}"))
    frame = frame.with_columns(*rooms)
    frame = frame.with_columns(
        *[
            nw.when(nw.col(f"__room{i}") < u[i])
            .then(nw.col(f"__room{i}"))
            .otherwise(u[i])
            .alias(f"__t{i}")
            for i in range(n)
        ]
    )
    taken = [
        nw.when(nw.col("__capnull"))
        .then(_null("number"))
        .when(nw.col(f"__t{i}") < 0)
        .then(zero)
        .otherwise(nw.col(f"__t{i}"))
        for i in range(n)
    ]
    return frame, taken


def _statement(
    frame: Any,
    comp: _Compiler,
    rules: Sequence[Rule],
    components: Sequence[Component],
    max_units: ir.IR | None,
) -> tuple[Any, list[str]]:
    """Add rule outcomes, component amounts and the decision codes.

    Each rule's outcome is a digit (0 passed, 1 failed, 2 unknown). The digits of rules
    ``39 * k`` to ``39 * k + 38`` are held in base 3 by the 64-bit code column
    :func:`code_name` ``(k)``; the first (``__code``) also adds ``3 ** n`` when the amount
    is unknown, ``n`` being the number of rules it holds. So no code exceeds
    ``2 * 3 ** 39 - 1 < 2 ** 63`` whatever the number of rules, and the status and the id
    lists are a function of the codes (see :func:`outcome_table`). ``__failed`` and
    ``__unknown`` are true/false summaries, ``__state`` their :func:`_outcome.state`
    with the amount, and ``__eligible``/``__not_eligible`` its status.
    """
    frame = comp.columns(frame, [(f"__r{i}", r.ir) for i, r in enumerate(rules)])
    known = [_constant(c.amount, comp.ctx) for c in components]
    frame = comp.columns(
        frame,
        [(f"__u{i}", c.units) for i, c in enumerate(components)]
        + [(f"__m{i}", c.amount) for i, c in enumerate(components) if known[i] is None],
    )
    n = len(components)
    # Units and amounts that are not finite numbers (after an overflow) are unknown.
    frame = frame.with_columns(
        *[_finite(f"__u{i}") for i in range(n)],
        *[_finite(f"__m{i}") for i in range(n) if known[i] is None],
    )
    m = [nw.col(f"__m{i}") if known[i] is None else _lit(known[i], "number") for i in range(n)]
    if max_units is not None:
        frame, taken = _capped(frame, comp, components, max_units)
    else:
        taken = [nw.col(f"__u{i}") for i in range(n)]
    frame = frame.with_columns(*[t.alias(f"__t{i}") for i, t in enumerate(taken)])
    # An amount beyond MAX_AMOUNT (or not a number) is unknown, as in paid_amount().
    values = [nw.col(f"__t{i}") * m[i] for i in range(n)]
    frame = frame.with_columns(
        *[
            nw.when(v.abs() <= MAX_AMOUNT).then(v).otherwise(_null("number")).alias(f"__v{i}")
            for i, v in enumerate(values)
        ]
    )
    total: nw.Expr = _lit(0.0, "number")
    for i in range(n):  # at most MAX_COMPONENTS terms
        total = total + nw.col(f"__v{i}")
    digits: list[nw.Expr] = []
    fails: list[nw.Expr] = []
    for i, rule in enumerate(rules):
        r = nw.col(f"__r{i}")
        holds = r if rule.kind == "condition" else ~r
        digits.append(
            nw.when(r.is_null())
            .then(nw.lit(2, nw.Int64))
            .when(holds)
            .then(nw.lit(0, nw.Int64))
            .otherwise(nw.lit(1, nw.Int64))
        )
        fails.append((~holds).fill_null(value=False))
    unknowns = [nw.col(f"__r{i}").is_null() for i in range(len(rules))]
    frame = frame.with_columns(
        total.alias("__total"),
        _any(fails).alias("__failed"),
        _any(unknowns).alias("__unknown"),
    )
    codes: list[nw.Expr] = []
    for k, start in enumerate(range(0, max(len(rules), 1), _CODE_RULES)):
        chunk = digits[start : start + _CODE_RULES]
        terms = [d * nw.lit(3**j, nw.Int64) for j, d in enumerate(chunk)]
        if k == 0:  # the amount is unknown: 3 ** (rules in this code)
            flag = nw.lit(3 ** len(chunk), nw.Int64)
            zero = nw.lit(0, nw.Int64)
            terms.append(nw.when(nw.col("__total").is_null()).then(flag).otherwise(zero))
        codes.append(nw.sum_horizontal(*terms).cast(nw.Int64).alias(code_name(k)))
    frame = frame.with_columns(*codes, _state().alias("__state"))
    frame = frame.with_columns(
        _has_status(Status.ELIGIBLE).alias("__eligible"),
        _has_status(Status.NOT_ELIGIBLE).alias("__not_eligible"),
    )

    def paid(value: nw.Expr) -> nw.Expr:  # as _outcome.shown_amount
        return (
            nw.when(nw.col("__eligible"))
            .then((value + 0.5).floor().cast(nw.Int64))
            .when(nw.col("__not_eligible"))
            .then(nw.lit(0, nw.Int64))
            .otherwise(nw.lit(None, nw.Int64))
        )

    comp_names = [f"amount_{c.id}" for c in components]
    frame = frame.with_columns(
        paid(nw.col("__total")).alias("amount"),
        *[paid(nw.col(f"__v{i}")).alias(comp_names[i]) for i in range(n)],
    )
    return frame, comp_names


_CODE_RULES = 39
"""Rules per decision code column: ``2 * 3 ** 39 - 1`` still fits in a signed 64-bit integer."""


def code_name(k: int) -> str:
    """The name of the ``k``-th decision code column (``__code``, ``__code1``, ...)."""
    return "__code" if k == 0 else f"__code{k}"


def code_count(n_rules: int) -> int:
    """How many decision code columns hold the outcomes of ``n_rules`` rules (at least one)."""
    return max(1, -(-n_rules // _CODE_RULES))


def _any(flags: Sequence[nw.Expr]) -> nw.Expr:
    """True when any flag is (flags never null); one flat expression, not a chain."""
    if not flags:
        return nw.lit(value=False)
    return nw.any_horizontal(*flags, ignore_nulls=True)


def _state() -> nw.Expr:
    """The :func:`_outcome.state` of each row, from ``__failed``, ``__unknown``, ``__total``."""
    return (
        nw.col("__failed").cast(nw.Int64) * 4
        + nw.col("__unknown").cast(nw.Int64) * 2
        + nw.col("__total").is_null().cast(nw.Int64)
    )


def _has_status(status: Status) -> nw.Expr:
    """Whether the ``__state`` of the row has this status (:data:`_outcome.STATES`)."""
    return nw.col("__state").is_in(states(status))


def outcome_table(
    code: int | Sequence[int], rule_ids: Sequence[str]
) -> tuple[str, list[str], list[str]]:
    """Status, reasons and passed rule ids for the decision codes of :func:`_statement`.

    ``code`` is the one code of up to 39 rules, or the codes of every column in order.
    The status is :func:`_outcome.outcome` of the digits.

    >>> outcome_table(0, ["desil", "komponen"])
    ('eligible', [], ['desil', 'komponen'])
    >>> outcome_table(1 + 2 * 3, ["desil", "komponen"])
    ('not_eligible', ['desil'], [])
    >>> outcome_table(2 * 3 + 9, ["desil", "komponen"])
    ('undetermined', ['komponen'], ['desil'])
    >>> outcome_table(9, ["desil", "komponen"])
    ('undetermined', ['benefit'], ['desil', 'komponen'])
    >>> status, reasons, passed = outcome_table((0, 2 * 3), [f"r{i}" for i in range(41)])
    >>> status, reasons, len(passed)  # r40, the second digit of the second code, unknown
    ('undetermined', ['r40'], 40)
    """
    codes = [code] if isinstance(code, int) else list(code)
    digits = [(codes[i // _CODE_RULES] // 3 ** (i % _CODE_RULES)) % 3 for i in range(len(rule_ids))]
    amount_unknown = codes[0] >= 3 ** min(len(rule_ids), _CODE_RULES)
    passed = [r for r, d in zip(rule_ids, digits, strict=True) if d == 0]
    failed = [r for r, d in zip(rule_ids, digits, strict=True) if d == 1]
    unknown = [r for r, d in zip(rule_ids, digits, strict=True) if d == 2]
    status, why = _outcome.outcome(
        failed=bool(failed), unknown=bool(unknown), amount_known=not amount_unknown
    )
    return status.value, list(_outcome.reasons(why, failed, unknown)), passed


def _code_columns(code: nw.Expr, codes: Sequence[Any], rule_ids: Sequence[str]) -> list[nw.Expr]:
    """``status``, ``reasons`` and ``passed`` from the decision code (or the codes' key).

    ``codes`` are the distinct values of ``code``: integers (one code column), or the
    text keys ``"c0:c1:..."`` of several (see :func:`_finish`).
    """
    table = [
        outcome_table(c if isinstance(c, int) else [int(p) for p in c.split(":")], rule_ids)
        for c in codes
    ]
    keys = list(codes)
    strings = nw.List(nw.String)
    return [
        code.replace_strict(keys, [t[0] for t in table], return_dtype=nw.String).alias("status"),
        code.replace_strict(keys, [t[1] for t in table], return_dtype=strings).alias("reasons"),
        code.replace_strict(keys, [t[2] for t in table], return_dtype=strings).alias("passed"),
    ]


def _text_columns(rule_ids: Sequence[str]) -> list[nw.Expr]:
    """``status``, ``reasons`` and ``passed`` from the rule columns, for lazy frames.

    The status and the kind of reasons of each ``__state`` are those of
    :data:`_outcome.STATES`.
    """
    n = len(rule_ids)
    digits = [(nw.col(code_name(i // _CODE_RULES)) // 3 ** (i % _CODE_RULES)) % 3 for i in range(n)]

    def ids(flags: Sequence[nw.Expr]) -> nw.Expr:
        if not flags:
            return nw.lit("")
        parts = [nw.when(f).then(nw.lit(name)) for f, name in zip(flags, rule_ids, strict=True)]
        return nw.concat_str(parts, separator=",", ignore_nulls=True)

    state = nw.col("__state")
    texts = {
        Why.FAILED: ids([d == 1 for d in digits]),
        Why.UNKNOWN: ids([d == 2 for d in digits]),
        Why.BENEFIT: nw.lit(BENEFIT),
        Why.NONE: nw.lit(""),
    }
    status: Any = nw
    for value in Status:
        status = status.when(state.is_in(states(value))).then(nw.lit(value.value))
    reason: Any = nw
    for why, text in texts.items():
        reason = reason.when(state.is_in(states(why=why))).then(text)
    return [
        status.alias("status"),
        _id_list(reason, "reasons"),
        _id_list(ids([d == 0 for d in digits]), "passed"),
    ]


def _id_list(text: nw.Expr, name: str) -> nw.Expr:
    empty = nw.lit([], dtype=nw.List(nw.String))
    return nw.when(text == "").then(empty).otherwise(text.str.split(",")).alias(name)


# -- single-field lookups ------------------------------------------------------------------
_LOOKUP_LIMIT = 200_000  # most distinct values of a column worth a lookup
_LOOKUP_MIN_ROWS = 50_000  # below this, reading every row costs less than the lookups


@attrs.frozen(slots=True)
class Lookup:
    """A true/false sub-expression of one person column, decided per distinct value.

    On an in-memory frame, a condition that reads a single column (``jenjang_sekolah ==
    "SD"``, ``age(tanggal_lahir, at) < 6``) is evaluated once per distinct value of the
    raw column, and each row then only tests membership of its raw value: the costly
    reading of text and dates happens for a few thousand values, not millions of rows.
    """

    field: str
    node: ir.IR
    index: int
    type: str = "bool"


class _PersonPlan:
    """Rewrites person expressions to use lookups, and reads only the columns still used."""

    def __init__(
        self,
        compiled: Any,
        frame: Any,
        schema: Mapping[str, Any],
        comp: _Compiler,
    ) -> None:
        self.vars = {v.name: v for v in compiled.person_variables}
        self.fields: Mapping[str, FieldSpec] = compiled.person_fields
        self.frame = frame
        self.schema = schema
        self.comp = comp
        self.candidates: set[str] = set()
        if frame is not None and len(frame) >= _LOOKUP_MIN_ROWS:
            for name in self.fields:
                dtype = schema.get(name)
                if dtype is not None and (_is_string(dtype) or dtype == nw.Date):
                    self.candidates.add(name)
        self.deps_memo: dict[int, frozenset[str]] = {}
        self.lookups: dict[tuple[str, ir.IR], Lookup] = {}
        self.exprs: dict[int, nw.Expr] = {}
        self.fallback: list[str] = []  # lookup columns with too many values: read them
        # text date columns whose lookups test the date read from each distinct text
        self.mapped: dict[str, nw.Expr] = {}
        # Per person variable, in dependency order: the columns it reads, and the size and
        # depth of its expression with the variables it uses written in (a lookup writes
        # them in; one that would be too large is not made, so no chain of variables
        # can make a tree deeper than the stack or larger than the memory).
        self.var_deps: dict[str, frozenset[str]] = {}
        self.var_shape: dict[str, tuple[int, int]] = {}
        for var in compiled.person_variables:
            self.var_deps[var.name] = self.deps(var.ir)
            self.var_shape[var.name] = self.shape(var.ir)

    def deps(self, node: Any) -> frozenset[str]:
        key = id(node)
        found = self.deps_memo.get(key)
        if found is not None:
            return found
        if isinstance(node, ir.Field):
            out = frozenset({node.name if node.entity == "person" else "@" + node.name})
        elif isinstance(node, ir.Var):
            out = (
                self.var_deps[node.name]
                if node.entity == "person"
                else frozenset({"@" + node.name})
            )
        elif isinstance(node, ir.Agg):
            out = frozenset({"@aggregate"})
        else:
            out = frozenset().union(*(self.deps(c) for c in ir.children(node)))
        self.deps_memo[key] = out
        return out

    def shape(self, node: ir.IR) -> tuple[int, int]:
        """Nodes and depth of ``node`` once the person variables it uses are written in."""
        if isinstance(node, ir.Var) and node.entity == "person":
            return self.var_shape[node.name]
        parts = [self.shape(c) for c in ir.children(node)]
        return 1 + sum(p[0] for p in parts), 1 + max((p[1] for p in parts), default=0)

    def inline(self, node: ir.IR) -> ir.IR:
        if isinstance(node, ir.Var) and node.entity == "person":
            return self.inline(self.vars[node.name].ir)
        return ir.replace_children(node, self.inline)

    def rewrite(self, node: Any) -> Any:
        if self.candidates and node.type == "bool" and not isinstance(node, ir.Const):
            deps = self.deps(node)
            if len(deps) == 1:
                (field,) = deps
                size, depth = self.shape(node)
                if field in self.candidates and size <= MAX_NODES and depth <= MAX_DEPTH:
                    inlined = self.inline(node)
                    key = (field, inlined)
                    if key not in self.lookups:
                        self.lookups[key] = Lookup(field, inlined, len(self.lookups))
                    return self.lookups[key]
        return ir.replace_children(node, self.rewrite)

    def resolve(self) -> None:
        """Evaluate every lookup on the distinct values of its column."""
        by_field: dict[str, list[Lookup]] = {}
        for lookup in self.lookups.values():
            by_field.setdefault(lookup.field, []).append(lookup)
        if not by_field:
            return
        texts = self._text_values([f for f in by_field if self.schema[f] != nw.Date])
        uniques = {field: self.distinct(field, texts.get(field)) for field in by_field}
        nulls = {f: self.frame.get_column(f).null_count() > 0 for f in by_field}
        for field, lookups in by_field.items():
            spec, dtype = self.fields[field], self.schema[field]
            distinct, ordered = uniques[field]
            if len(distinct) > _LOOKUP_LIMIT:
                self.fallback.append(field)  # too many values: read every row after all
                continue  # (the compiler computes a lookup without a value as its node)
            frame = distinct.lazy().with_columns(nw.col(field).alias("__raw"))
            for stage in _read_stages(spec, dtype):
                if stage:
                    frame = frame.with_columns(*stage)
            # One small query per column; the outcomes are then grouped in Python (a few
            # thousand values at most), which costs less than one query per lookup.
            frame = self.comp.columns(frame, [(f"__l{k.index}", k.node) for k in lookups])
            values = frame.select("__raw", field, *[f"__l{k.index}" for k in lookups])
            # A few thousand rows: Polars' in-memory engine starts faster than streaming.
            small = {"engine": "in-memory"} if _frames.kind_of(values).polars else {}
            values = values.collect(**small)
            raws = values.get_column("__raw").to_list()
            if spec.kind == "date" and _is_string(dtype):
                self._resolve_text_dates(field, lookups, values, raws)
                continue
            missing_at = [i for i, v in enumerate(raws) if v is None]
            present_raws = [v for v in raws if v is not None]
            raw = f"__raw_{field}"
            for lookup in lookups:
                outcomes = values.get_column(f"__l{lookup.index}").to_list()
                if_null = outcomes[missing_at[0]] if missing_at else None
                present = [o for v, o in zip(raws, outcomes, strict=True) if v is not None]
                if ordered:  # every day in order: a few date ranges, no long lists
                    expr = _ranges(raw, present_raws, present, if_null, nulls=nulls[field])
                    if expr is not None:
                        self.exprs[lookup.index] = expr
                        continue
                groups: dict[Any, list[Any]] = {True: [], False: [], None: []}
                for value, outcome in zip(present_raws, present, strict=True):
                    groups[outcome].append(value)
                self.exprs[lookup.index] = _membership(raw, if_null, groups, nulls=nulls[field])

    def _resolve_text_dates(
        self, field: str, lookups: Sequence[Lookup], values: Any, raws: list[Any]
    ) -> None:
        """Lookups of a text date column, through the date each distinct text reads as.

        The raw texts are mapped once to their date (``YYYYMMDD``; null when unreadable),
        and each lookup becomes a few comparisons of that number: thousands of distinct
        texts would otherwise make long membership lists, one per lookup.
        """
        dates = values.get_column(field).to_list()
        known = [(r, d) for r, d in zip(raws, dates, strict=True) if r is not None]
        self.mapped[field] = nw.col(field).replace_strict(
            [r for r, _ in known], [d for _, d in known], default=None, return_dtype=nw.Int64
        )
        raw = f"__raw_{field}"
        by_date: dict[Any, int] = {}  # one row per date read (the first text giving it)
        for k, d in enumerate(dates):
            by_date.setdefault(d, k)
        order = sorted(d for d in by_date if d is not None)
        for lookup in lookups:
            outcomes = values.get_column(f"__l{lookup.index}").to_list()
            if_null = outcomes[by_date[None]] if None in by_date else None
            present = [outcomes[by_date[d]] for d in order]
            expr = _ranges(raw, order, present, if_null, nulls=True, dtype=nw.Int64())
            if expr is None:
                groups: dict[Any, list[Any]] = {True: [], False: [], None: []}
                for d, outcome in zip(order, present, strict=True):
                    groups[outcome].append(d)
                expr = _membership(raw, if_null, groups, nulls=True)
            self.exprs[lookup.index] = expr

    def _text_values(self, fields: Sequence[str]) -> dict[str, list[Any]]:
        """The distinct values of text columns (nulls left out), several columns in one query.

        On Polars one query hashes the columns in parallel; other frames go a column at
        a time.
        """
        if not fields:
            return {}
        if _frames.kind_of(self.frame).polars:
            import polars as pl  # noqa: PLC0415 - Polars frames only

            native = self.frame.to_native()
            row = native.select([pl.col(f).unique().implode() for f in fields]).row(0)
            found = dict(zip(fields, row, strict=True))
        else:
            found = {f: self.frame.get_column(f).unique().to_list() for f in fields}
        return {f: [v for v in values if v is not None] for f, values in found.items()}

    def distinct(self, field: str, texts: list[Any] | None = None) -> tuple[Any, bool]:
        """The distinct values of a column, plus null; and whether they are every day in order.

        For dates: every day from the first to the last, which is cheaper than hashing
        millions of dates. ``texts`` are the distinct values when already known.
        """
        column = self.frame.get_column(field)
        dtype = self.schema[field]
        values: list[Any] | None = texts
        ordered = False
        backend = _frames.implementation(self.frame)
        if dtype == nw.Date:
            first, last = column.min(), column.max()
            if first is not None and (last - first).days <= _LOOKUP_LIMIT:
                start = (first - _EPOCH).days
                days: list[int | None] = [*range(start, start + (last - first).days + 1), None]
                series = nw.new_series(field, days, dtype=nw.Int32(), backend=backend)
                return series.cast(nw.Date()).to_frame(), True
            if first is None:
                values = []
        if values is None:
            values = [v for v in column.unique().to_list() if v is not None]
        frame = nw.from_dict(
            {field: [*values, None]},
            schema={field: nw.Date() if dtype == nw.Date else nw.String()},
            backend=backend,
        )
        return frame, ordered

    def needed(self, roots: Iterable[Any]) -> tuple[list[str], list[Any]]:
        """Person columns to read and variables to compute for the rewritten ``roots``."""
        fields: list[str] = []
        variables: list[str] = []
        stack = list(roots)
        while stack:
            node = stack.pop()
            if isinstance(node, Lookup):
                continue
            if isinstance(node, ir.Field) and node.entity == "person":
                if node.name not in fields:
                    fields.append(node.name)
            elif (
                isinstance(node, ir.Var) and node.entity == "person" and node.name not in variables
            ):
                variables.append(node.name)
                stack.append(self.rewrite(self.vars[node.name].ir))
            stack.extend(ir.children(node))
        order = [v for v in self.vars.values() if v.name in variables]
        return fields, [(v.name, self.rewrite(v.ir)) for v in order]


_MAX_RANGES = 8
_EPOCH = dt.date(1970, 1, 1)


def _ranges(  # noqa: PLR0913 - internal
    raw: str,
    days: Sequence[Any],
    outcomes: Sequence[Any],
    if_null: Any,
    *,
    nulls: bool,
    dtype: Any = None,
) -> nw.Expr | None:
    """Results over ordered values as a few comparisons, or ``None`` if too many.

    ``days`` holds the values in order (every day of a date column, or the dates read
    from a text column as ``YYYYMMDD`` numbers) and ``outcomes`` their results; a run is
    a stretch of values with the same result. ``dtype`` types the bounds (a date).
    """
    column = nw.col(raw)
    if not outcomes:
        return nw.when(column.is_null()).then(_lit(if_null, "bool")).otherwise(_null("bool"))
    starts = [0]
    for k in range(1, len(outcomes)):
        if outcomes[k] is not outcomes[k - 1]:
            starts.append(k)
            if len(starts) > _MAX_RANGES:
                return None
    results = [outcomes[k] for k in starts]
    if len(results) == 1 and (not nulls or if_null is results[0]):
        return _lit(results[0], "bool")  # the same outcome for every row
    chain = nw.when(column.is_null()).then(_lit(if_null if nulls else results[0], "bool"))
    for k, outcome in zip(starts[1:], results[:-1], strict=True):
        bound = nw.lit(days[k], dtype=nw.Date() if dtype is None else dtype)
        chain = chain.when(column < bound).then(_lit(outcome, "bool"))
    return chain.otherwise(_lit(results[-1], "bool"))


def _membership(raw: str, if_null: Any, groups: Mapping[Any, Any], *, nulls: bool) -> nw.Expr:
    """Map each raw value to its precomputed true/false/unknown result.

    ``groups`` holds, per result, the raw values giving it; the largest group is the
    default and the others are tested with ``is_in``.
    """
    column = nw.col(raw)
    sizes = {outcome: len(values) for outcome, values in groups.items() if len(values)}
    if not sizes:
        return nw.when(column.is_null()).then(_lit(if_null, "bool")).otherwise(_null("bool"))
    default = max(sizes, key=lambda k: sizes[k])
    others = [k for k in sizes if k is not default]
    if not nulls:
        if_null = default  # the column has no nulls: the null branch is never taken
    if default is not None and if_null is default and len(others) == 1 and others[0] is not None:
        # the common case: one membership test, nulls take the default
        found = _is_in(column, groups[others[0]])
        return (found if others[0] else ~found).fill_null(value=default)
    if not others:
        return (
            nw.when(column.is_null()).then(_lit(if_null, "bool")).otherwise(_lit(default, "bool"))
        )
    chain = nw.when(column.is_null()).then(_lit(if_null, "bool"))
    for outcome in others:
        chain = chain.when(_is_in(column, groups[outcome])).then(_lit(outcome, "bool"))
    return chain.otherwise(_lit(default, "bool"))


def _is_in(column: nw.Expr, values: Sequence[Any]) -> nw.Expr:
    """Membership; one value is an equality, which Polars tests without hashing."""
    if len(values) == 1:
        return column == nw.lit(values[0])
    return column.is_in(values)


# -- keys ------------------------------------------------------------------------------------
def _integer_keys(
    persons_schema: Mapping[str, Any], households: Any, schema: Mapping[str, Any]
) -> bool:
    """Whether the households' ``no_kk`` are all 16 digits, so keys can be 64-bit integers.

    Persons are not checked here: their keys are cast only when 16 characters long (a
    shorter or longer value matches no household either); if one of those is not
    digits, the cast fails and the caller starts again with text keys. Also refuses
    households that repeat a ``no_kk``.

    Raises:
        SchemaError: the households repeat a ``no_kk``.
    """
    integer = _is_string(schema["no_kk"]) and _is_string(persons_schema["no_kk"])
    if integer:
        text = nw.col("no_kk").cast(nw.String)
        number = text.cast(nw.Int64)
        try:
            shortest, longest, smallest, distinct, nulls, total = households.select(
                text.str.len_chars().min(),
                text.str.len_chars().max().alias("b"),
                number.min().alias("c"),
                number.n_unique().alias("d"),
                nw.col("no_kk").null_count().alias("e"),
                nw.len().alias("f"),
            ).row(0)
        except Exception:  # noqa: BLE001 - a value that is not digits: text keys
            integer = False
        else:
            if shortest is not None and (shortest != 16 or longest != 16 or smallest < 10**15):
                integer = False
            elif distinct - (1 if nulls else 0) + nulls != total:
                _duplicates(households)
            else:
                return True
    if households.select(nw.col("no_kk").is_duplicated().any()).item():
        _duplicates(households)
    return False


def _duplicates(households: Any) -> None:
    raise SchemaError(
        "the households frame has the same no_kk more than once; give one row per KK",
        column="no_kk",
        found=list(households.columns),
    )


def _household_nodes(
    compiled: Any, rules: Sequence[Rule], components: Sequence[Component]
) -> list[ir.IR]:
    nodes: list[ir.IR] = [v.ir for v in compiled.household_variables]
    if compiled.unit == "household":
        nodes += [r.ir for r in rules]
        nodes += [c.units for c in components] + [c.amount for c in components]
        if compiled.max_units is not None:
            nodes.append(compiled.max_units)
    return nodes


def _finish(  # noqa: PLR0913 - internal
    unit: Any,
    keys: list[str],
    comp_names: list[str],
    literals: Sequence[nw.Expr],
    rule_ids: Sequence[str],
    *,
    eager: bool,
    kind: _frames.Kind,
    in_order: Any = None,
    post: Any = None,
) -> Any:
    """Collect (in-memory frames) and spell out the status and the id lists.

    ``in_order`` is the households' ``no_kk`` column when the result has one row per
    household: once sorted back into input order, the rows line up with it, so the
    text column need not travel through the join and the sort.
    """
    body = ["amount", *comp_names]
    if not eager:
        lazy = unit.select(*keys, *literals[:1], *_text_columns(rule_ids), *body, *literals[1:])
        if post is not None:
            lazy = post(lazy)
        return lazy.to_native()
    carried = [] if in_order is not None else keys
    # Polars' streaming engine (the default from Polars 2; asked for on 1.x, where the
    # in-memory default takes more than twice as long on this plan).
    names = [code_name(k) for k in range(code_count(len(rule_ids)))]
    result = _frames.collect(unit.select(*carried, *names, *body, _ROW)).sort(_ROW)
    if in_order is not None:
        result = result.with_columns(in_order.alias(keys[0]))
    column = names[0]
    if len(names) > 1:  # more than 39 rules: one text key "c0:c1:..." per row
        column = "__key"
        key = nw.concat_str([nw.col(name).cast(nw.String) for name in names], separator=":")
        result = result.with_columns(key.alias(column))
    code = nw.col(column)
    codes = result.get_column(column).unique().to_list()
    if codes:
        status, reasons, passed = _code_columns(code, codes, rule_ids)
    else:  # no rows: keep the column types
        status, reasons, passed = (
            _null("text").alias("status"),
            nw.lit(None, dtype=nw.List(nw.String)).alias("reasons"),
            nw.lit(None, dtype=nw.List(nw.String)).alias("passed"),
        )
    result = result.select(
        *keys, *literals[:1], status, *body[:1], reasons, passed, *body[1:], *literals[1:]
    )
    if post is not None:
        result = post(result)
    if kind is _frames.Kind.PANDAS:
        import pandas as pd  # noqa: PLC0415 - only for pandas callers

        return result.to_arrow().to_pandas(types_mapper=pd.ArrowDtype)
    if kind is _frames.Kind.PYARROW:
        return result.to_arrow()
    return result.to_native()


@attrs.frozen(slots=True)
class _Plan:
    """What :func:`_build` assembles the lazy plan from, decided once per evaluation.

    Attributes:
        compiled: the rule set's compiled file.
        pframe: the persons (a narwhals frame; with ``__row`` for eager person programs).
        hframe: the households (with ``__row`` when eager).
        pschema: the persons' column types.
        hschema: the households' column types.
        comp: the expression compiler (parameters, aggregates, lookups).
        persons: the person plan (lookups, the columns still read).
        fields: the person fields still read.
        variables: the person variables still computed, in dependency order.
        aggregates: the aggregates over members, by slot.
        agg_inputs: each aggregate's filter and value, rewritten for the lookups.
        unit_rules: the active rules, as the unit's columns compute them.
        unit_components: the active components, likewise.
        subjects: the subjects of a person program, or ``None``.
        max_units: the cap on the units, or ``None``.
        eager: the frames are in memory.
        unknown: fields whose column is missing (null).
        kind: the frame kind the result is given back as.
    """

    compiled: Any
    pframe: Any
    hframe: Any
    pschema: Mapping[str, Any]
    hschema: Mapping[str, Any]
    comp: _Compiler
    persons: _PersonPlan
    fields: list[str]
    variables: list[Any]
    aggregates: Mapping[ir.Agg, int]
    agg_inputs: Mapping[tuple[ir.Agg, int], list[Any]]
    unit_rules: Sequence[Rule]
    unit_components: Sequence[Component]
    subjects: Any
    max_units: Any
    eager: bool
    unknown: frozenset[str]
    kind: _frames.Kind


def _build(plan: _Plan, *, integer: bool) -> tuple[Any, list[str], list[str]]:
    """The lazy plan: persons, aggregates, households, then the decision columns.

    *integer*: join on the KK numbers as integers (see :func:`_integer_keys`).
    """
    compiled, comp, eager = plan.compiled, plan.comp, plan.eager
    person_unit = compiled.unit == "person"
    # Persons: raw columns for lookups, the columns still read, the variables still used.
    pkeys = ["no_kk", "nik"] if person_unit else []
    if person_unit and eager:
        pkeys.append(_ROW)
    lookup_fields = sorted({k.field for k in plan.persons.lookups.values()})
    people = _read_frame(
        plan.pframe.lazy(),
        {n: s for n, s in compiled.person_fields.items() if n in plan.fields},
        plan.pschema,
        pkeys,
        raw=lookup_fields,
        integer=integer,
        mapped=plan.persons.mapped,
        unknown=plan.unknown,
    )
    for group in _by_level(plan.variables, "person"):
        people = comp.columns(people, group)
    # In-memory household results take no_kk back from the input, in order (_finish).
    hkeys = [_ROW] if eager and not person_unit else ["no_kk"]
    homes = _read_frame(
        plan.hframe.lazy(),
        compiled.household_fields,
        plan.hschema,
        hkeys,
        integer=integer,
        unknown=plan.unknown,
    )
    if plan.aggregates:
        inputs: list[tuple[str, Any]] = []
        for (_, i), (where, value) in plan.agg_inputs.items():
            if where is not None:
                inputs.append((f"__w{i}", where))
            if value is not None:
                inputs.append((f"__x{i}", value))
        per_person = [col for agg, i in plan.aggregates.items() for col in _person_columns(agg, i)]
        packed, sums = _packed(plan.aggregates)
        grouped = (
            comp.columns(people, inputs)
            .with_columns(*per_person)
            .select(nw.col(_KK), *packed)
            .group_by(_KK)
            .agg(*[nw.col(name).sum() for name in sums], nw.len().alias("__n"))
        )
        homes = homes.join(grouped, on=_KK, how="left").with_columns(
            *[nw.col(name).fill_null(0) for name in [*sums, "__n"]]
        )
        homes = homes.with_columns(*_decode(plan.aggregates))
    household_variables = [(v.name, v.ir) for v in compiled.household_variables]
    for group in _by_level(household_variables, "household"):
        homes = comp.columns(homes, group)

    if person_unit:
        keep = [_KK, *[n for n in compiled.household_fields if n != "no_kk"]]
        keep += [v.name for v in compiled.household_variables]
        # Persons of households that are not in the households frame are not decided,
        # as in household programs (where they belong to no decided household).
        unit = people.join(homes.select(*keep), on=_KK, how="inner")
        if plan.subjects is not None:
            unit = comp.columns(unit, [("__subject", plan.subjects)])
            unit = unit.filter(nw.col("__subject").fill_null(value=True))
        key_columns = ["no_kk", "nik"]
    else:
        unit = homes
        key_columns = ["no_kk"]
    unit, comp_names = _statement(unit, comp, plan.unit_rules, plan.unit_components, plan.max_units)
    return unit, key_columns, comp_names


def _by_level(variables: Sequence[tuple[str, Any]], entity: str) -> list[list[tuple[str, Any]]]:
    """Variables (in dependency order) grouped so each group only uses earlier groups.

    One ``with_columns`` per group rather than per variable: the plan is as deep as the
    longest chain of variables (at most ``MAX_VARIABLE_DEPTH``), not as their number.
    """
    level: dict[str, int] = {}
    groups: list[list[tuple[str, Any]]] = []
    for name, node in variables:
        uses = [
            level.get(sub.name, 0)
            for sub in ir.walk(node)
            if isinstance(sub, ir.Var) and sub.entity == entity
        ]
        level[name] = 1 + max(uses, default=0)
        while len(groups) < level[name]:
            groups.append([])
        groups[level[name] - 1].append((name, node))
    return groups


def decide_frames(  # noqa: PLR0913, PLR0917 - the pipeline, in order
    ruleset: Any,
    persons: Any,
    households: Any,
    at: dt.date,
    ctx: Context,
    rules: Sequence[Rule],
    components: Sequence[Component],
    *,
    unknown: frozenset[str] = frozenset(),
    output: Any = None,
    post: Any = None,
) -> Any:
    """Decide every household (or person) of the input frames; return the native result.

    *persons* and *households* are narwhals frames of one kind, as the intake gives them;
    *unknown* fields are null (their column is missing); *output* is the frame kind to
    give back when the inputs were converted (pandas read through Polars); *post* is
    applied to the result before it is converted back (a Polars frame for in-memory
    input, the narwhals lazy frame otherwise).
    """
    compiled = ruleset._compiled  # noqa: SLF001 - the engine is the rule set's own
    person_unit = compiled.unit == "person"
    # The intake (rules/_intake.py) gives two narwhals frames of one kind, pandas and
    # PyArrow already read into Polars; *output* is the caller's kind.
    pframe, hframe = persons, households
    eager = isinstance(pframe, nw.DataFrame)
    kind = output if output is not None else _frames.kind_of(pframe)
    required = ruleset.required_columns()
    pschema = _check_columns(pframe, required["person"], "persons")
    hschema = _check_columns(hframe, required["household"], "households")
    integer = False
    if eager:
        integer = _integer_keys(pschema, hframe, hschema)
        hframe = hframe.with_row_index(_ROW)
        if person_unit:
            pframe = pframe.with_row_index(_ROW)
    aggregates = _collect_aggregates(_household_nodes(compiled, rules, components))
    comp = _Compiler(ctx, aggregates, patterns=_frames.kind_of(pframe).spark)
    person_plan = _PersonPlan(compiled, pframe if eager else None, pschema, comp)
    agg_inputs = {
        (agg, i): [None if n is None else person_plan.rewrite(n) for n in (agg.where, agg.value)]
        for agg, i in aggregates.items()
    }
    unit_roots: list[Any] = []
    if person_unit:
        unit_rules = [attrs.evolve(r, ir=person_plan.rewrite(r.ir)) for r in rules]
        unit_components = [
            attrs.evolve(
                c, units=person_plan.rewrite(c.units), amount=person_plan.rewrite(c.amount)
            )
            for c in components
        ]
        subjects = None if compiled.subjects is None else person_plan.rewrite(compiled.subjects)
        max_units = None if compiled.max_units is None else person_plan.rewrite(compiled.max_units)
        unit_roots = [r.ir for r in unit_rules] + [c.units for c in unit_components]
        unit_roots += [c.amount for c in unit_components]
        unit_roots += [n for n in (subjects, max_units) if n is not None]
    else:
        unit_rules, unit_components, subjects = list(rules), list(components), None
        max_units = compiled.max_units
    roots = [n for pair in agg_inputs.values() for n in pair if n is not None] + unit_roots
    fields, variables = person_plan.needed(roots)
    person_plan.resolve()
    fields += [name for name in person_plan.fallback if name not in fields]
    comp.lookups = person_plan.exprs

    plan = _Plan(
        compiled=compiled,
        pframe=pframe,
        hframe=hframe,
        pschema=pschema,
        hschema=hschema,
        comp=comp,
        persons=person_plan,
        fields=fields,
        variables=variables,
        aggregates=aggregates,
        agg_inputs=agg_inputs,
        unit_rules=unit_rules,
        unit_components=unit_components,
        subjects=subjects,
        max_units=max_units,
        eager=eager,
        unknown=unknown,
        kind=kind,
    )

    literals = [
        nw.lit(compiled.program).alias("program"),
        nw.lit(compiled.version).alias("ruleset_version"),
        nw.lit(ruleset.sha256).alias("ruleset_sha256"),
        nw.lit(at).alias("reference_date"),
    ]
    rule_ids = [r.id for r in unit_rules]
    in_order = hframe.get_column("no_kk") if eager and not person_unit else None
    unit, key_columns, comp_names = _build(plan, integer=integer)
    try:
        return _finish(
            unit,
            key_columns,
            comp_names,
            literals,
            rule_ids,
            eager=eager,
            kind=plan.kind,
            in_order=in_order,
            post=post,
        )
    except nw.exceptions.InvalidOperationError:
        if not integer:
            raise
    # A person's 16-character no_kk was not digits: start again with text keys.
    unit, key_columns, comp_names = _build(plan, integer=False)
    return _finish(
        unit,
        key_columns,
        comp_names,
        literals,
        rule_ids,
        eager=eager,
        kind=plan.kind,
        in_order=in_order,
        post=post,
    )
