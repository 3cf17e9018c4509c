"""Load-time checks: every problem in a rule file is found before any data, with its place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bansos_validate.errors import RuleError
from bansos_validate.rules import (
    RuleFileError,
    RuleNameError,
    RuleSet,
    RuleSyntaxError,
    RuleTypeError,
    UnknownProgram,
    load_program,
    programs,
)
from bansos_validate.rules._compile import compile_file
from bansos_validate.rules._yaml import load_yaml

from .conftest import MINI, mini, ruleset_from


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_mini_file_loads(mini_rules: RuleSet) -> None:
    assert mini_rules.program == "mini"
    assert mini_rules.version == "1.0"
    assert [r.id for r in mini_rules.rules] == ["desil", "anak", "pns"]
    assert repr(mini_rules.conditions[0]) == "<condition desil: desil <= desil_maks>"
    assert repr(mini_rules.conditions[0].expression) == "<desil <= desil_maks>"
    assert mini_rules.parameters_at(dt.date(2025, 6, 1))["desil_maks"] == 4
    assert mini_rules.parameters_at("2026-01-01")["desil_maks"] == 5
    assert len(mini_rules.sha256) == 64


def test_unknown_name_has_position_and_hint() -> None:
    text = mini(**{"rule: desil <= desil_maks": "rule: desil <= desil_max"})
    with pytest.raises(RuleNameError) as info:
        ruleset_from(text)
    error = info.value
    assert error.code == "unknown_name"
    assert error.hint == "desil_maks"
    assert error.line == line_of(text, "desil <= desil_max")
    assert error.column == text.splitlines()[error.line - 1].index("desil_max") + 1
    assert (error.expr_line, error.expr_column) == (1, 10)
    assert error.rule_id == "conditions.desil"
    assert error.path == "test.yaml"
    assert "did you mean 'desil_maks'" in str(error)
    assert "test.yaml:" in str(error)


def test_misspelt_field_inside_aggregate() -> None:
    text = mini(
        **{
            "any(members where pekerjaan in dikecualikan)": "any(members where pekerjan in dikecualikan)"
        }
    )
    with pytest.raises(RuleNameError) as info:
        ruleset_from(text)
    assert info.value.hint == "pekerjaan"
    assert info.value.rule_id == "exclusions.pns"


def test_person_value_outside_members_is_explained() -> None:
    text = mini(**{"rule: n_anak >= 1": "rule: umur >= 1"})
    with pytest.raises(RuleNameError) as info:
        ruleset_from(text)
    assert info.value.code == "wrong_scope"
    assert "members" in str(info.value)


def test_date_compared_with_number() -> None:
    text = mini(**{"umur: age(tanggal_lahir, at)": "umur: tanggal_lahir < 18"})
    with pytest.raises(RuleTypeError) as info:
        ruleset_from(text)
    assert info.value.code == "type_mismatch"
    assert "cannot compare a date with a number" in str(info.value)
    assert info.value.line == line_of(text, "tanggal_lahir < 18")


@pytest.mark.parametrize(
    ("formula", "code"),
    [
        ("count(members where umur < 18) / 0", "division_by_zero"),
        ("count(members where umur < 18) / (2 - 2)", "division_by_zero"),
        ("count(members) ** 99", "bad_exponent"),
        ("count(members) ** n_x", "unknown_name"),
        ("9 ** 9 ** 9", "bad_exponent"),
        ("10 ** 10 * 10 ** 10", "number_too_large"),
        ("count(members where pekerjaan == 1)", "type_mismatch"),
        ("count(members where hamil + 1)", "type_mismatch"),
        ("count(members where umur)", "type_mismatch"),
        ("if desil then 1 else 2", "type_mismatch"),
        ("if desil > 1 then 1 else 'x'", "type_mismatch"),
        ("min(desil)", "arity"),
        ("age(desil, at)", "type_mismatch"),
        ("date('2026-02-30') < at", "bad_date"),
        ("eval('1')", "unknown_function"),
        ("count(members where any(members))", "wrong_scope"),
        ("count(members) + desil in dikecualikan", "type_mismatch"),
        ("sum(members)", "type_mismatch"),
        ("count(umur for members)", "type_mismatch"),
        ("'[1, 2]'", "type_mismatch"),
        ("desil in [1, desil]", "type_mismatch"),
        ("at + 1", "type_mismatch"),
        ("count", "not_a_value"),
    ],
)
def test_expression_errors(formula: str, code: str) -> None:
    text = mini(**{"n_anak: count(members where umur < 18)": f"n_anak: {formula}"})
    with pytest.raises(RuleFileError) as info:
        ruleset_from(text)
    assert info.value.code == code, str(info.value)
    assert info.value.line == line_of(text, "n_anak: ")


def test_division_by_a_parameter_that_can_be_zero() -> None:
    text = mini(
        **{
            "      2024-01-01: {value: 1000, reference: test}": "      2024-01-01: {value: 1000, reference: test}\n      2025-01-01: {value: 0, reference: test}",
            "amount: nilai": "amount: 5000 / nilai",
        }
    )
    with pytest.raises(RuleTypeError) as info:
        ruleset_from(text)
    assert info.value.code == "division_by_zero"
    assert "2025-01-01" in str(info.value)


def test_unknown_keyword_value_with_hint() -> None:
    text = mini(
        **{
            "    hamil: {type: bool, default: false}": "    hamil: {type: bool, default: false}\n    jenjang_sekolah: {type: keyword, default: TIDAK SEKOLAH}",
            "n_anak: count(members where umur < 18)": 'n_anak: count(members where jenjang_sekolah == "SMU")',
        }
    )
    with pytest.raises(RuleNameError) as info:
        ruleset_from(text)
    assert info.value.code == "unknown_value"
    assert info.value.hint in ("SMA", "SMP")
    ok = text.replace('"SMU"', '"smk"')  # an alias of SMA, in any case
    assert ruleset_from(ok).program == "mini"


def test_variable_cycle() -> None:
    text = mini(**{"umur: age(tanggal_lahir, at)": "umur: tahun + 1\n    tahun: umur - 1"})
    with pytest.raises(RuleNameError) as info:
        ruleset_from(text)
    assert info.value.code == "cycle"
    assert "umur -> tahun -> umur" in str(info.value) or "tahun -> umur -> tahun" in str(info.value)


@pytest.mark.parametrize(
    ("old", "new", "code", "cls"),
    [
        (
            "reference: test}\n      2026",
            "reference: tset}\n      2026",
            "unknown_reference",
            RuleNameError,
        ),
        (
            "tanggal_lahir: {type: date}",
            "tanggal_lahir: {type: number}",
            "field_type",
            RuleTypeError,
        ),
        (
            "hamil: {type: bool, default: false}",
            "hamil: {type: bool, default: mungkin}",
            "bad_default",
            RuleTypeError,
        ),
        ("  nilai:\n", "  Nilai:\n", "bad_name", RuleNameError),
        ("  nilai:\n", "  at:\n", "reserved_name", RuleNameError),
        ("  - id: pns", "  - id: desil", "duplicate_name", RuleNameError),
        (
            "umur: age(tanggal_lahir, at)",
            "desil_maks: age(tanggal_lahir, at)",
            "duplicate_name",
            RuleNameError,
        ),
        (
            'message: {id: "Desil {desil} terlalu tinggi"',
            'message: {id: "Desil {desl} terlalu tinggi"',
            "unknown_placeholder",
            RuleNameError,
        ),
        ("unit: household", "unit: village", "schema", RuleFileError),
        ('version: "1.0"\n', "", "schema", RuleFileError),
        (
            "    rule: desil <= desil_maks",
            "    rule: desil <= desil_maks\n    colour: red",
            "schema",
            RuleFileError,
        ),
        ("rule: n_anak >= 1", "rule: n_anak", "type_mismatch", RuleTypeError),
        ("amount: nilai", "amount: desil > 1", "type_mismatch", RuleTypeError),
        ("program: mini", "program: Mini Program", "schema", RuleFileError),
    ],
)
def test_file_errors(old: str, new: str, code: str, cls: type[RuleFileError]) -> None:
    text = mini(**{old: new})
    with pytest.raises(cls) as info:
        ruleset_from(text)
    assert info.value.code == code, str(info.value)
    assert info.value.line is not None


def test_schema_error_points_at_the_line() -> None:
    text = mini(**{"unit: household": "unit: village"})
    with pytest.raises(RuleFileError) as info:
        ruleset_from(text)
    assert info.value.line == line_of(text, "unit: village")
    assert "unit" in str(info.value)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("program: [unclosed\n", 2),
        ("a: 1\na: 2\n", 2),
        ("a: &x [1]\nb: *x\n", 2),
        ("a: !!python/object/apply:os.system ['echo hi']\n", 1),
        ("<<: {a: 1}\n", 1),
        ("a:\n\tb: 1\n", 2),
    ],
)
def test_malformed_or_unsafe_yaml(text: str, line: int) -> None:
    with pytest.raises(RuleSyntaxError) as info:
        RuleSet.from_text(text, path="bad.yaml")
    assert info.value.code == "yaml_syntax"
    assert info.value.line == line
    assert info.value.path == "bad.yaml"


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    with pytest.raises(RuleSyntaxError):
        RuleSet.from_text("\n".join(lines))


def test_not_a_mapping_and_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError) as info:
        RuleSet.from_text("- just\n- a list\n")
    assert info.value.code == "schema"
    with pytest.raises(RuleSyntaxError) as info2:
        RuleSet.from_yaml(tmp_path / "missing.yaml")
    assert info2.value.code == "unreadable"
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(RuleSyntaxError):
        RuleSet.from_yaml(binary)


def test_block_scalar_expression_positions() -> None:
    text = mini(
        **{
            "    rule: desil <= desil_maks\n": "    rule: |\n      desil <= desil_maks\n        and desil >= mimimum\n"
        }
    )
    with pytest.raises(RuleNameError) as info:
        ruleset_from(text)
    error = info.value
    assert (error.expr_line, error.expr_column) == (2, 16)
    assert error.line == line_of(text, "and desil >= mimimum")
    assert error.column == text.splitlines()[error.line - 1].index("mimimum") + 1


def test_sha256_is_of_the_file_bytes(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    rules = RuleSet.from_yaml(path)
    assert rules.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert rules.path == str(path)
    changed = RuleSet.from_text(MINI + "# a comment changes the hash\n")
    assert changed.sha256 != rules.sha256


def test_load_program_ids_and_aliases() -> None:
    assert programs() == ("blt-dd", "bpnt", "pbi-jk", "pip", "pkh")
    assert load_program("Sembako").program == "bpnt"
    assert load_program("BLT_DD").program == "blt-dd"
    assert load_program(" pbi ").program == "pbi-jk"
    assert load_program("pkh") is load_program("PKH")  # cached
    with pytest.raises(UnknownProgram) as info:
        load_program("bnpt")
    assert info.value.hint == "bpnt"
    assert isinstance(info.value, RuleError)
    assert isinstance(info.value, LookupError)


@pytest.mark.parametrize("program", programs())
def test_bundled_programs_cite_every_number(program: str) -> None:
    rules = load_program(program)
    assert rules.references
    for parameter in rules.parameters.values():
        for value in parameter.values:
            assert value.reference in rules.references, (parameter.name, value.since)
    for rule in rules.rules:
        assert rule.reference in rules.references, rule.id
        assert rule.description.id and rule.description.en
        assert rule.message.id and rule.message.en
    for component in rules.components:
        assert component.reference in rules.references, component.id
    assert rules.name.id and rules.name.en


def test_unconfirmed_readings_are_marked() -> None:
    pkh = load_program("pkh")
    assert pkh.parameters["maks_komponen"].unconfirmed is not None
    assert pkh.parameters["desil_maks"].unconfirmed is not None
    assert pkh.parameters["umur_lansia_min"].unconfirmed is not None
    assert any("4" in m.en and "component" in m.en for m in pkh.unconfirmed)
    blt = load_program("blt-dd")
    assert blt.parameters["larang_bpnt"].unconfirmed is not None
    assert blt.parameters["bulan_per_tahun"].unconfirmed is not None
    assert load_program("pbi-jk").parameters["iuran_bulanan"].unconfirmed is not None


def test_pkh_numbers_match_the_domain_notes() -> None:
    values = load_program("pkh").parameters_at("2026-01-15")
    assert values["desil_maks"] == 4
    assert (values["nilai_hamil"], values["nilai_usia_dini"]) == (3_000_000, 3_000_000)
    assert (values["nilai_sd"], values["nilai_smp"], values["nilai_sma"]) == (
        900_000,
        1_500_000,
        2_000_000,
    )
    assert (values["nilai_disabilitas"], values["nilai_lansia"]) == (2_400_000, 2_400_000)
    assert (values["maks_hamil"], values["maks_usia_dini"], values["maks_komponen"]) == (2, 2, 4)
    assert values["umur_lansia_min"] == 70
    before = load_program("pkh").parameters_at("2024-06-01")
    assert "pekerjaan_bumn" not in before  # the BUMN exclusion starts in 2025


SNIPPETS = st.sampled_from(
    [
        "desil",
        "desil_maks",
        "n_anak",
        "umur",
        "at",
        "1",
        "0",
        "'PNS'",
        "true",
        "tanggal_lahir",
        "count(members)",
        "any(members where hamil)",
        "age(tanggal_lahir, at)",
        "nilai",
        "dikecualikan",
        "+",
        "-",
        "*",
        "/",
        "**",
        "<",
        "==",
        "and",
        "or",
        "not",
        "in",
        "(",
        ")",
        "if",
        "then",
        "else",
        "[",
        "]",
        ",",
        "date('2024-01-01')",
        "min(",
        "coalesce(",
        "is_desa(",
        "x",
        "__class__",
        ".",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(SNIPPETS, min_size=1, max_size=12).map(" ".join))
def test_fuzz_rule_expressions_raise_only_rule_errors(expression: str) -> None:
    data, smap = load_yaml(MINI, "fuzz.yaml")
    assert isinstance(data, dict)
    data["conditions"][1]["rule"] = expression
    try:
        compile_file(data, smap)
    except RuleFileError as exc:
        problem = exc
    else:
        return
    assert problem.code
    assert problem.line is not None


def test_a_list_parameter_is_checked_against_the_known_keyword_values() -> None:
    text = mini(
        **{
            "    hamil: {type: bool, default: false}": "    hamil: {type: bool, default: false}\n    jenjang_sekolah: {type: keyword, default: TIDAK SEKOLAH}",
            "      2024-01-01: {value: [PNS, TNI], reference: test}": "      2024-01-01: {value: [SD, SMU], reference: test}",
            "n_anak: count(members where umur < 18)": "n_anak: count(members where jenjang_sekolah in dikecualikan)",
        }
    )
    with pytest.raises(RuleNameError) as info:
        ruleset_from(text)
    assert info.value.code == "unknown_value"
    assert "SMU" in str(info.value)
    rules = ruleset_from(text.replace("[SD, SMU]", "[SD, smk]"))
    assert rules.parameters["dikecualikan"].values[0].value == ("SD", "smk")
    assert hash(rules.parameters["dikecualikan"])
