"""The typed vocabulary of overlap detection: kinds, links, notes and evidence messages.

The values are the exact texts that appear in results (``OverlapResult.frame["kind"]``,
``OverlapResult.kinds``), so a typed member and the old string are interchangeable:
``OverlapKind.CROSS_REGION == "cross_region"``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

import attrs

__all__ = ["KINDS", "EvidenceMessage", "NoteCode", "OverlapKind", "OverlapNote", "Via"]


class OverlapKind(enum.StrEnum):
    """One kind of overlap, in report order.

    ``exclusive_programs``: one NIK (or family) on two programs the policy makes
    exclusive. ``duplicate_in_roll``: one NIK twice for one program, regency and period.
    ``duplicate_household``: one family twice on a household program.
    ``cross_region``: one NIK on one program in two regencies.
    ``same_person_different_nik``: one person under two NIKs (record matching).
    ``deceased_recipient``: a recipient on a list of deaths.
    ``excluded_occupation``: a recipient, or their family, with an excluded job.
    """

    EXCLUSIVE_PROGRAMS = "exclusive_programs"
    DUPLICATE_IN_ROLL = "duplicate_in_roll"
    DUPLICATE_HOUSEHOLD = "duplicate_household"
    CROSS_REGION = "cross_region"
    SAME_PERSON_DIFFERENT_NIK = "same_person_different_nik"
    DECEASED_RECIPIENT = "deceased_recipient"
    EXCLUDED_OCCUPATION = "excluded_occupation"


KINDS: tuple[str, ...] = tuple(kind.value for kind in OverlapKind)
"""Every overlap kind, in report order (plain text, as in the result frame)."""

Via = Literal["nik", "kk", "roster", "match"]
"""How the two rows of a pair were linked: the same NIK, the same KK number, one family
of the persons roster, or record matching."""

NoteCode = Literal["no_deaths", "no_employees", "fuzzy_tokens", "fuzzy_off", "fuzzy_no_name"]
"""Why a kind was not looked for (the texts are in :mod:`._text`)."""


def _frozen(values: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(values))


@attrs.frozen(slots=True)
class OverlapNote:
    """A note of an overlap result as data: its code and the values its text shows.

    Stored in the result, so the note is written in the language asked for when it is
    read (``OverlapResult.notes_in``; templates in :mod:`._text`).

    Attributes:
        code: why a kind was not looked for.
        values: the values the text shows, by placeholder name (none so far); never an
            identifier.
    """

    code: NoteCode
    values: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen, hash=False)


class EvidenceMessage(enum.StrEnum):
    """The sentence an overlap's evidence is rendered from (templates in :mod:`._text`).

    Stored with the overlap's values in the result, so the sentence is written in the
    language asked for when it is read.
    """

    EXCLUSIVE_NIK = "exclusive_nik"
    EXCLUSIVE_KK = "exclusive_kk"
    EXCLUSIVE_ROSTER = "exclusive_roster"
    DUPLICATE_IN_ROLL = "duplicate_in_roll"
    DUPLICATE_HOUSEHOLD = "duplicate_household"
    DUPLICATE_HOUSEHOLD_ROSTER = "duplicate_household_roster"
    CROSS_REGION = "cross_region"
    SAME_PERSON = "same_person"
    DECEASED = "deceased"
    OCCUPATION_SELF = "occupation_self"
    OCCUPATION_MEMBER = "occupation_member"
