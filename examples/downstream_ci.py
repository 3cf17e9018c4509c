"""Downstream CI: property tests of your own code with our hypothesis strategies.

Run it as a script (``python examples/downstream_ci.py``) or with pytest
(``pytest examples/downstream_ci.py``). It needs the ``testing`` extra
(``pip install ".[testing]"`` from a clone, or the wheel with ``[testing]``).

``register_applicant`` stands for a function of your application: it must accept every
valid NIK of its region, refuse every invalid one with the library's issue code, and
never log a raw NIK.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings

import bansos_validate as bv
from bansos_validate.testing import invalid_niks, niks

REF = dt.date(2026, 11, 27)


def register_applicant(nik: object) -> tuple[bool, str]:
    """The application under test: returns (accepted, log line)."""
    info = bv.parse_nik(nik, reference_date=REF)
    if not info.is_valid:
        codes = ",".join(i.code for i in info.issues)
        return False, f"rejected {bv.mask_nik(nik)}: {codes}"
    return True, f"registered {bv.mask_nik(nik)} born {info.birth_date:%Y}"


@settings(max_examples=200, deadline=None)
@given(niks(region="3576", max_birth_date=REF))
def test_accepts_every_valid_nik_of_the_region(nik: str) -> None:
    accepted, log = register_applicant(nik)
    assert accepted, log
    assert nik not in log  # never a raw NIK in a log line


@settings(max_examples=200, deadline=None)
@given(invalid_niks())
def test_refuses_every_invalid_nik_with_its_code(case: tuple[str, object]) -> None:
    code, value = case
    accepted, log = register_applicant(value)
    assert not accepted
    assert code in log
    assert not (isinstance(value, str) and len(value) == 16 and value in log)


if __name__ == "__main__":
    test_accepts_every_valid_nik_of_the_region()
    test_refuses_every_invalid_nik_with_its_code()
    print("downstream CI example: 400 generated cases passed")
