"""Smoke test of an installed wheel: run with only the runtime dependencies installed.

Used by ``.ci/run`` after building the wheel and installing it into a fresh virtual
environment, so a missing package-data file or an undeclared import fails CI.
"""

from __future__ import annotations

import datetime as dt
import sys


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
    print(f"smoke test passed: bansos-validate {bv.__version__} on Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
