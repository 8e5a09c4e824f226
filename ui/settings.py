"""The dashboard's own settings: the ``[dashboard]`` section of Streamlit's secrets (session
rules, ``trust_unverified_email``; the audit retention is read without Streamlit, by
``data_access.audit_retention``, so that the command line sees it too)."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st


def dashboard_settings() -> Mapping[str, object]:
    """``[dashboard]`` in the secrets; empty without a secrets file or without the section."""
    return st.secrets.get("dashboard", {}) if st.secrets.load_if_toml_exists() else {}
