"""The dashboard: ``streamlit run app.py``.

Opens the database (seeding the embedded default with sample data on first
start), admits the viewer (sign-in and role: ``ui/auth.py``), works out the
view from the URL and the sidebar filters, and runs the page the URL names.
"""

from __future__ import annotations

import threading

import streamlit as st

from data_access import Database, open_database
from data_access.engine import is_default_url, resolve_url
from display.i18n import LANGS, t
from metrics.dimensions import data_dates, filter_choices
from sample_data.seed import seed_if_empty
from ui import auth, export_buttons, filters, navigation, presentation, run_log
from ui.cache import cached
from ui.context import Context, anchor_of, running

st.set_page_config(page_title="Wallet dashboard", page_icon="💳", layout="wide")


@st.cache_resource(show_spinner=False)
def _database(url: str) -> Database:
    return open_database(url)


@st.cache_resource(show_spinner=False)
def _seeding_lock() -> threading.Lock:
    return threading.Lock()


def _seed_on_first_start(db: Database) -> None:
    """Fill an empty embedded database with sample data, with a progress bar."""
    if not is_default_url(db.url) or db.data_version() != 0:
        return
    with _seeding_lock():
        note = st.info("  \n".join(t("seeding", lang) for lang in LANGS), icon="⏳")
        bar = st.progress(0.0)

        def report(message: str, done: float) -> None:
            bar.progress(min(max(done, 0.0), 1.0), text=message)

        seed_if_empty(db, report)
        bar.empty()
        note.empty()


_choices = cached(filter_choices)
_dates = cached(data_dates)

run_started = run_log.started()
db = _database(resolve_url())
_seed_on_first_start(db)
# Sign-in gate (ui/auth.py): stops here for anyone who may not see data; from here on
# every query carries the viewer's scope.
viewer = auth.admit(db)
db = db.with_scope(viewer.scope)
version = db.data_version()
choices = _choices(db, version)
dates = _dates(db, version)
view = filters.resolve_view(choices, anchor_of(dates), dates)
context = Context(db, version, choices, dates, view)

page = st.navigation(navigation.sections(view.lang, admin=viewer.is_admin))
filters.sidebar(view, choices, context.anchor, dates)
filters.write_url(view)
st.sidebar.caption(
    t("data_as_of", view.lang, date=dates.latest.isoformat(), version=version)
    if dates
    else t("no_data_yet", view.lang)
)
auth.sidebar(viewer, view.lang)
filters.show_notices(view.lang)
presentation.controls(context)
# One read snapshot for the page's queries (data_access.Database.snapshot): a load committing
# meanwhile is not seen in part. If one committed since `version` was read, start over on it.
with (
    run_log.logged(page.url_path, since=run_started),
    db.snapshot() as pinned_version,
    running(context),
    export_buttons.page_exports(context, page.url_path),
):
    if pinned_version != version:
        st.rerun()
    page.run()
