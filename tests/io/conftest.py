"""Fixtures for ``bansos_validate.io``: synthetic files in tmp_path and a PostgreSQL schema.

Every NIK here is synthetic (``3576014403910003`` and friends), never a real one.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from typing import Any

import pytest


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def pg_dsn() -> str:
    """The test server's DSN; missing is a failure on CI and a skip on a laptop."""
    dsn = os.environ.get("BANSOS_TEST_PG_DSN", "")
    if not dsn:
        message = "BANSOS_TEST_PG_DSN is not set: run `source .ci/postgres.sh` first"
        if on_ci():
            pytest.fail(message)
        pytest.skip(message)
    if not on_ci():
        pytest.importorskip("psycopg")
    return dsn


@pytest.fixture(scope="session")
def pg_schema(pg_dsn: str) -> Iterator[str]:
    """A schema of its own for this run (parallel runs do not collide), dropped afterwards."""
    import psycopg

    name = f"bv_io_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(pg_dsn, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(pg_dsn, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{name}" CASCADE')


@pytest.fixture
def pg_exec(pg_dsn: str) -> Any:
    """Run SQL statements on the test database (autocommit)."""
    import psycopg

    def run(*statements: str, params: tuple[Any, ...] | None = None) -> None:
        with psycopg.connect(pg_dsn, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement, params)  # type: ignore[arg-type]

    return run
