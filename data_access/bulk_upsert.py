"""Upserting many rows fast, inside the caller's transaction.

PostgreSQL: the rows are streamed with ``COPY`` into a temporary table, then
merged with one ``INSERT ... SELECT ... ON CONFLICT DO UPDATE``. SQLite: one
prepared ``INSERT ... ON CONFLICT DO UPDATE`` run with ``executemany`` over
plain tuples. Both bypass SQLAlchemy's per-row parameter handling, which
dominated loading time. Table and column names come from ``schema.py``, never
from input; values always travel as parameters or through ``COPY``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from sqlalchemy import Connection, Date, Table


class Upsert(Protocol):
    """Upserts batches of rows into one table inside the caller's transaction."""

    def write(self, columns: Sequence[Sequence[Any]]) -> None:
        """Upsert one batch, given as one sequence of values per column (the upserter's order)."""

    def finish(self) -> None:
        """Complete the upsert after the last batch."""


def supports(dialect: str) -> bool:
    return dialect in ("sqlite", "postgresql")


def upserter(conn: Connection, table: Table, columns: Sequence[str]) -> Upsert:
    """An ``Upsert`` of ``columns`` (which must include the primary key) into ``table``."""
    if conn.dialect.name == "postgresql":
        return _PostgresUpsert(conn, table, columns)
    if conn.dialect.name == "sqlite":
        return _SqliteUpsert(conn, table, columns)
    raise ValueError(f"no bulk upsert for {conn.dialect.name}")


def _merge_clause(conn: Connection, table: Table, columns: Sequence[str], excluded: str) -> str:
    quote = conn.dialect.identifier_preparer.quote
    key = [column.name for column in table.primary_key]
    others = [name for name in columns if name not in key]
    target = ", ".join(quote(name) for name in key)
    if not others:
        return f"ON CONFLICT ({target}) DO NOTHING"
    changes = ", ".join(f"{quote(name)} = {excluded}.{quote(name)}" for name in others)
    return f"ON CONFLICT ({target}) DO UPDATE SET {changes}"


def _driver_connection(conn: Connection) -> Any:
    """The DBAPI driver's own connection under ``conn`` (pysqlite or psycopg)."""
    driver = conn.connection.driver_connection
    if driver is None:
        raise RuntimeError("the database connection was invalidated or closed")
    return driver


class _SqliteUpsert:
    """One prepared ``INSERT ... ON CONFLICT DO UPDATE`` per batch, run with ``executemany``."""

    def __init__(self, conn: Connection, table: Table, columns: Sequence[str]) -> None:
        quote = conn.dialect.identifier_preparer.quote
        names = ", ".join(quote(name) for name in columns)
        marks = ", ".join("?" for _ in columns)
        head = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"  # noqa: S608
        self._statement = f"{head} {_merge_clause(conn, table, columns, 'excluded')}"
        self._dates = {i for i, name in enumerate(columns) if isinstance(table.c[name].type, Date)}
        self._conn = conn

    def write(self, columns: Sequence[Sequence[Any]]) -> None:
        stored = [
            _iso_dates(values) if i in self._dates else values for i, values in enumerate(columns)
        ]
        cursor = _driver_connection(self._conn).cursor()
        cursor.executemany(self._statement, zip(*stored, strict=True))
        cursor.close()

    def finish(self) -> None:
        """Nothing is left to do: every batch was written as it came."""


def _iso_dates(values: Sequence[Any]) -> list[Any]:
    """Dates as SQLAlchemy stores them in SQLite: ``YYYY-MM-DD`` text."""
    if None in values:
        return [None if value is None else value.isoformat() for value in values]
    return list(map(date.isoformat, values))


class _PostgresUpsert:
    """Each batch streamed with ``COPY`` into a temporary table, merged once at the end."""

    def __init__(self, conn: Connection, table: Table, columns: Sequence[str]) -> None:
        self._conn = conn
        self._table = table
        self._columns = columns
        self._quote = conn.dialect.identifier_preparer.quote
        self._stage = self._quote(f"stage_{table.name}")
        self._names = ", ".join(self._quote(name) for name in columns)
        self._staged = False

    def _cursor(self):
        return _driver_connection(self._conn).cursor()

    def write(self, columns: Sequence[Sequence[Any]]) -> None:
        with self._cursor() as cursor:
            if not self._staged:
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {self._stage} "
                    f"(LIKE {self._quote(self._table.name)} INCLUDING DEFAULTS) ON COMMIT DROP"
                )
                self._staged = True
            with cursor.copy(f"COPY {self._stage} ({self._names}) FROM STDIN") as copy:
                for row in zip(*columns, strict=True):
                    copy.write_row(row)

    def finish(self) -> None:
        if not self._staged:
            return
        target = self._quote(self._table.name)
        head = f"INSERT INTO {target} ({self._names}) SELECT {self._names} FROM {self._stage}"  # noqa: S608
        with self._cursor() as cursor:
            cursor.execute(
                f"{head} {_merge_clause(self._conn, self._table, self._columns, 'EXCLUDED')}"
            )
            cursor.execute(f"DROP TABLE {self._stage}")
        self._staged = False
