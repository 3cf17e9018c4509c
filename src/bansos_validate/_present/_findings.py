"""The one schema of findings, and the column helpers every result's ``findings()`` uses.

A finding is one thing an officer should look at: which input and row, whose record
(NIK and KK, masked by default), the code and severity, the message in the language
asked for, a detail (the evidence) and, where there is one, the suggested action.

Every result (``TableCheck``, ``HouseholdCheck``, ``MatchResult``, ``Decisions``,
``OverlapResult``) gives its findings in this schema; the report only puts them side
by side and renders them.
"""

from __future__ import annotations

import re
from typing import Any, Literal

import polars as pl

__all__ = [
    "FINDINGS_SCHEMA",
    "REPORT_COLUMNS",
    "SEVERITY_RANK",
    "STATUSES",
    "UNMATCHED",
    "Check",
    "MatchCode",
    "codes_count",
    "empty_findings",
    "finish",
    "mask_runs",
    "region_column",
    "row_numbers",
    "text_column",
    "undetermined_code",
]

FINDINGS_SCHEMA: dict[str, Any] = {
    "check": pl.String,
    "source": pl.String,
    "row": pl.Int64,
    "nik": pl.String,
    "no_kk": pl.String,
    "kode_wilayah": pl.String,
    "code": pl.String,
    "severity": pl.String,
    "message": pl.String,
    "detail": pl.String,
    "action": pl.String,
}
"""Columns of a findings frame, in order.

``check`` (``nik_kk``, ``household``, ``matching``, ``eligibility``, ``overlap``,
``input``), ``source`` (the input's name), ``row`` (the source row number), ``nik`` and
``no_kk`` (the person's keys, masked unless asked), ``kode_wilayah``, ``code``,
``severity`` (``error``/``warning``/``info``), ``message`` (in the language asked for),
``detail`` (the evidence: values of the row, the other record) and ``action`` (what to
do, when the check says).
"""

Check = Literal["nik_kk", "household", "matching", "eligibility", "overlap", "input"]
"""The ``check`` of a finding: which capability found it."""

MatchCode = Literal["match_unmatched_left", "match_unmatched_right"]
"""The codes of a match's findings: a row of either source linked to nothing."""

UNMATCHED: dict[str, MatchCode] = {
    "left": "match_unmatched_left",
    "right": "match_unmatched_right",
}


def undetermined_code(program: str) -> str:
    """The code of an undecided household of *program* (``pkh_undetermined``).

    >>> undetermined_code("pkh")
    'pkh_undetermined'
    """
    return f"{program}_undetermined"


REPORT_COLUMNS = tuple(name for name in FINDINGS_SCHEMA if name != "action")
"""The columns of the report's findings files: the action is written into ``detail``."""

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}

STATUSES = ("valid", "warning", "invalid", "excel_damaged")
"""The statuses of a checked record (a row that is not a record is ``skipped``)."""


def empty_findings() -> pl.DataFrame:
    """A findings frame with no rows."""
    return pl.DataFrame(schema=FINDINGS_SCHEMA)


def text_column(frame: pl.DataFrame, name: str | None) -> pl.Series:
    """Column *name* of *frame* as text; all null when there is no such column."""
    if name is None or name not in frame.columns:
        return pl.Series([None] * frame.height, dtype=pl.String)
    return frame[name].cast(pl.String)


def mask_runs(text: str, *, unmasked: bool) -> str:
    """*text* with every run of 10 or more digits masked after its first six.

    >>> mask_runs("KK 3576010101200001 dibaca", unmasked=False)
    'KK 357601********** dibaca'
    """
    if unmasked:
        return text
    return re.sub(r"\d{10,}", lambda m: m.group()[:6] + "*" * (len(m.group()) - 6), text)


def region_column(frame: pl.DataFrame, name: str | None) -> pl.Series:
    """A region-code column as codes (``3573011001``, not the ``3573011001.0`` of a number)."""
    text = text_column(frame, name)
    return pl.select(
        text.str.strip_chars().str.replace(r"[.,]0+$", "").str.replace_all(r"[^0-9]", "")
    ).to_series()


def finish(frame: pl.DataFrame) -> pl.DataFrame:
    """*frame* with every column of :data:`FINDINGS_SCHEMA`, in order and typed (missing: null)."""
    for name, dtype in FINDINGS_SCHEMA.items():
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=dtype).alias(name))
    return frame.select(pl.col(n).cast(t) for n, t in FINDINGS_SCHEMA.items())


def row_numbers(data: pl.DataFrame) -> pl.Series:
    """The source row numbers of a checked frame.

    ``source_row`` when the input had a ``row`` column of its own that is not an integer,
    else ``row``, else the 1-based position.
    """
    if "source_row" in data.columns and not data.schema.get("row", pl.String).is_integer():
        return data["source_row"].cast(pl.Int64)
    if "row" in data.columns and data.schema["row"].is_integer():
        return data["row"].cast(pl.Int64)
    return pl.int_range(1, data.height + 1, eager=True, dtype=pl.Int64)


def codes_count(codes: pl.DataFrame) -> list[dict[str, Any]]:
    """A frame of ``code``, ``severity``, ``count`` as JSON-ready rows, in its order."""
    return [
        {"code": c, "severity": s, "count": int(n)}
        for c, s, n in codes.select("code", "severity", "count").iter_rows()
    ]
