"""``python -m data_access load DIR [--db URL] [--replace]``, run as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from data_access import open_database
from data_access.engine import PROJECT_ROOT
from tests.loader_helpers import BASE, data_rows, snapshot, sqlite_file_digest, write_folder


def run(*args: str, database_url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "data_access", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return write_folder(tmp_path / "base", BASE)


def test_load_prints_the_rows_per_table(db_url, base):
    done = run("load", str(base), "--db", db_url)

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "loaded 26 rows",
        "  branches: 3",
        "  teams: 2",
        "  staff: 2",
        "  campaigns: 1",
        "  campaign_branches: 2",
        "  wallet_users: 2",
        "  wallet_activity: 3",
        "  surveys: 2",
        "  complaints: 2",
        "  market_share: 3",
        "  targets: 2",
        "  outreach_visits: 2",
    ]
    db = open_database(db_url)
    assert len(data_rows(db)["wallet_activity"]) == 3
    assert db.data_version() == 1


def test_rejected_load_prints_every_problem_exits_1_and_writes_nothing(db_url, base, tmp_path):
    assert run("load", str(base), "--db", db_url).returncode == 0
    db = open_database(db_url)
    before, file_before = snapshot(db), sqlite_file_digest(db)
    bad = write_folder(
        tmp_path / "bad",
        {
            "branches.csv": BASE["branches.csv"],
            "teams.csv": "team_id,branch_id,team_name\nT9,HZ-09,x\n",
            "wallet_activity.csv": "user_id,activity_date,transactions,amount\nU1,2024-03-06,1,-2\n",
            "complaint.csv": "complaint_id\n",
        },
    )

    done = run("load", str(bad), "--db", db_url)

    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines[0].startswith(
        "complaint.csv:1: -: unknown file name; did you mean complaints.csv?"
    )
    assert lines[1:] == [
        "teams.csv:2: branch_id: 'HZ-09' is not the branch_id of any row in branches.csv or the database",
        "wallet_activity.csv:2: amount: -2 is negative",
        "load rejected: 3 problem(s); nothing was written",
    ]
    assert snapshot(db) == before
    assert sqlite_file_digest(db) == file_before


def test_long_problem_lists_are_cut_short_but_counted(db_url, tmp_path):
    rows = "".join(f"B{n},name,\n" for n in range(1, 251))
    folder = write_folder(
        tmp_path / "bad", {"branches.csv": "branch_id,branch_name,region\n" + rows}
    )

    done = run("load", str(folder), "--db", db_url)

    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 202
    assert lines[0] == "branches.csv:2: region: a value is required"
    assert lines[199] == "branches.csv:201: region: a value is required"
    assert lines[200:] == [
        "... and 50 more problems",
        "load rejected: 250 problem(s); nothing was written",
    ]


def test_replace_removes_the_earlier_data(db_url, base, tmp_path):
    assert run("load", str(base), "--db", db_url).returncode == 0
    only = write_folder(
        tmp_path / "only", {"branches.csv": "branch_id,branch_name,region\nBR 04,城西支行,浙江\n"}
    )

    done = run("load", str(only), "--db", db_url, "--replace")

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["loaded 1 rows (all earlier data removed)", "  branches: 1"]
    rows = data_rows(open_database(db_url))
    assert rows.pop("branches") == [("BR 04", "城西支行", "浙江")]
    assert all(table == [] for table in rows.values())


def test_database_url_comes_from_the_environment_unless_db_is_given(db_url, base, tmp_path):
    assert run("load", str(base), database_url=db_url).returncode == 0
    assert len(data_rows(open_database(db_url))["branches"]) == 3

    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    only = write_folder(
        tmp_path / "only", {"branches.csv": "branch_id,branch_name,region\nBR 04,城西支行,浙江\n"}
    )
    assert run("load", str(only), "--db", other, database_url=db_url).returncode == 0
    assert data_rows(open_database(other))["branches"] == [("BR 04", "城西支行", "浙江")]
    assert len(data_rows(open_database(db_url))["branches"]) == 3


@pytest.mark.parametrize(
    ("make_path", "message"),
    [
        (lambda tmp: tmp / "missing", "no such directory"),
        (
            lambda tmp: write_folder(tmp / "d", {"branches.csv": "x"}) / "branches.csv",
            "not a directory",
        ),
    ],
    ids=["missing", "a file"],
)
def test_a_bad_folder_is_a_usage_error(tmp_path, make_path, message):
    path = make_path(tmp_path)
    done = run("load", str(path), "--db", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert done.returncode == 2
    assert f"error: argument DIR: {path}: {message}" in done.stderr
    assert not (tmp_path / "x.sqlite3").exists()


def test_a_malformed_database_url_is_a_usage_error(base):
    done = run("load", str(base), "--db", "not a url")
    assert done.returncode == 2
    assert "--db" in done.stderr


def test_a_command_is_required():
    done = run()
    assert done.returncode == 2
    assert "load" in done.stderr
