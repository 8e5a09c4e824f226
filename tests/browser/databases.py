"""A signed-in browser test's own database on SQLite or PostgreSQL: the sample data (or nothing)
and the roles it needs.

A test module parametrizes its module-scoped ``database`` fixture over ``DIALECTS`` and opens
``sample_database(request, grants)`` there. On SQLite the session's sample database
(``sample_db_url``) is copied; on PostgreSQL a new schema (``tests/conftest.py``) is loaded
from the same sample CSV files (``sample_csv``) with the loader, so both hold the same rows.
Without ``TEST_POSTGRES_URL`` the PostgreSQL variant is skipped; ``REQUIRE_POSTGRES=1`` makes
that a failure. A test marked ``SQLITE_ONLY`` has no PostgreSQL variant.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from data_access import open_database
from data_access.engine import get_engine
from data_access.loader import load, sources_from_folder
from data_access.roles import assign_role
from data_access.writers import Writer
from tests.conftest import postgres_schema

DIALECTS = ("sqlite", "postgresql")
SQLITE_ONLY = pytest.mark.parametrize("database", ["sqlite"], indirect=True)
"""For a test whose PostgreSQL variant would show nothing of issue 21's numbered problems that
the module's other tests do not: it runs on SQLite only, to keep the browser tests' time down."""
TESTS = Writer.operator("tests")


@dataclass(frozen=True)
class Grant:
    """A role given before the dashboard starts, as ``assign_role`` takes it."""

    email: str
    role: str
    branch_id: str | None = None
    team_id: str | None = None
    regions: tuple[str, ...] = ()


@contextmanager
def sample_database(
    request: pytest.FixtureRequest, grants: Sequence[Grant] = (), *, empty: bool = False
) -> Iterator[str]:
    """The URL of a new database on the dialect ``request.param`` holding the sample data (or,
    if ``empty``, no data and no schema yet) and ``grants``; removed when the block ends."""
    new_database = postgres_schema() if request.param == "postgresql" else _sqlite_file(request)
    with new_database as url:
        if not empty:
            _fill(request, url)
        if grants:
            db = open_database(url)
            for grant in grants:
                assign_role(
                    db,
                    grant.email,
                    grant.role,
                    branch_id=grant.branch_id,
                    team_id=grant.team_id,
                    regions=grant.regions,
                    writer=TESTS,
                )
        yield url


@contextmanager
def _sqlite_file(request: pytest.FixtureRequest) -> Iterator[str]:
    folder = request.getfixturevalue("tmp_path_factory").mktemp("db")
    url = f"sqlite:///{folder / 'dashboard.sqlite3'}"
    try:
        yield url
    finally:
        get_engine(url).dispose()


def _fill(request: pytest.FixtureRequest, url: str) -> None:
    """The session's sample data into the new database at ``url``."""
    if request.param == "sqlite":
        source = request.getfixturevalue("sample_db_url")
        with sqlite3.connect(_path(source)) as original, sqlite3.connect(_path(url)) as copy:
            original.backup(copy)
        return
    csv_folder = request.getfixturevalue("sample_csv")
    load(open_database(url), sources_from_folder(csv_folder), writer=TESTS)


def _path(sqlite_url: str) -> Path:
    return Path(sqlite_url.removeprefix("sqlite:///"))
