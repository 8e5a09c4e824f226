"""Every rollup equals its definition recomputed in plain Python from the base rows.

The reference functions below read the rows a random data set inserts and
compute each derived table by the definition in its docstring in
``data_access/schema.py``, without reusing ``data_access.rollups``. They are
checked after a full build, after incremental refreshes that touch some days
(new users, users moved to another branch or registration date, new and
replaced activity), and after the schema migration that introduced them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import MetaData, delete, func, insert, select, true, update

from data_access import Database, migrations, rollups
from data_access.loader import load, sources_from_folder
from data_access.migrations import applied_version, ensure_schema
from data_access.months import add_months
from data_access.schema import (
    ROLLUP_TABLES,
    branches,
    data_version,
    metadata,
    rollup_active_periods,
    rollup_activity,
    rollup_cohort_activity,
    rollup_month_arrivals,
    rollup_outreach_registrations,
    rollup_registration_months,
    rollup_registrations,
    rollup_staff_days,
    rollup_user_months,
    schema_version,
    staff,
    teams,
    wallet_activity,
    wallet_users,
)
from data_access.writers import COMMAND_LINE

BASE = date(2024, 1, 20)  # the data crosses the ends of January, February (29 days) and March
BRANCHES = ("HZ-01", "SU 02")
SEGMENTS = ("young", "老年")
CHANNELS = ("online", "branch", "outreach")
STAFF = (None, "s1", "s 2")

SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass
class World:
    """The base rows: users by id, activity by (user, day)."""

    users: dict[str, dict] = field(default_factory=dict)
    activity: dict[tuple[str, date], dict] = field(default_factory=dict)


def on_day(offset: int) -> date:
    return BASE + timedelta(days=offset)


user_ids = st.sampled_from([f"用户 {i}" for i in range(8)])


@st.composite
def user_rows(draw, user_id: str) -> dict:
    return {
        "user_id": user_id,
        "branch_id": draw(st.sampled_from(BRANCHES)),
        "segment": draw(st.sampled_from(SEGMENTS)),
        "channel": draw(st.sampled_from(CHANNELS)),
        "registered_on": on_day(draw(st.integers(0, 40))),
        "staff_id": draw(st.sampled_from(STAFF)),
    }


@st.composite
def activity_rows(draw, user: dict) -> list[dict]:
    """Activity on or after registration: near the 29/30-day edge, and into later months."""
    offsets = draw(st.sets(st.sampled_from([0, 1, 28, 29, 30]) | st.integers(0, 75), max_size=6))
    return [
        {
            "user_id": user["user_id"],
            "activity_date": user["registered_on"] + timedelta(days=offset),
            "transactions": draw(st.integers(1, 5)),
            "amount_cents": draw(st.integers(0, 30000)),
        }
        for offset in sorted(offsets)
    ]


@st.composite
def worlds(draw) -> World:
    world = World()
    for user_id in sorted(draw(st.sets(user_ids, max_size=6))):
        row = draw(user_rows(user_id))
        world.users[user_id] = row
        for activity in draw(activity_rows(row)):
            world.activity[(user_id, activity["activity_date"])] = activity
    return world


@st.composite
def changes(draw, world: World) -> World:
    """An upsert on top of ``world``: new users, moved users, new or replaced activity."""
    change = World()
    for user_id in sorted(draw(st.sets(user_ids, max_size=3))):
        row = draw(user_rows(user_id))
        earliest = min((day for (who, day) in world.activity if who == user_id), default=None)
        if earliest is not None and row["registered_on"] > earliest:
            row["registered_on"] = earliest  # activity may not precede registration
        change.users[user_id] = row
    known = {**world.users, **change.users}
    chosen = draw(st.sets(st.sampled_from(sorted(known)), max_size=3)) if known else set()
    for user_id in sorted(chosen):
        for activity in draw(activity_rows(known[user_id])):
            change.activity[(user_id, activity["activity_date"])] = activity
    return change


def merged(world: World, change: World) -> World:
    return World({**world.users, **change.users}, {**world.activity, **change.activity})


# --- references, from the definitions -----------------------------------------------------


def _dims(user: dict) -> tuple[str, str, str]:
    return user["branch_id"], user["segment"], user["channel"]


def _month(day: date) -> str:
    return day.strftime("%Y-%m")


def _days_by_user(world: World) -> dict[str, list[date]]:
    days: dict[str, list[date]] = defaultdict(list)
    for user_id, day in sorted(world.activity):
        days[user_id].append(day)
    return days


def expected_registrations(world: World) -> dict:
    days = _days_by_user(world)
    counts: dict = defaultdict(lambda: [0, 0])
    for user in world.users.values():
        start = user["registered_on"]
        cell = counts[(start, *_dims(user))]
        cell[0] += 1
        cell[1] += any(0 <= (day - start).days <= 29 for day in days[user["user_id"]])
    return {key: tuple(value) for key, value in counts.items()}


def expected_registration_months(world: World) -> dict:
    counts: dict = defaultdict(int)
    for user in world.users.values():
        counts[(_month(user["registered_on"]), *_dims(user))] += 1
    return {key: (value,) for key, value in counts.items()}


def expected_activity(world: World) -> dict:
    sums: dict = defaultdict(lambda: [0, 0, 0])
    for (user_id, day), row in world.activity.items():
        cell = sums[(day, *_dims(world.users[user_id]))]
        cell[0] += 1
        cell[1] += row["transactions"]
        cell[2] += row["amount_cents"]
    return {key: tuple(value) for key, value in sums.items()}


def expected_periods(world: World) -> dict:
    active: dict = defaultdict(set)
    for user_id, day in world.activity:
        dims = _dims(world.users[user_id])
        active[("week", day - timedelta(days=day.weekday()), *dims)].add(user_id)
        active[("month", day.replace(day=1), *dims)].add(user_id)
    return {key: (len(users),) for key, users in active.items()}


def expected_cohorts(world: World) -> dict:
    active: dict = defaultdict(set)
    for user_id, day in world.activity:
        user = world.users[user_id]
        active[(_month(user["registered_on"]), _month(day), *_dims(user))].add(user_id)
    return {key: (len(users),) for key, users in active.items()}


def _user_month_masks(world: World) -> dict[str, dict[str, int]]:
    """Per user, per month with activity, the days active as bits (day d: bit d-1)."""
    masks: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for user_id, day in world.activity:
        masks[user_id][_month(day)] |= 1 << (day.day - 1)
    return masks


def expected_user_months(world: World) -> dict:
    rows = {}
    for user_id, by_month in _user_month_masks(world).items():
        user = world.users[user_id]
        months = sorted(by_month)
        for i, month in enumerate(months):
            before = (months[i - 1], by_month[months[i - 1]]) if i else ("", 0)
            after = (months[i + 1], by_month[months[i + 1]]) if i + 1 < len(months) else ("", 0)
            key = (month, *_dims(user), user_id)
            rows[key] = (_month(user["registered_on"]), by_month[month], *before, *after)
    return rows


def expected_arrivals(world: World) -> dict:
    counts: dict = defaultdict(int)
    for user_id, by_month in _user_month_masks(world).items():
        months = sorted(by_month)
        for i, month in enumerate(months):
            counts[(month, months[i - 1] if i else "", *_dims(world.users[user_id]))] += 1
    return {key: (value,) for key, value in counts.items()}


def expected_staff_days(world: World) -> dict:
    """Users with a staff id: registered per day, first active day of each month, transactions."""
    sums: dict = defaultdict(lambda: [0, 0, 0])
    for user in world.users.values():
        if user.get("staff_id"):
            sums[(user["registered_on"], user["staff_id"], user["branch_id"])][0] += 1
    first_days: dict[tuple[str, str], date] = {}
    for (user_id, day), row in world.activity.items():
        user = world.users[user_id]
        if not user.get("staff_id"):
            continue
        sums[(day, user["staff_id"], user["branch_id"])][2] += row["transactions"]
        month = (user_id, _month(day))
        first_days[month] = min(day, first_days.get(month, day))
    for (user_id, _), day in first_days.items():
        user = world.users[user_id]
        sums[(day, user["staff_id"], user["branch_id"])][1] += 1
    return {key: tuple(value) for key, value in sums.items()}


def expected_outreach_registrations(world: World) -> dict:
    """Outreach users with a staff id, per registration day, staff, branch and segment: how
    many, active 0-29 days after registering, active in the calendar month after."""
    days = _days_by_user(world)
    counts: dict = defaultdict(lambda: [0, 0, 0])
    for user in world.users.values():
        if user["channel"] != "outreach" or not user.get("staff_id"):
            continue
        start = user["registered_on"]
        following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        cell = counts[(start, user["staff_id"], user["branch_id"], user["segment"])]
        cell[0] += 1
        cell[1] += any(0 <= (day - start).days <= 29 for day in days[user["user_id"]])
        cell[2] += any(_month(day) == _month(following) for day in days[user["user_id"]])
    return {key: tuple(value) for key, value in counts.items()}


REFERENCES = {
    rollup_registrations: expected_registrations,
    rollup_registration_months: expected_registration_months,
    rollup_activity: expected_activity,
    rollup_active_periods: expected_periods,
    rollup_cohort_activity: expected_cohorts,
    rollup_user_months: expected_user_months,
    rollup_month_arrivals: expected_arrivals,
    rollup_staff_days: expected_staff_days,
    rollup_outreach_registrations: expected_outreach_registrations,
}


def stored(db: Database, table) -> dict:
    keys = [column for column in table.columns if column.primary_key]
    values = [column for column in table.columns if not column.primary_key]
    return {
        tuple(row[: len(keys)]): tuple(row[len(keys) :]) for row in db.rows(select(*keys, *values))
    }


def assert_rollups_match(db: Database, world: World) -> None:
    for table, reference in REFERENCES.items():
        assert stored(db, table) == reference(world), table.name


# --- writing base rows as a load would ----------------------------------------------------


def clear(db: Database) -> None:
    with db.engine.begin() as conn:
        for table in (*ROLLUP_TABLES, wallet_activity, wallet_users, staff, teams, branches):
            conn.execute(delete(table))
        insert_places(conn)


def insert_places(conn) -> None:
    """The branches, team and staff every test's users belong to."""
    conn.execute(
        insert(branches),
        [{"branch_id": b, "branch_name": b, "region": "浙江"} for b in BRANCHES],
    )
    conn.execute(insert(teams).values(team_id="T", branch_id=BRANCHES[0], team_name="T"))
    conn.execute(
        insert(staff), [{"staff_id": s, "team_id": "T", "staff_name": s} for s in STAFF if s]
    )


def upsert(db: Database, world: World, change: World) -> dict[str, set[date]]:
    """Writes ``change`` over ``world`` (upserts by key); returns the touched dates."""
    touched: dict[str, set[date]] = {"wallet_users": set(), "wallet_activity": set()}
    with db.engine.begin() as conn:
        for user_id, row in change.users.items():
            if user_id in world.users:
                touched["wallet_users"].add(world.users[user_id]["registered_on"])
                conn.execute(
                    update(wallet_users).where(wallet_users.c.user_id == user_id).values(row)
                )
            else:
                conn.execute(insert(wallet_users).values(row))
            touched["wallet_users"].add(row["registered_on"])
        for (user_id, day), row in change.activity.items():
            conn.execute(
                delete(wallet_activity).where(
                    wallet_activity.c.user_id == user_id, wallet_activity.c.activity_date == day
                )
            )
            conn.execute(insert(wallet_activity).values(row))
            touched["wallet_activity"].add(day)
        rollups.refresh(conn, touched)
    return touched


# --- the tests ----------------------------------------------------------------------------


@SETTINGS
@given(data=st.data())
def test_a_full_build_equals_the_definitions(db, data):
    world = data.draw(worlds())
    clear(db)
    upsert(db, World(), world)  # a first load touches every date it writes
    assert_rollups_match(db, world)
    with db.engine.begin() as conn:
        rollups.rebuild(conn)
    assert_rollups_match(db, world)


@SETTINGS
@given(data=st.data())
def test_incremental_refreshes_equal_the_definitions(db, data):
    world = data.draw(worlds())
    clear(db)
    upsert(db, World(), world)
    for _ in range(2):
        change = data.draw(changes(world))
        upsert(db, world, change)
        world = merged(world, change)
        assert_rollups_match(db, world)


def test_activity_in_the_next_month_refreshes_that_months_outreach_registrations(db):
    """Activity on 20 February, 46 days after a 5 January outreach registration: the user is
    now active the month after registering, though not within 30 days."""
    clear(db)
    user = {"branch_id": "HZ-01", "segment": "young", "channel": "outreach", "staff_id": "s1"}
    world = World({"U1": {**user, "user_id": "U1", "registered_on": date(2024, 1, 5)}}, {})
    upsert(db, World(), world)
    change = World({}, {("U1", date(2024, 2, 20)): activity_row("U1", date(2024, 2, 20), 1)})
    upsert(db, world, change)
    assert stored(db, rollup_outreach_registrations) == {
        (date(2024, 1, 5), "s1", "HZ-01", "young"): (1, 0, 1)
    }


def test_a_refresh_leaves_untouched_days_alone(db):
    """Only the touched days are recomputed: a day the load did not touch keeps its rows."""
    clear(db)
    user = {"user_id": "U1", "branch_id": "HZ-01", "segment": "young", "channel": "online"}
    world = World(
        {"U1": {**user, "registered_on": date(2024, 1, 1)}},
        {
            ("U1", date(2024, 1, 1)): {
                "user_id": "U1",
                "activity_date": date(2024, 1, 1),
                "transactions": 2,
                "amount_cents": 500,
            }
        },
    )
    upsert(db, World(), world)
    with db.engine.begin() as conn:
        conn.execute(rollup_activity.update().values(transactions=99))
        rollups.refresh(conn, {"wallet_activity": {date(2024, 3, 1)}})
    assert db.scalar(select(func.sum(rollup_activity.c.transactions))) == 99


@SETTINGS
@given(data=st.data())
def test_active_users_counts_each_active_user_once(db, data):
    world = data.draw(worlds())
    clear(db)
    upsert(db, World(), world)
    for _ in range(5):
        start = on_day(data.draw(st.integers(-5, 110)))
        length = data.draw(st.sampled_from([0, 1, 9, 30, 45, 70, 120]) | st.integers(0, 150))
        end = start + timedelta(days=length)
        branch = data.draw(st.sampled_from([None, *BRANCHES]))
        active = {
            user_id
            for user_id, day in world.activity
            if start <= day <= end
            and (branch is None or world.users[user_id]["branch_id"] == branch)
        }
        per_segment: defaultdict[str, int] = defaultdict(int)
        for user_id in active:
            per_segment[world.users[user_id]["segment"]] += 1

        def chosen(table, branch=branch):
            return true() if branch is None else table.c.branch_id == branch

        total = db.rows(rollups.active_users(start, end, chosen))
        assert [tuple(row) for row in total] in (
            [(len(active),)],
            [(None,)] if not active else [],
        ), (
            start,
            end,
            branch,
        )
        grouped = db.rows(rollups.active_users(start, end, chosen, by=("segment",)))
        assert {segment: n for segment, n in grouped if n} == dict(per_segment), (start, end)


@SETTINGS
@given(data=st.data())
def test_distinct_active_users_reads_whole_days_weeks_and_months(db, data):
    world = data.draw(worlds())
    clear(db)
    upsert(db, World(), world)
    for _ in range(4):
        day = on_day(data.draw(st.integers(-5, 110)))
        monday = day - timedelta(days=day.weekday())
        month_end = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        start, end = data.draw(
            st.sampled_from(
                [(day, day), (monday, monday + timedelta(days=6)), (day.replace(day=1), month_end)]
            )
        )
        assert rollups.whole_period(start, end) is not None
        per_branch = defaultdict(set)
        for user_id, active_on in world.activity:
            if start <= active_on <= end:
                per_branch[world.users[user_id]["branch_id"]].add(user_id)
        found = db.rows(rollups.distinct_active_users(start, end, lambda _: true(), ("branch_id",)))
        assert dict(found) == {b: len(users) for b, users in per_branch.items()}, (start, end)


def test_days_ranges_merge_consecutive_days():
    days = rollups.Days([date(2024, 2, 28), date(2024, 3, 1), date(2024, 2, 29), date(2024, 3, 5)])
    assert days.ranges() == [(date(2024, 2, 28), date(2024, 3, 1)), (date(2024, 3, 5),) * 2]
    assert add_months("2024-12", 1) == "2025-01"
    assert add_months("2024-01", 11) == "2024-12"
    assert add_months("2024-01", -1) == "2023-12"
    assert rollups.Days([date(2024, 3, 2)]).widened(2).ranges() == [
        (date(2024, 2, 29), date(2024, 3, 2))
    ]


def test_migration_from_version_1_builds_the_rollups_from_stored_rows(db_url):
    """A database written by version 1 (no rollups) gets them, filled, on its next start."""
    from data_access import Database as Handle

    version_1 = MetaData()
    for table in metadata.sorted_tables:
        if table not in ROLLUP_TABLES:
            table.to_metadata(version_1)
    handle = Handle(db_url)
    world = World(
        {
            "U1": {
                "user_id": "U1",
                "branch_id": "HZ-01",
                "segment": "young",
                "channel": "online",
                "registered_on": date(2024, 1, 31),
            },
            "U2": {
                "user_id": "U2",
                "branch_id": "SU 02",
                "segment": "老年",
                "channel": "branch",
                "registered_on": date(2024, 2, 1),
            },
        },
        {},
    )
    for user_id, day, tx in (("U1", date(2024, 1, 31), 1), ("U1", date(2024, 3, 1), 2)):
        world.activity[(user_id, day)] = {
            "user_id": user_id,
            "activity_date": day,
            "transactions": tx,
            "amount_cents": 100 * tx,
        }
    with handle.engine.begin() as conn:
        version_1.create_all(conn)
        conn.execute(insert(schema_version).values(version=1, applied_at=BASE))
        conn.execute(insert(data_version).values(id=1, version=3, changed_at=BASE))
        conn.execute(
            insert(branches),
            [{"branch_id": b, "branch_name": b, "region": "浙江"} for b in BRANCHES],
        )
        conn.execute(insert(wallet_users), list(world.users.values()))
        conn.execute(insert(wallet_activity), list(world.activity.values()))

    assert ensure_schema(handle.engine) == migrations.CURRENT_VERSION
    with handle.engine.connect() as conn:
        assert applied_version(conn) == migrations.CURRENT_VERSION
    assert_rollups_match(handle, world)
    # U1 was active on registration day; U2 never: one of two activated.
    assert stored(handle, rollup_registrations)[
        (date(2024, 1, 31), "HZ-01", "young", "online")
    ] == (
        1,
        1,
    )
    assert handle.scalar(select(func.count()).select_from(wallet_activity)) == 2


def activity_row(user_id: str, day: date, transactions: int) -> dict:
    return {
        "user_id": user_id,
        "activity_date": day,
        "transactions": transactions,
        "amount_cents": 0,
    }


def upgrade_from(db_url: str, version: int, world: World, *, missing) -> Database:
    """Stores ``world`` in a database of schema ``version`` (every table but ``missing``),
    then upgrades it as the next start would."""
    handle = Database(db_url)
    with handle.engine.begin() as conn:
        metadata.create_all(conn, tables=[t for t in metadata.sorted_tables if t is not missing])
        conn.execute(insert(schema_version).values(version=version, applied_at=BASE))
        conn.execute(insert(data_version).values(id=1, version=3, changed_at=BASE))
        insert_places(conn)
        conn.execute(insert(wallet_users), list(world.users.values()))
        conn.execute(insert(wallet_activity), list(world.activity.values()))
    assert ensure_schema(handle.engine) == migrations.CURRENT_VERSION
    return handle


def test_migration_from_version_2_adds_the_staff_rollup(db_url):
    """A version-2 database (rollups, but no staff rollup) gets it, filled, on its next start."""
    user = {"branch_id": "HZ-01", "segment": "young", "channel": "online", "staff_id": "s1"}
    world = World(
        {
            "U1": {**user, "user_id": "U1", "registered_on": date(2024, 1, 30)},
            "U2": {**user, "user_id": "U2", "registered_on": date(2024, 2, 3)},
        },
        {},
    )
    for user_id, day, tx in (("U1", date(2024, 2, 5), 3), ("U2", date(2024, 2, 3), 2)):
        world.activity[(user_id, day)] = activity_row(user_id, day, tx)
    handle = upgrade_from(db_url, 2, world, missing=rollup_staff_days)
    # By hand: U1 registered 30 Jan, first active in February on the 5th; U2 both on the 3rd.
    assert stored(handle, rollup_staff_days) == {
        (date(2024, 1, 30), "s1", "HZ-01"): (1, 0, 0),
        (date(2024, 2, 3), "s1", "HZ-01"): (1, 1, 2),
        (date(2024, 2, 5), "s1", "HZ-01"): (0, 1, 3),
    }


def test_migration_from_version_3_adds_the_outreach_rollup(db_url):
    """A version-3 database gets the outreach registrations rollup, filled, on its next start."""
    user = {"branch_id": "HZ-01", "segment": "young", "channel": "outreach", "staff_id": "s1"}
    world = World(
        {
            "U1": {**user, "user_id": "U1", "registered_on": date(2024, 1, 30)},
            "U2": {**user, "user_id": "U2", "registered_on": date(2024, 1, 30)},
            "U3": {**user, "user_id": "U3", "registered_on": date(2024, 1, 31)},
            "U4": {
                **user,
                "user_id": "U4",
                "registered_on": date(2024, 1, 31),
                "channel": "online",
            },
        },
        {},
    )
    for user_id, day in (
        ("U1", date(2024, 2, 5)),
        ("U2", date(2024, 1, 30)),
        ("U3", date(2024, 3, 1)),
        ("U4", date(2024, 2, 1)),
    ):
        world.activity[(user_id, day)] = activity_row(user_id, day, 1)
    handle = upgrade_from(db_url, 3, world, missing=rollup_outreach_registrations)
    # By hand: U1 active 6 days after registering, in February; U2 on its registration day
    # only; U3 30 days after (1 March: too late, and not in February); U4 is not outreach.
    assert stored(handle, rollup_outreach_registrations) == {
        (date(2024, 1, 30), "s1", "HZ-01", "young"): (2, 2, 1),
        (date(2024, 1, 31), "s1", "HZ-01", "young"): (1, 0, 0),
    }


def world_in(db: Database) -> World:
    """The base rows as stored."""
    users = {row["user_id"]: dict(row) for row in _mappings(db, wallet_users)}
    activity = {
        (row["user_id"], row["activity_date"]): dict(row) for row in _mappings(db, wallet_activity)
    }
    return World(users, activity)


def _mappings(db: Database, table) -> list:
    with db.engine.connect() as conn:
        return list(conn.execute(select(table)).mappings())


def test_loads_keep_the_rollups_equal_to_the_definitions(db, tmp_path):
    """Through the real loader: a first load, an upsert that moves a user, then --replace."""
    first = {
        "branches.csv": "branch_id,branch_name,region\nHZ-01,西湖,浙江\nSU 02,园区,江苏\n",
        "wallet_users.csv": (
            "user_id,branch_id,segment,channel,registered_on\n"
            "U1,HZ-01,young,online,2024-01-30\n"
            "U2,SU 02,老年,branch,2024-02-27\n"
        ),
        "wallet_activity.csv": (
            "user_id,activity_date,transactions,amount\n"
            "U1,2024-01-31,1,2.50\n"
            "U1,2024-03-01,2,3\n"
            "U2,2024-02-29,4,10.01\n"
        ),
    }
    second = {
        "branches.csv": first["branches.csv"],
        "wallet_users.csv": (
            "user_id,branch_id,segment,channel,registered_on\nU1,SU 02,young,branch,2024-01-29\n"
        ),
        "wallet_activity.csv": "user_id,activity_date,transactions,amount\nU2,2024-03-02,1,1\n",
    }
    for number, (files, replace) in enumerate(((first, False), (second, False), (first, True))):
        folder = tmp_path / str(number)
        folder.mkdir()
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        load(db, sources_from_folder(folder), replace=replace, writer=COMMAND_LINE)
        assert_rollups_match(db, world_in(db))
    # After the replace, U1 is back in HZ-01: one January activation, none moved elsewhere.
    assert stored(db, rollup_registrations) == {
        (date(2024, 1, 30), "HZ-01", "young", "online"): (1, 1),
        (date(2024, 2, 27), "SU 02", "老年", "branch"): (1, 1),
    }
