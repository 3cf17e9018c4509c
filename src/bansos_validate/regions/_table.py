"""Lazy loading of the bundled Kemendagri region tables.

The CSV files under ``_data`` are read on first use (about 10 ms for provinces,
regencies, districts and historical codes; villages are read only when a village code is
asked for) and cached for the life of the process.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

from bansos_validate.regions._model import Level, Region

if TYPE_CHECKING:
    from collections.abc import Iterator

_DATA = "bansos_validate.regions._data"


def _rows(name: str) -> Iterator[dict[str, str]]:
    ref = resources.files(_DATA).joinpath(name)
    raw = ref.read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    yield from csv.DictReader(io.StringIO(raw.decode("utf-8")))


@functools.cache
def meta() -> dict[str, Any]:
    """Return the bundled data's metadata (edition, source, hashes)."""
    data: dict[str, Any] = json.loads(
        resources.files(_DATA).joinpath("meta.json").read_text("utf-8")
    )
    return data


@functools.cache
def _former_names() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for row in _rows("historical_codes.csv"):
        if row["status"] == "renamed":
            out.setdefault(row["code"], []).append(row["name"])
    return {code: tuple(names) for code, names in out.items()}


@functools.cache
def current_tables() -> tuple[dict[str, Region], dict[str, Region], dict[str, Region]]:
    """Return the current provinces, regencies and districts, keyed by code."""
    former = _former_names()
    provinces = {
        r["code"]: Region(
            r["code"], r["name"], Level.PROVINCE, former_names=former.get(r["code"], ())
        )
        for r in _rows("provinces.csv")
    }
    regencies = {
        r["code"]: Region(
            r["code"],
            r["name"],
            Level.REGENCY,
            r["province_code"],
            r["kind"],
            former_names=former.get(r["code"], ()),
        )
        for r in _rows("regencies.csv")
    }
    districts = {
        r["code"]: Region(
            r["code"],
            r["name"],
            Level.DISTRICT,
            r["regency_code"],
            former_names=former.get(r["code"], ()),
        )
        for r in _rows("districts.csv")
    }
    return provinces, regencies, districts


@functools.cache
def recoded() -> dict[str, Region]:
    """Return former (recoded) regency and district codes, keyed by old code."""
    out: dict[str, Region] = {}
    for row in _rows("historical_codes.csv"):
        if row["status"] != "recoded":
            continue
        level = Level.REGENCY if row["level"] == "regency" else Level.DISTRICT
        kind = None
        if level is Level.REGENCY:
            kind = "kota" if int(row["code"][2:4]) >= 70 else "kabupaten"
        out[row["code"]] = Region(
            row["code"],
            row["name"],
            level,
            row["parent_code"] or None,
            kind,
            current=False,
            replaced_by=row["replaced_by"] or None,
        )
    return out


@functools.cache
def villages() -> dict[str, Region]:
    """Return the current villages (desa, kelurahan, desa adat), keyed by code."""
    return {
        r["code"]: Region(r["code"], r["name"], Level.VILLAGE, r["district_code"], r["kind"])
        for r in _rows("villages.csv.gz")
    }


@functools.cache
def children() -> dict[str, tuple[str, ...]]:
    """Return the current child codes of every province, regency and district."""
    provinces, regencies, districts = current_tables()
    out: dict[str, list[str]] = {}
    for table in (regencies, districts, villages()):
        for code, region in table.items():
            out.setdefault(region.parent_code or "", []).append(code)
    out[""] = sorted(provinces)
    return {code: tuple(sorted(kids)) for code, kids in out.items()}
