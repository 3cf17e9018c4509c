"""The regions a population lives in, and the national district table NIK prefixes come from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs
import numpy as np

from bansos_validate import regions
from bansos_validate.errors import InvalidArgument
from bansos_validate.regions import Level

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["Area", "resolve_area", "short_regency_name"]


def short_regency_name(name: str) -> str:
    """Return a regency name as written for a birthplace: ``Kota Mojokerto`` -> ``MOJOKERTO``.

    >>> short_regency_name("Kabupaten Aceh Selatan"), short_regency_name("Kota Mojokerto")
    ('ACEH SELATAN', 'MOJOKERTO')
    """
    for prefix in ("Kabupaten ", "Kota Administrasi ", "Kota ", "Kab. "):
        if name.startswith(prefix):
            name = name[len(prefix) :]
            break
    return name.upper()


@attrs.frozen(slots=True, eq=False)
class Area:
    """Target villages and the national district table, as arrays.

    Attributes:
        villages: 10-digit codes of the villages households live in, sorted.
        village_district: for each village, its index in ``districts``.
        village_is_desa: whether the village is a desa (code digit 7 is 2 or 3), not a
            kelurahan: only desa residents receive BLT Dana Desa.
        districts: all current district codes in Indonesia, sorted (NIK prefixes).
        district_codes: the same as integers.
        regency_start, regency_end: for each district, the range of districts of its
            regency in ``districts`` (codes sort by regency).
        province_start, province_end: the same for its province.
        birthplace: for each district, its regency's name as a birthplace.
        regency_codes: the target regency codes.
    """

    villages: tuple[str, ...]
    village_district: NDArray[np.int64]
    village_is_desa: NDArray[np.bool_]
    districts: tuple[str, ...]
    district_codes: NDArray[np.int64]
    regency_start: NDArray[np.int64]
    regency_end: NDArray[np.int64]
    province_start: NDArray[np.int64]
    province_end: NDArray[np.int64]
    birthplace: tuple[str, ...]
    regency_codes: tuple[str, ...]


def _ranges(keys: list[str]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    start = np.zeros(len(keys), dtype=np.int64)
    end = np.zeros(len(keys), dtype=np.int64)
    i = 0
    while i < len(keys):
        j = i
        while j < len(keys) and keys[j] == keys[i]:
            j += 1
        start[i:j] = i
        end[i:j] = j
        i = j
    return start, end


def _target_districts(codes: Sequence[str]) -> list[str]:
    found: set[str] = set()
    for code in codes:
        if not isinstance(code, str):
            raise InvalidArgument(
                f"Expected Kemendagri codes as text but got regions={list(codes)!r}"
            )
        region = regions.lookup(code, historical=False)
        if region is None:
            raise InvalidArgument(f"Unknown current Kemendagri region code {code!r} in regions")
        if region.level is Level.REGENCY:
            found.update(d.code for d in regions.districts(region.code))
        elif region.level is Level.DISTRICT:
            found.add(region.code)
        else:
            raise InvalidArgument(
                f"Expected regency (4-digit) or district (6-digit) codes but got {code!r} "
                f"({region.level.value})"
            )
    return sorted(found)


def resolve_area(codes: Sequence[str]) -> Area:
    """Resolve regency and district codes to the villages households will live in.

    Raises:
        InvalidArgument: an unknown code, a province or village code, or an empty list.
    """
    if isinstance(codes, str):
        codes = [codes]
    if not codes:
        raise InvalidArgument("Expected at least one regency or district code in regions")
    targets = _target_districts(codes)
    national = [d.code for d in regions.districts()]
    index = {code: i for i, code in enumerate(national)}
    villages: list[str] = []
    village_district: list[int] = []
    for district in targets:
        for village in regions.villages(district):
            villages.append(village.code)
            village_district.append(index[district])
    if not villages:
        raise InvalidArgument(f"The regions {list(codes)!r} have no villages in the bundled data")
    regency_start, regency_end = _ranges([c[:4] for c in national])
    province_start, province_end = _ranges([c[:2] for c in national])
    names = {r.code: short_regency_name(r.name) for r in regions.regencies()}
    return Area(
        villages=tuple(villages),
        village_district=np.asarray(village_district, dtype=np.int64),
        village_is_desa=np.asarray([v[6] in "23" for v in villages], dtype=np.bool_),
        districts=tuple(national),
        district_codes=np.asarray([int(c) for c in national], dtype=np.int64),
        regency_start=regency_start,
        regency_end=regency_end,
        province_start=province_start,
        province_end=province_end,
        birthplace=tuple(names.get(c[:4], c[:4]) for c in national),
        regency_codes=tuple(sorted({t[:4] for t in targets})),
    )
