"""The days the sample covers, as arrays the generators index by day number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

import numpy as np

from data_access.months import add_months, month_text

# Spring Festival (春节) days: registrations and branch visits dip around them.
SPRING_FESTIVALS = tuple(
    date.fromisoformat(d)
    for d in (
        "2022-02-01",
        "2023-01-22",
        "2024-02-10",
        "2025-01-29",
        "2026-02-17",
        "2027-02-06",
        "2028-01-26",
        "2029-02-13",
        "2030-02-03",
    )
)


def two_years_before(end: date) -> date:
    """The first day of the two years that end on ``end``."""
    try:
        same_day = end.replace(year=end.year - 2)
    except ValueError:  # 29 February
        same_day = end.replace(year=end.year - 2, day=28)
    return same_day + timedelta(days=1)


@dataclass(frozen=True)
class Timeline:
    """Day 0 is ``start``; day ``days - 1`` is ``end``."""

    start: date
    end: date

    @classmethod
    def ending(cls, end: date) -> Timeline:
        return cls(two_years_before(end), end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def day(self, value: date) -> int:
        return (value - self.start).days

    def date(self, day: int) -> date:
        return self.start + timedelta(days=day)

    @cached_property
    def iso(self) -> np.ndarray:
        """``YYYY-MM-DD`` text of every day, for indexing by day number."""
        dates = np.datetime64(self.start.isoformat()) + np.arange(self.days)
        return dates.astype(str).astype(object)

    @cached_property
    def weekday(self) -> np.ndarray:
        """0 = Monday ... 6 = Sunday."""
        return (np.arange(self.days) + self.start.weekday()) % 7

    @cached_property
    def months(self) -> list[str]:
        """The calendar months the days touch, in order."""
        first, last = month_text(self.start), month_text(self.end)
        months = [first]
        while months[-1] != last:
            months.append(add_months(months[-1], 1))
        return months

    @cached_property
    def month_index(self) -> np.ndarray:
        """Index into ``months`` of every day."""
        keys = np.array([d[:7] for d in self.iso])
        return np.searchsorted(np.array(self.months), keys)

    @cached_property
    def festival_factor(self) -> np.ndarray:
        """1 on ordinary days, lower in the week around the Spring Festival."""
        factor = np.ones(self.days)
        for festival in SPRING_FESTIVALS:
            centre = self.day(festival)
            for offset in range(-4, 8):
                if 0 <= centre + offset < self.days:
                    factor[centre + offset] = 0.45 if -1 <= offset <= 3 else 0.75
        return factor
