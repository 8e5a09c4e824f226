"""One writer at a time: the transaction every change to the database runs in.

Loads and target edits both change the data and bump its version, and a
replace load empties tables that another load may be filling. Two of them
interleaving would leave a mixture (on PostgreSQL two replace loads would
keep the rows of both), so they take turns, across every dashboard process
and command:

- SQLite has one write lock per file. ``BEGIN IMMEDIATE`` takes it before the
  first read, so what a writer checks is what it changes.
- PostgreSQL lets writers run side by side; data writers take one
  transaction-scoped advisory lock first, keyed by the schema the tables are in, so
  dashboards in two schemas of one database do not wait for each other. Readers are never
  blocked.

A writer waits at most ``wait_seconds`` for its turn, then gets
``DatabaseBusy`` and nothing is written. Once it has its turn, its role is
read again in the same transaction (``writers.admit``): a writer whose role no
longer allows the write gets ``WriteRefused`` and nothing is written.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import OperationalError

from data_access.connection_settings import temporarily
from data_access.database import Database
from data_access.writers import Permission, Writer, admit

_DATA_WRITERS_LOCK = 0x77616C6C
"""The advisory lock class of data writers on PostgreSQL (any fixed 32-bit number; "wall"): the
lock is this and a hash of the current schema (``pg_advisory_xact_lock(int, int)``)."""
_ROLE_WRITERS_LOCK = 0x726F6C65
"""Role writers' class ("role"): each holds its own role row while it writes another's, so two
administrators removing each other at once would deadlock if they did not take turns."""
_POSTGRES_LOCK_NOT_AVAILABLE = "55P03"


class DatabaseBusy(RuntimeError):
    """Another writer held the database for longer than this one would wait; nothing was
    written."""

    def __init__(self, wait_seconds: float) -> None:
        self.wait_seconds = wait_seconds
        super().__init__(
            f"another load or change was writing to the database for more than {wait_seconds:g} s; "
            "nothing was written (try again when it has finished)"
        )


@contextmanager
def writing(
    db: Database,
    writer: Writer,
    permission: Permission,
    *,
    wait_seconds: float,
    data: bool = True,
    on_wait: Callable[[], None] | None = None,
) -> Iterator[Connection]:
    """A connection in a transaction that is this database's turn to write; committed when the
    block ends, rolled back if it raises.

    ``writer`` is admitted for ``permission`` once the turn is taken, before the block runs
    (``WriteRefused`` if their current role does not allow it).

    On PostgreSQL ``data`` writers (loads, target edits) exclude each other, and the others
    (roles) each other; on SQLite every write excludes every other. ``on_wait`` is called once
    when the turn is not free at once, before waiting for it.
    """
    key = _DATA_WRITERS_LOCK if data else _ROLE_WRITERS_LOCK
    with _turn(db, wait_seconds, key, on_wait) as conn:
        admit(conn, writer, permission)
        yield conn


@contextmanager
def recording(db: Database, *, wait_seconds: float) -> Iterator[Connection]:
    """A write turn for the dashboard's own records of what happened (sign-in sessions, audit
    events), as ``writing`` but with no writer to admit: these rows change nobody's data or
    role, and they are written for people who may hold none (a refused sign-in, an ended
    session). On PostgreSQL they take no turn at all (each writes its own rows), so a load or a
    role change never holds them up; on SQLite they wait for the one write lock."""
    with _turn(db, wait_seconds, None, None) as conn:
        yield conn


@contextmanager
def _turn(
    db: Database, wait_seconds: float, key: int | None, on_wait: Callable[[], None] | None
) -> Iterator[Connection]:
    """The transaction of a write; on PostgreSQL after taking advisory lock ``key``, if any."""
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            _begin_sqlite(conn, wait_seconds, on_wait)
        else:
            conn.begin()
            if key is not None:
                _lock_postgres(conn, key, wait_seconds, on_wait)
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        conn.commit()


def _milliseconds(seconds: float) -> int:
    """Both databases take a 32-bit count of milliseconds."""
    return min(int(seconds * 1000), 2**31 - 1)


def _begin_sqlite(
    conn: Connection, wait_seconds: float, on_wait: Callable[[], None] | None
) -> None:
    if on_wait is not None:
        if _begin_immediate(conn, 0):
            return
        on_wait()
    if not _begin_immediate(conn, wait_seconds):
        raise DatabaseBusy(wait_seconds)


def _begin_immediate(conn: Connection, wait_seconds: float) -> bool:
    """Whether SQLite's write lock was taken within ``wait_seconds``."""
    with temporarily(conn, {"busy_timeout": _milliseconds(wait_seconds)}):
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except OperationalError as error:
            if getattr(error.orig, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY:
                return False
            raise
    return True


def _lock_postgres(
    conn: Connection, key: int, wait_seconds: float, on_wait: Callable[[], None] | None
) -> None:
    schema = func.hashtext(func.current_schema())
    if on_wait is not None:
        if conn.execute(select(func.pg_try_advisory_xact_lock(key, schema))).scalar_one():
            return
        on_wait()
    try:
        with temporarily(conn, {"lock_timeout": f"{max(_milliseconds(wait_seconds), 1)}ms"}):
            conn.execute(select(func.pg_advisory_xact_lock(key, schema)))
    except OperationalError as error:
        if getattr(error.orig, "sqlstate", None) == _POSTGRES_LOCK_NOT_AVAILABLE:
            raise DatabaseBusy(wait_seconds) from error
        raise
