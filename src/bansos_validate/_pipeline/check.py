"""``check``: the NIK/KK of one file, and its household rosters when it has the columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

import bansos_validate as bv
from bansos_validate._pipeline._common import (
    Outcome,
    Progress,
    Recorder,
    ReportOptions,
    Source,
    reference_date,
    source_file_name,
)
from bansos_validate._pipeline._steps import finish, generated, read_source, write_report
from bansos_validate.household import check_households
from bansos_validate.report import Report
from bansos_validate.schema import map_columns

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping
    from pathlib import Path

__all__ = ["HOUSEHOLD_COLUMNS", "CheckRequest", "run"]

HOUSEHOLD_COLUMNS = ("no_kk", "hubungan_keluarga")
"""The columns a file needs for its household rosters to be checked (KK and SHDK)."""


@attrs.frozen(slots=True, kw_only=True)
class CheckRequest(ReportOptions):
    """What to check.

    Attributes:
        source: a CSV/XLSX/Parquet path, a ``postgresql://`` URL or a frame.
        name: the name the source goes by in the report (default: from the source).
        sheet: the workbook sheet (``.xlsx``).
        table: the database table (a ``postgresql://`` URL).
        header_row: the spreadsheet row of the header (default: found).
        columns: ``{canonical: actual}`` column names given by the user.
        reference_date: the date for centuries and ages (default: today).
        households: also check the household rosters when the KK and SHDK columns exist.
        out: the report folder to write (``None``: write nothing).
    """

    source: Source
    name: str | None = None
    sheet: str | None = None
    table: str | None = None
    header_row: int | None = None
    columns: Mapping[str, str] | None = None
    reference_date: dt.date | None = None
    households: bool = True
    out: Path | None = None


def run(request: CheckRequest, progress: Progress | None = None) -> Outcome:
    """Read the source, check it, build the report and write it when asked.

    Steps: read, check NIK/KK, households (skipped without the KK and SHDK columns, or
    when not asked for), write.
    """
    recorder = Recorder(progress)
    columns = dict(request.columns) if request.columns is not None else None
    ref = reference_date(request.reference_date)
    recorder.start(4 if request.households else 3)
    options: dict[str, object] = {"sheet": request.sheet, "header_row": request.header_row}
    if request.table is not None:
        options["table"] = request.table
    name = request.name or source_file_name(request.source)
    frame, source_file = read_source(request.source, name, recorder, **options)
    recorder.step("step_table")
    result = bv.check_table(frame, reference_date=ref, columns=columns)
    household_result = None
    found = map_columns(frame.columns, columns, wanted=HOUSEHOLD_COLUMNS, what="the file").columns
    if request.households and set(HOUSEHOLD_COLUMNS) <= set(found):
        recorder.step("step_households")
        household_result = check_households(frame, reference_date=ref, columns=columns)
    elif request.households:
        recorder.skip()
    report = Report(
        reference_date=ref,
        table=result,
        households=household_result,
        frames={source_file.name: frame},
        table_source=source_file.name,
        inputs=(source_file,),
        command=request.command,
        generated_at=generated(request.generated_at),
    )
    files = write_report(
        report, request.out, recorder, lang=request.lang, unmasked=request.unmasked
    )
    return finish(report, files, request, recorder)
