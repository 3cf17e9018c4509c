"""Invariants, property-tested: the scalar and bulk paths agree, normalisation is stable."""

from __future__ import annotations

import jellyfish
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from bansos_validate.names import (
    JARO_WINKLER_PREFIX_WEIGHT,
    name_similarity,
    name_similarity_many,
    names_compatible,
    normalize_name,
    normalize_names,
    parse_name,
    phonetic_key,
)

# Real-shaped pieces (docs/domain.md, "Name variation") plus raw characters, so that both
# the rules and junk are exercised.
PIECES = (
    "SITI", "NUR", "AMINAH", "SRI", "WAHYUNI", "WAHYUNINGSIH", "SUTRISNO", "SOETRISNO",
    "SLAMET", "SELAMET", "MUHAMMAD", "MOCH.", "M.", "M", "MOH", "YUSUF", "DJOKO", "JOKO",
    "TJAHJONO", "CAHYONO", "SJAHRIR", "MARIJAN", "BIN", "BINTI", "BT", "H.", "HJ.", "DRS.",
    "IR.", "R.", "R.A.", ", S.PD", ", S.PD.I", ", M.M.", "S.E.", "A.MD", "ALM", "I", "NI",
    "Z", "MAWARDI.Z", "NURHAYATI", "NURHAYANTI", "EKO", "EKA", "DWI", "TRI", "ABD.", "ST.",
    "ACHMAD", "AHMAD", "O'ENG", "JOSÉ", "ÉÈ", "-", ".", ",", "  ",
)  # fmt: skip
_chars = st.text(alphabet="ABDEHIJKMNOSTUY .,'-é0", max_size=12)
_piece = st.one_of(st.sampled_from(PIECES), _chars)


def names() -> st.SearchStrategy[str]:
    return st.lists(_piece, max_size=6).map(" ".join)


maybe_names = st.one_of(st.none(), names())


@settings(max_examples=250, deadline=None)
@given(names())
def test_normalisation_is_idempotent_and_canonical(value: str) -> None:
    once = normalize_name(value)
    assert normalize_name(once) == once
    assert once == once.strip()
    assert "  " not in once
    assert all(c.isascii() and (c.isupper() or c.isdigit() or c == " ") for c in once)
    parsed = parse_name(value)
    assert parsed.normalized == " ".join(parsed.given)
    assert bool(parsed.given) == bool(once)


@settings(max_examples=60, deadline=None)
@given(st.lists(maybe_names, max_size=20))
def test_normalize_names_equals_normalize_name(values: list[str | None]) -> None:
    assert normalize_names(values) == [normalize_name(v) for v in values]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(maybe_names, maybe_names), max_size=12))
def test_bulk_and_scalar_scores_agree(pairs: list[tuple[str | None, str | None]]) -> None:
    left = [a for a, _ in pairs]
    right = [b for _, b in pairs]
    bulk = name_similarity_many(left, right)
    assert bulk.dtype == np.float64
    assert bulk.shape == (len(pairs),)
    scalar = np.array([name_similarity(a, b) for a, b in pairs], dtype=np.float64)
    np.testing.assert_allclose(bulk, scalar, rtol=0, atol=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ABC DE", max_size=20), st.text(alphabet="ABC DE", max_size=20))
def test_the_two_jaro_winkler_engines_agree(a: str, b: str) -> None:
    # The pinned algorithm: jellyfish's Jaro-Winkler = rapidfuzz's with prefix weight 0.1,
    # for every pair of non-empty strings (both empty: jellyfish 0.0, rapidfuzz 1.0, which
    # the library never compares).
    if a and b:
        bulk = process.cpdist(
            [a],
            [b],
            scorer=JaroWinkler.similarity,
            scorer_kwargs={"prefix_weight": JARO_WINKLER_PREFIX_WEIGHT},
            dtype=np.float64,
        )[0]
        assert abs(jellyfish.jaro_winkler_similarity(a, b) - bulk) <= 1e-9


@settings(max_examples=150, deadline=None)
@given(maybe_names, maybe_names)
def test_similarity_is_symmetric_bounded_and_reflexive(a: str | None, b: str | None) -> None:
    score = name_similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert score == name_similarity(b, a)
    assert names_compatible(a, b) == names_compatible(b, a)
    if normalize_name(a):
        assert name_similarity(a, a) == 1.0
        parsed = parse_name(a)
        words = any(len(t) > 1 for t in parsed.given + parsed.patronym)
        assert names_compatible(a, a) == words  # initials alone are never enough
    else:
        assert score == 0.0
        assert not names_compatible(a, b)


@settings(max_examples=100, deadline=None)
@given(names())
def test_normalised_names_keep_their_key_and_scores(value: str) -> None:
    normalized = normalize_name(value)
    assert phonetic_key(normalized) == phonetic_key(value)
    if normalized and not parse_name(value).patronym:
        assert name_similarity(value, normalized) == 1.0
