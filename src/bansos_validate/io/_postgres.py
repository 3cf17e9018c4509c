"""PostgreSQL reading with psycopg 3 (the optional extra ``postgres``).

The session is read-only (``SET TRANSACTION READ ONLY``): a ``query=`` cannot change data.
Column types follow the PostgreSQL types (``text`` -> String, ``bigint`` -> Int64,
``numeric`` -> Decimal, ``date`` -> Date, ...), also when a column holds only nulls, so an
integer NIK column stays integer and ``check_table`` flags it. ``row`` is the 1-based
position in the result: give ``query=`` with an ``ORDER BY`` for a stable order, since a
table without one comes back in storage order.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bansos_validate.errors import InvalidArgument
from bansos_validate.io._common import with_row_column
from bansos_validate.io._errors import DatabaseError
from bansos_validate.io._url import mask_url, split_table

if TYPE_CHECKING:
    import polars as pl

__all__ = ["read_postgres"]

_CONNECT_TIMEOUT = 10
_FETCH = 10_000
_TABLE_NAME = re.compile(r"^[^.\x00]+(\.[^.\x00]+)?$")
_LONG_DIGITS = re.compile(r"[0-9]{7,}")


def _driver() -> Any:
    try:
        import psycopg  # noqa: PLC0415 - optional extra, imported on use
    except ImportError as exc:
        raise ImportError(
            "reading PostgreSQL needs the psycopg driver: pip install 'bansos-validate[postgres]'"
        ) from exc
    return psycopg


def _redact(text: str) -> str:
    """Mask long digit runs (a NIK quoted by the server) in a server message.

    >>> _redact('value "3576014403910003" is out of range for type integer')
    'value "357601**********" is out of range for type integer'
    """
    return _LONG_DIGITS.sub(lambda m: m.group()[:6] + "*" * (len(m.group()) - 6), text)


def _polars_types() -> dict[str, Any]:
    import polars as pl  # noqa: PLC0415

    text = pl.String
    return {
        "bool": pl.Boolean,
        "int2": pl.Int16,
        "int4": pl.Int32,
        "int8": pl.Int64,
        "oid": pl.Int64,
        "float4": pl.Float32,
        "float8": pl.Float64,
        "text": text,
        "varchar": text,
        "bpchar": text,
        "name": text,
        "citext": text,
        "date": pl.Date,
    }


def _type_name(connection: Any, oid: int) -> str | None:
    """The PostgreSQL type name of *oid* (None for arrays and unknown types)."""
    info = connection.adapters.types.get(oid)
    return info.name if info is not None and info.oid == oid else None


def _column(name: str, values: list[Any], type_name: str | None) -> pl.Series:
    import polars as pl  # noqa: PLC0415

    known = _polars_types().get(type_name or "")
    if known is not None:
        return pl.Series(name, values, dtype=known)
    series = pl.Series(name, values)
    if series.dtype == pl.Object:  # uuid, inet, ranges...: their text form
        return pl.Series(name, [None if v is None else str(v) for v in values], dtype=pl.String)
    if series.dtype == pl.Null:
        return series.cast(pl.String)
    return series


def _statement(shown: str, url_table: str | None, table: str | None, query: str | None) -> Any:
    """Return the SQL to run: ``SELECT * FROM "schema"."table"``, or the query."""
    if table is not None and url_table is not None and table != url_table:
        raise InvalidArgument(f"{shown}: table={table!r} disagrees with the URL's ?table=")
    table = table if table is not None else url_table
    if (table is None) == (query is None):
        raise InvalidArgument(
            f"{shown}: give exactly one of table= (or ?table= in the URL) and query="
        )
    if table is None:
        return query
    if not _TABLE_NAME.match(table):
        raise InvalidArgument(f"table must be 'name' or 'schema.name', not {table!r}")
    from psycopg import sql  # noqa: PLC0415 - the driver is imported by the caller first

    return sql.SQL("SELECT * FROM {}").format(sql.Identifier(*table.split(".")))


def _connect(psycopg: Any, conninfo: str, shown: str, table: str | None) -> Any:
    try:
        options = psycopg.conninfo.conninfo_to_dict(conninfo)
    except psycopg.Error as exc:
        raise DatabaseError(
            f"{shown}: not a valid PostgreSQL URL", path=shown, table=table
        ) from exc
    timeout = {} if "connect_timeout" in options else {"connect_timeout": _CONNECT_TIMEOUT}
    try:
        return psycopg.connect(conninfo, **timeout)
    except psycopg.Error as exc:
        reason = " ".join(str(exc).removeprefix("connection failed: ").split())
        raise DatabaseError(
            f"{shown}: cannot connect to the database: {reason}", path=shown, table=table
        ) from exc


def _fetch(
    psycopg: Any, connection: Any, statement: Any, shown: str, table: str | None
) -> tuple[list[tuple[str, str | None]], list[tuple[Any, ...]]]:
    """Run *statement* read-only; return ((name, type name) per column, rows)."""
    rows: list[tuple[Any, ...]] = []
    with connection:
        connection.read_only = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
                if cursor.description is None:
                    raise DatabaseError(
                        f"{shown}: the query returned no rows to read (not a SELECT?)", path=shown
                    )
                described = [
                    (d.name, _type_name(connection, d.type_code)) for d in cursor.description
                ]
                while batch := cursor.fetchmany(_FETCH):
                    rows.extend(batch)
        except psycopg.Error as exc:
            # The server message of a query= error quotes the query (which may hold a NIK),
            # and a data exception (SQLSTATE 22...) may quote a cell: chain only safe ones.
            state = getattr(exc, "sqlstate", None) or "?"
            safe = table is not None and not state.startswith("22")
            error = _query_error(psycopg, exc, shown, table, state)
            raise error from (exc if safe else None)
    return described, rows


def _query_error(
    psycopg: Any, exc: Any, shown: str, table: str | None, state: str
) -> DatabaseError:
    detail = _redact(getattr(exc.diag, "message_primary", None) or type(exc).__name__)
    if isinstance(exc, psycopg.errors.UndefinedTable):
        what = f"table {table!r}" if table is not None else "a table of the query"
        message = f"{what} does not exist (or is not visible to this user): {detail}"
    elif isinstance(exc, psycopg.errors.InsufficientPrivilege):
        message = f"permission denied: {detail}"
    else:
        message = f"the {'read' if table is not None else 'query'} failed: {detail}"
    return DatabaseError(f"{shown}: {message} (SQLSTATE {state})", path=shown, table=table)


def read_postgres(url: str, *, table: str | None, query: str | None) -> pl.DataFrame:
    """Read a table or a query result; ``row`` is the 1-based position in the result."""
    import polars as pl  # noqa: PLC0415

    shown = mask_url(url)
    conninfo, url_table = split_table(url)
    psycopg = _driver()
    statement = _statement(shown, url_table, table, query)
    table = table if table is not None else url_table
    connection = _connect(psycopg, conninfo, shown, table)
    described, rows = _fetch(psycopg, connection, statement, shown, table)
    names = [name for name, _ in described]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise DatabaseError(
            f"{shown}: the result has more than one column named "
            + ", ".join(repr(n) for n in twice)
            + "; give them distinct aliases in the query",
            path=shown,
            table=table,
        )
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in described]
    frame = pl.DataFrame(
        [
            _column(name, list(values), type_name)
            for (name, type_name), values in zip(described, columns, strict=True)
        ]
    )
    return with_row_column(frame, 1)
