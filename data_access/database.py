"""The one object through which everything above reads the database.

A ``Database`` carries the engine and the viewer's ``Scope``. Metric code asks
it for the conditions that select the users (or market regions) a viewer
asked for and may see, so scoping is applied in one place for every query.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, Engine, Executable, Row, false, select, true

from data_access.engine import get_engine, resolve_url
from data_access.filters import Filters, Scope
from data_access.migrations import ensure_schema
from data_access.schema import branches, data_version, wallet_users

T = TypeVar("T")


@dataclass(frozen=True)
class _Snapshot:
    connection: Connection
    memo: dict[Hashable, Any] = field(default_factory=dict)


_PINNED: ContextVar[Mapping[str, _Snapshot] | None] = ContextVar("pinned", default=None)
"""Per thread of execution (one Streamlit script run), each database URL's open snapshot."""


@dataclass(frozen=True)
class Database:
    url: str
    scope: Scope = field(default_factory=Scope.everything)

    @property
    def engine(self) -> Engine:
        return get_engine(self.url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def with_scope(self, scope: Scope) -> Database:
        return replace(self, scope=scope)

    def rows(self, statement: Executable) -> Sequence[Row[*tuple[Any, ...]]]:
        with self._connection() as conn:
            return conn.execute(statement).all()

    def scalar(self, statement: Executable) -> Any:
        with self._connection() as conn:
            return conn.execute(statement).scalar()

    @contextmanager
    def snapshot(self) -> Iterator[int]:
        """Read one consistent state of the database until the block ends; yields its data
        version.

        Every ``rows``/``scalar`` of this database (any scope) in the block, in this thread,
        goes through one read transaction, so a load committing meanwhile is not seen, even in
        part: SQLite (WAL) keeps the transaction's snapshot, PostgreSQL runs it REPEATABLE
        READ. Nested blocks share the outer one's snapshot.
        """
        pinned = _PINNED.get() or {}
        if self.url in pinned:
            yield self.data_version()
            return
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                conn.exec_driver_sql("BEGIN")  # pysqlite would not begin before a SELECT
            else:
                conn.execution_options(isolation_level="REPEATABLE READ")
            token = _PINNED.set({**pinned, self.url: _Snapshot(conn)})
            try:
                yield self.data_version()  # the first read fixes the snapshot
            finally:
                _PINNED.reset(token)
                conn.rollback()

    def within_snapshot(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, computed once per open snapshot for ``key`` (the data cannot change
        inside one); computed every time outside a snapshot."""
        pinned = (_PINNED.get() or {}).get(self.url)
        if pinned is None:
            return compute()
        if key not in pinned.memo:
            pinned.memo[key] = compute()
        return pinned.memo[key]

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        pinned = (_PINNED.get() or {}).get(self.url)
        if pinned is not None:
            yield pinned.connection
            return
        with self.engine.connect() as conn:
            yield conn

    def is_empty(self) -> bool:
        """True when no branch has been loaded yet (every other table hangs off branches)."""
        return self.scalar(select(branches.c.branch_id).limit(1)) is None

    def data_version(self) -> int:
        """A number that changes with every load: part of every cache key."""
        return self.scalar(select(data_version.c.version).where(data_version.c.id == 1)) or 0

    def user_condition(self, filters: Filters, users=wallet_users) -> ColumnElement[bool]:
        """Selects the rows of ``users`` (``wallet_users`` or an alias of it) in F and in scope."""
        u = users.c
        conditions: list[ColumnElement[bool]] = []
        if filters.branches:
            conditions.append(u.branch_id.in_(filters.branches))
        if filters.regions:
            conditions.append(
                u.branch_id.in_(
                    select(branches.c.branch_id).where(branches.c.region.in_(filters.regions))
                )
            )
        if filters.segments:
            conditions.append(u.segment.in_(filters.segments))
        if filters.channels:
            conditions.append(u.channel.in_(filters.channels))
        if self.scope.branches is not None:
            conditions.append(
                u.branch_id.in_(sorted(self.scope.branches)) if self.scope.branches else false()
            )
        return _all(conditions)

    def market_region_condition(self, filters: Filters, region_column) -> ColumnElement[bool]:
        """Market data follows regions: those named, those of the branches named, or both."""
        conditions: list[ColumnElement[bool]] = []
        if filters.regions:
            conditions.append(region_column.in_(filters.regions))
        if filters.branches:
            conditions.append(
                region_column.in_(
                    select(branches.c.region).where(branches.c.branch_id.in_(filters.branches))
                )
            )
        if self.scope.regions is not None:
            conditions.append(
                region_column.in_(sorted(self.scope.regions)) if self.scope.regions else false()
            )
        return _all(conditions)


def _all(conditions: list[ColumnElement[bool]]) -> ColumnElement[bool]:
    if not conditions:
        return true()
    combined = conditions[0]
    for condition in conditions[1:]:
        combined = combined & condition
    return combined


def open_database(url: str | None = None, scope: Scope | None = None) -> Database:
    """The database in force (``--db``, ``DATABASE_URL`` or the default), schema ensured."""
    database = Database(resolve_url(url), scope or Scope.everything())
    ensure_schema(database.engine)
    return database
