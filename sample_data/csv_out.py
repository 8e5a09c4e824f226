"""Writing the contract's CSV files: headers, and rows appended block by block."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import pandas as pd

HEADERS: dict[str, tuple[str, ...]] = {
    "branches.csv": ("branch_id", "branch_name", "region"),
    "teams.csv": ("team_id", "branch_id", "team_name"),
    "staff.csv": ("staff_id", "team_id", "staff_name"),
    "campaigns.csv": ("campaign_id", "campaign_name", "start_date", "end_date", "description"),
    "campaign_branches.csv": ("campaign_id", "branch_id"),
    "wallet_users.csv": (
        "user_id",
        "branch_id",
        "segment",
        "channel",
        "registered_on",
        "staff_id",
        "campaign_id",
    ),
    "wallet_activity.csv": ("user_id", "activity_date", "transactions", "amount"),
    "surveys.csv": ("response_id", "user_id", "responded_on", "csat", "nps", "comment"),
    "complaints.csv": ("complaint_id", "user_id", "opened_on", "resolved_on", "category"),
    "market_share.csv": ("month", "region", "provider", "transactions", "is_own"),
    "targets.csv": ("month", "team_id", "metric", "target"),
    "outreach_visits.csv": ("visit_id", "staff_id", "visited_on", "location_type", "contacts"),
}


class CsvFolder:
    """All twelve files of a folder, open for appending rows; counts the rows written."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.rows = dict.fromkeys(HEADERS, 0)
        self._files: dict[str, IO[str]] = {}

    def __enter__(self) -> CsvFolder:
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, header in HEADERS.items():
            handle = open(self.folder / name, "w", encoding="utf-8", newline="")  # noqa: SIM115
            handle.write(",".join(header) + "\n")
            self._files[name] = handle
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for handle in self._files.values():
            handle.close()

    def append(self, name: str, columns: Mapping[str, Any]) -> None:
        """Rows given column-wise, in the header's order; floats (amounts) get two decimals."""
        if list(columns) != list(HEADERS[name]):
            raise ValueError(f"{name}: columns {list(columns)} differ from {HEADERS[name]}")
        frame = pd.DataFrame(dict(columns))
        frame.to_csv(
            self._files[name], header=False, index=False, lineterminator="\n", float_format="%.2f"
        )
        self.rows[name] += len(frame)
