"""The findings of an overlap result: one row per overlap, its evidence and action."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from bansos_validate._present._findings import empty_findings, finish, text_column
from bansos_validate._present._frames import mask_column, source_rows
from bansos_validate._present._text import say

if TYPE_CHECKING:
    from collections.abc import Mapping

    from bansos_validate.issues import Lang

__all__ = ["overlap_findings"]

_DIGITS16 = r"(\d{6})\d{10}"


def _scrub(column: pl.Series, *, unmasked: bool) -> pl.Series:
    """Mask any 16-digit run in a text (evidence written with ``unmasked=True``)."""
    return column if unmasked else column.str.replace_all(_DIGITS16, "${1}**********")


def _remask(column: pl.Series, kind: str, *, unmasked: bool) -> pl.Series:
    """Mask identifiers that are not masked yet (``find_overlaps(..., unmasked=True)``)."""
    if unmasked:
        return column
    masked = mask_column(column, kind, unmasked=False)
    return pl.select(
        pl.when(column.str.contains(r"\*", literal=False)).then(column).otherwise(masked)
    ).to_series()


def overlap_findings(  # noqa: PLR0913 - keyword-only texts and options
    frame: pl.DataFrame,
    *,
    evidence: pl.Series | None = None,
    action: pl.Series | None = None,
    frames: Mapping[str, pl.DataFrame],
    lang: Lang,
    unmasked: bool,
) -> pl.DataFrame:
    """One row per overlap: the first row (``roll_a``/``row_a``) as source and row.

    ``message`` is the overlap's evidence (*evidence*, written in the language asked for;
    else the frame's ``evidence`` column), ``detail`` the other roll and its source row
    (when there is one) and ``action`` the policy's suggested action (*action*, written in
    the language asked for; else the frame's ``action`` column). Identifiers are masked by
    ``find_overlaps`` by default; any left unmasked are masked here unless *unmasked*.
    """
    if frame.height == 0:
        return empty_findings()
    word = say("row", lang).lower()
    parts: list[pl.DataFrame] = []
    data = frame.with_row_index("__order")
    if evidence is not None:
        data = data.with_columns(evidence.alias("evidence"))
    if action is not None:
        data = data.with_columns(action.alias("action"))
    for (roll_a,), group in data.group_by("roll_a", maintain_order=True):
        other = pl.Series("row_b_source", [None] * group.height, dtype=pl.Int64)
        pieces = [
            pl.DataFrame(
                {
                    "__pos": sub["__pos"],
                    "row_b_source": source_rows(frames.get(str(roll_b)), sub["row_b"]),
                }
            )
            for (roll_b,), sub in group.with_row_index("__pos").group_by(
                "roll_b", maintain_order=True
            )
            if roll_b is not None
        ]
        if pieces:
            found = pl.concat(pieces)
            other = (
                pl.DataFrame({"__pos": pl.int_range(0, group.height, eager=True, dtype=pl.UInt32)})
                .join(found.with_columns(pl.col("__pos").cast(pl.UInt32)), on="__pos", how="left")
                .sort("__pos")["row_b_source"]
            )
        detail = [
            f"{b} {word} {r}" if b is not None else None
            for b, r in zip(group["roll_b"].to_list(), other.to_list(), strict=True)
        ]
        actions = [a or None for a in text_column(group, "action").to_list()]
        parts.append(
            pl.DataFrame(
                {
                    "__order": group["__order"],
                    "check": "overlap",
                    "source": group["roll_a"].cast(pl.String),
                    "row": source_rows(frames.get(str(roll_a)), group["row_a"]),
                    "nik": _remask(text_column(group, "nik_a"), "nik", unmasked=unmasked),
                    "no_kk": _remask(text_column(group, "kk_a"), "kk", unmasked=unmasked),
                    "kode_wilayah": text_column(group, "region_a"),
                    "code": group["kind"].cast(pl.String),
                    "severity": group["severity"].cast(pl.String),
                    "message": _scrub(text_column(group, "evidence"), unmasked=unmasked),
                    "detail": _scrub(pl.Series(detail, dtype=pl.String), unmasked=unmasked),
                    "action": _scrub(pl.Series(actions, dtype=pl.String), unmasked=unmasked),
                }
            )
        )
    return finish(pl.concat(parts).sort("__order"))
