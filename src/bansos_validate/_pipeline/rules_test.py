"""``rules test``: run the YAML test cases of rule sets through both engines."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from bansos_validate import rules

if TYPE_CHECKING:
    from collections.abc import Iterable

    from bansos_validate._pipeline._common import FailOn
    from bansos_validate.rules import CaseReport

__all__ = ["RulesTestOutcome", "run"]


@attrs.frozen(slots=True, kw_only=True)
class RulesTestOutcome:
    """The case reports.

    Attributes:
        reports: one per case file or program, in order.
        failed_cases: the number of failed cases.
        failed: a case failed and ``fail_on`` is not ``never``.
    """

    reports: tuple[CaseReport, ...]
    failed_cases: int
    failed: bool


def run(sources: Iterable[str] = (), *, fail_on: FailOn = "error") -> RulesTestOutcome:
    """Run the cases of *sources* (case files or bundled program ids; none: every program)."""
    reports = tuple(rules.run_cases(source) for source in (list(sources) or rules.programs()))
    failed = sum(len(r.failed) for r in reports)
    return RulesTestOutcome(
        reports=reports, failed_cases=failed, failed=bool(failed) and fail_on != "never"
    )
