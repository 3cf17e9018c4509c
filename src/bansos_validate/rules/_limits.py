"""Resource limits of the rule language: part of its contract, checked when a file is loaded.

A rule file comes from outside the library (a region's own program, a file given to the
command line), so what it may ask of the machine is bounded before any data is read.
Each limit is far above what the bundled programs use (the largest, PKH: expressions 7
levels deep and 13 nodes, 113 nodes in all, 14 variables chained 5 deep, 5 rules, 7
components, functions of 2 arguments), and each is refused with a located
:class:`~bansos_validate.rules.RuleSyntaxError` whose ``code`` names it. Within them,
loading is linear in the file's size, and the vectorised engine's plan is linear in
the size of the expressions (no sub-expression is written out twice).

The table of limits is in ``docs/writing-rules.md`` ("Limits").
"""

from __future__ import annotations

# The limits of the YAML reading are the shared loader's (rule, case and policy files).
from bansos_validate._yaml import MAX_BYTES, MAX_DIGITS, MAX_EXTENDS

__all__ = [
    "MAX_AMOUNT",
    "MAX_ARGUMENTS",
    "MAX_BYTES",
    "MAX_CHARS",
    "MAX_COMPONENTS",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_EXTENDS",
    "MAX_FILE_NODES",
    "MAX_NODES",
    "MAX_NUMBER",
    "MAX_RULES",
    "MAX_STRING",
    "MAX_TOKENS",
    "MAX_VARIABLES",
    "MAX_VARIABLE_DEPTH",
]


MAX_CHARS = 4_000
"""Longest expression accepted, in characters (code ``too_long``)."""

MAX_TOKENS = 1_000
"""Most tokens in one expression (code ``too_long``)."""

MAX_DEPTH = 60
"""Deepest expression accepted (code ``too_deep``).

Depth is counted on the expression's tree: each parenthesis, ``not``, ``-``, ``if``,
function call or aggregate is a level, and so is each operator of a chain
(``a + b + c`` is two levels of ``+`` above its operands), because a chain is nested
like brackets (``(a + b) + c``)."""

MAX_NODES = 500
"""Most nodes (names, literals, operators, calls) in one expression (code ``too_large``)."""

MAX_FILE_NODES = 20_000
"""Most nodes in all the expressions of one file together (code ``too_large``)."""

MAX_ARGUMENTS = 64
"""Most arguments of one function call: ``min``, ``max``, ``coalesce`` (code
``too_many_arguments``)."""

MAX_VARIABLES = 256
"""Most derived variables in one file, persons and households together (code
``too_many_variables``)."""

MAX_VARIABLE_DEPTH = 32
"""Longest chain of variables each using the next (code ``too_deep``): a variable that
uses no other variable is at depth 1, one that uses it at depth 2, and so on."""

MAX_RULES = 256
"""Most rules in one file, conditions and exclusions together (code ``too_many_rules``)."""

MAX_COMPONENTS = 64
"""Most benefit components in one file (code ``too_many_components``)."""


MAX_NUMBER = 10**15
"""Largest number literal accepted in an expression (code ``number_too_large``); one
quadrillion rupiah is far beyond any benefit."""

MAX_STRING = 200
"""Longest text literal accepted in an expression, in characters (code ``text_too_long``)."""

MAX_AMOUNT = 10**15
"""Largest amount of one benefit component for one household or person, in rupiah.

Not a load-time check but the bound of a computed value: a component whose units times
amount is beyond plus or minus this (or is not a number, such as an infinity reached by
overflow) is unknown, so the decision is undetermined (reason ``benefit``), in both
engines; every amount then fits a 64-bit integer."""
