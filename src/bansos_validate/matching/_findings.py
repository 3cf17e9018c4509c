"""The findings and figures of a match: rows of either source linked to nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl

from bansos_validate._present._findings import UNMATCHED, empty_findings, finish, text_column
from bansos_validate._present._frames import mask_column, source_rows
from bansos_validate._present._text import say

if TYPE_CHECKING:
    from collections.abc import Mapping

    from bansos_validate.issues import Lang
    from bansos_validate.matching._result import MatchResult

__all__ = ["match_findings", "match_summary"]


def match_findings(
    result: MatchResult,
    *,
    names: tuple[str, str],
    frames: Mapping[str, pl.DataFrame],
    lang: Lang,
    unmasked: bool,
) -> pl.DataFrame:
    """Rows of either source that were linked to nothing.

    A left row with no partner is a ``warning`` (``match_unmatched_left``: a person of
    the roster not found in the other source); a right row is ``info``.
    """
    parts: list[pl.DataFrame] = []
    sides = (
        ("left", result.unmatched_left, result.left_features, "warning"),
        ("right", result.unmatched_right, result.right_features, "info"),
    )
    for index, (side, positions, features, level) in enumerate(sides):
        this, other = names[index], names[1 - index]
        if positions.len() == 0:
            continue
        pos = positions.cast(pl.Int64)
        feats = (
            features.join(pl.DataFrame({"_row": pos}), on="_row", how="semi").sort("_row")
            if "_row" in features.columns
            else pl.DataFrame({"_row": pos})
        )
        message = say(f"msg_unmatched_{side}", lang, this=this, other=other)
        parts.append(
            pl.DataFrame(
                {
                    "check": "matching",
                    "source": this,
                    "row": source_rows(frames.get(this), feats["_row"]),
                    "nik": mask_column(text_column(feats, "nik"), "nik", unmasked=unmasked),
                    "no_kk": mask_column(text_column(feats, "no_kk"), "kk", unmasked=unmasked),
                    "kode_wilayah": text_column(feats, "village"),
                    "code": UNMATCHED[side],
                    "severity": level,
                    "message": message,
                }
            )
        )
    return finish(pl.concat(parts)) if parts else empty_findings()


def match_summary(result: MatchResult, names: tuple[str, str]) -> dict[str, Any]:
    """Figures of a match, JSON-ready (see :attr:`MatchResult.summary`)."""
    left = result.left_features.height
    right = result.right_features.height
    pairs = result.polars_pairs
    by_rule = (
        {str(r): int(n) for r, n in pairs["rule"].value_counts(sort=True).iter_rows()}
        if pairs.height
        else {}
    )
    matched_left = left - result.unmatched_left.len()
    matched_right = right - result.unmatched_right.len()
    return {
        "left": {"name": names[0], "rows": left, "matched": matched_left},
        "right": {"name": names[1], "rows": right, "matched": matched_right},
        "pairs": pairs.height,
        "match_rate_left": matched_left / left if left else 0.0,
        "match_rate_right": matched_right / right if right else 0.0,
        "by_rule": by_rule,
        "threshold": result.threshold,
    }
