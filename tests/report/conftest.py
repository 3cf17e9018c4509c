"""A small synthetic run, checked every way, for the report tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import polars as pl
import pytest

import bansos_validate as bv
from bansos_validate import rules
from bansos_validate.household import check_households
from bansos_validate.report import InputFile, Report


@attrs.frozen
class Run:
    report: Report
    persons: pl.DataFrame
    households: pl.DataFrame
    dukcapil: pl.DataFrame
    paths: dict[str, Path]
    rolls: dict[str, pl.DataFrame]


@pytest.fixture(scope="session")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    folder = tmp_path_factory.mktemp("report-inputs")
    pop = bv.synth.generate(n_households=150, regions=["3576"], seed=11)
    households = pop.households.with_columns(
        penerima_pkh=pl.col("pkh"), penerima_bpnt=pl.col("bpnt")
    )
    households = households.with_columns(  # two households without desil: undetermined
        pl.when(pl.int_range(pl.len()) < 2).then(None).otherwise(pl.col("desil")).alias("desil")
    )
    blt = pop.rolls["PKH"].head(3).with_columns(program=pl.lit("BLT-DD"))  # exclusive
    paths = {
        "persons": bv.io.write(pop.persons, folder / "persons.xlsx"),
        "households": bv.io.write(households, folder / "households.csv"),
        "dukcapil": bv.io.write(pop.second_view, folder / "dukcapil.csv"),
        "PKH": bv.io.write(pop.rolls["PKH"], folder / "PKH.csv"),
        "BLT-DD": bv.io.write(blt, folder / "BLT-DD.xlsx"),
    }
    persons = bv.io.read(paths["persons"])
    household_frame = bv.io.read(paths["households"])
    dukcapil = bv.io.read(paths["dukcapil"])
    rolls = {name: bv.io.read(paths[name]) for name in ("PKH", "BLT-DD")}
    ref = pop.reference_date
    decisions = tuple(
        rules.evaluate(rules.load_program(p), persons, household_frame, reference_date=ref)
        for p in ("pkh", "bpnt", "pip")
    )
    report = Report(
        reference_date=ref,
        table=bv.check_table(persons, reference_date=ref),
        households=check_households(persons, reference_date=ref),
        match=bv.match_records(persons, dukcapil),
        match_names=("persons", "dukcapil"),
        decisions=decisions,
        overlaps=bv.find_overlaps(rolls, persons=persons, deaths=persons, reference_date=ref),
        frames={
            "persons": persons,
            "households": household_frame,
            "dukcapil": dukcapil,
            **rolls,
        },
        inputs=tuple(
            InputFile.from_source(p, name=n, rows=bv.io.read(p).height) for n, p in paths.items()
        ),
        synthetic=True,
        command="bansos-validate test",
    )
    return Run(report, persons, household_frame, dukcapil, paths, rolls)


def raw_ids(frame: pl.DataFrame) -> set[str]:
    values: set[str] = set()
    for column in ("nik", "no_kk"):
        values |= {v for v in frame[column].to_list() if isinstance(v, str) and len(v) == 16}
    return values


@pytest.fixture(scope="session")
def raw(run: Run) -> set[str]:
    return raw_ids(run.persons) | raw_ids(run.dukcapil)


def html_of(run: Run, **options: Any) -> str:
    return run.report.to_html(**options)
