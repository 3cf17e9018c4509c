"""The engines' internal structure: the vectorised plan object."""

from __future__ import annotations

import attrs
import pytest

from bansos_validate.rules import _vector


def test_the_vectorised_plan_is_one_frozen_object() -> None:
    assert attrs.has(_vector._Plan)
    assert "__slots__" in vars(_vector._Plan)
    names = {f.name for f in attrs.fields(_vector._Plan)}
    assert {"implementation", "eager", "unknown", "comp", "persons", "pframe"} <= names
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        plan = object.__new__(_vector._Plan)
        plan.eager = True  # type: ignore[misc]
