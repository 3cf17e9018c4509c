"""The expression language: tokens, grammar, printing, and hostile text."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bansos_validate.errors import RuleError
from bansos_validate.rules import RuleSyntaxError, parse_expression
from bansos_validate.rules._ast import (
    Aggregate,
    Binary,
    Bool,
    Call,
    Compare,
    IfElse,
    In,
    ListLit,
    Logical,
    Name,
    Node,
    Not,
    Number,
    Text,
    Unary,
)
from bansos_validate.rules._lexer import MAX_CHARS, tokenize
from bansos_validate.rules._parser import MAX_DEPTH


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("desil <= 4", "desil <= 4"),
        ("desil<=4", "desil <= 4"),
        ("a + b * c", "a + b * c"),
        ("(a + b) * c", "(a + b) * c"),
        ("a - (b - c)", "a - (b - c)"),
        ("-2 ** 2", "-2 ** 2"),
        ("(-2) ** 2", "(-2) ** 2"),
        ("2 ** 3 ** 2", "2 ** 3 ** 2"),
        ("not a and b", "not a and b"),
        ("not (a and b)", "not (a and b)"),
        ("a or b and c", "a or b and c"),
        ("(a or b) and c", "(a or b) and c"),
        ("x in [1, 2,]", "x in [1, 2]"),
        ("x not in ['PNS', \"TNI\"]", 'x not in ["PNS", "TNI"]'),
        ("if a then 1 else if b then 2 else 3", "if a then 1 else if b then 2 else 3"),
        ("(if a then 1 else 2) + 1", "(if a then 1 else 2) + 1"),
        ("count(members)", "count(members)"),
        ("count(members where umur < 6 and hidup)", "count(members where umur < 6 and hidup)"),
        ("sum(x * 2 for members where y)", "sum(x * 2 for members where y)"),
        ("3_000_000 + 0.5", "3000000 + 0.5"),
        ("age(tanggal_lahir, at) # a comment", "age(tanggal_lahir, at)"),
        ("a\n  and\n  b", "a and b"),
    ],
)
def test_parse_and_print(text: str, shown: str) -> None:
    node = parse_expression(text)
    assert str(node) == shown
    assert repr(node) == f"<{shown}>"
    assert parse_expression(str(node)) == node


def test_structure_and_positions() -> None:
    node = parse_expression("count(members where umur < 6) >= 1")
    assert isinstance(node, Compare)
    assert isinstance(node.left, Aggregate)
    assert node.left.func == "count"
    assert node.left.value is None
    assert isinstance(node.left.where, Compare)
    assert (node.start, node.end) == (0, 34)
    assert (node.left.where.start, node.left.where.end) == (20, 28)


@pytest.mark.parametrize(
    ("text", "code", "column", "hint"),
    [
        ("desil = 4", "unexpected_character", 7, "=="),
        ("a && b", "unexpected_character", 3, "and"),
        ("a || b", "unexpected_character", 3, "or"),
        ("!a", "unexpected_character", 1, "not"),
        ("household.desil", "attribute_access", 10, None),
        ("x.__class__", "attribute_access", 2, None),
        ("__import__('os')", "forbidden_name", 1, None),
        ("import os", "syntax", 8, None),
        ("lambda: 1", "unexpected_character", 7, None),
        ("1 < x < 5", "syntax", 7, "... and ..."),
        ("'unterminated", "unterminated_text", 1, None),
        ("'a\\nb'", "bad_text", 1, None),
        ("1e999", "bad_number", 2, None),
        ("0x10", "bad_number", 2, None),
        ("10000000000000000", "number_too_large", 1, None),
        ("(a + b", "syntax", 7, None),
        ("", "empty", 1, None),
        ("   # only a comment", "empty", 20, None),
        ("a +", "syntax", 4, None),
        ("members", "members_outside_aggregate", 1, None),
        ("count(x)", "syntax", 8, None),
        ("True", "syntax", 1, "true"),
        ("a ^ 2", "unexpected_character", 3, "**"),
        ("a % 2", "unexpected_character", 3, None),
        ("nama == 'Ñ'", None, None, None),
        ("x\n  > = 1", "unexpected_character", 5, "=="),
    ],
)
def test_syntax_errors(text: str, code: str | None, column: int | None, hint: str | None) -> None:
    if code is None:
        assert isinstance(parse_expression(text), Node)
        return
    with pytest.raises(RuleSyntaxError) as info:
        parse_expression(text)
    error = info.value
    assert error.code == code
    assert error.expr_column == column
    if hint is not None:
        assert error.hint == hint
    assert isinstance(error, RuleError)
    assert "^" in str(error)  # a caret under the position


def test_error_line_inside_multiline_expression() -> None:
    with pytest.raises(RuleSyntaxError) as info:
        parse_expression("a and\nb and\nc.d")
    assert (info.value.expr_line, info.value.expr_column) == (3, 2)


def test_deep_nesting_is_refused_not_a_crash() -> None:
    for text in ("(" * 5_000 + "1" + ")" * 5_000, "not " * 3_000 + "a", "-" * 3_000 + "1"):
        with pytest.raises(RuleSyntaxError) as info:
            parse_expression(text[:MAX_CHARS])
        assert info.value.code in ("too_deep", "too_long")
    nested = "(" * (MAX_DEPTH - 5) + "1" + ")" * (MAX_DEPTH - 5)
    assert isinstance(parse_expression(nested), Number)


def test_long_text_and_many_tokens_are_refused() -> None:
    with pytest.raises(RuleSyntaxError) as info:
        parse_expression("a" * (MAX_CHARS + 1))
    assert info.value.code == "too_long"
    with pytest.raises(RuleSyntaxError) as info:
        parse_expression(" + ".join(["a"] * 900))
    assert info.value.code == "too_long"


def test_tokenizer_refuses_non_text() -> None:
    with pytest.raises(RuleSyntaxError):
        tokenize(b"desil <= 4")  # type: ignore[arg-type]


# -- fuzzing --------------------------------------------------------------------------------
ALPHABET = st.sampled_from(
    [
        *list("abcxyz_019 .,()[]'\"+-*/<>=!&|#%^\n\t"),
        "and ",
        "or ",
        "not ",
        "in ",
        "if ",
        "then ",
        "else ",
        "members ",
        "where ",
        "for ",
        "count(",
        "sum(",
        "any(",
        "age(",
        "__",
        "**",
        "==",
        "<=",
        "true",
        "1e9",
        "Ñ",
        "\x00",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_fuzz_grammar_like_text_raises_only_rule_errors(text: str) -> None:
    started = time.perf_counter()
    try:
        node = parse_expression(text)
    except RuleSyntaxError:
        pass
    else:
        assert parse_expression(str(node)) == node
    assert time.perf_counter() - started < 1.0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_fuzz_arbitrary_text_raises_only_rule_errors(text: str) -> None:
    try:
        parse_expression(text)
    except RuleSyntaxError as exc:
        problem = exc
    else:
        return
    assert problem.code
    assert problem.expr_line is None or problem.expr_line >= 1


# -- printing round-trips for generated trees ----------------------------------------------
names = st.sampled_from(["a", "b", "desil", "umur", "hidup"]).map(Name)
leaves = st.one_of(
    names,
    st.integers(0, 10**6).map(Number),
    st.sampled_from(["SD", "PNS", "x y"]).map(Text),
    st.booleans().map(Bool),
)


def _extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    return st.one_of(
        st.builds(Unary, st.just("-"), children),
        st.builds(Binary, st.sampled_from(["+", "-", "*", "/", "**"]), children, children),
        st.builds(Compare, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), children, children),
        st.builds(Logical, st.sampled_from(["and", "or"]), children, children),
        st.builds(Not, children),
        st.builds(IfElse, children, children, children),
        st.builds(
            In,
            children,
            st.lists(leaves, max_size=3).map(lambda x: ListLit(tuple(x))),
            st.booleans(),
        ),
        st.builds(
            Call,
            st.sampled_from(["min", "max", "coalesce"]),
            st.lists(children, min_size=1, max_size=3).map(tuple),
        ),
        st.builds(
            Aggregate,
            st.sampled_from(["count", "sum", "any"]),
            st.none() | children,
            st.none() | children,
        ),
    )


@settings(max_examples=150, deadline=None)
@given(st.recursive(leaves, _extend, max_leaves=12))
def test_printed_trees_parse_back_to_themselves(node: Node) -> None:
    text = str(node)
    try:
        parsed = parse_expression(text)
    except RuleSyntaxError as exc:
        # A generated tree may nest comparisons (a < b) < c, which prints with
        # parentheses and parses; only the depth limit may refuse it.
        problem: RuleSyntaxError | None = exc
    else:
        problem = None
        assert parsed == node, text
    assert problem is None or problem.code in ("too_deep", "too_long"), (text, problem)
