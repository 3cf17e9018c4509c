"""Junk in, False or a typed error out: never a traceback from deep inside."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from decimal import Decimal

import pytest

import bansos_validate as bv
from bansos_validate.ids import kk, nik

JUNK: list[object] = [
    None,
    "",
    " ",
    "*&^%$#@!",
    "😴",
    "😴" * 16,
    "3576014403910003😴",
    "\x00" * 16,
    "\u0000\ufeff",
    "9" * 10_000_000,
    "35760144039100031" * 100_000,
    0,
    -1,
    -3576014403910003,
    10**400,
    1.5,
    -0.0,
    math.inf,
    -math.inf,
    math.nan,
    Decimal("1E+400"),
    Decimal("-Infinity"),
    Decimal("3576014403910003.5"),
    True,
    False,
    object(),
    [],
    {},
    set(),
    (3576014403910003,),
    b"3576014403910003",
    bytearray(b"x"),
    dt.date(2026, 1, 1),
    type,
    Exception("x"),
]


@pytest.mark.parametrize("value", JUNK, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize("func", [bv.is_valid_nik, bv.is_valid_kk])
def test_is_valid_returns_false_on_junk(func, value) -> None:  # type: ignore[no-untyped-def]
    assert func(value) is False


@pytest.mark.parametrize("value", JUNK, ids=lambda v: type(v).__name__)
def test_parse_never_raises_on_junk(value: object) -> None:
    for parse in (bv.parse_nik, bv.parse_kk):
        info = parse(value)
        assert not info.is_valid
        assert info.issues
        repr(info)


@pytest.mark.parametrize("value", JUNK, ids=lambda v: type(v).__name__)
def test_raising_functions_raise_typed_errors(value: object) -> None:
    for func in (bv.validate_nik, nik.format, nik.get_sex, nik.get_region, nik.get_birth_date):
        with pytest.raises(bv.InvalidNik):
            func(value)  # type: ignore[operator]
    for func in (bv.validate_kk, kk.format, kk.get_region, kk.get_issue_date):
        with pytest.raises(bv.InvalidKk):
            func(value)  # type: ignore[operator]


@pytest.mark.parametrize("value", JUNK, ids=lambda v: type(v).__name__)
def test_mask_and_lookup_never_raise(value: object) -> None:
    masked = bv.mask_nik(value)
    assert isinstance(masked, str)
    assert len(masked) <= 20
    assert len(masked.rstrip("*")) <= 6
    assert bv.regions.lookup(value) is None or isinstance(value, str)


@pytest.mark.parametrize("value", JUNK, ids=lambda v: type(v).__name__)
def test_compact_returns_digits_or_raises_a_typed_error(value: object) -> None:
    for func, error in ((nik.compact, bv.InvalidNik), (kk.compact, bv.InvalidKk)):
        try:
            out = func(value)
        except error:
            continue
        assert isinstance(out, str) and out.isdigit()


def test_huge_string_is_not_echoed() -> None:
    info = bv.parse_nik("9" * 10_000_000)
    assert info.codes == ("nik_wrong_length",)
    assert len(repr(info)) < 100
    assert bv.mask_nik("9" * 10_000_000) == "999999" + "*" * 14


def test_bad_reference_dates_are_typed_errors() -> None:
    for bad in ("01-01-2026", 20260101, object()):
        with pytest.raises(bv.InvalidArgument):
            bv.parse_nik("3576014403910003", reference_date=bad)  # type: ignore[arg-type]
        with pytest.raises(bv.InvalidArgument):
            bv.parse_kk("3576010101200001", reference_date=bad)  # type: ignore[arg-type]
        assert bv.is_valid_nik("3576014403910003", reference_date=bad) is False  # type: ignore[arg-type]


def test_pseudonymize_junk() -> None:
    key = hashlib.sha256(b"a test key, not a real one").digest()
    for bad in (None, "", object(), 1.5):
        with pytest.raises(bv.BansosValidationError):
            bv.pseudonymize(bad, key)
