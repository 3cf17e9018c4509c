"""``same_person_different_nik``: one person under two NIKs, found by record matching.

The distinct person records of every roll (NIK, name, birth date, KK, village) go
through :func:`bansos_validate.matching.dedupe`; linked records whose NIKs differ (or
one of which has an unreadable NIK) are the same person under different NIKs. A roll
without ``tanggal_lahir`` contributes the birth date its NIK encodes, so a NIK typo in
the serial or a second registration elsewhere still meets the first record on name,
birth date and district. Rows of such records are reported when the two rows would
overlap if the NIKs were equal: the same program in overlapping periods, or programs
the policy makes exclusive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl

from bansos_validate import facts
from bansos_validate.matching import dedupe

if TYPE_CHECKING:
    from bansos_validate.matching import MatchResult
    from bansos_validate.overlap._policy import ExclusiveRule

__all__ = ["RECORD_COLUMNS", "same_person_pairs"]

RECORD_COLUMNS = (
    "__roll",
    "__row",
    "__nik",
    "__kk",
    "__prog",
    "__ps",
    "__pe",
    "nama",
    "tgl",
    "wil",
)


def nik_birth_date(frame: pl.DataFrame, key: str, ref: dt.date) -> pl.Series:
    """ISO birth dates encoded in an Int64 NIK key column of *frame*.

    :func:`bansos_validate.facts.nik_birth_date` (null where the date part is not a date).
    """
    import narwhals as nw  # noqa: PLC0415 - the decoding is written once, as narwhals

    digits = nw.col(key).cast(nw.String).str.zfill(16)
    year, month, day = facts.nik_birth_date_parts(digits, ref)
    iso = nw.concat_str(
        [
            year.cast(nw.String).str.zfill(4),
            month.cast(nw.String).str.zfill(2),
            day.cast(nw.String).str.zfill(2),
        ],
        separator="-",
    ).alias("__bv_nik_date")
    out: pl.Series = nw.from_native(frame).with_columns(iso).get_column("__bv_nik_date").to_native()
    return out


def same_person_pairs(
    records: pl.DataFrame,
    exclusive: Sequence[ExclusiveRule],
    rule_id: str,
) -> tuple[pl.DataFrame, MatchResult | None]:
    """Row pairs of one person under different NIKs.

    Args:
        records: one row per roll row with :data:`RECORD_COLUMNS`.
        exclusive: the exclusivity rules in force.
        rule_id: the policy's rule id for this kind.

    Returns:
        Findings (``__ra``, ``__rowa``, ``__rb``, ``__rowb``, ``rule``, ``match_rule``,
        ``match_probability``, ``explanation``) and the match result.
    """
    empty = pl.DataFrame(
        schema={
            "__ra": pl.Int32,
            "__rowa": pl.Int64,
            "__rb": pl.Int32,
            "__rowb": pl.Int64,
            "rule": pl.String,
            "match_rule": pl.String,
            "match_probability": pl.Float64,
            "explanation": pl.String,
        }
    )
    usable = records.filter(pl.col("nama").is_not_null())
    if usable.height < 2:
        return empty, None
    keyed = usable.with_columns(
        pl.col("__nik").cast(pl.String).str.zfill(16).alias("nik"),
        pl.col("__kk").cast(pl.String).str.zfill(16).alias("no_kk"),
    )
    fields = ["nik", "no_kk", "nama", "tgl", "wil"]
    distinct = keyed.select(fields).unique(maintain_order=True).with_row_index("__rec")
    keyed = keyed.join(distinct, on=fields, how="left", nulls_equal=True)
    result = dedupe(
        distinct.drop("__rec"),
        columns={
            "nik": "nik",
            "no_kk": "no_kk",
            "nama": "nama",
            "tanggal_lahir": "tgl",
            "kode_wilayah": "wil",
        },
    )
    level_columns = [c for c in result.pairs.columns if c.startswith("level_")]
    pairs = result.pairs.with_columns(
        pl.concat_str(
            [pl.lit(f"{c.removeprefix('level_')}: ") + pl.col(c) for c in level_columns],
            separator="; ",
        ).alias("explanation")
    ).select(
        pl.col("left_row").cast(pl.UInt32).alias("__recl"),
        pl.col("right_row").cast(pl.UInt32).alias("__recr"),
        pl.col("rule").alias("match_rule"),
        pl.col("probability").alias("match_probability"),
        "explanation",
    )
    nik_of = distinct.select(pl.col("__rec"), pl.col("nik"))
    pairs = (
        pairs.join(nik_of.rename({"__rec": "__recl", "nik": "__nl"}), on="__recl")
        .join(nik_of.rename({"__rec": "__recr", "nik": "__nr"}), on="__recr")
        .filter(
            pl.col("__nl").is_null() | pl.col("__nr").is_null() | (pl.col("__nl") != pl.col("__nr"))
        )
    )
    if pairs.height == 0:
        return empty, result
    rows = keyed.select("__rec", "__roll", "__row", "__prog", "__ps", "__pe")
    joined = pairs.join(rows.rename(lambda c: f"{c}_l"), left_on="__recl", right_on="__rec_l").join(
        rows.rename(lambda c: f"{c}_r"), left_on="__recr", right_on="__rec_r"
    )
    overlap = (pl.col("__ps_l") <= pl.col("__pe_r")) & (pl.col("__ps_r") <= pl.col("__pe_l"))
    same_program = pl.col("__prog_l") == pl.col("__prog_r")
    exclusive_pair = pl.lit(value=False)
    for rule in exclusive:
        a, b = rule.programs
        exclusive_pair = exclusive_pair | (
            ((pl.col("__prog_l") == a) & (pl.col("__prog_r") == b))
            | ((pl.col("__prog_l") == b) & (pl.col("__prog_r") == a))
        )
    joined = joined.filter(overlap & (same_program | exclusive_pair))
    first = (pl.col("__roll_l") < pl.col("__roll_r")) | (
        (pl.col("__roll_l") == pl.col("__roll_r")) & (pl.col("__row_l") < pl.col("__row_r"))
    )
    out = joined.select(
        pl.when(first).then(pl.col("__roll_l")).otherwise(pl.col("__roll_r")).alias("__ra"),
        pl.when(first).then(pl.col("__row_l")).otherwise(pl.col("__row_r")).alias("__rowa"),
        pl.when(first).then(pl.col("__roll_r")).otherwise(pl.col("__roll_l")).alias("__rb"),
        pl.when(first).then(pl.col("__row_r")).otherwise(pl.col("__row_l")).alias("__rowb"),
        pl.lit(rule_id).alias("rule"),
        "match_rule",
        "match_probability",
        "explanation",
    )
    out = out.filter((pl.col("__ra") != pl.col("__rb")) | (pl.col("__rowa") != pl.col("__rowb")))
    out = out.unique(["__ra", "__rowa", "__rb", "__rowb"], keep="first", maintain_order=True)
    return out.cast({"__ra": pl.Int32, "__rb": pl.Int32}), result
