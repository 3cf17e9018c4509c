"""bansos_validate.versions() and ``bansos-validate --version`` report every versioned part."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import attrs
import pytest

import bansos_validate as bv

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def report() -> bv.Versions:
    return bv.versions()


def _sha256(package: str, *parts: str) -> str:
    resource = resources.files(package).joinpath(*parts)
    return hashlib.sha256(resource.read_bytes()).hexdigest()


def test_library_and_region_data(report: bv.Versions) -> None:
    assert report.library == bv.__version__
    assert report.python == ".".join(map(str, sys.version_info[:3]))
    assert dict(report.region_data) == bv.regions.data_version()
    assert report.region_data["edition"] == "2025"


def test_every_bundled_rule_set_with_the_sha256_of_its_file(report: bv.Versions) -> None:
    assert [entry.id for entry in report.rule_sets] == list(bv.rules.programs())
    for entry in report.rule_sets:
        ruleset = bv.load_program(entry.id)
        assert (entry.version, entry.sha256) == (ruleset.version, ruleset.sha256)
        # Independent of the rules module: the checksum of the packaged file itself.
        assert entry.sha256 == _sha256("bansos_validate.rules", "programs", f"{entry.id}.yaml")
        assert entry.path == f"bansos_validate/rules/programs/{entry.id}.yaml"
        assert re.fullmatch(r"[0-9]{4}\.[0-9]+", entry.version), entry.version


def test_every_bundled_overlap_policy_with_the_sha256_of_its_file(report: bv.Versions) -> None:
    assert [entry.id for entry in report.overlap_policies] == list(bv.overlap.policies())
    for entry in report.overlap_policies:
        policy = bv.overlap.load_policy(entry.id)
        assert (entry.version, entry.sha256) == (policy.version, policy.sha256)
        assert entry.sha256 == _sha256("bansos_validate.overlap", "policies", f"{entry.id}.yaml")


def test_lookup_by_id(report: bv.Versions) -> None:
    assert report.rule_set("pkh").id == "pkh"
    assert report.policy("nasional").id == "nasional"
    with pytest.raises(KeyError, match="no bundled rule set 'pkhh'; bundled: blt-dd"):
        report.rule_set("pkhh")
    with pytest.raises(KeyError, match="overlap policy"):
        report.policy("lokal")


def test_dependencies_are_the_declared_ones_at_their_installed_versions(
    report: bv.Versions,
) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = [re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower() for r in project["dependencies"]]
    assert list(report.dependencies)[: len(runtime)] == sorted(runtime)
    for name, version in report.dependencies.items():
        assert version == importlib.metadata.version(name), name
    assert "pytest" not in report.dependencies  # a tool of the dev extra, not listed
    assert report.dependencies["pandas"] == importlib.metadata.version("pandas")  # extra


def test_the_report_is_frozen_and_json_ready(report: bv.Versions) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        report.library = "0"  # type: ignore[misc]
    with pytest.raises(TypeError):
        report.region_data["edition"] = "1999"  # type: ignore[index]
    data = json.loads(json.dumps(report.as_dict()))
    assert data["bansos_validate"] == bv.__version__
    assert data["rule_sets"]["pkh"]["sha256"] == report.rule_set("pkh").sha256
    assert data["overlap_policies"]["nasional"]["version"] == report.policy("nasional").version
    assert data["region_data"]["source_commit"] == bv.regions.data_version()["source_commit"]


def test_text_and_repr(report: bv.Versions) -> None:
    text = str(report)
    assert text.startswith(f"bansos-validate {bv.__version__} (Python ")
    for entry in (*report.rule_sets, *report.overlap_policies):
        assert f"{entry.id:<9} {entry.version:<8} sha256 {entry.sha256}" in text
    assert repr(report) == (
        f"<Versions bansos-validate {bv.__version__}; region data 2025; "
        f"{len(report.rule_sets)} rule sets; {len(report.overlap_policies)} overlap policies>"
    )


def test_cli_version_shows_everything_the_api_reports(report: bv.Versions) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bansos_validate.cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    out = done.stdout
    assert f"bansos-validate {report.library}" in out
    assert f"Kemendagri {report.region_data['edition']}" in out
    assert str(report.region_data["source_commit"])[:12] in out
    for entry in (*report.rule_sets, *report.overlap_policies):
        line = next(line for line in out.splitlines() if line.split()[:1] == [entry.id])
        assert entry.version in line.split(), line
        assert entry.sha256 in line, line


def test_versions_is_lazy_and_import_stays_light() -> None:
    code = (
        "import sys, bansos_validate as bv; f = bv.versions; "
        "print('polars' in sys.modules, 'bansos_validate._versions' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]
