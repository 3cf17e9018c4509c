"""Kemendagri region codes: provinces, regencies/cities, districts and villages.

The bundled data is the Kemendagri 2025 edition (Kepmendagri No. 300.2.2-2138 Tahun 2025)
plus the codes retired since 2015 (the 2022 Papua splits), derived from cahyadsn/wilayah
(MIT License, Copyright (c) 2017 Cahya DSN). These are the codes NIK and KK numbers carry.
They are **not** BPS (statistics office) codes, which number regencies and districts
differently.

>>> lookup("3576")
<Region 3576 Kota Mojokerto>
>>> lookup("35.76.01").name
'Prajuritkulon'
>>> lookup("910101")  # Merauke, moved to Papua Selatan in 2022
<Region 910101 Merauke (former code, now 930101)>
>>> lookup("3599") is None
True
>>> [r.code for r in districts("3576")]
['357601', '357602', '357603']
>>> village_kind("35.76.01.1003"), village_kind("3510012001")  # Kota Mojokerto, Banyuwangi
('kelurahan', 'desa')
"""

from __future__ import annotations

from typing import Any

from bansos_validate._arguments import shown as _shown
from bansos_validate.errors import InvalidArgument
from bansos_validate.regions import _table
from bansos_validate.regions._model import Level, Region

__all__ = [
    "Level",
    "Region",
    "data_version",
    "districts",
    "lookup",
    "provinces",
    "regencies",
    "village_kind",
    "villages",
]

_LEVEL_BY_LENGTH = {2: Level.PROVINCE, 4: Level.REGENCY, 6: Level.DISTRICT, 10: Level.VILLAGE}


def _clean(code: object) -> str | None:
    if not isinstance(code, str):
        return None
    text = code.strip().replace(".", "")
    if not text.isascii() or not text.isdigit() or len(text) not in _LEVEL_BY_LENGTH:
        return None
    return text


def lookup(code: object, *, historical: bool = True) -> Region | None:
    """Look up a region code of any level (2, 4, 6 or 10 digits; dots allowed).

    Args:
        code: the code as text (``"3576"``, ``"35.76.01"``, ``"3576011003"``).
        historical: also find codes retired since 2015 (``current=False`` regions).

    Returns:
        The region, or ``None`` when the code is unknown or not a well-formed code.
    """
    text = _clean(code)
    if text is None:
        return None
    provinces, regencies, districts_ = _table.current_tables()
    level = _LEVEL_BY_LENGTH[len(text)]
    found: Region | None
    if level is Level.PROVINCE:
        found = provinces.get(text)
    elif level is Level.REGENCY:
        found = regencies.get(text)
    elif level is Level.DISTRICT:
        found = districts_.get(text)
    else:
        found = _table.villages().get(text)
    if found is None and historical and level in (Level.REGENCY, Level.DISTRICT):
        found = _table.recoded().get(text)
    return found


def _kids(parent: str, table: dict[str, Region], name: str) -> list[Region]:
    if not isinstance(parent, str):
        raise InvalidArgument(
            f"Expected a Kemendagri code (str) or None but got {name}={_shown(parent)}"
        )
    return [table[c] for c in _table.children().get(parent, ()) if c in table]


def provinces() -> list[Region]:
    """Return the 38 current provinces, by code."""
    table = _table.current_tables()[0]
    return [table[c] for c in sorted(table)]


def regencies(province: str | None = None) -> list[Region]:
    """Return current regencies/cities, all or those of one *province*, by code."""
    table = _table.current_tables()[1]
    if province is None:
        return [table[c] for c in sorted(table)]
    return _kids(province, table, "province")


def districts(regency: str | None = None) -> list[Region]:
    """Return current districts (kecamatan), all or those of one *regency*, by code."""
    table = _table.current_tables()[2]
    if regency is None:
        return [table[c] for c in sorted(table)]
    return _kids(regency, table, "regency")


def villages(district: str | None = None) -> list[Region]:
    """Return current villages (desa/kelurahan), all or those of one *district*, by code.

    Each village's ``kind`` is ``desa``, ``kelurahan`` or ``desa_adat`` (see
    :func:`village_kind`).
    """
    table = _table.villages()
    if district is None:
        return [table[c] for c in sorted(table)]
    return _kids(district, table, "district")


def village_kind(code: object) -> str | None:
    """Return whether a village code is a ``desa``, a ``kelurahan`` or a ``desa_adat``.

    In Kemendagri codes the first of the four village digits (the code's 7th digit)
    tells them apart: 1 for a kelurahan, 2 for a desa, 3 for a desa adat. The answer
    is read from the bundled table, so a code that is not a current village gives
    ``None`` whatever its 7th digit (a typo, a retired code, a district code).

    A desa (and a desa adat, UU 6/2014 art. 6) governs itself and receives Dana Desa; a
    kelurahan is an administrative unit of its regency or city and does not.

    Args:
        code: a 10-digit village code as text; dots allowed (``"35.76.01.1003"``).

    Returns:
        ``"desa"``, ``"kelurahan"`` or ``"desa_adat"``; ``None`` when the code is not the
        code of a current village or not well formed.

    >>> village_kind("3576011003")  # Kota Mojokerto has kelurahan only
    'kelurahan'
    >>> village_kind("35.10.01.2001")  # Sarongan, Kabupaten Banyuwangi
    'desa'
    >>> village_kind("9103013007")  # Yoboi, Kabupaten Jayapura
    'desa_adat'
    >>> village_kind("3576019999") is None, village_kind("357601") is None
    (True, True)
    """
    text = _clean(code)
    if text is None or _LEVEL_BY_LENGTH[len(text)] is not Level.VILLAGE:
        return None
    found = _table.villages().get(text)
    return None if found is None else found.kind


def data_version() -> dict[str, Any]:
    """Return the edition, source and checksums of the bundled region data.

    >>> data_version()["edition"]
    '2025'
    """
    return dict(_table.meta())


for _obj in (Level, Region):
    _obj.__module__ = __name__
