"""Time a first start: a copy of the project with no data folder, the server started, and one
browser opening the root as soon as ``/_stcore/health`` answers ``ok``.

``python -m bench.first_start`` prints the seconds from healthy to the Overview's tiles.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from data_access.engine import PROJECT_ROOT
from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, free_port


def main() -> None:
    from playwright.sync_api import sync_playwright

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
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true",
             "--server.address=127.0.0.1", f"--server.port={port}",
             "--server.fileWatcherType=none"],
            cwd=copy, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
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
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
