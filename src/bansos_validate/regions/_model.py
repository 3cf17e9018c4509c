"""The region value type."""

from __future__ import annotations

import enum

import attrs

__all__ = ["Level", "Region"]


class Level(enum.StrEnum):
    """Administrative level of a Kemendagri region code, by code length (2/4/6/10)."""

    PROVINCE = "province"
    REGENCY = "regency"
    DISTRICT = "district"
    VILLAGE = "village"


@attrs.frozen(slots=True, repr=False)
class Region:
    """A Kemendagri region (province, regency/city, district or village).

    Attributes:
        code: the digits-only code (``"3576"``, ``"357601"``).
        name: the name in the edition the code belongs to (current name for current codes).
        level: the administrative level.
        parent_code: the code of the enclosing region (``None`` for a province).
        kind: ``kabupaten`` / ``kota`` for regencies; ``desa`` / ``kelurahan`` /
            ``desa_adat`` for villages; ``None`` otherwise.
        current: whether the code is in the current (2025) edition.
        replaced_by: for a former (recoded) code, the current code of the same unit.
        former_names: names the code carried in older editions, when it was renamed.
    """

    code: str
    name: str
    level: Level
    parent_code: str | None = None
    kind: str | None = None
    current: bool = True
    replaced_by: str | None = None
    former_names: tuple[str, ...] = ()

    def __repr__(self) -> str:
        flag = "" if self.current else f" (former code, now {self.replaced_by})"
        return f"<Region {self.code} {self.name}{flag}>"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
