"""A small valid CSV folder written by hand, and ways to see whether a load changed anything."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import select

from data_access import Database
from data_access.engine import get_engine
from data_access.loader import Source
from data_access.schema import DATA_TABLES, data_version, load_history

BASE: dict[str, str] = {
    "branches.csv": (
        "branch_id,branch_name,region\n"
        "HZ-01,杭州西湖支行,浙江\n"
        "NB-02,宁波江北支行,浙江\n"
        "SU-01,苏州园区支行,江苏\n"
    ),
    "teams.csv": "team_id,branch_id,team_name\nT1,HZ-01,西湖一组\nT2,SU-01,园区外拓队\n",
    "staff.csv": "staff_id,team_id,staff_name\nS1,T1,王芳\nS2,T2,李强\n",
    "campaigns.csv": (
        "campaign_id,campaign_name,start_date,end_date,description\n"
        "C1,开立有礼,2024-03-01,2024-03-31,首笔立减\n"
    ),
    "campaign_branches.csv": "campaign_id,branch_id\nC1,HZ-01\nC1,NB-02\n",
    "wallet_users.csv": (
        "user_id,branch_id,segment,channel,registered_on,staff_id,campaign_id\n"
        "U1,HZ-01,young,outreach,2024-03-02,S1,C1\n"
        "U2,SU-01,senior,branch,2024-01-15,,\n"
    ),
    "wallet_activity.csv": (
        "user_id,activity_date,transactions,amount\n"
        "U1,2024-03-02,2,35.50\n"
        "U1,2024-03-05,1,8\n"
        "U2,2024-01-15,3,120.05\n"
    ),
    "surveys.csv": (
        "response_id,user_id,responded_on,csat,nps,comment\n"
        "R1,U1,2024-03-10,5,9,方便\n"
        "R2,U2,2024-02-01,,4,\n"
    ),
    "complaints.csv": (
        "complaint_id,user_id,opened_on,resolved_on,category\n"
        "K1,U2,2024-02-03,2024-02-05,too_hard_for_seniors\n"
        "K2,U1,2024-03-06,,failed_payment\n"
    ),
    "market_share.csv": (
        "month,region,provider,transactions,is_own\n"
        "2024-03,浙江,Our wallet,1200,1\n"
        "2024-03,浙江,Alipay,54000,0\n"
        "2024-03,江苏,Our wallet,800,1\n"
    ),
    "targets.csv": "month,team_id,metric,target\n2024-03,T1,new_users,50\n2024-03,T2,transactions,400\n",
    "outreach_visits.csv": (
        "visit_id,staff_id,visited_on,location_type,contacts\n"
        "V1,S1,2024-03-02,community,35\n"
        "V2,S2,2024-03-09,rural,0\n"
    ),
}
"""Every contract file, valid, rows counted by hand in ``BASE_ROWS``."""

BASE_ROWS = {
    "branches": 3,
    "teams": 2,
    "staff": 2,
    "campaigns": 1,
    "campaign_branches": 2,
    "wallet_users": 2,
    "wallet_activity": 3,
    "surveys": 2,
    "complaints": 2,
    "market_share": 3,
    "targets": 2,
    "outreach_visits": 2,
}


def _bytes(content: str | bytes, encoding: str) -> bytes:
    return content if isinstance(content, bytes) else content.encode(encoding)


def _opener(data: bytes) -> Source:
    return lambda: io.BytesIO(data)


def sources(files: Mapping[str, str | bytes | None], encoding: str = "utf-8") -> dict[str, Source]:
    """In-memory openers for ``files`` (text is encoded; ``None`` leaves a file out)."""
    return {
        name: _opener(_bytes(content, encoding))
        for name, content in files.items()
        if content is not None
    }


def write_folder(
    folder: Path, files: Mapping[str, str | bytes | None], encoding: str = "utf-8"
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if content is not None:
            (folder / name).write_bytes(_bytes(content, encoding))
    return folder


def data_rows(db: Database) -> dict[str, list[tuple]]:
    """Every data table's rows, sorted."""
    with db.engine.connect() as conn:
        return {
            table.name: sorted(tuple(row) for row in conn.execute(select(table)))
            for table in DATA_TABLES
        }


def snapshot(db: Database) -> dict[str, list[tuple]]:
    """Every data table plus the data version and the load history: all a load may change."""
    rows = data_rows(db)
    with db.engine.connect() as conn:
        rows["data_version"] = [tuple(r) for r in conn.execute(select(data_version))]
        rows["load_history"] = [tuple(r) for r in conn.execute(select(load_history))]
    return rows


def sqlite_file_digest(db: Database) -> str | None:
    """The SQLite database file's digest after closing every connection (None on other dialects).

    Closing the last connection checkpoints the write-ahead log into the file,
    so the digest covers every committed byte.
    """
    if db.dialect != "sqlite":
        return None
    get_engine(db.url).dispose()
    path = Path(db.url.split("///", 1)[1])
    return hashlib.sha256(path.read_bytes()).hexdigest()
