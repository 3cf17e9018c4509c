r"""Text as every engine can hold it.

A Python string may hold a lone surrogate (``"\ud800"``), which pandas keeps but which is
not Unicode text: Polars, Arrow and every file format refuse it. Such a character is
replaced by U+FFFD, so the value is read (and reported, a NIK with a character that is not
a digit) instead of stopping the run.

>>> text_value("3576\ud80001") == "3576\ufffd01", text_value("SITI")
(True, 'SITI')
"""

from __future__ import annotations

__all__ = ["text_value"]


def text_value(value: str) -> str:
    """*value* with each lone surrogate replaced by U+FFFD."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in value)
    return value
