"""The app's pages, grouped in sections, for ``st.navigation``.

The root URL is a hidden page that forwards to the Overview, so that every
visible page, the Overview included, has its own address (``/overview``):
Streamlit serves its default page only at the root.
"""

from __future__ import annotations

import streamlit as st

from display.i18n import t

SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "section_results": (
        ("overview", ":material/dashboard:"),
        ("growth", ":material/trending_up:"),
        ("activity", ":material/bolt:"),
        ("satisfaction", ":material/sentiment_satisfied:"),
        ("complaints", ":material/report:"),
        ("competition", ":material/pie_chart:"),
    ),
    "section_promotion": (
        ("targets", ":material/flag:"),
        ("campaigns", ":material/campaign:"),
        ("outreach", ":material/groups:"),
    ),
    "section_admin": (("data", ":material/database:"), ("access", ":material/manage_accounts:")),
}
ADMIN_SECTION = "section_admin"
"""Shown to administrators only (``sections(lang, admin=False)`` leaves it out)."""
PAGE_NAMES = tuple(name for pages in SECTIONS.values() for name, _ in pages)


def _page(name: str, icon: str, lang: str) -> st.Page:
    return st.Page(f"pages/{name}.py", title=t(f"page_{name}", lang), icon=icon, url_path=name)


def _forward_to_overview() -> None:
    st.switch_page("pages/overview.py")


def sections(lang: str, *, admin: bool = True) -> dict[str, list[st.Page]]:
    """Every page the viewer may open, by section title; the first section also holds the
    hidden root page."""
    grouped = {
        t(section, lang): [_page(name, icon, lang) for name, icon in pages]
        for section, pages in SECTIONS.items()
        if admin or section != ADMIN_SECTION
    }
    root = st.Page(
        _forward_to_overview,
        title=t("page_overview", lang),
        url_path="home",
        default=True,
        visibility="hidden",
    )
    first = next(iter(grouped))
    grouped[first].insert(0, root)
    return grouped
