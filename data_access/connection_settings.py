"""One connection's settings for the length of a block: SQLite pragmas, PostgreSQL settings.

SQLite pragmas last as long as the connection, which the pool hands on, so each is set back
when the block ends, however it ends. PostgreSQL settings are local to the transaction
(``set_config(..., true)``) and set back when the block ends normally; a block that fails
fails its transaction, which takes them with it and would accept no statement to set them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy import Connection, func, select


@contextmanager
def temporarily(conn: Connection, settings: Mapping[str, str | int]) -> Iterator[None]:
    """``settings`` (pragma or setting names, e.g. ``main.cache_size``, ``lock_timeout``) in
    force until the block ends, then the values they had before."""
    if conn.dialect.name == "sqlite":
        before = {name: _pragma(conn, name) for name in settings}
        _set_pragmas(conn, settings)
        try:
            yield
        finally:
            _set_pragmas(conn, before)
    else:
        before = {
            name: conn.execute(select(func.current_setting(name))).scalar_one() for name in settings
        }
        _set_local(conn, settings)
        yield
        _set_local(conn, before)


def _pragma(conn: Connection, name: str) -> int:
    value = conn.exec_driver_sql(f"PRAGMA {name}").scalar()
    if value is None:
        raise ValueError(f"SQLite has no pragma {name!r}")
    return int(value)


def _set_pragmas(conn: Connection, settings: Mapping[str, str | int]) -> None:
    for name, value in settings.items():
        conn.exec_driver_sql(f"PRAGMA {name} = {int(value)}")


def _set_local(conn: Connection, settings: Mapping[str, object]) -> None:
    for name, value in settings.items():
        conn.execute(select(func.set_config(name, str(value), True)))
