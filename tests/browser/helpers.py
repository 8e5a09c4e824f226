"""Opening a dashboard view in the shared browser and waiting until it has rendered."""

from __future__ import annotations

from playwright.sync_api import Page

DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
BUSY = '[data-stale="true"], [data-testid="stSkeleton"], [data-testid="stSpinner"]'
SETTLED_FOR_MS = 800
POLL_MS = 100


def wait_until_rendered(page: Page, timeout_ms: int = 60_000) -> None:
    """Wait until the app has been idle, with nothing stale on screen, for a moment.

    A page may rerun right after its first render (the URL being brought up to
    date, a page forwarding to another), so one finished run is not enough.
    Then fail on any exception Streamlit shows.
    """
    page.wait_for_selector(DONE, timeout=timeout_ms)
    settled = 0
    waited = 0
    while settled < SETTLED_FOR_MS:
        idle = page.locator(DONE).count() == 1 and page.locator(BUSY).count() == 0
        settled = settled + POLL_MS if idle else 0
        page.wait_for_timeout(POLL_MS)
        waited += POLL_MS
        if waited > timeout_ms:
            raise AssertionError(f"{page.url} did not settle within {timeout_ms} ms")
    exceptions = page.locator('[data-testid="stException"]')
    if exceptions.count():
        raise AssertionError(f"Streamlit exception on {page.url}:\n{exceptions.first.inner_text()}")


def open_view(page: Page, base_url: str, path_query: str = "", timeout_ms: int = 60_000) -> None:
    """Navigate to ``base_url/path_query`` (e.g. ``growth?lang=zh``) and wait until rendered."""
    page.goto(f"{base_url.rstrip('/')}/{path_query.lstrip('/')}")
    wait_until_rendered(page, timeout_ms)
