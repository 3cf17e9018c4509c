"""Where the compiler is in a rule file: located errors and the file's expression budget.

The three stages of compiling a rule file (:mod:`._declare`, :mod:`._check_types`,
:mod:`._assemble`) raise their errors through one :class:`Locator`. An error about a part
of the file (a name, a reference, a section) carries the file's line and column of that
part; an error about a node of an expression carries, besides, the expression, the line
and column inside it, and the file's line and column of that node (through the
:class:`~bansos_validate._yaml.SourceMap`). The locator also parses the expressions of the
file, so every expression counts in one budget of :data:`MAX_FILE_NODES` parts.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from bansos_validate.rules._errors import RuleFileError, RuleSyntaxError
from bansos_validate.rules._limits import MAX_FILE_NODES
from bansos_validate.rules._parser import parse_sized

if TYPE_CHECKING:
    from bansos_validate.rules import _ast as a
    from bansos_validate.rules._yaml import SourceMap

__all__ = ["Locator", "Path", "close"]

Path = tuple[str | int, ...]
"""The keys from the top of the YAML document to a value (``("conditions", 0, "rule")``)."""


def close(name: str, options: Iterable[str]) -> str | None:
    """The option closest to *name* (a "did you mean" hint), or ``None``.

    >>> close("desil_max", ["desil_maks", "umur"])
    'desil_maks'
    """
    found = difflib.get_close_matches(name, sorted(set(options)), n=1, cutoff=0.6)
    return found[0] if found else None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


class Locator:
    """Builds the located errors of one rule file, and parses its expressions.

    Attributes:
        smap: the positions of the file's values.
        path: the file's name, as errors show it.
        text: the expression being checked (``""`` between expressions).
        where: the path of that expression in the file.
        rule_id: the dotted place of that expression (``conditions.desil``), or ``""``.
        nodes: the parts of every expression parsed so far (at most ``MAX_FILE_NODES``).
    """

    __slots__ = ("nodes", "path", "rule_id", "smap", "text", "where")

    def __init__(self, smap: SourceMap) -> None:
        self.smap = smap
        self.path = smap.path
        self.text = ""
        self.where: Path = ()
        self.rule_id = ""
        self.nodes = 0

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
        """The error to raise: at *node* of the current expression, else at *path*.

        Without *node* the error is at *path* (default: the current expression's place),
        and names *rule_id*, else the current expression's, else none.
        """
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

    def parse(self, text: str | int, path: Path, rule_id: str) -> a.Node:
        """Parse the expression at *path* (errors located); count it in the file's budget.

        Raises:
            RuleSyntaxError: the expression does not parse, or the file's expressions
                have more than ``MAX_FILE_NODES`` parts in all.
        """
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
