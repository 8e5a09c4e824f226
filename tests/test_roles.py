"""The roles store: assignment, replacement, removal, listing and validation."""

from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select

from data_access import Database
from data_access.roles import (
    RoleError,
    assign_role,
    get_role,
    list_roles,
    normalise_email,
    remove_role,
)
from data_access.schema import branches, teams, viewer_regions, viewer_roles
from data_access.writers import COMMAND_LINE, Writer


@pytest.fixture
def org(db: Database) -> Database:
    with db.engine.begin() as conn:
        conn.execute(
            insert(branches),
            [
                {"branch_id": "HZ-01", "branch_name": "杭州西湖支行", "region": "浙江"},
                {"branch_id": "HZ-02", "branch_name": "杭州滨江支行", "region": "浙江"},
                {"branch_id": "NJ-01", "branch_name": "南京鼓楼支行", "region": "江苏"},
            ],
        )
        conn.execute(
            insert(teams),
            [
                {"team_id": "HZ-01-A", "branch_id": "HZ-01", "team_name": "A"},
                {"team_id": "NJ-01-A", "branch_id": "NJ-01", "team_name": "A"},
            ],
        )
    return db


def _stored(db: Database) -> tuple[list[tuple], list[tuple]]:
    """Every row of both role tables, to check that a rejected change wrote nothing."""
    r, g = viewer_roles.c, viewer_regions.c
    return (
        [tuple(row) for row in db.rows(select(r.email, r.role, r.branch_id, r.team_id))],
        [tuple(row) for row in db.rows(select(g.email, g.region))],
    )


def test_each_role_is_stored_and_read_back(org):
    assign_role(org, "Boss@Bank.example", "admin", writer=Writer.operator("cli"))
    assign_role(org, "all@bank.example", "manager", writer=Writer.operator("boss@bank.example"))
    assign_role(
        org,
        "east@bank.example",
        "manager",
        regions=["浙江", "江苏", "浙江"],
        writer=Writer.operator("cli"),
    )
    assign_role(org, "li@bank.example", "staff", branch_id="NJ-01", writer=Writer.operator("cli"))

    roles = {role.email: role for role in list_roles(org)}
    assert list(roles) == sorted(roles)
    assert (roles["boss@bank.example"].role, roles["boss@bank.example"].regions) == ("admin", ())
    assert roles["all@bank.example"].regions == ()
    assert roles["all@bank.example"].granted_by == "boss@bank.example"
    assert roles["east@bank.example"].regions == ("江苏", "浙江")
    li = roles["li@bank.example"]
    assert (li.role, li.branch_id, li.team_id) == ("staff", "NJ-01", None)
    assert li.granted_at is not None


def test_a_team_implies_the_staff_members_branch(org):
    role = assign_role(
        org, "wang@bank.example", "staff", team_id="HZ-01-A", writer=Writer.operator("cli")
    )
    assert (role.branch_id, role.team_id) == ("HZ-01", "HZ-01-A")
    stored = get_role(org, "wang@bank.example")
    assert stored is not None
    assert (stored.branch_id, stored.team_id) == ("HZ-01", "HZ-01-A")


def test_email_is_matched_whatever_its_case_and_spacing(org):
    assign_role(org, "  Wang.Wei@Bank.Example ", "admin", writer=Writer.operator("cli"))
    found = get_role(org, "WANG.WEI@BANK.EXAMPLE")
    assert found is not None
    assert found.email == "wang.wei@bank.example"
    assert remove_role(org, "wang.wei@bank.EXAMPLE", writer=COMMAND_LINE) is True
    assert get_role(org, "wang.wei@bank.example") is None


def test_a_new_assignment_replaces_the_old_one_and_its_regions(org):
    assign_role(
        org, "m@bank.example", "manager", regions=["浙江", "江苏"], writer=Writer.operator("cli")
    )
    assign_role(org, "m@bank.example", "manager", regions=["江苏"], writer=Writer.operator("cli"))
    manager = get_role(org, "m@bank.example")
    assert manager is not None
    assert manager.regions == ("江苏",)
    assign_role(org, "m@bank.example", "staff", branch_id="HZ-02", writer=Writer.operator("cli"))
    assert _stored(org) == ([("m@bank.example", "staff", "HZ-02", None)], [])


def test_remove_deletes_the_role_and_its_regions(org):
    assign_role(org, "m@bank.example", "manager", regions=["浙江"], writer=Writer.operator("cli"))
    assign_role(org, "a@bank.example", "admin", writer=Writer.operator("cli"))
    assert remove_role(org, "m@bank.example", writer=COMMAND_LINE) is True
    assert remove_role(org, "m@bank.example", writer=COMMAND_LINE) is False
    assert [role.email for role in list_roles(org)] == ["a@bank.example"]
    assert org.scalar(select(func.count()).select_from(viewer_regions)) == 0


@pytest.mark.parametrize(
    ("email", "role", "kwargs", "message"),
    [
        ("x@bank.example", "owner", {}, "unknown role 'owner'"),
        ("not-an-address", "admin", {}, "is not an e-mail address"),
        ("two@@bank.example", "admin", {}, "is not an e-mail address"),
        ("space in@bank.example", "admin", {}, "is not an e-mail address"),
        ("nodot@bank", "admin", {}, "is not an e-mail address"),
        ("x@bank.example", "staff", {}, "needs a branch"),
        ("x@bank.example", "staff", {"branch_id": "XX-99"}, "unknown branch 'XX-99'"),
        ("x@bank.example", "staff", {"team_id": "NOPE"}, "unknown team 'NOPE'"),
        (
            "x@bank.example",
            "staff",
            {"branch_id": "HZ-01", "team_id": "NJ-01-A"},
            "team 'NJ-01-A' belongs to branch 'NJ-01', not 'HZ-01'",
        ),
        ("x@bank.example", "manager", {"regions": ["浙江", "火星"]}, "unknown region(s): 火星"),
        ("x@bank.example", "manager", {"branch_id": "HZ-01"}, "the manager role takes no branch"),
        ("x@bank.example", "admin", {"team_id": "HZ-01-A"}, "the admin role takes no branch"),
        ("x@bank.example", "admin", {"regions": ["浙江"]}, "the admin role takes no regions"),
        (
            "x@bank.example",
            "staff",
            {"branch_id": "HZ-01", "regions": ["浙江"]},
            "the staff role takes no regions",
        ),
    ],
)
def test_invalid_assignments_are_refused_and_change_nothing(org, email, role, kwargs, message):
    assign_role(org, "x@bank.example", "manager", regions=["江苏"], writer=Writer.operator("cli"))
    before = _stored(org)
    with pytest.raises(RoleError) as raised:
        assign_role(org, email, role, writer=Writer.operator("cli"), **kwargs)
    assert message in str(raised.value)
    assert _stored(org) == before


def test_an_overlong_address_is_refused():
    with pytest.raises(RoleError):
        normalise_email("a" * 320 + "@bank.example")


def test_reading_a_malformed_address_finds_no_role(org):
    assert get_role(org, "not an address") is None
    assert get_role(org, "nobody@bank.example") is None
