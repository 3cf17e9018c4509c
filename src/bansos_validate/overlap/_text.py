"""The result table: one row per overlap, with masked identifiers and bilingual evidence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl

from bansos_validate.overlap._result import KINDS

if TYPE_CHECKING:
    from bansos_validate.issues import Lang
    from bansos_validate.overlap._policy import Policy

__all__ = ["COLUMNS", "WORK", "build", "note"]

COLUMNS = (
    "kind",
    "roll_a",
    "row_a",
    "roll_b",
    "row_b",
    "severity",
    "rule",
    "evidence",
    "program_a",
    "program_b",
    "periode_a",
    "periode_b",
    "region_a",
    "region_b",
    "nik_a",
    "nik_b",
    "kk_a",
    "kk_b",
    "action",
    "reference",
    "unconfirmed",
    "match_rule",
    "match_probability",
    "explanation",
)
"""The columns of ``OverlapResult.frame``, in order."""

WORK = (
    "__roll",
    "__row",
    "__nik",
    "__kk",
    "__prog",
    "__reg",
    "__ps",
    "__pe",
    "__periode",
    "__wil",
)
"""The working columns of a roll's rows, in order (``__ps``/``__pe``: period start and end)."""

_NOTES = {
    "no_deaths": (
        "Penerima yang meninggal tidak diperiksa: berikan deaths= (daftar kematian).",
        "Deceased recipients were not looked for: pass deaths= (a list of deaths).",
    ),
    "no_employees": (
        "Pekerjaan yang dikecualikan tidak diperiksa: berikan employees= (daftar pegawai).",
        "Excluded occupations were not looked for: pass employees= (a list of employees).",
    ),
    "fuzzy_tokens": (
        "Orang yang sama dengan NIK berbeda tidak dapat dicari pada token: token hanya "
        "cocok bila NIK persis sama.",
        "The same person under different NIKs cannot be looked for on tokens: tokens match "
        "only when the NIKs are exactly equal.",
    ),
    "fuzzy_off": (
        "Orang yang sama dengan NIK berbeda tidak dicari (fuzzy=False).",
        "The same person under different NIKs was not looked for (fuzzy=False).",
    ),
    "fuzzy_no_name": (
        "Orang yang sama dengan NIK berbeda tidak dicari: tidak ada kolom nama.",
        "The same person under different NIKs was not looked for: no roll has a name column.",
    ),
}

_WORDS = {
    "on": ("di", "on"),
    "and": ("dan", "and"),
    "twice": ("dua kali di", "twice on"),
    "to": ("untuk", "to"),
    "in_regency": ("di kabupaten/kota", "in regency"),
    "same_person": ("orang yang sama", "the same person"),
    "probability": ("peluang", "probability"),
    "deceased": ("tercatat meninggal pada", "is listed as deceased on"),
    "unknown_date": ("tanggal tidak diketahui", "date unknown"),
    "is_self": ("penerima adalah", "the recipient is"),
    "member": ("anggota keluarga NIK", "family member NIK"),
    "is": ("adalah", "is"),
    "more": ("lainnya", "more"),
    "roster": ("satu keluarga menurut data kependudukan", "one family in the roster"),
}


def note(code: str, lang: Lang) -> str:
    """A note of the result, in ``lang``."""
    text = _NOTES[code]
    return text[1] if lang == "en" else text[0]


def _w(word: str, lang: Lang) -> str:
    return _WORDS[word][1] if lang == "en" else _WORDS[word][0]


def _shown(col: str, *, tokens: bool, unmask: bool, short: bool) -> pl.Expr:
    """A key column as shown: masked digits, whole digits, or the token."""
    value = pl.col(col).cast(pl.String)
    if tokens:
        return value.str.slice(0, 12) + pl.lit("…") if short else value
    digits = value.str.zfill(16)
    return digits if unmask else digits.str.slice(0, 6) + pl.lit("*" * 10)


def _or_dash(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.String).fill_null("-")


def _evidence(lang: Lang) -> pl.Expr:
    """The evidence sentence of each overlap kind (inputs: the ``__e_*`` columns)."""

    def w(word: str) -> pl.Expr:
        return pl.lit(f" {_w(word, lang)} ")

    na, nb = pl.col("__e_na"), pl.col("__e_nb")
    ka, kb = pl.col("__e_ka"), pl.col("__e_kb")
    pa, pb = pl.col("program_a"), _or_dash(pl.col("program_b"))
    pera, perb = _or_dash(pl.col("periode_a")), _or_dash(pl.col("periode_b"))
    wa, wb = _or_dash(pl.col("region_a")), _or_dash(pl.col("region_b"))
    where_a = pl.concat_str(pl.lit(" ("), pera, pl.lit(", "), wa, pl.lit(")"))
    where_b = pl.concat_str(pl.lit(" ("), perb, pl.lit(", "), wb, pl.lit(")"))
    family = (
        pl.when(pl.col("__via") == "roster")
        .then(
            pl.concat_str(
                pl.lit(_w("roster", lang) + " (KK "), ka, pl.lit(", KK "), kb, pl.lit(")")
            )
        )
        .otherwise(pl.concat_str(pl.lit("KK "), ka))
    )
    exclusive_nik = pl.concat_str(pl.lit("NIK "), na, w("on"), pa, where_a, w("and"), pb, where_b)
    exclusive_kk = pl.concat_str(
        family,
        pl.lit(": NIK "),
        na,
        w("on"),
        pa,
        where_a,
        w("and"),
        pl.lit("NIK "),
        nb,
        w("on"),
        pb,
        where_b,
    )
    duplicate = pl.concat_str(
        pl.lit("NIK "),
        na,
        w("twice"),
        pa,
        pl.lit(":"),
        where_a,
        w("and"),
        where_b.str.strip_chars_start(),
    )
    household = pl.concat_str(
        family,
        pl.lit(": "),
        pa,
        w("to"),
        pl.lit("NIK "),
        na,
        where_a,
        w("and"),
        pl.lit(_w("to", lang) + " NIK "),
        nb,
        where_b,
    )
    cross = pl.concat_str(
        pl.lit("NIK "),
        na,
        w("on"),
        pa,
        w("in_regency"),
        _or_dash(pl.col("__e_ra")),
        pl.lit(" ("),
        pera,
        pl.lit(")"),
        w("and"),
        _or_dash(pl.col("__e_rb")),
        pl.lit(" ("),
        perb,
        pl.lit(")"),
    )
    same = pl.concat_str(
        pl.lit("NIK "),
        na,
        w("and"),
        pl.lit("NIK "),
        nb,
        pl.lit(": " + _w("same_person", lang) + " ("),
        _or_dash(pl.col("match_rule")),
        pl.lit(", " + _w("probability", lang) + " "),
        pl.col("match_probability").round(3).cast(pl.String).fill_null("-"),
        pl.lit(")"),
        w("on"),
        pa,
        where_a,
        w("and"),
        pb,
        where_b,
    )
    death_date = pl.col("__detail")
    shown_date = (
        pl.when(death_date.is_null())
        .then(pl.lit(f"? ({_w('unknown_date', lang)})"))
        .otherwise(
            pl.concat_str(
                death_date.str.slice(0, 4),
                pl.lit("-"),
                death_date.str.slice(4, 2),
                pl.lit("-"),
                death_date.str.slice(6, 2),
            )
        )
    )
    deceased = pl.concat_str(
        pl.lit("NIK "), na, w("on"), pa, pl.lit(" ("), pera, pl.lit(")"), w("deceased"), shown_date
    )
    more = (
        pl.when(pl.col("__count") > 1)
        .then(
            pl.concat_str(
                pl.lit(" (+"),
                (pl.col("__count") - 1).cast(pl.String),
                pl.lit(f" {_w('more', lang)})"),
            )
        )
        .otherwise(pl.lit(""))
    )
    occupation = (
        pl.when(pl.col("__self"))
        .then(
            pl.concat_str(
                pl.lit("NIK "),
                na,
                w("on"),
                pa,
                pl.lit(": " + _w("is_self", lang) + " "),
                pl.col("__detail"),
                more,
            )
        )
        .otherwise(
            pl.concat_str(
                pl.lit("NIK "),
                na,
                w("on"),
                pa,
                pl.lit(": " + _w("member", lang) + " "),
                pl.col("__e_other"),
                w("is"),
                pl.col("__detail"),
                more,
            )
        )
    )
    kind = pl.col("kind")
    return (
        pl.when((kind == "exclusive_programs") & (pl.col("__via") == "nik"))
        .then(exclusive_nik)
        .when(kind == "exclusive_programs")
        .then(exclusive_kk)
        .when(kind == "duplicate_in_roll")
        .then(duplicate)
        .when(kind == "duplicate_household")
        .then(household)
        .when(kind == "cross_region")
        .then(cross)
        .when(kind == "same_person_different_nik")
        .then(same)
        .when(kind == "deceased_recipient")
        .then(deceased)
        .otherwise(occupation)
    )


def build(  # noqa: PLR0913 - keyword-only parts of the result
    *,
    pairs: Sequence[pl.DataFrame],
    singles: Sequence[pl.DataFrame],
    rows: Sequence[pl.DataFrame],
    names: Sequence[str],
    policy: Policy,
    tokens: bool,
    lang: Lang,
    unmask: bool,
) -> pl.DataFrame:
    """Assemble the result table from the pairs, single-row findings and their rows."""
    key_type = pl.String if tokens else pl.Int64
    work_schema = {
        "__roll": pl.Int32,
        "__row": pl.Int64,
        "__nik": key_type,
        "__kk": key_type,
        "__prog": pl.String,
        "__reg": pl.String,
        "__ps": pl.Int64,
        "__pe": pl.Int64,
        "__periode": pl.String,
        "__wil": pl.String,
    }
    seen = [r.select(WORK).cast(work_schema) for r in rows if r.height]  # type: ignore[arg-type]
    attrs = (
        pl.concat(seen).unique(["__roll", "__row"], keep="first")
        if seen
        else pl.DataFrame(schema=work_schema)
    )
    base_schema = {
        "__ra": pl.Int32,
        "__rowa": pl.Int64,
        "__rb": pl.Int32,
        "__rowb": pl.Int64,
        "kind": pl.String,
        "rule": pl.String,
        "__via": pl.String,
        "match_rule": pl.String,
        "match_probability": pl.Float64,
        "explanation": pl.String,
        "__detail": pl.String,
        "__other": pl.String,
        "__count": pl.Int64,
    }
    parts = [pl.DataFrame(schema=base_schema)]
    parts += [p for p in pairs if p.height]
    parts += [s for s in singles if s.height]
    found = pl.concat(parts, how="diagonal_relaxed").cast(base_schema)  # type: ignore[arg-type]
    found = found.unique(
        ["kind", "rule", "__ra", "__rowa", "__rb", "__rowb"], keep="first", maintain_order=True
    )
    a = attrs.rename({c: f"{c}_a" for c in attrs.columns})
    b = attrs.rename({c: f"{c}_b" for c in attrs.columns})
    found = found.join(a, left_on=["__ra", "__rowa"], right_on=["__roll_a", "__row_a"], how="left")
    found = found.join(b, left_on=["__rb", "__rowb"], right_on=["__roll_b", "__row_b"], how="left")
    rules = policy.all_rules()
    ids = [r.id for r in rules]

    def by_rule(values: Sequence[object], dtype: pl.DataType) -> pl.Expr:
        return pl.col("rule").replace_strict(ids, list(values), default=None, return_dtype=dtype)

    def reference(key: str) -> str:
        ref = policy.references.get(key)
        if ref is None:
            return key
        return ref.url or ref.title

    index = list(range(len(names)))
    table = found.with_columns(
        pl.col("__ra").replace_strict(index, list(names), return_dtype=pl.String).alias("roll_a"),
        pl.col("__rowa").alias("row_a"),
        pl.col("__rb")
        .replace_strict(index, list(names), default=None, return_dtype=pl.String)
        .alias("roll_b"),
        pl.col("__rowb").alias("row_b"),
        by_rule([r.severity.value for r in rules], pl.String()).alias("severity"),
        pl.col("__prog_a").alias("program_a"),
        pl.col("__prog_b").alias("program_b"),
        pl.col("__periode_a").alias("periode_a"),
        pl.col("__periode_b").alias("periode_b"),
        pl.col("__wil_a").alias("region_a"),
        pl.col("__wil_b").alias("region_b"),
        _shown("__nik_a", tokens=tokens, unmask=unmask, short=False).alias("nik_a"),
        _shown("__nik_b", tokens=tokens, unmask=unmask, short=False).alias("nik_b"),
        _shown("__kk_a", tokens=tokens, unmask=unmask, short=False).alias("kk_a"),
        _shown("__kk_b", tokens=tokens, unmask=unmask, short=False).alias("kk_b"),
        by_rule([r.action.text(lang) for r in rules], pl.String()).alias("action"),
        by_rule([reference(r.reference) for r in rules], pl.String()).alias("reference"),
        by_rule([r.unconfirmed is not None for r in rules], pl.Boolean()).alias("unconfirmed"),
        _shown("__nik_a", tokens=tokens, unmask=unmask, short=True).alias("__e_na"),
        _shown("__nik_b", tokens=tokens, unmask=unmask, short=True).alias("__e_nb"),
        _shown("__kk_a", tokens=tokens, unmask=unmask, short=True).alias("__e_ka"),
        _shown("__kk_b", tokens=tokens, unmask=unmask, short=True).alias("__e_kb"),
        _shown("__other", tokens=tokens, unmask=unmask, short=True).alias("__e_other"),
        pl.col("__reg_a").replace("", None).alias("__e_ra"),
        pl.col("__reg_b").replace("", None).alias("__e_rb"),
        (
            pl.col("__other").is_not_null()
            & (pl.col("__other") == pl.col("__nik_a").cast(pl.String))
        ).alias("__self"),
    )
    table = table.with_columns(_evidence(lang).alias("evidence"))
    order = pl.col("kind").replace_strict(list(KINDS), list(range(len(KINDS))), default=len(KINDS))
    table = table.sort(order, "__ra", "row_a", "__rb", "row_b", "rule", nulls_last=True)
    return table.select(COLUMNS)
