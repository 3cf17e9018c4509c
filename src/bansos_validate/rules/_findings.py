"""The findings and figures of eligibility decisions: what could not be decided."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl

from bansos_validate._present._findings import (
    empty_findings,
    finish,
    text_column,
    undetermined_code,
)
from bansos_validate._present._frames import mask_column, polars
from bansos_validate._present._text import say

if TYPE_CHECKING:
    from collections.abc import Mapping

    from bansos_validate.issues import Lang
    from bansos_validate.rules._decisions import Decisions

__all__ = ["decision_findings", "decision_summary"]


def decision_findings(
    decisions: Decisions,
    *,
    source: str,
    frames: Mapping[str, pl.DataFrame],
    lang: Lang,
    unmasked: bool,
) -> pl.DataFrame:
    """Households (or persons) whose eligibility could not be decided (``warning``).

    The row number is the household's row in the *source* frame (matched on ``no_kk``).
    """
    frame = polars(decisions.frame).filter(pl.col("status") == "undetermined")
    if frame.height == 0:
        return empty_findings()
    program = decisions.ruleset.program
    reasons = frame["reasons"].list.join(", ") if "reasons" in frame.columns else None
    out = pl.DataFrame(
        {
            "no_kk_raw": frame["no_kk"].cast(pl.String),
            "nik": mask_column(text_column(frame, "nik"), "nik", unmasked=unmasked),
            "no_kk": mask_column(frame["no_kk"], "kk", unmasked=unmasked),
            "detail": reasons,
        }
    )
    households = frames.get(source)
    if households is not None and "no_kk" in households.columns and "row" in households.columns:
        rows = households.select(
            pl.col("no_kk").cast(pl.String).alias("no_kk_raw"), pl.col("row").cast(pl.Int64)
        ).unique("no_kk_raw", keep="first")
        out = out.join(rows, on="no_kk_raw", how="left", maintain_order="left")
    message = [
        say("msg_undetermined", lang, program=program.upper(), reasons=r or "-")
        for r in out["detail"].to_list()
    ]
    out = out.drop("no_kk_raw").with_columns(
        pl.lit("eligibility").alias("check"),
        pl.lit(source).alias("source"),
        pl.lit(undetermined_code(program)).alias("code"),
        pl.lit("warning").alias("severity"),
        pl.Series("message", message, dtype=pl.String),
    )
    return finish(out)


def decision_summary(decisions: Decisions) -> dict[str, Any]:
    """Figures of one program's decisions, JSON-ready (see ``Decisions.summary``)."""
    frame = polars(decisions.frame)
    counts = decisions.counts()
    eligible = frame.filter(pl.col("status") == "eligible")
    amount = int(eligible["amount"].sum() or 0) if eligible.height else 0
    ruleset = decisions.ruleset
    return {
        "program": ruleset.program,
        "name": {"id": ruleset.name.id, "en": ruleset.name.en},
        "unit": ruleset.unit,
        **counts,
        "amount": amount,
        "ruleset_version": ruleset.version,
        "ruleset_sha256": ruleset.sha256,
    }
