"""Every issue code is documented in docs/issues.md, and every documented example works."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from bansos_validate.issues import CATALOGUE, Issue, Severity, definition

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "issues.md").read_text(encoding="utf-8")


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "gen_issue_docs", ROOT / "scripts" / "gen_issue_docs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_is_documented(code: str) -> None:
    assert f"### `{code}`" in DOC, (
        f"{code} is missing from docs/issues.md (run scripts/gen_issue_docs.py)"
    )


def test_no_stale_codes_in_the_docs() -> None:
    documented = set(re.findall(r"^### `([a-z0-9_]+)`", DOC, flags=re.MULTILINE))
    assert documented == set(CATALOGUE)


def test_docs_are_up_to_date() -> None:
    assert _generator().render() == DOC, "docs/issues.md is stale: run scripts/gen_issue_docs.py"


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_example_raises_its_code(code: str) -> None:
    assert code in _generator().run_example(CATALOGUE[code])


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_has_both_languages_and_a_stable_shape(code: str) -> None:
    spec = CATALOGUE[code]
    assert re.fullmatch(
        r"(nik|kk|tanggal_lahir|jenis_kelamin|household|row|input)_[a-z0-9_]+", code
    )
    assert spec.id and spec.en and spec.id != spec.en
    assert isinstance(spec.severity, Severity)


def test_issue_messages_fill_context_and_fall_back() -> None:
    issue = Issue("nik_wrong_length", "nik", {"length": 17})
    assert issue.message() == "NIK harus 16 digit, bukan 17."
    assert issue.message("en") == "The NIK must have 16 digits, not 17."
    bare = Issue("nik_wrong_length", "nik")
    assert "{length}" in bare.message("en")  # a missing context value shows the template


def test_issue_is_hashable_immutable_and_compares_by_value() -> None:
    a = Issue("nik_serial_zero", "nik")
    b = Issue("nik_serial_zero", "nik")
    assert a == b and hash(a) == hash(b)
    assert a.severity is Severity.ERROR
    with pytest.raises(AttributeError):
        a.code = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        a.context["x"] = 1  # type: ignore[index]
    assert repr(a) == "Issue('nik_serial_zero', severity='error', field='nik')"


def test_unknown_code_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="unknown issue code"):
        definition("nik_no_such_thing")
    with pytest.raises(KeyError, match="unknown issue code"):
        Issue("nik_no_such_thing")


def test_the_issue_code_type_lists_every_catalogue_code() -> None:
    from typing import get_args

    from bansos_validate.issues import IssueCode, subject_code

    assert sorted(get_args(IssueCode)) == sorted(CATALOGUE)
    assert subject_code("nik", "dummy") == "nik_dummy"
    with pytest.raises(KeyError):
        subject_code("nik", "no_such_issue")
