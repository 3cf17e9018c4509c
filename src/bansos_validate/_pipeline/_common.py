"""What every job shares: the request options, the progress protocol, the outcome.

A job reports what it does through a :class:`Progress` (message ids and their fields,
never text), so the command line can draw a progress bar and an HTTP service can log or
ignore it; nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeAlias

import attrs

from bansos_validate.io._url import scheme_of, split_table

if TYPE_CHECKING:
    from collections.abc import Mapping
    from warnings import WarningMessage

    import polars as pl

    from bansos_validate.issues import Lang
    from bansos_validate.report import Report

__all__ = [
    "FailOn",
    "Note",
    "NullProgress",
    "Outcome",
    "Progress",
    "Recorder",
    "ReportOptions",
    "RequestError",
    "Source",
    "fails",
    "reference_date",
    "source_file_name",
]

FailOn: TypeAlias = Literal["error", "warning", "never"]
"""The least severe finding that makes a run fail (``never``: no finding does)."""

Source: TypeAlias = "str | os.PathLike[str] | pl.DataFrame"
"""An input: a file path, a ``postgresql://`` URL, or a frame already in memory."""

_RANK = {"info": 0, "warning": 1, "error": 2}


class RequestError(Exception):
    """A problem with what was asked for, named by a message id and its fields.

    The command line words it (``bansos_validate.cli._text``) and exits with 2; the
    message ids are those of the command line's messages (``need_program``,
    ``assume_unused``, ``key_short``, ``key_exists``, ``region_malformed``).

    Attributes:
        key: the message id.
        values: the fields the message is filled with.
    """

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values: dict[str, object] = values


@attrs.frozen(slots=True)
class Note:
    """Something a run wants the user to know, as a message id and its fields.

    ``spreadsheet_split`` (field ``note``): an XLSX file exceeds one Excel sheet;
    ``demo_skipped_roll`` (field ``name``): an empty program roll was left out.
    """

    key: str
    values: Mapping[str, object] = attrs.field(factory=dict)


class Progress(Protocol):
    """What a job tells its caller while it runs (message ids, not text)."""

    def start(self, total: int) -> None:
        """The job begins and will take *total* steps."""

    def step(self, key: str, /, **values: object) -> None:
        """The next step begins: message id *key* (``step_read``...) with *values*."""

    def skip(self) -> None:
        """One planned step turned out not to apply."""

    def note(self, key: str, /, **values: object) -> None:
        """A :class:`Note` for the user, as it happens."""

    def warning(self, caught: WarningMessage) -> None:
        """A Python warning raised while writing the report (other than a sheet limit)."""


class NullProgress:
    """A :class:`Progress` that ignores everything (the default)."""

    def start(self, total: int) -> None:
        """Ignore the plan."""

    def step(self, key: str, /, **values: object) -> None:
        """Ignore the step."""

    def skip(self) -> None:
        """Ignore the skipped step."""

    def note(self, key: str, /, **values: object) -> None:
        """Ignore the note (it is in the outcome anyway)."""

    def warning(self, caught: WarningMessage) -> None:
        """Ignore the warning (it is in the outcome anyway)."""


class Recorder:
    """Pass progress on to the caller and keep the notes and warnings for the outcome."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress: Progress = progress if progress is not None else NullProgress()
        self.notes: list[Note] = []
        self.warnings: list[WarningMessage] = []

    def start(self, total: int) -> None:
        """See :meth:`Progress.start`."""
        self.progress.start(total)

    def step(self, key: str, /, **values: object) -> None:
        """See :meth:`Progress.step`."""
        self.progress.step(key, **values)

    def skip(self) -> None:
        """See :meth:`Progress.skip`."""
        self.progress.skip()

    def note(self, key: str, /, **values: object) -> None:
        """Keep a :class:`Note` and pass it on."""
        self.notes.append(Note(key, dict(values)))
        self.progress.note(key, **values)

    def warning(self, caught: WarningMessage) -> None:
        """Keep a warning and pass it on."""
        self.warnings.append(caught)
        self.progress.warning(caught)


@attrs.frozen(slots=True, kw_only=True)
class ReportOptions:
    """The options every job that writes a report shares.

    Attributes:
        lang: the language of the report and its findings.
        unmasked: write NIK and KK unmasked into the report files (personal data).
        fail_on: the least severe finding that makes :attr:`Outcome.failed` true.
        command: the command line recorded in the provenance.
        generated_at: the report's time stamp (a naive time is UTC); ``None``: the
            library's default (``SOURCE_DATE_EPOCH`` when set, else now).
    """

    lang: Lang = "id"
    unmasked: bool = False
    fail_on: FailOn = "error"
    command: str | None = None
    generated_at: dt.datetime | None = None


@attrs.frozen(slots=True, kw_only=True)
class Outcome:
    """What a report-producing job returns: everything a caller prints or sends back.

    Attributes:
        report: the report (its findings come from :meth:`Report.findings`).
        summary: :meth:`Report.summary` in the request's language.
        files: the files written, by kind (``html``, ``xlsx``..., ``inputs`` for the
            demo's data folder); empty when no output folder was given.
        failed: a finding is at or above the request's ``fail_on``.
        notes: the :class:`Note` objects of the run, in order.
        warnings: the Python warnings raised while writing, other than sheet limits.
    """

    report: Report
    summary: dict[str, Any]
    files: dict[str, Path]
    failed: bool
    notes: tuple[Note, ...] = ()
    warnings: tuple[WarningMessage, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        """The findings per severity (``error``, ``warning``, ``info``)."""
        counts: dict[str, int] = self.summary["findings"]
        return counts


def fails(counts: Mapping[str, int], fail_on: FailOn) -> bool:
    """Whether a finding is at or above *fail_on*.

    >>> fails({"error": 0, "warning": 2, "info": 5}, "error")
    False
    >>> fails({"error": 0, "warning": 2, "info": 5}, "warning")
    True
    """
    if fail_on == "never":
        return False
    floor = _RANK[fail_on]
    return any(n > 0 and _RANK[s] >= floor for s, n in counts.items() if s in _RANK)


def reference_date(value: dt.date | None) -> dt.date:
    """*value*, else today (the local date)."""
    return value if value is not None else dt.date.today()  # noqa: DTZ011 - local date


def source_file_name(source: Source) -> str:
    """The name a source goes by in the report: the file stem, or the URL's table.

    A frame in memory is called ``data``.
    """
    if not isinstance(source, str | os.PathLike):
        return "data"
    text = os.fspath(source)
    if scheme_of(text) is not None:
        return split_table(text)[1] or "database"
    return Path(text).stem or text
