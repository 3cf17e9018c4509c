"""``demo``: every check on the synthetic Kota Mojokerto population.

The demo does what an officer does with real files: the synthetic tables are written as
CSV files into ``OUT/data/``, read back with :func:`bansos_validate.io.read` (so findings
carry file row numbers), and every check runs on what was read: NIK/KK, households,
matching against the civil-registry view, eligibility for every bundled program, and
overlaps between the program rolls (the roster serves as the list of deaths, employees
and families).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import polars as pl

import bansos_validate as bv
from bansos_validate import rules
from bansos_validate._pipeline._common import (
    FailOn,
    Outcome,
    Progress,
    Recorder,
    ReportOptions,
)
from bansos_validate._pipeline._steps import finish, generated, write_report
from bansos_validate.household import check_households
from bansos_validate.report import InputFile, Report

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["DEMO_REGION", "DemoRequest", "run", "steps"]

DEMO_REGION = "3576"
"""Kota Mojokerto, the demo's regency."""


@attrs.frozen(slots=True, kw_only=True)
class DemoRequest(ReportOptions):
    """What the demo makes.

    Attributes:
        out: the report folder; the synthetic inputs go into its ``data`` folder.
        households: the number of synthetic households.
        seed: the synthetic population's seed.
        fail_on: as for every job, but ``never`` by default.
    """

    out: Path
    households: int = 5_000
    seed: int = 0
    fail_on: FailOn = "never"


def _household_table(households: Any) -> Any:
    """The households as an office holds them: program receipt as ``penerima_*`` columns."""
    return households.with_columns(
        pl.col("pkh").alias("penerima_pkh"), pl.col("bpnt").alias("penerima_bpnt")
    )


def steps() -> int:
    """How many progress steps :func:`run` takes (the report folder included)."""
    return 7 + len(rules.programs()) + 1


def run(request: DemoRequest, progress: Progress | None = None) -> Outcome:
    """Generate, write, read back, check everything and write the report folder.

    The outcome's files include ``inputs``, the folder of the synthetic input files. An
    empty program roll is left out with a ``demo_skipped_roll`` note.
    """
    recorder = Recorder(progress)
    recorder.start(steps())
    lang = request.lang
    programs = rules.programs()
    recorder.step("step_synth")
    pop = bv.synth.generate(
        n_households=request.households, regions=[DEMO_REGION], seed=request.seed
    )
    recorder.step("step_write_inputs")
    data = request.out / "data"
    data.mkdir(parents=True, exist_ok=True)
    tables: dict[str, Any] = {
        "persons": pop.persons,
        "households": _household_table(pop.households),
        "dukcapil": pop.second_view,
    }
    skipped = [name for name, roll in pop.rolls.items() if roll.height == 0]
    tables.update({name: roll for name, roll in pop.rolls.items() if roll.height})
    paths = {name: bv.io.write(frame, data / f"{name}.csv") for name, frame in tables.items()}
    recorder.step("step_read", name=str(data))
    frames = {name: bv.io.read(path) for name, path in paths.items()}
    inputs = tuple(
        InputFile.from_source(path, name=name, rows=frames[name].height)
        for name, path in paths.items()
    )
    ref = pop.reference_date
    persons = frames["persons"]
    recorder.step("step_table")
    table = bv.check_table(persons, reference_date=ref)
    recorder.step("step_households")
    household_check = check_households(persons, reference_date=ref)
    recorder.step("step_match", name="dukcapil")
    matched = bv.match_records(persons, frames["dukcapil"])
    decisions = []
    for program in programs:
        recorder.step("step_rules", program=program.upper())
        ruleset = rules.load_program(program)
        decisions.append(rules.evaluate(ruleset, persons, frames["households"], reference_date=ref))
    recorder.step("step_overlap")
    rolls = {name: frames[name] for name in pop.rolls if name in frames}
    overlaps = bv.find_overlaps(
        rolls,
        deaths=persons,
        employees=persons,
        persons=persons,
        reference_date=ref,
        lang=lang,
    )
    for name in skipped:
        recorder.note("demo_skipped_roll", name=name)
    report = Report(
        reference_date=ref,
        table=table,
        households=household_check,
        match=matched,
        match_names=("persons", "dukcapil"),
        decisions=tuple(decisions),
        overlaps=overlaps,
        frames=frames,
        inputs=inputs,
        synthetic=True,
        command=request.command,
        generated_at=generated(request.generated_at),
    )
    files = write_report(report, request.out, recorder, lang=lang, unmasked=request.unmasked)
    files["inputs"] = data
    return finish(report, files, request, recorder)
