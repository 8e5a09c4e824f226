"""A refused write (``data_access.writers.WriteRefused``) said in the page's language."""

from __future__ import annotations

from data_access.role_names import ROLES
from data_access.writers import Reason, WriteRefused
from display.formatting import plain
from display.i18n import t


def refusal_text(refused: WriteRefused, lang: str) -> str:
    """Why nothing was written: the writer's current role no longer allows it."""
    action = t(f"write_action_{refused.action.name.lower()}", lang)
    if refused.reason is Reason.NO_ROLE:
        return t("write_refused_no_role", lang, action=action)
    if refused.reason is Reason.ROLE:
        role = str(refused.role)
        named = t(f"role_{role}", lang) if role in ROLES else plain(role)
        return t("write_refused_role", lang, action=action, role=named)
    return t(
        "write_refused_regions",
        lang,
        teams=plain(", ".join(refused.teams)),
        regions=plain(", ".join(refused.regions)),
    )
