"""The jobs behind the commands: read, compute, report, write (internal, not public API yet).

One module per job (:mod:`.check`, :mod:`.match`, :mod:`.eligibility`, :mod:`.overlap`,
:mod:`.demo`, :mod:`.synth`, :mod:`.regions`, :mod:`.rules_test`, :mod:`.key`). A job
takes a request object (typed inputs: sources, column mapping, reference date,
language, output folder...) and returns an outcome holding everything a caller shows
(summary, report, written files, the fail decision, notes). The decisions of a run
(which checks run given the columns present, which lists are read, what is written
where) live here, so the command line, the Python API and an HTTP service share them.

A job never prints: it reports its steps and notes to an optional :class:`Progress` as
message ids (the command line's ``bansos_validate.cli._text`` words them) and raises
:class:`RequestError` for a request it refuses. Nothing here imports the command line,
typer or rich.
"""

from __future__ import annotations

from bansos_validate._pipeline._common import (
    FailOn,
    Note,
    NullProgress,
    Outcome,
    Progress,
    ReportOptions,
    RequestError,
    Source,
    fails,
    source_file_name,
)

__all__ = [
    "FailOn",
    "Note",
    "NullProgress",
    "Outcome",
    "Progress",
    "ReportOptions",
    "RequestError",
    "Source",
    "fails",
    "source_file_name",
]
