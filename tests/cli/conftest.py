"""Synthetic input files for the CLI tests (every NIK in them comes from bansos_validate.synth)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

import bansos_validate as bv

REF = dt.date(2026, 1, 1)


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def population() -> Any:
    return bv.synth.generate(n_households=120, regions=["3576"], seed=5)


@pytest.fixture(scope="session")
def files(tmp_path_factory: pytest.TempPathFactory, population: Any) -> dict[str, Path]:
    """The synthetic tables as the files an office would have."""
    folder = tmp_path_factory.mktemp("cli-inputs")
    households = population.households.with_columns(
        penerima_pkh=pl.col("pkh"), penerima_bpnt=pl.col("bpnt")
    )
    clean = bv.synth.generate(
        n_households=60, regions=["3576"], seed=3, error_rates=bv.synth.ErrorRates.none()
    )
    return {
        "persons": bv.io.write(population.persons, folder / "persons.csv"),
        "persons_xlsx": bv.io.write(population.persons, folder / "persons.xlsx"),
        "households": bv.io.write(households, folder / "households.csv"),
        "dukcapil": bv.io.write(population.second_view, folder / "dukcapil.csv"),
        "clean": bv.io.write(clean.persons, folder / "clean.csv"),
        "pkh_roll": bv.io.write(population.rolls["PKH"], folder / "PKH.csv"),
        "bpnt_roll": bv.io.write(population.rolls["BPNT"], folder / "BPNT.csv"),
    }
