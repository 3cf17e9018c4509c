"""The architecture holds: layers, no cycle, one frame boundary, results that report themselves.

See ``docs/architecture.md``. The toy capability at the end is the example that page
shows: a new check written against the frame boundary and the findings schema.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path
from typing import Any

import attrs
import grimp
import narwhals as nw
import polars as pl
import pytest

import bansos_validate as bv
from bansos_validate import _frames
from bansos_validate._present._findings import FINDINGS_SCHEMA, finish
from bansos_validate._present._fragment import wrap
from bansos_validate._present._frames import mask_column
from bansos_validate.household import check_households

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "bansos_validate"

# Private modules other packages may import: the internal interface each package offers
# the layers above it (docs/architecture.md, "Internal interfaces"). Any other private
# module is its package's own.
INTERFACES = {
    "ids._dates": "reference dates and centuries",
    "ids._digits": "reading identifier digits (Excel damage, separators)",
    "ids._mask": "masking identifiers (published by privacy)",
    "regions._model": "Region",
    "regions._table": "the region code tables",
    "intake._keys": "one reading of NIK/KK join keys",
    "intake._regions": "region codes in number cells",
    "intake._rows": "rows that are not records",
    "io._url": "database URLs with their password masked",
    "table._kernel": "the vectorised readers and date parsing (household, overlap)",
    "table._intake": "source names, rows flagged, manifests of a table",
    "table._findings": "findings of per-row issue codes (household)",
}


@pytest.fixture(scope="module")
def graph() -> Any:
    return grimp.build_graph(
        "bansos_validate",
        include_external_packages=False,
        exclude_type_checking_imports=False,  # annotations count: no cycle even there
        cache_dir=None,  # the sources as they are now, not a cached graph
    )


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_the_import_linter_contracts_are_kept() -> None:
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_no_import_cycle_anywhere(graph: Any) -> None:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in modules:
        if module not in index:
            visit(module)
    assert cycles == []


def test_private_modules_are_imported_across_packages_only_through_interfaces(
    graph: Any,
) -> None:
    found = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            package = _package(imported)
            if package == _package(module) or package.startswith("_") or not package:
                continue
            inner = imported.split(".", 1)[1]
            if any(part.startswith("_") for part in inner.split(".")[1:]):
                found.add(inner)
    assert found <= set(INTERFACES), sorted(found - set(INTERFACES))


def _asks_the_library(node: ast.AST) -> bool:
    if not isinstance(node, ast.Attribute):
        return False
    if isinstance(node.value, ast.Name) and node.value.id == "_frames":
        return False  # the boundary's own accessor, handed back to narwhals
    return node.attr == "implementation" or node.attr in {
        "is_polars",
        "is_pandas",
        "is_pandas_like",
        "is_pyarrow",
        "is_duckdb",
        "is_pyspark",
        "is_pyspark_connect",
        "is_spark_like",
        "is_dask",
    }


def _implementation_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(SRC)}:{node.lineno}"
        for node in ast.walk(tree)
        if _asks_the_library(node)
    ]


def test_only_the_frame_boundary_asks_which_library_a_frame_comes_from() -> None:
    hits = [
        hit
        for path in sorted(SRC.rglob("*.py"))
        if "_frames" not in path.parts
        for hit in _implementation_uses(path)
    ]
    assert hits == []


def test_no_lower_layer_imports_the_report(graph: Any) -> None:
    importers = {
        _package(m)
        for m in graph.find_modules_that_directly_import("bansos_validate.report")
        | {
            m
            for sub in graph.find_descendants("bansos_validate.report")
            for m in graph.find_modules_that_directly_import(sub)
        }
    }
    assert importers <= {"report", "cli", "_pipeline", ""}


def test_every_result_gives_findings_in_the_one_schema() -> None:
    population = bv.synth.generate(n_households=40, seed=3)
    ref = population.reference_date
    table = bv.check_table(population.persons, reference_date=ref)
    households = check_households(population.persons, reference_date=ref)
    match = bv.match_records(population.persons, population.second_view)
    decisions = bv.evaluate(
        bv.load_program("pkh"), population.persons, population.households, reference_date=ref
    )
    overlaps = bv.find_overlaps(population.rolls)
    for result in (table, households, match, decisions, overlaps):
        for lang in ("id", "en"):
            findings = result.findings(lang)  # type: ignore[attr-defined]
            assert dict(findings.schema) == FINDINGS_SCHEMA, type(result).__name__
            assert findings.height == 0 or findings["message"].null_count() < findings.height
        html = bv.report.fragment(result, "en")
        assert html.startswith("<style>") and "bv-frag" in html
        assert re.search(r"\d{12,}", html) is None  # no identifier in a view


# --- The toy capability of docs/architecture.md ------------------------------------


@attrs.frozen
class BlankNames:
    """The result of :func:`blank_names`: which rows have no name."""

    frame: Any  # the caller's kind of frame, with a ``name_blank`` column
    _checked: pl.DataFrame  # the Polars frame the check ran on
    source: str = "persons"

    @property
    def summary(self) -> dict[str, int]:
        return {"rows": self._checked.height, "blank": int(self._checked["name_blank"].sum())}

    def findings(self, lang: str = "id", *, unmasked: bool = False) -> pl.DataFrame:
        blank = self._checked.with_row_index("pos").filter(pl.col("name_blank"))
        message = "Nama kosong." if lang == "id" else "The name is empty."
        return finish(
            pl.DataFrame(
                {
                    "check": "blank_names",
                    "source": self.source,
                    "row": blank["pos"].cast(pl.Int64) + 1,
                    "nik": mask_column(blank["nik"], "nik", unmasked=unmasked),
                    "code": "name_blank",
                    "severity": "warning",
                    "message": message,
                }
            )
        )

    def _fragment(self, lang: str) -> str:
        return wrap("BlankNames", [(k, str(v)) for k, v in self.summary.items()])


def blank_names(frame: Any) -> BlankNames:
    """Flag the rows whose ``nama`` is empty, on any frame the library accepts."""
    adopted = _frames.adopt(frame, "persons")  # InvalidArgument for a non-frame
    checked = adopted.to_polars("persons").with_columns(
        (pl.col("nama").fill_null("").str.strip_chars() == "").alias("name_blank")
    )
    return BlankNames(adopted.give_back(checked), checked)


@pytest.mark.parametrize("kind", ["polars", "polars_lazy", "pandas", "pyarrow", "duckdb"])
def test_a_toy_capability_plugs_into_the_boundary_and_the_report(kind: str) -> None:
    persons = pl.DataFrame(
        {"nik": ["3576014403910003", "3576010101900001"], "nama": ["SITI AMINAH", "  "]}
    )
    native: Any = {
        "polars": persons,
        "polars_lazy": persons.lazy(),
        "pandas": persons.to_pandas(),
        "pyarrow": persons.to_arrow(),
        "duckdb": None,
    }[kind]
    if kind == "duckdb":
        import duckdb

        native = duckdb.from_arrow(persons.to_arrow())
    result = blank_names(native)
    assert _frames.kind_of(result.frame) == kind  # the caller's kind back
    assert nw.from_native(result.frame).lazy().collect().get_column("name_blank").to_list() == [
        False,
        True,
    ]
    findings = result.findings("en")
    assert findings.rows(named=True)[0]["nik"] == "357601**********"
    assert findings["message"].to_list() == ["The name is empty."]
    assert "<th>blank</th><td class='n'>1</td>" in bv.report.fragment(result, "id")
    with pytest.raises(bv.errors.InvalidArgument):
        blank_names({"nama": ["SITI"]})
