"""Privacy-preserving mode: tokens equal the scalar pseudonym, and find the same overlaps."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bansos_validate as bv
from bansos_validate.errors import InvalidArgument, WeakKeyError
from bansos_validate.overlap import find_overlaps, hmac_tokens, pseudonymize_roll
from bansos_validate.privacy import check_key
from bansos_validate.testing import niks

if TYPE_CHECKING:
    from .conftest import Planted

KEY = bytes.fromhex(
    "5be1d7a0c39f42e886b1f07d2ac4e9530f6a8d21b74ce3960ad85f1e2b79c64d"
)  # a test key; real keys: bv.privacy.new_key()
EXACT = [
    "exclusive_programs",
    "duplicate_in_roll",
    "duplicate_household",
    "cross_region",
    "deceased_recipient",
    "excluded_occupation",
]


def _strong(key: bytes) -> bool:
    try:
        check_key(key)
    except bv.WeakKeyError:
        return False
    return True


@settings(max_examples=60, deadline=None)
@given(
    st.lists(niks() | st.text(max_size=20) | st.none(), min_size=1, max_size=8),
    st.binary(min_size=16, max_size=100).filter(_strong),
)
def test_vectorised_tokens_equal_the_scalar_pseudonym(values: list[str | None], key: bytes) -> None:
    tokens = hmac_tokens(values, key)
    for value, token in zip(values, tokens, strict=True):
        try:
            expected = bv.pseudonymize(value, key)
        except bv.BansosValidationError:
            expected = None
        assert token == expected


def test_pseudonymize_roll_tokens_and_coarse_fields(planted: Planted) -> None:
    roll = planted.rolls["PKH"].with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.lit("3576 0144 0391 0003"))
        .otherwise(pl.col("nik"))
        .alias("nik")
    )
    out = pseudonymize_roll(roll, KEY)
    assert out.height == roll.height
    assert out.columns == [
        "nik_token",
        "nik_linkable",
        "kk_token",
        "kk_linkable",
        "program",
        "periode",
        "kode_wilayah",
        "birth_year",
    ]
    for value, token in zip(roll["nik"].to_list(), out["nik_token"].to_list(), strict=True):
        assert token == bv.pseudonymize(value, KEY)
    assert out["kk_token"][3] == bv.pseudonymize(roll["no_kk"][3], KEY)
    assert out["kode_wilayah"].str.len_chars().max() == 6
    text = out.select(pl.all().cast(pl.String)).to_pandas().to_string()
    raw = {v for v in [*roll["nik"].to_list(), *roll["no_kk"].to_list()] if v}
    assert not any(v in text for v in raw) and "nama" not in out.columns
    years = out["birth_year"].drop_nulls()
    assert years.min() > 1900 and years.max() <= 2026


def test_pseudonymize_roll_keeps_the_frame_type(planted: Planted) -> None:
    import duckdb

    roll = planted.rolls["BLT-DD"].head(20)
    expected = pseudonymize_roll(roll, KEY)["nik_token"].to_list()
    pandas = pseudonymize_roll(roll.to_pandas(), KEY)
    assert not isinstance(pandas, pl.DataFrame) and pandas["nik_token"].tolist() == expected
    arrow = pseudonymize_roll(roll.to_arrow(), KEY)
    assert arrow.column("nik_token").to_pylist() == expected
    relation = pseudonymize_roll(duckdb.from_arrow(roll.to_arrow()), KEY)
    assert isinstance(relation, duckdb.DuckDBPyRelation)
    assert relation.pl()["nik_token"].to_list() == expected


@pytest.mark.parametrize("key", [b"short", "a text key of more than 16", b"\x01" * 32, None, 12345])
def test_weak_keys_are_refused(planted: Planted, key: object) -> None:
    with pytest.raises(WeakKeyError):
        pseudonymize_roll(planted.rolls["PKH"], key)  # type: ignore[arg-type]
    if key is not None:
        with pytest.raises(WeakKeyError):
            find_overlaps({"PKH": planted.rolls["PKH"]}, key=key)  # type: ignore[arg-type]


def _exact(result: bv.OverlapResult) -> list[tuple[object, ...]]:
    frame = result.to_polars().filter(pl.col("kind").is_in(EXACT))
    return sorted(
        frame.select("kind", "roll_a", "row_a", "roll_b", "row_b", "rule").iter_rows(), key=repr
    )


@pytest.fixture(scope="module")
def raw_result(planted: Planted) -> bv.OverlapResult:
    return find_overlaps(
        planted.rolls, deaths=planted.persons, employees=planted.persons, persons=planted.persons
    )


def test_tokens_find_exactly_the_exact_key_overlaps_of_raw_data(
    planted: Planted, raw_result: bv.OverlapResult
) -> None:
    expected = _exact(raw_result)
    assert {k for k, *_ in expected} == set(EXACT)  # every exact kind is in play
    # each agency pseudonymises its own rolls and lists; only token frames are exchanged
    tokens = {name: pseudonymize_roll(roll, KEY) for name, roll in planted.rolls.items()}
    roster = pseudonymize_roll(planted.persons, KEY)
    result = find_overlaps(tokens, deaths=roster, employees=roster, persons=roster)
    assert result.mode == "tokens"
    assert _exact(result) == expected
    # a region holding raw rolls compares them with a partner's tokens by passing the key
    mixed = {
        name: (tokens[name] if name in ("PKH", "PBI-JK") else roll)
        for name, roll in planted.rolls.items()
    }
    again = find_overlaps(
        mixed, deaths=planted.persons, employees=roster, persons=planted.persons, key=KEY
    )
    assert _exact(again) == expected
    # the same with the key on raw rolls only
    assert (
        _exact(
            find_overlaps(
                planted.rolls,
                deaths=planted.persons,
                employees=planted.persons,
                persons=planted.persons,
                key=KEY,
            )
        )
        == expected
    )


def test_token_results_say_fuzzy_matching_is_unavailable(planted: Planted) -> None:
    tokens = {name: pseudonymize_roll(planted.rolls[name], KEY) for name in ("PKH", "BLT-DD")}
    result = find_overlaps(tokens, lang="en")
    assert "same_person_different_nik" not in result.kinds
    assert any("cannot be looked for on tokens" in note for note in result.notes)
    frame = result.to_polars()
    assert frame.height > 0 and frame["nik_a"].str.contains(r"^[0-9a-f]{64}$").all()
    raw = {v for name in ("PKH", "BLT-DD") for v in planted.rolls[name]["nik"].to_list() if v}
    assert not any(v in e for e in frame["evidence"].to_list() for v in raw)


def test_tokens_and_raw_need_a_key(planted: Planted) -> None:
    tokens = pseudonymize_roll(planted.rolls["PKH"], KEY)
    with pytest.raises(InvalidArgument, match="key="):
        find_overlaps({"PKH": tokens, "BLT-DD": planted.rolls["BLT-DD"]})
    with pytest.raises(InvalidArgument, match="key="):
        find_overlaps({"PKH": planted.rolls["PKH"]}, deaths=pseudonymize_roll(planted.persons, KEY))
    with pytest.raises(InvalidArgument, match="key="):
        find_overlaps({"PKH": tokens}, deaths=planted.persons)
