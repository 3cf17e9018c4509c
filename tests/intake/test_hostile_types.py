"""Identifier columns whose cells are not scalars are refused by every entry point."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl
import pytest

import bansos_validate as bv
from bansos_validate.household import check_households

NIK, KK = "3576014403910003", "3576010101200001"
COLUMNS = {
    "bytes": pl.Series("nik", [NIK.encode(), b"\xff"]),
    "list": pl.Series("nik", [[NIK], ["1"]]),
    "struct": pl.Series("nik", [{"a": NIK}, {"a": "x"}]),
    "array": pl.Series("nik", [[1, 2], [3, 4]], dtype=pl.Array(pl.Int64, 2)),
}
ENTRY_POINTS: dict[str, Callable[[pl.DataFrame], Any]] = {
    "check_table": bv.check_table,
    "match_records": lambda f: bv.match_records(f, f),
    "find_overlaps": lambda f: bv.find_overlaps({"pkh": f}),
    "check_households": check_households,
}


@pytest.mark.parametrize("kind", sorted(COLUMNS))
@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
def test_a_nik_column_of_bytes_lists_or_records_is_a_schema_error(kind: str, entry: str) -> None:
    frame = pl.DataFrame(
        [
            COLUMNS[kind],
            pl.Series("no_kk", [KK, KK]),
            pl.Series("nama", ["SITI", "ANDI"]),
            pl.Series("tanggal_lahir", ["1991-03-04", "2020-07-05"]),
            pl.Series("hubungan_keluarga", ["KEPALA KELUARGA", "ANAK"]),
        ]
    )
    with pytest.raises(bv.SchemaError, match="not text") as caught:
        ENTRY_POINTS[entry](frame)
    assert caught.value.column == "nik"
    assert caught.value.message_id is not None
    assert "bukan teks" in caught.value.message_id
    assert NIK not in str(caught.value)
