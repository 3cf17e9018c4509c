"""The bundled Kemendagri region data and its lookups."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from importlib import resources

import pytest

import bansos_validate as bv
from bansos_validate import regions
from bansos_validate.regions import Level, _table


def test_counts_match_the_2025_edition() -> None:
    assert len(regions.provinces()) == 38
    all_regencies = regions.regencies()
    assert len(all_regencies) == 514
    assert sum(r.kind == "kabupaten" for r in all_regencies) == 416
    assert sum(r.kind == "kota" for r in all_regencies) == 98
    assert len(regions.districts()) == 7285
    villages = regions.villages()
    assert len(villages) == 83762
    assert sum(v.kind == "kelurahan" for v in villages) == 8496


def test_pilot_regions() -> None:
    expected = {"3510": "Banyuwangi", "3573": "Malang", "3576": "Mojokerto", "3578": "Surabaya"}
    for code, name in expected.items():
        region = regions.lookup(code)
        assert region is not None and name in region.name
        assert region.level is Level.REGENCY and region.parent_code == "35"


def test_lookup_every_level_and_dotted_codes() -> None:
    assert regions.lookup("35").name == "Jawa Timur"  # type: ignore[union-attr]
    assert regions.lookup("35.76").code == "3576"  # type: ignore[union-attr]
    district = regions.lookup("357601")
    assert (
        district is not None and district.level is Level.DISTRICT and district.parent_code == "3576"
    )
    village = regions.lookup("35.76.01.1003")
    assert village is not None and village.level is Level.VILLAGE and village.kind == "kelurahan"


@pytest.mark.parametrize(
    "code", ["", "3", "357", "35760", "3576011", "abcd", "99", "3599", "357699", "3576019999"]
)
def test_unknown_or_malformed_codes(code: str) -> None:
    assert regions.lookup(code) is None


def test_kemendagri_not_bps_numbering() -> None:
    # BPS 1101 is Simeulue; Kemendagri 1101 is Aceh Selatan. BPS 91 is Papua Barat.
    assert regions.lookup("1101").name == "Kabupaten Aceh Selatan"  # type: ignore[union-attr]
    assert regions.lookup("3171").name == "Kota Administrasi Jakarta Pusat"  # type: ignore[union-attr]
    assert regions.lookup("91").name == "Papua"  # type: ignore[union-attr]
    assert regions.lookup("92").name == "Papua Barat"  # type: ignore[union-attr]


def test_historical_codes() -> None:
    old = regions.lookup("910101")
    assert old is not None and not old.current and old.replaced_by == "930101"
    assert regions.lookup("910101", historical=False) is None
    renamed = regions.lookup("1212")
    assert renamed is not None and renamed.current and "TOBA SAMOSIR" in renamed.former_names[0]


def test_every_recoded_code_points_to_a_current_code() -> None:
    text = (
        resources.files("bansos_validate.regions._data")
        .joinpath("historical_codes.csv")
        .read_text("utf-8")
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    recoded = [r for r in rows if r["status"] == "recoded"]
    assert len(recoded) == 620
    for row in recoded:
        current = regions.lookup(row["replaced_by"], historical=False)
        assert current is not None and current.current, row["code"]


def test_children_listings() -> None:
    assert [r.code for r in regions.districts("3576")] == ["357601", "357602", "357603"]
    assert len(regions.villages("357601")) == 6
    assert all(r.parent_code == "35" for r in regions.regencies("35"))
    assert regions.districts("9999") == []


def test_data_version_and_checksums() -> None:
    meta = regions.data_version()
    assert meta["edition"] == "2025"
    assert "cahyadsn/wilayah" in meta["source"]
    assert meta["license"] == "MIT"
    data = resources.files("bansos_validate.regions._data")
    for name in ("provinces.csv", "regencies.csv", "districts.csv", "historical_codes.csv"):
        digest = hashlib.sha256(data.joinpath(name).read_bytes()).hexdigest()
        assert digest == meta["sha256"][name], name
    assert (
        data.joinpath("LICENSE.cahyadsn-wilayah.txt")
        .read_text(encoding="utf-8")
        .count("Copyright (c) 2017 Cahya DSN")
        >= 1
    )


def test_region_repr_and_value_semantics() -> None:
    region = regions.lookup("3576")
    assert repr(region) == "<Region 3576 Kota Mojokerto>"
    assert str(region) == "3576 Kota Mojokerto"
    assert region == regions.lookup("3576")
    assert hash(region) == hash(regions.lookup("3576"))
    assert isinstance(region, bv.Region)


def test_village_kinds_follow_the_kemendagri_digit() -> None:
    # The first of the four village digits: 1 kelurahan, 2 desa, 3 desa adat (docs/domain.md, "Kemendagri and BPS codes").
    digit = {"kelurahan": "1", "desa": "2", "desa_adat": "3"}
    villages = regions.villages()
    counts: dict[str | None, int] = {}
    for village in villages:
        counts[village.kind] = counts.get(village.kind, 0) + 1
        assert village.kind is not None and village.code[6] == digit[village.kind], village
    assert counts == {"desa": 75_252, "kelurahan": 8_496, "desa_adat": 14}


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("3576011003", "kelurahan"),  # Kota Mojokerto has no desa
        ("35.76.01.1003", "kelurahan"),
        (" 3510012001 ", "desa"),  # Kabupaten Banyuwangi
        ("9103013007", "desa_adat"),  # Kabupaten Jayapura
        ("3510012999", None),  # a desa digit, but no such village
        ("357601", None),  # a district
        ("3576011003.0", None),  # text only, as lookup reads it
        (3576011003, None),
        (None, None),
        ("", None),
    ],
)
def test_village_kind(code: object, kind: str | None) -> None:
    assert regions.village_kind(code) == kind
    village = regions.lookup(code)
    if kind is not None:
        assert village is not None and village.kind == kind


def test_village_patterns_match_exactly_the_codes_of_each_kind() -> None:
    desa, kelurahan = _table.village_codes()
    assert len(desa) == 75_266 and len(kelurahan) == 8_496
    desa_re, kelurahan_re = (re.compile(p) for p in _table.village_patterns())
    others = {f"{int(c) + step:010d}" for c in (*desa, *kelurahan) for step in (-1, 1)}
    others -= {*desa, *kelurahan}
    assert all(desa_re.match(c) and not kelurahan_re.match(c) for c in desa)
    assert all(kelurahan_re.match(c) and not desa_re.match(c) for c in kelurahan)
    assert not any(desa_re.match(c) or kelurahan_re.match(c) for c in others)
