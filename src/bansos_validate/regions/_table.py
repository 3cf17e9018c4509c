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
    from collections.abc import Iterator, Sequence

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


@functools.cache
def village_codes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the current desa codes (desa adat included) and kelurahan codes, sorted."""
    table = villages()
    desa = tuple(c for c in sorted(table) if table[c].kind in ("desa", "desa_adat"))
    kelurahan = tuple(c for c in sorted(table) if table[c].kind == "kelurahan")
    return desa, kelurahan


@functools.cache
def village_patterns() -> tuple[str, str]:
    """Return regular expressions matching exactly the codes of :func:`village_codes`.

    One pattern per kind, for engines that take a long list of literal values slowly
    (Spark hands each value of ``isin`` to the JVM one by one; 83,762 codes take half a
    minute) but compile one pattern quickly.
    """
    desa, kelurahan = village_codes()
    return _pattern(desa), _pattern(kelurahan)


def _pattern(codes: Sequence[str]) -> str:
    """An anchored regular expression matching exactly *codes* (digit strings, one length).

    The codes are folded into a trie; first digits that share what follows become one
    character class.

    >>> _pattern(["3576011001", "3576011002", "3576012001", "3576021001"])
    '^35760(?:1(?:100[12]|2001)|21001)$'
    """
    return "^" + _alternatives(sorted(codes)) + "$"


def _alternatives(codes: list[str]) -> str:
    if not codes or not codes[0]:
        return ""
    groups: dict[str, list[str]] = {}
    for code in codes:
        groups.setdefault(code[0], []).append(code[1:])
    shared: dict[str, list[str]] = {}
    for digit, rests in groups.items():
        shared.setdefault(_alternatives(rests), []).append(digit)
    parts = [_digit_class(digits) + rest for rest, digits in shared.items()]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _digit_class(digits: list[str]) -> str:
    """One digit, or a character class of several (runs written as ranges: ``[1-57-9]``)."""
    if len(digits) == 1:
        return digits[0]
    runs: list[list[str]] = []
    for digit in sorted(digits):
        if runs and ord(digit) == ord(runs[-1][1]) + 1:
            runs[-1][1] = digit
        else:
            runs.append([digit, digit])
    text = "".join(a if a == b else a + b if ord(b) == ord(a) + 1 else f"{a}-{b}" for a, b in runs)
    return f"[{text}]"
