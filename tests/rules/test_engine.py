"""Deciding: the scalar ``decide``, the vectorised ``evaluate`` and their results."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from bansos_validate.errors import InvalidArgument, SchemaError
from bansos_validate.rules import (
    Decision,
    Decisions,
    NotInForce,
    RuleSet,
    Status,
    evaluate,
    load_program,
)

from .conftest import AT, mini, ruleset_from

KK1, KK2, KK3, KK4 = "3576010101200001", "3576010101200002", "3576010101200003", "3576010101200004"
MOTHER = {"nik": "3576014403910003", "tanggal_lahir": "1991-03-04", "hamil": "Y"}
BABY = {"nik": "3576010101240001", "tanggal_lahir": dt.date(2024, 1, 1)}
PNS = {"nik": "3576011207880001", "tanggal_lahir": "12/07/1988", "pekerjaan": " pns"}


def people() -> tuple[pl.DataFrame, pl.DataFrame]:
    persons = pl.DataFrame(
        {
            "nik": [
                "3576014403910003",
                "3576010101240001",
                "3576011207880001",
                "3576015002950002",
                "3576011501560001",
            ],
            "no_kk": [KK1, KK1, KK2, KK2, KK3],
            "nama": ["SITI", "BAYU", "AGUS", "RINA", "SLAMET"],
            "tanggal_lahir": ["1991-03-04", "2024-01-01", "12/07/1988", "2023-02-10", None],
            "hamil": ["Y", None, "T", None, None],
            "pekerjaan": ["", None, " pns", None, "PETANI"],
            "status_hidup": ["HIDUP", "HIDUP", None, "hidup", "HIDUP"],
        }
    )
    households = pl.DataFrame({"no_kk": [KK4, KK1, KK2, KK3], "desil": [2, 3, 1, None]})
    return persons, households


def test_decide_household(mini_rules: RuleSet) -> None:
    decision = mini_rules.decide({"no_kk": KK1, "desil": 3}, [MOTHER, BABY], reference_date=AT)
    assert decision.status is Status.ELIGIBLE
    assert decision.eligible
    assert decision.amount == 1000
    assert decision.reasons == ()
    assert decision.passed == ("desil", "anak", "pns")
    assert decision.component_amounts() == {"anak": 1000}
    assert decision.reference_date == AT
    assert decision.ruleset_version == "1.0"
    assert decision.ruleset_sha256 == mini_rules.sha256
    assert {p.name: p.value for p in decision.parameters}["desil_maks"] == 5  # 2026 value
    assert decision.no_kk == KK1


def test_parameter_value_follows_the_date(mini_rules: RuleSet) -> None:
    household = {"no_kk": KK1, "desil": 5}
    assert mini_rules.decide(household, [BABY], reference_date="2026-01-01").eligible
    before = mini_rules.decide(household, [BABY], reference_date="2025-12-31")
    assert before.status is Status.NOT_ELIGIBLE
    assert before.reasons == ("desil",)
    assert before.checks[0].message.text("en") == "Decile 5 too high"
    assert before.checks[0].description.text() == "Desil paling tinggi 4"


def test_exclusion_and_condition_fail_together(mini_rules: RuleSet) -> None:
    decision = mini_rules.decide({"no_kk": KK2, "desil": 9}, [PNS], reference_date=AT)
    assert decision.status is Status.NOT_ELIGIBLE
    assert decision.reasons == ("desil", "anak", "pns")
    assert decision.amount == 0
    assert decision.component_amounts() == {"anak": 0}


def test_null_desil_is_undetermined_not_ineligible(mini_rules: RuleSet) -> None:
    decision = mini_rules.decide({"no_kk": KK3, "desil": None}, [BABY], reference_date=AT)
    assert decision.status is Status.UNDETERMINED
    assert decision.reasons == ("desil",)
    assert decision.amount is None
    check = decision.checks[0]
    assert check.outcome == "unknown"
    assert "desil" in check.message.text("en")


def test_missing_column_is_a_schema_error(mini_rules: RuleSet) -> None:
    with pytest.raises(SchemaError) as info:
        mini_rules.decide({"no_kk": KK1}, [BABY], reference_date=AT)
    assert info.value.column == "desil"
    with pytest.raises(SchemaError) as info:
        mini_rules.decide({"no_kk": KK1, "desil": 1}, [{"nik": "x"}], reference_date=AT)
    assert info.value.column == "tanggal_lahir"


def test_bad_arguments(mini_rules: RuleSet) -> None:
    with pytest.raises(InvalidArgument):
        mini_rules.decide({"no_kk": KK1, "desil": 1}, [BABY], reference_date=20260115)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        mini_rules.decide({"no_kk": KK1, "desil": 1}, BABY, reference_date=AT)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        mini_rules.decide([("no_kk", KK1)], [BABY], reference_date=AT)  # type: ignore[arg-type]
    with pytest.raises(NotInForce) as info:
        mini_rules.decide({"no_kk": KK1, "desil": 1}, [BABY], reference_date="2023-12-31")
    assert info.value.name == "mini"


def test_runtime_division_by_zero_is_undetermined() -> None:
    rules = ruleset_from(mini(**{"amount: nilai": "amount: nilai / (desil - 3)"}))
    decision = rules.decide({"no_kk": KK1, "desil": 3}, [BABY], reference_date=AT)
    assert decision.status is Status.UNDETERMINED
    assert decision.reasons == ("benefit",)
    frame = evaluate(
        rules,
        pl.DataFrame([BABY | {"no_kk": KK1, "pekerjaan": "", "hamil": None}]),
        pl.DataFrame({"no_kk": [KK1], "desil": [3]}),
        reference_date=AT,
    ).frame
    assert frame["status"].to_list() == ["undetermined"]
    assert frame["reasons"].to_list() == [["benefit"]]


def test_trace_shows_every_intermediate_value(mini_rules: RuleSet) -> None:
    trace = mini_rules.trace({"no_kk": KK1, "desil": 3}, [MOTHER, BABY], reference_date=AT)
    steps = {(s.scope, s.name, s.who): s.value for s in trace.steps}
    assert steps[("parameter", "desil_maks", "")] == "5"
    assert steps[("person", "umur", "357601**********")] in ("34", "2")
    assert steps[("household", "n_anak", "")] == "1"
    assert steps[("rule", "desil", "")].startswith("passed")
    text = str(trace)
    assert "n_anak = 1" in text
    assert "count(members where umur < 18)" in text
    assert "3576014403910003" not in text  # NIKs are masked


def test_explain_is_bilingual_and_masked(mini_rules: RuleSet) -> None:
    decision = mini_rules.decide({"no_kk": KK2, "desil": 9}, [PNS], reference_date=AT)
    text_id = decision.explain()
    text_en = decision.explain("en")
    assert "TIDAK LAYAK" in text_id
    assert "[gagal] desil: Desil paling tinggi 5 - Desil 9 terlalu tinggi" in text_id
    assert "NOT ELIGIBLE" in text_en
    assert "sha256 " + mini_rules.sha256[:12] in text_en
    assert KK2 not in text_id
    assert KK2 in decision.explain(unmasked=True)
    assert (
        repr(decision)
        == "<Decision mini kk 357601********** not_eligible Rp0 reasons=['desil', 'anak', 'pns']>"
    )


def test_person_program_decides_each_child() -> None:
    pip = load_program("pip")
    members = [
        {"nik": "3576011207880001", "tanggal_lahir": "1988-07-12"},
        {"nik": "3576011501160007", "tanggal_lahir": "2016-01-15", "jenjang_sekolah": "SD"},
        {"nik": "3576015708120008", "tanggal_lahir": "2012-08-17", "jenjang_sekolah": "SMP"},
    ]
    decision = pip.decide(
        {"no_kk": KK1, "desil": 2, "penerima_pkh": False}, members, reference_date=AT
    )
    assert decision.status is Status.ELIGIBLE
    assert decision.amount == 450_000 + 750_000
    assert [m.nik for m in decision.members] == ["3576011501160007", "3576015708120008"]
    assert all(isinstance(m, Decision) and m.eligible for m in decision.members)
    assert "NIK 357601**********" in decision.explain()


# -- vectorised -------------------------------------------------------------------------------
def test_evaluate_contract_columns_and_order(mini_rules: RuleSet) -> None:
    persons, households = people()
    result = evaluate(mini_rules, persons, households, reference_date=AT)
    assert isinstance(result, Decisions)
    frame = result.frame
    assert isinstance(frame, pl.DataFrame)
    assert frame.columns == [
        "no_kk",
        "row",
        "program",
        "status",
        "amount",
        "reasons",
        "passed",
        "amount_anak",
        "ruleset_version",
        "ruleset_sha256",
        "reference_date",
    ]
    assert frame["no_kk"].to_list() == [KK4, KK1, KK2, KK3]  # input order
    assert frame["status"].to_list() == ["not_eligible", "eligible", "not_eligible", "undetermined"]
    assert frame["amount"].to_list() == [0, 1000, 0, None]
    # KK3: the decile and the only member's birth date are missing
    assert frame["reasons"].to_list() == [["anak"], [], ["pns"], ["desil", "anak"]]
    assert frame["passed"].to_list()[1] == ["desil", "anak", "pns"]
    assert frame["reference_date"].to_list() == [AT] * 4
    assert frame["ruleset_sha256"].to_list() == [mini_rules.sha256] * 4
    assert result.counts() == {"eligible": 1, "not_eligible": 2, "undetermined": 1}
    assert "Desil paling tinggi 5" in result.explain(KK1)
    assert result.decision(KK2).reasons == ("pns",)
    with pytest.raises(InvalidArgument):
        result.explain("0000000000000000")


def _as_polars(native: object) -> pl.DataFrame:
    if isinstance(native, pd.DataFrame):
        return pl.from_pandas(native)
    if isinstance(native, pa.Table):
        return pl.from_arrow(native)  # type: ignore[return-value]
    if isinstance(native, pl.LazyFrame):
        return native.collect()
    if isinstance(native, duckdb.DuckDBPyRelation):
        return pl.from_arrow(native.arrow())  # type: ignore[return-value]
    assert isinstance(native, pl.DataFrame)
    return native


@pytest.mark.parametrize("kind", ["pandas", "pyarrow", "polars-lazy", "duckdb"])
def test_every_frame_kind_comes_back_as_itself(kind: str) -> None:
    pkh = load_program("pkh")
    persons, households = people()
    expected = evaluate(pkh, persons, households, reference_date=AT).frame.sort("no_kk")
    if kind == "pandas":
        p, h = persons.to_pandas(), households.to_pandas()
        # an object column of booleans and None, as pandas makes from Python lists
        p["hamil"] = pd.Series([True, None, False, None, None], dtype=object)
    elif kind == "pyarrow":
        p, h = persons.to_arrow(), households.to_arrow()
    elif kind == "polars-lazy":
        p, h = persons.lazy(), households.lazy()
    else:
        p, h = duckdb.sql("select * from persons"), duckdb.sql("select * from households")
    native = evaluate(pkh, p, h, reference_date=AT).frame
    expected_type = {
        "pandas": pd.DataFrame,
        "pyarrow": pa.Table,
        "polars-lazy": pl.LazyFrame,
        "duckdb": duckdb.DuckDBPyRelation,
    }[kind]
    assert isinstance(native, expected_type)
    got = _as_polars(native).sort("no_kk")
    columns = ["no_kk", "status", "amount", "reasons", "passed", "amount_hamil", "amount_usia_dini"]
    assert got.select(columns).to_dicts() == expected.select(columns).to_dicts()


def test_missing_column_names_the_column(mini_rules: RuleSet) -> None:
    persons, households = people()
    with pytest.raises(SchemaError) as info:
        evaluate(mini_rules, persons.drop("tanggal_lahir"), households, reference_date=AT)
    assert info.value.column == "tanggal_lahir"
    assert "persons" in str(info.value)
    with pytest.raises(SchemaError) as info:
        evaluate(mini_rules, persons, households.drop("desil"), reference_date=AT)
    assert info.value.column == "desil"
    with pytest.raises(SchemaError) as info:
        evaluate(mini_rules, persons.drop("no_kk"), households, reference_date=AT)
    assert info.value.column == "no_kk"


def test_blank_cells_take_the_default_a_missing_column_is_unknown(mini_rules: RuleSet) -> None:
    persons, households = people()
    blank = evaluate(
        mini_rules,
        persons.with_columns(pl.lit(None).alias("pekerjaan")),
        households,
        reference_date=AT,
    )
    without = evaluate(mini_rules, persons.drop("pekerjaan"), households, reference_date=AT)
    assumed = evaluate(
        mini_rules,
        persons.drop("pekerjaan"),
        households,
        reference_date=AT,
        assume={"pekerjaan": ""},
    )
    # Blank cells are "no occupation"; a missing column is unknown where it matters: KK1
    # and KK2 cannot be decided, KK4 (no child) fails another rule anyway.
    assert blank.frame["status"].to_list() == [
        "not_eligible",
        "eligible",
        "eligible",
        "undetermined",
    ]
    assert without.frame["status"].to_list() == [
        "not_eligible",
        "undetermined",
        "undetermined",
        "undetermined",
    ]
    assert "pns" in without.frame["reasons"].to_list()[1]
    assert assumed.frame["status"].to_list() == blank.frame["status"].to_list()
    missing = [n for n in without.manifest.notes if n.code == "input_column_missing"]
    assert [dict(n.context) for n in missing] == [{"column": "pekerjaan", "rules": "pns"}]
    note = next(n for n in assumed.manifest.notes if n.code == "input_default_assumed")
    assert note.context["column"] == "pekerjaan"
    assert assumed.manifest.assumed == (("persons", "pekerjaan", ""),)
    # The scalar explanation of a decision agrees: the missing column is unknown there too.
    assert without.decision(KK1).status.value == "undetermined"


def test_duplicate_households_are_refused(mini_rules: RuleSet) -> None:
    persons, households = people()
    with pytest.raises(SchemaError) as info:
        evaluate(
            mini_rules, persons, pl.concat([households, households.head(1)]), reference_date=AT
        )
    assert info.value.column == "no_kk"
    spaced = pl.col("no_kk").str.slice(0, 8) + " " + pl.col("no_kk").str.slice(8)
    text_keys = households.with_columns(spaced)  # the same KK numbers, written with a space
    with pytest.raises(SchemaError):
        evaluate(mini_rules, persons, pl.concat([text_keys, households.head(1)]), reference_date=AT)


def test_wrong_column_types_are_schema_errors(mini_rules: RuleSet) -> None:
    persons, households = people()
    with pytest.raises(SchemaError) as info:
        evaluate(
            mini_rules, persons, households.with_columns(pl.col("desil") > 2), reference_date=AT
        )
    assert info.value.column == "desil"
    with pytest.raises(SchemaError) as info:
        evaluate(
            mini_rules,
            persons.with_columns(pl.lit(3.5).alias("tanggal_lahir")),
            households,
            reference_date=AT,
        )
    assert info.value.column == "tanggal_lahir"


def test_frames_of_different_kinds_are_refused(mini_rules: RuleSet) -> None:
    persons, households = people()
    with pytest.raises(InvalidArgument):
        evaluate(mini_rules, persons, households.to_pandas(), reference_date=AT)
    with pytest.raises(InvalidArgument):
        evaluate(mini_rules, {"no_kk": []}, households, reference_date=AT)
    with pytest.raises(InvalidArgument):
        evaluate("pkh", persons, households, reference_date=AT)  # type: ignore[arg-type]


def test_kk_numbers_join_by_their_digits_whatever_their_form(mini_rules: RuleSet) -> None:
    persons, households = people()
    digits = evaluate(mini_rules, persons, households, reference_date=AT).frame
    dotted = [pl.col("no_kk").str.slice(0, 6) + "." + pl.col("no_kk").str.slice(6)]
    numbers = [pl.col("no_kk").cast(pl.Int64)]
    for p_form, h_form in ((dotted, numbers), (numbers, dotted), (numbers, numbers)):
        other = evaluate(
            mini_rules,
            persons.with_columns(*p_form),
            households.with_columns(*h_form),
            reference_date=AT,
        )
        assert other.frame.to_dicts() == digits.to_dicts()
        assert "input_identifier_numeric" in other.manifest.codes()


def test_kk_numbers_that_are_not_kk_numbers_join_nothing(mini_rules: RuleSet) -> None:
    persons, households = people()
    short = [pl.col("no_kk").str.slice(6, 10)]
    result = evaluate(
        mini_rules, persons.with_columns(*short), households.with_columns(*short), reference_date=AT
    )
    frame = result.frame
    # No household can be given its members: each fails only rules on members, or none.
    assert frame["status"].to_list() == ["undetermined"] * 4
    assert frame["reasons"].to_list() == [["no_kk"]] * 4
    assert frame["no_kk"].to_list() == [None] * 4
    assert frame["row"].to_list() == [1, 2, 3, 4]
    unusable = [n for n in result.manifest.notes if n.code == "input_identifier_unusable"]
    assert [n.source for n in unusable] == ["persons", "households"]
    assert unusable[1].context["rows"] == [1, 2, 3, 4]


def test_unknown_values_make_undetermined_decisions() -> None:
    pkh = load_program("pkh")
    persons = pl.DataFrame(
        {
            "no_kk": [KK1, KK2, KK3],
            "nik": ["3576011501560001", "3576011501560002", "3576011501560003"],
            "tanggal_lahir": ["1950-01-01", "31-02-2020", "1950-01-01"],
            "status_hidup": ["?", "HIDUP", "HIDUP"],
            "hamil": ["T", "T", "mungkin"],
            "pekerjaan": ["", "", ""],
            "disabilitas_berat": ["T", "T", "T"],
            "jenjang_sekolah": ["", "", ""],
        }
    )
    households = pl.DataFrame({"no_kk": [KK1, KK2, KK3], "desil": ["1", "1", "1"]})
    frame = evaluate(pkh, persons, households, reference_date=AT).frame
    assert frame["status"].to_list() == ["undetermined"] * 3
    assert frame["reasons"].to_list()[1] == ["komponen"]


def test_import_rules_loads_no_dataframe_library() -> None:
    code = (
        "import sys, datetime as dt; from bansos_validate import rules; "
        "d = rules.load_program('pkh').decide({'no_kk': 'x', 'desil': 1}, "
        "[{'tanggal_lahir': '2024-01-01'}], reference_date=dt.date(2026, 1, 15)); assert d.eligible; "
        "print(','.join(m for m in ('polars', 'narwhals', 'pandas', 'pyarrow', 'duckdb', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_person_key_that_is_not_digits_falls_back_to_text_keys(mini_rules: RuleSet) -> None:
    persons, households = people()
    odd = persons.with_columns(
        pl.when(pl.col("nik") == "3576015002950002")
        .then(pl.lit("35760101012O0002"))  # letter O: 16 characters, not digits
        .otherwise(pl.col("no_kk"))
        .alias("no_kk")
    )
    clean = persons.filter(pl.col("nik") != "3576015002950002")
    got = evaluate(mini_rules, odd, households, reference_date=AT).frame
    expected = evaluate(mini_rules, clean, households, reference_date=AT).frame
    assert got.to_dicts() == expected.to_dicts()
    longer = persons.with_columns(pl.col("no_kk") + "0")  # 17 characters: no household
    assert evaluate(mini_rules, longer, households, reference_date=AT).frame["reasons"].to_list()[
        1
    ] == ["anak"]


def test_decisions_explain_a_person_and_trace() -> None:
    pip = load_program("pip")
    persons = pl.DataFrame(
        {
            "no_kk": [KK1, KK1],
            "nik": ["3576011501160007", "3576015708120008"],
            "tanggal_lahir": ["2016-01-15", "2012-08-17"],
            "jenjang_sekolah": ["SD", "KULIAH"],
            "status_hidup": ["HIDUP", "HIDUP"],
            "pekerjaan": ["PELAJAR", "PELAJAR"],
        }
    )
    households = pl.DataFrame({"no_kk": [KK1], "desil": [2], "penerima_pkh": ["T"]})
    result = evaluate(pip, persons, households, reference_date=AT)
    assert result.frame.select("nik", "status").rows() == [
        ("3576011501160007", "eligible"),
        ("3576015708120008", "not_eligible"),
    ]
    assert "bersekolah" in result.explain(KK1, nik="3576015708120008")
    assert result.decision(KK1, "3576011501160007").amount == 450_000
    with pytest.raises(InvalidArgument):
        result.decision(KK1, "3576010000000000")
    assert any(step.name == "ada_asn_tni_polri" for step in result.trace(KK1).steps)
    assert {p.name for p in result.parameters} >= {"desil_maks", "nilai_sd"}


def test_undetermined_message_names_the_unreadable_columns() -> None:
    pkh = load_program("pkh")
    members = [{"tanggal_lahir": "31-02-2020"}, {"tanggal_lahir": "1990-01-01", "hamil": "mungkin"}]
    decision = pkh.decide({"no_kk": KK1, "desil": 2}, members, reference_date=AT)
    assert decision.status is Status.UNDETERMINED
    check = next(c for c in decision.checks if c.rule_id == "komponen")
    assert check.outcome == "unknown"
    assert check.message.text("en").endswith("(tanggal_lahir, hamil).")
    assert "tanggal_meninggal" not in check.message.text("en")


@pytest.mark.parametrize(
    ("kind", "limit"), [("polars", 200_000), ("pyarrow", 200_000), ("polars", 2)]
)
def test_single_column_lookups_agree_with_row_by_row_reading(
    kind: str, limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bansos_validate.rules import _vector

    pkh = load_program("pkh")
    persons, households = people()
    persons = persons.with_columns(
        pl.col("tanggal_lahir").str.to_date(format="%Y-%m-%d", strict=False).alias("tanggal_lahir"),
        pl.Series("jenjang_sekolah", ["SD", None, " smk", "PAUD", "S M P"]),
    )
    generic = evaluate(pkh, persons.lazy(), households.lazy(), reference_date=AT).frame.collect()
    generic = generic.join(households.select("no_kk").with_row_index(), on="no_kk").sort("index")
    monkeypatch.setattr(_vector, "_LOOKUP_MIN_ROWS", 0)
    monkeypatch.setattr(_vector, "_LOOKUP_LIMIT", limit)  # 2: columns fall back to reading
    p, h = (
        (persons.to_arrow(), households.to_arrow()) if kind == "pyarrow" else (persons, households)
    )
    fast = _as_polars(evaluate(pkh, p, h, reference_date=AT).frame)
    columns = ["no_kk", "status", "amount", "reasons", "amount_sd", "amount_sma", "amount_smp"]
    assert fast.select(columns).to_dicts() == generic.select(columns).to_dicts()


def test_empty_frames_keep_the_contract_types() -> None:
    pkh = load_program("pkh")
    persons = pl.DataFrame(schema={"no_kk": pl.String, "nik": pl.String, "tanggal_lahir": pl.Date})
    households = pl.DataFrame(schema={"no_kk": pl.String, "desil": pl.Int64})
    frame = evaluate(pkh, persons, households, reference_date=AT).frame
    assert frame.height == 0
    assert frame.schema["status"] == pl.String
    assert frame.schema["reasons"] == pl.List(pl.String)
    alone = evaluate(
        pkh, persons, pl.DataFrame({"no_kk": [KK1], "desil": [1]}), reference_date=AT
    ).frame
    assert alone["reasons"].to_list() == [["komponen", "tanpa_anggota_hidup"]]
