"""Linkage of two N-person sources: bansos-validate's matcher, and Splink if installed.

Usage::

    python benchmarks/bench_match.py [N] [--no-splink] [--splink-memory 8GB]

A synthetic population of about N persons (``synth.generate``, default error rates,
seed 0) is linked to its second view (the same people as the civil registry holds
them, shuffled, other name spellings, some newer KK numbers): N x N persons (default
1,000,000, a regency the size of Banyuwangi). Printed per engine: wall time, peak memory
(process RSS high-water mark, and the part added by the engine), candidate pairs,
accepted pairs, precision, recall and F1 of person links against the ground truth
(``person_id``, dropped before matching), and the load average of the machine.

Splink 5 (DuckDB backend; ``pip install splink``, a benchmark-only dependency) runs on
the same data in the same run with its default comparisons: ``NameComparison`` (name),
``DateOfBirthComparison`` (birth date), ``LevenshteinAtThresholds`` (NIK),
``ExactMatch`` (sex, village, KK). Its blocking rules are ours (``BLOCKING_KEYS`` and the
cascade's joins: NIK, first 12 NIK digits, birth date + district, phonetic key + birth
year, KK, normalised name + birth date, KK + normalised name), given to it as
precomputed key columns in which a key value producing more than
``MAX_BLOCK_PAIRS`` pairs is blank, as our matcher skips it; computing those columns is
timed separately. u by random sampling, the prior from NIK agreement, m by EM blocked
on birth date + district and on phonetic key + birth year; predictions at probability
0.9, made one-to-one greedily (best first) so that both engines are scored alike.
DuckDB's ``memory_limit`` (default 8GB, spilling to a temporary directory) keeps Splink
from taking the shared machine down.
"""

from __future__ import annotations

import gc
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

from bansos_validate import synth
from bansos_validate.matching import MAX_BLOCK_PAIRS, match_records
from bansos_validate.matching._prepare import prepare

IDS = ["person_id", "household_id"]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_now_mb() -> float:
    statm = Path("/proc/self/statm").read_text()  # Linux: resident pages, second field
    return int(statm.split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def score(lid: np.ndarray, rid: np.ndarray, li: np.ndarray, ri: np.ndarray) -> tuple[float, float]:
    ok = lid[li] == rid[ri]
    truth = set(lid.tolist()) & set(rid.tolist())
    precision = float(ok.mean()) if len(ok) else 1.0
    recall = len(set(lid[li][ok].tolist())) / len(truth)
    return precision, recall


def counts(lid: np.ndarray, rid: np.ndarray, li: np.ndarray, ri: np.ndarray) -> str:
    ok = lid[li] == rid[ri]
    truth = len(set(lid.tolist()) & set(rid.tolist()))
    return f"true links {int(ok.sum()):,} of {truth:,}, false {int((~ok).sum()):,}"


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def greedy(li: np.ndarray, ri: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.lexsort((ri, li, -p))
    used_l: set[int] = set()
    used_r: set[int] = set()
    keep = []
    for k in order.tolist():
        a, b = int(li[k]), int(ri[k])
        if a in used_l or b in used_r:
            continue
        used_l.add(a)
        used_r.add(b)
        keep.append(k)
    return li[keep], ri[keep]


def run_ours(
    left: pl.DataFrame, right: pl.DataFrame, lid: np.ndarray, rid: np.ndarray
) -> tuple[float, float]:
    """Link with ``match_records``; return the wall time and F1."""
    before = rss_mb()
    t = time.perf_counter()
    result = match_records(left.drop(IDS), right.drop(IDS))
    elapsed = time.perf_counter() - t
    pairs = result.pairs
    p, r = score(lid, rid, pairs["left_row"].to_numpy(), pairs["right_row"].to_numpy())
    report = result.blocking
    cascade = int(report.filter(pl.col("stage") == "cascade")["pairs"].sum())
    prob = int(report.filter(pl.col("key") == "(distinct candidate pairs)")["pairs"].sum())
    print(
        f"bansos-validate  time {elapsed:8.1f} s   peak RSS {rss_mb():7.0f} MB "
        f"(+{rss_mb() - before:.0f} MB)   {load()}"
    )
    print(
        f"  candidate pairs: cascade {cascade:,}, probabilistic {prob:,}; accepted {pairs.height:,}"
    )
    print(f"  by rule: {dict(pairs['rule'].value_counts().rows())}")
    print(f"  precision {p:.5f}   recall {r:.5f}   F1 {f1(p, r):.5f}")
    print(f"  {counts(lid, rid, pairs['left_row'].to_numpy(), pairs['right_row'].to_numpy())}")
    del result, pairs  # free the linkage before Splink runs
    gc.collect()
    return elapsed, f1(p, r)


def blocking_columns(frame: pl.DataFrame, other: pl.DataFrame) -> tuple[pl.DataFrame, ...]:
    """Our blocking keys as text columns of both sides, blank where a value is too large.

    A key value giving more than ``MAX_BLOCK_PAIRS`` pairs across the two sides is
    skipped by our matcher (a dummy NIK, a common name in a common year); Splink gets
    the same keys with those values blank, so that both engines compare the same pairs.
    """
    keys = {
        "b_nik": ("nik",),
        "b_nik12": ("nik12",),
        "b_dob_district": ("dob", "district"),
        "b_phon_year": ("phon", "birth_year"),
        "b_kk": ("no_kk",),
        "b_name_dob": ("nama", "dob"),
        "b_kk_name": ("no_kk", "nama"),
    }
    sides = [prepare(frame, None), prepare(other, None)]
    built = [
        side.select(
            *(
                pl.when(pl.all_horizontal(pl.col(c).is_not_null() for c in cols))
                .then(pl.concat_str([pl.col(c) for c in cols], separator="|"))
                .alias(name)
                for name, cols in keys.items()
            )
        )
        for side in sides
    ]
    out = []
    for k in range(2):
        side = built[k]
        for name in keys:
            counts = (
                built[k]
                .group_by(name)
                .len("n")
                .join(built[1 - k].group_by(name).len("m"), on=name)
                .filter(pl.col("n").cast(pl.Int64) * pl.col("m") > MAX_BLOCK_PAIRS)
            )
            large = counts[name].drop_nulls()
            side = side.with_columns(
                pl.when(pl.col(name).is_in(large.implode()))
                .then(None)
                .otherwise(pl.col(name))
                .alias(name)
            )
        out.append(side)
    return out[0], out[1]


def run_splink(  # noqa: PLR0915 - one benchmark, read top to bottom
    left: pl.DataFrame,
    right: pl.DataFrame,
    lid: np.ndarray,
    rid: np.ndarray,
    memory: str,
) -> tuple[float, float] | None:
    """Link with Splink (DuckDB) on our blocking keys; return the wall time and F1."""
    try:
        import duckdb
        import splink.comparison_library as cl
        from splink import Linker, SettingsCreator, block_on
        from splink.backends.duckdb import DuckDBAPI
    except ImportError:
        print("splink: not installed (pip install splink); skipped")
        return None
    import logging

    logging.getLogger("splink").setLevel(logging.ERROR)
    cols = ["nik", "no_kk", "nama", "jenis_kelamin", "tanggal_lahir", "kode_wilayah"]
    t = time.perf_counter()
    left_keys, right_keys = blocking_columns(left.drop(IDS), right.drop(IDS))
    keys_time = time.perf_counter() - t
    key_names = left_keys.columns
    before = rss_mb()
    t = time.perf_counter()
    spill = tempfile.mkdtemp(prefix="bench-splink-")
    con = duckdb.connect(
        config={
            "memory_limit": memory,
            "temp_directory": spill,
            "threads": os.cpu_count() or 1,
            "preserve_insertion_order": False,
        }
    )
    db = DuckDBAPI(connection=con)

    def step(name: str) -> None:
        print(
            f"  splink {name}: {time.perf_counter() - t:7.1f} s, RSS now {rss_now_mb():,.0f} MB",
            flush=True,
        )

    def table(frame: pl.DataFrame, keys: pl.DataFrame, name: str) -> object:
        data = pl.concat([frame.select(cols), keys], how="horizontal")
        data = data.with_row_index("unique_id").with_columns(pl.col("unique_id").cast(pl.Int64))
        return db.register(data.to_arrow(), dataset_display_name=name)

    a = table(left, left_keys, "dtsen")
    b = table(right, right_keys, "dukcapil")
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.LevenshteinAtThresholds("nik", [1, 2]),
            cl.NameComparison("nama"),
            cl.DateOfBirthComparison("tanggal_lahir", input_is_string=True),
            cl.ExactMatch("jenis_kelamin"),
            cl.ExactMatch("kode_wilayah"),
            cl.ExactMatch("no_kk"),
        ],
        blocking_rules_to_generate_predictions=[block_on(name) for name in key_names],
    )
    linker = Linker([a, b], settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match([block_on("nik")], recall=0.9)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    step("u estimated")
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("b_dob_district"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("b_phon_year"))
    step("m estimated (EM)")
    predictions = linker.inference.predict(threshold_match_probability=0.9)
    step("predict")
    pred = pl.DataFrame(
        predictions.as_duckdbpyrelation()
        .select("source_dataset_l, source_dataset_r, unique_id_l, unique_id_r, match_probability")
        .arrow()
    )
    elapsed = time.perf_counter() - t
    pred = pred.filter(pl.col("source_dataset_l") != pl.col("source_dataset_r"))
    left_first = (pred["source_dataset_l"] == "dtsen").to_numpy()
    ul, ur = pred["unique_id_l"].to_numpy(), pred["unique_id_r"].to_numpy()
    li = np.where(left_first, ul, ur).astype(np.int64)
    ri = np.where(left_first, ur, ul).astype(np.int64)
    all_p, all_r = score(lid, rid, li, ri)
    gl, gr = greedy(li, ri, pred["match_probability"].to_numpy())
    p, r = score(lid, rid, gl, gr)
    print(
        f"splink (duckdb)  time {elapsed:8.1f} s   peak RSS {rss_mb():7.0f} MB "
        f"(+{rss_mb() - before:.0f} MB)   {load()}"
    )
    print(
        f"  our blocking keys computed in {keys_time:.1f} s (not in Splink's time); "
        f"DuckDB memory_limit {memory}"
    )
    print(f"  predictions >= 0.9: {len(li):,} (precision {all_p:.5f}, recall {all_r:.5f})")
    print(f"  one-to-one: {len(gl):,}   precision {p:.5f}   recall {r:.5f}   F1 {f1(p, r):.5f}")
    print(f"  {counts(lid, rid, gl, gr)}")
    con.close()
    shutil.rmtree(spill, ignore_errors=True)
    return elapsed, f1(p, r)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    memory = "8GB"
    if "--splink-memory" in sys.argv:
        memory = sys.argv[sys.argv.index("--splink-memory") + 1]
        args.remove(memory)
    n = int(args[0]) if args else 1_000_000
    t = time.perf_counter()
    pop = synth.generate(n_households=max(1, round(n / 3.45)), seed=0)
    left, right = pop.persons, pop.second_view
    lid, rid = left["person_id"].to_numpy(), right["person_id"].to_numpy()
    print(
        f"data: {left.height:,} x {right.height:,} persons, generated in "
        f"{time.perf_counter() - t:.1f} s; peak RSS {rss_mb():.0f} MB; {os.cpu_count()} CPUs, "
        f"{load()}"
    )
    ours = run_ours(left, right, lid, rid)
    theirs = None if "--no-splink" in sys.argv else run_splink(left, right, lid, rid, memory)
    if theirs is not None:
        print(
            f"ours / splink: time {ours[0] / theirs[0]:.2f}x (goal <= 1), "
            f"F1 {ours[1]:.6f} vs {theirs[1]:.6f} (goal: ours higher)"
        )


if __name__ == "__main__":
    main()
