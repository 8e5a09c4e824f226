"""The summary KPIs of the metric dictionary for one period and one set of filters.

``metrics.engine`` computes every declared KPI (``metrics.definitions.SUMMARY_METRICS``) with
no grouping: users and activity from the rollups (``data_access.rollups``), which hold exactly
the counts the base tables give, every other table aggregated in SQL. Only totals (and, for
the median, a histogram of resolution days) come back to Python.
"""

from __future__ import annotations

from data_access import Database, Filters
from metrics.definitions import SUMMARY_METRICS
from metrics.engine import totals
from metrics.period import Period

Value = int | float | None


def summary(db: Database, period: Period, filters: Filters) -> dict[str, Value]:
    """Every summary KPI, keyed and ordered as ``SUMMARY_METRICS``: counts as ``int``, other
    values as ``float``, ``None`` where undefined."""
    found = totals(db, period, filters, [metric.key for metric in SUMMARY_METRICS])
    values: dict[str, Value] = {}
    for metric in SUMMARY_METRICS:
        value = found[metric.key]
        if value != value:  # NaN: undefined
            values[metric.key] = None
        else:
            values[metric.key] = int(value) if metric.is_count else float(value)
    return values
