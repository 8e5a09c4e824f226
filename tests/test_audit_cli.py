"""``python -m data_access audit`` and ``audit-purge`` on SQLite and PostgreSQL: the listing for
a person or a period in both languages, bad arguments (exit 2), the purge."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from data_access import open_database
from data_access.__main__ import main
from data_access.schema import audit_events


@dataclass(frozen=True)
class Outcome:
    returncode: int | str | None
    stdout: str
    stderr: str


@pytest.fixture
def url(db_url: str) -> str:
    db = open_database(db_url)
    with db.engine.begin() as conn:
        conn.execute(
            insert(audit_events),
            [
                {
                    "at": datetime(2026, 3, 1, 9, 30, 5),
                    "actor": "wang@bank.example",
                    "kind": "page_view",
                    "page": "growth",
                    "detail_json": '{"filters": {"region": ["浙江"]}}',
                },
                {
                    "at": datetime(2026, 3, 2, 23, 59, 59),
                    "actor": "li@bank.example",
                    "kind": "download",
                    "page": "overview",
                    "detail_json": '{"file": "branch_league.csv", "rows": 12}',
                },
                {
                    "at": datetime(2026, 3, 3, 0, 0, 0),
                    "actor": "wang@bank.example",
                    "kind": "refusal",
                    "page": None,
                    "detail_json": '{"reason": "evil\\u001b[2J"}',
                },
            ],
        )
    return db_url


@pytest.fixture
def cli(capsys) -> Callable[..., Outcome]:
    """Runs ``python -m data_access ARGS --db URL`` in this process."""

    def run(url: str, *args: str) -> Outcome:
        capsys.readouterr()
        code: int | str | None
        try:
            code = main([*args, "--db", url])
        except SystemExit as exit_:
            code = exit_.code
        out, err = capsys.readouterr()
        return Outcome(code, out, err)

    return run


def test_a_persons_events_in_english(url, cli):
    outcome = cli(url, "audit", "--email", " Wang@Bank.Example ")
    assert outcome.returncode == 0, outcome.stderr
    assert outcome.stdout.splitlines() == [
        "When (UTC)\tWho\tWhat\tPage\tDetail",
        '2026-03-01 09:30:05\twang@bank.example\tPage view\tgrowth\t{"filters": {"region": ["浙江"]}}',
        '2026-03-03 00:00:00\twang@bank.example\tRefusal\t\t{"reason": "evil\\u001b[2J"}',
    ]
    assert "\x1b" not in outcome.stdout  # an escape sequence from the data is printed escaped


def test_a_period_in_chinese_includes_both_days_whole(url, cli):
    outcome = cli(url, "audit", "--since", "2026-03-02", "--until", "2026-03-02", "--lang", "zh")
    assert outcome.returncode == 0, outcome.stderr
    assert outcome.stdout.splitlines() == [
        "时间（UTC）\t操作人\t事件\t页面\t详情",
        '2026-03-02 23:59:59\tli@bank.example\t下载\toverview\t{"file": "branch_league.csv", "rows": 12}',
    ]


def test_nothing_found_says_so_and_succeeds(url, cli):
    outcome = cli(url, "audit", "--email", "nobody@bank.example")
    assert (outcome.returncode, outcome.stdout) == (0, "")
    assert outcome.stderr.strip() == "No events for this person and period."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2026-02-30"], "argument --since: '2026-02-30' is not a date (YYYY-MM-DD)"),
        (["--until", "yesterday"], "argument --until: 'yesterday' is not a date (YYYY-MM-DD)"),
        (["--since", "2026-03-05", "--until", "2026-03-01"], "--since 2026-03-05 is after --until"),
        (["--email", "wang"], "'wang' is not an e-mail address"),
        (["--lang", "fr"], "argument --lang: invalid choice: 'fr'"),
    ],
)
def test_bad_arguments_exit_2_with_a_clear_message(url, cli, args, message):
    outcome = cli(url, "audit", *args)
    assert outcome.returncode == 2
    assert message in outcome.stderr
    assert outcome.stdout == ""


def test_purge_deletes_what_is_older_than_the_retention_and_is_recorded(
    db_url, cli, monkeypatch, tmp_path
):
    now = datetime.now(UTC).replace(tzinfo=None)
    db = open_database(db_url)
    with db.engine.begin() as conn:
        conn.execute(
            insert(audit_events),
            [
                {"at": now - timedelta(days=d), "actor": "a@bank.example", "kind": "page_view"}
                | {"page": "growth", "detail_json": "{}"}
                for d in (500, 401, 399)
            ],
        )
    monkeypatch.delenv("DASHBOARD_AUDIT_RETENTION_DAYS", raising=False)
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml here
    monkeypatch.setenv("HOME", str(tmp_path))  # nor there: the 400-day default
    outcome = cli(db_url, "audit-purge")
    assert outcome.returncode == 0, outcome.stderr
    assert outcome.stdout.strip() == "deleted 2 audit event(s) older than 400 days"
    monkeypatch.setenv("DASHBOARD_AUDIT_RETENTION_DAYS", "300")
    assert (
        cli(db_url, "audit-purge").stdout.strip() == "deleted 1 audit event(s) older than 300 days"
    )
    assert cli(db_url, "audit-purge", "--days", "1").stdout.strip() == (
        "deleted 0 audit event(s) older than 1 days"
    )
    listing = cli(db_url, "audit", "--email", "a@bank.example").stdout
    assert listing == ""  # every one of a@'s events is gone
    purges = cli(db_url, "audit").stdout.splitlines()[1:]
    assert [line.split("\t")[1:3] for line in purges] == [["cli", "Audit trail purged"]] * 3


@pytest.mark.parametrize(
    ("args", "env", "code", "message"),
    [
        (["--days", "0"], None, 2, "argument --days: '0' is not a whole number of days"),
        ([], "forever", 1, "DASHBOARD_AUDIT_RETENTION_DAYS = 'forever' is not a whole number"),
    ],
)
def test_a_bad_retention_is_refused_and_nothing_is_deleted(
    url, cli, monkeypatch, args, env, code, message
):
    if env is not None:
        monkeypatch.setenv("DASHBOARD_AUDIT_RETENTION_DAYS", env)
    outcome = cli(url, "audit-purge", *args)
    assert outcome.returncode == code
    assert message in outcome.stderr
    assert len(cli(url, "audit").stdout.splitlines()) == 1 + 3
