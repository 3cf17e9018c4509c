"""The public Febrl benchmarks: bansos-validate's matcher against recordlinkage and Splink.

Usage::

    python benchmarks/bench_linkage_public.py [--only linkage|dedupe] [--no-splink]
        [--no-recordlinkage] [--json PATH]

Needs ``pip install recordlinkage splink`` (the ``bench`` extra); an engine that is not
installed is skipped with a message, and the data sets come with recordlinkage, so
without it nothing runs.

Data: the Febrl data sets bundled with recordlinkage (``recordlinkage.datasets``),
synthetic Australian person records with several errors per duplicate (typos, swapped
names, missing values, changed digits). Linkage: febrl4, A x B, 5,000 x 5,000, each A
record with one true partner in B (5,000 true links, pairs ``(A rec_id, B rec_id)``).
Deduplication: febrl1 (1,000 records, 500 true pairs), febrl2 (5,000, 1,934) and febrl3
(5,000, 6,538): unordered pairs of ``rec_id``. Columns: given_name, surname,
street_number, address_1, address_2, suburb, postcode, state, date_of_birth (YYYYMMDD
text) and soc_sec_id (7 digits).

Configurations, as a new user would map the columns:

- ``name_dob``: ``nama`` = given_name + " " + surname, ``tanggal_lahir`` = date_of_birth
  as it is (YYYYMMDD).
- ``no_id``: all fields but the personal id: also ``alamat`` = street_number, address_1,
  address_2 and suburb joined with spaces; postcode passed as ``kode_wilayah`` and state
  as a column ``state``. The matcher has no postcode comparison: a ``kode_wilayah``
  shorter than 6 digits is read as missing, so the 4-digit postcode is dropped, and
  ``state`` is an unused column (the run prints what was read). The baselines get the
  same fields in their own columns (postcode and state included).
- ``with_id``: ``no_id`` plus soc_sec_id forced into ``nik``, left-padded with zeros to
  16 digits (the matcher reads a NIK of 15 to 17 digits; the 7 digits as given would be
  dropped, which the run also prints). The baselines get soc_sec_id as it is.

Engines, each timed separately in this one process (wall time of the engine's own work;
building the input frames is not timed; RSS is the process's high-water mark so far,
so it only grows from row to row):

- bansos-validate: ``match_records(a, b)`` (linkage, one-to-one by default) and
  ``matching.dedupe(frame)``, with the defaults and again with ``estimate=True``; its
  ``pairs`` (``left_row``/``right_row`` positions) mapped back to ``rec_id``.
- recordlinkage, its documented standard approach (the guides "Link two dataframes",
  "Data deduplication" and "Classification algorithms"): the union of standard blocks on
  given_name, surname and date_of_birth (and soc_sec_id in ``with_id``); Jaro-Winkler at
  0.85 on given_name, surname and address_1; exact on date_of_birth, street_number,
  suburb, postcode, state (and soc_sec_id); ``ECMClassifier(binarize=0.8)``.
- Splink 5 with DuckDB, with the settings of Splink's own examples
  (``docs/demos/examples/duckdb/febrl4.nb.py``, the "detailed" model, for linkage;
  ``febrl3.nb.py`` for deduplication): their blocking rules, comparisons
  (``NameComparison`` on given_name and surname, ``DateOfBirthComparison``,
  Damerau-Levenshtein on soc_sec_id and postcode, exact street_number), prior from their
  deterministic rules, u by random sampling (1e6 pairs), m by EM blocked on date of birth
  and postcode; rules and comparisons on a column the configuration lacks are left out
  (in ``name_dob`` the postcode EM block becomes given_name + surname). Dates that are not
  valid are read as missing (``invalid_dates_as_null``, as in the febrl4 example; the
  febrl3 example omits it, which changed febrl3 name_dob F1 by 0.003). Links: the pairwise predictions with a
  match probability of at least 0.99 (the examples' clustering threshold).

Scored: pairs predicted, true positives, precision, recall and F1 against the true
links; ``reach``: the share of the true pairs that the engine compares at all (its
candidate pairs: for ours, pairs agreeing on one of ``BLOCKING_KEYS`` at a key value not
skipped as too large, computed on the whole frames, so an upper bound, and per key in
the JSON's ``extra.reach_by_key``; for recordlinkage its index; for Splink its
prediction blocking rules). Also the load average at the start and the end, and the
versions of the engines.

Goal (issue 17): on every data set and configuration, our F1 at least Splink's, in no
more time.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import sys
import time
import traceback
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from bansos_validate.matching import BLOCKING_KEYS, MAX_BLOCK_PAIRS, dedupe, match_records
from bansos_validate.matching._prepare import prepare

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

CONFIGS = ("name_dob", "no_id", "with_id")
DEDUPE_SETS = ("febrl1", "febrl2", "febrl3")
SPLINK_THRESHOLD = 0.99
ADDRESS = ("street_number", "address_1", "address_2", "suburb")
Pairs = set[tuple[str, str]]


@dataclass
class Row:
    dataset: str
    config: str
    engine: str
    pairs: int = 0
    true_pos: int = 0
    precision: float = float("nan")
    recall: float = float("nan")
    f1: float = float("nan")
    reach: float | None = None
    seconds: float = float("nan")
    rss_mb: float = float("nan")
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Task:
    """One data set: linkage (``a`` and ``b``) or deduplication (``a`` only)."""

    name: str
    a: pd.DataFrame
    b: pd.DataFrame | None
    truth: Pairs

    @property
    def linkage(self) -> bool:
        return self.b is not None


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def key(x: str, y: str, *, linkage: bool) -> tuple[str, str]:
    return (x, y) if linkage or x < y else (y, x)


def score(row: Row, predicted: Pairs, truth: Pairs) -> None:
    tp = len(predicted & truth)
    row.pairs, row.true_pos = len(predicted), tp
    row.precision = tp / len(predicted) if predicted else 1.0
    row.recall = tp / len(truth)
    p, r = row.precision, row.recall
    row.f1 = 2 * p * r / (p + r) if p + r else 0.0


# --- data ---------------------------------------------------------------------------


def load_tasks(only: str | None) -> list[Task]:
    from recordlinkage import datasets

    tasks = []
    if only in (None, "linkage"):
        a, b, links = datasets.load_febrl4(return_links=True)
        truth = {(str(x), str(y)) for x, y in links}
        tasks.append(Task("febrl4", a.reset_index(), b.reset_index(), truth))
    if only in (None, "dedupe"):
        for name in DEDUPE_SETS:
            frame, links = getattr(datasets, f"load_{name}")(return_links=True)
            truth = {key(str(x), str(y), linkage=False) for x, y in links}
            tasks.append(Task(name, frame.reset_index(), None, truth))
    return tasks


def clean(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns stripped, blanks as missing (the baselines' input)."""
    out = frame.copy()
    for col in out.columns:
        out[col] = [text(v) for v in out[col]]
    return out


def text(value: object) -> str | None:
    """Stripped text, or None for a missing value or a blank."""
    if not isinstance(value, str):
        return None
    return value.strip() or None


def ours_frame(frame: pd.DataFrame, config: str) -> pl.DataFrame:
    """The columns as a new user maps them to the canonical names."""
    f = clean(frame)

    def joined(cols: tuple[str, ...]) -> pl.Series:
        text = [
            " ".join(v for v in vals if isinstance(v, str))
            for vals in zip(*(f[c] for c in cols), strict=True)
        ]
        return pl.Series(text, dtype=pl.String).replace("", None)

    out = {
        "nama": joined(("given_name", "surname")),
        "tanggal_lahir": pl.Series(f["date_of_birth"].tolist(), dtype=pl.String),
    }
    if config != "name_dob":
        out["alamat"] = joined(ADDRESS)
        out["kode_wilayah"] = pl.Series(f["postcode"].tolist(), dtype=pl.String)
        out["state"] = pl.Series(f["state"].tolist(), dtype=pl.String)
    if config == "with_id":
        out["nik"] = pl.Series(f["soc_sec_id"].tolist(), dtype=pl.String).str.zfill(16)
    return pl.DataFrame(out)


def reading_note(task: Task) -> str:
    """What the matcher makes of the postcode and the unpadded soc_sec_id."""
    f = clean(task.a)
    probe = ours_frame(task.a, "no_id").with_columns(
        pl.Series("nik", f["soc_sec_id"].tolist(), dtype=pl.String)
    )
    prepared, manifest = prepare(probe, None)
    unused = manifest.sources[0].unused
    return (
        f"{task.name}: soc_sec_id as given (7 digits) in nik -> NIK read for "
        f"{prepared['nik'].drop_nulls().len()} of {prepared.height} rows; postcode as "
        f"kode_wilayah -> region read for {prepared['village'].drop_nulls().len()} rows; "
        f"unused columns {list(unused)}; zero-padded to 16 digits -> NIK read for "
        f"{prepare(ours_frame(task.a, 'with_id'), None)[0]['nik'].drop_nulls().len()} rows"
    )


# --- reach: the true pairs an engine compares at all ----------------------------------


def positions(task: Task) -> tuple[np.ndarray, np.ndarray]:
    ia = {v: k for k, v in enumerate(task.a["rec_id"].astype(str))}
    ib = ia if task.b is None else {v: k for k, v in enumerate(task.b["rec_id"].astype(str))}
    pairs = sorted(task.truth)
    return np.array([ia[x] for x, _ in pairs]), np.array([ib[y] for _, y in pairs])


def ours_reach(
    task: Task, left: pl.DataFrame, right: pl.DataFrame
) -> tuple[float, dict[str, float]]:
    """Share of true pairs agreeing on a blocking key at a value the matcher keeps.

    Also the share per key (a pair may agree on several).
    """
    lp, _ = prepare(left, None)
    rp, _ = prepare(right, None)
    li, ri = positions(task)
    hit = np.zeros(len(li), dtype=bool)
    by_key = {}
    for name, cols in BLOCKING_KEYS.items():
        lk = lp.select(pl.concat_str([pl.col(c) for c in cols], separator="|").alias("k"))["k"]
        rk = rp.select(pl.concat_str([pl.col(c) for c in cols], separator="|").alias("k"))["k"]
        nl = lk.value_counts(name="nl").drop_nulls()
        nr = rk.value_counts(name="nr").drop_nulls()
        big = set(
            nl.join(nr, on="k")
            .filter(pl.col("nl").cast(pl.Int64) * pl.col("nr") > MAX_BLOCK_PAIRS)["k"]
            .to_list()
        )
        a, b = lk.to_numpy()[li], rk.to_numpy()[ri]
        agree = np.array(
            [x is not None and x == y and x not in big for x, y in zip(a, b, strict=True)]
        )
        by_key[name] = round(float(agree.mean()), 4)
        hit |= agree
    return float(hit.mean()), by_key


def rule_reach(task: Task, rules: list[tuple[tuple[str, ...], tuple[str, ...]]]) -> float:
    """Share of true pairs agreeing (non-null) on one rule: left columns = right columns."""
    a = clean(task.a)
    b = a if task.b is None else clean(task.b)
    li, ri = positions(task)
    hit = np.zeros(len(li), dtype=bool)
    for lcols, rcols in rules:
        ok = np.ones(len(li), dtype=bool)
        for lc, rc in zip(lcols, rcols, strict=True):
            x = a[lc].to_numpy(dtype=object)[li]
            y = b[rc].to_numpy(dtype=object)[ri]
            ok &= np.array([isinstance(u, str) and u == v for u, v in zip(x, y, strict=True)])
        hit |= ok
    return float(hit.mean())


# --- engines ------------------------------------------------------------------------


def run_ours(task: Task, config: str, *, estimate: bool) -> Row:
    engine = "bansos-validate" + (" estimate" if estimate else "")
    row = Row(task.name, config, engine)
    left = ours_frame(task.a, config)
    right = None if task.b is None else ours_frame(task.b, config)
    t = time.perf_counter()
    if right is None:
        result = dedupe(left, estimate=estimate)
    else:
        result = match_records(left, right, estimate=estimate)
    row.seconds = time.perf_counter() - t
    row.rss_mb = rss_mb()
    pairs = result.polars_pairs
    ids_a = task.a["rec_id"].astype(str).to_numpy()
    ids_b = ids_a if task.b is None else task.b["rec_id"].astype(str).to_numpy()
    li, ri = pairs["left_row"].to_numpy(), pairs["right_row"].to_numpy()
    predicted = {key(x, y, linkage=task.linkage) for x, y in zip(ids_a[li], ids_b[ri], strict=True)}
    score(row, predicted, task.truth)
    row.reach, reach_by_key = ours_reach(task, left, left if right is None else right)
    report = result.blocking
    row.extra = {
        "reach_by_key": reach_by_key,
        "by_rule": dict(pairs["rule"].value_counts().rows()),
        "candidate_pairs": int(
            report.filter(pl.col("key") == "(distinct candidate pairs)")["pairs"].sum()
        ),
        "blocking": {
            k: int(v)
            for k, v in report.filter(pl.col("stage") == "probabilistic")
            .select("key", "pairs")
            .rows()
        },
    }
    return row


def rl_fields(config: str) -> list[str]:
    out = ["given_name", "surname", "date_of_birth"]
    if config != "name_dob":
        out += ["street_number", "address_1", "suburb", "postcode", "state"]
    if config == "with_id":
        out.append("soc_sec_id")
    return out


def run_recordlinkage(task: Task, config: str) -> Row:
    import recordlinkage as rl

    row = Row(task.name, config, "recordlinkage ECM")
    fields = rl_fields(config)
    a = clean(task.a).set_index("rec_id")
    b = None if task.b is None else clean(task.b).set_index("rec_id")
    blocks = ["given_name", "surname", "date_of_birth"]
    if config == "with_id":
        blocks.append("soc_sec_id")
    t = time.perf_counter()
    indexer = rl.Index()
    for col in blocks:
        indexer.block(col)
    candidates = indexer.index(a) if b is None else indexer.index(a, b)
    compare = rl.Compare()
    for col in fields:
        if col in ("given_name", "surname", "address_1"):
            compare.string(col, col, method="jarowinkler", threshold=0.85, label=col)
        else:
            compare.exact(col, col, label=col)
    features = compare.compute(candidates, a) if b is None else compare.compute(candidates, a, b)
    matches = rl.ECMClassifier(binarize=0.8).fit_predict(features)
    row.seconds = time.perf_counter() - t
    row.rss_mb = rss_mb()
    predicted = {key(str(x), str(y), linkage=task.linkage) for x, y in matches}
    score(row, predicted, task.truth)
    compared = {key(str(x), str(y), linkage=task.linkage) for x, y in candidates}
    row.reach = len(compared & task.truth) / len(task.truth)
    row.extra = {"candidate_pairs": len(candidates)}
    return row


def splink_model(
    task: Task, config: str
) -> tuple[list[Any], list[Any], list[Any], list[Any], list[tuple[tuple[str, ...], ...]]]:
    """Splink's example settings minus what ``config`` lacks.

    Returns the prediction blocking rules, comparisons, deterministic rules, EM blocking
    rules, and the prediction rules as column tuples (for ``reach``).
    """
    import splink.comparison_library as cl
    from splink import block_on

    have = set(rl_fields(config))
    dob = cl.DateOfBirthComparison(
        "date_of_birth", input_is_string=True, datetime_format="%Y%m%d", invalid_dates_as_null=True
    )
    if task.linkage:  # febrl4.nb.py, the detailed model
        rules = [
            ("given_name", "surname"),
            "swapped",
            ("date_of_birth",),
            ("soc_sec_id",),
            ("state", "address_1"),
            ("street_number", "address_1"),
            ("postcode",),
        ]
        comparisons = [
            (
                "given_name",
                cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            ),
            ("surname", cl.NameComparison("surname").configure(term_frequency_adjustments=True)),
            ("date_of_birth", dob),
            ("soc_sec_id", cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2])),
            (
                "street_number",
                cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            ),
            (
                "postcode",
                cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                    term_frequency_adjustments=True
                ),
            ),
        ]
        deterministic = [("soc_sec_id",), ("given_name", "surname", "date_of_birth")]
    else:  # febrl3.nb.py
        rules = [("soc_sec_id",), ("given_name",), ("surname",), ("date_of_birth",), ("postcode",)]
        comparisons = [
            ("given_name", cl.NameComparison("given_name")),
            ("surname", cl.NameComparison("surname")),
            ("date_of_birth", dob),
            ("soc_sec_id", cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2])),
            (
                "street_number",
                cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            ),
            ("postcode", cl.ExactMatch("postcode").configure(term_frequency_adjustments=True)),
        ]
        deterministic = [("soc_sec_id",), ("given_name", "surname", "date_of_birth"), "swapped_dob"]
    em = [("date_of_birth",), ("postcode",) if "postcode" in have else ("given_name", "surname")]
    swapped = "l.given_name = r.surname and l.surname = r.given_name"

    def sql(rule: Any) -> Any:
        if rule == "swapped":
            return swapped
        if rule == "swapped_dob":
            return swapped + " and l.date_of_birth = r.date_of_birth"
        return block_on(*rule)

    def usable(rule: Any) -> bool:
        return isinstance(rule, str) or set(rule) <= have

    kept = [r for r in rules if usable(r)]
    spans: list[tuple[tuple[str, ...], ...]] = [
        (("given_name", "surname"), ("surname", "given_name")) if r == "swapped" else (r, r)
        for r in kept
    ]
    return (
        [sql(r) for r in kept],
        [c for col, c in comparisons if col in have],
        [sql(r) for r in deterministic if usable(r)],
        [sql(r) for r in em],
        spans,
    )


def run_splink(task: Task, config: str) -> Row:
    import pyarrow as pa
    from splink import DuckDBAPI, Linker, SettingsCreator

    logging.getLogger("splink").setLevel(logging.ERROR)
    row = Row(task.name, config, "splink")
    blocking, comparisons, deterministic, em, spans = splink_model(task, config)
    cols = ["rec_id", *rl_fields(config)]
    frames = [clean(task.a)[cols]] + ([] if task.b is None else [clean(task.b)[cols]])
    tables = [pa.Table.from_pandas(f.astype(object), preserve_index=False) for f in frames]
    t = time.perf_counter()
    db = DuckDBAPI()
    inputs = [
        db.register(tab, dataset_display_name=name)
        for tab, name in zip(tables, ("a", "b"), strict=False)
    ]
    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="link_only" if task.linkage else "dedupe_only",
        blocking_rules_to_generate_predictions=blocking,
        comparisons=comparisons,
    )
    linker = Linker(inputs if task.linkage else inputs[0], settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        deterministic, recall=0.8 if task.linkage else 0.9
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for rule in em:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    predictions = linker.inference.predict(threshold_match_probability=SPLINK_THRESHOLD)
    got = predictions.as_duckdbpyrelation().select("rec_id_l, rec_id_r").fetchall()
    row.seconds = time.perf_counter() - t
    row.rss_mb = rss_mb()
    in_a = set(task.a["rec_id"].astype(str))
    predicted = set()
    for x, y in got:
        left, right = (str(x), str(y)) if not task.linkage or str(x) in in_a else (str(y), str(x))
        predicted.add(key(left, right, linkage=task.linkage))
    score(row, predicted, task.truth)
    row.reach = rule_reach(task, [(lc, rc) for lc, rc in spans])
    return row


# --- running and printing -----------------------------------------------------------


def attempt(make: Callable[[], Row], dataset: str, config: str, engine: str) -> Row:
    try:
        return make()
    except Exception as exc:  # noqa: BLE001 - one engine failing must not end the run
        traceback.print_exc(file=sys.stderr)
        return Row(dataset, config, engine, error=f"{type(exc).__name__}: {exc}"[:300])


HEADER = (
    f"{'data set':8} {'config':8} {'engine':26} {'pairs':>7} {'TP':>6} {'prec':>6} "
    f"{'recall':>6} {'F1':>6} {'reach':>6} {'seconds':>8} {'RSS MB':>7}"
)


def line(r: Row) -> str:
    if r.error:
        return f"{r.dataset:8} {r.config:8} {r.engine:26} FAILED: {r.error}"
    reach = f"{r.reach:6.3f}" if r.reach is not None else f"{'':6}"
    return (
        f"{r.dataset:8} {r.config:8} {r.engine:26} {r.pairs:7,} {r.true_pos:6,} "
        f"{r.precision:6.3f} {r.recall:6.3f} {r.f1:6.3f} {reach} {r.seconds:8.2f} "
        f"{r.rss_mb:7.0f}"
    )


def goals(rows: list[Row]) -> list[str]:
    out = []
    for r in rows:
        if r.engine != "bansos-validate" or r.error:
            continue
        other = [
            s
            for s in rows
            if s.engine == "splink" and (s.dataset, s.config) == (r.dataset, r.config)
        ]
        if not other or other[0].error:
            continue
        s = other[0]
        ok = r.f1 >= s.f1 and r.seconds <= s.seconds
        out.append(
            f"{r.dataset:8} {r.config:8} F1 {r.f1:.3f} vs splink {s.f1:.3f}, time "
            f"{r.seconds / s.seconds:5.2f}x splink's: {'met' if ok else 'not met'}"
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("linkage", "dedupe"))
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--no-recordlinkage", action="store_true")
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args()
    versions = {
        "bansos-validate": version("bansos-validate"),
        "recordlinkage": version("recordlinkage"),
        "splink": version("splink"),
        "duckdb": version("duckdb"),
    }
    start_load = load()
    print(f"load average at start {start_load}; {os.cpu_count()} CPUs; versions {versions}")
    if versions["recordlinkage"] == "not installed":
        print("recordlinkage is not installed (pip install recordlinkage): it holds the data")
        return 1
    use_splink = not args.no_splink and versions["splink"] != "not installed"
    if not args.no_splink and not use_splink:
        print("splink is not installed (pip install splink): its rows are skipped")
    tasks = load_tasks(args.only)
    notes = [reading_note(task) for task in tasks[:1]]
    for note in notes:
        print(note)
    print(HEADER, flush=True)
    rows: list[Row] = []
    for task in tasks:
        for config in CONFIGS:
            runs: list[tuple[str, Callable[[], Row]]] = [
                ("bansos-validate", lambda t=task, c=config: run_ours(t, c, estimate=False)),
                (
                    "bansos-validate estimate",
                    lambda t=task, c=config: run_ours(t, c, estimate=True),
                ),
            ]
            if not args.no_recordlinkage:
                runs.append(("recordlinkage ECM", lambda t=task, c=config: run_recordlinkage(t, c)))
            if use_splink:
                runs.append(("splink", lambda t=task, c=config: run_splink(t, c)))
            for engine, make in runs:
                row = attempt(make, task.name, config, engine)
                rows.append(row)
                print(line(row), flush=True)
    end_load = load()
    print(f"load average at end {end_load}")
    print("goal (F1 >= Splink's, time <= Splink's), bansos-validate with defaults:")
    for text in goals(rows):
        print("  " + text)
    if args.json:
        payload = {
            "load_average_start": start_load,
            "load_average_end": end_load,
            "cpus": os.cpu_count(),
            "versions": versions,
            "splink_threshold": SPLINK_THRESHOLD,
            "notes": notes,
            "rows": [asdict(r) for r in rows],
        }
        Path(args.json).write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
