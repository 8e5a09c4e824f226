"""Sample data: the contract's format, determinism, the stories it must tell, and loading.

Every expectation is worked out here from the CSV files with plain pandas,
never taken from the generator's own bookkeeping.
"""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from functools import partial
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

import sample_data.seed
from data_access import open_database
from data_access.loader import load, sources_from_folder
from data_access.schema import branches, wallet_users
from data_access.writers import Writer
from sample_data.__main__ import main
from sample_data.generator import generate
from sample_data.seed import Seeding, seed_if_empty, seed_in_child, seeding_of

END = date(2026, 3, 14)
"""A mid-month end: the data covers 2024-03-15 .. 2026-03-14."""

CONTRACT_HEADERS = {
    "branches.csv": "branch_id,branch_name,region",
    "teams.csv": "team_id,branch_id,team_name",
    "staff.csv": "staff_id,team_id,staff_name",
    "campaigns.csv": "campaign_id,campaign_name,start_date,end_date,description",
    "campaign_branches.csv": "campaign_id,branch_id",
    "wallet_users.csv": "user_id,branch_id,segment,channel,registered_on,staff_id,campaign_id",
    "wallet_activity.csv": "user_id,activity_date,transactions,amount",
    "surveys.csv": "response_id,user_id,responded_on,csat,nps,comment",
    "complaints.csv": "complaint_id,user_id,opened_on,resolved_on,category",
    "market_share.csv": "month,region,provider,transactions,is_own",
    "targets.csv": "month,team_id,metric,target",
    "outreach_visits.csv": "visit_id,staff_id,visited_on,location_type,contacts",
}


def read(folder: Path, name: str) -> pd.DataFrame:
    """A file as text columns, empty cells as ""."""
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sample")
    generate(folder, seed=11, scale=0.5, end=END)
    return folder


@pytest.fixture(scope="module")
def tables(sample: Path) -> dict[str, pd.DataFrame]:
    return {
        name.removesuffix(".csv"): read(sample, name.removesuffix(".csv"))
        for name in CONTRACT_HEADERS
    }


# --- format and determinism -------------------------------------------------


def test_every_file_has_the_contract_header_and_is_utf8(sample: Path) -> None:
    assert sorted(p.name for p in sample.iterdir()) == sorted(CONTRACT_HEADERS)
    for name, header in CONTRACT_HEADERS.items():
        text = (sample / name).read_bytes().decode("utf-8")
        assert text.split("\n", 1)[0] == header, name


def test_the_returned_counts_are_the_rows_in_the_files(tmp_path: Path) -> None:
    rows = generate(tmp_path, seed=3, scale=0.05, end=END)
    for name in CONTRACT_HEADERS:
        assert rows[name] == len(read(tmp_path, name.removesuffix(".csv"))), name


def test_same_inputs_give_byte_identical_files_and_another_seed_differs(tmp_path: Path) -> None:
    for run in ("a", "b", "c"):
        generate(tmp_path / run, seed=5 if run != "c" else 6, scale=0.2, end=END)
    for name in CONTRACT_HEADERS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert (tmp_path / "a" / "wallet_users.csv").read_bytes() != (
        tmp_path / "c" / "wallet_users.csv"
    ).read_bytes()


def test_the_data_ends_yesterday_by_default_and_covers_two_years(tmp_path: Path) -> None:
    generate(tmp_path, scale=0.3)
    yesterday = date.today() - timedelta(days=1)
    first = yesterday.replace(year=yesterday.year - 2) + timedelta(days=1)
    users, activity = read(tmp_path, "wallet_users"), read(tmp_path, "wallet_activity")
    assert activity.activity_date.max() == yesterday.isoformat()
    assert users.registered_on.min() >= first.isoformat()
    assert users.registered_on.max() <= yesterday.isoformat()
    assert users.registered_on.min() <= (first + timedelta(days=7)).isoformat()


def test_values_follow_the_contract_rules(tables: dict[str, pd.DataFrame]) -> None:
    users, activity = tables["wallet_users"], tables["wallet_activity"]
    assert activity.amount.str.fullmatch(r"\d+(\.\d{1,2})?").all()
    assert (activity.transactions.astype(int) >= 1).all()
    assert not activity.duplicated(["user_id", "activity_date"]).any()
    registered = activity.user_id.map(users.set_index("user_id").registered_on)
    assert (activity.activity_date >= registered).all()
    assert set(users.segment) == {"young", "middle_aged", "senior", "merchant"}
    assert set(users.channel) == {"outreach", "branch", "online", "referral"}
    assert set(tables["outreach_visits"].location_type) == {
        "community",
        "merchant",
        "enterprise_payroll",
        "rural",
    }
    assert set(tables["complaints"].category) == {
        "security",
        "failed_payment",
        "missing_confirmation",
        "compatibility",
        "too_hard_for_seniors",
        "service_attitude",
    }
    complaints = tables["complaints"]
    resolved = complaints[complaints.resolved_on != ""]
    assert (resolved.resolved_on >= resolved.opened_on).all()
    assert (tables["targets"].target.astype(int) > 0).all()
    for name, frame in tables.items():
        for column in frame.columns:
            if column.endswith(("_on", "_date")) and column != "registered_on":
                filled = frame[column][frame[column] != ""]
                assert filled.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all(), (name, column)


def test_the_organisation_is_realistic(tables: dict[str, pd.DataFrame]) -> None:
    branches, teams, staff = tables["branches"], tables["teams"], tables["staff"]
    assert 3 <= branches.region.nunique() <= 5
    assert 20 <= len(branches) <= 60
    assert branches.branch_id.str.fullmatch(r"[A-Z]{2}-\d{2}").all()
    assert branches.branch_name.str.fullmatch(r"[\u4e00-\u9fff]+支行").all()
    assert teams.groupby("branch_id").size().between(2, 3).all()
    assert staff.groupby("team_id").size().between(4, 8).all()
    assert staff.staff_name.str.fullmatch(r"[\u4e00-\u9fff]{2,3}").all()


# --- stories ------------------------------------------------------------------


def test_staff_are_recorded_for_assisted_channels_only_and_belong_to_the_branch(
    tables: dict[str, pd.DataFrame],
) -> None:
    users = tables["wallet_users"]
    staff_branch = (
        tables["staff"]
        .set_index("staff_id")
        .team_id.map(tables["teams"].set_index("team_id").branch_id)
    )
    online = users.channel == "online"
    assert (users.staff_id[online] == "").all()
    assisted = users[~online]
    assert (assisted.staff_id != "").all()
    assert (assisted.staff_id.map(staff_branch) == assisted.branch_id).all()


def _rate(users: pd.DataFrame, branches: set[str], first: date, last: date) -> float:
    chosen = users[
        users.branch_id.isin(branches)
        & (users.registered_on >= first.isoformat())
        & (users.registered_on <= last.isoformat())
    ]
    return len(chosen) / (len(branches) * ((last - first).days + 1))


def test_campaigns_lift_registrations_in_treated_branches(tables: dict[str, pd.DataFrame]) -> None:
    users, campaigns = tables["wallet_users"], tables["campaigns"]
    all_branches = set(tables["branches"].branch_id)
    assert 3 <= len(campaigns) <= 4
    for row in campaigns.itertuples():
        assert isinstance(row.start_date, str) and isinstance(row.end_date, str)
        start, end = date.fromisoformat(row.start_date), date.fromisoformat(row.end_date)
        length = timedelta(days=(end - start).days + 1)
        treated = set(
            tables["campaign_branches"].query("campaign_id == @row.campaign_id").branch_id
        )
        control = all_branches - treated
        assert treated and control
        treated_lift = _rate(users, treated, start, end) / _rate(
            users, treated, start - length, start - timedelta(days=1)
        )
        control_lift = _rate(users, control, start, end) / _rate(
            users, control, start - length, start - timedelta(days=1)
        )
        assert treated_lift - control_lift > 0.25, row.campaign_name

        carrying = users[users.campaign_id == row.campaign_id]
        in_window = users[
            users.branch_id.isin(treated)
            & (users.registered_on >= row.start_date)
            & (users.registered_on <= row.end_date)
        ]
        assert carrying.user_id.isin(in_window.user_id).all()
        assert 0.2 < len(carrying) / len(in_window) < 0.9


def test_seniors_adopt_less_and_complain_about_difficulty(tables: dict[str, pd.DataFrame]) -> None:
    users, activity = tables["wallet_users"], tables["wallet_activity"]
    segment = users.set_index("user_id").segment
    recent = activity[activity.activity_date >= (END - timedelta(days=89)).isoformat()]
    active_segments = segment[recent.user_id.unique()]
    registered_share = (users.segment == "senior").mean()
    assert (active_segments == "senior").mean() < 0.8 * registered_share

    complaints = tables["complaints"].assign(segment=lambda f: f.user_id.map(segment))
    senior = complaints[complaints.segment == "senior"]
    assert senior.category.value_counts().index[0] == "too_hard_for_seniors"
    others = complaints[complaints.segment != "senior"]
    assert (others.category == "too_hard_for_seniors").mean() < 0.05
    per_user = complaints.groupby("segment").size() / users.groupby("segment").size()
    assert per_user["senior"] > 2 * per_user["young"]


def _nps(scores: pd.Series) -> float:
    values = scores[scores != ""].astype(int)
    return 100 * ((values >= 9).mean() - (values <= 6).mean())


def test_surveys_have_realistic_scores_and_comments(tables: dict[str, pd.DataFrame]) -> None:
    surveys = tables["surveys"]
    segment = tables["wallet_users"].set_index("user_id").segment
    assert 10 <= _nps(surveys.nps) <= 35
    senior = surveys[surveys.user_id.map(segment) == "senior"]
    assert _nps(senior.nps) < _nps(surveys.nps) - 10
    csat = surveys.csat[surveys.csat != ""]
    assert set(csat) >= {"2", "3", "4", "5"} and set(csat) <= {"1", "2", "3", "4", "5"}
    assert 0.5 < (csat.astype(int) >= 4).mean() < 0.85
    assert set(surveys.nps) - {""} <= {str(n) for n in range(11)}
    assert ((surveys.csat == "") & (surveys.nps != "")).any()
    assert ((surveys.nps == "") & (surveys.csat != "")).any()
    assert not ((surveys.csat == "") & (surveys.nps == "")).any()
    comments = surveys.comment[surveys.comment != ""]
    chinese = comments.str.contains(r"[\u4e00-\u9fff]")
    assert 0.8 < chinese.mean() < 1.0
    assert comments[~chinese].str.fullmatch(r"[A-Za-z ,.'!]+").all()


def test_activity_fades_unless_users_are_hooked(tables: dict[str, pd.DataFrame]) -> None:
    users, activity = tables["wallet_users"], tables["wallet_activity"]
    cohort = users[users.registered_on < "2024-06-01"]
    reg = pd.to_datetime(cohort.set_index("user_id").registered_on)
    rows = activity[activity.user_id.isin(cohort.user_id)]
    age = (pd.to_datetime(rows.activity_date) - rows.user_id.map(reg)).dt.days // 30
    active = rows.groupby(age).user_id.nunique() / len(cohort)
    assert active[0] > 0.5
    assert active[0] > 2 * active[6]
    assert active[12] > 0.03


def test_activity_has_weekly_seasonality_and_growth(tables: dict[str, pd.DataFrame]) -> None:
    activity = tables["wallet_activity"]
    per_day = activity.groupby("activity_date").size()
    weekday = pd.to_datetime(per_day.index).day_of_week
    late = per_day.index >= "2025-03-15"
    assert per_day[late & (weekday >= 5)].mean() > 1.1 * per_day[late & (weekday < 5)].mean()
    first_quarter = per_day[per_day.index < "2024-07-01"].mean()
    last_quarter = per_day[per_day.index >= "2025-12-01"].mean()
    assert last_quarter > 2 * first_quarter
    amount = activity.amount.astype(float) / activity.transactions.astype(int)
    assert 10 < amount.median() < 200


def test_complaints_mostly_resolve_within_a_week_and_some_are_open(
    tables: dict[str, pd.DataFrame],
) -> None:
    complaints = tables["complaints"]
    resolved = complaints[complaints.resolved_on != ""]
    days = (pd.to_datetime(resolved.resolved_on) - pd.to_datetime(resolved.opened_on)).dt.days
    assert 0.6 < (days <= 7).mean() < 0.9
    assert days.max() > 30
    still_open = complaints[complaints.resolved_on == ""]
    assert len(still_open) > 0
    assert (still_open.opened_on >= (END - timedelta(days=150)).isoformat()).all()


def test_market_shares_match_published_proportions(tables: dict[str, pd.DataFrame]) -> None:
    market = tables["market_share"].assign(transactions=lambda f: f.transactions.astype(int))
    assert market.month.nunique() == 24
    assert market.month.max() == "2026-03"
    assert set(market.region) == set(tables["branches"].region)
    assert set(market[market.is_own == "1"].provider) == {"Our wallet"}
    assert (market.groupby(["month", "region"]).size() == 5).all()
    total = market.groupby("provider").transactions.sum() / market.transactions.sum()
    assert 0.01 < total["Our wallet"] < 0.06
    assert 0.45 < total["Alipay"] < 0.56
    assert 0.32 < total["WeChat Pay"] < 0.42
    assert 0.04 < total["UnionPay QuickPass"] < 0.06
    assert 0.05 < total["Cards & cash"] < 0.08
    monthly = market.pivot_table(
        index="month", columns="provider", values="transactions", aggfunc="sum"
    )
    share = monthly.div(monthly.sum(axis=1), axis=0)
    assert share["Our wallet"].iloc[-1] > 2 * share["Our wallet"].iloc[0]
    assert share["Cards & cash"].iloc[-1] < share["Cards & cash"].iloc[0]
    assert market.transactions.min() > 1_000_000


def test_targets_cover_every_month_and_some_teams_miss(tables: dict[str, pd.DataFrame]) -> None:
    targets = tables["targets"].assign(target=lambda f: f.target.astype(int))
    months = sorted(targets.month.unique())
    assert months[0] == "2024-03" and months[-1] == "2026-05"
    assert len(months) == 27
    assert (targets.groupby("month").size() == 3 * len(tables["teams"])).all()

    team_of_staff = tables["staff"].set_index("staff_id").team_id
    users = tables["wallet_users"].assign(team_id=lambda f: f.staff_id.map(team_of_staff))
    activity = tables["wallet_activity"].merge(users[["user_id", "team_id"]], on="user_id")
    activity = activity.assign(
        month=activity.activity_date.str[:7], transactions=activity.transactions.astype(int)
    )
    actual = pd.concat(
        {
            "new_users": users.groupby([users.registered_on.str[:7], "team_id"]).size(),
            "active_users": activity.groupby(["month", "team_id"]).user_id.nunique(),
            "transactions": activity.groupby(["month", "team_id"]).transactions.sum(),
        },
        names=["metric", "month", "team_id"],
    )
    complete = targets[(targets.month > "2024-03") & (targets.month < "2026-03")]
    joined = complete.set_index(["metric", "month", "team_id"]).join(actual.rename("actual"))
    met = joined.actual.fillna(0) >= joined.target
    for _metric, share in met.groupby(level="metric").mean().items():
        assert 0.2 < share < 0.8


def test_outreach_visits_match_outreach_registrations(tables: dict[str, pd.DataFrame]) -> None:
    users, visits = tables["wallet_users"], tables["outreach_visits"]
    outreach = users[users.channel == "outreach"]
    registered = outreach.groupby(["staff_id", "registered_on"]).size()
    contacts = (
        visits.assign(contacts=visits.contacts.astype(int))
        .groupby(["staff_id", "visited_on"])
        .contacts.sum()
    )
    contacts.index.names = registered.index.names
    joined = pd.concat([registered.rename("registered"), contacts.rename("contacts")], axis=1)
    assert joined.contacts.notna().all()
    assert (joined.contacts >= joined.registered.fillna(0)).all()
    assert (joined.registered.isna()).any()
    assert visits.visit_id.is_unique


# --- command line, loading and seeding ----------------------------------------


def test_command_line_writes_the_folder_and_a_summary(tmp_path: Path, capsys) -> None:
    assert main(["generate", "--out", str(tmp_path), "--scale", "0.05", "--end", "2025-12-31"]) == 0
    out, err = capsys.readouterr()
    assert re.search(r"wallet_users\.csv\s+[\d,]+", out)
    assert "total" in out and "100%" in err
    assert read(tmp_path, "market_share").month.max() == "2025-12"


@pytest.mark.parametrize("bad", [["--scale", "0"], ["--scale", "x"], ["--end", "2025-02-30"]])
def test_command_line_rejects_bad_arguments(tmp_path: Path, bad: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["generate", "--out", str(tmp_path / "out"), *bad])
    assert exit_info.value.code == 2
    assert bad[0] in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_generated_folder_loads_without_problems(db, tmp_path: Path) -> None:
    rows = generate(tmp_path, seed=2, scale=0.1, end=END)
    result = load(
        db, sources_from_folder(tmp_path), writer=Writer.operator("test"), source="sample"
    )
    for name, count in rows.items():
        assert result.rows[name.removesuffix(".csv")] == count, name


def test_seeding_fills_an_empty_database_once(db, monkeypatch) -> None:
    monkeypatch.setattr(sample_data.seed, "generate", partial(generate, scale=0.05))
    reports: list[tuple[str, float]] = []
    assert seed_if_empty(db, lambda message, done: reports.append((message, done))) is True
    fractions = [done for _, done in reports]
    assert fractions == sorted(fractions) and fractions[0] >= 0 and fractions[-1] == 1
    assert any(done < 0.1 for done in fractions) and any(0.1 < done < 1 for done in fractions)
    assert db.scalar(select(func.count()).select_from(branches)) == 32
    version = db.data_version()
    assert version > 0
    assert seed_if_empty(db) is False
    assert db.data_version() == version


def test_a_load_committed_while_the_seeding_generates_is_kept(db, tmp_path, monkeypatch) -> None:
    """The seeding checks for data again when its turn to write comes: a load that committed
    meanwhile (an operator's first real load) is neither replaced nor mixed with sample rows."""
    operator = tmp_path / "operator"
    generate(operator, seed=3, scale=0.05, end=END)

    def generate_while_an_operator_loads(folder: Path, **options) -> dict[str, int]:
        load(db, sources_from_folder(operator), writer=Writer.operator("cli"), source="operator")
        return generate(folder, seed=9, scale=0.05, end=END, **options)

    monkeypatch.setattr(sample_data.seed, "generate", generate_while_an_operator_loads)
    assert seed_if_empty(db) is False
    expected = pd.read_csv(operator / "wallet_users.csv", dtype=str)
    stored = db.rows(select(wallet_users.c.user_id).order_by(wallet_users.c.user_id))
    assert [row.user_id for row in stored] == sorted(expected["user_id"])
    assert db.data_version() == 1


def test_a_seeding_runs_in_a_child_process_and_reports_its_progress(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'first-start.sqlite3'}")
    seen: list[float] = []

    class Watched(Seeding):
        def _report(self, done: float) -> None:
            seen.append(done)
            super()._report(done)

    job = Watched(db).start()
    deadline = time.monotonic() + 300
    while not job.finished and time.monotonic() < deadline:
        time.sleep(0.2)
    assert job.finished and job.error is None and job.done == 1
    assert seen == sorted(seen) and seen[-1] == 1 and any(0 < done < 1 for done in seen)
    assert db.scalar(select(func.count()).select_from(branches)) == 32
    assert db.data_version() > 0


def test_a_failed_seeding_says_why() -> None:
    with pytest.raises(RuntimeError, match="Can't load plugin: sqlalchemy.dialects:nosuch"):
        seed_in_child("nosuch://nowhere", lambda _: None)


def test_one_seeding_per_database_whoever_asks_first(tmp_path: Path, monkeypatch) -> None:
    started: list[str] = []
    monkeypatch.setattr(sample_data.seed, "seed_in_child", lambda url, _: started.append(url))
    db = open_database(f"sqlite:///{tmp_path / 'once.sqlite3'}")
    first = seeding_of(db)
    assert seeding_of(open_database(db.url)) is first
    first._thread.join(10)  # type: ignore[union-attr]
    assert started == [db.url] and first.finished and first.error is None
