"""Property tests: the SQL metrics agree with plain-Python readings of the dictionary.

Each reference below is written from the text of metrics.md, directly over the
rows a random data set inserts, without reusing any code from ``metrics``.
One database serves all examples of a test (fixtures are per test function):
every example clears the tables first.
"""

from __future__ import annotations

import statistics
from calendar import monthrange
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Table

from data_access import Filters, Scope
from data_access.schema import (
    campaign_branches,
    campaigns,
    complaints,
    market_share,
    surveys,
    targets,
    wallet_activity,
    wallet_users,
)
from metrics.campaign import campaign_impact
from metrics.campaign_series import impact_by
from metrics.definitions import SUMMARY_METRICS
from metrics.period import Period
from metrics.retention import retention
from metrics.summary import summary
from metrics.targets import team_targets
from tests.metrics_fixtures import (
    Row,
    activity,
    branch,
    campaign,
    campaign_branch,
    clear,
    complaint,
    insert,
    market,
    staff_member,
    survey,
    target,
    team,
    user,
)
from tests.tolerance import assert_records_close

BASE = date(2024, 2, 15)  # dates cluster around a month end and 29 February
REGION_OF = {"杭州-3": "浙江", "BR 04": "江苏", "HZ-01": "浙江"}
TEAM_BRANCH = {"T1": "杭州-3", "T 2": "BR 04"}
STAFF_TEAM = {"s1": "T1", "s2": "T 2", "s3": "T1"}
SEGMENTS = ("young", "老年", "merchant")
CHANNELS = ("online", "branch")
MONTHS = ("2024-01", "2024-02", "2024-03", "2024-04")
METRIC_ORDER = ("new_users", "active_users", "transactions")

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def near(*values: int) -> st.SearchStrategy[int]:
    """Boundary values, drawn more often than a plain range would draw them."""
    return st.sampled_from(values)


def on_day(offset: int) -> date:
    return BASE + timedelta(days=offset)


@st.composite
def worlds(draw) -> list[Row]:
    rows: list[Row] = [branch(b, region) for b, region in REGION_OF.items()]
    rows += [team(t, b) for t, b in TEAM_BRANCH.items()]
    rows += [staff_member(s, t) for s, t in STAFF_TEAM.items()]
    start = on_day(draw(st.integers(5, 30)))
    rows.append(campaign("C 1", start, start + timedelta(days=draw(st.integers(0, 10)))))
    treated = draw(st.sets(st.sampled_from(sorted(REGION_OF))))
    rows += [campaign_branch("C 1", b) for b in sorted(treated)]
    for i in range(draw(st.integers(0, 15))):
        user_id = f"用户 {i}"
        registered = on_day(draw(st.integers(0, 30)))
        rows.append(
            user(
                user_id,
                draw(st.sampled_from(sorted(REGION_OF))),
                registered,
                draw(st.sampled_from(SEGMENTS)),
                draw(st.sampled_from(CHANNELS)),
                draw(st.sampled_from([None, *STAFF_TEAM])),
                draw(st.sampled_from([None, "C 1"])),
            )
        )
        first_active = draw(st.none() | near(0, 29, 30) | st.integers(0, 20))
        offsets = set()
        if first_active is not None:
            later = draw(st.sets(st.integers(1, 15), max_size=3))
            offsets = {first_active, *(first_active + n for n in later)}
        for offset in sorted(offsets):
            cents = draw(st.integers(0, 20000))
            amount = f"{cents // 100}.{cents % 100:02d}"
            rows.append(
                activity(user_id, registered + timedelta(offset), draw(st.integers(1, 5)), amount)
            )
        for j in range(draw(st.integers(0, 2))):
            csat = draw(st.none() | st.integers(1, 5))
            nps = draw(st.integers(0, 10)) if csat is None else draw(st.none() | st.integers(0, 10))
            responded = registered + timedelta(draw(st.integers(0, 20)))
            rows.append(survey(f"{user_id}/{j}", user_id, responded, csat, nps))
        for j in range(draw(st.integers(0, 2))):
            opened = registered + timedelta(draw(st.integers(0, 20)))
            days = draw(st.none() | near(0, 7, 8) | st.integers(0, 10))
            resolved = None if days is None else opened + timedelta(days)
            rows.append(complaint(f"{user_id}#{j}", user_id, opened, resolved))
    for month in MONTHS:
        for region in ("浙江", "江苏"):
            for provider, own in (("Our wallet", True), ("Alipay", False)):
                count = draw(st.none() | st.integers(0, 100))
                if count is not None:
                    rows.append(market(month, region, provider, count, own))
    for month in ("2024-02", "2024-03"):
        for team_id in TEAM_BRANCH:
            for metric in METRIC_ORDER:
                value = draw(st.none() | st.integers(1, 30))
                if value is not None:
                    rows.append(target(month, team_id, metric, value))
    return rows


def choices(values) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(values), max_size=2).map(tuple)


user_filters = st.just(Filters()) | st.builds(
    Filters,
    branches=choices([*REGION_OF, "nowhere"]),
    regions=choices(["浙江", "江苏"]),
    segments=choices(SEGMENTS),
    channels=choices([*CHANNELS, "nowhere"]),
)

scopes = st.one_of(
    st.just(Scope.everything()),
    st.sets(st.sampled_from(sorted(REGION_OF)), max_size=2).map(
        lambda seen: Scope(branches=frozenset(seen), regions=frozenset(REGION_OF[b] for b in seen))
    ),
)


def days_around(rows: list[Row]) -> st.SearchStrategy[date]:
    """A date of the data set, or the day before or after one, or any day nearby.

    Periods and as-of dates ending exactly on an event are where off-by-one
    mistakes show, and plain random days rarely hit them.
    """
    seen = sorted({value for _, values in rows for value in values.values() if type(value) is date})
    anywhere = st.integers(-3, 45).map(on_day)
    if not seen:
        return anywhere
    return anywhere | st.builds(
        lambda d, shift: d + timedelta(shift), st.sampled_from(seen), near(-1, 0, 1)
    )


def draw_period(data: st.DataObject, rows: list[Row]) -> Period:
    first, last = sorted(data.draw(days_around(rows)) for _ in range(2))
    return Period(first, last)


class World:
    """The random rows by table, and the dictionary's selections over them."""

    def __init__(self, rows: list[Row], scope: Scope) -> None:
        self.scope = scope
        self.by_table: dict[Table, list[dict]] = {}
        for table, values in rows:
            self.by_table.setdefault(table, []).append(values)

    def __getitem__(self, table) -> list[dict]:
        return self.by_table.get(table, [])

    def visible(self, branch_id: str) -> bool:
        return self.scope.branches is None or branch_id in self.scope.branches

    def users_in(self, f: Filters) -> list[dict]:
        return [
            u
            for u in self[wallet_users]
            if self.visible(u["branch_id"])
            and (not f.branches or u["branch_id"] in f.branches)
            and (not f.regions or REGION_OF[u["branch_id"]] in f.regions)
            and (not f.segments or u["segment"] in f.segments)
            and (not f.channels or u["channel"] in f.channels)
        ]

    def market_regions(self, f: Filters) -> set[str]:
        regions = {"浙江", "江苏"}
        if f.regions:
            regions &= set(f.regions)
        if f.branches:
            regions &= {REGION_OF[b] for b in f.branches if b in REGION_OF}
        if self.scope.regions is not None:
            regions &= self.scope.regions
        return regions


def overlaps(month: str, period: Period) -> bool:
    first = date.fromisoformat(f"{month}-01")
    last = first.replace(day=monthrange(first.year, first.month)[1])
    return first <= period.end and last >= period.start


def share(part, whole):
    return None if not whole else part / whole


def reference_summary(world: World, period: Period, f: Filters) -> dict:
    def within(day: date) -> bool:
        return period.start <= day <= period.end

    users = world.users_in(f)
    ids = {u["user_id"] for u in users}
    new = [u for u in users if within(u["registered_on"])]
    acts = [a for a in world[wallet_activity] if a["user_id"] in ids and within(a["activity_date"])]
    active = len({a["user_id"] for a in acts})
    daily = [
        len({a["user_id"] for a in acts if a["activity_date"] == period.start + timedelta(d)})
        for d in range(period.days)
    ]
    tx = sum(a["transactions"] for a in acts)
    activated = [
        u
        for u in new
        if any(
            a["user_id"] == u["user_id"]
            and 0 <= (a["activity_date"] - u["registered_on"]).days <= 29
            for a in world[wallet_activity]
        )
    ]
    answers = [s for s in world[surveys] if s["user_id"] in ids and within(s["responded_on"])]
    csats = [s["csat"] for s in answers if s["csat"] is not None]
    scores = [s["nps"] for s in answers if s["nps"] is not None]
    nps = share(100 * (sum(n >= 9 for n in scores) - sum(n <= 6 for n in scores)), len(scores))
    ours = [c for c in world[complaints] if c["user_id"] in ids]
    opened = [c for c in ours if within(c["opened_on"])]
    resolution = [(c["resolved_on"] - c["opened_on"]).days for c in opened if c["resolved_on"]]
    regions = world.market_regions(f)
    market_rows = [
        m for m in world[market_share] if m["region"] in regions and overlaps(m["month"], period)
    ]
    return {
        "new_users": len(new),
        "total_users": sum(u["registered_on"] <= period.end for u in users),
        "active_users": active,
        "avg_daily_active_users": sum(daily) / period.days,
        "transactions": tx,
        "amount": round(sum(a["amount_cents"] for a in acts) / 100, 2),
        "tx_per_active_user": share(tx, active),
        "avg_amount_per_transaction": share(sum(a["amount_cents"] for a in acts) / 100, tx),
        "activation_rate_30d": share(len(activated), len(new)),
        "survey_responses": len(answers),
        "csat_avg": statistics.fmean(csats) if csats else None,
        "csat_satisfied_share": share(sum(c >= 4 for c in csats), len(csats)),
        "nps": nps,
        "complaints": len(opened),
        "complaints_per_10k_active": share(len(opened) * 10000, active),
        "complaint_median_resolution_days": (
            float(statistics.median(resolution)) if resolution else None
        ),
        "complaints_resolved_within_7d_share": share(
            sum(days <= 7 for days in resolution), len(opened)
        ),
        "complaints_open_at_end": sum(
            c["opened_on"] <= period.end
            and (c["resolved_on"] is None or c["resolved_on"] > period.end)
            for c in ours
        ),
        "own_share": share(
            sum(m["transactions"] for m in market_rows if m["is_own"]),
            sum(m["transactions"] for m in market_rows),
        ),
    }


@SETTINGS
@given(rows=worlds(), scope=scopes, f=user_filters, data=st.data())
def test_summary_matches_the_reference(db, rows, scope, f, data):
    period = draw_period(data, rows)
    clear(db)
    insert(db, *rows)
    for viewer, chosen in ((scope, f), (Scope.everything(), Filters())):
        result = summary(db.with_scope(viewer), period, chosen)
        expected = reference_summary(World(rows, viewer), period, chosen)
        assert list(result) == [m.key for m in SUMMARY_METRICS]
        assert result == pytest.approx(expected)
        for key, value in result.items():
            assert value is None or type(value) in (int, float), key
            assert (type(value) is int) == (type(expected[key]) is int), key


def reference_targets(world: World, month: str, as_of: date | None, chosen: tuple[str, ...]):
    first = date.fromisoformat(f"{month}-01")
    days_in_month = monthrange(first.year, first.month)[1]
    if as_of is None:
        known = [u["registered_on"] for u in world[wallet_users]]
        known += [a["activity_date"] for a in world[wallet_activity]]
        as_of = max(known, default=None)
    elapsed = 0
    if as_of is not None:
        elapsed = max(0, (min(as_of, first.replace(day=days_in_month)) - first).days + 1)

    def counted(day: date) -> bool:
        return 0 <= (day - first).days < elapsed

    rows = []
    for t in world[targets]:
        if t["month"] != month or (chosen and t["team_id"] not in chosen):
            continue
        if not world.visible(TEAM_BRANCH[t["team_id"]]):
            continue
        members = {
            u["user_id"]: u
            for u in world[wallet_users]
            if u["staff_id"]
            and STAFF_TEAM[u["staff_id"]] == t["team_id"]
            and world.visible(u["branch_id"])
        }
        acts = [a for a in world[wallet_activity] if a["user_id"] in members]
        actual = {
            "new_users": sum(counted(u["registered_on"]) for u in members.values()),
            "active_users": len({a["user_id"] for a in acts if counted(a["activity_date"])}),
            "transactions": sum(a["transactions"] for a in acts if counted(a["activity_date"])),
        }[t["metric"]]
        rows.append(
            {
                "team_id": t["team_id"],
                "branch_id": TEAM_BRANCH[t["team_id"]],
                "metric": t["metric"],
                "target": t["target"],
                "actual": actual,
                "attainment": actual / t["target"],
                "elapsed_days": elapsed,
                "days_in_month": days_in_month,
                "expected_by_now": t["target"] * elapsed / days_in_month,
                "projected": actual * days_in_month / elapsed if elapsed else None,
            }
        )
    return sorted(rows, key=lambda r: (r["team_id"], METRIC_ORDER.index(r["metric"])))


@SETTINGS
@given(
    rows=worlds(),
    scope=scopes,
    chosen=choices(["T1", "T 2", "nobody"]),
    data=st.data(),
)
def test_targets_match_the_reference(db, rows, scope, chosen, data):
    as_of = data.draw(st.none() | days_around(rows))
    clear(db)
    insert(db, *rows)
    for month in ("2024-02", "2024-03"):
        result = team_targets(db.with_scope(scope), month, as_of=as_of, teams=chosen)
        expected = reference_targets(World(rows, scope), month, as_of, chosen)
        assert_records_close([r.to_dict() for r in result], expected)


def reference_campaign(world: World, f: Filters) -> dict:
    (c,) = world[campaigns]
    start, end = c["start_date"], c["end_date"]
    length = (end - start).days + 1
    pre = (start - timedelta(days=length), start - timedelta(days=1))
    treated = {cb["branch_id"] for cb in world[campaign_branches]}
    groups = {
        "treated": {b for b in REGION_OF if b in treated and world.visible(b)},
        "control": {b for b in REGION_OF if b not in treated and world.visible(b)},
    }
    users = world.users_in(f)

    def rate(group: str, window: tuple[date, date]):
        n = len(groups[group])
        new = sum(
            u["branch_id"] in groups[group] and window[0] <= u["registered_on"] <= window[1]
            for u in users
        )
        return new / (n * length) if n else None

    tp, td = rate("treated", pre), rate("treated", (start, end))
    cp, cd = rate("control", pre), rate("control", (start, end))
    did = None if None in (tp, td, cp, cd) else (td - tp) - (cd - cp)
    return {
        "campaign_id": "C 1",
        "start": start.isoformat(),
        "end": end.isoformat(),
        "days": length,
        "treated_branches": len(groups["treated"]),
        "control_branches": len(groups["control"]),
        "treated_pre": tp,
        "treated_during": td,
        "control_pre": cp,
        "control_during": cd,
        "lift": td / tp - 1 if tp else None,
        "did": did,
        "did_lift": did / tp if did is not None and tp else None,
        "incremental_users": None if did is None else did * len(groups["treated"]) * length,
        "attributed_users": sum(u["campaign_id"] == "C 1" for u in users),
    }


@SETTINGS
@given(
    rows=worlds(),
    scope=scopes,
    f=st.just(Filters())
    | st.builds(Filters, segments=choices(SEGMENTS), channels=choices([*CHANNELS, "nowhere"])),
)
def test_campaign_matches_the_reference(db, rows, scope, f):
    clear(db)
    insert(db, *rows)
    result = campaign_impact(db.with_scope(scope), "C 1", f).to_dict()
    assert result == pytest.approx(reference_campaign(World(rows, scope), f))


def reference_split(world: World, f: Filters, dimension: str) -> dict[str, dict]:
    """Per segment (channel) of the users in ``f`` who registered in a visible branch within
    the two windows: the reference impact over ``f`` narrowed to that value."""
    (c,) = world[campaigns]
    length = (c["end_date"] - c["start_date"]).days + 1
    first = c["start_date"] - timedelta(days=length)
    values = {
        u[dimension] for u in world.users_in(f) if first <= u["registered_on"] <= c["end_date"]
    }
    field = "segments" if dimension == "segment" else "channels"
    return {
        value: reference_campaign(world, replace(f, **{field: (value,)}))
        for value in sorted(values)
    }


@SETTINGS
@given(
    rows=worlds(),
    scope=scopes,
    f=st.just(Filters())
    | st.builds(Filters, segments=choices(SEGMENTS), channels=choices([*CHANNELS, "nowhere"])),
    dimension=st.sampled_from(["segment", "channel"]),
)
def test_campaign_split_matches_the_reference(db, rows, scope, f, dimension):
    clear(db)
    insert(db, *rows)
    found = impact_by(db.with_scope(scope), "C 1", f, dimension)
    result = {split.value: split.impact.to_dict() for split in found}
    expected = reference_split(World(rows, scope), f, dimension)
    assert list(result) == list(expected)
    for value, impact in result.items():
        assert impact == pytest.approx(expected[value])


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def reference_retention(world: World, first: str, last: str, f: Filters) -> list[dict]:
    dates = [a["activity_date"] for a in world[wallet_activity]]
    if not dates:
        return []
    latest = month_index(max(dates))
    cells = []
    for cohort in range(
        month_index(date.fromisoformat(f"{first}-01")),
        month_index(date.fromisoformat(f"{last}-01")) + 1,
    ):
        members = {
            u["user_id"] for u in world.users_in(f) if month_index(u["registered_on"]) == cohort
        }
        for offset in range(latest - cohort + 1):
            active = {
                a["user_id"]
                for a in world[wallet_activity]
                if a["user_id"] in members and month_index(a["activity_date"]) == cohort + offset
            }
            cells.append(
                {
                    "cohort": f"{cohort // 12}-{cohort % 12 + 1:02d}",
                    "offset": offset,
                    "cohort_users": len(members),
                    "active_users": len(active),
                    "rate": len(active) / len(members) if members else None,
                }
            )
    return cells


@SETTINGS
@given(
    rows=worlds(),
    scope=scopes,
    months=st.lists(
        st.sampled_from(["2023-12", *MONTHS, "2024-05", "2024-06"]), min_size=2, max_size=2
    ).map(sorted),
    f=user_filters,
)
def test_retention_matches_the_reference(db, rows, scope, months, f):
    clear(db)
    insert(db, *rows)
    first, last = months
    result = retention(db.with_scope(scope), first, last, f)
    assert_records_close(
        [c.to_dict() for c in result], reference_retention(World(rows, scope), first, last, f)
    )
