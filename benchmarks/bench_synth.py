"""Time ``bansos_validate.synth.generate`` on a million persons.

Usage::

    python benchmarks/bench_synth.py [PERSONS] [--regions 3510,3573,3576,3578] [--seed 0]

Generates about PERSONS persons (default 1,000,000; households are sized from the
average of 3.5 persons per KK) with the default error rates in the four East Java pilot
regions (Kab. Banyuwangi, Kota Malang, Kota Mojokerto, Kota Surabaya), and prints the
seconds, persons per second and peak RSS. Goal (issue 3): under 60 s on the 2-core
machine, with memory bounded (linear in the population).
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import time

PERSONS_PER_HOUSEHOLD = 3.49
"""Average persons per KK in the synthetic population (measured at one million)."""

GOAL_SECONDS = 60.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("persons", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--regions", default="3510,3573,3576,3578")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    import numpy as np
    import polars as pl

    from bansos_validate import synth

    households = max(1, round(args.persons / PERSONS_PER_HOUSEHOLD))
    regions = args.regions.split(",")
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    pop = synth.generate(n_households=households, regions=regions, seed=args.seed)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
    peak_mib = usage.ru_maxrss / 1024  # KiB on Linux

    persons = pop.persons.height
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, polars {pl.__version__}, "
        f"{platform.machine()}"
    )
    print(f"regions {','.join(regions)}, seed {args.seed}, {households:,} households")
    roll_rows = sum(r.height for r in pop.rolls.values())
    print(
        f"generate: {persons:,} person rows ({pop.second_view.height:,} people), "
        f"{roll_rows:,} roll rows, {pop.truth.height:,} planted errors"
    )
    print(f"time: {seconds:.1f} s wall, {cpu:.1f} s CPU  ({persons / seconds:,.0f} persons/s)")
    print(f"peak RSS: {peak_mib:,.0f} MiB")
    verdict = "OK" if seconds < GOAL_SECONDS else "SLOWER THAN GOAL"
    print(f"goal: < {GOAL_SECONDS:.0f} s for 1,000,000 persons: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
