"""Hand-built rows for the Targets, Campaigns and Outreach tests.

``organisation`` inserts three branches, three teams and five staff:

    B1 杭州西湖支行 (浙江): T1 Lobby (S1 Wang, S2 Li, S3 Zhao), T2 Outreach (S4 Chen)
    B2 宁波海曙支行 (浙江): T3 Lobby (S5 Zhou)
    B3 南京鼓楼支行 (江苏): no teams
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Table, insert

from data_access import Database, rollups
from data_access.schema import branches, staff, teams, wallet_activity, wallet_users


def add(db: Database, table: Table, *rows: dict) -> None:
    """Insert ``rows`` into ``table`` and bring the rollup tables up to date, as a load does."""
    with db.engine.begin() as conn:
        conn.execute(insert(table), list(rows))
        rollups.rebuild(conn)


def organisation(db: Database) -> Database:
    add(
        db,
        branches,
        {"branch_id": "B1", "branch_name": "杭州西湖支行", "region": "浙江"},
        {"branch_id": "B2", "branch_name": "宁波海曙支行", "region": "浙江"},
        {"branch_id": "B3", "branch_name": "南京鼓楼支行", "region": "江苏"},
    )
    add(
        db,
        teams,
        {"team_id": "T1", "branch_id": "B1", "team_name": "Lobby"},
        {"team_id": "T2", "branch_id": "B1", "team_name": "Outreach"},
        {"team_id": "T3", "branch_id": "B2", "team_name": "Lobby"},
    )
    add(
        db,
        staff,
        {"staff_id": "S1", "team_id": "T1", "staff_name": "Wang"},
        {"staff_id": "S2", "team_id": "T1", "staff_name": "Li"},
        {"staff_id": "S3", "team_id": "T1", "staff_name": "Zhao"},
        {"staff_id": "S4", "team_id": "T2", "staff_name": "Chen"},
        {"staff_id": "S5", "team_id": "T3", "staff_name": "Zhou"},
    )
    return db


def user(
    user_id: str,
    registered_on: date,
    staff_id: str | None = None,
    *,
    branch_id: str = "B1",
    segment: str = "young",
    channel: str = "branch",
    campaign_id: str | None = None,
) -> dict:
    return {
        "user_id": user_id,
        "branch_id": branch_id,
        "segment": segment,
        "channel": channel,
        "registered_on": registered_on,
        "staff_id": staff_id,
        "campaign_id": campaign_id,
    }


def active(user_id: str, day: date, transactions: int = 1) -> dict:
    return {
        "user_id": user_id,
        "activity_date": day,
        "transactions": transactions,
        "amount_cents": 100 * transactions,
    }


def add_users(db: Database, *users: dict) -> None:
    add(db, wallet_users, *users)


def add_activity(db: Database, *rows: dict) -> None:
    add(db, wallet_activity, *rows)
