"""Upserting many rows fast, inside the caller's transaction.

PostgreSQL: the rows are streamed with ``COPY`` into a temporary table, then
merged with one ``INSERT ... SELECT ... ON CONFLICT DO UPDATE``. SQLite: one
prepared ``INSERT ... ON CONFLICT DO UPDATE`` run with ``executemany`` over
plain tuples. Both bypass SQLAlchemy's per-row parameter handling, which
dominated loading time. Table and column names come from ``schema.py``, never
from input; values always travel as parameters or through ``COPY``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Date, Table

Upsert = Callable[[Iterable[tuple[Any, ...]]], int]
"""Upserts rows given as tuples in the order of the columns it was made for; returns the count."""

SQLITE_BATCH = 20_000


def supports(dialect: str) -> bool:
    return dialect in ("sqlite", "postgresql")


def upserter(conn: Connection, table: Table, columns: Sequence[str]) -> Upsert:
    """An ``Upsert`` of ``columns`` (which must include the primary key) into ``table``."""
    if conn.dialect.name == "postgresql":
        return lambda rows: _postgres(conn, table, columns, rows)
    if conn.dialect.name == "sqlite":
        return lambda rows: _sqlite(conn, table, columns, rows)
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


def _sqlite(conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in columns)
    marks = ", ".join("?" for _ in columns)
    head = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"  # noqa: S608
    statement = f"{head} {_merge_clause(conn, table, columns, 'excluded')}"
    dates = [i for i, name in enumerate(columns) if isinstance(table.c[name].type, Date)]
    cursor = conn.connection.driver_connection.cursor()
    count = 0
    iterator = iter(rows)
    while batch := list(islice(iterator, SQLITE_BATCH)):
        if dates:
            batch = [_iso_dates(row, dates) for row in batch]
        cursor.executemany(statement, batch)
        count += len(batch)
    cursor.close()
    return count


def _iso_dates(row: tuple, positions: list[int]) -> tuple:
    """Dates as SQLAlchemy stores them in SQLite: ``YYYY-MM-DD`` text."""
    values = list(row)
    for position in positions:
        value = values[position]
        if isinstance(value, date):
            values[position] = value.isoformat()
    return tuple(values)


def _postgres(conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    quote = conn.dialect.identifier_preparer.quote
    stage = quote(f"stage_{table.name}")
    names = ", ".join(quote(name) for name in columns)
    cursor = conn.connection.driver_connection.cursor()
    cursor.execute(
        f"CREATE TEMPORARY TABLE {stage} (LIKE {quote(table.name)} INCLUDING DEFAULTS) "
        "ON COMMIT DROP"
    )
    count = 0
    with cursor.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    head = f"INSERT INTO {quote(table.name)} ({names}) SELECT {names} FROM {stage}"  # noqa: S608
    cursor.execute(f"{head} {_merge_clause(conn, table, columns, 'EXCLUDED')}")
    cursor.execute(f"DROP TABLE {stage}")
    cursor.close()
    return count
