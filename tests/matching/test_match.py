from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest

from bansos_validate import synth
from bansos_validate.errors import InvalidArgument, SchemaError
from bansos_validate.matching import (
    BLOCKING_KEYS,
    CASCADE_RULES,
    DEFAULT_COMPARISONS,
    DEFAULT_THRESHOLD,
    Comparison,
    DateWithinLevel,
    DayMonthSwapLevel,
    EditDistanceLevel,
    ElseLevel,
    ExactLevel,
    JaroWinklerLevel,
    MatchResult,
    NullLevel,
    PlaceholderDateLevel,
    YearApartLevel,
    dedupe,
    match_records,
)
from bansos_validate.matching._comparisons import PairValues

IDS = ["person_id", "household_id"]


@pytest.fixture(scope="module")
def pop() -> synth.Population:
    return synth.generate(n_households=2_000, seed=7)


@pytest.fixture(scope="module")
def linked(pop: synth.Population) -> MatchResult:
    return match_records(pop.persons.drop(IDS), pop.second_view.drop(IDS))


def quality(pop: synth.Population, result: MatchResult) -> tuple[float, float, float]:
    lp = pop.persons["person_id"].to_numpy()
    rp = pop.second_view["person_id"].to_numpy()
    li = result.pairs["left_row"].to_numpy()
    ri = result.pairs["right_row"].to_numpy()
    ok = lp[li] == rp[ri]
    precision = float(ok.mean())
    truth = set(lp) & set(rp)
    recall = len(set(lp[li][ok])) / len(truth)
    # household level: every member present in both sources linked to the right row
    correct = set(lp[li][ok])
    members = pop.persons.filter(pl.col("person_id").is_in(list(truth)))
    per_kk = members.group_by("household_id").agg(
        pl.col("person_id").is_in(list(correct)).all().alias("all_ok")
    )
    return precision, recall, float(per_kk["all_ok"].mean())


def test_precision_recall_on_default_error_rates(pop, linked):
    precision, recall, households = quality(pop, linked)
    assert precision >= 0.995
    assert recall >= 0.98
    assert households >= 0.97


def test_precision_recall_with_three_times_the_errors():
    pop = synth.generate(n_households=800, seed=11, error_rates=synth.ErrorRates().scaled(3))
    result = match_records(pop.persons.drop(IDS), pop.second_view.drop(IDS))
    precision, recall, _ = quality(pop, result)
    assert precision >= 0.995
    assert recall >= 0.98


def test_every_rule_is_used_and_pairs_are_one_to_one(linked):
    pairs = linked.pairs
    assert set(pairs["rule"].unique()) == {*CASCADE_RULES, "probabilistic"}
    assert pairs["left_row"].is_unique().all()
    assert pairs["right_row"].is_unique().all()
    assert list(pairs.columns[:5]) == ["left_row", "right_row", "rule", "score", "probability"]
    for comp in DEFAULT_COMPARISONS:
        assert f"level_{comp.name}" in pairs.columns
        assert set(pairs[f"level_{comp.name}"].unique()) <= set(comp.labels)


def test_unmatched_rows_complete_the_pairs(pop, linked):
    assert linked.pairs.height + linked.unmatched_left.len() == pop.persons.height
    assert linked.pairs.height + linked.unmatched_right.len() == pop.second_view.height
    assert not set(linked.unmatched_left) & set(linked.pairs["left_row"])


def test_blocking_report(linked):
    report = linked.blocking
    assert report.columns == ["stage", "key", "pairs", "accepted", "skipped_values"]
    keys = report["key"].to_list()
    assert keys[: len(CASCADE_RULES)] == list(CASCADE_RULES)
    assert set(BLOCKING_KEYS) <= set(keys)
    assert report.filter(pl.col("stage") == "cascade")["accepted"].sum() > 0
    # near-linear: far fewer candidate pairs than rows squared
    assert report["pairs"].sum() < 5 * linked.pairs.height


def test_explain_sums_to_score(linked):
    for i in range(0, linked.pairs.height, 97):
        table = linked.explain(i)
        assert table["comparison"].to_list() == ["prior", *(c.name for c in linked.comparisons)]
        assert math.isclose(table["weight"].sum(), linked.pairs["score"][i], abs_tol=1e-9)
        assert math.isclose(table["cumulative"][-1], linked.pairs["score"][i], abs_tol=1e-9)


def test_explain_never_shows_a_raw_nik(pop, linked):
    i = linked.pairs["rule"].to_list().index("nik_exact_name")
    left_row = linked.pairs["left_row"][i]
    nik = pop.persons["nik"][left_row]
    text = linked.explain_text(i)
    table = linked.explain(i)
    assert nik not in text
    assert nik not in " ".join(table["left"].to_list() + table["right"].to_list())
    assert nik[:6] + "*" * 10 in text
    assert "= score" in text
    assert "probability" in text


def test_explain_index_checked(linked):
    with pytest.raises(InvalidArgument):
        linked.explain(linked.pairs.height)
    with pytest.raises(InvalidArgument):
        linked.explain("0")  # type: ignore[arg-type]


def _person(**kw: str | None) -> dict[str, str | None]:
    base: dict[str, str | None] = {
        "nik": "3576014403910003",
        "no_kk": "3576011204150001",
        "nama": "SITI AMINAH",
        "jenis_kelamin": "P",
        "tanggal_lahir": "1991-03-04",
        "kode_wilayah": "3576011004",
        "alamat": "JL MELATI NO 3",
    }
    base.update(kw)
    return base


def _one(left: dict, right: dict, **kw) -> MatchResult:
    return match_records(pl.DataFrame([left]), pl.DataFrame([right]), **kw)


def test_rule_nik_exact_name():
    r = _one(_person(), _person(nama="Hj. Siti Aminah, S.Pd", no_kk="3576019999990001"))
    assert r.pairs["rule"].to_list() == ["nik_exact_name"]
    # same NIK but another person's name (a family member's NIK): not this rule
    r = _one(_person(), _person(nama="BUDI SANTOSO", jenis_kelamin="L", tanggal_lahir="1960-01-01"))
    assert "nik_exact_name" not in r.pairs["rule"].to_list()


@pytest.mark.parametrize(
    "nik",
    ["3576014403910008", "3576014403910030", "3576014430910003"],
    ids=["typo", "typo2", "swap"],
)
def test_rule_nik_typo_name_dob(nik):
    r = _one(_person(nik=nik, no_kk=None), _person(no_kk=None))
    assert r.pairs["rule"].to_list() == ["nik_typo_name_dob"]
    assert r.pairs["level_nik"].to_list() == ["NIK one digit off or swapped"]


def test_rule_nik_typo_needs_same_dob_and_one_edit():
    r = _one(_person(nik="3576014403910088", no_kk=None), _person(no_kk=None))
    assert "nik_typo_name_dob" not in r.pairs["rule"].to_list()
    r = _one(
        _person(nik="3576014403910008", no_kk=None, tanggal_lahir="1991-03-05"),
        _person(no_kk=None),
    )
    assert "nik_typo_name_dob" not in r.pairs["rule"].to_list()


def test_rule_kk_name():
    r = _one(_person(nik=None, tanggal_lahir=None), _person(nama="SITI AMINAH"))
    assert r.pairs["rule"].to_list() == ["kk_name"]
    # the same name twice in the KK (mother and daughter): clashing birth dates
    r = _one(_person(nik=None, tanggal_lahir="2013-05-19"), _person())
    assert "kk_name" not in r.pairs["rule"].to_list()


def test_rule_kk_name_needs_a_unique_key():
    left = pl.DataFrame(
        [_person(nik=None, tanggal_lahir=None), _person(nik=None, tanggal_lahir=None)]
    )
    r = match_records(left, pl.DataFrame([_person()]))
    assert "kk_name" not in r.pairs["rule"].to_list()


def test_rule_name_dob_district():
    r = _one(
        _person(nik=None, no_kk=None, kode_wilayah="3576011005"),
        _person(no_kk="3576010101200001", kode_wilayah="3576011004"),
    )
    assert r.pairs["rule"].to_list() == ["name_dob_district"]


def test_probabilistic_stage():
    r = _one(_person(nik=None, no_kk=None, nama="SITI AMINA"), _person(no_kk=None))
    assert r.pairs["rule"].to_list() == ["probabilistic"]
    assert r.pairs["probability"][0] >= DEFAULT_THRESHOLD
    weaker = _person(nik=None, no_kk=None, nama="SITI AMINA")
    r = _one(weaker, _person(no_kk=None, kode_wilayah="3576011001", alamat="JL MAWAR"))
    assert r.pairs["rule"].to_list() == ["probabilistic"]
    p = r.pairs["probability"][0]
    assert p < 1.0
    r = _one(
        weaker,
        _person(no_kk=None, kode_wilayah="3576011001", alamat="JL MAWAR"),
        threshold=(1 + p) / 2,
    )
    assert r.pairs.height == 0
    assert r.unmatched_left.to_list() == [0]


def test_one_to_one_off_keeps_every_candidate():
    left = pl.DataFrame([_person(), _person(no_kk="3576010101200001")])  # same person twice
    right = pl.DataFrame([_person()])
    assert match_records(left, right).pairs.height == 1
    assert match_records(left, right, one_to_one=False).pairs.height == 2


def test_other_frame_types_and_aliases():
    pd = pytest.importorskip("pandas")
    left = pd.DataFrame([_person()]).rename(columns={"nik": "NIK", "nama": "NAMA LENGKAP"})
    right = pl.DataFrame([_person(tanggal_lahir="04-03-1991")]).to_arrow()
    r = match_records(left, right)
    assert r.pairs["rule"].to_list() == ["nik_exact_name"]
    assert r.pairs["level_tanggal_lahir"].to_list() == ["birth date exact"]


def test_bad_input():
    with pytest.raises(SchemaError):
        match_records(pl.DataFrame({"x": ["a"]}), pl.DataFrame({"nama": ["a"]}))
    with pytest.raises(InvalidArgument):
        match_records(pl.DataFrame([_person()]), pl.DataFrame([_person()]), threshold=1.5)
    with pytest.raises(InvalidArgument):
        match_records([1, 2], pl.DataFrame([_person()]))


def test_dedupe_clusters_the_same_person(pop):
    persons = pop.persons
    result = dedupe(persons.drop(IDS))
    pid = persons["person_id"].to_numpy()
    li, ri = result.pairs["left_row"].to_numpy(), result.pairs["right_row"].to_numpy()
    assert (li < ri).all()
    assert (pid[li] == pid[ri]).mean() >= 0.95
    dupes = persons.height - persons["person_id"].n_unique()
    assert result.pairs.height >= 0.8 * dupes
    clusters = result.clusters
    assert clusters is not None
    assert clusters.height == persons.height
    for a, b in zip(li, ri, strict=True):
        assert clusters["cluster"][int(a)] == clusters["cluster"][int(b)]


def test_levels_and_comparisons_read_well():
    assert repr(JaroWinklerLevel(0.9)) == "<Jaro-Winkler >= 0.9>"
    assert repr(NullLevel()) == "<null>"
    assert repr(EditDistanceLevel(2)) == "<at most 2 edits>"
    nama = DEFAULT_COMPARISONS[1]
    assert repr(nama).startswith(
        "<Comparison nama: null | normalised name exact | name similarity >= 0.95"
    )
    # strictest first: weights fall level by level
    for comp in DEFAULT_COMPARISONS:
        w = [
            x
            for lv, x in zip(comp.levels, comp.weights, strict=True)
            if not lv.is_null and not isinstance(lv, PlaceholderDateLevel)
        ]
        assert w == sorted(w, reverse=True), comp
        assert isinstance(comp.levels[-1], ElseLevel)
        assert math.isclose(sum(comp.m), 1.0, abs_tol=1e-6)
        assert math.isclose(sum(comp.u), 1.0, abs_tol=1e-6)
    data = nama.to_dict()
    assert data["levels"][2] == {
        "type": "JaroWinklerLevel",
        "label": "name similarity >= 0.95",
        "threshold": 0.95,
    }
    with pytest.raises(InvalidArgument):
        Comparison("x", "sex", (ExactLevel(), ElseLevel()), m=(1.0,), u=(0.5, 0.5))
    with pytest.raises(InvalidArgument):
        Comparison("x", "sex", (ExactLevel(), ElseLevel()), m=(0.0, 1.0), u=(0.5, 0.5))
    with pytest.raises(InvalidArgument):  # labels name the levels in pairs and explain
        Comparison(
            "x", "sex", (ExactLevel(), ElseLevel(label="exact match")), m=(0.5, 0.5), u=(0.5, 0.5)
        )


def _true_mu(pop: synth.Population, comparisons, result: MatchResult):
    """True m (among true links) and u (among random non-links) per level."""
    from bansos_validate.matching._engine import _gamma, _Side

    lp, rp = result.left_features, result.right_features
    fields = {c.field for c in comparisons}
    left, right = _Side(lp, fields), _Side(rp, fields)
    lid = pop.persons["person_id"].to_numpy()
    rid = pop.second_view["person_id"].to_numpy()
    index = {p: k for k, p in enumerate(rid)}
    li = np.array([k for k, p in enumerate(lid) if p in index])
    ri = np.array([index[p] for p in lid[li]])
    rng = np.random.default_rng(5)
    ul, ur = rng.integers(0, len(lid), 20_000), rng.integers(0, len(rid), 20_000)
    keep = lid[ul] != rid[ur]
    gm = _gamma(comparisons, left, right, li, ri)
    gu = _gamma(comparisons, left, right, ul[keep], ur[keep])
    out = []
    for c, comp in enumerate(comparisons):
        nonnull = [k for k, lv in enumerate(comp.levels) if not lv.is_null]
        m = np.bincount(gm[:, c], minlength=len(comp.levels))[nonnull]
        u = np.bincount(gu[:, c], minlength=len(comp.levels))[nonnull]
        out.append((m / m.sum(), u / u.sum()))
    return out


def test_em_moves_m_and_u_toward_the_truth(pop):
    # start from a deliberately poor, flat guess
    start = tuple(
        c.with_probabilities([1.0 / len(c.m)] * len(c.m), [1.0 / len(c.u)] * len(c.u))
        for c in DEFAULT_COMPARISONS
    )
    left, right = pop.persons.drop(IDS), pop.second_view.drop(IDS)
    fitted = match_records(left, right, comparisons=start, estimate=True)
    truth = _true_mu(pop, start, fitted)
    before_m = after_m = before_u = after_u = 0.0
    for comp0, comp1, (tm, tu) in zip(start, fitted.comparisons, truth, strict=True):
        before_m += np.abs(np.array(comp0.m) - tm).sum()
        after_m += np.abs(np.array(comp1.m) - tm).sum()
        before_u += np.abs(np.array(comp0.u) - tu).sum()
        after_u += np.abs(np.array(comp1.u) - tu).sum()
    assert after_m < 0.5 * before_m
    assert after_u < 0.5 * before_u
    # and the estimated model still links well
    precision, recall, _ = quality(pop, fitted)
    assert precision >= 0.995
    assert recall >= 0.98


# --- frames in, same frame type out ---------------------------------------------------------


def _sources() -> tuple[pl.DataFrame, pl.DataFrame]:
    left = pl.DataFrame(
        [
            _person(),
            _person(nik="3576010101800001", nama="BUDI SANTOSO", jenis_kelamin="L"),
            _person(nik="3576015505100002", nama="DEWI LESTARI", tanggal_lahir="2010-05-15"),
        ]
    )
    right = pl.DataFrame(
        [
            _person(nik="3576015505100002", nama="DEWI LESTARI", tanggal_lahir="2010-05-15"),
            _person(nama="Hj. Siti Aminah"),
            _person(nik="3576016006990001", nama="RINA", tanggal_lahir="1999-06-20"),
        ]
    )
    return left, right


def _to_kind(frame: pl.DataFrame, kind: str) -> object:
    import duckdb

    return {
        "polars": lambda: frame,
        "lazy": frame.lazy,
        "pandas": frame.to_pandas,
        "pyarrow": frame.to_arrow,
        "duckdb": lambda: duckdb.from_arrow(frame.to_arrow()),
    }[kind]()


def _as_polars(frame: object) -> pl.DataFrame:
    import narwhals as nw

    wrapped = nw.from_native(frame)
    if isinstance(wrapped, nw.LazyFrame):
        wrapped = wrapped.collect(backend="polars")
    return wrapped.to_polars()


@pytest.mark.parametrize("kind", ["polars", "lazy", "pandas", "pyarrow", "duckdb"])
def test_results_come_back_as_the_input_frame_type(kind: str) -> None:
    left, right = _sources()
    expected = match_records(left, right)
    result = match_records(_to_kind(left, kind), _to_kind(right, kind))
    native = type(_to_kind(left, kind))
    for frame in (result.pairs, result.households, result.unmatched_left_rows):
        assert isinstance(frame, native), (kind, type(frame))
    assert isinstance(result.unmatched_right_rows, native)
    assert _as_polars(result.pairs).equals(expected.polars_pairs)
    assert result.polars_pairs.equals(expected.polars_pairs)
    assert sorted(result.polars_pairs.select("left_row", "right_row").rows()) == [(0, 1), (2, 0)]
    unmatched_left = _as_polars(result.unmatched_left_rows)
    assert unmatched_left.columns == [*left.columns, "left_row"]
    assert unmatched_left["left_row"].to_list() == [1]
    assert unmatched_left["nama"].to_list() == ["BUDI SANTOSO"]
    unmatched_right = _as_polars(result.unmatched_right_rows)
    assert unmatched_right["right_row"].to_list() == [2]
    assert unmatched_right["nik"].to_list() == ["3576016006990001"]
    assert _as_polars(result.households).equals(expected.households)


def test_mixed_input_types_follow_each_side() -> None:
    pd = pytest.importorskip("pandas")
    left, right = _sources()
    result = match_records(left.to_pandas(), right)
    assert isinstance(result.pairs, pd.DataFrame)
    assert isinstance(result.unmatched_left_rows, pd.DataFrame)
    assert isinstance(result.unmatched_right_rows, pl.DataFrame)


def test_dedupe_clusters_come_back_as_the_input_frame_type() -> None:
    pd = pytest.importorskip("pandas")
    budi = _person(nik=None, no_kk=None, nama="BUDI", jenis_kelamin="L", tanggal_lahir="1960-01-01")
    f = pl.DataFrame([_person(), _person(no_kk="3576010101200001"), budi])
    result = dedupe(f.to_pandas())
    assert isinstance(result.pairs, pd.DataFrame)
    assert isinstance(result.clusters, pd.DataFrame)
    assert result.clusters["cluster"].tolist() == [0, 0, 2]
    assert result.households is None


# --- households linked through their members ------------------------------------------------


def test_households_are_linked_through_their_members() -> None:
    kk, other, split = "3576011204150001", "3576011204150002", "3576011204159999"
    members = [
        ("3576014403910003", "SITI AMINAH", "1991-03-04", "P"),
        ("3576011203880001", "AGUS SALIM", "1988-03-12", "L"),
        ("3576015505100002", "DEWI LESTARI", "2010-05-15", "P"),
        ("3576011506120003", "RIZKY PRATAMA", "2012-06-15", "L"),
    ]

    def rows(kks: list[str]) -> pl.DataFrame:
        return pl.DataFrame(
            [
                _person(nik=n, nama=name, tanggal_lahir=dob, jenis_kelamin=sex, no_kk=k)
                for (n, name, dob, sex), k in zip(members, kks, strict=True)
            ]
        )

    # right: the family was split into two KKs (the eldest child moved out), and
    # another family's card is unrelated
    left = pl.concat([rows([kk] * 4), pl.DataFrame([_person(nik=None, nama="X Y", no_kk=other)])])
    right = rows([kk, kk, kk, split])
    result = match_records(left, right)
    households = result.households
    assert households.columns == [
        "left_no_kk",
        "right_no_kk",
        "linked",
        "left_members",
        "right_members",
        "same_kk",
        "status",
        "assigned",
    ]
    assert households.rows() == [
        (kk, kk, 3, 4, 3, True, "partial", True),
        (kk, split, 1, 4, 1, False, "partial", False),
    ]
    same = match_records(rows([kk] * 4), rows([split] * 4)).households
    assert same.rows() == [(kk, split, 4, 4, 4, False, "complete", True)]


def test_household_level_rate_of_correctly_matched_kks(pop, linked):
    households = linked.households.filter(pl.col("assigned"))
    assert households["left_no_kk"].is_unique().all()
    assert households["right_no_kk"].is_unique().all()

    def true_household(frame: pl.DataFrame, column: str) -> pl.DataFrame:
        return (
            frame.group_by("no_kk")
            .agg(pl.col("household_id").mode().first().alias("hid"))
            .rename({"no_kk": column})
        )

    truth_l = true_household(pop.persons, "left_no_kk")
    truth_r = true_household(pop.second_view, "right_no_kk").rename({"hid": "hid_r"})
    judged = households.join(truth_l, on="left_no_kk").join(truth_r, on="right_no_kk")
    right_kk = judged["hid"] == judged["hid_r"]
    assert right_kk.mean() >= 0.99  # an assigned pair of KKs is the same family
    # nearly every family with a member in both sources has its KK linked to its KK
    both = set(pop.persons["person_id"]) & set(pop.second_view["person_id"])
    families = set(pop.persons.filter(pl.col("person_id").is_in(list(both)))["household_id"])
    found = set(judged.filter(right_kk)["hid"])
    assert len(found) >= 0.98 * len(families)
    complete = linked.households.filter(pl.col("status") == "complete").height
    assert complete >= 0.8 * households.height


# --- birth dates: swaps, placeholders, near dates ----------------------------------------------


def _levels(comparison, left, right) -> list[str]:
    gamma = comparison.assign(np.asarray(left, dtype=object), np.asarray(right, dtype=object))
    return [comparison.labels[g] for g in gamma]


def test_birth_date_levels():
    dob = next(c for c in DEFAULT_COMPARISONS if c.name == "tanggal_lahir")
    pairs = [
        ("1991-03-04", "1991-03-04", "birth date exact"),
        ("1991-03-04", "1991-04-03", "birth day and month swapped"),
        ("1991-03-04", "1992-03-04", "same day and month, a year apart"),
        ("1999-03-04", "2000-03-04", "same day and month, a year apart"),
        ("1991-03-04", "1991-03-05", "birth date one digit off"),
        ("1991-12-31", "1991-11-06", "one date a placeholder (1 Jul / 31 Dec / 1 Jan), same year"),
        ("1991-07-01", "1991-07-01", "same placeholder date (1 Jul / 31 Dec / 1 Jan)"),
        ("1991-03-04", "1991-02-27", "birth dates within 31 days"),
        ("1991-03-04", "1995-08-20", "birth dates differ"),
        ("1991-04-04", "1991-04-04", "birth date exact"),
        (None, "1991-03-04", "null"),
    ]
    got = _levels(dob, [a for a, _, _ in pairs], [b for _, b, _ in pairs])
    assert got == [label for _, _, label in pairs]
    assert repr(DateWithinLevel(31)) == "<within 31 days>"
    assert repr(YearApartLevel(2)) == "<same day and month, 2 years apart>"


def test_nik_day_month_swap_level():
    nik = next(c for c in DEFAULT_COMPARISONS if c.name == "nik")
    got = _levels(
        nik,
        ["3576014403910003", "3576010403910003", "3576010404910003", "3576014403910003"],
        ["3576014304910003", "3576010304910003", "3576010404910003", "3576014403910004"],
    )
    assert got == [
        "NIK day and month swapped",  # a woman: the 40 stays on the first field
        "NIK day and month swapped",
        "NIK exact",
        "NIK one digit off or swapped",
    ]
    assert not DayMonthSwapLevel("nik").applies(
        PairValues(np.asarray(["3576014403910003"], dtype=object),
                   np.asarray(["3576010403910003"], dtype=object), "jaro_winkler")
    ).any()  # fmt: skip


def test_rule_kk_name_accepts_swapped_and_placeholder_dates():
    r = _one(_person(nik=None, tanggal_lahir="1991-04-03"), _person())
    assert r.pairs["rule"].to_list() == ["kk_name"]
    r = _one(_person(nik="1111111111111111", tanggal_lahir="1991-12-31"), _person())
    assert r.pairs["rule"].to_list() == ["kk_name"]
    # a placeholder of another year is a clash
    r = _one(_person(nik=None, tanggal_lahir="1990-12-31"), _person(nama="SITI AMINAH"))
    assert "kk_name" not in r.pairs["rule"].to_list()


def test_filler_and_one_digit_longer_niks():
    # a filler NIK is no NIK: it neither links nor counts against the pair
    r = _one(_person(nik="1111111111111111"), _person(nik="1111111111111111"))
    assert r.pairs["rule"].to_list() == ["kk_name"]
    assert r.pairs["level_nik"].to_list() == ["null"]
    # a doubled digit (17 digits) is one edit from the NIK
    r = _one(_person(nik="35760144039100003", no_kk=None), _person(no_kk=None))
    assert r.pairs["rule"].to_list() == ["nik_typo_name_dob"]


def test_name_with_a_word_dropped():
    nama = next(c for c in DEFAULT_COMPARISONS if c.name == "nama")
    got = _levels(
        nama, ["BAYU UTOMO", "SRI WAHYUNI", "BAYU"], ["UTOMO", "SRI WAHYUNINGSIH", "BAYU"]
    )
    assert got == [
        "one name's words all in the other",
        "name similarity >= 0.88",  # a longer word is not the same word
        "normalised name exact",
    ]
    r = _one(_person(nik=None, nama="PUTRI RAHAYU"), _person(nama="RAHAYU"))
    assert r.pairs["rule"].to_list() == ["probabilistic"]


def test_random_pairs_for_u_never_pair_a_row_with_itself_when_deduplicating() -> None:
    from bansos_validate.matching import DEFAULT_COMPARISONS
    from bansos_validate.matching._engine import _random_u, _Side
    from bansos_validate.matching._prepare import prepare

    # Thirty people: of the 900 random pairs about 30 would be a row with itself,
    # which agrees on everything and makes "names agree" look common among non-matches.
    names = [f"ORANG {chr(65 + i % 26)}{chr(65 + i // 26)}{i}" for i in range(30)]
    people = pl.DataFrame(
        {"nama": names, "tanggal_lahir": [f"19{50 + i}-03-04" for i in range(30)]}
    )
    features, _ = prepare(people, None)
    fields = {c.field for c in DEFAULT_COMPARISONS}
    side = _Side(features, fields)
    apart = _random_u(DEFAULT_COMPARISONS, side, side, self_link=True)
    together = _random_u(DEFAULT_COMPARISONS, side, side, self_link=False)
    name = [c.name for c in DEFAULT_COMPARISONS].index("nama")
    prior = np.clip(np.asarray(DEFAULT_COMPARISONS[name].u, dtype=np.float64), 1e-9, 1.0)
    assert apart[name][0] == prior[0]  # no pair agrees: the prior stands
    assert together[name][0] > 5 * apart[name][0]  # self-pairs inflate "names agree"


def test_compact_birth_dates_link() -> None:
    # A birth date written without separators (a SIAK or Febrl export: 19910304) is read
    # as the same date as 1991-03-04, so the pair is found (before: no link, no warning).
    names = ["SITI AMINAH", "BUDI SANTOSO", "DEWI LESTARI", "RUDI HARTONO"]
    dobs = ["19910304", "19880712", "19990815", "19650220"]
    left = pl.DataFrame({"nama": names, "tanggal_lahir": dobs})
    iso = [f"{d[:4]}-{d[4:6]}-{d[6:]}" for d in dobs]
    right = pl.DataFrame({"nama": names, "tanggal_lahir": iso})
    result = match_records(left, right)
    assert sorted(zip(result.pairs["left_row"], result.pairs["right_row"], strict=True)) == [
        (0, 0),
        (1, 1),
        (2, 2),
        (3, 3),
    ]


def test_a_comparison_of_a_field_the_matcher_does_not_prepare_is_a_schema_error() -> None:
    from bansos_validate.matching import DEFAULT_COMPARISONS, Comparison

    name = DEFAULT_COMPARISONS[[c.name for c in DEFAULT_COMPARISONS].index("nama")]
    postcode = Comparison("kodepos", "kodepos", name.levels, m=name.m, u=name.u)
    people = pl.DataFrame(
        {"nama": ["SITI AMINAH"], "tanggal_lahir": ["1991-03-04"], "kodepos": ["61311"]}
    )
    with pytest.raises(SchemaError, match="'kodepos', which the matcher does not prepare") as e:
        match_records(people, people, comparisons=[*DEFAULT_COMPARISONS, postcode])
    assert e.value.column == "kodepos"
    assert "nama" in e.value.found


def test_unreadable_birth_dates_are_reported_by_row_never_by_value() -> None:
    people = pl.DataFrame(
        {
            "row": [2, 3, 4],
            "nama": ["SITI AMINAH", "BUDI SANTOSO", "DEWI LESTARI"],
            "tanggal_lahir": ["03/31/1991", "1988-07-12", " "],
        }
    )
    result = dedupe(people)
    notes = [n for n in result.manifest.notes if n.code == "input_date_unreadable"]
    assert len(notes) == 1
    assert (
        notes[0].message("en").startswith("1 tanggal_lahir values cannot be read as dates: rows 2.")
    )
    assert "03/31" not in notes[0].message("id")
    clean = people.with_columns(pl.lit("1991-03-04").alias("tanggal_lahir"))
    assert "input_date_unreadable" not in dedupe(clean).manifest.codes()


def test_an_address_without_kk_or_village_is_no_evidence_against_a_pair() -> None:
    # Without a KK number or a village code an address places no household: the household
    # comparison takes its null level (weight 0), not "other district" (a penalty on every
    # pair, true ones too).
    people = pl.DataFrame(
        {
            "nama": ["SITI AMINAH", "BUDI SANTOSO"],
            "tanggal_lahir": ["1991-03-04", "1988-07-12"],
            "alamat": ["JL MAWAR 3", "JL MELATI 9"],
        }
    )
    result = match_records(people, people)
    assert len(result) == 2
    assert result.pairs["weight_rumah_tangga"].to_list() == [0.0, 0.0]
    with_kk = people.with_columns(pl.Series("no_kk", ["3576010101200001", "3576010101200002"]))
    kk_result = match_records(with_kk, with_kk)
    assert all(w > 0 for w in kk_result.pairs["weight_rumah_tangga"].to_list())
