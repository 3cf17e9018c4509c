"""bansos-validate: validate Indonesian social-assistance (bansos) data.

>>> import datetime as dt
>>> import bansos_validate as bv
>>> info = bv.parse_nik("3576014403910003", reference_date=dt.date(2026, 11, 27))
>>> info.is_valid, info.sex, info.birth_date
(True, <Sex.P: 'P'>, datetime.date(1991, 3, 4))
>>> bv.mask_nik("3576014403910003")
'357601**********'
"""

from __future__ import annotations

from bansos_validate import regions
from bansos_validate._version import __version__
from bansos_validate.errors import (
    BansosValidateError,
    BansosValidationError,
    InvalidArgument,
    InvalidKk,
    InvalidNik,
    RuleError,
    SchemaError,
    UsageError,
    WeakKeyError,
)
from bansos_validate.ids import KkInfo, NikInfo, Sex
from bansos_validate.ids.kk import is_valid as is_valid_kk
from bansos_validate.ids.kk import parse as parse_kk
from bansos_validate.ids.kk import validate as validate_kk
from bansos_validate.ids.nik import is_valid as is_valid_nik
from bansos_validate.ids.nik import parse as parse_nik
from bansos_validate.ids.nik import validate as validate_nik
from bansos_validate.issues import Issue, Severity
from bansos_validate.privacy import mask_kk, mask_nik, pseudonymize
from bansos_validate.regions import Region

__all__ = [
    "BansosValidateError",
    "BansosValidationError",
    "InvalidArgument",
    "InvalidKk",
    "InvalidNik",
    "Issue",
    "KkInfo",
    "NikInfo",
    "Region",
    "RuleError",
    "SchemaError",
    "Severity",
    "Sex",
    "UsageError",
    "WeakKeyError",
    "__version__",
    "is_valid_kk",
    "is_valid_nik",
    "mask_kk",
    "mask_nik",
    "parse_kk",
    "parse_nik",
    "pseudonymize",
    "regions",
    "validate_kk",
    "validate_nik",
]
