"""What the downloads' security rests on, measured in a real browser (docs/deployment.md,
Downloads): Streamlit serves a download at ``/media/<id>`` to anyone, signed in or not,
where ``<id>`` is a hash of the file's content, MIME type and name; the dashboard makes
each file only when its button is clicked, and ``ui.media_sweep`` stops serving it within
about two sweeps, without any further run on the server.

If a Streamlit upgrade changes any of this, these tests fail and the documentation must
be checked again."""

from __future__ import annotations

import hashlib
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.browser.helpers import open_view
from ui.media_sweep import SWEEP_EVERY_SECONDS

VIEW = "overview?start=2026-06-01&end=2026-06-30"
SERVED_FILE = re.compile(r"/media/[0-9a-f]{32}")


def status(url: str) -> int:
    """The HTTP status of a plain request: no cookie, no session."""
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


def content_id(data: bytes, mime: str, name: str) -> str:
    """Streamlit 1.67's media id, written out from its documented recipe (BLAKE2b, 16 bytes,
    of the length, the bytes, the MIME type and the file name; files under 1 MiB)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (f"{len(data)}:".encode(), data, mime.encode(), name.encode()):
        digest.update(part)
    return digest.hexdigest()


def test_a_csv_is_served_to_anyone_from_its_click_until_the_sweep_forgets_it(dashboard, page):
    open_view(page, dashboard.base_url, VIEW)
    # Made only when clicked: nothing on the page points at a served file yet.
    assert SERVED_FILE.search(page.content()) is None
    with page.expect_download() as started:
        page.get_by_role("button", name="Download data (CSV)").first.click()
    clicked = time.monotonic()
    download = started.value
    data = Path(download.path()).read_bytes()
    assert download.url == (
        f"{dashboard.base_url}/media/{content_id(data, 'text/csv', 'branch_league.csv')}.csv"
    )
    # Not gated: a request without the browser's cookies or session gets the file.
    assert status(download.url) == 200
    # No further run on the server: only the sweep can make it go.
    deadline = clicked + 2 * SWEEP_EVERY_SECONDS + 10
    while status(download.url) == 200:
        assert time.monotonic() < deadline, "still served after two sweeps"
        time.sleep(1)
    gone_after = time.monotonic() - clicked
    assert status(download.url) == 404
    assert gone_after > SWEEP_EVERY_SECONDS - 1  # a sweep marks, the next one forgets
