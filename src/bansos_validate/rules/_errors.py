"""Errors raised while loading or running a rule set.

Every class here subclasses :class:`bansos_validate.errors.RuleError`, so
``except RuleError`` catches them all::

    RuleError (bansos_validate.errors)
    ├── RuleFileError            a problem located in a rule file (or a case file)
    │   ├── RuleSyntaxError      malformed YAML or expression text
    │   ├── RuleNameError        an unknown name, field, value or program id
    │   └── RuleTypeError        operands of the wrong type (a date compared with a number)
    ├── UnknownProgram           ``load_program`` with an id that is not bundled
    └── NotInForce               a reference date outside the rule set or parameter period
"""

from __future__ import annotations

from bansos_validate.errors import RuleError

__all__ = [
    "NotInForce",
    "RuleFileError",
    "RuleNameError",
    "RuleSyntaxError",
    "RuleTypeError",
    "UnknownProgram",
]


class RuleFileError(RuleError):
    """A problem located in a rule file: where it is, and what is wrong.

    Attributes:
        code: a stable machine code (``unknown_name``, ``type_mismatch``, ``yaml_syntax``...).
        path: the file (or ``<string>``) the rule set came from.
        line: 1-based line in the file, when known.
        column: 1-based column in the file, when known.
        rule_id: the dotted location in the rule set (``conditions.desil``,
            ``variables.household.n_hamil``), when known.
        expression: the expression text, when the problem is inside one.
        expr_line: 1-based line inside the expression text.
        expr_column: 1-based column inside the expression text.
        hint: a "did you mean" suggestion, or ``None``.
    """

    def __init__(  # noqa: PLR0913 - keyword-only location details
        self,
        message: str,
        *,
        code: str,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        rule_id: str | None = None,
        expression: str | None = None,
        expr_line: int | None = None,
        expr_column: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.rule_id = rule_id
        self.expression = expression
        self.expr_line = expr_line
        self.expr_column = expr_column
        self.hint = hint
        super().__init__(self._render())

    def _render(self) -> str:
        where = self.path or "<rules>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        head = f"{where}: {self.code}: {self.message}"
        if self.rule_id:
            head += f" (in {self.rule_id})"
        if self.hint:
            head += f"; did you mean {self.hint!r}?"
        if self.expression is not None and self.expr_column is not None:
            lines = self.expression.splitlines() or [""]
            index = min(max((self.expr_line or 1) - 1, 0), len(lines) - 1)
            text = lines[index]
            head += f"\n    {text}\n    {' ' * (self.expr_column - 1)}^"
        return head

    def located(
        self,
        *,
        path: str | None,
        line: int | None,
        column: int | None,
        rule_id: str | None,
    ) -> RuleFileError:
        """Return a copy of this error placed in a file (expression offsets are kept)."""
        line_out, column_out = line, column
        if line is not None and self.expr_line is not None and self.expr_column is not None:
            if self.expr_line == 1 and column is not None:
                column_out = column + self.expr_column - 1
            else:
                line_out = line + self.expr_line - 1
                column_out = None
        return type(self)(
            self.message,
            code=self.code,
            path=path,
            line=line_out,
            column=column_out,
            rule_id=rule_id,
            expression=self.expression,
            expr_line=self.expr_line,
            expr_column=self.expr_column,
            hint=self.hint,
        )


class RuleSyntaxError(RuleFileError):
    """The YAML or an expression cannot be read (bad token, missing bracket, too deep)."""


class RuleNameError(RuleFileError):
    """An expression or file uses a name, field or value that is not declared."""


class RuleTypeError(RuleFileError):
    """An expression combines values of the wrong types, or divides by a zero constant."""


class UnknownProgram(RuleError, LookupError):  # noqa: N818 - reads as a noun, like KeyError
    """``load_program`` was given an id that is not a bundled program.

    Attributes:
        name: the id that was asked for.
        hint: the closest bundled id, or ``None``.
    """

    def __init__(self, name: str, known: tuple[str, ...], hint: str | None) -> None:
        self.name = name
        self.hint = hint
        text = f"unknown program {name!r}; bundled programs: {', '.join(known)}"
        if hint:
            text += f"; did you mean {hint!r}?"
        super().__init__(text)


class NotInForce(RuleError):  # noqa: N818 - reads as a state, like the OpenFisca errors
    """The reference date lies outside the rule set's period, or before a parameter's values.

    Attributes:
        at: the reference date asked for.
        name: the program or parameter that has no value at that date.
    """

    def __init__(self, message: str, *, at: object, name: str) -> None:
        self.at = at
        self.name = name
        super().__init__(message)
