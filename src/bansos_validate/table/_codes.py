"""Constant code lists the vectorised kernels compare against (built once, cached)."""

from __future__ import annotations

import functools

import attrs

from bansos_validate.ids._digits import _dummy_table
from bansos_validate.regions import _table


@attrs.frozen
class CodeSets:
    """Region and dummy code lists, as plain sorted lists for ``is_in``."""

    provinces: list[str]
    regencies: list[str]
    recoded_regencies: list[str]
    districts: list[str]
    recoded_districts: list[str]
    district_names: dict[str, str]
    dummies: list[str]

    @property
    def province_ints(self) -> list[int]:
        """Province codes as integers."""
        return [int(c) for c in self.provinces]

    @property
    def regency_ints(self) -> list[int]:
        """Regency codes (current and recoded) as integers."""
        return [int(c) for c in self.regencies]

    @property
    def recoded_regency_ints(self) -> list[int]:
        """Recoded regency codes as integers."""
        return [int(c) for c in self.recoded_regencies]

    @property
    def district_ints(self) -> list[int]:
        """District codes (current and recoded) as integers."""
        return [int(c) for c in self.districts]

    @property
    def recoded_district_ints(self) -> list[int]:
        """Recoded district codes as integers."""
        return [int(c) for c in self.recoded_districts]

    @property
    def dummy_ints(self) -> list[int]:
        """Filler values (16 digits) as integers."""
        return [int(c) for c in self.dummies]


@functools.cache
def code_sets() -> CodeSets:
    """Return the cached :class:`CodeSets`."""
    provinces, regencies, districts = _table.current_tables()
    former = _table.recoded()
    rec_reg = sorted(c for c, r in former.items() if len(c) == 4)
    rec_dis = sorted(c for c, r in former.items() if len(c) == 6)
    names = {code: r.name for code, r in districts.items()}
    names.update({code: former[code].name for code in rec_dis})
    return CodeSets(
        provinces=sorted(provinces),
        regencies=sorted({*regencies, *rec_reg}),
        recoded_regencies=rec_reg,
        districts=sorted({*districts, *rec_dis}),
        recoded_districts=rec_dis,
        district_names=names,
        dummies=sorted(_dummy_table()),
    )
