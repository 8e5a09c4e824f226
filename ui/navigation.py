"""The app's pages, grouped in sections, for ``st.navigation``.

The root URL is a hidden page that forwards to the Overview, so that every
visible page, the Overview included, has its own address (``/overview``):
Streamlit serves its default page only at the root. Streamlit also runs the
default page for an address that names no page: that one says so, in the
viewer's language, and links to the Overview instead of forwarding silently.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from display.formatting import plain
from display.i18n import t
from ui import refusals
from ui.filters import requested_lang

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
ADMIN_PAGES = tuple(name for name, _ in SECTIONS[ADMIN_SECTION])
PAGE_NAMES = tuple(name for pages in SECTIONS.values() for name, _ in pages)


def _page(name: str, icon: str, lang: str) -> st.Page:
    return st.Page(f"pages/{name}.py", title=t(f"page_{name}", lang), icon=icon, url_path=name)


ROOT_PATHS = ("", "home", "starting")
"""Addresses that open the root page on purpose (``starting``: the first-start progress page)."""


def asked_path() -> str:
    """The page address the browser asked for, without the server's base path (``""`` at the
    root). Streamlit trims a known page's address from ``st.context.url``, not an unknown one."""
    path = urlsplit(st.context.url or "").path.strip("/")
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    if base and (path == base or path.startswith(f"{base}/")):
        path = path[len(base) :].strip("/")
    return path


CLOSE_STREAMLIT_NOTICE = """
<style>[data-testid="stDialog"] { display: none !important; }</style>
<script>
(function close(tries) {
  const button = document.querySelector('[data-testid="stDialog"] button[aria-label="Close"]');
  if (button) { button.click(); } else if (tries > 0) { setTimeout(() => close(tries - 1), 100); }
})(50);
</script>
"""
"""Streamlit answers an unknown address with its own dialog, in English only, that makes the
page behind it inert: hidden and closed, since the page below says the same."""


def _page_not_found(path: str) -> None:
    """An address that names no page: say so, in the viewer's language (the link's, else the
    browser's), with a way to the Overview."""
    st.html(CLOSE_STREAMLIT_NOTICE, unsafe_allow_javascript=True)
    lang = requested_lang()
    st.title(t("not_found_title", lang))
    refusals.show_pending(lang)  # e.g. a demoted administrator's refused write on Access
    st.warning(t("not_found_text", lang, path=plain(path[:60])), icon=":material/link_off:")
    st.page_link(
        "pages/overview.py",
        label=t("not_found_link", lang),
        icon=":material/dashboard:",
        query_params={"lang": lang},
    )


def _forward_to_overview() -> None:
    path = asked_path()
    if path not in ROOT_PATHS:
        _page_not_found(path)
        return
    st.switch_page("pages/overview.py")


def forwards(page: StreamlitPage) -> bool:
    """Whether ``page`` is the hidden root page, which only forwards to another page (or says
    that the address names none)."""
    return page.url_path == ""


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
