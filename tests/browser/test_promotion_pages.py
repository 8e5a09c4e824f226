"""Targets, Campaigns and Outreach in Chromium: a phone-width Targets page, links that name a
team or a campaign, and the charts each page draws."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from data_access import open_database
from data_access.target_edits import save_target_edits, stored_targets, target_change_log
from data_access.writers import Writer
from tests.browser.helpers import open_view, wait_until_rendered

PHONE = {"width": 390, "height": 844}
METRIC_VALUE = '[data-testid="stMetricValue"]'


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def url_parameter(url: str, name: str) -> str:
    """The value of query parameter ``name`` in ``url`` (which must hold it)."""
    found = re.search(rf"{name}=([^&]+)", url)
    assert found is not None, (name, url)
    return found.group(1)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_targets_read_well_on_a_phone(dashboard, page, screenshot_dir, lang):
    page.set_viewport_size(PHONE)
    open_view(page, dashboard.base_url, f"targets?lang={lang}")
    assert re.search(r"month=\d{4}-\d{2}", page.url) and "team=" in page.url
    values = page.locator(METRIC_VALUE)
    assert values.count() >= 1
    for i in range(values.count()):
        box = values.nth(i).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert re.fullmatch(r"[\d,.万亿MB]+ / [\d,.万亿MB]+", values.nth(i).inner_text().strip())
    assert page.locator('[data-testid="stVegaLiteChart"]').count() >= 2  # pace and history
    assert fits_the_width(page)
    page.screenshot(path=screenshot_dir / f"targets-phone-{lang}.png", full_page=True)


def test_a_link_naming_a_team_and_month_opens_them(dashboard, page):
    open_view(page, dashboard.base_url, "targets?month=2026-05")
    first_team = url_parameter(page.url, "team")
    open_view(page, dashboard.base_url, f"targets?month=2026-04&team={first_team}")
    assert "month=2026-04" in page.url and f"team={first_team}" in page.url
    assert page.locator('[data-testid="stAlert"]').filter(has_text="does not exist").count() == 0
    open_view(page, dashboard.base_url, "targets?team=NO-SUCH-TEAM")
    assert page.get_by_text("NO-SUCH-TEAM").count() >= 1  # the notice names it
    assert "team=NO-SUCH-TEAM" not in page.url


def test_campaign_page_gives_a_verdict_and_its_chart(dashboard, page, screenshot_dir):
    open_view(page, dashboard.base_url, "campaigns")
    campaign = url_parameter(page.url, "campaign")
    text = page.locator('[data-testid="stMain"]').inner_text()
    # The three-way verdict always comes with its interval (or why there is none).
    assert re.search(
        r"(More|Fewer) registrations: about [\d,]+ (more|fewer) .* between [\d,]+ and [\d,]+ "
        r"(more|fewer) \(90 % interval\)|Can't tell from noise|No verdict",
        text,
    )
    assert "Effect on five outcomes" in text and "Plan the next campaign" in text
    assert page.locator('[data-testid="stDataFrame"]').count() >= 3  # effects, two splits
    assert page.locator('[data-testid="stVegaLiteChart"]').count() >= 4  # gap, daily, splits
    page.screenshot(path=screenshot_dir / "campaigns-verdict.png", full_page=True)
    # The planner's duration goes into the address, and a link with it reopens it.
    days = page.get_by_label("Duration (days)")
    days.fill("9")
    days.press("Enter")
    wait_until_rendered(page)
    assert "plan_days=9" in page.url
    assert page.get_by_text("judged on the last 18 days of history").count() == 1
    open_view(page, dashboard.base_url, f"campaigns?campaign={campaign}&lang=zh&plan_days=12")
    assert f"campaign={campaign}" in page.url and "plan_days=12" in page.url
    assert "营销活动" in page.locator("h1").first.inner_text()
    assert page.get_by_text("最近 24 天的历史数据").count() == 1


def test_outreach_page_draws_funnel_calendar_and_comparison(dashboard, page, screenshot_dir):
    open_view(page, dashboard.base_url, "outreach?start=2026-01-01&end=2026-06-30")
    assert page.locator('[data-testid="stMetric"]').count() == 6
    assert page.locator('[data-testid="stVegaLiteChart"]').count() >= 4
    page.get_by_text("How each step is counted").click()
    assert page.get_by_text("sorts first").count() >= 1
    page.screenshot(path=screenshot_dir / "outreach-half-year.png", full_page=True)


def open_cell_editor(page, screenshot: Path, attempts: int = 5) -> Locator:
    """Double-click row 1's target cell (header and rows are 35 px) of the editor, the grid in
    the save form (the change log below is a grid too), until its cell editor opens: the grid
    may still be settling after the scroll, which swallows an early double-click. Returns the
    cell editor; leaves a screenshot at ``screenshot`` when it never opens."""
    editor = page.locator('[data-testid="stForm"] [data-testid="stDataFrame"]')
    cell_editor = page.locator("#portal input, #portal textarea").first
    for _ in range(attempts):
        editor.scroll_into_view_if_needed()
        page.wait_for_timeout(800)
        grid = editor.bounding_box()
        page.mouse.dblclick(grid["x"] + grid["width"] - 40, grid["y"] + 35 + 17)
        try:
            cell_editor.wait_for(state="visible", timeout=3000)
            return cell_editor
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    page.screenshot(path=screenshot, full_page=True)
    raise AssertionError(
        f"the target cell's editor did not open after {attempts} double-clicks; see {screenshot}"
    )


def test_a_manager_edits_a_target_in_the_grid_and_the_change_is_logged(dashboard, page, tmp_path):
    db = open_database(dashboard.db_url)
    before = stored_targets(db, "2026-07", ["HZ-01-T1"])[("HZ-01-T1", "new_users")]
    wanted = before + 4321
    open_view(page, dashboard.base_url, "targets?month=2026-06&team=HZ-01-T1&branch=HZ-01")
    page.get_by_text("Set next months").click()
    save = page.get_by_role("button", name="Save targets")
    open_cell_editor(page, tmp_path / "target-grid.png").fill(str(wanted))
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    save.click()
    wait_until_rendered(page)
    try:
        assert page.get_by_text("Saved: 1 target(s) changed.").count() == 1
        latest = target_change_log(db, team_ids=["HZ-01-T1"], limit=1)[0]
        assert (latest.changed_by, latest.month, latest.metric) == (
            "demo (local)",
            "2026-07",
            "new_users",
        )
        assert (latest.old_target, latest.new_target) == (before, wanted)
    finally:
        edit = {"month": "2026-07", "team_id": "HZ-01-T1", "metric": "new_users"}
        save_target_edits(db, [{**edit, "target": before}], writer=Writer.operator("tests"))
