"""``python -m bench.load_test --db URL [--sessions 20] [--visits 10] [--load DIR] [--seconds 600]``.

Starts one dashboard server on a free loopback port and keeps ``--sessions``
headless Chromium sessions (one browser, a context each) browsing the result
pages, ``--visits`` views each: a session opens its first page by its address
(a new Streamlit session, the front end loaded), then clicks through as a
manager does, to the next page in the sidebar or changing a filter. It reports
the 50th and 95th percentile of the time from the navigation or click until the
page has finished its run with its charts shown (the moment it went idle, read
to within a tenth of a second), for first opens and clicks apart, and the same
percentiles of the server's own time per page run (from the server's log,
``ui/run_log.py``): what is left is the browsers' share. Bounded in count and in
time (``--seconds``); only 127.0.0.1 is contacted.

With ``--load DIR`` a ``--replace`` load of that folder runs while the
sessions browse. Every view records its address (which holds the filters), the
data version the sidebar shows and the tile texts; the run fails when a session
saw an error, or when two views of the same address under the same data version
show different tiles (a page mixing old and new data).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, start_server, stop_server
from tests.browser.helpers import BUSY, DONE, POLL_MS, SETTLED_FOR_MS
from ui import run_log

PAGES = ("overview", "growth", "activity", "satisfaction", "complaints", "competition")
FILTERS = ("", "segment=senior", "channel=online", "segment=young&channel=branch")
CHART = '[data-testid="stVegaLiteChart"]'
READY = f'{CHART}, [data-testid="stMain"] [data-testid="stCaptionContainer"]'
"""A page has begun its run (its period caption, or a chart, is shown); ``_settled`` then
waits for the run to finish, whether it ends in charts or in an empty-data note."""
SIDEBAR = '[data-testid="stSidebar"]'
NAV = '[data-testid="stSidebarNav"]'
CAPTION = f'{SIDEBAR} [data-testid="stCaptionContainer"]'
TIMEOUT_MS = 120_000


@dataclass(frozen=True)
class Visit:
    session: int
    how: str
    """``address`` (the page opened by its URL: a new Streamlit session, the front end
    loaded), ``page link`` (another page chosen in the sidebar) or ``filter`` (a sidebar
    filter changed): the last two are a manager clicking through an open dashboard."""
    view: str
    seconds: float
    version_text: str
    tiles: tuple[str, ...]
    error: str | None


SEGMENTS = ("Seniors", "Young adults", "Middle-aged", "Merchants")
TIMED = (
    ("opened by address", {"address"}),
    ("clicking through (page links and filters)", {"page link", "filter"}),
    ("page links", {"page link"}),
    ("filters", {"filter"}),
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.load_test", description=__doc__)
    parser.add_argument("--db", required=True, help="database URL the server reads")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--visits", type=int, default=10, help="page views per session")
    parser.add_argument("--seconds", type=float, default=600, help="stop after this long")
    parser.add_argument("--load", type=Path, help="a CSV folder to load (--replace) meanwhile")
    parser.add_argument(
        "--browser-nice",
        type=int,
        default=10,
        help="niceness of the Chromium processes (0: the same priority as the server)",
    )
    return parser


class _Viewer:
    """One browser session: opens a page by its address, then clicks through the dashboard,
    every other step to the next page in the sidebar, otherwise changing a filter (a
    segment, then the comparison, then a reset), so that every step shows a new view."""

    def __init__(self, tab, base_url: str, number: int) -> None:
        self.tab, self.base_url, self.number = tab, base_url, number
        self.page = number % len(PAGES)
        self.filters = FILTERS[number % len(FILTERS)]
        self.segment_set = "segment=" in self.filters
        self.last_year = False

    @staticmethod
    def how(index: int) -> str:
        return "address" if index == 0 else "page link" if index % 2 else "filter"

    async def step(self, index: int) -> float:
        """Take step ``index``; return when (``perf_counter``) it was taken."""
        tab, how = self.tab, self.how(index)
        if how == "address":
            started = time.perf_counter()
            address = f"{self.base_url}/{PAGES[self.page]}?{self.filters}"
            await tab.goto(address, wait_until="commit", timeout=TIMEOUT_MS)
            await tab.wait_for_selector(DONE, timeout=TIMEOUT_MS)
            await tab.wait_for_timeout(200)
            return started
        before = tab.url
        if how == "page link":
            self.page = (self.page + 1) % len(PAGES)
            wanted = f"/{PAGES[self.page]}?"
            started = time.perf_counter()
            await tab.locator(f'{NAV} a[href$="/{PAGES[self.page]}"]').click()
            await tab.wait_for_url(lambda url: wanted in url, timeout=TIMEOUT_MS)
            return started
        started = await self._change_filter()
        await tab.wait_for_url(lambda url: url != before, timeout=TIMEOUT_MS)
        await tab.keyboard.press("Escape")
        return started

    async def _change_filter(self) -> float:
        sidebar = self.tab.locator(SIDEBAR)
        if not self.segment_set:
            self.segment_set = True
            segment = sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="Segment")
            await segment.locator("input").click()
            await self.tab.keyboard.type(SEGMENTS[self.number % len(SEGMENTS)])
            started = time.perf_counter()
            await self.tab.keyboard.press("Enter")
        elif not self.last_year:
            self.last_year = True
            started = time.perf_counter()
            await sidebar.get_by_text("Same period last year").click()
        else:
            self.segment_set = self.last_year = False
            started = time.perf_counter()
            await sidebar.get_by_role("button", name="Reset filters").click()
        return started


async def _session(
    browser, base_url: str, number: int, visits: int, deadline: float, load: BackgroundLoad | None
) -> list[Visit]:
    """``visits`` views; with a load, the session goes on until it has also shown a page it
    opened after the load committed."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    tab = await context.new_page()
    viewer = _Viewer(tab, base_url, number)
    seen: list[Visit] = []
    saw_new_data = load is None
    while (len(seen) < visits or not saw_new_data) and time.monotonic() < deadline:
        visit, started = await _view(viewer, len(seen))
        seen.append(visit)
        if len(seen) == 1 and load is not None:
            load.first_view_shown()
        if visit.error is not None:
            break
        if not saw_new_data and load is not None:
            saw_new_data = load.committed_before(started)
    await context.close()
    return seen


async def _view(viewer: _Viewer, index: int) -> tuple[Visit, float]:
    """Take the viewer's step ``index`` and record what it shows once it has settled."""
    tab, error = viewer.tab, None
    started = time.perf_counter()
    try:
        started = await viewer.step(index)
        await tab.wait_for_selector(DONE, timeout=TIMEOUT_MS)
        await tab.wait_for_selector(READY, timeout=TIMEOUT_MS)
        shown = await _settled(tab)
        exception = tab.locator('[data-testid="stException"]')
        if await exception.count():
            error = await exception.first.inner_text()
    except Exception as problem:  # a timeout or a crashed page is what this test reports
        error = f"{type(problem).__name__}: {problem}"
    seconds = (shown if error is None else time.perf_counter()) - started
    view = tab.url.removeprefix(viewer.base_url)
    version = await tab.locator(CAPTION).all_inner_texts() if error is None else []
    tiles = await tab.locator('[data-testid="stMetric"]').all_inner_texts() if error is None else []
    visit = Visit(
        viewer.number, viewer.how(index), view, seconds, " ".join(version), tuple(tiles), error
    )
    return visit, started


async def _settled(tab, timeout_ms: int = TIMEOUT_MS) -> float:
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


class BrowserWatch:
    """Every half second: keeps Chromium's processes at a lower priority than the server (the
    browsers stand in for the managers' own machines, so the server's time per run shows what
    the sessions ask of it rather than what the browsers take from its cores; Chromium starts
    renderers and sets their priority itself, hence again and again), and adds up the CPU time
    of the browsers and Playwright's driver (a process's last half second may be missed)."""

    def __init__(self, niceness: int) -> None:
        self.niceness = niceness
        self._cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    @property
    def cpu_seconds(self) -> float:
        return sum(self._cpu.values())

    def __enter__(self) -> BrowserWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(0.5):
            for process in psutil.Process().children(recursive=True):
                try:
                    name = process.name()
                    if "chrom" not in name and name != "node":
                        continue
                    times = process.cpu_times()
                    self._cpu[process.pid] = times.user + times.system
                    if "chrom" in name and process.nice() < self.niceness:
                        process.nice(self.niceness)
                except psutil.Error:  # ended meanwhile
                    continue


async def _browse(
    base_url: str,
    sessions: int,
    visits: int,
    deadline: float,
    load: BackgroundLoad | None,
    watch: BrowserWatch,
) -> list[Visit]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        with watch:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_FLAGS
            )
            results = await asyncio.gather(
                *(_session(browser, base_url, n, visits, deadline, load) for n in range(sessions))
            )
            await browser.close()
    return [visit for session in results for visit in session]


class BackgroundLoad:
    """A ``--replace`` load of ``folder``, started in a thread once every session has shown
    its first page, so that sessions browse before, during and after it."""

    def __init__(self, db_url: str, folder: Path, sessions: int) -> None:
        self.db_url, self.folder = db_url, folder
        self.waiting_for = sessions
        self.rows = 0
        self.seconds: float | None = None
        self.error: str | None = None
        self._committed_at: float | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def first_view_shown(self) -> None:
        self.waiting_for -= 1
        if self.waiting_for == 0:
            self._thread.start()

    def committed_before(self, moment: float) -> bool:
        return self._committed_at is not None and self._committed_at < moment

    def join(self, timeout: float) -> None:
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        from data_access import open_database
        from data_access.loader import load, sources_from_folder
        from data_access.writers import Writer

        started = time.perf_counter()
        try:
            result = load(
                open_database(self.db_url),
                sources_from_folder(self.folder),
                replace=True,
                writer=Writer.operator("load test"),
            )
        except Exception as problem:  # reported with the load test's result
            self.error = f"{type(problem).__name__}: {problem}"
            return
        self._committed_at = time.perf_counter()
        self.rows = sum(result.rows.values())
        self.seconds = self._committed_at - started


def mixtures(visits: list[Visit]) -> list[str]:
    """Views that showed different tiles under the same data version."""
    shown: dict[tuple[str, str], set[tuple[str, ...]]] = defaultdict(set)
    for visit in visits:
        if visit.error is None and visit.tiles:
            shown[(visit.view, visit.version_text)].add(visit.tiles)
    return [f"{view} ({version})" for (view, version), tiles in shown.items() if len(tiles) > 1]


def server_runs(log_text: str) -> list[float]:
    """Seconds of the server's runs of the browsed pages, from its log: every run but one
    cut short to start over (a page that stops early, at "nothing matches", has finished)."""
    return [
        int(match["ms"]) / 1000
        for match in run_log.LINE.finditer(log_text)
        if match["page"] in PAGES and match["ended"] != "RerunException"
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


@dataclass(frozen=True)
class Result:
    visits: list[Visit]
    server_seconds: list[float]
    load: BackgroundLoad | None
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    """CPU time of the ``server`` process and of the ``browsers`` (Chromium and Playwright's
    driver), against the ``wall`` time they shared the machine for."""
    server_peak_mb: float = 0.0

    def problems(self) -> list[str]:
        """Errors seen, views that mixed two states of the data, a load that did not commit."""
        found = [
            f"error in session {v.session} ({v.how}, {v.view}): {v.error[:300]}"
            for v in self.visits
            if v.error
        ]
        found += [f"mixed data: {view}" for view in mixtures(self.visits)]
        if self.load is not None and self.load.seconds is None:
            found.append(f"the load did not commit: {self.load.error or 'not finished in time'}")
        return found


def run(
    db_url: str,
    sessions: int,
    visits: int,
    seconds: float,
    load_folder: Path | None = None,
    log_path: Path | None = None,
    browser_niceness: int = 10,
) -> Result:
    """Start a server on ``db_url``, browse it, stop it; see the module's description."""
    log = log_path or Path(f"/tmp/load-test-server-{time.time_ns()}.log")
    started = time.perf_counter()
    server, base_url = start_server(db_url, log)
    watch = BrowserWatch(browser_niceness)
    load = BackgroundLoad(db_url, load_folder, sessions) if load_folder else None
    deadline = time.monotonic() + seconds
    try:
        views = asyncio.run(_browse(base_url, sessions, visits, deadline, load, watch))
        if load is not None:
            load.join(timeout=max(0.0, deadline - time.monotonic()))
        server_times = psutil.Process(server.pid).cpu_times()
        server_peak_mb = _peak_resident_mb(server.pid)
    finally:
        stop_server(server)
    cpu = {
        "server": server_times.user + server_times.system,
        "browsers": watch.cpu_seconds,
        "wall": time.perf_counter() - started,
    }
    runs = server_runs(log.read_text(errors="replace"))
    return Result(views, runs, load, cpu, server_peak_mb)


def _peak_resident_mb(pid: int) -> float:
    """The process's peak resident memory so far (Linux: ``VmHWM``)."""
    status = Path(f"/proc/{pid}/status").read_text()
    kilobytes = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
    return int(kilobytes) / 1024


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    result = run(
        args.db,
        args.sessions,
        args.visits,
        args.seconds,
        load_folder=args.load,
        browser_niceness=args.browser_nice,
    )
    views = result.visits
    print(
        f"{args.sessions} sessions, {len(views)} views, {sum(bool(v.error) for v in views)} errors"
    )
    for what, hows in TIMED:
        _report(
            f"until charts shown, {what}",
            [v.seconds for v in views if v.error is None and v.how in hows],
        )
    _report("server time per page run", result.server_seconds)
    cpu = result.cpu_seconds
    print(
        f"CPU: server {cpu['server']:.0f} s, browsers {cpu['browsers']:.0f} s, "
        f"in {cpu['wall']:.0f} s on {psutil.cpu_count()} cores; "
        f"server peak memory {result.server_peak_mb:.0f} MB"
    )
    if result.load is not None and result.load.seconds is not None:
        print(f"load meanwhile: {result.load.rows:,} rows in {result.load.seconds:.1f} s")
    problems = result.problems()
    for problem in problems[:10]:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
