"""bansos-validate: validate Indonesian social-assistance (bansos) data.

>>> import datetime as dt
>>> import bansos_validate as bv
>>> info = bv.parse_nik("3576014403910003", reference_date=dt.date(2026, 11, 27))
>>> info.is_valid, info.sex, info.birth_date
(True, <Sex.P: 'P'>, datetime.date(1991, 3, 4))
>>> bv.mask_nik("3576014403910003")
'357601**********'

The table, io and synthetic-data parts load on first use (``bv.check_table``,
``bv.io``, ``bv.synth``), so importing the package and parsing a NIK loads no dataframe
library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from bansos_validate import (
        facts,
        intake,
        io,
        matching,
        names,
        overlap,
        report,
        rules,
        synth,
        table,
    )
    from bansos_validate._versions import BundledVersion, Versions, versions
    from bansos_validate.intake import Manifest
    from bansos_validate.matching import MatchResult, match_records
    from bansos_validate.overlap import OverlapResult, find_overlaps, pseudonymize_roll
    from bansos_validate.rules import RuleSet, evaluate, load_program
    from bansos_validate.table import TableCheck, check_table

__all__ = [
    "BansosValidateError",
    "BansosValidationError",
    "BundledVersion",
    "InvalidArgument",
    "InvalidKk",
    "InvalidNik",
    "Issue",
    "KkInfo",
    "Manifest",
    "MatchResult",
    "NikInfo",
    "OverlapResult",
    "Region",
    "RuleError",
    "RuleSet",
    "SchemaError",
    "Severity",
    "Sex",
    "TableCheck",
    "UsageError",
    "Versions",
    "WeakKeyError",
    "__version__",
    "check_table",
    "evaluate",
    "facts",
    "find_overlaps",
    "intake",
    "io",
    "is_valid_kk",
    "is_valid_nik",
    "load_program",
    "mask_kk",
    "mask_nik",
    "match_records",
    "matching",
    "names",
    "overlap",
    "parse_kk",
    "parse_nik",
    "pseudonymize",
    "pseudonymize_roll",
    "regions",
    "report",
    "rules",
    "synth",
    "table",
    "validate_kk",
    "validate_nik",
    "versions",
]

# Names served lazily: (module, attribute or None for the module itself).
_LAZY: dict[str, tuple[str, str | None]] = {
    "facts": ("bansos_validate.facts", None),
    "intake": ("bansos_validate.intake", None),
    "Manifest": ("bansos_validate.intake", "Manifest"),
    "io": ("bansos_validate.io", None),
    "MatchResult": ("bansos_validate.matching", "MatchResult"),
    "match_records": ("bansos_validate.matching", "match_records"),
    "matching": ("bansos_validate.matching", None),
    "report": ("bansos_validate.report", None),
    "rules": ("bansos_validate.rules", None),
    "RuleSet": ("bansos_validate.rules", "RuleSet"),
    "evaluate": ("bansos_validate.rules", "evaluate"),
    "load_program": ("bansos_validate.rules", "load_program"),
    "names": ("bansos_validate.names", None),
    "overlap": ("bansos_validate.overlap", None),
    "OverlapResult": ("bansos_validate.overlap", "OverlapResult"),
    "find_overlaps": ("bansos_validate.overlap", "find_overlaps"),
    "pseudonymize_roll": ("bansos_validate.overlap", "pseudonymize_roll"),
    "synth": ("bansos_validate.synth", None),
    "table": ("bansos_validate.table", None),
    "TableCheck": ("bansos_validate.table", "TableCheck"),
    "check_table": ("bansos_validate.table", "check_table"),
    "BundledVersion": ("bansos_validate._versions", "BundledVersion"),
    "Versions": ("bansos_validate._versions", "Versions"),
    "versions": ("bansos_validate._versions", "versions"),
}


def __getattr__(name: str) -> Any:
    """Import the heavier parts (dataframes, synthetic data) on first use."""
    try:
        module_name, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'bansos_validate' has no attribute {name!r}") from None
    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
