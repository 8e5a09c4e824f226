"""Export buttons: each chart as PNG and SVG, the page as an Excel workbook, the meeting pack.

Chart images and the workbook are made when their button is clicked
(Streamlit's deferred downloads), so showing the buttons costs a page
nothing. While a page runs, ``page_exports`` collects the KPI tiles and charts
it shows; afterwards the sidebar offers them as one workbook. The meeting pack
is built in the sidebar with a progress bar, then downloads by itself (its
button stays, in case the browser held the download back); the built deck, too,
becomes a served file only when its download button is pressed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import altair as alt
import pandas as pd
import streamlit as st

from data_access.audit import EXPORT
from display.i18n import t
from exports.chart_images import Caption, chart_png, chart_svg, chart_title
from exports.content import ChartExport, KpiFigure, TableExport
from exports.context import ExportContext, make_context
from exports.pack import pack_deck
from exports.workbook import build_workbook
from metrics.definitions import METRICS_BY_KEY
from ui import audit_trail
from ui.cache import scope_key
from ui.context import Context, current

COLLECTED = "_page_exports"
PACK = "_meeting_pack"
REQUESTED = "_meeting_pack_requested"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOWNLOAD_KEY = "pack_download"


@dataclass
class PageExports:
    """What the running page has shown, in order."""

    kpis: list[KpiFigure] = field(default_factory=list)
    charts: list[ChartExport] = field(default_factory=list)
    tables: list[TableExport] = field(default_factory=list)


@dataclass(frozen=True)
class BuiltPack:
    key: tuple
    deck: bytes
    slides: int


def export_context(context: Context) -> ExportContext:
    """Period, comparison, filters (branches by name) and data date of the current view."""
    return make_context(
        context.period,
        context.filters,
        context.lang,
        context.view.compare,
        context.choices.branches,
        context.dates.latest if context.dates else None,
        scope=context.db.scope,
    )


def _collected() -> PageExports | None:
    return st.session_state.get(COLLECTED)


def collect_kpis(
    keys: Sequence[str],
    now: Mapping[str, float | None],
    before: Mapping[str, float | None],
    observations: Mapping[str, int],
) -> None:
    """Called by ``ui.kpis.kpi_tiles``: the tiles the page shows, for its workbook."""
    collected = _collected()
    if collected is not None:
        collected.kpis.extend(
            KpiFigure(METRICS_BY_KEY[key], now[key], before[key], observations.get(key))
            for key in keys
        )


def collect_table(title: str, data: pd.DataFrame, notes: tuple[str, ...] = ()) -> None:
    """A table the page shows (as it is shown, headers included), with sentences that go with
    it, for the page's workbook."""
    collected = _collected()
    if collected is not None:
        collected.tables.append(TableExport(title, data, notes))


def chart_buttons(figure: alt.TopLevelMixin, data: pd.DataFrame, name: str, lang: str) -> None:
    """PNG and SVG downloads of ``figure`` (its title, the filters and data date drawn in),
    called by ``ui.render.chart``; the chart is also collected for the page's workbook."""
    title = chart_title(figure) or name
    caption = Caption(title, export_context(current()).caption_lines())
    collected = _collected()
    if collected is not None:
        collected.charts.append(ChartExport(title, figure, data))
    for kind, mime, make in (
        ("png", "image/png", lambda: chart_png(figure, caption)),
        ("svg", "image/svg+xml", lambda: chart_svg(figure, caption)),
    ):
        st.download_button(
            t(f"export_{kind}", lang),
            data=audit_trail.recorded_file(EXPORT, kind, f"{name}.{kind}", make, rows=len(data)),
            file_name=f"{name}.{kind}",
            mime=mime,
            key=f"{kind}_{name}",
            help=t("export_image_help", lang),
            icon=":material/image:",
            type="tertiary",
            on_click="ignore",
        )


@contextmanager
def page_exports(context: Context, page: str) -> Iterator[None]:
    """Around the page run: an Export section in the sidebar with the meeting pack and,
    once the page has run, its KPIs and charts as an Excel workbook."""
    lang = context.lang
    section = st.sidebar.container()
    section.subheader(t("export_heading", lang), divider="gray")
    workbook_slot = section.container()
    with section:
        _meeting_pack(context)
    st.session_state[COLLECTED] = PageExports()
    yield
    collected = st.session_state.pop(COLLECTED)
    if collected.kpis or collected.charts or collected.tables:
        with workbook_slot:
            _workbook_button(context, page, collected)


def _workbook_button(context: Context, page: str, collected: PageExports) -> None:
    about = export_context(context)
    title = t(f"page_{page}", context.lang)
    kpis, charts = tuple(collected.kpis), tuple(collected.charts)
    tables = tuple(collected.tables)
    file_name = f"{page}_{context.period.start}_{context.period.end}.xlsx"
    st.download_button(
        t("export_excel", context.lang),
        data=audit_trail.recorded_file(
            EXPORT,
            "xlsx",
            file_name,
            lambda: build_workbook(about, title, kpis, charts, tables),
            kpis=len(kpis),
            charts=len(charts),
            tables=len(tables),
        ),
        file_name=file_name,
        mime=XLSX,
        key="export_excel",
        help=t("export_excel_help", context.lang),
        icon=":material/table_view:",
        on_click="ignore",
        width="stretch",
    )


@st.fragment
def _meeting_pack(context: Context) -> None:
    """The meeting pack button: builds the deck with a progress bar, then downloads it."""
    lang = context.lang
    db = context.db
    key = (db.url, scope_key(db.scope), context.data_version, context.view)
    st.button(
        t("pack_build", lang),
        key="pack_build",
        help=t("pack_help", lang),
        icon=":material/slideshow:",
        width="stretch",
        on_click=_request_pack,
    )
    clicked = st.session_state.pop(REQUESTED, False)
    built: BuiltPack | None = st.session_state.get(PACK)
    if clicked and (built is None or built.key != key):
        bar = st.progress(0.0, text=t("pack_starting", lang))

        def progress(message: str, done: float) -> None:
            bar.progress(min(max(done, 0.0), 1.0), text=message)

        deck, slides = pack_deck(
            context.db,
            context.period,
            context.filters,
            lang=lang,
            comparison=context.view.compare,
            progress=progress,
        )
        bar.empty()
        audit_trail.pack_built(context, _pack_name(context), slides)
        built = BuiltPack(key, deck, slides)
        st.session_state[PACK] = built
    if built is None or built.key != key:
        return
    st.caption(t("pack_ready", lang, slides=built.slides))
    st.download_button(
        t("pack_download", lang),
        # Made on the click; not wrapped in audit_trail.recorded_file: the pack is recorded as
        # an export when built, and with the wrapper its automatic download never arrived
        # (tests/browser/test_exports_download.py; likely the run's media clean-up racing it).
        data=lambda: built.deck,
        file_name=_pack_name(context),
        mime=PPTX,
        key=DOWNLOAD_KEY,
        type="primary",
        icon=":material/download:",
        on_click="ignore",
        width="stretch",
    )
    if clicked:
        _download_now(DOWNLOAD_KEY)


def _pack_name(context: Context) -> str:
    return f"meeting-pack_{context.period.start}_{context.period.end}_{context.lang}.pptx"


def _request_pack() -> None:
    """A callback rather than the button's return value: the click survives a rerun that
    Streamlit starts before this one (a page first run without ``app.py``)."""
    st.session_state[REQUESTED] = True


def _download_now(key: str) -> None:
    """Click the download button ``key`` once it is on the page, so that one click on the
    pack button both builds and saves the deck."""
    selector = json.dumps(f".st-key-{key} button")
    st.html(
        f"""<script>
        (function () {{
          let tries = 0;
          const press = () => {{
            const button = document.querySelector({selector});
            if (button) {{ button.click(); }} else if (tries++ < 50) {{ setTimeout(press, 100); }}
          }};
          press();
        }})();
        </script>""",
        unsafe_allow_javascript=True,
    )
