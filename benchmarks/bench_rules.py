"""Throughput of the PKH rules on Polars against the ``rule-engine`` package, in one run.

Usage::

    python benchmarks/bench_rules.py [N_HOUSEHOLDS] [--text] [--sample N] [--repeat N]

N households (default 1,000,000; 1 to 7 members each, about 4 million persons) are
generated with a seeded numpy generator in the canonical columns (docs/tables.md):
typed columns as a Parquet extract would hold them (dates as dates, booleans as
booleans), with messy occupation spellings (``" pns"``, ``"Tni"``, ``"karyawan bumn"``).
``--text`` makes every column text instead, as a CSV export would (dates as
``YYYY-MM-DD``/``DD-MM-YYYY`` text, booleans as ``Y``/``T``).

Timed:

* ``bansos_validate.rules.evaluate(load_program("pkh"), persons, households, reference_date=...)``:
  the whole PKH rule set (every component, the caps, every condition and exclusion,
  the reasons, one row per household) on Polars frames; ``--repeat`` runs (default 7),
  the median is the figure reported (the best run is printed too).
* ``rule-engine`` (PyPI ``rule-engine``), row at a time, on a sample (default 20,000
  households): only the decile condition and the ASN/TNI/POLRI and BUMN exclusions,
  on rows prepared outside the timing (occupations already upper-cased, the living
  status already a boolean), so the baseline does less work than we do.
* ``RuleSet.decide`` (our scalar engine, pure Python) on the same sample, for reference.

The run checks that both engines agree on the sample (households passing the decile
condition and the exclusions). Goal (issue 6): at least 1,000,000 households per second
on Polars (median of the runs) and at least 25x rule-engine. The machine's load average
is printed before and after: on a shared machine the wall times depend on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import rule_engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bansos_validate.rules import evaluate, load_program

AT = dt.date(2026, 1, 15)
SEED = 20260115
OCCUPATIONS = np.array(
    [
        "PETANI",
        "Petani",
        "WIRASWASTA",
        "BURUH HARIAN LEPAS",
        "BELUM/TIDAK BEKERJA",
        "MENGURUS RUMAH TANGGA",
        "PELAJAR/MAHASISWA",
        "PNS",
        " pns",
        "Tni",
        "POLRI",
        "KARYAWAN BUMN",
        "karyawan bumn",
        "PENSIUNAN PNS",
    ]
)
OCCUPATION_SHARE = np.array([22, 6, 15, 15, 18, 14, 6, 1.2, 0.3, 0.5, 0.4, 0.7, 0.3, 0.6])
EXCLUDED = ["PNS", "ASN", "TNI", "POLRI", "PEGAWAI NEGERI SIPIL", "APARATUR SIPIL NEGARA",
            "TENTARA NASIONAL INDONESIA", "KEPOLISIAN RI", "KEPOLISIAN REPUBLIK INDONESIA",
            "PENSIUNAN PNS", "PENSIUNAN TNI", "PENSIUNAN POLRI", "BUMN", "BUMD", "KARYAWAN BUMN",
            "KARYAWAN BUMD", "PEGAWAI BUMN", "PEGAWAI BUMD"]  # fmt: skip
NAMES = np.array(["SUTRISNO", "SLAMET", "NURHAYATI", "SULASTRI", "SRI WAHYUNI", "MUHAMMAD RIZKY"])


def generate(n_households: int, *, text: bool) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Households and their members in the canonical columns (seeded, synthetic)."""
    rng = np.random.default_rng(SEED)
    sizes = rng.integers(1, 8, n_households)
    n = int(sizes.sum())
    household = np.repeat(np.arange(n_households), sizes)
    first = np.zeros(n, dtype=bool)
    first[np.concatenate(([0], np.cumsum(sizes)[:-1]))] = True
    age_days = rng.integers(0, 95 * 365, n)
    born = np.datetime64(AT) - age_days.astype("timedelta64[D]")
    years = age_days // 365
    school = np.select(
        [years < 4, years < 6, years < 12, years < 15, years < 18],
        ["TIDAK SEKOLAH", "PAUD", "SD", "SMP", "SMA"],
        "TIDAK SEKOLAH",
    )
    deceased = rng.random(n) < 0.02
    died = np.where(
        deceased,
        np.datetime64(AT) - rng.integers(1, 3650, n).astype("timedelta64[D]"),
        np.datetime64("NaT"),
    )
    shares = OCCUPATION_SHARE / OCCUPATION_SHARE.sum()
    occupation = np.where(years >= 18, rng.choice(OCCUPATIONS, n, p=shares), "PELAJAR/MAHASISWA")
    women = rng.random(n) < 0.5
    persons = pl.DataFrame(
        {
            "serial": np.arange(n, dtype=np.int64),
            "household": household.astype(np.int64),
            "nama": rng.choice(NAMES, n),
            "jenis_kelamin": np.where(women, "P", "L"),
            "tanggal_lahir": born,
            "hubungan_keluarga": np.where(
                first, "KEPALA KELUARGA", np.where(years < 25, "ANAK", "ISTRI")
            ),
            "status_perkawinan": np.where(years >= 20, "KAWIN", "BELUM KAWIN"),
            "pekerjaan": occupation,
            "status_hidup": np.where(deceased, "MENINGGAL", "HIDUP"),
            "tanggal_meninggal": died,
            "hamil": women & (years >= 18) & (years < 45) & (rng.random(n) < 0.06),
            "disabilitas_berat": rng.random(n) < 0.015,
            "jenjang_sekolah": school,
        }
    ).with_columns(
        pl.format("3576{}", pl.col("household").cast(pl.String).str.zfill(12)).alias("no_kk"),
        pl.format("357601{}", pl.col("serial").cast(pl.String).str.zfill(10)).alias("nik"),
        pl.lit("3576011001").alias("kode_wilayah"),
    )
    persons = persons.select(
        "nik", "no_kk", "nama", "jenis_kelamin", "tanggal_lahir", "hubungan_keluarga",
        "status_perkawinan", "pekerjaan", "status_hidup", "tanggal_meninggal", "hamil",
        "disabilitas_berat", "jenjang_sekolah", "kode_wilayah",
    )  # fmt: skip
    desil = rng.integers(1, 11, n_households).astype(float)
    desil[rng.random(n_households) < 0.01] = np.nan
    households = pl.DataFrame(
        {"household": np.arange(n_households, dtype=np.int64), "desil": desil}
    ).select(
        pl.format("3576{}", pl.col("household").cast(pl.String).str.zfill(12)).alias("no_kk"),
        pl.col("desil").fill_nan(None).cast(pl.Int64),
        pl.lit("3576011001").alias("kode_wilayah"),
    )
    if text:
        persons = persons.with_columns(
            pl.col("tanggal_lahir").dt.to_string("%d-%m-%Y"),
            pl.col("tanggal_meninggal").dt.to_string("%Y-%m-%d"),
            pl.when(pl.col("hamil")).then(pl.lit("Y")).otherwise(pl.lit("T")).alias("hamil"),
            pl.when(pl.col("disabilitas_berat"))
            .then(pl.lit("YA"))
            .otherwise(pl.lit("TIDAK"))
            .alias("disabilitas_berat"),
        )
        households = households.with_columns(pl.col("desil").cast(pl.String))
    return persons, households


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def time_vectorised(
    persons: pl.DataFrame, households: pl.DataFrame, repeat: int
) -> tuple[list[float], Any]:
    pkh = load_program("pkh")
    evaluate(pkh, persons.head(200_000), households.head(50_000), reference_date=AT)  # warm up
    walls: list[float] = []
    result = None
    for _ in range(repeat):
        cpu, start = cpu_seconds(), time.perf_counter()
        result = evaluate(pkh, persons, households, reference_date=AT)
        wall = time.perf_counter() - start
        walls.append(wall)
        print(f"  run: {wall:6.2f} s wall, {cpu_seconds() - cpu:6.2f} s CPU")
    return walls, result


def sample_rows(
    persons: pl.DataFrame, households: pl.DataFrame, size: int
) -> tuple[list[dict[str, Any]], list[list[dict[str, Any]]]]:
    chosen = households.head(size)
    members = persons.join(chosen.select("no_kk"), on="no_kk", how="semi")
    by_kk: dict[str, list[dict[str, Any]]] = {}
    for row in members.iter_rows(named=True):
        by_kk.setdefault(row["no_kk"], []).append(row)
    rows = list(chosen.iter_rows(named=True))
    return rows, [by_kk.get(row["no_kk"], []) for row in rows]


def time_rule_engine(
    rows: list[dict[str, Any]], members: list[list[dict[str, Any]]]
) -> tuple[float, int]:
    excluded = ", ".join(f"'{name}'" for name in EXCLUDED)
    rule = rule_engine.Rule(
        f"desil != null and desil <= 4 and not "
        f"[m for m in members if m['hidup'] and m['pekerjaan'] in [{excluded}]]"
    )
    prepared = []
    for row, people in zip(rows, members, strict=True):  # prepared outside the timing
        alive = [p["status_hidup"] != "MENINGGAL" for p in people]
        desil = row["desil"]
        if isinstance(desil, str):  # --text: rule-engine gets numbers, read outside the timing
            desil = int(desil) if desil.strip().isdigit() else None
        prepared.append(
            {
                "desil": desil,
                "members": [
                    {"hidup": a, "pekerjaan": " ".join(str(p["pekerjaan"]).upper().split())}
                    for p, a in zip(people, alive, strict=True)
                ],
            }
        )
    start = time.perf_counter()
    passing = sum(rule.matches(thing) for thing in prepared)
    return time.perf_counter() - start, passing


def time_scalar(rows: list[dict[str, Any]], members: list[list[dict[str, Any]]]) -> float:
    pkh = load_program("pkh")
    start = time.perf_counter()
    for row, people in zip(rows, members, strict=True):
        pkh.decide(row, people, reference_date=AT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("households", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--text", action="store_true", help="every column as text (CSV-like)")
    parser.add_argument("--sample", type=int, default=20_000, help="households for rule-engine")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    start = time.perf_counter()
    persons, households = generate(args.households, text=args.text)
    print(
        f"{households.height:,} households, {persons.height:,} persons "
        f"({'text' if args.text else 'typed'} columns), generated in {time.perf_counter() - start:.1f} s; "
        f"polars {pl.__version__}, python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print("bansos_validate.rules.evaluate (PKH, Polars):")
    walls, result = time_vectorised(persons, households, args.repeat)
    best, median = min(walls), statistics.median(walls)
    ours = households.height / median
    counts = result.counts() if result is not None else {}
    print(
        f"  median {median:.2f} s: {ours:,.0f} households/s; best {best:.2f} s: "
        f"{households.height / best:,.0f} households/s  {counts}"
    )

    rows, members = sample_rows(persons, households, args.sample)
    seconds, passing = time_rule_engine(rows, members)
    baseline = len(rows) / seconds
    print(
        f"rule-engine {rule_engine.__version__} (desil + exclusions only, {len(rows):,} households): "
        f"{seconds:.2f} s: {baseline:,.0f} households/s"
    )
    scalar = len(rows) / time_scalar(rows, members)
    print(
        f"bansos_validate RuleSet.decide (scalar, full PKH, same sample): {scalar:,.0f} households/s"
    )

    if result is None:
        return
    frame = result.frame.head(len(rows))
    checked = ["desil", "anggota_asn_tni_polri", "anggota_bumn"]
    ours_pass = frame.filter(
        pl.col("passed").list.set_intersection(checked).list.len() == len(checked)
    ).height
    print(
        f"agreement on the sample (pass desil and exclusions): rule-engine {passing:,}, ours {ours_pass:,}"
    )
    print(f"vectorised (median) / rule-engine ratio: {ours / baseline:,.0f}x (goal >= 25x)")
    print(f"households per second, median of {len(walls)} runs: {ours:,.0f} (goal >= 1,000,000)")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
