"""The audit trail's words in each language: event kinds and the columns of a listing.

Kept in ``data_access`` because ``python -m data_access audit --lang`` prints them and may
not import ``display``; ``display/catalog/en.py`` and ``zh.py`` take the kind names from here
(``catalog_entries``), so the command line and the Access page name them alike.
"""

from __future__ import annotations

KIND_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "sign_in": "Sign-in",
        "session_end": "Session ended",
        "refusal": "Refusal",
        "page_view": "Page view",
        "download": "Download",
        "export": "Export",
        "role_grant": "Role granted",
        "role_removal": "Role removed",
        "target_edit": "Targets edited",
        "data_load": "Data loaded",
        "audit_purge": "Audit trail purged",
    },
    "zh": {
        "sign_in": "登录",
        "session_end": "会话结束",
        "refusal": "拒绝访问",
        "page_view": "查看页面",
        "download": "下载",
        "export": "导出",
        "role_grant": "授予角色",
        "role_removal": "移除角色",
        "target_edit": "修改目标",
        "data_load": "加载数据",
        "audit_purge": "清理审计记录",
    },
}

COLUMNS: dict[str, dict[str, str]] = {
    "en": {
        "when": "When (UTC)",
        "who": "Who",
        "what": "What",
        "page": "Page",
        "detail": "Detail",
    },
    "zh": {
        "when": "时间（UTC）",
        "who": "操作人",
        "what": "事件",
        "page": "页面",
        "detail": "详情",
    },
}
"""The columns of a listing, in order."""

NO_EVENTS: dict[str, str] = {
    "en": "No events for this person and period.",
    "zh": "该人员和期间没有审计记录。",
}


def catalog_entries(lang: str) -> dict[str, str]:
    """These words as keys of ``display``'s catalogs: ``audit_kind_<kind>``,
    ``audit_col_<column>`` and ``audit_none``."""
    return {
        **{f"audit_kind_{kind}": name for kind, name in KIND_NAMES[lang].items()},
        **{f"audit_col_{column}": name for column, name in COLUMNS[lang].items()},
        "audit_none": NO_EVENTS[lang],
    }
