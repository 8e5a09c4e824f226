"""The audit trail in the data layer, on SQLite and PostgreSQL: every write records its event
with before and after inside its own transaction, refusals, purge by retention, the
retention setting. Expected details are written out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from data_access import Database, Scope, audit
from data_access.audit_retention import RetentionError, retention_days
from data_access.loader import LoadRejected, load
from data_access.roles import RoleError, assign_role, get_role, remove_role
from data_access.schema import audit_events, branches, targets, teams
from data_access.target_edits import TargetEditsRejected, save_target_edits
from data_access.write_lock import recording
from data_access.writers import COMMAND_LINE, Writer, WriteRefused
from tests.loader_helpers import BASE, BASE_ROWS, sources


def _events(db: Database) -> list[tuple[str, str, str | None, dict]]:
    return [(e.kind, e.actor, e.page, e.detail) for e in audit.events(db)]


@pytest.fixture
def org(db: Database) -> Database:
    with db.engine.begin() as conn:
        conn.execute(
            insert(branches),
            [
                {"branch_id": "HZ-01", "branch_name": "杭州西湖支行", "region": "浙江"},
                {"branch_id": "NJ-01", "branch_name": "南京鼓楼支行", "region": "江苏"},
            ],
        )
        conn.execute(insert(teams).values(team_id="HZ-01-A", branch_id="HZ-01", team_name="A"))
    return db


STAFF_HZ = {"role": "staff", "branch_id": "HZ-01", "team_id": "HZ-01-A", "regions": []}
MANAGER_JS = {"role": "manager", "branch_id": None, "team_id": None, "regions": ["江苏"]}


def test_a_grant_a_change_and_a_removal_each_record_before_and_after(org):
    assign_role(
        org,
        "Wang@Bank.example",
        "staff",
        team_id="HZ-01-A",
        writer=Writer.operator("a@bank.example"),
    )
    assign_role(
        org, "wang@bank.example", "manager", regions=["江苏"], writer=Writer.operator("cli")
    )
    assert remove_role(org, "wang@bank.example", writer=Writer.operator("b@bank.example")) is True
    assert remove_role(org, "wang@bank.example", writer=Writer.operator("b@bank.example")) is False
    assert _events(org) == [
        (
            "role_grant",
            "a@bank.example",
            None,
            {"email": "wang@bank.example", "before": None, "after": STAFF_HZ},
        ),
        (
            "role_grant",
            "cli",
            None,
            {"email": "wang@bank.example", "before": STAFF_HZ, "after": MANAGER_JS},
        ),
        (
            "role_removal",
            "b@bank.example",
            None,
            {"email": "wang@bank.example", "before": MANAGER_JS, "after": None},
        ),
    ]


def test_a_refused_grant_records_a_refusal_and_no_grant(org):
    with pytest.raises(RoleError, match="unknown branch"):
        assign_role(
            org,
            "x@bank.example",
            "staff",
            branch_id="SH-09",
            writer=Writer.operator("a@bank.example"),
        )
    assert _events(org) == [
        (
            "refusal",
            "a@bank.example",
            None,
            {
                "write": "role_grant",
                "email": "x@bank.example",
                "role": "staff",
                "reason": "unknown branch 'SH-09'",
            },
        )
    ]


def _refusals(db: Database) -> list[tuple[str, dict]]:
    return [(e.actor, e.detail) for e in audit.events(db) if e.kind == audit.REFUSAL]


def test_a_grant_and_a_removal_by_a_removed_administrator_are_recorded_refusals(org):
    assign_role(org, "a@bank.example", "admin", writer=COMMAND_LINE)
    assign_role(org, "wang@bank.example", "staff", branch_id="HZ-01", writer=COMMAND_LINE)
    remove_role(org, "a@bank.example", writer=COMMAND_LINE)
    removed_admin = Writer.person("A@bank.example")  # the page was drawn before the removal
    with pytest.raises(WriteRefused):
        assign_role(org, "a@bank.example", "admin", writer=removed_admin)
    with pytest.raises(WriteRefused):
        remove_role(org, "wang@bank.example", writer=removed_admin)
    why = "a@bank.example may not change roles: they have no role; nothing was written"
    assert _refusals(org) == [
        (
            "a@bank.example",
            {"write": "role_grant", "email": "a@bank.example", "role": "admin", "reason": why},
        ),
        ("a@bank.example", {"write": "role_removal", "email": "wang@bank.example", "reason": why}),
    ]
    # Committed although both writes were rolled back; nothing else was recorded or changed.
    assert [e.kind for e in audit.events(org)] == [
        "role_grant",
        "role_grant",
        "role_removal",
        "refusal",
        "refusal",
    ]
    assert get_role(org, "a@bank.example") is None
    assert get_role(org, "wang@bank.example") is not None


def test_a_target_edit_by_a_manager_demoted_meanwhile_is_a_recorded_refusal(org):
    assign_role(org, "m@bank.example", "manager", regions=["浙江"], writer=COMMAND_LINE)
    assign_role(org, "m@bank.example", "staff", branch_id="HZ-01", writer=COMMAND_LINE)
    rows = [{"month": "2026-05", "team_id": "HZ-01-A", "metric": "new_users", "target": 55}]
    with pytest.raises(WriteRefused):
        save_target_edits(org, rows, writer=Writer.person("m@bank.example"))
    assert _refusals(org) == [
        (
            "m@bank.example",
            {
                "write": "target_edit",
                "reason": "m@bank.example may not edit targets: their role is staff; "
                "nothing was written",
            },
        )
    ]
    assert "target_edit" not in [e.kind for e in audit.events(org)]
    with org.engine.connect() as conn:
        assert conn.execute(select(targets)).all() == []


def test_a_write_whose_event_cannot_be_recorded_fails_and_changes_nothing(org, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the audit insert failed")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError, match="audit insert failed"):
        assign_role(org, "x@bank.example", "admin", writer=Writer.operator("cli"))
    assert get_role(org, "x@bank.example") is None


def test_a_rolled_back_write_leaves_no_event(org, monkeypatch):
    real = audit.record

    def record_then_fail(*args, **kwargs):
        real(*args, **kwargs)  # the event is inserted in the write's transaction ...
        raise RuntimeError("the write fails after recording")

    monkeypatch.setattr(audit, "record", record_then_fail)
    with pytest.raises(RuntimeError):
        assign_role(org, "x@bank.example", "admin", writer=Writer.operator("cli"))
    monkeypatch.undo()
    # ... and goes with it.
    assert get_role(org, "x@bank.example") is None
    assert _events(org) == []


def test_target_edits_record_each_changed_target_before_and_after(org):
    with org.engine.begin() as conn:
        conn.execute(
            insert(targets).values(
                month="2026-05", team_id="HZ-01-A", metric="new_users", target=40
            )
        )
    rows = [
        {"month": "2026-05", "team_id": "HZ-01-A", "metric": "new_users", "target": 55},
        {"month": "2026-05", "team_id": "HZ-01-A", "metric": "transactions", "target": 300},
    ]
    save_target_edits(org, rows, writer=Writer.operator("m@bank.example"))
    save_target_edits(
        org, rows, writer=Writer.operator("m@bank.example")
    )  # unchanged: no write, no event
    assert _events(org) == [
        (
            "target_edit",
            "m@bank.example",
            None,
            {
                "changes": [
                    {
                        "month": "2026-05",
                        "team_id": "HZ-01-A",
                        "metric": "new_users",
                        "before": 40,
                        "after": 55,
                    },
                    {
                        "month": "2026-05",
                        "team_id": "HZ-01-A",
                        "metric": "transactions",
                        "before": None,
                        "after": 300,
                    },
                ]
            },
        )
    ]


def test_an_edit_of_a_team_out_of_scope_is_a_recorded_refusal_and_changes_nothing(org):
    regional = org.with_scope(Scope(branches=frozenset({"NJ-01"}), regions=frozenset({"江苏"})))
    rows = [{"month": "2026-05", "team_id": "HZ-01-A", "metric": "new_users", "target": 55}]
    with pytest.raises(TargetEditsRejected):
        save_target_edits(regional, rows, writer=Writer.operator("m@bank.example"))
    assert _events(org) == [
        (
            "refusal",
            "m@bank.example",
            None,
            {
                "write": "target_edit",
                "reason": "row 1: team_id: unknown team 'HZ-01-A' (or not one you may edit)",
            },
        )
    ]
    with org.engine.connect() as conn:
        assert conn.execute(select(targets)).all() == []


def test_a_load_records_its_files_mode_and_rows_and_a_rejected_one_nothing(db):
    load(db, sources(BASE), writer=Writer.operator("a@bank.example"), source="upload")
    broken = {**BASE, "teams.csv": "team_id,branch_id,team_name\nT9,XX-99,无此支行\n"}
    with pytest.raises(LoadRejected):
        load(
            db,
            sources(broken),
            replace=True,
            writer=Writer.operator("a@bank.example"),
            source="upload",
        )
    assert _events(db) == [
        (
            "data_load",
            "a@bank.example",
            None,
            {"files": sorted(BASE), "mode": "upsert", "rows": BASE_ROWS, "source": "upload"},
        )
    ]


def test_a_load_by_a_removed_administrator_is_a_recorded_refusal_and_loads_nothing(db):
    assign_role(db, "a@bank.example", "admin", writer=COMMAND_LINE)
    remove_role(db, "a@bank.example", writer=COMMAND_LINE)
    with pytest.raises(WriteRefused):
        load(db, sources(BASE), writer=Writer.person("a@bank.example"), source="upload")
    assert _refusals(db) == [
        (
            "a@bank.example",
            {
                "write": "data_load",
                "files": sorted(BASE),
                "source": "upload",
                "reason": "a@bank.example may not load data: they have no role; "
                "nothing was written",
            },
        )
    ]
    assert "data_load" not in [e.kind for e in audit.events(db)]
    with db.engine.connect() as conn:
        assert conn.execute(select(branches)).all() == []


def test_a_detail_never_keeps_a_key_naming_a_secret(db):
    detail = {"filters": {"lang": ["zh"]}, "cookie": "c", "extra": [{"id_token": "t", "n": 1}]}
    audit.record_now(db, audit.SIGN_IN, "a@bank.example", detail=detail)
    assert audit.events(db)[0].detail == {"filters": {"lang": ["zh"]}, "extra": [{"n": 1}]}


def test_an_unknown_kind_is_refused(db):
    with (
        pytest.raises(ValueError, match="unknown audit event kind"),
        recording(db, wait_seconds=1) as conn,
    ):
        audit.record(conn, "coffee", "cli")


def _insert_at(db: Database, *stamps: tuple[datetime, str]) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            insert(audit_events),
            [
                {
                    "at": at,
                    "actor": actor,
                    "kind": "page_view",
                    "page": "growth",
                    "detail_json": "{}",
                }
                for at, actor in stamps
            ],
        )


def test_events_for_a_person_and_a_period(db):
    _insert_at(
        db,
        (datetime(2026, 3, 1, 9), "a@bank.example"),
        (datetime(2026, 3, 2, 23, 59), "b@bank.example"),
        (datetime(2026, 3, 3, 0, 0), "a@bank.example"),
        (datetime(2026, 3, 4, 8), "a@bank.example"),
    )
    found = audit.events(
        db, actor="a@bank.example", since=datetime(2026, 3, 1, 9), before=datetime(2026, 3, 4)
    )
    assert [e.at for e in found] == [datetime(2026, 3, 1, 9), datetime(2026, 3, 3)]
    assert [e.at for e in audit.events(db, limit=2)] == [
        datetime(2026, 3, 3),
        datetime(2026, 3, 4, 8),
    ]
    assert audit.actors(db) == ["a@bank.example", "b@bank.example"]


def test_purge_deletes_only_events_older_than_the_retention_and_records_itself(db):
    now = datetime.now(UTC).replace(tzinfo=None)
    _insert_at(
        db,
        (now - timedelta(days=31), "old@bank.example"),
        (now - timedelta(days=30, hours=1), "old@bank.example"),
        (now - timedelta(days=29), "kept@bank.example"),
    )
    assert audit.purge(db, retention_days=30, actor="cli") == 2
    kept = audit.events(db)
    assert [(e.kind, e.actor) for e in kept] == [
        ("page_view", "kept@bank.example"),
        ("audit_purge", "cli"),
    ]
    detail = kept[1].detail
    assert (detail["retention_days"], detail["deleted"]) == (30, 2)
    cutoff = datetime.fromisoformat(detail["cutoff"])
    assert abs((now - timedelta(days=30) - cutoff).total_seconds()) < 60
    with pytest.raises(ValueError):
        audit.purge(db, retention_days=0, actor="cli")


def test_retention_comes_from_the_environment_then_the_secrets_then_400_days(tmp_path: Path):
    home, project = tmp_path / "home.toml", tmp_path / "project.toml"
    assert retention_days({}, [home, project]) == 400
    home.write_text("[dashboard]\naudit_retention_days = 730\n")
    assert retention_days({}, [home, project]) == 730
    project.write_text('[auth]\ncookie_secret = "x"\n[dashboard]\naudit_retention_days = 90\n')
    assert retention_days({}, [home, project]) == 90  # the working directory's file wins
    env = {"DASHBOARD_AUDIT_RETENTION_DAYS": "1825"}
    assert retention_days(env, [home, project]) == 1825


@pytest.mark.parametrize("value", ["0", "-5", "a year", "30.5"])
def test_a_bad_retention_is_refused_naming_the_setting(value):
    with pytest.raises(RetentionError, match="DASHBOARD_AUDIT_RETENTION_DAYS"):
        retention_days({"DASHBOARD_AUDIT_RETENTION_DAYS": value}, [])


def test_a_bad_retention_in_the_secrets_names_the_section(tmp_path: Path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("[dashboard]\naudit_retention_days = true\n")
    with pytest.raises(RetentionError, match=r"\[dashboard\] audit_retention_days"):
        retention_days({}, [secrets])
