"""One intake for every entry point: columns, identifiers, rows, and the run manifest.

Every capability (tables, households, eligibility rules, matching, overlaps, and the
command line over them) reads its inputs through this package, so that a file is read
the same way whichever check it is given to:

* columns are mapped by :func:`bansos_validate.schema.map_columns` (aliases, look-alike
  letters, ``columns=`` checked, two candidate columns an error), with the duplicate
  headers the reader saw (:func:`bansos_validate.io.read_info`);
* a wanted NIK or KK column that no header names, while another column holds 16-digit
  numbers, is an error that names that column, never a check silently skipped
  (:func:`find_columns`);
* blank rows and the totals, notes and signatures below a table are flagged, never
  counted as records (:func:`classify_rows`);
* NIK and KK numbers join by one reading (:mod:`bansos_validate.intake._keys`): all 16
  digits present, from text or from a number cell;
* what was read, run, skipped and assumed is recorded in a :class:`Manifest`.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from bansos_validate import _arguments as _args
from bansos_validate import _frames
from bansos_validate._provenance import ReadInfo, info_of
from bansos_validate.errors import SchemaError
from bansos_validate.intake._manifest import CheckRun, Manifest, Note, SourceReading, merge_all
from bansos_validate.schema import ColumnMap, map_columns, shown_name

__all__ = [
    "CheckRun",
    "Manifest",
    "Note",
    "SourceReading",
    "find_columns",
    "merge_all",
    "reading_of",
    "unread_identifiers",
]

_ID_TEXT = re.compile(r"^\s*'?\s*[0-9][0-9 .\-]{14,22}[0-9]\s*$")
_SNIFF_ROWS = 500
_SNIFF_SHARE = 0.6
_LABELS = {"nik": "NIK", "no_kk": "KK"}


def _looks_like_identifiers(values: Iterable[object]) -> bool:
    """Whether most non-empty *values* are 16-digit numbers (as text or numbers)."""
    seen = hits = 0
    for value in values:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, float) and value != value:  # noqa: PLR0124 - NaN
            continue
        seen += 1
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            hits += 10**15 <= abs(value) < 10**17
            continue
        text = str(value).strip().removesuffix(".0")
        digits = re.sub(r"[ .\-']", "", text)
        hits += bool(_ID_TEXT.match(text)) and 15 <= len(digits) <= 17 and digits.isdigit()
    return seen > 0 and hits >= _SNIFF_SHARE * seen


def _sample(frame: Any, columns: Sequence[str]) -> dict[str, list[object]]:
    """The first rows of *columns* (a narwhals frame of any engine), as Python values."""
    import narwhals as nw  # noqa: PLC0415 - frames are imported on first use

    head = frame.select(*(nw.col(c) for c in columns)).head(_SNIFF_ROWS)
    if isinstance(head, nw.LazyFrame):
        head = nw.from_native(_frames.collect_polars(head))
    return {c: list(head.get_column(c).to_list()) for c in columns}


def _narwhals_frame(frame: object) -> Any:
    """*frame* when it is a narwhals frame, or raise :class:`InvalidArgument`."""
    import narwhals as nw  # noqa: PLC0415 - frames are imported on first use

    if not isinstance(frame, nw.DataFrame | nw.LazyFrame):
        raise _args.fail(
            "frame", "a narwhals DataFrame or LazyFrame (narwhals.from_native(frame))", frame
        )
    return frame


def unread_identifiers(frame: Any, mapped: ColumnMap, name: str) -> list[Note]:
    """Notes for columns of unknown header that hold 16-digit numbers and feed nothing.

    A column like ``NIK IBU`` or a KK column under an unknown header is not read as a NIK
    or KK; the run says so (``input_identifier_unread``), so that a check skipped for want
    of a recognised header is never silent.
    """
    frame = _narwhals_frame(frame)
    if not isinstance(mapped, ColumnMap):
        raise _args.fail("mapped", "a ColumnMap", mapped)
    _args.text("name", name)
    free = [n for n in mapped.unused if n != "row"]
    if not free:
        return []
    sample = _sample(frame, free)
    return [
        Note("input_identifier_unread", name, {"column": column})
        for column in free
        if _looks_like_identifiers(sample[column])
    ]


def find_columns(  # noqa: PLR0913 - the mapping's options, passed through
    frame: Any,
    columns: Mapping[str, str] | None = None,
    *,
    what: str,
    wanted: Iterable[str] | None = None,
    required: Iterable[str] = (),
    any_of: Iterable[str] = (),
    extra: Iterable[str] = (),
    identifiers: Iterable[str] = ("nik", "no_kk"),
    native: Any = None,
) -> ColumnMap:
    """Map a frame's columns, refusing to skip an identifier column that is only misnamed.

    Args:
        frame: the frame, wrapped by narwhals (eager or lazy).
        columns: ``columns=`` of the caller.
        what: how to name the frame in messages (``the persons frame``).
        wanted: as for :func:`~bansos_validate.schema.map_columns`.
        required: as for :func:`~bansos_validate.schema.map_columns`.
        any_of: as for :func:`~bansos_validate.schema.map_columns`.
        extra: as for :func:`~bansos_validate.schema.map_columns`.
        identifiers: the identifier columns (``nik``, ``no_kk``) this entry point reads:
            when one is not found by its header but another column holds mostly 16-digit
            numbers, the run stops with an error naming that column.
        native: the caller's own frame object, to find how ``bv.io.read`` read it.

    Raises:
        SchemaError: as :func:`~bansos_validate.schema.map_columns`; or an identifier
            column is not found while a column of unknown header holds 16-digit numbers.
    """
    frame = _narwhals_frame(frame)
    info = info_of(native) if native is not None else None
    names = list(frame.collect_schema().names())
    duplicates = info.duplicates if info is not None and info.duplicates else None
    wanted = _args.texts("wanted", wanted, optional=True)
    required, any_of = _args.texts("required", required), _args.texts("any_of", any_of)
    extra, identifiers = _args.texts("extra", extra), _args.texts("identifiers", identifiers)
    mapped = map_columns(
        names, columns, wanted=wanted, extra=extra, duplicates=duplicates, what=what
    )
    missing = [c for c in identifiers if c not in mapped.columns]
    if missing:
        free = [n for n in mapped.unused if n != "row"]
        if free:
            sample = _sample(frame, free)
            suspects = [n for n in free if _looks_like_identifiers(sample[n])]
            if suspects:
                labels = " or ".join(_LABELS.get(m, m) for m in missing)
                first = missing[0]
                listed = ", ".join(shown_name(s) for s in suspects)
                raise SchemaError(
                    f"no column of {what} is named as the {labels} (headers such as NIK, "
                    f"NO KK), but {listed} holds 16-digit numbers; if it is the "
                    f"{_LABELS.get(first, first)}, say so with columns={{{first!r}: "
                    f"{shown_name(suspects[0])}}} (CLI: -c {first}="
                    f"{shown_name(suspects[0])}), so that no check is skipped unnoticed",
                    column=first,
                    found=names,
                    message_id=(
                        f"tidak ada kolom berjudul {labels} (judul seperti NIK, NO KK), "
                        f"tetapi kolom {listed} berisi angka 16 digit; bila itu "
                        f"{_LABELS.get(first, first)}, sebutkan dengan -c "
                        f"{first}={shown_name(suspects[0])} agar tidak ada pemeriksaan yang "
                        "terlewat tanpa diketahui"
                    ),
                )
    _check_identifier_types(frame, mapped, what)
    if required or any_of:  # the mapping's own errors for what is still missing
        map_columns(
            names,
            columns,
            wanted=wanted,
            required=required,
            any_of=any_of,
            extra=extra,
            duplicates=duplicates,
            what=what,
        )
    return mapped


def _check_identifier_types(frame: Any, mapped: ColumnMap, what: str) -> None:
    """Refuse a NIK or KK column whose cells are not scalars: lists, structs or bytes.

    A list or struct cell cannot be one identifier, and bytes are not text until they are
    decoded (:func:`bansos_validate.io.read` decodes UTF-8 bytes of a Parquet file); read
    as they are, every value would look invalid, or link nothing, without saying why.
    """
    import narwhals as nw  # noqa: PLC0415 - frames arrive wrapped; keep the import lazy

    nested_types = (nw.List, nw.Array, nw.Struct)
    schema = frame.collect_schema()
    for canonical in ("nik", "no_kk"):
        source = mapped.columns.get(canonical)
        if source is None:
            continue
        dtype = schema[source]
        nested = isinstance(dtype, nested_types) or dtype in nested_types
        if not nested and dtype != nw.Binary:
            continue
        label = _LABELS.get(canonical, canonical)
        kind, jenis = ("lists or records", "daftar atau rekaman") if nested else ("bytes", "byte")
        raise SchemaError(
            f"the {label} column {shown_name(source)} of {what} holds {kind} ({dtype}), not "
            "text: one cell must hold one number; decode or flatten the column first "
            "(bv.io.read decodes UTF-8 bytes)",
            column=canonical,
            found=list(schema.names()),
            message_id=(
                f"kolom {label} {shown_name(source)} berisi {jenis} ({dtype}), bukan teks: "
                "satu sel harus berisi satu nomor; ubah kolom itu menjadi teks dahulu"
            ),
        )


@attrs.frozen(slots=True)
class _RowCounts:
    rows: int | None
    blank: tuple[int, ...]
    footer: tuple[int, ...]


def _flagged(flagged: object) -> Any:
    """*flagged* of :func:`reading_of` checked: ``None`` or a frame with ``code``, ``row``."""
    if flagged is None:
        return None
    import polars as pl  # noqa: PLC0415 - frames are imported on first use

    if not (
        isinstance(flagged, pl.DataFrame)
        and {"code", "row"} <= set(flagged.columns)
        and flagged.schema["code"] == pl.String
        and flagged.schema["row"].is_integer()
    ):
        raise _args.fail(
            "flagged", "a Polars frame with columns code (text) and row (int)", flagged
        )
    return flagged


def reading_of(  # noqa: PLR0913 - the parts of one reading
    name: str,
    mapped: ColumnMap,
    *,
    native: Any = None,
    rows: int | None = None,
    flagged: Any = None,
    location: str | None = None,
) -> SourceReading:
    """The :class:`SourceReading` of one input.

    Args:
        name: the input's name in the run.
        mapped: its column mapping.
        native: the caller's frame, to find how ``bv.io.read`` read it.
        rows: the number of rows read.
        flagged: the Polars frame of :func:`classify_rows` (``code``, ``row``).
        location: the file or URL, when known and not in the read information.
    """
    _args.text("name", name)
    if not isinstance(mapped, ColumnMap):
        raise _args.fail("mapped", "a ColumnMap", mapped)
    rows = _args.integer("rows", rows, minimum=0, optional=True)
    location = _args.text("location", location, optional=True)
    flagged = _flagged(flagged)
    info: ReadInfo | None = info_of(native) if native is not None else None
    blank: tuple[int, ...] = ()
    footer: tuple[int, ...] = ()
    headers: tuple[int, ...] = ()
    if flagged is not None and len(flagged):
        codes = flagged["code"].to_list()
        numbers = flagged["row"].to_list()
        pairs = list(zip(codes, numbers, strict=True))
        blank = tuple(int(r) for c, r in pairs if c == "row_blank")
        footer = tuple(int(r) for c, r in pairs if c == "row_footer")
        headers = tuple(int(r) for c, r in pairs if c == "row_header")
    records = None if rows is None else rows - len(blank) - len(footer) - len(headers)
    return SourceReading(
        name=name,
        columns=dict(mapped.columns),
        matched_by=dict(mapped.matched_by),
        unused=mapped.unused,
        location=info.source if info is not None else location,
        header_row=info.header_row if info is not None else None,
        banner_rows=info.banner_rows if info is not None else (),
        rows=rows,
        records=records,
        blank_rows=blank,
        footer_rows=footer,
        header_rows=headers,
    )


def reading_notes(reading: SourceReading, mapped: ColumnMap) -> list[Note]:
    """Notes every input gets from its reading: banner, look-alike headers, skipped rows."""
    notes: list[Note] = []
    if reading.banner_rows and reading.header_row is not None:
        notes.append(
            Note(
                "input_header_banner",
                reading.name,
                {"header_row": reading.header_row, "rows": list(reading.banner_rows)},
            )
        )
    for canonical, how in mapped.matched_by.items():
        if how == "lookalike":
            notes.append(
                Note(
                    "input_header_lookalike",
                    reading.name,
                    {"header": mapped.columns[canonical], "column": canonical},
                )
            )
    skipped = len(reading.blank_rows) + len(reading.footer_rows) + len(reading.header_rows)
    if skipped:
        notes.append(
            Note(
                "input_rows_skipped",
                reading.name,
                {
                    "count": skipped,
                    "blank": list(reading.blank_rows) or "-",
                    "footer": list(reading.footer_rows) or "-",
                    "headers": list(reading.header_rows) or "-",
                },
            )
        )
    return notes


def _public() -> None:
    for obj in (CheckRun, Manifest, Note, SourceReading):
        obj.__module__ = __name__


_public()
