"""A clean synthetic population, and helpers to write it as officers' files and run the CLI.

Every NIK and KK number here comes from ``bansos_validate.synth`` (synthetic).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import xlsxwriter
from typer.testing import CliRunner

import bansos_validate as bv
from bansos_validate.cli._app import app

AT = dt.date(2026, 1, 15)


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def clean() -> Any:
    """A clean population of Kota Mojokerto (no planted errors)."""
    return bv.synth.generate(
        n_households=80, regions=["3576"], seed=11, error_rates=bv.synth.ErrorRates.none()
    )


@pytest.fixture(scope="session")
def persons(clean: Any) -> pl.DataFrame:
    return clean.persons.drop("person_id", "household_id")


@pytest.fixture(scope="session")
def households(clean: Any) -> pl.DataFrame:
    return clean.households.select(
        "no_kk",
        "desil",
        "kode_wilayah",
        pl.col("pkh").alias("penerima_pkh"),
        pl.col("bpnt").alias("penerima_bpnt"),
    )


def run(runner: CliRunner, *args: object) -> tuple[int, dict[str, Any] | None, str]:
    """Run the CLI; return the exit code, the parsed ``--json`` document (if any), stderr."""
    result = runner.invoke(app, [str(a) for a in args])
    document = None
    if "--json" in args and result.stdout.strip():
        document = json.loads(result.stdout)
    return result.exit_code, document, result.stderr


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    """Write *rows* to the first sheet as given: numbers stay number cells, text text."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DATA")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))
    book.close()
    return path


def frame_rows(frame: pl.DataFrame, numeric: tuple[str, ...] = ()) -> list[list[object]]:
    """The header and rows of *frame*; the *numeric* columns as numbers (as Excel keeps them)."""
    rows: list[list[object]] = [list(frame.columns)]
    for row in frame.iter_rows():
        out: list[object] = []
        for name, value in zip(frame.columns, row, strict=True):
            if name in numeric and value is not None:
                out.append(int(value))
            elif value is None:
                out.append(None)
            else:
                out.append(value if isinstance(value, int | float) else str(value))
        rows.append(out)
    return rows


def codes(document: dict[str, Any] | None) -> dict[str, str]:
    """``{code: severity}`` of every finding of a ``--json`` document."""
    assert document is not None
    return {f["code"]: f["severity"] for f in document["findings"]}
