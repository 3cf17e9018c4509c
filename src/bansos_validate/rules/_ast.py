"""Syntax tree of the rule expression language.

Nodes are small frozen values. ``str(node)`` prints the expression back in canonical
form (minimal parentheses) and ``repr(node)`` wraps it in angle brackets, so a condition
reads like the rule: ``<desil <= 4>``.
"""

from __future__ import annotations

import attrs

__all__ = [
    "Aggregate",
    "Binary",
    "Bool",
    "Call",
    "Compare",
    "IfElse",
    "In",
    "ListLit",
    "Logical",
    "Name",
    "Node",
    "Not",
    "Number",
    "Text",
    "Unary",
]

# Binding strength, used to print only the parentheses that are needed.
PREC_IF = 1
PREC_OR = 10
PREC_AND = 20
PREC_NOT = 30
PREC_CMP = 40
PREC_ADD = 50
PREC_MUL = 60
PREC_NEG = 70
PREC_POW = 80
PREC_ATOM = 100

_BINARY_PREC = {"+": PREC_ADD, "-": PREC_ADD, "*": PREC_MUL, "/": PREC_MUL, "**": PREC_POW}


def _wrap(node: Node, minimum: int) -> str:
    text = str(node)
    return f"({text})" if node.precedence < minimum else text


def _number_text(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


@attrs.frozen(slots=True, repr=False)
class Node:
    """Base of every node: ``start`` and ``end`` are offsets in the expression text."""

    start: int = attrs.field(kw_only=True, eq=False, default=0)
    end: int = attrs.field(kw_only=True, eq=False, default=0)

    @property
    def precedence(self) -> int:
        """How tightly the node binds (higher binds tighter)."""
        return PREC_ATOM

    def children(self) -> tuple[Node, ...]:
        """The direct sub-expressions."""
        return ()

    def __repr__(self) -> str:
        return f"<{self}>"


@attrs.frozen(slots=True, repr=False)
class Number(Node):
    """A number literal."""

    value: int | float

    def __str__(self) -> str:
        return _number_text(self.value)


@attrs.frozen(slots=True, repr=False)
class Text(Node):
    """A text literal."""

    value: str

    def __str__(self) -> str:
        quote = "'" if '"' in self.value else '"'
        return f"{quote}{self.value}{quote}"


@attrs.frozen(slots=True, repr=False)
class Bool(Node):
    """``true`` or ``false``."""

    value: bool

    def __str__(self) -> str:
        return "true" if self.value else "false"


@attrs.frozen(slots=True, repr=False)
class Name(Node):
    """A reference to a field, variable, parameter or ``at``."""

    id: str

    def __str__(self) -> str:
        return self.id


@attrs.frozen(slots=True, repr=False)
class ListLit(Node):
    """A list literal, ``["PNS", "TNI"]`` (only as the right side of ``in``)."""

    items: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        """The items."""
        return self.items

    def __str__(self) -> str:
        return "[" + ", ".join(str(item) for item in self.items) + "]"


@attrs.frozen(slots=True, repr=False)
class Unary(Node):
    """Arithmetic negation, ``-x``."""

    op: str
    operand: Node

    @property
    def precedence(self) -> int:
        """Negation binds tighter than ``*`` and looser than ``**``."""
        return PREC_NEG

    def children(self) -> tuple[Node, ...]:
        """The operand."""
        return (self.operand,)

    def __str__(self) -> str:
        return f"{self.op}{_wrap(self.operand, PREC_NEG)}"


@attrs.frozen(slots=True, repr=False)
class Binary(Node):
    """Arithmetic: ``+ - * / **``."""

    op: str
    left: Node
    right: Node

    @property
    def precedence(self) -> int:
        """The operator's precedence."""
        return _BINARY_PREC[self.op]

    def children(self) -> tuple[Node, ...]:
        """Both operands."""
        return (self.left, self.right)

    def __str__(self) -> str:
        prec = self.precedence
        if self.op == "**":  # right-associative
            return f"{_wrap(self.left, prec + 1)} ** {_wrap(self.right, prec)}"
        return f"{_wrap(self.left, prec)} {self.op} {_wrap(self.right, prec + 1)}"


@attrs.frozen(slots=True, repr=False)
class Compare(Node):
    """A comparison: ``== != < <= > >=`` (not chained)."""

    op: str
    left: Node
    right: Node

    @property
    def precedence(self) -> int:
        """Comparisons bind tighter than ``not``."""
        return PREC_CMP

    def children(self) -> tuple[Node, ...]:
        """Both operands."""
        return (self.left, self.right)

    def __str__(self) -> str:
        return f"{_wrap(self.left, PREC_CMP + 1)} {self.op} {_wrap(self.right, PREC_CMP + 1)}"


@attrs.frozen(slots=True, repr=False)
class In(Node):
    """Membership: ``x in [...]`` or ``x not in [...]`` (a list literal or list parameter)."""

    item: Node
    options: Node
    negated: bool = False

    @property
    def precedence(self) -> int:
        """Membership binds like a comparison."""
        return PREC_CMP

    def children(self) -> tuple[Node, ...]:
        """The item and the options."""
        return (self.item, self.options)

    def __str__(self) -> str:
        op = "not in" if self.negated else "in"
        return f"{_wrap(self.item, PREC_CMP + 1)} {op} {_wrap(self.options, PREC_CMP + 1)}"


@attrs.frozen(slots=True, repr=False)
class Not(Node):
    """Logical negation."""

    operand: Node

    @property
    def precedence(self) -> int:
        """``not`` binds looser than comparisons."""
        return PREC_NOT

    def children(self) -> tuple[Node, ...]:
        """The operand."""
        return (self.operand,)

    def __str__(self) -> str:
        return f"not {_wrap(self.operand, PREC_NOT)}"


@attrs.frozen(slots=True, repr=False)
class Logical(Node):
    """``and`` / ``or`` (three-valued: an unknown side stays unknown unless decided)."""

    op: str
    left: Node
    right: Node

    @property
    def precedence(self) -> int:
        """``or`` binds loosest, then ``and``."""
        return PREC_OR if self.op == "or" else PREC_AND

    def children(self) -> tuple[Node, ...]:
        """Both operands."""
        return (self.left, self.right)

    def __str__(self) -> str:
        prec = self.precedence
        return f"{_wrap(self.left, prec)} {self.op} {_wrap(self.right, prec + 1)}"


@attrs.frozen(slots=True, repr=False)
class IfElse(Node):
    """``if c then a else b``."""

    condition: Node
    then: Node
    otherwise: Node

    @property
    def precedence(self) -> int:
        """Binds loosest of all."""
        return PREC_IF

    def children(self) -> tuple[Node, ...]:
        """Condition and both branches."""
        return (self.condition, self.then, self.otherwise)

    def __str__(self) -> str:
        return f"if {self.condition} then {self.then} else {self.otherwise}"


@attrs.frozen(slots=True, repr=False)
class Call(Node):
    """A call of a built-in function: ``age(tanggal_lahir, at)``, ``min(a, b)``."""

    func: str
    args: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        """The arguments."""
        return self.args

    def __str__(self) -> str:
        return f"{self.func}(" + ", ".join(str(a) for a in self.args) + ")"


@attrs.frozen(slots=True, repr=False)
class Aggregate(Node):
    """Persons to their household: ``count(members where c)``, ``sum(x for members)``."""

    func: str
    value: Node | None
    where: Node | None

    def children(self) -> tuple[Node, ...]:
        """The value and the filter, when present."""
        return tuple(n for n in (self.value, self.where) if n is not None)

    def __str__(self) -> str:
        text = f"{self.value} for members" if self.value is not None else "members"
        if self.where is not None:
            text += f" where {self.where}"
        return f"{self.func}({text})"
