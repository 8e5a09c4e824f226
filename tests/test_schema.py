from datetime import date, datetime

import pytest
from sqlalchemy import Column, MetaData, String, Table, inspect, literal, select

from data_access import Database, migrations, open_database
from data_access.migrations import (
    CURRENT_VERSION,
    SchemaTooNewError,
    applied_version,
    ensure_schema,
)
from data_access.schema import (
    DATA_TABLES,
    audit_events,
    branches,
    metadata,
    schema_version,
    viewer_roles,
    viewer_sessions,
)
from data_access.sql_functions import add_days, day_diff, month_of


def test_new_database_gets_every_table_and_the_current_version(db):
    with db.engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        assert {t.name for t in DATA_TABLES} <= names
        assert applied_version(conn) == CURRENT_VERSION


def test_reopening_keeps_the_data(db):
    with db.engine.begin() as conn:
        conn.execute(
            branches.insert().values(branch_id="杭州-3", branch_name="西湖支行", region="浙江")
        )
    assert ensure_schema(db.engine) == CURRENT_VERSION
    again = open_database(db.url)
    assert again.rows(select(branches.c.branch_id)) == [("杭州-3",)]


def test_date_functions_agree_with_python(db):
    cases = [(date(2024, 1, 31), date(2024, 3, 1)), (date(2023, 12, 31), date(2024, 1, 1))]
    for earlier, later in cases:
        assert (
            db.scalar(select(day_diff(literal(earlier), literal(later)))) == (later - earlier).days
        )
    assert db.scalar(select(add_days(literal(date(2024, 2, 28)), 2))) == date(2024, 3, 1)
    assert db.scalar(select(add_days(literal(date(2024, 3, 1)), -1))) == date(2024, 2, 29)
    assert db.scalar(select(month_of(literal(date(2024, 2, 29))))) == "2024-02"


def test_an_older_database_is_migrated_step_by_step_without_losing_rows(db, monkeypatch):
    """A later release appends a step; an existing database gets it and keeps its rows."""
    with db.engine.begin() as conn:
        conn.execute(
            branches.insert().values(branch_id="BR 04", branch_name="城东支行", region="江苏")
        )

    added = Table("added_later", MetaData(), Column("note", String(20)))
    next_version = CURRENT_VERSION + 1
    monkeypatch.setattr(
        migrations,
        "MIGRATIONS",
        [*migrations.MIGRATIONS, (next_version, lambda conn: added.create(conn))],
    )
    monkeypatch.setattr(migrations, "CURRENT_VERSION", next_version)

    assert ensure_schema(db.engine) == next_version
    with db.engine.connect() as conn:
        assert applied_version(conn) == next_version
        assert inspect(conn).has_table("added_later")
    assert db.rows(select(branches.c.branch_id, branches.c.region)) == [("BR 04", "江苏")]
    assert ensure_schema(db.engine) == next_version  # a second start changes nothing


def test_sessions_are_version_5_and_the_audit_trail_version_6():
    assert [version for version, _ in migrations.MIGRATIONS] == [1, 2, 3, 4, 5, 6]
    assert CURRENT_VERSION == 6


def test_a_version_4_database_gets_sessions_then_the_audit_trail_keeping_its_rows(db_url):
    """A database of the release before both (no ``viewer_sessions``, no ``audit_events``)
    takes step 5, then step 6, in one upgrade; its roles stay."""
    engine = Database(db_url).engine
    version_4 = [t for t in metadata.sorted_tables if t not in (viewer_sessions, audit_events)]
    with engine.begin() as conn:
        metadata.create_all(conn, tables=version_4)
        conn.execute(schema_version.insert().values(version=4, applied_at=datetime(2026, 1, 5)))
        conn.execute(
            viewer_roles.insert().values(
                email="boss@bank.example",
                role="admin",
                granted_by="cli",
                granted_at=datetime(2026, 1, 5),
            )
        )
    assert ensure_schema(engine) == 6
    with engine.connect() as conn:
        assert inspect(conn).has_table("viewer_sessions")
        assert inspect(conn).has_table("audit_events")
        steps = conn.execute(select(schema_version.c.version).order_by(schema_version.c.version))
        assert steps.scalars().all() == [4, 5, 6]
        assert conn.execute(select(viewer_roles.c.email)).scalars().all() == ["boss@bank.example"]
    assert ensure_schema(engine) == 6  # a second start changes nothing


def test_a_database_from_a_newer_release_is_refused(db):
    with db.engine.begin() as conn:
        conn.execute(
            schema_version.insert().values(
                version=CURRENT_VERSION + 5, applied_at=datetime(2030, 1, 1)
            )
        )
    with pytest.raises(SchemaTooNewError):
        ensure_schema(db.engine)


def test_every_connection_gets_the_dashboards_session_settings(db):
    """SQLite: the write-ahead log (readers keep their snapshot during a load) and a busy
    timeout; PostgreSQL: no JIT compilation of the dashboard's short queries."""
    with db.engine.connect() as conn:
        if db.dialect == "sqlite":
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
        else:
            assert conn.exec_driver_sql("SHOW jit").scalar() == "off"
