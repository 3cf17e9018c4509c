"""Overlap detection on four rolls (PKH, BPNT, PBI-JK, BLT-DD) against hand-written DuckDB SQL.

Usage::

    python benchmarks/bench_overlap.py [TOTAL_ROWS] [--keep DIR]

Generates four rolls totalling TOTAL_ROWS rows (default 20,000,000) with numpy, as
Parquet files: a population of families whose poorer members are on PBI-JK, whose
recipients (one per family) are on PKH and BPNT (PKH families all on BPNT, as the
programs allow), and other families on BLT-DD. Planted overlaps, each on its own rows:

* ``exclusive_programs``: PKH recipients and BPNT-only recipients also on BLT-DD;
* ``duplicate_in_roll``: rows repeated exactly, on every roll;
* ``cross_region``: rows repeated with a village of another regency, on every roll;
* ``duplicate_household``: PKH families repeated under another member's NIK.

Each engine runs in a fresh subprocess (its own peak RSS, read from
``getrusage``): ``bv.find_overlaps`` on Polars lazy frames (``scan_parquet``, every exact
kind, ``fuzzy=False``), and the baseline, a hand-written DuckDB query for the exact-NIK
overlaps (exclusive programs, duplicates in a roll, cross-region). Printed: time, peak
memory, the ratio of the two times, found/planted per kind, and false exact-key
overlaps (found pairs that were not planted). Goal: within 1.5x of DuckDB's time, under
6 GiB, every planted overlap found and no false one.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

ROLLS = ("PKH", "BPNT", "PBI-JK", "BLT-DD")
SHARE = {"PBI-JK": 0.62, "BPNT": 0.2, "PKH": 0.12, "BLT-DD": 0.06}
PERIOD = "2026-Q1"
PLANTS = {
    "exclusive_pkh": 0.004,  # of PKH recipients, also on BLT-DD
    "exclusive_bpnt": 0.004,  # of BPNT-only recipients, also on BLT-DD
    "duplicate_in_roll": 0.002,  # of each roll's rows
    "cross_region": 0.001,  # of each roll's rows
    "duplicate_household": 0.002,  # of PKH families, under another member's NIK
}


def _districts() -> np.ndarray:
    from bansos_validate import regions

    return np.array([int(d.code) for d in regions.districts() if d.code.startswith("35")])


def _niks(ids: np.ndarray, districts: np.ndarray) -> np.ndarray:
    """Distinct valid-looking NIKs (int64) for distinct person ids."""
    d = districts[ids % len(districts)]
    q = ids // len(districts)
    serial = q % 9999 + 1
    days = (q // 9999) * 7 + 3650  # distinct birth dates per district and serial block
    born = np.datetime64("1940-01-01") + days.astype("timedelta64[D]")
    year = born.astype("datetime64[Y]").astype(np.int64) + 1970
    month = born.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (born - born.astype("datetime64[M]")).astype(np.int64) + 1
    day = day + 40 * (ids % 2)
    return (d * 10**10 + day * 10**8 + month * 10**6 + (year % 100) * 10**4 + serial).astype(
        np.int64
    )


def generate(total: int, folder: Path, seed: int = 0) -> dict[str, int]:
    """Write the four rolls to *folder*; return planted counts per kind."""
    rng = np.random.default_rng(seed)
    districts = _districts()
    n_pbi = int(total * SHARE["PBI-JK"])
    n_families = int(total * 0.5)
    size = 3  # members per family (ids family*size .. +size-1)
    persons = np.arange(n_families * size, dtype=np.int64)
    family_kk = _niks(np.arange(n_families, dtype=np.int64) * 2, districts)  # distinct, no +40
    village_of = districts[np.arange(n_families) % len(districts)] * 10_000 + 2001
    # the regency of a family's village matches its KK; "other regency" villages for plants
    other_village = np.roll(village_of, len(districts) // 2)
    n_pkh = int(total * SHARE["PKH"])
    n_bpnt = int(total * SHARE["BPNT"])
    n_blt = int(total * SHARE["BLT-DD"])
    fam = rng.permutation(n_families)
    pkh_f = fam[:n_pkh]
    bpnt_only_f = fam[n_pkh : n_pkh + (n_bpnt - n_pkh)]
    blt_f = fam[n_pkh + (n_bpnt - n_pkh) : n_pkh + (n_bpnt - n_pkh) + n_blt]
    pbi_p = rng.choice(persons, n_pbi, replace=False)
    units = {
        "PKH": pkh_f * size,  # the first member receives
        "BPNT": np.concatenate([pkh_f, bpnt_only_f]) * size,
        "PBI-JK": pbi_p,
        "BLT-DD": blt_f * size,
    }
    planted: dict[str, int] = dict.fromkeys(
        ["exclusive_programs", "duplicate_in_roll", "cross_region", "duplicate_household"], 0
    )
    used = np.zeros(len(persons), dtype=np.bool_)
    extra: dict[str, list[tuple[np.ndarray, np.ndarray, str]]] = {r: [] for r in ROLLS}

    def pick(pool: np.ndarray, share: float) -> np.ndarray:
        free = pool[~used[pool]]
        chosen = free[rng.random(len(free)) < share]
        used[chosen] = True
        return chosen

    ex_pkh = pick(units["PKH"], PLANTS["exclusive_pkh"])
    ex_bpnt = pick(bpnt_only_f * size, PLANTS["exclusive_bpnt"])
    extra["BLT-DD"].append((ex_pkh, village_of[ex_pkh // size], "exclusive_programs"))
    extra["BLT-DD"].append((ex_bpnt, village_of[ex_bpnt // size], "exclusive_programs"))
    planted["exclusive_programs"] = len(ex_pkh) + len(ex_bpnt)
    for roll in ROLLS:
        dup = pick(units[roll], PLANTS["duplicate_in_roll"])
        extra[roll].append((dup, village_of[dup // size], "duplicate_in_roll"))
        cross = pick(units[roll], PLANTS["cross_region"])
        extra[roll].append((cross, other_village[cross // size], "cross_region"))
        planted["duplicate_in_roll"] += len(dup)
        planted["cross_region"] += len(cross)
    heads = pick(units["PKH"], PLANTS["duplicate_household"])
    extra["PKH"].append((heads + 1, village_of[heads // size], "duplicate_household"))
    planted["duplicate_household"] = len(heads)
    names = np.array(["SITI AMINAH", "SLAMET", "SRI WAHYUNI", "MULYADI", "NURHAYATI", "SUTRISNO"])
    for roll in ROLLS:
        ids = np.concatenate([units[roll], *(e[0] for e in extra[roll])])
        village = np.concatenate([village_of[units[roll] // size], *(e[1] for e in extra[roll])])
        tag = np.concatenate(
            [
                np.full(len(units[roll]), "", dtype=object),
                *(np.full(len(e[0]), e[2], dtype=object) for e in extra[roll]),
            ]
        )
        order = rng.permutation(len(ids))
        ids, village, tag = ids[order], village[order], tag[order]
        frame = pl.DataFrame(
            {
                "program": pl.Series([roll] * len(ids), dtype=pl.String),
                "nik": pl.Series(_niks(ids, districts)).cast(pl.String),
                "no_kk": pl.Series(family_kk[ids // size]).cast(pl.String),
                "nama": pl.Series(names[ids % len(names)]),
                "kode_wilayah": pl.Series(village).cast(pl.String),
                "periode": pl.Series([PERIOD] * len(ids), dtype=pl.String),
            }
        )
        frame.write_parquet(folder / f"{roll}.parquet", row_group_size=1_000_000)
        pl.DataFrame({"tag": pl.Series(tag.tolist(), dtype=pl.String)}).write_parquet(
            folder / f"{roll}.tags.parquet"
        )
    return planted


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_polars(folder: Path) -> None:
    import bansos_validate as bv

    rolls = {r: pl.scan_parquet(folder / f"{r}.parquet") for r in ROLLS}
    t = time.perf_counter()
    result = bv.find_overlaps(rolls, fuzzy=False)
    found = result.frame.collect()
    elapsed = time.perf_counter() - t
    found.select("kind", "roll_a", "row_a", "roll_b", "row_b").write_parquet(
        folder / "polars.out.parquet"
    )
    print(json.dumps({"seconds": elapsed, "rss_mb": rss_mb(), "overlaps": found.height}))


SQL = """
WITH r AS ({union}),
c AS (
  SELECT * FROM r WHERE nik IN (
    SELECT nik FROM r GROUP BY nik
    HAVING count(*) > count(DISTINCT prog)
        OR (bool_or(prog = 'BLT-DD') AND (bool_or(prog = 'PKH') OR bool_or(prog = 'BPNT')))
  )
)
SELECT a.roll AS roll_a, a.row AS row_a, b.roll AS roll_b, b.row AS row_b,
       CASE WHEN a.prog = b.prog AND a.reg <> b.reg THEN 'cross_region'
            WHEN a.prog = b.prog THEN 'duplicate_in_roll'
            ELSE 'exclusive_programs' END AS kind
FROM c a JOIN c b
  ON a.nik = b.nik AND a.periode = b.periode
 AND (a.roll < b.roll OR (a.roll = b.roll AND a.row < b.row))
WHERE a.prog = b.prog
   OR (a.prog = 'BLT-DD' AND b.prog IN ('PKH', 'BPNT'))
   OR (b.prog = 'BLT-DD' AND a.prog IN ('PKH', 'BPNT'))
"""


def run_duckdb(folder: Path) -> None:
    import duckdb

    union = " UNION ALL ".join(
        f"SELECT '{r}' AS roll, file_row_number AS row, nik, substr(kode_wilayah, 1, 4) AS reg, "  # noqa: S608 - our own temp paths
        f"periode, program AS prog FROM read_parquet('{folder / f'{r}.parquet'}', file_row_number = true)"
        for r in ROLLS
    )
    t = time.perf_counter()
    found = duckdb.sql(SQL.format(union=union)).pl()
    elapsed = time.perf_counter() - t
    found.write_parquet(folder / "duckdb.out.parquet")
    print(json.dumps({"seconds": elapsed, "rss_mb": rss_mb(), "overlaps": found.height}))


def score(folder: Path, out: str, planted: dict[str, int]) -> tuple[dict[str, int], int]:
    """Found planted rows per kind, and found pairs that were not planted."""
    found = pl.read_parquet(folder / out)
    tags = pl.concat(
        [
            pl.read_parquet(folder / f"{r}.tags.parquet")
            .with_row_index("row")
            .with_columns(pl.lit(r).alias("roll"), pl.col("row").cast(pl.Int64))
            for r in ROLLS
        ]
    )
    ta = tags.rename({"roll": "roll_a", "row": "row_a", "tag": "tag_a"})
    tb = tags.rename({"roll": "roll_b", "row": "row_b", "tag": "tag_b"})
    found = found.with_columns(pl.col("row_a").cast(pl.Int64), pl.col("row_b").cast(pl.Int64))
    found = found.join(ta, on=["roll_a", "row_a"], how="left").join(
        tb, on=["roll_b", "row_b"], how="left"
    )
    ok = (pl.col("tag_a") == pl.col("kind")) | (pl.col("tag_b") == pl.col("kind"))
    false = found.filter(~ok.fill_null(value=False)).height
    hits = {}
    for kind in planted:
        rows = found.filter(pl.col("kind") == kind)
        planted_rows = pl.concat(
            [
                rows.filter(pl.col("tag_a") == kind).select(
                    pl.col("roll_a").alias("r"), pl.col("row_a").alias("i")
                ),
                rows.filter(pl.col("tag_b") == kind).select(
                    pl.col("roll_b").alias("r"), pl.col("row_b").alias("i")
                ),
            ]
        ).unique()
        hits[kind] = planted_rows.height
    return hits, false


def child(engine: str, folder: Path) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, __file__, f"--run-{engine}", str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] == "--run-polars":
        run_polars(Path(args[1]))
        return
    if args and args[0] == "--run-duckdb":
        run_duckdb(Path(args[1]))
        return
    keep = None
    if "--keep" in args:
        keep = Path(args[args.index("--keep") + 1])
        del args[args.index("--keep") : args.index("--keep") + 2]
    total = int(args[0]) if args else 20_000_000
    folder = keep or Path(tempfile.mkdtemp(prefix="bench_overlap_"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        t = time.perf_counter()
        planted = generate(total, folder)
        rows = sum(
            pl.scan_parquet(folder / f"{r}.parquet").select(pl.len()).collect().item()
            for r in ROLLS
        )
        print(
            f"generated {rows:,} rows in 4 rolls in {time.perf_counter() - t:.1f} s; planted {planted}"
        )
        duck = child("duckdb", folder)
        ours = child("polars", folder)
        for name, res, out, kinds in (
            (
                "duckdb (hand-written SQL, exact-NIK kinds)",
                duck,
                "duckdb.out.parquet",
                ("exclusive_programs", "duplicate_in_roll", "cross_region"),
            ),
            (
                "bansos-validate find_overlaps (Polars, exact kinds)",
                ours,
                "polars.out.parquet",
                tuple(planted),
            ),
        ):
            hits, false = score(folder, out, planted)
            shown = ", ".join(f"{k} {hits[k]:,}/{planted[k]:,}" for k in kinds)
            print(
                f"{name}: time {res['seconds']:.1f} s, peak RSS {res['rss_mb'] / 1024:.2f} GiB, "
                f"{int(res['overlaps']):,} overlaps; found/planted: {shown}; false exact-key overlaps: {false:,}"
            )
        print(
            f"ratio find_overlaps / duckdb time: {ours['seconds'] / duck['seconds']:.2f}x (goal <= 1.5x); "
            f"peak {ours['rss_mb'] / 1024:.2f} GiB (goal < 6 GiB)"
        )
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
