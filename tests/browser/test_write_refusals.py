"""A removed administrator's open Access page, signed in through a real OpenID provider.

The administrator opens Access and fills in a grant; their role is removed on the command
line; they press "Save role". The grant must be refused with a message in the page's
language and nothing written (checked with plain SQL). Screenshots of what they see are
left in ``artifacts/screenshots`` at a desktop and a phone width.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from data_access import open_database
from data_access.engine import get_engine
from data_access.roles import assign_role, remove_role
from data_access.writers import COMMAND_LINE
from tests.browser.helpers import open_view, wait_until_rendered
from tests.browser.oidc import SignInDashboard, sign_in, signed_in_dashboard

ADMIN = {"boss": {"email": "boss@bank.example", "email_verified": True}}
REFUSAL = {
    "en": "Nothing was changed: you no longer have a role in the dashboard, so you may not "
    "change roles.",
    "zh": "未做任何修改：您已不再拥有看板角色，不能修改角色。",
}
ADMINISTRATOR = {"en": "Administrator", "zh": "管理员"}
SAVE = {"en": "Save role", "zh": "保存角色"}


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("refusal-db") / "dashboard.sqlite3"


@pytest.fixture(scope="module")
def dashboard(browser, database: Path, tmp_path_factory) -> Iterator[SignInDashboard]:
    folder = tmp_path_factory.mktemp("refusal")
    with signed_in_dashboard(f"sqlite:///{database}", folder, ADMIN) as dashboard:
        yield dashboard


def roles_stored(database: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(database) as conn:
        return conn.execute(
            "SELECT email, role, granted_by FROM viewer_roles ORDER BY email"
        ).fetchall()


@pytest.mark.parametrize(("lang", "width"), [("en", 1440), ("zh", 390), ("en", 390), ("zh", 1440)])
def test_a_removed_administrator_cannot_grant_from_the_page_still_open(
    browser, dashboard, database, screenshot_dir, lang, width
):
    db = open_database(f"sqlite:///{database}")
    assign_role(db, "boss@bank.example", "admin", writer=COMMAND_LINE)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        sign_in(page, dashboard, "boss")
        open_view(page, dashboard.base_url, f"access?lang={lang}")
        page.get_by_label("E-mail" if lang == "en" else "电子邮箱").first.fill("boss@bank.example")
        page.keyboard.press("Enter")
        wait_until_rendered(page)
        roles = page.locator('[data-testid="stButtonGroup"]')
        roles.get_by_text(ADMINISTRATOR[lang], exact=True).click()
        wait_until_rendered(page)
        remove_role(db, "boss@bank.example", writer=COMMAND_LINE)
        page.get_by_role("button", name=SAVE[lang]).click()
        page.locator('[data-testid="stAlert"]').first.wait_for(timeout=30_000)
        wait_until_rendered(page)
        shown = page.locator('[data-testid="stMain"]').inner_text()
        page.screenshot(path=str(screenshot_dir / f"write-refused-{lang}-{width}.png"))
    finally:
        context.close()
        get_engine(db.url).dispose()
    assert REFUSAL[lang] in shown
    assert roles_stored(database) == []  # the self-grant was not written
