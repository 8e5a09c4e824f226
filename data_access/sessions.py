"""Server-side sign-in sessions: a session ends, for every copy of its cookie, when it should.

Streamlit's identity cookie stays valid for 30 days, and signing out only deletes it in
the browser that signed out. The dashboard therefore keeps one row per identity cookie in
``viewer_sessions``, keyed by the SHA-256 of the cookie's value (the cookie itself is never
stored), and refuses a cookie whose session has ended:

- ``signed_out``: its holder signed out (every tab and every copy of the cookie);
- ``expired``: the session lifetime has passed since it started;
- ``idle``: no run for longer than the idle timeout;
- ``role_removed``: the person's role was taken away (``roles.remove_role``).

Each end is recorded in the audit trail (``audit.SESSION_END``: whose, why, how many
sessions) in the transaction that records it.

Last-seen is written at most once per ``SessionRules.touch_every`` (a minute by default),
as one of the dashboard's own records (``write_lock.recording``: no writer to admit, and on
PostgreSQL no turn to wait for).

A row is deleted once no cookie could bring it back (``FORGET_AFTER``), when a new session
starts: forgetting the row of a cookie Streamlit still accepts would let that cookie start a
new session.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, Select, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from data_access import audit
from data_access.database import Database
from data_access.schema import viewer_sessions
from data_access.write_lock import DatabaseBusy, recording

SIGNED_OUT = "signed_out"
EXPIRED = "expired"
IDLE = "idle"
ROLE_REMOVED = "role_removed"
END_REASONS = (SIGNED_OUT, EXPIRED, IDLE, ROLE_REMOVED)

TOUCH_EVERY = timedelta(minutes=1)
FORGET_AFTER = timedelta(days=32)
"""How long after its start a session's row is kept: Streamlit 1.67 accepts an identity cookie
for 31 days after sign-in (its 30-day cookie plus a day's grace, ``decode_signed_value``), and
a session starts at the first run after sign-in, so by then its cookie is refused anyway."""
WRITER_WAIT_SECONDS = 5.0
"""How long starting or ending a session waits for its turn (SQLite: behind a load)."""
TOUCH_WAIT_SECONDS = 0.5
"""Last-seen is best effort: a run does not wait long for it."""

_LOG = logging.getLogger(__name__)


class SessionSettingError(ValueError):
    """A session setting that is not a positive number; the message names it."""


@dataclass(frozen=True)
class SessionRules:
    lifetime: timedelta = timedelta(hours=8)
    idle: timedelta = timedelta(minutes=30)

    @property
    def touch_every(self) -> timedelta:
        """How stale last-seen may get: a minute, or a quarter of a shorter idle timeout."""
        return min(TOUCH_EVERY, self.idle / 4)


def rules_from(settings: Mapping[str, object], env: Mapping[str, str]) -> SessionRules:
    """The rules from ``[dashboard]`` settings (``session_hours``, ``idle_minutes``), each
    overridden by its environment variable (``DASHBOARD_SESSION_HOURS``,
    ``DASHBOARD_IDLE_MINUTES``). Raises SessionSettingError for a value that is not a
    positive number, rather than guessing."""
    default = SessionRules()
    hours = _setting(settings, env, "session_hours", "DASHBOARD_SESSION_HOURS")
    minutes = _setting(settings, env, "idle_minutes", "DASHBOARD_IDLE_MINUTES")
    return SessionRules(
        lifetime=default.lifetime if hours is None else timedelta(hours=hours),
        idle=default.idle if minutes is None else timedelta(minutes=minutes),
    )


def configured_rules(settings: Mapping[str, object]) -> SessionRules:
    """``rules_from`` with this process's environment."""
    return rules_from(settings, os.environ)


def _setting(
    settings: Mapping[str, object], env: Mapping[str, str], name: str, variable: str
) -> float | None:
    raw = env.get(variable) or settings.get(name)
    if raw is None:
        return None
    where = variable if env.get(variable) else f"[dashboard] {name}"
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise SessionSettingError(f"{where} must be a positive number, not {raw!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise SessionSettingError(f"{where} must be a positive number, not {raw!r}")
    return value


def session_key(cookie_value: str) -> str:
    """The key a cookie's session is stored under: the SHA-256 of its value, in hex."""
    return hashlib.sha256(cookie_value.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def check_session(
    db: Database, key: str, email: str, rules: SessionRules, now: datetime | None = None
) -> str | None:
    """``None`` if the session ``key`` may go on (starting it on its first run), else why it
    has ended, recording the end when it happens now."""
    now = now or _now()
    row = _read(db, key)
    if row is None:
        _start(db, key, email, now)
        return None
    if row.ended_at is not None:
        return str(row.end_reason)
    ending = (
        EXPIRED
        if now - row.started_at >= rules.lifetime
        else IDLE
        if now - row.last_seen_at >= rules.idle
        else None
    )
    if ending is not None:
        try:
            end_session(db, key, email, ending, now)
        except DatabaseBusy:
            # Refused all the same: the rule that ended it still holds at every later run.
            _LOG.warning("session end not recorded yet: the database was busy")
        return ending
    if now - row.last_seen_at >= rules.touch_every:
        _touch(db, key, now)
    return None


def end_session(
    db: Database, key: str, email: str, reason: str, now: datetime | None = None
) -> None:
    """End the session ``key`` (recording it ended if it was never started), keeping the first
    reason if it had already ended."""
    now = now or _now()
    with recording(db, wait_seconds=WRITER_WAIT_SECONDS) as conn:
        ended = conn.execute(
            update(viewer_sessions)
            .where(viewer_sessions.c.session_key == key, viewer_sessions.c.ended_at.is_(None))
            .values(ended_at=now, end_reason=reason)
        ).rowcount
        if ended == 0 and conn.execute(_select(key)).first() is None:
            conn.execute(
                insert(viewer_sessions).values(
                    _new_row(key, email, now) | {"ended_at": now, "end_reason": reason}
                )
            )
            ended = 1
        _audit_ended(conn, email, reason, ended)


def end_sessions_of(conn: Connection, email: str, reason: str, now: datetime | None = None) -> int:
    """End every open session of ``email`` in the writer transaction ``conn``; how many."""
    ended = conn.execute(
        update(viewer_sessions)
        .where(viewer_sessions.c.email == _address(email), viewer_sessions.c.ended_at.is_(None))
        .values(ended_at=now or _now(), end_reason=reason)
    ).rowcount
    _audit_ended(conn, email, reason, ended)
    return ended


def _audit_ended(conn: Connection, email: str, reason: str, sessions: int) -> None:
    """The audit trail's event for ``sessions`` sessions of ``email`` ended now (none: no
    event), in the transaction that ended them; it names no cookie or session key."""
    if sessions:
        detail = {"reason": reason, "sessions": sessions}
        audit.record(conn, audit.SESSION_END, _address(email), detail=detail)


def _address(email: str) -> str:
    """Stored like roles' addresses (trimmed, lower-cased), so that a removal finds them."""
    return email.strip().lower()


def _new_row(key: str, email: str, now: datetime) -> dict[str, object]:
    return {"session_key": key, "email": _address(email), "started_at": now, "last_seen_at": now}


def _select(key: str) -> Select[*tuple[Any, ...]]:
    return select(viewer_sessions).where(viewer_sessions.c.session_key == key)


def _read(db: Database, key: str) -> Row[*tuple[Any, ...]] | None:
    rows = db.rows(_select(key))
    return rows[0] if rows else None


def _start(db: Database, key: str, email: str, now: datetime) -> None:
    """Record a new session, forgetting those no cookie can bring back. If the database is busy
    (SQLite, behind a load), the run goes on and the next run records it; if another tab
    recorded it first, that row stands."""
    try:
        with recording(db, wait_seconds=WRITER_WAIT_SECONDS) as conn:
            conn.execute(insert(viewer_sessions).values(_new_row(key, email, now)))
            conn.execute(
                delete(viewer_sessions).where(viewer_sessions.c.started_at < now - FORGET_AFTER)
            )
    except IntegrityError:
        pass
    except DatabaseBusy:
        _LOG.warning("session not recorded yet: the database was busy; next run records it")


def _touch(db: Database, key: str, now: datetime) -> None:
    try:
        with recording(db, wait_seconds=TOUCH_WAIT_SECONDS) as conn:
            conn.execute(
                update(viewer_sessions)
                .where(viewer_sessions.c.session_key == key, viewer_sessions.c.ended_at.is_(None))
                .values(last_seen_at=now)
            )
    except DatabaseBusy:
        _LOG.info("last seen not written: the database was busy")
