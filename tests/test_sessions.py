"""Server-side sessions (``data_access.sessions``) on SQLite and PostgreSQL: lifetime, idle
timeout, sign-out, role removal, and the settings that configure them.

Times are given explicitly; the expected outcomes follow from the rules' text (8 hours from
the start, 30 minutes since the last run, last-seen written at most once a minute)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert, select

from data_access import Database, audit, sessions
from data_access.__main__ import main
from data_access.roles import assign_role, remove_role
from data_access.schema import branches, viewer_sessions
from data_access.sessions import (
    EXPIRED,
    IDLE,
    ROLE_REMOVED,
    SIGNED_OUT,
    SessionRules,
    SessionSettingError,
    check_session,
    end_session,
    rules_from,
    session_key,
)
from data_access.write_lock import writing
from data_access.writers import COMMAND_LINE, LOAD_DATA, Writer

TESTS = Writer.operator("tests")

START = datetime(2026, 3, 2, 9, 0, 0)
RULES = SessionRules()  # 8 hours, 30 minutes
KEY = "a" * 64
OTHER_KEY = "b" * 64


def _row(db: Database, key: str = KEY):
    rows = db.rows(select(viewer_sessions).where(viewer_sessions.c.session_key == key))
    return rows[0] if rows else None


def _later(**delta: float) -> datetime:
    return START + timedelta(**delta)


def test_the_key_is_the_sha256_of_the_cookie_and_the_address_is_stored_lower_cased(db):
    cookie = "eyJlbWFpbCI6ICJ3YW5nQGJhbmsuZXhhbXBsZSJ9.Zx1.signature"
    key = session_key(cookie)
    assert key == hashlib.sha256(cookie.encode()).hexdigest()
    assert check_session(db, key, "Wang@Bank.example", RULES, START) is None
    row = _row(db, key)
    assert (row.email, row.started_at, row.last_seen_at, row.ended_at) == (
        "wang@bank.example",
        START,
        START,
        None,
    )


def test_a_new_session_forgets_those_started_more_than_32_days_before_and_only_those(db):
    # Streamlit accepts a cookie for 31 days after sign-in: until then its row must stay, or
    # a copy of a signed-out cookie would start a new session.
    assert check_session(db, KEY, "wang@bank.example", RULES, START) is None
    sessions.end_session(db, KEY, "wang@bank.example", sessions.SIGNED_OUT, _later(hours=1))
    assert check_session(db, OTHER_KEY, "li@bank.example", RULES, _later(days=10)) is None
    third = "c" * 64
    assert check_session(db, third, "wang@bank.example", RULES, _later(days=31, hours=23)) is None
    assert _row(db) is not None  # 31 days 23 hours on: kept
    fourth = "d" * 64
    assert check_session(db, fourth, "wang@bank.example", RULES, _later(days=32, seconds=1)) is None
    assert _row(db) is None
    assert [_row(db, key) is not None for key in (OTHER_KEY, third, fourth)] == [True] * 3


def test_a_session_goes_on_within_its_lifetime_while_used(db):
    assert check_session(db, KEY, "wang@bank.example", RULES, START) is None
    # Used every 20 minutes (under the 30-minute idle timeout) up to 7 h 40 min.
    for minutes in range(20, 8 * 60, 20):
        assert check_session(db, KEY, "wang@bank.example", RULES, _later(minutes=minutes)) is None
    assert _row(db).last_seen_at == _later(minutes=460)


def test_the_lifetime_ends_a_session_however_busy(db):
    check_session(db, KEY, "wang@bank.example", RULES, START)
    for minutes in range(20, 8 * 60, 20):
        check_session(db, KEY, "wang@bank.example", RULES, _later(minutes=minutes))
    assert check_session(db, KEY, "wang@bank.example", RULES, _later(hours=8)) == EXPIRED
    row = _row(db)
    assert (row.ended_at, row.end_reason) == (_later(hours=8), EXPIRED)
    # Ended stays ended, with its first reason.
    assert check_session(db, KEY, "wang@bank.example", RULES, _later(hours=8, minutes=1)) == EXPIRED


def test_the_idle_timeout_ends_a_session_left_unused(db):
    check_session(db, KEY, "wang@bank.example", RULES, START)
    assert check_session(db, KEY, "wang@bank.example", RULES, _later(minutes=29)) is None
    # 29 minutes after that run, not after the start: still going.
    assert check_session(db, KEY, "wang@bank.example", RULES, _later(minutes=58)) is None
    assert check_session(db, KEY, "wang@bank.example", RULES, _later(minutes=88)) == IDLE
    assert _row(db).end_reason == IDLE


def test_last_seen_is_written_at_most_once_a_minute(db):
    check_session(db, KEY, "wang@bank.example", RULES, START)
    check_session(db, KEY, "wang@bank.example", RULES, _later(seconds=59))
    assert _row(db).last_seen_at == START
    check_session(db, KEY, "wang@bank.example", RULES, _later(seconds=60))
    assert _row(db).last_seen_at == _later(seconds=60)


def test_a_short_idle_timeout_writes_last_seen_a_quarter_as_often():
    rules = SessionRules(idle=timedelta(seconds=20))
    assert rules.touch_every == timedelta(seconds=5)
    assert SessionRules().touch_every == timedelta(minutes=1)


def test_sign_out_ends_the_session_for_every_copy_of_its_cookie_only(db):
    check_session(db, KEY, "wang@bank.example", RULES, START)
    check_session(db, OTHER_KEY, "wang@bank.example", RULES, START)
    end_session(db, KEY, "wang@bank.example", SIGNED_OUT, _later(minutes=5))
    assert check_session(db, KEY, "wang@bank.example", RULES, _later(minutes=6)) == SIGNED_OUT
    # The same person's other session (another browser) is a different cookie: not ended.
    assert check_session(db, OTHER_KEY, "wang@bank.example", RULES, _later(minutes=6)) is None


def test_signing_out_a_session_never_recorded_still_refuses_its_cookie(db):
    end_session(db, KEY, "wang@bank.example", SIGNED_OUT, START)
    assert check_session(db, KEY, "wang@bank.example", RULES, _later(minutes=1)) == SIGNED_OUT


def test_a_second_end_keeps_the_first_reason(db):
    check_session(db, KEY, "wang@bank.example", RULES, START)
    end_session(db, KEY, "wang@bank.example", SIGNED_OUT, _later(minutes=5))
    end_session(db, KEY, "wang@bank.example", ROLE_REMOVED, _later(minutes=6))
    row = _row(db)
    assert (row.ended_at, row.end_reason) == (_later(minutes=5), SIGNED_OUT)


def _with_branch(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(insert(branches).values(branch_id="HZ-01", branch_name="西湖", region="浙江"))


def test_a_role_removal_ends_every_open_session_of_that_person_only(db):
    _with_branch(db)
    assign_role(db, "wang@bank.example", "staff", branch_id="HZ-01", writer=TESTS)
    assign_role(db, "li@bank.example", "staff", branch_id="HZ-01", writer=TESTS)
    check_session(db, KEY, "wang@bank.example", RULES, START)
    check_session(db, OTHER_KEY, "Wang@bank.example", RULES, START)
    check_session(db, "c" * 64, "li@bank.example", RULES, START)
    assert remove_role(db, " WANG@bank.example", writer=TESTS)
    assert _row(db, KEY).end_reason == ROLE_REMOVED
    assert _row(db, OTHER_KEY).end_reason == ROLE_REMOVED
    assert _row(db, "c" * 64).ended_at is None
    assert check_session(db, KEY, "wang@bank.example", RULES, _later(minutes=1)) == ROLE_REMOVED


def test_every_session_end_is_in_the_audit_trail_once_without_its_key(db):
    _with_branch(db)
    for key in (KEY, OTHER_KEY, "c" * 64):
        check_session(db, key, "Wang@Bank.example", RULES, START)
    end_session(db, KEY, "wang@bank.example", SIGNED_OUT, _later(minutes=5))
    end_session(db, KEY, "wang@bank.example", IDLE, _later(minutes=6))  # ended already
    assert check_session(db, "c" * 64, "wang@bank.example", RULES, _later(minutes=31)) == IDLE
    assign_role(db, "wang@bank.example", "staff", branch_id="HZ-01", writer=TESTS)
    remove_role(db, "wang@bank.example", writer=TESTS)  # the one still open: OTHER_KEY
    ended = [e for e in audit.events(db) if e.kind == audit.SESSION_END]
    assert [(e.actor, e.detail) for e in ended] == [
        ("wang@bank.example", {"reason": "signed_out", "sessions": 1}),
        ("wang@bank.example", {"reason": "idle", "sessions": 1}),
        ("wang@bank.example", {"reason": "role_removed", "sessions": 1}),
    ]


def test_users_remove_on_the_command_line_ends_that_persons_sessions(db, capsys):
    _with_branch(db)
    assign_role(db, "wang@bank.example", "staff", branch_id="HZ-01", writer=TESTS)
    check_session(db, KEY, "wang@bank.example", RULES, START)
    assert main(["users", "remove", "wang@bank.example", "--db", db.url]) == 0
    assert _row(db, KEY).end_reason == ROLE_REMOVED


@pytest.mark.parametrize(
    ("settings", "env", "lifetime", "idle"),
    [
        ({}, {}, timedelta(hours=8), timedelta(minutes=30)),
        ({"session_hours": 4, "idle_minutes": 15}, {}, timedelta(hours=4), timedelta(minutes=15)),
        (
            {"session_hours": 4, "idle_minutes": 15},
            {"DASHBOARD_SESSION_HOURS": "12", "DASHBOARD_IDLE_MINUTES": "0.25"},
            timedelta(hours=12),
            timedelta(seconds=15),
        ),
        (
            {"idle_minutes": "10"},
            {"DASHBOARD_IDLE_MINUTES": ""},
            timedelta(hours=8),
            timedelta(minutes=10),
        ),
    ],
)
def test_settings_come_from_the_dashboard_section_overridden_by_the_environment(
    settings, env, lifetime, idle
):
    assert rules_from(settings, env) == SessionRules(lifetime, idle)


@pytest.mark.parametrize(
    ("settings", "env", "named"),
    [
        ({"session_hours": 0}, {}, "[dashboard] session_hours"),
        ({}, {"DASHBOARD_IDLE_MINUTES": "-5"}, "DASHBOARD_IDLE_MINUTES"),
        ({}, {"DASHBOARD_SESSION_HOURS": "eight"}, "DASHBOARD_SESSION_HOURS"),
        ({"idle_minutes": "nan"}, {}, "[dashboard] idle_minutes"),
    ],
)
def test_a_setting_that_is_not_a_positive_number_is_refused(settings, env, named):
    with pytest.raises(SessionSettingError, match=named.replace("[", r"\[").replace("]", r"\]")):
        rules_from(settings, env)


def test_a_load_holding_postgresql_does_not_hold_up_sessions_but_sqlite_does(db, monkeypatch):
    monkeypatch.setattr(sessions, "WRITER_WAIT_SECONDS", 0.2)
    with writing(
        db, COMMAND_LINE, LOAD_DATA, wait_seconds=1
    ):  # a data writer's turn, as a load takes it
        assert check_session(db, KEY, "wang@bank.example", RULES, START) is None
        recorded = _row(db) is not None
    # PostgreSQL: session writes are not data writes. SQLite: one write lock; the run goes on.
    assert recorded == (db.dialect == "postgresql")
    check_session(db, KEY, "wang@bank.example", RULES, _later(minutes=1))
    assert _row(db).started_at == (START if db.dialect == "postgresql" else _later(minutes=1))


def test_an_expired_session_is_refused_even_when_its_end_cannot_be_written(db, monkeypatch):
    check_session(db, KEY, "wang@bank.example", RULES, START)
    monkeypatch.setattr(sessions, "WRITER_WAIT_SECONDS", 0.2)
    with writing(db, COMMAND_LINE, LOAD_DATA, wait_seconds=1):
        assert check_session(db, KEY, "wang@bank.example", RULES, _later(hours=9)) == EXPIRED
