"""The Targets, Campaigns and Outreach pages in AppTest, over hand-built data.

The latest data date is 2026-06-10, so June has 10 days elapsed and 20 left.

- Team T1 (staff S1, S2) has June targets new_users 30, active_users 20,
  transactions 100: S1 opened n0-n11 on 1 June (12 new users); n0-n4 made 5
  transactions each on 5 June and n5 8 on 9 June (6 active users, 33
  transactions). Expected by 10 June: 10, 6.67 and 33.3, so new users are ahead
  (120 %), active users behind (90 %), transactions on track (99 %). In May T1's
  target was 10 new users; S2 opened m0-m4 on 10 May (5, 50 %).
- Team T2 (staff S4) has a June target of 10 new users; S4 opened o1, o2 on
  3 June through outreach (2, 20 %), so in branch B1 T1 ranks first (mean
  (0.4 + 0.3 + 0.33) / 3) and T2 second.
- Campaign C1 runs 1-5 June in B1 (pre-window 27-31 May: no registrations).
  B1 had 14 registrations during it (n0-n11, o1, o2), the control branches B2
  and B3 none: DiD = 14/5 - 0 = 2.8 per branch-day, x 1 branch x 5 days = 14.
  Caveats: 2 control branches (small) and no pre-window registrations.
- Outreach, 1-10 June: S4 visited a community (V1, 20 contacts) and a merchant
  (V2, 5) on 3 June, S5 a rural place (V3, 8) on 10 June, registering z there.
  3 visits, 33 contacts, 3 registrations (o1 o2 to V1, z to V3), 1 activated.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from data_access import Database, open_database, target_edits
from data_access.engine import get_engine
from data_access.roles import assign_role, remove_role
from data_access.schema import campaign_branches, campaigns, outreach_visits, targets, teams
from data_access.target_edits import stored_targets, target_change_log
from data_access.write_lock import writing
from data_access.writers import COMMAND_LINE, LOAD_DATA, Writer
from tests.apptest_helpers import count_axes_without_one_unit, prepare_app, signed_in_as
from tests.promotion_data import active, add, add_activity, add_users, organisation, user

JUNE = {"start": "2026-06-01", "end": "2026-06-10"}


def build(db: Database) -> None:
    organisation(db)
    add(
        db,
        targets,
        *(
            {"month": month, "team_id": team, "metric": metric, "target": value}
            for month, team, metric, value in (
                ("2026-05", "T1", "new_users", 10),
                ("2026-06", "T1", "new_users", 30),
                ("2026-06", "T1", "active_users", 20),
                ("2026-06", "T1", "transactions", 100),
                ("2026-06", "T2", "new_users", 10),
            )
        ),
    )
    add(
        db,
        campaigns,
        {
            "campaign_id": "C1",
            "campaign_name": "开立有礼",
            "start_date": date(2026, 6, 1),
            "end_date": date(2026, 6, 5),
            "description": "Gifts for opening",
        },
        {
            "campaign_id": "C0",
            "campaign_name": "Spring",
            "start_date": date(2026, 5, 10),
            "end_date": date(2026, 5, 11),
            "description": None,
        },
    )
    add(db, campaign_branches, {"campaign_id": "C1", "branch_id": "B1"})
    add(db, campaign_branches, {"campaign_id": "C0", "branch_id": "B2"})
    add(
        db,
        outreach_visits,
        *(
            {"visit_id": v, "staff_id": s, "visited_on": d, "location_type": k, "contacts": c}
            for v, s, d, k, c in (
                ("V1", "S4", date(2026, 6, 3), "community", 20),
                ("V2", "S4", date(2026, 6, 3), "merchant", 5),
                ("V3", "S5", date(2026, 6, 10), "rural", 8),
            )
        ),
    )
    add_users(
        db,
        *(user(f"n{i}", date(2026, 6, 1), "S1") for i in range(12)),
        *(user(f"m{i}", date(2026, 5, 10), "S2") for i in range(5)),
        user("o1", date(2026, 6, 3), "S4", channel="outreach"),
        user("o2", date(2026, 6, 3), "S4", channel="outreach", segment="senior"),
        user("z", date(2026, 6, 10), "S5", branch_id="B2", channel="outreach"),
    )
    add_activity(
        db,
        *(active(f"n{i}", date(2026, 6, 5), transactions=5) for i in range(5)),
        active("n5", date(2026, 6, 9), transactions=8),
        active("o1", date(2026, 6, 4)),
    )


@pytest.fixture
def promo_url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'promotion.sqlite3'}"
    build(open_database(url))
    yield url
    get_engine(url).dispose()


def run_page(monkeypatch, url: str, page: str, *, email: str | None = None, **params) -> AppTest:
    """``page`` in demo mode, or signed in as ``email``; opened at the page's own address, as a
    shared link is (switching pages drops page parameters such as ?team=)."""
    app = prepare_app(
        monkeypatch, url, user=None if email is None else signed_in_as(email), **params
    )
    app.switch_page(f"pages/{page}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def tiles(app: AppTest) -> dict[str, tuple[str, str]]:
    return {metric.label: (metric.value, metric.delta) for metric in app.metric}


def url_of(app: AppTest) -> dict[str, str]:
    return {k: v[0] if isinstance(v, list) else v for k, v in app.query_params.items()}


def frame_of(app: AppTest, column: str):
    """The first table with ``column``."""
    return next(df.value for df in app.dataframe if column in df.value.columns)


def chart_data(app: AppTest, column: str):
    """The data of the first chart with a dataset holding ``column``."""
    for chart in app.get("vega_lite_chart"):
        for dataset in chart.proto.datasets:
            frame = dataframe_util.convert_arrow_bytes_to_pandas_df(dataset.data.data)
            if column in frame.columns:
                return frame
    raise AssertionError(f"no chart shows {column}")


def save_button(app: AppTest):
    return next(button for button in app.button if button.label == "Save targets")


# Targets


def test_targets_show_pace_and_what_is_left(monkeypatch, promo_url):
    app = run_page(monkeypatch, promo_url, "targets", month="2026-06", team="T1")
    assert tiles(app) == {
        "New users": ("12 / 30", "Ahead · 40.0%"),
        "Active users": ("6 / 20", "Behind · 30.0%"),
        "Transactions": ("33 / 100", "On track · 33.0%"),
    }
    captions = [caption.value for caption in app.caption]
    assert "Day 10 of 30: 20 days left after the latest data." in captions
    # (30 - 12) / 20 = 0.9 a day; projected 12 x 30 / 10 = 36
    assert (
        "Expected by today 10 · projected month end 36 · still needed: 0.9 a day for 20 days"
        in captions
    )
    shown = chart_data(app, "pace")
    assert list(zip(shown["pace"], shown["attainment"], strict=True)) == [
        ("Ahead", 0.4),
        ("Behind", 0.3),
        ("On track", 0.33),
    ]


def test_targets_staff_ranking_and_history(monkeypatch, promo_url):
    app = run_page(monkeypatch, promo_url, "targets", month="2026-06", team="T1")
    staff = frame_of(app, "staff_name")
    assert list(zip(staff["staff_name"], staff["opened"], staff["volume_rank"], strict=True)) == [
        ("Wang", 12, 1),
        ("Li", 5, 2),
        ("Zhao", 0, 3),
    ]
    # Li's May openings are judged at 30 days (by 10 June) and none transacted.
    assert staff.loc[1, "judged_30d"] == 5 and staff.loc[1, "transacted_30d_share"] == 0.0
    ranking = frame_of(app, "score")
    assert list(ranking["team_id"]) == ["T1", "T2"] and list(ranking["rank"]) == [1, 2]
    assert ranking.loc[1, "score"] == pytest.approx(20.0)  # shown in percent, one decimal
    history = chart_data(app, "metric_label")
    assert list(zip(history["month"], history["metric"], history["attainment"], strict=True)) == [
        ("2026-05", "new_users", 0.5),
        ("2026-06", "new_users", 0.4),
        ("2026-06", "active_users", 0.3),
        ("2026-06", "transactions", 0.33),
    ]


def test_targets_default_to_the_latest_month_and_keep_choices_in_the_url(monkeypatch, promo_url):
    app = run_page(monkeypatch, promo_url, "targets", lang="zh")
    assert app.selectbox(key="page_month").value == "2026-06"
    assert url_of(app)["month"] == "2026-06"
    # Teams are ordered by branch name: 宁波海曙支行 (T3) before 杭州西湖支行 (T1, T2).
    assert app.selectbox(key="page_team").value == "T3"
    assert app.title[0].value == "任务目标"
    app.selectbox(key="page_team").set_value("T2").run()
    assert url_of(app)["team"] == "T2"
    assert tiles(app) == {"新增用户": ("2 / 10", "落后 · 20.0%")}


def test_an_unknown_team_in_the_link_is_dropped_with_a_notice(monkeypatch, promo_url):
    app = run_page(monkeypatch, promo_url, "targets", team="T9", month="2026-06")
    assert any("T9" in warning.value for warning in app.warning)
    assert app.selectbox(key="page_team").value == "T3"


def test_branch_filter_narrows_the_teams(monkeypatch, promo_url):
    app = run_page(monkeypatch, promo_url, "targets", branch="B1", month="2026-05")
    assert app.selectbox(key="page_team").options == [
        "Lobby · 杭州西湖支行",
        "Outreach · 杭州西湖支行",
    ]
    assert tiles(app) == {"New users": ("5 / 10", "Behind · 50.0%")}  # the whole of May
    assert any("no days left" in caption.value for caption in app.caption)


def test_a_month_without_targets_says_so(monkeypatch, promo_url):
    app = run_page(monkeypatch, promo_url, "targets", team="T3", month="2026-05")
    assert any("no targets for 2026-05" in info.value for info in app.info)


def test_the_editor_saves_changes_in_one_go_and_logs_them(monkeypatch, promo_url):
    app = run_page(monkeypatch, promo_url, "targets", month="2026-06", team="T1")
    assert app.selectbox(key="targets_edit_month").value == "2026-07"
    editor = app.data_editor(key="targets_editor_2026-07").value
    # Rows: teams in view (T3, T1, T2, as ordered) x the three metrics; July has no targets.
    assert list(editor["team_id"][:4]) == ["T3", "T3", "T3", "T1"]
    assert editor["target"].isna().all()
    app.session_state["targets_editor_2026-07"] = {
        "edited_rows": {3: {"target": 40}, 5: {"target": 120}},
        "added_rows": [],
        "deleted_rows": [],
    }
    save_button(app).click().run()
    assert not app.exception
    assert any("Saved: 2 target(s) changed." in s.value for s in app.success)
    log = target_change_log(open_database(promo_url))
    assert [
        (c.changed_by, c.month, c.team_id, c.metric, c.old_target, c.new_target) for c in log
    ] == [
        ("demo (local)", "2026-07", "T1", "transactions", None, 120),
        ("demo (local)", "2026-07", "T1", "new_users", None, 40),
    ]
    shown = frame_of(app, "changed_by")
    assert list(shown["new_target"]) == [120, 40]


def test_the_editor_rejects_bad_targets_naming_the_row(monkeypatch, promo_url):
    app = run_page(monkeypatch, promo_url, "targets", month="2026-06", team="T1")
    app.selectbox(key="targets_edit_month").set_value("2026-06").run()
    app.session_state["targets_editor_2026-06"] = {
        "edited_rows": {3: {"target": None}, 4: {"target": 25}},
        "added_rows": [],
        "deleted_rows": [],
    }
    save_button(app).click().run()
    errors = " ".join(error.value for error in app.error).replace("\\", "")
    assert "Nothing was saved" in errors
    assert "row 4: target: the stored target 30 cannot be removed here" in errors
    assert target_change_log(open_database(promo_url)) == []


def test_the_editor_keeps_the_edits_when_a_load_holds_the_database(monkeypatch, promo_url):
    monkeypatch.setattr(target_edits, "WRITER_WAIT_SECONDS", 0.3)
    app = run_page(monkeypatch, promo_url, "targets", month="2026-06", team="T1")
    edits = {"edited_rows": {3: {"target": 40}}, "added_rows": [], "deleted_rows": []}
    app.session_state["targets_editor_2026-07"] = edits
    db = open_database(promo_url)
    with writing(db, COMMAND_LINE, LOAD_DATA, wait_seconds=1):
        save_button(app).click().run()
    assert not app.exception
    warning = " ".join(w.value for w in app.warning)
    assert "Nothing was saved: a data load kept the database busy for more than 0.3 s" in warning
    assert target_change_log(db) == []
    assert app.session_state["targets_editor_2026-07"]["edited_rows"] == {3: {"target": 40}}
    save_button(app).click().run()
    assert any("Saved: 1 target(s) changed." in s.value for s in app.success)


# Campaigns


def test_campaign_verdict_tiles_and_caveats(monkeypatch, promo_url):
    app = run_page(monkeypatch, promo_url, "campaigns")
    assert app.selectbox(key="page_campaign").value == "C1"  # the latest first
    assert url_of(app)["campaign"] == "C1"
    # One campaign branch: an estimate, but no interval, so no claim either way.
    verdict = " ".join(i.value for i in app.info)
    assert (
        "Can't tell from noise: about 14 more registrations than the other branches' trend "
        "would suggest, but fewer than 2 campaign branches can be compared, so there is no "
        "interval." in verdict
    )
    assert not app.success
    warnings = " ".join(w.value for w in app.warning)
    assert "Only 2 control branches" in warnings
    assert "pre-window has no registrations" in warnings
    assert tiles(app) == {
        "Lift": ("—", ""),
        "Difference-in-differences": ("+2.80", ""),
        "DiD lift": ("—", ""),
        "Incremental users": ("+14", ""),
        "Attributed users": ("0", ""),
    }
    daily = chart_data(app, "per_branch")
    treated = daily[daily["group"] == "treated"]
    assert list(treated["registrations"]) == [0, 0, 0, 0, 0, 12, 0, 2, 0, 0]
    by_segment = frame_of(app, "segment_label")
    assert dict(zip(by_segment["segment_label"], by_segment["incremental_users"], strict=True)) == {
        "Young adults": pytest.approx(13),
        "Seniors": pytest.approx(1),
    }


def test_campaign_from_the_link_and_an_unknown_one(monkeypatch, promo_url):
    app = run_page(monkeypatch, promo_url, "campaigns", campaign="C0", lang="zh")
    assert app.selectbox(key="page_campaign").value == "C0"
    assert app.title[0].value == "营销活动"
    unknown = run_page(monkeypatch, promo_url, "campaigns", campaign="NOPE")
    assert any("NOPE" in w.value for w in unknown.warning)
    assert unknown.selectbox(key="page_campaign").value == "C1"


def test_campaign_segment_filter_and_ignored_branch_filter(monkeypatch, promo_url):
    app = run_page(monkeypatch, promo_url, "campaigns", segment="senior", branch="B1")
    assert any("Branch and region filters do not apply" in i.value for i in app.info)
    assert tiles(app)["Incremental users"] == ("+1", "")  # o2 only: 1/5 x 1 x 5


# Outreach


def test_outreach_funnel_and_calendar(monkeypatch, promo_url):
    app = run_page(monkeypatch, promo_url, "outreach", **JUNE)
    assert {label: value for label, (value, _) in tiles(app).items()} == {
        "Visits": "3",
        "Contacts": "33",
        "Registrations": "3",
        "Activated within 30 days": "1",
        "Active the next month": "0",
        "Registrations per visit": "1.00",
    }
    table = frame_of(app, "registrations_per_visit")
    assert list(zip(table["key"], table["visits"], table["registrations"], strict=True)) == [
        ("community", 1, 2),
        ("merchant", 1, 0),
        ("rural", 1, 1),
    ]
    assert list(table["label"]) == ["Community", "Merchant", "Rural"]
    cells = chart_data(app, "weekday")
    busy = cells[cells["visits"] > 0]
    assert set(zip(busy["week"], busy["weekday"], busy["visits"], strict=True)) == {
        ("2026-06-01", "Wed", 2),
        ("2026-06-08", "Wed", 1),
    }


def test_outreach_by_staff_and_empty_state(monkeypatch, promo_url):
    app = run_page(monkeypatch, promo_url, "outreach", **JUNE)
    app.segmented_control(key="outreach_by").set_value("staff").run()
    table = frame_of(app, "registrations_per_visit")
    assert list(zip(table["label"], table["visits"], table["contacts"], strict=True)) == [
        ("Chen", 2, 25),
        ("Zhou", 1, 8),
    ]
    empty = run_page(monkeypatch, promo_url, "outreach", start="2026-05-01", end="2026-05-31")
    assert any("Nothing matches these filters" in info.value for info in empty.info)


def test_outreach_in_chinese(monkeypatch, promo_url):
    app = run_page(monkeypatch, promo_url, "outreach", lang="zh", **JUNE)
    assert tiles(app)["外拓次数"][0] == "3"
    table = frame_of(app, "registrations_per_visit")
    assert list(table["label"]) == ["社区", "商户", "农村"]


def test_promotion_pages_on_an_empty_database(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    open_database(url)
    for page in ("targets", "campaigns", "outreach"):
        app = run_page(monkeypatch, url, page)
        assert any("holds no data yet" in info.value for info in app.info), page


def test_promotion_pages_on_every_dialect(monkeypatch, db):
    build(db)
    app = run_page(monkeypatch, db.url, "targets", month="2026-06", team="T1")
    assert tiles(app)["New users"] == ("12 / 30", "Ahead · 40.0%")
    app = run_page(monkeypatch, db.url, "campaigns")
    assert tiles(app)["Incremental users"] == ("+14", "")
    app = run_page(monkeypatch, db.url, "outreach", **JUNE)
    assert tiles(app)["Registrations"] == ("3", "")


# Who may do what


@pytest.fixture
def roles_url(promo_url: str) -> str:
    """The data above, a team T4 in B3 (江苏), and a role for each kind of viewer: Chen, staff
    of T2 (B1); Zhou, staff of T3 (B2); zj, manager of 浙江 (B1, B2); boss, manager of all."""
    db = open_database(promo_url)
    add(db, teams, {"team_id": "T4", "branch_id": "B3", "team_name": "Lobby"})
    assign_role(db, "chen@bank.example", "staff", team_id="T2", writer=Writer.operator("tests"))
    assign_role(db, "zhou@bank.example", "staff", team_id="T3", writer=Writer.operator("tests"))
    assign_role(db, "zj@bank.example", "manager", regions=["浙江"], writer=Writer.operator("tests"))
    assign_role(db, "boss@bank.example", "manager", writer=Writer.operator("tests"))
    return promo_url


def editor_offered(app: AppTest) -> bool:
    shown = [expander.label for expander in app.expander]
    return "Set next months' targets" in shown or any(b.label == "Save targets" for b in app.button)


def editor_teams(app: AppTest) -> list[str]:
    return list(dict.fromkeys(app.data_editor(key="targets_editor_2026-07").value["team_id"]))


def edit_july(app: AppTest, edited_rows: dict) -> AppTest:
    app.session_state["targets_editor_2026-07"] = {
        "edited_rows": edited_rows,
        "added_rows": [],
        "deleted_rows": [],
    }
    return save_button(app).click().run()


def test_staff_see_no_editor_and_start_on_their_own_team(monkeypatch, roles_url):
    app = run_page(monkeypatch, roles_url, "targets", email="chen@bank.example", month="2026-06")
    team = app.selectbox(key="page_team")
    assert team.options == ["Lobby · 杭州西湖支行", "Outreach · 杭州西湖支行"]
    assert team.value == "T2" and url_of(app)["team"] == "T2"
    assert tiles(app) == {"New users": ("2 / 10", "Behind · 20.0%")}  # o1, o2 of 10
    assert not editor_offered(app)
    # A link naming another team of their branch opens that team.
    linked = run_page(
        monkeypatch, roles_url, "targets", email="chen@bank.example", month="2026-06", team="T1"
    )
    assert linked.selectbox(key="page_team").value == "T1"
    assert not editor_offered(linked)


def test_managers_and_the_demo_administrator_get_the_editor(monkeypatch, roles_url):
    boss = run_page(monkeypatch, roles_url, "targets", email="boss@bank.example")
    assert editor_offered(boss)
    # Teams ordered by branch name: 南京鼓楼支行 (T4), 宁波海曙支行 (T3), 杭州西湖支行 (T1, T2).
    assert editor_teams(boss) == ["T4", "T3", "T1", "T2"]
    assert editor_offered(run_page(monkeypatch, roles_url, "targets"))


def test_a_regional_managers_edit_of_another_regions_team_is_refused(monkeypatch, roles_url):
    app = run_page(monkeypatch, roles_url, "targets", email="zj@bank.example", team="T1")
    assert editor_teams(app) == ["T3", "T1", "T2"]  # not T4, of 江苏
    # Row 1 (T3, new users) altered to name T4: the write is refused before anything is written.
    app = edit_july(app, {0: {"team_id": "T4", "target": 5}, 3: {"target": 40}})
    assert [e.value.replace("\\", "") for e in app.error] == [
        "Nothing was changed: team(s) T4 are outside the regions you now manage (浙江)."
    ]
    everything = open_database(roles_url)
    assert target_change_log(everything) == []
    assert stored_targets(everything, "2026-07", ["T1", "T3", "T4"]) == {}


def nothing_saved(url: str) -> bool:
    everything = open_database(url)
    return (
        target_change_log(everything) == []
        and stored_targets(everything, "2026-07", ["T1", "T2", "T3", "T4"]) == {}
    )


def test_a_manager_removed_after_the_page_was_drawn_saves_nothing(monkeypatch, roles_url):
    app = run_page(monkeypatch, roles_url, "targets", email="boss@bank.example", team="T1")
    assert editor_offered(app)
    assert remove_role(open_database(roles_url), "boss@bank.example", writer=COMMAND_LINE)
    app = edit_july(app, {3: {"target": 40}})  # row 4: T1, new users
    assert [e.value for e in app.error] == [
        "Nothing was changed: you no longer have a role in the dashboard, so you may not edit "
        "targets. Ask your administrator."
    ]
    assert not app.metric and not editor_offered(app)  # and the app lets them in no more
    assert nothing_saved(roles_url)


def test_a_manager_demoted_to_staff_saves_nothing_and_is_told_in_chinese(monkeypatch, roles_url):
    app = run_page(
        monkeypatch, roles_url, "targets", email="boss@bank.example", team="T1", lang="zh"
    )
    db = open_database(roles_url)
    assign_role(db, "boss@bank.example", "staff", team_id="T1", writer=COMMAND_LINE)
    app.session_state["targets_editor_2026-07"] = {
        "edited_rows": {3: {"target": 40}},
        "added_rows": [],
        "deleted_rows": [],
    }
    next(button for button in app.button if button.label == "保存目标").click().run()
    assert not app.exception
    assert [e.value for e in app.error] == ["未做任何修改：您现在的角色是支行员工，不能修改目标。"]
    assert nothing_saved(roles_url)


def test_a_regional_manager_moved_to_another_region_saves_nothing(monkeypatch, roles_url):
    app = run_page(monkeypatch, roles_url, "targets", email="zj@bank.example", team="T1")
    db = open_database(roles_url)
    assign_role(db, "zj@bank.example", "manager", regions=["江苏"], writer=COMMAND_LINE)
    app = edit_july(app, {3: {"target": 40}})  # T1, of 浙江, offered when the page was drawn
    # The editor sends every row it offered: the teams of 浙江 drawn for the old role.
    assert [e.value for e in app.error] == [
        "Nothing was changed: team(s) T1, T2, T3 are outside the regions you now manage (江苏)."
    ]
    assert nothing_saved(roles_url)


def test_the_change_log_names_the_signed_in_manager(monkeypatch, roles_url):
    app = run_page(monkeypatch, roles_url, "targets", email="zj@bank.example", team="T1")
    app = edit_july(app, {3: {"target": 40}})  # row 4: T1, new users
    assert any("Saved: 1 target(s) changed." in s.value for s in app.success)
    log = target_change_log(open_database(roles_url))
    assert [(c.changed_by, c.month, c.team_id, c.metric, c.new_target) for c in log] == [
        ("zj@bank.example", "2026-07", "T1", "new_users", 40)
    ]
    assert list(frame_of(app, "changed_by")["changed_by"]) == ["zj@bank.example"]


def test_staff_are_offered_the_campaigns_of_their_branch_only(monkeypatch, roles_url):
    app = run_page(monkeypatch, roles_url, "campaigns", email="chen@bank.example")
    picker = app.selectbox(key="page_campaign")
    assert picker.options == ["开立有礼 (2026-06-01 – 2026-06-05)"] and picker.value == "C1"
    # B1 alone is visible: no control branch, so no difference-in-differences.
    assert any("No verdict" in w.value for w in app.warning)
    assert tiles(app) == {
        "Lift": ("—", ""),
        "Difference-in-differences": ("—", ""),
        "DiD lift": ("—", ""),
        "Incremental users": ("—", ""),
        "Attributed users": ("0", ""),
    }
    other = run_page(monkeypatch, roles_url, "campaigns", email="zhou@bank.example", campaign="C1")
    assert any("C1" in w.value for w in other.warning)
    picker = other.selectbox(key="page_campaign")
    assert picker.options == ["Spring (2026-05-10 – 2026-05-11)"] and picker.value == "C0"


def test_a_regional_manager_compares_with_their_own_branches(monkeypatch, roles_url):
    app = run_page(monkeypatch, roles_url, "campaigns", email="zj@bank.example")
    assert app.selectbox(key="page_campaign").options == [
        "开立有礼 (2026-06-01 – 2026-06-05)",
        "Spring (2026-05-10 – 2026-05-11)",
    ]
    # Control: B2 alone (B3 is 江苏's), no registrations: DiD still 14/5, x 1 x 5 = 14.
    assert any("Only 1 control branches" in w.value for w in app.warning)
    assert tiles(app)["Incremental users"] == ("+14", "")


# Downloads


@pytest.mark.parametrize(
    ("page", "params", "charts"),
    [
        ("targets", {"month": "2026-06", "team": "T1"}, ["target_progress", "attainment_history"]),
        (
            "campaigns",
            {},
            [
                "campaign_daily_gap",
                "campaign_daily_registrations",
                "campaign_by_segment",
                "campaign_by_channel",
            ],
        ),
        (
            "outreach",
            JUNE,
            [
                "outreach_funnel",
                "outreach_calendar",
                "outreach_registrations_per_visit_by_location_type",
                "outreach_activated_share_by_location_type",
            ],
        ),
    ],
)
def test_every_chart_downloads_as_csv_png_and_svg(monkeypatch, promo_url, page, params, charts):
    app = run_page(monkeypatch, promo_url, page, **params)
    assert len(app.get("vega_lite_chart")) == len(charts)
    for chart in app.get("vega_lite_chart"):
        assert not count_axes_without_one_unit(json.loads(chart.proto.spec)), page
    keys = {button.key for button in app.main.get("download_button")}
    for name in charts:
        assert {f"download_{name}", f"png_{name}", f"svg_{name}"} <= keys, name
