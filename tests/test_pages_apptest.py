"""The app in Streamlit's AppTest: every page renders, filters change values, the URL round-trips.

Most tests use the hand-built March 2024 data of ``tests/test_metrics_series.py``,
whose KPIs were worked out by hand there; the expected tile texts below follow
from those counts. One test renders every page over generated sample data.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from data_access import open_database
from data_access.engine import get_engine
from data_access.loader import load, sources_from_folder
from data_access.schema import data_version
from data_access.writers import Writer
from display.i18n import t
from sample_data.generator import generate
from tests.apptest_helpers import APP, Dates, count_axes_without_one_unit, open_page, prepare_app
from tests.metrics_fixtures import insert
from tests.test_metrics_series import march_2024_rows
from ui import run_log
from ui.navigation import PAGE_NAMES

MARCH: Dates = {"start": "2024-03-01", "end": "2024-03-31"}
RESULT_PAGES = ("overview", "growth", "activity", "satisfaction", "complaints", "competition")
# One tile per page that the region filter 北京 must change (hand counts in March 2024):
# all regions / 北京 only.
CHANGED_BY_BEIJING = {
    "overview": ("New users", "4", "1"),
    "growth": ("New users", "4", "1"),
    "activity": ("Active users", "3", "1"),
    "satisfaction": ("Survey responses", "4", "1"),
    "complaints": ("Complaints", "3", "0"),
    "competition": ("Own share", "16.7%", "10.0%"),
}


def _fill(url: str) -> str:
    insert(open_database(url), *march_2024_rows())
    return url


@pytest.fixture
def march_url(tmp_path: Path) -> Iterator[str]:
    url = _fill(f"sqlite:///{tmp_path / 'march.sqlite3'}")
    yield url
    get_engine(url).dispose()


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("sample")
    generate(folder / "csv", seed=3, scale=0.05, end=date(2025, 6, 30))
    url = f"sqlite:///{folder / 'sample.sqlite3'}"
    load(open_database(url), sources_from_folder(folder / "csv"), writer=Writer.operator("tests"))
    yield url
    get_engine(url).dispose()


def tiles(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def url_of(app: AppTest) -> dict[str, list[str]]:
    """The query parameters the app wrote, each as a list of values."""
    return {k: v if isinstance(v, list) else [v] for k, v in app.query_params.items()}


def test_overview_tiles_show_the_hand_counted_kpis(monkeypatch, march_url):
    app = open_page(monkeypatch, march_url, **MARCH)
    assert tiles(app) == {
        "New users": "4",
        "Total users": "5",
        "Active users": "3",
        "Avg daily active users": "0.2",  # 5 user-days / 31 days
        "Activation rate (30d)": "50.0%",
        "Transactions": "11",
        "NPS": "25.0",
        "CSAT": "4.00",
        "Complaints": "3",
        "Own share": "16.7%",
    }
    deltas = {metric.label: metric.delta for metric in app.metric}
    # The previous period is 2024-01-30 to 2024-02-29: one registration (u4), no activity.
    assert deltas["New users"] == "+3 (+300.0%)"
    assert deltas["Transactions"] == "+11"
    assert deltas["NPS"] == "n/a"
    captions = [caption.value for caption in app.caption]
    assert "⚠ thin sample (n=4)" in captions  # activation and NPS rest on 4 observations
    assert "⚠ thin sample (n=3)" in captions  # CSAT on 3 scores
    league = app.dataframe[0].value.set_index("branch_id")
    assert league.loc["HZ-01", "new_users"] == 2 and league.loc["BJ-01", "total_users"] == 2


@pytest.mark.parametrize("page", RESULT_PAGES)
def test_changing_a_filter_changes_the_values_and_the_url(monkeypatch, march_url, page):
    label, everywhere, beijing = CHANGED_BY_BEIJING[page]
    app = open_page(monkeypatch, march_url, page, **MARCH)
    assert tiles(app)[label] == everywhere
    app.multiselect(key="f_region").set_value(["北京"]).run()
    assert not app.exception
    assert tiles(app)[label] == beijing
    assert url_of(app)["region"] == ["北京"]
    assert app.multiselect(key="f_branch").options == ["北京朝阳支行 (BJ-01)"]


@pytest.mark.parametrize("page", RESULT_PAGES)
def test_the_url_round_trips(monkeypatch, march_url, page):
    params: dict[str, str | list[str]] = {
        "start": "2024-03-01",
        "end": "2024-03-31",
        "region": "浙江",
        "branch": ["HZ-01", "HZ-02"],
        "segment": "young",
        "compare": "last_year",
        "lang": "zh",
    }
    first = open_page(monkeypatch, march_url, page, query=params)
    written = url_of(first)
    assert written == {
        "start": ["2024-03-01"],
        "end": ["2024-03-31"],
        "branch": ["HZ-01", "HZ-02"],
        "region": ["浙江"],
        "segment": ["young"],
        "compare": ["last_year"],
        "lang": ["zh"],
    }
    assert first.multiselect(key="f_branch").value == ["HZ-01", "HZ-02"]
    assert first.radio(key="f_compare").value == "last_year"
    again = open_page(monkeypatch, march_url, page, query=written)
    assert tiles(again) == tiles(first) and tiles(first)
    assert url_of(again) == written


def test_a_zhejiang_young_view_in_chinese(monkeypatch, march_url):
    app = open_page(monkeypatch, march_url, region="浙江", segment="young", lang="zh", **MARCH)
    shown = tiles(app)
    assert shown["新增用户"] == "2"  # u1 and u3
    assert shown["交易笔数"] == "7"  # u1's 6 and u3's 1
    assert app.title[0].value == "总览"


def test_unknown_or_malformed_url_values_are_dropped_with_a_notice(monkeypatch, march_url):
    app = open_page(
        monkeypatch,
        march_url,
        region=["浙江", "Atlantis"],
        branch="XX-99",
        start="2024-02-31",
        end="2024-03-31",
        foo="bar",
    )
    # The values are Markdown-escaped; without the escapes they read as given.
    notices = " ".join(warning.value for warning in app.warning).replace("\\", "")
    assert "Atlantis" in notices and "XX-99" in notices and "2024-02-31" in notices
    assert "“foo”" in notices
    assert len(app.warning) == 4
    assert url_of(app) == {
        "start": ["2024-03-02"],  # the default 30 days before the end
        "end": ["2024-03-31"],
        "region": ["浙江"],
        "compare": ["previous"],
        "lang": ["en"],
    }
    app.multiselect(key="f_segment").set_value(["young"]).run()
    assert not app.warning  # a filter change clears the notices


def test_markdown_in_a_bad_value_is_shown_as_text(monkeypatch, march_url):
    app = open_page(monkeypatch, march_url, region="[x](javascript:alert(1))")
    assert "\\[x\\]\\(javascript" in app.warning[0].value


def test_filters_are_kept_when_switching_pages(monkeypatch, march_url):
    app = open_page(monkeypatch, march_url, **MARCH)
    app.multiselect(key="f_segment").set_value(["young"]).run()
    app.switch_page("pages/growth.py").run()
    assert not app.exception
    assert url_of(app)["segment"] == ["young"]
    assert tiles(app)["New users"] == "3"  # u1, u3, u5


def test_presets_and_dates_in_the_sidebar(monkeypatch, march_url):
    app = open_page(monkeypatch, march_url)
    # The default period is the 30 days up to the latest data date (u2's activity, 2024-04-10).
    assert url_of(app)["start"] == ["2024-03-12"] and url_of(app)["end"] == ["2024-04-10"]
    app.selectbox(key="f_preset").set_value("last_month").run()
    assert url_of(app)["start"] == ["2024-03-01"] and url_of(app)["end"] == ["2024-03-31"]
    assert tiles(app)["New users"] == "4"
    app.date_input(key="f_start").set_value(date(2024, 3, 5)).run()
    assert app.selectbox(key="f_preset").value == "custom"
    assert tiles(app)["New users"] == "2"  # u3 (03-10) and u5 (03-31)
    app.date_input(key="f_start").set_value(date(2024, 4, 5)).run()  # after the end
    assert url_of(app)["end"] == ["2024-04-05"]
    app.radio(key="f_compare").set_value("last_year").run()
    assert url_of(app)["compare"] == ["last_year"]
    app.button[0].click().run()  # reset filters
    assert url_of(app)["start"] == ["2024-03-12"] and url_of(app)["compare"] == ["previous"]


def test_the_language_switch(monkeypatch, march_url):
    app = open_page(monkeypatch, march_url, **MARCH)
    app.segmented_control(key="f_lang").set_value("zh").run()
    assert not app.exception
    assert url_of(app)["lang"] == ["zh"]
    assert "新增用户" in tiles(app)
    assert app.title[0].value == t("page_overview", "zh")


def test_nothing_matching_gives_an_empty_state_on_every_page(monkeypatch, march_url):
    for page in RESULT_PAGES:
        app = open_page(
            monkeypatch, march_url, page, segment="merchant", channel="referral", **MARCH
        )
        infos = " ".join(info.value for info in app.info)
        if page == "competition":  # market data ignores segment and channel
            assert "segment and channel filters do not apply" in infos
            assert tiles(app)["Own share"] == "16.7%"
        else:
            assert "Nothing matches these filters" in infos, page


def test_an_empty_database_says_so_on_every_page(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    open_database(url)
    for page in PAGE_NAMES:
        app = open_page(monkeypatch, url, page)
        if page in RESULT_PAGES:
            assert any("holds no data yet" in info.value for info in app.info), page


def test_comments_search(monkeypatch, march_url):
    app = open_page(monkeypatch, march_url, "satisfaction", **MARCH)
    comments = app.dataframe[0].value
    assert list(comments["comment"]) == ["Too hard 100%_ok", "Great app"]
    app.text_input(key="comment_search").set_value("great").run()
    assert list(app.dataframe[0].value["comment"]) == ["Great app"]


def test_first_start_seeds_the_embedded_database_with_progress(monkeypatch, tmp_path):
    default = f"sqlite:///{tmp_path / 'default.sqlite3'}"
    monkeypatch.setattr("data_access.engine.DEFAULT_URL", default)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    calls = []
    release = threading.Event()

    def seed(url: str, progress) -> None:
        progress(0.5)
        release.wait(30)
        _fill(url)
        with get_engine(url).begin() as conn:
            conn.execute(update(data_version).values(version=1))
        calls.append(url)

    monkeypatch.setattr("sample_data.seed.seed_in_child", seed)
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params.update(MARCH)
    app.run()
    # The seeding runs in a background thread; meanwhile a bilingual progress page, no tiles.
    assert not app.exception and not app.metric
    assert app.title[0].value == "Starting up · 正在启动"
    release.set()
    deadline = time.monotonic() + 30
    while not calls and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.2)
    app.run()
    assert not app.exception and calls == [default]
    assert tiles(app)["New users"] == "4"
    app.run()
    assert calls == [default]  # later runs reuse the data
    get_engine(default).dispose()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_renders_sample_data(monkeypatch, sample_url, lang):
    for page in PAGE_NAMES:
        app = open_page(monkeypatch, sample_url, page, lang=lang)
        assert app.title[0].value == t(f"page_{page}", lang)
        first = app.main.children[0]  # no stray text (a bare string literal) above the title
        assert first.type == "title", (page, first)
        if page not in RESULT_PAGES:
            continue
        assert app.metric, page
        charts = app.get("vega_lite_chart")
        downloads = app.main.get("download_button")  # the sidebar has the page's workbook
        if page == "overview":  # tiles with sparklines, and the league table
            assert len(app.dataframe) == 1 and len(downloads) == 1
            continue
        assert charts, page
        assert len(downloads) >= len(charts), page
        for chart in charts:
            spec = json.loads(chart.proto.spec)
            assert spec.get("title"), page
            assert not count_axes_without_one_unit(spec), (page, spec.get("title"))


def test_pages_render_on_every_dialect(monkeypatch, db):
    _fill(db.url)
    for page in RESULT_PAGES:
        app = open_page(monkeypatch, db.url, page, **MARCH)
        assert app.metric, page


def test_every_run_is_logged_with_its_page_and_time(monkeypatch, march_url):
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    handler = Collect()
    runs = logging.getLogger("dashboard.runs")
    runs.addHandler(handler)
    try:
        app = prepare_app(monkeypatch, march_url)
        started = time.perf_counter()
        app.run()
        wall_ms = (time.perf_counter() - started) * 1000
    finally:
        runs.removeHandler(handler)
    assert not app.exception
    found = [m for m in (run_log.LINE.fullmatch(line) for line in lines) if m is not None]
    assert len(found) == len(lines), lines
    # The root address forwards to the Overview: that run ends by a rerun, then the Overview runs.
    assert [(m["page"], bool(m["ended"])) for m in found] == [("", True), ("overview", False)]
    assert found[0]["ended"] == "RerunException"
    assert 0 < sum(int(m["ms"]) for m in found) <= wall_ms
