"""The Campaigns page's verdict, effects table, daily gap and planner in AppTest.

Six branches: campaign "C" (2026-04-11..04-20, L = 10) runs in A1, A2, A3; the others
(B1, B2, B3) do not. Pre window 04-01..04-10. Registrations per branch (pre, during):
A1 (10, 30), A2 (10, 40), A3 (10, 35), B1 (10, 10), B2 (10, 12), B3 (10, 8).
Per branch-day d_b: A 2, 3, 2.5 | B 0, 0.2, -0.2: did = 2.5, n_T x L = 30, so about 75 more
registrations. Welch (scipy): df 2.624, 90 % interval 1.7235 .. 3.2765 per branch-day,
x 30 -> between 52 and 98 users (p = 0.0064).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from scipy import stats

from data_access import Filters, open_database
from data_access.engine import get_engine
from display.campaign_words import effect_rows, verdict_sentence
from exports.content import TableExport
from exports.context import make_context
from exports.key_tables import campaign_effects_slide, campaigns_slide
from exports.workbook import build_workbook
from metrics.campaign import campaign_impact
from metrics.campaign_effects import campaign_effects
from metrics.period import Period
from tests.apptest_helpers import prepare_app
from tests.metrics_fixtures import branch, campaign, campaign_branch, insert, user
from tests.test_pages_promotion import chart_data

PRE, DURING = date(2026, 4, 1), date(2026, 4, 11)
COUNTS = {"A1": (10, 30), "A2": (10, 40), "A3": (10, 35), "B1": (10, 10), "B2": (10, 12)}
COUNTS["B3"] = (10, 8)


def world_rows() -> list:
    rows = [branch(b, "浙江", name=f"Branch {b}") for b in COUNTS]
    rows.append(campaign("C", DURING, DURING + timedelta(days=9)))
    rows += [campaign_branch("C", b) for b in ("A1", "A2", "A3")]
    for b, (before, during) in COUNTS.items():
        for i in range(before):
            rows.append(user(f"{b}p{i}", b, PRE + timedelta(days=i % 10)))
        for i in range(during):
            rows.append(user(f"{b}d{i}", b, DURING + timedelta(days=i % 10)))
    return rows


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    address = f"sqlite:///{tmp_path / 'effects.sqlite3'}"
    insert(open_database(address), *world_rows())
    yield address
    get_engine(address).dispose()


def run_page(monkeypatch, url: str, **params):
    app = prepare_app(monkeypatch, url, **params)
    app.switch_page("pages/campaigns.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_the_reference_interval():
    d_t, d_c = [2.0, 3.0, 2.5], [0.0, 0.2, -0.2]
    low, high = stats.ttest_ind(d_t, d_c, equal_var=False).confidence_interval(0.9)
    assert (round(low * 30), round(high * 30)) == (52, 98)


def test_verdict_table_gap_and_planner(monkeypatch, url):
    app = run_page(monkeypatch, url)
    verdict = app.success[0].value
    assert (
        "More registrations: about 75 more than the other branches' trend would suggest, "
        "between 52 and 98 more (90 % interval)." in verdict
    )
    table = next(df.value for df in app.dataframe if "reading" in df.value.columns)
    assert list(table["reading"]) == [
        "Registrations: clear rise",
        "Active users: can't judge (every branch changed by exactly the same amount)",
        "Transactions: can't judge (every branch changed by exactly the same amount)",
        "Complaints: can't judge (every branch changed by exactly the same amount)",
        "CSAT: can't judge (there is nothing to compare)",
    ]
    assert table["estimate"][0] == pytest.approx(2.5)
    assert table["interval"][0] == "+1.72 … +3.28"
    # The daily gap: every pre-window day A and B register 1 per branch-day alike, gap 0.
    gap = chart_data(app, "gap")
    assert set(gap[gap["window"] == "pre"]["gap"]) == {0}
    assert (gap[gap["window"] == "during"]["gap"] > 1).all()
    # The planner starts on the latest campaign's branches and duration.
    assert app.multiselect(key="plan_branch").value == ["A1", "A2", "A3"]
    assert app.number_input(key="plan_days").value == 10
    said = app.markdown
    assert any("Registrations: could detect a rise of" in m.value for m in said)


def test_planner_choices_come_from_the_url_and_go_back_to_it(monkeypatch, url):
    app = run_page(
        monkeypatch, url, plan_branch=["Branch B1 (B1)", "Branch B2 (B2)"], plan_days="7"
    )
    assert app.multiselect(key="plan_branch").value == ["B1", "B2"]
    assert app.number_input(key="plan_days").value == 7
    lines = " ".join(m.value for m in app.markdown)
    # Treated B1 and B2 against A1-A3 and B3 over 04-07..04-20.
    assert "Registrations: could detect a rise of" in lines
    # (Writing a changed choice back to the address is the browser's part: see the browser
    # test of the Campaigns page.)
    app.number_input(key="plan_days").set_value(14).run()
    assert app.number_input(key="plan_days").value == 14
    app.multiselect(key="plan_branch").set_value([]).run()
    assert any("Pick at least one branch" in i.value for i in app.info)


def test_chinese(monkeypatch, url):
    app = run_page(monkeypatch, url, lang="zh")
    verdict = app.success[0].value
    assert "注册增加" in verdict and "90% 区间为多 52 至 98 个" in verdict
    assert any("可检测到" in m.value for m in app.markdown)


def test_pack_slides_carry_the_same_figures(url):
    db = open_database(url)
    context = make_context(
        Period(date(2026, 4, 1), date(2026, 4, 30)),
        Filters(),
        "en",
        "previous",
        (),
        DURING,
        scope=db.scope,
    )
    listing = campaigns_slide(db, context)
    assert listing is not None
    assert listing.rows[0][3:6] == ("+75", "+52 … +98", "More registrations")
    slide = campaign_effects_slide(db, context)
    assert slide is not None
    assert slide.title == "Campaign effects: C"
    assert slide.takeaway == (
        "C: More registrations: about 75 more than the other branches' trend would suggest, "
        "between 52 and 98 more (90 % interval)."
    )
    assert [row[0] for row in slide.rows] == [
        "Registrations",
        "Active users",
        "Transactions",
        "Complaints",
        "CSAT",
    ]
    assert slide.rows[0][1:4] == ("+2.50", "+1.72 … +3.28", "+250%")  # 2.5 / 1 per day before
    assert slide.rows[0][5] == "Registrations: clear rise"


def test_the_workbook_sheet_holds_the_verdict_above_the_table(url):
    db = open_database(url)
    impact = campaign_impact(db, "C", Filters())
    effects = campaign_effects(db, "C", Filters())
    rows = effect_rows(effects, "en")
    frame = pd.DataFrame(
        {"outcome": [r.label for r in rows], "estimate": [r.estimate for r in rows]}
    )
    context = make_context(
        Period(date(2026, 4, 1), date(2026, 4, 30)),
        Filters(),
        "en",
        "previous",
        (),
        DURING,
        scope=db.scope,
    )
    sentence = verdict_sentence(impact, effects, "en")
    table = TableExport("Effect on five outcomes", frame, (sentence,))
    book = build_workbook(context, "Campaigns", (), (), (table,))
    sheet = load_workbook(io.BytesIO(book))["Effect on five outcomes"]
    assert sheet["A1"].value == sentence
    assert [sheet["A3"].value, sheet["B3"].value] == ["outcome", "estimate"]
    assert sheet["B4"].value == pytest.approx(2.5)
