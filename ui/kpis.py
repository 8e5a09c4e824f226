"""The summary KPIs of the current view and its comparison period, as tiles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from display.i18n import t
from metrics.breakdowns import sample_sizes
from metrics.summary import summary
from ui import presentation
from ui.cache import cached
from ui.context import Context
from ui.export_buttons import collect_kpis
from ui.tiles import Value, tile_grid

_summary = cached(summary)
_sample_sizes = cached(sample_sizes)


def current_and_previous(context: Context) -> tuple[dict[str, Value], dict[str, Value]]:
    """``metrics.summary`` for the view's period and for its comparison period."""
    db, version, filters = context.db, context.data_version, context.filters
    return (
        _summary(db, version, context.period, filters),
        _summary(db, version, context.comparison, filters),
    )


def compared_with(context: Context) -> str:
    """What a tile's change is measured against, for its help text."""
    comparison = context.comparison
    return t(
        "change_against",
        context.lang,
        comparison=t(f"compare_{context.view.compare}", context.lang),
        start=comparison.start.isoformat(),
        end=comparison.end.isoformat(),
    )


def kpi_tiles(
    context: Context,
    keys: Sequence[str],
    *,
    trends: Mapping[str, Sequence[float | None]] | None = None,
    per_row: int = 5,
) -> dict[str, Value]:
    """Tiles for ``keys`` with their change and thin-sample marks; returns the current values."""
    now, before = current_and_previous(context)
    observations = _sample_sizes(context.db, context.data_version, context.period, context.filters)
    with presentation.screen():
        tile_grid(
            keys,
            now,
            before,
            context.lang,
            compared_with=compared_with(context),
            trends=trends,
            observations=observations,
            per_row=per_row,
        )
    collect_kpis(keys, now, before, observations)
    return now
