"""The deprecation helper: DeprecationWarning at the caller, one message format."""

from __future__ import annotations

import sys
import warnings
from types import ModuleType

import pytest

from bansos_validate._deprecation import (
    Deprecation,
    deprecated,
    deprecated_names,
    message,
    warn_deprecated,
)


def test_message_names_the_release_the_replacement_and_the_removal() -> None:
    assert message("bv.old", since="0.2.0", use="bv.new", removal="0.3.0") == (
        "bv.old is deprecated since bansos-validate 0.2.0 and will be removed in 0.3.0; "
        "use bv.new instead."
    )
    assert message("bv.old", since="0.2.0", use="bv.new") == (
        "bv.old is deprecated since bansos-validate 0.2.0; use bv.new instead."
    )


def test_warning_points_at_the_caller() -> None:
    def old() -> None:
        warn_deprecated("bv.old", since="0.2.0")

    with pytest.warns(DeprecationWarning, match=r"bv\.old is deprecated") as caught:
        old()
    assert caught[0].filename == __file__


def test_decorated_function_warns_on_each_call_and_still_works() -> None:
    @deprecated(since="0.2.0", use="bansos_validate.mask_nik")
    def mask(value: str) -> str:
        """Mask it."""
        return value[:6] + "*" * 10

    assert mask.__name__ == "mask"
    assert mask.__doc__ == "Mask it."
    assert "deprecated since bansos-validate 0.2.0" in mask.__deprecated__  # type: ignore[attr-defined]
    for _ in range(2):
        with pytest.warns(DeprecationWarning, match="use bansos_validate.mask_nik instead") as w:
            assert mask("3576014403910003") == "357601**********"
        assert w[0].filename == __file__


def test_warnings_as_errors_turn_a_deprecated_call_into_an_error() -> None:
    @deprecated(since="0.2.0")
    def old() -> int:
        return 1

    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        with pytest.raises(DeprecationWarning):
            old()


def test_module_getattr_serves_a_moved_name_with_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = ModuleType("bv_fake_module")
    module.__getattr__ = deprecated_names(  # type: ignore[method-assign]
        "bv_fake_module",
        {
            "old_mask": Deprecation(
                "bansos_validate.privacy:mask_nik", since="0.2.0", removal="0.3.0"
            )
        },
    )
    monkeypatch.setitem(sys.modules, "bv_fake_module", module)
    with pytest.warns(DeprecationWarning, match="removed in 0.3.0") as caught:
        from bv_fake_module import old_mask  # type: ignore[import-not-found]
    from bansos_validate.privacy import mask_nik

    assert old_mask is mask_nik
    assert "bv_fake_module.old_mask" in str(caught[0].message)
    with pytest.raises(AttributeError, match="has no attribute 'other'"):
        module.other  # noqa: B018 - the attribute access is the test
