"""How a frame was read from its file: remembered by :mod:`bansos_validate.io`, read by the intake.

``bv.io.read`` returns a plain frame; what the reader learned on the way (the spreadsheet
row of the header, banner rows skipped above it, the encoding and delimiter, headers that
occur twice) is remembered here for that frame object, so that every entry point can
report it in its run manifest. The record lives as long as the frame: a weak reference
drops it when the frame is freed. A frame derived from it (filtered, renamed) is a new
object and has no record; its columns then speak for themselves.

This module imports nothing from the rest of the package.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

import attrs

__all__ = ["ReadInfo", "info_of", "remember"]


@attrs.frozen(slots=True)
class ReadInfo:
    """What the reader learned about one source.

    Attributes:
        source: the path, or the database URL with its password masked.
        format: ``csv``, ``xlsx``, ``parquet`` or ``postgresql``.
        sheet: the workbook sheet read, for ``xlsx``.
        header_row: the spreadsheet row of the header (row 1 is the first line of a CSV
            file, the first row of a sheet); ``None`` when the source has no header row
            (Parquet, a database).
        header_given: whether the caller gave the header row (``header_row=``) rather
            than the reader finding it.
        banner_rows: the spreadsheet rows above the header that held text (a title,
            a banner) and were not read as data.
        encoding: the text encoding of a CSV file.
        delimiter: the field delimiter of a CSV file.
        duplicates: for every header that occurs more than once, the header as written and
            the frame's names of its columns, in file order (``("NIK", ("NIK",
            "NIK_duplicated_0"))``).
    """

    source: str
    format: str
    sheet: str | None = None
    header_row: int | None = None
    header_given: bool = False
    banner_rows: tuple[int, ...] = ()
    encoding: str | None = None
    delimiter: str | None = None
    duplicates: tuple[tuple[str, tuple[str, ...]], ...] = ()


_LOCK = threading.Lock()
_INFO: dict[int, tuple[weakref.ref[Any], ReadInfo]] = {}


def _forget(key: int) -> None:
    with _LOCK:
        _INFO.pop(key, None)


def remember(frame: Any, info: ReadInfo) -> None:
    """Remember *info* for *frame* (for as long as the frame object lives)."""
    key = id(frame)
    try:
        ref = weakref.ref(frame, lambda _, key=key: _forget(key))  # type: ignore[misc]
    except TypeError:  # an object without weak references: nothing is remembered
        return
    with _LOCK:
        _INFO[key] = (ref, info)


def info_of(frame: Any) -> ReadInfo | None:
    """The :class:`ReadInfo` of *frame*, or ``None`` when it was not read by ``bv.io``."""
    with _LOCK:
        found = _INFO.get(id(frame))
    if found is None or found[0]() is not frame:
        return None
    return found[1]
