"""The benchmark's steps, each run in a child process of its own (``python -m bench.steps``).

``load DIR URL``   loads the CSV folder with ``--replace``; prints the rows and seconds.
``pages URL``      runs every page under AppTest, each with an emptied cache (cold) and
                   again (warm), all pages in turn, ``ROUNDS`` times; prints the median
                   seconds per page and run.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from data_access.engine import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")
ROUNDS = 3
"""Every page is timed this many times, in turn; its median is reported (one run's time
varies by up to a third)."""


def load_step(folder: str, url: str) -> dict[str, float]:
    from data_access import open_database
    from data_access.loader import load, sources_from_folder
    from data_access.writers import Writer

    db = open_database(url)
    started = time.perf_counter()
    result = load(
        db, sources_from_folder(Path(folder)), replace=True, writer=Writer.operator("bench")
    )
    return {"rows": sum(result.rows.values()), "seconds": time.perf_counter() - started}


def pages_step(url: str) -> dict[str, dict[str, float]]:
    import os

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from ui.navigation import PAGE_NAMES

    os.environ["DATABASE_URL"] = url
    app = AppTest.from_file(APP, default_timeout=600)
    app.run()  # imports and the app's own first queries, before any page is timed
    _raise_on_exception(app, "overview")
    samples: dict[str, dict[str, list[float]]] = {
        page: {"cold": [], "warm": []} for page in PAGE_NAMES
    }
    for _ in range(ROUNDS):
        for page in PAGE_NAMES:
            for label, runs in samples[page].items():
                if label == "cold":
                    st.cache_data.clear()
                started = time.perf_counter()
                app.switch_page(f"pages/{page}.py").run()
                runs.append(time.perf_counter() - started)
                _raise_on_exception(app, page)
    return {
        page: {label: statistics.median(runs) for label, runs in by_label.items()}
        for page, by_label in samples.items()
    }


def _raise_on_exception(app, page: str) -> None:
    if app.exception:
        raise RuntimeError(f"page {page} raised: {[e.value for e in app.exception]}")


def main(argv: list[str]) -> int:
    command, *arguments = argv
    steps: dict[str, Callable[..., object]] = {"load": load_step, "pages": pages_step}
    print(json.dumps(steps[command](*arguments)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
