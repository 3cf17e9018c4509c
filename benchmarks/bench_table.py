"""``check_table`` throughput and peak memory, against python-stdnum in a Python loop.

Usage::

    python benchmarks/bench_table.py [N]            # default N = 10,000,000

Rows of generated persons (``benchmarks/_people.py``: NIK, KK, birth date, sex, village;
about 5% with a planted error) are written to a Parquet file once. Each measurement runs
in a fresh process that reads the file and checks it, so its peak RSS is its own:

* ``check_table`` on Polars at full depth (NIK + KK + cross-field checks), N rows;
* ``stdnum.id.nik.is_valid`` in a Python loop over 1,000,000 NIKs, scaled to rows/s;
* ``check_table`` on pandas (1,000,000 rows) and on PySpark in local mode (1,000,000
  rows; skipped with a note when pyspark is not installed).

Goals (issue 4): at least 50x the stdnum loop's rows per second, peak memory under 4 GiB.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, os, resource, sys, time, datetime as dt
os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
import polars as pl
kind, path, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
REF = dt.date(2026, 11, 27)
frame = pl.read_parquet(path, n_rows=limit)
if kind == "stdnum":
    from stdnum.id import nik
    values = frame["nik"].to_list()
    start = time.perf_counter()
    ok = sum(nik.is_valid(v) for v in values)
    seconds = time.perf_counter() - start
else:
    import bansos_validate as bv
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
    elif kind == "pandas":
        ok = int((out["status"] == "valid").sum())
    else:
        ok = int((out["status"] == "valid").sum())
    seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"rows": frame.count() if kind == "spark" else len(frame), "seconds": seconds, "valid": ok, "peak_rss": rss}))
"""


def _run(kind: str, path: Path, limit: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(path), str(limit)],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"{kind} run failed:\n{out.stderr[-2000:]}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _show(label: str, result: dict[str, float], scale: float = 1.0) -> float:
    rate = result["rows"] / result["seconds"] * scale
    print(
        f"{label:<34} {int(result['rows']):>11,} rows {result['seconds']:8.2f} s "
        f"{rate:>13,.0f} rows/s  peak {result['peak_rss'] / 2**30:5.2f} GiB"
    )
    return rate


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    sys.path.insert(0, str(HERE))
    from _people import people

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "people.parquet"
        start = time.perf_counter()
        people(n).write_parquet(path)
        print(f"generated {n:,} rows in {time.perf_counter() - start:.1f} s")
        base = _show("stdnum.id.nik.is_valid loop", _run("stdnum", path, min(n, 1_000_000)))
        polars_run = _run("polars", path, n)
        ours = _show("check_table (Polars)", polars_run)
        print(f"ratio check_table / stdnum loop: {ours / base:6.1f}x (goal >= 50x)")
        print(f"peak memory (Polars run): {polars_run['peak_rss'] / 2**30:.2f} GiB (goal < 4 GiB)")
        _show("check_table (pandas)", _run("pandas", path, min(n, 1_000_000)))
        try:
            import pyspark  # noqa: F401
        except ImportError:
            print("check_table (PySpark local): skipped, pyspark not installed")
        else:
            _show("check_table (PySpark local[2])", _run("spark", path, min(n, 1_000_000)))


if __name__ == "__main__":
    main()
