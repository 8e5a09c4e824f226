"""What the viewer is looking at (period, filters, comparison, language) and its URL form.

The URL carries ``start`` and ``end`` (ISO dates), ``region``, ``branch`` (ids),
``segment`` and ``channel`` (repeated for several values), ``compare`` and
``lang``. ``parse_view`` keeps only values the data offers: anything else is
dropped with a ``Notice`` and never reaches a query.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal, TypeVar

from data_access import Filters
from display.i18n import LANGS
from metrics.dimensions import FilterChoices
from metrics.period import Period
from metrics.series import GRAINS

PRESETS = ("last_30_days", "this_month", "last_month", "this_quarter", "year_to_date", "custom")
Compare = Literal["previous", "last_year"]
COMPARES: tuple[Compare, ...] = ("previous", "last_year")
LIST_PARAMS = ("region", "branch", "segment", "channel")
PARAMS = ("start", "end", *LIST_PARAMS, "compare", "lang")
STREAMLIT_PARAMS = ("embed", "embed_options")
"""Parameters Streamlit itself reads; left alone."""
PAGE_PARAMS = ("campaign", "team", "month", "rank_by")
"""A page's own selection, validated by that page (``ui.filters.page_choice``)."""
BOUND_PARAMS = ("plan_branch", "plan_days")
"""Widgets bound to the URL (``bind="query-params"``, the Campaigns page's planner): Streamlit
reads, checks and writes them itself, and refuses any other change to them."""
DISPLAY_PARAMS = ("present",)
"""How the page is shown (``present``: presentation mode), read by ``ui.presentation``."""
CHART_PARAMS = ("grain",)
"""The charts' day / week / month switch (``ui.render.time_axis``, which reads and writes it);
checked here so that an invalid value gets a notice like any other."""
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_Option = TypeVar("_Option", bound=str)


@dataclass(frozen=True)
class View:
    period: Period
    filters: Filters = field(default_factory=Filters)
    compare: Compare = "previous"
    lang: str = "en"
    preset: str = "custom"
    """The preset the period follows; a preset period moves with the latest data date."""

    @property
    def comparison(self) -> Period:
        return (
            self.period.same_last_year() if self.compare == "last_year" else self.period.previous()
        )


@dataclass(frozen=True)
class Notice:
    """A URL value that was dropped: ``message`` is a string key of ``display.i18n``."""

    message: str
    param: str = ""
    value: str = ""
    dates: tuple[tuple[str, str], ...] = ()
    """Further named dates the message shows (``first``, ``last``, ``start``, ``end``)."""


def preset_period(preset: str, anchor: date) -> Period:
    """The period a preset names, relative to ``anchor`` (the latest data date)."""
    month_start = anchor.replace(day=1)
    if preset == "last_30_days":
        return Period(anchor - timedelta(days=29), anchor)
    if preset == "this_month":
        return Period(month_start, anchor)
    if preset == "last_month":
        last_day = month_start - timedelta(days=1)
        return Period(last_day.replace(day=1), last_day)
    if preset == "this_quarter":
        return Period(anchor.replace(month=(anchor.month - 1) // 3 * 3 + 1, day=1), anchor)
    if preset == "year_to_date":
        return Period(anchor.replace(month=1, day=1), anchor)
    raise ValueError(f"{preset!r} is not a preset period")


def matching_preset(period: Period, anchor: date) -> str:
    """The first preset giving exactly ``period``, else ``custom``."""
    for preset in PRESETS[:-1]:
        if preset_period(preset, anchor) == period:
            return preset
    return "custom"


def default_view(anchor: date, lang: str = "en") -> View:
    return View(preset_period("last_30_days", anchor), lang=lang, preset="last_30_days")


def to_params(view: View) -> dict[str, list[str]]:
    """The URL query parameters of ``view``: every parameter that has a value, in a fixed order."""
    params: dict[str, list[str]] = {
        "start": [view.period.start.isoformat()],
        "end": [view.period.end.isoformat()],
        **view.filters.as_dict(),
        "compare": [view.compare],
        "lang": [view.lang],
    }
    return {name: values for name, values in params.items() if values}


def follow_data(view: View, choices: FilterChoices, anchor: date) -> View:
    """``view`` after the data changed: a preset period moves to the new latest date and
    filter values the data no longer offers are dropped."""
    period = view.period if view.preset == "custom" else preset_period(view.preset, anchor)
    regions = tuple(r for r in view.filters.regions if r in choices.regions)
    allowed = {b.branch_id for b in choices.branches_in(regions)}
    filters = Filters(
        branches=tuple(b for b in view.filters.branches if b in allowed),
        regions=regions,
        segments=tuple(s for s in view.filters.segments if s in choices.segments),
        channels=tuple(c for c in view.filters.channels if c in choices.channels),
    )
    return replace(view, period=period, filters=filters)


def parse_view(
    params: Mapping[str, Sequence[str]],
    choices: FilterChoices,
    anchor: date,
    default_lang: str = "en",
) -> tuple[View, list[Notice]]:
    """The view a URL asks for, and a notice for every value that was dropped."""
    notices: list[Notice] = []
    known = (
        *PARAMS,
        *STREAMLIT_PARAMS,
        *PAGE_PARAMS,
        *BOUND_PARAMS,
        *DISPLAY_PARAMS,
        *CHART_PARAMS,
    )
    for name in params:
        if name not in known:
            notices.append(Notice("notice_unknown_param", param=name))

    def single(name: str, allowed: Sequence[_Option], default: _Option) -> _Option:
        values = [v for v in params.get(name, ()) if v != ""]
        if not values:
            return default
        if len(values) > 1:
            notices.append(Notice("notice_repeated", param=name))
        if values[0] not in allowed:
            notices.append(Notice("notice_unknown_value", param=name, value=values[0]))
            return default
        return allowed[allowed.index(values[0])]  # the option itself, typed as one

    fallback_lang = default_lang if default_lang in LANGS else "en"
    asked_langs = [v for v in params.get("lang", ()) if v != ""]
    if asked_langs and asked_langs[0] not in LANGS:
        # An unsupported language: the browser's instead, and say so (in that language).
        notices.append(Notice("notice_unknown_lang", param="lang", value=asked_langs[0]))
        lang = fallback_lang
        if len(asked_langs) > 1:
            notices.append(Notice("notice_repeated", param="lang"))
    else:
        lang = single("lang", LANGS, fallback_lang)
    single("grain", GRAINS, "day")
    compare = single("compare", COMPARES, "previous")

    def chosen(name: str, offered: Sequence[str]) -> tuple[str, ...]:
        kept = []
        for value in params.get(name, ()):
            if value in offered:
                kept.append(value)
            elif value != "":
                notices.append(Notice("notice_unknown_value", param=name, value=value))
        return tuple(kept)

    regions = chosen("region", choices.regions)
    in_regions = {b.branch_id for b in choices.branches_in(regions)}
    branches = []
    for value in chosen("branch", [b.branch_id for b in choices.branches]):
        if value in in_regions:
            branches.append(value)
        else:
            notices.append(Notice("notice_branch_outside_region", param="branch", value=value))
    filters = Filters(
        branches=tuple(branches),
        regions=regions,
        segments=chosen("segment", choices.segments),
        channels=chosen("channel", choices.channels),
    )
    period = _period(params, anchor, notices)
    preset = matching_preset(period, anchor)
    return View(period, filters, compare, lang, preset), notices


def within_data(view: View, first: date, last: date) -> tuple[View, list[Notice]]:
    """``view`` with its period clipped to the data's dates ``[first, last]``, and a notice when
    that shortened it. A period wholly outside the data is left as it is: the pages then say
    where the data lies (``ui.empty.stop_without_data``) instead of showing zeros."""
    clipped = view.period.within(first, last)
    if clipped is None or clipped == view.period:
        return view, []
    named = (("first", first), ("last", last), ("start", clipped.start), ("end", clipped.end))
    notice = Notice("notice_period_clipped", dates=tuple((n, d.isoformat()) for n, d in named))
    return replace(view, period=clipped), [notice]


def _period(params: Mapping[str, Sequence[str]], anchor: date, notices: list[Notice]) -> Period:
    """The URL's period; the default (last 30 days) for whatever part is missing or invalid."""
    default = preset_period("last_30_days", anchor)
    start = _date(params, "start", notices)
    end = _date(params, "end", notices)
    if start is None:
        if end is None:
            return default
        start = end - timedelta(days=default.days - 1)
    elif end is None:
        end = max(start, default.end)
    if start > end:
        notices.append(Notice("notice_start_after_end"))
        return default
    return Period(start, end)


def _date(params: Mapping[str, Sequence[str]], name: str, notices: list[Notice]) -> date | None:
    values = [v for v in params.get(name, ()) if v != ""]
    if not values:
        return None
    if len(values) > 1:
        notices.append(Notice("notice_repeated", param=name))
    text = values[0]
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        notices.append(Notice("notice_bad_date", param=name, value=text))
        return None
    if not EARLIEST <= day <= LATEST:
        notices.append(Notice("notice_date_out_of_range", param=name, value=text))
        return None
    return day
