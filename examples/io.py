"""Reading and writing files with NIKs kept as text (``python examples/io.py``).

``bv.io.read`` never turns a NIK into a number and adds the source row number (the Excel
row number for workbooks), so a finding points at the row an officer can open.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import polars as pl

import bansos_validate as bv

REF = dt.date(2026, 11, 27)

with tempfile.TemporaryDirectory() as folder:
    roster = pl.DataFrame(
        {"NIK": ["3576014403910003", "3576014403910000"], "NAMA": ["SITI AMINAH", "BUDI"]}
    )
    workbook = bv.io.write(roster, Path(folder) / "roster.xlsx")
    back = bv.io.read(workbook)
    print(back)
    assert back["NIK"].to_list() == roster["NIK"].to_list()  # text, not numbers
    assert back["row"].to_list() == [2, 3]  # Excel rows: the header is row 1

    result = bv.check_table(back, reference_date=REF)
    findings = result.issues
    print(findings.select("row", "code"))
    assert findings["row"].to_list() == [3]  # the second data row, Excel row 3

    # CSV: every column is text; the encoding and the delimiter are detected.
    csv = Path(folder) / "roster.csv"
    csv.write_bytes("NIK;NAMA\n3576014403910003;SITI AMINAH\n".encode("cp1252"))
    assert bv.io.read(csv).row(0) == ("3576014403910003", "SITI AMINAH", 2)  # row 2, as in Excel

    # Typed errors name the file, never a cell value.
    try:
        bv.io.read(Path(folder) / "missing.csv")
    except bv.io.SourceNotFoundError as exc:
        print("error:", exc)
