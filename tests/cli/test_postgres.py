"""``bansos-validate check postgresql://...``: a database table, its password never shown.

Needs the test server of ``.ci/postgres.sh`` (``BANSOS_TEST_PG_DSN``): a failure on CI,
a skip on a laptop without it (as ``tests/io``).
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

import bansos_validate as bv
from bansos_validate.cli._app import app


def _dsn() -> str:
    dsn = os.environ.get("BANSOS_TEST_PG_DSN", "")
    if not dsn:
        message = "BANSOS_TEST_PG_DSN is not set: run `source .ci/postgres.sh` first"
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(message)
        pytest.skip(message)
    return dsn


@pytest.fixture
def table() -> Iterator[tuple[str, str]]:
    import psycopg

    dsn = _dsn()
    name = f"bv_cli_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'CREATE TABLE "{name}" (nik text, no_kk text)')
        connection.execute(
            f'INSERT INTO "{name}" VALUES (%s, %s), (%s, %s)',  # noqa: S608 - our own name
            ("3576014403910003", "3576010101200001", "3576014403910000", "3576010101200001"),
        )
    try:
        yield dsn, name
    finally:
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(f'DROP TABLE "{name}"')


def test_check_a_database_table(table: tuple[str, str]) -> None:
    dsn, name = table
    result = CliRunner().invoke(app, ["check", dsn, "--table", name, "--json"])
    assert result.exit_code == 1, result.stderr  # one NIK with serial 0000
    document = json.loads(result.stdout)
    assert document["summary"]["persons"]["rows"] == 2
    rows = [f for f in document["findings"] if f["check"] != "input"]  # not the notes
    assert [f["row"] for f in rows] == [2]
    assert rows[0]["code"] == "nik_serial_zero"
    password = urlsplit(dsn).password
    assert password
    assert password not in result.stdout + result.stderr
    (source,) = document["summary"]["provenance"]["inputs"]
    assert source["sha256"] is None
    assert "***" in source["location"]
    assert bv.mask_nik("3576014403910000") == rows[0]["nik"]
