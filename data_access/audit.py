"""The audit trail: who saw and changed what, when.

Each event is one row of ``audit_events``: when (UTC), who (an e-mail address, the demo
actor or ``cli``), what kind, the page (when there is one) and a JSON detail. Writes record
their event with ``record`` on the writer's own connection, inside the transaction of the
change, so a rolled-back write leaves no event and a committed one always has its event.
Reads (sign-ins, refusals, page views, downloads, exports) record theirs with ``record_now``
in a short transaction of their own. The application only inserts; ``purge`` (retention) is
the only deletion, and it records itself.

A detail never holds a key that names a secret (``_SECRET_WORDS``): such keys are dropped
whatever the caller passes, so a cookie or token cannot reach the trail by mistake.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from data_access.database import Database
from data_access.schema import AUDIT_ACTOR, AUDIT_PAGE, audit_events
from data_access.write_lock import DatabaseBusy, recording

SIGN_IN = "sign_in"
SESSION_END = "session_end"
REFUSAL = "refusal"
PAGE_VIEW = "page_view"
DOWNLOAD = "download"
EXPORT = "export"
ROLE_GRANT = "role_grant"
ROLE_REMOVAL = "role_removal"
TARGET_EDIT = "target_edit"
DATA_LOAD = "data_load"
AUDIT_PURGE = "audit_purge"
KINDS = (
    SIGN_IN,
    SESSION_END,
    REFUSAL,
    PAGE_VIEW,
    DOWNLOAD,
    EXPORT,
    ROLE_GRANT,
    ROLE_REMOVAL,
    TARGET_EDIT,
    DATA_LOAD,
    AUDIT_PURGE,
)

RECORD_WAIT_SECONDS = 1.0
"""How long a read's event waits for SQLite's write lock (held by a load) before giving up:
a page must not hang on its audit insert; the caller logs the miss."""
PURGE_WAIT_SECONDS = 30.0
REASON_LENGTH = 2000
"""A refused write's reason is kept to this many characters (an edit can have many problems)."""
_LOG = logging.getLogger("dashboard.audit")
_SECRET_WORDS = ("cookie", "token", "secret", "password", "authorization")


@dataclass(frozen=True)
class AuditEvent:
    at: datetime
    """UTC."""
    actor: str
    kind: str
    page: str | None
    detail: dict[str, Any]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _without_secrets(value: Any) -> Any:
    """``value`` with every mapping key that names a secret dropped, at any depth."""
    if isinstance(value, Mapping):
        return {
            str(key): _without_secrets(item)
            for key, item in value.items()
            if not any(word in str(key).lower() for word in _SECRET_WORDS)
        }
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return [_without_secrets(item) for item in items]
    return value


def record(
    conn: Connection,
    kind: str,
    actor: str,
    *,
    page: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> None:
    """Insert one event on ``conn``, in the caller's transaction."""
    if kind not in KINDS:
        raise ValueError(f"unknown audit event kind {kind!r}")
    conn.execute(
        insert(audit_events).values(
            at=_now(),
            actor=actor[: AUDIT_ACTOR.length],
            kind=kind,
            page=None if page is None else page[: AUDIT_PAGE.length],
            detail_json=json.dumps(
                _without_secrets(detail or {}), ensure_ascii=False, sort_keys=True, default=str
            ),
        )
    )


def record_now(
    db: Database,
    kind: str,
    actor: str,
    *,
    page: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> None:
    """Insert one event in a transaction of its own. Raises ``DatabaseBusy`` when SQLite's
    write lock stays taken for ``RECORD_WAIT_SECONDS``, or the database's error."""
    with recording(db, wait_seconds=RECORD_WAIT_SECONDS) as conn:
        record(conn, kind, actor, page=page, detail=detail)


@contextmanager
def refusals_recorded(
    db: Database,
    actor: str,
    write: str,
    refused: type[Exception] | tuple[type[Exception], ...],
    **attempted: Any,
) -> Iterator[None]:
    """Around a write's transaction: when ``refused`` is raised (the write then rolled back:
    invalid, or ``writers.WriteRefused`` because the writer's role no longer allows it),
    record the refusal, with what was attempted and the reason, in a transaction of its own,
    and let the exception go on."""
    try:
        yield
    except refused as error:
        detail = {"write": write, **attempted, "reason": str(error)[:REASON_LENGTH]}
        try:
            record_now(db, REFUSAL, actor, detail=detail)
        except DatabaseBusy:  # the refusal itself must still reach the writer
            _LOG.warning("a refused %s was not recorded: the database was busy", write)
        raise


def events(
    db: Database,
    *,
    actor: str | None = None,
    since: datetime | None = None,
    before: datetime | None = None,
    limit: int | None = None,
) -> list[AuditEvent]:
    """Events of ``actor`` (everyone's when None) from ``since`` (inclusive) to ``before``
    (exclusive), oldest first; the newest ``limit`` of them when a limit is given."""
    e = audit_events.c
    statement = select(e.at, e.actor, e.kind, e.page, e.detail_json, e.event_id)
    if actor is not None:
        statement = statement.where(e.actor == actor)
    if since is not None:
        statement = statement.where(e.at >= since)
    if before is not None:
        statement = statement.where(e.at < before)
    statement = statement.order_by(e.at.desc(), e.event_id.desc())
    if limit is not None:
        statement = statement.limit(limit)
    found = [
        AuditEvent(row.at, row.actor, row.kind, row.page, json.loads(row.detail_json))
        for row in db.rows(statement)
    ]
    return found[::-1]


def actors(db: Database) -> list[str]:
    """Everyone the trail names, sorted."""
    statement = select(audit_events.c.actor).distinct().order_by(audit_events.c.actor)
    return [row.actor for row in db.rows(statement)]


def purge(db: Database, *, retention_days: int, actor: str) -> int:
    """Delete the events older than ``retention_days`` days; record the purge (in the same
    transaction) and return how many were deleted."""
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    cutoff = _now() - timedelta(days=retention_days)
    with recording(db, wait_seconds=PURGE_WAIT_SECONDS) as conn:
        deleted = conn.execute(delete(audit_events).where(audit_events.c.at < cutoff)).rowcount
        record(
            conn,
            AUDIT_PURGE,
            actor,
            detail={
                "retention_days": retention_days,
                "cutoff": cutoff.isoformat(sep=" ", timespec="seconds"),
                "deleted": deleted,
            },
        )
    return deleted
