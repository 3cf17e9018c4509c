"""Deprecating public names: one warning text, one mechanism (see ``docs/versioning.md``).

A deprecated name keeps working and warns with :class:`DeprecationWarning` for at least
one minor release before it is removed. Every warning names the release that deprecated
it, what to use instead and, when decided, the release that removes it:

>>> import warnings
>>> @deprecated(since="0.2.0", use="bansos_validate.parse_nik", removal="0.4.0")
... def old_parse(value: str) -> str:
...     return value
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     old_parse("x")
'x'
>>> print(caught[0].message)
old_parse is deprecated since bansos-validate 0.2.0 and will be removed in 0.4.0;
use bansos_validate.parse_nik instead.

A module serves a renamed or moved name through its ``__getattr__``
(:func:`deprecated_names`), so ``from module import old_name`` warns too.
"""

from __future__ import annotations

import functools
import importlib
import warnings
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs

__all__ = [
    "Deprecation",
    "deprecated",
    "deprecated_names",
    "message",
    "renamed_argument",
    "warn_deprecated",
]

F = TypeVar("F", bound=Callable[..., Any])


def message(name: str, *, since: str, use: str | None = None, removal: str | None = None) -> str:
    """The text of the deprecation warning for ``name``.

    >>> message("bv.old", since="0.2.0")
    'bv.old is deprecated since bansos-validate 0.2.0.'
    """
    text = f"{name} is deprecated since bansos-validate {since}"
    if removal is not None:
        text += f" and will be removed in {removal}"
    if use is not None:
        text += f"; use {use} instead"
    return text + "."


def warn_deprecated(
    name: str,
    *,
    since: str,
    use: str | None = None,
    removal: str | None = None,
    stacklevel: int = 2,
) -> None:
    """Warn that ``name`` is deprecated (``DeprecationWarning``, pointing at the caller).

    Args:
        name: the deprecated name as users write it (``bansos_validate.old_name``).
        since: the release that deprecated it.
        use: what to use instead.
        removal: the release that removes it, when decided.
        stacklevel: as for :func:`warnings.warn`, counted from the caller of this function.
    """
    warnings.warn(
        message(name, since=since, use=use, removal=removal),
        DeprecationWarning,
        stacklevel=stacklevel + 1,
    )


def deprecated(
    *, since: str, use: str | None = None, removal: str | None = None
) -> Callable[[F], F]:
    """Mark a function as deprecated: each call warns, then runs it unchanged."""

    def decorate(func: F) -> F:
        name = func.__qualname__

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            warn_deprecated(name, since=since, use=use, removal=removal)
            return func(*args, **kwargs)

        wrapper.__deprecated__ = message(  # type: ignore[attr-defined] # PEP 702 marker
            name, since=since, use=use, removal=removal
        )
        return wrapper  # type: ignore[return-value] # same signature, wrapped

    return decorate


@attrs.frozen(slots=True)
class Deprecation:
    """A module-level name that moved or was renamed.

    Attributes:
        target: where the name lives now, ``"package.module:attribute"``.
        since: the release that deprecated the old name.
        removal: the release that removes it, when decided.
    """

    target: str
    since: str
    removal: str | None = None


def deprecated_names(module: str, names: Mapping[str, Deprecation]) -> Callable[[str], Any]:
    """Build a module ``__getattr__`` that serves deprecated names with a warning.

    >>> getattr_ = deprecated_names(
    ...     "bansos_validate",
    ...     {"mask": Deprecation("bansos_validate.privacy:mask_nik", since="0.2.0")},
    ... )
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     getattr_("mask")("3576014403910003")
    '357601**********'
    >>> print(caught[0].message)
    bansos_validate.mask is deprecated since bansos-validate 0.2.0;
    use bansos_validate.privacy.mask_nik instead.
    >>> getattr_("nothing")
    Traceback (most recent call last):
        ...
    AttributeError: module 'bansos_validate' has no attribute 'nothing'
    """

    def module_getattr(name: str) -> Any:
        try:
            entry = names[name]
        except KeyError:
            raise AttributeError(f"module {module!r} has no attribute {name!r}") from None
        target_module, _, attribute = entry.target.partition(":")
        warn_deprecated(
            f"{module}.{name}",
            since=entry.since,
            use=f"{target_module}.{attribute}",
            removal=entry.removal,
        )
        return getattr(importlib.import_module(target_module), attribute)

    return module_getattr


def renamed_argument(  # noqa: PLR0913 - the two spellings and the release facts
    where: str,
    new: tuple[str, object],
    old: tuple[str, object],
    *,
    since: str,
    removal: str | None = None,
    stacklevel: int = 3,
) -> object:
    """The value of a keyword argument that has a new spelling.

    *new* and *old* are ``(name, value)``; a value of ``None`` means "not given". The old
    spelling keeps working and warns (:class:`DeprecationWarning`, pointing at the
    caller of *where*); giving both is an error.

    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     renamed_argument(
    ...         "bansos_validate.evaluate",
    ...         ("reference_date", None),
    ...         ("at", "2026-01-01"),
    ...         since="0.1.0",
    ...         stacklevel=2,
    ...     )
    '2026-01-01'
    >>> print(caught[0].message)
    bansos_validate.evaluate(at=...) is deprecated since bansos-validate 0.1.0;
    use reference_date=... instead.

    Raises:
        InvalidArgument: both spellings were given.
    """
    new_name, new_value = new
    old_name, old_value = old
    if old_value is None:
        return new_value
    if new_value is not None:
        from bansos_validate.errors import InvalidArgument  # noqa: PLC0415 - errors is tiny

        raise InvalidArgument(
            f"{where}: give {new_name}= only ({old_name}= is its deprecated spelling)"
        )
    warn_deprecated(
        f"{where}({old_name}=...)",
        since=since,
        use=f"{new_name}=...",
        removal=removal,
        stacklevel=stacklevel,
    )
    return old_value
