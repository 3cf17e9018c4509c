"""The public surface of bansos_validate.names, its import cost, and junk input."""

from __future__ import annotations

import doctest
import math
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from bansos_validate import names
from bansos_validate.errors import InvalidArgument

EXPECTED = {
    "JARO_WINKLER_PREFIX_WEIGHT",
    "MAX_ALIGNED_TOKENS",
    "MAX_COMPARED_CHARS",
    "NAME_MATCH_THRESHOLD",
    "ParsedName",
    "modernise",
    "name_similarity",
    "name_similarity_many",
    "names_compatible",
    "normalize_name",
    "normalize_names",
    "parse_name",
    "phonetic_key",
}


def test_all_is_sorted_pinned_and_importable() -> None:
    assert names.__all__ == sorted(names.__all__)
    assert set(names.__all__) == EXPECTED
    for attr in names.__all__:
        assert hasattr(names, attr)


def test_no_private_module_paths_leak() -> None:
    for attr in names.__all__:
        obj = getattr(names, attr)
        if callable(obj):
            assert obj.__module__ == "bansos_validate.names", attr


def test_import_loads_neither_numpy_nor_rapidfuzz() -> None:
    code = (
        "import sys; import bansos_validate.names as n; "
        "n.names_compatible('H. SLAMET', 'SLAMET'); n.phonetic_key('DJOKO'); "
        "n.normalize_names(['SITI']); "
        "print(','.join(m for m in ('numpy', 'rapidfuzz', 'polars', 'pandas') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_docs_examples_run() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "names.md").read_text("utf-8")
    blocks = [part.split("```")[0] for part in text.split("```python")[1:]]
    assert blocks
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    for number, block in enumerate(blocks):
        test = doctest.DocTestParser().get_doctest(block, {}, f"block{number}", "names.md", 0)
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


JUNK: list[object] = [
    None,
    "",
    " ",
    "*&^%$#@!",
    "😴",
    "😴" * 60,
    "\x00" * 16,
    "\u0000\ufeff",
    "ا محمد",  # Arabic script only: nothing Latin left
    "BIN",
    "BIN BIN BIN",
    "H. H. H.",
    ", , ,",
    "S.PD, S.PD, S.PD",
    "M",
    "M M M",
    "9" * 100_000,
    "A " * 50_000,
    "SITI," * 10_000,
    math.nan,
]
BAD: list[object] = [0, -1, 10**400, 1.5, math.inf, Decimal("1E+400"), True, b"SITI", object()]


@pytest.mark.parametrize("value", JUNK, ids=range(len(JUNK)))
def test_junk_text_never_raises(value: object) -> None:
    normalized = names.normalize_name(value)
    assert isinstance(normalized, str)
    assert isinstance(names.phonetic_key(value), str)
    assert 0.0 <= names.name_similarity(value, "SITI AMINAH") <= 1.0
    assert isinstance(names.names_compatible(value, value), bool)
    assert names.name_similarity_many([value], ["SITI"]).shape == (1,)  # type: ignore[list-item]


@pytest.mark.parametrize("value", BAD, ids=range(len(BAD)))
def test_non_text_raises_invalid_argument(value: object) -> None:
    for func in (names.normalize_name, names.parse_name, names.phonetic_key):
        with pytest.raises(InvalidArgument):
            func(value)
    with pytest.raises(InvalidArgument):
        names.name_similarity("SITI", value)
    with pytest.raises(InvalidArgument):
        names.names_compatible(value, "SITI")
    with pytest.raises(InvalidArgument):
        names.name_similarity_many([value], ["SITI"])  # type: ignore[list-item]
