"""The meeting room and the morning huddle: presentation mode at projector sizes, the pages
staff open on a phone, Chinese pages without English, and addresses that name no page.

Screenshots of presentation mode and of the phone pages go to ``docs/screenshots/``.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter

import pytest
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from data_access.engine import PROJECT_ROOT
from display.catalog import en, zh
from tests.browser.helpers import open_view, wait_until_rendered

SHOTS = PROJECT_ROOT / "docs" / "screenshots"
PROJECTORS = [(1920, 1080), (1280, 720)]
PHONE = {"width": 390, "height": 844}
TILE = '[data-testid="stMain"] [data-testid="stMetric"]'

CUT_OFF = """() => [...document.querySelectorAll(
    '[data-testid="stMetricLabel"] p, [data-testid="stMain"] h1, [data-testid="stMain"] h2,'
    + ' [data-testid="stMain"] h3, [data-testid="stMain"] button p')]
  .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.textContent)"""
WIDE = """() => [...document.querySelectorAll('[data-testid="stMain"] *')]
  .filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > 391)
  .map(e => (e.getAttribute('data-testid') || e.tagName) + ': ' + (e.textContent || '').slice(0, 40))
  .slice(0, 5)"""
TABLE_SCROLL = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
  .filter(e => e.offsetParent !== null)
  .flatMap(e => [...e.querySelectorAll('.dvn-scroller')])
  .filter(s => s.scrollWidth > s.clientWidth + 1).length"""
CHART_HEIGHTS = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
  .filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect().height)"""
VISIBLE_TEXT = """() => {
  const style = document.createElement('style');
  style.textContent = '[data-testid="stIconMaterial"] { display: none !important; }';
  document.head.appendChild(style);
  const text = document.body.innerText;
  style.remove();
  return text;
}"""


def _settled(page: Page, script: str, seconds: float = 15) -> list[str]:
    """What ``script`` finds once it finds nothing, or after ``seconds``: a chart drawn before
    its column's width is known (a busy machine) is redrawn to fit; one that never fits is
    still reported."""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(f"({script})().length === 0", timeout=seconds * 1000)
    return page.evaluate(script)


def _open(page: Page, base_url: str, path_query: str, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    open_view(page, base_url, path_query)


NEXT_SCREEN = ".st-key-present_next button"
"""The "next screen" button (by its key: a help button's name can contain "next")."""
SHOT_SCREEN = {"activity": 2, "campaigns": 2, "outreach": 3}
"""The screen of a page photographed at 1280 x 720 in both languages (besides activity's 4)."""
SCREENS = """() => [...document.querySelectorAll('[class*="st-key-present_screen_"]')]
  .map(e => e.offsetParent !== null)"""


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width,height", PROJECTORS)
@pytest.mark.parametrize(
    "path", ["overview", "targets", "complaints", "activity", "campaigns", "outreach"]
)
def test_presentation_mode_fits_a_projector(dashboard, page, path, width, height, lang):
    """Every screen of the page, one at a time: nothing cut off, charts of a useful height,
    no forms, editors or downloads."""
    _open(page, dashboard.base_url, f"{path}?present=1&lang={lang}", width, height)
    catalog = en.STRINGS if lang == "en" else zh.STRINGS
    total = len(page.evaluate(SCREENS))
    assert total >= 2, "a long page comes in screens"
    for number in range(1, total + 1):
        assert page.evaluate(SCREENS) == [index == number - 1 for index in range(total)]
        label = catalog["present_screen_of"].format(number=number, total=total)
        assert page.get_by_text(label, exact=True).count() == 1
        assert page.evaluate(CUT_OFF) == [], number
        heights = page.evaluate(CHART_HEIGHTS)
        assert all(height >= 200 for height in heights), (number, heights)
        assert page.locator('[data-testid="stDownloadButton"]:visible').count() == 0
        assert page.locator('[data-testid="stForm"]:visible').count() == 0
        assert page.locator('[data-testid="stFileUploader"]:visible').count() == 0
        if path == "activity" and (width, height) == (1280, 720) and number == 4:
            page.screenshot(path=SHOTS / f"presentation-activity-{number}-{lang}.png")
        if (width, height) == (1280, 720) and SHOT_SCREEN.get(path) == number:
            page.screenshot(path=SHOTS / f"presentation-{path}-{number}-{lang}.png")
        if number == 1 and path in ("overview", "targets") and lang == "en":
            page.screenshot(path=SHOTS / f"presentation-{path}-{width}x{height}.png")
        next_screen = page.locator(NEXT_SCREEN)
        if number < total:
            next_screen.click()
            wait_until_rendered(page)
    assert page.locator(NEXT_SCREEN).is_disabled()
    if path == "targets":
        assert page.get_by_text(catalog["tg_edit_title"]).count() == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", ["targets", "overview", "activity", "outreach", "campaigns"])
def test_a_phone_needs_no_sideways_scrolling(dashboard, page, path, lang):
    _open(page, dashboard.base_url, f"{path}?lang={lang}", PHONE["width"], PHONE["height"])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert _settled(page, WIDE) == []
    assert page.evaluate(TABLE_SCROLL) == 0
    boxes = [box for box in map(Locator.bounding_box, page.locator(TILE).all()) if box]
    per_row = list(Counter(round(box["y"]) for box in boxes).values())
    assert len(boxes) >= 2 and set(per_row[:-1]) == {2} and per_row[-1] in (1, 2), per_row
    assert len({round(box["x"]) for box in boxes}) == 2, "tiles in two columns, no hole"
    if path != "activity":
        page.set_viewport_size({"width": PHONE["width"], "height": 2400})
        page.wait_for_timeout(500)
        page.screenshot(path=SHOTS / f"phone-{path}-{lang}.png")


def _english_fragments() -> set[str]:
    """Pieces of the English catalog long enough to be words of the interface, not data."""
    chinese = set(zh.STRINGS.values())
    pieces: set[str] = set()
    for text in en.STRINGS.values():
        if text in chinese:
            continue
        for piece in re.split(r"\{[^}]*\}|\n", text):
            piece = piece.strip(" .,:;·()“”\"'")
            if len(piece) >= 12 and " " in piece and re.search(r"[a-z]{3}", piece):
                pieces.add(piece)
    return pieces


ENGLISH = _english_fragments()
STREAMLIT_ENGLISH = ("Upload", "per file", "Drag and drop", "Page not found", "Running the app")


@pytest.mark.parametrize(
    "path",
    [
        "overview",
        "growth",
        "activity",
        "satisfaction",
        "complaints",
        "competition",
        "targets",
        "campaigns?campaign=NOPE",
        "outreach",
        "data",
        "access",
        "overview?lang=zh&start=1999-01-01&present=2",
        "no-such-page",
    ],
)
def test_no_english_on_a_chinese_page(dashboard, page, path):
    query = path if "lang=" in path else f"{path}{'&' if '?' in path else '?'}lang=zh"
    _open(page, dashboard.base_url, query, 1400, 1000)
    text = page.evaluate(VISIBLE_TEXT)
    found = sorted(piece for piece in ENGLISH if piece in text)
    found += [word for word in STREAMLIT_ENGLISH if word in text]
    assert found == [], found


def test_unsupported_language_and_out_of_range_date_are_named(dashboard, page):
    _open(page, dashboard.base_url, "overview?lang=fr&start=1999-01-01", 1400, 1000)
    text = page.evaluate(VISIBLE_TEXT)
    assert "“fr”" in text and "does not exist" not in text and "不存在" not in text
    assert "1999-01-01" in text and "not a date" not in text and "不是有效日期" not in text


def test_an_unknown_address_says_so_and_links_to_the_overview(dashboard, page):
    _open(page, dashboard.base_url, "no-such-page?lang=zh", 1400, 1000)
    assert page.get_by_text("地址“no-such-page”没有对应的页面。").count() == 1
    _open(page, dashboard.base_url, "no-such-page?lang=en", 1400, 1000)
    assert page.get_by_text("There is no page at the address “no-such-page”.").count() == 1
    page.get_by_role("link", name=re.compile("Open the Overview")).click()
    page.wait_for_url(re.compile("/overview"))
    wait_until_rendered(page)
    assert page.locator('[data-testid="stMetric"]').count() >= 10


def test_a_finished_page_leaves_nothing_stale(dashboard, page):
    open_view(page, dashboard.base_url, "targets?lang=en")
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Overview").click()
    page.wait_for_url(re.compile("/overview"))
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_timeout(300)
    assert page.locator('[data-stale="true"]').count() == 0
