"""Calendar months written ``YYYY-MM``, as stored (market data, targets, rollups) and as typed.

The one home of month arithmetic: the rollups, the metrics and the sample data all use it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_MONTH = re.compile(r"\d{4}-\d{2}")


def parse_month(text: str) -> date:
    """The first day of month ``text``; ``ValueError`` naming the text when it is not one."""
    if not _MONTH.fullmatch(text) or not 1 <= int(text[5:]) <= 12:
        raise ValueError(f"{text!r} is not a month (YYYY-MM, month 01-12)")
    return date(int(text[:4]), int(text[5:]), 1)


def month_text(day: date) -> str:
    """The month ``day`` falls in, as ``YYYY-MM``."""
    return f"{day.year:04d}-{day.month:02d}"


def month_end(day: date) -> date:
    """The last day of the month ``day`` falls in."""
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def add_months(month: str, count: int) -> str:
    """Month ``month`` moved ``count`` months on (back, when negative)."""
    first = parse_month(month)
    index = first.year * 12 + first.month - 1 + count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
