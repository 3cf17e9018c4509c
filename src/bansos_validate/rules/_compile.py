"""Load-time checks and compilation of a rule file into typed expressions.

Everything that can be wrong with a rule file is found here, before any data is seen:
unknown names (with a "did you mean" hint), wrong types (a date compared with a number),
constant division by zero, unknown keyword values (``jenjang_sekolah == "SMK"``
is accepted as an alias; ``"SMU"`` is not), dependency cycles, undeclared references,
and the resource limits of :mod:`~bansos_validate.rules._limits` (rules, variables,
components, chains of variables, parts of all expressions together). Variables are
ordered by their dependencies without recursion, then checked in that order. Errors
carry the file, line and column and the position inside the expression.

Compiling runs three stages, each a module:

1. declare (:mod:`._declare`): the names of the file: limits, references, parameters,
   fields and variables (parsed and put in dependency order), then rule and component ids;
2. type-check (:mod:`._check_types`): the type of every expression, given back as the
   typed tree of :mod:`._ir` it stands for;
3. assemble (:mod:`._assemble`): the variables, rules and components of the model, the
   fields each rule reads, and the :class:`Compiled` rule set.

The file's sections go through the stages in the file's order (variables, ``subjects``,
conditions, exclusions, components, ``max_units``, messages), so a file with several
mistakes always reports the same one first. Errors are located by one
:class:`~bansos_validate.rules._locate.Locator`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError

from bansos_validate.rules import _declare as declare
from bansos_validate.rules._assemble import Assembler, Compiled
from bansos_validate.rules._check_types import (
    TypeChecker,
    check_component,
    check_max_units,
    check_rule,
    check_subjects,
)
from bansos_validate.rules._locate import Locator, Path
from bansos_validate.rules._schema import RuleFileSpec
from bansos_validate.rules._yaml import schema_error

if TYPE_CHECKING:
    from bansos_validate.rules._model import Component, Rule
    from bansos_validate.rules._yaml import SourceMap

__all__ = ["Compiled", "compile_file"]


def compile_file(data: object, smap: SourceMap) -> Compiled:
    """Validate the structure of a loaded rule file and compile it.

    Raises:
        RuleFileError: the file's structure, a name, a type or a reference is wrong.
    """
    try:
        spec = RuleFileSpec.model_validate(data)
    except ValidationError as exc:
        raise schema_error(exc, smap) from None
    return _compile(spec, Locator(smap))


def _compile(spec: RuleFileSpec, at: Locator) -> Compiled:
    """Declare, type-check and assemble *spec*, section by section."""
    declared = declare.declare(spec, at)
    types = TypeChecker(declared, at)
    for entity, name in declared.order:
        types.variable(entity, name)
    build = Assembler(declared, types.variables, types.order)
    scope = "household" if spec.unit == "household" else "subject"
    subjects = check_subjects(types, spec)
    rule_ids: dict[str, str] = {}
    rules: list[Rule] = []
    for kind, group, items in (
        ("condition", "conditions", spec.conditions),
        ("exclusion", "exclusions", spec.exclusions),
    ):
        for index, rspec in enumerate(items):
            path: Path = (group, index)
            declare.declare_entry(
                spec, at, path, (rspec.id, rspec.reference), rule_ids, what="rule"
            )
            rules.append(build.rule(kind, rspec, check_rule(types, path, rspec, scope)))
    declare.reserve_benefit(at, rule_ids)
    component_ids: dict[str, str] = {}
    components: list[Component] = []
    for index, cspec in enumerate(spec.benefit.components):
        path = ("benefit", "components", index)
        entry = (cspec.id, cspec.reference)
        declare.declare_entry(spec, at, path, entry, component_ids, what="component")
        components.append(build.component(cspec, *check_component(types, path, cspec, scope)))
    max_units = check_max_units(types, spec, scope)
    placeholders = declare.placeholders(declared, at, scope)
    return build.compiled(subjects, rules, components, max_units, placeholders)
