"""Downloads and exports in a real browser land in the audit trail with what they held: the
file, its format, the page, the filters and the viewer's scope, and the CSV's row count."""

from __future__ import annotations

import csv
import io

from data_access import audit, open_database
from tests.browser.helpers import open_view
from tests.browser.test_exports_download import VIEW, _download

FILTERS = {
    "compare": ["previous"],
    "end": ["2026-06-30"],
    "lang": ["en"],
    "region": ["浙江"],
    "start": ["2026-06-01"],
}
"""The address of the view below, as the trail records a page's filters."""
EVERYTHING = {"branches": "all", "regions": "all"}
"""Demo mode: the administrator's scope."""


def _recorded(db_url: str, kind: str, file_name: str, after: int) -> list[audit.AuditEvent]:
    """The events of ``kind`` for ``file_name`` among those recorded after the first ``after``
    (the session's dashboard is shared: other test files download the same files)."""
    return [
        event
        for event in audit.events(open_database(db_url))[after:]
        if event.kind == kind and event.detail.get("file") == file_name
    ]


def test_a_csv_download_and_a_chart_export_are_recorded_with_what_they_held(dashboard, page):
    earlier = len(audit.events(open_database(dashboard.db_url)))
    open_view(page, dashboard.base_url, f"overview?{VIEW}&region=浙江")
    name, data = _download(page, ".st-key-download_branch_league")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    [event] = _recorded(dashboard.db_url, "download", name, earlier)
    assert (event.actor, event.page) == ("demo (local)", "overview")
    assert event.detail == {
        "format": "csv",
        "file": "branch_league.csv",
        "filters": FILTERS,
        "scope": EVERYTHING,
        "rows": len(rows) - 1,  # the file's lines under its heading
    }

    open_view(page, dashboard.base_url, f"growth?{VIEW}&region=浙江")
    name, _ = _download(page, ".st-key-png_registrations")
    [event] = _recorded(dashboard.db_url, "export", name, earlier)
    assert (event.actor, event.page, event.detail["format"]) == ("demo (local)", "growth", "png")
    assert (event.detail["filters"], event.detail["scope"]) == (FILTERS, EVERYTHING)
