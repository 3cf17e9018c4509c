"""The truth table says exactly how the planted population differs from the clean one.

The clean population (``ErrorRates.none()``) of the same seed is the same people: every
random stream is keyed by stage and kind, so planting errors never reshuffles the rest.
"""

from __future__ import annotations

from collections import Counter

import polars as pl
import pytest

from bansos_validate import synth

PROGRAMS = ("PKH", "BPNT", "PBI-JK", "BLT-DD", "PIP")


def _truth_rows(pop: synth.Population, table: str, column: str | None = None) -> pl.DataFrame:
    truth = pop.truth.filter(pl.col("table") == table)
    if column is not None:
        truth = truth.filter(pl.col("column") == column)
    return truth


def test_truth_has_the_documented_columns(pop: synth.Population) -> None:
    assert pop.truth.columns == [
        "kind", "table", "row", "column", "true_value", "observed_value", "person_id", "household_id",
    ]  # fmt: skip
    assert pop.truth.schema["row"] == pl.Int64
    for column in ("kind", "table", "column", "true_value", "observed_value"):
        assert pop.truth.schema[column] == pl.String
    assert set(pop.truth["table"].unique()) <= {
        "persons",
        "second_view",
        *(f"rolls/{p}" for p in PROGRAMS),
    }
    assert pop.truth.height > 1000


def test_every_kind_is_planted(pop: synth.Population) -> None:
    planted = set(pop.truth["kind"].unique())
    assert planted == set(synth.ErrorRates().as_dict())


def test_observed_value_is_in_the_cell_and_differs_from_the_true_value(
    pop: synth.Population,
) -> None:
    located = pop.truth.filter(pl.col("row").is_not_null())
    for (table, column), group in located.group_by(["table", "column"], maintain_order=True):
        frame = pop.table(str(table))
        cells = frame[str(column)].gather(group["row"])
        assert cells.eq_missing(group["observed_value"]).all(), (table, column)
        assert not group["observed_value"].eq_missing(group["true_value"]).any(), (table, column)


def test_no_cell_has_two_truth_rows(pop: synth.Population) -> None:
    located = pop.truth.filter(pl.col("row").is_not_null())
    assert located.select("table", "row", "column").is_duplicated().sum() == 0


@pytest.mark.parametrize("table", ["persons", "second_view"])
def test_cells_without_a_truth_row_are_clean(
    pop: synth.Population, clean: synth.Population, table: str
) -> None:
    dirty = pop.table(table).with_row_index("row")
    truth_free = clean.table(table)
    if table == "second_view":  # the same people in the same (shuffled) order
        assert dirty["person_id"].to_list() == truth_free["person_id"].to_list()
        joined = dirty.with_columns(truth_free.select(pl.all().name.suffix("_clean")))
    else:
        joined = dirty.join(
            truth_free.select(pl.all().name.suffix("_clean")),
            left_on="person_id",
            right_on="person_id_clean",
            how="left",
            coalesce=False,
        ).sort("row")
        assert joined["person_id_clean"].null_count() == 0
    for column in truth_free.columns:
        truth = _truth_rows(pop, table, column)
        marked = joined["row"].is_in(truth["row"].implode())
        same = joined[column].eq_missing(joined[f"{column}_clean"])
        assert (same | marked).all(), f"{table}.{column} differs without a truth row"
        assert not (same & marked).any(), f"{table}.{column} has a truth row but is clean"
        # The true value is the clean value.
        at = joined.filter(marked).join(truth.select("row", "true_value"), on="row")
        assert at[f"{column}_clean"].eq_missing(at["true_value"]).all(), (
            f"{table}.{column} true_value"
        )


def test_persons_rows_are_the_clean_ones_less_missing_heads_plus_extra_rows(
    pop: synth.Population, clean: synth.Population
) -> None:
    missing = pop.truth.filter(pl.col("kind") == "missing_head")
    extra = pop.truth.filter(pl.col("kind") == "nik_in_two_kks")
    assert missing["row"].null_count() == missing.height > 0
    assert pop.persons.height == clean.persons.height - missing.height + extra.height
    present = set(pop.persons["person_id"])
    assert present == set(clean.persons["person_id"]) - set(missing["person_id"])
    heads = clean.persons.filter(pl.col("person_id").is_in(missing["person_id"].implode()))
    assert set(heads["hubungan_keluarga"]) == {"KEPALA KELUARGA"}
    assert dict(zip(heads["person_id"], heads["nik"], strict=True)) == dict(
        zip(missing["person_id"], missing["true_value"], strict=True)
    )


def test_households_differ_only_in_program_flags(
    pop: synth.Population, clean: synth.Population
) -> None:
    columns = ["no_kk", "desil", "kode_wilayah", "alamat", "rt", "rw", "household_id"]
    assert pop.households.select(columns).equals(clean.households.select(columns))


def test_program_flags_follow_the_rolls(pop: synth.Population) -> None:
    for program in PROGRAMS:
        flag = program.lower().replace("-", "_")
        on_roll = set(pop.rolls[program]["household_id"])
        flagged = set(pop.households.filter(pl.col(flag))["household_id"])
        assert flagged == on_roll, program


@pytest.mark.parametrize("program", PROGRAMS)
def test_roll_rows_without_truth_are_the_clean_rows_less_exclusions(
    pop: synth.Population, clean: synth.Population, program: str
) -> None:
    table = f"rolls/{program}"
    truth = _truth_rows(pop, table)
    roll = pop.rolls[program].with_row_index("row")
    untouched = roll.filter(~pl.col("row").is_in(truth["row"].drop_nulls().implode())).drop("row")
    excluded = truth.filter(pl.col("kind") == "exclusion_error")
    assert excluded["row"].null_count() == excluded.height
    kept = clean.rolls[program].filter(~pl.col("person_id").is_in(excluded["person_id"].implode()))
    assert Counter(untouched.rows()) == Counter(kept.rows())
    assert roll.height == kept.height + truth["row"].drop_nulls().len()
    # An excluded unit is not on the roll at all.
    for column in ("no_kk", "nik"):
        gone = excluded.filter(pl.col("column") == column)["true_value"]
        assert not roll[column].is_in(gone.implode()).any()


def test_clean_population_has_no_truth(clean: synth.Population) -> None:
    assert clean.truth.height == 0
    assert clean.persons["person_id"].is_unique().all()
