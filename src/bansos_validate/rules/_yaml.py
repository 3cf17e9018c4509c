"""The shared YAML loader (:mod:`bansos_validate._yaml`), raising the rule language's errors.

Rule and case files are read by :func:`read_file` and :func:`load_yaml`, which raise a
located :class:`~bansos_validate.rules.RuleSyntaxError` (code ``yaml_syntax``, or
``unreadable``); :func:`schema_error` turns a pydantic error into a located
:class:`~bansos_validate.rules.RuleFileError` (code ``schema``). What is refused, and
the limits, are those of the shared loader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bansos_validate import _yaml
from bansos_validate._yaml import MAX_BYTES, Located, SourceMap
from bansos_validate.rules._errors import RuleFileError, RuleSyntaxError

if TYPE_CHECKING:
    from pathlib import Path as FilePath

    from pydantic import ValidationError

__all__ = ["MAX_BYTES", "Located", "SourceMap", "load_yaml", "read_file", "schema_error"]


def read_file(path: str | FilePath, what: str = "rule file") -> bytes:
    """The bytes of a file, read at most :data:`MAX_BYTES` plus one.

    A longer file, ``/dev/zero`` or an endless pipe is refused once the limit is passed,
    without being read whole.

    >>> read_file("/dev/zero")
    Traceback (most recent call last):
        ...
    RuleSyntaxError: /dev/zero: yaml_syntax: the file is larger than 1,000,000 bytes

    Raises:
        RuleSyntaxError: the file cannot be read (code ``unreadable``) or is too large.
    """
    return _yaml.read_file(path, what, error=RuleSyntaxError)


def load_yaml(data: bytes | str, path: str) -> tuple[object, SourceMap]:
    r"""Parse YAML text safely; return the value and its :class:`SourceMap`.

    >>> value, where = load_yaml("a:\n  b: [1, 2]\n", "x.yaml")
    >>> value, where.at(("a", "b", 1)).line, where.at(("a", "b", 1)).column
    ({'a': {'b': [1, 2]}}, 2, 10)
    >>> load_yaml("a: 1\na: 2\n", "x.yaml")
    Traceback (most recent call last):
        ...
    RuleSyntaxError: x.yaml:2:1: yaml_syntax: duplicate key a

    Raises:
        RuleSyntaxError: the text is not valid YAML, too large, or uses a refused feature.
    """
    return _yaml.load_yaml(data, path, error=RuleSyntaxError)


def schema_error(exc: ValidationError, smap: SourceMap, what: str = "rule file") -> RuleFileError:
    """Turn a pydantic validation error into a located :class:`RuleFileError`."""
    error = _yaml.schema_error(exc, smap, what, error=RuleFileError)
    assert isinstance(error, RuleFileError)  # noqa: S101 - the class given
    return error
