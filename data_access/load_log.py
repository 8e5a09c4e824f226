"""The history of data loads, newest first: who loaded what, when, how many rows per table."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from data_access.database import Database
from data_access.schema import load_history


@dataclass(frozen=True)
class LoadRecord:
    loaded_at: datetime
    """UTC."""
    loaded_by: str
    source: str
    replace: bool
    rows: dict[str, int]


def recent_loads(db: Database, limit: int = 100) -> list[LoadRecord]:
    h = load_history.c
    statement = select(load_history).order_by(h.loaded_at.desc(), h.load_id.desc()).limit(limit)
    return [
        LoadRecord(
            loaded_at=row.loaded_at,
            loaded_by=row.loaded_by,
            source=row.source,
            replace=bool(row.replace),
            rows=json.loads(row.rows_json),
        )
        for row in db.rows(statement)
    ]
