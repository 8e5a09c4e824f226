"""Metrics over time: days, weeks (Monday to Sunday) or calendar months.

``TimeBuckets`` is a ``metrics.breakdowns.Key``: passed to any breakdown it
groups the counted events by the bucket of their date. Buckets are clipped to
the period, so the first and last ones may be partial; each bucket is named by
its first calendar day (a week's Monday, a month's first) and knows how many
of its days fall inside the period.

A bucket is *complete* when its whole calendar span (a day; Monday to Sunday;
a calendar month) lies inside the period. The dashboard clips every period to
the data's dates first (``metrics.period.Period.within``), so a complete
bucket lies inside both; ``bucket_spans`` tells each bucket's clipped span and
whether it is complete, for charts and downloads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

import pandas as pd
from sqlalchemy import ColumnElement, FromClause

from data_access import Database, Filters
from data_access.rollups import ACTIVATION_DAYS
from metrics import breakdowns, dimensions
from metrics.definitions import OVERVIEW_TILES
from metrics.months import add_months, month_text, parse_month
from metrics.period import Period

Grain = Literal["day", "week", "month"]
GRAINS: tuple[Grain, ...] = ("day", "week", "month")


@dataclass(frozen=True)
class TimeBuckets:
    period: Period
    grain: Grain

    def __post_init__(self) -> None:
        if self.grain not in GRAINS:
            raise ValueError(f"unknown grain {self.grain!r}; use one of {', '.join(GRAINS)}")

    name = "bucket"
    joins_branches = False
    is_time = True

    @property
    def anchor(self) -> date:
        """The first day of the first bucket."""
        start = self.period.start
        if self.grain == "week":
            return start - timedelta(days=start.weekday())
        if self.grain == "month":
            return start.replace(day=1)
        return start

    def column(self, event_date: ColumnElement[Any], users: FromClause) -> ColumnElement[Any]:
        return event_date

    def decode(self, raw: date | str) -> date:
        """The bucket (its first day) of a day."""
        day = raw if isinstance(raw, date) else date.fromisoformat(raw)
        if self.grain == "month":
            return day.replace(day=1)
        step = 7 if self.grain == "week" else 1
        return self.anchor + timedelta(days=step * ((day - self.anchor).days // step))

    def levels(self) -> list[date]:
        if self.grain == "month":
            first, last = month_text(self.period.start), month_text(self.period.end)
            months = [first]
            while months[-1] != last:
                months.append(add_months(months[-1], 1))
            return [parse_month(month) for month in months]
        step = timedelta(days=7 if self.grain == "week" else 1)
        starts = [self.anchor]
        while starts[-1] + step <= self.period.end:
            starts.append(starts[-1] + step)
        return starts

    def span(self, start: date) -> tuple[date, date]:
        """The bucket's days inside the period."""
        return max(start, self.period.start), min(self.bucket_end(start), self.period.end)

    def bucket_end(self, start: date) -> date:
        if self.grain == "month":
            return parse_month(add_months(month_text(start), 1)) - timedelta(days=1)
        return start + timedelta(days=6 if self.grain == "week" else 0)

    def days_in(self, start: date) -> int:
        first, last = self.span(start)
        return (last - first).days + 1

    def full_days(self, start: date) -> int:
        """The days of the bucket's whole calendar span."""
        return (self.bucket_end(start) - start).days + 1

    def is_complete(self, start: date) -> bool:
        """Whether the bucket's whole calendar span lies inside the period."""
        return self.days_in(start) == self.full_days(start)

    def has_partial_buckets(self) -> bool:
        """Whether the first or last bucket lies partly outside the period."""
        starts = self.levels()
        return any(
            self.days_in(start) < (self.bucket_end(start) - start).days + 1
            for start in (starts[0], starts[-1])
        )


SPAN_COLUMNS = ("period_start", "period_end", "days", "full_days", "complete")
"""The columns ``bucket_spans`` adds."""


def bucket_spans(frame: pd.DataFrame, buckets: TimeBuckets, column: str = "bucket") -> pd.DataFrame:
    """``frame`` (a bucket's first calendar day in ``column``) with ``period_start`` and
    ``period_end`` (the first and last day the bucket's figures cover, clipped to the period),
    ``days`` (how many), ``full_days`` (of its whole calendar span) and ``complete``."""
    shown = frame.copy()
    starts = [b if isinstance(b, date) else pd.Timestamp(b).date() for b in shown[column]]
    spans = [buckets.span(start) for start in starts]
    shown["period_start"] = [first for first, _ in spans]
    shown["period_end"] = [last for _, last in spans]
    shown["days"] = [(last - first).days + 1 for first, last in spans]
    shown["full_days"] = [buckets.full_days(start) for start in starts]
    shown["complete"] = [buckets.is_complete(start) for start in starts]
    return shown


def last_mature_registration(latest: date) -> date:
    """The last registration day whose whole activation window (``ACTIVATION_DAYS``, the day
    of registering and the 29 after it) lies within data ending on ``latest``: later
    registrations cannot have completed their activation yet, so their rate is no rate."""
    return latest - timedelta(days=ACTIVATION_DAYS - 1)


def pick_grain(period: Period) -> Grain:
    """A bucket size giving a readable number of points: days up to ~2 months, then weeks
    up to ~6 months, then months."""
    if period.days <= 62:
        return "day"
    if period.days <= 183:
        return "week"
    return "month"


def trailing_months(period: Period, months: int = 12) -> Period:
    """``period``, widened to start at least ``months`` calendar months before its end month
    ends: the window for charts of monthly data, which need some history."""
    first = parse_month(add_months(month_text(period.end), 1 - months))
    return Period(min(first, period.start), period.end)


def cumulative_users(db: Database, period: Period, filters: Filters, grain: Grain) -> pd.DataFrame:
    """``bucket, new_users, total_users``: total users at the end of each bucket."""
    before = period.start - timedelta(days=1)
    base = int(breakdowns.users_registered_by(db, before, filters)["total_users"].iloc[0])
    frame = breakdowns.registrations(db, period, filters, (TimeBuckets(period, grain),))
    frame["total_users"] = base + frame["new_users"].cumsum()
    return frame


def tile_trends(db: Database, period: Period, filters: Filters) -> dict[str, list[float | None]]:
    """Per Overview tile's KPI, its values in the period's complete buckets (``pick_grain``),
    oldest first; own share per month, as market data is monthly. ``None`` where a rate is
    undefined. A sparkline cannot draw a partial bucket apart from the others, so partial ones
    (the period's first or last week or month) are left out: their few days never read as a
    drop; so are, for the activation rate, registrations too recent to have had their whole
    activation window by the data's last day."""
    grain = pick_grain(period)
    buckets = TimeBuckets(period, grain)
    frames = [
        cumulative_users(db, period, filters, grain),
        breakdowns.activity(db, period, filters, (buckets,)),
        breakdowns.activation(db, period, filters, (buckets,)),
        breakdowns.satisfaction(db, period, filters, (buckets,)),
        breakdowns.complaint_counts(db, period, filters, (buckets,)),
    ]
    dates = dimensions.data_dates(db)
    mature_until = last_mature_registration(dates.latest) if dates else period.end
    trends: dict[str, list[float | None]] = {}
    for frame in frames:
        spans = bucket_spans(frame, buckets)
        shown = spans["complete"]
        if "activation_rate_30d" in frame:  # and registrations that had their whole window
            shown &= spans["period_end"] <= mature_until
        for key in OVERVIEW_TILES:
            if key in frame and key not in trends:
                trends[key] = _values(frame.loc[shown.to_numpy(), key])
    market = breakdowns.market_transactions(db, period, filters, ["month"])
    trends["own_share"] = _values(market["own_share"])
    return {key: trends[key] for key in OVERVIEW_TILES}


def _values(column: pd.Series) -> list[float | None]:
    return [None if pd.isna(value) else float(value) for value in column]
