"""Calendar months written ``YYYY-MM``, as stored and as typed on the command line."""

from __future__ import annotations

import calendar
import re
from datetime import date

from metrics.period import Period

_MONTH = re.compile(r"\d{4}-\d{2}")


def parse_month(text: str) -> date:
    """The first day of month ``text``; ``ValueError`` naming the text when it is not one."""
    if not _MONTH.fullmatch(text) or not 1 <= int(text[5:]) <= 12:
        raise ValueError(f"{text!r} is not a month (YYYY-MM, month 01-12)")
    return date(int(text[:4]), int(text[5:]), 1)


def month_text(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_period(month: str) -> Period:
    """All days of ``month``."""
    first = parse_month(month)
    return Period(first, first.replace(day=calendar.monthrange(first.year, first.month)[1]))


def months_apart(earlier: str, later: str) -> int:
    """How many months ``later`` comes after ``earlier`` (negative when before)."""
    a, b = parse_month(earlier), parse_month(later)
    return (b.year - a.year) * 12 + b.month - a.month


def add_months(month: str, count: int) -> str:
    first = parse_month(month)
    index = first.year * 12 + first.month - 1 + count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
