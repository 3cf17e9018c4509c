"""The outcome of a decision, decided in one place for every engine.

:func:`outcome` gives the status of one decision, and which rule ids are its reasons,
from three facts: whether a rule failed, whether a rule could not be decided, whether
the amount is known. The scalar engine (``_scalar_decide.py``) calls it for each
household or person; the vectorised engine (``_vector.py``) calls it for each of the
:data:`STATES` (the eight combinations of the three facts, numbered by :func:`state`)
and maps its state column through the table, and the explanation of a computed row
(``_explain.py``) reads the rule outcomes back with :func:`rule_outcome`.

>>> outcome(failed=True, unknown=True, amount_known=False)
(<Status.NOT_ELIGIBLE: 'not_eligible'>, <Why.FAILED: 'failed'>)
>>> outcome(failed=False, unknown=False, amount_known=False)
(<Status.UNDETERMINED: 'undetermined'>, <Why.BENEFIT: 'benefit'>)
>>> states(Status.ELIGIBLE)
[0]
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping, Sequence
from typing import Literal

from bansos_validate.rules._decision import Status

__all__ = [
    "BENEFIT",
    "STATES",
    "Why",
    "outcome",
    "reasons",
    "rule_outcome",
    "shown_amount",
    "state",
    "states",
]

BENEFIT = "benefit"
"""The reason of a decision whose rules all hold but whose amount is unknown."""


class Why(enum.Enum):
    """Which rule ids are the reasons of a decision."""

    NONE = "none"
    """Eligible: no reasons."""
    FAILED = "failed"
    """The rules that failed (conditions that do not hold, exclusions that apply)."""
    UNKNOWN = "unknown"
    """The rules that could not be decided."""
    BENEFIT = "benefit"
    """Only the amount is unknown: the reason is ``benefit``."""


def outcome(*, failed: bool, unknown: bool, amount_known: bool) -> tuple[Status, Why]:
    """The status of a decision, and which ids are its reasons.

    A failed rule decides (``not_eligible``) even when others are unknown; otherwise an
    unknown rule, or an unknown amount, leaves it ``undetermined``.

    Args:
        failed: a condition does not hold or an exclusion applies.
        unknown: a rule could not be decided (an input is missing).
        amount_known: the amount (every component, after the cap) is known.

    Returns:
        The status and :class:`Why` (which ids :func:`reasons` gives).
    """
    if failed:
        return Status.NOT_ELIGIBLE, Why.FAILED
    if unknown:
        return Status.UNDETERMINED, Why.UNKNOWN
    if not amount_known:
        return Status.UNDETERMINED, Why.BENEFIT
    return Status.ELIGIBLE, Why.NONE


def reasons(why: Why, failed: Sequence[str], unknown: Sequence[str]) -> tuple[str, ...]:
    """The reasons of a decision: the failed or the unknown rule ids, ``benefit``, or none.

    >>> reasons(Why.UNKNOWN, ["desil"], ["komponen"])
    ('komponen',)
    """
    if why is Why.FAILED:
        return tuple(failed)
    if why is Why.UNKNOWN:
        return tuple(unknown)
    if why is Why.BENEFIT:
        return (BENEFIT,)
    return ()


def state(*, failed: bool, unknown: bool, amount_known: bool) -> int:
    """The number (0 to 7) of a combination of the facts :func:`outcome` reads.

    The vectorised engine computes it per row as ``4 * failed + 2 * unknown +
    (amount is null)``.
    """
    return 4 * failed + 2 * unknown + (not amount_known)


STATES: Mapping[int, tuple[Status, Why]] = {
    state(failed=f, unknown=u, amount_known=k): outcome(failed=f, unknown=u, amount_known=k)
    for f in (False, True)
    for u in (False, True)
    for k in (False, True)
}
"""The outcome of each :func:`state`."""


def states(status: Status | None = None, why: Why | None = None) -> list[int]:
    """The states whose outcome has this status (and this :class:`Why`), in order."""
    return [
        n
        for n, (s, w) in sorted(STATES.items())
        if (status is None or s is status) and (why is None or w is why)
    ]


def shown_amount(status: Status, value: float | None) -> int | None:
    """The amount a decision shows: rounded when eligible, 0 when not, unknown otherwise.

    >>> shown_amount(Status.ELIGIBLE, 1_499_999.5), shown_amount(Status.NOT_ELIGIBLE, 7.0)
    (1500000, 0)
    """
    if status is Status.ELIGIBLE:
        return None if value is None else math.floor(value + 0.5)
    return 0 if status is Status.NOT_ELIGIBLE else None


def rule_outcome(
    rule_id: str, status: Status, reasons: Sequence[str], passed: Sequence[str]
) -> Literal["passed", "failed", "unknown"]:
    """A rule's outcome read back from a decision's status, reasons and passed ids.

    A rule that did not pass is failed when it is a reason of a ``not_eligible``
    decision (whose reasons are the failed rules), and unknown otherwise.

    >>> rule_outcome("desil", Status.NOT_ELIGIBLE, ["desil"], [])
    'failed'
    >>> rule_outcome("desil", Status.UNDETERMINED, ["desil"], [])
    'unknown'
    """
    if rule_id in passed:
        return "passed"
    if status is Status.NOT_ELIGIBLE and rule_id in reasons:
        return "failed"
    return "unknown"
