"""The scalar ``decide`` and the vectorised ``evaluate`` agree on every household.

Households and members are generated with messy but realistic values (spellings, text
booleans, several date formats, unreadable values, nulls, deceased members, members
without a household) and decided three ways: ``decide`` per household, ``evaluate`` on
an in-memory Polars frame (single-column lookups, integer keys) and ``evaluate`` on a
lazy Polars frame (the general expressions, as DuckDB or Spark would run them).
Village codes (desa, kelurahan, desa adat; dotted, number cells, junk) exercise
``is_desa()``: on the households through BLT-DD, on the persons through the feature file.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bansos_validate.intake._keys import link_text
from bansos_validate.rules import Decision, RuleSet, _vector, evaluate, load_program

from .conftest import MINI, ruleset_from

FEATURES = """\
program: fitur
name: {id: Fitur bahasa, en: Language features}
version: "0.1"
unit: household
effective: {from: 2024-01-01}
references: {t: {title: Test}}
parameters:
  batas: {description: {id: b, en: b}, values: {2024-01-01: {value: 3, reference: t}}}
  kata: {description: {id: k, en: k}, values: {2024-01-01: {value: [PNS, tni], reference: t}}}
  teks: {description: {id: t, en: t}, values: {2024-01-01: {value: SD, reference: t}}}
  nilai_a: {description: {id: a, en: a}, values: {2024-01-01: {value: 1000, reference: t}}}
  nilai_b: {description: {id: b, en: b}, values: {2024-01-01: {value: 2500, reference: t}}}
  tanggal_batas: {description: {id: d, en: d}, values: {2024-01-01: {value: 1990-06-15, reference: t}}}
entities:
  person:
    tanggal_lahir: {type: date}
    tanggal_meninggal: {type: date, required: false}
    status_hidup: {type: keyword, default: HIDUP}
    pekerjaan: {type: keyword, default: ""}
    jenjang_sekolah: {type: keyword, default: TIDAK SEKOLAH}
    hamil: {type: bool, default: false}
    kode_wilayah: {type: text, required: false}
  household:
    desil: {type: int}
variables:
  person:
    umur: age(tanggal_lahir, at)
    di_desa: is_desa(kode_wilayah)
    desa_atau_kota: is_desa(coalesce(kode_wilayah, "35.76.01.1003"))
    tua: umur >= 60
    lahir_sebelum: tanggal_lahir < tanggal_batas
    sekolah_teks: jenjang_sekolah == teks
    hari: month(tanggal_lahir) + day(tanggal_lahir) / 100
    hidup: not coalesce(tanggal_meninggal <= at, status_hidup == "MENINGGAL")
  household:
    total_umur: sum(umur for members where hidup)
    rata: total_umur / count(members where hidup)
    semua_tua: all(tua for members)
    semua_hidup: all(members where hidup)
    ada_pns: any(members where pekerjaan in kata)
    ada_lain: any(pekerjaan not in ["PETANI", "buruh"] for members where hidup)
    n_sd: count(members where sekolah_teks)
    skor: if desil <= batas then abs(rata - 40) else -1 * 2 ** 2
    campur: max(min(n_sd, 2), year(at) - 2025)
    tahun: coalesce(sum(year(tanggal_lahir) - hari for members where lahir_sebelum), 0)
    n_desa: count(members where di_desa and hidup)
    ada_kota: any(not desa_atau_kota for members)
conditions:
  - id: desil
    rule: desil <= batas or semua_tua
    description: {id: d, en: d}
    message: {id: d, en: d}
  - id: skor
    rule: skor >= 0 or is_missing(rata) or tahun > 5000
    description: {id: s, en: s}
    message: {id: s, en: s}
  - id: wilayah
    rule: n_desa <= 2 or desil == 1 or not ada_kota
    description: {id: w, en: w}
    message: {id: w, en: w}
exclusions:
  - id: pns
    rule: ada_pns and not ada_lain or semua_hidup == false and desil == 1
    description: {id: p, en: p}
    message: {id: p, en: p}
benefit:
  max_units: 2 + (if desil == 1 then 1 else 0)
  components:
    - id: a
      description: {id: a, en: a}
      units: n_sd
      amount: nilai_a
    - id: b
      description: {id: b, en: b}
      units: campur
      amount: if desil == 2 then nilai_b else nilai_a
    - id: c
      description: {id: c, en: c}
      units: count(members where hamil and hidup)
      amount: nilai_b
"""

DATES = st.dates(dt.date(1920, 1, 1), dt.date(2026, 3, 1))


def date_text(day: dt.date, style: int) -> str:
    if style == 0:
        return day.isoformat()
    if style == 1:
        return day.strftime("%d-%m-%Y")
    if style == 2:
        return day.strftime("%d/%m/%Y")
    return day.isoformat() + " 00:00:00"


@st.composite
def date_column(draw: st.DrawFn, n: int, *, nullable: float) -> tuple[list[Any], Any]:
    as_text = draw(st.booleans())
    values: list[Any] = []
    for _ in range(n):
        if draw(st.floats(0, 1)) < nullable:
            values.append(draw(st.sampled_from([None, ""])) if as_text else None)
            continue
        day = draw(DATES)
        if not as_text:
            values.append(day)
        elif draw(st.integers(0, 20)) == 0:
            values.append(
                draw(st.sampled_from(["31-02-2020", "2021-13-01", "kemarin", "2020/01/01"]))
            )
        else:
            values.append(date_text(day, draw(st.integers(0, 3))))
    return values, (pl.String if as_text else pl.Date)


@st.composite
def bool_column(draw: st.DrawFn, n: int) -> tuple[list[Any], Any]:
    kind = draw(st.sampled_from(["bool", "text", "int"]))
    if kind == "bool":
        return draw(
            st.lists(st.sampled_from([True, False, False, None]), min_size=n, max_size=n)
        ), pl.Boolean
    if kind == "int":
        return draw(st.lists(st.sampled_from([1, 0, 0, None, 2]), min_size=n, max_size=n)), pl.Int64
    texts = ["Y", "T", "ya", " TIDAK ", "1", "0", "", None, "mungkin", "TRUE", "no"]
    return draw(st.lists(st.sampled_from(texts), min_size=n, max_size=n)), pl.String


def text_column(draw: st.DrawFn, n: int, options: list[Any]) -> tuple[list[Any], Any]:
    return draw(st.lists(st.sampled_from(options), min_size=n, max_size=n)), pl.String


@st.composite
def village_column(draw: st.DrawFn, n: int) -> tuple[list[Any], Any]:
    """Village codes as text, or as the numbers of a spreadsheet's number cells."""
    kind = draw(st.sampled_from(["text", "int", "float"]))
    if kind == "int":
        options: list[Any] = [3510012001, 3576011003, 9103013007, 3510012999, None]
        return draw(st.lists(st.sampled_from(options), min_size=n, max_size=n)), pl.Int64
    if kind == "float":
        options = [3510012001.0, 3576011003.0, 3510012999.0, float("nan"), None]
        return draw(st.lists(st.sampled_from(options), min_size=n, max_size=n)), pl.Float64
    return text_column(draw, n, VILLAGES)


OCCUPATIONS = [
    "PNS",
    " pns ",
    "Tni",
    "KARYAWAN BUMN",
    "karyawan  bumn",
    "PETANI",
    "",
    None,
    "Kepolisian RI",
    "PERANGKAT DESA",
    "buruh",
    "ASN",
]
STATUS = ["HIDUP", "hidup", "HIDUP", "MENINGGAL", "mati", "?", "", None]
# A desa (Kab. Banyuwangi), a kelurahan (Kota Mojokerto), a desa adat (Kab. Jayapura), as
# officers' files write them; then codes that are no current village, and junk.
VILLAGES = [
    "3510012001",
    "3576011003",
    "9103013007",
    "35.10.01.2004",
    "35.76.01.1003",
    "3510012009.0",
    " 3576-01-1001 ",
    "3510012999",
    "357601",
    "x",
    "",
    "   ",
    None,
]
SCHOOL = ["SD", "smp", "SMK", "MTs", "TIDAK SEKOLAH", "PAUD", "KULIAH", "", None, "S D"]


@st.composite
def population(draw: st.DrawFn) -> dict[str, Any]:
    n_households = draw(st.integers(1, 30))
    # Serials ending in 1: a number cell ending in 0 may have lost its 16th digit.
    keys = [f"3576010101{i + 1:05d}1" for i in range(n_households)]
    sizes = [draw(st.integers(0, 5)) for _ in keys]
    owners = [k for k, size in zip(keys, sizes, strict=True) for _ in range(size)]
    owners += ["35760199999" + "00001"] * draw(st.integers(0, 2))
    n = len(owners)
    born, born_type = draw(date_column(n, nullable=0.08))
    died, died_type = draw(date_column(n, nullable=0.85))
    columns = {
        "nik": ([f"357601{i:010d}" for i in range(n)], pl.String),
        "no_kk": (owners, pl.String),
        "tanggal_lahir": (born, born_type),
        "tanggal_meninggal": (died, died_type),
        "status_hidup": text_column(draw, n, STATUS),
        "pekerjaan": text_column(draw, n, OCCUPATIONS),
        "jenjang_sekolah": text_column(draw, n, SCHOOL),
        "hamil": draw(bool_column(n)),
        "disabilitas_berat": draw(bool_column(n)),
        "kode_wilayah": text_column(draw, n, VILLAGES),
    }
    desil_kind = draw(st.sampled_from(["int", "text", "float"]))
    if desil_kind == "int":
        desil = (
            draw(
                st.lists(
                    st.sampled_from([1, 2, 3, 4, 5, 6, 9, 11, None]),
                    min_size=n_households,
                    max_size=n_households,
                )
            ),
            pl.Int64,
        )
    elif desil_kind == "float":
        desil = (
            draw(
                st.lists(
                    st.sampled_from([1.0, 2.0, 4.0, 5.0, 3.5, None]),
                    min_size=n_households,
                    max_size=n_households,
                )
            ),
            pl.Float64,
        )
    else:
        desil = (
            draw(
                st.lists(
                    st.sampled_from(["1", " 3 ", "4", "6", "x", "", None]),
                    min_size=n_households,
                    max_size=n_households,
                )
            ),
            pl.String,
        )
    # The persons' KK numbers as officers' files hold them: plain, spaced, or the text a
    # number cell became; all read as the same 16 digits (one reading of identifiers).
    form = draw(st.sampled_from(["plain", "spaced", "float_text"]))
    if form == "spaced":
        columns["no_kk"] = ([f"{k[:4]} {k[4:8]} {k[8:12]} {k[12:]}" for k in owners], pl.String)
    elif form == "float_text":
        columns["no_kk"] = ([f"{k}.0" for k in owners], pl.String)
    household_columns = {
        "no_kk": (keys, pl.String),
        "desil": desil,
        "penerima_pkh": draw(bool_column(n_households)),
        "penerima_bpnt": draw(bool_column(n_households)),
        "kode_wilayah": draw(village_column(n_households)),
    }
    return {"persons": columns, "households": household_columns}


def frames(data: dict[str, Any]) -> tuple[pl.DataFrame, pl.DataFrame]:
    persons = pl.DataFrame({k: pl.Series(k, v, dtype=t) for k, (v, t) in data["persons"].items()})
    households = pl.DataFrame(
        {k: pl.Series(k, v, dtype=t) for k, (v, t) in data["households"].items()}
    )
    return persons, households


def rows(columns: dict[str, Any]) -> list[dict[str, Any]]:
    names = list(columns)
    count = len(columns[names[0]][0])
    return [{name: columns[name][0][i] for name in names} for i in range(count)]


def summary(decision: Decision | dict[str, Any]) -> tuple[Any, ...]:
    if isinstance(decision, Decision):
        return (
            decision.status.value,
            decision.amount,
            list(decision.reasons),
            decision.component_amounts(),
        )
    components = {k[len("amount_") :]: v for k, v in decision.items() if k.startswith("amount_")}
    return (decision["status"], decision["amount"], list(decision["reasons"]), components)


RULESETS: dict[str, RuleSet] = {}


def ruleset(name: str) -> RuleSet:
    if name not in RULESETS:
        RULESETS[name] = (
            ruleset_from(MINI)
            if name == "mini"
            else ruleset_from(FEATURES)
            if name == "fitur"
            else load_program(name)
        )
    return RULESETS[name]


def check_agreement(rules: RuleSet, data: dict[str, Any], at: dt.date) -> None:
    """Scalar, eager Polars (lookups forced on) and lazy Polars give the same decisions."""
    persons, households = frames(data)
    person_rows = rows(data["persons"])
    scalar: dict[str, tuple[Any, ...]] = {}
    for household in rows(data["households"]):
        members = [p for p in person_rows if link_text(p["no_kk"]) == household["no_kk"]]
        decision = rules.decide(household, members, reference_date=at)
        if rules.unit == "household":
            scalar[household["no_kk"]] = summary(decision)
        else:
            scalar.update({str(m.nik): summary(m) for m in decision.members})
    key = "no_kk" if rules.unit == "household" else "nik"
    eager = evaluate(rules, persons, households, reference_date=at).frame
    lazy = evaluate(rules, persons.lazy(), households.lazy(), reference_date=at).frame.collect()
    for name, frame in (("eager", eager), ("lazy", lazy)):
        got = {row[key]: summary(row) for row in frame.to_dicts()}
        assert got == scalar, name
    if rules.unit == "household":
        assert eager["no_kk"].to_list() == households["no_kk"].to_list()


# A few examples per run keep the suite fast; set RULES_AGREEMENT_EXAMPLES=500 for a soak.
SETTINGS = settings(
    max_examples=int(os.environ.get("RULES_AGREEMENT_EXAMPLES", "6")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("name", ["pkh", "bpnt", "pbi-jk", "blt-dd", "pip", "mini", "fitur"])
@SETTINGS
@given(
    data=population(),
    at=st.sampled_from([dt.date(2025, 6, 1), dt.date(2026, 1, 15), dt.date(2026, 12, 31)]),
)
def test_scalar_and_vectorised_agree(name: str, data: dict[str, Any], at: dt.date) -> None:
    check_agreement(ruleset(name), data, at)


@pytest.fixture(autouse=True)
def _lookups_on_small_frames(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tiny test frames would skip the single-column lookups; force them on."""
    monkeypatch.setattr(_vector, "_LOOKUP_MIN_ROWS", 0)
