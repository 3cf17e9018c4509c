"""Hypothesis strategies for NIK and KK numbers, for this library's tests and downstream CI.

Requires the ``testing`` extra (``pip install ".[testing]"`` from a clone, or the wheel
with ``[testing]``; see ``docs/index.md``, "Install").

>>> from hypothesis import given
>>> import bansos_validate as bv
>>> @given(niks(region="3576", sex="P"))
... def test_women_of_mojokerto(nik):
...     info = bv.parse_nik(nik)
...     assert info.is_valid and info.sex == "P" and nik.startswith("3576")
>>> test_women_of_mojokerto()

Every value :func:`niks` and :func:`kks` draw is valid by construction and obviously
synthetic (random serials). :func:`invalid_niks` and :func:`invalid_kks` draw
``(code, value)`` pairs: a value that is wrong in one known way, labelled with the issue
code :func:`bansos_validate.parse_nik` reports for it.
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "bansos_validate.testing needs hypothesis: pip install 'bansos-validate[testing]'"
    ) from exc

from bansos_validate.testing._strategies import invalid_kks, invalid_niks, kks, niks

__all__ = ["invalid_kks", "invalid_niks", "kks", "niks"]
