"""``check_table``'s use of the intake: columns, rows that are not records, the manifest."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import narwhals as nw

from bansos_validate import _frames
from bansos_validate._provenance import info_of
from bansos_validate.intake import (
    CheckRun,
    Manifest,
    Note,
    find_columns,
    reading_notes,
    reading_of,
    unread_identifiers,
)
from bansos_validate.intake._rows import classify_rows
from bansos_validate.table import _kernel as k

if TYPE_CHECKING:
    from bansos_validate.schema import ColumnMap

__all__ = [
    "TABLE_COLUMNS",
    "flag_rows",
    "map_table",
    "region_notes",
    "source_name",
    "table_manifest",
]

TABLE_COLUMNS = ("nik", "no_kk", "tanggal_lahir", "jenis_kelamin", "kode_wilayah")
"""The canonical columns ``check_table`` reads."""

_FLAG_INDEX = "__bv_flag_index"

# (check, the canonical columns it needs)
_CHECKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nik", ("nik",)),
    ("kk", ("no_kk",)),
    ("nik_duplicate", ("nik",)),
    ("nik_equals_kk", ("nik", "no_kk")),
    ("tanggal_lahir", ("tanggal_lahir",)),
    ("nik_birth_date", ("nik", "tanggal_lahir")),
    ("jenis_kelamin", ("jenis_kelamin",)),
    ("nik_sex", ("nik", "jenis_kelamin")),
    ("kk_region", ("no_kk", "kode_wilayah")),
)


def map_table(wrapped: Any, columns: dict[str, str] | None, native: Any) -> ColumnMap:
    """The column mapping of a table to check (NIK or KK required)."""
    return find_columns(
        wrapped,
        columns,
        what="the table",
        wanted=TABLE_COLUMNS,
        any_of=("nik", "no_kk"),
        identifiers=("nik",),
        native=native,
    )


def source_name(native: Any, default: str = "table") -> str:
    """The name of a frame in the manifest: the file stem when ``bv.io.read`` read it."""
    info = info_of(native)
    if info is None:
        return default
    return Path(info.source).stem or default


def flag_rows(
    frame: Any, cols: dict[str, str], *, indexed: bool = False, coarse: Any = None
) -> Any:
    """Blank and footer rows of a table (a Polars frame of index, code and row).

    *frame* is a narwhals frame; with *indexed* it already has the kernel's row index.
    *coarse* is the first pass when the caller has it (see ``classify_rows``).
    """
    schema = frame.collect_schema()
    row = "row" if "row" in schema and schema["row"].is_integer() else None
    if indexed:
        index = k.INDEX
    else:
        # Polars numbers the rows in a column of its own (the frame may carry the kernel's).
        index = _FLAG_INDEX if _frames.kind_of(frame).polars else k.INDEX
        frame = _frames.add_index(frame, index)
    keys = [cols[c] for c in ("nik", "no_kk") if c in cols]
    flagged = classify_rows(frame, keys, index, row=row, coarse=coarse)
    return flagged.rename({index: "index"})


def region_notes(wrapped: Any, mapped: ColumnMap, name: str) -> list[Note]:
    """Notes on the table's other columns.

    ``input_identifier_unread`` for 16-digit columns that feed nothing, and
    ``input_region_numeric`` when ``kode_wilayah`` came as numbers (read as codes).
    """
    notes = unread_identifiers(wrapped, mapped, name)
    column = mapped.columns.get("kode_wilayah")
    if column is None or not wrapped.collect_schema()[column].is_numeric():
        return notes
    counted = wrapped.select((~nw.col(column).is_null()).cast(nw.Int64).sum().alias("n"))
    if isinstance(counted, nw.LazyFrame):
        counted = counted.collect()
    count = int(counted.item(0, "n") or 0)
    if count:
        notes.append(Note("input_region_numeric", name, {"column": column, "count": count}))
    return notes


def table_manifest(  # noqa: PLR0913, PLR0917 - the parts of one reading
    name: str,
    mapped: ColumnMap,
    native: Any,
    rows: int | None,
    flagged: Any,
    extra: list[Note] | None = None,
) -> Manifest:
    """The manifest of one ``check_table`` run."""
    reading = reading_of(name, mapped, native=native, rows=rows, flagged=flagged)
    found = set(mapped.columns)
    checks = tuple(
        CheckRun(
            check,
            ran=set(needed) <= found,
            columns=needed,
            missing=tuple(c for c in needed if c not in found),
        )
        for check, needed in _CHECKS
    )
    notes = reading_notes(reading, mapped) + list(extra or ())
    for check in ("nik", "kk", "tanggal_lahir", "jenis_kelamin"):
        run = next(c for c in checks if c.check == check)
        if not run.ran:
            notes.append(
                Note("input_check_skipped", name, {"check": check, "columns": run.missing[0]})
            )
    return Manifest(sources=(reading,), checks=checks, notes=tuple(notes))


def frame_height(wrapped: Any) -> int | None:
    """The number of rows of an eager frame (``None`` for a lazy one: not computed here)."""
    if isinstance(wrapped, nw.DataFrame):
        return len(wrapped)
    return None
