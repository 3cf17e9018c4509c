"""``eligibility``: decide bundled or user rule sets for every household (or person)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from bansos_validate import rules
from bansos_validate._pipeline._common import (
    Outcome,
    Progress,
    Recorder,
    ReportOptions,
    RequestError,
    Source,
    reference_date,
)
from bansos_validate._pipeline._steps import finish, generated, read_source, write_report
from bansos_validate.report import Report

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Mapping
    from pathlib import Path

    from bansos_validate.rules import RuleSet

__all__ = ["EligibilityRequest", "load_rulesets", "read_fields", "relevant", "run"]


@attrs.frozen(slots=True, kw_only=True)
class EligibilityRequest(ReportOptions):
    """What to decide.

    Attributes:
        persons: the person rows (one per member): a path, a URL or a frame.
        households: the household rows (``no_kk``, ``desil``...).
        rulesets: the rule sets to decide, in order (see :func:`load_rulesets`).
        assumptions: ``{column: value}`` for columns the files lack (``--assume``); each
            must be read by at least one rule set.
        header_row: the spreadsheet row of the headers (default: found).
        columns: ``{canonical: actual}`` column names given by the user.
        reference_date: the date for ages and rules (default: today).
        out: the report folder to write (``None``: write nothing).
    """

    persons: Source
    households: Source
    rulesets: tuple[RuleSet, ...]
    assumptions: Mapping[str, str] | None = None
    header_row: int | None = None
    columns: Mapping[str, str] | None = None
    reference_date: dt.date | None = None
    out: Path | None = None


def load_rulesets(
    programs: Iterable[str] = (), files: Iterable[str | Path] = ()
) -> tuple[RuleSet, ...]:
    """The bundled *programs* (``all``: every one; repeats once) then the rule *files*.

    Raises:
        RequestError: ``need_program``: neither a program nor a file was given.
        bansos_validate.errors.BansosValidateError: an unknown program or a bad file.
    """
    names: list[str] = []
    for name in programs:
        names += list(rules.programs()) if name.strip().lower() == "all" else [name]
    names = list(dict.fromkeys(names))
    rulesets = [rules.load_program(n) for n in names]
    rulesets += [rules.RuleSet.from_yaml(path) for path in files]
    if not rulesets:
        raise RequestError("need_program")
    return tuple(rulesets)


def read_fields(ruleset: RuleSet) -> set[str]:
    """The person and household columns *ruleset* reads."""
    return {*ruleset.fields["person"], *ruleset.fields["household"]}


def relevant(assumed: Mapping[str, str] | None, ruleset: RuleSet) -> dict[str, str] | None:
    """The assumptions *ruleset* reads (one ``--assume`` serves several programs)."""
    if not assumed:
        return None
    fields = read_fields(ruleset)
    return {k: v for k, v in assumed.items() if k in fields} or None


def run(request: EligibilityRequest, progress: Progress | None = None) -> Outcome:
    """Read both files, decide every rule set, build the report and write it when asked.

    Steps: read persons, read households, one per rule set, write.

    Raises:
        RequestError: ``assume_unused`` (field ``column``): an assumption no rule set reads.
    """
    recorder = Recorder(progress)
    if not request.rulesets:
        raise RequestError("need_program")
    ref = reference_date(request.reference_date)
    columns = dict(request.columns) if request.columns is not None else None
    read_by_any = set().union(*(read_fields(r) for r in request.rulesets))
    for name in request.assumptions or {}:
        if name not in read_by_any:
            raise RequestError("assume_unused", column=name)
    recorder.start(2 + len(request.rulesets) + 1)
    header_row = request.header_row
    person_frame, person_file = read_source(
        request.persons, "persons", recorder, header_row=header_row
    )
    household_frame, household_file = read_source(
        request.households, "households", recorder, header_row=header_row
    )
    decided = []
    for ruleset in request.rulesets:
        recorder.step("step_rules", program=ruleset.program.upper())
        decided.append(
            rules.evaluate(
                ruleset,
                person_frame,
                household_frame,
                reference_date=ref,
                columns=columns,
                assume=relevant(request.assumptions, ruleset),
            )
        )
    report = Report(
        reference_date=ref,
        decisions=tuple(decided),
        frames={"persons": person_frame, "households": household_frame},
        inputs=(person_file, household_file),
        command=request.command,
        generated_at=generated(request.generated_at),
    )
    files = write_report(
        report, request.out, recorder, lang=request.lang, unmasked=request.unmasked
    )
    return finish(report, files, request, recorder)
