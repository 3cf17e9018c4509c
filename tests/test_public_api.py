"""The public surface: sorted ``__all__``s that import, and nothing private leaking."""

from __future__ import annotations

import importlib

import pytest

import bansos_validate as bv

PUBLIC_MODULES = [
    "bansos_validate",
    "bansos_validate.errors",
    "bansos_validate.facts",
    "bansos_validate.intake",
    "bansos_validate.issues",
    "bansos_validate.privacy",
    "bansos_validate.regions",
    "bansos_validate.schema",
    "bansos_validate.ids",
    "bansos_validate.ids.nik",
    "bansos_validate.ids.kk",
    "bansos_validate.testing",
    "bansos_validate.names",
    "bansos_validate.synth",
    "bansos_validate.table",
    "bansos_validate.io",
    "bansos_validate.matching",
    "bansos_validate.household",
    "bansos_validate.rules",
    "bansos_validate.overlap",
    "bansos_validate.report",
    "bansos_validate.cli",
]

# The contract (docs/versioning.md) for the foundation; changing it needs a CHANGELOG entry.
EXPECTED_TOP_LEVEL = {
    "BansosValidateError",
    "BansosValidationError",
    "BundledVersion",
    "InvalidArgument",
    "InvalidKk",
    "InvalidNik",
    "Issue",
    "KkInfo",
    "MatchResult",
    "NikInfo",
    "OverlapResult",
    "Region",
    "RuleError",
    "RuleSet",
    "SchemaError",
    "Severity",
    "Sex",
    "TableCheck",
    "UsageError",
    "Versions",
    "WeakKeyError",
    "__version__",
    "check_table",
    "evaluate",
    "find_overlaps",
    "io",
    "is_valid_kk",
    "is_valid_nik",
    "load_program",
    "mask_kk",
    "mask_nik",
    "match_records",
    "matching",
    "names",
    "overlap",
    "parse_kk",
    "parse_nik",
    "pseudonymize",
    "pseudonymize_roll",
    "regions",
    "report",
    "rules",
    "synth",
    "table",
    "validate_kk",
    "validate_nik",
    "versions",
}


def _isort_style(name: str) -> tuple[int, str]:
    """ruff's RUF022 order: dunders, CONSTANTS, Classes, functions."""
    if name.startswith("__"):
        return (0, name)
    if name.isupper():
        return (1, name)
    return (2, name) if name[0].isupper() else (3, name)


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_is_sorted_and_importable(name: str) -> None:
    module = importlib.import_module(name)
    names = module.__all__
    assert names in (sorted(names), sorted(names, key=_isort_style))
    assert len(set(names)) == len(names)
    for attr in names:
        assert hasattr(module, attr), f"{name}.{attr}"


def test_top_level_surface_is_pinned() -> None:
    assert set(bv.__all__) >= EXPECTED_TOP_LEVEL


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_no_private_module_paths_leak(name: str) -> None:
    module = importlib.import_module(name)
    for attr in module.__all__:
        obj = getattr(module, attr)
        origin = getattr(obj, "__module__", None)
        if isinstance(obj, type) and origin is not None:
            assert "._" not in origin, f"{name}.{attr} reports module {origin}"


def test_version_is_a_string() -> None:
    assert isinstance(bv.__version__, str) and bv.__version__[0].isdigit()


def test_ids_modules_follow_the_stdnum_contract() -> None:
    from bansos_validate.ids import kk, nik

    for module in (nik, kk):
        for func in ("compact", "validate", "is_valid", "format", "parse", "compose"):
            assert callable(getattr(module, func)), f"{module.__name__}.{func}"
