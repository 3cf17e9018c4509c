"""The curated pair table: precision and recall of the threshold and of names_compatible.

``name_pairs.csv`` holds real-shaped variant pairs of one person's name and pairs of
different names (common Indonesian names, ``docs/domain.md`` "Name variation"; no personal
data). The
figures are printed in ``docs/names.md``; this test keeps them true.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

from bansos_validate.names import (
    NAME_MATCH_THRESHOLD,
    name_similarity,
    name_similarity_many,
    names_compatible,
)

HERE = Path(__file__).resolve().parent
DOCS = HERE.parents[1] / "docs" / "names.md"


def load_pairs() -> list[tuple[str, str, bool, str]]:
    with (HERE / "name_pairs.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and set(rows[0]) == {"a", "b", "same_person", "note"}
    assert {r["same_person"] for r in rows} == {"0", "1"}
    return [(r["a"], r["b"], r["same_person"] == "1", r["note"]) for r in rows]


PAIRS = load_pairs()


def confusion(predictions: list[bool]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for (_, _, same, _), predicted in zip(PAIRS, predictions, strict=True):
        counts[("t" if predicted == same else "f") + ("p" if predicted else "n")] += 1
    return counts


def figures_row(label: str, counts: Counter[str]) -> str:
    tp, fp, fn, tn = counts["tp"], counts["fp"], counts["fn"], counts["tn"]
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return f"| {label} | {tp} | {fp} | {fn} | {tn} | {precision:.3f} | {recall:.3f} |"


def compatible_predictions() -> list[bool]:
    return [names_compatible(a, b) for a, b, _, _ in PAIRS]


def threshold_predictions() -> list[bool]:
    return [name_similarity(a, b) >= NAME_MATCH_THRESHOLD for a, b, _, _ in PAIRS]


def test_the_table_is_large_and_clean() -> None:
    assert len(PAIRS) >= 200
    assert sum(same for _, _, same, _ in PAIRS) >= 100
    assert sum(not same for _, _, same, _ in PAIRS) >= 80
    keys = [(a, b) for a, b, _, _ in PAIRS]
    assert len(set(keys)) == len(keys), "duplicate pairs"
    assert all(note for *_, note in PAIRS)
    assert not any(re.search(r"\d{6}", a + b) for a, b, _, _ in PAIRS), "names only, no NIKs"


def test_every_variant_scores_at_or_above_the_threshold() -> None:
    scores = sorted((name_similarity(a, b), a, b) for a, b, same, _ in PAIRS if same)
    assert scores[0][0] >= NAME_MATCH_THRESHOLD
    lowest = f"`{scores[0][1]}` / `{scores[0][2]}`"
    text = DOCS.read_text(encoding="utf-8")
    assert f"(the lowest are {lowest}" in text
    assert f"{scores[0][0]:.3f}, where" in text


def test_names_compatible_precision_and_recall() -> None:
    counts = confusion(compatible_predictions())
    precision = counts["tp"] / (counts["tp"] + counts["fp"])
    recall = counts["tp"] / (counts["tp"] + counts["fn"])
    assert precision >= 0.95
    assert recall >= 0.95


def test_bulk_scores_give_the_same_figures() -> None:
    scores = name_similarity_many([a for a, *_ in PAIRS], [b for _, b, *_ in PAIRS])
    assert [s >= NAME_MATCH_THRESHOLD for s in scores] == threshold_predictions()


def test_docs_print_the_figures_and_the_errors() -> None:
    text = DOCS.read_text(encoding="utf-8")
    rows = [
        figures_row(
            f"`name_similarity >= {NAME_MATCH_THRESHOLD}` alone", confusion(threshold_predictions())
        ),
        figures_row(
            "`names_compatible` (threshold and token rules)", confusion(compatible_predictions())
        ),
    ]
    for row in rows:
        assert row in text, f"docs/names.md is out of date; expected:\n{row}"
    errors = [
        f"| {a} | {b} | {'variant' if same else 'different'} | {note} |"
        for (a, b, same, note), predicted in zip(PAIRS, compatible_predictions(), strict=True)
        if predicted != same
    ]
    missing = [row for row in errors if row not in text]
    assert not missing, "docs/names.md lacks misclassified pairs:\n" + "\n".join(missing)
    assert f"{len(PAIRS)} pairs" in text
