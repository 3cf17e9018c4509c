"""Turn an input frame into the features the matcher compares."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

import polars as pl

from bansos_validate.names import normalize_names, phonetic_key
from bansos_validate.schema import resolve_columns

__all__ = ["FEATURES", "prepare"]

FEATURES = ("nik", "no_kk", "nama", "raw_nama", "phon", "dob", "sex", "village", "alamat")
_ROW = "_row"
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


@functools.cache
def _dummies() -> pl.Series:
    """The filler values of the NIK reader (``1111111111111111``, ``1234567890123456``...)."""
    from bansos_validate.ids._digits import _dummy_table  # noqa: PLC0415 - on first use

    return pl.Series("dummy", sorted(_dummy_table()), dtype=pl.String)


def _id_expr(column: str, *, lengths: str = "16") -> pl.Expr:
    """The identifier as digits, or null when unusable (another length, a filler value).

    ``lengths`` is a regex repetition: a NIK with a digit dropped or doubled (15 or 17
    digits) is still compared, one edit from the real one; a KK must have 16.
    """
    text = pl.col(column).cast(pl.String).str.strip_chars().str.replace(r"\.0$", "")
    usable = text.str.contains(rf"^\d{{{lengths}}}$") & ~text.is_in(_dummies().implode())
    return pl.when(usable).then(text).otherwise(None)


def _dob_expr(column: str, dtype: pl.DataType) -> pl.Expr:
    if dtype in (pl.Date, pl.Datetime):
        return pl.col(column).cast(pl.Date).dt.strftime("%Y-%m-%d")
    text = pl.col(column).cast(pl.String).str.strip_chars()
    iso = text.str.extract(r"^(\d{4}-\d{2}-\d{2})", 1)
    dmy = text.str.extract_groups(_DMY.pattern)
    day = dmy.struct.field("1").str.zfill(2)
    month = dmy.struct.field("2").str.zfill(2)
    year = dmy.struct.field("3")
    return pl.coalesce(iso, pl.concat_str(year, pl.lit("-"), month, pl.lit("-"), day))


def prepare(frame: pl.DataFrame, columns: Mapping[str, str] | None) -> pl.DataFrame:
    """Return one row per input row with the features the comparisons use.

    Features: ``nik`` (15 to 17 digits, not a filler value, or null), ``no_kk`` (16
    digits, not a filler value, or null), ``nama`` (normalised), ``raw_nama``,
    ``phon`` (phonetic key), ``dob`` (ISO text), ``sex`` (``L``/``P``), ``village``
    (10-digit code), ``alamat`` (upper-case, single spaces), ``household`` (``KK|village|
    address|district``), ``birth_year``, ``district``, ``nik12`` and ``_row``.
    """
    found = resolve_columns(frame.columns, columns, required=("nama",))
    exprs: list[pl.Expr] = [pl.int_range(pl.len(), dtype=pl.Int64).alias(_ROW)]
    null = pl.lit(None, dtype=pl.String)
    exprs.append(
        _id_expr(found["nik"], lengths="15,17").alias("nik")
        if "nik" in found
        else null.alias("nik")
    )
    exprs.append(
        _id_expr(found["no_kk"]).alias("no_kk") if "no_kk" in found else null.alias("no_kk")
    )
    exprs.append(pl.col(found["nama"]).cast(pl.String).alias("raw_nama"))
    if "tanggal_lahir" in found:
        col = found["tanggal_lahir"]
        exprs.append(_dob_expr(col, frame.schema[col]).alias("dob"))
    else:
        exprs.append(null.alias("dob"))
    if "jenis_kelamin" in found:
        sex = pl.col(found["jenis_kelamin"]).cast(pl.String).str.strip_chars().str.to_uppercase()
        sex = sex.replace({"LAKI-LAKI": "L", "LAKI LAKI": "L", "PEREMPUAN": "P"})
        exprs.append(pl.when(sex.is_in(["L", "P"])).then(sex).otherwise(None).alias("sex"))
    else:
        exprs.append(null.alias("sex"))
    if "kode_wilayah" in found:
        code = pl.col(found["kode_wilayah"]).cast(pl.String).str.replace_all(r"[^0-9]", "")
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
    out = out.with_columns(
        pl.when(pl.any_horizontal(pl.col("no_kk", "village", "alamat").is_not_null()))
        .then(household)
        .otherwise(None)
        .alias("household")
    )
    names = normalize_names(out["raw_nama"].to_list())
    keys: dict[str, str] = {"": ""}
    phon = []
    for name in names:
        key = keys.get(name)
        if key is None:
            key = keys[name] = phonetic_key(name)
        phon.append(key)
    return out.with_columns(
        pl.Series("nama", names, dtype=pl.String).replace("", None),
        pl.Series("phon", phon, dtype=pl.String).replace("", None),
        pl.col("dob").str.slice(0, 4).alias("birth_year"),
        pl.col("nik").str.slice(0, 12).alias("nik12"),
        pl.col("village").str.slice(0, 6).alias("district"),
    )
