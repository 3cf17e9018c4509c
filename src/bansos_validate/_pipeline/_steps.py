"""The steps every report-producing job takes: read an input, write the folder, finish.

Imported by the job modules only (it loads Polars and the report package).
"""

from __future__ import annotations

import datetime as dt
import warnings
from typing import TYPE_CHECKING, Any

import polars as pl

import bansos_validate as bv
from bansos_validate._pipeline._common import Outcome, fails
from bansos_validate.io import SpreadsheetLimitWarning
from bansos_validate.report import InputFile, Report, generated_now

if TYPE_CHECKING:
    from pathlib import Path

    from bansos_validate._pipeline._common import Recorder, ReportOptions, Source
    from bansos_validate.issues import Lang

__all__ = ["IN_MEMORY", "finish", "generated", "read_source", "write_report"]

IN_MEMORY = "(in memory)"
"""The location the provenance gives a frame passed in memory."""


def generated(value: dt.datetime | None) -> dt.datetime:
    """The report's time stamp: *value* (a naive time is UTC), else the library's default."""
    if value is None:
        return generated_now()
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def read_source(
    source: Source, name: str, progress: Recorder, **options: Any
) -> tuple[pl.DataFrame, InputFile]:
    """Read *source* (one progress step) and describe it for the provenance.

    *options* go to :func:`bansos_validate.io.read`; those that are ``None`` are left
    out (``sheet`` excepted). A frame is taken as it is.
    """
    progress.step("step_read", name=name)
    if isinstance(source, pl.DataFrame):
        return source, InputFile(name, IN_MEMORY, rows=source.height)
    options = {k: v for k, v in options.items() if v is not None or k == "sheet"}
    frame = bv.io.read(source, **options)
    return frame, InputFile.from_source(source, name=name, rows=frame.height)


def write_report(
    report: Report, out: Path | None, progress: Recorder, *, lang: Lang, unmasked: bool
) -> dict[str, Path]:
    """Write the report folder into *out*, when given (the last progress step).

    A :class:`~bansos_validate.io.SpreadsheetLimitWarning` becomes a
    ``spreadsheet_split`` :class:`Note`; any other warning is passed on as it is.
    """
    progress.step("step_report")
    if out is None:
        return {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SpreadsheetLimitWarning)
        files = dict(report.write(out, lang=lang, unmasked=unmasked))
    for warning in caught:
        if issubclass(warning.category, SpreadsheetLimitWarning):
            progress.note("spreadsheet_split", note=str(warning.message))
        else:
            progress.warning(warning)
    return files


def finish(
    report: Report, files: dict[str, Path], options: ReportOptions, progress: Recorder
) -> Outcome:
    """The :class:`Outcome` of a run: the summary, the files and the fail decision."""
    summary = report.summary(options.lang)
    return Outcome(
        report=report,
        summary=summary,
        files=files,
        failed=fails(summary["findings"], options.fail_on),
        notes=tuple(progress.notes),
        warnings=tuple(progress.warnings),
    )
