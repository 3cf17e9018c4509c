"""Identity numbers: :mod:`~bansos_validate.ids.nik` and :mod:`~bansos_validate.ids.kk`.

Each module follows python-stdnum's contract (``compact``, ``validate``, ``is_valid``,
``format``) and adds ``parse``, which never raises on bad data and returns every issue.
"""

from __future__ import annotations

from bansos_validate.ids import kk, nik
from bansos_validate.ids._info import KkInfo, NikInfo, Sex

__all__ = ["KkInfo", "NikInfo", "Sex", "kk", "nik"]

for _obj in (KkInfo, NikInfo, Sex):
    _obj.__module__ = __name__
