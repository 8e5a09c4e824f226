"""The one engine that computes declared metrics, for a period, grouped by any keys.

``compute(db, period, filters, keys, metrics)`` reads the measures the metrics need from their
sources (``metrics.sources``), one query per source and grouping, all aggregated in the
database; then takes every metric from its declaration (``metrics.definitions.MetricDef``):
``numerator x scale / (denominator x divisor)``, a measure alone, or a median. With no keys it
is the summary; with time buckets, user attributes or teams it is a breakdown, a league or
team actuals. Every formula exists once, in a declaration.

Groups a key requires (every time bucket, listed dimension values, teams) are zero-filled; a
ratio whose denominator is 0 is NaN, and so is a median over nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import product
from typing import Any

import pandas as pd

from data_access import Database, Filters
from metrics.definitions import METRICS_BY_KEY, MetricDef
from metrics.keys import Key
from metrics.period import Period
from metrics.sources import HISTOGRAMS, SOURCES, Source

DAYS = "days"
"""The measure every grouping has: the days a group covers (its time bucket's, else the
period's), given by the engine."""


def compute(
    db: Database,
    period: Period,
    filters: Filters,
    keys: Sequence[Key],
    metrics: Iterable[str],
    measures: Iterable[str] = (),
) -> pd.DataFrame:
    """Key columns, then the ``measures`` asked for and those the metrics rest on, then one
    column per metric (its key), one row per group (one row for no keys)."""
    declared = [METRICS_BY_KEY[key] for key in metrics]
    needed = list(dict.fromkeys([*measures, *(name for m in declared for name in m.measures)]))
    if not keys:
        return pd.DataFrame([totals(db, period, filters, [m.key for m in declared], needed)])
    frame = measure_frame(db, period, filters, keys, needed)
    for metric in declared:
        if metric.median_of is not None:
            frame[metric.key] = _medians(db, period, filters, keys, metric.median_of, frame)
        else:
            frame[metric.key] = value_of(metric, frame)
    return frame


def totals(
    db: Database,
    period: Period,
    filters: Filters,
    metrics: Iterable[str],
    measures: Iterable[str] = (),
) -> dict[str, Any]:
    """``compute`` with no grouping, as plain Python numbers (NaN where undefined): the
    ``measures`` asked for, those the metrics rest on, then the metrics."""
    declared = [METRICS_BY_KEY[key] for key in metrics]
    needed = list(dict.fromkeys([*measures, *(name for m in declared for name in m.measures)]))
    values: dict[str, Any] = {}
    for source, wanted in _plan([name for name in needed if name != DAYS], ()):
        part = source.frame(db, period, filters, (), wanted)
        values.update({name: int(part[name].iloc[0]) for name in wanted})
    if DAYS in needed:
        values[DAYS] = period.days
    values = {name: values[name] for name in needed}
    for metric in declared:
        if metric.median_of is not None:
            found = _median(histogram(db, period, filters, (), metric.median_of), metric.median_of)
            values[metric.key] = math.nan if found is None else found
        else:
            values[metric.key] = value_of(metric, values)
    return values


def value_of(metric: MetricDef, columns: Any) -> Any:
    """A metric from its measures, as declared: ``columns`` maps a measure to its column of
    ``frame`` (a ``Series``) or to its total (a Python number)."""
    numerator = columns[metric.numerator] * metric.scale
    if metric.denominator is None:
        value = numerator if metric.divisor == 1 else numerator / metric.divisor
    else:
        denominator = columns[metric.denominator] * metric.divisor
        if isinstance(denominator, pd.Series):
            value = numerator / denominator.where(denominator != 0)
        else:
            value = numerator / denominator if denominator else math.nan
    if metric.digits is None:
        return value
    return (
        value.round(metric.digits) if isinstance(value, pd.Series) else round(value, metric.digits)
    )


def derive(frame: pd.DataFrame, metrics: Iterable[str]) -> pd.DataFrame:
    """``frame`` (holding the metrics' measures, counted elsewhere) with the metrics added."""
    for key in metrics:
        frame[key] = value_of(METRICS_BY_KEY[key], frame)
    return frame


def measure_frame(
    db: Database, period: Period, filters: Filters, keys: Sequence[Key], names: Sequence[str]
) -> pd.DataFrame:
    """Key columns and one int column per measure of ``names``, every required group present."""
    keys = tuple(keys)
    if not keys:
        return pd.DataFrame([totals(db, period, filters, (), names)])
    key_names = [key.name for key in keys]
    counted = [name for name in names if name != DAYS]
    frame: pd.DataFrame | None = None
    for source, wanted in _plan(counted, keys):
        part = source.frame(db, period, filters, keys, wanted)
        if frame is None:
            frame = part
        else:
            frame = frame.merge(part, on=key_names, how="outer") if keys else frame.join(part)
    if frame is None:
        frame = pd.DataFrame(columns=key_names) if keys else pd.DataFrame(index=[0])
    frame = _complete(frame, keys, counted)
    if DAYS in names:
        frame[DAYS] = _days(frame, keys, period)
    return frame[[*key_names, *names]]


def _plan(names: Sequence[str], keys: Sequence[Key]) -> list[tuple[Source, list[str]]]:
    """The source of each measure (the first that has it and can group by ``keys``), with the
    measures read from each, in the order of ``SOURCES``."""
    wanted: dict[int, list[str]] = {}
    for name in names:
        index = next(
            (
                i
                for i, source in enumerate(SOURCES)
                if name in source.measures and source.supports(keys)
            ),
            None,
        )
        if index is None:
            grouping = ", ".join(key.name for key in keys) or "nothing"
            raise ValueError(f"no source gives measure {name!r} grouped by {grouping}")
        wanted.setdefault(index, []).append(name)
    return [(SOURCES[index], wanted[index]) for index in sorted(wanted)]


def _complete(frame: pd.DataFrame, keys: Sequence[Key], measures: list[str]) -> pd.DataFrame:
    """Every group a key requires (or, for a key listing none, every group found), measures 0
    where a group has no rows; sorted by the keys."""
    if keys:
        names = [key.name for key in keys]
        levels = []
        for key in keys:
            required = key.levels()
            levels.append(required if required is not None else sorted(frame[key.name].unique()))
        full = pd.DataFrame(list(product(*levels)), columns=names)
        frame = full.merge(frame, on=names, how="left")
    frame[measures] = frame[measures].fillna(0).astype("int64")
    return frame.reset_index(drop=True)


def _days(frame: pd.DataFrame, keys: Sequence[Key], period: Period) -> pd.Series:
    """Days each group covers: its time bucket's days, else the whole period's."""
    for key in keys:
        if key.is_time:
            return frame[key.name].map(key.days_in).astype("int64")
    return pd.Series(period.days, index=frame.index, dtype="int64")


def histogram(
    db: Database, period: Period, filters: Filters, keys: Sequence[Key], value: str
) -> pd.DataFrame:
    """Key columns, ``value`` and ``count``: the distribution of a source's value
    (``metrics.sources.HISTOGRAMS``) per group, values with no row left out."""
    return HISTOGRAMS[value].histogram(db, period, filters, keys, value)


def _medians(
    db: Database,
    period: Period,
    filters: Filters,
    keys: Sequence[Key],
    value: str,
    frame: pd.DataFrame,
) -> pd.Series:
    """The median of ``value`` in each group of ``frame`` (NaN for none); a median of an even
    number of values is the mean of the middle two."""
    counts = histogram(db, period, filters, keys, value)
    names = [key.name for key in keys]
    if not names:
        return pd.Series([_median(counts, value)], index=frame.index, dtype="float64")
    found = {
        (group if len(names) > 1 else (group,)): _median(rows, value)
        for group, rows in counts.groupby(names if len(names) > 1 else names[0])
    }
    groups = frame[names].itertuples(index=False, name=None)
    return pd.Series([found.get(group) for group in groups], index=frame.index, dtype="float64")


def _median(counts: pd.DataFrame, value: str) -> float | None:
    """The median of the values ``value`` repeated ``count`` times."""
    total = int(counts["count"].sum())
    if total == 0:
        return None
    ordered = counts.sort_values(value)
    wanted = ((total - 1) // 2, total // 2)
    middle: list[int] = []
    seen = 0
    for number, count in zip(ordered[value], ordered["count"], strict=True):
        middle.extend(int(number) for position in wanted if seen <= position < seen + count)
        seen += int(count)
    return sum(middle) / 2
