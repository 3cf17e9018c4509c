"""``match``: link the person records of two sources (NIK, KK, name, birth date)."""

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
from bansos_validate.report import Report

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping
    from pathlib import Path

__all__ = ["MatchRequest", "names", "run"]


@attrs.frozen(slots=True, kw_only=True)
class MatchRequest(ReportOptions):
    """What to link.

    Attributes:
        left: the roster (e.g. a DTSEN extract): a path, a URL or a frame.
        right: the other source (e.g. Dukcapil).
        left_name: the name of *left* in the report (default: from the source).
        right_name: the name of *right* in the report (default: from the source).
        threshold: the match probability a probabilistic pair needs; ``None``:
            :data:`bansos_validate.matching.DEFAULT_THRESHOLD`.
        header_row: the spreadsheet row of the headers (default: found).
        columns: ``{canonical: actual}`` column names given by the user.
        reference_date: the report's reference date (default: today).
        out: the report folder to write (``None``: write nothing).
    """

    left: Source
    right: Source
    left_name: str | None = None
    right_name: str | None = None
    threshold: float | None = None
    header_row: int | None = None
    columns: Mapping[str, str] | None = None
    reference_date: dt.date | None = None
    out: Path | None = None


def names(request: MatchRequest) -> tuple[str, str]:
    """The names of the two sources; the same name twice becomes ``NAME (1)``, ``NAME (2)``."""
    left = request.left_name or source_file_name(request.left)
    right = request.right_name or source_file_name(request.right)
    if right == left:
        left, right = f"{left} (1)", f"{right} (2)"
    return left, right


def run(request: MatchRequest, progress: Progress | None = None) -> Outcome:
    """Read both sources, link them, build the report and write it when asked.

    Steps: read left, read right, match, write.
    """
    recorder = Recorder(progress)
    columns = dict(request.columns) if request.columns is not None else None
    recorder.start(4)
    left_name, right_name = names(request)
    header_row = request.header_row
    left_frame, left_file = read_source(request.left, left_name, recorder, header_row=header_row)
    right_frame, right_file = read_source(
        request.right, right_name, recorder, header_row=header_row
    )
    recorder.step("step_match", name=right_name)
    threshold = request.threshold
    if threshold is None:
        threshold = bv.matching.DEFAULT_THRESHOLD
    result = bv.match_records(left_frame, right_frame, columns=columns, threshold=threshold)
    report = Report(
        reference_date=reference_date(request.reference_date),
        match=result,
        match_names=(left_name, right_name),
        frames={left_name: left_frame, right_name: right_frame},
        inputs=(left_file, right_file),
        command=request.command,
        generated_at=generated(request.generated_at),
    )
    files = write_report(
        report, request.out, recorder, lang=request.lang, unmasked=request.unmasked
    )
    return finish(report, files, request, recorder)
