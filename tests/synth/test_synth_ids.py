"""Clean NIKs and KKs validate and agree with the person; damaged ones look as documented."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import pytest

import bansos_validate as bv
from bansos_validate import regions, synth


def _clean_rows(pop: synth.Population, table: str, columns: tuple[str, ...]) -> pl.DataFrame:
    frame = pop.table(table).with_row_index("row")
    touched = pop.truth.filter(pl.col("table") == table, pl.col("column").is_in(columns))["row"]
    return frame.filter(~pl.col("row").is_in(touched.implode()))


def test_every_clean_nik_validates_and_matches_the_person(
    pop: synth.Population, reference: dt.date
) -> None:
    rows = _clean_rows(pop, "persons", ("nik", "tanggal_lahir"))
    assert rows.height > 15_000
    for nik, born, sex in rows.select("nik", "tanggal_lahir", "jenis_kelamin").iter_rows():
        info = bv.parse_nik(nik, reference_date=reference)
        assert info.is_valid, (nik, info.codes)
        assert info.birth_date == dt.date.fromisoformat(born)
        assert info.sex == sex
        assert info.district is not None


def test_every_clean_kk_validates(pop: synth.Population, reference: dt.date) -> None:
    rows = _clean_rows(pop, "persons", ("no_kk",))
    kks = set(rows["no_kk"]) | set(pop.households["no_kk"])
    for kk in kks:
        info = bv.parse_kk(kk, reference_date=reference)
        assert info.is_valid, (kk, info.codes)
        assert info.issue_date is not None
        assert dt.date(2005, 1, 1) <= info.issue_date < reference


def test_second_view_and_rolls_niks_validate(pop: synth.Population, reference: dt.date) -> None:
    for table in ("second_view", "rolls/PKH", "rolls/PBI-JK"):
        rows = _clean_rows(pop, table, ("nik", "no_kk"))
        for nik, kk in rows.select("nik", "no_kk").iter_rows():
            assert bv.is_valid_nik(nik, reference_date=reference)
            assert bv.is_valid_kk(kk, reference_date=reference)


def test_niks_and_kks_are_unique_in_the_clean_population(clean: synth.Population) -> None:
    assert clean.persons["nik"].is_unique().all()
    assert clean.households["no_kk"].is_unique().all()


def test_identifiers_are_text(pop: synth.Population) -> None:
    for table in pop.tables().values():
        for column in ("nik", "no_kk", "kode_wilayah", "rt", "rw"):
            if column in table.columns:
                assert table.schema[column] == pl.String


def test_region_codes_are_real_and_in_the_requested_regions(pop: synth.Population) -> None:
    villages = set(pop.households["kode_wilayah"])
    assert {v[:4] for v in villages} == {"3576", "3510"}
    for code in villages:
        region = regions.lookup(code)
        assert region is not None
        assert region.level is regions.Level.VILLAGE
    assert (
        pop.households["no_kk"].str.slice(0, 6) == pop.households["kode_wilayah"].str.slice(0, 6)
    ).all()


def test_some_persons_were_registered_elsewhere(clean: synth.Population) -> None:
    persons = clean.persons
    here = persons["nik"].str.slice(0, 4).is_in(["3576", "3510"])
    share = 1 - here.mean()  # type: ignore[operator]
    assert 0.02 < share < 0.2
    elsewhere = persons.filter(~here)
    assert elsewhere["nik"].str.slice(0, 2).n_unique() > 5  # from many provinces
    # They keep their old prefix but live here.
    assert set(elsewhere["kode_wilayah"].str.slice(0, 4)) <= {"3576", "3510"}


def test_serials_never_zero_and_dates_round_trip(clean: synth.Population) -> None:
    assert not clean.persons["nik"].str.ends_with("0000").any()
    assert not clean.households["no_kk"].str.ends_with("0000").any()


def _kind(pop: synth.Population, kind: str) -> pl.DataFrame:
    rows = pop.truth.filter(pl.col("kind") == kind)
    assert rows.height > 0, kind
    return rows


@pytest.mark.parametrize("subject", ["nik", "kk"])
def test_identifier_damage_looks_as_documented(pop: synth.Population, subject: str) -> None:
    for true, seen in (
        _kind(pop, f"{subject}_typo").select("true_value", "observed_value").iter_rows()
    ):
        assert len(seen) == 16
        assert sum(a != b for a, b in zip(true, seen, strict=True)) == 1
    for true, seen in (
        _kind(pop, f"{subject}_transposed").select("true_value", "observed_value").iter_rows()
    ):
        diff = [i for i, (a, b) in enumerate(zip(true, seen, strict=True)) if a != b]
        assert len(diff) == 2
        assert diff[1] == diff[0] + 1
        assert true[diff[0]] == seen[diff[1]]
        assert true[diff[1]] == seen[diff[0]]
    for seen in _kind(pop, f"{subject}_excel_scientific")["observed_value"]:
        assert re.fullmatch(r"\d(\.\d{1,5})?E\+1[56]", seen), seen
    for true, seen in (
        _kind(pop, f"{subject}_excel_precision").select("true_value", "observed_value").iter_rows()
    ):
        assert seen.endswith("0")
        assert seen[:14] == true[:14] or abs(int(seen) - int(true)) <= 5
        assert abs(int(seen) - int(true)) <= 5
    for true, seen in (
        _kind(pop, f"{subject}_excel_float").select("true_value", "observed_value").iter_rows()
    ):
        assert seen.endswith(".0")
        assert float(seen) == float(int(true))
    for seen in _kind(pop, f"{subject}_wrong_length")["observed_value"]:
        assert len(seen) in (15, 17)
        assert seen.isdigit()
    assert (
        _kind(pop, f"{subject}_missing")["observed_value"].null_count()
        == _kind(pop, f"{subject}_missing").height
    )
    for seen in _kind(pop, f"{subject}_dummy")["observed_value"]:
        assert not bv.is_valid_nik(seen)
        assert not bv.is_valid_kk(seen)


def test_damaged_niks_are_rejected(pop: synth.Population, reference: dt.date) -> None:
    for kind in (
        "nik_excel_scientific",
        "nik_excel_float",
        "nik_wrong_length",
        "nik_dummy",
        "nik_missing",
    ):
        for seen in _kind(pop, kind)["observed_value"]:
            assert not bv.is_valid_nik(seen, reference_date=reference), (kind, seen)


def test_nik_of_a_family_member(pop: synth.Population, clean: synth.Population) -> None:
    owner = dict(zip(clean.persons["nik"], clean.persons["household_id"], strict=True))
    rows = _kind(pop, "nik_family_member")
    for true, seen, household in rows.select(
        "true_value", "observed_value", "household_id"
    ).iter_rows():
        assert seen != true
        assert owner[seen] == household


@pytest.mark.parametrize("kind", ["nik_day_month_swapped", "kk_day_month_swapped"])
def test_day_and_month_swapped(pop: synth.Population, kind: str) -> None:
    for true, seen in _kind(pop, kind).select("true_value", "observed_value").iter_rows():
        offset = 40 if int(true[6:8]) > 40 else 0
        assert int(seen[6:8]) - offset == int(true[8:10])
        assert int(seen[8:10]) == int(true[6:8]) - offset
        assert seen[:6] == true[:6]
        assert seen[10:] == true[10:]


def test_dob_differs_from_the_nik(pop: synth.Population, reference: dt.date) -> None:
    damaged = set(pop.truth.filter(pl.col("table") == "persons", pl.col("column") == "nik")["row"])
    checked = 0
    for kind in ("dob_differs_from_nik", "dob_placeholder"):
        for row, true, seen in (
            _kind(pop, kind).select("row", "true_value", "observed_value").iter_rows()
        ):
            assert dt.date.fromisoformat(seen) <= reference
            if kind == "dob_placeholder":
                assert seen[5:] in ("07-01", "12-31")
                assert seen[:4] == true[:4]
            if row not in damaged:
                born = bv.parse_nik(pop.persons[row, "nik"], reference_date=reference).birth_date
                assert born == dt.date.fromisoformat(true) != dt.date.fromisoformat(seen)
                checked += 1
    assert checked > 100


def test_duplicate_enrolment_uses_another_valid_nik_of_the_same_person(
    pop: synth.Population, reference: dt.date
) -> None:
    rows = _kind(pop, "duplicate_enrolment")
    all_niks = set(pop.second_view["nik"])
    for true, seen in rows.select("true_value", "observed_value").iter_rows():
        a = bv.parse_nik(true, reference_date=reference)
        b = bv.parse_nik(seen, reference_date=reference)
        assert b.is_valid
        assert (a.birth_date, a.sex) == (b.birth_date, b.sex)
        assert seen[:6] != true[:6]
        assert seen not in all_niks  # nobody else's NIK


def test_kk_changed_is_a_recent_valid_kk(pop: synth.Population, reference: dt.date) -> None:
    for true, seen in _kind(pop, "kk_changed").select("true_value", "observed_value").iter_rows():
        info = bv.parse_kk(seen, reference_date=reference)
        assert info.is_valid
        assert info.issue_date is not None
        assert reference - dt.timedelta(days=731) <= info.issue_date < reference
        assert seen[:6] == true[:6]
