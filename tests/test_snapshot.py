"""``Database.snapshot``: one page run reads one state of the database, whatever loads commit
meanwhile (on SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import date

from sqlalchemy import func, select

from data_access import Filters, Scope
from data_access.loader import load
from data_access.schema import wallet_users
from data_access.writers import COMMAND_LINE
from metrics.period import Period
from metrics.summary import summary
from tests.loader_helpers import BASE, sources

MORE_USERS = {
    "branches.csv": BASE["branches.csv"],
    "wallet_users.csv": (
        "user_id,branch_id,segment,channel,registered_on\n"
        "U3,HZ-01,young,online,2024-03-03\n"
        "U4,SU-01,young,online,2024-03-04\n"
    ),
}
MARCH = Period(date(2024, 3, 1), date(2024, 3, 31))
USERS = select(func.count()).select_from(wallet_users)


def load_in_another_thread(db, files) -> None:
    """A load as another session or process would run it: not inside this thread's snapshot."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            load(db, sources(files), writer=COMMAND_LINE)
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            errors.append(error)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    assert not errors, errors


def test_a_load_committed_during_a_snapshot_is_not_seen_inside_it(db):
    load(db, sources(BASE), writer=COMMAND_LINE)  # U1 registered in March, U2 in January
    before = db.data_version()
    scoped = db.with_scope(Scope(branches=frozenset({"HZ-01"}), regions=frozenset({"浙江"})))
    with db.snapshot() as version:
        assert version == before
        assert db.scalar(USERS) == 2
        load_in_another_thread(db, MORE_USERS)
        # Inside: the state at the start, through every helper and every scope of the database.
        assert db.scalar(USERS) == 2
        assert db.data_version() == before
        assert summary(db, MARCH, Filters())["new_users"] == 1
        assert summary(scoped, MARCH, Filters())["new_users"] == 1
        with db.snapshot() as nested:
            assert nested == before
            assert db.scalar(USERS) == 2
    # After the block: the new state.
    assert db.scalar(USERS) == 4
    assert db.data_version() > before
    assert summary(db, MARCH, Filters())["new_users"] == 3
    with db.snapshot() as version:
        assert version == db.data_version() > before


def test_other_threads_do_not_read_through_a_snapshot(db):
    load(db, sources(BASE), writer=COMMAND_LINE)
    seen: list[int] = []
    with db.snapshot():
        load_in_another_thread(db, MORE_USERS)
        worker = threading.Thread(target=lambda: seen.append(db.scalar(USERS)))
        worker.start()
        worker.join()
        assert db.scalar(USERS) == 2
    assert seen == [4]


def test_within_snapshot_computes_once_per_snapshot(db):
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert [db.within_snapshot("k", compute) for _ in range(2)] == [1, 2]  # no snapshot: no memo
    with db.snapshot():
        assert [db.within_snapshot("k", compute) for _ in range(2)] == [3, 3]
        assert db.with_scope(Scope(branches=frozenset())).within_snapshot("k", compute) == 3
    with db.snapshot():
        assert db.within_snapshot("k", compute) == 4
