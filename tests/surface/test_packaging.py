"""Dependencies: minimal, bounded from below only, tested at their bounds, all declared."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
LOWER_BOUNDS = ROOT / ".ci" / "lower-bounds.txt"
# Extras whose bounds the lower-bounds job installs (the others are engines or tools).
TESTED_EXTRAS = ("pandas", "testing", "cli")
# Heavy or optional parts that must never be runtime dependencies.
NOT_RUNTIME = {
    "pandas",
    "pyarrow",
    "pyspark",
    "psycopg",
    "duckdb",
    "typer",
    "rich",
    "fastexcel",
    "xlsxwriter",
    "hypothesis",
    "playwright",
    "splink",
    "mkdocs",
}
# Imported only when the caller hands in that library's own objects (a DuckDB relation).
CALLER_SUPPLIED = {"duckdb"}
_REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$")


def _parse(requirement: str) -> tuple[str, str]:
    match = _REQUIREMENT.match(requirement.split(";", maxsplit=1)[0].strip())
    assert match is not None, requirement
    return _normal(match.group(1)), match.group(3).strip()


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _version(text: str) -> tuple[int, ...]:
    parts = [int(p) for p in text.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def _pins() -> dict[str, str]:
    pins = {}
    for raw in LOWER_BOUNDS.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", maxsplit=1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[_normal(name)] = version
    return pins


def _all_requirements() -> list[tuple[str, str, str]]:
    """(group, name, specifier) for the runtime dependencies and every extra."""
    out = [("runtime", *_parse(r)) for r in PYPROJECT["dependencies"]]
    for extra, requirements in PYPROJECT["optional-dependencies"].items():
        out.extend((extra, *_parse(r)) for r in requirements)
    return out


def test_runtime_dependencies_have_lower_bounds_and_no_upper_pins() -> None:
    for group, name, specifier in _all_requirements():
        assert not re.search(r"<|~=|==|!=|\*", specifier), f"{group}: {name}{specifier}"
        if group == "runtime":
            assert re.fullmatch(r">=\s*[0-9][0-9.]*", specifier), f"{name} needs a lower bound"


def test_heavy_parts_are_extras_or_tools() -> None:
    runtime = {name for _, name, _ in [("runtime", *_parse(r)) for r in PYPROJECT["dependencies"]]}
    assert not runtime & NOT_RUNTIME
    extras = PYPROJECT["optional-dependencies"]
    assert {_parse(r)[0] for r in extras["spark"]} == {"pyspark"}
    assert {_parse(r)[0] for r in extras["postgres"]} == {"psycopg"}
    assert "playwright" in {_parse(r)[0] for r in extras["dev"]}
    assert "splink" in {_parse(r)[0] for r in extras["bench"]}


def test_lower_bounds_file_matches_pyproject() -> None:
    pins = _pins()
    bounded = [
        (group, name, specifier)
        for group, name, specifier in _all_requirements()
        if group == "runtime" or group in TESTED_EXTRAS
    ]
    for group, name, specifier in bounded:
        assert name in pins, f"{name} ({group}) has no tested lower bound in {LOWER_BOUNDS.name}"
        bound = specifier.removeprefix(">=").strip()
        assert _version(bound) == _version(pins[name]), (
            f"{name}: pyproject.toml says >={bound}, {LOWER_BOUNDS.name} tests {pins[name]}"
        )
    assert set(pins) == {name for _, name, _ in bounded}


def _third_party_imports() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "src" / "bansos_validate").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top not in sys.stdlib_module_names and top != "bansos_validate":
                    found.setdefault(top, set()).add(path.relative_to(ROOT).as_posix())
    return found


def test_every_third_party_import_is_declared() -> None:
    declared = {name for group, name, _ in _all_requirements() if group not in {"dev", "docs"}}
    distributions = importlib.metadata.packages_distributions()
    imports = _third_party_imports()
    assert {"polars", "narwhals", "stdnum", "yaml"} <= set(imports)
    for module, files in imports.items():
        if module in CALLER_SUPPLIED:
            continue
        names = {_normal(d) for d in distributions.get(module, [])}
        assert names & declared, f"{module} (imported by {min(files)}) is not declared"


@pytest.mark.parametrize("module", ["typer", "rich"])
def test_cli_packages_are_imported_only_by_the_cli(module: str) -> None:
    files = _third_party_imports()[module]
    assert all(f.startswith("src/bansos_validate/cli/") for f in files), files
