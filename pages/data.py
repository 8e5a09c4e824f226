"""Data (administrators only): load CSV files, or a zip of their folder, from the browser.

The upload goes through the same loader as ``python -m data_access load``:
every file is checked first, problems are listed by file, line and column,
and nothing is written unless all files are valid. One load runs at a time.
"""

import pandas as pd
import streamlit as st

from data_access import Database
from data_access.load_log import LoadRecord, recent_loads
from data_access.loader import LoadRejected, LoadResult, Problem, load
from data_access.schema import DATA_TABLES
from data_access.uploads import UploadError, sources_from_uploads
from data_access.write_lock import DatabaseBusy
from data_access.writers import WriteRefused
from display.formatting import DASH
from display.i18n import t
from display.write_refusals import refusal_text
from ui.auth import Viewer, require_admin
from ui.context import current

_DONE = "_data_page_loaded"
UPLOADER_CSS = """
<style>
.st-key-data_files [data-testid="stFileUploaderDropzoneInstructions"],
.st-key-data_files [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]
{ display: none; }
.st-key-data_files [data-testid="stFileUploaderDropzone"] button::after {
  content: "BUTTON"; margin-left: 0.4rem;
}
</style>
"""


def problems_table(problems: list[Problem], lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        [(p.file, p.line, p.column, p.message) for p in problems],
        columns=[t(f"col_{name}", lang) for name in ("file", "line", "column", "message")],
    )


# How a browser upload is recorded as the load's source (followed by the file names), and
# the source and loader recorded by the first-start seeding (sample_data.seed).
UPLOAD_PREFIX = "upload: "
SAMPLE_SOURCE = "generated sample data"
SAMPLE_LOADER = "sample data"


def source_text(source: str, lang: str) -> str:
    """A load's recorded source in ``lang``: the words translated, file names as they are."""
    if source == SAMPLE_SOURCE:
        return t("data_source_sample", lang)
    if source.startswith(UPLOAD_PREFIX):
        return t("data_source_upload", lang, files=source.removeprefix(UPLOAD_PREFIX))
    return source


def history_table(records: list[LoadRecord], lang: str) -> pd.DataFrame:
    """One row per load, newest first: when, who, from what, and rows per table (each table
    by its name in ``lang``)."""
    tables = [table.name for table in DATA_TABLES if any(table.name in r.rows for r in records)]
    return pd.DataFrame(
        [
            {
                t("col_loaded_at", lang): r.loaded_at.isoformat(sep=" ", timespec="seconds"),
                t("col_loaded_by", lang): t("data_loader_sample", lang)
                if r.loaded_by == SAMPLE_LOADER
                else r.loaded_by,
                t("col_source", lang): source_text(r.source, lang),
                t("col_replace", lang): r.replace,
                t("col_rows", lang): sum(r.rows.values()),
                **{t(f"table_{table}", lang): r.rows.get(table) for table in tables},
            }
            for r in records
        ]
    )


def load_uploads(
    db: Database, files: list, replace: bool, viewer: Viewer, lang: str
) -> LoadResult | None:
    """Load the uploaded files, with a progress bar; show why when nothing was loaded."""
    try:
        sources = sources_from_uploads([(f.name, f.getvalue()) for f in files])
    except UploadError as refused:
        st.error(t("data_upload_refused", lang, reason=str(refused)))
        return None
    bar = st.progress(0.0, text=t("data_checking", lang))

    def progress(message: str, done: float) -> None:
        bar.progress(min(max(done, 0.0), 1.0), text=message)

    try:
        return load(
            db,
            sources,
            replace=replace,
            writer=viewer.writer,
            source=UPLOAD_PREFIX + ", ".join(f.name for f in files),
            progress=progress,
        )
    except LoadRejected as rejected:
        bar.empty()
        st.error(t("data_rejected", lang, total=rejected.total))
        if rejected.total > len(rejected.problems):
            st.caption(
                t("data_problems_shown", lang, shown=len(rejected.problems), total=rejected.total)
            )
        st.dataframe(problems_table(rejected.problems, lang), hide_index=True)
        return None
    except DatabaseBusy as busy:
        bar.empty()
        st.error(t("data_busy", lang, seconds=f"{busy.wait_seconds:g}"))
        return None
    except WriteRefused as refused:
        bar.empty()
        st.error(refusal_text(refused, lang))
        return None


ctx = current()
lang = ctx.lang
viewer = require_admin(lang)
st.title(t("page_data", lang))
if _DONE in st.session_state:
    st.success(t("data_loaded", lang, rows=st.session_state.pop(_DONE)))
st.write(t("data_intro", lang))

# The uploader's own texts ("Drag and drop files here", "Limit 200MB per file", "Upload")
# are Streamlit's, in English only: hidden, and said in the page's language above it.
st.html(UPLOADER_CSS.replace("BUTTON", t("data_choose_files", lang).replace('"', "")))
with st.form("upload", clear_on_submit=True):
    st.caption(t("data_files_hint", lang, mb=st.get_option("server.maxUploadSize")))
    files = st.file_uploader(
        t("data_files", lang), type=["csv", "zip"], accept_multiple_files=True, key="data_files"
    )
    replace = st.checkbox(t("data_replace", lang))
    submitted = st.form_submit_button(t("data_load", lang), type="primary")

if submitted and not files:
    st.warning(t("data_no_files", lang))
elif submitted:
    result = load_uploads(ctx.db, files, replace, viewer, lang)
    if result is not None:
        # Rerun so that the sidebar and every page show the new data version.
        st.session_state[_DONE] = sum(result.rows.values())
        st.rerun()

st.subheader(t("data_history", lang))
history = recent_loads(ctx.db)
if history:
    st.dataframe(history_table(history, lang), hide_index=True, placeholder=DASH)
else:
    st.caption(t("data_no_history", lang))
