"""The sign-in gate's server-side session in AppTest, on SQLite and PostgreSQL: a run whose
session has ended (signed out, expired, idle, role removed, no cookie) gets the "session
ended" page and no data; sign-out ends the session before Streamlit deletes the cookie.

AppTest cannot send cookies: ``carry_cookie`` gives the runs one. After its first run an
AppTest reruns only the page's script, not ``app.py``, so each later interaction here is a new
AppTest with the same cookie (as a browser tab would send it). The real cookie, copied
between browsers, is tested in ``tests/browser/test_sessions.py``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert, select, update
from streamlit.testing.v1 import AppTest

from data_access import audit, open_database
from data_access.roles import assign_role, remove_role
from data_access.schema import branches, viewer_sessions
from data_access.sessions import session_key
from data_access.writers import Writer
from tests.apptest_helpers import carry_cookie, prepare_app, signed_in_as
from ui.sessions import joined_cookie

TESTS = Writer.operator("tests")

COOKIE = "cookie-of-wang"
KEY = session_key(COOKIE)
WANG = "wang@bank.example"


@pytest.fixture
def url(db_url: str) -> str:
    db = open_database(db_url)
    with db.engine.begin() as conn:
        conn.execute(insert(branches).values(branch_id="HZ-01", branch_name="西湖", region="浙江"))
    assign_role(db, WANG, "staff", branch_id="HZ-01", writer=TESTS)
    return db_url


def signed_in(
    monkeypatch, url: str, cookie: str | None = COOKIE, query: dict[str, str] | None = None
) -> AppTest:
    app = prepare_app(monkeypatch, url, user=signed_in_as(WANG), query=query)
    carry_cookie(monkeypatch, cookie)
    return app


def session_row(url: str):
    rows = open_database(url).rows(
        select(viewer_sessions).where(viewer_sessions.c.session_key == KEY)
    )
    return rows[0] if rows else None


def age_session(url: str, *, started: timedelta, seen: timedelta) -> None:
    """Move the session's start and last run back by ``started`` and ``seen``."""
    row = session_row(url)
    with open_database(url).engine.begin() as conn:
        conn.execute(
            update(viewer_sessions)
            .where(viewer_sessions.c.session_key == KEY)
            .values(started_at=row.started_at - started, last_seen_at=row.last_seen_at - seen)
        )


def refused_with(app: AppTest, message: str) -> bool:
    return (
        not app.exception
        and message in app.warning[0].value
        and [b.label for b in app.button] == ["Sign in again"]
        and not (app.metric or app.dataframe or app.sidebar.multiselect)
    )


def admitted(app: AppTest) -> bool:
    """Past the gate (the database has no data rows, so pages show empty states)."""
    return not app.exception and any(
        c.value.startswith("Signed in as") for c in app.sidebar.caption
    )


def test_a_first_run_starts_the_session_and_is_admitted(monkeypatch, url):
    app = signed_in(monkeypatch, url).run()
    assert admitted(app)
    row = session_row(url)
    assert (row.email, row.ended_at) == (WANG, None)


def test_sign_out_ends_the_session_and_the_next_run_with_that_cookie_is_refused(monkeypatch, url):
    app = signed_in(monkeypatch, url).run()
    next(b for b in app.sidebar.button if b.label == "Sign out").click().run()
    assert session_row(url).end_reason == "signed_out"
    # Another tab, or a copy of the cookie, still signed in as far as Streamlit knows:
    other = signed_in(monkeypatch, url).run()
    assert refused_with(other, "it was signed out")


def test_sign_out_and_the_copied_cookie_refused_after_it_are_in_the_audit_trail(monkeypatch, url):
    app = signed_in(monkeypatch, url).run()
    next(b for b in app.sidebar.button if b.label == "Sign out").click().run()
    signed_in(monkeypatch, url).run()  # a copy of the cookie, in another browser session
    trail = [(e.kind, e.actor, e.detail) for e in audit.events(open_database(url))]
    assert trail[-2:] == [
        ("session_end", WANG, {"reason": "signed_out", "sessions": 1}),
        ("refusal", WANG, {"reason": "session_ended", "ended": "signed_out"}),
    ]
    assert COOKIE not in str(trail) and KEY not in str(trail)


def test_the_idle_timeout_ends_a_session(monkeypatch, url):
    signed_in(monkeypatch, url).run()
    age_session(url, started=timedelta(minutes=31), seen=timedelta(minutes=31))
    app = signed_in(monkeypatch, url).run()
    assert refused_with(app, "more than 30 minutes without use")
    assert session_row(url).end_reason == "idle"


def test_a_session_used_within_the_idle_timeout_goes_on(monkeypatch, url):
    signed_in(monkeypatch, url).run()
    age_session(url, started=timedelta(minutes=29), seen=timedelta(minutes=29))
    assert admitted(signed_in(monkeypatch, url).run())


def test_the_lifetime_comes_from_the_environment(monkeypatch, url):
    monkeypatch.setenv("DASHBOARD_SESSION_HOURS", "2")
    signed_in(monkeypatch, url).run()
    age_session(url, started=timedelta(hours=1, minutes=59), seen=timedelta(0))
    assert admitted(signed_in(monkeypatch, url).run())
    age_session(url, started=timedelta(minutes=1), seen=timedelta(0))
    app = signed_in(monkeypatch, url).run()
    assert refused_with(app, "sessions last at most 2 hours")
    assert session_row(url).end_reason == "expired"


def test_the_idle_timeout_comes_from_the_dashboard_secrets(monkeypatch, url):
    first = signed_in(monkeypatch, url)
    first.secrets["dashboard"] = {"idle_minutes": 5}
    first.run()
    age_session(url, started=timedelta(minutes=6), seen=timedelta(minutes=6))
    app = signed_in(monkeypatch, url)
    app.secrets["dashboard"] = {"idle_minutes": 5}
    app.run()
    assert refused_with(app, "more than 5 minutes without use")


def test_a_role_removal_ends_the_open_session_before_the_role_check(monkeypatch, url):
    signed_in(monkeypatch, url).run()
    remove_role(open_database(url), WANG, writer=TESTS)
    # Given back at once: the session stays ended; a new sign-in (a new cookie) is needed.
    assign_role(open_database(url), WANG, "staff", branch_id="HZ-01", writer=TESTS)
    app = signed_in(monkeypatch, url).run()
    assert refused_with(app, "your access to the dashboard was removed")
    fresh = signed_in(monkeypatch, url, cookie="cookie-of-wang-signed-in-again").run()
    assert admitted(fresh)


def test_a_signed_in_run_without_an_identity_cookie_is_refused(monkeypatch, url):
    app = signed_in(monkeypatch, url, cookie=None).run()
    assert refused_with(app, "could not be recognised")


def test_the_session_ended_page_follows_the_links_language(monkeypatch, url):
    app = signed_in(monkeypatch, url).run()
    next(b for b in app.sidebar.button if b.label == "Sign out").click().run()
    other = signed_in(monkeypatch, url, query={"lang": "zh"}).run()
    assert "已退出登录" in other.warning[0].value
    assert [b.label for b in other.button] == ["重新登录"]


def test_a_split_identity_cookie_is_read_whole_and_the_tokens_cookie_is_not_part_of_it():
    cookies = {
        "_streamlit_user_tokens": "tokens",
        "_streamlit_user_2": "second",
        "_streamlit_user": "chunks-2",
        "_streamlit_user_10": "tenth",
        "_streamlit_user_1": "first",
        "_streamlit_xsrf": "xsrf",
    }
    assert joined_cookie(cookies) == "chunks-2\nfirst\nsecond\ntenth"
    assert joined_cookie({"_streamlit_user": "whole"}) == "whole"
    assert joined_cookie({"_streamlit_user_tokens": "tokens"}) is None
