"""Every page opens in a real browser, in both languages, without a Streamlit exception."""

from __future__ import annotations

import pytest

from tests.browser.helpers import open_view

PAGES = [
    "",
    "growth",
    "activity",
    "satisfaction",
    "complaints",
    "competition",
    "targets",
    "campaigns",
    "outreach",
    "data",
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", PAGES)
def test_page_renders_without_exception(dashboard, page, screenshot_dir, path, lang):
    open_view(page, dashboard.base_url, f"{path}?lang={lang}")
    assert page.locator('[data-testid="stSidebarNav"]').count() == 1
    page.screenshot(path=screenshot_dir / f"{path or 'overview'}-{lang}.png", full_page=True)
