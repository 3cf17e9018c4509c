"""Checked, typed intermediate form of expressions, shared by both engines.

The type checker (``_check_types.py``) turns a syntax tree into these nodes once names are
resolved and types checked. The scalar engine (``_scalar.py``) and the vectorised engine
(``_vector.py``) each interpret them, with the same three-valued semantics:

* ``None`` is "unknown". Arithmetic, comparisons, functions and ``in`` with an unknown
  operand are unknown; ``x / 0`` is unknown.
* ``and``/``or``/``not`` follow Kleene logic (``false and unknown`` is ``false``).
* ``if c then a else b`` is unknown when ``c`` is.
* ``coalesce`` and ``is_missing`` are the only ways to turn unknown into known.
* Aggregates over a household's members: ``count`` and ``sum`` are unknown when any
  member's filter (or summed value) is unknown; ``any`` and ``all`` follow Kleene logic
  over the members. A household without members has ``count`` 0, ``sum`` 0, ``any``
  false and ``all`` true; one with more than ``MAX_MEMBERS`` (32,767) member rows has
  every aggregate unknown.

Types are ``number`` (held as float), ``bool``, ``text``, ``date`` (held as the integer
``YYYYMMDD``) and ``list[...]`` of those for ``in``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

__all__ = [
    "IR",
    "Agg",
    "And",
    "Arith",
    "At",
    "Cmp",
    "Const",
    "Field",
    "Fn",
    "If",
    "Member",
    "Neg",
    "Not",
    "Or",
    "Param",
    "Pow",
    "Var",
    "replace_children",
    "walk",
]


@attrs.frozen(slots=True)
class Const:
    """A constant (``value`` is ``None`` only for an unknown of the given type)."""

    value: object
    type: str


@attrs.frozen(slots=True)
class Field:
    """An input column of ``entity`` (``person`` or ``household``)."""

    entity: str
    name: str
    type: str


@attrs.frozen(slots=True)
class Var:
    """A derived variable of ``entity``."""

    entity: str
    name: str
    type: str


@attrs.frozen(slots=True)
class Param:
    """A dated parameter, resolved at the reference date."""

    name: str
    type: str


@attrs.frozen(slots=True)
class At:
    """The reference date."""

    type: str = "date"


@attrs.frozen(slots=True)
class Neg:
    """``-x``."""

    operand: IR
    type: str = "number"


@attrs.frozen(slots=True)
class Arith:
    """``+ - * /`` on numbers."""

    op: str
    left: IR
    right: IR
    type: str = "number"


@attrs.frozen(slots=True)
class Pow:
    """``x ** n`` with a small whole constant ``n`` (evaluated as repeated products)."""

    base: IR
    exponent: int
    type: str = "number"


@attrs.frozen(slots=True)
class Cmp:
    """A comparison; ``keyword``: a text parameter operand is read as a keyword."""

    op: str
    left: IR
    right: IR
    keyword: bool = False
    type: str = "bool"


@attrs.frozen(slots=True)
class Member:
    """``item in options``; options are constants or a list parameter."""

    item: IR
    options: tuple[object, ...] | Param
    negated: bool
    keyword: bool = False
    type: str = "bool"


@attrs.frozen(slots=True)
class And:
    """Kleene ``and``."""

    left: IR
    right: IR
    type: str = "bool"


@attrs.frozen(slots=True)
class Or:
    """Kleene ``or``."""

    left: IR
    right: IR
    type: str = "bool"


@attrs.frozen(slots=True)
class Not:
    """Kleene ``not``."""

    operand: IR
    type: str = "bool"


@attrs.frozen(slots=True)
class If:
    """``if c then a else b`` (unknown when ``c`` is)."""

    condition: IR
    then: IR
    otherwise: IR
    type: str


@attrs.frozen(slots=True)
class Fn:
    """A built-in function: ``age year month day abs min max coalesce is_missing is_desa``."""

    name: str
    args: tuple[IR, ...]
    type: str


@attrs.frozen(slots=True)
class Agg:
    """An aggregate over a household's members (``value`` and ``where`` in person scope)."""

    func: str
    value: IR | None
    where: IR | None
    type: str


IR = (
    Const
    | Field
    | Var
    | Param
    | At
    | Neg
    | Arith
    | Pow
    | Cmp
    | Member
    | And
    | Or
    | Not
    | If
    | Fn
    | Agg
)


def children(node: IR) -> tuple[IR, ...]:
    """The direct sub-expressions of a node."""
    if isinstance(node, Neg | Not):
        return (node.operand,)
    if isinstance(node, Arith | Cmp | And | Or):
        return (node.left, node.right)
    if isinstance(node, Pow):
        return (node.base,)
    if isinstance(node, Member):
        return (node.item,) if isinstance(node.options, tuple) else (node.item, node.options)
    if isinstance(node, If):
        return (node.condition, node.then, node.otherwise)
    if isinstance(node, Fn):
        return node.args
    if isinstance(node, Agg):
        return tuple(n for n in (node.value, node.where) if n is not None)
    return ()


def walk(node: IR) -> list[IR]:
    """Every node of the tree, parents before children.

    >>> [type(n).__name__ for n in walk(Not(Field("person", "hamil", "bool")))]
    ['Not', 'Field']
    """
    out: list[IR] = []
    stack = [node]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(reversed(children(current)))
    return out


def replace_children(node: IR, fn: Callable[[IR], Any]) -> IR:
    """A copy of ``node`` with ``fn`` applied to each direct sub-expression."""
    if isinstance(node, Neg | Not):
        return attrs.evolve(node, operand=fn(node.operand))
    if isinstance(node, Arith | Cmp | And | Or):
        return attrs.evolve(node, left=fn(node.left), right=fn(node.right))
    if isinstance(node, Pow):
        return attrs.evolve(node, base=fn(node.base))
    if isinstance(node, Member):
        return attrs.evolve(node, item=fn(node.item))
    if isinstance(node, If):
        return attrs.evolve(
            node, condition=fn(node.condition), then=fn(node.then), otherwise=fn(node.otherwise)
        )
    if isinstance(node, Fn):
        return attrs.evolve(node, args=tuple(fn(a) for a in node.args))
    if isinstance(node, Agg):
        return attrs.evolve(
            node,
            value=None if node.value is None else fn(node.value),
            where=None if node.where is None else fn(node.where),
        )
    return node
