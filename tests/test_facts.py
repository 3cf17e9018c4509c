"""One owner per domain fact: every consumer reads life status, SHDK, sex, dates, the
placeholder birth dates and the NIK birth date as ``bansos_validate.facts`` does.

Each property draws values officers write (the known words in any case and punctuation,
and junk), and holds the scalar reader, the expression builder (Polars and DuckDB) and
every check that reads the fact to one answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import narwhals as nw
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bansos_validate as bv
from bansos_validate import facts
from bansos_validate.household import check_households
from bansos_validate.matching import PLACEHOLDER_DAYS as MATCH_PLACEHOLDERS
from bansos_validate.matching._prepare import prepare
from bansos_validate.overlap._fuzzy import nik_birth_date
from bansos_validate.rules._fields import CANONICAL, int_to_date, normalise_keyword, read_value
from bansos_validate.table._check import parse_declared_date
from bansos_validate.testing import niks

# Junk text without control characters, whose blankness Python and the engines judge apart.
TEXT = st.characters(blacklist_categories=("Cc", "Cs"))
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
REF = dt.date(2026, 1, 15)


def _spelled(words: Any) -> st.SearchStrategy[str]:
    """A known word written as officers write it: any case, punctuation, spaces."""

    @st.composite
    def spell(draw: st.DrawFn) -> str:
        word = draw(st.sampled_from(sorted(words)))
        word = "".join(c.lower() if draw(st.booleans()) else c for c in word)
        word = word.replace(" ", draw(st.sampled_from([" ", "  ", "-", "_", ". "])))
        return draw(st.sampled_from(["", " "])) + word + draw(st.sampled_from(["", ".", " "]))

    return st.one_of(spell(), st.text(TEXT, max_size=12), st.sampled_from(["", "?", "-", "3"]))


def _expression(values: list[str | None], build: Any) -> list[Any]:
    """*build* on a column of *values*, on Polars and on DuckDB (the same answer)."""
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    on_polars = nw.from_native(frame).select(build(nw.col("v")).alias("o")).to_native()["o"]
    relation = duckdb.from_arrow(frame.to_arrow())
    on_duckdb = nw.from_native(relation).select(build(nw.col("v")).alias("o")).to_native().pl()
    assert on_duckdb["o"].to_list() == on_polars.to_list()
    return on_polars.to_list()


@SETTINGS
@given(st.lists(_spelled(facts.LIFE_STATUS_WORDS), min_size=1, max_size=12))
def test_life_status(values: list[str]) -> None:
    expected = [facts.read_life_status(v) for v in values]
    assert _expression(values, facts.life_status_expr) == expected
    spec = CANONICAL["person"]["status_hidup"]
    assert [read_value(spec, v) if v.strip() else None for v in values] == expected
    roster = pl.DataFrame(
        {
            "no_kk": [f"3576010101{i + 1:05d}1" for i in range(len(values))],
            "hubungan_keluarga": ["KEPALA KELUARGA"] * len(values),
            "status_hidup": values,
        }
    )
    codes = check_households(roster, reference_date=REF).frame["household_issue_codes"]
    dead = ["household_head_deceased" in c for c in codes.to_list()]
    assert dead == [e == facts.DEAD for e in expected]


@SETTINGS
@given(st.lists(_spelled(facts.SHDK_WORDS), min_size=1, max_size=12))
def test_shdk(values: list[str]) -> None:
    expected = [facts.read_shdk(v) for v in values]
    assert _expression(values, facts.shdk_expr) == expected
    spec = CANONICAL["person"]["hubungan_keluarga"]
    for value, role in zip(values, expected, strict=True):
        if role is not None:
            assert read_value(spec, value) == normalise_keyword(role)
    roster = pl.DataFrame(
        {"no_kk": ["3576010101000011"] * len(values), "hubungan_keluarga": values}
    )
    codes = check_households(roster, reference_date=REF).frame["household_issue_codes"]
    unknown = ["household_relationship_unknown" in c for c in codes.to_list()]
    assert unknown == [r is None for r in expected]


@SETTINGS
@given(st.lists(_spelled(facts.SEX_WORDS), min_size=1, max_size=12))
def test_sex(values: list[str]) -> None:
    expected = [facts.read_sex(v) for v in values]
    assert _expression(values, facts.sex_expr) == expected
    spec = CANONICAL["person"]["jenis_kelamin"]
    for value, sex in zip(values, expected, strict=True):
        if sex is not None:
            assert read_value(spec, value) == sex
    table = bv.check_table(
        pl.DataFrame({"nik": ["3576014403910003"] * len(values), "jenis_kelamin": values}),
        reference_date=REF,
    ).frame["issue_codes"]
    unreadable = ["jenis_kelamin_unreadable" in c for c in table.to_list()]
    assert unreadable == [
        s is None and bool(v.strip()) for v, s in zip(values, expected, strict=True)
    ]
    names = pl.DataFrame({"nama": ["SITI"] * len(values), "jenis_kelamin": values})
    features, _ = prepare(names, None)
    assert features["sex"].to_list() == expected


def _date_text(day: dt.date, form: int) -> str:
    month = list(facts.MONTHS)[list(facts.MONTHS.values()).index(day.month)]
    return [
        day.isoformat(),
        f"{day.isoformat()}T00:00:00",
        f"{day.isoformat()} 08:30:00",
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day:02d}-{day.month:02d}-{day.year}",
        f"{day.day}.{day.month}.{day.year}",
        f"{day.day} {month.title()} {day.year}",
        f"{day.day:02d}-{month[:3]}-{day.year}",
        day.strftime("%Y%m%d"),  # compact ISO (a SIAK or Febrl export)
        day.strftime("%Y%m%d") + ".0",  # the same, from a number cell
    ][form]


DATES = st.one_of(
    st.builds(
        _date_text,
        st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2030, 12, 31)),
        st.integers(0, 9),
    ),
    st.sampled_from(
        [
            *("31-02-1991", "1991-13-01", "kemarin", "04-03-91", "", " ", "1/1/1"),
            *("19911304", "04031991", "20260230", "18991231", "199103041"),  # compact
        ]
    ),
    st.text(TEXT, max_size=10),
)


@SETTINGS
@given(st.lists(DATES, min_size=1, max_size=12))
def test_declared_dates(values: list[str]) -> None:
    expected = [facts.read_date(v) for v in values]
    frame = nw.from_native(pl.DataFrame({"v": values}, schema={"v": pl.String}))
    parsed = parse_declared_date(frame, "v", "d").to_native()["d"].to_list()
    assert parsed == expected
    spec = CANONICAL["person"]["tanggal_lahir"]
    ruled = [read_value(spec, v) for v in values]
    assert [None if r is None else int_to_date(r) for r in ruled] == expected
    names = pl.DataFrame({"nama": ["SITI"] * len(values), "tanggal_lahir": values})
    features, _ = prepare(names, None)
    assert features["dob"].to_list() == [None if e is None else e.isoformat() for e in expected]


@SETTINGS
@given(niks(), st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 1, 1)))
def test_nik_birth_date_and_placeholders(nik: str, ref: dt.date) -> None:
    info = bv.parse_nik(nik, reference_date=ref)
    decoded = facts.nik_birth_date(nik, ref)
    assert decoded == info.birth_date
    table = bv.check_table(pl.DataFrame({"nik": [nik]}), reference_date=ref).frame
    assert table["nik_birth_date"].to_list() == [decoded]
    keys = pl.DataFrame({"k": [int(nik)]})
    iso = nik_birth_date(keys, "k", ref).to_list()
    assert iso == [None if decoded is None else decoded.isoformat()]
    if decoded is not None:
        placeholder = facts.is_placeholder(decoded.day, decoded.month)
        assert ("nik_placeholder_birth_date" in info.codes) == placeholder
        assert (f"{decoded.month:02d}-{decoded.day:02d}" in MATCH_PLACEHOLDERS) == placeholder
