"""Pin the public surface of bansos-validate in ``tests/surface/public_surface.json``.

The stable contract (``docs/versioning.md``) is: the names in ``bansos_validate.__all__``
and in each public module's ``__all__``, the issue-code catalogue (code, severity,
subject, damage flag), the columns of the result frames listed there, the
values of their ``kind``/``status`` columns, and the rule ids of the bundled programs and
overlap policies. This script computes that surface from the installed code (the result
columns from small real runs on synthetic data) and writes it into the pin file:

    python scripts/update_surface.py            # after an intended change of the surface
    python scripts/update_surface.py --check    # exit 1 when the pin is out of date
    python scripts/update_surface.py --release 0.2.0   # when cutting release 0.2.0

The pin file holds the current ``surface``, a ``baseline`` (the surface of the last
release) and the SHA-256 of both. ``tests/test_surface.py`` fails when the live surface
differs from the pin, when the checksum does not match (the file was edited by hand),
and when a difference between the baseline and the live surface (an added or removed
name, module, code, column, value or rule id; a code whose severity changed) has no
entry in the ``Unreleased`` section of ``CHANGELOG.md``. ``--release`` makes the current
surface the new baseline: run it when the ``Unreleased`` section becomes a release.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import hashlib
import importlib
import json
import pkgutil
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
PIN = ROOT / "tests" / "surface" / "public_surface.json"
CHANGELOG = ROOT / "CHANGELOG.md"
REFERENCE = dt.date(2026, 1, 15)
ABOUT = (
    "The pinned public surface of bansos-validate (docs/versioning.md). Written by "
    "scripts/update_surface.py; do not edit by hand: tests/test_surface.py checks the "
    "sha256 and that CHANGELOG.md's Unreleased section records every difference between "
    "the baseline (the last release) and the surface."
)

Surface = dict[str, Any]


# --- computing the live surface --------------------------------------------------------


def public_modules() -> list[str]:
    """Every importable module of the package with no ``_``-prefixed part, sorted."""
    import bansos_validate  # noqa: PLC0415 - imported when used, after sys.path is set

    found = pkgutil.walk_packages(bansos_validate.__path__, "bansos_validate.")
    names = [m.name for m in found if not any(p.startswith("_") for p in m.name.split(".")[1:])]
    return sorted(["bansos_validate", *names])


def module_names(modules: Iterable[str]) -> dict[str, list[str]]:
    """Each public module's ``__all__`` (sorted); ``None`` marks a module without one."""
    out: dict[str, Any] = {}
    for name in modules:
        module = importlib.import_module(name)
        names = getattr(module, "__all__", None)
        out[name] = None if names is None else sorted(names)
    return out


def issue_codes() -> dict[str, dict[str, Any]]:
    """The catalogue: code -> severity, subject, damage flag."""
    from bansos_validate import issues  # noqa: PLC0415

    return {
        code: {
            "severity": str(spec.severity.value),
            "subject": spec.subject,
            "damage": bool(spec.damage),
        }
        for code, spec in sorted(issues.CATALOGUE.items())
    }


def bundled_rule_ids() -> dict[str, Any]:
    """The rule and component ids of each bundled program, the rule ids of each policy."""
    from bansos_validate import overlap, rules  # noqa: PLC0415

    programs = {}
    for program in rules.programs():
        ruleset = rules.load_program(program)
        programs[program] = {
            "rules": [rule.id for rule in ruleset.rules],
            "components": [component.id for component in ruleset.components],
        }
    policies = {
        policy_id: [rule.id for rule in overlap.load_policy(policy_id).all_rules()]
        for policy_id in overlap.policies()
    }
    return {"programs": programs, "overlap_policies": policies}


def result_values() -> dict[str, list[str]]:
    """The values of the result frames' ``kind`` and ``status`` columns."""
    from bansos_validate import overlap, rules  # noqa: PLC0415

    return {
        "Decisions.frame.status": [status.value for status in rules.Status],
        "OverlapResult.frame.kind": list(overlap.KINDS),
    }


def result_columns() -> dict[str, list[str]]:
    """The columns the result frames have, from small real runs on synthetic data.

    ``TableCheck.frame`` lists the columns added after the input's own columns.
    """
    import bansos_validate as bv  # noqa: PLC0415

    population = bv.synth.generate(n_households=30, regions=["3576"], seed=1)
    persons = population.persons
    check = bv.check_table(persons, reference_date=REFERENCE)
    added = list(check.frame.columns)[len(persons.columns) :]
    assert list(check.frame.columns)[: len(persons.columns)] == list(persons.columns)
    pairs = bv.match_records(persons, population.second_view).pairs
    decisions = bv.evaluate(
        bv.load_program("pkh"), persons, population.households, reference_date=REFERENCE
    ).frame
    overlaps = bv.find_overlaps(population.rolls).frame
    return {
        "TableCheck.frame": added,
        "MatchResult.pairs": list(pairs.columns),
        "Decisions.frame": list(decisions.columns),
        "OverlapResult.frame": list(overlaps.columns),
    }


def live_surface(columns: Mapping[str, list[str]] | None = None) -> Surface:
    """The surface of the code as it is now (``columns``: reuse computed result columns)."""
    return {
        "modules": module_names(public_modules()),
        "issue_codes": issue_codes(),
        "result_columns": dict(columns) if columns is not None else result_columns(),
        "result_values": result_values(),
        **bundled_rule_ids(),
    }


# --- the pin file ------------------------------------------------------------------------


def canonical(value: Any) -> str:
    """The JSON text the checksum is taken over (sorted keys, no spaces)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def checksum(pin: Mapping[str, Any]) -> str:
    """SHA-256 over the pin's ``baseline`` and ``surface``."""
    body = {"baseline": pin["baseline"], "surface": pin["surface"]}
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


def load_pin(path: Path = PIN) -> dict[str, Any]:
    """Read the pin file."""
    pin: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return pin


def make_pin(surface: Surface, baseline: Mapping[str, Any]) -> dict[str, Any]:
    """A pin file's content: the surface, the baseline and their checksum."""
    pin: dict[str, Any] = {"about": ABOUT, "baseline": dict(baseline), "surface": surface}
    pin["sha256"] = checksum(pin)
    return pin


def _format(value: Any, depth: int = 0) -> str:
    """JSON with one name per line and one issue code per line, so diffs read well."""
    scalar = (str, int, float, bool, type(None))
    pad, inner = " " * depth, " " * (depth + 1)
    if isinstance(value, dict) and value:
        if all(isinstance(v, scalar) for v in value.values()) and depth > 1:
            return json.dumps(value, sort_keys=True, ensure_ascii=False)
        items = (
            f"{inner}{json.dumps(k, ensure_ascii=False)}: {_format(v, depth + 1)}"
            for k, v in sorted(value.items())
        )
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list) and value:
        items = (f"{inner}{_format(v, depth + 1)}" for v in value)
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    return json.dumps(value, ensure_ascii=False)


def write_pin(pin: Mapping[str, Any], path: Path = PIN) -> None:
    """Write the pin file (stable formatting, so its diff reads well in review)."""
    path.write_text(_format(dict(pin)) + "\n", encoding="utf-8")


def surface_diff(pinned: Surface, live: Surface) -> str:
    """A unified diff of two surfaces (empty when equal)."""
    a = json.dumps(pinned, indent=1, sort_keys=True).splitlines()
    b = json.dumps(live, indent=1, sort_keys=True).splitlines()
    lines = difflib.unified_diff(a, b, "pinned surface", "live surface", lineterm="", n=2)
    return "\n".join(lines)


# --- changes since the baseline and the CHANGELOG ------------------------------------------


class Change(NamedTuple):
    """One difference between the baseline and the surface, and what records it.

    A CHANGELOG entry records the change when each of ``code`` appears in one of its
    code spans (backticks; a qualified or called form counts: ``bansos_validate.x.y``
    and ``y()`` for ``y``) and each of ``words`` appears in it as a word (any case).
    """

    what: str
    code: tuple[str, ...]
    words: tuple[str, ...] = ()


def _added_removed(old: Iterable[str], new: Iterable[str]) -> Iterator[tuple[str, str]]:
    old_set, new_set = set(old), set(new)
    for item in sorted(new_set - old_set):
        yield "added", item
    for item in sorted(old_set - new_set):
        yield "removed", item


def _module_changes(old: Surface, new: Surface) -> Iterator[Change]:
    for how, module in _added_removed(old, new):
        yield Change(f"public module {module} {how}", (module,))
    for module in sorted(set(old) & set(new)):
        for how, name in _added_removed(old[module] or [], new[module] or []):
            yield Change(f"{module}.{name} {how}", (f"{module}.{name}",))


def _code_changes(old: Surface, new: Surface) -> Iterator[Change]:
    for how, code in _added_removed(old, new):
        yield Change(f"issue code {code} {how}", (code,))
    for code in sorted(set(old) & set(new)):
        for field in sorted(set(old[code]) | set(new[code])):
            before, after = old[code].get(field), new[code].get(field)
            if before != after:
                yield Change(f"issue code {code}: {field} {before} -> {after}", (code,))


def _result_changes(old: Surface, new: Surface) -> Iterator[Change]:
    for result in sorted(set(old) | set(new)):
        where = result.split(".")[0]  # TableCheck, MatchResult, ...
        for how, item in _added_removed(old.get(result, []), new.get(result, [])):
            yield Change(f"{result}: {item!r} {how}", (item,), (where,))


def _rule_changes(old: Surface, new: Surface, what: str) -> Iterator[Change]:
    for how, owner in _added_removed(old, new):
        yield Change(f"bundled {what} {owner} {how}", (), (owner,))
    for owner in sorted(set(old) & set(new)):
        before, after = old[owner], new[owner]
        parts = before.keys() | after.keys() if isinstance(before, dict) else [None]
        for part in sorted(parts, key=str):
            old_ids = before.get(part, []) if part else before
            new_ids = after.get(part, []) if part else after
            for how, rule in _added_removed(old_ids, new_ids):
                label = part[:-1] if part else "rule"
                yield Change(f"{owner} {label} {rule} {how}", (rule,), (owner,))


def changes(baseline: Surface, live: Surface) -> list[Change]:
    """Every difference between the baseline and the live surface."""
    return [
        *_module_changes(baseline.get("modules", {}), live.get("modules", {})),
        *_code_changes(baseline.get("issue_codes", {}), live.get("issue_codes", {})),
        *_result_changes(baseline.get("result_columns", {}), live.get("result_columns", {})),
        *_result_changes(baseline.get("result_values", {}), live.get("result_values", {})),
        *_rule_changes(baseline.get("programs", {}), live.get("programs", {}), "program"),
        *_rule_changes(
            baseline.get("overlap_policies", {}), live.get("overlap_policies", {}), "policy"
        ),
    ]


def unreleased(changelog: str) -> str:
    """The text of the ``## [Unreleased]`` section of a Keep a Changelog file."""
    match = re.search(
        r"^## \[Unreleased\][^\n]*\n(.*?)(?=^## |\Z)", changelog, re.MULTILINE | re.DOTALL
    )
    return match.group(1) if match else ""


def entries(section: str) -> list[str]:
    """The top-level list items of a changelog section, each with its continuation lines."""
    items: list[list[str]] = []
    open_item = False
    for line in section.splitlines():
        if line.startswith(("- ", "* ")):
            items.append([line[2:]])
            open_item = True
        elif line.startswith("#") or not line.strip():
            open_item = False
        elif open_item:
            items[-1].append(line.strip())
    return [" ".join(item) for item in items]


def _code_spans(entry: str) -> list[str]:
    return [span.strip() for span in re.findall(r"`([^`]+)`", entry)]


def _in_span(token: str, span: str) -> bool:
    span = re.sub(r"\(.*", "", span)  # `versions()` and `f(x)` count for `versions`/`f`
    if span == token:
        return True
    return span.endswith("." + token) or span.startswith(token + ".") or f".{token}." in span


def records(entry: str, change: Change) -> bool:
    """Whether a changelog entry records a change (see :class:`Change`)."""
    spans = _code_spans(entry)
    if not all(any(_in_span(token, span) for span in spans) for token in change.code):
        return False
    text = entry.lower()
    return all(
        re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", text) for word in change.words
    )


def unrecorded(found: Iterable[Change], changelog: str) -> list[Change]:
    """The changes that no entry of the changelog's Unreleased section records."""
    items = entries(unreleased(changelog))
    return [change for change in found if not any(records(entry, change) for entry in items)]


# --- command line --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Rewrite (or ``--check``) the pin file; ``--release`` moves the baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report; exit 1 if stale")
    parser.add_argument("--release", metavar="VERSION", help="make the surface the baseline")
    args = parser.parse_args(argv)
    live = live_surface()
    old = load_pin() if PIN.exists() else None
    if args.check:
        if old is None or old["surface"] != live:
            print(surface_diff(old["surface"] if old else {}, live) or "no pin file")
            return 1
        print("the pinned public surface is up to date")
        return 0
    baseline = dict(old["baseline"]) if old else {"release": None, "surface": live}
    if args.release:
        baseline = {"release": args.release, "surface": live}
    write_pin(make_pin(live, baseline))
    diff = surface_diff(old["surface"], live) if old else ""
    print(diff or "surface unchanged")
    missing = unrecorded(changes(baseline["surface"], live), CHANGELOG.read_text("utf-8"))
    for change in missing:
        print(f"not yet in CHANGELOG.md (Unreleased): {change.what}")
    print(f"wrote {PIN.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))  # a source checkout without an install
    sys.exit(main())
