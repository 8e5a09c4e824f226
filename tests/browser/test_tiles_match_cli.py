"""The Overview tiles a browser shows equal ``python -m metrics summary`` for the same filters.

Tile texts are read back into numbers here independently of the app's
formatting code: a tile showing ``2.65万`` means 26,500 give or take 50.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from urllib.parse import urlencode

import pytest

from data_access.engine import PROJECT_ROOT
from display.i18n import metric_label
from metrics.definitions import METRICS_BY_KEY, OVERVIEW_TILES
from tests.browser.helpers import open_view, wait_until_rendered

VIEWS = [
    ("en", {"start": "2026-05-01", "end": "2026-06-30"}),
    ("zh", {"start": "2026-01-01", "end": "2026-06-30", "region": ["浙江"], "segment": ["young"]}),
    (
        "en",
        {
            "start": "2026-06-01",
            "end": "2026-06-30",
            "branch": ["HZ-01", "HZ-02"],
            "channel": ["online"],
            "compare": "last_year",
        },
    ),
    ("zh", {"start": "2025-07-01", "end": "2026-06-30"}),
]
SCALES = {"万": 1e4, "亿": 1e8, "M": 1e6, "B": 1e9}
NUMBER = re.compile(r"^(-?[\d,]+(?:\.(\d+))?)(万|亿|M|B)?$")


def shown_number(text: str) -> tuple[float | None, float]:
    """The number a tile shows and half a unit of its last digit (how far it may be rounded)."""
    text = text.strip()
    if text == "—":
        return None, 0.0
    percent = text.endswith("%")
    core = text.removeprefix("¥").removesuffix("%").removesuffix(" d").removesuffix(" 天")
    match = NUMBER.match(core)
    assert match, f"not a number: {text!r}"
    digits, decimals, suffix = match.groups()
    scale = SCALES.get(suffix, 1.0) / (100 if percent else 1)
    value = float(digits.replace(",", "")) * scale
    return value, 0.5 * 10 ** -len(decimals or "") * scale + 1e-9


def cli_summary(db_url: str, params: dict) -> dict:
    flags = ["--start", params["start"], "--end", params["end"]]
    for name in ("branch", "region", "segment", "channel"):
        for value in params.get(name, []):
            flags += [f"--{name}", value]
    finished = subprocess.run(
        [sys.executable, "-m", "metrics", "summary", "--db", db_url, *flags],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(finished.stdout)


def tiles(page) -> dict[str, tuple[str, str]]:
    """Tile label -> (value text, whole tile text)."""
    found = {}
    for tile in page.locator('[data-testid="stMetric"]').all():
        label = tile.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        value = tile.locator('[data-testid="stMetricValue"]').inner_text().strip()
        box = tile.locator("xpath=ancestor::*[@data-testid='stVerticalBlock'][1]")
        found[label] = (value, box.inner_text())
    return found


def assert_tiles_match(shown: dict[str, tuple[str, str]], expected: dict, lang: str) -> None:
    for key in OVERVIEW_TILES:
        label = metric_label(key, lang)
        assert label in shown, f"no tile {label!r} in {sorted(shown)}"
        value, tolerance = shown_number(shown[label][0])
        want = expected[key]
        if want is None:
            assert value is None, f"{key}: shows {shown[label][0]}, expected nothing"
        else:
            assert value is not None and abs(value - want) <= tolerance, (
                f"{key}: shows {shown[label][0]!r}, metrics summary says {want}"
            )


@pytest.mark.parametrize(("lang", "params"), VIEWS)
def test_overview_tiles_equal_the_command_line_summary(
    dashboard, page, screenshot_dir, lang, params
):
    query = urlencode({**params, "lang": lang}, doseq=True)
    open_view(page, dashboard.base_url, f"overview?{query}")
    expected = cli_summary(dashboard.db_url, params)
    shown = tiles(page)
    assert_tiles_match(shown, expected, lang)
    if expected["survey_responses"] < METRICS_BY_KEY["nps"].thin_below:
        nps_tile = shown[metric_label("nps", lang)][1]
        assert ("thin sample" if lang == "en" else "样本偏少") in nps_tile
    name = "-".join(f"{k}={'+'.join(v) if isinstance(v, list) else v}" for k, v in params.items())
    page.screenshot(path=screenshot_dir / f"tiles-{lang}-{name}.png", full_page=True)


def test_filters_follow_the_viewer_to_another_page(dashboard, page):
    params = {"start": "2026-04-01", "end": "2026-06-30", "region": ["江苏"], "segment": ["senior"]}
    open_view(page, dashboard.base_url, f"overview?{urlencode(params, doseq=True)}")
    page.locator('[data-testid="stSidebarNav"] a[href$="/growth"]').click()
    page.wait_for_url("**/growth?**")
    wait_until_rendered(page)
    assert "region=%E6%B1%9F%E8%8B%8F" in page.url and "segment=senior" in page.url
    expected = cli_summary(dashboard.db_url, params)
    value, tolerance = shown_number(tiles(page)["New users"][0])
    assert abs(value - expected["new_users"]) <= tolerance


def test_a_phone_sees_the_overview(dashboard, browser, screenshot_dir):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    phone = context.new_page()
    try:
        open_view(phone, dashboard.base_url, "overview?lang=zh")
        assert phone.locator('[data-testid="stMetric"]').count() == len(OVERVIEW_TILES)
        phone.screenshot(path=screenshot_dir / "overview-zh-phone.png", full_page=True)
    finally:
        context.close()
