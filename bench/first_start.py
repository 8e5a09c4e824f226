"""Time a first start: a copy of the project with no data folder, the server started by the
README's command (``python serve.py``; with ``--streamlit-run``, ``streamlit run app.py``), and
one browser opening the root as soon as ``/_stcore/health`` answers ``ok``.

``python -m bench.first_start`` prints the seconds from start to healthy, from healthy to the
Overview's tiles, and the load average before and after (the machine may be shared).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from data_access.engine import PROJECT_ROOT
from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, free_port

SERVER_OPTIONS = [
    "--server.headless=true",
    "--server.address=127.0.0.1",
    "--server.fileWatcherType=none",
]


def _load_average() -> str:
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--streamlit-run",
        action="store_true",
        help="start with `streamlit run app.py` (seeding when the first visitor arrives)",
    )
    plain = parser.parse_args().streamlit_run
    command = ["-m", "streamlit", "run", "app.py"] if plain else ["serve.py"]
    print(f"load average before: {_load_average()}")

    with tempfile.TemporaryDirectory(prefix="wallet-first-start-") as folder:
        copy = Path(folder) / "app"
        files = subprocess.run(
            ["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
        for name in files:
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT_ROOT / name, copy / name)
        port = free_port()
        log = (Path(folder) / "server.log").open("wb")
        started = time.monotonic()
        server = subprocess.Popen(
            [sys.executable, *command, *SERVER_OPTIONS, f"--server.port={port}"],
            cwd=copy,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            import urllib.request

            url = f"http://127.0.0.1:{port}"
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                        if reply.read().strip() == b"ok":
                            break
                except OSError:
                    time.sleep(0.1)
            healthy = time.monotonic()
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(url)
                page.wait_for_selector('[data-testid="stMetricValue"]', timeout=600_000)
                tiles = time.monotonic()
                browser.close()
            print(f"server start to healthy: {healthy - started:.1f} s")
            print(f"healthy to the first page's tiles: {tiles - healthy:.1f} s")
            print(f"start to the first page's tiles: {tiles - started:.1f} s")
            print(f"load average after: {_load_average()}")
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
