"""Every script in ``examples/`` runs to the end (each checks its own output with assert)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SCRIPTS = sorted(p.name for p in EXAMPLES.glob("*.py"))
CAPABILITIES = {
    "ids.py",
    "tables.py",
    "io.py",
    "households.py",
    "names.py",
    "matching.py",
    "rules.py",
    "overlaps.py",
    "local_rules.py",
    "privacy.py",
    "synth.py",
    "report.py",
    "downstream_ci.py",
    "demo.py",
}


def test_there_is_an_example_per_capability() -> None:
    assert set(SCRIPTS) >= CAPABILITIES


@pytest.mark.parametrize("name", SCRIPTS)
def test_example_runs(name: str, tmp_path: Path) -> None:
    args = [sys.executable, str(EXAMPLES / name)]
    if name == "demo.py":
        args += ["--out", str(tmp_path / "demo"), "--households", "300"]
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    done = subprocess.run(
        args, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False, env=env
    )
    assert done.returncode == 0, f"{name} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    assert done.stdout.strip(), f"{name} printed nothing"
