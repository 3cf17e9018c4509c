"""Findings the report adds of its own: the notes of how the inputs were read.

Every result gives its own findings (``TableCheck.findings()``, ``MatchResult.findings()``
...); the report puts them side by side (:meth:`Report.findings`) with these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from bansos_validate._present._findings import empty_findings, finish, mask_runs

if TYPE_CHECKING:
    from bansos_validate.intake import Manifest
    from bansos_validate.issues import Lang

__all__ = ["manifest_findings"]


def manifest_findings(manifest: Manifest, *, lang: Lang, unmasked: bool = False) -> pl.DataFrame:
    """The manifest's notes as findings (check ``input``; no row: each is about a whole input).

    A note that lists rows (blank or footer rows, KK numbers that cannot be joined) names
    them in its message; the rows that are not records are also findings of the table
    check when it ran.
    """
    if not manifest.notes:
        return empty_findings()
    return finish(
        pl.DataFrame(
            {
                "check": ["input"] * len(manifest.notes),
                "source": [n.source for n in manifest.notes],
                "code": [n.code for n in manifest.notes],
                "severity": [n.severity.value for n in manifest.notes],
                # A header may be a data row of a file without one: mask long digit runs.
                "message": [mask_runs(n.message(lang), unmasked=unmasked) for n in manifest.notes],
            },
            schema={
                "check": pl.String,
                "source": pl.String,
                "code": pl.String,
                "severity": pl.String,
                "message": pl.String,
            },
        )
    )
