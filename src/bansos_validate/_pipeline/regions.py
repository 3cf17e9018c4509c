"""``regions``: look a Kemendagri region code up, with the regions above and below it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from bansos_validate import regions
from bansos_validate._pipeline._common import RequestError

if TYPE_CHECKING:
    from bansos_validate.regions import Region

__all__ = ["RegionOutcome", "run"]


@attrs.frozen(slots=True, kw_only=True)
class RegionOutcome:
    """What was found.

    Attributes:
        code: the code looked up (digits only).
        region: the region, or ``None`` when the code is not known.
        parents: the regions above it, the nearest first.
        children: how many current regions are directly below it.
        edition: the edition of the region data.
    """

    code: str
    region: Region | None
    parents: tuple[Region, ...] = ()
    children: int = 0
    edition: str = ""

    @property
    def found(self) -> bool:
        """Whether the code is known (current or former)."""
        return self.region is not None


def run(code: str) -> RegionOutcome:
    """Look *code* up (2, 4, 6 or 10 digits; dots allowed).

    Raises:
        RequestError: ``region_malformed`` (field ``code``): not a region code.
    """
    digits = code.strip().replace(".", "")
    if not (digits.isascii() and digits.isdigit() and len(digits) in (2, 4, 6, 10)):
        raise RequestError("region_malformed", code=code)
    found = regions.lookup(digits)
    if found is None:
        return RegionOutcome(code=digits, region=None)
    chain = []
    parent = found.parent_code
    while parent:
        above = regions.lookup(parent)
        if above is None:
            break
        chain.append(above)
        parent = above.parent_code
    below = {
        "province": regions.regencies,
        "regency": regions.districts,
        "district": regions.villages,
    }.get(found.level.value)
    children = len(below(found.code)) if below is not None and found.current else 0
    return RegionOutcome(
        code=found.code,
        region=found,
        parents=tuple(chain),
        children=children,
        edition=str(regions.data_version()["edition"]),
    )
