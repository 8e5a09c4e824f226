"""Who may write what, checked at the moment of writing.

A page is drawn for the viewer admitted when it ran, but its buttons' callbacks run on a
later interaction, before the app admits anyone again: the role the page was drawn for may
have been removed or changed since. So every write names its ``Writer`` and the
``Permission`` it needs, and ``write_lock.writing`` calls ``admit`` once it holds the write
turn, inside the transaction that then writes: the writer's role is read from the roles
store there and then, and a writer it no longer allows gets ``WriteRefused`` before anything
is written.

- changing roles (grants and removals) and loading data need an administrator;
- editing targets needs an administrator or a manager, and a regional manager only for teams
  of branches in the regions they hold now.

Two writers are trusted without a role: demo mode (nobody signs in; the app serves this
computer only) and the command line (an operator holding the database credentials). They
are recorded by name ("demo (local)", "cli", "sample data"), as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Connection, select

from data_access.role_names import ADMIN, MANAGER
from data_access.schema import branches, teams, viewer_regions, viewer_roles


@dataclass(frozen=True)
class Writer:
    """Who is writing: recorded as ``granted_by`` / ``changed_by`` / ``loaded_by``."""

    name: str
    """A signed-in person's e-mail address (lower-cased), or a trusted writer's name."""
    trusted: bool = False
    """Demo mode or the command line: no role is checked."""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a writer must be named")

    @classmethod
    def person(cls, email: str) -> Writer:
        """Someone signed in, whose role is checked at every write."""
        return cls(email.strip().lower())

    @classmethod
    def operator(cls, name: str) -> Writer:
        """Demo mode or a command: trusted, recorded as ``name``."""
        return cls(name, trusted=True)


COMMAND_LINE = Writer.operator("cli")
"""``python -m data_access ...``: whoever holds the database credentials."""


class Action(StrEnum):
    CHANGE_ROLES = "change roles"
    LOAD_DATA = "load data"
    EDIT_TARGETS = "edit targets"


_ALLOWED = {
    Action.CHANGE_ROLES: frozenset({ADMIN}),
    Action.LOAD_DATA: frozenset({ADMIN}),
    Action.EDIT_TARGETS: frozenset({ADMIN, MANAGER}),
}


@dataclass(frozen=True)
class Permission:
    """What a write needs: the action, and for target edits the teams it writes."""

    action: Action
    teams: frozenset[str] = frozenset()


CHANGE_ROLES = Permission(Action.CHANGE_ROLES)
LOAD_DATA = Permission(Action.LOAD_DATA)


def edit_targets(team_ids: Iterable[str]) -> Permission:
    """Setting targets of ``team_ids`` (ids that name no team are left to the edit's checks)."""
    return Permission(Action.EDIT_TARGETS, frozenset(team_ids))


class Reason(StrEnum):
    NO_ROLE = "no_role"
    ROLE = "role"
    REGIONS = "regions"


class WriteRefused(PermissionError):
    """The writer's current role does not allow this write; nothing was written.

    ``role`` is the role they hold now (``None``: none); for ``Reason.REGIONS``, ``teams``
    are the teams outside ``regions``, the regions they hold now.
    """

    def __init__(
        self,
        writer: Writer,
        permission: Permission,
        reason: Reason,
        *,
        role: str | None = None,
        teams: tuple[str, ...] = (),
        regions: tuple[str, ...] = (),
    ) -> None:
        self.writer = writer
        self.action = permission.action
        self.reason = reason
        self.role = role
        self.teams = teams
        self.regions = regions
        why = {
            Reason.NO_ROLE: "they have no role",
            Reason.ROLE: f"their role is {role}",
            Reason.REGIONS: f"teams {', '.join(teams)} are outside their regions "
            f"({', '.join(regions)})",
        }[reason]
        super().__init__(f"{writer.name} may not {self.action.value}: {why}; nothing was written")


def admit(conn: Connection, writer: Writer, permission: Permission) -> None:
    """Raise ``WriteRefused`` unless ``writer``'s role, read now on ``conn``, allows the write."""
    if writer.trusted:
        return
    r = viewer_roles.c
    # FOR SHARE on PostgreSQL: a removal or change of this role waits until this write has
    # committed, so the write cannot slip in after it (SQLite: the write turn excludes it;
    # PostgreSQL role writers take turns, so two never wait for each other's row).
    role = conn.execute(
        select(r.role).where(r.email == writer.name).with_for_update(read=True)
    ).scalar()
    if role is None:
        raise WriteRefused(writer, permission, Reason.NO_ROLE)
    if role not in _ALLOWED[permission.action]:
        raise WriteRefused(writer, permission, Reason.ROLE, role=role)
    if role == MANAGER and permission.teams:
        _require_own_regions(conn, writer, permission)


def _require_own_regions(conn: Connection, writer: Writer, permission: Permission) -> None:
    """A regional manager writes only teams of branches in the regions they hold now."""
    g = viewer_regions.c
    regions = tuple(sorted(conn.execute(select(g.region).where(g.email == writer.name)).scalars()))
    if not regions:
        return  # a manager of every branch
    outside = conn.execute(
        select(teams.c.team_id)
        .join(branches, teams.c.branch_id == branches.c.branch_id)
        .where(teams.c.team_id.in_(sorted(permission.teams)), branches.c.region.not_in(regions))
        .order_by(teams.c.team_id)
    ).scalars()
    found = tuple(outside)
    if found:
        raise WriteRefused(
            writer, permission, Reason.REGIONS, role=MANAGER, teams=found, regions=regions
        )
