"""Overlap policies: the bundled default, its sources, local programs, and load errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from bansos_validate.errors import RuleError
from bansos_validate.overlap import Policy, find_overlaps, load_policy, policies
from bansos_validate.rules import RuleFileError, RuleNameError, RuleSyntaxError


def test_bundled_policy_cites_a_source_for_every_rule() -> None:
    policy = load_policy()
    assert policies() == ("nasional",) and policy.id == "nasional"
    assert len(policy.sha256) == 64 and policy.provenance()["version"] == policy.version
    for rule in policy.all_rules():
        ref = policy.references[rule.reference]
        assert ref.url or ref.note, rule.id
        assert rule.description.text("en") and rule.action.text("id")


def test_default_policy_says_what_the_design_says() -> None:
    policy = load_policy()
    at = dt.date(2026, 1, 1)
    assert [r.id for r in policy.exclusive_between("BLT-DD", "PKH", at)] == ["blt_dd_pkh"]
    bpnt = policy.exclusive_between("BLT-DD", "BPNT", at)
    assert [r.id for r in bpnt] == ["blt_dd_bpnt"]
    assert bpnt[0].unconfirmed is not None and "unconfirmed" in bpnt[0].unconfirmed.text("en")
    assert [r.id for r in policy.exclusive_between("BSU", "PKH", at)] == ["bsu_pkh"]
    for other in ("PKH", "BPNT", "BLT-DD", "PIP", "BSU"):
        assert policy.exclusive_between("PBI-JK", other, at) == ()  # PBI-JK combines
    assert ("PBI-JK", "PKH", "BPNT", "BLT-DD", "PIP", "BSU") in policy.combinable
    assert policy.unit_of("PKH") == "household" and policy.unit_of("PBI-JK") == "person"
    assert policy.rule("bumn").since == dt.date(2025, 1, 1)
    with pytest.raises(RuleNameError, match="did you mean 'bumn'"):
        policy.rule("bumnn")


LOCAL = """
policy: surabaya
version: "2026.1"
extends: nasional
name: {id: Kebijakan Kota Surabaya, en: City of Surabaya policy}
effective: {from: 2026-01-01}
references:
  perwali:
    title: Peraturan Wali Kota (contoh)
    note: An example of a city's own rule.
programs:
  PERMAKANAN:
    unit: household
    aliases: [BANSOS PERMAKANAN]
exclusive:
  - id: permakanan_blt_dd
    programs: [PERMAKANAN, BLT-DD]
    household: true
    reference: perwali
    description: {id: "Penerima permakanan bukan penerima BLT-DD", en: "Permakanan recipients do not receive BLT-DD"}
    action: {id: "Pilih satu program.", en: "Choose one program."}
"""


def test_a_city_adds_its_own_program_without_code(tmp_path: Path) -> None:
    path = tmp_path / "surabaya.yaml"
    path.write_text(LOCAL, encoding="utf-8")
    policy = load_policy(path)
    assert policy.base is not None and policy.base.id == "nasional"
    assert "base_sha256" in policy.provenance()
    assert policy.program_of("bansos permakanan") == "PERMAKANAN"
    nik = "3578014403910003"
    rolls = {
        "Bansos Permakanan": pl.DataFrame({"nik": [nik], "no_kk": ["3578010101200001"]}),
        "BLT-DD": pl.DataFrame({"nik": ["3578011207880001"], "no_kk": ["3578010101200001"]}),
        "PKH": pl.DataFrame({"nik": [nik]}),
    }
    frame = find_overlaps(rolls, policy=policy, fuzzy=False).to_polars()
    assert frame.select("kind", "rule", "program_a", "program_b").rows() == [
        ("exclusive_programs", "permakanan_blt_dd", "PERMAKANAN", "BLT-DD")
    ]
    # the default policy knows no such program: nothing is exclusive with it
    assert find_overlaps(rolls, fuzzy=False).to_polars().height == 0


@pytest.mark.parametrize(
    ("change", "error", "text"),
    [
        (
            ("programs: [PERMAKANAN, BLT-DD]", "programs: [PERMAKANAM, BLT-DD]"),
            RuleNameError,
            "did you mean 'PERMAKANAN'",
        ),
        (
            ("reference: perwali\n    desc", "reference: perwal\n    desc"),
            RuleNameError,
            "did you mean 'perwali'",
        ),
        (
            ("household: true", "household: true\n    household: false"),
            RuleSyntaxError,
            "duplicate key",
        ),
        (("household: true", "housework: true"), RuleFileError, "housework"),
        (("id: permakanan_blt_dd", "id: blt_dd_pkh"), RuleNameError, "used twice"),
        (("  PERMAKANAN:", "  Permakanan:"), RuleNameError, "upper case"),
        (("extends: nasional", "extends: nasionl"), RuleFileError, "did you mean 'nasional'"),
    ],
)
def test_policy_errors_are_located(
    change: tuple[str, str], error: type[Exception], text: str
) -> None:
    source = LOCAL.replace(*change)
    assert source != LOCAL
    with pytest.raises(error, match=text) as info:
        Policy.from_text(source, path="surabaya.yaml")
    assert isinstance(info.value, RuleError)
    assert info.value.path in ("surabaya.yaml", None)  # type: ignore[attr-defined]


def test_refused_yaml_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(RuleSyntaxError, match="anchors"):
        Policy.from_text("a: &x 1\nb: *x\n")
    with pytest.raises(RuleFileError, match="structure"):
        Policy.from_text("policy: x\n")
    with pytest.raises(RuleSyntaxError, match="cannot read"):
        load_policy(tmp_path / "missing.yaml")
    with pytest.raises(RuleFileError, match="unknown policy"):
        load_policy("nasionall")
    line = LOCAL.splitlines().index("    reference: perwali") + 1
    with pytest.raises(RuleNameError) as info:
        Policy.from_text(LOCAL.replace("reference: perwali", "reference: nope"), path="p.yaml")
    assert info.value.line == line


def test_extends_cycle_is_named_not_too_deep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # ``extends`` paths are read from the working directory
    for name, other in (("a", "b"), ("b", "a")):
        text = LOCAL.replace("policy: surabaya", f"policy: kota-{name}")
        (tmp_path / f"{name}.yaml").write_text(
            text.replace("extends: nasional", f"extends: {other}.yaml")
        )
    with pytest.raises(RuleNameError) as info:
        load_policy("a.yaml")
    error = info.value
    assert error.code == "extends_cycle"
    assert "a.yaml -> b.yaml -> a.yaml" in str(error)
    assert (error.path, error.line) == ("b.yaml", LOCAL.splitlines().index("extends: nasional") + 1)
    # A file extending itself by path, and a chain longer than the limit
    (tmp_path / "c.yaml").write_text(LOCAL.replace("extends: nasional", "extends: c.yaml"))
    with pytest.raises(RuleNameError, match=r"cycle: c.yaml -> c.yaml"):
        load_policy("c.yaml")
    from bansos_validate.rules._limits import MAX_EXTENDS

    for i in range(MAX_EXTENDS + 2):
        base = f"p{i + 1}.yaml" if i <= MAX_EXTENDS else "nasional"
        (tmp_path / f"p{i}.yaml").write_text(
            f'policy: p{i}\nversion: "1"\nextends: {base}\nname: {{id: p, en: p}}\n'
            "effective: {from: 2026-01-01}\n"
        )
    with pytest.raises(RuleSyntaxError) as too_long:
        load_policy("p0.yaml")
    assert too_long.value.code == "extends_depth"
    assert load_policy(f"p{MAX_EXTENDS - 1}.yaml").base is not None  # a shorter chain loads
