"""Regenerate the page screenshots in docs/screenshots/ from sample data that ends mid-month
(on a Wednesday), at 1440 px, in English and Chinese:

    python scripts/screenshots.py [page ...]     (default: overview satisfaction complaints
                                                   competition)

Uses Debian's /usr/bin/chromium through Playwright and a throw-away SQLite database.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data_access import open_database  # noqa: E402
from data_access.loader import load, sources_from_folder  # noqa: E402
from data_access.writers import Writer  # noqa: E402
from sample_data.generator import generate  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, start_server, stop_server  # noqa: E402
from tests.browser.helpers import open_view  # noqa: E402

END = date(2026, 6, 17)  # a Wednesday
PAGES = ("overview", "satisfaction", "complaints", "competition")


def main(pages: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        csv = Path(folder) / "csv"
        generate(csv, seed=7, scale=0.2, end=END)
        url = f"sqlite:///{Path(folder) / 'dashboard.sqlite3'}"
        load(open_database(url), sources_from_folder(csv), writer=Writer.operator("screenshots"))
        process, base_url = start_server(url, Path(folder) / "streamlit.log")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                context = browser.new_context(viewport={"width": 1440, "height": 900})
                tab = context.new_page()
                for page in pages:
                    for lang in ("en", "zh"):
                        tab.set_viewport_size({"width": 1440, "height": 900})
                        open_view(tab, base_url, f"{page}?lang={lang}")
                        # The page scrolls inside the app, so the window is made as tall as it.
                        height = tab.evaluate(
                            "document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
                        )
                        tab.set_viewport_size({"width": 1440, "height": max(900, height)})
                        tab.wait_for_timeout(1500)
                        target = ROOT / "docs" / "screenshots" / f"{page}-{lang}.png"
                        tab.screenshot(path=target, full_page=True)
                        print(target.relative_to(ROOT))
                browser.close()
        finally:
            stop_server(process)


if __name__ == "__main__":
    main(sys.argv[1:] or list(PAGES))
