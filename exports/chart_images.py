"""Charts as PNG and SVG images that stand on their own: title, filters and data date inside.

Altair charts are rendered by vl-convert, offline. The export's title and
caption lines replace the chart's own title, and the text font names a face
that covers Chinese (Debian's fonts-noto-cjk), so branch names render in
either language.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import vl_convert

from display.formatting import whole_tick_count

FONT = "Noto Sans CJK SC, Noto Sans, DejaVu Sans, sans-serif"
WIDTH = 720
HEIGHT = 320
TIME_TICKS = 6
"""A hint of about 6 date ticks gives at most 9 labels, which fit side by side. (vl-convert
measures label text narrower than it draws it, so its own overlap removal lets dates collide.)"""

ChartLike = alt.TopLevelMixin | dict[str, Any]


@dataclass(frozen=True)
class Caption:
    """What an exported chart says about itself: a title and lines such as filters and data date."""

    title: str
    lines: Sequence[str] = ()


def image_spec(
    chart: ChartLike,
    caption: Caption | None,
    *,
    size: tuple[int, int] | None = None,
    config: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The Vega-Lite spec of ``chart`` ready to render on its own.

    A single view gets ``size`` (width, height in pixels) when given, else a
    fixed width where it had none or the page's container's (a file has no
    container). The caption,
    or no title at all when it is ``None``, replaces the chart's title, and
    ``config`` entries (e.g. larger axis labels) are laid over the chart's config.
    """
    spec = copy.deepcopy(chart if isinstance(chart, dict) else chart.to_dict())
    if _is_single_view(spec):
        if size is not None:
            spec["width"], spec["height"] = size
        if spec.get("width", "container") == "container":
            spec["width"] = WIDTH
        if spec.get("height") == "container":
            spec["height"] = HEIGHT
    spec.pop("title", None)
    for view in spec.get("layer", ()):
        view.pop("title", None)
    if caption is not None:
        spec["title"] = {
            "text": caption.title,
            "subtitle": list(caption.lines),
            "anchor": "start",
            "fontSize": 16,
            "subtitleFontSize": 12,
            "subtitleColor": "#555555",
            "offset": 12,
        }
    _whole_number_ticks(spec)
    merged = spec.setdefault("config", {})
    merged.setdefault("background", "white")
    merged.setdefault("axisTemporal", {}).setdefault("tickCount", TIME_TICKS)
    for key, value in (config or {}).items():
        merged[key] = {**merged.get(key, {}), **value} if isinstance(value, Mapping) else value
    merged["font"] = FONT
    return spec


def chart_title(chart: ChartLike) -> str:
    """The chart's own title (a layered chart's first one), or ``""``; read without
    serialising the chart, which would copy its data."""
    views = [chart, *chart.get("layer", ())] if isinstance(chart, dict) else [chart]
    if not isinstance(chart, dict):
        views += list(getattr(chart, "layer", None) or ())
    for view in views:
        title = view.get("title") if isinstance(view, dict) else getattr(view, "title", None)
        if isinstance(title, dict):
            title = title.get("text")
        elif title is not None and hasattr(title, "text"):
            title = title.text
        if isinstance(title, list):
            title = " ".join(map(str, title))
        if isinstance(title, str) and title:
            return title
    return ""


def _whole_number_ticks(spec: dict[str, Any]) -> None:
    """Axes that write whole numbers get whole-number ticks: with small counts Vega would
    otherwise put ticks at 0.5 steps and label two of them alike ("0 0 1 1 2"). (Vega-Lite's
    ``tickMinStep`` does not prevent it; a tick count bounded by the domain's span does.)"""
    for name, channel in spec.get("encoding", {}).items():
        axis = channel.get("axis") if isinstance(channel, dict) else None
        if (
            name in ("x", "y")
            and isinstance(axis, dict)
            and str(axis.get("format", "")).endswith(".0f")
        ):
            axis.setdefault("tickCount", whole_tick_count(name))
    for view in spec.get("layer", ()):
        _whole_number_ticks(view)


def _is_single_view(spec: dict[str, Any]) -> bool:
    return not any(key in spec for key in ("hconcat", "vconcat", "concat", "facet", "repeat"))


def chart_png(
    chart: ChartLike, caption: Caption | None, *, scale: float = 2.0, **layout: Any
) -> bytes:
    """The chart as a PNG (``scale`` 2 gives a sharp image on a projector); ``layout`` as ``image_spec``."""
    return vl_convert.vegalite_to_png(image_spec(chart, caption, **layout), scale=scale)


def chart_svg(chart: ChartLike, caption: Caption | None, **layout: Any) -> str:
    """The chart as SVG text (text stays text, so it scales and can be searched)."""
    return vl_convert.vegalite_to_svg(image_spec(chart, caption, **layout))
