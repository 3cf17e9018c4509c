"""Helpers shared by the readers: file checks, header rows, column names and ``row``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from bansos_validate.io._errors import (
    EmptySourceError,
    MalformedSourceError,
    ReadError,
    SourceNotFoundError,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    import polars as pl

__all__ = [
    "HEAD_ROWS",
    "ROW",
    "Duplicates",
    "check_file",
    "check_header_row",
    "choose_header",
    "first_true",
    "identifiers_as_text",
    "unique_names",
    "with_row_column",
]

ROW = "row"
"""The name of the added source-row column."""

HEAD_ROWS = 30
"""How many non-empty rows at the top of a file are looked at to find the header."""

_DUPLICATED = "_duplicated_"

Duplicates = tuple[tuple[str, tuple[str, ...]], ...]
"""For each repeated header: the header and the frame's names of its columns, in order."""

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


def first_true(mask: Any) -> int:
    """The index of the first true value of a boolean numpy array that has one.

    ``argmax`` reads the whole array; the value looked for (a ``<``, a line end) is
    usually within the first bytes, so growing prefixes are looked at first.

    >>> import numpy as np
    >>> first_true(np.arange(5000) == 4321)
    4321
    """
    size = 256
    while size < mask.size and not mask[:size].any():
        size *= 16
    return int(mask[:size].argmax())


def with_row_column(frame: _Frame, start: int) -> _Frame:
    """Append ``row`` (Int64, counting from *start*) unless the frame already has one."""
    import polars as pl  # noqa: PLC0415 - polars is imported only when a file is read

    names = frame.collect_schema().names()
    if ROW in names:
        return frame
    return frame.with_row_index(ROW, offset=start).select(*names, pl.col(ROW).cast(pl.Int64))


def identifiers_as_text(frame: _Frame, shown: str) -> _Frame:
    """Make the NIK and KK columns of a typed source (Parquet, PostgreSQL) text.

    A column is one when its name is ``nik`` or ``no_kk`` or one of their aliases
    (:data:`bansos_validate.schema.ALIASES`). Bytes (``Binary``) are decoded as UTF-8 and
    categories cast to text; numbers are kept (``check_table`` reports them as spreadsheet
    damage); lists, arrays and structs are refused. For a ``LazyFrame`` the bytes are
    decoded once now, so that bytes that are not UTF-8 raise here rather than on collect.

    Raises:
        MalformedSourceError: a NIK or KK column of nested values, or of bytes that are not
            UTF-8 text; the error names the column.
    """
    import polars as pl  # noqa: PLC0415

    from bansos_validate.schema import ALIASES, normalize_header  # noqa: PLC0415

    names = set(ALIASES["nik"]) | set(ALIASES["no_kk"])
    decode, cast = [], []
    for name, dtype in frame.collect_schema().items():
        if normalize_header(name) not in names:
            continue
        if dtype.is_nested():
            raise MalformedSourceError(
                f"{shown}: column {name!r} is a NIK or KK column but holds "
                f"{type(dtype).__name__.lower()} values ({dtype}), not one number per row; "
                "write it as text (one NIK or KK per row) and read the file again",
                path=shown,
                column=name,
            )
        if dtype == pl.Binary:
            decode.append(name)
        elif isinstance(dtype, (pl.Categorical, pl.Enum)):
            cast.append(name)
    if not decode and not cast:
        return frame
    fixed = frame.with_columns(pl.col(*cast).cast(pl.String)) if cast else frame
    if not decode:
        return fixed
    try:
        fixed = fixed.with_columns(pl.col(*decode).cast(pl.String))
        if isinstance(fixed, pl.LazyFrame):  # streamed: memory does not grow
            fixed.select(pl.col(*decode).null_count()).collect(engine="streaming")
    except pl.exceptions.PolarsError as exc:
        bad = next((n for n in decode if not _decodes(frame.select(pl.col(n)))), decode[0])
        raise MalformedSourceError(
            f"{shown}: column {bad!r} is a NIK or KK column of bytes that are not UTF-8 "
            "text; write it as text and read the file again",
            path=shown,
            column=bad,
        ) from exc
    return fixed


def _decodes(column: pl.DataFrame | pl.LazyFrame) -> bool:
    """Whether the one column of *column*, bytes, is all UTF-8 text."""
    import polars as pl  # noqa: PLC0415

    try:
        column.lazy().select(pl.all().cast(pl.String).null_count()).collect(engine="streaming")
    except pl.exceptions.PolarsError:
        return False
    return True


def check_header_row(header_row: object) -> int | None:
    """Return *header_row* when it is ``None`` or a spreadsheet row number (1, 2, ...).

    >>> check_header_row(4), check_header_row(None)
    (4, None)

    Raises:
        InvalidArgument: not an integer, or below 1.
    """
    from bansos_validate.errors import InvalidArgument  # noqa: PLC0415

    if header_row is None:
        return None
    if isinstance(header_row, bool) or not isinstance(header_row, int):
        raise InvalidArgument(
            "header_row must be the spreadsheet row number of the header (1 for the first "
            f"row), not {type(header_row).__name__}"
        )
    if header_row < 1:
        raise InvalidArgument(
            f"header_row must be 1 or more (the spreadsheet row number of the header), "
            f"not {header_row}"
        )
    return header_row


def choose_header(scores: Sequence[int]) -> int:
    """Return the position of the header among the first non-empty rows, given their scores.

    *scores* are :func:`bansos_validate.schema.header_score` of the first
    :data:`HEAD_ROWS` non-empty rows, in order. The first row is the header unless a later
    row names at least two known headers and more than the first row does; then the
    earliest row with the best score is.

    >>> choose_header([0, 0, 4, 1])  # a title, a subtitle, then the header
    2
    >>> choose_header([1, 0, 1])  # too few known headers anywhere: the first row
    0
    >>> choose_header([3, 3])  # the first row already names as many
    0
    >>> choose_header([2, 4])  # a later row names more
    1
    """
    if not scores:
        return 0
    best = max(scores)
    if scores[0] >= best or best < 2:  # two known headers make a header
        return 0
    return scores.index(best)


def unique_names(header: Sequence[str]) -> tuple[list[str], Duplicates]:
    """Return distinct frame names for *header*, and the headers that occur more than once.

    Headers are compared after stripping spaces. The first column of a header keeps it
    as written; later ones are named ``<header>_duplicated_0``, ``_duplicated_1``, ...
    (the header stripped), skipping a name that another column already has, so a real
    header ``NIK_duplicated_0`` is never confused with a renamed one. Empty headers are
    renamed the same way but are not listed as duplicates.

    >>> names, duplicates = unique_names(["NIK", "NAMA", " NIK", "NIK_duplicated_0"])
    >>> names
    ['NIK', 'NAMA', 'NIK_duplicated_1', 'NIK_duplicated_0']
    >>> duplicates
    (('NIK', ('NIK', 'NIK_duplicated_1')),)
    """
    taken = set(header)
    counters: dict[str, int] = {}
    groups: dict[str, list[str]] = {}
    names: list[str] = []
    for text in header:
        key = text.strip()
        if key not in groups:
            groups[key] = [text]
            names.append(text)
            continue
        count = counters.get(key, 0)
        while (name := f"{key}{_DUPLICATED}{count}") in taken:
            count += 1
        counters[key] = count + 1
        taken.add(name)
        groups[key].append(name)
        names.append(name)
    duplicates = tuple(
        (key, tuple(columns)) for key, columns in groups.items() if key and len(columns) > 1
    )
    return names, duplicates
