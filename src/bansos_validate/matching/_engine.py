"""The matcher: deterministic cascade, blocking, Fellegi-Sunter scoring, EM, assignment."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np
import polars as pl

from bansos_validate import _arguments as _args
from bansos_validate.errors import SchemaError
from bansos_validate.matching._cascade import (
    CASCADE,
    PROBABILISTIC,
    CascadeRule,
    CascadeRuleId,
    LinkRule,
    PairFeatures,
    Stage,
)
from bansos_validate.matching._comparisons import DEFAULT_COMPARISONS, Comparison
from bansos_validate.matching._native import FrameKind, read, to_native
from bansos_validate.matching._prepare import prepare
from bansos_validate.matching._result import MatchResult
from bansos_validate.table._intake import source_name

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = [
    "BLOCKING_KEYS",
    "CASCADE_RULES",
    "DEDUPE_THRESHOLD",
    "DEFAULT_THRESHOLD",
    "dedupe",
    "estimate_parameters",
    "match_records",
]

DEFAULT_THRESHOLD: Final = 0.95
"""Default probability a probabilistic pair of :func:`match_records` needs to be accepted."""

DEDUPE_THRESHOLD: Final = 0.99
"""Default probability for :func:`dedupe`: stricter, as one source often gives a family
member's NIK to another member, and no one-to-one assignment stops such a pair."""

CASCADE_RULES: Final[tuple[CascadeRuleId, ...]] = tuple(rule.id for rule in CASCADE)
"""The deterministic rules, in the order they run."""

BLOCKING_KEYS: Final[Mapping[str, tuple[str, ...]]] = {
    "nik": ("nik",),
    "nik_prefix": ("nik12",),
    "dob_district": ("dob", "district"),
    "phonetic_birth_year": ("phon", "birth_year"),
    "kk": ("no_kk",),
}
"""Blocking keys of the probabilistic stage: a pair is a candidate when it agrees on one."""

MAX_BLOCK_PAIRS: Final = 10_000
"""A blocking-key value giving more pairs than this (a dummy NIK, a filler KK) is skipped."""

_ROW = "_row"
_EM_ITERATIONS = 50
_U_SAMPLE = 50_000
_MIN_COUNT_FOR_U = 5


class _Side:
    """Prepared features of one side, as object arrays for fast gathering."""

    def __init__(self, frame: pl.DataFrame, fields: set[str]) -> None:
        self.frame = frame
        self.n = frame.height
        self.values: dict[str, npt.NDArray[np.object_]] = {
            f: np.asarray(frame[f].to_list(), dtype=object) for f in fields
        }


def _check_threshold(threshold: float) -> float:
    value: float = _args.number("threshold", threshold)
    if not 0.0 < value < 1.0:
        raise _args.fail("threshold", "0 < threshold < 1 (a probability)", threshold)
    return value


_MAX_BLOCK_PAIRS_LIMIT = 2**62
"""The largest ``max_block_pairs`` (a 64-bit count of pairs)."""


def _check_options(
    columns: object, comparisons: object, max_block_pairs: object, **flags: object
) -> tuple[Mapping[str, str] | None, tuple[Comparison, ...], int]:
    """The linkage options checked: ``columns=``, ``comparisons=``, the limit and flags."""
    for name, value in flags.items():
        _args.flag(name, value)
    limit = _args.integer(
        "max_block_pairs", max_block_pairs, minimum=0, maximum=_MAX_BLOCK_PAIRS_LIMIT
    )
    return _args.mapping("columns", columns), _comparisons(comparisons), limit


def _gamma(
    comparisons: Sequence[Comparison], left: _Side, right: _Side, li: Any, ri: Any
) -> npt.NDArray[np.int8]:
    out = np.zeros((len(li), len(comparisons)), dtype=np.int8)
    for c, comp in enumerate(comparisons):
        out[:, c] = comp.assign(left.values[comp.field][li], right.values[comp.field][ri])
    return out


def _weights(
    comparisons: Sequence[Comparison], gamma: npt.NDArray[np.int8]
) -> npt.NDArray[np.float64]:
    out = np.zeros(gamma.shape, dtype=np.float64)
    for c, comp in enumerate(comparisons):
        out[:, c] = np.asarray(comp.weights, dtype=np.float64)[gamma[:, c]]
    return out


def _prior_weight(prior: float) -> float:
    return math.log2(prior / (1.0 - prior))


def _greedy(
    li: npt.NDArray[np.int64],
    ri: npt.NDArray[np.int64],
    score: npt.NDArray[np.float64],
    used_l: npt.NDArray[np.bool_],
    used_r: npt.NDArray[np.bool_],
) -> npt.NDArray[np.int64]:
    """Greedy one-to-one: best score first; returns the kept positions."""
    order = np.lexsort((ri, li, -score))
    keep: list[int] = []
    for k in order.tolist():
        a, b = int(li[k]), int(ri[k])
        if used_l[a] or used_r[b]:
            continue
        used_l[a] = True
        used_r[b] = True
        keep.append(k)
    return np.asarray(keep, dtype=np.int64)


def _join(
    lf: pl.DataFrame,
    rf: pl.DataFrame,
    keys: Sequence[str],
    *,
    self_link: bool,
    max_count: int | None,
) -> pl.DataFrame:
    """Return the pairs (``l``, ``r``) agreeing on ``keys`` (non-null).

    ``max_count`` caps the key's rows per side (the cascade's uniqueness condition).
    """
    left = lf.select(_ROW, *keys).drop_nulls(keys)
    right = rf.select(_ROW, *keys).drop_nulls(keys)
    if max_count is not None:
        left = left.filter(pl.len().over(keys) <= max_count)
        right = right.filter(pl.len().over(keys) <= max_count)
    pairs = left.join(right, on=list(keys), suffix="_r").select(
        pl.col(_ROW).alias("l"), pl.col(f"{_ROW}_r").alias("r")
    )
    if self_link:
        pairs = pairs.filter(pl.col("l") < pl.col("r"))
    return pairs


def _block(
    lf: pl.DataFrame, rf: pl.DataFrame, keys: Sequence[str], *, self_link: bool, max_pairs: int
) -> tuple[pl.DataFrame, int]:
    left = lf.select(_ROW, *keys).drop_nulls(keys)
    right = rf.select(_ROW, *keys).drop_nulls(keys)
    counts = (
        left.group_by(keys)
        .len("nl")
        .join(right.group_by(keys).len("nr"), on=list(keys))
        .filter(pl.col("nl").cast(pl.Int64) * pl.col("nr") > max_pairs)
    )
    skipped = counts.height
    if skipped:
        left = left.join(counts.select(keys), on=list(keys), how="anti")
    pairs = left.join(right, on=list(keys), suffix="_r").select(
        pl.col(_ROW).alias("l"), pl.col(f"{_ROW}_r").alias("r")
    )
    if self_link:
        pairs = pairs.filter(pl.col("l") < pl.col("r"))
    return pairs, skipped


def _em(
    comparisons: Sequence[Comparison], gamma: npt.NDArray[np.int8], prior: float
) -> tuple[list[npt.NDArray[np.float64]], float]:
    """Run EM on the candidate pairs' levels.

    Returns m per comparison (non-null levels) and the share of matches among the pairs.
    """
    n = gamma.shape[0]
    lam = min(max(prior, 0.01), 0.99)
    ms = [np.asarray(c.m, dtype=np.float64) for c in comparisons]
    us = [np.asarray(c.u, dtype=np.float64) for c in comparisons]
    idx = []  # per comparison: gamma -> non-null level position (-1 for null)
    for comp in comparisons:
        pos, mapping = 0, []
        for level in comp.levels:
            if level.is_null:
                mapping.append(-1)
            else:
                mapping.append(pos)
                pos += 1
        idx.append(np.asarray(mapping, dtype=np.int64)[gamma[:, comparisons.index(comp)]])
    if n == 0:
        return ms, lam
    for _ in range(_EM_ITERATIONS):
        log_ratio = np.zeros(n, dtype=np.float64)
        for c in range(len(comparisons)):
            k = idx[c]
            ok = k >= 0
            log_ratio[ok] += np.log(ms[c][k[ok]]) - np.log(us[c][k[ok]])
        odds = np.exp(np.clip(log_ratio + math.log(lam / (1 - lam)), -700, 700))
        p = odds / (1.0 + odds)
        new_lam = float(np.clip(p.mean(), 1e-6, 1 - 1e-6))
        change = abs(new_lam - lam)
        lam = new_lam
        for c in range(len(comparisons)):
            k = idx[c]
            ok = k >= 0
            size = len(ms[c])
            pm = np.bincount(k[ok], weights=p[ok], minlength=size)
            pu = np.bincount(k[ok], weights=1.0 - p[ok], minlength=size)
            new_m = np.clip(pm / max(pm.sum(), 1e-12), 1e-6, 1.0)
            new_u = np.clip(pu / max(pu.sum(), 1e-12), 1e-6, 1.0)
            change = max(change, float(np.abs(new_m - ms[c]).max()))
            ms[c], us[c] = new_m / new_m.sum(), new_u / new_u.sum()
        if change < 1e-5:
            break
    return ms, lam


def _random_u(
    comparisons: Sequence[Comparison],
    left: _Side,
    right: _Side,
    *,
    seed: int = 0,
    self_link: bool = False,
) -> list[npt.NDArray[np.float64]]:
    """Estimate u from random pairs (nearly all of them non-matches).

    Levels seen fewer than 5 times keep their prior u. When a frame is linked with itself
    (*self_link*, :func:`dedupe`), a row is never paired with itself: such a pair agrees
    on everything and would make agreement look common among non-matches.
    """
    rng = np.random.default_rng(seed)
    size = min(_U_SAMPLE, left.n * right.n)
    li = rng.integers(0, left.n, size=size)
    ri = rng.integers(0, right.n, size=size)
    if self_link:
        apart = li != ri
        li, ri = li[apart], ri[apart]
    gamma = _gamma(comparisons, left, right, li, ri)
    out: list[npt.NDArray[np.float64]] = []
    for c, comp in enumerate(comparisons):
        nonnull = [k for k, level in enumerate(comp.levels) if not level.is_null]
        counts = np.bincount(gamma[:, c], minlength=len(comp.levels))[nonnull].astype(np.float64)
        prior = np.asarray(comp.u, dtype=np.float64)
        total = counts.sum()
        if total == 0:
            out.append(prior)
            continue
        est = counts / total
        rare = counts < _MIN_COUNT_FOR_U
        est[rare] = prior[rare]
        common = ~rare
        if common.any():
            est[common] *= max(1.0 - est[rare].sum(), 1e-6) / est[common].sum()
        out.append(np.clip(est, 1e-9, 1.0))
    return out


def estimate_parameters(  # noqa: PLR0913 - the levels, both sides and the prior
    comparisons: Sequence[Comparison],
    gamma: npt.NDArray[np.int8],
    left: _Side,
    right: _Side,
    prior: float,
    *,
    self_link: bool = False,
) -> tuple[tuple[Comparison, ...], float]:
    """Estimate m by EM on the candidate pairs' levels and u on random pairs.

    Returns the fitted comparisons and the share of matches among the candidate pairs.
    *self_link* leaves a row paired with itself out of the random pairs.
    """
    ms, lam = _em(comparisons, gamma, prior)
    us = _random_u(comparisons, left, right, self_link=self_link)
    fitted = tuple(
        c.with_probabilities(m.tolist(), u.tolist())
        for c, m, u in zip(comparisons, ms, us, strict=True)
    )
    return fitted, lam


def _report_row(
    stage: Stage, key: str, *, pairs: int, accepted: int, skipped_values: int = 0
) -> dict[str, Any]:
    """One row of ``MatchResult.blocking``."""
    return {
        "stage": stage,
        "key": key,
        "pairs": pairs,
        "accepted": accepted,
        "skipped_values": skipped_values,
    }


def _check_fields(comparisons: Sequence[Comparison], features: pl.DataFrame) -> None:
    """Refuse a comparison of a feature the matcher does not prepare, naming it.

    Raises:
        SchemaError: a comparison's ``field`` is not one of the prepared features.
    """
    known = [c for c in features.columns if not c.startswith("_")]
    for comparison in comparisons:
        if comparison.field not in features.columns:
            raise SchemaError(
                f"comparison {comparison.name!r} compares the field {comparison.field!r}, "
                "which the matcher does not prepare; the fields it prepares are: "
                + ", ".join(known),
                column=comparison.field,
                found=known,
            )


def _link(  # noqa: PLR0912, PLR0913, PLR0915 - one pipeline, read top to bottom
    lp: pl.DataFrame,
    rp: pl.DataFrame,
    *,
    comparisons: Sequence[Comparison],
    threshold: float,
    one_to_one: bool,
    estimate: bool,
    self_link: bool,
    max_block_pairs: int,
    cascade: Sequence[CascadeRule] = CASCADE,
) -> MatchResult:
    """Link ``lp`` to ``rp`` (prepared features): ``cascade`` in order, then scoring."""
    _check_fields(comparisons, lp)
    fields = {c.field for c in comparisons}.union(*(rule.accept.fields for rule in cascade))
    left, right = _Side(lp, fields), _Side(rp, fields)
    prior = 1.0 / max(left.n, right.n, 2)
    used_l = np.zeros(left.n, dtype=np.bool_)
    used_r = np.zeros(right.n, dtype=np.bool_)
    blocking: list[dict[str, Any]] = []
    li_all: list[npt.NDArray[np.int64]] = []
    ri_all: list[npt.NDArray[np.int64]] = []
    rules_all: list[LinkRule] = []
    gammas: list[npt.NDArray[np.int8] | None] = []
    cand_l: list[npt.NDArray[np.int64]] = []
    cand_r: list[npt.NDArray[np.int64]] = []

    def remaining(frame: pl.DataFrame, used: npt.NDArray[np.bool_]) -> pl.DataFrame:
        if self_link or not used.any():
            return frame
        return frame.filter(pl.Series(~used))

    for rule in cascade:
        lf, rf = remaining(lp, used_l), remaining(rp, used_r if not self_link else used_l)
        if self_link:
            rf = lf
        limit = rule.max_count(self_link=self_link)
        pairs = _join(lf, rf, rule.keys, self_link=self_link, max_count=limit)
        li = pairs["l"].to_numpy().astype(np.int64)
        ri = pairs["r"].to_numpy().astype(np.int64)
        produced = len(li)
        ok = rule.accept.holds(PairFeatures(left.values, right.values, li, ri))
        li, ri = li[ok], ri[ok]
        cand_l.append(li)
        cand_r.append(ri)
        kept: npt.NDArray[np.int8] | None = None
        if one_to_one and not self_link:
            gamma = _gamma(comparisons, left, right, li, ri)
            score = _weights(comparisons, gamma).sum(axis=1)
            keep = _greedy(li, ri, score, used_l, used_r)
            li, ri, kept = li[keep], ri[keep], gamma[keep]
        elif not self_link:
            used_l[li] = True
            used_r[ri] = True
        gammas.append(kept)
        blocking.append(_report_row("cascade", rule.id, pairs=produced, accepted=len(li)))
        li_all.append(li)
        ri_all.append(ri)
        rules_all.extend([rule.id] * len(li))

    # probabilistic stage on what is left
    lf = remaining(lp, used_l)
    rf = lf if self_link else remaining(rp, used_r)
    frames = []
    for name, keys in BLOCKING_KEYS.items():
        pairs, skipped = _block(lf, rf, keys, self_link=self_link, max_pairs=max_block_pairs)
        frames.append(pairs)
        blocking.append(
            _report_row(
                "probabilistic", name, pairs=pairs.height, accepted=0, skipped_values=skipped
            )
        )
    cand = (
        pl.concat(frames).unique(maintain_order=True)
        if frames
        else pl.DataFrame({"l": [], "r": []})
    )
    pli = cand["l"].to_numpy().astype(np.int64)
    pri = cand["r"].to_numpy().astype(np.int64)

    fitted = tuple(comparisons)
    if estimate:
        el = np.concatenate([*cand_l, pli])
        er = np.concatenate([*cand_r, pri])
        gamma = _gamma(comparisons, left, right, el, er)
        fitted, lam = estimate_parameters(
            comparisons, gamma, left, right, prior, self_link=self_link
        )
        prior = float(np.clip(lam * len(el) / (float(left.n) * right.n), 1e-12, 0.5))

    pw = _prior_weight(prior)
    pgamma = _gamma(fitted, left, right, pli, pri)
    pscore = _weights(fitted, pgamma).sum(axis=1) + pw
    prob = 1.0 / (1.0 + np.exp2(-pscore))
    above = prob >= threshold
    pli, pri, pscore, pgamma = pli[above], pri[above], pscore[above], pgamma[above]
    if one_to_one and not self_link:
        keep = _greedy(pli, pri, pscore, used_l, used_r)
        pli, pri, pgamma = pli[keep], pri[keep], pgamma[keep]
    gammas.append(pgamma)
    blocking[-len(BLOCKING_KEYS) :] = [
        {**row, "accepted": 0} for row in blocking[-len(BLOCKING_KEYS) :]
    ]
    blocking.append(
        _report_row(
            "probabilistic", "(distinct candidate pairs)", pairs=cand.height, accepted=len(pli)
        )
    )
    li_all.append(pli)
    ri_all.append(pri)
    rules_all.extend([PROBABILISTIC] * len(pli))

    li = np.concatenate(li_all) if li_all else np.zeros(0, dtype=np.int64)
    ri = np.concatenate(ri_all) if ri_all else np.zeros(0, dtype=np.int64)
    rules = np.asarray(rules_all, dtype=object)
    known = [g for g in gammas if g is not None]
    if estimate or len(known) != len(gammas):  # levels of the cascade's pairs not yet known
        gamma = _gamma(fitted, left, right, li, ri)
    else:
        gamma = np.concatenate(known)
    if self_link and len(li):  # a pair found by several rules keeps the first
        _, first = np.unique(np.stack([li, ri], axis=1), axis=0, return_index=True)
        first.sort()
        li, ri, rules, gamma = li[first], ri[first], rules[first], gamma[first]
    weights = _weights(fitted, gamma)
    score = weights.sum(axis=1) + pw
    columns: dict[str, Any] = {
        "left_row": pl.Series(li, dtype=pl.Int64),
        "right_row": pl.Series(ri, dtype=pl.Int64),
        "rule": pl.Series(rules.tolist(), dtype=pl.String),
        "score": pl.Series(score, dtype=pl.Float64),
        "probability": pl.Series(1.0 / (1.0 + np.exp2(-score)), dtype=pl.Float64),
    }
    for c, comp in enumerate(fitted):
        labels = np.asarray(comp.labels, dtype=object)
        columns[f"level_{comp.name}"] = pl.Series(labels[gamma[:, c]].tolist(), dtype=pl.String)
    for c, comp in enumerate(fitted):
        columns[f"weight_{comp.name}"] = pl.Series(weights[:, c], dtype=pl.Float64)
    pairs_frame = pl.DataFrame(columns).sort("left_row", "right_row")
    # Rows that are not records (blank, footer) count as matched: they are not persons.
    matched_l = lp["_skip"].to_numpy().astype(np.bool_, copy=True)
    matched_r = rp["_skip"].to_numpy().astype(np.bool_, copy=True)
    matched_l[li] = True
    matched_r[ri] = True
    if self_link:
        matched_l[ri] = True
        matched_r = matched_l
    clusters = _clusters(left.n, li, ri) if self_link else None
    return MatchResult(
        pairs=pairs_frame,
        unmatched_left=pl.Series("left_row", np.flatnonzero(~matched_l), dtype=pl.Int64),
        unmatched_right=pl.Series("right_row", np.flatnonzero(~matched_r), dtype=pl.Int64),
        blocking=pl.DataFrame(blocking),
        comparisons=fitted,
        prior=prior,
        threshold=threshold,
        clusters=clusters,
        left_features=lp,
        right_features=rp,
    )


def _clusters(n: int, li: npt.NDArray[np.int64], ri: npt.NDArray[np.int64]) -> pl.DataFrame:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in zip(li.tolist(), ri.tolist(), strict=True):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return pl.DataFrame(
        {
            "row": pl.Series(range(n), dtype=pl.Int64),
            "cluster": pl.Series([find(x) for x in range(n)], dtype=pl.Int64),
        }
    )


def _households(pairs: pl.DataFrame, lp: pl.DataFrame, rp: pl.DataFrame) -> pl.DataFrame:
    """The KKs linked through their members, with a one-to-one choice among them."""
    left = lp.select(pl.col(_ROW).alias("left_row"), pl.col("no_kk").alias("left_no_kk"))
    right = rp.select(pl.col(_ROW).alias("right_row"), pl.col("no_kk").alias("right_no_kk"))
    sizes_l = left.drop_nulls().group_by("left_no_kk").agg(pl.len().alias("left_members"))
    sizes_r = right.drop_nulls().group_by("right_no_kk").agg(pl.len().alias("right_members"))
    linked = (
        pairs.select("left_row", "right_row")
        .join(left, on="left_row")
        .join(right, on="right_row")
        .drop_nulls(["left_no_kk", "right_no_kk"])
        .group_by("left_no_kk", "right_no_kk")
        .agg(pl.len().cast(pl.Int64).alias("linked"))
        .join(sizes_l, on="left_no_kk")
        .join(sizes_r, on="right_no_kk")
        .with_columns(pl.col("left_members", "right_members").cast(pl.Int64))
        .sort("left_no_kk", "right_no_kk")
    )
    li = linked["left_no_kk"].rank("dense").cast(pl.Int64).to_numpy() - 1
    ri = linked["right_no_kk"].rank("dense").cast(pl.Int64).to_numpy() - 1
    # most linked members first, then the larger share of both KKs
    count = linked["linked"].to_numpy().astype(np.float64)
    larger = np.maximum(linked["left_members"].to_numpy(), linked["right_members"].to_numpy())
    score = count + count / np.maximum(larger, 1) / 2
    assigned = np.zeros(linked.height, dtype=np.bool_)
    if linked.height:
        used_l = np.zeros(int(li.max()) + 1, dtype=np.bool_)
        used_r = np.zeros(int(ri.max()) + 1, dtype=np.bool_)
        assigned[_greedy(li, ri, score, used_l, used_r)] = True
    complete = (pl.col("linked") == pl.col("left_members")) & (
        pl.col("linked") == pl.col("right_members")
    )
    return linked.with_columns(
        (pl.col("left_no_kk") == pl.col("right_no_kk")).alias("same_kk"),
        pl.when(complete).then(pl.lit("complete")).otherwise(pl.lit("partial")).alias("status"),
        pl.Series("assigned", assigned, dtype=pl.Boolean),
    )


def _rows(frame: pl.DataFrame, positions: pl.Series, name: str) -> pl.DataFrame:
    return (
        frame.with_row_index(name)
        .filter(pl.col(name).is_in(positions.implode()))
        .select(pl.exclude(name), pl.col(name).cast(pl.Int64))
    )


def _in_kind(  # noqa: PLR0913 - the two inputs and their kinds
    result: MatchResult,
    left: pl.DataFrame,
    right: pl.DataFrame,
    left_kind: FrameKind,
    right_kind: FrameKind,
    *,
    linkage: bool,
) -> MatchResult:
    """Give the result's frames back as the kinds of frame the caller passed."""
    pairs = result.polars_pairs
    households = (
        to_native(_households(pairs, result.left_features, result.right_features), left_kind)
        if linkage
        else None
    )
    clusters = result.clusters
    return attrs.evolve(
        result,
        pairs=to_native(pairs, left_kind),
        households=households,
        clusters=None if clusters is None else to_native(clusters, left_kind),
        unmatched_left_rows=to_native(_rows(left, result.unmatched_left, "left_row"), left_kind),
        unmatched_right_rows=to_native(
            _rows(right, result.unmatched_right, "right_row"), right_kind
        ),
        polars_pairs=pairs,
    )


def _comparisons(comparisons: object) -> tuple[Comparison, ...]:
    if comparisons is None:
        return DEFAULT_COMPARISONS
    out = tuple(_args.items("comparisons", comparisons))
    for c in out:
        if not isinstance(c, Comparison):
            raise _args.fail("comparisons", "a sequence of Comparison objects", c)
    return out


def match_records(  # noqa: PLR0913 - keyword-only options of the public API
    left: Any,
    right: Any,
    *,
    columns: Mapping[str, str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    one_to_one: bool = True,
    estimate: bool = False,
    comparisons: Sequence[Comparison] | None = None,
    max_block_pairs: int = MAX_BLOCK_PAIRS,
) -> MatchResult:
    """Link the person records of two sources (e.g. DTSEN roster and Dukcapil).

    Rows are linked first by the deterministic cascade (:data:`CASCADE_RULES`), each
    link labelled with its rule id: ``nik_exact_name`` (same NIK, compatible names),
    ``nik_typo_name_dob`` (NIK one digit off or two adjacent digits swapped, same
    normalised name and birth date), ``kk_name`` (same KK and normalised name, birth
    dates missing or at most two digits apart) and ``name_dob_district`` (same
    normalised name, birth date and district; not a placeholder date: 1 July, 31
    December or 1 January; NIKs missing or at most two digits apart); the last two need
    the key to be unique on each side. What is left is scored with Fellegi-Sunter
    match weights over the candidate pairs of :data:`BLOCKING_KEYS` and linked when the
    match probability reaches ``threshold``.

    Args:
        left: a data frame (Polars, pandas, PyArrow; converted with narwhals).
        right: the other source.
        columns: ``{canonical: actual}`` column names for both frames (found by header
            aliases otherwise); ``nama`` is required, the others are used when present.
        threshold: the match probability a probabilistic pair needs (0-1).
        one_to_one: each row in at most one pair (greedy, best score first).
        estimate: estimate m by EM on the candidate pairs and u on random pairs,
            instead of the documented defaults.
        comparisons: the comparisons (default :data:`DEFAULT_COMPARISONS`).
        max_block_pairs: skip a blocking-key value producing more pairs than this.

    Returns:
        A :class:`MatchResult`.

    Raises:
        SchemaError: a needed column is missing.
        InvalidArgument: a bad argument.

    >>> import polars as pl
    >>> a = pl.DataFrame(
    ...     {"nik": ["3576014403910003"], "nama": ["SITI AMINAH"], "tanggal_lahir": ["1991-03-04"]}
    ... )
    >>> b = pl.DataFrame(
    ...     {
    ...         "NIK": ["3576014403910003"],
    ...         "NAMA LENGKAP": ["Hj. Siti Aminah"],
    ...         "TGL LAHIR": ["04-03-1991"],
    ...     }
    ... )
    >>> result = match_records(a, b)
    >>> result.pairs.select("left_row", "right_row", "rule").rows()
    [(0, 0, 'nik_exact_name')]
    """
    threshold = _check_threshold(threshold)
    columns, checked, max_block_pairs = _check_options(
        columns, comparisons, max_block_pairs, one_to_one=one_to_one, estimate=estimate
    )
    left_frame, left_kind = read(left, "left")
    right_frame, right_kind = read(right, "right")
    left_name, right_name = source_name(left, "left"), source_name(right, "right")
    if left_name == right_name:
        left_name, right_name = f"{left_name} (1)", f"{right_name} (2)"
    left_features, left_manifest = prepare(left_frame, columns, native=left, name=left_name)
    right_features, right_manifest = prepare(right_frame, columns, native=right, name=right_name)
    result = _link(
        left_features,
        right_features,
        comparisons=checked,
        threshold=threshold,
        one_to_one=bool(one_to_one),
        estimate=bool(estimate),
        self_link=False,
        max_block_pairs=max_block_pairs,
    )
    result = attrs.evolve(result, manifest=left_manifest.merge(right_manifest))
    return _in_kind(result, left_frame, right_frame, left_kind, right_kind, linkage=True)


def dedupe(  # noqa: PLR0913 - keyword-only options of the public API
    frame: Any,
    *,
    columns: Mapping[str, str] | None = None,
    threshold: float = DEDUPE_THRESHOLD,
    estimate: bool = False,
    comparisons: Sequence[Comparison] | None = None,
    max_block_pairs: int = MAX_BLOCK_PAIRS,
) -> MatchResult:
    """Find the records of one source that are the same person, and cluster them.

    The same cascade and scoring as :func:`match_records`, on the pairs ``(i, j)`` with
    ``i < j``, without one-to-one assignment. ``MatchResult.clusters`` gives each row
    its cluster: the connected component of accepted pairs, named by its first row.

    >>> import polars as pl
    >>> f = pl.DataFrame(
    ...     {
    ...         "nik": ["3576014403910003", "3576014403910003", None],
    ...         "nama": ["SITI AMINAH", "SITI AMINAH", "BUDI"],
    ...     }
    ... )
    >>> dedupe(f).clusters["cluster"].to_list()
    [0, 0, 2]
    """
    threshold = _check_threshold(threshold)
    columns, checked, max_block_pairs = _check_options(
        columns, comparisons, max_block_pairs, estimate=estimate
    )
    source, kind = read(frame, "frame")
    fp, manifest = prepare(source, columns, native=frame, name=source_name(frame, "frame"))
    result = _link(
        fp,
        fp,
        comparisons=checked,
        threshold=threshold,
        one_to_one=False,
        estimate=bool(estimate),
        self_link=True,
        max_block_pairs=max_block_pairs,
    )
    result = attrs.evolve(result, manifest=manifest)
    return _in_kind(result, source, source, kind, kind, linkage=False)
