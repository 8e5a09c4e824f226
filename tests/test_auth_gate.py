"""The sign-in gate in AppTest: signed out, signed in without a role, demo mode.

The real OpenID Connect round trip is tested in the browser
(``tests/browser/test_sign_in.py``); here ``AppTest.user`` stands in for it.
"""

from __future__ import annotations

import logging
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
from data_access.writers import COMMAND_LINE, LOAD_DATA, Writer
from tests.apptest_helpers import open_page, prepare_app, signed_in_as
from ui import auth


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'gate.sqlite3'}"
    db = open_database(url)
    with db.engine.begin() as conn:
        conn.execute(insert(branches).values(branch_id="HZ-01", branch_name="西湖", region="浙江"))
    assign_role(db, "admin@bank.example", "admin", writer=Writer.operator("tests"))
    assign_role(
        db, "wang@bank.example", "staff", branch_id="HZ-01", writer=Writer.operator("tests")
    )
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
        (
            {"email": "stranger@bank.example", "email_verified": True},
            "Ask your administrator to give you a role",
        ),
        ({"email": "wang@bank.example", "email_verified": False}, "has not verified"),
        ({"email": "wang@bank.example", "email_verified": "false"}, "has not verified"),
        ({"email": "wang@bank.example"}, "did not say whether wang@bank\\.example is verified"),
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
    app = prepare_app(monkeypatch, url, user=signed_in_as("Wang@bank.example")).run()
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
    with writing(db, COMMAND_LINE, LOAD_DATA, wait_seconds=1):
        button(app, "Save role").click().run()
        assert [e.value for e in app.error] == refused
        button(app, "Remove").click().run()
        assert [e.value for e in app.error] == refused
    assert get_role(db, "li@bank.example") is None
    assert get_role(db, "wang@bank.example") is not None
    button(app, "Remove").click().run()
    assert get_role(db, "wang@bank.example") is None


# Every write re-admits its writer: the role is changed after the page was drawn.


def access_page(monkeypatch, url: str, lang: str = "en") -> AppTest:
    """The Access page drawn for the administrator, opened at its own address as a browser
    does, so that every later run goes through ``app.py`` and its sign-in gate."""
    app = prepare_app(monkeypatch, url, user=signed_in_as("admin@bank.example"), lang=lang)
    app.switch_page("pages/access.py").run()
    assert app.title[0].value in ("Access", "访问权限")
    return app


def access_page_ready_to_write(monkeypatch, url: str) -> AppTest:
    """The Access page drawn for the administrator, about to make li@ an administrator (Save
    role) or to remove wang@'s role (Remove)."""
    app = access_page(monkeypatch, url)
    app.text_input(key="access_email").input("li@bank.example")
    app.segmented_control(key="access_role").set_value("admin")
    app.selectbox(key="access_gone").set_value("wang@bank.example")
    return app


def roles_now(url: str) -> dict[str, str]:
    return {role.email: role.role for role in roles.list_roles(open_database(url))}


NO_ROLE_TO_CHANGE_ROLES = (
    "Nothing was changed: you no longer have a role in the dashboard, so you may not change "
    "roles. Ask your administrator."
)


@pytest.mark.parametrize("grantee", ["li@bank.example", "admin@bank.example"])
def test_a_removed_administrator_cannot_grant_a_role_even_to_themselves(monkeypatch, url, grantee):
    app = access_page_ready_to_write(monkeypatch, url)
    app.text_input(key="access_email").input(grantee)
    roles.remove_role(open_database(url), "admin@bank.example", writer=COMMAND_LINE)
    button(app, "Save role").click().run()
    assert not app.exception
    assert [e.value for e in app.error] == [NO_ROLE_TO_CHANGE_ROLES]
    # and they are let in no more: the removal ended their session
    assert "your access to the dashboard was removed" in app.warning[0].value
    assert roles_now(url) == {"wang@bank.example": "staff"}


def test_a_removed_administrator_cannot_remove_a_role(monkeypatch, url):
    app = access_page_ready_to_write(monkeypatch, url)
    roles.remove_role(open_database(url), "admin@bank.example", writer=COMMAND_LINE)
    button(app, "Remove").click().run()
    assert [e.value for e in app.error] == [NO_ROLE_TO_CHANGE_ROLES]
    assert roles_now(url) == {"wang@bank.example": "staff"}


def test_an_administrator_demoted_to_staff_is_refused_in_chinese(monkeypatch, url):
    app = access_page(monkeypatch, url, lang="zh")
    app.selectbox(key="access_gone").set_value("wang@bank.example")
    db = open_database(url)
    assign_role(db, "admin@bank.example", "staff", branch_id="HZ-01", writer=COMMAND_LINE)
    button(app, "移除").click().run()
    assert [e.value for e in app.error] == ["未做任何修改：您现在的角色是支行员工，不能修改角色。"]
    assert app.title[0].value == "总览"  # the Access page is theirs no more
    assert roles_now(url) == {"admin@bank.example": "staff", "wang@bank.example": "staff"}


def test_an_administrator_still_in_office_grants_and_is_recorded(monkeypatch, url):
    app = access_page_ready_to_write(monkeypatch, url)
    button(app, "Save role").click().run()
    assert not app.error
    li = get_role(open_database(url), "li@bank.example")
    assert li is not None and (li.role, li.granted_by) == ("admin", "admin@bank.example")


# E-mail verification


def test_an_unverified_address_is_refused_in_chinese_with_the_reason(monkeypatch, url):
    user = {"is_logged_in": True, "email": "wang@bank.example"}
    app = prepare_app(monkeypatch, url, user=user, lang="zh").run()
    assert [w.value for w in app.warning] == [
        "身份提供方未说明 wang@bank\\.example 是否已验证，无法授予访问权限。请联系管理员："
        "若身份提供方从不提供此信息，可将看板设置为信任其地址。"
    ]
    assert shows_no_data(app)


def test_a_verified_address_given_as_text_is_accepted(monkeypatch, url):
    user = {"is_logged_in": True, "email": "wang@bank.example", "email_verified": "true"}
    app = prepare_app(monkeypatch, url, user=user).run()
    assert not app.warning
    assert "Signed in as wang@bank\\.example" in [c.value for c in app.sidebar.caption]


@pytest.fixture
def warnings_of_auth(caplog) -> pytest.LogCaptureFixture:
    """The auth log's records; the once-per-process warning made possible again."""
    auth._warn_trusting_unverified.cache_clear()
    caplog.set_level(logging.WARNING, logger="dashboard.auth")
    return caplog


@pytest.mark.parametrize("how", ["secrets", "environment"])
def test_trusting_unverified_addresses_lets_them_in_and_warns_once(
    monkeypatch, url, warnings_of_auth, how
):
    user = {"is_logged_in": True, "email": "wang@bank.example"}
    app = prepare_app(monkeypatch, url, user=user)
    if how == "secrets":
        app.secrets["dashboard"] = {"trust_unverified_email": True}
    else:
        monkeypatch.setenv("DASHBOARD_TRUST_UNVERIFIED_EMAIL", "1")
    app.run()
    assert not app.exception and not app.warning
    assert "Signed in as wang@bank\\.example" in [c.value for c in app.sidebar.caption]
    app.run()
    records = [r for r in warnings_of_auth.records if r.name == "dashboard.auth"]
    assert len(records) == 1
    assert "trust_unverified_email is on" in records[0].getMessage()
    assert "wang" not in records[0].getMessage()
    # An explicit "not verified" is refused even then.
    refused = prepare_app(monkeypatch, url, user={**user, "email_verified": False})
    refused.secrets["dashboard"] = {"trust_unverified_email": True}
    refused.run()
    assert "has not verified" in refused.warning[0].value


def test_trust_is_off_unless_set_to_true(monkeypatch, url):
    user = {"is_logged_in": True, "email": "wang@bank.example"}
    app = prepare_app(monkeypatch, url, user=user)
    app.secrets["dashboard"] = {"trust_unverified_email": "no"}
    monkeypatch.setenv("DASHBOARD_TRUST_UNVERIFIED_EMAIL", "0")
    app.run()
    assert "did not say whether" in app.warning[0].value
    assert shows_no_data(app)
