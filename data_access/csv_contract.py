"""The data contract's CSV files, declared as data.

One ``FileSpec`` per file of the data contract: its table, its columns in the
contract's order (how a cell is read and checked, whether it may be missing,
which other table's key it names), its key, and the rules tying cells
together. The loader interprets these declarations; nothing about a
particular file is written anywhere else. Text limits follow the schema's
column sizes and integer limits the column types, so every value that passes
here fits the database on every dialect.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Table

from data_access import schema

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
ID_LENGTH = schema.ID.length
LABEL_LENGTH = schema.LABEL.length
FREE_LABEL_LENGTH = 40
TARGET_METRICS = ("new_users", "active_users", "transactions")

_WHOLE = re.compile(r"-?[0-9]+")
_AMOUNT = re.compile(r"(-?)([0-9]+)(?:\.([0-9]+))?")
_AMOUNTS = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?(?:,[0-9]+(?:\.[0-9]{1,2})?)*")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


class CellError(ValueError):
    """A cell's text is not a valid value; ``str()`` says why."""


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()
"""Stands for a cell that failed to parse, so rules skip it instead of reporting it twice."""


def _usable(value: Any) -> bool:
    return value is not None and value is not INVALID


@dataclass(frozen=True)
class Text:
    """Text taken as written (never trimmed), at most ``max_length`` characters when set."""

    max_length: int | None = None

    def __call__(self, raw: str) -> str:
        if self.max_length is not None and len(raw) > self.max_length:
            raise CellError(f"is {len(raw)} characters long; at most {self.max_length} allowed")
        return raw

    def many(self, raws: Sequence[str]) -> list[str] | None:
        """Every one of ``raws`` (none empty) as parsed; None when one is not valid."""
        if self.max_length is not None and max(map(len, raws)) > self.max_length:
            return None
        return list(raws)


@dataclass(frozen=True)
class Whole:
    """A whole number written in plain digits, in ``[minimum, maximum]``."""

    minimum: int
    maximum: int

    def __call__(self, raw: str) -> int:
        if not _WHOLE.fullmatch(raw):
            raise CellError(f"{raw!r} is not a whole number")
        value = int(raw)
        if value < self.minimum:
            raise CellError(f"{value} is below the minimum {self.minimum}")
        if value > self.maximum:
            raise CellError(f"{value} is above the maximum {self.maximum}")
        return value


@dataclass(frozen=True)
class Flag:
    """``0`` or ``1``."""

    def __call__(self, raw: str) -> int:
        if raw not in ("0", "1"):
            raise CellError(f"{raw!r} is not 0 or 1")
        return int(raw)


@dataclass(frozen=True)
class Choice:
    values: tuple[str, ...]

    def __call__(self, raw: str) -> str:
        if raw not in self.values:
            raise CellError(f"{raw!r} is not one of {', '.join(self.values)}")
        return raw


@dataclass(frozen=True)
class Cents:
    """A money amount >= 0 with at most 2 decimals (``12``, ``12.5``, ``12.50``), as integer cents."""

    maximum: int = INT64_MAX

    def __call__(self, raw: str) -> int:
        match = _AMOUNT.fullmatch(raw)
        if not match:
            raise CellError(f"{raw!r} is not an amount like 12.50")
        sign, whole, decimals = match.groups()
        if decimals is not None and len(decimals) > 2:
            raise CellError(f"{raw} has more than 2 decimals")
        cents = int(whole) * 100 + int((decimals or "").ljust(2, "0"))
        if sign and cents:
            raise CellError(f"{raw} is negative")
        if cents > self.maximum:
            raise CellError(f"{raw} is too large")
        return cents

    def many(self, raws: Sequence[str]) -> list[int] | None:
        """Every one of ``raws`` (none empty) as cents; None when one is not valid.

        One regular expression over the joined cells checks them all at once (a cell holding
        the separator would change the count of separators)."""
        joined = ",".join(raws)
        if joined.count(",") != len(raws) - 1 or not _AMOUNTS.fullmatch(joined):
            return None
        cents = list(map(_plain_cents, raws))
        return cents if max(cents) <= self.maximum else None


def _plain_cents(raw: str) -> int:
    """``12``, ``12.5`` or ``12.50`` (already checked) as integer cents."""
    whole, _, decimals = raw.partition(".")
    return int(whole) * 100 + int(decimals.ljust(2, "0"))


@dataclass(frozen=True)
class IsoDate:
    """A real calendar date written ``YYYY-MM-DD``."""

    def __call__(self, raw: str) -> date:
        return _parse_date(raw)


@lru_cache(maxsize=16384)
def _parse_date(raw: str) -> date:
    """Cached: a large file has many rows but few distinct dates (this also shares the objects)."""
    if not _DATE.fullmatch(raw):
        raise CellError(f"{raw!r} is not a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CellError(f"{raw!r} is not a real date") from None


@dataclass(frozen=True)
class Month:
    """A calendar month written ``YYYY-MM``, kept as that text."""

    def __call__(self, raw: str) -> str:
        if not _MONTH.fullmatch(raw):
            raise CellError(f"{raw!r} is not a month written YYYY-MM")
        return raw


Parser = Callable[[str], Any]
"""Parses one cell's text or raises ``CellError``. A parser may also have ``many(raws)``:
all of a column's cells parsed at once, or None when one of them is not valid."""
ColumnOf = Callable[[str], Sequence[Any]]
"""A batch's values of one column, by name."""


@dataclass(frozen=True)
class Reference:
    """The values of ``column`` over the rows of ``table`` (its key, or e.g. a branch's region)."""

    table: str
    column: str


@dataclass(frozen=True)
class Field:
    name: str
    parse: Parser
    required: bool = True
    column: str | None = None
    """The database column, when it is not named like the CSV column."""
    references: Reference | None = None
    """Every value must be among these, in this load or (without --replace) in the database."""

    @property
    def db_column(self) -> str:
        return self.column or self.name


@dataclass(frozen=True)
class NotBefore:
    """Within a row: ``later`` is on or after ``earlier`` when both are present."""

    later: str
    earlier: str

    def violations(self, column: ColumnOf) -> Iterator[tuple[int, str, str]]:
        """``(row index, column, message)`` of each row of a batch that breaks the rule."""
        for index, (earlier, later) in enumerate(
            zip(column(self.earlier), column(self.later), strict=True)
        ):
            if _usable(earlier) and _usable(later) and later < earlier:
                yield index, self.later, f"{later} is before {self.earlier} {earlier}"


@dataclass(frozen=True)
class AtLeastOne:
    """Within a row: at least one of ``columns`` is present (an invalid cell counts as present)."""

    columns: tuple[str, ...]

    def violations(self, column: ColumnOf) -> Iterator[tuple[int, str, str]]:
        """``(row index, column, message)`` of each row of a batch that breaks the rule."""
        names, message = (
            "/".join(self.columns),
            f"a value for {' or '.join(self.columns)} is required",
        )
        for index, values in enumerate(zip(*(column(name) for name in self.columns), strict=True)):
            if all(value is None for value in values):
                yield index, names, message


RowRule = NotBefore | AtLeastOne


@dataclass(frozen=True)
class NotBeforeParent:
    """``column`` is on or after ``parent_column`` of the row that ``via`` names.

    The parent row is this load's when it has one, else the stored one.
    """

    column: str
    via: str
    parent_column: str


@dataclass(frozen=True)
class OneFlagged:
    """Exactly one ``name`` has ``flag`` = 1, on every row where it appears.

    Judged over the rows the table will hold after the load: this load's rows
    and (without --replace) the stored rows the load does not replace.
    """

    name: str
    flag: str


Rule = NotBefore | AtLeastOne | NotBeforeParent | OneFlagged


@dataclass(frozen=True)
class FileSpec:
    table: Table
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    rules: tuple[Rule, ...] = ()
    required: bool = False
    period: str | None = None
    """The date column that places a row in time: its dates are reported as touched by a load."""

    @property
    def name(self) -> str:
        return f"{self.table.name}.csv"

    @property
    def row_rules(self) -> tuple[RowRule, ...]:
        return tuple(rule for rule in self.rules if isinstance(rule, NotBefore | AtLeastOne))

    def field(self, name: str) -> Field:
        return next(field for field in self.fields if field.name == name)

    def parent_table(self, rule: NotBeforeParent) -> str:
        """The table that ``rule.via`` refers to: the table of the rule's parent rows."""
        reference = self.field(rule.via).references
        if reference is None:
            raise ValueError(f"{self.name}: {rule.via} refers to no table")
        return reference.table


def _key_of(table: str) -> Reference:
    return Reference(table, next(iter(getattr(schema, table).primary_key.columns)).name)


BRANCH = _key_of("branches")
TEAM = _key_of("teams")
STAFF = _key_of("staff")
CAMPAIGN = _key_of("campaigns")
USER = _key_of("wallet_users")
REGION = Reference("branches", "region")

ident = Text(ID_LENGTH)
label = Text(LABEL_LENGTH)
free_label = Text(FREE_LABEL_LENGTH)
day = IsoDate()

FILES: tuple[FileSpec, ...] = (
    FileSpec(
        schema.branches,
        (Field("branch_id", ident), Field("branch_name", label), Field("region", label)),
        key=("branch_id",),
        required=True,
    ),
    FileSpec(
        schema.teams,
        (
            Field("team_id", ident),
            Field("branch_id", ident, references=BRANCH),
            Field("team_name", label),
        ),
        key=("team_id",),
    ),
    FileSpec(
        schema.staff,
        (
            Field("staff_id", ident),
            Field("team_id", ident, references=TEAM),
            Field("staff_name", label),
        ),
        key=("staff_id",),
    ),
    FileSpec(
        schema.campaigns,
        (
            Field("campaign_id", ident),
            Field("campaign_name", label),
            Field("start_date", day),
            Field("end_date", day),
            Field("description", Text(), required=False),
        ),
        key=("campaign_id",),
        rules=(NotBefore("end_date", "start_date"),),
    ),
    FileSpec(
        schema.campaign_branches,
        (
            Field("campaign_id", ident, references=CAMPAIGN),
            Field("branch_id", ident, references=BRANCH),
        ),
        key=("campaign_id", "branch_id"),
    ),
    FileSpec(
        schema.wallet_users,
        (
            Field("user_id", ident),
            Field("branch_id", ident, references=BRANCH),
            Field("segment", free_label),
            Field("channel", free_label),
            Field("registered_on", day),
            Field("staff_id", ident, required=False, references=STAFF),
            Field("campaign_id", ident, required=False, references=CAMPAIGN),
        ),
        key=("user_id",),
        period="registered_on",
    ),
    FileSpec(
        schema.wallet_activity,
        (
            Field("user_id", ident, references=USER),
            Field("activity_date", day),
            Field("transactions", Whole(1, INT32_MAX)),
            Field("amount", Cents(), column="amount_cents"),
        ),
        key=("user_id", "activity_date"),
        rules=(NotBeforeParent("activity_date", via="user_id", parent_column="registered_on"),),
        period="activity_date",
    ),
    FileSpec(
        schema.surveys,
        (
            Field("response_id", ident),
            Field("user_id", ident, references=USER),
            Field("responded_on", day),
            Field("csat", Whole(1, 5), required=False),
            Field("nps", Whole(0, 10), required=False),
            Field("comment", Text(), required=False),
        ),
        key=("response_id",),
        rules=(AtLeastOne(("csat", "nps")),),
        period="responded_on",
    ),
    FileSpec(
        schema.complaints,
        (
            Field("complaint_id", ident),
            Field("user_id", ident, references=USER),
            Field("opened_on", day),
            Field("resolved_on", day, required=False),
            Field("category", label),
        ),
        key=("complaint_id",),
        rules=(NotBefore("resolved_on", "opened_on"),),
        period="opened_on",
    ),
    FileSpec(
        schema.market_share,
        (
            Field("month", Month()),
            Field("region", label, references=REGION),
            Field("provider", label),
            Field("transactions", Whole(0, INT64_MAX)),
            Field("is_own", Flag()),
        ),
        key=("month", "region", "provider"),
        rules=(OneFlagged("provider", "is_own"),),
    ),
    FileSpec(
        schema.targets,
        (
            Field("month", Month()),
            Field("team_id", ident, references=TEAM),
            Field("metric", Choice(TARGET_METRICS)),
            Field("target", Whole(1, INT64_MAX)),
        ),
        key=("month", "team_id", "metric"),
    ),
    FileSpec(
        schema.outreach_visits,
        (
            Field("visit_id", ident),
            Field("staff_id", ident, references=STAFF),
            Field("visited_on", day),
            Field("location_type", label),
            Field("contacts", Whole(0, INT32_MAX)),
        ),
        key=("visit_id",),
        period="visited_on",
    ),
)
"""In the order of ``schema.DATA_TABLES``: parents before the files that refer to them."""

FILES_BY_NAME: dict[str, FileSpec] = {spec.name: spec for spec in FILES}
FILES_BY_TABLE: dict[str, FileSpec] = {spec.table.name: spec for spec in FILES}


def _remembered() -> dict[str, str | None]:
    """For each table other files refer to, the one non-key column their rules read (or None)."""
    remembered: dict[str, str | None] = {}
    for spec in FILES:
        for field in spec.fields:
            if field.references:
                ref = field.references
                key = FILES_BY_TABLE[ref.table].key[0]
                _remember(remembered, ref.table, None if ref.column == key else ref.column)
        for rule in spec.rules:
            if isinstance(rule, NotBeforeParent):
                _remember(remembered, spec.parent_table(rule), rule.parent_column)
    return remembered


def _remember(remembered: dict[str, str | None], table: str, column: str | None) -> None:
    if column is None:
        remembered.setdefault(table, None)
    elif remembered.setdefault(table, column) not in (None, column):
        raise ValueError(f"rules need two columns of {table}; the loader remembers only one")
    else:
        remembered[table] = column


REMEMBERED: dict[str, str | None] = _remembered()
"""Tables referred to by other files, each with the column remembered besides its key."""
