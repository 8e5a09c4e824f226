"""A removed administrator's open Access page, signed in through a real OpenID provider.

The administrator opens Access and fills in a grant; their role is removed on the command
line; they press "Save role". The grant must be refused with a message in the page's
language and nothing written (checked with a plain query of the roles table), on SQLite and
PostgreSQL (there in one language and width: those do not depend on the database).
Screenshots of what they see are left in ``artifacts/screenshots`` at a desktop and a phone
width.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from data_access import open_database
from data_access.engine import get_engine
from data_access.roles import assign_role, remove_role
from data_access.schema import viewer_roles
from data_access.writers import COMMAND_LINE
from tests.browser.databases import DIALECTS, sample_database
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


@pytest.fixture(scope="module", params=DIALECTS)
def database(request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database on each dialect: the dashboard starts on it."""
    with sample_database(request, empty=True) as url:
        yield url


@pytest.fixture(scope="module")
def dashboard(browser, database: str, tmp_path_factory) -> Iterator[SignInDashboard]:
    folder = tmp_path_factory.mktemp("refusal")
    with signed_in_dashboard(database, folder, ADMIN) as dashboard:
        yield dashboard


def roles_stored(database: str) -> list[tuple[str, str, str]]:
    r = viewer_roles.c
    rows = open_database(database).rows(select(r.email, r.role, r.granted_by).order_by(r.email))
    return [(row.email, row.role, row.granted_by) for row in rows]


@pytest.mark.parametrize(
    ("database", "lang", "width"),
    [
        ("sqlite", "en", 1440),
        ("sqlite", "zh", 390),
        ("sqlite", "en", 390),
        ("sqlite", "zh", 1440),
        ("postgresql", "en", 1440),
    ],
    indirect=["database"],
)
def test_a_removed_administrator_cannot_grant_from_the_page_still_open(
    browser, dashboard, database, screenshot_dir, lang, width
):
    db = open_database(database)
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
