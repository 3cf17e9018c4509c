"""Exceptions raised by bansos-validate.

Two families, both rooted in builtins so callers can catch what they already know::

    BansosValidateError                      root of everything the library raises
    ├── BansosValidationError(ValueError)    bad *data*: a value that is not what it claims
    │   ├── InvalidNik(stdnum ValidationError)
    │   │   ├── InvalidNikFormat(stdnum InvalidFormat)
    │   │   │   └── InvalidNikLength(stdnum InvalidLength)
    │   │   └── InvalidNikComponent(stdnum InvalidComponent)
    │   └── InvalidKk(stdnum ValidationError)
    │       ├── InvalidKkFormat(stdnum InvalidFormat)
    │       │   └── InvalidKkLength(stdnum InvalidLength)
    │       └── InvalidKkComponent(stdnum InvalidComponent)
    └── UsageError                           misuse of the library (programmer or config)
        ├── InvalidArgument(TypeError)       an argument of the wrong type or out of range
        ├── SchemaError(ValueError)          a frame lacks a column, or has the wrong type
        ├── WeakKeyError(ValueError)         a pseudonymisation key that is too short
        └── RuleError(ValueError)            a rule or policy file that cannot be loaded

Code that already catches python-stdnum's ``ValidationError``, ``InvalidFormat``,
``InvalidLength`` or ``InvalidComponent`` keeps working with ours.

Exception messages never contain a raw NIK or KK number: values are masked
(``357601**********``) before they are put into a message, and every message (and a
:class:`SchemaError`'s ``found`` and ``message_id``) is passed through
:func:`bansos_validate._redact.mask_digit_runs` as a last line of defence, so a header
that is really a data row cannot carry a NIK into an error:

>>> str(SchemaError("no NIK column; found '3576014403910003'"))
"no NIK column; found '357601**********'"

This module imports nothing from the rest of the package but :mod:`bansos_validate._redact`
(which imports nothing).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError

from bansos_validate._redact import mask_digit_runs

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "BansosValidateError",
    "BansosValidationError",
    "InvalidArgument",
    "InvalidKk",
    "InvalidKkComponent",
    "InvalidKkFormat",
    "InvalidKkLength",
    "InvalidNik",
    "InvalidNikComponent",
    "InvalidNikFormat",
    "InvalidNikLength",
    "RuleError",
    "SchemaError",
    "UsageError",
    "WeakKeyError",
]


class BansosValidateError(Exception):
    """Root of every exception raised by bansos-validate.

    Text arguments are masked (:func:`~bansos_validate._redact.mask_digit_runs`).
    """

    def __init__(self, *args: object) -> None:
        super().__init__(*(mask_digit_runs(a) if isinstance(a, str) else a for a in args))

    def __str__(self) -> str:
        return "".join(str(arg) for arg in self.args[:1]) or getattr(self, "message", "")


class BansosValidationError(BansosValidateError, ValueError):
    """A value is not valid: the data is wrong, not the program.

    Attributes:
        code: the stable issue code of the first error found (``nik_serial_zero``).
        issues: every issue found in the value, as ``bansos_validate.Issue`` objects.
    """

    message = "The value is not valid."

    def __init__(self, message: str = "", *, code: str = "", issues: Sequence[object] = ()) -> None:
        super().__init__(message or self.message)
        self.code = code
        self.issues = tuple(issues)


class InvalidNik(BansosValidationError, ValidationError):  # noqa: N818 - stdnum naming
    """The value is not a valid NIK."""

    message = "The NIK is not valid."


class InvalidNikFormat(InvalidNik, InvalidFormat):
    """The NIK has characters that are not digits, or arrived damaged by a spreadsheet."""

    message = "The NIK has an invalid format."


class InvalidNikLength(InvalidNikFormat, InvalidLength):
    """The NIK does not have 16 digits."""

    message = "The NIK does not have 16 digits."


class InvalidNikComponent(InvalidNik, InvalidComponent):
    """A part of the NIK (region, birth date, serial) is impossible."""

    message = "A part of the NIK is invalid."


class InvalidKk(BansosValidationError, ValidationError):  # noqa: N818 - stdnum naming
    """The value is not a valid KK (family card) number."""

    message = "The KK number is not valid."


class InvalidKkFormat(InvalidKk, InvalidFormat):
    """The KK number has characters that are not digits, or arrived damaged."""

    message = "The KK number has an invalid format."


class InvalidKkLength(InvalidKkFormat, InvalidLength):
    """The KK number does not have 16 digits."""

    message = "The KK number does not have 16 digits."


class InvalidKkComponent(InvalidKk, InvalidComponent):
    """A part of the KK number (region, issue date, serial) is impossible."""

    message = "A part of the KK number is invalid."


class UsageError(BansosValidateError):
    """The library was called in a way it cannot serve (programmer or configuration error)."""


class InvalidArgument(UsageError, TypeError):  # noqa: N818 - hypothesis naming
    """An argument has the wrong type or an impossible value (``reference_date='2026'``)."""


class SchemaError(UsageError, ValueError):
    """A frame or file lacks a required column, or a column has an unusable type.

    Attributes:
        column: the canonical column name that is missing or wrong, when there is one.
        found: the columns that were found.
        message_id: the message in Bahasa Indonesia, when there is one (the command line
            shows it by default; ``str(error)`` is English).
    """

    def __init__(
        self,
        message: str,
        *,
        column: str | None = None,
        found: Sequence[str] = (),
        message_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.column = column
        self.found = tuple(mask_digit_runs(str(name)) for name in found)
        self.message_id = None if message_id is None else mask_digit_runs(message_id)


class WeakKeyError(UsageError, ValueError):
    """A pseudonymisation key is missing, not bytes, too short, or guessable.

    Attributes:
        message_id: the message in Bahasa Indonesia, when there is one.
    """

    def __init__(self, message: str, *, message_id: str | None = None) -> None:
        super().__init__(message)
        self.message_id = message_id


class RuleError(UsageError, ValueError):
    """A rule or policy file cannot be loaded (syntax, unknown name, wrong type)."""
