"""Periods and time buckets in the app (AppTest): the grain in the URL, a period without data,
a period partly outside the data, a one-day period. Over the hand-built March 2024 data of
``tests/test_metrics_series.py`` (latest data date 2024-04-10)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from data_access import open_database
from data_access.engine import get_engine
from metrics.dimensions import data_dates
from tests.apptest_helpers import open_page, prepare_app
from tests.metrics_fixtures import insert
from tests.test_metrics_series import march_2024_rows

RESULT_PAGES = ("overview", "growth", "activity", "satisfaction", "complaints", "competition")


@pytest.fixture
def march_url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'march.sqlite3'}"
    insert(open_database(url), *march_2024_rows())
    yield url
    get_engine(url).dispose()


def _opened_with(monkeypatch, url: str, page: str, **params: str):
    """The app opened straight at ``page`` with ``params`` in its address (AppTest starts at
    the first page, and a page switch drops the address, as a browser's page link would)."""
    app = prepare_app(monkeypatch, url, query=params)
    app.switch_page(f"pages/{page}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _url(app) -> dict[str, list[str]]:
    return {name: app.query_params[name] for name in app.query_params}


def test_a_period_without_data_names_the_data_dates_on_every_page(monkeypatch, march_url):
    dates = data_dates(open_database(march_url))
    assert dates is not None
    for page in (*RESULT_PAGES, "targets", "campaigns", "outreach"):
        app = open_page(monkeypatch, march_url, page, start="2030-01-01", end="2030-01-31")
        warnings = " ".join(w.value for w in app.warning)
        assert "There is no data for 2030-01-01 to 2030-01-31" in warnings, page
        assert f"{dates.first.isoformat()} to {dates.latest.isoformat()}" in warnings, page
        assert not app.metric, page
        assert not app.get("vega_lite_chart"), page
        assert not app.dataframe, page
        assert not any("Nothing matches" in info.value for info in app.info), page
    app = open_page(
        monkeypatch, march_url, "growth", start="2030-01-01", end="2030-01-31", lang="zh"
    )
    assert "2030-01-01 至 2030-01-31 没有数据" in " ".join(w.value for w in app.warning)


def test_a_period_partly_outside_the_data_is_clipped_with_a_notice(monkeypatch, march_url):
    app = open_page(monkeypatch, march_url, "growth", start="2024-03-01", end="2030-01-31")
    assert _url(app)["end"] == "2024-04-10"
    warnings = " ".join(w.value for w in app.warning)
    assert "shortened to 2024-03-01 to 2024-04-10" in warnings
    assert app.date_input(key="f_end").value == date(2024, 4, 10)
    # The pickers offer only the data's dates.
    assert app.date_input(key="f_end").proto.max == "2024-04-10"


def test_the_grain_is_in_the_url_and_weekly_ticks_are_mondays(monkeypatch, march_url):
    app = open_page(monkeypatch, march_url, "growth", start="2024-03-01", end="2024-03-31")
    assert app.segmented_control(key="grain").value == "day"
    assert "grain" not in app.query_params  # the default is left out
    app.segmented_control(key="grain").set_value("week").run()
    assert not app.warning
    assert app.query_params["grain"] == "week"  # the grain, not its label ("Week", "周")
    spec = app.get("vega_lite_chart")[0].proto.spec
    assert '"Week starting"' in spec or "Week starting" in spec
    import json

    def ticks(node):
        if isinstance(node, dict):
            axis = node.get("axis")
            if isinstance(axis, dict) and "values" in axis:
                yield axis["values"]
            for value in node.values():
                yield from ticks(value)
        elif isinstance(node, list):
            for value in node:
                yield from ticks(value)

    found = list(ticks(json.loads(spec)))
    assert found
    for values in found:
        days = [date(v["year"], v["month"], v["date"]) for v in values]
        assert days and all(day.weekday() == 0 for day in days)
    # 2024-03-01 is a Friday: the first week is partial and says so.
    # The notes under the bars' title, wrapped to the chart's width.
    notes = " ".join(next(re.finditer(r'"subtitle": ?\[([^\]]*)\]', spec)).group(1).split('", "'))
    assert "Partial week: 2024-03-01 to 2024-03-03 (3 of 7 days)" in notes


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_grain_in_the_address_is_shown(monkeypatch, march_url, lang):
    app = _opened_with(
        monkeypatch,
        march_url,
        "growth",
        start="2024-03-01",
        end="2024-03-31",
        grain="month",
        lang=lang,
    )
    assert app.segmented_control(key="grain").value == "month"
    assert app.query_params["grain"] == "month"


def test_an_invalid_grain_gets_a_notice(monkeypatch, march_url):
    app = _opened_with(
        monkeypatch, march_url, "activity", start="2024-03-01", end="2024-03-31", grain="fortnight"
    )
    warnings = " ".join(w.value for w in app.warning)
    assert "fortnight" in warnings and "time grain" in warnings
    assert app.segmented_control(key="grain").value == "day"


def test_a_one_day_period_reads_1_day(monkeypatch, march_url):
    app = open_page(monkeypatch, march_url, "growth", start="2024-03-10", end="2024-03-10")
    captions = " ".join(c.value for c in app.caption)
    assert "(1 day)" in captions and "1 days" not in captions
