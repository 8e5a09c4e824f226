"""Branch scoping: a viewer's role gives a Scope, and every metric honours it.

The data below is small enough to work every expected number out by hand (the
comments show the arithmetic). Branch staff of HZ-01 must see exactly HZ-01's
numbers and the market of its region 浙江, whatever other branches or regions
their filters name.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Table, insert
from streamlit.testing.v1 import AppTest

from data_access import Database, Filters, Scope, open_database, rollups
from data_access.engine import get_engine
from data_access.roles import ViewerRole, assign_role, get_role
from data_access.schema import (
    branches,
    campaign_branches,
    campaigns,
    complaints,
    market_share,
    staff,
    surveys,
    targets,
    teams,
    wallet_activity,
    wallet_users,
)
from data_access.viewer_scope import scope_for_role
from data_access.writers import Writer
from metrics.campaign import campaign_impact
from metrics.period import Period
from metrics.retention import retention
from metrics.summary import summary
from metrics.targets import team_targets
from tests.apptest_helpers import open_page, signed_in_as
from ui.navigation import ADMIN_SECTION, SECTIONS

D = date.fromisoformat
MARCH = Period(D("2026-03-01"), D("2026-03-31"))

ROWS: dict[Table, list[tuple[Any, ...]]] = {
    branches: [
        ("HZ-01", "杭州西湖支行", "浙江"),
        ("HZ-02", "杭州滨江支行", "浙江"),
        ("NJ-01", "南京鼓楼支行", "江苏"),
    ],
    teams: [("HZ-01-A", "HZ-01", "A"), ("HZ-02-A", "HZ-02", "A"), ("NJ-01-A", "NJ-01", "A")],
    staff: [("s1", "HZ-01-A", "张"), ("s2", "HZ-02-A", "李"), ("s3", "NJ-01-A", "王")],
    campaigns: [("C1", "开立有礼", D("2026-03-01"), D("2026-03-10"), None)],
    campaign_branches: [("C1", "HZ-01"), ("C1", "NJ-01")],
    wallet_users: [
        ("u1", "HZ-01", "young", "branch", D("2026-03-02"), "s1", "C1"),
        ("u2", "HZ-01", "senior", "online", D("2026-02-10"), "s1", None),
        ("u3", "HZ-01", "merchant", "outreach", D("2026-03-20"), "s1", None),
        ("u4", "HZ-02", "young", "branch", D("2026-03-05"), "s2", None),
        ("u5", "HZ-02", "young", "online", D("2026-01-01"), "s2", None),
        ("u6", "NJ-01", "young", "branch", D("2026-03-03"), "s3", "C1"),
        ("u7", "NJ-01", "senior", "referral", D("2026-03-15"), "s3", None),
        ("u8", "NJ-01", "middle_aged", "online", D("2026-02-20"), "s3", None),
    ],
    wallet_activity: [
        ("u1", D("2026-03-02"), 2, 1000),
        ("u1", D("2026-03-05"), 1, 550),
        ("u2", D("2026-03-10"), 3, 3000),
        ("u2", D("2026-04-02"), 1, 100),
        ("u4", D("2026-03-06"), 1, 100),
        ("u6", D("2026-03-04"), 4, 4000),
        ("u6", D("2026-03-20"), 1, 200),
        ("u7", D("2026-03-16"), 2, 300),
        ("u8", D("2026-03-01"), 5, 5000),
    ],
    surveys: [
        ("r1", "u1", D("2026-03-03"), 5, 10, "很好"),
        ("r2", "u2", D("2026-03-11"), 3, 6, None),
        ("r3", "u4", D("2026-03-07"), 4, 9, None),
        ("r4", "u6", D("2026-03-21"), 2, 3, None),
        ("r5", "u7", D("2026-03-17"), 5, 10, None),
    ],
    complaints: [
        ("c1", "u2", D("2026-03-03"), D("2026-03-05"), "failed_payment"),
        ("c2", "u1", D("2026-03-10"), None, "security"),
        ("c3", "u6", D("2026-03-04"), D("2026-03-20"), "security"),
        ("c4", "u4", D("2026-03-12"), D("2026-03-13"), "compatibility"),
    ],
    market_share: [
        ("2026-03", "浙江", "Our wallet", 100, 1),
        ("2026-03", "浙江", "Alipay", 300, 0),
        ("2026-03", "江苏", "Our wallet", 50, 1),
        ("2026-03", "江苏", "Alipay", 50, 0),
    ],
    targets: [
        ("2026-03", "HZ-01-A", "new_users", 4),
        ("2026-03", "HZ-02-A", "new_users", 5),
        ("2026-03", "NJ-01-A", "new_users", 6),
    ],
}

# HZ-01 in March 2026, worked out by hand from ROWS.
HZ01_MARCH = {
    "new_users": 2,  # u1, u3
    "total_users": 3,  # u1, u2, u3
    "active_users": 2,  # u1, u2
    "avg_daily_active_users": 3 / 31,  # three user-days
    "transactions": 6,  # 2 + 1 + 3
    "amount": 45.5,  # 10.00 + 5.50 + 30.00
    "tx_per_active_user": 3.0,
    "avg_amount_per_transaction": 45.5 / 6,  # amount / transactions
    "activation_rate_30d": 0.5,  # u1 active on its first day, u3 never
    "survey_responses": 2,
    "csat_avg": 4.0,  # (5 + 3) / 2
    "csat_satisfied_share": 0.5,
    "nps": 0.0,  # one promoter (10), one detractor (6)
    "complaints": 2,  # c1, c2
    "complaints_per_10k_active": 10000.0,  # 2 x 10000 / 2
    "complaint_median_resolution_days": 2.0,  # c1 only
    "complaints_resolved_within_7d_share": 0.5,
    "complaints_open_at_end": 1,  # c2
    "own_share": 0.25,  # 浙江: 100 / (100 + 300)
}

NOTHING_VISIBLE = {
    "new_users": 0,
    "total_users": 0,
    "active_users": 0,
    "avg_daily_active_users": 0.0,
    "transactions": 0,
    "amount": 0.0,
    "tx_per_active_user": None,
    "avg_amount_per_transaction": None,
    "activation_rate_30d": None,
    "survey_responses": 0,
    "csat_avg": None,
    "csat_satisfied_share": None,
    "nps": None,
    "complaints": 0,
    "complaints_per_10k_active": None,
    "complaint_median_resolution_days": None,
    "complaints_resolved_within_7d_share": None,
    "complaints_open_at_end": 0,
    "own_share": None,
}

HZ01_STAFF = Scope(branches=frozenset({"HZ-01"}), regions=frozenset({"浙江"}))


def _assert_same(actual: dict, expected: dict) -> None:
    assert list(actual) == list(expected)
    for key, value in expected.items():
        assert actual[key] == pytest.approx(value), key


@pytest.fixture
def bank(db: Database) -> Database:
    with db.engine.begin() as conn:
        for table, rows in ROWS.items():
            conn.execute(
                insert(table), [dict(zip(table.c.keys(), row, strict=True)) for row in rows]
            )
        rollups.rebuild(conn)
    return db


@pytest.fixture
def roles(bank: Database) -> Database:
    assign_role(bank, "admin@bank.example", "admin", writer=Writer.operator("tests"))
    assign_role(bank, "ceo@bank.example", "manager", writer=Writer.operator("tests"))
    assign_role(
        bank, "zj@bank.example", "manager", regions=["浙江"], writer=Writer.operator("tests")
    )
    assign_role(
        bank, "wang@bank.example", "staff", team_id="HZ-01-A", writer=Writer.operator("tests")
    )
    assign_role(
        bank, "li@bank.example", "staff", branch_id="NJ-01", writer=Writer.operator("tests")
    )
    return bank


def scope_of(db: Database, email: str) -> Scope:
    """The scope the app gives ``email`` once signed in (``ui.auth.admit``: role, then scope)."""
    role = get_role(db, email)
    assert role is not None, f"{email} has no role"
    return scope_for_role(db, role)


def test_each_role_resolves_to_its_scope(roles):
    assert scope_of(roles, "admin@bank.example") == Scope.everything()
    assert scope_of(roles, "ceo@bank.example") == Scope.everything()
    assert scope_of(roles, "ZJ@bank.example") == Scope(
        branches=frozenset({"HZ-01", "HZ-02"}), regions=frozenset({"浙江"})
    )
    assert scope_of(roles, "wang@bank.example") == HZ01_STAFF
    assert scope_of(roles, "li@bank.example") == Scope(
        branches=frozenset({"NJ-01"}), regions=frozenset({"江苏"})
    )


def test_someone_without_a_role_has_no_scope(roles):
    assert get_role(roles, "stranger@bank.example") is None
    assert get_role(roles, "") is None


def test_a_regional_managers_scope_follows_branches_added_later(roles):
    with roles.engine.begin() as conn:
        conn.execute(insert(branches).values(branch_id="HZ-03", branch_name="新", region="浙江"))
    assert scope_of(roles, "zj@bank.example").branches == {"HZ-01", "HZ-02", "HZ-03"}


def test_a_role_of_unknown_kind_sees_nothing(roles):
    scope = scope_for_role(roles, ViewerRole("x@bank.example", "auditor"))
    assert scope.branches == frozenset() and scope.regions == frozenset()


def test_staff_summary_is_their_branch_alone(bank):
    _assert_same(summary(bank.with_scope(HZ01_STAFF), MARCH, Filters()), HZ01_MARCH)


def test_everything_scope_sees_the_whole_bank(bank):
    whole = summary(bank, MARCH, Filters())
    assert whole["total_users"] == 8
    assert whole["transactions"] == 19  # 6 + 1 (u4) + 4 + 1 + 2 (NJ-01) + 5 (u8)
    assert whole["own_share"] == pytest.approx(150 / 500)


@pytest.mark.parametrize(
    "filters",
    [
        Filters(branches=("HZ-01", "NJ-01")),
        Filters(branches=("HZ-01", "HZ-02", "NJ-01")),
        Filters(regions=("浙江", "江苏")),
        Filters(branches=("HZ-01",), regions=("浙江", "江苏")),
    ],
)
def test_filters_naming_other_branches_add_nothing(bank, filters):
    _assert_same(summary(bank.with_scope(HZ01_STAFF), MARCH, filters), HZ01_MARCH)


@pytest.mark.parametrize(
    ("filters", "own_share"),
    [
        (Filters(branches=("NJ-01",)), None),
        (Filters(regions=("江苏",)), None),
        (Filters(branches=("NJ-01", "HZ-02"), regions=("江苏",)), None),
        # HZ-02's users are hidden, but its region is the staff member's own market.
        (Filters(branches=("HZ-02",)), 0.25),
    ],
)
def test_filters_naming_only_other_branches_reveal_nothing(bank, filters, own_share):
    expected = {**NOTHING_VISIBLE, "own_share": own_share}
    _assert_same(summary(bank.with_scope(HZ01_STAFF), MARCH, filters), expected)


def test_an_empty_scope_reveals_nothing(bank):
    empty = bank.with_scope(Scope(branches=frozenset(), regions=frozenset()))
    _assert_same(summary(empty, MARCH, Filters()), NOTHING_VISIBLE)


def test_staff_see_only_their_own_teams_targets(bank):
    scoped = bank.with_scope(HZ01_STAFF)
    for teams_asked in ((), ("HZ-01-A", "HZ-02-A", "NJ-01-A"), ("NJ-01-A",)):
        rows = team_targets(scoped, "2026-03", as_of=D("2026-03-31"), teams=teams_asked)
        visible = [(r.team_id, r.metric, r.target, r.actual) for r in rows]
        # HZ-01-A's users registered in March: u1 and u3.
        expected = [] if teams_asked == ("NJ-01-A",) else [("HZ-01-A", "new_users", 4, 2)]
        assert visible == expected


def test_campaign_impact_counts_only_branches_in_scope(bank):
    impact = campaign_impact(bank.with_scope(HZ01_STAFF), "C1", Filters())
    # Only HZ-01 is visible: one treated branch, no control branch.
    assert (impact.treated_branches, impact.control_branches) == (1, 0)
    # Pre window 2026-02-19..28: nobody from HZ-01; during 03-01..10: u1.
    assert impact.treated_pre == 0.0
    assert impact.treated_during == pytest.approx(1 / 10)
    assert impact.control_pre is None and impact.did is None
    assert impact.attributed_users == 1  # u1 (u6 is NJ-01's)


def test_retention_counts_only_users_in_scope(bank):
    cells = retention(bank.with_scope(HZ01_STAFF), "2026-02", "2026-03", Filters())
    by_cell = {(c.cohort, c.offset): (c.cohort_users, c.active_users) for c in cells}
    # February cohort of HZ-01: u2 (active March and April); NJ-01's u8 is not counted.
    assert by_cell[("2026-02", 0)] == (1, 0)
    assert by_cell[("2026-02", 1)] == (1, 1)
    assert by_cell[("2026-02", 2)] == (1, 1)
    # March cohort: u1 (active in March), u3 (never).
    assert by_cell[("2026-03", 0)] == (2, 1)
    assert by_cell[("2026-03", 1)] == (2, 0)


# --- the app: what a signed-in viewer is shown ----------------------------------------------

MARCH_URL = {"start": "2026-03-01", "end": "2026-03-31"}
OTHER_BRANCHES_HINTS = ("NJ-01", "南京鼓楼支行", "HZ-02", "杭州滨江支行", "江苏")
"""Everything that names a branch or region HZ-01's staff may not see."""
HOSTILE_URLS = (
    {"branch": "NJ-01"},
    {"branch": ["HZ-01", "NJ-01"]},
    {"region": "江苏"},
    {"region": ["浙江", "江苏"], "branch": ["NJ-01", "HZ-02"]},
)
STAFF_PAGES = tuple(
    name for section, pages in SECTIONS.items() if section != ADMIN_SECTION for name, _ in pages
)


@pytest.fixture(scope="module")
def bank_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """ROWS in an SQLite file, with a role for each kind of viewer."""
    url = f"sqlite:///{tmp_path_factory.mktemp('bank') / 'bank.sqlite3'}"
    db = open_database(url)
    with db.engine.begin() as conn:
        for table, rows in ROWS.items():
            conn.execute(
                insert(table), [dict(zip(table.c.keys(), row, strict=True)) for row in rows]
            )
        rollups.rebuild(conn)
    assign_role(db, "admin@bank.example", "admin", writer=Writer.operator("tests"))
    assign_role(db, "zj@bank.example", "manager", regions=["浙江"], writer=Writer.operator("tests"))
    assign_role(
        db, "wang@bank.example", "staff", team_id="HZ-01-A", writer=Writer.operator("tests")
    )
    yield url
    get_engine(url).dispose()


def signed_in(monkeypatch, url: str, email: str, page: str = "overview", **params) -> AppTest:
    return open_page(monkeypatch, url, page, user=signed_in_as(email), **{**MARCH_URL, **params})


def tiles(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def data_shown(app: AppTest) -> dict[str, list]:
    """Every number and row the page shows: tiles, tables, chart data, filter options."""
    return {
        "tiles": [(m.label, m.value, m.delta) for m in app.metric],
        "tables": [frame.value.to_csv() for frame in app.dataframe],
        "charts": [
            json.loads(chart.proto.spec).get("datasets") for chart in app.get("vega_lite_chart")
        ],
        "options": [list(map(str, box.options)) for box in (*app.multiselect, *app.selectbox)],
    }


def test_staff_see_their_branch_and_admins_the_bank(monkeypatch, bank_url):
    staff_tiles = tiles(signed_in(monkeypatch, bank_url, "wang@bank.example"))
    for label, value in {
        "New users": "2",
        "Total users": "3",
        "Active users": "2",
        "Transactions": "6",
        "Complaints": "2",
        "Own share": "25.0%",
    }.items():
        assert staff_tiles[label] == value, label
    admin_tiles = tiles(signed_in(monkeypatch, bank_url, "ADMIN@bank.example"))
    assert (admin_tiles["Total users"], admin_tiles["Transactions"]) == ("8", "19")
    assert admin_tiles["Own share"] == "30.0%"  # 150 / 500
    manager_tiles = tiles(signed_in(monkeypatch, bank_url, "zj@bank.example"))
    assert manager_tiles["Total users"] == "5"  # HZ-01 and HZ-02: u1 to u5
    assert manager_tiles["Own share"] == "25.0%"  # 浙江 only


def test_staff_filters_offer_only_their_branch_and_region(monkeypatch, bank_url):
    app = signed_in(monkeypatch, bank_url, "wang@bank.example")
    assert app.multiselect(key="f_branch").options == ["杭州西湖支行 (HZ-01)"]
    assert app.multiselect(key="f_region").options == ["浙江"]


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_no_page_shows_staff_another_branch(monkeypatch, bank_url, page):
    shown = json.dumps(
        data_shown(signed_in(monkeypatch, bank_url, "wang@bank.example", page)),
        ensure_ascii=False,
    )
    assert [hint for hint in OTHER_BRANCHES_HINTS if hint in shown] == []


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_urls_naming_other_branches_change_no_number(monkeypatch, bank_url, page):
    plain_view = data_shown(signed_in(monkeypatch, bank_url, "wang@bank.example", page))
    for params in HOSTILE_URLS:
        app = signed_in(monkeypatch, bank_url, "wang@bank.example", page, **params)
        assert data_shown(app) == plain_view, params
        assert app.warning, f"no notice for {params}"


def test_admin_pages_are_not_offered_to_staff(monkeypatch, bank_url):
    app = signed_in(monkeypatch, bank_url, "wang@bank.example")
    for page in ("data", "access"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(f"pages/{page}.py")
    admin = signed_in(monkeypatch, bank_url, "admin@bank.example", "data")
    assert admin.title[0].value == "Data"
