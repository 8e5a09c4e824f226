"""Who may see what: viewer roles, assigned by e-mail.

- ``admin``: everything, and may load data and assign roles.
- ``manager``: every branch, or only the branches of the regions named.
- ``staff``: one branch, optionally with their team (preselected on the Targets page).

E-mail addresses are compared case-insensitively: they are stored lower-cased.
Every change is validated against the branches, teams and regions in the
database and written in one transaction, replacing any earlier role.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from data_access import audit
from data_access.database import Database
from data_access.role_names import ADMIN as ADMIN  # re-exported: the role names' usual home
from data_access.role_names import MANAGER, ROLES, STAFF
from data_access.schema import branches, teams, viewer_regions, viewer_roles
from data_access.sessions import ROLE_REMOVED, end_sessions_of
from data_access.write_lock import writing
from data_access.writers import CHANGE_ROLES, Writer, WriteRefused

WRITER_WAIT_SECONDS = 5.0
"""How long a role change waits for a load (SQLite: any writer) before ``DatabaseBusy``."""
MAX_EMAIL_LENGTH = 320
_EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


class RoleError(ValueError):
    """A role assignment that cannot be made; the message says why."""


@dataclass(frozen=True)
class ViewerRole:
    email: str
    role: str
    branch_id: str | None = None
    team_id: str | None = None
    regions: tuple[str, ...] = ()
    """A manager's regions; empty means every branch."""
    granted_by: str = ""
    granted_at: datetime | None = None


def normalise_email(email: str) -> str:
    """The stored form of an address: trimmed and lower-cased; raises RoleError if malformed."""
    cleaned = email.strip().lower()
    if len(cleaned) > MAX_EMAIL_LENGTH or not _EMAIL_SHAPE.fullmatch(cleaned):
        raise RoleError(f"{email!r} is not an e-mail address (expected name@domain.tld)")
    return cleaned


def assign_role(
    db: Database,
    email: str,
    role: str,
    *,
    branch_id: str | None = None,
    team_id: str | None = None,
    regions: Iterable[str] = (),
    writer: Writer,
) -> ViewerRole:
    """Give ``email`` a role, replacing any earlier one, granted by ``writer``. A staff
    member's branch may be given, or implied by their team. Raises RoleError, changing
    nothing, when invalid; ``WriteRefused`` when ``writer`` is no longer an administrator."""
    address = normalise_email(email)
    regions = tuple(sorted(set(regions)))
    granted_by = writer.name
    with (
        audit.refusals_recorded(
            db, granted_by, audit.ROLE_GRANT, (RoleError, WriteRefused), email=address, role=role
        ),
        writing(db, writer, CHANGE_ROLES, wait_seconds=WRITER_WAIT_SECONDS, data=False) as conn,
    ):
        branch_id = _check(conn, role, branch_id or None, team_id or None, regions)
        before = _stored_role(conn, address)
        granted = _replace(conn, address, role, branch_id, team_id or None, regions, granted_by)
        audit.record(
            conn,
            audit.ROLE_GRANT,
            granted_by,
            detail={"email": address, "before": before, "after": _audited(granted)},
        )
    return granted


def _replace(
    conn: Connection,
    address: str,
    role: str,
    branch_id: str | None,
    team_id: str | None,
    regions: tuple[str, ...],
    granted_by: str,
) -> ViewerRole:
    """Replace any role of ``address`` by this one, within the caller's transaction."""
    conn.execute(delete(viewer_regions).where(viewer_regions.c.email == address))
    conn.execute(delete(viewer_roles).where(viewer_roles.c.email == address))
    granted_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    conn.execute(
        insert(viewer_roles).values(
            email=address,
            role=role,
            branch_id=branch_id,
            team_id=team_id or None,
            granted_by=granted_by,
            granted_at=granted_at,
        )
    )
    if regions:
        conn.execute(insert(viewer_regions), [{"email": address, "region": r} for r in regions])
    return ViewerRole(address, role, branch_id, team_id or None, regions, granted_by, granted_at)


def remove_role(db: Database, email: str, *, writer: Writer) -> bool:
    """Take away ``email``'s role and end their open sessions (``data_access.sessions``), and
    record the removal in the audit trail, all in one transaction; False if they had no role
    (nothing is then recorded). ``WriteRefused`` when ``writer`` is no longer an
    administrator (recorded as a refusal)."""
    address = normalise_email(email)
    with (
        audit.refusals_recorded(db, writer.name, audit.ROLE_REMOVAL, WriteRefused, email=address),
        writing(db, writer, CHANGE_ROLES, wait_seconds=WRITER_WAIT_SECONDS, data=False) as conn,
    ):
        before = _stored_role(conn, address)
        conn.execute(delete(viewer_regions).where(viewer_regions.c.email == address))
        removed = conn.execute(delete(viewer_roles).where(viewer_roles.c.email == address))
        end_sessions_of(conn, address, ROLE_REMOVED)
        if before is not None:
            audit.record(
                conn,
                audit.ROLE_REMOVAL,
                writer.name,
                detail={"email": address, "before": before, "after": None},
            )
    return removed.rowcount > 0


def _audited(role: ViewerRole) -> dict[str, Any]:
    """A role as the audit trail shows it before and after a change."""
    return {
        "role": role.role,
        "branch_id": role.branch_id,
        "team_id": role.team_id,
        "regions": list(role.regions),
    }


def _stored_role(conn: Connection, address: str) -> dict[str, Any] | None:
    """The role ``address`` holds now, read on the writer's connection, as ``_audited``."""
    row = conn.execute(select(viewer_roles).where(viewer_roles.c.email == address)).first()
    if row is None:
        return None
    regions = conn.execute(
        select(viewer_regions.c.region)
        .where(viewer_regions.c.email == address)
        .order_by(viewer_regions.c.region)
    ).scalars()
    return _audited(ViewerRole(address, row.role, row.branch_id, row.team_id, tuple(regions)))


def get_role(db: Database, email: str) -> ViewerRole | None:
    """The role of ``email``, or None when it has none or is not an address."""
    try:
        address = normalise_email(email)
    except RoleError:
        return None
    found = _read(db, address)
    return found[0] if found else None


def list_roles(db: Database) -> list[ViewerRole]:
    """Every role, ordered by e-mail."""
    return _read(db, None)


def _read(db: Database, address: str | None) -> list[ViewerRole]:
    r, g = viewer_roles.c, viewer_regions.c
    roles_query = select(viewer_roles).order_by(r.email)
    regions_query = select(g.email, g.region).order_by(g.email, g.region)
    if address is not None:
        roles_query = roles_query.where(r.email == address)
        regions_query = regions_query.where(g.email == address)
    regions_of: dict[str, list[str]] = {}
    for email, region in db.rows(regions_query):
        regions_of.setdefault(email, []).append(region)
    return [
        ViewerRole(
            email=row.email,
            role=row.role,
            branch_id=row.branch_id,
            team_id=row.team_id,
            regions=tuple(regions_of.get(row.email, ())),
            granted_by=row.granted_by,
            granted_at=row.granted_at,
        )
        for row in db.rows(roles_query)
    ]


def _check(
    conn: Connection,
    role: str,
    branch_id: str | None,
    team_id: str | None,
    regions: Sequence[str],
) -> str | None:
    """Validate one assignment; return the staff member's branch (implied by the team)."""
    if role not in ROLES:
        raise RoleError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    if role != STAFF and (branch_id or team_id):
        raise RoleError(f"the {role} role takes no branch or team; only staff do")
    if role != MANAGER and regions:
        raise RoleError(f"the {role} role takes no regions; only managers do")
    if role == MANAGER:
        known = set(conn.execute(select(branches.c.region).distinct()).scalars())
        unknown = [region for region in regions if region not in known]
        if unknown:
            raise RoleError(f"unknown region(s): {', '.join(unknown)}")
    return _staff_branch(conn, branch_id, team_id) if role == STAFF else None


def _staff_branch(conn: Connection, branch_id: str | None, team_id: str | None) -> str:
    if team_id is not None:
        team_branch = conn.execute(
            select(teams.c.branch_id).where(teams.c.team_id == team_id)
        ).scalar()
        if team_branch is None:
            raise RoleError(f"unknown team {team_id!r}")
        if branch_id is not None and branch_id != team_branch:
            raise RoleError(
                f"team {team_id!r} belongs to branch {team_branch!r}, not {branch_id!r}"
            )
        return team_branch
    if branch_id is None:
        raise RoleError("a staff member needs a branch (or a team, which implies it)")
    if conn.execute(select(branches.c.branch_id).where(branches.c.branch_id == branch_id)).first():
        return branch_id
    raise RoleError(f"unknown branch {branch_id!r}")
