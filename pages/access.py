"""Access (administrators only): who may see what, by sign-in e-mail address.

The same roles store as ``python -m data_access users``; an administrator
cannot demote or remove themselves here, so the app always keeps one.
"""

import pandas as pd
import streamlit as st

from data_access import Database
from data_access.roles import (
    ADMIN,
    MANAGER,
    ROLES,
    STAFF,
    RoleError,
    ViewerRole,
    assign_role,
    list_roles,
    normalise_email,
    remove_role,
)
from data_access.write_lock import DatabaseBusy
from data_access.writers import WriteRefused
from display.formatting import DASH, plain
from display.i18n import t
from metrics.dimensions import FilterChoices
from metrics.team_history import Team, visible_teams
from ui import audit_trail, refusals
from ui.audit_view import audit_section
from ui.auth import Viewer, require_admin
from ui.cache import cached
from ui.context import current

_MESSAGE = "_access_message"
KEYS = {name: f"access_{name}" for name in ("email", "role", "regions", "branch", "team", "gone")}

teams_of = cached(visible_teams)


def covers(role: ViewerRole, lang: str) -> str:
    """What the role lets its holder see, in words."""
    if role.role == STAFF and role.team_id:
        return t("covers_team", lang, branch=role.branch_id, team=role.team_id)
    if role.role == STAFF:
        return t("covers_branch", lang, branch=role.branch_id)
    if role.role == MANAGER and role.regions:
        return t("covers_regions", lang, regions=", ".join(role.regions))
    return t("covers_all", lang)


def roles_table(roles: list[ViewerRole], lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                t("col_email", lang): r.email,
                t("col_role", lang): t(f"role_{r.role}", lang) if r.role in ROLES else r.role,
                t("col_covers", lang): covers(r, lang),
                t("col_granted_by", lang): r.granted_by,
                t("col_granted_at", lang): r.granted_at.isoformat(sep=" ") if r.granted_at else "",
            }
            for r in roles
        ]
    )


def _is_self(email: str, viewer: Viewer) -> bool:
    try:
        return normalise_email(email) == viewer.email
    except RoleError:
        return False


def _busy(busy: DatabaseBusy, lang: str) -> tuple[str, str]:
    return ("error", t("access_busy", lang, seconds=f"{busy.wait_seconds:g}"))


def _save(db: Database, viewer: Viewer, lang: str) -> None:
    state = st.session_state
    email, role = state[KEYS["email"]], state[KEYS["role"]]
    if _is_self(email, viewer) and role != ADMIN:
        audit_trail.refused_write(db, viewer.actor, "own_role", page="access", role=role)
        state[_MESSAGE] = ("error", t("access_not_self", lang))
        return
    try:
        saved = assign_role(
            db,
            email,
            role,
            branch_id=state.get(KEYS["branch"]) if role == STAFF else None,
            team_id=(state.get(KEYS["team"]) or None) if role == STAFF else None,
            regions=state.get(KEYS["regions"], []) if role == MANAGER else (),
            writer=viewer.writer,
        )
    except RoleError as refused:
        state[_MESSAGE] = ("error", t("access_refused", lang, reason=plain(str(refused))))
        return
    except WriteRefused as refused:
        refusals.remember(refused)
        return
    except DatabaseBusy as busy:
        state[_MESSAGE] = _busy(busy, lang)
        return
    described = f"{t(f'role_{saved.role}', lang)}, {covers(saved, lang)}"
    state[_MESSAGE] = ("success", t("access_saved", lang, email=plain(saved.email), role=described))


def _remove(db: Database, viewer: Viewer, lang: str) -> None:
    email = st.session_state[KEYS["gone"]]
    try:
        remove_role(db, email, writer=viewer.writer)
    except WriteRefused as refused:
        refusals.remember(refused)
        return
    except DatabaseBusy as busy:
        st.session_state[_MESSAGE] = _busy(busy, lang)
        return
    st.session_state[_MESSAGE] = ("success", t("access_removed", lang, email=plain(email)))


def assign_form(
    db: Database, viewer: Viewer, choices: FilterChoices, teams: list[Team], lang: str
) -> None:
    st.subheader(t("access_assign", lang))
    st.text_input(t("access_email", lang), key=KEYS["email"], max_chars=320)
    role = st.segmented_control(
        t("access_role", lang),
        ROLES,
        format_func=lambda r: t(f"role_{r}", lang),
        default=STAFF,
        required=True,
        key=KEYS["role"],
    )
    if role == MANAGER:
        st.multiselect(t("access_regions", lang), choices.regions, key=KEYS["regions"])
    if role == STAFF and choices.branches:
        names = {b.branch_id: f"{b.name} ({b.branch_id})" for b in choices.branches}
        branch = st.selectbox(
            t("access_branch", lang),
            list(names),
            format_func=lambda b: names.get(b, b),
            key=KEYS["branch"],
        )
        team_names = {tm.team_id: tm.team_name for tm in teams if tm.branch_id == branch}
        st.selectbox(
            t("access_team", lang),
            ["", *team_names],
            format_func=lambda team: team_names.get(team, "—"),
            key=KEYS["team"],
        )
    st.button(t("access_save", lang), type="primary", on_click=_save, args=(db, viewer, lang))


def remove_form(db: Database, viewer: Viewer, roles: list[ViewerRole], lang: str) -> None:
    others = [r.email for r in roles if r.email != viewer.email]
    if not others:
        return
    st.subheader(t("access_remove", lang))
    st.selectbox(t("access_email", lang), others, key=KEYS["gone"])
    st.button(t("access_remove_button", lang), on_click=_remove, args=(db, viewer, lang))


ctx = current()
lang = ctx.lang
viewer = require_admin(lang)
st.title(t("page_access", lang))
st.write(t("access_intro", lang))

if _MESSAGE in st.session_state:
    kind, text = st.session_state.pop(_MESSAGE)
    (st.success if kind == "success" else st.error)(text)

roles = list_roles(ctx.db)
st.subheader(t("access_roles", lang))
if roles:
    st.dataframe(roles_table(roles, lang), hide_index=True, placeholder=DASH)
else:
    st.caption(t("access_none", lang))

assign_form(ctx.db, viewer, ctx.choices, teams_of(ctx.db, ctx.data_version), lang)
remove_form(ctx.db, viewer, roles, lang)
audit_section(ctx.db, lang)
