"""SQL functions the rollups compute with, each compiled to its dialect's own expression."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import ColumnElement, literal
from sqlalchemy import Date as SqlDate
from sqlalchemy import Integer as SqlInteger
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class in_storage_order(FunctionElement):  # noqa: N801 - reads as a SQL function
    """The value of a column, in a form an index cannot deliver in order (SQLite: ``+column``).

    Grouping a whole table by date would otherwise make SQLite walk the date index and fetch
    each row from the table at random; scanning the table and sorting is several times faster.
    A WHERE on the column itself still uses the index.
    """

    inherit_cache = True

    def __init__(self, column: ColumnElement) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(in_storage_order)
def _in_storage_order_default(element, compiler, **kw):
    (value,) = list(element.clauses)
    return compiler.process(value, **kw)


@compiles(in_storage_order, "sqlite")
def _in_storage_order_sqlite(element, compiler, **kw):
    (value,) = list(element.clauses)
    return f"+{compiler.process(value, **kw)}"


class _day_of_month(FunctionElement):  # noqa: N801 - reads as a SQL function
    type = SqlInteger()
    inherit_cache = True


@compiles(_day_of_month)
def _day_of_month_default(element, compiler, **kw):
    (value,) = list(element.clauses)
    return f"CAST(EXTRACT(DAY FROM {compiler.process(value, **kw)}) AS INTEGER)"


@compiles(_day_of_month, "sqlite")
def _day_of_month_sqlite(element, compiler, **kw):
    """From SQLite's ``YYYY-MM-DD`` text, cheaper than parsing it with ``strftime``."""
    (value,) = list(element.clauses)
    return f"CAST(substr({compiler.process(value, **kw)}, 9, 2) AS INTEGER)"


def day_bit_of(day: ColumnElement) -> ColumnElement[int]:
    """Bit d-1 for a day d of its month (a day mask's bit)."""
    return literal(1).bitwise_lshift(_day_of_month(day) - 1)


class first_day_of_mask(FunctionElement):  # noqa: N801 - reads as a SQL function
    """The date of the lowest day set in a non-zero day mask of month ``YYYY-MM``."""

    type = SqlDate()
    inherit_cache = True


_DAY_NUMBER_BITS = (
    (0x7FFF0000, 16),
    (0x7F00FF00, 8),
    (0x70F0F0F0, 4),
    (0x4CCCCCCC, 2),
    (0x2AAAAAAA, 1),
)
"""For each binary digit of k (by its weight), the day bits 2**k (k = 0 to 30) whose k has
that digit: ANDed with the lowest set bit of a day mask, they spell out its k, the day less one."""


def _lowest_day_number(mask: str, weight: Callable[[str, int], str]) -> str:
    """SQL for the day of the lowest bit set in ``mask``; ``weight(part, n)`` is ``n`` when
    ``part`` is not zero, else 0."""
    lowest = f"({mask} & -{mask})"
    return " + ".join(["1", *(weight(f"({lowest} & {bits})", n) for bits, n in _DAY_NUMBER_BITS)])


@compiles(first_day_of_mask)
def _first_day_of_mask_default(element, compiler, **kw):
    month, mask = (compiler.process(value, **kw) for value in element.clauses)
    day = _lowest_day_number(mask, lambda part, n: f"(CASE WHEN {part} <> 0 THEN {n} ELSE 0 END)")
    return f"(CAST({month} || '-01' AS DATE) + ({day}) - 1)"


@compiles(first_day_of_mask, "sqlite")
def _first_day_of_mask_sqlite(element, compiler, **kw):
    month, mask = (compiler.process(value, **kw) for value in element.clauses)
    day = _lowest_day_number(mask, lambda part, n: f"({part} <> 0) * {n}")
    return f"printf('%s-%02d', {month}, {day})"
