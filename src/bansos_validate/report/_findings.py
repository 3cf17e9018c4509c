"""Findings: one row per thing an officer should look at, with the source row number."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

import narwhals as nw
import polars as pl

from bansos_validate.issues import CATALOGUE
from bansos_validate.report._frames import mask_column, polars, source_rows
from bansos_validate.report._text import say
from bansos_validate.table._check import explode_messages

if TYPE_CHECKING:
    from collections.abc import Mapping

    from bansos_validate.intake import Manifest
    from bansos_validate.issues import Lang
    from bansos_validate.matching import MatchResult
    from bansos_validate.rules import Decisions

__all__ = [
    "FINDINGS_SCHEMA",
    "SEVERITY_RANK",
    "decision_findings",
    "empty_findings",
    "issue_findings",
    "manifest_findings",
    "match_findings",
    "overlap_findings",
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
}

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def empty_findings() -> pl.DataFrame:
    """A findings frame with no rows."""
    return pl.DataFrame(schema=FINDINGS_SCHEMA)


def _text_column(frame: pl.DataFrame, name: str | None) -> pl.Series:
    if name is None or name not in frame.columns:
        return pl.Series([None] * frame.height, dtype=pl.String)
    return frame[name].cast(pl.String)


def _mask_runs(text: str, *, unmasked: bool) -> str:
    """*text* with every run of 10 or more digits masked after its first six."""
    if unmasked:
        return text
    return re.sub(r"\d{10,}", lambda m: m.group()[:6] + "*" * (len(m.group()) - 6), text)


def _region_column(frame: pl.DataFrame, name: str | None) -> pl.Series:
    """A region-code column as codes (``3573011001``, not the ``3573011001.0`` of a number)."""
    text = _text_column(frame, name)
    return pl.select(
        text.str.strip_chars().str.replace(r"[.,]0+$", "").str.replace_all(r"[^0-9]", "")
    ).to_series()


def _finish(frame: pl.DataFrame) -> pl.DataFrame:
    for name, dtype in FINDINGS_SCHEMA.items():
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=dtype).alias(name))
    return frame.select(pl.col(n).cast(t) for n, t in FINDINGS_SCHEMA.items())


def _row_numbers(data: pl.DataFrame) -> pl.Series:
    """The source row numbers of a checked frame.

    ``source_row`` when the input had a ``row`` column of its own that is not an integer,
    else ``row``, else the 1-based position.
    """
    if "source_row" in data.columns and not data.schema.get("row", pl.String).is_integer():
        return data["source_row"].cast(pl.Int64)
    if "row" in data.columns and data.schema["row"].is_integer():
        return data["row"].cast(pl.Int64)
    return pl.int_range(1, data.height + 1, eager=True, dtype=pl.Int64)


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
            "row": _row_numbers(data),
            "nik": mask_column(_text_column(data, columns.get("nik")), "nik", unmasked=unmasked),
            "no_kk": mask_column(_text_column(data, columns.get("no_kk")), "kk", unmasked=unmasked),
            "kode_wilayah": _region_column(data, columns.get("kode_wilayah")),
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
    return _finish(out)


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
                    "nik": mask_column(_text_column(feats, "nik"), "nik", unmasked=unmasked),
                    "no_kk": mask_column(_text_column(feats, "no_kk"), "kk", unmasked=unmasked),
                    "kode_wilayah": _text_column(feats, "village"),
                    "code": f"match_unmatched_{side}",
                    "severity": level,
                    "message": message,
                }
            )
        )
    return _finish(pl.concat(parts)) if parts else empty_findings()


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
            "nik": mask_column(_text_column(frame, "nik"), "nik", unmasked=unmasked),
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
        pl.lit(f"{program}_undetermined").alias("code"),
        pl.lit("warning").alias("severity"),
        pl.Series("message", message, dtype=pl.String),
    )
    return _finish(out)


_DIGITS16 = r"(\d{6})\d{10}"


def _scrub(column: pl.Series, *, unmasked: bool) -> pl.Series:
    """Mask any 16-digit run in a text (evidence written with ``unmask=True``)."""
    return column if unmasked else column.str.replace_all(_DIGITS16, "${1}**********")


def _remask(column: pl.Series, kind: str, *, unmasked: bool) -> pl.Series:
    """Mask identifiers that are not masked yet (``find_overlaps(..., unmask=True)``)."""
    if unmasked:
        return column
    masked = mask_column(column, kind, unmasked=False)
    return pl.select(
        pl.when(column.str.contains(r"\*", literal=False)).then(column).otherwise(masked)
    ).to_series()


def overlap_findings(
    frame: pl.DataFrame,
    *,
    frames: Mapping[str, pl.DataFrame],
    lang: Lang,
    unmasked: bool,
) -> pl.DataFrame:
    """One row per overlap: the first row (``roll_a``/``row_a``) as source and row.

    ``message`` is the overlap's evidence, ``detail`` the other roll and its source row
    (when there is one) and the suggested action. Identifiers are masked by
    ``find_overlaps`` by default; any left unmasked are masked here unless *unmasked*.
    """
    if frame.height == 0:
        return empty_findings()
    word = say("row", lang).lower()
    parts: list[pl.DataFrame] = []
    data = frame.with_row_index("__order")
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
            "; ".join(x for x in (f"{b} {word} {r}" if b is not None else None, act) if x) or None
            for b, r, act in zip(
                group["roll_b"].to_list(),
                other.to_list(),
                _text_column(group, "action").to_list(),
                strict=True,
            )
        ]
        parts.append(
            pl.DataFrame(
                {
                    "__order": group["__order"],
                    "check": "overlap",
                    "source": group["roll_a"].cast(pl.String),
                    "row": source_rows(frames.get(str(roll_a)), group["row_a"]),
                    "nik": _remask(_text_column(group, "nik_a"), "nik", unmasked=unmasked),
                    "no_kk": _remask(_text_column(group, "kk_a"), "kk", unmasked=unmasked),
                    "kode_wilayah": _text_column(group, "region_a"),
                    "code": group["kind"].cast(pl.String),
                    "severity": group["severity"].cast(pl.String),
                    "message": _scrub(_text_column(group, "evidence"), unmasked=unmasked),
                    "detail": _scrub(pl.Series(detail, dtype=pl.String), unmasked=unmasked),
                }
            )
        )
    return _finish(pl.concat(parts).sort("__order"))


def manifest_findings(manifest: Manifest, *, lang: Lang, unmasked: bool = False) -> pl.DataFrame:
    """The manifest's notes as findings (check ``input``; no row: each is about a whole input).

    A note that lists rows (blank or footer rows, KK numbers that cannot be joined) names
    them in its message; the rows that are not records are also findings of the table
    check when it ran.
    """
    if not manifest.notes:
        return empty_findings()
    return _finish(
        pl.DataFrame(
            {
                "check": ["input"] * len(manifest.notes),
                "source": [n.source for n in manifest.notes],
                "code": [n.code for n in manifest.notes],
                "severity": [n.severity.value for n in manifest.notes],
                # A header may be a data row of a file without one: mask long digit runs.
                "message": [_mask_runs(n.message(lang), unmasked=unmasked) for n in manifest.notes],
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
