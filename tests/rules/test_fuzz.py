"""Generated rule sets and fuzzed rule files.

``rule_files()`` builds random *valid* rule files: random typed expressions over the
declared fields, parameters and earlier variables, using every operator and function of
the grammar (``count``/``sum``/``any``/``all`` over members, ``min``/``max`` with many
arguments, ``if``, ``in``, ``coalesce``, dates, ``is_desa``), chains of variables
declared in shuffled order, household and person programs, caps on units, and now and
then more than 39 rules (several decision-code columns). Each file is loaded and decided
three ways on generated households (``decide``; ``evaluate`` on an in-memory and on a lazy
Polars frame), which must agree.

The fuzz targets feed the loader arbitrary bytes, arbitrary text and near-valid YAML
(a valid file with an expression or a line replaced): only the library's typed errors
may come out, never another exception.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from bansos_validate.errors import RuleError
from bansos_validate.rules import RuleFileError, RuleSet, _vector

from .conftest import MINI
from .test_agreement import check_agreement, population

# -- the generator of rule files -------------------------------------------------------------
# Fields the generated data (test_agreement.population) has, with their declarations.
PERSON_FIELDS = {
    "tanggal_lahir": ("date", "{type: date}"),
    "tanggal_meninggal": ("date", "{type: date, required: false}"),
    "status_hidup": ("keyword", "{type: keyword, default: HIDUP}"),
    "pekerjaan": ("keyword", '{type: keyword, default: ""}'),
    "jenjang_sekolah": ("keyword", "{type: keyword, default: TIDAK SEKOLAH}"),
    "hamil": ("bool", "{type: bool, default: false}"),
    "disabilitas_berat": ("bool", "{type: bool, required: false}"),
}
HOUSEHOLD_FIELDS = {
    "desil": ("number", "{type: int}"),
    "penerima_pkh": ("bool", "{type: bool, default: false}"),
    "penerima_bpnt": ("bool", "{type: bool, required: false}"),
}
KEYWORDS = {
    "status_hidup": ["HIDUP", "MENINGGAL", "mati"],
    "pekerjaan": ["PNS", "petani", "KARYAWAN BUMN", ""],
    "jenjang_sekolah": ["SD", "smp", "SMK", "TIDAK SEKOLAH"],
}
PARAMETERS = """\
parameters:
  batas:
    description: {id: b, en: b}
    values:
      2024-01-01: {value: 4, reference: t}
      2026-01-01: {value: 5, reference: t}
  nilai: {description: {id: n, en: n}, values: {2024-01-01: {value: 1500, reference: t}}}
  kata: {description: {id: k, en: k}, values: {2024-01-01: {value: [PNS, tni], reference: t}}}
  sekolah: {description: {id: s, en: s}, values: {2024-01-01: {value: SD, reference: t}}}
  batas_tanggal:
    description: {id: d, en: d}
    values: {2024-01-01: {value: 1990-06-15, reference: t}}
"""
NUMBER_PARAMS = ["batas", "nilai"]


class _Expressions:
    """Draws typed expression text for one rule file (names declared so far)."""

    def __init__(self, draw: st.DrawFn, wilayah: str) -> None:
        self.draw = draw
        self.wilayah = wilayah  # the entity that declares kode_wilayah
        self.vars: dict[str, dict[str, list[str]]] = {
            "person": {"number": [], "bool": []},
            "household": {"number": [], "bool": []},
        }

    def pick(self, options: list[Any]) -> Any:
        return self.draw(st.sampled_from(options))

    def number_literal(self) -> str:
        return self.pick(["0", "1", "2", "3", "4", "6", "10", "18", "60", "0.5", "2.5", "1_000"])

    def names(self, scope: str, type_name: str) -> list[str]:
        entities = ("person", "household") if scope == "subject" else (scope,)
        out: list[str] = []
        for entity in entities:
            fields = PERSON_FIELDS if entity == "person" else HOUSEHOLD_FIELDS
            out += [n for n, (t, _) in fields.items() if t == type_name]
            out += self.vars[entity].get(type_name, [])
            if type_name == "text" and self.wilayah == entity:
                out.append("kode_wilayah")
        return out

    def gen(self, type_name: str, scope: str, depth: int) -> str:
        return getattr(self, type_name)(scope, depth)

    # number ----------------------------------------------------------------------------
    def number(self, scope: str, depth: int) -> str:
        leaves = [self.number_literal(), self.pick(NUMBER_PARAMS)]
        leaves += self.names(scope, "number")
        if scope in ("person", "subject"):
            leaves.append("age(tanggal_lahir, at)")
        if depth <= 0 or self.draw(st.integers(0, 3)) == 0:
            return self.pick(leaves)
        d = depth - 1
        kind = self.pick(
            ["arith", "arith", "neg", "pow", "minmax", "abs", "coalesce", "if", "date", "agg"]
        )
        if kind == "arith":
            op = self.pick(["+", "-", "*", "/"])
            return f"({self.number(scope, d)} {op} {self.number(scope, d)})"
        if kind == "neg":
            return f"-({self.number(scope, d)})"
        if kind == "pow":
            return f"({self.number(scope, d)}) ** {self.pick([0, 1, 2, 3])}"
        if kind == "minmax":
            count = self.draw(st.integers(2, 8))
            args = ", ".join(self.number(scope, d) for _ in range(count))
            return f"{self.pick(['min', 'max'])}({args})"
        if kind == "abs":
            return f"abs({self.number(scope, d)})"
        if kind == "coalesce":
            return f"coalesce({self.number(scope, d)}, {self.number(scope, d)})"
        if kind == "if":
            return (
                f"(if {self.bool(scope, d)} then {self.number(scope, d)} "
                f"else {self.number(scope, d)})"
            )
        if kind == "date":
            part = self.pick(["year", "month", "day"])
            return f"{part}({self.date(scope, d)})"
        if scope != "household":
            return self.pick(leaves)
        where = self.where(d)
        if self.draw(st.booleans()):
            return f"count(members{where})"
        return f"sum({self.number('person', d)} for members{where})"

    # bool ------------------------------------------------------------------------------
    def bool(self, scope: str, depth: int) -> str:  # noqa: PLR0912 - one per form
        leaves = ["true", "false", *self.names(scope, "bool")]
        if depth <= 0 or self.draw(st.integers(0, 4)) == 0:
            return self.pick(leaves)
        d = depth - 1
        kinds = ["compare", "compare", "logic", "not", "in", "keyword", "missing", "if"]
        kinds += ["coalesce", "date", "desa"]
        if scope == "household":
            kinds += ["agg", "agg"]
        kind = self.pick(kinds)
        if kind == "compare":
            op = self.pick(["==", "!=", "<", "<=", ">", ">="])
            return f"({self.number(scope, d)} {op} {self.number(scope, d)})"
        if kind == "logic":
            return f"({self.bool(scope, d)} {self.pick(['and', 'or'])} {self.bool(scope, d)})"
        if kind == "not":
            return f"not ({self.bool(scope, d)})"
        if kind == "in":
            items = ", ".join(self.number_literal() for _ in range(self.draw(st.integers(1, 4))))
            negated = self.pick(["in", "not in"])
            return f"({self.number(scope, d)} {negated} [{items}])"
        if kind == "keyword":
            if scope == "household":
                return self.pick(leaves)
            field = self.pick(list(KEYWORDS))
            if field == "pekerjaan" and self.draw(st.booleans()):
                return f"(pekerjaan {self.pick(['in', 'not in'])} kata)"
            if field == "jenjang_sekolah" and self.draw(st.booleans()):
                return f"(jenjang_sekolah {self.pick(['==', '!='])} sekolah)"
            values = ", ".join(f'"{v}"' for v in KEYWORDS[field][:2])
            if self.draw(st.booleans()):
                return f"({field} in [{values}])"
            return f'({field} {self.pick(["==", "!="])} "{self.pick(KEYWORDS[field])}")'
        if kind == "missing":
            inner = self.pick(["number", "date", "bool"])
            return f"is_missing({self.gen(inner, scope, d)})"
        if kind == "if":
            return (
                f"(if {self.bool(scope, d)} then {self.bool(scope, d)} else {self.bool(scope, d)})"
            )
        if kind == "coalesce":
            return f"coalesce({self.bool(scope, d)}, {self.bool(scope, d)})"
        if kind == "date":
            op = self.pick(["==", "<", "<=", ">", ">="])
            return f"({self.date(scope, d)} {op} {self.date(scope, d)})"
        if kind == "desa":
            if not self.names(scope, "text"):
                return self.pick(leaves)
            return f"is_desa({self.text(scope, d)})"
        # aggregates over members
        func = self.pick(["any", "all", "count", "bare"])
        where = self.where(d)
        if func == "bare":
            return self.pick(["any(members)", "all(members)", "(count(members) >= 1)"])
        if func == "count":
            return f"(count(members{where}) {self.pick(['>=', '<', '=='])} {self.pick([0, 1, 2])})"
        if where and self.draw(st.booleans()):
            return f"{func}(members{where})"
        return f"{func}({self.bool('person', d)} for members{where})"

    def where(self, depth: int) -> str:
        return f" where {self.bool('person', depth)}" if self.draw(st.booleans()) else ""

    # date and text -----------------------------------------------------------------------
    def date(self, scope: str, depth: int) -> str:
        leaves = ["at", "batas_tanggal", 'date("2000-02-29")', "date(2010, 7, 1)"]
        leaves += self.names(scope, "date")
        if depth <= 0 or self.draw(st.integers(0, 2)) == 0:
            return self.pick(leaves)
        d = depth - 1
        if self.draw(st.booleans()):
            return f"coalesce({self.date(scope, d)}, {self.date(scope, d)})"
        return f"(if {self.bool(scope, d)} then {self.date(scope, d)} else {self.date(scope, d)})"

    def text(self, scope: str, depth: int) -> str:
        leaves = self.names(scope, "text") or ['"3576011003"']
        if depth <= 0 or self.draw(st.integers(0, 2)) == 0:
            return self.pick(leaves)
        d = depth - 1
        if self.draw(st.booleans()):
            return f'coalesce({self.text(scope, d)}, "35.10.01.2004")'
        return f'(if {self.bool(scope, d)} then {self.text(scope, d)} else "3576011003")'


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _rule(rule_id: str, text: str) -> str:
    return (
        f"  - id: {rule_id}\n    rule: {_quoted(text)}\n"
        "    description: {id: d, en: d}\n    message: {id: m, en: m}\n"
    )


@st.composite
def rule_files(draw: st.DrawFn) -> str:
    """A random valid rule file over the columns of ``population()``."""
    wilayah = draw(st.sampled_from(["person", "household"]))
    gen = _Expressions(draw, wilayah)
    unit = draw(st.sampled_from(["household", "household", "person"]))
    depth = draw(st.integers(1, 4))
    lines = [
        "program: acak",
        "name: {id: Acak, en: Random}",
        'version: "0.1"',
        f"unit: {unit}",
        "effective: {from: 2024-01-01}",
        "references: {t: {title: Test}}",
        PARAMETERS.rstrip("\n"),
        "entities:",
        "  person:",
    ]
    lines += [f"    {name}: {decl}" for name, (_, decl) in PERSON_FIELDS.items()]
    if wilayah == "person":
        lines.append("    kode_wilayah: {type: text, required: false}")
    lines.append("  household:")
    lines += [f"    {name}: {decl}" for name, (_, decl) in HOUSEHOLD_FIELDS.items()]
    if wilayah == "household":
        lines.append("    kode_wilayah: {type: text, required: false}")
    # Chains of variables: each may use the earlier ones; declared in shuffled order.
    declared: dict[str, list[str]] = {"person": [], "household": []}
    for entity, count in (
        ("person", draw(st.integers(0, 4))),
        ("household", draw(st.integers(0, 4))),
    ):
        for index in range(count):
            type_name = draw(st.sampled_from(["number", "bool"]))
            name = f"{entity[0]}{type_name[0]}{index}"
            text = gen.gen(type_name, entity, depth)
            declared[entity].append(f"    {name}: {_quoted(text)}")
            gen.vars[entity][type_name].append(name)
    lines.append("variables:")
    for entity in ("person", "household"):
        entries = draw(st.permutations(declared[entity]))
        lines.append(f"  {entity}: " + ("{}" if not entries else ""))
        lines += entries
    scope = "household" if unit == "household" else "subject"
    if unit == "person" and draw(st.booleans()):
        lines.append(f"subjects: {_quoted(gen.bool('subject', depth))}")
    many = draw(st.integers(0, 9)) == 0  # now and then more rules than one code column holds
    n_conditions = draw(st.integers(40, 45)) if many else draw(st.integers(0, 3))
    n_exclusions = draw(st.integers(0, 2))
    lines.append("conditions:" + ("" if n_conditions else " []"))
    for i in range(n_conditions):
        lines.append(_rule(f"c{i}", gen.bool(scope, 0 if many else depth)).rstrip("\n"))
    lines.append("exclusions:" + ("" if n_exclusions else " []"))
    for i in range(n_exclusions):
        lines.append(_rule(f"x{i}", gen.bool(scope, depth)).rstrip("\n"))
    lines.append("benefit:")
    if draw(st.booleans()):
        lines.append(f"  max_units: {_quoted(gen.number(scope, 1))}")
    lines.append("  components:")
    for i in range(draw(st.integers(1, 3))):
        units = gen.number(scope, depth)
        amount = draw(st.sampled_from(["nilai", "2_000", gen.number(scope, 1)]))
        lines.append(
            f"    - {{id: k{i}, description: {{id: k, en: k}}, "
            f"units: {_quoted(units)}, amount: {_quoted(amount)}}}"
        )
    return "\n".join(lines) + "\n"


def _load(text: str) -> RuleSet:
    try:
        return RuleSet.from_text(text, path="generated.yaml")
    except RuleFileError as exc:
        # A folded constant may divide by zero or overflow: such files are not valid.
        assume(exc.code not in ("division_by_zero", "number_too_large"))
        raise


@pytest.fixture(autouse=True)
def _lookups_on_small_frames(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tiny test frames would skip the single-column lookups; force them on."""
    monkeypatch.setattr(_vector, "_LOOKUP_MIN_ROWS", 0)


# A couple of dozen rule sets per run (about 20 s); RULES_FUZZ_EXAMPLES=500 for a soak.
@settings(
    max_examples=int(os.environ.get("RULES_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
@given(
    text=rule_files(),
    data=population(),
    at=st.sampled_from([dt.date(2025, 6, 1), dt.date(2026, 1, 15)]),
)
def test_generated_rule_sets_decide_alike_in_both_engines(
    text: str, data: dict[str, Any], at: dt.date
) -> None:
    check_agreement(_load(text), data, at)


def test_the_generator_covers_the_grammar() -> None:
    """The strategy reaches every function, aggregate and operator (a smoke check)."""
    seen: list[str] = []

    @settings(
        max_examples=100,
        database=None,
        derandomize=True,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(rule_files())
    def collect(text: str) -> None:
        seen.append(text)

    collect()
    joined = "".join(seen)
    for word in (
        "count(members",
        "sum(",
        "any(",
        "all(",
        "min(",
        "max(",
        "coalesce(",
        "is_missing(",
        "is_desa(",
        "age(",
        "(if ",
        " in [",
        " not in ",
        "**",
        " / ",
        "max_units",
        "subjects",
        "unit: person",
        "- id: c40",
    ):
        assert word in joined, word


# -- fuzzing the loader ----------------------------------------------------------------------
def _only_typed_errors(load: Any, value: Any) -> None:
    started = time.perf_counter()
    with contextlib.suppress(RuleError):
        load(value)
    assert time.perf_counter() - started < 5.0


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=400))
def test_fuzz_arbitrary_bytes_raise_only_rule_errors(data: bytes) -> None:
    _only_typed_errors(RuleSet.from_bytes, data)


@FUZZ
@given(st.text(max_size=400))
def test_fuzz_arbitrary_text_raises_only_rule_errors(text: str) -> None:
    _only_typed_errors(RuleSet.from_text, text)


YAML_BITS = st.sampled_from(
    [
        "&a ",
        "*a",
        "!!binary ",
        "!!int ",
        "!!float ",
        "!!timestamp ",
        "!!set ",
        "!!python/object:os.system ",
        "<<: ",
        "? ",
        "- ",
        "{",
        "}",
        "[",
        "]",
        ": ",
        "\n",
        "  ",
        "\t",
        "'",
        '"',
        "#",
        "2024-02-30",
        "2024-13-01",
        "9" * 40,
        "1:" * 20 + "0",
        "1e999",
        ".nan",
        "-.inf",
        "0x1F",
        "0o17",
        "~",
        "null",
        "yes",
        "\x85",
        "\ufeff",
        "desil <= 4",
        "count(members)",
        "min(" + "desil, " * 70 + "1)",
        "(" * 70 + "1" + ")" * 70,
        "1" + "+1" * 70,
    ]
)


@st.composite
def near_valid_files(draw: st.DrawFn) -> str:
    """The MINI rule file with a line replaced, an expression replaced, or bits inserted."""
    lines = MINI.splitlines()
    index = draw(st.integers(0, len(lines) - 1))
    how = draw(st.sampled_from(["replace", "insert", "expression", "delete"]))
    bits = "".join(draw(st.lists(YAML_BITS, min_size=1, max_size=6)))
    if how == "replace":
        lines[index] = bits
    elif how == "insert":
        line = lines[index]
        at = draw(st.integers(0, len(line)))
        lines[index] = line[:at] + bits + line[at:]
    elif how == "delete":
        del lines[index]
    else:
        rules = [i for i, line in enumerate(lines) if "rule: " in line]
        target = rules[draw(st.integers(0, len(rules) - 1))]
        prefix = lines[target].split("rule: ")[0]
        lines[target] = f"{prefix}rule: {_quoted(bits)}"
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(near_valid_files())
def test_fuzz_near_valid_yaml_raises_only_rule_errors(text: str) -> None:
    _only_typed_errors(RuleSet.from_text, text)
