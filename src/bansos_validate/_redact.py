"""Mask identifier-like digit runs in free text (the last line of defence for outputs).

A NIK or KK can reach a message or a report cell by a path no masking step foresaw: a
headerless file whose first data row becomes the header, a shifted column that puts a
NIK under ``kode_wilayah``, a remark typed into a name cell. :func:`mask_digit_runs`
masks every run of :data:`MIN_RUN` or more digits after its first six, as
:func:`bansos_validate.mask_nik` does, so the region stays readable and the rest is
hidden. Region codes (at most 10 digits), counts and formatted amounts
(``Rp 3.000.000``) are left alone; so is a run inside a long hexadecimal token (a
SHA-256 digest or a keyed pseudonym), which is not an identifier.

>>> mask_digit_runs("kolom 3576014403910003 berisi NIK")
'kolom 357601********** berisi NIK'
>>> mask_digit_runs("kode 3576011003, 12 baris")
'kode 3576011003, 12 baris'

This module imports nothing from the package, so :mod:`bansos_validate.errors` can use it.
"""

from __future__ import annotations

import re

__all__ = ["MIN_RUN", "mask_digit_runs"]

MIN_RUN = 12
"""The shortest digit run masked: longer than any region code (10), shorter than a NIK
that lost digits (15) or a NIK's first twelve (region and birth date)."""

_KEEP = 6
_HEX_TOKEN = 32
_TOKEN = re.compile(r"[0-9A-Fa-f]*\d{%d,}[0-9A-Fa-f]*" % MIN_RUN)  # noqa: UP031 - a regex
_RUN = re.compile(r"\d{%d,}" % MIN_RUN)  # noqa: UP031 - a regex


def _mask_run(match: re.Match[str]) -> str:
    run = match.group()
    return run[:_KEEP] + "*" * (len(run) - _KEEP)


def _mask_token(match: re.Match[str]) -> str:
    token = match.group()
    if len(token) >= _HEX_TOKEN and not token.isdigit():
        return token  # a digest or pseudonym (hex), not an identifier
    return _RUN.sub(_mask_run, token)


def mask_digit_runs(text: str) -> str:
    """Return *text* with every run of 12 or more digits masked after its first six."""
    if len(text) < MIN_RUN:
        return text
    return _TOKEN.sub(_mask_token, text)
