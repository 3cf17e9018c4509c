"""check_households: per-code unit tests, frame types, and the synthetic population."""

from __future__ import annotations

import datetime as dt

import duckdb
import narwhals as nw
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from bansos_validate import synth
from bansos_validate.errors import InvalidArgument, SchemaError
from bansos_validate.household import CODES, SHDK_WORDS, HouseholdCheck, check_households
from bansos_validate.issues import CATALOGUE, Issue, Severity

REF = dt.date(2026, 11, 27)
KK = "3576010101200001"
KK2 = "3576010101200002"
HEAD = "3576010101800001"
WIFE = "3576014101820002"
CHILD = "3576010101050003"


def codes(frame: pl.DataFrame, **kwargs: object) -> list[list[str]]:
    result = check_households(frame, reference_date=REF, **kwargs)  # type: ignore[arg-type]
    return result.frame["household_issue_codes"].to_list()


def family(**extra: list[object]) -> pl.DataFrame:
    base: dict[str, list[object]] = {
        "nik": [HEAD, WIFE, CHILD],
        "no_kk": [KK, KK, KK],
        "hubungan_keluarga": ["KEPALA KELUARGA", "ISTRI", "ANAK"],
        "tanggal_lahir": ["1980-01-01", "1982-01-01", "2005-01-01"],
        "status_hidup": ["HIDUP", "HIDUP", "HIDUP"],
    }
    base.update(extra)
    return pl.DataFrame(base)


# --- catalogue ---------------------------------------------------------------------------


def test_every_code_is_in_the_catalogue_with_both_languages() -> None:
    for code in CODES:
        spec = CATALOGUE[code]
        assert spec.subject == "household"
        assert spec.id and spec.en and spec.id != spec.en
        assert Issue(code).message("en") == spec.en
    assert {c for c, d in CATALOGUE.items() if d.subject == "household"} == set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_every_catalogue_example_raises_its_code(code: str) -> None:
    example = CATALOGUE[code].example
    assert isinstance(example, dict)
    found = {c for row in codes(pl.DataFrame(example)) for c in row}
    assert code in found


def test_severities() -> None:
    sev = {c: CATALOGUE[c].severity for c in CODES}
    assert sev["household_head_missing"] is Severity.ERROR
    assert sev["household_head_multiple"] is Severity.ERROR
    assert sev["household_nik_in_two_kks"] is Severity.ERROR
    assert sev["household_kk_missing"] is Severity.ERROR
    assert sev["household_spouse_multiple"] is Severity.WARNING
    assert sev["household_head_deceased"] is Severity.WARNING
    assert sev["household_child_age_gap"] is Severity.WARNING
    assert sev["household_size_large"] is Severity.WARNING
    assert sev["household_member_region_differs"] is Severity.INFO


# --- one code at a time ------------------------------------------------------------------


def test_a_clean_family_has_no_codes() -> None:
    result = check_households(family(), reference_date=REF)
    assert result.frame["household_issue_codes"].to_list() == [[], [], []]
    assert result.frame["row"].to_list() == [1, 2, 3]
    assert result.households.to_dicts() == [
        {"no_kk": KK, "members": 3, "status": "valid", "issue_codes": []}
    ]
    assert result.issues.height == 0


def test_single_member_household_is_fine() -> None:
    frame = pl.DataFrame({"no_kk": [KK], "hubungan_keluarga": ["KEPALA KELUARGA"]})
    assert codes(frame) == [[]]


def test_missing_head_flags_every_member() -> None:
    frame = family(
        hubungan_keluarga=["ISTRI", "ANAK", "ANAK"],
        tanggal_lahir=["1980-01-01", "2005-01-01", "2007-01-01"],
    )
    assert codes(frame) == [["household_head_missing"]] * 3


def test_multiple_heads_flags_the_heads_only() -> None:
    frame = family(hubungan_keluarga=["KEPALA KELUARGA", " kepala  keluarga ", "ANAK"])
    assert codes(frame) == [["household_head_multiple"], ["household_head_multiple"], []]


def test_heads_are_counted_per_kk() -> None:
    frame = family(no_kk=[KK, KK2, KK], hubungan_keluarga=["KEPALA KELUARGA", "KK", "ANAK"])
    assert codes(frame) == [[], [], []]


@pytest.mark.parametrize(
    ("raw", "role"),
    [
        ("Kepala Keluarga", "KEPALA KELUARGA"),
        ("KK", "KEPALA KELUARGA"),
        ("kepala_keluarga", "KEPALA KELUARGA"),
        ("isteri", "ISTRI"),
        ("Anak Kandung", "ANAK"),
        ("orang-tua", "ORANG TUA"),
        ("Famili Lain", "FAMILI LAIN"),
        ("lain-lain", "LAINNYA"),
    ],
)
def test_shdk_spellings(raw: str, role: str) -> None:
    key = " ".join(raw.upper().replace("_", " ").replace("-", " ").split())
    assert SHDK_WORDS[key] == role
    frame = pl.DataFrame({"no_kk": [KK, KK], "hubungan_keluarga": ["KEPALA KELUARGA", raw]})
    expected = [["household_head_multiple"]] * 2 if role == "KEPALA KELUARGA" else [[], []]
    assert codes(frame) == expected


@pytest.mark.parametrize("raw", [None, "", "3", "KEPONAKAN?", "TEMAN"])
def test_unknown_or_missing_shdk_is_a_warning(raw: str | None) -> None:
    frame = pl.DataFrame(
        {"no_kk": [KK, KK], "hubungan_keluarga": ["KEPALA KELUARGA", raw]},
        schema={"no_kk": pl.String, "hubungan_keluarga": pl.String},
    )
    assert codes(frame) == [[], ["household_relationship_unknown"]]


def test_two_spouses_is_a_warning_on_both() -> None:
    frame = family(hubungan_keluarga=["KEPALA KELUARGA", "ISTRI", "ISTRI"])
    frame = frame.with_columns(
        pl.Series("tanggal_lahir", ["1980-01-01", "1982-01-01", "1985-01-01"])
    )
    assert codes(frame) == [[], ["household_spouse_multiple"], ["household_spouse_multiple"]]


def test_deceased_head() -> None:
    frame = family(status_hidup=[" meninggal ", "HIDUP", "HIDUP"])
    assert codes(frame) == [["household_head_deceased"], [], []]
    # A deceased child is not a roster problem.
    assert codes(family(status_hidup=["HIDUP", "HIDUP", "MENINGGAL"])) == [[], [], []]


def test_underage_head_and_spouse() -> None:
    frame = family(tanggal_lahir=["2011-01-01", "2010-11-28", None], nik=[HEAD, WIFE, None])
    assert codes(frame) == [
        ["household_head_underage"],
        ["household_spouse_underage"],
        [],
    ]
    # Exactly 16 on the reference date is old enough.
    frame = family(tanggal_lahir=["2010-11-27", "27/11/2010", None], nik=[HEAD, WIFE, None])
    assert codes(frame) == [[], [], []]


def test_nik_birth_date_is_used_when_tanggal_lahir_is_missing() -> None:
    # NIK of the head: born 01-01-2015 (DDMMYY 010115); of the wife: 41 -> 01-01-1982.
    head = "3576010101150001"
    frame = family(nik=[head, WIFE, None], tanggal_lahir=[None, None, None])
    assert codes(frame) == [["household_head_underage"], [], []]
    # A readable tanggal_lahir wins over the NIK.
    frame = family(nik=[head, WIFE, None], tanggal_lahir=["1980-01-01", None, None])
    assert codes(frame) == [[], [], []]


def test_date_typed_birth_dates() -> None:
    frame = family(tanggal_lahir=[dt.date(1980, 1, 1), dt.date(1982, 1, 1), dt.date(1975, 1, 1)])
    assert codes(frame) == [[], [], ["household_child_age_gap"]]


def test_child_age_gap_against_head_and_spouse() -> None:
    # 11 years younger than the wife: flagged; 12 years exactly is fine.
    frame = family(tanggal_lahir=["1970-01-01", "1990-06-01", "2001-06-01"])
    assert codes(frame) == [[], [], ["household_child_age_gap"]]
    frame = family(tanggal_lahir=["1970-01-01", "1990-06-01", "2002-06-01"])
    assert codes(frame) == [[], [], []]
    # Other roles (CUCU) are not compared.
    frame = family(
        hubungan_keluarga=["KEPALA KELUARGA", "ISTRI", "CUCU"],
        tanggal_lahir=["1970-01-01", "1990-06-01", "2001-06-01"],
    )
    assert codes(frame) == [[], [], []]


def test_nik_in_two_kks_flags_both_sides() -> None:
    frame = pl.DataFrame(
        {
            "nik": [HEAD, CHILD, "3576020101900001", CHILD],
            "no_kk": [KK, KK, KK2, KK2],
            "hubungan_keluarga": ["KEPALA KELUARGA", "ANAK", "KEPALA KELUARGA", "ANAK"],
        }
    )
    two = "household_nik_in_two_kks"
    region = "household_member_region_differs"
    assert codes(frame) == [[], [two], [], [two]]
    del region


def test_nik_twice_in_the_same_kk_is_not_in_two_kks() -> None:
    frame = family(nik=[HEAD, HEAD, CHILD])
    assert codes(frame) == [[], [], []]


def test_dummy_and_unreadable_niks_are_not_linked() -> None:
    frame = pl.DataFrame(
        {
            "nik": ["0000000000000000", "3.57601E+15", "0000000000000000", "3.57601E+15"],
            "no_kk": [KK, KK, KK2, KK2],
            "hubungan_keluarga": ["KEPALA KELUARGA", "ANAK"] * 2,
        }
    )
    assert codes(frame) == [[], [], [], []]


def test_dummy_patterns_match_the_nik_reader() -> None:
    from bansos_validate.household._check import _dummy
    from bansos_validate.ids._digits import _dummy_table

    dummies = sorted(_dummy_table())
    others = [HEAD, WIFE, CHILD, "3576014403910003", "1212121212121213", "1231231231231230"]
    frame = pl.DataFrame({"nik": dummies + others})
    flagged = nw.from_native(frame).select(_dummy(nw.col("nik")).alias("d")).to_native()["d"]
    assert flagged.to_list() == [True] * len(dummies) + [False] * len(others)


def test_member_region_differs_is_info() -> None:
    frame = family(nik=[HEAD, "3510014101820002", CHILD])
    assert codes(frame) == [[], ["household_member_region_differs"], []]
    result = check_households(frame, reference_date=REF)
    assert result.households["status"].to_list() == ["valid"]
    # Six digits compare the district.
    frame = family(nik=[HEAD, "3576024101820002", CHILD])
    assert codes(frame) == [[], [], []]
    assert codes(frame, region_digits=6) == [[], ["household_member_region_differs"], []]


def test_household_size() -> None:
    roles = ["KEPALA KELUARGA"] + ["ANAK"] * 14
    fifteen = pl.DataFrame({"no_kk": [KK] * 15, "hubungan_keluarga": roles})
    assert codes(fifteen) == [[]] * 15
    sixteen = pl.DataFrame({"no_kk": [KK] * 16, "hubungan_keluarga": [*roles, "CUCU"]})
    assert codes(sixteen) == [["household_size_large"]] * 16
    assert codes(sixteen, max_members=20) == [[]] * 16


def test_missing_and_unusable_kk_are_flagged_not_dropped() -> None:
    frame = pl.DataFrame(
        {
            "no_kk": [None, "  ", "3.57601E+15", "'3576010101200001", "3576010101200001.0"],
            "hubungan_keluarga": ["KEPALA KELUARGA", "ANAK", "ANAK", "KEPALA KELUARGA", "ANAK"],
        },
        schema={"no_kk": pl.String, "hubungan_keluarga": pl.String},
    )
    result = check_households(frame, reference_date=REF)
    assert result.frame["household_issue_codes"].to_list() == [
        ["household_kk_missing"],
        ["household_kk_missing"],
        ["household_kk_unusable"],
        [],
        [],
    ]
    assert result.frame["no_kk"].to_list() == frame["no_kk"].to_list()  # values unchanged
    assert result.households.to_dicts() == [
        {"no_kk": KK, "members": 2, "status": "valid", "issue_codes": []}
    ]


def test_household_status_is_the_worst_member_code() -> None:
    frame = pl.DataFrame(
        {
            "no_kk": [KK, KK, KK2, KK2],
            "hubungan_keluarga": ["KEPALA KELUARGA", "ISTRI", "ISTRI", "ANAK"],
            "status_hidup": ["MENINGGAL", "HIDUP", "HIDUP", "HIDUP"],
        }
    )
    households = check_households(frame, reference_date=REF).households
    assert households.to_dicts() == [
        {
            "no_kk": KK,
            "members": 2,
            "status": "warning",
            "issue_codes": ["household_head_deceased"],
        },
        {
            "no_kk": KK2,
            "members": 2,
            "status": "invalid",
            "issue_codes": ["household_head_missing"],
        },
    ]


def test_issues_frame() -> None:
    frame = family(
        hubungan_keluarga=["ISTRI", "ANAK", "ANAK"],
        tanggal_lahir=["1980-01-01", "2005-01-01", "2007-01-01"],
    )
    issues = check_households(frame, reference_date=REF).issues
    assert issues.columns == ["row", "no_kk", "field", "code", "severity", "message"]
    assert issues["row"].to_list() == [1, 2, 3]
    assert set(issues["severity"]) == {"error"}
    assert issues["message"][0] == CATALOGUE["household_head_missing"].id


def test_aliases_explicit_columns_and_row_column() -> None:
    frame = pl.DataFrame({"NO KK": [KK, KK], "SHDK": ["KEPALA KELUARGA", "ANAK"], "row": [10, 11]})
    result = check_households(frame, reference_date=REF)
    assert result.columns == {"no_kk": "NO KK", "hubungan_keluarga": "SHDK"}
    assert result.frame.columns == ["NO KK", "SHDK", "row", "household_issue_codes"]
    assert result.frame["row"].to_list() == [10, 11]
    renamed = frame.rename({"SHDK": "peran"}).drop("row")
    result = check_households(renamed, reference_date=REF, columns={"hubungan_keluarga": "peran"})
    assert result.frame["household_issue_codes"].to_list() == [[], []]


def test_bad_input() -> None:
    with pytest.raises(SchemaError, match="hubungan_keluarga"):
        check_households(pl.DataFrame({"no_kk": [KK]}), reference_date=REF)
    with pytest.raises(SchemaError, match="no_kk"):
        check_households(pl.DataFrame({"shdk": ["ANAK"]}), reference_date=REF)
    with pytest.raises(InvalidArgument):
        check_households([1, 2, 3], reference_date=REF)
    with pytest.raises(InvalidArgument):
        check_households(family(), reference_date="27-11-2026")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        check_households(family(), max_members=0)
    with pytest.raises(InvalidArgument):
        check_households(family(), region_digits=5)


# --- frame types -------------------------------------------------------------------------


def _mixed() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "nik": [HEAD, WIFE, CHILD, CHILD, "3510010101700009", None, "3576010101150001"],
            "no_kk": [KK, KK, KK, KK2, KK2, None, "3576010101200003"],
            "hubungan_keluarga": [
                "KEPALA KELUARGA",
                "ISTRI",
                "anak",
                "ANAK",
                "ISTRI",
                "KEPALA KELUARGA",
                "Kepala Keluarga",
            ],
            "tanggal_lahir": [None, "1982-01-01", "2005-01-01", None, "1970-01-01", None, None],
            "status_hidup": ["MENINGGAL", "HIDUP", "HIDUP", "HIDUP", "HIDUP", "HIDUP", "HIDUP"],
        }
    )


def _rows(result: HouseholdCheck) -> list[list[str]]:
    frame = nw.from_native(result.frame)
    if isinstance(frame, nw.LazyFrame):
        frame = frame.sort("row").collect()
    return [list(c) for c in frame["household_issue_codes"].to_list()]


def _households(result: HouseholdCheck) -> list[tuple[object, ...]]:
    frame = nw.from_native(result.households)
    if isinstance(frame, nw.LazyFrame):
        frame = frame.collect()
    return [(r[0], r[1], r[2], list(r[3])) for r in frame.sort("no_kk").rows()]


def _issue_count(result: HouseholdCheck) -> int:
    frame = nw.from_native(result.issues)
    if isinstance(frame, nw.LazyFrame):
        frame = frame.collect()
    return len(frame)


def test_same_results_on_every_frame_type() -> None:
    base = _mixed()
    expected = check_households(base, reference_date=REF)
    assert _rows(expected) == [
        ["household_head_deceased"],
        [],
        ["household_nik_in_two_kks"],
        ["household_head_missing", "household_nik_in_two_kks"],
        ["household_head_missing", "household_member_region_differs"],
        ["household_kk_missing"],
        ["household_head_underage"],
    ]
    inputs = {
        "polars_lazy": base.lazy(),
        "pandas": base.to_pandas(),
        "pandas_object": base.to_pandas().astype(object),
        "pyarrow": base.to_arrow(),
        "duckdb": duckdb.from_arrow(base.to_arrow()),
    }
    for name, native in inputs.items():
        result = check_households(native, reference_date=REF)
        assert type(result.frame) is type(native), name
        assert _rows(result) == _rows(expected), name
        assert _households(result) == _households(expected), name
        assert _issue_count(result) == expected.issues.height, name
    pandas_result = check_households(base.to_pandas(), reference_date=REF)
    assert isinstance(pandas_result.households, pd.DataFrame)
    assert isinstance(pandas_result.issues, pd.DataFrame)
    assert list(pandas_result.frame.columns) == [*base.columns, "row", "household_issue_codes"]
    arrow_result = check_households(base.to_arrow(), reference_date=REF)
    assert isinstance(arrow_result.households, pa.Table)


def test_pandas_index_is_kept() -> None:
    frame = family().to_pandas()
    frame.index = [7, 3, 5]
    result = check_households(frame, reference_date=REF)
    assert list(result.frame.index) == [7, 3, 5]
    assert result.frame["row"].tolist() == [1, 2, 3]


# --- the synthetic population ------------------------------------------------------------


@pytest.fixture(scope="module")
def checked() -> tuple[synth.Population, pl.DataFrame, pl.DataFrame]:
    pop = synth.generate(n_households=3000, seed=7)
    result = check_households(
        pop.persons.drop("person_id", "household_id"), reference_date=pop.reference_date
    )
    frame = result.frame.with_columns(pop.persons["household_id"])
    clean = synth.generate(n_households=3000, seed=7, error_rates=synth.ErrorRates.none()).persons
    return pop, frame, clean


def test_synthetic_rows_are_kept_in_order(
    checked: tuple[synth.Population, pl.DataFrame, pl.DataFrame],
) -> None:
    pop, frame, _ = checked
    assert frame.height == pop.persons.height
    assert frame["row"].to_list() == list(range(1, pop.persons.height + 1))
    assert frame.select(pop.persons.columns[:-2]).equals(
        pop.persons.select(pop.persons.columns[:-2])
    )


@pytest.mark.parametrize(
    ("kind", "code"),
    [("two_heads", "household_head_multiple"), ("nik_in_two_kks", "household_nik_in_two_kks")],
)
def test_synthetic_recall_on_the_planted_row(
    checked: tuple[synth.Population, pl.DataFrame, pl.DataFrame], kind: str, code: str
) -> None:
    pop, frame, _ = checked
    truth = pop.truth.filter(pl.col("table") == "persons")
    planted = truth.filter(pl.col("kind") == kind)
    if kind == "two_heads":
        # A KK typo on the planted head or on the real head separates the two heads into
        # different KKs: the roster no longer shows two heads on one card (not detectable).
        kk_hit = truth.filter(pl.col("column") == "no_kk")["household_id"].to_list()
        planted = planted.filter(~pl.col("household_id").is_in(kk_hit))
    rows = planted["row"]
    assert len(rows) > 0
    found = frame["household_issue_codes"]
    missed = [r for r in rows.to_list() if code not in found[r]]
    assert missed == []
    if kind == "nik_in_two_kks":
        # The other side (the person's row in their own KK) is flagged too.
        niks = pop.persons["nik"].gather(rows.to_list())
        sides = frame.filter(pl.col("nik").is_in(niks.to_list()))
        assert sides.height >= 2 * len(rows)
        assert all(code in c for c in sides["household_issue_codes"].to_list())


def test_synthetic_recall_missing_head(
    checked: tuple[synth.Population, pl.DataFrame, pl.DataFrame],
) -> None:
    pop, frame, clean = checked
    planted = pop.truth.filter((pl.col("table") == "persons") & (pl.col("kind") == "missing_head"))
    assert planted.height > 0
    true_kk = clean.group_by("household_id").agg(pl.col("no_kk").first())
    members = frame.join(true_kk, on=["household_id", "no_kk"]).filter(
        pl.col("household_id").is_in(planted["household_id"].to_list())
    )
    # Every remaining member carrying the household's own KK is flagged.
    assert members["household_id"].n_unique() == planted.height
    assert members["household_issue_codes"].list.contains("household_head_missing").all()


def test_synthetic_clean_households_have_no_error_codes(
    checked: tuple[synth.Population, pl.DataFrame, pl.DataFrame],
) -> None:
    pop, frame, _ = checked
    truth = pop.truth.filter(pl.col("table") == "persons")
    touched = set(truth["household_id"].to_list())

    # A damaged NIK elsewhere can equal a clean person's NIK (Excel precision loss turns
    # ...0009 into ...0010): that clean row is then rightly one side of a NIK in two KKs.
    # The same holds for a damaged KK number that equals a clean household's KK.
    def observed(column: str) -> list[str]:
        return truth.filter(pl.col("column") == column)["observed_value"].drop_nulls().to_list()

    errors = [c for c in CODES if CATALOGUE[c].severity is Severity.ERROR]
    clean_rows = frame.filter(
        ~pl.col("household_id").is_in(list(touched))
        & ~pl.col("nik").is_in(observed("nik"))
        & ~pl.col("no_kk").is_in(observed("no_kk"))
    )
    assert clean_rows.height > 0.9 * frame.height * 0.8
    flagged = clean_rows.filter(
        pl.col("household_issue_codes").list.eval(pl.element().is_in(errors)).list.any()
    )
    assert flagged.height == 0, flagged.select("household_id", "household_issue_codes").head()


def test_date_typed_birth_dates_give_the_same_ages() -> None:
    text = family(tanggal_lahir=["2011-01-01", "2010-11-28", None], nik=[HEAD, WIFE, None])
    typed = text.with_columns(pl.col("tanggal_lahir").str.to_date())
    assert codes(typed) == codes(text)
    assert "household_spouse_underage" in codes(typed)[1]
