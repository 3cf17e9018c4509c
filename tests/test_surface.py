"""The pinned public surface (tests/surface/public_surface.json) and its CHANGELOG rule.

The stable contract of docs/versioning.md is pinned: public names, the issue-code
catalogue, result-frame columns and values, bundled rule ids. Changing any of it fails
``test_live_surface_matches_the_pin`` until the pin is rewritten with
``python scripts/update_surface.py``, and fails
``test_every_change_since_the_baseline_is_in_the_changelog`` until CHANGELOG.md's
Unreleased section has an entry naming the change. The last tests check that these two
tests do fail on such changes (a monkeypatched surface).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import Any

import attrs
import pytest

import bansos_validate as bv
from bansos_validate import issues

ROOT = Path(__file__).resolve().parent.parent
HOW_TO_UPDATE = (
    "If the change is intended: run `python scripts/update_surface.py`, commit "
    "tests/surface/public_surface.json and add an entry naming each change to the "
    "Unreleased section of CHANGELOG.md. Removing or renaming a public name, code, column "
    "or rule id needs a deprecation first (docs/versioning.md)."
)

# docs/versioning.md, "The stable contract": the result-frame columns and values.
CONTRACT_COLUMNS = {
    "TableCheck.frame": [
        "row",
        "status",
        "issue_codes",
        "nik_birth_date",
        "nik_sex",
        "nik_district_code",
    ],
    "MatchResult.pairs": ["left_row", "right_row", "rule", "score", "probability"],
    "Decisions.frame": ["no_kk", "program", "status", "amount", "reasons"],
    "OverlapResult.frame": [
        "kind",
        "roll_a",
        "row_a",
        "roll_b",
        "row_b",
        "severity",
        "rule",
        "evidence",
    ],
}
CONTRACT_VALUES = {
    "Decisions.frame.status": ["eligible", "not_eligible", "undetermined"],
    "OverlapResult.frame.kind": [
        "exclusive_programs",
        "duplicate_in_roll",
        "duplicate_household",
        "cross_region",
        "same_person_different_nik",
        "deceased_recipient",
        "excluded_occupation",
    ],
}


def _load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[f"_bv_test_{name}"] = module
    spec.loader.exec_module(module)
    return module


us = _load_script("update_surface")


@pytest.fixture(scope="module")
def columns() -> dict[str, list[str]]:
    """The result-frame columns from small real runs (computed once)."""
    return us.result_columns()


@pytest.fixture
def live(columns: dict[str, list[str]]) -> dict[str, Any]:
    return us.live_surface(columns=columns)


@pytest.fixture(scope="module")
def pin() -> dict[str, Any]:
    return us.load_pin()


@pytest.fixture(scope="module")
def changelog() -> str:
    return (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


# --- the checks --------------------------------------------------------------------------


def test_live_surface_matches_the_pin(live: dict[str, Any], pin: dict[str, Any]) -> None:
    diff = us.surface_diff(pin["surface"], live)
    if diff:
        pytest.fail(f"The public surface changed:\n{diff}\n\n{HOW_TO_UPDATE}", pytrace=False)


def test_pin_checksum_matches_its_content(pin: dict[str, Any]) -> None:
    assert pin["sha256"] == us.checksum(pin), (
        "tests/surface/public_surface.json was edited by hand; rewrite it with "
        "`python scripts/update_surface.py`"
    )


def test_every_change_since_the_baseline_is_in_the_changelog(
    live: dict[str, Any], pin: dict[str, Any], changelog: str
) -> None:
    missing = us.unrecorded(us.changes(pin["baseline"]["surface"], live), changelog)
    if missing:
        lines = "\n".join(f"  - {change.what}" for change in missing)
        pytest.fail(
            "These changes of the public surface since the baseline "
            f"(release {pin['baseline']['release']}) have no entry in the Unreleased "
            f"section of CHANGELOG.md (name them in backticks):\n{lines}",
            pytrace=False,
        )


def test_public_modules_are_found_and_have_all(live: dict[str, Any]) -> None:
    public_api = _load_script_from(ROOT / "tests" / "test_public_api.py")
    assert set(live["modules"]) == set(public_api.PUBLIC_MODULES), (
        "tests/test_public_api.py PUBLIC_MODULES must list every public module"
    )
    assert all(names is not None for names in live["modules"].values())
    assert live["modules"]["bansos_validate"] == sorted(bv.__all__)


def _load_script_from(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("_bv_test_public_api", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_design_contract_columns_are_produced(live: dict[str, Any]) -> None:
    for result, contract in CONTRACT_COLUMNS.items():
        produced = live["result_columns"][result]
        assert [c for c in produced if c in contract] == contract, result
    # "the input columns, then row": row is the first added column.
    assert live["result_columns"]["TableCheck.frame"][0] == "row"
    assert live["result_values"] == CONTRACT_VALUES


def test_surface_holds_codes_and_rule_ids(live: dict[str, Any]) -> None:
    assert set(live["issue_codes"]) == set(issues.CATALOGUE)
    assert live["issue_codes"]["nik_serial_zero"] == {
        "severity": "error",
        "subject": "nik",
        "damage": False,
    }
    assert set(live["programs"]) == set(bv.rules.programs())
    assert "desil" in live["programs"]["pkh"]["rules"]
    assert set(live["overlap_policies"]) == set(bv.overlap.policies())
    assert "blt_dd_pkh" in live["overlap_policies"]["nasional"]


# --- the checks fail when they should (monkeypatched surface) ------------------------------

CHANGELOG_HEAD = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n"
RELEASED = "\n## [0.1.0] - 2026-12-01\n\n### Added\n\n- `bansos_validate.shiny_new` (old).\n"


def test_a_new_public_name_fails_until_it_is_in_the_changelog(
    monkeypatch: pytest.MonkeyPatch, columns: dict[str, list[str]], pin: dict[str, Any]
) -> None:
    monkeypatch.setattr(bv, "__all__", sorted([*bv.__all__, "shiny_new"]))
    live = us.live_surface(columns=columns)
    assert "shiny_new" in us.surface_diff(pin["surface"], live)  # the pin test fails
    found = us.changes(pin["baseline"]["surface"], live)
    assert "bansos_validate.shiny_new added" in [c.what for c in found]
    before = us.unrecorded(found, CHANGELOG_HEAD + "- Something else.\n" + RELEASED)
    assert "bansos_validate.shiny_new added" in [c.what for c in before]
    entry = "- `bansos_validate.shiny_new()`: a new function,\n  documented.\n"
    after = us.unrecorded(found, CHANGELOG_HEAD + entry + RELEASED)
    assert "bansos_validate.shiny_new added" not in [c.what for c in after]


def test_a_removed_name_and_module_must_be_recorded(
    monkeypatch: pytest.MonkeyPatch, columns: dict[str, list[str]], pin: dict[str, Any]
) -> None:
    monkeypatch.setattr(bv, "__all__", [n for n in bv.__all__ if n != "mask_kk"])
    live = us.live_surface(columns=columns)
    del live["modules"]["bansos_validate.synth"]
    found = {c.what: c for c in us.changes(pin["surface"], live)}
    assert set(found) == {
        "bansos_validate.mask_kk removed",
        "public module bansos_validate.synth removed",
    }
    text = CHANGELOG_HEAD.replace("Added", "Removed") + "- `bansos_validate.mask_kk`.\n"
    assert [c.what for c in us.unrecorded(found.values(), text)] == [
        "public module bansos_validate.synth removed"
    ]


def test_issue_code_changes_must_be_recorded(
    monkeypatch: pytest.MonkeyPatch, columns: dict[str, list[str]], pin: dict[str, Any]
) -> None:
    catalogue = dict(issues.CATALOGUE)
    old = catalogue["nik_serial_zero"]
    catalogue["nik_serial_zero"] = attrs.evolve(old, severity=issues.Severity.WARNING)
    catalogue["nik_brand_new"] = attrs.evolve(old, code="nik_brand_new")
    monkeypatch.setattr(issues, "CATALOGUE", MappingProxyType(catalogue))
    live = us.live_surface(columns=columns)
    found = us.changes(pin["surface"], live)
    assert [c.what for c in found] == [
        "issue code nik_brand_new added",
        "issue code nik_serial_zero: severity error -> warning",
    ]
    text = CHANGELOG_HEAD + "- New code `nik_brand_new`.\n\n### Changed\n\n- nik_serial_zero.\n"
    # The second entry names the code without backticks: it does not count.
    assert [c.what for c in us.unrecorded(found, text)] == [
        "issue code nik_serial_zero: severity error -> warning"
    ]


def test_result_columns_and_rule_ids_need_the_result_and_program_named(
    columns: dict[str, list[str]], pin: dict[str, Any]
) -> None:
    changed = {**columns, "TableCheck.frame": [*columns["TableCheck.frame"], "nik_age"]}
    live = us.live_surface(columns=changed)
    live["programs"]["pkh"]["rules"].append("anggota_polri_baru")
    found = us.changes(pin["surface"], live)
    assert [c.what for c in found] == [
        "TableCheck.frame: 'nik_age' added",
        "pkh rule anggota_polri_baru added",
    ]
    vague = CHANGELOG_HEAD + "- A column `nik_age`.\n- Rule `anggota_polri_baru`.\n"
    assert len(us.unrecorded(found, vague)) == 2
    clear = CHANGELOG_HEAD + (
        "- `bansos_validate.TableCheck.frame` has a column `nik_age`.\n"
        "- PKH: exclusion `anggota_polri_baru`. Impacted periods: from 2027-01-01.\n"
    )
    assert us.unrecorded(found, clear) == []


def test_entries_outside_unreleased_do_not_count() -> None:
    change = us.Change("bansos_validate.shiny_new added", ("bansos_validate.shiny_new",))
    assert us.unrecorded([change], CHANGELOG_HEAD + RELEASED) == [change]
    assert us.entries("### Added\n\n- one\n  two\n- three\n\n### Fixed\n\n* four\n") == [
        "one two",
        "three",
        "four",
    ]


def test_the_update_script_check_mode_agrees(capsys: pytest.CaptureFixture[str]) -> None:
    assert us.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out
