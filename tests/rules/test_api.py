"""The public surface of ``bansos_validate.rules``."""

from __future__ import annotations

from bansos_validate import rules


def test_all_is_sorted_unique_and_importable() -> None:
    names = rules.__all__
    assert names == sorted(names, key=str.casefold) or names == sorted(names)
    assert len(set(names)) == len(names)
    for name in names:
        assert hasattr(rules, name), name


def test_public_classes_report_the_public_module() -> None:
    for name in rules.__all__:
        obj = getattr(rules, name)
        if isinstance(obj, type):
            assert obj.__module__ == "bansos_validate.rules", name


def test_contract_names_exist() -> None:
    for name in (
        "RuleSet",
        "load_program",
        "evaluate",
        "Decisions",
        "Decision",
        "run_cases",
        "programs",
    ):
        assert name in rules.__all__
    assert callable(rules.RuleSet.from_yaml)
    assert callable(rules.RuleSet.decide)
    assert callable(rules.RuleSet.trace)
    assert callable(rules.Decisions.explain)


def test_errors_are_rule_errors() -> None:
    from bansos_validate.errors import RuleError

    for cls in (
        rules.RuleFileError,
        rules.RuleSyntaxError,
        rules.RuleNameError,
        rules.RuleTypeError,
        rules.UnknownProgram,
        rules.NotInForce,
    ):
        assert issubclass(cls, RuleError)
