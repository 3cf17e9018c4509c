"""The deterministic cascade as declared data (matching/_cascade.py) and its engine."""

from __future__ import annotations

import typing

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from bansos_validate import synth
from bansos_validate.errors import InvalidArgument
from bansos_validate.matching import (
    CASCADE_RULES,
    DEDUPE_THRESHOLD,
    DEFAULT_COMPARISONS,
    DEFAULT_THRESHOLD,
    MAX_BLOCK_PAIRS,
    MatchResult,
    dedupe,
    match_records,
)
from bansos_validate.matching._cascade import (
    CASCADE,
    PROBABILISTIC,
    CascadeRule,
    CascadeRuleId,
    LinkRule,
    NamesCompatible,
)
from bansos_validate.matching._engine import _link
from bansos_validate.matching._prepare import FEATURES, prepare

IDS = ["person_id", "household_id"]


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


# per rule, a left and a right record the default cascade links by that rule
CASES: dict[str, tuple[dict[str, str | None], dict[str, str | None]]] = {
    "nik_exact_name": (
        _person(),
        _person(nama="Hj. Siti Aminah, S.Pd", no_kk="3576019999990001"),
    ),
    "nik_typo_name_dob": (_person(nik="3576014403910008", no_kk=None), _person(no_kk=None)),
    "kk_name": (_person(nik=None, tanggal_lahir=None), _person()),
    "name_dob_district": (
        _person(nik=None, no_kk=None, kode_wilayah="3576011005"),
        _person(no_kk="3576010101200001", kode_wilayah="3576011004"),
    ),
}


def _run(
    left: pl.DataFrame,
    right: pl.DataFrame | None,
    cascade: tuple[CascadeRule, ...],
) -> MatchResult:
    """The engine on prepared features with ``cascade``; ``right=None`` deduplicates."""
    lp, _ = prepare(left, None, name="left")
    rp = lp if right is None else prepare(right, None, name="right")[0]
    return _link(
        lp,
        rp,
        comparisons=DEFAULT_COMPARISONS,
        threshold=DEDUPE_THRESHOLD if right is None else DEFAULT_THRESHOLD,
        one_to_one=right is not None,
        estimate=False,
        self_link=right is None,
        max_block_pairs=MAX_BLOCK_PAIRS,
        cascade=cascade,
    )


def _without(rule_id: str) -> tuple[CascadeRule, ...]:
    return tuple(rule for rule in CASCADE if rule.id != rule_id)


def _cascade_keys(result: MatchResult) -> list[str]:
    return result.blocking.filter(pl.col("stage") == "cascade")["key"].to_list()


@pytest.fixture(scope="module")
def pop() -> synth.Population:
    return synth.generate(n_households=400, seed=5, error_rates=synth.ErrorRates().scaled(3))


def test_the_declared_ids_are_the_public_ones_and_the_typed_ones():
    ids = tuple(rule.id for rule in CASCADE)
    assert ids == CASCADE_RULES
    assert ids == typing.get_args(CascadeRuleId)
    assert typing.get_args(LinkRule) == (*ids, PROBABILISTIC)
    assert all(type(i) is str for i in CASCADE_RULES)  # plain text in every output


def test_the_engine_reports_the_cascade_ids_in_order(pop):
    left, right = pop.persons.drop(IDS), pop.second_view.drop(IDS)
    for result in (match_records(left, right), dedupe(left)):
        assert _cascade_keys(result) == [rule.id for rule in CASCADE]
        assert set(result.pairs["rule"].unique()) <= {*CASCADE_RULES, PROBABILISTIC}


def test_the_rules_read_prepared_features():
    prepared = set(prepare(pl.DataFrame([_person()]), None)[0].columns)
    assert set(FEATURES) <= prepared
    for rule in CASCADE:
        assert set(rule.keys) <= prepared, rule.id
        assert rule.accept.fields <= prepared, rule.id


@pytest.mark.parametrize("rule_id", CASCADE_RULES)
def test_each_case_is_linked_by_its_rule(rule_id):
    left, right = CASES[rule_id]
    assert match_records(pl.DataFrame([left]), pl.DataFrame([right])).pairs["rule"].to_list() == [
        rule_id
    ]


@pytest.mark.parametrize("rule_id", CASCADE_RULES)
def test_a_cascade_without_a_rule_links_nothing_by_it(rule_id):
    left, right = (pl.DataFrame([p]) for p in CASES[rule_id])
    assert _run(left, right, CASCADE).pairs["rule"].to_list() == [rule_id]
    result = _run(left, right, _without(rule_id))
    assert rule_id not in result.pairs["rule"].to_list()
    assert _cascade_keys(result) == [r for r in CASCADE_RULES if r != rule_id]


@pytest.mark.parametrize("rule_id", CASCADE_RULES)
def test_a_cascade_without_a_rule_on_a_population(pop, rule_id):
    left, right = pop.persons.drop(IDS), pop.second_view.drop(IDS)
    full = _run(left, right, CASCADE)
    assert rule_id in full.pairs["rule"].to_list()
    assert rule_id not in _run(left, right, _without(rule_id)).pairs["rule"].to_list()
    assert rule_id not in _run(left, None, _without(rule_id)).pairs["rule"].to_list()


def test_the_default_cascade_is_what_the_public_api_runs(pop):
    left, right = pop.persons.drop(IDS), pop.second_view.drop(IDS)
    assert_frame_equal(_run(left, right, CASCADE).pairs, match_records(left, right).pairs)
    assert_frame_equal(_run(left, None, CASCADE).pairs, dedupe(left).pairs)


def test_an_empty_cascade_leaves_everything_to_the_scoring():
    left, right = (pl.DataFrame([p]) for p in CASES["nik_exact_name"])
    result = _run(left, right, ())
    assert result.pairs["rule"].to_list() == [PROBABILISTIC]
    assert _cascade_keys(result) == []


def test_a_rule_needs_keys():
    with pytest.raises(InvalidArgument):
        CascadeRule("nik_exact_name", (), NamesCompatible())


def test_a_unique_key_allows_the_pair_itself_when_deduplicating():
    rule = CascadeRule("kk_name", ("no_kk", "nama"), NamesCompatible(), unique=True)
    assert rule.max_count(self_link=False) == 1
    assert rule.max_count(self_link=True) == 2
    assert CASCADE[0].max_count(self_link=False) is None
