"""Parser for the rule expression language: a Pratt (precedence-climbing) parser.

Grammar, loosest binding first::

    expr     := "if" expr "then" expr "else" expr | or
    or       := and ("or" and)*
    and      := not ("and" not)*
    not      := "not" not | compare
    compare  := sum (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in") sum)?
    sum      := product (("+" | "-") product)*
    product  := unary (("*" | "/") unary)*
    unary    := "-" unary | power
    power    := atom ("**" unary)?
    atom     := NUMBER | TEXT | "true" | "false" | NAME | NAME "(" args ")"
              | AGG "(" [expr "for"] "members" ["where" expr] ")" | "(" expr ")" | "[" items "]"

``AGG`` is one of ``count``, ``sum``, ``any``, ``all``. Comparisons do not chain
(``1 < x < 5`` is refused: write ``1 < x and x < 5``).

Hostile input cannot exhaust the stack or the memory: the tree is limited to
:data:`~bansos_validate.rules._limits.MAX_DEPTH` levels (an operator chain ``a + b + c``
counts one level per operator, as it is nested ``(a + b) + c``), checked as each node is
built and before the parser descends into a bracket, and to
:data:`~bansos_validate.rules._limits.MAX_NODES` nodes; a call takes at most
:data:`~bansos_validate.rules._limits.MAX_ARGUMENTS` arguments.

>>> parse("desil <= 4")
<desil <= 4>
>>> parse("count(members where umur < 6 and hidup) >= 1")
<count(members where umur < 6 and hidup) >= 1>
>>> parse("if desil == 1 then 2 * (a + b) else 0")
<if desil == 1 then 2 * (a + b) else 0>
"""

from __future__ import annotations

from typing import TypeVar

from bansos_validate.rules import _ast as a
from bansos_validate.rules._errors import RuleSyntaxError
from bansos_validate.rules._lexer import Kind, Token, tokenize
from bansos_validate.rules._limits import MAX_ARGUMENTS, MAX_DEPTH, MAX_NODES

__all__ = ["AGGREGATES", "MAX_ARGUMENTS", "MAX_DEPTH", "MAX_NODES", "parse", "parse_sized"]

AGGREGATES = frozenset({"count", "sum", "any", "all"})

_COMPARE = frozenset({"==", "!=", "<", "<=", ">", ">="})

_N = TypeVar("_N", bound=a.Node)


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.pos = 0
        self.depth = 0
        self.heights: dict[int, int] = {}  # id(node) -> levels of the tree below and at it
        self.nodes: list[a.Node] = []  # every node built (keeps the ids above alive)

    # -- helpers -------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        if token.kind is not Kind.END:
            self.pos += 1
        return token

    def at(self, text: str) -> bool:
        tok = self.tok
        return tok.kind in (Kind.OP, Kind.KEYWORD) and tok.text == text

    def error(
        self, message: str, token: Token, *, code: str = "syntax", hint: str | None = None
    ) -> RuleSyntaxError:
        return RuleSyntaxError(
            message,
            code=code,
            expression=self.source,
            expr_line=token.line,
            expr_column=token.column,
            hint=hint,
        )

    def expect(self, text: str) -> Token:
        if not self.at(text):
            found = self.tok.text or "the end of the expression"
            raise self.error(f"expected {text!r} but found {found!r}", self.tok)
        return self.advance()

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(
                f"the expression is nested more than {MAX_DEPTH} levels deep",
                self.tok,
                code="too_deep",
            )

    def error_at(self, message: str, offset: int, *, code: str) -> RuleSyntaxError:
        line = self.source.count("\n", 0, offset) + 1
        column = offset - (self.source.rfind("\n", 0, offset) + 1) + 1
        return RuleSyntaxError(
            message, code=code, expression=self.source, expr_line=line, expr_column=column
        )

    def made(self, node: _N) -> _N:
        """Record a new node; refuse the tree once it is too deep or too large."""
        height = 1 + max((self.heights[id(c)] for c in node.children()), default=0)
        if height > MAX_DEPTH:
            raise self.error_at(
                f"the expression is nested more than {MAX_DEPTH} levels deep "
                "(each operator of a chain such as a + b + c counts as a level)",
                node.start,
                code="too_deep",
            )
        self.heights[id(node)] = height
        self.nodes.append(node)
        if len(self.nodes) > MAX_NODES:
            raise self.error_at(
                f"the expression has more than {MAX_NODES} parts (names, values, operators)",
                node.start,
                code="too_large",
            )
        return node

    # -- grammar -------------------------------------------------------------------------
    def parse(self) -> a.Node:
        if self.tok.kind is Kind.END:
            raise self.error("the expression is empty", self.tok, code="empty")
        node = self.expr()
        tok = self.tokens[self.pos]
        if tok.kind is not Kind.END:
            hint = None
            if tok.kind is Kind.OP and tok.text in _COMPARE:
                hint = "... and ..."
                raise self.error(
                    "comparisons cannot be chained; join them with 'and'", tok, hint=hint
                )
            raise self.error(f"unexpected {tok.text!r} after a complete expression", tok)
        return node

    def expr(self) -> a.Node:
        self.enter()
        try:
            if self.at("if"):
                start = self.advance()
                condition = self.expr()
                self.expect("then")
                then = self.expr()
                self.expect("else")
                otherwise = self.expr()
                return self.made(
                    a.IfElse(condition, then, otherwise, start=start.offset, end=otherwise.end)
                )
            return self.logical_or()
        finally:
            self.depth -= 1

    def logical_or(self) -> a.Node:
        left = self.logical_and()
        while self.at("or"):
            self.advance()
            right = self.logical_and()
            left = self.made(a.Logical("or", left, right, start=left.start, end=right.end))
        return left

    def logical_and(self) -> a.Node:
        left = self.logical_not()
        while self.at("and"):
            self.advance()
            right = self.logical_not()
            left = self.made(a.Logical("and", left, right, start=left.start, end=right.end))
        return left

    def logical_not(self) -> a.Node:
        if self.at("not"):
            start = self.advance()
            self.enter()
            try:
                operand = self.logical_not()
            finally:
                self.depth -= 1
            return self.made(a.Not(operand, start=start.offset, end=operand.end))
        return self.compare()

    def compare(self) -> a.Node:
        left = self.additive()
        tok = self.tok
        if tok.kind is Kind.OP and tok.text in _COMPARE:
            self.advance()
            right = self.additive()
            return self.made(a.Compare(tok.text, left, right, start=left.start, end=right.end))
        if self.at("in"):
            self.advance()
            right = self.additive()
            return self.made(a.In(left, right, start=left.start, end=right.end))
        if self.at("not") and self.tokens[self.pos + 1].text == "in":
            self.advance()
            self.advance()
            right = self.additive()
            return self.made(a.In(left, right, negated=True, start=left.start, end=right.end))
        return left

    def additive(self) -> a.Node:
        left = self.multiplicative()
        while self.tok.kind is Kind.OP and self.tok.text in ("+", "-"):
            op = self.advance().text
            right = self.multiplicative()
            left = self.made(a.Binary(op, left, right, start=left.start, end=right.end))
        return left

    def multiplicative(self) -> a.Node:
        left = self.unary()
        while self.tok.kind is Kind.OP and self.tok.text in ("*", "/"):
            op = self.advance().text
            right = self.unary()
            left = self.made(a.Binary(op, left, right, start=left.start, end=right.end))
        return left

    def unary(self) -> a.Node:
        if self.tok.kind is Kind.OP and self.tok.text in ("-", "+"):
            start = self.advance()
            self.enter()
            try:
                operand = self.unary()
            finally:
                self.depth -= 1
            if start.text == "+":
                return operand
            return self.made(a.Unary("-", operand, start=start.offset, end=operand.end))
        return self.power()

    def power(self) -> a.Node:
        base = self.atom()
        if self.at("**"):
            self.advance()
            self.enter()
            try:
                exponent = self.unary()
            finally:
                self.depth -= 1
            return self.made(a.Binary("**", base, exponent, start=base.start, end=exponent.end))
        return base

    def atom(self) -> a.Node:
        tok = self.tok
        end = tok.offset + len(tok.text)
        if tok.kind is Kind.NUMBER:
            self.advance()
            assert isinstance(tok.value, int | float)  # noqa: S101 - set by the tokenizer
            return self.made(a.Number(tok.value, start=tok.offset, end=end))
        if tok.kind is Kind.STRING:
            self.advance()
            return self.made(a.Text(str(tok.value), start=tok.offset, end=end))
        if tok.kind is Kind.KEYWORD and tok.text in ("true", "false"):
            self.advance()
            return self.made(a.Bool(tok.text == "true", start=tok.offset, end=end))
        if tok.kind is Kind.NAME:
            self.advance()
            if self.at("("):
                if tok.text in AGGREGATES:
                    return self.aggregate(tok)
                return self.call(tok)
            hint = {"True": "true", "False": "false", "AND": "and", "OR": "or", "NOT": "not"}
            if tok.text in hint:
                raise self.error(
                    f"{tok.text!r} is not a keyword here", tok, code="syntax", hint=hint[tok.text]
                )
            return self.made(a.Name(tok.text, start=tok.offset, end=end))
        if self.at("("):
            self.advance()
            inner = self.expr()
            self.expect(")")
            return inner
        if self.at("["):
            return self.list_literal()
        if tok.kind is Kind.KEYWORD and tok.text == "members":
            raise self.error(
                "'members' can only be used inside count(...), sum(...), any(...) or all(...)",
                tok,
                code="members_outside_aggregate",
            )
        found = tok.text or "the end of the expression"
        raise self.error(f"expected a value but found {found!r}", tok)

    def list_literal(self) -> a.Node:
        start = self.advance()
        items: list[a.Node] = []
        while not self.at("]"):
            self.enter()
            try:
                items.append(self.expr())
            finally:
                self.depth -= 1
            if not self.at(","):
                break
            self.advance()
        close = self.expect("]")
        return self.made(a.ListLit(tuple(items), start=start.offset, end=close.offset + 1))

    def call(self, name: Token) -> a.Node:
        self.expect("(")
        args: list[a.Node] = []
        while not self.at(")"):
            if len(args) == MAX_ARGUMENTS:
                raise self.error(
                    f"{name.text}() takes at most {MAX_ARGUMENTS} arguments",
                    self.tok,
                    code="too_many_arguments",
                )
            self.enter()
            try:
                args.append(self.expr())
            finally:
                self.depth -= 1
            if not self.at(","):
                break
            self.advance()
        close = self.expect(")")
        return self.made(a.Call(name.text, tuple(args), start=name.offset, end=close.offset + 1))

    def aggregate(self, name: Token) -> a.Node:
        self.expect("(")
        value: a.Node | None = None
        if not self.at("members"):
            self.enter()
            try:
                value = self.expr()
            finally:
                self.depth -= 1
            self.expect("for")
        self.expect("members")
        where: a.Node | None = None
        if self.at("where"):
            self.advance()
            self.enter()
            try:
                where = self.expr()
            finally:
                self.depth -= 1
        close = self.expect(")")
        return self.made(
            a.Aggregate(name.text, value, where, start=name.offset, end=close.offset + 1)
        )


def parse(source: str) -> a.Node:
    """Parse expression text into a syntax tree.

    >>> parse("pekerjaan not in ['PNS', 'TNI']")
    <pekerjaan not in ["PNS", "TNI"]>
    >>> parse("1 < x < 5")
    Traceback (most recent call last):
        ...
    RuleSyntaxError: <rules>: syntax: comparisons cannot be chained; join them with 'and'...
    >>> parse("(" * 100 + "1" + ")" * 100)
    Traceback (most recent call last):
        ...
    RuleSyntaxError: <rules>: too_deep: the expression is nested more than 60 levels deep...

    Raises:
        RuleSyntaxError: the text is not an expression of the language, or exceeds a
            limit (``too_deep``, ``too_large``, ``too_long``, ``too_many_arguments``).
    """
    return parse_sized(source)[0]


def parse_sized(source: str) -> tuple[a.Node, int]:
    """Parse expression text; return the tree and its number of nodes.

    >>> parse_sized("min(a, b + 1) > 2")
    (<min(a, b + 1) > 2>, 7)

    Raises:
        RuleSyntaxError: as :func:`parse`.
    """
    parser = _Parser(source)
    try:
        node = parser.parse()
    except RecursionError:  # pragma: no cover - a safety net: the depth is bounded first
        raise RuleSyntaxError(
            f"the expression is nested more than {MAX_DEPTH} levels deep", code="too_deep"
        ) from None
    return node, len(parser.nodes)
