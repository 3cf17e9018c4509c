"""Family structure, socio-economic fields and program rules of the synthetic population."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import polars as pl
import pytest

if TYPE_CHECKING:
    from bansos_validate import synth

ROLES = {
    "KEPALA KELUARGA", "SUAMI", "ISTRI", "ANAK", "MENANTU", "CUCU", "ORANG TUA", "MERTUA",
    "FAMILI LAIN", "PEMBANTU", "LAINNYA",
}  # fmt: skip
EXCLUDED = ["PNS", "TNI", "POLRI"]


def _with_age(persons: pl.DataFrame, reference: dt.date) -> pl.DataFrame:
    born = pl.col("tanggal_lahir").str.to_date()
    before = (born.dt.month() > reference.month) | (
        (born.dt.month() == reference.month) & (born.dt.day() > reference.day)
    )
    return persons.with_columns(
        born=born, age=pl.lit(reference.year) - born.dt.year() - before.cast(pl.Int32)
    )


def _clean_households(pop: synth.Population) -> pl.DataFrame:
    """Persons of households no planted error touched (by membership or by KK)."""
    truth = pop.truth.filter(pl.col("table") == "persons")
    touched = set(truth["household_id"].drop_nulls())
    foreign_kks = set(truth.filter(pl.col("column") == "no_kk")["observed_value"].drop_nulls())
    touched |= set(pop.households.filter(pl.col("no_kk").is_in(list(foreign_kks)))["household_id"])
    return pop.persons.filter(~pl.col("household_id").is_in(list(touched)))


@pytest.fixture(scope="module", params=["planted", "clean"])
def families(request: pytest.FixtureRequest, reference: dt.date) -> pl.DataFrame:
    """Members of untouched households, with their head's and spouse's birth dates."""
    pop = request.getfixturevalue("pop" if request.param == "planted" else "clean")
    persons = _with_age(_clean_households(pop), reference)
    heads = persons.filter(pl.col("hubungan_keluarga") == "KEPALA KELUARGA").select(
        "household_id",
        head_born="born",
        head_age="age",
        head_sex="jenis_kelamin",
        head_status="status_perkawinan",
    )
    spouses = persons.filter(pl.col("hubungan_keluarga").is_in(["ISTRI", "SUAMI"])).select(
        "household_id", spouse_born="born"
    )
    return persons.join(heads, on="household_id", how="left").join(
        spouses, on="household_id", how="left"
    )


def test_untouched_households_are_many(pop: synth.Population, clean: synth.Population) -> None:
    assert _clean_households(clean).height == clean.persons.height
    assert _clean_households(pop)["household_id"].n_unique() > 0.4 * pop.households.height


def test_exactly_one_head_per_clean_household(families: pl.DataFrame) -> None:
    heads = families.group_by("household_id").agg(
        (pl.col("hubungan_keluarga") == "KEPALA KELUARGA").sum()
    )
    assert (heads["hubungan_keluarga"] == 1).all()
    per_kk = families.group_by("no_kk").agg(pl.col("household_id").n_unique())
    assert (per_kk["household_id"] == 1).all()


def test_heads_are_adults(families: pl.DataFrame) -> None:
    assert families["head_age"].min() >= 16  # type: ignore[operator]


def test_values_come_from_the_canonical_lists(pop: synth.Population) -> None:
    persons = pop.persons
    assert set(persons["hubungan_keluarga"].drop_nulls()) <= ROLES
    assert set(persons["status_perkawinan"]) <= {
        "BELUM KAWIN",
        "KAWIN",
        "CERAI HIDUP",
        "CERAI MATI",
    }
    assert set(persons["jenis_kelamin"]) == {"L", "P"}
    assert set(persons["status_hidup"]) == {"HIDUP", "MENINGGAL"}
    assert set(persons["jenjang_sekolah"]) == {"TIDAK SEKOLAH", "PAUD", "SD", "SMP", "SMA"}
    assert persons.schema["hamil"] == pl.Boolean
    assert persons.schema["disabilitas_berat"] == pl.Boolean
    assert pop.households.schema["desil"] == pl.Int64
    assert set(pop.households["desil"]) <= set(range(1, 11))
    assert (persons["rt"].str.len_chars() == 3).all()


def test_spouses_are_of_plausible_age_and_opposite_sex(families: pl.DataFrame) -> None:
    spouses = families.filter(pl.col("hubungan_keluarga").is_in(["ISTRI", "SUAMI"]))
    assert spouses.height > 1000
    gap = (spouses["born"] - spouses["head_born"]).dt.total_days().abs() / 365.25
    assert gap.max() <= 20  # type: ignore[operator]
    assert (spouses["jenis_kelamin"] != spouses["head_sex"]).all()
    assert (spouses["status_perkawinan"] == "KAWIN").all()
    assert (spouses["head_status"] == "KAWIN").all()
    assert (spouses.filter(pl.col("hubungan_keluarga") == "ISTRI")["jenis_kelamin"] == "P").all()


def test_children_are_at_least_12_years_younger_than_their_parents(families: pl.DataFrame) -> None:
    children = families.filter(pl.col("hubungan_keluarga") == "ANAK")
    assert children.height > 3000
    years = 12 * 365
    assert ((children["born"] - children["head_born"]).dt.total_days() >= years).all()
    with_spouse = children.filter(pl.col("spouse_born").is_not_null())
    assert ((with_spouse["born"] - with_spouse["spouse_born"]).dt.total_days() >= years).all()
    grandchildren = families.filter(pl.col("hubungan_keluarga") == "CUCU")
    assert ((grandchildren["born"] - grandchildren["head_born"]).dt.total_days() >= 2 * years).all()
    parents = families.filter(pl.col("hubungan_keluarga") == "ORANG TUA")
    assert ((parents["head_born"] - parents["born"]).dt.total_days() >= years).all()
    in_laws = families.filter(pl.col("hubungan_keluarga") == "MERTUA")
    assert ((in_laws["spouse_born"] - in_laws["born"]).dt.total_days() >= years).all()


def test_members_share_the_household_address(pop: synth.Population, families: pl.DataFrame) -> None:
    joined = families.join(pop.households, on="household_id", suffix="_hh")
    for column in ("no_kk", "kode_wilayah", "alamat", "rt", "rw"):
        assert (joined[column] == joined[f"{column}_hh"]).all(), column


def test_nobody_is_older_than_99(clean: synth.Population, reference: dt.date) -> None:
    persons = _with_age(clean.persons, reference)
    assert persons["age"].max() <= 99  # type: ignore[operator]
    assert persons["age"].min() >= 0  # type: ignore[operator]
    assert (persons["born"] <= reference).all()


def test_family_roles_are_varied(clean: synth.Population) -> None:
    counts = dict(clean.persons["hubungan_keluarga"].value_counts().iter_rows())
    for role in (
        "KEPALA KELUARGA",
        "ISTRI",
        "SUAMI",
        "ANAK",
        "MENANTU",
        "CUCU",
        "ORANG TUA",
        "MERTUA",
        "FAMILI LAIN",
    ):
        assert counts.get(role, 0) > 10, role
    size = clean.persons.height / clean.households.height
    assert 2.8 < size < 4.5


def test_socio_economic_fields(clean: synth.Population, reference: dt.date) -> None:
    persons = _with_age(clean.persons, reference)
    desil = clean.households["desil"]
    assert (desil <= 4).mean() > 0.45  # type: ignore[operator]  # skewed poorer
    assert persons.filter(pl.col("hamil"))["jenis_kelamin"].unique().to_list() == ["P"]
    pregnant = persons.filter(pl.col("hamil"))
    assert pregnant.height > 20
    assert pregnant["age"].is_between(15, 50).all()
    dead = persons.filter(pl.col("status_hidup") == "MENINGGAL")
    assert dead.height > 50
    died = dead["tanggal_meninggal"].str.to_date()
    assert ((died >= dead["born"]) & (died < reference)).all()
    assert (
        persons.filter(pl.col("status_hidup") == "HIDUP")["tanggal_meninggal"].null_count()
        == persons.filter(pl.col("status_hidup") == "HIDUP").height
    )
    school = persons.filter(pl.col("jenjang_sekolah") == "SD")
    assert school["age"].is_between(6, 13).all()
    assert persons.filter(pl.col("jenjang_sekolah") == "SMP")["age"].is_between(12, 16).all()
    share = persons["pekerjaan"].is_in(EXCLUDED).mean()
    assert 0.002 < share < 0.05  # type: ignore[operator]
    assert persons.filter(pl.col("disabilitas_berat")).height > 20


def test_names_look_indonesian(clean: synth.Population, reference: dt.date) -> None:
    persons = _with_age(clean.persons, reference)
    names = persons["nama"]
    assert names.str.contains(r"^[A-Z][A-Z .,']*$").all()
    assert names.str.contains(r"\b(BIN|BINTI)\b").sum() > 10
    assert names.str.contains(r"^(H\.|HJ\.) ").sum() > 10
    assert names.str.contains(r", [A-Z.]+$").sum() > 50
    assert names.str.contains(r"\b(MUHAMMAD|MOCH\.|MOH\.|M\.|MOCHAMAD)\b").sum() > 50
    old = persons.filter(pl.col("age") >= 65)["nama"]
    assert old.str.contains("OE|DJ|TJ").sum() > 10  # old spelling on older records
    single = persons.filter(~pl.col("nama").str.contains(r"[ ,]"))
    assert _with_age(single, reference)["age"].mean() > persons["age"].mean()  # type: ignore[operator]


# --------------------------------------------------------------------------- program rules


@pytest.fixture(scope="module")
def households_facts(clean: synth.Population, reference: dt.date) -> pl.DataFrame:
    persons = _with_age(clean.persons, reference)
    alive = pl.col("status_hidup") == "HIDUP"
    component = alive & (
        pl.col("hamil")
        | (pl.col("age") < 6)
        | pl.col("jenjang_sekolah").is_in(["SD", "SMP", "SMA"])
        | pl.col("disabilitas_berat")
        | (pl.col("age") >= 70)
    )
    facts = persons.group_by("household_id").agg(
        component=component.any(),
        excluded=(alive & pl.col("pekerjaan").is_in(EXCLUDED)).any(),
    )
    return clean.households.join(facts, on="household_id")


def test_pkh_follows_the_rules(clean: synth.Population, households_facts: pl.DataFrame) -> None:
    on_roll = households_facts.filter(
        pl.col("household_id").is_in(clean.rolls["PKH"]["household_id"].implode())
    )
    assert on_roll.height > 100
    assert (on_roll["desil"] <= 4).all()
    assert on_roll["component"].all()
    assert not on_roll["excluded"].any()
    eligible = households_facts.filter(
        (pl.col("desil") <= 4) & pl.col("component") & ~pl.col("excluded")
    )
    assert eligible.height == on_roll.height


def test_rolls_follow_their_rules(clean: synth.Population, households_facts: pl.DataFrame) -> None:
    facts = households_facts.select(
        "household_id", "desil", "excluded", "pkh", "bpnt", "kode_wilayah"
    )
    for program, limit in (("BPNT", 4), ("PBI-JK", 5), ("BLT-DD", 4), ("PIP", 4)):
        roll = clean.rolls[program].join(facts, on="household_id", suffix="_hh")
        assert roll.height > 0, program
        assert not roll["excluded"].any(), program
        if program == "PIP":
            assert ((roll["desil"] <= 4) | roll["pkh"]).all()
        else:
            assert (roll["desil"] <= limit).all(), program
    blt = clean.rolls["BLT-DD"].join(facts, on="household_id", suffix="_hh")
    assert blt["kode_wilayah"].str.slice(6, 1).is_in(["2", "3"]).all()  # desa only
    assert not (blt["pkh"] | blt["bpnt"]).any()  # exclusive with PKH and BPNT
    persons = clean.persons.select("person_id", "status_hidup")
    for program, roll in clean.rolls.items():
        assert set(roll["periode"]) == {"2026-Q1"}
        assert set(roll["program"]) == {program}
        status = roll.join(persons, on="person_id")["status_hidup"]
        assert (status == "HIDUP").all(), program


def test_roll_errors_are_what_they_say(pop: synth.Population, clean: synth.Population) -> None:
    truth = pop.truth
    persons = clean.persons.join(
        clean.households.select("household_id", "desil"), on="household_id"
    )
    status = dict(zip(persons["person_id"], persons["status_hidup"], strict=True))
    desil = dict(zip(persons["person_id"], persons["desil"], strict=True))
    occupations = persons.group_by("household_id").agg(pl.col("pekerjaan"))
    jobs = {h: set(j) for h, j in occupations.iter_rows()}
    pkh_people = set(pop.rolls["PKH"]["person_id"])
    for kind, table, person, household in (
        truth.filter(pl.col("table").str.starts_with("rolls/"))
        .select("kind", "table", "person_id", "household_id")
        .iter_rows()
    ):
        if kind == "deceased_recipient":
            assert table == "rolls/PBI-JK"
            assert status[person] == "MENINGGAL"
        elif kind == "exclusive_programs":
            assert table == "rolls/BLT-DD"
            assert person in pkh_people
        elif kind == "excluded_occupation":
            assert jobs[household] & set(EXCLUDED)
        elif kind == "inclusion_error":
            assert desil[person] > (5 if table == "rolls/PBI-JK" else 4)
    cross = truth.filter(pl.col("kind") == "cross_region")
    assert not cross["observed_value"].str.slice(0, 4).is_in(["3576", "3510"]).any()
    assert (cross["observed_value"].str.slice(0, 2) == "35").all()
    duplicates = truth.filter(pl.col("kind") == "duplicate_in_roll")
    for table, row in duplicates.select("table", "row").iter_rows():
        frame = pop.table(table)
        assert (
            frame.filter(
                pl.all_horizontal(pl.col(c) == frame[row, c] for c in frame.columns)
            ).height
            >= 2
        )
