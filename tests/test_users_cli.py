"""``python -m data_access users add | remove | list``."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import insert

from data_access import open_database
from data_access.__main__ import main
from data_access.engine import PROJECT_ROOT
from data_access.roles import get_role, list_roles
from data_access.schema import branches, teams


@pytest.fixture
def url(db_url: str) -> str:
    db = open_database(db_url)
    with db.engine.begin() as conn:
        conn.execute(
            insert(branches),
            [
                {"branch_id": "HZ-01", "branch_name": "杭州西湖支行", "region": "浙江"},
                {"branch_id": "NJ-01", "branch_name": "南京鼓楼支行", "region": "江苏"},
            ],
        )
        conn.execute(insert(teams).values(team_id="HZ-01-A", branch_id="HZ-01", team_name="A"))
    return db_url


@dataclass(frozen=True)
class Outcome:
    returncode: int | str | None
    """As ``main`` returned it or ``SystemExit`` carried it."""
    stdout: str
    stderr: str


@pytest.fixture
def users(capsys) -> Callable[..., Outcome]:
    """Runs ``python -m data_access users ARGS --db URL`` in this process."""

    def run(url: str, *args: str) -> Outcome:
        capsys.readouterr()
        code: int | str | None
        try:
            code = main(["users", *args, "--db", url])
        except SystemExit as exit_:
            code = exit_.code
        out, err = capsys.readouterr()
        return Outcome(code, out, err)

    return run


def test_the_module_entry_point_runs_the_users_command(url):
    listed = subprocess.run(
        [sys.executable, "-m", "data_access", "users", "list", "--db", url],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (listed.returncode, listed.stdout) == (0, "")


def test_add_list_and_remove_round_trip(url, users):
    added = users(url, "add", "Boss@Bank.example", "--role", "admin")
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("added boss@bank.example\tadmin\tall branches\tby cli ")

    assert (
        users(url, "add", "zj@bank.example", "--role", "manager", "--region", "浙江").returncode
        == 0
    )
    assert (
        users(url, "add", "wang@bank.example", "--role", "staff", "--team", "HZ-01-A").returncode
        == 0
    )

    listed = users(url, "list")
    assert listed.returncode == 0
    lines = [line.split("\t")[:3] for line in listed.stdout.splitlines()]
    assert lines == [
        ["boss@bank.example", "admin", "all branches"],
        ["wang@bank.example", "staff", "branch HZ-01, team HZ-01-A"],
        ["zj@bank.example", "manager", "regions 浙江"],
    ]

    removed = users(url, "remove", "WANG@bank.example")
    assert (removed.returncode, removed.stdout) == (0, "removed wang@bank.example\n")
    assert [r.email for r in list_roles(open_database(url))] == [
        "boss@bank.example",
        "zj@bank.example",
    ]


def test_a_staff_role_is_stored_with_branch_and_team(url, users):
    assert (
        users(url, "add", "li@bank.example", "--role", "staff", "--branch", "NJ-01").returncode == 0
    )
    role = get_role(open_database(url), "li@bank.example")
    assert role is not None
    assert (role.role, role.branch_id, role.team_id, role.granted_by) == (
        "staff",
        "NJ-01",
        None,
        "cli",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "x@bank.example", "--role", "staff", "--branch", "XX-9"], "unknown branch 'XX-9'"),
        (
            ["add", "x@bank.example", "--role", "manager", "--region", "火星"],
            "unknown region(s): 火星",
        ),
        (["add", "not-an-email", "--role", "admin"], "is not an e-mail address"),
        (["remove", "nobody@bank.example"], "'nobody@bank.example' has no role"),
    ],
)
def test_refused_changes_exit_1_with_one_line_and_write_nothing(url, users, args, message):
    refused = users(url, *args)
    assert refused.returncode == 1
    assert message in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert refused.stdout == ""
    assert list_roles(open_database(url)) == []


def test_an_unknown_role_is_a_usage_error(url, users):
    wrong = users(url, "add", "x@bank.example", "--role", "owner")
    assert wrong.returncode == 2
    assert "owner" in wrong.stderr
    assert list_roles(open_database(url)) == []


def test_a_malformed_database_url_is_a_usage_error(users):
    wrong = users("nosuchdb://", "list")
    assert wrong.returncode == 2
    assert "--db" in wrong.stderr
