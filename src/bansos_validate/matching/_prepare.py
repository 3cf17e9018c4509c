"""Turn an input frame into the features the matcher compares."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import polars as pl

from bansos_validate import facts
from bansos_validate.intake import Manifest, Note, find_columns, reading_notes, reading_of
from bansos_validate.intake._keys import key_expr, key_text
from bansos_validate.intake._regions import NOT_REGION_DIGITS
from bansos_validate.intake._rows import classify_rows
from bansos_validate.names import normalize_names, phonetic_key

__all__ = ["FEATURES", "MATCH_COLUMNS", "prepare"]

FEATURES = ("nik", "no_kk", "nama", "raw_nama", "phon", "dob", "sex", "village", "alamat")
_ROW = "_row"
_INDEX = "__bv_match_index"


@functools.cache
def _dummies() -> pl.Series:
    """The filler values of the NIK reader (``1111111111111111``, ``1234567890123456``...)."""
    from bansos_validate.ids._digits import _dummy_table  # noqa: PLC0415 - on first use

    return pl.Series("dummy", sorted(_dummy_table()), dtype=pl.String)


def _keys(frame: pl.DataFrame, column: str, what: str) -> pl.Series:
    """The link key of each row (16-digit text or null): the library's one reading."""
    import narwhals as nw  # noqa: PLC0415 - the reading is written once, for every engine

    wrapped = nw.from_native(frame)
    key = key_text(key_expr(wrapped, column, what)).alias("__bv_k")
    keys: pl.Series = wrapped.with_columns(key).get_column("__bv_k").to_native()
    return keys.alias("k")


def _id_expr(frame: pl.DataFrame, column: str, *, fuzzy: bool = False) -> pl.Series:
    """The identifier as 16 digits, or null when unusable (digits lost, a filler value).

    With *fuzzy* (the NIK), typed text of 15 or 17 digits is kept too: a NIK with a
    digit dropped or doubled is compared one edit from the real one. A number cell that
    lost digits is never kept: its last digits are not the person's.
    """
    keys = _keys(frame, column, "NIK" if fuzzy else "KK")
    dummies = _dummies().implode()
    out = pl.DataFrame({"k": keys}).select(
        pl.when(~pl.col("k").is_in(dummies)).then(pl.col("k")).alias("k")
    )["k"]
    if not fuzzy or frame.schema[column] != pl.String:
        return out
    text = pl.col(column).str.strip_chars().str.replace_all(r"[ .\-]", "")
    typed = frame.select(
        pl.when(text.str.contains(r"^\d{15}$|^\d{17}$") & ~pl.col(column).str.contains(r"[.,]0+$"))
        .then(text)
        .alias("t")
    )["t"]
    return pl.DataFrame({"k": out, "t": typed}).select(pl.coalesce("k", "t"))["k"]


def _dob(frame: pl.DataFrame, column: str) -> pl.Series:
    """The declared birth date as ISO text (:func:`bansos_validate.facts.read_date`)."""
    import narwhals as nw  # noqa: PLC0415 - the reading is written once, for every engine

    if frame.schema[column] in (pl.Date, pl.Datetime):
        return frame.select(pl.col(column).cast(pl.Date).dt.strftime("%Y-%m-%d"))[column]
    parts: pl.DataFrame = facts.date_parts(
        nw.from_native(frame.select(column)), column, "__dob"
    ).to_native()
    return parts.select(
        pl.when(pl.col("__dob_ok")).then(
            pl.concat_str(
                pl.col("__dob_y").cast(pl.String).str.zfill(4),
                pl.lit("-"),
                pl.col("__dob_m").cast(pl.String).str.zfill(2),
                pl.lit("-"),
                pl.col("__dob_d").cast(pl.String).str.zfill(2),
            )
        )
    ).to_series()


MATCH_COLUMNS = (
    "nik",
    "no_kk",
    "nama",
    "tanggal_lahir",
    "jenis_kelamin",
    "kode_wilayah",
    "alamat",
)
"""The canonical columns the matcher reads."""


def prepare(  # noqa: PLR0915 - one feature after another
    frame: pl.DataFrame,
    columns: Mapping[str, str] | None,
    *,
    native: Any = None,
    name: str = "left",
) -> tuple[pl.DataFrame, Manifest]:
    """Return one row per input row with the features the comparisons use.

    Features: ``nik`` (15 to 17 digits, not a filler value, or null), ``no_kk`` (16
    digits, not a filler value, or null), ``nama`` (normalised), ``raw_nama``,
    ``phon`` (phonetic key), ``dob`` (ISO text), ``sex`` (``L``/``P``), ``village``
    (10-digit code), ``alamat`` (upper-case, single spaces), ``household`` (``KK|village|
    address|district``), ``birth_year``, ``district``, ``nik12``, ``_row`` and ``_skip``
    (a blank or footer row: every feature null, never unmatched); and the frame's
    manifest (how it was read).
    """
    import narwhals as nw  # noqa: PLC0415 - the intake works on narwhals frames

    wrapped = nw.from_native(frame)
    mapped = find_columns(
        wrapped,
        columns,
        what=f"the {name} frame",
        wanted=MATCH_COLUMNS,
        required=("nama",),
        identifiers=(),
        native=native,
    )
    found = dict(mapped.columns)
    key_columns = [found[c] for c in ("nik", "no_kk") if c in found] or [found["nama"]]
    indexed = nw.from_native(frame.with_row_index(_INDEX))
    has_row = "row" in frame.columns and frame.schema["row"].is_integer()
    flagged = classify_rows(indexed, key_columns, _INDEX, row="row" if has_row else None)
    exprs: list[pl.Expr] = [pl.int_range(pl.len(), dtype=pl.Int64).alias(_ROW)]
    null = pl.lit(None, dtype=pl.String)
    exprs.append(
        pl.lit(_id_expr(frame, found["nik"], fuzzy=True)).alias("nik")
        if "nik" in found
        else null.alias("nik")
    )
    exprs.append(
        pl.lit(_id_expr(frame, found["no_kk"])).alias("no_kk")
        if "no_kk" in found
        else null.alias("no_kk")
    )
    exprs.append(pl.col(found["nama"]).cast(pl.String).alias("raw_nama"))
    if "tanggal_lahir" in found:
        exprs.append(pl.lit(_dob(frame, found["tanggal_lahir"])).alias("dob"))
    else:
        exprs.append(null.alias("dob"))
    if "jenis_kelamin" in found:
        words = list(facts.SEX_WORDS)
        normal = (
            pl.col(found["jenis_kelamin"])
            .cast(pl.String)
            .str.replace_all(r"[^0-9A-Za-z]+", " ")
            .str.strip_chars()
            .str.to_uppercase()
        )
        sex = normal.replace_strict(
            words, [facts.SEX_WORDS[w] for w in words], default=None, return_dtype=pl.String
        )
        exprs.append(sex.alias("sex"))
    else:
        exprs.append(null.alias("sex"))
    if "kode_wilayah" in found:
        code = (  # as intake._regions.region_code reads a region code
            pl.col(found["kode_wilayah"]).cast(pl.String).str.replace_all(NOT_REGION_DIGITS, "")
        )
        exprs.append(pl.when(code.str.len_chars() >= 6).then(code).otherwise(None).alias("village"))
    else:
        exprs.append(null.alias("village"))
    if "alamat" in found:
        addr = (
            pl.col(found["alamat"])
            .cast(pl.String)
            .str.to_uppercase()
            .str.replace_all(r"[^A-Z0-9]+", " ")
            .str.strip_chars()
        )
        exprs.append(pl.when(addr.str.len_chars() > 0).then(addr).otherwise(None).alias("alamat"))
    else:
        exprs.append(null.alias("alamat"))
    out = frame.select(exprs)
    parts = [pl.col(c).fill_null("") for c in ("no_kk", "village", "alamat")]
    household = pl.concat_str(
        [*parts, pl.col("village").str.slice(0, 6).fill_null("")], separator="|"
    )
    # An address alone places no household: without a KK number or a village code the
    # household comparison has no evidence (its null level), not "other district".
    out = out.with_columns(
        pl.when(pl.any_horizontal(pl.col("no_kk", "village").is_not_null()))
        .then(household)
        .otherwise(None)
        .alias("household")
    )
    skip = pl.col(_ROW).is_in(flagged[_INDEX].to_list()) if len(flagged) else pl.lit(value=False)
    features = [c for c in out.columns if c != _ROW]
    out = out.with_columns(skip.alias("_skip")).with_columns(
        pl.when(~pl.col("_skip")).then(pl.col(c)).alias(c) for c in features
    )
    names = normalize_names(out["raw_nama"].to_list())
    keys: dict[str, str] = {"": ""}
    phon = []
    for text in names:
        key = keys.get(text)
        if key is None:
            key = keys[text] = phonetic_key(text)
        phon.append(key)
    prepared = out.with_columns(
        pl.Series("nama", names, dtype=pl.String).replace("", None),
        pl.Series("phon", phon, dtype=pl.String).replace("", None),
        pl.col("dob").str.slice(0, 4).alias("birth_year"),
        pl.col("nik").str.slice(0, 12).alias("nik12"),
        pl.col("village").str.slice(0, 6).alias("district"),
    )
    reading = reading_of(name, mapped, native=native, rows=frame.height, flagged=flagged)
    notes = reading_notes(reading, mapped)
    if "tanggal_lahir" in found:
        notes += _date_notes(frame, found["tanggal_lahir"], prepared, name)
    manifest = Manifest(sources=(reading,), notes=tuple(notes))
    return prepared, manifest


def _date_notes(frame: pl.DataFrame, column: str, prepared: pl.DataFrame, name: str) -> list[Note]:
    """A note when birth dates are written but cannot be read (they are not compared).

    The note names the rows (the source's ``row`` numbers, or 1-based positions), never
    the values: a birth date is personal data.
    """
    raw = frame[column].cast(pl.String).str.strip_chars()
    unread = (
        raw.is_not_null() & (raw != "") & prepared["dob"].is_null() & ~prepared["_skip"]
    ).arg_true()
    if unread.len() == 0:
        return []
    if "row" in frame.columns and frame.schema["row"].is_integer():
        rows = frame["row"].gather(unread)
    else:
        rows = unread + 1
    return [
        Note(
            "input_date_unreadable",
            name,
            {"count": unread.len(), "column": column, "rows": [int(r) for r in rows]},
        )
    ]
