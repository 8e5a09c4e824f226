"""Shared fixtures: a fresh database on SQLite and, when reachable, on PostgreSQL.

PostgreSQL tests use the server named by ``TEST_POSTGRES_URL``; each test gets
its own schema (through ``search_path`` in the URL), so tests and parallel
runs never see each other's rows. With ``REQUIRE_POSTGRES=1`` (set by CI) a
missing server fails the run instead of skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from data_access import Database, open_database
from data_access.engine import get_engine

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
SKIP_REASON = "TEST_POSTGRES_URL is not set: PostgreSQL variant skipped"


@contextmanager
def postgres_schema() -> Iterator[str]:
    """The URL of a new, empty schema on ``TEST_POSTGRES_URL``'s server, dropped when the block
    ends; skips (fails with ``REQUIRE_POSTGRES=1``) when no server is named."""
    if not POSTGRES_URL:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("REQUIRE_POSTGRES=1 but TEST_POSTGRES_URL is not set")
        pytest.skip(SKIP_REASON)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    try:
        yield url
    finally:
        get_engine(url).dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """The URL of a new, empty database (no schema yet) on each dialect."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
        yield url
        get_engine(url).dispose()
    else:
        with postgres_schema() as url:
            yield url


@pytest.fixture
def db(db_url: str) -> Database:
    """An empty database with the schema in place."""
    return open_database(db_url)
