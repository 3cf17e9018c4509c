"""Write a report folder: the HTML report, the findings and the summary."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import polars as pl

from bansos_validate._present._frames import mask_column, polars
from bansos_validate.errors import InvalidArgument
from bansos_validate.io import WriteError
from bansos_validate.io import write as write_frame

if TYPE_CHECKING:
    from pathlib import Path

    from bansos_validate.issues import Lang
    from bansos_validate.report._view import ReportView as Report

__all__ = ["FILES", "FORMATS", "write_folder"]

FORMATS = ("html", "xlsx", "csv", "parquet", "json")
"""The kinds of file a report folder can hold."""

FILES = {
    "html": "laporan.html",
    "xlsx": "temuan.xlsx",
    "csv": "temuan.csv",
    "parquet": "temuan.parquet",
    "json": "ringkasan.json",
}
"""The file name written for each kind (eligibility tables: ``kelayakan.<suffix>``)."""


def eligibility_table(report: Report, *, unmasked: bool) -> pl.DataFrame:
    """The decisions of every program in one table, identifiers masked unless *unmasked*."""
    parts = []
    for decisions in report.decisions:
        frame = polars(decisions.frame)
        keep = [
            c
            for c in ("no_kk", "nik", "program", "status", "amount", "reasons", "ruleset_version")
            if c in frame.columns
        ]
        frame = frame.select(keep).with_columns(
            mask_column(frame["no_kk"], "kk", unmasked=unmasked).alias("no_kk")
        )
        if "nik" in frame.columns:
            frame = frame.with_columns(
                mask_column(frame["nik"], "nik", unmasked=unmasked).alias("nik")
            )
        parts.append(frame)
    return pl.concat(parts, how="diagonal_relaxed")


def write_folder(
    report: Report, folder: Path, *, lang: Lang, unmasked: bool, formats: tuple[str, ...]
) -> dict[str, Path]:
    """Write the files of *formats* into *folder* (created when missing)."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise InvalidArgument(
            f"Expected formats among {', '.join(FORMATS)} but got {', '.join(map(repr, unknown))}"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        why = getattr(exc, "strerror", None) or exc
        raise WriteError(
            f"{folder}: cannot create the report folder ({why})", path=str(folder)
        ) from None
    written: dict[str, Path] = {}
    findings = report.findings(lang, unmasked=unmasked)
    decisions = eligibility_table(report, unmasked=unmasked) if report.decisions else None
    for kind in formats:
        target = folder / FILES[kind]
        if kind == "html":
            _write_text(target, report.to_html(lang, unmasked=unmasked))
        elif kind == "json":
            text = json.dumps(report.summary(lang), ensure_ascii=False, indent=2)
            _write_text(target, text + "\n")
        else:
            stamp = report.generated_at  # the report's time, so the same run gives the same bytes
            write_frame(findings, target, generated_at=stamp)
            if decisions is not None:
                written[f"eligibility_{kind}"] = write_frame(
                    decisions,
                    folder / f"kelayakan.{'xlsx' if kind == 'xlsx' else kind}",
                    generated_at=stamp,
                )
        written[kind] = target
    return written


def _write_text(target: Path, text: str) -> None:
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise WriteError(
            f"{target}: cannot write ({exc.strerror or exc})", path=str(target)
        ) from None
