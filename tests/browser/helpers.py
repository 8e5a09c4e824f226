"""Opening a dashboard view in the shared browser and waiting until it has rendered."""

from __future__ import annotations

from playwright.sync_api import Page

DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
BUSY = '[data-stale="true"], [data-testid="stSkeleton"], [data-testid="stSpinner"]'
DRAWN = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main) return null;
  const charts = [...main.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .filter(chart => chart.offsetParent !== null);
  if (charts.some(chart => !chart.querySelector('canvas, svg'))) return null;
  return [main.querySelectorAll('*').length, main.scrollHeight, charts.length].join('/');
}"""
"""The main area's shape (elements, height, charts) once every visible chart is drawn, else
null. The front end fetches and mounts an element's code after the run that sent it, and Vega
draws a chart after that: under load a page shows neither stale elements nor skeletons, and no
run, for a second or more while its charts are still missing or half drawn."""
SETTLED_FOR_MS = 800
POLL_MS = 100


def wait_until_rendered(page: Page, timeout_ms: int = 60_000) -> None:
    """Wait until the app has been idle, with nothing stale on screen, every chart drawn and
    the main area unchanged, for a moment.

    A page may rerun right after its first render (the URL being brought up to
    date, a page forwarding to another), so one finished run is not enough.
    Then fail on any exception Streamlit shows.
    """
    page.wait_for_selector(DONE, timeout=timeout_ms)
    settled = 0
    waited = 0
    shape = None
    while settled < SETTLED_FOR_MS:
        idle = page.locator(DONE).count() == 1 and page.locator(BUSY).count() == 0
        now = page.evaluate(DRAWN) if idle else None
        idle = now is not None and now == shape
        shape = now
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
