"""Honest pictures on data that ends mid-month, on Wednesday 17 June 2026, in both languages:
the partial last month and week are marked, weekly ticks fall on Mondays, a month axis has one
tick per month, and the day / week / month switch round-trips through the ``grain`` URL
parameter. The expected notes are worked out by hand from the calendar."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page

from data_access import open_database
from data_access.engine import get_engine
from data_access.loader import load, sources_from_folder
from data_access.writers import Writer
from display.i18n import t
from sample_data.generator import generate
from tests.browser.conftest import require_browser, start_server, stop_server
from tests.browser.helpers import open_view

END = date(2026, 6, 17)  # a Wednesday
WEEKS = "start=2026-03-18&end=2026-06-17"  # 92 days, shown in weeks unless the URL says else
PARTIAL_MONTH = {  # June: 17 of its 30 days have data
    "en": "○ Partial month: 2026-06-01 to 2026-06-17 (17 of 30 days)",
    "zh": "○ 不完整的月：2026-06-01 至 2026-06-17（30 天中的 17 天）",
}
PARTIAL_WEEK = {  # the week of Monday 15 June: Monday to Wednesday
    "en": "○ Partial week: 2026-06-15 to 2026-06-17 (3 of 7 days)",
    "zh": "○ 不完整的周：2026-06-15 至 2026-06-17（7 天中的 3 天）",
}
DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
MONTH = re.compile(r"^\d{4}-\d\d$")


@pytest.fixture(scope="module")
def mid_month(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A dashboard on sample data ending on ``END``; its address."""
    require_browser()
    folder = tmp_path_factory.mktemp("mid_month")
    generate(folder / "csv", seed=11, scale=0.05, end=END)
    url = f"sqlite:///{folder / 'dashboard.sqlite3'}"
    load(open_database(url), sources_from_folder(folder / "csv"), writer=Writer.operator("tests"))
    process, base_url = start_server(url, folder / "streamlit.log")
    yield base_url
    stop_server(process)
    get_engine(url).dispose()


def chart_titles(page: Page) -> list[str]:
    """Every chart's title and subtitle lines, as drawn."""
    return page.locator('[data-testid="stVegaLiteChart"] .role-title text').all_text_contents()


def axes_labels(page: Page) -> list[list[str]]:
    """The tick labels of every axis of every chart, one list per axis."""
    axes = page.locator('[data-testid="stVegaLiteChart"] .role-axis')
    return [axis.locator(".role-axis-label text").all_text_contents() for axis in axes.all()]


def url_grain(page: Page) -> list[str]:
    return parse_qs(urlparse(page.url).query).get("grain", [])


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def noted(titles: list[str], note: str) -> bool:
    """Whether a chart's subtitle carries ``note``, whole: not cut off with "…" (a subtitle is
    one text element of wrapped lines, run together here without spaces)."""
    return any(squeezed(note) in squeezed(text) for text in titles)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_partial_month_and_week_are_marked(mid_month, page, lang):
    open_view(page, mid_month, f"activity?lang={lang}")  # monthly actives over a year
    assert noted(chart_titles(page), PARTIAL_MONTH[lang])
    open_view(page, mid_month, f"growth?{WEEKS}&lang={lang}")
    titles = chart_titles(page)
    assert noted(titles, PARTIAL_WEEK[lang])
    open_view(page, mid_month, f"satisfaction?{WEEKS}&lang={lang}")
    titles = chart_titles(page)
    # The NPS and CSAT lines with their interval, and the stacked promoters / detractors.
    for title in ("sat_nps_over_time", "sat_csat_over_time", "sat_groups"):
        at = titles.index(t(title, lang))
        assert squeezed(PARTIAL_WEEK[lang]) in squeezed(titles[at + 1]), title
    assert noted(titles, t("sat_band_note", lang))
    open_view(page, mid_month, f"?{WEEKS}&lang={lang}")  # the Overview's sparklines
    note = t("trend_complete_only", lang, unit=t("grain_week", lang).lower())
    assert page.get_by_text(note).count() == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_weekly_ticks_are_mondays_and_months_appear_once(mid_month, page, lang):
    open_view(page, mid_month, f"growth?{WEEKS}&lang={lang}")
    days = [label for axis in axes_labels(page) for label in axis if DAY.match(label)]
    assert days and {date.fromisoformat(d).weekday() for d in days} == {0}
    open_view(page, mid_month, f"competition?lang={lang}")
    month_axes = [axis for axis in axes_labels(page) if any(MONTH.match(x) for x in axis)]
    assert month_axes
    for axis in month_axes:
        months = [label for label in axis if MONTH.match(label)]
        assert len(months) == len(set(months)) and months[-1] == "2026-06", axis


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_grain_round_trips_through_the_url(mid_month, page, lang):
    open_view(page, mid_month, f"growth?{WEEKS}&grain=month&lang={lang}")
    assert url_grain(page) == ["month"]
    assert noted(chart_titles(page), PARTIAL_MONTH[lang])
    assert any(MONTH.match(label) for axis in axes_labels(page) for label in axis)
    page.get_by_role("radio", name=t("grain_day", lang), exact=True).click()
    page.wait_for_url(re.compile(r"grain=day"))
    open_view(page, mid_month, urlparse(page.url).path + "?" + urlparse(page.url).query)
    assert url_grain(page) == ["day"]
    chosen = page.get_by_role("radio", name=t("grain_day", lang), exact=True)
    assert chosen.get_attribute("aria-checked") == "true"
    labels = [label for axis in axes_labels(page) for label in axis]
    assert any(DAY.match(label) for label in labels)
    assert not any(MONTH.match(label) for label in labels)  # as they were by month
