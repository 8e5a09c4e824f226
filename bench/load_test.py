"""``python -m bench.load_test --db URL [--sessions 20] [--visits 10] [--load DIR] [--seconds 600]``.

Starts one dashboard server on a free loopback port and keeps ``--sessions``
headless Chromium sessions (one browser, a context each) opening the result
pages with changing filters, ``--visits`` times each, and reports the 50th and
95th percentile of the time from navigation until the page has finished its
run with its charts shown (the moment it went idle, read to within a tenth of a
second), and the same percentiles of the server's own time per page run (from the
server's log, ``ui/run_log.py``): what is left is the browsers' share. Bounded in
count and in time (``--seconds``); only 127.0.0.1 is contacted.

With ``--load DIR`` a ``--replace`` load of that folder runs while the
sessions browse. Every visit records the data version the sidebar shows and
the tile texts; the run fails when a session saw an error, or when two visits
of the same view under the same data version show different tiles (a page
mixing old and new data).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, start_server, stop_server
from tests.browser.helpers import BUSY, DONE, POLL_MS, SETTLED_FOR_MS
from ui import run_log

PAGES = ("overview", "growth", "activity", "satisfaction", "complaints", "competition")
FILTERS = ("", "segment=senior", "channel=online", "segment=young&channel=branch")
CHART = '[data-testid="stVegaLiteChart"]'
READY = f'{CHART}, [data-testid="stMain"] [data-testid="stCaptionContainer"]'
"""A page has begun its run (its period caption, or a chart, is shown); ``_settled`` then
waits for the run to finish, whether it ends in charts or in an empty-data note."""
CAPTION = '[data-testid="stSidebar"] [data-testid="stCaptionContainer"]'


@dataclass(frozen=True)
class Visit:
    session: int
    view: str
    seconds: float
    version_text: str
    tiles: tuple[str, ...]
    error: str | None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.load_test", description=__doc__)
    parser.add_argument("--db", required=True, help="database URL the server reads")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--visits", type=int, default=10, help="page visits per session")
    parser.add_argument("--seconds", type=float, default=600, help="stop after this long")
    parser.add_argument("--load", type=Path, help="a CSV folder to load (--replace) meanwhile")
    return parser


async def _session(
    browser, base_url: str, number: int, visits: int, deadline: float
) -> list[Visit]:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = await context.new_page()
    seen = []
    for step in range(visits):
        if time.monotonic() > deadline:
            break
        page = PAGES[(number + step) % len(PAGES)]
        view = f"{page}?{FILTERS[(number + step // len(PAGES)) % len(FILTERS)]}"
        started = time.perf_counter()
        error = None
        try:
            await tab.goto(f"{base_url}/{view}", wait_until="commit", timeout=120_000)
            await tab.wait_for_selector(DONE, timeout=120_000)
            await tab.wait_for_timeout(200)
            await tab.wait_for_selector(DONE, timeout=120_000)
            await tab.wait_for_selector(READY, timeout=120_000)
            shown = await _settled(tab)
            exception = tab.locator('[data-testid="stException"]')
            if await exception.count():
                error = await exception.first.inner_text()
        except Exception as problem:  # a timeout or a crashed page is what this test reports
            error = f"{type(problem).__name__}: {problem}"
        seconds = (shown if error is None else time.perf_counter()) - started
        version = await tab.locator(CAPTION).all_inner_texts() if error is None else []
        tiles = (
            await tab.locator('[data-testid="stMetric"]').all_inner_texts() if error is None else []
        )
        seen.append(Visit(number, view, seconds, " ".join(version), tuple(tiles), error))
    await context.close()
    return seen


async def _settled(tab, timeout_ms: int = 120_000) -> float:
    """Wait until the app has been idle with nothing stale on screen for a moment: a page
    reruns after its first render (its URL brought up to date), and tiles read mid-rerun
    would mix two runs' elements. Returns when (``perf_counter``) that idle spell began."""
    settled = waited = 0
    idle_since = time.perf_counter()
    while settled < SETTLED_FOR_MS and waited < timeout_ms:
        idle = await tab.locator(DONE).count() == 1 and await tab.locator(BUSY).count() == 0
        if idle and settled == 0:
            idle_since = time.perf_counter()
        settled = settled + POLL_MS if idle else 0
        await tab.wait_for_timeout(POLL_MS)
        waited += POLL_MS
    if settled < SETTLED_FOR_MS:
        raise TimeoutError(f"not settled within {timeout_ms} ms")
    return idle_since


async def _browse(base_url: str, sessions: int, visits: int, deadline: float) -> list[Visit]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        results = await asyncio.gather(
            *(_session(browser, base_url, n, visits, deadline) for n in range(sessions))
        )
        await browser.close()
    return [visit for session in results for visit in session]


def _load_meanwhile(url: str, folder: Path, outcome: dict) -> threading.Thread:
    def work() -> None:
        from data_access import open_database
        from data_access.loader import load, sources_from_folder

        time.sleep(5)
        started = time.perf_counter()
        result = load(
            open_database(url), sources_from_folder(folder), replace=True, loaded_by="load test"
        )
        outcome["rows"] = sum(result.rows.values())
        outcome["seconds"] = time.perf_counter() - started

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def mixtures(visits: list[Visit]) -> list[str]:
    """Views that showed different tiles under the same data version."""
    shown: dict[tuple[str, str], set[tuple[str, ...]]] = defaultdict(set)
    for visit in visits:
        if visit.error is None and visit.tiles:
            shown[(visit.view, visit.version_text)].add(visit.tiles)
    return [f"{view} ({version})" for (view, version), tiles in shown.items() if len(tiles) > 1]


def server_runs(log_text: str) -> list[float]:
    """Seconds of the server's completed runs of the browsed pages, from its log."""
    return [
        int(match["ms"]) / 1000
        for match in run_log.LINE.finditer(log_text)
        if match["page"] in PAGES and not match["ended"]
    ]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _report(what: str, seconds: list[float]) -> None:
    if seconds:
        print(
            f"{what}: p50 {percentile(seconds, 0.5):.2f} s, p95 {percentile(seconds, 0.95):.2f} s, "
            f"mean {statistics.fmean(seconds):.2f} s ({len(seconds)})"
        )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    log = Path(f"/tmp/load-test-server-{time.time_ns()}.log")
    server, base_url = start_server(args.db, log)
    outcome: dict = {}
    try:
        loader = _load_meanwhile(args.db, args.load, outcome) if args.load else None
        deadline = time.monotonic() + args.seconds
        visits = asyncio.run(_browse(base_url, args.sessions, args.visits, deadline))
        if loader is not None:
            loader.join(timeout=max(0.0, deadline - time.monotonic()))
    finally:
        stop_server(server)
    errors = [visit for visit in visits if visit.error]
    times = [visit.seconds for visit in visits if visit.error is None]
    print(f"{args.sessions} sessions, {len(visits)} visits, {len(errors)} errors")
    _report("time until charts shown", times)
    _report("server time per page run", server_runs(log.read_text(errors="replace")))
    if args.load:
        print(f"load during browsing: {outcome or 'did not finish in time'}")
    mixed = mixtures(visits)
    for visit in errors[:5]:
        print(f"error in session {visit.session} on {visit.view}: {visit.error[:300]}")
    for view in mixed:
        print(f"mixed data: {view}")
    return 1 if errors or mixed or (args.load and not outcome) else 0


if __name__ == "__main__":
    sys.exit(main())
