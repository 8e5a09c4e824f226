"""An administrator signs in and loads a month of data from the browser, on SQLite and
PostgreSQL; once their role is removed, the Data page they still have open loads nothing.

The dashboard starts on an empty database; the files are those of
``tests/test_upload_page.py``, whose row counts are written out there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import FilePayload, Page
from sqlalchemy import select

from data_access import open_database
from data_access.roles import remove_role
from data_access.schema import load_history
from data_access.writers import COMMAND_LINE
from tests.browser.databases import DIALECTS, Grant, sample_database
from tests.browser.helpers import open_view, wait_until_rendered
from tests.browser.oidc import SignInDashboard, sign_in, signed_in_dashboard
from tests.test_upload_page import JUNE, JUNE_ROWS, stored_rows, zipped

BOSS = "boss@bank.example"
ADMIN = {"boss": {"email": BOSS, "email_verified": True}}


@pytest.fixture(scope="module", params=DIALECTS)
def database(request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database on each dialect but for the administrator's role."""
    with sample_database(request, [Grant(BOSS, "admin")], empty=True) as url:
        yield url


@pytest.fixture(scope="module")
def dashboard(browser, database: str, tmp_path_factory) -> Iterator[SignInDashboard]:
    folder = tmp_path_factory.mktemp("upload")
    with signed_in_dashboard(database, folder, ADMIN) as dashboard:
        yield dashboard


def loads(database: str) -> list[tuple[str, str]]:
    h = load_history.c
    rows = open_database(database).rows(select(h.loaded_by, h.source).order_by(h.load_id))
    return [(row.loaded_by, row.source) for row in rows]


def upload(
    page: Page, files: dict[str, bytes], before_submit: Callable[[], object] | None = None
) -> None:
    """Choose ``files`` in the uploader, call ``before_submit`` if given, submit, and wait for
    the outcome."""
    payloads: list[FilePayload] = [
        {"name": name, "mimeType": "application/octet-stream", "buffer": data}
        for name, data in files.items()
    ]
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(payloads)
    for name in files:
        page.get_by_text(name, exact=True).first.wait_for(timeout=30_000)
    if before_submit is not None:
        before_submit()
    page.get_by_role("button", name="Check and load").click()
    page.locator('[data-testid="stAlert"]').first.wait_for(timeout=60_000)
    wait_until_rendered(page)


def test_an_administrator_loads_a_month_from_the_browser_until_removed(page, dashboard, database):
    sign_in(page, dashboard, "boss")
    open_view(page, dashboard.base_url, "data")

    broken = {**JUNE, "teams.csv": b"team_id,branch_id,team_name\nXX-A,XX-99,B\n"}
    upload(page, broken)
    assert page.get_by_text("Nothing was loaded: 2 problem(s) found").count() == 1
    assert page.locator('[data-testid="stDataFrame"]').count() == 1  # the problems table
    assert stored_rows(database) == {} and loads(database) == []

    upload(page, JUNE)
    assert page.get_by_text("Loaded 10 rows.").count() == 1
    assert stored_rows(database) == JUNE_ROWS
    assert [who for who, _ in loads(database)] == ["boss@bank.example"]

    folder = {f"2026-06/{name}": data for name, data in JUNE.items()}
    upload(page, {"2026-06.zip": zipped(folder, folders=("2026-06/",))})
    assert page.get_by_text("Loaded 10 rows.").count() == 1
    assert stored_rows(database) == JUNE_ROWS  # the same rows again: upserted, not doubled
    assert loads(database)[-1] == ("boss@bank.example", "upload: 2026-06.zip")

    open_view(page, dashboard.base_url, "overview?start=2026-06-01&end=2026-06-30")
    totals = page.locator('[data-testid="stMetric"]').filter(has_text="Total users")
    assert totals.locator('[data-testid="stMetricValue"]').inner_text().strip() == "3"

    # Their role removed on the command line while the Data page is open: the upload is handled
    # by the page's run, which the app no longer starts for them; nothing is loaded.
    open_view(page, dashboard.base_url, "data")
    loaded = loads(database)
    upload(page, JUNE, lambda: remove_role(open_database(database), BOSS, writer=COMMAND_LINE))
    ended = "This session has ended because your access to the dashboard was removed."
    assert page.get_by_text(ended).count() == 1
    assert loads(database) == loaded  # a load that went through would be listed
