"""The version report: library, region data, bundled rule sets and overlap policies.

A decision, a match or an overlap is only reproducible with the exact data behind it, so
:func:`versions` reports every versioned part of the installed package: the library
version, the edition of the bundled Kemendagri region codes, the version and SHA-256 of
each bundled rule set and overlap policy, and the installed versions of the
dependencies. ``bansos-validate --version`` prints the same facts.

>>> import bansos_validate as bv
>>> report = bv.versions()
>>> report.library == bv.__version__
True
>>> report.region_data["edition"]
'2025'
>>> [rule_set.id for rule_set in report.rule_sets]
['blt-dd', 'bpnt', 'pbi-jk', 'pip', 'pkh']
>>> pkh = report.rule_set("pkh")
>>> pkh.sha256 == bv.load_program("pkh").sha256
True
>>> report.as_dict()["overlap_policies"]["nasional"]["version"] == report.policy("nasional").version
True
"""

from __future__ import annotations

import importlib.metadata
import platform
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from bansos_validate import _arguments as _args
from bansos_validate._version import __version__

__all__ = ["BundledVersion", "Versions", "versions"]

DISTRIBUTION = "bansos-validate"
# Extras whose packages are tools for developing this project, not for using it.
_TOOL_EXTRAS = frozenset({"dev", "docs"})
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_EXTRA = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")


@attrs.frozen(slots=True)
class BundledVersion:
    """The version of one bundled rule set or overlap policy.

    Attributes:
        id: the program id (``pkh``) or the policy id (``nasional``).
        version: the version written in the file (``2026.1``).
        sha256: the SHA-256 of the file's bytes, as recorded in every decision and
            overlap result made with it.
        path: the file inside the package (``bansos_validate/rules/programs/pkh.yaml``).

    .. versionadded:: 0.1.0
    """

    id: str
    version: str
    sha256: str
    path: str

    def as_dict(self) -> dict[str, str]:
        """Return ``{"version": ..., "sha256": ..., "path": ...}``."""
        return {"version": self.version, "sha256": self.sha256, "path": self.path}


def _frozen_mapping(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(_args.mapping("mapping", value, optional=False, values="any"))


@attrs.frozen(slots=True, repr=False)
class Versions:
    """What :func:`versions` reports.

    Attributes:
        library: the version of bansos-validate (``bansos_validate.__version__``).
        python: the Python version running it.
        region_data: the edition, decree, source commit, licence and file checksums of
            the bundled region codes (:func:`bansos_validate.regions.data_version`).
        rule_sets: every bundled rule set, by program id.
        overlap_policies: every bundled overlap policy, by policy id.
        dependencies: the installed version of each runtime dependency (``None`` when
            it is missing) and of each installed optional one (extras).

    .. versionadded:: 0.1.0
    """

    library: str
    python: str
    region_data: Mapping[str, Any] = attrs.field(converter=_frozen_mapping)
    rule_sets: tuple[BundledVersion, ...]
    overlap_policies: tuple[BundledVersion, ...]
    dependencies: Mapping[str, str | None] = attrs.field(converter=_frozen_mapping)

    def rule_set(self, program: str) -> BundledVersion:
        """Return the entry of one bundled rule set by program id.

        Raises:
            KeyError: no bundled rule set has this id (an ``InvalidArgument`` too).
        """
        return _by_id(self.rule_sets, program, "rule set")

    def policy(self, policy_id: str) -> BundledVersion:
        """Return the entry of one bundled overlap policy by id.

        Raises:
            KeyError: no bundled overlap policy has this id (an ``InvalidArgument`` too).
        """
        return _by_id(self.overlap_policies, policy_id, "overlap policy")

    def as_dict(self) -> dict[str, Any]:
        """Return the report as plain JSON-ready data."""
        return {
            "bansos_validate": self.library,
            "python": self.python,
            "region_data": dict(self.region_data),
            "rule_sets": {entry.id: entry.as_dict() for entry in self.rule_sets},
            "overlap_policies": {entry.id: entry.as_dict() for entry in self.overlap_policies},
            "dependencies": dict(self.dependencies),
        }

    def __str__(self) -> str:
        region = self.region_data
        lines = [
            f"bansos-validate {self.library} (Python {self.python})",
            f"region data: Kemendagri {region.get('edition', '?')} ({region.get('decree', '?')}); "
            f"cahyadsn/wilayah {str(region.get('source_commit', ''))[:12]}",
            "rule sets:",
            *(f"  {e.id:<9} {e.version:<8} sha256 {e.sha256}" for e in self.rule_sets),
            "overlap policies:",
            *(f"  {e.id:<9} {e.version:<8} sha256 {e.sha256}" for e in self.overlap_policies),
            "dependencies:",
            *(
                f"  {name:<14} {version or 'not installed'}"
                for name, version in self.dependencies.items()
            ),
        ]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"<Versions bansos-validate {self.library}; region data "
            f"{self.region_data.get('edition', '?')}; {len(self.rule_sets)} rule sets; "
            f"{len(self.overlap_policies)} overlap policies>"
        )


def _by_id(entries: tuple[BundledVersion, ...], key: object, what: str) -> BundledVersion:
    if isinstance(key, str):
        for entry in entries:
            if entry.id == key:
                return entry
    known = ", ".join(entry.id for entry in entries)
    raise _args.UnknownKeyError(f"no bundled {what} {_args.shown(key)}; bundled: {known}")


def _installed(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def dependency_versions() -> dict[str, str | None]:
    """The installed versions of the declared dependencies, read from the package metadata.

    Runtime dependencies are always listed (``None``: not installed, a broken
    environment); optional ones (extras other than the development tools) only when
    installed. Empty when bansos-validate itself is not installed (a bare source tree).
    """
    try:
        requirements = importlib.metadata.requires(DISTRIBUTION) or []
    except importlib.metadata.PackageNotFoundError:
        return {}
    runtime: dict[str, str | None] = {}
    optional: dict[str, str | None] = {}
    for requirement in requirements:
        name_match = _NAME.match(requirement)
        if name_match is None:  # pragma: no cover - metadata written by our own build
            continue
        name = name_match.group(1).lower()
        _, _, marker = requirement.partition(";")
        extra = _EXTRA.search(marker)
        if extra is None:
            runtime[name] = _installed(name)
        elif extra.group(1) not in _TOOL_EXTRAS and (version := _installed(name)) is not None:
            optional[name] = version
    optional = {name: version for name, version in optional.items() if name not in runtime}
    return dict(sorted(runtime.items())) | dict(sorted(optional.items()))


def versions() -> Versions:
    """Report the versions of the library, its bundled data and its dependencies.

    Loads every bundled rule set and overlap policy (to read their versions and
    checksums) and the overlap module, which imports Polars.

    >>> import bansos_validate as bv
    >>> bv.versions().policy("nasional").path
    'bansos_validate/overlap/policies/nasional.yaml'

    .. versionadded:: 0.1.0
    """
    from bansos_validate import overlap, regions, rules  # noqa: PLC0415 - overlap loads Polars

    rule_sets = []
    for program in rules.programs():
        ruleset = rules.load_program(program)
        rule_sets.append(
            BundledVersion(ruleset.program, ruleset.version, ruleset.sha256, str(ruleset.path))
        )
    policies = []
    for policy_id in overlap.policies():
        policy = overlap.load_policy(policy_id)
        policies.append(BundledVersion(policy.id, policy.version, policy.sha256, str(policy.path)))
    return Versions(
        library=__version__,
        python=platform.python_version(),
        region_data=regions.data_version(),
        rule_sets=tuple(rule_sets),
        overlap_policies=tuple(policies),
        dependencies=dependency_versions(),
    )


for _cls in (BundledVersion, Versions):
    _cls.__module__ = "bansos_validate"
del _cls
