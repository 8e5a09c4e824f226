"""Team targets edited in the app: validated like ``targets.csv``, saved with a change log.

An edit is a list of rows shaped like the contract's ``targets.csv``
(``month``, ``team_id``, ``metric``, ``target``), numbered from 1 as the editor
shows them; other keys are ignored. Every row is checked the way the loader
checks the file: month ``YYYY-MM``, a known team the viewer may see, a target
metric, a positive whole-number target, no (month, team, metric) twice. A
blank target means "no target": fine where none is stored, a problem where
one is (targets cannot be removed here, as the log could not record it). Any
problem rejects the whole edit and writes nothing. Otherwise, in one
transaction, each row whose target differs from the stored one is upserted,
logged in ``target_changes`` (who, when, month, team, metric, old and new
target) and the data version is bumped so that cached figures are recomputed.
Rows equal to the stored target are not changes and are not logged.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, false, insert, select, true, update

from data_access import audit
from data_access.csv_contract import INT64_MAX, TARGET_METRICS
from data_access.database import Database
from data_access.filters import Scope
from data_access.schema import data_version, target_changes, targets, teams
from data_access.write_lock import writing
from data_access.writers import Writer, WriteRefused, edit_targets

COLUMNS: tuple[str, ...] = ("month", "team_id", "metric", "target")
WRITER_WAIT_SECONDS = 5.0
"""How long saving waits for a load to finish writing before ``DatabaseBusy``."""
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
_WHOLE = re.compile(r"-?[0-9]+")


@dataclass(frozen=True)
class EditProblem:
    row: int
    """1-based, as the editor numbers its rows."""
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.column}: {self.message}"


class TargetEditsRejected(ValueError):
    """The edit had problems; nothing was saved."""

    def __init__(self, problems: Sequence[EditProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class TargetChange:
    changed_at: datetime
    changed_by: str
    month: str
    team_id: str
    metric: str
    old_target: int | None
    new_target: int


Key = tuple[str, str, str]


def save_target_edits(
    db: Database, rows: Sequence[Mapping[str, Any]], *, writer: Writer
) -> list[TargetChange]:
    """Save ``rows`` in one transaction; return the changes made (possibly none).

    Only teams of ``db.scope`` (the editing viewer's branches) may be set: any
    other team is a problem, whatever the page offered. ``writer`` names
    the person editing (their e-mail, or the demo user). Raises
    ``TargetEditsRejected`` and writes nothing when any row has a problem;
    ``DatabaseBusy`` when a load keeps writing for more than ``WRITER_WAIT_SECONDS`` (the
    person is waiting on the page); ``WriteRefused`` when ``writer``'s current role may not
    edit these teams' targets.
    """
    changed_by = writer.name
    permission = edit_targets(row["team_id"] for row in rows if isinstance(row.get("team_id"), str))
    with (
        audit.refusals_recorded(
            db, changed_by, audit.TARGET_EDIT, (TargetEditsRejected, WriteRefused)
        ),
        writing(db, writer, permission, wait_seconds=WRITER_WAIT_SECONDS) as conn,
    ):
        problems, wanted, stored = _check(conn, db.scope, rows)
        if problems:
            raise TargetEditsRejected(problems)
        now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        changes = [
            TargetChange(now, changed_by, *key, stored.get(key), target)
            for key, target in wanted.items()
            if stored.get(key) != target
        ]
        for change in changes:
            _upsert(conn, change)
        if changes:
            conn.execute(
                insert(target_changes),
                [
                    {
                        "changed_at": change.changed_at,
                        "changed_by": change.changed_by,
                        "month": change.month,
                        "team_id": change.team_id,
                        "metric": change.metric,
                        "old_target": change.old_target,
                        "new_target": change.new_target,
                    }
                    for change in changes
                ],
            )
            conn.execute(
                update(data_version)
                .where(data_version.c.id == 1)
                .values(version=data_version.c.version + 1, changed_at=now)
            )
            audit.record(
                conn,
                audit.TARGET_EDIT,
                changed_by,
                detail={
                    "changes": [
                        {
                            "month": change.month,
                            "team_id": change.team_id,
                            "metric": change.metric,
                            "before": change.old_target,
                            "after": change.new_target,
                        }
                        for change in changes
                    ]
                },
            )
    return changes


def stored_targets(db: Database, month: str, team_ids: Sequence[str]) -> dict[tuple[str, str], int]:
    """``{(team_id, metric): target}`` stored for ``month``, for those of ``team_ids`` in scope."""
    t = targets.c
    statement = (
        select(t.team_id, t.metric, t.target)
        .select_from(targets.join(teams, t.team_id == teams.c.team_id))
        .where(
            t.month == month,
            t.team_id.in_(sorted(set(team_ids))),
            _in_scope(db.scope),
        )
    )
    return {(team_id, metric): int(target) for team_id, metric, target in db.rows(statement)}


def target_change_log(
    db: Database, *, team_ids: Sequence[str] = (), limit: int = 200
) -> list[TargetChange]:
    """The latest changes to teams the viewer may see (all of them, or ``team_ids``), newest first."""
    c = target_changes.c
    statement = (
        select(c.changed_at, c.changed_by, c.month, c.team_id, c.metric, c.old_target, c.new_target)
        .select_from(target_changes.join(teams, c.team_id == teams.c.team_id))
        .where(_in_scope(db.scope))
        .order_by(c.changed_at.desc(), c.change_id.desc())
        .limit(limit)
    )
    if team_ids:
        statement = statement.where(c.team_id.in_(sorted(set(team_ids))))
    return [
        TargetChange(
            row.changed_at,
            row.changed_by,
            row.month,
            row.team_id,
            row.metric,
            None if row.old_target is None else int(row.old_target),
            int(row.new_target),
        )
        for row in db.rows(statement)
    ]


def _in_scope(scope: Scope) -> ColumnElement[bool]:
    """Teams of the branches the viewer may see."""
    if scope.branches is None:
        return true()
    return teams.c.branch_id.in_(sorted(scope.branches)) if scope.branches else false()


def _check(
    conn: Connection, scope: Scope, rows: Sequence[Mapping[str, Any]]
) -> tuple[list[EditProblem], dict[Key, int], dict[Key, int]]:
    """The problems of ``rows``; the targets they set and those stored, by (month, team, metric)."""
    known_teams = set(conn.execute(select(teams.c.team_id).where(_in_scope(scope))).scalars())
    problems: list[EditProblem] = []
    wanted: dict[Key, int] = {}
    blank: dict[Key, int] = {}
    first_row: dict[Key, int] = {}
    for number, row in enumerate(rows, start=1):
        found = [
            EditProblem(number, column, message)
            for column, message in _row_problems(row, known_teams)
        ]
        if found:
            problems.extend(found)
            continue
        month, team_id, metric, target = (_blank_to_none(row.get(column)) for column in COLUMNS)
        key = (month, team_id, metric)
        if key in first_row:
            message = f"{month} {team_id} {metric} is already set in row {first_row[key]}"
            problems.append(EditProblem(number, "metric", message))
            continue
        first_row[key] = number
        if target is None:
            blank[key] = number
        else:
            value = _positive_integer(target)
            assert isinstance(value, int), value  # _row_problems has reported any other target
            wanted[key] = value
    stored = _stored(conn, [*wanted, *blank])
    for key, number in blank.items():
        if key in stored:
            message = (
                f"the stored target {stored[key]} cannot be removed here; "
                "enter a positive whole number"
            )
            problems.append(EditProblem(number, "target", message))
    problems.sort(key=lambda problem: problem.row)
    return problems, wanted, stored


def _row_problems(row: Mapping[str, Any], known_teams: set[str]) -> list[tuple[str, str]]:
    """``(column, message)`` for each problem of one row, in column order."""
    month, team_id, metric, target = (_blank_to_none(row.get(column)) for column in COLUMNS)
    found: list[tuple[str, str]] = []
    if month is None:
        found.append(("month", "required"))
    elif not (isinstance(month, str) and _MONTH.fullmatch(month)):
        found.append(("month", f"{month!r} is not a month (YYYY-MM, month 01-12)"))
    if team_id is None:
        found.append(("team_id", "required"))
    elif team_id not in known_teams:
        found.append(("team_id", f"unknown team {team_id!r} (or not one you may edit)"))
    if metric is None:
        found.append(("metric", "required"))
    elif metric not in TARGET_METRICS:
        expected = ", ".join(TARGET_METRICS)
        found.append(("metric", f"unknown metric {metric!r}; expected one of {expected}"))
    value = None if target is None else _positive_integer(target)
    if isinstance(value, str):
        found.append(("target", value))
    return found


def _blank_to_none(value: Any) -> Any:
    """Empty cells arrive as None, NaN or blank text: all mean missing. Text is not trimmed."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _positive_integer(value: Any) -> int | str:
    """A present target as an int, or the problem with it as a message."""
    whole = (
        (isinstance(value, numbers.Integral) and not isinstance(value, bool))
        or (isinstance(value, float) and value.is_integer())
        or (isinstance(value, str) and _WHOLE.fullmatch(value))
    )
    number = int(value) if whole else None
    if number is None:
        return f"{value!r} is not a whole number"
    if number <= 0:
        return f"{number} is not positive; a target must be at least 1"
    if number > INT64_MAX:
        return f"{number} is too large"
    return number


def _stored(conn: Connection, keys: Sequence[Key]) -> dict[Key, int]:
    """The stored targets of ``keys`` (those that have one)."""
    if not keys:
        return {}
    t = targets.c
    months = sorted({month for month, _, _ in keys})
    team_ids = sorted({team_id for _, team_id, _ in keys})
    found = conn.execute(
        select(t.month, t.team_id, t.metric, t.target).where(
            t.month.in_(months), t.team_id.in_(team_ids)
        )
    )
    wanted = set(keys)
    return {
        (month, team, metric): int(target)
        for month, team, metric, target in found
        if (month, team, metric) in wanted
    }


def _upsert(conn: Connection, change: TargetChange) -> None:
    t = targets.c
    if change.old_target is None:
        conn.execute(
            insert(targets).values(
                month=change.month,
                team_id=change.team_id,
                metric=change.metric,
                target=change.new_target,
            )
        )
    else:
        conn.execute(
            update(targets)
            .where(t.month == change.month, t.team_id == change.team_id, t.metric == change.metric)
            .values(target=change.new_target)
        )
