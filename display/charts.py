"""Chart builders: plain functions from a DataFrame to an Altair chart.

Every chart has a title and axis titles (with units) given by the caller.
Colours are fixed per code of the data (segment, channel, provider, ...), so a
segment or a provider has the same colour on every page and in both
languages; codes the palette does not know get colours from a spare cycle.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import altair as alt
import pandas as pd

from display.formatting import DASH, axis_label_expr, number, whole_tick_count
from display.i18n import label, ordered, t
from metrics.series import TimeBuckets, bucket_spans

PALETTES: dict[str, dict[str, str]] = {
    "segment": {
        "young": "#4C78A8",
        "middle_aged": "#F58518",
        "senior": "#54A24B",
        "merchant": "#B279A2",
    },
    "channel": {
        "outreach": "#E45756",
        "branch": "#72B7B2",
        "online": "#EECA3B",
        "referral": "#9D755D",
    },
    "provider": {
        "Our wallet": "#C8102E",
        "Alipay": "#1677FF",
        "WeChat Pay": "#1AAD19",
        "UnionPay QuickPass": "#F2A900",
        "Cards & cash": "#8C8C8C",
    },
    "category": {
        "security": "#4C78A8",
        "failed_payment": "#E45756",
        "missing_confirmation": "#F58518",
        "compatibility": "#72B7B2",
        "too_hard_for_seniors": "#54A24B",
        "service_attitude": "#B279A2",
    },
    "age_band": {"0_7": "#9ECAE1", "8_30": "#4292C6", "31_90": "#2171B5", "91_plus": "#08306B"},
    "nps_group": {"promoters": "#2E7D32", "passives": "#BDBDBD", "detractors": "#C62828"},
}
SPARE = ("#4C78A8", "#F58518", "#E45756", "#72B7B2", "#54A24B", "#EECA3B", "#B279A2", "#FF9DA6")
HEIGHT = 280
DATE_FORMAT = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%Y-%m"}


def time_title(grain: str, lang: str) -> str:
    """The title of a time axis in buckets of ``grain``: Date, Week starting or Month."""
    return t("axis_date" if grain == "day" else f"axis_{grain}", lang)


def grain_unit(grain: str, lang: str) -> str:
    """The bucket's name in chart titles ("New registrations per week")."""
    return t(f"grain_{grain}", lang).lower()


def labelled(frame: pd.DataFrame, column: str, kind: str, lang: str) -> pd.DataFrame:
    """``frame`` with ``<column>_label`` naming each code for display and ``<column>_rank``
    giving its place in the display order (for stacking in the same order in every language)."""
    shown = frame.copy()
    shown[f"{column}_label"] = [label(kind, code, lang) for code in shown[column]]
    rank = {code: place for place, code in enumerate(ordered(kind, tuple(set(shown[column]))))}
    shown[f"{column}_rank"] = [rank[code] for code in shown[column]]
    return shown


def with_counts(names: Iterable[str], counts: Iterable[int], thin_below: int | None) -> list[str]:
    """Group names followed by their number of observations, ``⚠`` marking a thin sample
    (none when the KPI sets no ``thin_below``)."""
    return [
        f"{name} (n={n}{' ⚠' if thin_below is not None and n < thin_below else ''})"
        for name, n in zip(names, counts, strict=True)
    ]


def color_scale(kind: str, codes: Iterable[str], lang: str) -> alt.Scale:
    """Colours for the display labels of ``codes``, fixed per code."""
    in_order = ordered(kind, tuple(dict.fromkeys(codes)))
    palette = PALETTES.get(kind, {})
    spare = iter(SPARE * (len(in_order) // len(SPARE) + 1))
    colours = [palette.get(code) or next(spare) for code in in_order]
    return alt.Scale(domain=[label(kind, c, lang) for c in in_order], range=colours)


def region_scale(all_regions: Sequence[str]) -> alt.Scale:
    """One colour per region, by the region's place among all regions (stable across pages)."""
    regions = sorted(all_regions)
    return alt.Scale(domain=regions, range=[SPARE[i % len(SPARE)] for i in range(len(regions))])


def written(frame: pd.DataFrame, lang: str, *columns: str) -> pd.DataFrame:
    """``frame`` with ``<column>_text``: each count of ``columns`` written as a tile writes it
    (``display.formatting.number``: 2.5万, 2.50M), for tooltips, which d3 formats cannot
    write in 万."""
    shown = frame.copy()
    for column in columns:
        shown[f"{column}_text"] = [
            DASH if pd.isna(value) else number(value, lang) for value in shown[column]
        ]
    return shown


def dated(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """``frame`` with date columns as timestamps, as Altair reads time."""
    shown = frame.copy()
    for column in columns:
        shown[column] = pd.to_datetime(shown[column])
    return shown


def spans(frame: pd.DataFrame, buckets: TimeBuckets, lang: str) -> pd.DataFrame:
    """``frame`` with each bucket's span (``metrics.series.bucket_spans``: ``period_start``,
    ``period_end``, ``days``, ``full_days``, ``complete``), ``bar_start`` and ``bucket_end``
    (its first day and the day after its last day inside the period, where ``time_bars``
    draws its bar) and ``coverage``, the note a
    partial bucket carries ("Partial week: … (3 of 7 days)"; empty for a complete one)."""
    shown = bucket_spans(frame, buckets)
    shown["bar_start"] = shown["period_start"]
    shown["bucket_end"] = [last + timedelta(days=1) for last in shown["period_end"]]
    unit = grain_unit(buckets.grain, lang)
    shown["coverage"] = [
        ""
        if complete
        else t(
            "partial_coverage",
            lang,
            unit=unit,
            start=first.isoformat(),
            end=last.isoformat(),
            days=days,
            full=full,
        )
        for first, last, days, full, complete in zip(
            shown["period_start"],
            shown["period_end"],
            shown["days"],
            shown["full_days"],
            shown["complete"],
            strict=True,
        )
    ]
    return shown


COUNT_FORMATS = (",.0f", ".0f")
"""Number formats of count (or whole-yuan) axes: whole-number ticks, one unit per axis."""


def value_axis(channel: str, value_format: str, lang: str | None, **extra: Any) -> alt.Axis:
    """The axis of a value: a count axis (``COUNT_FORMATS``) gets whole-number ticks and, given
    the language, labels in one unit with thousands separators (``axis_label_expr``)."""
    settings: dict[str, Any] = {"format": value_format, **extra}
    if value_format in COUNT_FORMATS:
        settings["tickCount"] = whole_tick_count(channel)
        if lang is not None:
            settings["labelExpr"] = axis_label_expr(lang, channel)
    return alt.Axis(**settings)


def _plotted(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """``frame`` as a chart reads it: ``columns`` as timestamps, the spans' day columns (for
    the downloads) left out."""
    days = [
        c for c in ("period_start", "period_end", "bar_start", "bucket_end") if c not in columns
    ]
    kept = frame.drop(columns=days, errors="ignore")
    return dated(kept, *columns)


def _partial_notes(frame: pd.DataFrame) -> list[str]:
    """The distinct notes of the partial buckets in ``frame`` (none without ``spans``)."""
    if "coverage" not in frame:
        return []
    return [f"○ {note}" for note in dict.fromkeys(frame["coverage"]) if note]


NOTE_WIDTH = 44
"""The width of a line of a chart's subtitle, in Latin letters (a Chinese character counts
two): Vega cuts a longer line off with "…" at the chart's width, and a chart in a third of a
1440 px screen or on a phone is about 300 px wide."""
_TOKENS = re.compile(r"（?(?:[\x21-\x7e]+|\S)[）：，。、]*|\s")
"""What a line is not broken inside: a word or a date, or one Chinese character, with the
opening bracket before it and the closing punctuation after it."""


def wrapped(note: str, width: int = NOTE_WIDTH) -> list[str]:
    """``note`` in lines of at most ``width`` (a wide character counts two), broken at spaces
    or between Chinese characters, never inside a word or a date."""
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(note):
        if line and _width(line + token) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    return [*lines, line.rstrip()] if line.strip() else lines


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _title(title: str, frame: pd.DataFrame, *notes: str) -> str | alt.TitleParams:
    """The chart's title, with ``notes`` and the partial buckets' notes under it, each
    ``wrapped`` to fit a narrow chart."""
    lines = [line for note in (*notes, *_partial_notes(frame)) for line in wrapped(note)]
    return alt.TitleParams(title, subtitle=lines, subtitleColor="#666") if lines else title


def _tick_values(frame: pd.DataFrame, grain: str) -> list[alt.DateTime] | None:
    """Ticks on the buckets' first days (a week's Monday, a month's first) for weeks and
    months, so that Vega never puts a week's tick on a Sunday; Vega's own ticks for days."""
    if grain == "day" or "bucket" not in frame:
        return None
    starts = sorted({pd.Timestamp(value) for value in frame["bucket"]})
    return [alt.DateTime(year=s.year, month=s.month, date=s.day) for s in starts]


def _time_x(
    x_title: str, grain: str, frame: pd.DataFrame | None = None, field: str = "bucket"
) -> alt.X:
    values = _tick_values(frame, grain) if frame is not None else None
    axis = alt.Axis(format=DATE_FORMAT[grain], labelOverlap=True)
    if values is not None:
        axis = alt.Axis(format=DATE_FORMAT[grain], values=values, labelOverlap=True)
    return alt.X(f"{field}:T", title=x_title, axis=axis)


def _time_tooltip(grain: str) -> alt.Tooltip:
    return alt.Tooltip("bucket:T", title="", format=DATE_FORMAT[grain])


@dataclass(frozen=True)
class Band:
    """A shaded interval behind a line (a score's 90 % interval): the frame's columns of its
    ends and of the observations it rests on, their tooltip titles, and the note under the
    chart's title that says what the band is."""

    low: str
    high: str
    count: str
    titles: tuple[str, str, str]
    """The titles of ``low``, ``high`` and ``count``."""
    note: str


def _band_layer(
    shown: pd.DataFrame, band: Band, x: alt.X, y_title: str, y_format: str
) -> alt.Chart:
    low_title, high_title, count_title = band.titles
    tooltip = [
        alt.Tooltip(f"{band.count}:Q", title=count_title, format=",.0f"),
        alt.Tooltip(f"{band.low}:Q", title=low_title, format=y_format),
        alt.Tooltip(f"{band.high}:Q", title=high_title, format=y_format),
    ]
    if "coverage" in shown:
        tooltip.append(alt.Tooltip("coverage:N", title=""))
    return (
        alt.Chart(shown)
        .mark_area(opacity=0.2, color="#4C78A8")
        .encode(x=x, y=alt.Y(f"{band.low}:Q", title=y_title), y2=f"{band.high}:Q", tooltip=tooltip)
    )


def time_line(
    frame: pd.DataFrame,
    *,
    y: str,
    title: str,
    x_title: str,
    y_title: str,
    grain: str,
    y_format: str = ",.0f",
    color: str | None = None,
    scale: alt.Scale | None = None,
    color_title: str = "",
    lang: str | None = None,
    zero: bool = True,
    band: Band | None = None,
    notes: Sequence[str] = (),
) -> alt.Chart | alt.LayerChart:
    """A line over time buckets (column ``bucket``), one line per ``color`` value if given;
    ``zero=False`` lets the value axis start near the data (say so in its title); ``band``
    shades an interval behind the line, its note under the title, as are ``notes``.

    With the buckets' spans (``spans``), a partial bucket is a hollow point reached only by a
    dashed line, its note in the tooltip and under the title: a partial month's few active
    users never read as a drop."""
    tooltip = [_time_tooltip(grain), alt.Tooltip(f"{y}:Q", title=y_title, format=y_format)]
    encoding: dict[str, Any] = {
        "x": _time_x(x_title, grain, frame),
        "y": alt.Y(
            f"{y}:Q",
            title=y_title,
            axis=value_axis("y", y_format, lang),
            scale=alt.Scale(zero=zero),
        ),
        "tooltip": tooltip,
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", scale=scale, title=color_title)
        tooltip.insert(1, alt.Tooltip(f"{color}:N", title=color_title))
    shown = _plotted(frame, "bucket")
    if not _partial_notes(frame) and band is None:
        chart = alt.Chart(shown).mark_line(point=len(frame) <= 40)
        return chart.encode(**encoding).properties(
            title=_title(title, frame, *notes), height=HEIGHT
        )
    if _partial_notes(frame):
        tooltip.append(alt.Tooltip("coverage:N", title=""))
    base = alt.Chart(shown).encode(**encoding)
    complete = "datum.complete"
    layers = (
        [
            base.mark_line(strokeDash=[4, 4], opacity=0.7),
            base.transform_filter(complete).mark_line(),
            base.transform_filter(complete).mark_point(filled=True, size=30),
            base.transform_filter(f"!{complete}").mark_point(
                filled=False, fill="white", size=70, strokeWidth=2
            ),
        ]
        if _partial_notes(frame)
        else [base.mark_line(point=len(frame) <= 40)]
    )
    if band is not None:
        layers.insert(0, _band_layer(shown, band, encoding["x"], y_title, y_format))
        notes = (band.note, *notes)
    return alt.LayerChart(layer=layers).properties(
        title=_title(title, frame, *notes), height=HEIGHT
    )


def time_bars(
    frame: pd.DataFrame,
    *,
    y: str,
    title: str,
    x_title: str,
    y_title: str,
    grain: str,
    bucket_end: str = "bucket_end",
    y_format: str = ",.0f",
    color: str | None = None,
    scale: alt.Scale | None = None,
    color_title: str = "",
    lang: str | None = None,
) -> alt.Chart:
    """Bars spanning each bucket's days in the period (``bar_start``, else ``bucket``, to
    ``bucket_end``), stacked by ``color`` if given;
    with the buckets' spans (``spans``) a partial bucket's bar is pale, its note in the tooltip
    and under the title."""
    tooltip = [_time_tooltip(grain), alt.Tooltip(f"{y}:Q", title=y_title, format=y_format)]
    start = "bar_start" if "bar_start" in frame else "bucket"
    encoding = {
        "x": _time_x(x_title, grain, frame, field=start),
        "x2": f"{bucket_end}:T",
        "y": alt.Y(f"sum({y}):Q", title=y_title, axis=value_axis("y", y_format, lang)),
        "tooltip": tooltip,
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", scale=scale, title=color_title)
        tooltip.insert(1, alt.Tooltip(f"{color}:N", title=color_title))
    if _partial_notes(frame):
        tooltip.append(alt.Tooltip("coverage:N", title=""))
        encoding["opacity"] = alt.condition("datum.complete", alt.value(1.0), alt.value(0.35))
    chart = alt.Chart(_plotted(frame, "bucket", start, bucket_end)).mark_bar(
        stroke="white", strokeWidth=0.5
    )
    return chart.encode(**encoding).properties(title=_title(title, frame), height=HEIGHT)


def stacked_area(
    frame: pd.DataFrame,
    *,
    y: str,
    color: str,
    scale: alt.Scale,
    title: str,
    x_title: str,
    y_title: str,
    grain: str,
    order: str,
    color_title: str = "",
    normalize: bool = False,
) -> alt.Chart | alt.LayerChart:
    """Areas stacked by ``color`` in the order of the ``order`` column over time buckets;
    shares of the total when ``normalize``.

    With the buckets' spans (``spans``), the stretch reaching a partial bucket is pale (the
    complete buckets' areas are drawn solid over the whole), its note in the tooltip and under
    the title."""
    y_format = ".0%" if normalize else ",.0f"
    tooltip = [
        _time_tooltip(grain),
        alt.Tooltip(f"{color}:N", title=color_title),
        alt.Tooltip(f"{y}:Q", title=y_title, format=",.3~f"),
    ]
    encoding: dict[str, Any] = {
        "x": _time_x(x_title, grain, frame),
        "y": alt.Y(
            f"{y}:Q",
            title=y_title,
            stack="normalize" if normalize else "zero",
            axis=alt.Axis(format=y_format),
        ),
        "color": alt.Color(f"{color}:N", scale=scale, title=color_title),
        "order": alt.Order(f"{order}:Q"),
        "tooltip": tooltip,
    }
    if not _partial_notes(frame):
        chart = alt.Chart(_plotted(frame, "bucket")).mark_area(opacity=0.85)
        return chart.encode(**encoding).properties(title=title, height=HEIGHT)
    tooltip.append(alt.Tooltip("coverage:N", title=""))
    base = alt.Chart(_plotted(frame, "bucket")).encode(**encoding)
    layers = [
        base.mark_area(opacity=0.3),
        base.transform_filter("datum.complete").mark_area(opacity=0.85),
    ]
    return alt.LayerChart(layer=layers).properties(title=_title(title, frame), height=HEIGHT)


def ranked_bars(
    frame: pd.DataFrame,
    *,
    category: str,
    value: str,
    title: str,
    category_title: str,
    value_title: str,
    value_format: str = ",.0f",
    color: str | None = None,
    scale: alt.Scale | None = None,
    extra_tooltips: Sequence[alt.Tooltip] = (),
    lang: str | None = None,
    sort: str | None = "-x",
) -> alt.Chart:
    """Horizontal bars, largest value on top (``sort=None``: in the frame's order)."""
    encoding = {
        "y": alt.Y(f"{category}:N", title=category_title, sort=sort, axis=alt.Axis(labelLimit=260)),
        "x": alt.X(f"{value}:Q", title=value_title, axis=value_axis("x", value_format, lang)),
        "tooltip": [
            alt.Tooltip(f"{category}:N", title=category_title),
            alt.Tooltip(f"{value}:Q", title=value_title, format=value_format),
            *extra_tooltips,
        ],
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", scale=scale, legend=None)
    height = 110 + 28 * len(frame)
    return alt.Chart(frame).mark_bar().encode(**encoding).properties(title=title, height=height)


def columns(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    title: str,
    x_title: str,
    y_title: str,
    y_format: str = ",.0f",
    sort: Sequence[str] | None = None,
    color: str | None = None,
    scale: alt.Scale | None = None,
    color_title: str = "",
    lang: str | None = None,
) -> alt.Chart:
    """Vertical bars over an ordered category (a score, an age band)."""
    encoding = {
        "x": alt.X(
            f"{x}:O", title=x_title, sort=list(sort) if sort else None, axis=alt.Axis(labelAngle=0)
        ),
        "y": alt.Y(f"{y}:Q", title=y_title, axis=value_axis("y", y_format, lang)),
        "tooltip": [
            alt.Tooltip(f"{x}:O", title=x_title),
            alt.Tooltip(f"{y}:Q", title=y_title, format=y_format),
        ],
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", scale=scale, title=color_title)
    return alt.Chart(frame).mark_bar().encode(**encoding).properties(title=title, height=HEIGHT)


def interval_bars(
    frame: pd.DataFrame,
    *,
    category: str,
    value: str,
    low: str,
    high: str,
    ranked: str,
    title: str,
    value_title: str,
    value_format: str,
    domain: tuple[float, float],
    interval_titles: tuple[str, str],
) -> alt.LayerChart:
    """Groups in the frame's order (ranked ones first), each a dot at ``value`` with a bar
    from ``low`` to ``high`` (its interval, within ``domain``); groups whose ``ranked`` is
    False in grey."""
    shown = frame.assign(_tone=["ranked" if r else "unranked" for r in frame[ranked]])
    # An interval cannot reach past the score's scale (a t interval of two CSAT scores can).
    shown[low] = shown[low].clip(lower=domain[0], upper=domain[1])
    shown[high] = shown[high].clip(lower=domain[0], upper=domain[1])
    tone = alt.Color(
        "_tone:N",
        scale=alt.Scale(domain=["ranked", "unranked"], range=["#4C78A8", "#9E9E9E"]),
        legend=None,
    )
    y = alt.Y(f"{category}:N", title=None, sort=None, axis=alt.Axis(labelLimit=260))
    x_scale = alt.Scale(domain=list(domain))
    tooltip = [
        alt.Tooltip(f"{category}:N", title=""),
        alt.Tooltip(f"{value}:Q", title=value_title, format=value_format),
        alt.Tooltip(f"{low}:Q", title=interval_titles[0], format=value_format),
        alt.Tooltip(f"{high}:Q", title=interval_titles[1], format=value_format),
    ]
    base = alt.Chart(shown)
    bars = base.mark_rule(strokeWidth=6, opacity=0.35).encode(
        y=y, x=alt.X(f"{low}:Q", scale=x_scale), x2=f"{high}:Q", color=tone, tooltip=tooltip
    )
    dots = base.mark_point(filled=True, size=70).encode(
        y=y,
        x=alt.X(f"{value}:Q", title=value_title, scale=x_scale, axis=alt.Axis(format=value_format)),
        color=tone,
        tooltip=tooltip,
    )
    return alt.LayerChart(layer=[bars, dots]).properties(title=title, height=110 + 28 * len(frame))


def count_histogram(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    title: str,
    x_title: str,
    y_title: str,
    lang: str | None = None,
    color: str = "#4C78A8",
) -> alt.Chart:
    """Counts per whole number ``x`` (days, say) on a true number line: the bar of ``x`` spans
    ``x`` to ``x + 1``, so that 6 and 19 sit as far apart as they are."""
    shown = frame.assign(_next=frame[x] + 1)
    encoding = {
        "x": alt.X(f"{x}:Q", title=x_title, axis=value_axis("x", ".0f", lang)),
        "x2": "_next:Q",
        "y": alt.Y(f"{y}:Q", title=y_title, axis=value_axis("y", ",.0f", lang)),
        "y2": alt.datum(0),
        "tooltip": [
            alt.Tooltip(f"{x}:Q", title=x_title, format=",.0f"),
            alt.Tooltip(f"{y}:Q", title=y_title, format=",.0f"),
        ],
    }
    chart = alt.Chart(shown).mark_bar(color=color, stroke="white", strokeWidth=0.5)
    return chart.encode(**encoding).properties(title=title, height=HEIGHT)


def heatmap(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    value: str,
    title: str,
    x_title: str,
    y_title: str,
    value_title: str,
) -> alt.LayerChart:
    """Cells coloured by a share, with the share written in each cell."""
    base = alt.Chart(frame).encode(
        x=alt.X(f"{x}:O", title=x_title, axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{y}:O", title=y_title),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            f"{value}:Q",
            title=value_title,
            scale=alt.Scale(scheme="blues", domain=[0, 1]),
            legend=alt.Legend(format=".0%"),
        ),
        tooltip=[
            alt.Tooltip(f"{y}:O", title=y_title),
            alt.Tooltip(f"{x}:O", title=x_title),
            alt.Tooltip(f"{value}:Q", title=value_title, format=".1%"),
        ],
    )
    text = base.mark_text().encode(  # its size from the config: presentation mode enlarges it
        text=alt.Text(f"{value}:Q", format=".0%"),
        color=alt.condition(f"datum['{value}'] > 0.5", alt.value("white"), alt.value("black")),
    )
    return alt.LayerChart(layer=[cells, text]).properties(
        title=title, height=110 + 26 * frame[y].nunique()
    )


def shaded(
    chart: alt.Chart | alt.LayerChart,
    periods: pd.DataFrame,
    *,
    first: date,
    last: date,
    label_title: str,
) -> alt.Chart | alt.LayerChart:
    """``chart`` with grey bands behind it for ``periods`` (``campaign_name, start, end``),
    clipped to ``first``..``last`` so that they never widen the time axis."""
    if periods.empty:
        return chart
    bands = periods.copy()
    bands["band_start"] = bands["start"].map(lambda d: max(d, first))
    bands["band_end"] = bands["end"].map(lambda d: min(d, last) + timedelta(days=1))
    bands["dates"] = [
        f"{s.isoformat()} – {e.isoformat()}"
        for s, e in zip(bands["start"], bands["end"], strict=True)
    ]
    bands = dated(
        bands[["campaign_name", "dates", "band_start", "band_end"]], "band_start", "band_end"
    )
    layer = (
        alt.Chart(bands)
        .mark_rect(color="#9E9E9E", opacity=0.15)
        .encode(
            x="band_start:T",
            x2="band_end:T",
            tooltip=[
                alt.Tooltip("campaign_name:N", title=label_title),
                alt.Tooltip("dates:N", title=""),
            ],
        )
    )
    return alt.LayerChart(layer=[layer, chart])
