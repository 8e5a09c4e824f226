"""Every export downloaded from the page in a real browser and opened: chart PNG and SVG,
the page's workbook, the meeting pack; and presentation mode on and off."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page
from pptx import Presentation

from data_access import Filters, open_database
from display.formatting import format_value
from display.i18n import metric_help, metric_label
from metrics.definitions import METRICS_BY_KEY
from metrics.period import Period
from metrics.summary import summary
from tests.browser.helpers import open_view, wait_until_rendered

JUNE = Period(date(2026, 6, 1), date(2026, 6, 30))
VIEW = "start=2026-06-01&end=2026-06-30"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _download(page: Page, selector: str, timeout_ms: int = 60_000) -> tuple[str, bytes]:
    """Click the button inside ``selector``; the downloaded file's name and bytes."""
    with page.expect_download(timeout=timeout_ms) as started:
        page.locator(f"{selector} button:visible").first.click()
    download = started.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_a_chart_downloads_as_png_and_svg_with_filters_and_data_date(
    dashboard, page, screenshot_dir
):
    open_view(page, dashboard.base_url, f"growth?{VIEW}&region=浙江&lang=zh")
    name, png = _download(page, ".st-key-png_registrations")
    assert name == "registrations.png" and png.startswith(PNG_SIGNATURE)
    (screenshot_dir / "export-registrations-zh.png").write_bytes(png)
    name, svg_bytes = _download(page, ".st-key-svg_registrations")
    svg = svg_bytes.decode("utf-8")
    assert name == "registrations.svg" and svg.lstrip().startswith("<svg")
    for text in ("每日新增注册", "2026-06-01 – 2026-06-30 · 地区：浙江", "数据截至 2026-06-30"):
        assert text in svg


def test_the_page_workbook_holds_its_kpis_and_charts(dashboard, page):
    open_view(page, dashboard.base_url, f"growth?{VIEW}")
    name, data = _download(page, ".st-key-export_excel")
    assert name == "growth_2026-06-01_2026-06-30.xlsx"
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[:2] == ["Cover", "KPIs"]
    assert "New registrations per day" in book.sheetnames
    # Total users carries its growth in its title (its axis does not start at zero).
    assert any(name.startswith("Total users  +") for name in book.sheetnames), book.sheetnames
    cover = {row[0]: row[1] for row in book["Cover"].iter_rows(values_only=True) if row and row[0]}
    assert cover["Filters"] == "All branches, segments and channels"
    assert cover["New users"] == metric_help("new_users", "en")
    expected = summary(open_database(dashboard.db_url), JUNE, Filters())
    kpis = {row[5]: row for row in book["KPIs"].iter_rows(min_row=2, values_only=True)}
    assert set(kpis) == {"new_users", "total_users", "activation_rate_30d"}
    for key, row in kpis.items():
        assert isinstance(key, str), key
        assert row[1] == expected[key], key
    # issue-18a: a time-series sheet is the page's download (Period start, Period end, Complete,
    # then the measures under their displayed labels)
    rows = list(book["New registrations per day"].iter_rows(values_only=True))
    assert rows[0] == ("Period start", "Period end", "Complete", "New users")
    june = [f"2026-06-{day:02d}" for day in range(1, 31)]
    assert [(row[0], row[1], row[2]) for row in rows[1:]] == [(d, d, "yes") for d in june]
    daily = [row[3] for row in rows[1:]]
    assert len(daily) == 30
    counts = [count for count in daily if isinstance(count, int | float)]
    assert counts == daily, "every day holds a number"
    assert sum(counts) == expected["new_users"]


def test_one_click_builds_and_downloads_the_meeting_pack(dashboard, page, screenshot_dir):
    open_view(page, dashboard.base_url, f"overview?{VIEW}&region=浙江&lang=zh")
    name, data = _download(page, ".st-key-pack_build", timeout_ms=180_000)
    assert name == "meeting-pack_2026-06-01_2026-06-30_zh.pptx"
    deck = Presentation(io.BytesIO(data))
    assert len(deck.slides) >= 4
    title = [s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame]
    assert "筛选条件：地区：浙江" in title[-1] and "数据截至 2026-06-30" in title[-1]
    (table,) = [shape.table for shape in deck.slides[1].shapes if shape.has_table]
    shown = {row.cells[0].text: row.cells[1].text for row in table.rows}
    expected = summary(open_database(dashboard.db_url), JUNE, Filters(regions=("浙江",)))
    for key in ("new_users", "active_users", "transactions", "own_share"):
        metric = METRICS_BY_KEY[key]
        assert shown[metric_label(metric.key, "zh")].rstrip(" ⚠") == format_value(
            expected[key], metric.unit, "zh"
        )
    page.screenshot(path=screenshot_dir / "export-meeting-pack-zh.png", full_page=True)


def test_presentation_mode_from_the_url_and_back(dashboard, page, screenshot_dir):
    open_view(page, dashboard.base_url, f"overview?{VIEW}&segment=senior&present=1")
    assert page.locator('[data-testid="stSidebar"]').is_hidden()
    assert page.locator('[data-testid="stHeader"]').is_hidden()
    subtitle = page.locator(".st-key-present_subtitle").inner_text()
    assert subtitle == "Segment: Seniors · Data as of 2026-06-30"
    assert "present=1" in page.url
    page.screenshot(path=screenshot_dir / "presentation-overview-en.png", full_page=True)
    page.keyboard.press("Escape")
    page.wait_for_selector('[data-testid="stSidebar"]', state="visible")
    wait_until_rendered(page)
    assert "present=" not in page.url
    assert page.locator(".st-key-present_subtitle").count() == 0
    page.locator(".st-key-present_toggle label").click()
    page.wait_for_selector('[data-testid="stSidebar"]', state="hidden")
    wait_until_rendered(page)
    assert "present=1" in page.url
