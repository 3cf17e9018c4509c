"""Smoke test of an installed wheel: run with only the runtime dependencies installed.

Used by ``.ci/run`` after building the wheel and installing it into a fresh virtual
environment, so a missing package-data file or an undeclared import fails CI.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import subprocess
import sys
from pathlib import Path


def main() -> None:
    """Parse a NIK, check small tables with Polars (and pandas when present)."""
    import bansos_validate as bv  # noqa: PLC0415

    ref = dt.date(2026, 11, 27)
    info = bv.parse_nik("3576014403910003", reference_date=ref)
    assert info.is_valid, info
    assert info.district is not None
    assert info.district.name == "Prajuritkulon"
    assert bv.regions.lookup("3576011003") is not None  # villages (gzip) are packaged
    assert bv.regions.lookup("910101") is not None  # historical codes are packaged
    assert bv.regions.data_version()["license"] == "MIT"

    import polars as pl  # noqa: PLC0415

    frame = pl.DataFrame({"nik": ["3576014403910003", "3576014403910000"]})
    result = bv.check_table(frame, reference_date=ref)
    assert result.frame["status"].to_list() == ["valid", "invalid"]
    try:
        import pandas as pd  # noqa: PLC0415
    except ImportError:
        print("pandas not installed: pandas check skipped (it is an extra)")
    else:
        out = bv.check_table(pd.DataFrame({"nik": ["3576014403910003"]}), reference_date=ref)
        assert list(out.frame["status"]) == ["valid"]
    pop = bv.synth.generate(n_households=20, seed=1)
    assert pop.persons.height > 20

    from bansos_validate import report  # noqa: PLC0415

    html = report.Report(reference_date=ref, table=result).to_html()
    assert html.startswith("<!DOCTYPE html>"), html[:40]
    assert "3576014403910000" not in html  # masked
    _check_console_script()
    print(f"smoke test passed: bansos-validate {bv.__version__} on Python {sys.version.split()[0]}")


def _check_console_script() -> None:
    """``bansos-validate`` is installed; without the ``cli`` extra it says what to install."""
    script = Path(sys.executable).parent / "bansos-validate"
    assert script.exists(), f"no console script at {script}"
    done = subprocess.run(  # noqa: S603 - our own console script
        [str(script), "--version"], capture_output=True, text=True, check=False
    )
    if importlib.util.find_spec("typer") is None:
        assert done.returncode == 2, done
        assert "bansos-validate[cli]" in done.stderr, done.stderr
    else:
        assert done.returncode == 0, done
        assert "rule sets" in done.stdout, done.stdout


if __name__ == "__main__":
    main()
