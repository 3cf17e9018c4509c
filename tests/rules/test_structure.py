"""The engines' internal structure: the vectorised plan object."""

from __future__ import annotations

import attrs
import pytest

from bansos_validate.rules import _vector


def test_the_vectorised_plan_is_one_frozen_object() -> None:
    assert attrs.has(_vector._Plan)
    assert "__slots__" in vars(_vector._Plan)
    names = {f.name for f in attrs.fields(_vector._Plan)}
    assert {"kind", "eager", "unknown", "comp", "persons", "pframe"} <= names
    plan = object.__new__(_vector._Plan)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        plan.eager = True  # type: ignore[misc]


def test_the_type_checker_uses_the_type_enum() -> None:
    from bansos_validate.rules import load_program
    from bansos_validate.rules._typecheck import Type

    assert Type.list_of(Type.DATE) is Type.LIST_DATE
    assert Type.EMPTY_LIST.is_list and not Type.NUMBER.is_list
    assert Type.of_kind("int") is Type.NUMBER
    assert Type.TEXT.article() == "text"
    assert Type.LIST_TEXT.article() == "a list[text]"
    pkh = load_program("pkh")
    # The public model keeps the type's name as text.
    assert all(type(v.type) is str for v in pkh.variables)


def test_the_compiler_runs_in_three_small_stages() -> None:
    import ast
    import inspect

    from bansos_validate.rules import _assemble, _check_types, _compile, _declare, _locate

    orchestrator = ast.parse(inspect.getsource(_compile))
    assert not [n for n in orchestrator.body if isinstance(n, ast.ClassDef)]
    for module in (_compile, _locate, _declare, _check_types, _assemble):
        tree = ast.parse(inspect.getsource(module))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                assert node.end_lineno is not None
                assert node.end_lineno - node.lineno < 400, (module.__name__, node.name)
