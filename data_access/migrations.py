"""Schema versions and the steps between them.

The database records the versions applied in ``schema_version``. A new
database gets the current schema from ``metadata`` in one step and is stamped
with the current version; an older one gets every missing step in order,
inside one transaction, so an upgrade never loses data or stops half-way.
A schema change edits ``schema.py`` and appends a step to ``MIGRATIONS`` that
brings a database of the previous version to the new one; old steps are never
edited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, func, insert, inspect, select

from data_access import rollups
from data_access.schema import (
    ROLLUP_TABLES,
    audit_events,
    complaints,
    data_version,
    metadata,
    outreach_visits,
    rollup_outreach_registrations,
    rollup_registration_months,
    rollup_staff_days,
    schema_version,
    viewer_sessions,
    wallet_users,
)


def _add_rollups(conn: Connection) -> None:
    """Version 2: the derived tables, filled from the rows already stored."""
    metadata.create_all(conn, tables=list(ROLLUP_TABLES))
    rollups.rebuild(conn)


def _version_3(conn: Connection) -> None:
    """Version 3: the staff and the monthly registrations rollups, filled from the rows stored;
    wallet users and outreach visits indexed by staff and day (replacing the staff indexes),
    complaints by resolution day."""
    added = [rollup_staff_days, rollup_registration_months]
    metadata.create_all(conn, tables=added)
    rollups.fill(conn, added)
    for replaced in ("ix_wallet_users_staff", "ix_outreach_visits_staff"):
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {replaced}")
    for table in (wallet_users, outreach_visits, complaints):
        for index in table.indexes:
            index.create(conn, checkfirst=True)


def _version_4(conn: Connection) -> None:
    """Version 4: the outreach registrations rollup, filled from the rows stored."""
    metadata.create_all(conn, tables=[rollup_outreach_registrations])
    rollups.fill(conn, [rollup_outreach_registrations])


def _version_5(conn: Connection) -> None:
    """Version 5: server-side sign-in sessions, empty (a cookie issued before starts its session
    at its next run)."""
    metadata.create_all(conn, tables=[viewer_sessions])


def _version_6(conn: Connection) -> None:
    """Version 6: the audit trail, empty."""
    metadata.create_all(conn, tables=[audit_events])


MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [
    (1, lambda conn: None),  # the first schema: created whole, nothing to migrate from
    (2, _add_rollups),
    (3, _version_3),
    (4, _version_4),
    (5, _version_5),
    (6, _version_6),
]
CURRENT_VERSION = MIGRATIONS[-1][0]


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer release of this program."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def applied_version(conn: Connection) -> int:
    if not inspect(conn).has_table(schema_version.name):
        return 0
    return conn.execute(select(func.max(schema_version.c.version))).scalar() or 0


def ensure_schema(engine: Engine) -> int:
    """Create or upgrade the schema to ``CURRENT_VERSION``; return the version now in force."""
    with engine.begin() as conn:
        version = applied_version(conn)
        if version > CURRENT_VERSION:
            raise SchemaTooNewError(
                f"database schema version {version} is newer than this program's "
                f"{CURRENT_VERSION}; upgrade the dashboard"
            )
        if version == 0:
            metadata.create_all(conn)
            conn.execute(insert(data_version).values(id=1, version=0, changed_at=_now()))
            conn.execute(insert(schema_version).values(version=CURRENT_VERSION, applied_at=_now()))
            return CURRENT_VERSION
        for step_version, step in MIGRATIONS:
            if step_version > version:
                step(conn)
                conn.execute(insert(schema_version).values(version=step_version, applied_at=_now()))
    return CURRENT_VERSION
