"""Writers take turns: loads, target edits and role changes wait for each other, briefly.

Every test holds the database's writer turn from another connection (or another thread or
process) and checks both sides: the one refused wrote nothing and said why, the one that
waited went ahead after the other finished, in that order.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select, update

from data_access import Database, open_database, roles, target_edits
from data_access.engine import SQLITE_BUSY_TIMEOUT_MS
from data_access.loader import WAITING, load
from data_access.roles import assign_role, get_role
from data_access.schema import branches, data_version
from data_access.target_edits import save_target_edits, target_change_log
from data_access.write_lock import DatabaseBusy, writing
from data_access.writers import COMMAND_LINE, LOAD_DATA, Writer
from tests.conftest import postgres_schema
from tests.loader_helpers import BASE, BASE_ROWS, snapshot, sources, write_folder
from tests.test_loader_cli import run

JULY_TARGET = {"month": "2024-07", "team_id": "T1", "metric": "new_users", "target": 60}


def renamed(name: str) -> dict[str, str]:
    """``BASE`` with the first branch called ``name``."""
    return {**BASE, "branches.csv": BASE["branches.csv"].replace("杭州西湖支行", name)}


def branch_names(db: Database) -> set[str]:
    return {name for (name,) in db.rows(select(branches.c.branch_name))}


@pytest.fixture
def loaded(db: Database) -> Database:
    load(db, sources(BASE), writer=COMMAND_LINE)
    return db


@contextmanager
def held_in_thread(work: Callable[[threading.Event], None]) -> Iterator[threading.Event]:
    """Run ``work`` in a thread until it has its writer turn; yield the event that lets it
    finish, and wait for it at the end."""
    release = threading.Event()
    failures: list[BaseException] = []

    def run_work() -> None:
        try:
            work(release)
        except BaseException as error:  # surfaced below, in the test's thread
            failures.append(error)

    thread = threading.Thread(target=run_work)
    thread.start()
    try:
        yield release
    finally:
        release.set()
        thread.join(60)
    assert not thread.is_alive()
    assert not failures, failures


def test_a_load_gives_up_after_its_wait_and_writes_nothing(loaded: Database):
    before = snapshot(loaded)
    with writing(loaded, COMMAND_LINE, LOAD_DATA, wait_seconds=1):
        started = time.monotonic()
        with pytest.raises(DatabaseBusy, match=r"more than 0\.4 s; nothing was written"):
            load(
                loaded,
                sources(renamed("另一支行")),
                replace=True,
                wait_seconds=0.4,
                writer=COMMAND_LINE,
            )
        waited = time.monotonic() - started
    assert 0.35 <= waited < 10
    assert snapshot(loaded) == before


def test_a_waiting_writer_goes_ahead_once_the_other_commits(loaded: Database):
    version = loaded.data_version()
    holding = threading.Event()

    def hold(release: threading.Event) -> None:
        with writing(loaded, COMMAND_LINE, LOAD_DATA, wait_seconds=1) as conn:
            conn.execute(update(data_version).values(version=data_version.c.version + 100))
            holding.set()
            release.wait(30)

    with held_in_thread(hold) as release:
        assert holding.wait(30)
        threading.Timer(0.5, release.set).start()
        started = time.monotonic()
        changes = save_target_edits(loaded, [JULY_TARGET], writer=Writer.operator("a@bank.cn"))
        waited = time.monotonic() - started
    assert waited >= 0.4
    assert [(c.team_id, c.old_target, c.new_target) for c in changes] == [("T1", None, 60)]
    # The holder's write committed first, then the edit's own bump.
    assert loaded.data_version() == version + 101


def test_a_load_that_must_wait_says_so_then_goes_ahead(loaded: Database):
    messages: list[str] = []
    waiting = threading.Event()

    def progress(message: str, _done: float) -> None:
        messages.append(message)
        if message == WAITING:
            waiting.set()

    load(loaded, sources(BASE), progress=progress, writer=COMMAND_LINE)
    assert messages and WAITING not in messages  # its turn was free
    messages.clear()
    holding = threading.Event()

    def hold(release: threading.Event) -> None:
        with writing(loaded, COMMAND_LINE, LOAD_DATA, wait_seconds=1):
            holding.set()
            release.wait(30)

    with held_in_thread(hold) as release:
        assert holding.wait(30)
        thread = threading.Thread(
            target=load,
            args=(loaded, sources(renamed("等候支行"))),
            kwargs={"replace": True, "progress": progress, "writer": COMMAND_LINE},
        )
        thread.start()
        assert waiting.wait(30)
        time.sleep(0.2)
        assert messages == [WAITING]  # nothing read or written while waiting
        release.set()
        thread.join(60)
    assert messages[0] == WAITING and len(messages) > 1
    assert "等候支行" in branch_names(loaded)


def test_a_target_edit_during_a_load_is_refused_and_the_load_completes(
    loaded: Database, monkeypatch
):
    monkeypatch.setattr(target_edits, "WRITER_WAIT_SECONDS", 0.3)
    loading = threading.Event()

    def slow_load(release: threading.Event) -> None:
        def progress(_message: str, _done: float) -> None:
            loading.set()
            release.wait(30)

        load(
            loaded,
            sources(renamed("新名支行")),
            replace=True,
            progress=progress,
            writer=COMMAND_LINE,
        )

    with held_in_thread(slow_load):
        assert loading.wait(30)
        with pytest.raises(DatabaseBusy, match=r"more than 0\.3 s"):
            save_target_edits(loaded, [JULY_TARGET], writer=Writer.operator("a@bank.cn"))
    assert target_change_log(loaded) == []
    assert "新名支行" in branch_names(loaded)
    assert len(snapshot(loaded)["targets"]) == BASE_ROWS["targets"]


def test_two_replace_loads_never_mix(loaded: Database):
    """The first load's rows, then the second's: never some of each (on PostgreSQL the second
    replace load would otherwise keep rows the first inserted while it deleted)."""
    loading = threading.Event()
    first = {**renamed("第一支行"), "teams.csv": BASE["teams.csv"] + "T9,HZ-01,第一组\n"}

    def first_load(release: threading.Event) -> None:
        def progress(_message: str, _done: float) -> None:
            loading.set()
            release.wait(30)

        load(loaded, sources(first), replace=True, progress=progress, writer=COMMAND_LINE)

    with held_in_thread(first_load):
        assert loading.wait(30)
        with pytest.raises(DatabaseBusy):
            load(
                loaded,
                sources(renamed("第二支行")),
                replace=True,
                wait_seconds=0.3,
                writer=COMMAND_LINE,
            )
    assert "第一支行" in branch_names(loaded)
    assert len(snapshot(loaded)["teams"]) == BASE_ROWS["teams"] + 1

    load(loaded, sources(renamed("第二支行")), replace=True, writer=COMMAND_LINE)
    rows = snapshot(loaded)
    assert "第二支行" in branch_names(loaded) and "第一支行" not in branch_names(loaded)
    assert len(rows["teams"]) == BASE_ROWS["teams"]


def test_role_changes_wait_for_a_load_only_where_every_write_does(loaded: Database, monkeypatch):
    """SQLite has one writer at a time; on PostgreSQL roles do not touch the loaded data."""
    monkeypatch.setattr(roles, "WRITER_WAIT_SECONDS", 0.3)
    with writing(loaded, COMMAND_LINE, LOAD_DATA, wait_seconds=1):
        if loaded.dialect == "sqlite":
            with pytest.raises(DatabaseBusy):
                assign_role(loaded, "a@bank.cn", "admin", writer=Writer.operator("tests"))
        else:
            assign_role(loaded, "a@bank.cn", "admin", writer=Writer.operator("tests"))
    assert (get_role(loaded, "a@bank.cn") is None) == (loaded.dialect == "sqlite")


def test_the_load_command_says_the_database_is_busy(loaded: Database, tmp_path: Path):
    folder = write_folder(tmp_path / "again", renamed("另一支行"))
    before = snapshot(loaded)
    with writing(loaded, COMMAND_LINE, LOAD_DATA, wait_seconds=1):
        done = run("load", str(folder), "--db", loaded.url, "--wait", "0.5")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("waiting for another load or edit to finish: 0%\n")
    assert "load: another load or change was writing" in done.stderr
    assert "more than 0.5 s; nothing was written" in done.stderr
    assert snapshot(loaded) == before


def test_a_writers_wait_applies_only_to_getting_its_turn(db: Database):
    """Once writing, the connection's own lock settings are back to what they were."""
    setting = "PRAGMA busy_timeout" if db.dialect == "sqlite" else "SHOW lock_timeout"
    with db.engine.connect() as conn:
        configured = conn.exec_driver_sql(setting).scalar()
    with writing(db, COMMAND_LINE, LOAD_DATA, wait_seconds=0.25) as conn:
        assert conn.exec_driver_sql(setting).scalar() == configured
    assert configured in (SQLITE_BUSY_TIMEOUT_MS, "0")


def test_on_postgresql_a_writer_waits_only_for_writers_of_its_own_schema():
    with postgres_schema() as url, postgres_schema() as other_url:
        this, other = open_database(url), open_database(other_url)
        load(this, sources(BASE), writer=COMMAND_LINE)
        with writing(this, COMMAND_LINE, LOAD_DATA, wait_seconds=1):
            # Another dashboard's schema in the same database loads at once ...
            load(other, sources(BASE), wait_seconds=0.5, writer=COMMAND_LINE)
            # ... while a second writer of this one still waits for its turn.
            with pytest.raises(DatabaseBusy):
                load(this, sources(renamed("另一支行")), wait_seconds=0.5, writer=COMMAND_LINE)
        assert branch_names(other) == branch_names(this)
