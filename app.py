"""The dashboard: ``streamlit run app.py``.

Opens the database (seeding the embedded default with sample data on first
start), admits the viewer (sign-in and role: ``ui/auth.py``), works out the
view from the URL and the sidebar filters, and runs the page the URL names.
"""

from __future__ import annotations

import streamlit as st

from data_access import Database, open_database
from data_access.engine import is_default_url, resolve_url
from display.i18n import LANGS, t
from metrics.dimensions import data_dates, filter_choices
from sample_data.seed import Seeding, seeding_of
from ui import (
    audit_trail,
    auth,
    export_buttons,
    filters,
    media_sweep,
    navigation,
    presentation,
    refusals,
    run_log,
)
from ui.cache import cached
from ui.context import Context, anchor_of, running

st.set_page_config(page_title="Wallet dashboard", page_icon="💳", layout="wide")


@st.cache_resource(show_spinner=False)
def _database(url: str) -> Database:
    return open_database(url)


def _seeding(url: str) -> Seeding:
    """The first-start seeding of the embedded default, started once per server process
    (already at server start when the server was started by ``serve.py``)."""
    return seeding_of(_database(url))


def _seeding_page() -> None:
    """What every address shows while the first start fills the database: a bilingual
    progress bar that reloads the app when the data is in."""
    st.title(" · ".join(t("seeding_title", lang) for lang in LANGS))
    st.info("  \n".join(t("seeding", lang) for lang in LANGS), icon="⏳")

    @st.fragment(run_every=1.0)
    def progress() -> None:
        job = _seeding(db.url)
        if job.error:
            st.error("  \n".join(t("seeding_failed", lang, error=job.error) for lang in LANGS))
            return
        if job.finished:
            st.rerun(scope="app")
        percent = f"{job.done * 100:.0f}%"
        st.progress(
            job.done,
            text=" · ".join(t("seeding_progress", lang, percent=percent) for lang in LANGS),
        )

    progress()


def _wait_for_first_start(db: Database) -> None:
    """While the embedded default is being filled, show only the progress page (no
    navigation, so no sidebar of raw page names), and stop the run."""
    if not is_default_url(db.url) or db.data_version() != 0:
        return
    job = _seeding(db.url)
    if job.finished and not job.error:
        return
    st.navigation(
        [st.Page(_seeding_page, title=t("seeding_title", "en"), url_path="starting", default=True)],
        position="hidden",
    ).run()
    st.stop()


_choices = cached(filter_choices)
_dates = cached(data_dates)

run_started = run_log.started()
media_sweep.start()
db = _database(resolve_url())
_wait_for_first_start(db)
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
auth.sidebar(db, viewer, view.lang)
filters.show_notices(view.lang)
if not navigation.forwards(page):  # the page it forwards to, or says "not found", shows it
    refusals.show_pending(view.lang)
screen_buttons = presentation.controls(context)
audit_trail.page_viewed(db, viewer.actor, page.url_path, view, admin=viewer.is_admin)
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
    presentation.screen_navigation(screen_buttons, page.url_path, view.lang)
