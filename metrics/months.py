"""Calendar months written ``YYYY-MM``: the arithmetic of ``data_access.months``, and months
as periods."""

from __future__ import annotations

import calendar

from data_access.months import add_months, month_text, parse_month
from metrics.period import Period

__all__ = ["add_months", "month_period", "month_text", "months_apart", "parse_month"]


def month_period(month: str) -> Period:
    """All days of ``month``."""
    first = parse_month(month)
    return Period(first, first.replace(day=calendar.monthrange(first.year, first.month)[1]))


def months_apart(earlier: str, later: str) -> int:
    """How many months ``later`` comes after ``earlier`` (negative when before)."""
    a, b = parse_month(earlier), parse_month(later)
    return (b.year - a.year) * 12 + b.month - a.month
