"""Rows that are not records: blank rows, and totals, notes and signatures below a table.

Officers' sheets carry more than records: an empty line between groups, a ``JUMLAH``
(totals) row at the end, and below it the place and date, the title of who signs, the
signature name and an ``NIP``. Checked as persons, each of those rows is a spurious
"NIK kosong"; counted as persons, they inflate every figure. They are kept (a table
check returns one row per input row) and flagged with their own codes, and no entry
point counts them as records.

The rules, applied only to rows without any value in the key columns (``nik`` and
``no_kk``, or ``nama`` when neither is mapped):

* ``row_blank``: every cell is empty (a numbering column such as ``NO`` does not count:
  templates number rows that were never filled in; nor does a zero, a dash or an error
  such as ``#N/A`` left by a formula);
* ``row_header``: a header line inside the table: the header printed again (a list
  printed page by page: at least two cells, and at least half of the row's filled cells,
  are their own column's header), and, above the first record, the second line of a
  two-line header (``RT`` and ``RW`` under a merged ``ALAMAT``) or the column numbers a
  form prints under its header (``(1) (2) (3)``);
* ``row_footer``: a totals row (a cell starting ``JUMLAH``, ``TOTAL``, ``SUBTOTAL``,
  ``GRAND TOTAL``, ``JML``, ``REKAP``) or a page number (``Halaman 2``) anywhere; a
  signature line (``MENGETAHUI``, ``KEPALA DESA``, ``LURAH``, ``CAMAT``, ``NIP``, ``TTD``,
  a place and date such as
  ``Mojokerto, 5 Januari 2026``) below the last row with a key; and every other row below
  the last row with a key that comes after such a totals or signature row.

A row with a name but no NIK or KK number inside the table, or below it but before any
totals or signature row, stays a record: a person whose identifiers are missing must be
reported, not hidden. In a frame with a single column of content (a list of NIKs), an
empty cell is a missing value, not a blank row.

>>> import polars as pl
>>> roster = pl.DataFrame(
...     {
...         "NO": ["1", "2", "3", None, None, None, None],
...         "NIK": ["3576014403910003", None, "3576010101900001", None, None, None, None],
...         "NAMA": ["SITI", "BUDI", "AHMAD", None, "JUMLAH", "Kepala Desa", "(SUPRIYANTO)"],
...     }
... ).with_row_index("i")
>>> flagged = classify_rows(roster, ["NIK"], "i")
>>> sorted(zip(flagged["i"].to_list(), flagged["code"].to_list()))
[(3, 'row_blank'), (4, 'row_footer'), (5, 'row_footer'), (6, 'row_footer')]
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any

import narwhals as nw

from bansos_validate import _frames
from bansos_validate.schema import normalize_header

__all__ = [
    "BLANK",
    "FOOTER",
    "HEADER",
    "NO_CONTENT",
    "NUMBERING_HEADERS",
    "classify_rows",
    "key_maybe_blank",
    "key_present",
]

BLANK = "row_blank"
FOOTER = "row_footer"
HEADER = "row_header"

NO_CONTENT = ("0", "0.0", "-", "--", "\u2013", "\u2014", "#N/A", "#REF!", "#VALUE!", "#DIV/0!",
              "#NAME?", "#NULL!", "#NUM!")  # fmt: skip
"""Cells that do not make a row a record: a zero or an error left by a formula in an empty
template row, a dash."""

NUMBERING_HEADERS = frozenset(
    {"no", "no_urut", "nomor_urut", "nomor", "nmr", "urut", "n_o", "no_baris", "nourut"}
)
"""Normalised headers of row-numbering columns, which do not make a row a record."""

_MONTHS = (
    "JANUARI|FEBRUARI|PEBRUARI|MARET|APRIL|MEI|JUNI|JULI|AGUSTUS|SEPTEMBER|OKTOBER|"
    "NOVEMBER|NOPEMBER|DESEMBER|JANUARY|FEBRUARY|MARCH|MAY|JUNE|JULY|AUGUST|OCTOBER|DECEMBER"
)
TOTALS = (
    r"^\s*(?:SUB\s*-?\s*TOTAL|GRAND\s+TOTAL|TOTAL|JUMLAH|JML|REKAP\w*)\b"
    r"|^\s*(?:HALAMAN|HAL\.?|PAGE)\s*[0-9]+"
)
"""A cell that starts a totals row, or a page number (a list printed page by page)."""
SIGNATURE = (
    r"(?:^|[^A-Z])(?:MENGETAHUI|MENYETUJUI|DISETUJUI|DIBUAT\s+OLEH|DIPERIKSA\s+OLEH|TTD\b|"
    r"TANDA\s+TANGAN|NIP\b|NIP\.|KEPALA\s+(?:DESA|DINAS|KELURAHAN|BIDANG|SEKSI|UPT)|LURAH\b|"
    r"CAMAT\b|SEKRETARIS\s+DESA|SEKDES\b|KASI\b|KABID\b)"
    rf"|^[A-Z .'\-]+,\s*[0-9]{{1,2}}\s+(?:{_MONTHS})\s+[0-9]{{4}}\s*$"
)
"""A cell of a signature block: titles, NIP, or a place and date."""

_TOTALS = re.compile(TOTALS)
_SIGNATURE = re.compile(SIGNATURE)


_DIGITS = list("0123456789")


def key_maybe_blank(name: str, dtype: Any) -> nw.Expr:
    """A cheap test that holds for every key cell that may not make its row a record.

    Empty and whitespace-only cells, short numbers (a zero left by a formula in an empty
    template row, the column numbers printed under a header), and cells whose text does
    not start with a digit (``JUMLAH`` written in the NIK column
    of a totals row). It also holds for some cells
    that do make a record (a NIK with a leading space or an Excel quote); the caller reads
    those again. Looking at the first character is far cheaper than stripping every
    cell of a large column.
    """
    col = nw.col(name)
    if dtype == nw.String:
        first = col.str.slice(0, 1)
        short = col.str.len_chars() <= _SHORT
        return (col.is_null() | ~first.is_in(_DIGITS) | short).fill_null(value=True)
    if dtype.is_float():
        small = (col.abs() < _SMALL).fill_null(value=True)
        return col.is_null() | col.is_nan().fill_null(value=True) | small
    if dtype.is_numeric():
        return col.is_null() | (col.abs() < _SMALL).fill_null(value=True)
    return col.is_null()


def key_present(columns: Sequence[str]) -> nw.Expr:
    """Whether a row has a value in any of the key *columns* (text not blank)."""
    if not columns:
        return nw.lit(value=False)
    present = [
        (~nw.col(c).is_null() & (nw.col(c).cast(nw.String).str.strip_chars() != "")).fill_null(
            value=False
        )
        for c in columns
    ]
    return nw.any_horizontal(*present, ignore_nulls=True)


def _collect_polars(frame: Any) -> Any:
    """A narwhals frame (eager or lazy, any engine) as an eager Polars frame."""
    return _frames.collect_polars(frame)


def _coarse(wrapped: Any, keys: Sequence[str], schema: Any, index: str) -> tuple[list[int], Any]:
    """The indices of the rows whose keys may be empty, and the last index of the others.

    One pass over the key columns. On Polars a non-strict integer cast tells a cell that
    is a number (a record) from the rest far faster than string tests.
    """
    if not keys:
        found = _collect_polars(wrapped.select(nw.col(index)))
        return [int(i) for i in found[index].to_list()], None
    if _frames.kind_of(wrapped).polars:
        import polars as pl  # noqa: PLC0415 - Polars frames only

        tests = []
        for key in keys:
            dtype = schema[key]
            column = pl.col(key)
            if dtype == nw.String:
                number = column.cast(pl.Int64, strict=False)
                tests.append(number.is_null() | (number.abs() < _SMALL))
            elif dtype.is_float():
                tests.append(column.is_null() | column.is_nan() | (column.abs() < _SMALL))
            elif dtype.is_numeric():
                tests.append(column.is_null() | (column.abs() < _SMALL))
            else:
                tests.append(column.is_null())
        maybe = pl.all_horizontal(*tests)
        query = wrapped.to_native().select(
            pl.col(index).filter(~maybe).max().alias("last"),
            pl.col(index).filter(maybe).implode().alias("cand"),
        )
        found = query.collect() if isinstance(query, pl.LazyFrame) else query
        return [int(i) for i in found["cand"][0]], found["last"][0]
    test = nw.all_horizontal(*(key_maybe_blank(k, schema[k]) for k in keys), ignore_nulls=True)
    last = _collect_polars(
        wrapped.select(nw.when(~test).then(nw.col(index)).otherwise(None).max().alias("m"))
    )["m"][0]
    found = _collect_polars(wrapped.filter(test).select(nw.col(index).cast(nw.Int64)))
    return [int(i) for i in found[index].to_list()], last


_SHORT = 4
_SMALL = 10_000
"""A key cell this short, or a number this small, is read in full: it is no identifier."""
_HEADER_LINES = 20
"""How far below the header its other lines are looked for."""
_COLUMN_NUMBER = re.compile(r"^\(?\s*([0-9]{1,2})\s*\)?\.?$")
_UNNAMED = re.compile(r"^(?:|unnamed_[0-9]+(?:_level_[0-9]+)?|column_[0-9]+|duplicated_[0-9]+)$")


def _header_lines(rows: Any, index: str, columns: list[tuple[str, str]]) -> list[int]:
    """The rows at the top of the table that belong to its header.

    *rows* are the rows read in full (sorted by *index*), *columns* the (header, alias)
    of their cells in the sheet's order. From the first row down, while no record came
    before: the second line of a two-line header (merged cells: ``ALAMAT`` over ``RT`` and
    ``RW``), where the key cells are empty, every filled cell is a word without digits,
    at least two are filled and one sits under a column without a header of its own; the
    column numbers a form prints under its header (``(1) (2) (3)``: at least three, each
    larger than the one before); the header printed again; and blank rows between them.
    """
    found: list[int] = []
    keys = [alias for _, alias in columns if alias.startswith("k")]
    for position, line in enumerate(rows.iter_rows(named=True)):
        if line[index] != position or position >= _HEADER_LINES:
            break  # a row above this one is a record
        filled = [
            (header, str(line[alias]).strip())
            for header, alias in columns
            if line[alias] is not None and str(line[alias]).strip() not in ("", *NO_CONTENT)
        ]
        if line["__hdr"] or not filled:
            found += [position] if line["__hdr"] else []
            continue
        numbers = [_COLUMN_NUMBER.match(text) for _, text in filled]
        counted = [int(m.group(1)) for m in numbers if m]
        numbered = len(filled) >= 3 and len(counted) == len(filled)
        if numbered and all(a < b for a, b in itertools.pairwise(counted)):
            found.append(position)
            continue
        second_line = (
            len(filled) >= 2
            and not any(line[k] is not None and str(line[k]).strip() for k in keys)
            and all(len(t) <= 40 and not any(ch.isdigit() for ch in t) for _, t in filled)
            and any(_UNNAMED.match(normalize_header(h)) for h, _ in filled)
        )
        if not second_line:
            break
        found.append(position)
    return found


def classify_rows(  # noqa: PLR0913 - the options of one classification
    frame: Any,
    keys: Sequence[str],
    index: str,
    *,
    row: str | None = None,
    ignore: Sequence[str] = (),
    coarse: tuple[list[int], Any] | None = None,
) -> Any:
    """The rows that are not records, as a Polars frame of ``index``, ``code`` and ``row``.

    Only rows whose key columns look empty are read in full (a cheap first test, then an
    exact one on those few rows), so a large table with its identifiers filled in costs
    one pass over its key columns.

    Args:
        frame: a narwhals frame (eager or lazy, any engine) with a row-index column.
        keys: the key columns (the NIK and KK columns, or the name column).
        index: the name of the row-index column (an integer, 0-based, in input order).
        row: the name of the source-row column (the spreadsheet row), if there is one.
        ignore: more columns that are not content.
        coarse: the first pass, when the caller has it already: the indices of the rows
            whose keys may be empty, and the last index of the other rows.

    Returns:
        An eager Polars frame with one row per row that is not a record: *index*,
        ``code`` (``row_blank``, ``row_footer`` or ``row_header``) and ``row`` (the
        source row, or the 1-based position), in index order.
    """
    import polars as pl  # noqa: PLC0415 - the flagged rows are few; Polars classifies them

    wrapped = _frames.wrap(frame)
    schema = wrapped.collect_schema()
    names = list(schema.names())
    skip = {index, "row", *([row] if row else []), *ignore}
    content = [n for n in names if n not in skip and normalize_header(n) not in NUMBERING_HEADERS]
    # A numbering column holds no content of its own, but a totals row often writes its
    # JUMLAH there (the first column of the sheet).
    numbering = [n for n in names if n not in skip and normalize_header(n) in NUMBERING_HEADERS]
    empty = pl.DataFrame(schema={index: pl.Int64, "code": pl.String, "row": pl.Int64})
    if len(content) < 2:
        return empty
    candidates, last_coarse = (
        coarse if coarse is not None else _coarse(wrapped, keys, schema, index)
    )
    if not candidates:
        return empty
    source_row = (nw.col(row) if row else nw.col(index) + 1).cast(nw.Int64).alias("__srow")
    rows = _collect_polars(
        wrapped.filter(nw.col(index).is_in(candidates)).select(
            nw.col(index).cast(nw.Int64),
            source_row,
            *(nw.col(k).cast(nw.String).alias(f"k{i}") for i, k in enumerate(keys)),
            *(nw.col(c).cast(nw.String).alias(f"c{i}") for i, c in enumerate(content)),
            *(nw.col(c).cast(nw.String).alias(f"n{i}") for i, c in enumerate(numbering)),
        )
    )
    if rows.height == 0:
        return empty
    never = pl.lit(value=False)

    # A header printed again inside the table (a list printed page by page): most of its
    # cells are their own column's header.
    def same_as_header(alias: str, header: str) -> pl.Expr:
        normal = (
            pl.col(alias)
            .str.to_lowercase()
            .str.replace_all(r"[^0-9a-z]+", "_")
            .str.strip_chars("_")
            .fill_null("")
        )
        return (normal != "") & (normal == normalize_header(header))

    pairs = [(f"k{i}", k) for i, k in enumerate(keys)]
    pairs += [(f"c{i}", c) for i, c in enumerate(content)]
    hits = pl.sum_horizontal(*(same_as_header(a, h).cast(pl.Int32) for a, h in pairs))
    filled = pl.sum_horizontal(
        *((pl.col(a).str.strip_chars().fill_null("") != "").cast(pl.Int32) for a, _ in pairs)
    )
    header_like = (hits >= 2) & (hits * 2 >= filled)

    # The exact test on the few rows read: a key with content makes the row a record,
    # unless that content is a totals or signature word (JUMLAH in the NIK column) or the
    # row repeats the header.
    def content_in(i: int) -> pl.Expr:
        text = pl.col(f"k{i}").str.strip_chars().fill_null("")
        upper = text.str.to_uppercase()
        return (
            ~text.is_in(["", *NO_CONTENT])
            & ~upper.str.contains(TOTALS)
            & ~upper.str.contains(SIGNATURE)
        )

    has_key = pl.any_horizontal(*(content_in(i) for i in range(len(keys)))) if keys else never
    rows = rows.sort(index).with_columns(has_key.alias("__any"), header_like.alias("__hdr"))
    order = {name: alias for alias, name in pairs}
    order.update({name: f"n{i}" for i, name in enumerate(numbering)})
    top = _header_lines(rows, index, [(n, order[n]) for n in names if n in order])
    if top:
        rows = rows.with_columns(pl.col("__hdr") | pl.col(index).is_in(top))
    rows = rows.with_columns((pl.col("__any") & ~pl.col("__hdr")).alias("__key"))
    keyed = rows.filter(pl.col("__key"))[index]
    candidates = [x for x in (last_coarse, keyed.max() if len(keyed) else None) if x is not None]
    last = max(candidates) if candidates else None
    rows = rows.filter(~pl.col("__key"))
    if rows.height == 0:
        return empty
    cells = [pl.col(f"c{i}").str.strip_chars().fill_null("") for i in range(len(content))]
    marks = [pl.col(f"n{i}").str.strip_chars().fill_null("") for i in range(len(numbering))]
    keys_text = [pl.col(f"k{i}").str.strip_chars().fill_null("") for i in range(len(keys))]
    upper = [c.str.to_uppercase() for c in (*cells, *marks, *keys_text)]
    blank = pl.all_horizontal(*(c.is_in(["", *NO_CONTENT]) for c in (*cells, *keys_text)))
    totals = pl.any_horizontal(*(u.str.contains(TOTALS) for u in upper))
    signature = pl.any_horizontal(*(u.str.contains(SIGNATURE) for u in upper))
    trailing = pl.col(index) > last if last is not None else pl.lit(value=True)
    marker = totals | (signature & trailing)
    classified = (
        rows.sort(index)
        .with_columns(blank.alias("__blank"), marker.alias("__marker"), trailing.alias("__tail"))
        .with_columns((pl.col("__marker") & pl.col("__tail")).cum_max().alias("__started"))
        .with_columns(
            pl.when(pl.col("__hdr"))
            .then(pl.lit(HEADER))
            .when(pl.col("__marker"))
            .then(pl.lit(FOOTER))
            .when(pl.col("__blank"))
            .then(pl.lit(BLANK))
            .when(pl.col("__tail") & pl.col("__started"))
            .then(pl.lit(FOOTER))
            .alias("code")
        )
        .filter(pl.col("code").is_not_null())
        .select(pl.col(index).cast(pl.Int64), "code", pl.col("__srow").alias("row"))
    )
    return classified if classified.height else empty
