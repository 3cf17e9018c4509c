from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from bansos_validate.rules import RuleSet

AT = dt.date(2026, 1, 15)

# A small rule file used by several tests; every expression feature appears somewhere.
MINI = """\
program: mini
name: {id: Program uji, en: Test programme}
version: "1.0"
unit: household
effective:
  from: 2024-01-01
references:
  test: {title: Test source}
parameters:
  desil_maks:
    description: {id: Desil tertinggi, en: Highest decile}
    values:
      2024-01-01: {value: 4, reference: test}
      2026-01-01: {value: 5, reference: test}
  nilai:
    description: {id: Nilai per anak, en: Amount per child}
    values:
      2024-01-01: {value: 1000, reference: test}
  dikecualikan:
    description: {id: Pekerjaan, en: Occupations}
    values:
      2024-01-01: {value: [PNS, TNI], reference: test}
entities:
  person:
    tanggal_lahir: {type: date}
    pekerjaan: {type: keyword, default: ""}
    hamil: {type: bool, default: false}
  household:
    desil: {type: int}
variables:
  person:
    umur: age(tanggal_lahir, at)
  household:
    n_anak: count(members where umur < 18)
conditions:
  - id: desil
    rule: desil <= desil_maks
    description: {id: "Desil paling tinggi {desil_maks}", en: "Decile at most {desil_maks}"}
    message: {id: "Desil {desil} terlalu tinggi", en: "Decile {desil} too high"}
  - id: anak
    rule: n_anak >= 1
    description: {id: Ada anak, en: Has a child}
    message: {id: Tidak ada anak, en: No child}
exclusions:
  - id: pns
    rule: any(members where pekerjaan in dikecualikan)
    description: {id: Tanpa PNS, en: No civil servant}
    message: {id: Ada PNS, en: A civil servant}
benefit:
  components:
    - id: anak
      description: {id: Per anak, en: Per child}
      units: n_anak
      amount: nilai
"""


def mini(**replace: str) -> str:
    """The MINI rule file with some lines replaced (``old=new`` pairs via a dict)."""
    text = MINI
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def ruleset_from(text: str) -> RuleSet:
    return RuleSet.from_text(textwrap.dedent(text), path="test.yaml")


@pytest.fixture
def mini_rules() -> RuleSet:
    return ruleset_from(MINI)
