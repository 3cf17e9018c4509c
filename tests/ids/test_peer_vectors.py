"""Test vectors collected from public peer projects' own tests and documentation.

``peer_vectors.json`` records, per case, the peer, where the case comes from, the
peer's own verdict, and ours. Where we deliberately disagree with a peer the record has a
``disagreement`` note; the main ones:

* Perl Business::ID::NIK / NKK accept ``32 7300 ...`` (district part ``00``): for us a
  ``00`` region part is an error (no Kemendagri code ends in 00).
* fanchann/nik-parser (Go) accepts day 39: days 32-40 are neither a man's nor a woman's.
* nurmanhabib/nik-parser (PHP) documents a NIK with province 10, which does not exist.
* python-stdnum resolves ``...170810...`` to 1910 (it tries 19yy first); we use the
  latest century on or before the reference date (2010). stdnum's BPS-coded table also
  rejects valid 65xx and 92-96 prefixes.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import bansos_validate as bv

REF = dt.date(2026, 11, 27)
VECTORS = [
    v
    for v in json.loads((Path(__file__).parent / "peer_vectors.json").read_text(encoding="utf-8"))
    if v["peer"] != "_notes"
]


def _is_kk(vector: dict[str, object]) -> bool:
    return "NKK" in str(vector["peer"])


def _id(vector: dict[str, object]) -> str:
    return f"{vector['peer']}:{vector['input']}"


def test_vectors_cover_several_peers() -> None:
    assert len({v["peer"] for v in VECTORS}) >= 10
    assert len(VECTORS) >= 30


@pytest.mark.parametrize("vector", VECTORS, ids=_id)
def test_our_verdict(vector: dict[str, object]) -> None:
    ours = vector["ours_expected"]
    assert isinstance(ours, dict)
    info = (bv.parse_kk if _is_kk(vector) else bv.parse_nik)(vector["input"], reference_date=REF)
    assert info.is_valid is ours["is_valid"], info.codes
    if _is_kk(vector):
        expected = ours.get("issue_date")
        if expected and info.issue_date is not None:
            assert info.issue_date.isoformat() == expected
        return
    if ours["is_valid"] or ours.get("birth_date"):
        born = info.birth_date.isoformat() if info.birth_date else None
        assert born == ours["birth_date"]
    if ours.get("sex"):
        assert info.sex == ours["sex"]


@pytest.mark.parametrize(
    "vector",
    [v for v in VECTORS if v.get("peer_valid") is not None and v.get("disagreement") is None],
    ids=_id,
)
def test_we_agree_with_the_peer_unless_noted(vector: dict[str, object]) -> None:
    info = (bv.parse_kk if _is_kk(vector) else bv.parse_nik)(vector["input"], reference_date=REF)
    assert info.is_valid is vector["peer_valid"]
