"""A reporting period ``[start, end]``, both days included, and its comparisons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def within(self, first: date, last: date) -> Period | None:
        """The part of the period inside ``[first, last]`` (the data's dates), ``None`` when
        they do not overlap."""
        start, end = max(self.start, first), min(self.end, last)
        return Period(start, end) if start <= end else None

    def previous(self) -> Period:
        """The same number of days immediately before."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def same_last_year(self) -> Period:
        return Period(_year_earlier(self.start), _year_earlier(self.end))


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)
