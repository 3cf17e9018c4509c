"""``overlap``: overlaps between program rolls, with the lists of deaths, employees, families."""

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
)
from bansos_validate._pipeline._steps import finish, generated, read_source, write_report
from bansos_validate.report import Report

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping
    from pathlib import Path

    import polars as pl

    from bansos_validate.report import InputFile

__all__ = ["OverlapRequest", "run"]


@attrs.frozen(slots=True, kw_only=True)
class OverlapRequest(ReportOptions):
    """What to compare.

    Attributes:
        rolls: ``{name: source}`` of the program rolls, two or more, in order.
        policy: a bundled policy id or a policy file (default: the library's).
        deaths: the list of deceased persons (``nik``, ``tanggal_meninggal``).
        employees: the persons with a ``pekerjaan`` (ASN/TNI/POLRI/BUMN...).
        persons: a roster (``nik``, ``no_kk``): which family each NIK is in.
        key: the shared secret key, to compare with pseudonymised rolls.
        fuzzy: look for one person under two NIKs (record matching).
        reference_date: the reference date (default: the library's).
        header_row: the spreadsheet row of the headers (default: found).
        columns: ``{canonical: actual}`` column names given by the user.
        out: the report folder to write (``None``: write nothing).
    """

    rolls: Mapping[str, Source]
    policy: str | None = None
    deaths: Source | None = None
    employees: Source | None = None
    persons: Source | None = None
    key: bytes | None = attrs.field(default=None, repr=False)
    fuzzy: bool = True
    reference_date: dt.date | None = None
    header_row: int | None = None
    columns: Mapping[str, str] | None = None
    out: Path | None = None

    def lists(self) -> dict[str, Source]:
        """The reference lists given (``deaths``, ``employees``, ``persons``), in that order."""
        given = {"deaths": self.deaths, "employees": self.employees, "persons": self.persons}
        return {name: source for name, source in given.items() if source is not None}


def run(request: OverlapRequest, progress: Progress | None = None) -> Outcome:
    """Read every roll and list, find the overlaps, build the report and write it when asked.

    Steps: one read per roll and per list, overlaps, write.
    """
    recorder = Recorder(progress)
    columns = dict(request.columns) if request.columns is not None else None
    given = request.lists()
    recorder.start(len(request.rolls) + len(given) + 2)
    frames: dict[str, pl.DataFrame] = {}
    inputs: list[InputFile] = []
    for name, source in [*request.rolls.items(), *given.items()]:
        frame, source_file = read_source(source, name, recorder, header_row=request.header_row)
        frames[name] = frame
        inputs.append(source_file)
    recorder.step("step_overlap")
    result = bv.find_overlaps(
        {name: frames[name] for name in request.rolls},
        policy=request.policy,
        deaths=frames.get("deaths"),
        key=request.key,
        employees=frames.get("employees"),
        persons=frames.get("persons"),
        reference_date=request.reference_date,
        columns=columns,
        fuzzy=request.fuzzy,
        lang=request.lang,
        unmasked=request.unmasked,
    )
    report = Report(
        reference_date=result.reference_date,
        overlaps=result,
        frames=frames,
        inputs=tuple(inputs),
        command=request.command,
        generated_at=generated(request.generated_at),
    )
    files = write_report(
        report, request.out, recorder, lang=request.lang, unmasked=request.unmasked
    )
    return finish(report, files, request, recorder)
