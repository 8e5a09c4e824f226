"""Regenerate the page screenshots in docs/screenshots/ from sample data that ends mid-month
(on a Wednesday, so that the last week and month are partial), at 1440 px, in English and
Chinese; with ``--phone`` also at 390 px, into artifacts/screenshots/ (not kept in git):

    python scripts/screenshots.py [--phone] [page ...]     (default: every result and
                                                             promotion page)

Uses Debian's /usr/bin/chromium through Playwright and a throw-away SQLite database.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data_access import open_database  # noqa: E402
from data_access.loader import load, sources_from_folder  # noqa: E402
from data_access.writers import Writer  # noqa: E402
from sample_data.generator import generate  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, start_server, stop_server  # noqa: E402
from tests.browser.helpers import open_view  # noqa: E402

END = date(2026, 6, 17)  # a Wednesday
PAGES = (
    "overview",
    "growth",
    "activity",
    "satisfaction",
    "complaints",
    "competition",
    "targets",
    "campaigns",
    "outreach",
)
SCREEN, PHONE = 1440, 390


def main(pages: list[str], phone: bool) -> None:
    widths = [(SCREEN, ROOT / "docs" / "screenshots", "")]
    if phone:
        widths.append((PHONE, ROOT / "artifacts" / "screenshots", "phone-"))
    with tempfile.TemporaryDirectory() as folder:
        csv = Path(folder) / "csv"
        generate(csv, seed=7, scale=0.2, end=END)
        url = f"sqlite:///{Path(folder) / 'dashboard.sqlite3'}"
        load(open_database(url), sources_from_folder(csv), writer=Writer.operator("screenshots"))
        process, base_url = start_server(url, Path(folder) / "streamlit.log")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                context = browser.new_context(viewport={"width": SCREEN, "height": 900})
                tab = context.new_page()
                for width, out, prefix in widths:
                    out.mkdir(parents=True, exist_ok=True)
                    for page in pages:
                        for lang in ("en", "zh"):
                            target = out / f"{prefix}{page}-{lang}.png"
                            shoot(tab, base_url, f"{page}?lang={lang}", width, target)
                            print(target.relative_to(ROOT))
                browser.close()
        finally:
            stop_server(process)


def shoot(tab: Page, base_url: str, path_query: str, width: int, target: Path) -> None:
    """A screenshot of the whole page at ``path_query``, ``width`` wide."""
    tab.set_viewport_size({"width": width, "height": 900})
    open_view(tab, base_url, path_query)
    # The page scrolls inside the app, so the window is made as tall as it.
    height = tab.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    tab.set_viewport_size({"width": width, "height": max(900, height)})
    tab.wait_for_timeout(1500)
    tab.screenshot(path=target, full_page=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help=f"any of {', '.join(PAGES)} (default: all)")
    parser.add_argument("--phone", action="store_true", help="also at 390 px")
    arguments = parser.parse_args()
    unknown = set(arguments.pages) - set(PAGES)
    if unknown:
        parser.error(f"unknown page(s): {', '.join(sorted(unknown))}")
    main(arguments.pages or list(PAGES), arguments.phone)
