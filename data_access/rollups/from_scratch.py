"""Computing rollups from scratch: every rollup (``rebuild``: a ``--replace`` load, the migration
that introduced them), with more memory and, on SQLite, by a route of its own
(``data_access.rollups.sqlite_rebuild``); or some of them (``fill``: a migration adding a rollup)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager

from sqlalchemy import Connection, Table, delete

from data_access.connection_settings import temporarily
from data_access.rollups.common import Days
from data_access.rollups.incremental import (
    first_days_from_activity,
    refresh_outreach_registrations,
    refresh_parts,
    refresh_registration_months,
    refresh_staff_days,
)
from data_access.rollups.sqlite_rebuild import rebuild_sqlite
from data_access.schema import (
    ROLLUP_TABLES,
    rollup_outreach_registrations,
    rollup_registration_months,
    rollup_staff_days,
)


def rebuild(conn: Connection) -> None:
    """Compute every rollup from the base tables as they are now, with more memory and, on
    SQLite, by its own route (``rebuild_sqlite``)."""
    clear(conn)
    every = Days.everything()
    with _bulk_settings(conn):
        if conn.dialect.name == "sqlite":
            rebuild_sqlite(conn)
        else:
            refresh_parts(conn, every, every)


def fill(conn: Connection, tables: Sequence[Table]) -> None:
    """Compute ``tables`` from scratch (migrations adding a rollup): the staff and outreach
    rollups (from the base tables), and the monthly registrations (from the daily registrations
    rollup, which must be filled)."""
    fillers = {
        rollup_staff_days: lambda conn, days: refresh_staff_days(
            conn, days, first_days_from_activity
        ),
        rollup_registration_months: refresh_registration_months,
        rollup_outreach_registrations: refresh_outreach_registrations,
    }
    for table in tables:
        fillers[table](conn, Days.everything())


_REBUILD_SQLITE_CACHE_KIB = 1 << 16
"""64 MB each for the database and the temporary tables: at scale 46 (10 M activity rows) the
rebuild took 92 s with it, 76 s with 512 MB (the loader then peaked at 1.2 GB) and 178 s with the
2 MB default; a load run from the Data page runs in the dashboard process."""
_REBUILD_POSTGRES_SETTINGS = {"work_mem": "256MB"}


def _bulk_settings(conn: Connection) -> AbstractContextManager[None]:
    """More memory while every rollup is computed, restored afterwards.

    SQLite: the page cache (default 2 MB) of the database and of the temporary tables, or the
    rollups inserted out of key order re-read their pages from disk over and over; pages are
    only allocated as they are used. PostgreSQL (for the transaction): ``work_mem``, so that
    grouping a million rows is a hash aggregate in memory, not a sort spilled to disk (JIT
    compilation is off for every session, ``engine._postgres_settings``).
    """
    if conn.dialect.name == "sqlite":
        cache = {f"{schema}.cache_size": -_REBUILD_SQLITE_CACHE_KIB for schema in ("main", "temp")}
        return temporarily(conn, cache)
    return temporarily(conn, _REBUILD_POSTGRES_SETTINGS)


def clear(conn: Connection) -> None:
    """Empty every rollup (a ``--replace`` load empties the base tables in the same way)."""
    for table in ROLLUP_TABLES:
        conn.execute(delete(table))
