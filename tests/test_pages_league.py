"""The Overview's branch league in AppTest: ranked by a KPI chosen above it (in the URL), the
rank first, branches with a thin sample for that KPI unranked at the bottom, fewer columns
until the toggle, and the league in the page's workbook."""

from __future__ import annotations

import pandas as pd

from tests.apptest_helpers import open_page, prepare_app
from tests.test_pages_apptest import MARCH, march_url, url_of  # noqa: F401 (a fixture)
from ui.tables import LEAGUE_KPIS, league_csv


def _shared_link(monkeypatch, url, **params):
    """The Overview opened at its own address, as a shared link is."""
    app = prepare_app(monkeypatch, url, **params)
    app.switch_page("pages/overview.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _league(app) -> pd.DataFrame:
    return app.dataframe[0].value


def test_the_league_is_ranked_by_new_users_by_default(monkeypatch, march_url):  # noqa: F811
    app = open_page(monkeypatch, march_url, **MARCH)
    assert not app.exception
    league = _league(app)
    assert list(league.columns)[:3] == ["rank", "branch_name", "region"]
    ranks = list(league["rank"])
    assert ranks[0] == 1
    new_users = list(league["new_users"])
    assert new_users == sorted(new_users, reverse=True)
    assert app.selectbox(key="page_rank_by").value == "new_users"
    assert "rank_by" not in url_of(app)  # the default stays out of the link


def test_a_thin_kpi_leaves_every_branch_unranked_and_says_so(monkeypatch, march_url):  # noqa: F811
    app = _shared_link(monkeypatch, march_url, rank_by="nps", **MARCH)
    assert not app.exception
    league = _league(app)
    # Every branch has fewer than 30 NPS responses: none is ranked, all listed by name.
    assert league["rank"].isna().all()
    assert list(league["branch_name"]) == sorted(league["branch_name"])
    captions = " ".join(caption.value for caption in app.caption)
    assert "no rank" in captions and "fewer than 30" in captions


def test_the_choice_goes_into_the_url_and_reorders(monkeypatch, march_url):  # noqa: F811
    app = open_page(monkeypatch, march_url, **MARCH)
    app.selectbox(key="page_rank_by").set_value("complaints").run()
    assert not app.exception
    assert url_of(app)["rank_by"] == ["complaints"]
    league = _league(app)
    ranked = league[league["rank"].notna()]
    assert list(ranked["complaints"]) == sorted(ranked["complaints"])  # fewest first


def test_few_columns_until_the_toggle_with_the_region_s_own_share(monkeypatch, march_url):  # noqa: F811
    app = open_page(monkeypatch, march_url, **MARCH)
    shown = app.dataframe[0]
    assert len(shown.value.columns) > 3 + len(LEAGUE_KPIS)  # the frame holds every column
    app.toggle(key="league_all_columns").set_value(True).run()
    assert not app.exception


def test_an_unknown_kpi_in_the_url_falls_back_with_a_notice(monkeypatch, march_url):  # noqa: F811
    app = _shared_link(monkeypatch, march_url, rank_by="own_share", **MARCH)
    assert not app.exception
    assert app.selectbox(key="page_rank_by").value == "new_users"
    warnings = [warning.value for warning in app.warning]
    assert any("own\\_share" in text for text in warnings), warnings


def test_the_chinese_league_csv_starts_with_the_rank(monkeypatch, march_url):  # noqa: F811
    app = open_page(monkeypatch, march_url, lang="zh", **MARCH)
    csv = league_csv(_league(app), "zh")
    assert list(csv.columns)[:4] == ["排名", "支行", "地区", "新增用户"]
    assert "30天激活率 (%)" in csv.columns and "所在地区本行份额 (%)" in csv.columns
    assert not any(column.isascii() for column in csv.columns if column != "NPS")
    shares = csv["30天激活率 (%)"].dropna()
    assert ((shares * 10).round() == shares * 10).all()  # one decimal, as shown
