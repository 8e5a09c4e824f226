"""``python -m data_access users add | remove | list``: who may see what, from a terminal.

    users add EMAIL --role admin|manager|staff [--branch ID] [--team ID] [--region R]... [--db URL]
    users remove EMAIL [--db URL]
    users list [--db URL]

This is how the first administrator is named; later ones can be named in the
app. Exit status 0 on success, 1 when the change is refused (the message says
why, nothing is written) or the e-mail had no role to remove, 2 for bad
arguments.
"""

from __future__ import annotations

import argparse
import sys

from data_access.cli_database import REFUSED, open_for_command
from data_access.roles import (
    MANAGER,
    ROLES,
    STAFF,
    RoleError,
    ViewerRole,
    assign_role,
    list_roles,
    remove_role,
)
from data_access.write_lock import DatabaseBusy
from data_access.writers import COMMAND_LINE

PROG = "python -m data_access users"


def add_users_command(subcommands: argparse._SubParsersAction) -> None:
    """Add ``users`` and its actions to a command line's subcommands."""
    users = subcommands.add_parser("users", help="assign, remove and list viewer roles")
    actions = users.add_subparsers(dest="users_action", required=True, metavar="add|remove|list")

    add = actions.add_parser("add", help="give an e-mail address a role (replaces any earlier)")
    add.add_argument("email")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--branch", help="staff: their branch id")
    add.add_argument("--team", help="staff: their team id (implies the branch)")
    add.add_argument(
        "--region",
        action="append",
        default=[],
        help="manager: a region they may see (repeatable; none = all branches)",
    )

    remove = actions.add_parser("remove", help="take an e-mail address's role away")
    remove.add_argument("email")

    actions.add_parser("list", help="every role, by e-mail")

    for action in (add, remove, actions.choices["list"]):
        action.add_argument("--db", metavar="URL", help="database URL (default: DATABASE_URL)")
    users.set_defaults(run=run_users)


def run_users(args: argparse.Namespace) -> int:
    db = open_for_command(args.db, f"{PROG} {args.users_action}")
    if isinstance(db, int):
        return db
    if args.users_action == "list":
        for role in list_roles(db):
            print(describe(role))
        return 0
    try:
        if args.users_action == "add":
            role = assign_role(
                db,
                args.email,
                args.role,
                branch_id=args.branch,
                team_id=args.team,
                regions=args.region,
                writer=COMMAND_LINE,
            )
            print(f"added {describe(role)}")
            return 0
        if remove_role(db, args.email, writer=COMMAND_LINE):
            print(f"removed {args.email.strip().lower()}")
            return 0
        print(f"{PROG} remove: {args.email!r} has no role", file=sys.stderr)
    except (RoleError, DatabaseBusy) as exc:
        print(f"{PROG} {args.users_action}: {exc}", file=sys.stderr)
    return REFUSED


def describe(role: ViewerRole) -> str:
    """One line: e-mail, role and what it covers (tab-separated)."""
    if role.role == STAFF:
        covers = f"branch {role.branch_id}" + (f", team {role.team_id}" if role.team_id else "")
    elif role.role == MANAGER and role.regions:
        covers = "regions " + ", ".join(role.regions)
    else:
        covers = "all branches"
    granted = role.granted_at.isoformat(sep=" ") if role.granted_at else ""
    return "\t".join((role.email, role.role, covers, f"by {role.granted_by} {granted}".strip()))
