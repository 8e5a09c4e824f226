"""Writes from a page drawn for a role that has since been taken away, signed in through a
real OpenID provider, on SQLite and PostgreSQL.

An administrator opens Access and fills in a grant; a manager opens Targets and types a
target; then their role is removed on the command line, and they press "Save role" or "Save
targets". The write must be refused with a message in the page's language and nothing
written (checked with plain queries of the tables). The Access page is checked in both
languages at a desktop and a phone width on SQLite, and once on PostgreSQL (language and width
do not depend on the database); screenshots of what they see are left in
``artifacts/screenshots``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from data_access import Database, open_database
from data_access.engine import get_engine
from data_access.roles import assign_role, remove_role
from data_access.schema import target_changes, targets, viewer_roles
from data_access.writers import COMMAND_LINE
from tests.browser.databases import DIALECTS, sample_database
from tests.browser.helpers import open_view, wait_until_rendered
from tests.browser.oidc import SignInDashboard, sign_in, signed_in_dashboard
from tests.browser.test_promotion_pages import open_cell_editor

USERS = {
    "boss": {"email": "boss@bank.example", "email_verified": True},
    "mgr": {"email": "mgr@bank.example", "email_verified": True},
}
REFUSAL = {
    "en": "Nothing was changed: you no longer have a role in the dashboard, so you may not "
    "change roles.",
    "zh": "未做任何修改：您已不再拥有看板角色，不能修改角色。",
}
ADMINISTRATOR = {"en": "Administrator", "zh": "管理员"}
SAVE = {"en": "Save role", "zh": "保存角色"}
TARGETS_REFUSAL = {
    "en": "Nothing was changed: you no longer have a role in the dashboard, so you may not "
    "edit targets. Ask your administrator.",
    "zh": "未做任何修改：您已不再拥有看板角色，不能修改目标。请联系管理员。",
}
SESSION_ENDED = {
    "en": "This session has ended because your access to the dashboard was removed.",
    "zh": "本次会话已结束：您的看板访问权限已被撤销。",
}
"""Removing the role ended the manager's session too: the page says so under the refusal."""
EDIT_TARGETS = {"en": "Set next months' targets", "zh": "设置后续月份目标"}
SAVED = {"en": "Saved: 1 target(s) changed.", "zh": "已保存：修改了 1 个目标。"}
SAVE_TARGETS = {"en": "Save targets", "zh": "保存目标"}


@pytest.fixture(scope="module", params=DIALECTS)
def database(request: pytest.FixtureRequest) -> Iterator[str]:
    """The browser tests' sample data on each dialect, with nobody's role yet."""
    with sample_database(request) as url:
        yield url


@pytest.fixture(scope="module")
def dashboard(browser, database: str, tmp_path_factory) -> Iterator[SignInDashboard]:
    folder = tmp_path_factory.mktemp("refusal")
    with signed_in_dashboard(database, folder, USERS) as dashboard:
        yield dashboard


def remove_then_press(
    page: Page, db: Database, email: str, button: str, answer: str, screenshot: Path
) -> tuple[str, int]:
    """Remove ``email``'s role on the command line, then press ``button`` on the page still
    open and wait for ``answer``; the main area's text and how many tiles it shows then (a
    screenshot goes to ``screenshot``)."""
    remove_role(db, email, writer=COMMAND_LINE)
    page.get_by_role("button", name=button).click()
    page.get_by_text(answer).first.wait_for(timeout=30_000)
    wait_until_rendered(page)
    page.screenshot(path=str(screenshot))
    shown = page.locator('[data-testid="stMain"]').inner_text()
    return shown, page.locator('[data-testid="stMetric"]').count()


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
        shot = screenshot_dir / f"write-refused-{lang}-{width}.png"
        shown, _ = remove_then_press(page, db, "boss@bank.example", SAVE[lang], REFUSAL[lang], shot)
    finally:
        context.close()
        get_engine(db.url).dispose()
    assert REFUSAL[lang] in shown
    assert roles_stored(database) == []  # the self-grant was not written


def targets_stored(database: str) -> list[tuple[str, str, str, int]]:
    g = targets.c
    query = select(g.month, g.team_id, g.metric, g.target).order_by(g.month, g.team_id, g.metric)
    return [tuple(row) for row in open_database(database).rows(query)]


def changes_logged(database: str) -> list[tuple[str, int | None, int]]:
    c = target_changes.c
    query = select(c.changed_by, c.old_target, c.new_target).order_by(c.change_id)
    return [tuple(row) for row in open_database(database).rows(query)]


def type_first_target(page: Page, value: str, screenshot: Path) -> None:
    """Type ``value`` into the target editor's first row and press Enter."""
    open_cell_editor(page, screenshot).fill(value)
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)


@pytest.mark.parametrize(
    ("database", "lang"), [("sqlite", "en"), ("postgresql", "zh")], indirect=["database"]
)
def test_a_removed_manager_cannot_save_targets_from_the_page_still_open(
    browser, dashboard, database, screenshot_dir, tmp_path, lang
):
    db = open_database(database)
    assign_role(db, "mgr@bank.example", "manager", writer=COMMAND_LINE)
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    try:
        sign_in(page, dashboard, "mgr")
        open_view(page, dashboard.base_url, f"targets?lang={lang}")
        page.get_by_text(EDIT_TARGETS[lang]).first.click()
        wait_until_rendered(page)
        # While still a manager, a typed target is saved: the edit reaches the database.
        type_first_target(page, "4321", tmp_path / "grid.png")
        page.get_by_role("button", name=SAVE_TARGETS[lang]).click()
        page.get_by_text(SAVED[lang]).wait_for(timeout=30_000)
        wait_until_rendered(page)
        saved = targets_stored(database)
        logged = changes_logged(database)
        assert [(who, new) for who, _, new in logged] == [("mgr@bank.example", 4321)]

        type_first_target(page, "1234", tmp_path / "grid.png")
        shot = screenshot_dir / f"targets-refused-{lang}.png"
        refusal = TARGETS_REFUSAL[lang]
        shown, tiles = remove_then_press(
            page, db, "mgr@bank.example", SAVE_TARGETS[lang], refusal, shot
        )
    finally:
        context.close()
        get_engine(db.url).dispose()
    assert SESSION_ENDED[lang] in shown
    assert tiles == 0  # and no data is shown any more
    assert targets_stored(database) == saved
    assert changes_logged(database) == logged
