"""Name similarity (scalar and bulk) and the token rules of names_compatible."""

from __future__ import annotations

import math

import jellyfish
import numpy as np
import pytest

from bansos_validate.errors import InvalidArgument
from bansos_validate.names import (
    JARO_WINKLER_PREFIX_WEIGHT,
    MAX_COMPARED_CHARS,
    NAME_MATCH_THRESHOLD,
    name_similarity,
    name_similarity_many,
    names_compatible,
)


def test_the_pinned_algorithm_is_jaro_winkler_with_prefix_weight_0_1() -> None:
    assert JARO_WINKLER_PREFIX_WEIGHT == 0.1
    # Plain normalised names: the score is jellyfish's Jaro-Winkler of the two strings.
    expected = jellyfish.jaro_winkler_similarity("SLAMET", "SELAMET")
    assert name_similarity("Slamet", "Selamet") == expected
    assert name_similarity_many(["Slamet"], ["Selamet"])[0] == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("a", "b", "form"),
    [
        ("ABDUL RAHMAN", "ABDUL RAHIM", ("ABDUL RAHMAN", "ABDUL RAHIM")),  # plain
        ("SANTOSO BUDI AGUS", "BUDI SANTOSO", ("AGUS BUDI SANTOSO", "BUDI SANTOSO")),  # sorted
        ("M. ILHAM SAPUTRA", "ILHAM SAPUTRA", ("ILHAM SAPUTRA", "ILHAM SAPUTRA")),  # Muhammad
        ("I WAYAN SUDARMA", "WAYAN SUDARMA", ("WAYAN SUDARMA", "WAYAN SUDARMA")),  # Bali
        ("AHMAD BIN SLAMET", "AHMAD SLAMET", ("AHMAD SLAMET", "AHMAD SLAMET")),  # patronym
    ],
)
def test_score_is_the_best_of_the_four_forms(a: str, b: str, form: tuple[str, str]) -> None:
    assert name_similarity(a, b) == pytest.approx(jellyfish.jaro_winkler_similarity(*form))
    assert name_similarity(a, b) >= jellyfish.jaro_winkler_similarity(a, b)


def test_missing_names_score_zero_even_against_each_other() -> None:
    assert name_similarity(None, None) == 0.0
    assert name_similarity("", "") == 0.0
    assert name_similarity("SLAMET", math.nan) == 0.0
    assert name_similarity_many([None, "", "A"], [None, "", ""]).tolist() == [0.0, 0.0, 0.0]


def test_bulk_path_shapes_and_errors() -> None:
    empty = name_similarity_many([], [])
    assert empty.shape == (0,)
    assert empty.dtype == np.float64
    scores = name_similarity_many(("H. SLAMET",) * 3, ["SLAMET", "SELAMET", None], workers=2)
    assert scores.tolist()[0] == 1.0
    assert scores[2] == 0.0
    with pytest.raises(InvalidArgument, match="same length"):
        name_similarity_many(["A"], [])
    with pytest.raises(InvalidArgument, match=r"right\[1\]"):
        name_similarity_many(["A", "B"], ["A", 3576014403910003])  # type: ignore[list-item]


def test_junk_is_bounded_in_length() -> None:
    long_a = "SITI AMINAH " * 1000
    long_b = "SITI AMINAH " * 999 + "AISYAH"
    assert name_similarity(long_a, long_b) == 1.0  # the first 128 characters agree
    assert MAX_COMPARED_CHARS == 128
    assert names_compatible("A " * 5000 + "SLAMET", "A " * 5000 + "SLAMET") is False


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # token agreement kinds
        ("BAMBANG S.", "BAMBANG SUTRISNO", True),  # initial
        ("S.", "SUTRISNO", False),  # initials only
        ("B. S.", "BAMBANG SUTRISNO", False),
        ("DJOKO SOEWITO", "JOKO SUWITO", True),  # phonetic key
        ("RIZKI", "RISKI", True),  # typo S/Z
        ("JUNAIDI", "JUNIADI", True),  # transposition
        ("SETIAWAN", "SETIAWAAN", True),  # insertion
        # the typo rule's limits
        ("SUTRISNO", "SUTRISNI", False),  # last letters
        ("SUPARNO", "SUMARNO", False),  # consonant replaced
        ("NURHAYATI", "NURHAYANTI", False),  # -ATI / -ANTI
        ("SUPRIADI", "SUPRIANDI", False),  # -ADI / -ANDI
        ("SUTRISNO", "BUTRISNO", False),  # first letter
        ("IWAN", "IRWAN", False),  # too short for a typo
        # token structure
        ("SITI NUR AMINAH", "AMINAH SITI", True),  # dropped middle, reordered
        ("SUTRISNO", "SUTRISNO ADI", False),  # a single name does not grow
        ("AHMAD YASIN", "AHMAD YASIN SAPUTRA", False),  # only middle tokens may be dropped
        ("NUR HAYATI", "NURHAYATI", True),  # two tokens for one
        ("M. IQBAL", "IQBAL", True),  # optional Muhammad
        ("IQBAL", "IQBAL MUHAMMAD", False),  # Muhammad is optional only in front
        # patronyms
        ("AHMAD BIN SLAMET", "AHMAD BIN SUPARDI", False),
        ("AHMAD BIN S.", "AHMAD BIN SLAMET", True),
        ("AHMAD BIN SLAMET", "AHMAD SLAMET", True),
        ("AHMAD BIN SLAMET", "AHMAD", True),
        # missing
        (None, "SLAMET", False),
        ("", "", False),
    ],
)
def test_names_compatible(a: str | None, b: str | None, expected: bool) -> None:
    assert names_compatible(a, b) is expected
    assert names_compatible(b, a) is expected


def test_threshold_is_applied_and_adjustable() -> None:
    assert 0.8 <= NAME_MATCH_THRESHOLD < 0.9
    a, b = "FITRI", "PITRI"  # the lowest-scoring variant of the curated table
    score = name_similarity(a, b)
    assert score >= NAME_MATCH_THRESHOLD
    assert names_compatible(a, b)
    assert not names_compatible(a, b, threshold=score + 1e-9)
    for bad in (1.5, -0.1, math.nan, "0.9", True):
        with pytest.raises(InvalidArgument, match="threshold"):
            names_compatible(a, b, threshold=bad)  # type: ignore[arg-type]


def test_non_text_raises_invalid_argument() -> None:
    with pytest.raises(InvalidArgument):
        name_similarity(3576014403910003, "SLAMET")
    with pytest.raises(InvalidArgument):
        names_compatible("SLAMET", b"SLAMET")
