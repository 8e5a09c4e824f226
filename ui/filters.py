"""The shared sidebar filters and their place in the URL.

The view lives in the session: read from the URL on the session's first run,
changed by the sidebar widgets' callbacks, and written back to the URL on
every run. Streamlit clears the query string when the viewer switches pages;
writing it again keeps the filters in the address of every page, so a copied
link reopens the same view. (Widget binding to query parameters would put
display labels in the URL; the URL holds branch ids and codes instead.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

import streamlit as st

from data_access import Filters
from display.formatting import plain
from display.i18n import LANGS, LANGUAGE_NAMES, label, ordered, t
from metrics.dimensions import DataDates, FilterChoices
from metrics.period import Period
from ui.view import (
    BOUND_PARAMS,
    CHART_PARAMS,
    COMPARES,
    DISPLAY_PARAMS,
    EARLIEST,
    LATEST,
    PAGE_PARAMS,
    PARAMS,
    PRESETS,
    STREAMLIT_PARAMS,
    Notice,
    View,
    default_view,
    follow_data,
    parse_view,
    preset_period,
    to_params,
    within_data,
)

VIEW = "_view"
NOTICES = "_view_notices"
WIDGETS = {
    "lang": "f_lang",
    "preset": "f_preset",
    "start": "f_start",
    "end": "f_end",
    "compare": "f_compare",
    "region": "f_region",
    "branch": "f_branch",
    "segment": "f_segment",
    "channel": "f_channel",
}


def _browser_lang() -> str:
    """The first language the browser's locale names (``zh-CN`` is ``zh``), else English."""
    locale = (st.context.locale or "").lower()
    return next((lang for lang in LANGS if locale.startswith(lang)), "en")


def requested_lang() -> str:
    """The language the URL asks for, else the browser's: for pages shown before any view exists."""
    asked = st.query_params.get("lang")
    return asked if asked in LANGS else _browser_lang()


def resolve_view(choices: FilterChoices, anchor: date, data: DataDates | None = None) -> View:
    """The session's view, parsed from the URL on its first run; its period clipped to the
    data's dates ``data`` (with a notice the first time)."""
    state = st.session_state
    first_run = VIEW not in state
    if first_run:
        params = {name: st.query_params.get_all(name) for name in st.query_params}
        view, notices = parse_view(params, choices, anchor, _browser_lang())
        state[NOTICES] = notices
    else:
        view = follow_data(state[VIEW], choices, anchor)
    if data is not None:
        view, clipped = within_data(view, data.first, data.latest)
        if first_run:
            state[NOTICES] = [*state[NOTICES], *clipped]
    state[VIEW] = view
    return view


def write_url(view: View) -> None:
    """Put the view in the URL, keeping the page's own parameters for the page to check.

    With a parameter bound to a widget (``BOUND_PARAMS``) in the URL, only the parameters that
    differ are written or removed: Streamlit refuses any change to a bound one."""
    present = {name: st.query_params.get_all(name) for name in st.query_params}
    present = {name: values for name, values in present.items() if name not in STREAMLIT_PARAMS}
    bound = BOUND_PARAMS
    kept = (*PAGE_PARAMS, *bound, *CHART_PARAMS, *DISPLAY_PARAMS)
    wanted = to_params(view) | {n: v for n, v in present.items() if n in kept}
    if present == wanted:
        return
    if not any(name in bound for name in present):
        st.query_params.from_dict(wanted)
        return
    for name in present.keys() - wanted.keys():
        del st.query_params[name]
    for name, values in wanted.items():
        if present.get(name) != values:
            st.query_params[name] = values


def page_choice(
    name: str,
    label: str,
    options: Sequence[str],
    lang: str,
    *,
    format_func: Callable[[str], str] = str,
    default: str | None = None,
    default_in_url: bool = True,
) -> str | None:
    """A page's own selection (a campaign, a team, a month), kept in the URL as ``name``.

    ``name`` must be one of ``ui.view.PAGE_PARAMS``. A URL value that is not
    among ``options`` (unknown, or outside the viewer's scope) is dropped with a
    notice and never reaches a query. ``None`` when there is nothing to choose. With
    ``default_in_url`` False, the parameter is left out while the choice is ``default``.
    """
    if not options:
        st.query_params.pop(name, None)
        return None
    key = f"page_{name}"
    fallback = default if default in options else options[0]
    if key not in st.session_state:
        asked = st.query_params.get_all(name)
        if asked and asked[0] not in options:
            st.warning(
                _notice_text(Notice("notice_unknown_value", param=name, value=asked[0]), lang),
                icon="⚠️",
            )
        st.session_state[key] = asked[0] if asked and asked[0] in options else fallback
    elif st.session_state[key] not in options:
        st.session_state[key] = fallback
    value = st.selectbox(label, options, format_func=format_func, key=key)
    if value == default and not default_in_url:
        st.query_params.pop(name, None)  # a link stays short while the choice is the default
    else:
        st.query_params[name] = value
    return value


def show_notices(lang: str) -> None:
    """Explain every URL value that was dropped, until the viewer changes a filter."""
    for notice in st.session_state.get(NOTICES, []):
        st.warning(_notice_text(notice, lang), icon="⚠️")


def _notice_text(notice: Notice, lang: str) -> str:
    named = (*PARAMS, *CHART_PARAMS, *PAGE_PARAMS, *DISPLAY_PARAMS)
    param = t(f"param_{notice.param}", lang) if notice.param in named else notice.param[:40]
    return t(
        notice.message,
        lang,
        param=plain(param),
        value=plain(notice.value[:80]),
        **dict(notice.dates),
    )


def _update(**changes) -> None:
    st.session_state[VIEW] = replace(st.session_state[VIEW], **changes)
    st.session_state[NOTICES] = []


def _on_lang() -> None:
    _update(lang=st.session_state[WIDGETS["lang"]] or st.session_state[VIEW].lang)


def _on_preset(anchor: date) -> None:
    preset = st.session_state[WIDGETS["preset"]]
    if preset == "custom":
        _update(preset=preset)
    else:
        _update(preset=preset, period=preset_period(preset, anchor))


def _on_date(changed: str) -> None:
    """A new start after the end moves the end with it, and the other way round."""
    start, end = st.session_state[WIDGETS["start"]], st.session_state[WIDGETS["end"]]
    if start is None or end is None:
        return
    if start > end:
        start, end = (start, start) if changed == "start" else (end, end)
    _update(preset="custom", period=Period(start, end))


def _on_compare() -> None:
    _update(compare=st.session_state[WIDGETS["compare"]] or "previous")


def _on_filters(choices: FilterChoices) -> None:
    regions = tuple(st.session_state[WIDGETS["region"]])
    allowed = {b.branch_id for b in choices.branches_in(regions)}
    _update(
        filters=Filters(
            branches=tuple(b for b in st.session_state[WIDGETS["branch"]] if b in allowed),
            regions=regions,
            segments=tuple(st.session_state[WIDGETS["segment"]]),
            channels=tuple(st.session_state[WIDGETS["channel"]]),
        )
    )


def _on_reset(anchor: date) -> None:
    st.session_state[VIEW] = default_view(anchor, st.session_state[VIEW].lang)
    st.session_state[NOTICES] = []


def _seed_widgets(view: View) -> None:
    """Show the view in the widgets (it may have changed outside them: a preset, a reset)."""
    values = {
        "lang": view.lang,
        "preset": view.preset,
        "start": view.period.start,
        "end": view.period.end,
        "compare": view.compare,
        "region": list(view.filters.regions),
        "branch": list(view.filters.branches),
        "segment": list(view.filters.segments),
        "channel": list(view.filters.channels),
    }
    for name, value in values.items():
        st.session_state[WIDGETS[name]] = value


def sidebar(
    view: View, choices: FilterChoices, anchor: date, data: DataDates | None = None
) -> None:
    """The filter widgets, in the sidebar under the page list; the date pickers offer the
    data's dates ``data`` (and the view's period, should it lie outside them)."""
    lang = view.lang
    _seed_widgets(view)
    bar = st.sidebar
    bar.segmented_control(
        t("language", lang),
        LANGS,
        format_func=lambda code: LANGUAGE_NAMES.get(code, code),
        key=WIDGETS["lang"],
        on_change=_on_lang,
        required=True,
    )
    bar.selectbox(
        t("period", lang),
        PRESETS,
        format_func=lambda p: t(f"preset_{p}", lang),
        key=WIDGETS["preset"],
        on_change=_on_preset,
        args=(anchor,),
    )
    lowest, highest = (data.first, data.latest) if data else (EARLIEST, LATEST)
    for name in ("start", "end"):
        bar.date_input(
            t(name, lang),
            min_value=min(lowest, view.period.start),
            max_value=max(highest, view.period.end),
            format="YYYY-MM-DD",
            key=WIDGETS[name],
            on_change=_on_date,
            args=(name,),
        )
    bar.radio(
        t("compare", lang),
        COMPARES,
        format_func=lambda c: t(f"option_{c}", lang),
        key=WIDGETS["compare"],
        on_change=_on_compare,
    )
    region_branches = choices.branches_in(view.filters.regions)
    names = {b.branch_id: f"{b.name} ({b.branch_id})" for b in choices.branches}
    lists: tuple[tuple[str, Sequence[str], Callable[[str], str]], ...] = (
        ("region", choices.regions, str),
        ("branch", [b.branch_id for b in region_branches], lambda b: names.get(b, b)),
        ("segment", ordered("segment", choices.segments), lambda c: label("segment", c, lang)),
        ("channel", ordered("channel", choices.channels), lambda c: label("channel", c, lang)),
    )
    for name, options, show in lists:
        bar.multiselect(
            t(name, lang),
            options,
            format_func=show,
            key=WIDGETS[name],
            on_change=_on_filters,
            args=(choices,),
            placeholder=t("all", lang),
        )
    bar.button(t("reset_filters", lang), on_click=_on_reset, args=(anchor,), type="tertiary")
