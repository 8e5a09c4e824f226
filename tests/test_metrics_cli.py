"""``python -m metrics`` run as a subprocess: JSON on stdout, one-line errors, exit statuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.metrics_fixtures import (
    activity,
    branch,
    campaign,
    campaign_branch,
    insert,
    staff_member,
    target,
    team,
    user,
)

ROOT = Path(__file__).resolve().parent.parent

WORLD = (
    branch("杭州-3", "浙江"),
    branch("BR 04", "江苏"),
    team("T1", "杭州-3"),
    staff_member("s1", "T1"),
    campaign("C 1", "2024-03-11", "2024-03-20"),
    campaign_branch("C 1", "杭州-3"),
    user("u1", "杭州-3", "2024-03-01", "老年", "branch", staff_id="s1"),
    user("u2", "BR 04", "2024-03-12", "young", "online", campaign_id="C 1"),
    user("u3", "杭州-3", "2024-03-15", "young", "online", campaign_id="C 1"),
    activity("u1", "2024-03-02", 3, "12.50"),
    activity("u2", "2024-04-01", 1, "1.00"),
    target("2024-03", "T1", "new_users", 4),
)


def run(*args: str, database_url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "metrics", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        encoding="utf-8",
        timeout=60,
    )


def ok(*args: str, database_url: str | None = None):
    done = run(*args, database_url=database_url)
    assert (done.returncode, done.stderr) == (0, "")
    return json.loads(done.stdout), done.stdout


@pytest.fixture
def world(db):
    insert(db, *WORLD)
    return db


def test_summary(world):
    result, raw = ok(
        "summary",
        *("--start", "2024-03-01", "--end", "2024-03-31", "--db", world.url),
        *("--branch", "杭州-3", "--branch", "BR 04", "--segment", "老年", "--segment", "young"),
        *("--region", "浙江", "--channel", "branch"),
    )
    assert list(result)[:3] == ["start", "end", "filters"]
    assert (result["start"], result["end"]) == ("2024-03-01", "2024-03-31")
    assert result["filters"] == {
        "branch": ["BR 04", "杭州-3"],
        "region": ["浙江"],
        "segment": ["young", "老年"],
        "channel": ["branch"],
    }
    # Only u1 is in 浙江 with channel branch: one new user, 3 transactions, 12.50.
    assert (result["new_users"], result["transactions"], result["amount"]) == (1, 3, 12.5)
    assert result["nps"] is None
    assert "杭州-3" in raw and '\n  "start"' in raw  # not escaped, indented


def test_summary_reads_database_url_from_the_environment(world):
    result, _ = ok(
        "summary", "--start", "2024-03-01", "--end", "2024-03-01", database_url=world.url
    )
    assert (result["new_users"], result["total_users"]) == (1, 1)


def test_targets(world):
    result, _ = ok("targets", "--month", "2024-03", "--as-of", "2024-03-15", "--db", world.url)
    # T1's users: u1, registered 1 March; 15 of 31 days elapsed.
    assert result == [
        {
            "team_id": "T1",
            "branch_id": "杭州-3",
            "metric": "new_users",
            "target": 4,
            "actual": 1,
            "attainment": 0.25,
            "elapsed_days": 15,
            "days_in_month": 31,
            "expected_by_now": pytest.approx(4 * 15 / 31),
            "projected": pytest.approx(31 / 15),
        }
    ]
    none, _ = ok("targets", "--month", "2024-03", "--team", "T 9", "--db", world.url)
    assert none == []


def test_campaign(world):
    result, _ = ok("campaign", "--campaign", "C 1", "--segment", "young", "--db", world.url)
    # L = 10; treated 杭州-3: u3 during -> 0.1, none before; control BR 04: u2 during -> 0.1.
    assert result == {
        "campaign_id": "C 1",
        "start": "2024-03-11",
        "end": "2024-03-20",
        "days": 10,
        "treated_branches": 1,
        "control_branches": 1,
        "treated_pre": 0.0,
        "treated_during": 0.1,
        "control_pre": 0.0,
        "control_during": 0.1,
        "lift": None,
        "did": 0.0,
        "did_lift": None,
        "incremental_users": 0.0,
        "incremental_users_low": None,  # one branch per group: no interval
        "incremental_users_high": None,
        "attributed_users": 2,
        "confidence": 0.9,
        "effects": {
            outcome: {
                "treated_branches": 0 if outcome == "csat" else 1,
                "control_branches": 0 if outcome == "csat" else 1,
                "treated_pre": None if outcome == "csat" else 0.0,
                "treated_during": {"csat": None, "new_users": 0.1}.get(outcome, 0.0),
                "control_pre": None if outcome == "csat" else 0.0,
                "control_during": {"csat": None, "new_users": 0.1}.get(outcome, 0.0),
                "did": None if outcome == "csat" else 0.0,
                **dict.fromkeys(("did_low", "did_high", "p_value", "did_lift", "pre_trend_p")),
            }
            for outcome in ("new_users", "active_users", "transactions", "complaints", "csat")
        },
    }


def test_plan(world):
    result, _ = ok("plan", "--branch", "杭州-3", "--days", "10", "--db", world.url)
    # as_of 2024-04-01 (u2's activity): windows 03-13..22 and 03-23..04-01. One branch a side.
    assert [row["outcome"] for row in result] == [
        "new_users",
        "active_users",
        "transactions",
        "complaints",
        "csat",
    ]
    assert result[0] == {
        "outcome": "new_users",
        "treated_branches": 1,
        "control_branches": 1,
        "baseline": 0.1,  # u3 on 03-15
        "se": None,
        "df": None,
        "mde": None,
        "mde_lift": None,
    }
    dated, _ = ok(
        "plan", "--branch", "BR 04", "--days", "1", "--as-of", "2024-03-12", "--db", world.url
    )
    assert dated[0]["baseline"] == 0.0  # BR 04 on 03-11


def test_plan_refuses_an_unknown_branch(world):
    done = run("plan", "--branch", "杭州-3", "--branch", "X 9", "--days", "7", "--db", world.url)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        "python -m metrics plan: error: --branch: unknown branch 'X 9'"
    ]


def test_retention(world):
    result, _ = ok("retention", "--from", "2024-03", "--to", "2024-03", "--db", world.url)
    # Latest activity: April. March cohort u1 u2 u3; u1 active in March, u2 in April.
    keys = ("cohort", "offset", "cohort_users", "active_users", "rate")
    assert result == [
        dict(zip(keys, ("2024-03", 0, 3, 1, pytest.approx(1 / 3)), strict=True)),
        dict(zip(keys, ("2024-03", 1, 3, 1, pytest.approx(1 / 3)), strict=True)),
    ]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["summary", "--start", "2024-01-01", "--end", "2024-01-31", "--bogus"], "--bogus"),
        (["summary", "--start", "2024-1-5", "--end", "2024-01-31"], "2024-1-5"),
        (["summary", "--start", "2024-02-30", "--end", "2024-03-31"], "2024-02-30"),
        (["summary", "--start", "20240101", "--end", "2024-03-31"], "20240101"),
        (["summary", "--start", "2024-03-02", "--end", "2024-03-01"], "before"),
        (["summary", "--start", "2024-03-01"], "--end"),
        (["targets", "--month", "2024-13"], "2024-13"),
        (["targets", "--month", "2024-03", "--as-of", "2024-03-32"], "2024-03-32"),
        (["retention", "--from", "2024-00", "--to", "2024-03"], "2024-00"),
        (["retention", "--from", "2024-04", "--to", "2024-03"], "after"),
        (["campaign", "--campaign", "C 1", "--branch", "杭州-3"], "--branch"),
        (["plan", "--days", "7"], "--branch"),
        (["plan", "--branch", "B1", "--days", "0"], "'0'"),
        (["plan", "--branch", "B1", "--days", "two"], "two"),
        (["plan", "--branch", "B1", "--days", "7", "--region", "浙江"], "--region"),
        (["forecast"], "forecast"),
        ([], "COMMAND"),
    ],
)
def test_bad_arguments_get_one_line_and_status_2(tmp_path, args, fragment):
    database = tmp_path / "never.sqlite3"
    done = run(*args, database_url=f"sqlite:///{database}")
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and done.stderr.endswith("\n")
    assert fragment in done.stderr and "error" in done.stderr
    assert not database.exists()


def test_unknown_campaign(world):
    done = run("campaign", "--campaign", "C 9", "--db", world.url)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        "python -m metrics campaign: error: --campaign: unknown campaign 'C 9'"
    ]


@pytest.mark.parametrize("url", ["nosuchdialect://x", "postgresql+psycopg://nobody@127.0.0.1:1/x"])
def test_database_error_gets_one_line_and_status_1(url):
    done = run("summary", "--start", "2024-01-01", "--end", "2024-01-31", "--db", url)
    assert (done.returncode, done.stdout) == (1, "")
    assert len(done.stderr.splitlines()) == 1 and "database error" in done.stderr
