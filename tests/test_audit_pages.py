"""The audit trail as the dashboard records and shows it, in Streamlit's AppTest, on the March
2024 data of ``tests/test_metrics_series.py``: sign-ins, refusals, page views once per page
and filters, and the Access page's view in both languages. Expected events by hand."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from pptx import Presentation
from sqlalchemy import insert as insert_rows

from data_access import Database, audit, open_database
from data_access.roles import assign_role
from data_access.schema import audit_events
from data_access.writers import Writer
from tests.apptest_helpers import Dates, open_page, prepare_app, signed_in_as
from tests.metrics_fixtures import insert
from tests.test_metrics_series import march_2024_rows
from ui import navigation
from ui.export_buttons import PACK

MARCH: Dates = {"start": "2024-03-01", "end": "2024-03-31"}
MARCH_FILTERS = {
    "compare": ["previous"],
    "end": ["2024-03-31"],
    "lang": ["en"],
    "start": ["2024-03-01"],
}
"""The address parameters of the March view: the default comparison and language included."""


@pytest.fixture
def march(db_url: str) -> Database:
    db = open_database(db_url)
    insert(db, *march_2024_rows())
    assign_role(db, "admin@bank.example", "admin", writer=Writer.operator("tests"))
    assign_role(
        db, "wang@bank.example", "staff", branch_id="HZ-02", writer=Writer.operator("tests")
    )
    with db.engine.begin() as conn:
        conn.execute(audit_events.delete())  # the grants above: not what these tests count
    return db


def _events(db: Database, kind: str | None = None) -> list[tuple[str, str | None, dict]]:
    return [(e.actor, e.page, e.detail) for e in audit.events(db) if kind in (None, e.kind)]


def test_page_views_are_recorded_once_per_page_and_filters(monkeypatch, march):
    app = open_page(monkeypatch, march.url, timeout=120, **MARCH)
    app.run()  # a plain rerun records nothing
    app.switch_page("pages/growth.py").run()
    app.switch_page("pages/overview.py").run()  # seen with these filters already
    app.sidebar.multiselect(key="f_region").set_value(["浙江"]).run()
    everything = {"branches": "all", "regions": "all"}
    assert [(e.kind, e.actor) for e in audit.events(march)][:1] == [("sign_in", "demo (local)")]
    assert _events(march, "sign_in") == [
        ("demo (local)", None, {"role": "admin", "scope": everything})
    ]
    assert _events(march, "page_view") == [
        ("demo (local)", "overview", {"filters": MARCH_FILTERS}),
        ("demo (local)", "growth", {"filters": MARCH_FILTERS}),
        ("demo (local)", "overview", {"filters": {**MARCH_FILTERS, "region": ["浙江"]}}),
    ]


def test_a_signed_in_staff_members_sign_in_names_their_role_and_branch(monkeypatch, march):
    app = open_page(
        monkeypatch, march.url, timeout=120, user=signed_in_as("Wang@Bank.example"), **MARCH
    )
    app.run()
    assert _events(march, "sign_in") == [
        (
            "wang@bank.example",
            None,
            {"role": "staff", "scope": {"branches": ["HZ-02"], "regions": ["浙江"]}},
        )
    ]
    assert [page for _, page, _ in _events(march, "page_view")] == ["overview"]


def test_signing_out_and_in_again_in_one_browser_session_is_a_new_sign_in(monkeypatch, march):
    app = open_page(monkeypatch, march.url, timeout=120, user=signed_in_as("admin@bank.example"))
    app.user = {"is_logged_in": False}
    app.run()
    app.user = signed_in_as("admin@bank.example")
    app.run()
    assert [actor for actor, _, _ in _events(march, "sign_in")] == ["admin@bank.example"] * 2


@pytest.mark.parametrize(
    ("user", "actor", "reason"),
    [
        (
            {"email": "Stranger@bank.example", "email_verified": True},
            "stranger@bank.example",
            "no_role",
        ),
        (
            {"email": "wang@bank.example", "email_verified": False},
            "wang@bank.example",
            "unverified_email",
        ),
        ({}, "(no e-mail)", "no_email"),
    ],
)
def test_a_refused_visitor_is_recorded_once_with_the_reason(
    monkeypatch, march, user, actor, reason
):
    app = prepare_app(monkeypatch, march.url, user={"is_logged_in": True, **user}).run()
    app.run()
    assert not app.exception
    assert [(e.kind, e.actor, e.detail) for e in audit.events(march)] == [
        ("refusal", actor, {"reason": reason})
    ]


@pytest.mark.parametrize("page", ["access", "data"])
def test_staff_opening_an_administrators_page_is_refused_and_recorded(monkeypatch, march, page):
    # The address a browser asks for; AppTest cannot type one, so it is given here.
    monkeypatch.setattr(navigation, "asked_path", lambda: page)
    app = prepare_app(monkeypatch, march.url, user=signed_in_as("wang@bank.example")).run()
    assert not app.exception
    assert app.title[0].value == "Page not found"
    app.run()
    assert _events(march, "refusal") == [("wang@bank.example", page, {"reason": "admin_only"})]
    assert _events(march, "page_view") == []


def test_an_administrator_opening_an_unknown_address_is_not_a_refusal(monkeypatch, march):
    monkeypatch.setattr(navigation, "asked_path", lambda: "access-old")
    app = prepare_app(monkeypatch, march.url, user=signed_in_as("admin@bank.example")).run()
    assert app.title[0].value == "Page not found"
    assert _events(march, "refusal") == []


def test_an_administrator_demoting_themselves_is_refused_and_recorded(monkeypatch, march):
    app = open_page(monkeypatch, march.url, "access", user=signed_in_as("admin@bank.example"))
    app.text_input(key="access_email").input("admin@bank.example")
    app.segmented_control(key="access_role").set_value("manager")
    next(b for b in app.button if b.label == "Save role").click().run()
    assert _events(march, "refusal") == [
        (
            "admin@bank.example",
            "access",
            {"reason": "refused_write", "write": "own_role", "role": "manager"},
        )
    ]
    assert _events(march, "role_grant") == []


def _seed_trail(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(audit_events.delete())
        conn.execute(
            insert_rows(audit_events),
            [
                {
                    "at": datetime(2024, 3, 4, 9, 0, 0),
                    "actor": "wang@bank.example",
                    "kind": "download",
                    "page": "overview",
                    "detail_json": '{"file": "branch_league.csv", "rows": 3}',
                },
                {
                    "at": datetime(2024, 3, 5, 10, 0, 0),
                    "actor": "li@bank.example",
                    "kind": "role_grant",
                    "page": None,
                    "detail_json": '{"email": "x@bank.example"}',
                },
                {
                    "at": datetime(2024, 3, 9, 0, 0, 0),
                    "actor": "wang@bank.example",
                    "kind": "sign_in",
                    "page": None,
                    "detail_json": "{}",
                },
            ],
        )


@pytest.mark.parametrize(
    ("lang", "heading", "columns", "download"),
    [
        (
            "en",
            "Audit trail",
            ["When (UTC)", "Who", "What", "Page", "Detail"],
            ("Download", "Overview"),
        ),
        ("zh", "审计记录", ["时间（UTC）", "操作人", "事件", "页面", "详情"], ("下载", "总览")),
    ],
)
def test_the_access_page_shows_a_persons_events_in_a_period(
    monkeypatch, march, lang, heading, columns, download
):
    app = open_page(
        monkeypatch, march.url, "access", user=signed_in_as("admin@bank.example"), lang=lang
    )
    _seed_trail(march)
    app.run()
    assert heading in [s.value for s in app.subheader]
    app.date_input(key="audit_since").set_value(datetime(2024, 3, 1).date())
    app.date_input(key="audit_until").set_value(datetime(2024, 3, 8).date()).run()
    shown = app.dataframe[-1].value
    assert list(shown.columns) == columns
    # Newest first; 9 March is after the period, the admin's own sign-in today too.
    assert shown[columns[1]].tolist() == ["li@bank.example", "wang@bank.example"]
    app.selectbox(key="audit_person").set_value("wang@bank.example").run()
    shown = app.dataframe[-1].value
    assert shown.values.tolist() == [
        [
            "2024-03-04 09:00:00",
            "wang@bank.example",
            *download,
            '{"file": "branch_league.csv", "rows": 3}',
        ]
    ]


def test_a_start_after_the_end_is_explained(monkeypatch, march):
    app = open_page(monkeypatch, march.url, "access", user=signed_in_as("admin@bank.example"))
    app.date_input(key="audit_since").set_value(datetime(2024, 3, 9).date())
    app.date_input(key="audit_until").set_value(datetime(2024, 3, 8).date()).run()
    assert "The start is after the end" in app.warning[-1].value


def test_building_the_meeting_pack_is_an_export_with_its_view_and_slides(monkeypatch, march):
    if march.dialect != "sqlite":
        pytest.skip("the pack is built the same way on both; its events are tested on both above")
    app = open_page(monkeypatch, march.url, timeout=120, region="浙江", **MARCH)
    app.button(key="pack_build").click().run()
    slides = len(Presentation(io.BytesIO(app.session_state[PACK].deck)).slides)
    assert _events(march, "export") == [
        (
            "demo (local)",
            "overview",
            {
                "format": "pptx",
                "file": "meeting-pack_2024-03-01_2024-03-31_en.pptx",
                "filters": {**MARCH_FILTERS, "region": ["浙江"]},
                "scope": {"branches": "all", "regions": "all"},
                "slides": slides,
            },
        )
    ]
