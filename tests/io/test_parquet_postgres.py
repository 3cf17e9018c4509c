# ruff: noqa: S608 - the SQL here is built from a test schema name and synthetic values
"""Reading Parquet and PostgreSQL: types are kept, ``row`` is the 1-based position.

The PostgreSQL tests run against a real server: ``source .ci/postgres.sh`` exports
``BANSOS_TEST_PG_DSN``. Without it they fail on CI (``CI=true``) and skip elsewhere.
"""

from __future__ import annotations

import datetime as dt
import decimal
import socket
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from bansos_validate import io
from bansos_validate.errors import InvalidArgument
from bansos_validate.table import check_table

NIK = "3576014403910003"  # synthetic
NIK_2 = "3576014403910011"
REF = dt.date(2026, 11, 27)


# --- Parquet ----------------------------------------------------------------------------


def test_parquet_keeps_types_and_numbers_rows(tmp_path: Path) -> None:
    path = tmp_path / "roll.parquet"
    pl.DataFrame(
        {"nik": [3576014403910000, int(NIK_2)], "nama": ["SITI", "BUDI"], "desil": [1, 4]}
    ).write_parquet(path)
    frame = io.read(path)
    assert frame.schema == pl.Schema(
        {"nik": pl.Int64, "nama": pl.String, "desil": pl.Int64, "row": pl.Int64}
    )
    assert frame["row"].to_list() == [1, 2]
    checked = check_table(frame, reference_date=REF).frame
    assert checked["status"].to_list() == ["excel_damaged", "excel_damaged"]


def test_parquet_lazy_and_existing_row(tmp_path: Path) -> None:
    path = tmp_path / "roll.pq"
    pl.DataFrame({"row": [5, 9], "nik": [NIK, NIK_2]}).write_parquet(path)
    lazy = io.read(path, lazy=True)
    assert isinstance(lazy, pl.LazyFrame)
    assert lazy.collect().rows() == [(5, NIK), (9, NIK_2)]


def test_parquet_bad_input(tmp_path: Path) -> None:
    good = tmp_path / "good.parquet"
    pl.DataFrame({"nik": [NIK] * 100}).write_parquet(good)
    broken = tmp_path / "rusak.parquet"
    broken.write_bytes(good.read_bytes()[:100])
    with pytest.raises(io.MalformedSourceError, match=r"rusak\.parquet: not a readable Parquet"):
        io.read(broken)
    with pytest.raises(io.MalformedSourceError):
        io.read(broken, lazy=True)
    empty = tmp_path / "kosong.parquet"
    pl.DataFrame({"nik": []}, schema={"nik": pl.String}).write_parquet(empty)
    with pytest.raises(io.EmptySourceError, match="no rows"):
        io.read(empty)
    with pytest.raises(io.SourceNotFoundError):
        io.read(tmp_path / "nope.parquet")


# --- PostgreSQL: no server needed ---------------------------------------------------------


def test_missing_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(ImportError, match=r"pip install 'bansos-validate\[postgres\]'"):
        io.read("postgresql://bansos:rahasia@127.0.0.1:5432/bansos", table="roster")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({}, "exactly one of table="),
        ({"table": "a", "query": "select 1"}, "exactly one of table="),
        ({"table": "a.b.c"}, "'name' or 'schema.name'"),
        ({"sheet": "Data", "table": "a"}, "sheet= applies to .xlsx"),
    ],
)
def test_database_arguments(kwargs: dict[str, Any], match: str) -> None:
    pytest.importorskip("psycopg")
    url = "postgresql://bansos:rahasia@127.0.0.1:5432/bansos"
    sheet = kwargs.pop("sheet", None)
    with pytest.raises(InvalidArgument, match=match) as info:
        io.read(url, sheet, **kwargs)
    assert "rahasia" not in str(info.value)


def test_table_in_url_must_agree() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(InvalidArgument, match="disagrees"):
        io.read("postgresql://u:p@127.0.0.1/db?table=a", table="b")


# --- PostgreSQL: against the test server ------------------------------------------------


@pytest.fixture(scope="module")
def roster(pg_schema: str, pg_dsn: str) -> str:
    import psycopg

    name = f'"{pg_schema}"."roster"'
    with psycopg.connect(pg_dsn, autocommit=True) as connection:
        connection.execute(
            f"CREATE TABLE {name} (nik text, nik_angka bigint, nama varchar(80), "
            "desil smallint, nominal numeric(12, 2), tgl_lahir date, catatan text, "
            "kode char(10), aktif boolean, tag text[])"
        )
        connection.execute(
            f"INSERT INTO {name} VALUES "
            f"('{NIK}', 3576014403910000, 'SITI', 1, 750000.00, '1991-03-04', NULL, "
            "'3576011001', true, '{pkh,bpnt}'), "
            f"('{NIK_2}', {NIK_2}, 'BUDI', 4, 0, NULL, NULL, NULL, NULL, NULL)"
        )
    return f"{pg_schema}.roster"


def test_table_keeps_database_types(pg_dsn: str, roster: str) -> None:
    frame = io.read(pg_dsn, table=roster)
    assert frame.schema == pl.Schema(
        {
            "nik": pl.String,
            "nik_angka": pl.Int64,
            "nama": pl.String,
            "desil": pl.Int16,
            "nominal": pl.Decimal(38, 2),  # numeric(12, 2): Polars' default precision
            "tgl_lahir": pl.Date,
            "catatan": pl.String,  # all null, still text
            "kode": pl.String,
            "aktif": pl.Boolean,
            "tag": pl.List(pl.String),
            "row": pl.Int64,
        }
    )
    assert frame.select("nik", "nik_angka", "row").rows() == [
        (NIK, 3576014403910000, 1),
        (NIK_2, int(NIK_2), 2),
    ]
    assert frame["nominal"][0] == decimal.Decimal("750000.00")


def test_integer_nik_column_is_flagged_by_check_table(pg_dsn: str, roster: str) -> None:
    frame = io.read(pg_dsn, table=roster).select("nik_angka", "row")
    checked = check_table(frame, columns={"nik": "nik_angka"}, reference_date=REF).frame
    assert checked["status"].to_list() == ["excel_damaged", "excel_damaged"]
    assert checked["row"].to_list() == [1, 2]


def test_table_in_url_query_and_lazy(pg_dsn: str, roster: str) -> None:
    separator = "&" if "?" in pg_dsn else "?"
    frame = io.read(f"{pg_dsn}{separator}table={roster}")
    assert frame.height == 2
    query = f"SELECT nama, desil FROM {roster} ORDER BY desil DESC"
    lazy = io.read(pg_dsn, query=query, lazy=True)
    assert isinstance(lazy, pl.LazyFrame)
    assert lazy.collect().rows() == [("BUDI", 4, 1), ("SITI", 1, 2)]
    empty = io.read(pg_dsn, query=f"SELECT nik FROM {roster} WHERE false")
    assert empty.schema == pl.Schema({"nik": pl.String, "row": pl.Int64})
    assert empty.height == 0


def test_read_info_of_a_database_read(pg_dsn: str, roster: str) -> None:
    from bansos_validate.io._url import mask_url

    for frame in (io.read(pg_dsn, table=roster), io.read(pg_dsn, table=roster, lazy=True)):
        info = io.read_info(frame)
        assert info == io.ReadInfo(source=mask_url(pg_dsn), format="postgresql")
        assert info is not None
        assert info.header_row is None


def test_existing_row_column_is_kept(pg_dsn: str, roster: str) -> None:
    frame = io.read(pg_dsn, query=f"SELECT nik, desil * 10 AS row FROM {roster} ORDER BY 2")
    assert frame.columns == ["nik", "row"]
    assert frame["row"].to_list() == [10, 40]


def _masked(pg_dsn: str) -> tuple[str, str]:
    from bansos_validate.io._url import mask_url

    password = pg_dsn.split("://", 1)[1].split("@", 1)[0].split(":", 1)[1]
    return mask_url(pg_dsn), password


def test_wrong_password(pg_dsn: str) -> None:
    masked, password = _masked(pg_dsn)
    wrong = pg_dsn.replace(f":{password}@", ":salah-sandi@")
    with pytest.raises(io.DatabaseError, match="password authentication failed") as info:
        io.read(wrong, table="roster")
    message = str(info.value)
    assert "salah-sandi" not in message
    assert message.startswith(masked.split("@", 1)[0])  # postgresql://bansos:***
    assert info.value.path is not None
    assert "salah-sandi" not in info.value.path
    assert info.value.__cause__ is not None


def test_wrong_port(pg_dsn: str) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _, password = _masked(pg_dsn)
    host_port = pg_dsn.split("@", 1)[1].split("/", 1)[0]
    url = pg_dsn.replace(host_port, f"127.0.0.1:{port}")
    with pytest.raises(io.DatabaseError, match="cannot connect") as info:
        io.read(url, table="roster")
    assert f"127.0.0.1:{port}" in str(info.value)
    assert password not in str(info.value)


def test_unknown_table(pg_dsn: str, pg_schema: str) -> None:
    masked, password = _masked(pg_dsn)
    with pytest.raises(io.DatabaseError) as info:
        io.read(pg_dsn, table=f"{pg_schema}.tidak_ada")
    assert info.value.table == f"{pg_schema}.tidak_ada"
    assert str(info.value).startswith(f"{masked}: table '{pg_schema}.tidak_ada' does not exist")
    assert password not in str(info.value)


def test_query_errors_never_quote_a_nik(pg_dsn: str, roster: str) -> None:
    with pytest.raises(io.DatabaseError, match=r"SQLSTATE 22003") as info:
        io.read(pg_dsn, query=f"SELECT nik::integer FROM {roster}")
    assert NIK not in str(info.value)
    assert "357601**********" in str(info.value)
    assert info.value.__cause__ is None  # the server's message quotes the value
    with pytest.raises(io.DatabaseError, match="does not exist") as info:
        io.read(pg_dsn, query=f"SELECT * FROM tidak_ada WHERE nik = '{NIK}'")
    assert NIK not in str(info.value)


def test_the_session_is_read_only(pg_dsn: str, roster: str) -> None:
    with pytest.raises(io.DatabaseError, match="read-only"):
        io.read(pg_dsn, query=f"DELETE FROM {roster} RETURNING *")
    assert io.read(pg_dsn, table=roster).height == 2


def test_duplicate_column_names(pg_dsn: str, roster: str) -> None:
    with pytest.raises(io.DatabaseError, match="more than one column named 'nik'"):
        io.read(pg_dsn, query=f"SELECT a.nik, b.nik FROM {roster} a, {roster} b")
