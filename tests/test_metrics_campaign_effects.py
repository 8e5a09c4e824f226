"""Campaign effects with confidence, and the planner, against an independent computation.

The reference reads metrics.md's "Campaign impact with confidence" and "Campaign
planner" directly over the inserted base rows (users, activity, complaints,
survey responses) in plain Python: each branch's values per window, then
``scipy.stats.ttest_ind``. It shares no code with ``metrics`` (not the rollups,
not the SQL). Hypothesis draws the worlds; hand-built ones cover the edge cases.
"""

from __future__ import annotations

import math
import statistics
import warnings
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from scipy import stats

from data_access import Filters, Scope
from data_access.schema import (
    branches,
    campaign_branches,
    complaints,
    surveys,
    wallet_activity,
    wallet_users,
)
from metrics.campaign_effects import (
    OUTCOMES,
    UnknownBranchError,
    campaign_effects,
    plan,
)
from tests.metrics_fixtures import (
    Row,
    activity,
    branch,
    campaign,
    campaign_branch,
    clear,
    complaint,
    insert,
    survey,
    user,
)

BASE = date(2024, 2, 20)
BRANCHES = ("杭州-3", "BR 04", "HZ-01", "D4", "e5", "F 6")
SEGMENTS = ("young", "老年")
CHANNELS = ("online", "branch")
EFFECT_KEYS = [
    "treated_branches",
    "control_branches",
    "treated_pre",
    "treated_during",
    "control_pre",
    "control_during",
    "did",
    "did_low",
    "did_high",
    "p_value",
    "did_lift",
    "pre_trend_p",
]
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- the reference --------------------------------------------------------------------------


def by_table(rows: list[Row]) -> dict:
    tables: dict = {}
    for table, values in rows:
        tables.setdefault(table, []).append(values)
    return tables


def welch_reference(d_t: list[Fraction], d_c: list[Fraction]) -> dict | None:
    """Welch's test as metrics.md defines it, or None where it says null."""
    if len(d_t) < 2 or len(d_c) < 2:
        return None
    exact_se2 = statistics.variance(d_t) / len(d_t) + statistics.variance(d_c) / len(d_c)
    if exact_se2 == 0:
        return None
    with warnings.catch_warnings():  # one constant sample: scipy warns, rightly computes
        warnings.simplefilter("ignore", RuntimeWarning)
        result = stats.ttest_ind([float(d) for d in d_t], [float(d) for d in d_c], equal_var=False)
        interval = result.confidence_interval(0.9)
    return {
        "low": float(interval.low),
        "high": float(interval.high),
        "p": float(result.pvalue),
        "se": math.sqrt(exact_se2),
        "df": float(result.df),
    }


def mean(values: list) -> float | None:
    return float(sum(values) / len(values)) if values else None


def reference_effects(
    rows: list[Row],
    treated_ids: set[str],
    start: date,
    days: int,
    scope: Scope,
    f: Filters,
) -> dict[str, dict]:
    """Each outcome's entry, for a campaign window ``start`` .. ``start + days - 1`` in
    ``treated_ids`` (the planner is the same thing with a window ending on as_of)."""
    tables = by_table(rows)
    visible = [
        b["branch_id"]
        for b in tables.get(branches, [])
        if scope.branches is None or b["branch_id"] in scope.branches
    ]
    treated = [b for b in visible if b in treated_ids]
    control = [b for b in visible if b not in treated_ids]
    users = {
        u["user_id"]: u
        for u in tables.get(wallet_users, [])
        if u["branch_id"] in visible
        and (not f.segments or u["segment"] in f.segments)
        and (not f.channels or u["channel"] in f.channels)
    }
    pre_start = start - timedelta(days=days)
    early = days // 2
    late_start = pre_start + timedelta(days=early)
    end = start + timedelta(days=days - 1)

    def part(day: date) -> str | None:
        if pre_start <= day < late_start:
            return "early"
        if late_start <= day < start:
            return "late"
        if start <= day <= end:
            return "during"
        return None

    # outcome -> branch -> part -> list of contributions
    found: dict[str, dict[str, dict[str, list[int]]]] = {
        o: {b: {"early": [], "late": [], "during": []} for b in visible} for o in OUTCOMES
    }

    def add(outcome: str, user_id: str, day: date, value: int) -> None:
        where = part(day)
        if user_id in users and where is not None:
            found[outcome][users[user_id]["branch_id"]][where].append(value)

    for u in users.values():
        add("new_users", u["user_id"], u["registered_on"], 1)
    for a in tables.get(wallet_activity, []):
        add("active_users", a["user_id"], a["activity_date"], 1)
        add("transactions", a["user_id"], a["activity_date"], a["transactions"])
    for c in tables.get(complaints, []):
        add("complaints", c["user_id"], c["opened_on"], 1)
    for s in tables.get(surveys, []):
        if s["csat"] is not None:
            add("csat", s["user_id"], s["responded_on"], s["csat"])

    result = {}
    for outcome in OUTCOMES:
        m: dict[str, tuple[Fraction, Fraction]] = {}
        trend: dict[str, Fraction] = {}
        for b, parts in found[outcome].items():
            pre = parts["early"] + parts["late"]
            if outcome == "csat":
                if pre and parts["during"]:
                    m[b] = (
                        Fraction(sum(pre), len(pre)),
                        Fraction(sum(parts["during"]), len(parts["during"])),
                    )
                if parts["early"] and parts["late"]:
                    trend[b] = Fraction(sum(parts["late"]), len(parts["late"])) - Fraction(
                        sum(parts["early"]), len(parts["early"])
                    )
            else:
                m[b] = (Fraction(sum(pre), days), Fraction(sum(parts["during"]), days))
                if early:
                    trend[b] = Fraction(sum(parts["late"]), days - early) - Fraction(
                        sum(parts["early"]), early
                    )
        t_in = [b for b in treated if b in m]
        c_in = [b for b in control if b in m]
        d_t = [m[b][1] - m[b][0] for b in t_in]
        d_c = [m[b][1] - m[b][0] for b in c_in]
        did = None if not d_t or not d_c else float(sum(d_t) / len(d_t) - sum(d_c) / len(d_c))
        treated_pre = mean([m[b][0] for b in t_in])
        test = welch_reference(d_t, d_c)
        pre_test = (
            welch_reference(
                [trend[b] for b in treated if b in trend], [trend[b] for b in control if b in trend]
            )
            if early
            else None
        )
        result[outcome] = {
            "treated_branches": len(t_in),
            "control_branches": len(c_in),
            "treated_pre": treated_pre,
            "treated_during": mean([m[b][1] for b in t_in]),
            "control_pre": mean([m[b][0] for b in c_in]),
            "control_during": mean([m[b][1] for b in c_in]),
            "did": did,
            "did_low": test and test["low"],
            "did_high": test and test["high"],
            "p_value": test and test["p"],
            "did_lift": None if did is None or not treated_pre else did / treated_pre,
            "pre_trend_p": pre_test and pre_test["p"],
            "_test": test,
            "_baseline": treated_pre,
        }
    return result


def close(actual, expected, where: str) -> None:
    """Equal ints and Nones, floats within 1e-9 (relative) or 1e-9 (absolute)."""
    if expected is None or actual is None:
        assert actual is None and expected is None, (where, actual, expected)
    else:
        assert math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9), (where, actual, expected)


def assert_effects_match(found: dict, expected: dict) -> None:
    assert list(found) == list(OUTCOMES)
    for outcome in OUTCOMES:
        assert list(found[outcome]) == EFFECT_KEYS
        for key in EFFECT_KEYS:
            close(found[outcome][key], expected[outcome][key], f"{outcome}.{key}")


# --- random worlds --------------------------------------------------------------------------


def on_day(offset: int) -> date:
    return BASE + timedelta(days=offset)


@st.composite
def worlds(draw) -> tuple[list[Row], int, int]:
    """Six branches; campaign "C 1" of 1 to 8 days in a drawn set of them; users registered,
    active, complaining and answering surveys around its windows. Returns the rows, the
    campaign's start offset and its days."""
    rows: list[Row] = [branch(b) for b in BRANCHES]
    days = draw(st.integers(1, 8))
    start = draw(st.integers(8, 14))
    rows.append(campaign("C 1", on_day(start), on_day(start + days - 1)))
    # Mostly 2 to 4 campaign branches, so that both groups can be tested; sometimes any.
    treated = draw(
        st.sets(st.sampled_from(BRANCHES), min_size=2, max_size=4)
        | st.sets(st.sampled_from(BRANCHES))
    )
    rows += [campaign_branch("C 1", b) for b in sorted(treated)]
    for i in range(draw(st.integers(10, 60))):
        user_id = f"用户 {i}"
        registered = draw(st.integers(start - days - 2, start + days))
        rows.append(
            user(
                user_id,
                draw(st.sampled_from(BRANCHES)),
                on_day(registered),
                draw(st.sampled_from(SEGMENTS)),
                draw(st.sampled_from(CHANNELS)),
            )
        )
        for offset in sorted(draw(st.sets(st.integers(0, 12), max_size=4))):
            rows.append(activity(user_id, on_day(registered + offset), draw(st.integers(1, 4))))
        for j in range(draw(st.integers(0, 3))):
            csat = draw(st.integers(1, 5) | st.none())
            nps = draw(st.integers(0, 10)) if csat is None else None
            responded = on_day(registered + draw(st.integers(0, 2 * days)))
            rows.append(survey(f"{user_id}/{j}", user_id, responded, csat, nps))
        for j in range(draw(st.integers(0, 1))):
            opened = on_day(registered + draw(st.integers(0, 10)))
            rows.append(complaint(f"{user_id}#{j}", user_id, opened))
    # A long-standing customer per branch answering surveys in the two windows, so that CSAT
    # often has branches with responses in both.
    for b in BRANCHES:
        rows.append(user(f"老客 {b}", b, on_day(0), "young", "branch"))
        pre_day = st.integers(start - days, start - 1)
        during_day = st.integers(start, start + days - 1)
        answers = draw(st.lists(st.tuples(pre_day | during_day, st.integers(1, 5)), max_size=4))
        if draw(st.integers(0, 4)):  # mostly: at least one response in each window
            answers += [(draw(pre_day), draw(st.integers(1, 5))) for _ in range(2)]
            answers += [(draw(during_day), draw(st.integers(1, 5)))]
        for k, (offset, csat) in enumerate(answers):
            rows.append(survey(f"老客 {b}/{k}", f"老客 {b}", on_day(offset), csat))
    return rows, start, days


scopes = st.one_of(
    st.just(Scope.everything()),
    st.just(Scope.everything()),
    st.sets(st.sampled_from(BRANCHES), min_size=1, max_size=5).map(
        lambda seen: Scope(branches=frozenset(seen), regions=frozenset({"浙江"}))
    ),
)
segment_filters = st.just(Filters()) | st.builds(
    Filters,
    segments=st.lists(st.sampled_from([*SEGMENTS, "nobody"]), max_size=2).map(tuple),
    channels=st.lists(st.sampled_from(CHANNELS), max_size=1).map(tuple),
)


@SETTINGS
@given(world=worlds(), scope=scopes, f=segment_filters)
def test_effects_match_the_reference(db, world, scope, f):
    rows, start, days = world
    clear(db)
    insert(db, *rows)
    treated = {v["branch_id"] for t, v in rows if t is campaign_branches}
    found = campaign_effects(db.with_scope(scope), "C 1", f).to_dict()
    expected = reference_effects(rows, treated, on_day(start), days, scope, f)
    assert found["confidence"] == 0.9
    event(f"new_users interval: {expected['new_users']['did_low'] is not None}")
    event(f"csat interval: {expected['csat']['did_low'] is not None}")
    event(f"pre-trend p: {expected['new_users']['pre_trend_p'] is not None}")
    assert_effects_match(found["effects"], expected)
    registrations = expected["new_users"]
    n_l = registrations["treated_branches"] * days
    for key, bound in (
        ("incremental_users_low", "did_low"),
        ("incremental_users_high", "did_high"),
    ):
        close(found[key], None if registrations[bound] is None else registrations[bound] * n_l, key)


@SETTINGS
@given(world=worlds(), data=st.data())
def test_the_planner_matches_the_reference(db, world, data):
    rows, start, _ = world
    clear(db)
    insert(db, *rows)
    chosen = data.draw(st.lists(st.sampled_from(BRANCHES), min_size=1, max_size=4, unique=True))
    days = data.draw(st.integers(1, 8))
    as_of = on_day(data.draw(st.integers(start, start + 12)))
    f = data.draw(segment_filters)
    found = [row.to_dict() for row in plan(db, chosen, days, as_of=as_of, filters=f)]
    expected = reference_effects(
        rows, set(chosen), as_of - timedelta(days=days - 1), days, Scope.everything(), f
    )
    assert [row["outcome"] for row in found] == list(OUTCOMES)
    for row in found:
        want = expected[row["outcome"]]
        test = want["_test"]
        assert (row["treated_branches"], row["control_branches"]) == (
            want["treated_branches"],
            want["control_branches"],
        )
        close(row["baseline"], want["_baseline"], "baseline")
        close(row["se"], test and test["se"], "se")
        close(row["df"], test and test["df"], "df")
        mde = None
        if test is not None:
            mde = (stats.t.ppf(0.95, test["df"]) + stats.t.ppf(0.8, test["df"])) * test["se"]
        close(row["mde"], mde, "mde")
        baseline = want["_baseline"]
        close(row["mde_lift"], None if mde is None or not baseline else mde / baseline, "mde_lift")


# --- hand-built edge cases ------------------------------------------------------------------
#
# Campaign "C" runs 2024-03-11..03-14 (L = 4, h = 2): pre window 03-07..03-10, early part
# 03-07..08, late part 03-09..10.


def users_on(branch_id: str, day: str, n: int, prefix: str, **extra) -> list[Row]:
    return [user(f"{prefix}{branch_id}-{day}-{i}", branch_id, day, **extra) for i in range(n)]


def edge_world(treated: tuple[str, ...] = ("A", "B")) -> list[Row]:
    rows: list[Row] = [branch(b) for b in ("A", "B", "C", "D")]
    rows.append(campaign("C", "2024-03-11", "2024-03-14"))
    rows += [campaign_branch("C", b) for b in treated]
    return rows


def effects_of(db, rows: list[Row], campaign_id: str = "C", f: Filters | None = None) -> dict:
    insert(db, *rows)
    return campaign_effects(db, campaign_id, f or Filters()).to_dict()


def test_hand_worked_registrations(db):
    # d_b = (during - pre) / 4: A (8 - 4) / 4 = 1, B (12 - 4) / 4 = 2, C (4 - 4) / 4 = 0,
    # D (0 - 4) / 4 = -1. did = 1.5 - (-0.5) = 2; var_T = var_C = 0.5, se = sqrt(0.5),
    # df = 2; t(0.95, 2) = 2.919986: interval 2 -+ 2.064742 = (-0.064742, 4.064742).
    rows = edge_world()
    for b, during in (("A", 8), ("B", 12), ("C", 4), ("D", 0)):
        rows += users_on(b, "2024-03-07", 4, "p")
        rows += users_on(b, "2024-03-12", during, "d")
    found = effects_of(db, rows)
    new = found["effects"]["new_users"]
    assert new["did"] == pytest.approx(2)
    assert (new["did_low"], new["did_high"]) == pytest.approx((-0.0647416, 4.0647416), abs=1e-6)
    assert new["p_value"] == pytest.approx(0.1055728, abs=1e-6)  # 1 - t / sqrt(2 + t²), t = 2.828
    assert new["did_lift"] == pytest.approx(2)  # did / treated_pre (1.0)
    # Pre window: every branch's 4 users on 03-07 (early part): d = 0 / 2 - 4 / 2 = -2 each.
    assert new["pre_trend_p"] is None  # identical pre-window changes: se = 0
    assert (found["incremental_users_low"], found["incremental_users_high"]) == pytest.approx(
        (-0.0647416 * 8, 4.0647416 * 8), abs=1e-5
    )


def test_one_treated_branch_has_no_interval(db):
    rows = edge_world(treated=("A",))
    rows += users_on("A", "2024-03-12", 3, "d") + users_on("B", "2024-03-08", 2, "p")
    new = effects_of(db, rows)["effects"]["new_users"]
    assert (new["treated_branches"], new["control_branches"]) == (1, 3)
    assert new["did"] == pytest.approx(0.75 - (-0.5 / 3))
    assert (new["did_low"], new["did_high"], new["p_value"]) == (None, None, None)
    assert (new["did_lift"], new["pre_trend_p"]) == (None, None)  # treated_pre is 0


def test_identical_branch_changes_give_no_interval(db):
    # Every branch gains exactly one registration a day: se = 0, so no interval, no p-value.
    rows = edge_world()
    for b, before in (("A", 1), ("B", 3), ("C", 2), ("D", 5)):
        rows += users_on(b, "2024-03-09", before, "p")
        rows += users_on(b, "2024-03-13", before + 4, "d")
    found = effects_of(db, rows)
    new = found["effects"]["new_users"]
    assert new["did"] == 0
    assert (new["did_low"], new["did_high"], new["p_value"]) == (None, None, None)
    assert (found["incremental_users_low"], found["incremental_users_high"]) == (None, None)


def test_csat_leaves_out_branches_answering_in_one_window_only(db):
    rows = edge_world()
    for b in "ABCD":
        rows += users_on(b, "2024-03-01", 1, "u")
    answers = [
        ("A", "2024-03-07", 3),
        ("A", "2024-03-12", 5),  # both windows: 3 -> 5
        ("B", "2024-03-09", 4),
        ("B", "2024-03-10", 2),
        ("B", "2024-03-14", 4),  # 3 -> 4
        ("C", "2024-03-08", 4),
        ("C", "2024-03-11", 4),  # 4 -> 4
        ("D", "2024-03-12", 1),  # during only: left out
    ]
    rows += [
        survey(f"s{i}", f"u{b}-2024-03-01-0", day, csat=score)
        for i, (b, day, score) in enumerate(answers)
    ]
    csat = effects_of(db, rows)["effects"]["csat"]
    assert (csat["treated_branches"], csat["control_branches"]) == (2, 1)
    assert (csat["treated_pre"], csat["treated_during"]) == pytest.approx((3, 4.5))
    assert (csat["control_pre"], csat["control_during"]) == (4, 4)
    assert csat["did"] == pytest.approx(1.5)  # mean(2, 1) - 0
    assert (csat["did_low"], csat["p_value"]) == (None, None)  # one control branch
    assert csat["did_lift"] == pytest.approx(0.5)
    assert csat["pre_trend_p"] is None  # no branch answered in both parts of the pre window


def test_a_campaign_still_running_counts_its_future_days_as_zero(db):
    rows = edge_world()
    rows.append(campaign("LIVE", "2024-03-11", "2024-04-30"))  # data ends 03-20
    rows += [campaign_branch("LIVE", b) for b in ("A", "B")]
    for b, n in (("A", 5), ("B", 3), ("C", 1), ("D", 2)):
        rows += users_on(b, "2024-03-15", n, "d") + users_on(b, "2024-03-20", 1, "e")
    found = effects_of(db, rows, "LIVE")
    new = found["effects"]["new_users"]
    days = 51
    assert new["treated_during"] == pytest.approx((6 + 4) / 2 / days)
    assert new["control_during"] == pytest.approx((2 + 3) / 2 / days)
    assert new["did_low"] is not None and new["did_low"] < new["did"] < new["did_high"]
    assert found["incremental_users_low"] == pytest.approx(new["did_low"] * 2 * days)


def test_a_one_day_campaign_has_no_pre_trend(db):
    rows = edge_world()
    rows.append(campaign("ONE", "2024-03-11", "2024-03-11"))
    rows += [campaign_branch("ONE", b) for b in ("A", "B")]
    for b, n in (("A", 3), ("B", 5), ("C", 1), ("D", 2)):
        rows += users_on(b, "2024-03-11", n, "d") + users_on(b, "2024-03-10", 1, "p")
    new = effects_of(db, rows, "ONE")["effects"]["new_users"]
    assert new["did"] == pytest.approx(3 - 0.5)  # (2 + 4) / 2 - (0 + 1) / 2
    assert new["did_low"] is not None
    assert new["pre_trend_p"] is None  # h = floor(1 / 2) = 0


def test_filters_or_scope_that_leave_a_group_empty(db):
    rows = edge_world()
    rows += users_on("A", "2024-03-12", 2, "d", segment="young")
    rows += [survey("s1", "dA-2024-03-12-0", "2024-03-12", csat=5)]
    found = effects_of(db, rows, f=Filters(segments=("nobody",)))
    for outcome in OUTCOMES[:4]:  # counts: every branch at 0, se = 0
        entry = found["effects"][outcome]
        assert (entry["treated_branches"], entry["control_branches"], entry["did"]) == (2, 2, 0)
        assert (entry["did_low"], entry["did_lift"]) == (None, None)
    csat = found["effects"]["csat"]
    assert (csat["treated_branches"], csat["control_branches"]) == (0, 0)
    assert all(csat[key] is None for key in EFFECT_KEYS[2:])
    # A viewer who sees only the campaign's branches has no control group.
    scoped = db.with_scope(Scope(branches=frozenset({"A", "B"}), regions=frozenset({"浙江"})))
    new = campaign_effects(scoped, "C", Filters()).to_dict()["effects"]["new_users"]
    assert (new["treated_branches"], new["control_branches"]) == (2, 0)
    assert (new["control_pre"], new["did"], new["did_low"], new["did_lift"]) == (None,) * 4


def test_branch_filters_are_refused(db):
    insert(db, *edge_world())
    with pytest.raises(ValueError, match="segment and channel"):
        campaign_effects(db, "C", Filters(branches=("A",)))


# --- the planner, worked by hand ------------------------------------------------------------


def test_planner_hand_worked(db):
    # as_of 03-20, L = 2: first window 03-17..18, second 03-19..20. Registrations per branch
    # (first, second): A (2, 4), B (0, 4), C (2, 2), D (2, 0). Per day: d = 1, 2 | 0, -1.
    # var 0.5 each, se = sqrt(0.5 / 2 + 0.5 / 2) = 0.7071068, df = 0.25 / 0.125 = 2.
    # Student's t table: t(0.95, 2) = 2.919986, t(0.80, 2) = 1.060660.
    # mde = 3.980646 x 0.7071068 = 2.814743; baseline = (1 + 0) / 2 = 0.5; +563 %.
    rows = edge_world()
    for b, first, second in (("A", 2, 4), ("B", 0, 4), ("C", 2, 2), ("D", 2, 0)):
        rows += users_on(b, "2024-03-17", first, "f") + users_on(b, "2024-03-20", second, "s")
    insert(db, *rows)
    found = {row.outcome: row for row in plan(db, ["A", "B"], 2, as_of=date(2024, 3, 20))}
    new = found["new_users"]
    assert (new.treated_branches, new.control_branches) == (2, 2)
    assert new.baseline == pytest.approx(0.5)
    assert new.se == pytest.approx(0.7071068, abs=1e-6)
    assert new.df == pytest.approx(2)
    assert new.mde == pytest.approx(2.814743, abs=1e-5)
    assert new.mde_lift == pytest.approx(5.629486, abs=1e-5)
    # No activity at all: every branch changes by 0, se = 0, nothing can be judged.
    assert (found["active_users"].se, found["active_users"].mde) == (None, None)
    assert found["active_users"].baseline == 0 and found["active_users"].mde_lift is None
    assert found["csat"].treated_branches == 0 and found["csat"].baseline is None
    # as_of defaults to the latest data date (03-20 here).
    assert plan(db, ["A", "B"], 2)[0] == new


def test_planner_refuses_unknown_and_out_of_scope_branches(db):
    insert(db, *edge_world())
    with pytest.raises(UnknownBranchError, match="'Z'"):
        plan(db, ["A", "Z"], 7)
    scoped = db.with_scope(Scope(branches=frozenset({"A"}), regions=frozenset({"浙江"})))
    with pytest.raises(UnknownBranchError, match="'B'"):
        plan(scoped, ["B"], 7)
