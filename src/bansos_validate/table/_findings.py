"""The findings of the table and household checks: one row per (row, issue code)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import narwhals as nw
import polars as pl

from bansos_validate._present._findings import finish, region_column, row_numbers, text_column
from bansos_validate._present._frames import mask_column, polars
from bansos_validate.issues import CATALOGUE
from bansos_validate.table._messages import explode_messages

if TYPE_CHECKING:
    from collections.abc import Mapping

    from bansos_validate.issues import Lang

__all__ = ["issue_findings"]


def issue_findings(  # noqa: PLR0913 - keyword-only options
    frame: Any,
    columns: Mapping[str, str],
    codes_column: str,
    *,
    check: str,
    source: str,
    lang: Lang,
    unmasked: bool,
    reference_date: dt.date | None = None,
) -> pl.DataFrame:
    """One row per (row, issue code) of a checked frame (``check_table``, ``check_households``).

    Each message carries the row's own values that are safe to show (a length, a day or
    month number, a region code, a dummy pattern, a spreadsheet-damage reason); personal
    values (a birth or KK issue date, a NIK serial) only when *unmasked*, ``…``
    otherwise. The message equals the scalar parser's issue message for the row's value
    (:meth:`bansos_validate.issues.IssueDefinition.render`).

    Args:
        frame: the result frame, with ``row`` and the list column *codes_column*.
        columns: the canonical-to-actual column mapping the check used.
        codes_column: ``issue_codes`` or ``household_issue_codes``.
        check: the name of the check (``nik_kk``, ``household``).
        source: the name of the input the frame came from.
        lang: the language of the messages.
        unmasked: keep NIK and KK numbers as they are, and show personal values (dates,
            serials) in the messages.
        reference_date: the date the check ran at; dates in messages need it (they are
            shown as ``…`` without it).
    """
    data = polars(frame)
    raw = {n: f"__bv_raw_{n}" for n in ("nik", "no_kk") if columns.get(n) in data.columns}
    base = pl.DataFrame(
        {
            "row": row_numbers(data),
            "nik": mask_column(text_column(data, columns.get("nik")), "nik", unmasked=unmasked),
            "no_kk": mask_column(text_column(data, columns.get("no_kk")), "kk", unmasked=unmasked),
            "kode_wilayah": region_column(data, columns.get("kode_wilayah")),
            "code": data[codes_column],
            **{tmp: data[columns[name]] for name, tmp in raw.items()},
        }
    )
    present = sorted(set(base["code"].explode().drop_nulls().unique().to_list()) & set(CATALOGUE))
    exploded = explode_messages(
        nw.from_native(base),
        "code",
        ["row", "nik", "no_kk", "kode_wilayah"],
        raw,
        present=present,
        reference_date=reference_date,
        lang=lang,
        unmasked=unmasked,
    ).to_native()
    exploded = exploded.filter(pl.col("code").is_not_null())
    severity = {c: CATALOGUE[c].severity.value for c in present}
    out = exploded.with_columns(
        pl.lit(check).alias("check"),
        pl.lit(source).alias("source"),
        pl.col("code").replace_strict(severity, default="error").alias("severity"),
    )
    return finish(out)
