"""Tokenizer for the rule expression language (hand-written, no ``re`` backtracking traps).

The language is small on purpose: numbers, quoted text, names, a fixed set of operators
and keywords. Anything else is refused with its position, and with a hint when the text
looks like another language (``&&``, ``=``, ``x.y``).
"""

from __future__ import annotations

import enum

import attrs

from bansos_validate.rules._errors import RuleSyntaxError
from bansos_validate.rules._limits import (
    MAX_CHARS,
    MAX_DIGITS,
    MAX_NUMBER,
    MAX_STRING,
    MAX_TOKENS,
)

__all__ = [
    "KEYWORDS",
    "MAX_CHARS",
    "MAX_NUMBER",
    "MAX_STRING",
    "MAX_TOKENS",
    "Kind",
    "Token",
    "tokenize",
]

KEYWORDS = frozenset(
    {"and", "or", "not", "in", "if", "then", "else", "where", "for", "members", "true", "false"}
)

_OPERATORS = ("**", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "(", ")", "[", "]", ",")

_HINTS = {
    "&&": "and",
    "||": "or",
    "!": "not",
    "=": "==",
    "<>": "!=",
    "%": "a supported operator (+ - * / **)",
    ".": "a plain name (attribute access is not allowed)",
    "^": "**",
}


class Kind(enum.Enum):
    """Token kinds."""

    NUMBER = "number"
    STRING = "string"
    NAME = "name"
    KEYWORD = "keyword"
    OP = "operator"
    END = "end"


@attrs.frozen(slots=True)
class Token:
    """One token, with its place in the expression (0-based offset, 1-based line/column)."""

    kind: Kind
    text: str
    offset: int
    line: int
    column: int
    value: object = None

    def __repr__(self) -> str:
        return f"<{self.kind.value} {self.text!r} at {self.line}:{self.column}>"


def _error(
    message: str, source: str, offset: int, *, code: str, hint: str | None = None
) -> Exception:
    line = source.count("\n", 0, offset) + 1
    column = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return RuleSyntaxError(
        message,
        code=code,
        expression=source,
        expr_line=line,
        expr_column=column,
        hint=hint,
    )


def tokenize(source: str) -> list[Token]:  # noqa: PLR0912, PLR0915 - a flat scanner
    """Split expression text into tokens.

    >>> [t.text for t in tokenize("count(members where umur < 6) >= 1")]
    ['count', '(', 'members', 'where', 'umur', '<', '6', ')', '>=', '1', '']
    >>> tokenize("desil = 4")
    Traceback (most recent call last):
        ...
    RuleSyntaxError: <rules>: unexpected_character: '=' is not an operator...

    Raises:
        RuleSyntaxError: an unknown character, an unterminated text, a number that is
            too large, or an expression that is too long.
    """
    if not isinstance(source, str):
        raise RuleSyntaxError(
            f"an expression must be text, not {type(source).__name__}", code="not_text"
        )
    if len(source) > MAX_CHARS:
        raise RuleSyntaxError(
            f"the expression has {len(source)} characters; at most {MAX_CHARS} are allowed",
            code="too_long",
        )
    tokens: list[Token] = []
    i = 0
    n = len(source)
    line, line_start = 1, 0
    while i < n:
        ch = source[i]
        if ch == "\n":
            line += 1
            line_start = i + 1
            i += 1
            continue
        if ch in " \t\r":
            i += 1
            continue
        if ch == "#":  # a comment runs to the end of the line
            while i < n and source[i] != "\n":
                i += 1
            continue
        column = i - line_start + 1
        if "0" <= ch <= "9":
            start = i
            while i < n and (("0" <= source[i] <= "9") or source[i] == "_"):
                i += 1
            if i < n and source[i] == "." and i + 1 < n and "0" <= source[i + 1] <= "9":
                i += 1
                while i < n and ("0" <= source[i] <= "9" or source[i] == "_"):
                    i += 1
            if i < n and (source[i].isalpha() or source[i] == "_"):
                raise _error(
                    "a number must not run into letters (no 1e5 or 0x10 forms)",
                    source,
                    i,
                    code="bad_number",
                )
            text = source[start:i]
            digits = text.replace("_", "")
            if text.endswith("_") or "__" in text or "_." in text or "._" in text:
                raise _error("misplaced '_' in a number", source, start, code="bad_number")
            if sum(c.isdigit() for c in digits) > MAX_DIGITS:
                raise _error(
                    "the number has too many digits", source, start, code="number_too_large"
                )
            value: int | float = float(digits) if "." in digits else int(digits)
            if value > MAX_NUMBER:
                raise _error(
                    f"numbers above {MAX_NUMBER:,} are not allowed",
                    source,
                    start,
                    code="number_too_large",
                )
            tokens.append(Token(Kind.NUMBER, text, start, line, column, value))
            continue
        if ch.isascii() and (ch.isalpha() or ch == "_"):
            start = i
            while i < n and source[i].isascii() and (source[i].isalnum() or source[i] == "_"):
                i += 1
            text = source[start:i]
            if text.startswith("__"):
                raise _error(
                    f"names starting with '__' are not allowed ({text!r})",
                    source,
                    start,
                    code="forbidden_name",
                )
            if i < n and source[i] == ".":
                raise _error(
                    "attribute access ('.') is not allowed; use the declared field names",
                    source,
                    i,
                    code="attribute_access",
                )
            kind = Kind.KEYWORD if text in KEYWORDS else Kind.NAME
            tokens.append(Token(kind, text, start, line, column))
            continue
        if ch in "\"'":
            start = i
            end = source.find(ch, i + 1)
            newline = source.find("\n", i + 1)
            if end < 0 or (0 <= newline < end):
                raise _error("unterminated text literal", source, start, code="unterminated_text")
            text = source[start + 1 : end]
            if "\\" in text:
                raise _error("backslashes are not allowed in text", source, start, code="bad_text")
            if len(text) > MAX_STRING:
                raise _error(
                    f"text literals are limited to {MAX_STRING} characters",
                    source,
                    start,
                    code="text_too_long",
                )
            tokens.append(Token(Kind.STRING, source[start : end + 1], start, line, column, text))
            i = end + 1
            continue
        for op in _OPERATORS:
            if source.startswith(op, i):
                tokens.append(Token(Kind.OP, op, i, line, column))
                i += len(op)
                break
        else:
            two = source[i : i + 2]
            hint = _HINTS.get(two) or _HINTS.get(ch)
            shown = two if two in _HINTS else ch
            raise _error(
                f"{shown!r} is not an operator of the rule language",
                source,
                i,
                code="unexpected_character",
                hint=hint,
            )
        if len(tokens) > MAX_TOKENS:
            raise _error(
                f"the expression has more than {MAX_TOKENS} tokens", source, i, code="too_long"
            )
    if len(tokens) > MAX_TOKENS:
        raise _error(
            f"the expression has more than {MAX_TOKENS} tokens", source, i, code="too_long"
        )
    tokens.append(Token(Kind.END, "", n, line, n - line_start + 1))
    return tokens
