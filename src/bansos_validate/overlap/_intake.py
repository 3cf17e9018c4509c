"""``find_overlaps``' use of the intake: columns of rolls and lists, rows, unusable keys.

* Every roll and reference list is mapped by the library's one column mapping; a
  ``columns=`` entry applies to the frames that have that column, and one that no frame
  has is an error with suggestions.
* A deaths or employees list must have its NIK column: a list whose NIK column is not
  recognised would find nothing while the kind is reported as looked for.
* Blank rows and totals or signature rows of a roll are not roll entries.
* NIK and KK numbers that cannot link (digits lost to a spreadsheet, a filler pattern)
  are reported per roll with their rows: an overlap of those rows cannot be found.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import narwhals as nw

from bansos_validate.intake import Note, find_columns, reading_notes, reading_of
from bansos_validate.intake._keys import fillers
from bansos_validate.intake._rows import classify_rows
from bansos_validate.schema import ColumnMap, map_columns

__all__ = [
    "LIST_COLUMNS",
    "ROLL_COLUMNS",
    "check_given_columns",
    "flag_roll_rows",
    "key_notes",
    "map_list",
    "map_roll",
]

ROLL_COLUMNS = ("nik", "no_kk", "nama", "kode_wilayah", "tanggal_lahir", "program", "periode")
"""The canonical columns of a roll the overlap engine reads."""

LIST_COLUMNS = ("nik", "no_kk", "status_hidup", "tanggal_meninggal", "pekerjaan")
"""The canonical columns of the reference lists (deaths, employees, a roster)."""


def _present(columns: Mapping[str, str] | None, names: Iterable[str]) -> dict[str, str]:
    """The ``columns=`` entries whose column the frame has."""
    found = set(names)
    return {k: v for k, v in (columns or {}).items() if v in found}


def check_given_columns(columns: Mapping[str, str] | None, frames: Iterable[Any]) -> None:
    """Refuse a ``columns=`` entry that is not canonical, or whose column no frame has.

    Raises:
        SchemaError: naming the entry, with the nearest canonical name or headers.
    """
    if not columns:
        return
    names = list(dict.fromkeys(str(n) for frame in frames for n in frame.collect_schema().names()))
    for key, actual in columns.items():
        map_columns(names, {key: actual}, wanted=(), what="any roll or list")


def map_roll(frame: Any, name: str, columns: Mapping[str, str] | None, native: Any) -> ColumnMap:
    """The column mapping of one raw roll (a NIK or a KK column required)."""
    names = frame.collect_schema().names()
    return find_columns(
        frame,
        _present(columns, names),
        what=f"the roll {name!r}",
        wanted=ROLL_COLUMNS,
        any_of=("nik", "no_kk"),
        identifiers=("nik",),
        native=native,
    )


def map_list(  # noqa: PLR0913, PLR0917 - the mapping's options
    frame: Any,
    what: str,
    columns: Mapping[str, str] | None,
    native: Any,
    required: tuple[str, ...] = (),
    any_of: tuple[str, ...] = (),
) -> ColumnMap:
    """The column mapping of a reference list (deaths, employees, a roster)."""
    names = frame.collect_schema().names()
    return find_columns(
        frame,
        _present(columns, names),
        what=f"the {what} list",
        wanted=LIST_COLUMNS,
        required=required,
        any_of=any_of,
        identifiers=("nik",),
        native=native,
    )


def flag_roll_rows(frame: Any, mapped: ColumnMap, index: str) -> Any:
    """Blank and footer rows of a roll (Polars: *index*, ``code``, ``row``)."""
    schema = frame.collect_schema()
    row = "row" if "row" in schema and schema["row"].is_integer() else None
    keys = [mapped.columns[c] for c in ("nik", "no_kk") if c in mapped.columns]
    return classify_rows(frame, keys, index, row=row)


def roll_reading(name: str, mapped: ColumnMap, native: Any, rows: int | None, flagged: Any) -> Any:
    """The reading of a roll and its notes."""
    reading = reading_of(name, mapped, native=native, rows=rows, flagged=flagged)
    return reading, reading_notes(reading, mapped)


def key_notes(  # noqa: PLR0913, PLR0917 - the parts of one roll
    frame: Any,
    mapped: ColumnMap,
    keys: Mapping[str, nw.Expr],
    index: str,
    name: str,
    collect: Any,
) -> list[Note]:
    """Notes on the NIK and KK numbers of one roll that cannot link.

    Args:
        frame: the roll (narwhals), with the row index *index* and the key columns.
        mapped: its column mapping.
        keys: ``{canonical: key expression}`` (Int64 link keys; null links nothing).
        index: the 0-based row-index column.
        name: the roll's name.
        collect: a function computing a narwhals lazy frame into a Polars frame.
    """
    schema = frame.collect_schema()
    row = nw.col("row") if "row" in schema and schema["row"].is_integer() else nw.col(index) + 1
    notes: list[Note] = []
    dummies = fillers()
    for canonical, key in keys.items():
        if canonical not in mapped.columns:
            continue
        raw = nw.col(mapped.columns[canonical])
        present = ~raw.is_null() & (raw.cast(nw.String).str.strip_chars() != "")
        bad = present & (key.is_null() | key.is_in(dummies))
        found = collect(frame.filter(bad).select(row.cast(nw.Int64).alias("row")))
        if len(found):
            notes.append(
                Note(
                    "input_identifier_unusable",
                    name,
                    {
                        "column": mapped.columns[canonical],
                        "count": len(found),
                        "rows": sorted(int(r) for r in found["row"].to_list()),
                    },
                )
            )
    return notes
