"""Hand-built rows for metric tests, inserted with SQLAlchemy Core (no CSV loader).

Each builder returns ``(table, values)`` with sensible defaults; dates are
written ``"YYYY-MM-DD"`` and amounts in yuan, as in the CSV files.
``insert(db, *rows)`` writes them parents first; ``clear(db)`` empties every
data table so one database can serve many hypothesis examples.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Table

from data_access import Database, rollups
from data_access.schema import (
    DATA_TABLES,
    branches,
    campaign_branches,
    campaigns,
    complaints,
    market_share,
    staff,
    surveys,
    targets,
    teams,
    wallet_activity,
    wallet_users,
)

Row = tuple[Table, dict[str, Any]]


def day(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def branch(branch_id: str, region: str = "浙江", name: str | None = None) -> Row:
    return branches, {"branch_id": branch_id, "branch_name": name or branch_id, "region": region}


def team(team_id: str, branch_id: str) -> Row:
    return teams, {"team_id": team_id, "branch_id": branch_id, "team_name": team_id}


def staff_member(staff_id: str, team_id: str) -> Row:
    return staff, {"staff_id": staff_id, "team_id": team_id, "staff_name": staff_id}


def campaign(campaign_id: str, start: str | date, end: str | date) -> Row:
    values = {
        "campaign_id": campaign_id,
        "campaign_name": campaign_id,
        "start_date": day(start),
        "end_date": day(end),
    }
    return campaigns, values


def campaign_branch(campaign_id: str, branch_id: str) -> Row:
    return campaign_branches, {"campaign_id": campaign_id, "branch_id": branch_id}


def user(
    user_id: str,
    branch_id: str,
    registered_on: str | date,
    segment: str = "young",
    channel: str = "online",
    staff_id: str | None = None,
    campaign_id: str | None = None,
) -> Row:
    values = {
        "user_id": user_id,
        "branch_id": branch_id,
        "segment": segment,
        "channel": channel,
        "registered_on": day(registered_on),
        "staff_id": staff_id,
        "campaign_id": campaign_id,
    }
    return wallet_users, values


def activity(
    user_id: str, activity_date: str | date, transactions: int = 1, amount: str = "0"
) -> Row:
    values = {
        "user_id": user_id,
        "activity_date": day(activity_date),
        "transactions": transactions,
        "amount_cents": int(Decimal(amount) * 100),
    }
    return wallet_activity, values


def survey(
    response_id: str,
    user_id: str,
    responded_on: str | date,
    csat: int | None = None,
    nps: int | None = None,
) -> Row:
    values = {
        "response_id": response_id,
        "user_id": user_id,
        "responded_on": day(responded_on),
        "csat": csat,
        "nps": nps,
    }
    return surveys, values


def complaint(
    complaint_id: str,
    user_id: str,
    opened_on: str | date,
    resolved_on: str | date | None = None,
    category: str = "failed_payment",
) -> Row:
    values = {
        "complaint_id": complaint_id,
        "user_id": user_id,
        "opened_on": day(opened_on),
        "resolved_on": None if resolved_on is None else day(resolved_on),
        "category": category,
    }
    return complaints, values


def market(month: str, region: str, provider: str, transactions: int, is_own: bool = False) -> Row:
    values = {
        "month": month,
        "region": region,
        "provider": provider,
        "transactions": transactions,
        "is_own": int(is_own),
    }
    return market_share, values


def target(month: str, team_id: str, metric: str, value: int) -> Row:
    return targets, {"month": month, "team_id": team_id, "metric": metric, "target": value}


def insert(db: Database, *rows: Row) -> None:
    """Insert the rows in one transaction, parent tables before their children, and bring the
    derived tables up to date as a load would."""
    with db.engine.begin() as conn:
        for table in DATA_TABLES:
            values = [row for owner, row in rows if owner is table]
            if values:
                conn.execute(table.insert(), values)
        rollups.rebuild(conn)


def clear(db: Database) -> None:
    with db.engine.begin() as conn:
        for table in reversed(DATA_TABLES):
            conn.execute(table.delete())
        rollups.clear(conn)
