"""Safe YAML loading that remembers where every value came from (rule and policy files).

Files are read with PyYAML's safe composer; the node tree is turned into plain Python
values while the line and column of each value is recorded by its path
(``("parameters", "desil_maks", "values", "2024-01-01", "value")``). Errors found later
(by pydantic or the expression checker) are reported at that place.

Refused: anchors and aliases (they allow "billion laughs" expansion), merge keys,
non-scalar mapping keys, duplicate keys (PyYAML would silently keep the last one), files
over :data:`MAX_BYTES` (read at most one byte more, so ``/dev/zero`` or a pipe is not read
whole), numbers of more than :data:`MAX_DIGITS` digits, scalars that do not read as their
type (``2024-02-30``, ``!!int abc``), and every tag outside the safe set (text, numbers,
booleans, null, dates, mappings and lists).

A low-level module: it imports nothing of the library's packages. The caller gives the
located error class to raise (``error=RuleSyntaxError``); ``bansos_validate.rules._yaml``
binds the rule language's.
"""

from __future__ import annotations

import os
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Protocol

import attrs
import yaml

from bansos_validate.errors import InvalidArgument

if TYPE_CHECKING:
    from pydantic import ValidationError

__all__ = [
    "MAX_BYTES",
    "MAX_DIGITS",
    "MAX_EXTENDS",
    "ErrorClass",
    "Located",
    "SourceMap",
    "load_yaml",
    "read_file",
    "schema_error",
]

MAX_BYTES = 1_000_000
"""Largest rule, case or policy file accepted, in bytes (code ``yaml_syntax``).

Files are read at most this many bytes plus one, so ``/dev/zero``, a pipe or a huge
file is refused without being read whole."""

MAX_DIGITS = 30
"""Most digits in one number: a number literal of an expression, or a number written in
the YAML (a parameter value, a default, a case's cell) (code ``number_too_large`` in
expressions, ``yaml_syntax`` in the YAML). A KK or NIK number (16 digits) fits."""

MAX_EXTENDS = 8
"""Longest chain of overlap policies each extending the next (code ``extends_depth``)."""

Path = tuple[str | int, ...]
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_NUMBERS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
_SCALARS = _NUMBERS | {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_KINDS = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:bool": "true or false",
}


@attrs.frozen(slots=True)
class Located:
    """Where a value starts in the file (1-based), and how its text maps to lines."""

    line: int
    column: int
    style: str | None = None
    content_line: int | None = None
    content_column: int | None = None


@attrs.define(slots=True)
class SourceMap:
    """Positions of the values of one YAML file, by path."""

    path: str
    places: dict[Path, Located] = attrs.field(factory=dict)

    def at(self, path: Path) -> Located | None:
        """The position of the value at ``path``, or of its nearest recorded ancestor."""
        key = tuple(p if isinstance(p, int) else str(p) for p in path)
        while key:
            found = self.places.get(key)
            if found is not None:
                return found
            key = key[:-1]
        return self.places.get(())

    def expression_place(
        self, path: Path, expr_line: int | None, expr_column: int | None
    ) -> tuple[int | None, int | None]:
        """File line and column of a position inside the expression stored at ``path``."""
        place = self.at(path)
        if place is None:
            return None, None
        if expr_line is None or expr_column is None:
            return place.line, place.column
        if place.content_line is not None and place.content_column is not None:
            return place.content_line + expr_line - 1, place.content_column + expr_column - 1
        if expr_line == 1:
            offset = 1 if place.style in ("'", '"') else 0
            return place.line, place.column + offset + expr_column - 1
        return place.line + expr_line - 1, None


class ErrorClass(Protocol):
    """The located error a caller gives the loader (``RuleSyntaxError``, ``RuleFileError``)."""

    def __call__(  # noqa: PLR0913 - keyword-only location details
        self,
        message: str,
        *,
        code: str,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        rule_id: str | None = None,
    ) -> Exception:
        """Build the error (see :class:`bansos_validate.rules.RuleFileError`)."""
        ...  # pragma: no cover


def _syntax(
    error: ErrorClass, message: str, path: str, line: int | None, column: int | None
) -> Exception:
    return error(message, code="yaml_syntax", path=path, line=line, column=column)


class _Builder:
    def __init__(self, text: str, path: str, error: ErrorClass) -> None:
        self.error = error
        self.text_lines = text.splitlines()
        self.map = SourceMap(path)
        self.seen: set[int] = set()
        self.loader = _LOADER(text)

    def place(self, node: yaml.Node) -> Located:
        mark = node.start_mark
        line, column = mark.line + 1, mark.column + 1
        style = getattr(node, "style", None)
        if isinstance(node, yaml.ScalarNode) and style == "|":
            # Literal block: the text starts on the next line, at its indentation.
            index = mark.line + 1
            while index < len(self.text_lines) and not self.text_lines[index].strip():
                index += 1
            if index < len(self.text_lines):
                content = self.text_lines[index]
                indent = len(content) - len(content.lstrip(" "))
                return Located(line, column, style, index + 1, indent + 1)
        return Located(line, column, style)

    def scalar(self, node: yaml.Node) -> object:
        """The value of a scalar node, or a located error (never PyYAML's own exceptions)."""
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if not isinstance(node, yaml.ScalarNode) or node.tag not in _SCALARS:
            raise _syntax(
                self.error,
                f"the tag {node.tag!r} is not allowed in rule files",
                self.map.path,
                line,
                column,
            )
        text = str(node.value)
        if node.tag in _NUMBERS and sum(c.isdigit() for c in text) > MAX_DIGITS:
            raise _syntax(
                self.error,
                f"the number has more than {MAX_DIGITS} digits",
                self.map.path,
                line,
                column,
            )
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, AttributeError, OverflowError, ArithmeticError):
            shown = text if len(text) <= 40 else text[:37] + "..."
            kind = _KINDS.get(node.tag, "a value")
            raise _syntax(
                self.error, f"{shown!r} cannot be read as {kind}", self.map.path, line, column
            ) from None

    def build(self, node: yaml.Node, path: Path) -> object:
        if id(node) in self.seen:
            line = node.start_mark.line + 1
            raise _syntax(
                self.error,
                "YAML anchors and aliases are not allowed in rule files",
                self.map.path,
                line,
                node.start_mark.column + 1,
            )
        self.seen.add(id(node))
        self.map.places[path] = self.place(node)
        expected = (
            _MAP
            if isinstance(node, yaml.MappingNode)
            else _SEQ
            if isinstance(node, yaml.SequenceNode)
            else None
        )
        if expected is not None and node.tag != expected:
            raise _syntax(
                self.error,
                f"the tag {node.tag!r} is not allowed in rule files",
                self.map.path,
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        if isinstance(node, yaml.MappingNode):
            out: dict[object, object] = {}
            for key_node, value_node in node.value:
                if (
                    not isinstance(key_node, yaml.ScalarNode)
                    or key_node.tag == "tag:yaml.org,2002:merge"
                ):
                    raise _syntax(
                        self.error,
                        "mapping keys must be plain values (no merge keys or complex keys)",
                        self.map.path,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                    )
                key = self.scalar(key_node)
                if not isinstance(key, str | int | float | bool) and not hasattr(key, "isoformat"):
                    raise _syntax(
                        self.error,
                        "mapping keys must be text, numbers or dates",
                        self.map.path,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                    )
                if key in out:
                    raise _syntax(
                        self.error,
                        f"duplicate key {key!s}",
                        self.map.path,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                    )
                if id(value_node) in self.seen:
                    raise _syntax(
                        self.error,
                        "YAML anchors and aliases are not allowed in rule files",
                        self.map.path,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                    )
                out[key] = self.build(value_node, (*path, str(key)))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node)


def read_file(path: str | FilePath, what: str, *, error: ErrorClass) -> bytes:
    """The bytes of a file, read at most :data:`MAX_BYTES` plus one.

    A longer file, ``/dev/zero`` or an endless pipe is refused once the limit is passed,
    without being read whole.

    Args:
        path: the file.
        what: what the file is, for the message (``"rule file"``, ``"policy file"``).
        error: the located error class to raise (``RuleSyntaxError``).

    Raises:
        Exception: *error*, when the file cannot be read (code ``unreadable``) or is too
            large (code ``yaml_syntax``).
        InvalidArgument: *path* is not a path.
    """
    if not isinstance(path, str | os.PathLike):  # an int would be a file descriptor
        raise InvalidArgument(f"Expected a file path but got {type(path).__name__}")
    name = str(path)
    try:
        with open(path, "rb") as handle:  # noqa: PTH123 - a str or a Path
            data = handle.read(MAX_BYTES + 1)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        why = getattr(exc, "strerror", None) or exc
        raise error(f"cannot read the {what} ({why})", code="unreadable", path=name) from None
    if len(data) > MAX_BYTES:
        raise _syntax(error, f"the file is larger than {MAX_BYTES:,} bytes", name, None, None)
    return data


def _checked_input(data: object, path: object) -> bytes | str:
    """*data* as bytes or text, or an :class:`InvalidArgument` (and the same for *path*)."""
    if isinstance(data, bytearray | memoryview):
        data = bytes(data)
    if not isinstance(data, bytes | str):
        raise InvalidArgument(f"Expected YAML as bytes or text but got {type(data).__name__}")
    if not isinstance(path, str):
        raise InvalidArgument(f"Expected path as text but got {type(path).__name__}")
    return data


def load_yaml(data: bytes | str, path: str, *, error: ErrorClass) -> tuple[object, SourceMap]:
    r"""Parse YAML text safely; return the value and its :class:`SourceMap`.

    Args:
        data: the YAML, as bytes (UTF-8) or text.
        path: where it came from, for the messages.
        error: the located error class to raise (``RuleSyntaxError``).

    Raises:
        Exception: *error* (code ``yaml_syntax``), when the text is not valid YAML, too
            large, or uses a refused feature.
        InvalidArgument: *data* or *path* has the wrong type.
    """
    data = _checked_input(data, path)
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise _syntax(error, f"the file is larger than {MAX_BYTES:,} bytes", path, None, None)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _syntax(
                error, f"the file is not UTF-8 text ({exc.reason})", path, None, None
            ) from None
    else:
        text = data
        if len(text) > MAX_BYTES:
            raise _syntax(
                error, f"the text is longer than {MAX_BYTES:,} characters", path, None, None
            )
    builder = _Builder(text, path, error)
    try:
        try:
            node = builder.loader.get_single_node()
            if node is None:
                return None, builder.map
            return builder.build(node, ()), builder.map
        finally:
            builder.loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise _syntax(error, problem, path, line, column) from None
    except yaml.YAMLError as exc:
        raise _syntax(
            error, str(exc).splitlines()[0] if str(exc) else "invalid YAML", path, None, None
        ) from None
    except RecursionError:
        raise _syntax(error, "the YAML is nested too deeply", path, None, None) from None


def schema_error(
    exc: ValidationError, smap: SourceMap, what: str, *, error: ErrorClass
) -> Exception:
    """Turn a pydantic validation error into a located *error* (code ``schema``).

    Args:
        exc: the validation error of the loaded value.
        smap: the positions of the file's values.
        what: what the file is, for the message (``"rule file"``).
        error: the located error class to return (``RuleFileError``).

    Returns:
        The error, at the first problem's line and column, naming up to five problems.
    """
    details = exc.errors(include_url=False)
    lines: list[str] = []
    first: tuple[int | None, int | None] = (None, None)
    for index, detail in enumerate(details[:5]):
        loc = tuple(p for p in detail["loc"] if isinstance(p, int | str))
        place = smap.at(loc)
        dotted = ".".join(str(p) for p in loc) or "(top)"
        where = f"line {place.line}" if place else "?"
        lines.append(f"{dotted} ({where}): {detail['msg']}")
        if index == 0 and place is not None:
            first = (place.line, place.column)
    more = f" (and {len(details) - 5} more)" if len(details) > 5 else ""
    message = f"the {what} does not have the expected structure: " + "; ".join(lines) + more
    loc0 = tuple(str(p) for p in details[0]["loc"]) if details else ()
    return error(
        message,
        code="schema",
        path=smap.path,
        line=first[0],
        column=first[1],
        rule_id=".".join(loc0) or None,
    )
