"""The branch league at 1440 px: ranked by the chosen KPI, and every column it shows fits
(no horizontal scroll in the table), in both languages."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.browser.helpers import open_view
from tests.browser.test_exports_download import _download

JUNE = "start=2026-06-01&end=2026-06-30"
SCROLLER = '[data-testid="stDataFrame"] .dvn-scroller'


@pytest.fixture
def wide_page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_league_fits_1440_px_without_horizontal_scroll(dashboard, wide_page, lang):
    open_view(wide_page, dashboard.base_url, f"overview?{JUNE}&lang={lang}")
    table = wide_page.locator(SCROLLER).first
    table.scroll_into_view_if_needed()
    widths = table.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert widths[0] <= widths[1], f"the league scrolls sideways: {widths}"


def test_ranking_by_nps_puts_thin_branches_last_and_says_so(dashboard, wide_page):
    open_view(wide_page, dashboard.base_url, f"overview?{JUNE}&rank_by=nps")
    captions = wide_page.locator('[data-testid="stCaptionContainer"]').all_inner_texts()
    assert any("no rank" in text and "NPS" in text for text in captions), captions
    assert "rank_by=nps" in wide_page.url


def test_the_chinese_overview_workbook_holds_the_league_and_no_pts(dashboard, wide_page):
    open_view(wide_page, dashboard.base_url, f"overview?{JUNE}&lang=zh&rank_by=complaints")
    _, data = _download(wide_page, ".st-key-export_excel")
    book = load_workbook(io.BytesIO(data))
    league = next(name for name in book.sheetnames if name.startswith("支行排行"))
    header = next(book[league].iter_rows(max_row=1, values_only=True))
    assert header[:3] == ("排名", "支行", "地区")
    formats = {cell.number_format for row in book["指标"].iter_rows() for cell in row}
    assert not any("pts" in text for text in formats), formats
    kpi_header = next(book["指标"].iter_rows(max_row=1, values_only=True))
    assert all(not str(title).isascii() or title in ("KPI",) for title in kpi_header), kpi_header
