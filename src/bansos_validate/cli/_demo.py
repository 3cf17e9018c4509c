"""``bansos-validate demo``: every check on the synthetic Kota Mojokerto population.

The demo does what an officer does with real files: the synthetic tables are written as
CSV files into ``OUT/data/``, read back with :func:`bansos_validate.io.read` (so findings
carry file row numbers), and every check runs on what was read: NIK/KK, households,
matching against the civil-registry view, eligibility for every bundled program, and
overlaps between the program rolls (the roster serves as the list of deaths, employees
and families).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bansos_validate.cli._text import say

if TYPE_CHECKING:
    from pathlib import Path

    from bansos_validate.cli._run import Steps
    from bansos_validate.issues import Lang
    from bansos_validate.report import Report

__all__ = ["DEMO_REGION", "demo_steps", "run_demo"]

DEMO_REGION = "3576"
"""Kota Mojokerto, the demo's regency."""


def _household_table(households: Any) -> Any:
    """The households as an office holds them: program receipt as ``penerima_*`` columns."""
    import polars as pl

    return households.with_columns(
        pl.col("pkh").alias("penerima_pkh"), pl.col("bpnt").alias("penerima_bpnt")
    )


def demo_steps() -> int:
    """How many progress steps :func:`run_demo` takes."""
    from bansos_validate import rules

    return 7 + len(rules.programs())


def run_demo(
    out: Path, *, households: int, seed: int, lang: Lang, steps: Steps
) -> tuple[Report, Path]:
    """Generate, write, read back and check; return the report and the input folder."""
    import bansos_validate as bv
    from bansos_validate import rules
    from bansos_validate.household import check_households
    from bansos_validate.report import InputFile, Report

    programs = rules.programs()
    steps.step(say("step_synth", lang))
    pop = bv.synth.generate(n_households=households, regions=[DEMO_REGION], seed=seed)
    steps.step(say("step_write_inputs", lang))
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    tables: dict[str, Any] = {
        "persons": pop.persons,
        "households": _household_table(pop.households),
        "dukcapil": pop.second_view,
    }
    skipped = [name for name, roll in pop.rolls.items() if roll.height == 0]
    tables.update({name: roll for name, roll in pop.rolls.items() if roll.height})
    paths = {name: bv.io.write(frame, data / f"{name}.csv") for name, frame in tables.items()}
    steps.step(say("step_read", lang, name=str(data)))
    frames = {name: bv.io.read(path) for name, path in paths.items()}
    inputs = tuple(
        InputFile.from_source(path, name=name, rows=frames[name].height)
        for name, path in paths.items()
    )
    ref = pop.reference_date
    persons = frames["persons"]
    steps.step(say("step_table", lang))
    table = bv.check_table(persons, reference_date=ref)
    steps.step(say("step_households", lang))
    household_check = check_households(persons, reference_date=ref)
    steps.step(say("step_match", lang, name="dukcapil"))
    matched = bv.match_records(persons, frames["dukcapil"])
    decisions = []
    for program in programs:
        steps.step(say("step_rules", lang, program=program.upper()))
        ruleset = rules.load_program(program)
        decisions.append(rules.evaluate(ruleset, persons, frames["households"], at=ref))
    steps.step(say("step_overlap", lang))
    rolls = {name: frames[name] for name in pop.rolls if name in frames}
    overlaps = bv.find_overlaps(
        rolls, deaths=persons, employees=persons, persons=persons, at=ref, lang=lang
    )
    for name in skipped:
        steps.console.print(say("demo_skipped_roll", lang, name=name), markup=False)
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
    )
    return report, data
