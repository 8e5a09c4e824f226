"""The Access page's audit trail (administrators only): events for a person and a period,
as a table and a CSV download."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
import streamlit as st

from data_access import Database, audit
from data_access.audit_retention import RetentionError, retention_days
from display.i18n import t
from ui.downloads import download_button
from ui.navigation import PAGE_NAMES

SHOWN = 1000
"""At most this many events (the newest) are shown; the caption says when there are more."""
DEFAULT_DAYS = 7
KEYS = {name: f"audit_{name}" for name in ("person", "since", "until")}


def events_table(events: list[audit.AuditEvent], lang: str) -> pd.DataFrame:
    """One row per event, newest first, with the columns of the command line's listing."""
    columns = [t(f"audit_col_{name}", lang) for name in ("when", "who", "what", "page", "detail")]
    rows = [
        (
            event.at.isoformat(sep=" ", timespec="seconds"),
            event.actor,
            t(f"audit_kind_{event.kind}", lang) if event.kind in audit.KINDS else event.kind,
            t(f"page_{event.page}", lang) if event.page in PAGE_NAMES else event.page or "",
            json.dumps(event.detail, ensure_ascii=False, sort_keys=True),
        )
        for event in reversed(events)
    ]
    return pd.DataFrame(rows, columns=columns)


def _retention() -> str:
    try:
        return str(retention_days())
    except RetentionError as error:
        return str(error)


def audit_section(db: Database, lang: str) -> None:
    st.subheader(t("audit_heading", lang))
    st.caption(t("audit_intro", lang, days=_retention()))
    today = datetime.now(UTC).date()
    person_column, since_column, until_column = st.columns([2, 1, 1])
    person = person_column.selectbox(
        t("audit_person", lang),
        ["", *audit.actors(db)],
        format_func=lambda actor: actor or t("audit_everyone", lang),
        key=KEYS["person"],
    )
    since: date = since_column.date_input(
        t("audit_since", lang), today - timedelta(days=DEFAULT_DAYS - 1), key=KEYS["since"]
    )
    until: date = until_column.date_input(t("audit_until", lang), today, key=KEYS["until"])
    if since > until:
        st.warning(t("audit_bad_period", lang))
        return
    found = audit.events(
        db,
        actor=person or None,
        since=datetime.combine(since, time()),
        before=datetime.combine(until + timedelta(days=1), time()),
        limit=SHOWN + 1,
    )
    if not found:
        st.caption(t("audit_none", lang))
        return
    if len(found) > SHOWN:
        found = found[1:]
        st.caption(t("audit_truncated", lang, shown=SHOWN))
    table = events_table(found, lang)
    st.dataframe(table, hide_index=True)
    download_button(table, f"audit_{since}_{until}", lang)
