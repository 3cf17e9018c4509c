"""The result table: one row per overlap, with masked identifiers and bilingual texts.

Detection stores each overlap's evidence as data (:data:`EVIDENCE`: a message and its
values), its action as the id of the policy rule that says it, and the notes of the
result as codes with their values (:class:`OverlapNote`); :func:`render_evidence`,
:func:`render_actions` and :func:`render_notes` write the texts in the language asked
for, when the result is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import polars as pl

from bansos_validate.overlap._kinds import (
    KINDS,
    EvidenceMessage,
    NoteCode,
    OverlapKind,
    OverlapNote,
)

if TYPE_CHECKING:
    from bansos_validate.issues import Lang
    from bansos_validate.overlap._policy import Policy

__all__ = [
    "COLUMNS",
    "EVIDENCE",
    "WORK",
    "assemble",
    "localize",
    "render_actions",
    "render_evidence",
    "render_notes",
]

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

EVIDENCE = (
    "message",
    "program_a",
    "program_b",
    "periode_a",
    "periode_b",
    "region_a",
    "region_b",
    "regency_a",
    "regency_b",
    "nik_a",
    "nik_b",
    "kk_a",
    "kk_b",
    "other",
    "detail",
    "count",
    "match_rule",
    "match_probability",
)
"""The structured evidence of an overlap: its :class:`EvidenceMessage` and the values the
sentence shows (identifiers as shown: masked, whole when unmasked, or short tokens)."""

_NOTES: dict[NoteCode, tuple[str, str]] = {  # templates: {name} shows values[name]
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


def render_notes(notes: Sequence[OverlapNote], lang: Lang) -> tuple[str, ...]:
    """The texts of stored notes, in *lang*.

    Args:
        notes: the notes of a result, as detection stores them.
        lang: ``id`` or ``en``.

    Returns:
        One text per note, in the order of *notes*.
    """
    out = []
    for n in notes:
        template = _NOTES[n.code][1 if lang == "en" else 0]
        out.append(template.format_map(n.values) if n.values else template)
    return tuple(out)


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


def _messages(lang: Lang) -> dict[EvidenceMessage, pl.Expr]:
    """The sentence of each evidence message, over the columns of :data:`EVIDENCE`."""

    def w(word: str) -> pl.Expr:
        return pl.lit(f" {_w(word, lang)} ")

    na, nb = pl.col("nik_a"), pl.col("nik_b")
    ka, kb = pl.col("kk_a"), pl.col("kk_b")
    pa, pb = pl.col("program_a"), _or_dash(pl.col("program_b"))
    pera, perb = _or_dash(pl.col("periode_a")), _or_dash(pl.col("periode_b"))
    wa, wb = _or_dash(pl.col("region_a")), _or_dash(pl.col("region_b"))
    where_a = pl.concat_str(pl.lit(" ("), pera, pl.lit(", "), wa, pl.lit(")"))
    where_b = pl.concat_str(pl.lit(" ("), perb, pl.lit(", "), wb, pl.lit(")"))
    same_kk = pl.concat_str(pl.lit("KK "), ka)
    roster = pl.concat_str(
        pl.lit(_w("roster", lang) + " (KK "), ka, pl.lit(", KK "), kb, pl.lit(")")
    )

    def exclusive(family: pl.Expr) -> pl.Expr:
        return pl.concat_str(
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

    def household(family: pl.Expr) -> pl.Expr:
        return pl.concat_str(
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
    cross = pl.concat_str(
        pl.lit("NIK "),
        na,
        w("on"),
        pa,
        w("in_regency"),
        _or_dash(pl.col("regency_a")),
        pl.lit(" ("),
        pera,
        pl.lit(")"),
        w("and"),
        _or_dash(pl.col("regency_b")),
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
    death_date = pl.col("detail")
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
        pl.when(pl.col("count") > 1)
        .then(
            pl.concat_str(
                pl.lit(" (+"),
                (pl.col("count") - 1).cast(pl.String),
                pl.lit(f" {_w('more', lang)})"),
            )
        )
        .otherwise(pl.lit(""))
    )
    occupation_self = pl.concat_str(
        pl.lit("NIK "),
        na,
        w("on"),
        pa,
        pl.lit(": " + _w("is_self", lang) + " "),
        pl.col("detail"),
        more,
    )
    occupation_member = pl.concat_str(
        pl.lit("NIK "),
        na,
        w("on"),
        pa,
        pl.lit(": " + _w("member", lang) + " "),
        pl.col("other"),
        w("is"),
        pl.col("detail"),
        more,
    )
    return {
        EvidenceMessage.EXCLUSIVE_NIK: pl.concat_str(
            pl.lit("NIK "), na, w("on"), pa, where_a, w("and"), pb, where_b
        ),
        EvidenceMessage.EXCLUSIVE_KK: exclusive(same_kk),
        EvidenceMessage.EXCLUSIVE_ROSTER: exclusive(roster),
        EvidenceMessage.DUPLICATE_IN_ROLL: duplicate,
        EvidenceMessage.DUPLICATE_HOUSEHOLD: household(same_kk),
        EvidenceMessage.DUPLICATE_HOUSEHOLD_ROSTER: household(roster),
        EvidenceMessage.CROSS_REGION: cross,
        EvidenceMessage.SAME_PERSON: same,
        EvidenceMessage.DECEASED: deceased,
        EvidenceMessage.OCCUPATION_SELF: occupation_self,
        EvidenceMessage.OCCUPATION_MEMBER: occupation_member,
    }


def render_evidence(evidence: pl.DataFrame, lang: Lang) -> pl.Series:
    """The evidence sentences of stored evidence (:data:`EVIDENCE` columns), in *lang*.

    Args:
        evidence: one row per overlap, as :func:`assemble` stores it.
        lang: ``id`` or ``en``.

    Returns:
        A String series named ``evidence``, one sentence per row of *evidence*.
    """
    message = pl.col("message")
    expr: Any = pl
    for key, sentence in _messages(lang).items():
        expr = expr.when(message == key.value).then(sentence)
    return evidence.select(expr.otherwise(None).cast(pl.String).alias("evidence")).to_series()


def _message() -> pl.Expr:
    """The evidence message of each overlap, from its kind and how it was linked."""
    kind, via = pl.col("kind"), pl.col("__via")

    def lit(message: EvidenceMessage) -> pl.Expr:
        return pl.lit(message.value)

    def by_family(roster: EvidenceMessage, same_kk: EvidenceMessage) -> pl.Expr:
        return pl.when(via == "roster").then(lit(roster)).otherwise(lit(same_kk))

    return (
        pl.when((kind == OverlapKind.EXCLUSIVE_PROGRAMS.value) & (via == "nik"))
        .then(lit(EvidenceMessage.EXCLUSIVE_NIK))
        .when(kind == OverlapKind.EXCLUSIVE_PROGRAMS.value)
        .then(by_family(EvidenceMessage.EXCLUSIVE_ROSTER, EvidenceMessage.EXCLUSIVE_KK))
        .when(kind == OverlapKind.DUPLICATE_IN_ROLL.value)
        .then(lit(EvidenceMessage.DUPLICATE_IN_ROLL))
        .when(kind == OverlapKind.DUPLICATE_HOUSEHOLD.value)
        .then(
            by_family(
                EvidenceMessage.DUPLICATE_HOUSEHOLD_ROSTER, EvidenceMessage.DUPLICATE_HOUSEHOLD
            )
        )
        .when(kind == OverlapKind.CROSS_REGION.value)
        .then(lit(EvidenceMessage.CROSS_REGION))
        .when(kind == OverlapKind.SAME_PERSON_DIFFERENT_NIK.value)
        .then(lit(EvidenceMessage.SAME_PERSON))
        .when(kind == OverlapKind.DECEASED_RECIPIENT.value)
        .then(lit(EvidenceMessage.DECEASED))
        .when(pl.col("__self"))
        .then(lit(EvidenceMessage.OCCUPATION_SELF))
        .otherwise(lit(EvidenceMessage.OCCUPATION_MEMBER))
    )


def assemble(  # noqa: PLR0913 - keyword-only parts of the result
    *,
    findings: Sequence[pl.DataFrame],
    rows: Sequence[pl.DataFrame],
    names: Sequence[str],
    policy: Policy,
    tokens: bool,
    unmask: bool,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Assemble the result table from the detectors' findings and the rows they saw.

    Args:
        findings: pairs (``__ra``, ``__rowa``, ``__rb``, ``__rowb``, ``kind``, ``rule``,
            ``__via``...) and single-row findings (``__detail``, ``__other``,
            ``__count``), in the order the detectors found them (the first of two equal
            findings is kept).
        rows: the work rows (:data:`WORK`) the findings point at.
        names: the roll names, by roll index.
        policy: the policy applied (severity, reference and certainty of each rule).
        tokens: the keys are tokens (shown as they are).
        unmask: show whole NIK and KK numbers.

    Returns:
        The table (:data:`COLUMNS`; ``evidence`` and ``action`` are language-bound and
        left null, see :func:`localize`) and its structured evidence (:data:`EVIDENCE`),
        row for row.
    """
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
    parts += [f for f in findings if f.height]
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
        pl.lit(None, dtype=pl.String).alias("evidence"),
        pl.lit(None, dtype=pl.String).alias("action"),
        by_rule([reference(r.reference) for r in rules], pl.String()).alias("reference"),
        by_rule([r.unconfirmed is not None for r in rules], pl.Boolean()).alias("unconfirmed"),
        (
            pl.col("__other").is_not_null()
            & (pl.col("__other") == pl.col("__nik_a").cast(pl.String))
        ).alias("__self"),
    )
    order = pl.col("kind").replace_strict(list(KINDS), list(range(len(KINDS))), default=len(KINDS))
    table = table.sort(order, "__ra", "row_a", "__rb", "row_b", "rule", nulls_last=True)
    evidence = table.select(
        _message().alias("message"),
        "program_a",
        "program_b",
        "periode_a",
        "periode_b",
        "region_a",
        "region_b",
        pl.col("__reg_a").replace("", None).alias("regency_a"),
        pl.col("__reg_b").replace("", None).alias("regency_b"),
        _shown("__nik_a", tokens=tokens, unmask=unmask, short=True).alias("nik_a"),
        _shown("__nik_b", tokens=tokens, unmask=unmask, short=True).alias("nik_b"),
        _shown("__kk_a", tokens=tokens, unmask=unmask, short=True).alias("kk_a"),
        _shown("__kk_b", tokens=tokens, unmask=unmask, short=True).alias("kk_b"),
        _shown("__other", tokens=tokens, unmask=unmask, short=True).alias("other"),
        pl.col("__detail").alias("detail"),
        pl.col("__count").alias("count"),
        "match_rule",
        "match_probability",
    )
    return table.select(COLUMNS), evidence


def localize(
    table: pl.DataFrame, evidence: pl.DataFrame, policy: Policy, lang: Lang
) -> pl.DataFrame:
    """*table* with its language-bound columns (``evidence``, ``action``) written in *lang*.

    Args:
        table: the table of :func:`assemble`.
        evidence: its structured evidence, row for row.
        policy: the policy whose rules say the action.
        lang: ``id`` or ``en``.

    Returns:
        The table, the same rows and columns.
    """
    return table.with_columns(
        render_evidence(evidence, lang), render_actions(table.get_column("rule"), policy, lang)
    )


def render_actions(rules: pl.Series, policy: Policy, lang: Lang) -> pl.Series:
    """The suggested action of each overlap, in *lang*: the text of its policy rule.

    Args:
        rules: the rule id of each overlap (``table["rule"]``).
        policy: the policy whose rules say the action.
        lang: ``id`` or ``en``.

    Returns:
        A String series named ``action``, one text per id of *rules* (null for an id the
        policy does not have).
    """
    known = policy.all_rules()
    return rules.replace_strict(
        [r.id for r in known],
        [r.action.text(lang) for r in known],
        default=None,
        return_dtype=pl.String,
    ).alias("action")
