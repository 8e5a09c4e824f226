"""Targets edited in the app: validation like the loader, one transaction, a change log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import select

from data_access import Database, Scope
from data_access.roles import assign_role
from data_access.schema import target_changes, targets, teams
from data_access.target_edits import (
    EditProblem,
    TargetEditsRejected,
    save_target_edits,
    stored_targets,
    target_change_log,
)
from data_access.viewer_scope import scope_for_role
from data_access.writers import Writer
from tests.promotion_data import add, organisation


@pytest.fixture
def org(db: Database) -> Database:
    """Teams T1, T2 (branch B1) and T3 (B2); T1 has a new_users target of 40 for 2026-07."""
    organisation(db)
    add(db, targets, {"month": "2026-07", "team_id": "T1", "metric": "new_users", "target": 40})
    return db


def edit(month="2026-07", team_id="T1", metric="new_users", target=50) -> dict:
    return {"month": month, "team_id": team_id, "metric": metric, "target": target}


def all_targets(db: Database) -> dict[tuple[str, str, str], int]:
    t = targets.c
    return {
        (m, team, metric): value
        for m, team, metric, value in db.rows(select(t.month, t.team_id, t.metric, t.target))
    }


def change_rows(db: Database) -> list[tuple]:
    c = target_changes.c
    return [
        tuple(row)
        for row in db.rows(
            select(c.changed_by, c.month, c.team_id, c.metric, c.old_target, c.new_target).order_by(
                c.change_id
            )
        )
    ]


def test_saves_new_and_changed_targets_and_logs_each_change(org: Database):
    version = org.data_version()
    before = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    changes = save_target_edits(
        org,
        [
            edit(target=55),
            edit(metric="transactions", target=900),
            edit(month="2026-08", team_id="T3", metric="active_users", target=120),
        ],
        writer=Writer.operator("ann@bank.example"),
    )
    assert all_targets(org) == {
        ("2026-07", "T1", "new_users"): 55,
        ("2026-07", "T1", "transactions"): 900,
        ("2026-08", "T3", "active_users"): 120,
    }
    assert change_rows(org) == [
        ("ann@bank.example", "2026-07", "T1", "new_users", 40, 55),
        ("ann@bank.example", "2026-07", "T1", "transactions", None, 900),
        ("ann@bank.example", "2026-08", "T3", "active_users", None, 120),
    ]
    assert [(c.old_target, c.new_target) for c in changes] == [(40, 55), (None, 900), (None, 120)]
    assert all(before <= c.changed_at <= before + timedelta(minutes=1) for c in changes)
    assert org.data_version() == version + 1


def test_rows_equal_to_the_stored_target_are_not_changes(org: Database):
    version = org.data_version()
    assert save_target_edits(org, [edit(target=40)], writer=Writer.operator("ann")) == []
    assert change_rows(org) == []
    assert org.data_version() == version


def test_accepts_whole_numbers_however_the_editor_sends_them(org: Database):
    save_target_edits(
        org,
        [
            edit(metric="new_users", target="41"),
            edit(metric="active_users", target=30.0),
            edit(metric="transactions", target=np.int64(700)),
        ],
        writer=Writer.operator("ann"),
    )
    assert stored_targets(org, "2026-07", ["T1"]) == {
        ("T1", "new_users"): 41,
        ("T1", "active_users"): 30,
        ("T1", "transactions"): 700,
    }


def test_every_problem_names_row_and_column_and_nothing_is_saved(org: Database):
    version = org.data_version()
    rows = [
        edit(target=60),  # fine, but the edit as a whole is rejected
        edit(month="2026-13"),
        edit(month="2026-7", team_id="T9"),
        edit(metric="amount", target=0),
        edit(target=-3),
        edit(target=2.5),
        edit(target="ten"),
        edit(team_id="T2", metric="transactions", target=None),  # blank: no target, no problem
        edit(target=True),
        {"team_id": "T2", "metric": "new_users", "target": 5},
        edit(team_id="T2", target=7),
        edit(team_id="T2", target=8),
    ]
    expected = [
        (2, "month", "'2026-13' is not a month (YYYY-MM, month 01-12)"),
        (3, "month", "'2026-7' is not a month (YYYY-MM, month 01-12)"),
        (3, "team_id", "unknown team 'T9' (or not one you may edit)"),
        (
            4,
            "metric",
            "unknown metric 'amount'; expected one of new_users, active_users, transactions",
        ),
        (4, "target", "0 is not positive; a target must be at least 1"),
        (5, "target", "-3 is not positive; a target must be at least 1"),
        (6, "target", "2.5 is not a whole number"),
        (7, "target", "'ten' is not a whole number"),
        (9, "target", "True is not a whole number"),
        (10, "month", "required"),
        (12, "metric", "2026-07 T2 new_users is already set in row 11"),
    ]
    with pytest.raises(TargetEditsRejected) as rejected:
        save_target_edits(org, rows, writer=Writer.operator("ann"))
    assert [(p.row, p.column, p.message) for p in rejected.value.problems] == expected
    assert str(rejected.value).splitlines()[0] == (
        "row 2: month: '2026-13' is not a month (YYYY-MM, month 01-12)"
    )
    assert all_targets(org) == {("2026-07", "T1", "new_users"): 40}
    assert change_rows(org) == []
    assert org.data_version() == version


def test_blank_cells_are_missing_values(org: Database):
    with pytest.raises(TargetEditsRejected) as rejected:
        save_target_edits(
            org,
            [edit(month="  ", team_id="", metric=None, target="")],
            writer=Writer.operator("ann"),
        )
    assert [(p.column, p.message) for p in rejected.value.problems] == [
        ("month", "required"),
        ("team_id", "required"),
        ("metric", "required"),
    ]
    assert all_targets(org) == {("2026-07", "T1", "new_users"): 40}


def test_a_blank_target_is_no_target_but_cannot_remove_a_stored_one(org: Database):
    version = org.data_version()
    assert (
        save_target_edits(org, [edit(team_id="T2", target=None)], writer=Writer.operator("ann"))
        == []
    )
    assert org.data_version() == version
    rows = [edit(team_id="T2", target=" "), edit(target=float("nan"))]
    with pytest.raises(TargetEditsRejected) as rejected:
        save_target_edits(org, rows, writer=Writer.operator("ann"))
    assert [str(p) for p in rejected.value.problems] == [
        "row 2: target: the stored target 40 cannot be removed here; enter a positive whole number"
    ]
    assert all_targets(org) == {("2026-07", "T1", "new_users"): 40}


def test_teams_outside_the_viewers_branches_are_unknown(org: Database):
    scoped = org.with_scope(Scope(branches=frozenset({"B1"})))
    with pytest.raises(TargetEditsRejected) as rejected:
        save_target_edits(
            scoped, [edit(team_id="T2"), edit(team_id="T3")], writer=Writer.operator("ann")
        )
    assert rejected.value.problems == (
        EditProblem(2, "team_id", "unknown team 'T3' (or not one you may edit)"),
    )
    assert all_targets(org) == {("2026-07", "T1", "new_users"): 40}


def test_a_regional_manager_may_set_only_their_regions_teams(org: Database):
    add(org, teams, {"team_id": "T4", "branch_id": "B3", "team_name": "Lobby"})
    role = assign_role(
        org, "zj@bank.example", "manager", regions=["浙江"], writer=Writer.operator("tests")
    )
    manager = org.with_scope(scope_for_role(org, role))  # B1 and B2: teams T1, T2, T3
    rows = [edit(team_id="T3", target=12), edit(team_id="T4", target=7)]
    with pytest.raises(TargetEditsRejected) as rejected:
        save_target_edits(manager, rows, writer=Writer.operator("zj@bank.example"))
    assert [str(p) for p in rejected.value.problems] == [
        "row 2: team_id: unknown team 'T4' (or not one you may edit)"
    ]
    assert all_targets(org) == {("2026-07", "T1", "new_users"): 40}
    assert change_rows(org) == []
    save_target_edits(manager, rows[:1], writer=Writer.operator("zj@bank.example"))
    assert change_rows(org) == [("zj@bank.example", "2026-07", "T3", "new_users", None, 12)]


def test_a_writer_must_be_named():
    with pytest.raises(ValueError, match="a writer must be named"):
        Writer.operator("  ")
    with pytest.raises(ValueError, match="a writer must be named"):
        Writer.person(" ")


def test_change_log_is_newest_first_and_scoped(org: Database):
    save_target_edits(org, [edit(target=45)], writer=Writer.operator("ann"))
    save_target_edits(
        org, [edit(target=47), edit(team_id="T3", target=9)], writer=Writer.operator("bo")
    )
    log = target_change_log(org)
    assert [(c.changed_by, c.team_id, c.old_target, c.new_target) for c in log] == [
        ("bo", "T3", None, 9),
        ("bo", "T1", 45, 47),
        ("ann", "T1", 40, 45),
    ]
    scoped = org.with_scope(Scope(branches=frozenset({"B2"})))
    assert [(c.team_id, c.new_target) for c in target_change_log(scoped)] == [("T3", 9)]
    assert [c.new_target for c in target_change_log(org, team_ids=["T1"], limit=1)] == [47]


def test_stored_targets_respect_scope(org: Database):
    assert stored_targets(org, "2026-07", ["T1", "T3"]) == {("T1", "new_users"): 40}
    scoped = org.with_scope(Scope(branches=frozenset({"B2"})))
    assert stored_targets(scoped, "2026-07", ["T1"]) == {}
