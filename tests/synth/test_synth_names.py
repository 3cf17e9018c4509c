"""Name material and the rules that vary names."""

from __future__ import annotations

import pytest

from bansos_validate.synth import _names

SPELLING_GROUPS = sorted(_names.OLD_SPELLING_GROUPS)


def _tokens(group: int) -> set[str]:
    out: set[str] = set()
    for sex in ("L", "P"):
        for tokens in _names.POOLS[(group, sex)].values():
            out.update(tokens)
    return out


@pytest.mark.parametrize("group", SPELLING_GROUPS)
def test_old_spelling_round_trips_on_modern_names(group: int) -> None:
    for token in _tokens(group):
        if "TY" in token or "DY" in token:
            continue  # old TJ/DJ for TY/DY reads back as C/J: the rules are ambiguous
        old = _names.to_old_spelling(token)
        assert _names.to_modern_spelling(old) == token, (token, old)
        if old != token:
            assert _names.flip_spelling(token) == old


def test_modern_lists_are_modern() -> None:
    for group in SPELLING_GROUPS:
        for token in _tokens(group):
            assert not any(m in token for m in ("OE", "DJ", "TJ", "SJ", "NJ", "CH")), token


@pytest.mark.parametrize(
    ("old", "modern"),
    [
        ("SOEHARTO", "SUHARTO"),
        ("DJOKO", "JOKO"),
        ("TJAHJONO", "CAHYONO"),
        ("SJAHRINI", "SYAHRINI"),
        ("NJONJA", "NYONYA"),
        ("MACHMUD", "MAHMUD"),
        ("JOGJAKARTA", "YOGYAKARTA"),
    ],
)
def test_domain_spelling_examples(old: str, modern: str) -> None:
    assert _names.to_modern_spelling(old) == modern


def test_muhammad_variants_cover_the_domain_list() -> None:
    forms = set(_names.MUHAMMAD_FORMS)
    for form in ("MUHAMAD", "MOCHAMAD", "MOCHAMMAD", "MUKHAMAD", "MOH.", "MOCH.", "M.", "MOHD."):
        assert form in forms
    seen = {_names.muhammad_variant("MUHAMMAD ALI", i / 100) for i in range(100)}
    assert None not in seen
    assert "MUHAMMAD ALI" not in seen
    assert len(seen) == len(forms) - 1
    assert _names.muhammad_variant("SLAMET", 0.5) is None


def test_titles() -> None:
    assert _names.split_name("HJ. DRA. SITI AMINAH BINTI ALI, S.PD, M.PD") == (
        ("HJ.", "DRA."),
        ("SITI", "AMINAH"),
        ("BINTI", "ALI"),
        ("S.PD", "M.PD"),
    )
    assert _names.drop_titles("H. SLAMET BIN SUPARDI, S.E") == "SLAMET BIN SUPARDI"
    for u in (0.0, 0.3, 0.5, 0.99):
        titled = _names.add_title("SLAMET", "L", u)
        assert titled != "SLAMET"
        assert _names.drop_titles(titled) == "SLAMET"


def test_typos_change_one_thing_in_the_core() -> None:
    changed = 0
    for i in range(200):
        u = ((i * 7 % 100) / 100, (i * 13 % 100) / 100, (i * 29 % 100) / 100)
        new = _names.typo("H. SUTRISNO, S.PD", u)
        if new is None:
            continue
        changed += 1
        assert new.startswith("H. ")
        assert new.endswith(", S.PD")
        core = new[3:-6]
        assert core != "SUTRISNO"
        assert abs(len(core) - len("SUTRISNO")) <= 1
    assert changed > 150
