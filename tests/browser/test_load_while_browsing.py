"""Sessions clicking through the dashboard while a ``--replace`` load commits: none errs, and
each sees the old data and then the new, never a page mixing the two (``bench/load_test.py``
at a small size; the same command measures 20 sessions at bank scale).

This test has its own server and browser: the load replaces the data every other browser
test reads, and the load test drives Chromium asynchronously."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

from bench.load_test import run
from data_access import open_database
from data_access.engine import get_engine
from data_access.loader import load, sources_from_folder
from data_access.writers import Writer
from sample_data.generator import generate
from tests.browser.conftest import SAMPLE_END, require_browser

VERSION = re.compile(r"data version (\d+)")


def version_in(text: str) -> int:
    """The data version a page shows in ``text``."""
    found = VERSION.search(text)
    assert found is not None, text
    return int(found[1])


def test_sessions_see_the_old_data_then_the_new_and_never_a_mixture(tmp_path):
    require_browser()
    generate(tmp_path / "old", seed=7, scale=0.1, end=SAMPLE_END)
    new_rows = generate(tmp_path / "new", seed=11, scale=0.3, end=SAMPLE_END)
    url = f"sqlite:///{tmp_path / 'dashboard.sqlite3'}"
    load(open_database(url), sources_from_folder(tmp_path / "old"), writer=Writer.operator("tests"))
    old_version = open_database(url).data_version()
    get_engine(url).dispose()

    with ThreadPoolExecutor(1) as worker:  # its own event loop, apart from the shared browser's
        result = worker.submit(
            run, url, 3, 5, 300, tmp_path / "new", tmp_path / "server.log"
        ).result()

    assert result.problems() == []
    assert result.load is not None
    assert result.load.rows == sum(new_rows.values())
    assert {view.how for view in result.visits} == {"address", "page link", "filter"}
    for session in range(3):
        views = [view for view in result.visits if view.session == session]
        assert len(views) >= 5
        versions = [version_in(view.version_text) for view in views]
        assert versions[0] == old_version, "the load starts once every session shows a page"
        assert versions[-1] > old_version, "each session goes on until it has seen the load"
        assert versions == sorted(versions), "no session goes back to the old data"
        assert all(view.tiles for view in views)
    assert len(result.server_seconds) >= len(result.visits)  # a run for every view
