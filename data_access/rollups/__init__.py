"""Rollups: derived tables (``schema.ROLLUP_TABLES``) kept exactly equal to their definitions,
which the metrics read instead of the base tables.

- ``incremental``: ``refresh``, run by a load inside its own transaction with the dates it
  wrote, recomputes only the rollup rows those dates can change;
- ``from_scratch``: ``rebuild`` computes every rollup (a ``--replace`` load, the migration that
  introduced them), ``fill`` some of them (a migration adding a rollup), ``clear`` empties them;
- ``sqlite_rebuild``: the route ``rebuild`` takes on SQLite, reading the activity per group of
  users;
- ``read``: the queries ``metrics`` builds on (active users over any span, users registered up
  to a day);
- ``common`` and ``sql``: what those share (sets of days, calendar months, the activation
  window; SQL functions compiled per dialect).
"""

from data_access.rollups.common import ACTIVATION_DAYS, DIMENSIONS, NO_MONTH, Days
from data_access.rollups.from_scratch import clear, fill, rebuild
from data_access.rollups.incremental import refresh
from data_access.rollups.read import (
    active_users,
    distinct_active_users,
    registered_by,
    whole_period,
)

__all__ = [
    "ACTIVATION_DAYS",
    "DIMENSIONS",
    "NO_MONTH",
    "Days",
    "active_users",
    "clear",
    "distinct_active_users",
    "fill",
    "rebuild",
    "refresh",
    "registered_by",
    "whole_period",
]
