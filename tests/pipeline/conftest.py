"""Small synthetic input files for the pipeline jobs (every NIK comes from bansos_validate.synth)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import bansos_validate as bv

REF = dt.date(2026, 1, 1)
GENERATED = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


class Events:
    """A ``Progress`` that records what a job tells it."""

    def __init__(self) -> None:
        self.total: int | None = None
        self.steps: list[tuple[str, dict[str, object]]] = []
        self.skipped = 0
        self.notes: list[tuple[str, dict[str, object]]] = []
        self.warnings: list[Any] = []

    def start(self, total: int) -> None:
        self.total = total

    def step(self, key: str, /, **values: object) -> None:
        self.steps.append((key, values))

    def skip(self) -> None:
        self.skipped += 1

    def note(self, key: str, /, **values: object) -> None:
        self.notes.append((key, values))

    def warning(self, caught: Any) -> None:
        self.warnings.append(caught)

    @property
    def keys(self) -> list[str]:
        return [key for key, _ in self.steps]


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture(scope="session")
def population() -> Any:
    return bv.synth.generate(n_households=40, regions=["3576"], seed=7)


@pytest.fixture(scope="session")
def files(tmp_path_factory: pytest.TempPathFactory, population: Any) -> dict[str, Path]:
    """The synthetic tables as the files an office would have."""
    folder = tmp_path_factory.mktemp("pipeline-inputs")
    households = population.households.with_columns(
        penerima_pkh=pl.col("pkh"), penerima_bpnt=pl.col("bpnt")
    )
    return {
        "persons": bv.io.write(population.persons, folder / "persons.csv"),
        "no_kk": bv.io.write(population.persons.drop("no_kk"), folder / "no_kk.csv"),
        "households": bv.io.write(households, folder / "households.csv"),
        "dukcapil": bv.io.write(population.second_view, folder / "dukcapil.csv"),
        "pkh": bv.io.write(population.rolls["PKH"], folder / "PKH.csv"),
        "bpnt": bv.io.write(population.rolls["BPNT"], folder / "BPNT.csv"),
    }
