"""``synth``: write a synthetic population with planted errors."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

import attrs

import bansos_validate as bv
from bansos_validate._pipeline._common import Progress, Recorder

if TYPE_CHECKING:
    from bansos_validate.synth import Population

__all__ = ["SynthOutcome", "SynthRequest", "run"]


@attrs.frozen(slots=True, kw_only=True)
class SynthRequest:
    """What to generate.

    Attributes:
        out: the folder to write.
        households: the number of households.
        regions: Kemendagri regency or district codes (default: Kota Mojokerto).
        seed: the seed (same seed, same data).
        format: ``csv``, ``xlsx`` or ``parquet``.
    """

    out: Path = Path("synthetic-data")
    households: int = 1_000
    regions: tuple[str, ...] = ("3576",)
    seed: int = 0
    format: Literal["csv", "xlsx", "parquet"] = "csv"


@attrs.frozen(slots=True, kw_only=True)
class SynthOutcome:
    """What was written.

    Attributes:
        population: the generated population.
        files: the files written, by table name (``persons``, ``rolls_PKH``...).
        rows: the number of rows of each table, by the same names.
    """

    population: Population
    files: dict[str, Path]
    rows: dict[str, int]


def run(request: SynthRequest, progress: Progress | None = None) -> SynthOutcome:
    """Generate the population and write it (``Population.write``). Steps: generate, write."""
    recorder = Recorder(progress)
    recorder.start(2)
    recorder.step("step_synth")
    pop = bv.synth.generate(
        n_households=request.households, regions=list(request.regions), seed=request.seed
    )
    recorder.step("step_write_inputs")
    paths = pop.write(request.out, format=request.format)
    tables = {name.replace("/", "_"): frame for name, frame in pop.tables().items()}
    return SynthOutcome(
        population=pop,
        files={path.stem: path for path in paths},
        rows={name: int(frame.height) for name, frame in tables.items()},
    )
