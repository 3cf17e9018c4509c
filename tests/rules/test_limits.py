"""Resource limits of the rule language, and hostile rule files that must end.

Each hostile case runs in a child process held to a time and memory budget (the
``bounded`` fixture), and must end with the library's typed error or with decisions
that agree with ``decide``. On the commit before the limits, the same cases took 52 s
and 3.2 GB (``min`` of 12 arguments), overflowed the decision code (40 rules), crashed
(``count(members)``), took more than 4 GiB (10,000 chained variables), hit the recursion
limit (a sum of 499 terms, ``min`` of 150 arguments), raised PyYAML's ``ValueError``
(a 5,000-digit number) or read ``/dev/zero`` until memory ran out.
"""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from bansos_validate.rules import (
    RuleFileError,
    RuleSet,
    RuleSyntaxError,
    evaluate,
    load_program,
    programs,
)
from bansos_validate.rules import _ast as a
from bansos_validate.rules import _ir as ir
from bansos_validate.rules import _limits as limits
from bansos_validate.rules._parser import parse_sized
from bansos_validate.rules._vector import code_count, outcome_table

from .conftest import MINI, mini, ruleset_from

AT = dt.date(2026, 1, 15)

# A small household program; the hostile cases put their expressions into it. Also run
# in the child processes (PRELUDE), so both sides build the same files.
PRELUDE = '''
import datetime as dt
import polars as pl
import bansos_validate.rules as r

HEAD = """\\
program: hostile
name: {id: Uji, en: Test}
version: "1.0"
unit: household
effective: {from: 2024-01-01}
references: {t: {title: Test}}
parameters:
  nilai: {description: {id: n, en: n}, values: {2024-01-01: {value: 1000, reference: t}}}
entities:
  person:
    umur: {type: int, required: false}
  household:
    desil: {type: int}
"""
TAIL = """\\
benefit:
  components:
    - {id: a, description: {id: a, en: a}, units: "1", amount: nilai}
"""


def rule(i, expr, kind="c"):
    return (f"  - id: {kind}{i}\\n    rule: '{expr}'\\n"
            "    description: {id: d, en: d}\\n    message: {id: m, en: m}\\n")


def conditions(*exprs):
    return HEAD + "conditions:\\n" + "".join(rule(i, e) for i, e in enumerate(exprs)) + TAIL


def frames(n=300):
    keys = [f"35760101{i:07d}1" for i in range(n)]
    households = pl.DataFrame({"no_kk": keys, "desil": [i % 12 for i in range(n)]})
    persons = pl.DataFrame({
        "no_kk": [k for k in keys for _ in range(2)],
        "nik": [f"357601{i:010d}" for i in range(2 * n)],
        "umur": [None if i % 17 == 0 else i % 90 for i in range(2 * n)],
    })
    return persons, households


def agree(rules, n=300):
    """evaluate (eager and lazy) and decide give the same decision for every household."""
    persons, households = frames(n)
    at = dt.date(2026, 1, 15)
    eager = r.evaluate(rules, persons, households, reference_date=at).frame
    lazy = r.evaluate(rules, persons.lazy(), households.lazy(), reference_date=at).frame.collect()
    by_kk = {}
    for p in persons.to_dicts():
        by_kk.setdefault(p["no_kk"], []).append(p)
    assert eager["no_kk"].to_list() == households["no_kk"].to_list()
    for frame in (eager, lazy):  # a lazy result may come in another order
        rows = {row["no_kk"]: row for row in frame.to_dicts()}
        assert len(rows) == len(households)
        for household in households.to_dicts():
            d = rules.decide(household, by_kk.get(household["no_kk"], []), reference_date=at)
            row = rows[household["no_kk"]]
            got = (row["status"], row["amount"], list(row["reasons"]))
            assert got == (d.status.value, d.amount, list(d.reasons)), (got, d)
    return eager
'''

Bounded = Callable[..., Any]


def _child(bounded: Bounded, body: str, *, seconds: float = 60, memory_mib: int = 600) -> Any:
    """Run the prelude and ``body`` in a bounded child; it must end in time and budget."""
    result = bounded(PRELUDE + textwrap.dedent(body), seconds=seconds, memory_mib=memory_mib)
    assert not result.timed_out, (result.seconds, result.stderr[-2000:])
    assert result.peak_mib < memory_mib, result.peak_mib
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _refused(bounded: Bounded, make: str, code: str, *, memory_mib: int = 400) -> str:
    """The rule file built by ``make`` (an expression) is refused with a typed ``code``."""
    result = _child(
        bounded,
        f"""
        try:
            r.RuleSet.from_text({make}, path="hostile.yaml")
        except r.RuleFileError as exc:
            print(type(exc).__name__, exc.code, exc.line, exc.column)
            print(str(exc).splitlines()[0])
        else:
            print("loaded")
        """,
        seconds=30,
        memory_mib=memory_mib,
    )
    first = result.stdout.splitlines()[0].split()
    assert first[0] == "RuleSyntaxError" and first[1] == code, result.stdout
    assert first[2] != "None", result.stdout  # located: a line in the file
    return result.stdout


# -- the hostile cases, each bounded ------------------------------------------------------------
def test_min_of_twelve_arguments_is_linear(bounded: Bounded) -> None:
    result = _child(
        bounded,
        """
        args = ", ".join(["desil"] + [f"desil + {i}" for i in range(1, 12)])
        rules = r.RuleSet.from_text(conditions(f"min({args}) <= 4", f"max({args}) >= 6"))
        print(r.evaluate(rules, *frames(1000), reference_date=dt.date(2026, 1, 15)).counts())
        agree(rules)
        print("ok")
        """,
        seconds=60,
        memory_mib=600,
    )
    assert result.stdout.strip().endswith("ok")


@pytest.mark.parametrize("count", [40, 41, 79, limits.MAX_RULES])
def test_many_rules_do_not_overflow_the_decision_code(bounded: Bounded, count: int) -> None:
    result = _child(
        bounded,
        f"""
        exprs = [f"desil <= {{i % 11}}" if i % 3 else "any(umur >= 80 for members)"
                 for i in range({count})]
        text = HEAD + "conditions:\\n" + "".join(rule(i, e) for i, e in enumerate(exprs[::2]))
        text += "exclusions:\\n" + "".join(rule(i, e, "x") for i, e in enumerate(exprs[1::2]))
        rules = r.RuleSet.from_text(text + TAIL)
        frame = agree(rules, 200)
        print(sorted(set(frame["status"].to_list())))
        """,
        seconds=90,
        memory_mib=700,
    )
    assert "not_eligible" in result.stdout


def test_too_many_rules_are_refused(bounded: Bounded) -> None:
    out = _refused(
        bounded,
        f'conditions(*["desil <= 4"] * {limits.MAX_RULES + 1})',
        "too_many_rules",
    )
    assert f"at most {limits.MAX_RULES}" in out


def test_bare_member_aggregates_and_no_rules_evaluate_as_decide(bounded: Bounded) -> None:
    result = _child(
        bounded,
        """
        agree(r.RuleSet.from_text(conditions("count(members) >= 2")))
        agree(r.RuleSet.from_text(conditions("any(members) and all(members)", "count(members) < 5")))
        agree(r.RuleSet.from_text(HEAD + TAIL))  # no rule at all
        agree(r.RuleSet.from_text(conditions("(umur_rata) ** 0 == 1".replace(
            "umur_rata", "sum(umur for members) / count(members where umur > 200)"))))
        print("ok")
        """,
    )
    assert result.stdout.strip() == "ok"


@pytest.mark.parametrize("reverse", [False, True])
def test_ten_thousand_chained_variables_are_refused_quickly(
    bounded: Bounded, reverse: bool
) -> None:
    make = (
        '(HEAD + "variables:\\n  household:\\n    v0: desil\\n" + "".join('
        + (
            'f"    v{i}: v{i + 1} + 1\\n" for i in range(1, 10_000)'
            if reverse
            else 'f"    v{i}: v{i - 1} + 1\\n" for i in range(1, 10_000)'
        )
        + ') + "conditions:\\n" + rule(0, "v1 > 3") + TAIL)'
    )
    out = _refused(bounded, make, "too_many_variables", memory_mib=300)
    assert "10000 variables" in out


def test_variable_chains_up_to_the_limit_evaluate(bounded: Bounded) -> None:
    depth = limits.MAX_VARIABLE_DEPTH
    result = _child(
        bounded,
        f"""
        chain = "variables:\\n  household:\\n    v0: desil\\n"
        # each variable uses the previous one three times: 3 ** {depth} if written out
        chain += "".join(f"    v{{i}}: min(v{{i-1}}, v{{i-1}} + 1, v{{i-1}} * 2)\\n"
                         for i in range(1, {depth}))
        rules = r.RuleSet.from_text(HEAD + chain + "conditions:\\n" + rule(0, "v{depth - 1} > 3")
                                    + TAIL)
        agree(rules)
        try:
            r.RuleSet.from_text(HEAD + chain + "    v{depth}: v{depth - 1} + 1\\n"
                                + "conditions:\\n" + rule(0, "v{depth} > 3") + TAIL)
        except r.RuleSyntaxError as exc:
            print(exc.code)
        """,
    )
    assert result.stdout.strip() == "too_deep"


def test_a_sum_of_499_terms_is_refused_not_a_recursion_error(bounded: Bounded) -> None:
    out = _refused(bounded, 'conditions("desil <= " + "+".join(["1"] * 499))', "too_deep")
    assert f"more than {limits.MAX_DEPTH} levels" in out


def test_min_of_150_arguments_is_refused(bounded: Bounded) -> None:
    out = _refused(
        bounded, 'conditions("min(" + ", ".join(["desil"] * 150) + ") <= 4")', "too_many_arguments"
    )
    assert f"at most {limits.MAX_ARGUMENTS} arguments" in out


def test_a_number_of_5000_digits_is_refused(bounded: Bounded) -> None:
    out = _refused(
        bounded, 'HEAD.replace("value: 1000", "value: " + "9" * 5000) + TAIL', "yaml_syntax"
    )
    assert f"more than {limits.MAX_DIGITS} digits" in out
    assert out.split()[2:4] == ["8", "69"]  # the parameter's line and column


def test_dev_zero_is_refused_without_being_read_whole(bounded: Bounded) -> None:
    result = _child(
        bounded,
        """
        from pathlib import Path
        from bansos_validate.overlap import load_policy

        zero = Path("/dev/zero")
        for load in (r.RuleSet.from_yaml, r.run_cases, load_policy):  # rules, cases, policy
            try:
                load(zero)
            except r.RuleSyntaxError as exc:
                print(exc.code, exc.path)
        try:
            r.RuleSet.from_yaml("/no/such/rules.yaml")
        except r.RuleSyntaxError as exc:
            print(exc.code)
        """,
        seconds=30,
        memory_mib=300,
    )
    assert result.stdout.splitlines() == ["yaml_syntax /dev/zero"] * 3 + ["unreadable"]


def test_dev_zero_from_the_command_line_is_a_user_error(bounded: Bounded, tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("no_kk,nik\n3576010101000011,3576010000000001\n")
    (tmp_path / "h.csv").write_text("no_kk,desil\n3576010101000011,3\n")
    result = bounded(
        "import sys\n"
        "from bansos_validate.cli import main\n"
        f"sys.argv = ['bansos-validate', 'eligibility', {str(tmp_path / 'p.csv')!r}, "
        f"{str(tmp_path / 'h.csv')!r}, '--rules', '/dev/zero', '--at', '2026-01-15']\n"
        "main()\n",
        seconds=60,
        memory_mib=500,
    )
    assert not result.timed_out and result.peak_mib < 500
    assert result.returncode == 2, (result.stdout, result.stderr[-2000:])
    assert "1,000,000 bytes" in result.stderr


def test_an_endless_pipe_is_refused(bounded: Bounded, tmp_path: Path) -> None:
    fifo = tmp_path / "rules.yaml"
    os.mkfifo(fifo)
    result = _child(
        bounded,
        f"""
        import threading

        def feed():
            try:
                with open({str(fifo)!r}, "wb") as out:
                    while True:
                        out.write(b"# " + b"x" * 4094 + b"\\n")
            except (BrokenPipeError, OSError):
                pass

        threading.Thread(target=feed, daemon=True).start()
        try:
            r.RuleSet.from_yaml({str(fifo)!r})
        except r.RuleSyntaxError as exc:
            print(str(exc))
        """,
        seconds=30,
        memory_mib=300,
    )
    assert "larger than 1,000,000 bytes" in result.stdout


def test_expressions_that_used_to_double_at_each_level_are_linear(bounded: Bounded) -> None:
    result = _child(
        bounded,
        """
        nested = {"if": "desil > 3", "div": "desil", "pow": "desil", "in": "desil", "max": "desil"}
        for i in range(18):  # 2 ** 18 copies of the innermost operand before
            nested["if"] = f"if ({nested['if']}) then desil > {i % 9} else desil < {i % 7}"
            nested["div"] = f"desil / ({nested['div']})"
            nested["pow"] = f"({nested['pow']}) ** 2 / 10"
            nested["in"] = f"(if ({nested['in']}) in [1, 2, 3] then desil else 4)"
            nested["max"] = f"max({nested['max']}, desil - {i}, 3)"
        rules = r.RuleSet.from_text(conditions(
            nested["if"], f"{nested['div']} > 0", f"{nested['pow']} >= 0",
            f"{nested['in']} > 1", f"{nested['max']} < 9"))
        agree(rules)
        print("ok")
        """,
        seconds=60,
        memory_mib=600,
    )
    assert result.stdout.strip() == "ok"


def test_the_deepest_expressions_accepted_fit_in_the_default_stack(bounded: Bounded) -> None:
    """At the depth limit, loading, decide and evaluate use far less than 1,000 frames."""
    result = _child(
        bounded,
        f"""
        import sys

        depth = {limits.MAX_DEPTH}
        ifs = "desil > 3"
        for i in range(depth // 2 - 1):
            ifs = f"if ({{ifs}}) then desil > {{i % 9}} else desil < {{i % 7}}"
        deepest = {{
            "brackets": "(" * (depth - 1) + "desil" + ")" * (depth - 1) + " <= 4",
            "not": "not " * (depth - 2) + "desil <= 4",
            "minus": "-" * (depth - 3) + "desil <= 4",
            "chain": "desil <= " + " + ".join(["desil"] * (depth - 1)),
            "if": ifs,
            "calls": "min(" * (depth // 2 - 1) + "desil" + ", 1)" * (depth // 2 - 1) + " <= 4",
        }}
        frame = sys._getframe()
        here = 0
        while frame is not None:
            here, frame = here + 1, frame.f_back
        sys.setrecursionlimit(here + 700)  # what a caller 300 frames deep would have left
        for name, expr in deepest.items():
            agree(r.RuleSet.from_text(conditions(expr)), 20)
            print(name)
        """,
    )
    assert len(result.stdout.split()) == 6


# -- each limit: at the limit accepted, beyond it refused (typed, located) ---------------------
def _expression(expr: str) -> RuleSet:
    return ruleset_from(mini(**{"rule: n_anak >= 1": f"rule: {expr}"}))


def _code(make: Callable[[], object]) -> RuleFileError:
    with pytest.raises(RuleSyntaxError) as info:
        make()
    error = info.value
    assert error.path == "test.yaml" and error.line is not None
    return error


def test_expression_depth_counts_operator_chains() -> None:
    # k terms: k - 1 levels of "+" above a leaf, then the comparison: k + 1 levels
    terms = limits.MAX_DEPTH - 1
    assert _expression("n_anak >= " + " + ".join(["1"] * terms))
    error = _code(lambda: _expression("n_anak >= " + " + ".join(["1"] * (terms + 1))))
    assert error.code == "too_deep" and error.rule_id == "conditions.anak"
    nested = "(" * 30 + "n_anak" + ")" * 30
    assert _expression(f"{nested} >= 1")


def _balanced(leaves: int) -> str:
    """A sum of ``leaves`` names as a balanced tree (shallow, 2 * leaves - 1 nodes)."""
    if leaves == 1:
        return "n_anak"
    half = leaves // 2
    return f"({_balanced(half)} + {_balanced(leaves - half)})"


def test_expression_and_file_node_limits() -> None:
    at_limit = f"-{_balanced(249)} >= 1"  # 2 * 249 - 1 + 3 nodes
    assert parse_sized(at_limit)[1] == limits.MAX_NODES
    assert _expression(at_limit)
    error = _code(lambda: _expression(f"{_balanced(250)} >= 1"))  # 501 nodes
    assert error.code == "too_large" and error.rule_id == "conditions.anak"
    wide = "min(" + ", ".join(f"n_anak + {i}" for i in range(60)) + ")"  # 183 nodes a rule
    rules = "".join(
        f"  - id: r{i}\n    rule: '{wide} >= 1'\n"
        "    description: {id: d, en: d}\n    message: {id: m, en: m}\n"
        for i in range(limits.MAX_FILE_NODES // 180 + 1)
    )
    error = _code(lambda: ruleset_from(MINI.replace("exclusions:\n", rules + "exclusions:\n")))
    assert error.code == "too_large" and "in all" in str(error)


def test_argument_limit() -> None:
    args = ", ".join(["n_anak"] * limits.MAX_ARGUMENTS)
    assert _expression(f"min({args}) >= 1")
    error = _code(lambda: _expression(f"max({args}, 1) >= 1"))
    assert error.code == "too_many_arguments"


def _line_of(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_variable_and_component_limits() -> None:
    anchor = "    n_anak: count(members where umur < 18)\n"  # MINI has two variables
    extra = "".join(f"    w{i}: n_anak + {i}\n" for i in range(limits.MAX_VARIABLES - 2))
    assert len(ruleset_from(MINI.replace(anchor, anchor + extra)).variables) == (
        limits.MAX_VARIABLES
    )
    text = MINI.replace(anchor, anchor + extra + "    w_extra: n_anak * 2\n")
    error = _code(lambda: ruleset_from(text))
    assert error.code == "too_many_variables"
    assert error.line == _line_of(text, "    w_extra:")
    component = (
        "    - id: k{i}\n      description: {{id: k, en: k}}\n      units: n_anak\n"
        "      amount: 1\n"
    )
    head = MINI.split("  components:\n")[0] + "  components:\n"
    comps = "".join(component.format(i=i) for i in range(limits.MAX_COMPONENTS))
    assert len(ruleset_from(head + comps).components) == limits.MAX_COMPONENTS
    text = head + comps + component.format(i="_extra")
    error = _code(lambda: ruleset_from(text))
    assert error.code == "too_many_components"
    assert error.line == _line_of(text, "    - id: k_extra")


def test_digit_limit_in_expressions_and_yaml() -> None:
    assert _expression("n_anak >= 0." + "0" * (limits.MAX_DIGITS - 2) + "1")
    assert _code(lambda: _expression("n_anak >= 0." + "0" * limits.MAX_DIGITS + "1")).code == (
        "number_too_large"
    )
    kk = "3576010101200001"  # a KK number written as a YAML number fits
    assert ruleset_from(MINI.replace("value: 1000", f"value: {kk}")).parameters
    error = _code(lambda: ruleset_from(MINI.replace("value: 1000", "value: " + "1" * 31)))
    assert error.code == "yaml_syntax" and "digits" in str(error)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2024-02-30", "cannot be read as a date"),
        ("!!int abc", "cannot be read as a whole number"),
        ("!!float abc", "cannot be read as a number"),
        ("!!timestamp xx", "cannot be read as a date"),
        ("!!binary 'AAAA'", "not allowed"),
        ("!!python/object:os.system x", "not allowed"),
    ],
)
def test_yaml_scalars_that_do_not_read_are_located_errors(value: str, words: str) -> None:
    text = MINI.replace("value: 1000", f"value: {value}")
    error = _code(lambda: ruleset_from(text))
    assert error.code == "yaml_syntax" and words in str(error)
    line = _line_of(text, "      2024-01-01: {value: " + value)
    assert (error.line, error.column) == (line, text.splitlines()[line - 1].index(value) + 1)


# -- the decision code, amounts and overflow -----------------------------------------------
# A member with every column MINI reads (a missing column is unknown in evaluate).
MEMBER = {
    "nik": "3576014403910003",
    "tanggal_lahir": "2020-03-04",
    "pekerjaan": "PETANI",
    "hamil": False,
}


def test_decision_codes_fit_64_bits_for_every_rule_count_the_loader_accepts() -> None:
    for n in (1, 38, 39, 40, 78, 79, limits.MAX_RULES):
        ids = [f"r{i}" for i in range(n)]
        columns = code_count(n)
        assert columns == -(-n // 39)
        # every rule unknown and the amount unknown: the largest code of each column
        codes = [sum(2 * 3**j for j in range(min(39, n - 39 * k))) for k in range(columns)]
        codes[0] += 3 ** min(n, 39)
        assert max(codes) < 2**63
        assert outcome_table(codes, ids) == ("undetermined", ids, [])
    status, reasons, _ = outcome_table([0, 1], [f"r{i}" for i in range(40)])
    assert (status, reasons) == ("not_eligible", ["r39"])  # the first rule of the 2nd code


def test_amounts_beyond_the_limit_are_unknown_in_both_engines() -> None:
    huge = "nilai * (if desil == 1 then 1_000_000_000_000_000 else 1)"  # 10 ** 18 or 1,000
    rules = ruleset_from(mini(**{"amount: nilai": f"amount: {huge}"}))
    members = [MEMBER]
    for desil, status in ((1, "undetermined"), (2, "eligible")):
        household = {"no_kk": "3576010101200001", "desil": desil}
        decision = rules.decide(household, members, reference_date=AT)
        assert decision.status.value == status
        persons = pl.DataFrame([{**m, "no_kk": household["no_kk"]} for m in members])
        frame = evaluate(rules, persons, pl.DataFrame([household]), reference_date=AT).frame
        assert frame["status"].to_list() == [status]
        assert frame["reasons"].to_list()[0] == list(decision.reasons)


def test_overflow_to_infinity_and_nan_agrees() -> None:
    # ((n + 1000) ** 10) ** 10 * 10 ** 15 overflows to infinity; infinity minus itself is
    # unknown in both engines (Polars orders NaN above every number, Python does not)
    big = "((n_anak + 1000) ** 10) ** 10 * 1_000_000_000_000_000"
    members = [MEMBER]
    household = {"no_kk": "3576010101200001", "desil": 2}
    persons = pl.DataFrame([{**m, "no_kk": household["no_kk"]} for m in members])
    for expr, status in (
        (f"is_missing({big} - {big}) and n_anak >= 1", "eligible"),
        (f"{big} - {big} > 0", "undetermined"),
        (f"{big} > 0", "eligible"),
    ):
        rules = _expression(expr)
        decision = rules.decide(household, members, reference_date=AT)
        frame = evaluate(rules, persons, pl.DataFrame([household]), reference_date=AT).frame
        assert decision.status.value == status, expr
        assert frame["status"].to_list() == [status], expr


# -- headroom: the bundled programs are far inside every limit --------------------------------
def _height(node: a.Node) -> int:
    return 1 + max((_height(c) for c in node.children()), default=0)


def _size(node: a.Node) -> int:
    return 1 + sum(_size(c) for c in node.children())


def _args(node: a.Node) -> int:
    own = len(node.args) if isinstance(node, a.Call) else 0
    return max([own, *(_args(c) for c in node.children())])


@pytest.mark.parametrize("name", programs())
def test_bundled_programs_are_far_inside_the_limits(name: str) -> None:
    rules = load_program(name)
    compiled = rules._compiled
    exprs = [v.expression for v in rules.variables] + [r.expression for r in rules.rules]
    exprs += [x for c in rules.components for x in (c.units_expression, c.amount_expression)]
    exprs += [e for e in (compiled.subjects_expression, compiled.max_units_expression) if e]
    chain: dict[str, int] = {}
    for var in rules.variables:
        uses = [chain[n.name] for n in ir.walk(var.ir) if isinstance(n, ir.Var)]
        chain[var.name] = 1 + max(uses, default=0)
    headroom = 4
    assert max(map(_height, exprs)) * headroom <= limits.MAX_DEPTH
    assert max(map(_size, exprs)) * headroom <= limits.MAX_NODES
    assert sum(map(_size, exprs)) * headroom <= limits.MAX_FILE_NODES
    assert max(map(_args, exprs)) * headroom <= limits.MAX_ARGUMENTS
    assert max(chain.values()) * headroom <= limits.MAX_VARIABLE_DEPTH
    assert len(rules.variables) * headroom <= limits.MAX_VARIABLES
    assert len(rules.rules) * headroom <= limits.MAX_RULES
    assert len(rules.components) * headroom <= limits.MAX_COMPONENTS
    assert max(len(str(e)) for e in exprs) * headroom <= limits.MAX_CHARS


def test_every_limit_is_documented_with_its_value() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs"
    writing = (docs / "writing-rules.md").read_text(encoding="utf-8")
    for name in limits.__all__:
        value = getattr(limits, name)
        shown = "10^15" if value == 10**15 else f"{value:,}"
        lines = [line for line in writing.splitlines() if f"`{name}`" in line]
        assert lines, name
        assert any(shown in line for line in lines), (name, shown)
    assert "### Limits" in (docs / "rules.md").read_text(encoding="utf-8")
