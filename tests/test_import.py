"""Importing the package and parsing one NIK loads no dataframe library."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("polars", "narwhals", "pandas", "pyarrow", "duckdb", "pyspark", "numpy", "hypothesis")


def test_parse_nik_imports_no_dataframe_library() -> None:
    code = (
        "import sys, bansos_validate as bv; "
        "info = bv.parse_nik('3576014403910003'); assert info.is_valid; "
        "bv.parse_kk('3576010101200001'); bv.mask_nik('3576014403910003'); "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_region_data_loads_lazily() -> None:
    code = (
        "import sys, bansos_validate as bv; "
        "from bansos_validate.regions import _table; "
        "print(_table.current_tables.cache_info().currsize, _table.villages.cache_info().currsize); "
        "bv.parse_nik('3576014403910003'); "
        "print(_table.current_tables.cache_info().currsize, _table.villages.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "0", "1", "0"]
