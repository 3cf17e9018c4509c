"""Plumbing shared by the commands: errors to exit codes, progress, printing summaries."""

from __future__ import annotations

import contextlib
import enum
import json
import os
import sys
import traceback
import warnings
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, Self

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from bansos_validate._pipeline import RequestError, fails
from bansos_validate.cli._codes import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE
from bansos_validate.cli._text import MESSAGES, say
from bansos_validate.errors import BansosValidateError
from bansos_validate.privacy import mask_text

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from types import TracebackType
    from warnings import WarningMessage

    from bansos_validate._pipeline import FailOn as FailLevel
    from bansos_validate._pipeline import Outcome
    from bansos_validate._pipeline.regions import RegionOutcome
    from bansos_validate._pipeline.rules_test import RulesTestOutcome
    from bansos_validate._pipeline.synth import SynthOutcome
    from bansos_validate.issues import Lang

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_USAGE",
    "FailOn",
    "LangChoice",
    "PipelineSteps",
    "ReportRequest",
    "Steps",
    "UserError",
    "exit_code",
    "fmt",
    "guard",
    "out_console",
    "print_json",
    "print_outcome",
    "print_region",
    "print_rules_test",
    "print_summary",
    "print_synth",
]


class LangChoice(enum.StrEnum):
    """``--lang``: the language of the output."""

    ID = "id"
    EN = "en"


class FailOn(enum.StrEnum):
    """``--fail-on``: the least severe finding that makes the exit code 1."""

    ERROR = "error"
    WARNING = "warning"
    NEVER = "never"


class UserError(Exception):
    """A problem with what the user asked for, already worded for them (exit code 2)."""


def out_console() -> Console:
    """The console for results (standard output)."""
    return Console(highlight=False, soft_wrap=False)


def err_console() -> Console:
    """The console for progress and errors (standard error)."""
    return Console(stderr=True, highlight=False)


def fmt(value: float, lang: Lang, digits: int = 0) -> str:
    """A number with the separators of *lang* (``17.910`` / ``17,910``)."""
    from bansos_validate._present._text import number

    return number(value, lang, digits)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


@contextlib.contextmanager
def guard(lang: Lang) -> Iterator[None]:
    """Turn user errors into one line on standard error and exit code 2.

    The library's typed errors (missing file, bad column, bad rule file...),
    :class:`UserError` and the pipeline's ``RequestError`` (worded here from its message
    id) print ``galat: <message>`` (``error:`` in English) and exit with
    :data:`EXIT_USAGE`; anything else is a bug: one line and :data:`EXIT_INTERNAL`,
    with the traceback only when ``BANSOS_VALIDATE_DEBUG=1`` (a traceback may quote data).
    """
    try:
        yield
    except (typer.Exit, typer.Abort):
        raise
    except (BansosValidateError, UserError, RequestError) as exc:
        if isinstance(exc, RequestError):
            text = _one_line(UserError(say(exc.key, lang, **exc.values)))
        else:
            localized = getattr(exc, "message_id", None) if lang == "id" else None
            text = " ".join(str(localized).split()) if localized else _one_line(exc)
        text = mask_text(text)  # a UserError may quote what the user typed
        err_console().print(f"{say('error', lang)}: {text}", markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None
    except OSError as exc:
        message = f"{exc.filename}: {exc.strerror}" if exc.filename else _one_line(exc)
        message = mask_text(message)
        err_console().print(f"{say('error', lang)}: {message}", markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None
    except Exception as exc:  # noqa: BLE001 - a bug: one line, not a traceback quoting data
        if os.environ.get("BANSOS_VALIDATE_DEBUG") == "1":
            traceback.print_exc()
        err_console().print(
            say("internal", lang, kind=type(exc).__name__), markup=False, soft_wrap=True
        )
        raise typer.Exit(EXIT_INTERNAL) from None


def exit_code(counts: dict[str, int], fail_on: FailOn) -> int:
    """:data:`EXIT_FINDINGS` when a finding is at or above *fail_on*, else :data:`EXIT_OK`.

    >>> exit_code({"error": 0, "warning": 2, "info": 5}, FailOn.ERROR)
    0
    >>> exit_code({"error": 0, "warning": 2, "info": 5}, FailOn.WARNING)
    1
    """
    return EXIT_FINDINGS if fails(counts, fail_on.value) else EXIT_OK


class Steps:
    """Progress over the steps of a command.

    On a terminal: a rich progress bar (spinner, step text, bar, elapsed time) on standard
    error. Elsewhere (CI logs, pipes): one plain line per step, ``[2/5] Checking NIK and
    KK``, on standard error, so standard output stays clean for ``--json``.
    """

    def __init__(self, total: int, *, console: Console | None = None) -> None:
        self.total = total
        self.done = 0
        self.console = console if console is not None else err_console()
        self._progress: Progress | None = None
        self._task: Any = None

    def __enter__(self) -> Self:
        if self.console.is_terminal:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("", total=self.total)
        return self

    def step(self, text: str) -> None:
        """Start the next step (the previous one is done)."""
        self.done += 1
        if self._progress is not None:
            self._progress.update(self._task, completed=self.done - 1, description=text)
        else:
            self.console.print(f"[{self.done}/{self.total}] {text}", markup=False)

    def skip(self) -> None:
        """Drop one planned step that turned out not to apply."""
        self.total -= 1
        if self._progress is not None:
            self._progress.update(self._task, total=self.total)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.update(self._task, completed=self.total)
            self._progress.stop()


class PipelineSteps:
    """A pipeline job's progress (``bansos_validate._pipeline.Progress``) shown as :class:`Steps`.

    The job's message ids are worded in *lang*; :class:`Steps` starts when the job
    announces its plan and stops when the ``with`` block ends. Notes go to standard
    error as they happen; other warnings are shown as Python shows them.
    """

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self._steps: Steps | None = None

    def __enter__(self) -> Self:
        return self

    def start(self, total: int) -> None:
        """Show the progress of *total* steps."""
        self._open(total)

    def _open(self, total: int) -> Steps:
        self._steps = Steps(total)
        self._steps.__enter__()
        return self._steps

    def _started(self) -> Steps:
        """The steps shown (a job that announced no plan counts from zero)."""
        return self._steps if self._steps is not None else self._open(0)

    def step(self, key: str, /, **values: object) -> None:
        """Show the next step."""
        self._started().step(say(key, self.lang, **values))

    def skip(self) -> None:
        """Drop a planned step."""
        self._started().skip()

    def note(self, key: str, /, **values: object) -> None:
        """Print a note on standard error."""
        text = say(key, self.lang, **values)
        if key == "spreadsheet_split":
            err_console().print(text, style="yellow", markup=False, soft_wrap=True)
        else:
            self._started().console.print(text, markup=False)

    def warning(self, caught: WarningMessage) -> None:
        """Show a Python warning the job caught."""
        warnings.showwarning(caught.message, caught.category, caught.filename, caught.lineno)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._steps is not None:
            self._steps.__exit__(kind, value, tb)


def print_json(document: dict[str, Any]) -> None:
    """Write *document* as JSON to standard output."""
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")


def _codes_table(codes: list[dict[str, Any]], lang: Lang, limit: int, width: int) -> Table:
    from bansos_validate._present._text import say as say_report
    from bansos_validate.issues import CATALOGUE

    table = Table(title=say("top_codes", lang), title_justify="left", box=None, show_header=False)
    shown = codes[:limit]
    longest = max((len(item["code"]) for item in shown), default=4)
    table.add_column(justify="right", no_wrap=True, min_width=6)
    table.add_column(no_wrap=True, min_width=10)
    table.add_column(no_wrap=True, min_width=longest)
    rest = max(20, width - (6 + 10 + longest) - 8)
    table.add_column(overflow="ellipsis", no_wrap=True, max_width=rest)
    for item in shown:
        code = item["code"]
        text = CATALOGUE[code].text(lang) if code in CATALOGUE else ""
        severity = say_report(item["severity"], lang).lower()
        table.add_row(fmt(item["count"], lang), severity, code, text)
    return table


def print_summary(
    console: Console,
    summary: dict[str, Any],
    lang: Lang,
    *,
    files: dict[str, Path] | None = None,
    top: int = 6,
) -> None:
    """Print a report summary (:meth:`bansos_validate.report.Report.summary`) on one screen."""
    persons = summary.get("persons")
    if persons is not None:
        status = persons["status"]
        rows = persons["rows"] or 1
        share = fmt(status["valid"] / rows * 100, lang, 1)
        line = " · ".join(
            f"{name} {fmt(status[name], lang)}" for name in ("warning", "invalid", "excel_damaged")
        )
        console.print(
            f"[bold]{say('status', lang)}[/bold] ({fmt(persons['rows'], lang)}): "
            f"valid {fmt(status['valid'], lang)} ({share} %) · {line}"
        )
        console.print(_codes_table(persons["codes"], lang, top, console.width))
    households = summary.get("households")
    if households is not None:
        status = households["status"]
        console.print(
            f"[bold]{say('households', lang)}[/bold]: "
            + say(
                "households_line",
                lang,
                households=fmt(households["households"], lang),
                valid=fmt(status["valid"], lang),
                warning=fmt(status["warning"], lang),
                invalid=fmt(status["invalid"], lang),
            )
        )
    matching = summary.get("matching")
    if matching is not None:
        left, right = matching["left"], matching["right"]
        console.print(
            f"[bold]{say('matching', lang)}[/bold]: "
            + say(
                "match_line",
                lang,
                pairs=fmt(matching["pairs"], lang),
                left_matched=fmt(left["matched"], lang),
                left_rows=fmt(left["rows"], lang),
                left=left["name"],
                rate=fmt(matching["match_rate_left"] * 100, lang, 1) + " %",
                right_unmatched=fmt(right["rows"] - right["matched"], lang),
                right=right["name"],
            )
        )
    eligibility = summary.get("eligibility")
    if eligibility:
        table = Table(title=say("eligibility", lang), title_justify="left", box=None)
        for head in ("program", "eligible", "not_eligible", "undetermined", "amount"):
            table.add_column(say(head, lang), justify="left" if head == "program" else "right")
        for item in eligibility:
            table.add_row(
                item["program"].upper(),
                fmt(item["eligible"], lang),
                fmt(item["not_eligible"], lang),
                fmt(item["undetermined"], lang),
                fmt(item["amount"], lang),
            )
        console.print(table)
    overlaps = summary.get("overlaps")
    if overlaps is not None:
        kinds = ", ".join(f"{k} {fmt(n, lang)}" for k, n in overlaps["by_kind"].items()) or "-"
        console.print(
            f"[bold]{say('overlaps', lang)}[/bold]: "
            + say("overlaps_line", lang, total=fmt(overlaps["total"], lang), kinds=kinds),
        )
    counts = summary["findings"]
    console.print(
        say(
            "findings_line",
            lang,
            error=fmt(counts["error"], lang),
            warning=fmt(counts["warning"], lang),
            info=fmt(counts["info"], lang),
        )
    )
    if files:
        console.print(f"[bold]{say('where', lang)}[/bold]:")
        for kind, path in files.items():
            if kind.startswith("eligibility_"):
                continue
            key = f"where_{kind}"
            note = say(key, lang) if key in MESSAGES else ""
            console.print(f"  {path}  [dim]{note}[/dim]", soft_wrap=True)
        tables = [str(p.name) for k, p in files.items() if k.startswith("eligibility_")]
        if tables:
            folder = next(p.parent for k, p in files.items() if k.startswith("eligibility_"))
            console.print(
                f"  {folder}/{{{','.join(tables)}}}  [dim]{say('where_eligibility', lang)}[/dim]",
                soft_wrap=True,
            )


class ReportRequest(Protocol):
    """What :func:`print_outcome` reads from a pipeline request (a report-writing job's)."""

    @property
    def lang(self) -> Lang:
        """The output language."""

    @property
    def unmasked(self) -> bool:
        """Whether NIK and KK are written unmasked."""

    @property
    def fail_on(self) -> FailLevel:
        """The least severe finding that fails the run."""

    @property
    def out(self) -> Path | None:
        """The report folder, when one was asked for."""


def print_outcome(
    outcome: Outcome,
    request: ReportRequest,
    *,
    name: str,
    json_out: bool,
    elapsed: float | None = None,
) -> NoReturn:
    """Print a report-writing job's summary (or its JSON document) and exit with its code."""
    lang = request.lang
    summary, files, out = outcome.summary, outcome.files, request.out
    code = EXIT_FINDINGS if outcome.failed else EXIT_OK
    if json_out:
        findings = outcome.report.findings(lang, unmasked=request.unmasked)
        document: dict[str, Any] = {
            "command": name,
            "exit_code": code,
            "summary": summary,
            "files": {k: str(v) for k, v in files.items()},
            "findings": findings.to_dicts(),
        }
        if elapsed is not None:
            document["elapsed_seconds"] = round(elapsed, 2)
        print_json(document)
        raise typer.Exit(code)
    console = out_console()
    print_summary(console, summary, lang, files=files)
    if out is None:
        console.print(say("no_report", lang), style="dim")
    if request.unmasked and out is not None:
        console.print(say("unmasked_warning", lang), style="bold red")
    if elapsed is not None:
        console.print(say("elapsed", lang, seconds=fmt(elapsed, lang, 1)))
    if code == EXIT_FINDINGS:
        console.print(say("exit_findings", lang, level=request.fail_on), style="yellow")
    raise typer.Exit(code)


def print_rules_test(outcome: RulesTestOutcome, lang: Lang, *, json_out: bool) -> NoReturn:
    """Print the case reports of ``rules test`` (or their JSON document) and exit."""
    code = EXIT_FINDINGS if outcome.failed else EXIT_OK
    if json_out:
        print_json(
            {
                "command": "rules test",
                "exit_code": code,
                "files": [
                    {
                        "program": r.program,
                        "path": r.path,
                        "passed": r.passed,
                        "cases": len(r),
                        "failed": [
                            {"name": c.name, "failures": list(c.failures)} for c in r.failed
                        ],
                    }
                    for r in outcome.reports
                ],
            }
        )
        raise typer.Exit(code)
    console = out_console()
    for r in outcome.reports:
        ok = len(r) - len(r.failed)
        style = "green" if r.passed else "red"
        console.print(
            say("rules_cases", lang, program=r.program, passed=ok, total=len(r), path=r.path),
            style=style,
            markup=False,
            soft_wrap=True,
        )
        for case in r.failed:
            console.print(f"  {say('rules_failed', lang)} {case.name}", style="red", markup=False)
            for line in case.failures:
                console.print(f"    {line}", markup=False, soft_wrap=True)
    raise typer.Exit(code)


def print_synth(outcome: SynthOutcome, folder: Path, lang: Lang, *, json_out: bool) -> None:
    """Print what ``synth`` wrote (or its JSON document; then exit)."""
    if json_out:
        print_json(
            {
                "command": "synth",
                "exit_code": EXIT_OK,
                "seed": outcome.population.seed,
                "regions": list(outcome.population.regions),
                "rows": outcome.rows,
                "files": {k: str(v) for k, v in outcome.files.items()},
            }
        )
        raise typer.Exit(EXIT_OK)
    console = out_console()
    console.print(say("synth_written", lang, folder=folder), markup=False, soft_wrap=True)
    for name, path in outcome.files.items():
        console.print(f"  {path}  {fmt(outcome.rows[name], lang)}", markup=False, soft_wrap=True)
    console.print(say("synth_note", lang), style="dim")


def print_region(outcome: RegionOutcome, lang: Lang, *, json_out: bool) -> NoReturn:
    """Print a region look-up (or its JSON document) and exit (1: not found)."""
    found = outcome.region
    if found is None:
        if json_out:
            print_json(
                {
                    "command": "regions",
                    "exit_code": EXIT_FINDINGS,
                    "code": outcome.code,
                    "found": False,
                }
            )
        else:
            out_console().print(say("region_not_found", lang, code=outcome.code), markup=False)
        raise typer.Exit(EXIT_FINDINGS)
    if json_out:
        print_json(
            {
                "command": "regions",
                "exit_code": EXIT_OK,
                "code": found.code,
                "found": True,
                "name": found.name,
                "level": found.level.value,
                "kind": getattr(found, "kind", None),
                "current": found.current,
                "replaced_by": found.replaced_by,
                "parents": [
                    {"code": r.code, "name": r.name, "level": r.level.value}
                    for r in outcome.parents
                ],
                "children": outcome.children,
                "data": outcome.edition,
            }
        )
        raise typer.Exit(EXIT_OK)
    console = out_console()
    state = (
        say("region_current", lang)
        if found.current
        else say("region_former", lang, now=found.replaced_by or "?")
    )
    level = say(found.level.value, lang)
    console.print(f"[bold]{found.code}[/bold] {found.name} ({level}; {state})")
    for above in outcome.parents:
        console.print(
            f"  ⊂ {above.code} {above.name} ({say(above.level.value, lang)})", markup=False
        )
    if outcome.children:
        console.print(say("region_children", lang, count=fmt(outcome.children, lang)))
    raise typer.Exit(EXIT_OK)
