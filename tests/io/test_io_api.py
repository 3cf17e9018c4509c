"""The public surface of ``bansos_validate.io``: names, error tree, lazy imports, URL masking."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bansos_validate import io
from bansos_validate.errors import BansosValidateError, UsageError
from bansos_validate.io._url import mask_url, scheme_of, split_table

EXPECTED = {
    "DatabaseError",
    "EmptySourceError",
    "LimitExceededError",
    "Limits",
    "MalformedSourceError",
    "ReadError",
    "ReadInfo",
    "SheetNotFoundError",
    "SourceNotFoundError",
    "SpreadsheetLimitWarning",
    "UnsupportedFormatError",
    "WriteError",
    "read",
    "read_info",
    "write",
}


def test_all_is_sorted_and_pinned() -> None:
    assert io.__all__ == sorted(io.__all__)
    assert set(io.__all__) == EXPECTED
    for name in io.__all__:
        obj = getattr(io, name)
        expected = "bansos_validate.io" if isinstance(obj, type) else "bansos_validate.io._"
        assert obj.__module__.startswith(expected)


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if n.endswith("Error")))
def test_errors_are_usage_errors_and_value_errors(name: str) -> None:
    error = getattr(io, name)
    assert issubclass(error, UsageError)
    assert issubclass(error, BansosValidateError)
    assert issubclass(error, ValueError)
    if name not in ("ReadError", "WriteError"):
        assert issubclass(error, io.ReadError)


def test_read_error_attributes() -> None:
    error = io.ReadError("x.csv: bad", path="x.csv", row=3, line=4)
    assert (error.path, error.sheet, error.row, error.column, error.line) == (
        "x.csv",
        None,
        3,
        None,
        4,
    )
    assert str(error) == "x.csv: bad"


def test_importing_io_loads_no_dataframe_library() -> None:
    code = (
        "import sys, bansos_validate.io; "
        "print(','.join(m for m in ('polars', 'narwhals', 'fastexcel', 'psycopg', 'pyarrow') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("postgresql://bansos:rahasia@db:5432/x", "postgresql://bansos:***@db:5432/x"),
        (
            "postgres://bansos:r@h:s@db/x?sslmode=require",
            "postgres://bansos:***@db/x?sslmode=require",
        ),
        ("postgresql://bansos@db/x", "postgresql://bansos@db/x"),
        ("postgresql://db/x?user=u&password=rahasia", "postgresql://db/x?user=u&password=***"),
        ("postgresql://db/x?PASSWORD=rahasia&table=t", "postgresql://db/x?PASSWORD=***&table=t"),
    ],
)
def test_mask_url(url: str, masked: str) -> None:
    assert mask_url(url) == masked
    assert "rahasia" not in mask_url(url)


def test_scheme_and_table() -> None:
    assert scheme_of("POSTGRESQL://db/x") == "postgresql"
    assert scheme_of("C:\\data\\dtsen.csv") is None
    assert split_table("postgresql://db/x?table=s.t") == ("postgresql://db/x", "s.t")
    assert split_table("postgresql://db/x") == ("postgresql://db/x", None)
