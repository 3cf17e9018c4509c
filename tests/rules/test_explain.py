"""``Decisions.explain``, ``decision`` and ``trace`` explain the row the vectorised engine
computed: they read its status, reasons and amounts and never decide again."""

from __future__ import annotations

import polars as pl
import pytest

from bansos_validate.rules import (
    Decisions,
    RuleSet,
    Status,
    _decide,
    _outcome,
    evaluate,
    load_program,
)

from .conftest import AT
from .test_engine import KK1, KK2, KK3, KK4, people


def _no_scalar_decision(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the scalar engine decided again")

    monkeypatch.setattr(_decide.ScalarEngine, "decide", refuse)
    monkeypatch.setattr(_decide.ScalarEngine, "trace", refuse)
    monkeypatch.setattr(_decide.ScalarEngine, "_verdict", refuse)
    monkeypatch.setattr(RuleSet, "decide", refuse)
    monkeypatch.setattr(RuleSet, "trace", refuse)


def test_explain_reports_the_computed_row(
    mini_rules: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    persons, households = people()
    result = evaluate(mini_rules, persons, households, reference_date=AT)
    rows = {row["no_kk"]: row for row in result.frame.to_dicts()}
    _no_scalar_decision(monkeypatch)
    for kk in (KK1, KK2, KK3, KK4):
        decision = result.decision(kk)
        row = rows[kk]
        assert decision.status.value == row["status"]
        assert decision.amount == row["amount"]
        assert list(decision.reasons) == row["reasons"]
        assert [c.rule_id for c in decision.checks if c.outcome == "passed"] == row["passed"]
        assert row["status"].upper().replace("_", " ") in result.explain(kk, "en")
        trace = result.trace(kk)
        assert trace.decision == decision
        assert [s.value.split()[0] for s in trace.steps if s.scope == "decision"] == [row["status"]]


def test_explain_does_not_decide_again(mini_rules: RuleSet) -> None:
    """A row changed after the computation is what explain reports."""
    persons, households = people()
    result = evaluate(mini_rules, persons, households, reference_date=AT)
    assert result.decision(KK1).status is Status.ELIGIBLE
    changed = result.frame.with_columns(
        pl.when(pl.col("no_kk") == KK1)
        .then(pl.lit("not_eligible"))
        .otherwise(pl.col("status"))
        .alias("status"),
        pl.when(pl.col("no_kk") == KK1).then(0).otherwise(pl.col("amount")).alias("amount"),
    )
    doctored = Decisions(
        changed, mini_rules, result.reference_date, result._persons, result._households
    )
    decision = doctored.decision(KK1)
    assert decision.status is Status.NOT_ELIGIBLE
    assert decision.amount == 0
    assert "NOT ELIGIBLE, Rp0" in doctored.explain(KK1, "en")


@pytest.mark.parametrize("name", ["pkh", "pip"])
def test_explain_equals_the_frame_for_bundled_programs(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = load_program(name)
    persons, households = people()
    persons = persons.with_columns(pl.lit("SD").alias("jenjang_sekolah"))
    values = {"bool": True, "int": 1, "number": 1, "date": "2015-01-01", "text": ""}
    assume = {
        name: spec.values[0] if spec.kind == "keyword" else values[spec.kind]
        for fields, frame in (
            (program.fields["person"], persons),
            (program.fields["household"], households),
        )
        for name, spec in fields.items()
        if spec.required and name not in frame.columns and name not in ("no_kk", "nik")
    }
    result = evaluate(program, persons, households, reference_date=AT, assume=assume)
    key = "no_kk" if program.unit == "household" else "nik"
    rows = result.frame.to_dicts()
    assert rows
    _no_scalar_decision(monkeypatch)
    for row in rows:
        decision = result.decision(row["no_kk"], None if key == "no_kk" else row["nik"])
        assert (decision.status.value, decision.amount) == (row["status"], row["amount"])
        assert list(decision.reasons) == row["reasons"]
        for part in decision.components:
            assert part.amount == row[f"amount_{part.id}"]


def test_outcome_is_the_one_status_table() -> None:
    seen = set()
    for failed in (False, True):
        for unknown in (False, True):
            for known in (False, True):
                status, why = _outcome.outcome(failed=failed, unknown=unknown, amount_known=known)
                n = _outcome.state(failed=failed, unknown=unknown, amount_known=known)
                assert _outcome.STATES[n] == (status, why)
                seen.add(n)
                if failed:
                    assert status is Status.NOT_ELIGIBLE
                elif unknown or not known:
                    assert status is Status.UNDETERMINED
                else:
                    assert status is Status.ELIGIBLE
    assert seen == set(range(8))
    assert _outcome.states(Status.ELIGIBLE) == [0]
    assert _outcome.reasons(_outcome.Why.BENEFIT, ["a"], ["b"]) == ("benefit",)
    assert _outcome.shown_amount(Status.UNDETERMINED, 5.0) is None


def test_the_old_spellings_at_and_mask_still_work_and_warn() -> None:
    import datetime as dt

    import bansos_validate as bv

    pkh = bv.load_program("pkh")
    household = {"no_kk": "3576010101200001", "desil": 2}
    members = [{"nik": "3576014403910003", "tanggal_lahir": "1991-03-04", "hamil": "Y"}]
    new = pkh.decide(household, members, reference_date="2026-01-15")
    old = pkh.decide  # the deprecated spellings, written apart from the new ones
    with pytest.warns(DeprecationWarning, match=r"RuleSet\.decide\(at=\.\.\.\)"):
        assert old(household, members, at="2026-01-15") == new
    with pytest.warns(DeprecationWarning, match=r"Decision\.explain\(mask=\.\.\.\)"):
        assert new.explain("en", mask=False) == new.explain("en", unmasked=True)
    assert new.explain("en") == new.explain("en", unmasked=False)
    with pytest.raises(bv.InvalidArgument, match="give reference_date= only"):
        old(household, members, reference_date=dt.date(2026, 1, 15), at="2026-01-15")
