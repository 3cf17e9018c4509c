"""``check_table`` throughput and peak memory, against python-stdnum in a Python loop.

Usage::

    python benchmarks/bench_table.py [N] [--spark-rows M]   # default N = 10,000,000

Rows of generated persons (``benchmarks/_people.py``: NIK, KK, birth date, sex, village;
about 5% with a planted error) are written to a Parquet file once. Each measurement runs
in a fresh process that reads the file and checks it, so its peak RSS is its own; the
time covers ``check_table`` and materialising its result, not reading the file:

* the baseline: ``stdnum.id.nik.is_valid`` in a Python loop over 1,000,000 NIKs, scaled to
  rows per second;
* ``check_table`` on Polars at full NIK + KK depth (the ``nik`` and ``no_kk`` columns:
  reading, Excel damage, dummy values, current and historical regions, dates, serials,
  duplicates, NIK equal to KK, a damaged column), N rows: the goal of issue 4;
* the same on the whole roster (adds the birth-date, sex and place cross-checks);
* the whole roster as a lazy scan streamed to a Parquet file (``sink_parquet``), the way
  to check a file larger than memory;
* ``check_table`` on pandas (1,000,000 rows) and on PySpark in local mode (``--spark-rows``,
  default 1,000,000).

Goals (issue 4): at least 50x the stdnum loop's rows per second for full-depth NIK + KK
checks, peak memory under 4 GiB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, os, sys, time, datetime as dt
os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
import polars as pl
kind, path, limit, sink = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
REF = dt.date(2026, 11, 27)
rows = limit
if kind == "lazy":
    frame = pl.scan_parquet(path).head(limit)
else:
    frame = pl.read_parquet(path, n_rows=limit, columns=["nik", "no_kk"] if kind == "ids" else None)
    rows = frame.height
if kind == "ids":
    frame = frame.select("nik", "no_kk")
if kind == "stdnum":
    from stdnum.id import nik
    values = frame["nik"].to_list()
    start = time.perf_counter()
    ok = sum(nik.is_valid(v) for v in values)
    seconds = time.perf_counter() - start
else:
    from bansos_validate.table import check_table
    if kind == "pandas":
        frame = frame.to_pandas()
    elif kind == "spark":
        from pyspark.sql import SparkSession
        spark = (SparkSession.builder.master("local[2]").appName("bench")
                 .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
                 .config("spark.driver.memory", "4g").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        schema = ", ".join(f"`{c}` string" for c in frame.columns)
        frame = spark.createDataFrame(frame.rows(), schema=schema)
        frame.cache().count()
    start = time.perf_counter()
    result = check_table(frame, reference_date=REF)
    out = result.frame
    if kind == "spark":
        ok = out.filter("status = 'valid'").count()
    elif kind == "lazy":
        out.sink_parquet(sink)
        ok = pl.scan_parquet(sink).filter(pl.col("status") == "valid").select(pl.len()).collect().item()
    else:
        ok = int((out["status"] == "valid").sum())
    seconds = time.perf_counter() - start
# The high-water mark of this process's own memory (ru_maxrss would include the parent's
# before exec).
with open("/proc/self/status") as status:
    rss = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))
print(json.dumps({"rows": rows, "seconds": seconds, "valid": ok, "peak_rss": rss}))
"""


def _run(kind: str, path: Path, limit: int) -> dict[str, float]:
    sink = path.with_name(f"out-{kind}.parquet")
    out = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(path), str(limit), str(sink)],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"{kind} run failed:\n{out.stderr[-2000:]}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _show(label: str, result: dict[str, float]) -> float:
    rate = result["rows"] / result["seconds"]
    print(
        f"{label:<40} {int(result['rows']):>11,} rows {result['seconds']:8.2f} s "
        f"{rate:>13,.0f} rows/s  peak {result['peak_rss'] / 2**30:5.2f} GiB"
    )
    return rate


def main() -> None:
    """Generate the rows, run every measurement in its own process, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=10_000_000)
    parser.add_argument("--spark-rows", type=int, default=1_000_000)
    args = parser.parse_args()
    n = args.rows
    sys.path.insert(0, str(HERE))
    from _people import people

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "people.parquet"
        start = time.perf_counter()
        people(n).write_parquet(path)
        print(f"generated {n:,} rows in {time.perf_counter() - start:.1f} s")
        base = _show("stdnum.id.nik.is_valid loop", _run("stdnum", path, min(n, 1_000_000)))
        ids = _run("ids", path, n)
        ours = _show("check_table, NIK + KK (Polars)", ids)
        roster = _run("polars", path, n)
        whole = _show("check_table, whole roster (Polars)", roster)
        lazy = _run("lazy", path, n)
        _show("check_table, whole roster, lazy to Parquet", lazy)
        print(f"ratio NIK + KK / stdnum loop:       {ours / base:6.1f}x (goal >= 50x)")
        print(f"ratio whole roster / stdnum loop:   {whole / base:6.1f}x")
        print(
            f"peak memory: NIK + KK {ids['peak_rss'] / 2**30:.2f} GiB, whole roster "
            f"{roster['peak_rss'] / 2**30:.2f} GiB, lazy {lazy['peak_rss'] / 2**30:.2f} GiB "
            "(goal < 4 GiB; each includes the input frame)"
        )
        _show("check_table, whole roster (pandas)", _run("pandas", path, min(n, 1_000_000)))
        _show("check_table, whole roster (PySpark local[2])", _run("spark", path, args.spark_rows))
        print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
