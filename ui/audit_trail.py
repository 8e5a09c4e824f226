"""What the dashboard records in the audit trail while people read (``data_access.audit``).

Writes record their own events inside their transactions (``data_access``); here are the
reads: the sign-in (the first admitted run of a browser session), refusals, page views with
their filters, and downloads and exports with what they held. Each is recorded once per
browser session and what it is about (a page view: once per page and filters), so a plain
rerun inserts nothing. A failure to record is logged and the page carries on: a read is
never refused because the trail could not be written (a write is: see ``data_access.audit``).

Nothing from ``st.user`` but the e-mail address is recorded, and no cookie or token.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit.logger import get_logger

from data_access import Database, Scope, audit
from data_access.write_lock import DatabaseBusy
from ui import navigation
from ui.context import Context, current
from ui.view import View, to_params

Content = bytes | str
"""What a deferred download's callable returns (chart images: SVG text or PNG bytes)."""
_LOG = get_logger("dashboard.audit")
_RECORDED = "_audit_recorded"
_RUN = "_audit_run"
UNKNOWN_ACTOR = "(unknown)"


def _recorded() -> set[Hashable]:
    return st.session_state.setdefault(_RECORDED, set())


def _quietly(
    db: Database,
    kind: str,
    actor: str,
    *,
    page: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> bool:
    """Record one event; log a failure instead of raising. Whether it was recorded."""
    try:
        audit.record_now(db, kind, actor, page=page, detail=detail)
    except (SQLAlchemyError, DatabaseBusy) as error:
        _LOG.error("audit trail: could not record a %s event: %s", kind, type(error).__name__)
        return False
    return True


def _once(
    key: Hashable,
    db: Database,
    kind: str,
    actor: str,
    *,
    page: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> None:
    """Record the event unless this session has recorded ``key`` already."""
    seen = _recorded()
    if key not in seen and _quietly(db, kind, actor, page=page, detail=detail):
        seen.add(key)


def scope_detail(scope: Scope) -> dict[str, list[str] | str]:
    """The viewer's scope as the trail shows it: ``all`` or the branches and regions."""
    return {
        name: "all" if allowed is None else sorted(allowed)
        for name, allowed in (("branches", scope.branches), ("regions", scope.regions))
    }


def signed_in(db: Database, actor: str, role: str, scope: Scope) -> None:
    """The first admitted run of this browser session."""
    detail = {"role": role, "scope": scope_detail(scope)}
    _once((audit.SIGN_IN, actor), db, audit.SIGN_IN, actor, detail=detail)


def signed_out() -> None:
    """Forget what this session has recorded: a sign-in after signing out is a new one."""
    st.session_state.pop(_RECORDED, None)


def refused(
    db: Database, actor: str, reason: str, *, page: str | None = None, **detail: Any
) -> None:
    """Someone was turned away (``reason``: ``no_email``, ``no_role``, ``unverified_email``,
    ``admin_only``); once per session, reason and page."""
    key = (audit.REFUSAL, actor, reason, page)
    _once(key, db, audit.REFUSAL, actor, page=page, detail={"reason": reason, **detail})


def refused_write(db: Database, actor: str, write: str, *, page: str, **detail: Any) -> None:
    """A write the page refused before trying it (every attempt is recorded)."""
    detail = {"reason": "refused_write", "write": write, **detail}
    _quietly(db, audit.REFUSAL, actor, page=page, detail=detail)


def page_viewed(db: Database, actor: str, page: str, view: View, *, admin: bool) -> None:
    """A page with its filters (as its address carries them), once per session; also notes
    who runs which page, for the downloads its buttons offer (``recorded_file``).

    The root page is not a view: it forwards to the Overview, or says "page not found" for
    an address that names no page the viewer may open, which for an administrators' page
    opened by anyone else is a refusal."""
    st.session_state[_RUN] = (actor, page)
    if page in navigation.ROOT_PATHS:
        asked = navigation.asked_path()
        if not admin and asked in navigation.ADMIN_PAGES:
            refused(db, actor, "admin_only", page=asked)
        return
    filters = to_params(view)
    key = (audit.PAGE_VIEW, actor, page, json.dumps(filters, sort_keys=True))
    _once(key, db, audit.PAGE_VIEW, actor, page=page, detail={"filters": filters})


def shown_page() -> str | None:
    """The page this session last ran."""
    return st.session_state.get(_RUN, (None, None))[1]


def recorded_file(
    kind: str, file_format: str, name: str, make: Callable[[], Content], **detail: Any
) -> Callable[[], Content]:
    """``make`` for a deferred download button, recording the download or export (``kind``)
    with what it holds when the file is asked for: its format and name, the page, its
    filters, the viewer's scope, and ``detail`` (e.g. ``rows``). Streamlit runs it outside
    the script run, so all of that is captured here, when the button is drawn."""
    context = current()
    actor, page = st.session_state.get(_RUN, (UNKNOWN_ACTOR, None))
    about = _file_detail(context, file_format, name, detail)

    def made() -> Content:
        content = make()
        _quietly(context.db, kind, actor, page=page, detail=about)
        return content

    return made


def pack_built(context: Context, name: str, slides: int) -> None:
    """The meeting pack, recorded as an export when it is built (its download follows)."""
    actor, page = st.session_state.get(_RUN, (UNKNOWN_ACTOR, None))
    about = _file_detail(context, "pptx", name, {"slides": slides})
    _quietly(context.db, audit.EXPORT, actor, page=page, detail=about)


def _file_detail(
    context: Context, file_format: str, name: str, detail: Mapping[str, Any]
) -> dict[str, Any]:
    return {
        "format": file_format,
        "file": name,
        "filters": to_params(context.view),
        "scope": scope_detail(context.db.scope),
        **detail,
    }
