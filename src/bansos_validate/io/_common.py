"""Helpers shared by the readers: file checks and the ``row`` column."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from bansos_validate.io._errors import EmptySourceError, ReadError, SourceNotFoundError

if TYPE_CHECKING:
    import polars as pl

__all__ = ["ROW", "check_file", "with_row_column"]

ROW = "row"
"""The name of the added source-row column."""

_Frame = TypeVar("_Frame", "pl.DataFrame", "pl.LazyFrame")


def check_file(path: Path) -> int:
    """Return the size of *path* in bytes, or raise a :class:`ReadError` naming it.

    Raises:
        SourceNotFoundError: the file does not exist or is a directory.
        EmptySourceError: the file has 0 bytes.
        ReadError: the file cannot be opened (permissions).
    """
    shown = os.fspath(path)
    try:
        stat = path.stat()
    except FileNotFoundError as exc:
        raise SourceNotFoundError(f"{shown}: file not found", path=shown) from exc
    except OSError as exc:
        raise ReadError(f"{shown}: cannot open the file ({exc.strerror})", path=shown) from exc
    if path.is_dir():
        raise SourceNotFoundError(f"{shown}: is a directory, not a file", path=shown)
    if not os.access(path, os.R_OK):
        raise ReadError(f"{shown}: permission denied", path=shown)
    if stat.st_size == 0:
        raise EmptySourceError(f"{shown}: the file is empty (0 bytes)", path=shown)
    return stat.st_size


def with_row_column(frame: _Frame, start: int) -> _Frame:
    """Append ``row`` (Int64, counting from *start*) unless the frame already has one."""
    import polars as pl  # noqa: PLC0415 - polars is imported only when a file is read

    names = frame.collect_schema().names()
    if ROW in names:
        return frame
    return frame.with_row_index(ROW, offset=start).select(*names, pl.col(ROW).cast(pl.Int64))
