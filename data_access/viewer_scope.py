"""The rows a signed-in person may see, worked out from their role.

- staff: their branch; market data of their branch's region.
- manager with regions: the branches of those regions, and those regions.
- manager without regions, admin: everything.
- no role (``roles.get_role`` finds none): nothing at all; the app shows no data.

A regional manager's branches are read at resolution time, so a branch added
to their region by a later load is in their scope from the next page view.
"""

from __future__ import annotations

from sqlalchemy import select

from data_access.database import Database
from data_access.filters import Scope
from data_access.roles import ADMIN, MANAGER, STAFF, ViewerRole
from data_access.schema import branches

NOTHING = Scope(branches=frozenset(), regions=frozenset())
"""The scope of a role this program does not know (written by a newer release): no rows."""


def scope_for_role(db: Database, role: ViewerRole) -> Scope:
    b = branches.c
    if role.role == STAFF:
        region = db.scalar(select(b.region).where(b.branch_id == role.branch_id))
        return Scope(
            branches=frozenset({role.branch_id}) if role.branch_id else frozenset(),
            regions=frozenset({region}) if region is not None else frozenset(),
        )
    if role.role == MANAGER and role.regions:
        in_regions = select(b.branch_id).where(b.region.in_(role.regions))
        return Scope(
            branches=frozenset(row.branch_id for row in db.rows(in_regions)),
            regions=frozenset(role.regions),
        )
    if role.role in (ADMIN, MANAGER):
        return Scope.everything()
    return NOTHING
