"""A griffe extension for the API reference (``mkdocs.yml``): docstrings as Markdown.

The library's docstrings are written for ``help()``, doctest and Sphinx-style readers:
bare ``>>>`` examples, ``:func:`name``` roles and ``.. versionadded::`` lines. Markdown
would read ``>>>`` as a block quote and ``['a', 'b']`` as a link, so before
mkdocstrings renders a docstring this extension

- fences every doctest block (``>>>`` lines, continuations and expected output up to
  the next blank line) as ``pycon`` code;
- turns Sphinx roles (``:func:`check_table```) into inline code;
- turns ``.. versionadded:: X`` / ``.. versionchanged:: X`` into a sentence.

Run by ``mkdocs build`` only; the library does not import it.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:func|class|meth|mod|attr|data|exc|obj|const):`~?([^`]+)`")
_VERSION = re.compile(r"^(\s*)\.\. version(added|changed)::\s*(\S+)\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def fence_doctests(text: str) -> str:
    """Return *text* with doctest blocks fenced and Sphinx markup made Markdown.

    A doctest block starts at a line beginning with ``>>>`` outside a fenced block and
    ends before the next blank line; it keeps its indentation.
    """
    out: list[str] = []
    lines = text.splitlines()
    in_code = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            in_code = not in_code
            out.append(line)
            i += 1
            continue
        if not in_code and line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```pycon")
            while i < len(lines) and lines[i].strip():
                out.append(lines[i])
                i += 1
            out.append(f"{indent}```")
            continue
        if not in_code:
            version = _VERSION.match(line)
            if version:
                indent, kind, number = version.groups()
                word = "Added" if kind == "added" else "Changed"
                line = f"{indent}*{word} in version {number}.*"
            line = _ROLE.sub(r"`\1`", line)
        out.append(line)
        i += 1
    return "\n".join(out)


class DocstringsAsMarkdown(griffe.Extension):
    """Rewrite every docstring with :func:`fence_doctests` as griffe loads it."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Fence the doctests of one object's docstring."""
        del kwargs
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
