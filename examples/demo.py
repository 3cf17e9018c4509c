"""Demo: validate a synthetic Kota Mojokerto roster and write a report folder.

Run with ``python examples/demo.py [--out DIR]``. Everything here is synthetic: the
population comes from ``bansos_validate.synth`` (fixed seed), with the mistakes real
rosters have planted in it, and the report shows masked NIKs only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

import polars as pl

import bansos_validate as bv

REF = dt.date(2026, 11, 27)


def main() -> None:
    """Generate, check, write the report folder and print a one-screen summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("demo-report"))
    parser.add_argument("--households", type=int, default=5_000)
    args = parser.parse_args()
    start = time.perf_counter()
    print(f"bansos-validate {bv.__version__}; region data {bv.regions.data_version()['decree']}")
    pop = bv.synth.generate(n_households=args.households, regions=["3576"], seed=0)
    persons = pop.persons
    households = pop.households.height
    print(f"synthetic Kota Mojokerto: {persons.height:,} persons in {households:,} households")
    result = bv.check_table(persons, reference_date=REF)
    args.out.mkdir(parents=True, exist_ok=True)
    masked = result.frame.with_columns(
        pl.col("nik").map_elements(bv.mask_nik, return_dtype=pl.String),
        pl.col("no_kk").map_elements(bv.mask_kk, return_dtype=pl.String),
    ).select("row", "nik", "no_kk", "status", "issue_codes", "nik_district_name", "kode_wilayah")
    findings = masked.filter(pl.col("status") != "valid")
    bv.io.write(findings, args.out / "temuan.xlsx")
    bv.io.write(findings, args.out / "temuan.csv")
    bv.io.write(result.issues, args.out / "issues.csv")
    summary = result.summary
    bv.io.write(summary["codes"], args.out / "ringkasan_kode.csv")
    bv.io.write(summary["village"], args.out / "ringkasan_kelurahan.csv")
    print("\nstatus of NIK/KK checks (check_table):")
    for status, count in summary["status"].iter_rows():
        print(f"  {status:<14} {count:>7,}")
    print("\nmost frequent findings:")
    for code, severity, count in summary["codes"].head(10).iter_rows():
        print(f"  {count:>6,}  {severity:<7} {code}: {bv.issues.definition(code).text('en')[:70]}")
    planted = pop.truth.filter(pl.col("table") == "persons").height
    print(f"\n{planted:,} errors were planted in the persons table (pop.truth)")
    print(f"report folder: {args.out.resolve()}")
    print("  temuan.xlsx / temuan.csv (findings), issues.csv, ringkasan_*.csv (summaries)")
    print(f"finished in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
