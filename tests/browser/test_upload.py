"""An administrator signs in and loads a month of data from the browser.

The dashboard starts on an empty database; the files are those of
``tests/test_upload_page.py``, whose row counts are written out there.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import FilePayload, Page

from data_access import open_database
from data_access.engine import get_engine
from data_access.roles import assign_role
from data_access.writers import Writer
from tests.browser.helpers import open_view, wait_until_rendered
from tests.browser.oidc import SignInDashboard, sign_in, signed_in_dashboard
from tests.test_upload_page import JUNE, JUNE_ROWS, stored_rows, zipped

ADMIN = {"boss": {"email": "boss@bank.example", "email_verified": True}}


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("upload-db") / "dashboard.sqlite3"
    db = open_database(f"sqlite:///{path}")
    assign_role(db, "boss@bank.example", "admin", writer=Writer.operator("tests"))
    get_engine(db.url).dispose()
    return path


@pytest.fixture(scope="module")
def dashboard(browser, database: Path, tmp_path_factory) -> Iterator[SignInDashboard]:
    folder = tmp_path_factory.mktemp("upload")
    with signed_in_dashboard(f"sqlite:///{database}", folder, ADMIN) as dashboard:
        yield dashboard


def table_rows(database: Path) -> dict[str, int]:
    return stored_rows(f"sqlite:///{database}")


def loads(database: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(database) as conn:
        return conn.execute(
            "SELECT loaded_by, source FROM load_history ORDER BY load_id"
        ).fetchall()


def upload(page: Page, files: dict[str, bytes]) -> None:
    """Choose ``files`` in the uploader, submit, and wait for the outcome."""
    payloads: list[FilePayload] = [
        {"name": name, "mimeType": "application/octet-stream", "buffer": data}
        for name, data in files.items()
    ]
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(payloads)
    for name in files:
        page.get_by_text(name, exact=True).first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Check and load").click()
    page.locator('[data-testid="stAlert"]').first.wait_for(timeout=60_000)
    wait_until_rendered(page)


def test_an_administrator_loads_a_month_from_the_browser(page, dashboard, database):
    sign_in(page, dashboard, "boss")
    open_view(page, dashboard.base_url, "data")

    broken = {**JUNE, "teams.csv": b"team_id,branch_id,team_name\nXX-A,XX-99,B\n"}
    upload(page, broken)
    assert page.get_by_text("Nothing was loaded: 2 problem(s) found").count() == 1
    assert page.locator('[data-testid="stDataFrame"]').count() == 1  # the problems table
    assert table_rows(database) == {} and loads(database) == []

    upload(page, JUNE)
    assert page.get_by_text("Loaded 10 rows.").count() == 1
    assert table_rows(database) == JUNE_ROWS
    assert [who for who, _ in loads(database)] == ["boss@bank.example"]

    folder = {f"2026-06/{name}": data for name, data in JUNE.items()}
    upload(page, {"2026-06.zip": zipped(folder, folders=("2026-06/",))})
    assert page.get_by_text("Loaded 10 rows.").count() == 1
    assert table_rows(database) == JUNE_ROWS  # the same rows again: upserted, not doubled
    assert loads(database)[-1] == ("boss@bank.example", "upload: 2026-06.zip")

    open_view(page, dashboard.base_url, "overview?start=2026-06-01&end=2026-06-30")
    totals = page.locator('[data-testid="stMetric"]').filter(has_text="Total users")
    assert totals.locator('[data-testid="stMetricValue"]').inner_text().strip() == "3"
