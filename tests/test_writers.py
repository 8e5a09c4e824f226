"""Every write re-admits its writer from the roles store, inside the transaction that writes.

The writer's role is changed between "drawing the page" (choosing the writer and the scope)
and writing: each write must then be refused with ``WriteRefused`` and write nothing.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import delete, func, select

from data_access import Database, Scope
from data_access.loader import load
from data_access.roles import assign_role, get_role, list_roles, remove_role
from data_access.schema import (
    data_version,
    load_history,
    target_changes,
    targets,
    teams,
    viewer_roles,
)
from data_access.target_edits import save_target_edits
from data_access.viewer_scope import scope_for_role
from data_access.write_lock import writing
from data_access.writers import (
    CHANGE_ROLES,
    COMMAND_LINE,
    Action,
    Reason,
    Writer,
    WriteRefused,
)
from tests.loader_helpers import BASE, sources
from tests.promotion_data import add, organisation

ADMIN = "a@bank.example"
MANAGER = "zj@bank.example"


@pytest.fixture
def org(db: Database) -> Database:
    """Branches B1, B2 (浙江) and B3 (江苏); teams T1, T2 (B1), T3 (B2), T4 (B3); an
    administrator a@ and a manager zj@ of 浙江."""
    organisation(db)
    add(db, teams, {"team_id": "T4", "branch_id": "B3", "team_name": "Lobby"})
    assign_role(db, ADMIN, "admin", writer=COMMAND_LINE)
    assign_role(db, MANAGER, "manager", regions=["浙江"], writer=COMMAND_LINE)
    return db


def edit(team_id: str, target: int) -> dict:
    return {"month": "2026-07", "team_id": team_id, "metric": "new_users", "target": target}


def roles_held(db: Database) -> dict[str, tuple[str, str]]:
    return {role.email: (role.role, role.granted_by) for role in list_roles(db)}


def count(db: Database, table) -> int:
    return db.scalar(select(func.count()).select_from(table))


def target_rows(db: Database) -> int:
    return count(db, targets) + count(db, target_changes)


# Roles


def test_an_administrator_grants_and_is_recorded_as_the_granter(org: Database):
    assign_role(org, "x@bank.example", "staff", branch_id="B1", writer=Writer.person(ADMIN))
    assert roles_held(org)["x@bank.example"] == ("staff", ADMIN)
    assert remove_role(org, "x@bank.example", writer=Writer.person("  A@Bank.Example "))
    assert "x@bank.example" not in roles_held(org)


@pytest.mark.parametrize("grantee", ["x@bank.example", ADMIN])
def test_a_removed_administrator_can_grant_nobody_not_even_themselves(org: Database, grantee):
    writer = Writer.person(ADMIN)  # the page was drawn for a@ as administrator
    assert remove_role(org, ADMIN, writer=COMMAND_LINE)
    before = roles_held(org)
    with pytest.raises(WriteRefused) as refused:
        assign_role(org, grantee, "admin", writer=writer)
    assert (refused.value.reason, refused.value.action) == (Reason.NO_ROLE, Action.CHANGE_ROLES)
    assert str(refused.value) == (
        "a@bank.example may not change roles: they have no role; nothing was written"
    )
    assert roles_held(org) == before == {MANAGER: ("manager", "cli")}


def test_a_demoted_administrator_cannot_remove_a_role(org: Database):
    writer = Writer.person(ADMIN)
    assign_role(org, ADMIN, "staff", branch_id="B1", writer=COMMAND_LINE)
    with pytest.raises(WriteRefused) as refused:
        remove_role(org, MANAGER, writer=writer)
    assert (refused.value.reason, refused.value.role) == (Reason.ROLE, "staff")
    assert get_role(org, MANAGER) is not None


def test_managers_may_not_change_roles(org: Database):
    with pytest.raises(WriteRefused) as refused:
        assign_role(org, MANAGER, "admin", writer=Writer.person(MANAGER))
    assert (refused.value.reason, refused.value.role) == (Reason.ROLE, "manager")
    assert roles_held(org)[MANAGER] == ("manager", "cli")


# Target edits


def test_a_removed_manager_cannot_save_targets(org: Database):
    role = get_role(org, MANAGER)
    assert role is not None
    drawn_for = org.with_scope(scope_for_role(org, role))
    version = org.data_version()
    remove_role(org, MANAGER, writer=COMMAND_LINE)
    with pytest.raises(WriteRefused) as refused:
        save_target_edits(drawn_for, [edit("T1", 40)], writer=Writer.person(MANAGER))
    assert (refused.value.reason, refused.value.action) == (Reason.NO_ROLE, Action.EDIT_TARGETS)
    assert target_rows(org) == 0
    assert org.data_version() == version


def test_a_manager_demoted_to_staff_cannot_save_their_own_branchs_targets(org: Database):
    assign_role(org, MANAGER, "staff", branch_id="B1", writer=COMMAND_LINE)
    with pytest.raises(WriteRefused) as refused:
        save_target_edits(org, [edit("T1", 40)], writer=Writer.person(MANAGER))
    assert (refused.value.reason, refused.value.role) == (Reason.ROLE, "staff")
    assert target_rows(org) == 0


def test_a_regional_manager_moved_to_another_region_cannot_save_the_old_regions_teams(
    org: Database,
):
    role = get_role(org, MANAGER)
    assert role is not None
    drawn_for = org.with_scope(scope_for_role(org, role))  # 浙江: B1, B2
    assert drawn_for.scope == Scope(frozenset({"B1", "B2"}), frozenset({"浙江"}))
    assign_role(org, MANAGER, "manager", regions=["江苏"], writer=COMMAND_LINE)
    with pytest.raises(WriteRefused) as refused:
        save_target_edits(drawn_for, [edit("T1", 40), edit("T3", 9)], writer=Writer.person(MANAGER))
    assert refused.value.reason == Reason.REGIONS
    assert (refused.value.teams, refused.value.regions) == (("T1", "T3"), ("江苏",))
    assert target_rows(org) == 0
    # Their new region's team, on a page drawn for the new role, is theirs to set.
    role = get_role(org, MANAGER)
    assert role is not None
    now = org.with_scope(scope_for_role(org, role))
    changes = save_target_edits(now, [edit("T4", 7)], writer=Writer.person(MANAGER))
    assert [(c.changed_by, c.team_id, c.new_target) for c in changes] == [(MANAGER, "T4", 7)]


def test_a_regional_manager_whose_regions_grew_still_saves_the_first_regions_teams(
    org: Database,
):
    assign_role(org, MANAGER, "manager", regions=["浙江", "江苏"], writer=COMMAND_LINE)
    changes = save_target_edits(org, [edit("T3", 9), edit("T4", 7)], writer=Writer.person(MANAGER))
    assert [(c.team_id, c.new_target) for c in changes] == [("T3", 9), ("T4", 7)]


def test_a_manager_of_every_branch_and_an_administrator_save_any_team(org: Database):
    assign_role(org, MANAGER, "manager", writer=COMMAND_LINE)
    save_target_edits(org, [edit("T4", 7)], writer=Writer.person(MANAGER))
    save_target_edits(org, [edit("T1", 40)], writer=Writer.person(ADMIN))
    c = target_changes.c
    assert sorted(org.rows(select(c.changed_by, c.team_id))) == [(ADMIN, "T1"), (MANAGER, "T4")]


# Loads


def test_an_administrator_demoted_to_manager_cannot_load(db: Database):
    assign_role(db, ADMIN, "admin", writer=COMMAND_LINE)
    writer = Writer.person(ADMIN)
    load(db, sources({"branches.csv": BASE["branches.csv"]}), writer=writer)
    version = db.data_version()
    assign_role(db, ADMIN, "manager", writer=COMMAND_LINE)
    with pytest.raises(WriteRefused) as refused:
        load(db, sources(BASE), writer=writer, replace=True)
    assert (refused.value.reason, refused.value.action) == (Reason.ROLE, Action.LOAD_DATA)
    h = load_history.c
    assert db.rows(select(h.loaded_by)) == [(ADMIN,)]
    assert count(db, teams) == 0  # the refused load's teams were never written
    assert db.scalar(select(data_version.c.version)) == version


def test_trusted_writers_need_no_role(db: Database):
    load(db, sources(BASE), writer=Writer.operator("demo (local)"))
    assign_role(db, "x@bank.example", "admin", writer=COMMAND_LINE)
    assert db.rows(select(load_history.c.loaded_by)) == [("demo (local)",)]
    assert roles_held(db) == {"x@bank.example": ("admin", "cli")}
    with pytest.raises(WriteRefused):
        load(db, sources(BASE), writer=Writer.person("nobody@bank.example"))


def test_two_administrators_removing_each_other_at_once_take_turns(db: Database):
    """The first removes the second; the second, having waited for its turn, is refused
    (on PostgreSQL, without their turns each would wait for the other's role row)."""
    other = "b@bank.example"
    assign_role(db, ADMIN, "admin", writer=COMMAND_LINE)
    assign_role(db, other, "admin", writer=COMMAND_LINE)
    inside, release = threading.Event(), threading.Event()

    def first_removes_second() -> None:
        with writing(db, Writer.person(ADMIN), CHANGE_ROLES, wait_seconds=5, data=False) as conn:
            inside.set()
            release.wait(30)
            conn.execute(delete(viewer_roles).where(viewer_roles.c.email == other))

    first = threading.Thread(target=first_removes_second)
    first.start()
    try:
        assert inside.wait(30)
        threading.Timer(0.3, release.set).start()
        with pytest.raises(WriteRefused) as refused:
            remove_role(db, ADMIN, writer=Writer.person(other))
    finally:
        release.set()
        first.join(30)
    assert refused.value.reason == Reason.NO_ROLE
    assert roles_held(db) == {ADMIN: ("admin", "cli")}
