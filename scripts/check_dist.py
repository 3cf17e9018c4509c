"""Check the built wheel and sdist: every package file, the licences, the metadata.

Used by ``.ci/run`` after ``python -m build`` (which builds the sdist, then the wheel from
the sdist, so a file missing from the sdist is missing from the wheel too)::

    python scripts/check_dist.py dist/

Checks that the wheel holds exactly the files of ``src/bansos_validate`` (every module and
every data file the code loads: region data and its licence, the bundled rule YAML and
their case files, the overlap policies, ``py.typed``), that the licences travel in
``.dist-info/licenses``, that its ``Requires-Dist`` is the dependency list of
``pyproject.toml``, and that the sdist holds the sources, tests and docs. Prints the wheel
size and the runtime dependencies.
"""

from __future__ import annotations

import re
import sys
import tarfile
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "bansos_validate"
# Files the code loads at run time: each must match at least one wheel file.
REQUIRED_DATA = (
    "bansos_validate/py.typed",
    "bansos_validate/regions/_data/meta.json",
    "bansos_validate/regions/_data/LICENSE.cahyadsn-wilayah.txt",
    "bansos_validate/regions/_data/README.md",
    "bansos_validate/regions/_data/provinces.csv",
    "bansos_validate/regions/_data/regencies.csv",
    "bansos_validate/regions/_data/districts.csv",
    "bansos_validate/regions/_data/villages.csv.gz",
    "bansos_validate/regions/_data/historical_codes.csv",
    "bansos_validate/rules/programs/*.yaml",
    "bansos_validate/rules/programs/cases/*.yaml",
    "bansos_validate/overlap/policies/*.yaml",
)
LICENCES = ("LICENSE", "LICENSE.cahyadsn-wilayah.txt")
SDIST_MUST_HOLD = ("pyproject.toml", "README.md", "CHANGELOG.md", "LICENSE", "tests/", "docs/")


def source_files() -> set[str]:
    """The package's files in the source tree, as wheel paths (no caches)."""
    return {
        "bansos_validate/" + path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def _glob(pattern: str, names: set[str]) -> set[str]:
    regex = re.compile(re.escape(pattern).replace(r"\*", "[^/]+") + "$")
    return {name for name in names if regex.match(name)}


def _requirement_key(requirement: str) -> str:
    """A requirement without spaces and with a lower-case name, for comparison."""
    text = re.sub(r"\s+", "", requirement).replace("'", '"')
    name = re.match(r"[A-Za-z0-9._-]+", text)
    assert name is not None, requirement
    return name.group(0).lower().replace("_", "-") + text[name.end() :]


def declared_requirements() -> set[str]:
    """``pyproject.toml``'s dependencies and extras as Requires-Dist lines."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = {_requirement_key(r) for r in project["dependencies"]}
    for extra, requirements in project["optional-dependencies"].items():
        lines |= {_requirement_key(f'{r};extra=="{extra}"') for r in requirements}
    return lines


def check_wheel(wheel: Path) -> list[str]:
    """Problems with the wheel (empty: none)."""
    problems = []
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(info).decode("utf-8"))
    package = {n for n in names if n.startswith("bansos_validate/")}
    expected = source_files()
    problems += [f"missing from the wheel: {n}" for n in sorted(expected - package)]
    problems += [f"in the wheel but not in src/: {n}" for n in sorted(package - expected)]
    problems += [
        f"no packaged file for {pattern}"
        for pattern in REQUIRED_DATA
        if not _glob(pattern, package)
    ]
    licences = {n.rsplit("/", 1)[-1] for n in names if ".dist-info/licenses/" in n}
    problems += [f"licence not in .dist-info/licenses: {n}" for n in LICENCES if n not in licences]
    requires = {_requirement_key(r) for r in metadata.get_all("Requires-Dist") or []}
    declared = declared_requirements()
    if requires != declared:
        problems.append(
            f"Requires-Dist differs from pyproject.toml: only in the wheel "
            f"{sorted(requires - declared)}, only in pyproject.toml {sorted(declared - requires)}"
        )
    if metadata.get("Requires-Python") != ">=3.11":
        problems.append(f"Requires-Python is {metadata.get('Requires-Python')!r}")
    return problems


def check_sdist(sdist: Path) -> list[str]:
    """Problems with the sdist (empty: none)."""
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    problems = [f"missing from the sdist: {n}" for n in SDIST_MUST_HOLD if not _has(names, n)]
    sources = {"src/" + n for n in source_files()}
    problems += [f"missing from the sdist: {n}" for n in sorted(sources - names)]
    return problems


def _has(names: set[str], wanted: str) -> bool:
    return any(n.startswith(wanted) for n in names) if wanted.endswith("/") else wanted in names


def main(argv: list[str]) -> int:
    """Check ``DIST_DIR``'s wheel and sdist; print the findings and the wheel's facts."""
    dist = Path(argv[0] if argv else "dist")
    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        print(f"expected one wheel and one sdist in {dist}, found {wheels + sdists}")
        return 1
    problems = check_wheel(wheels[0]) + check_sdist(sdists[0])
    for problem in problems:
        print(f"dist: {problem}")
    data = sorted(n for n in source_files() if not n.endswith(".py"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    print(
        f"wheel {wheels[0].name}: {wheels[0].stat().st_size / 1e6:.2f} MB, "
        f"{len(source_files())} package files ({len(data)} data files); "
        f"sdist {sdists[0].stat().st_size / 1e6:.2f} MB"
    )
    print("runtime dependencies: " + ", ".join(project["dependencies"]))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
