"""One dashboard server and one headless Chromium for the browser tests of each test process.

The server runs ``streamlit run app.py`` against a small sample database made
once per session with a fixed end date, so every browser test sees the same data.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from data_access import open_database
from data_access.engine import PROJECT_ROOT, get_engine
from data_access.loader import load, sources_from_folder
from data_access.writers import Writer
from sample_data.generator import generate

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SAMPLE_END = date(2026, 6, 30)
SAMPLE_SCALE = 0.2


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def require_browser() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"{CHROMIUM} not found (apt-get install chromium): browser tests skipped"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Dashboard:
    base_url: str
    db_url: str
    log_path: Path


def start_server(
    db_url: str, log_path: Path, extra_env: dict[str, str] | None = None, port: int | None = None
) -> tuple[subprocess.Popen, str]:
    """Start ``streamlit run app.py`` on ``port`` (default: a free loopback port); return the
    process and its URL."""
    port = port or free_port()
    env = {**os.environ, "DATABASE_URL": db_url, **(extra_env or {})}
    log = log_path.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless=true",
            "--server.address=127.0.0.1",
            f"--server.port={port}",
            "--server.fileWatcherType=none",
            "--browser.gatherUsageStats=false",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dashboard exited early:\n{log_path.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as reply:
                if reply.read().strip() == b"ok":
                    return process, base_url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"dashboard did not answer in 60 s:\n{log_path.read_text(errors='replace')}")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def sample_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of a small set of sample CSV files, generated once per session."""
    folder = tmp_path_factory.mktemp("sample") / "csv"
    generate(folder, seed=7, scale=SAMPLE_SCALE, end=SAMPLE_END)
    return folder


@pytest.fixture(scope="session")
def sample_db_url(sample_csv: Path) -> Iterator[str]:
    """A small SQLite sample database, loaded once per session from ``sample_csv``."""
    url = f"sqlite:///{sample_csv.parent / 'dashboard.sqlite3'}"
    load(open_database(url), sources_from_folder(sample_csv), writer=Writer.operator("tests"))
    yield url
    get_engine(url).dispose()


@pytest.fixture(scope="session")
def dashboard(sample_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    require_browser()
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    process, base_url = start_server(sample_db_url, log_path)
    yield Dashboard(base_url=base_url, db_url=sample_db_url, log_path=log_path)
    stop_server(process)


@pytest.fixture(scope="session")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    folder = PROJECT_ROOT / "artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
