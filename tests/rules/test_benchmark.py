"""The benchmark script still runs (on a tiny population) and its engines agree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_rules.py"


def test_benchmark_runs_and_engines_agree() -> None:
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "3000", "--sample", "500", "--repeat", "1", "--text"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    assert "households/s" in out
    line = next(x for x in out.splitlines() if x.startswith("agreement on the sample"))
    counts = line.split(":")[1]
    rule_engine, ours = (part.split()[-1] for part in counts.split(","))
    assert rule_engine == ours
