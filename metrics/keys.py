"""What a metric can be grouped by: ``Key`` objects.

``Dimension`` (a user attribute) and ``Team`` are here, ``TimeBuckets`` in ``metrics.series``.
Keys are small frozen values, so they can be part of a cache key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Protocol

from sqlalchemy import ColumnElement, FromClause

from data_access.schema import branches


class Key(Protocol):
    """One grouping column of a breakdown."""

    @property
    def name(self) -> str:
        """The output column."""

    @property
    def joins_branches(self) -> bool:
        """Whether the column needs the branches table joined to the users."""

    @property
    def is_time(self) -> bool:
        """Whether the groups are time buckets (``days_in`` then gives their length)."""

    def column(self, event_date: ColumnElement[Any], users: FromClause) -> ColumnElement[Any]:
        """The SQL expression grouped by, given the date column of the counted event and the
        table holding the user attributes (``wallet_users`` or a rollup); ``decode`` maps its
        values to groups."""

    def decode(self, raw: Any) -> Any:
        """The group (its Python value) of one database value of ``column``."""

    def levels(self) -> Sequence[Any] | None:
        """Every group that must appear (zero-filled), or ``None`` for those found."""

    def days_in(self, value: Any) -> int | None:
        """The number of days a group covers, when the key is a time bucket."""

    def span(self, value: Any) -> tuple[date, date] | None:
        """The first and last day of the period a time bucket covers, else ``None``."""


DimensionName = Literal["segment", "channel", "branch_id", "region"]


@dataclass(frozen=True)
class Dimension:
    """A user attribute: the user's segment, channel, branch or branch's region.

    ``values``, when given, are the groups listed (zero-filled when nothing has them), in that
    order; otherwise the groups found, sorted.
    """

    name: DimensionName
    values: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.name not in ("segment", "channel", "branch_id", "region"):
            raise ValueError(f"unknown dimension {self.name!r}")

    @property
    def joins_branches(self) -> bool:
        return self.name == "region"

    @property
    def is_time(self) -> bool:
        return False

    def column(self, event_date: ColumnElement[Any], users: FromClause) -> ColumnElement[Any]:
        return branches.c.region if self.name == "region" else users.c[self.name]

    def decode(self, raw: Any) -> Any:
        return raw

    def levels(self) -> tuple[str, ...] | None:
        return self.values

    def days_in(self, value: Any) -> None:
        return None

    def span(self, value: Any) -> None:
        return None


@dataclass(frozen=True)
class Team:
    """A team of staff: the users whose ``staff_id`` belongs to it. Only the staff rollup
    groups by team (``metrics.sources.STAFF_DAYS``); ``teams`` are the groups listed."""

    teams: tuple[str, ...]

    name = "team_id"
    joins_branches = False
    is_time = False

    def column(self, event_date: ColumnElement[Any], users: FromClause) -> ColumnElement[Any]:
        raise TypeError("teams are grouped by the staff rollup only")

    def decode(self, raw: Any) -> Any:
        return raw

    def levels(self) -> tuple[str, ...]:
        return self.teams

    def days_in(self, value: Any) -> None:
        return None

    def span(self, value: Any) -> None:
        return None
