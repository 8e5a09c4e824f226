"""``generate``: a complete, realistic sample folder in the data contract's format.

The output depends only on (seed, scale, end): every random draw comes from a
generator seeded with the seed, the part of the data and, for per-user data,
the block of users, so the files are byte-identical from run to run. Users are
simulated in fixed-size blocks and written as they are made, so memory stays
bounded at any scale.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from data_access.csv_contract import TARGET_METRICS
from sample_data.activity import Activity, simulate_activity
from sample_data.campaigns import Campaign, build_campaigns
from sample_data.csv_out import CsvFolder
from sample_data.feedback import simulate_complaints, simulate_surveys
from sample_data.labels import CHANNELS, COMPLAINT_CATEGORIES, LOCATION_TYPES, PROVIDERS, SEGMENTS
from sample_data.market import build_market
from sample_data.organisation import Organisation, build_organisation
from sample_data.outreach import build_visits
from sample_data.targets import build_targets
from sample_data.timeline import Timeline
from sample_data.users import Users, build_users, registration_counts

Progress = Callable[[str, float], None]

BLOCK_USERS = 50_000
"""Users simulated and written at a time. Part of the output's identity: changing it changes the data."""

# Random streams, one per part of the data.
ORGANISATION, CAMPAIGNS, REGISTRATIONS, USERS, VISITS, MARKET, TARGETS = range(7)
ACTIVITY, SURVEYS, COMPLAINTS = range(100, 103)


def generate(
    out: Path,
    *,
    seed: int = 7,
    scale: float = 1.0,
    end: date | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write the twelve CSV files into ``out``; return the rows written per file name.

    The data covers the two years up to ``end`` (default: yesterday). ``scale``
    multiplies the users and their activity; the organisation and the market
    stay the same.
    """
    if not scale > 0:
        raise ValueError(f"scale must be a positive number, got {scale}")
    if seed < 0:
        raise ValueError(f"seed must be 0 or more, got {seed}")
    report = progress or (lambda _message, _fraction: None)
    timeline = Timeline.ending(end or date.today() - timedelta(days=1))

    def stream(part: int, *more: int) -> np.random.Generator:
        return np.random.default_rng([seed, part, *more])

    report("Building branches, teams and staff", 0.0)
    org = build_organisation(stream(ORGANISATION))
    campaigns = build_campaigns(stream(CAMPAIGNS), timeline, len(org.branch_ids))
    report("Drawing registrations", 0.02)
    counts = registration_counts(stream(REGISTRATIONS), timeline, org, campaigns, scale)
    users = build_users(stream(USERS), timeline, org, campaigns, counts)

    with CsvFolder(out) as folder:
        _write_organisation(folder, org)
        _write_campaigns(folder, timeline, org, campaigns)
        _write_visits(folder, timeline, org, users, stream(VISITS))
        actuals = _write_users_and_activity(folder, timeline, org, campaigns, users, stream, report)
        report("Setting team targets and market data", 0.97)
        _write_targets(folder, timeline, org, actuals, stream(TARGETS))
        _write_market(folder, timeline, org, stream(MARKET))
    report("Sample data written", 1.0)
    return folder.rows


def _labels(values: Sequence[str] | np.ndarray, index: np.ndarray) -> np.ndarray:
    """The label of every index, None where the index is -1."""
    table = np.array([*values, None], dtype=object)
    return table[np.where(index >= 0, index, len(values))]


def _write_organisation(folder: CsvFolder, org: Organisation) -> None:
    folder.append(
        "branches.csv",
        {"branch_id": org.branch_ids, "branch_name": org.branch_names, "region": org.regions},
    )
    folder.append(
        "teams.csv",
        {
            "team_id": org.team_ids,
            "branch_id": _labels(org.branch_ids, org.team_branch),
            "team_name": org.team_names,
        },
    )
    folder.append(
        "staff.csv",
        {
            "staff_id": org.staff_ids,
            "team_id": _labels(org.team_ids, org.staff_team),
            "staff_name": org.staff_names,
        },
    )


def _write_campaigns(
    folder: CsvFolder, timeline: Timeline, org: Organisation, campaigns: list[Campaign]
) -> None:
    folder.append(
        "campaigns.csv",
        {
            "campaign_id": [c.campaign_id for c in campaigns],
            "campaign_name": [c.plan.name for c in campaigns],
            "start_date": [timeline.iso[c.first_day] for c in campaigns],
            "end_date": [timeline.iso[c.last_day] for c in campaigns],
            "description": [c.plan.description for c in campaigns],
        },
    )
    folder.append(
        "campaign_branches.csv",
        {
            "campaign_id": [c.campaign_id for c in campaigns for _ in c.treated],
            "branch_id": [org.branch_ids[b] for c in campaigns for b in c.treated],
        },
    )


def _write_visits(
    folder: CsvFolder,
    timeline: Timeline,
    org: Organisation,
    users: Users,
    rng: np.random.Generator,
) -> None:
    visits = build_visits(rng, timeline, org, users)
    folder.append(
        "outreach_visits.csv",
        {
            "visit_id": [f"V{i:08d}" for i in range(1, len(visits.day) + 1)],
            "staff_id": _labels(org.staff_ids, visits.staff),
            "visited_on": timeline.iso[visits.day],
            "location_type": _labels(LOCATION_TYPES, visits.location),
            "contacts": visits.contacts,
        },
    )


def _write_users_and_activity(
    folder: CsvFolder,
    timeline: Timeline,
    org: Organisation,
    campaigns: list[Campaign],
    users: Users,
    stream: Callable[..., np.random.Generator],
    report: Progress,
) -> dict[str, np.ndarray]:
    """Simulate and write users block by block; return each team's monthly actuals."""
    months = len(timeline.months)
    teams = len(org.team_ids)
    user_team = np.where(users.staff >= 0, org.staff_team[users.staff], -1)
    actuals = {metric: np.zeros((teams, months), dtype=np.int64) for metric in TARGET_METRICS}
    counted = user_team >= 0
    np.add.at(
        actuals["new_users"], (user_team[counted], timeline.month_index[users.day[counted]]), 1
    )
    campaign_ids = [c.campaign_id for c in campaigns]
    next_response = next_complaint = 1
    blocks = max(1, -(-len(users) // BLOCK_USERS))
    for block in range(blocks):
        report(f"Simulating users, block {block + 1} of {blocks}", 0.05 + 0.9 * block / blocks)
        first, last = block * BLOCK_USERS, min(len(users), (block + 1) * BLOCK_USERS)
        day = users.day[first:last].astype(np.int64)
        segment = users.segment[first:last]
        kind = users.kind[first:last]
        ids = np.array([f"U{i:08d}" for i in range(first + 1, last + 1)], dtype=object)
        folder.append(
            "wallet_users.csv",
            {
                "user_id": ids,
                "branch_id": _labels(org.branch_ids, users.branch[first:last]),
                "segment": _labels(SEGMENTS, segment),
                "channel": _labels(CHANNELS, users.channel[first:last]),
                "registered_on": timeline.iso[day],
                "staff_id": _labels(org.staff_ids, users.staff[first:last]),
                "campaign_id": _labels(campaign_ids, users.campaign[first:last]),
            },
        )

        activity = simulate_activity(stream(ACTIVITY, block), timeline, day, segment, kind)
        folder.append(
            "wallet_activity.csv",
            {
                "user_id": ids[activity.user],
                "activity_date": timeline.iso[activity.day],
                "transactions": activity.transactions,
                "amount": activity.cents / 100,
            },
        )
        _count_team_activity(actuals, timeline, user_team[first:last], activity)

        surveys = simulate_surveys(stream(SURVEYS, block), timeline, day, segment, kind)
        count = len(surveys.user)
        folder.append(
            "surveys.csv",
            {
                "response_id": [f"R{i:08d}" for i in range(next_response, next_response + count)],
                "user_id": ids[surveys.user],
                "responded_on": timeline.iso[surveys.day],
                "csat": pd.arrays.IntegerArray(surveys.csat, surveys.csat == 0),
                "nps": pd.arrays.IntegerArray(surveys.nps, surveys.nps < 0),
                "comment": surveys.comment,
            },
        )
        next_response += count

        complaints = simulate_complaints(stream(COMPLAINTS, block), timeline, day, segment, kind)
        count = len(complaints.user)
        folder.append(
            "complaints.csv",
            {
                "complaint_id": [
                    f"C{i:08d}" for i in range(next_complaint, next_complaint + count)
                ],
                "user_id": ids[complaints.user],
                "opened_on": timeline.iso[complaints.opened],
                "resolved_on": _labels(timeline.iso, complaints.resolved),
                "category": _labels(COMPLAINT_CATEGORIES, complaints.category),
            },
        )
        next_complaint += count
    return actuals


def _count_team_activity(
    actuals: dict[str, np.ndarray], timeline: Timeline, user_team: np.ndarray, activity: Activity
) -> None:
    team = user_team[activity.user]
    month = timeline.month_index[activity.day]
    counted = team >= 0
    np.add.at(
        actuals["transactions"], (team[counted], month[counted]), activity.transactions[counted]
    )
    months = len(timeline.months)
    active = np.unique(activity.user[counted].astype(np.int64) * months + month[counted])
    np.add.at(actuals["active_users"], (user_team[active // months], active % months), 1)


def _write_targets(
    folder: CsvFolder,
    timeline: Timeline,
    org: Organisation,
    actuals: dict[str, np.ndarray],
    rng: np.random.Generator,
) -> None:
    rows = build_targets(rng, timeline, actuals)
    folder.append(
        "targets.csv",
        {
            "month": [r[0] for r in rows],
            "team_id": [org.team_ids[r[1]] for r in rows],
            "metric": [r[2] for r in rows],
            "target": [r[3] for r in rows],
        },
    )


def _write_market(
    folder: CsvFolder, timeline: Timeline, org: Organisation, rng: np.random.Generator
) -> None:
    rows = build_market(rng, timeline.months, org.region_names)
    folder.append(
        "market_share.csv",
        {
            "month": [month for month, _, _ in rows for _ in PROVIDERS],
            "region": [region for _, region, _ in rows for _ in PROVIDERS],
            "provider": list(PROVIDERS) * len(rows),
            "transactions": np.concatenate([tx for _, _, tx in rows]),
            "is_own": [int(p == PROVIDERS[0]) for _ in rows for p in PROVIDERS],
        },
    )
