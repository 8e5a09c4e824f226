"""Which database to use, and one engine per URL.

The URL comes from an explicit argument (a command's ``--db``), else the
``DATABASE_URL`` environment variable, else the embedded SQLite default.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "wallet.sqlite3"
DEFAULT_URL = f"sqlite:///{DEFAULT_SQLITE_PATH}"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def resolve_url(explicit: str | None = None) -> str:
    """The database URL in force: ``--db``, then ``DATABASE_URL``, then the embedded default."""
    return explicit or os.environ.get("DATABASE_URL") or DEFAULT_URL


def is_default_url(url: str) -> bool:
    return url == DEFAULT_URL


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets dashboard sessions keep reading the old data while a load writes the new.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _postgres_settings(dbapi_connection, _record) -> None:
    """The dashboard's queries take tens of milliseconds; compiling them first (JIT, on by
    default for costly-looking plans) took about as long again at scale 46."""
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    dbapi_connection.commit()


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    """One pooled engine per URL for the life of the process.

    Each running page holds one connection for its read snapshot, so the pool is sized for
    a few dozen sessions rendering at once in one dashboard process."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False}, pool_size=10, max_overflow=20
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    event.listen(engine, "connect", _postgres_settings)
    return engine
