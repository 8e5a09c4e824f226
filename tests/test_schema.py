from datetime import date, datetime

import pytest
from sqlalchemy import Column, MetaData, String, Table, inspect, literal, select

from data_access import migrations, open_database
from data_access.migrations import (
    CURRENT_VERSION,
    SchemaTooNewError,
    applied_version,
    ensure_schema,
)
from data_access.schema import DATA_TABLES, branches, schema_version
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
