"""The sign-in gate in AppTest: signed out, signed in without a role, demo mode.

The real OpenID Connect round trip is tested in the browser
(``tests/browser/test_sign_in.py``); here ``AppTest.user`` stands in for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import insert
from streamlit.testing.v1 import AppTest

from data_access import open_database, roles
from data_access.engine import get_engine
from data_access.roles import assign_role, get_role
from data_access.schema import branches
from data_access.write_lock import writing
from tests.apptest_helpers import open_page, prepare_app, signed_in_as


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'gate.sqlite3'}"
    db = open_database(url)
    with db.engine.begin() as conn:
        conn.execute(insert(branches).values(branch_id="HZ-01", branch_name="西湖", region="浙江"))
    assign_role(db, "admin@bank.example", "admin", granted_by="tests")
    assign_role(db, "wang@bank.example", "staff", branch_id="HZ-01", granted_by="tests")
    yield url
    get_engine(url).dispose()


def shows_no_data(app: AppTest) -> bool:
    return not (
        app.metric or app.dataframe or app.get("vega_lite_chart") or app.sidebar.multiselect
    )


def only_page_is_the_gate(app: AppTest) -> bool:
    try:
        app.switch_page("pages/overview.py")
    except ValueError:
        return True
    return False


def test_a_signed_out_visitor_gets_only_a_sign_in_button(monkeypatch, url):
    app = prepare_app(monkeypatch, url, user={"is_logged_in": False}).run()
    assert not app.exception
    assert [button.label for button in app.button] == ["Sign in"]
    assert shows_no_data(app)
    assert only_page_is_the_gate(app)


def test_the_sign_in_page_follows_the_links_language(monkeypatch, url):
    app = prepare_app(monkeypatch, url, user={"is_logged_in": False}, lang="zh").run()
    assert [button.label for button in app.button] == ["登录"]


@pytest.mark.parametrize(
    ("user", "message"),
    [
        ({"email": "stranger@bank.example"}, "Ask your administrator to give you a role"),
        ({"email": "wang@bank.example", "email_verified": False}, "has not verified"),
        ({}, "did not include an e-mail address"),
    ],
)
def test_someone_without_a_usable_role_is_told_to_ask_and_sees_no_data(
    monkeypatch, url, user, message
):
    app = prepare_app(monkeypatch, url, user={"is_logged_in": True, **user}).run()
    assert not app.exception
    assert message in app.warning[0].value
    assert [button.label for button in app.button] == ["Sign out"]
    assert shows_no_data(app)
    assert only_page_is_the_gate(app)


def test_a_signed_in_viewer_is_named_in_the_sidebar_and_can_sign_out(monkeypatch, url):
    app = prepare_app(
        monkeypatch, url, user={"is_logged_in": True, "email": "Wang@bank.example"}
    ).run()
    assert not app.exception
    assert "Signed in as wang@bank\\.example" in [c.value for c in app.sidebar.caption]
    next(b for b in app.sidebar.button if b.label == "Sign out").click().run()
    # Streamlit then sends the browser through its logout route (the browser test follows it).
    assert app.user == {"is_logged_in": False}


def listening_on(monkeypatch, address: str) -> None:
    """Make the app read ``address`` as its ``server.address`` option."""
    real_get_option = st.get_option
    monkeypatch.setattr(
        st,
        "get_option",
        lambda name: address if name == "server.address" else real_get_option(name),
    )


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "::1"])
def test_without_auth_the_app_is_a_local_demo_for_an_administrator(monkeypatch, url, address):
    listening_on(monkeypatch, address)
    app = prepare_app(monkeypatch, url).run()
    assert not app.exception
    assert any(c.value.startswith("Demo mode") for c in app.sidebar.caption)
    app.switch_page("pages/access.py").run()
    assert not app.exception
    assert app.title[0].value == "Access"


@pytest.mark.parametrize("address", ["0.0.0.0", "", "192.168.1.20", "bank-dashboard.example"])
def test_demo_mode_refuses_to_serve_beyond_this_computer(monkeypatch, url, address):
    listening_on(monkeypatch, address)
    app = prepare_app(monkeypatch, url).run()
    assert "serves only the computer it runs on" in app.error[0].value
    assert shows_no_data(app)
    assert only_page_is_the_gate(app)


def button(app: AppTest, label: str):
    return next(b for b in app.button if b.label == label)


def test_role_changes_while_a_load_holds_the_database_are_refused(monkeypatch, url):
    monkeypatch.setattr(roles, "WRITER_WAIT_SECONDS", 0.3)
    app = open_page(monkeypatch, url, "access", user=signed_in_as("admin@bank.example"))
    app.text_input(key="access_email").input("li@bank.example")
    app.segmented_control(key="access_role").set_value("admin")
    app.selectbox(key="access_gone").set_value("wang@bank.example")
    db = open_database(url)
    busy = "a data load kept the database busy for more than 0.3 s"
    refused = [f"Not saved: {busy}. Try again when it has finished."]
    with writing(db, wait_seconds=1):
        button(app, "Save role").click().run()
        assert [e.value for e in app.error] == refused
        button(app, "Remove").click().run()
        assert [e.value for e in app.error] == refused
    assert get_role(db, "li@bank.example") is None
    assert get_role(db, "wang@bank.example") is not None
    button(app, "Remove").click().run()
    assert get_role(db, "wang@bank.example") is None
