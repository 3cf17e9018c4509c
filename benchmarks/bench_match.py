"""Linkage of two N-person sources: bansos-validate's matcher, and Splink if installed.

Usage::

    python benchmarks/bench_match.py [N] [--no-splink]

A synthetic population of about N persons (``synth.generate``, default error rates,
seed 0) is linked to its second view (the same people as the civil registry holds
them, shuffled, other name spellings, some newer KK numbers): N x N persons (default
1,000,000). Printed per engine: wall time, peak memory (process RSS high-water mark,
and the part added by the engine), candidate pairs, accepted pairs, precision and recall
of person links against the ground truth (``person_id``, dropped before matching).

Splink (DuckDB backend; ``pip install splink``) runs on the same data in the same run
with its own comparison library: ``NameComparison`` (name), ``DateOfBirthComparison``
(birth date), ``LevenshteinAtThresholds`` (NIK), ``ExactMatch`` (sex, village, KK),
blocking on NIK, birth date + village, name, and KK; u by random sampling, m by EM
blocked on birth date and on name; predictions at probability 0.9, made one-to-one
greedily (best first) so that both engines are scored alike.
"""

from __future__ import annotations

import resource
import sys
import time

import numpy as np
import polars as pl

from bansos_validate import synth
from bansos_validate.matching import match_records

IDS = ["person_id", "household_id"]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def score(lid: np.ndarray, rid: np.ndarray, li: np.ndarray, ri: np.ndarray) -> tuple[float, float]:
    ok = lid[li] == rid[ri]
    truth = set(lid.tolist()) & set(rid.tolist())
    precision = float(ok.mean()) if len(ok) else 1.0
    recall = len(set(lid[li][ok].tolist())) / len(truth)
    return precision, recall


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


def run_ours(left: pl.DataFrame, right: pl.DataFrame, lid: np.ndarray, rid: np.ndarray) -> None:
    before = rss_mb()
    t = time.perf_counter()
    result = match_records(left.drop(IDS), right.drop(IDS))
    elapsed = time.perf_counter() - t
    p, r = score(
        lid, rid, result.pairs["left_row"].to_numpy(), result.pairs["right_row"].to_numpy()
    )
    report = result.blocking
    cascade = int(report.filter(pl.col("stage") == "cascade")["pairs"].sum())
    prob = int(report.filter(pl.col("key") == "(distinct candidate pairs)")["pairs"].sum())
    print(
        f"bansos-validate  time {elapsed:8.1f} s   peak RSS {rss_mb():7.0f} MB "
        f"(+{rss_mb() - before:.0f} MB)"
    )
    print(
        f"  candidate pairs: cascade {cascade:,}, probabilistic {prob:,}; accepted {result.pairs.height:,}"
    )
    print(f"  by rule: {dict(result.pairs['rule'].value_counts().rows())}")
    print(f"  precision {p:.5f}   recall {r:.5f}")


def run_splink(left: pl.DataFrame, right: pl.DataFrame, lid: np.ndarray, rid: np.ndarray) -> None:
    try:
        import splink.comparison_library as cl
        from splink import Linker, SettingsCreator, block_on
        from splink.backends.duckdb import DuckDBAPI
    except ImportError:
        print("splink: not installed (pip install splink); skipped")
        return
    import logging

    logging.getLogger("splink").setLevel(logging.ERROR)
    cols = ["nik", "no_kk", "nama", "jenis_kelamin", "tanggal_lahir", "kode_wilayah"]
    before = rss_mb()
    t = time.perf_counter()
    db = DuckDBAPI()
    a = db.register(
        left.select(cols)
        .with_row_index("unique_id")
        .with_columns(pl.col("unique_id").cast(pl.Int64))
        .to_arrow(),
        dataset_display_name="dtsen",
    )
    b = db.register(
        right.select(cols)
        .with_row_index("unique_id")
        .with_columns(pl.col("unique_id").cast(pl.Int64))
        .to_arrow(),
        dataset_display_name="dukcapil",
    )
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
        blocking_rules_to_generate_predictions=[
            block_on("nik"),
            block_on("tanggal_lahir", "kode_wilayah"),
            block_on("nama"),
            block_on("no_kk"),
        ],
    )
    linker = Linker([a, b], settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match([block_on("nik")], recall=0.9)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("tanggal_lahir"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("nama"))
    pred = linker.inference.predict(threshold_match_probability=0.9).as_pandas_dataframe()
    elapsed = time.perf_counter() - t
    pred = pred[pred["source_dataset_l"] != pred["source_dataset_r"]]
    left_first = pred["source_dataset_l"] == "dtsen"
    li = np.where(left_first, pred["unique_id_l"], pred["unique_id_r"]).astype(np.int64)
    ri = np.where(left_first, pred["unique_id_r"], pred["unique_id_l"]).astype(np.int64)
    all_p, all_r = score(lid, rid, li, ri)
    gl, gr = greedy(li, ri, pred["match_probability"].to_numpy())
    p, r = score(lid, rid, gl, gr)
    print(
        f"splink (duckdb)  time {elapsed:8.1f} s   peak RSS {rss_mb():7.0f} MB "
        f"(+{rss_mb() - before:.0f} MB)"
    )
    print(f"  predictions >= 0.9: {len(li):,} (precision {all_p:.5f}, recall {all_r:.5f})")
    print(f"  one-to-one: {len(gl):,}   precision {p:.5f}   recall {r:.5f}")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 1_000_000
    t = time.perf_counter()
    pop = synth.generate(n_households=max(1, round(n / 3.45)), seed=0)
    left, right = pop.persons, pop.second_view
    lid, rid = left["person_id"].to_numpy(), right["person_id"].to_numpy()
    print(
        f"data: {left.height:,} x {right.height:,} persons, generated in "
        f"{time.perf_counter() - t:.1f} s; peak RSS {rss_mb():.0f} MB"
    )
    run_ours(left, right, lid, rid)
    if "--no-splink" not in sys.argv:
        run_splink(left, right, lid, rid)


if __name__ == "__main__":
    main()
