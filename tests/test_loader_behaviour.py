"""What a load does: stores values as written, upserts, replaces, records itself, reads
Chinese Excel encodings, reports every problem, streams, and never half-writes."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from sqlalchemy import inspect, select

from data_access import loader
from data_access.csv_contract import FILES_BY_NAME
from data_access.loader import LoadRejected, load, sources_from_folder
from data_access.schema import DATA_TABLES, branches, load_history, wallet_users
from data_access.writers import COMMAND_LINE, Writer
from tests.loader_helpers import (
    BASE,
    BASE_ROWS,
    data_rows,
    snapshot,
    sources,
    sqlite_file_digest,
    write_folder,
)

ACTIVITY = "user_id,activity_date,transactions,amount\n"
USERS = "user_id,branch_id,segment,channel,registered_on,staff_id,campaign_id\n"
ONE_BRANCH = {"branches.csv": "branch_id,branch_name,region\nHZ-01,杭州西湖支行,浙江\n"}


def test_values_are_stored_as_written(db):
    result = load(db, sources(BASE), writer=COMMAND_LINE)

    assert result.rows == BASE_ROWS
    rows = data_rows(db)
    assert rows["wallet_activity"] == [
        ("U1", date(2024, 3, 2), 2, 3550),
        ("U1", date(2024, 3, 5), 1, 800),
        ("U2", date(2024, 1, 15), 3, 12005),
    ]
    assert rows["wallet_users"] == [
        ("U1", "HZ-01", "young", "outreach", date(2024, 3, 2), "S1", "C1"),
        ("U2", "SU-01", "senior", "branch", date(2024, 1, 15), None, None),
    ]
    assert rows["surveys"] == [
        ("R1", "U1", date(2024, 3, 10), 5, 9, "方便"),
        ("R2", "U2", date(2024, 2, 1), None, 4, None),
    ]
    assert rows["complaints"][1] == ("K2", "U1", date(2024, 3, 6), None, "failed_payment")
    assert rows["market_share"] == [
        ("2024-03", "江苏", "Our wallet", 800, 1),
        ("2024-03", "浙江", "Alipay", 54000, 0),
        ("2024-03", "浙江", "Our wallet", 1200, 1),
    ]
    assert rows["campaigns"] == [
        ("C1", "开立有礼", date(2024, 3, 1), date(2024, 3, 31), "首笔立减")
    ]


def test_each_load_bumps_the_data_version_and_is_recorded(db):
    assert db.data_version() == 0
    load(db, sources(BASE), writer=Writer.operator("wang@bank.example"), source="upload: march.zip")
    load(db, sources(ONE_BRANCH), replace=True, writer=COMMAND_LINE)

    assert db.data_version() == 2
    history = db.rows(
        select(
            load_history.c.loaded_by,
            load_history.c.source,
            load_history.c.replace,
            load_history.c.rows_json,
        ).order_by(load_history.c.load_id)
    )
    assert [tuple(row[:3]) for row in history] == [
        ("wang@bank.example", "upload: march.zip", 0),
        ("cli", "", 1),
    ]
    assert json.loads(history[0].rows_json) == BASE_ROWS
    assert json.loads(history[1].rows_json) == {"branches": 1}


def test_loading_the_same_files_twice_leaves_the_same_data(db):
    load(db, sources(BASE), writer=COMMAND_LINE)
    first = data_rows(db)
    load(db, sources(BASE), writer=COMMAND_LINE)
    assert data_rows(db) == first


def test_upsert_replaces_whole_rows_and_keeps_the_others(db):
    load(db, sources(BASE), writer=COMMAND_LINE)
    before = data_rows(db)

    result = load(
        db,
        sources(
            {
                "branches.csv": "branch_id,branch_name,region\nHZ-01,杭州西湖新支行,浙江\n",
                "wallet_users.csv": (
                    "user_id,branch_id,segment,channel,registered_on\n"
                    "U1,NB-02,middle_aged,branch,2024-03-01\n"
                    "U3,HZ-01,merchant,referral,2024-03-20\n"
                ),
            }
        ),
        writer=COMMAND_LINE,
    )

    assert result.rows == {"branches": 1, "wallet_users": 2}
    after = data_rows(db)
    assert after["branches"] == [
        ("HZ-01", "杭州西湖新支行", "浙江"),
        ("NB-02", "宁波江北支行", "浙江"),
        ("SU-01", "苏州园区支行", "江苏"),
    ]
    assert after["wallet_users"] == [
        ("U1", "NB-02", "middle_aged", "branch", date(2024, 3, 1), None, None),
        ("U2", "SU-01", "senior", "branch", date(2024, 1, 15), None, None),
        ("U3", "HZ-01", "merchant", "referral", date(2024, 3, 20), None, None),
    ]
    unchanged = set(before) - {"branches", "wallet_users"}
    assert {name: after[name] for name in unchanged} == {name: before[name] for name in unchanged}


def test_replace_removes_all_data_first(db):
    load(db, sources(BASE), writer=COMMAND_LINE)

    result = load(
        db,
        sources({"branches.csv": "branch_id,branch_name,region\nBR 04,城西支行,浙江\n"}),
        replace=True,
        writer=COMMAND_LINE,
    )

    assert result.replace is True
    rows = data_rows(db)
    assert rows.pop("branches") == [("BR 04", "城西支行", "浙江")]
    assert all(table_rows == [] for table_rows in rows.values())


def index_names(db) -> set[str]:
    inspector = inspect(db.engine)
    return {index["name"] for table in DATA_TABLES for index in inspector.get_indexes(table.name)}


def test_a_replace_load_keeps_every_index_whether_it_succeeds_or_not(db):
    declared = {str(index.name) for table in DATA_TABLES for index in table.indexes}
    assert "ix_wallet_activity_date" in declared
    load(db, sources(BASE), replace=True, writer=COMMAND_LINE)
    assert index_names(db) == declared
    stored = data_rows(db)

    bad_activity = BASE["wallet_activity.csv"] + "U1,2024-03-09,0,1\n"
    with pytest.raises(LoadRejected):
        load(
            db,
            sources({**BASE, "wallet_activity.csv": bad_activity}),
            replace=True,
            writer=COMMAND_LINE,
        )

    assert index_names(db) == declared
    assert data_rows(db) == stored


def test_rows_may_refer_to_rows_already_stored(db):
    load(db, sources(BASE), writer=COMMAND_LINE)

    result = load(
        db,
        sources(
            {
                **ONE_BRANCH,
                "wallet_activity.csv": ACTIVITY + "U2,2024-02-01,1,9.90\n",
                "surveys.csv": "response_id,user_id,responded_on,nps\nR3,U1,2024-03-20,10\n",
                "targets.csv": "month,team_id,metric,target\n2024-04,T2,active_users,30\n",
                "market_share.csv": (
                    "month,region,provider,transactions,is_own\n"
                    "2024-04,江苏,Our wallet,900,1\n"
                    "2024-04,江苏,WeChat Pay,40000,0\n"
                ),
            }
        ),
        writer=COMMAND_LINE,
    )

    assert result.rows == {
        "branches": 1,
        "wallet_activity": 1,
        "surveys": 1,
        "market_share": 2,
        "targets": 1,
    }
    rows = data_rows(db)
    assert ("U2", date(2024, 2, 1), 1, 990) in rows["wallet_activity"]
    assert ("R3", "U1", date(2024, 3, 20), None, 10, None) in rows["surveys"]


CHINESE = {
    "branches.csv": "branch_id,branch_name,region\n杭州-3,杭州西湖支行,浙江\nBR 04,城西支行,浙江\n",
    "wallet_users.csv": (
        USERS + "用户-1,杭州-3,老年,网点,2024-05-01,,\n用户-2,BR 04,青年,外拓,2024-05-02,,\n"
    ),
    "complaints.csv": (
        "complaint_id,user_id,opened_on,resolved_on,category\n投诉-1,用户-1,2024-05-03,,看不清字\n"
    ),
}


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_excel_encodings_with_chinese_ids(db, tmp_path, encoding):
    folder = write_folder(tmp_path / "csv", CHINESE, encoding=encoding)
    raw = (folder / "branches.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    if encoding.startswith("gb"):
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")

    load(db, sources_from_folder(folder), writer=COMMAND_LINE)

    rows = data_rows(db)
    assert rows["branches"] == [("BR 04", "城西支行", "浙江"), ("杭州-3", "杭州西湖支行", "浙江")]
    assert rows["wallet_users"] == [
        ("用户-1", "杭州-3", "老年", "网点", date(2024, 5, 1), None, None),
        ("用户-2", "BR 04", "青年", "外拓", date(2024, 5, 2), None, None),
    ]
    assert rows["complaints"] == [("投诉-1", "用户-1", date(2024, 5, 3), None, "看不清字")]


def test_each_file_may_have_its_own_encoding(db):
    files = {
        "branches.csv": CHINESE["branches.csv"].encode("gbk"),
        "wallet_users.csv": CHINESE["wallet_users.csv"].encode("utf-8-sig"),
    }
    assert load(db, sources(files), writer=COMMAND_LINE).rows == {"branches": 2, "wallet_users": 2}
    assert (
        db.scalar(select(wallet_users.c.segment).where(wallet_users.c.user_id == "用户-1"))
        == "老年"
    )


def test_gb18030_characters_outside_gbk(db):
    name = "\U00020000支行"  # a CJK Extension B character: 4 bytes in GB18030, absent from GBK
    content = f"branch_id,branch_name,region\nB1,{name},浙江\n"
    with pytest.raises(UnicodeEncodeError):
        content.encode("gbk")
    load(db, sources({"branches.csv": content.encode("gb18030")}), writer=COMMAND_LINE)
    assert db.scalar(select(branches.c.branch_name)) == name


def test_every_problem_is_reported_in_file_and_line_order(db):
    files = {
        "branches.csv": "branch_id,branch_name,region\nHZ-01,杭州西湖支行,\nSU-01,苏州园区支行,江苏\n",
        "teams.csv": "team_id,branch_id,team_name\nT1,HZ-01,\nT2,NJ-01,x\n",
        "wallet_users.csv": USERS + "U1,SU-01,young,online,2024-02-30,,\n",
    }
    with pytest.raises(LoadRejected) as rejected:
        load(db, sources(files), writer=COMMAND_LINE)
    assert [str(problem) for problem in rejected.value.problems] == [
        "branches.csv:2: region: a value is required",
        "teams.csv:2: team_name: a value is required",
        "teams.csv:3: branch_id: 'NJ-01' is not the branch_id of any row in branches.csv or the database",
        "wallet_users.csv:2: registered_on: '2024-02-30' is not a real date",
    ]
    assert db.data_version() == 0
    assert all(rows == [] for rows in data_rows(db).values())


def test_problems_beyond_the_limit_are_counted_not_kept(db):
    bad_rows = "".join(f"B{n},name,\n" for n in range(1, 1301))
    with pytest.raises(LoadRejected) as rejected:
        load(
            db,
            sources({"branches.csv": "branch_id,branch_name,region\n" + bad_rows}),
            writer=COMMAND_LINE,
        )
    problems = rejected.value.problems
    assert rejected.value.total == 1300
    assert len(problems) == loader.MAX_KEPT_PROBLEMS == 1000
    assert str(problems[-1]) == "branches.csv:1001: region: a value is required"


def test_hash_collisions_are_not_taken_for_duplicates(db, monkeypatch):
    monkeypatch.setattr(loader, "_key_hash", lambda key: 7)
    load(db, sources(BASE), writer=COMMAND_LINE)
    assert data_rows(db)["wallet_activity"][0] == ("U1", date(2024, 3, 2), 2, 3550)

    activity = (
        ACTIVITY + "U1,2024-03-06,1,1\nU2,2024-03-06,1,1\nU2,2024-03-07,1,1\nU1,2024-03-06,1,1\n"
    )
    with pytest.raises(LoadRejected) as rejected:
        load(db, sources({**ONE_BRANCH, "wallet_activity.csv": activity}), writer=COMMAND_LINE)
    assert [str(p) for p in rejected.value.problems] == [
        "wallet_activity.csv:5: user_id+activity_date: "
        "same key as line 2 (user_id 'U1', activity_date '2024-03-06')"
    ]


def test_blank_lines_and_quoted_cells(db):
    surveys = (
        "response_id,user_id,responded_on,csat,nps,comment\n"
        '\nR3,U1,2024-03-11,4,,"好用, 但是\n有时候慢"\n'
        ",,,,,\n"
        "R4,U1,2024-03-12,9,,\n"
    )
    load(db, sources(BASE), writer=COMMAND_LINE)
    with pytest.raises(LoadRejected) as rejected:
        load(db, sources({**ONE_BRANCH, "surveys.csv": surveys}), writer=COMMAND_LINE)
    assert [str(p) for p in rejected.value.problems] == [
        "surveys.csv:6: csat: 9 is above the maximum 5"
    ]

    load(
        db,
        sources(
            {
                **ONE_BRANCH,
                "surveys.csv": surveys.replace("R4,U1,2024-03-12,9", "R4,U1,2024-03-12,3"),
            }
        ),
        writer=COMMAND_LINE,
    )
    assert ("R3", "U1", date(2024, 3, 11), 4, None, "好用, 但是\n有时候慢") in data_rows(db)[
        "surveys"
    ]


def test_touched_dates_cover_the_rows_loaded_and_moved_registrations(db):
    result = load(db, sources(BASE), writer=COMMAND_LINE)
    assert result.touched == {
        "wallet_users": {date(2024, 3, 2), date(2024, 1, 15)},
        "wallet_activity": {date(2024, 3, 2), date(2024, 3, 5), date(2024, 1, 15)},
        "surveys": {date(2024, 3, 10), date(2024, 2, 1)},
        "complaints": {date(2024, 2, 3), date(2024, 3, 6)},
        "outreach_visits": {date(2024, 3, 2), date(2024, 3, 9)},
    }

    moved = load(
        db,
        sources(
            {**ONE_BRANCH, "wallet_users.csv": USERS + "U2,SU-01,senior,branch,2024-01-10,,\n"}
        ),
        writer=COMMAND_LINE,
    )
    assert moved.touched == {"wallet_users": {date(2024, 1, 10), date(2024, 1, 15)}}


def test_progress_follows_the_bytes_read(db):
    days = [date.fromordinal(date(2024, 3, 2).toordinal() + n).isoformat() for n in range(300)]
    activity = ACTIVITY + "".join(
        f"U1,{day},{n % 9 + 1},{n}.{n % 100:02d}\n" for n, day in enumerate(days)
    )
    big_users = USERS + "".join(f"X{n},HZ-01,young,online,2024-01-01,,\n" for n in range(40_000))
    load(db, sources(BASE), writer=COMMAND_LINE)
    calls: list[tuple[str, float]] = []

    load(
        db,
        sources({**ONE_BRANCH, "wallet_users.csv": big_users, "wallet_activity.csv": activity}),
        progress=lambda message, fraction: calls.append((message, fraction)),
        writer=COMMAND_LINE,
    )

    fractions = [fraction for _, fraction in calls]
    assert fractions == sorted(fractions)
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    users = [f for m, f in calls if m == "loading wallet_users.csv"]
    activity_start = min(f for m, f in calls if m == "loading wallet_activity.csv")
    assert len(users) > 10
    assert max(users) <= activity_start < 0.8
    assert calls[-2:] == [("updating summary tables", 0.8), ("loaded", 1.0)]
    assert len(data_rows(db)["wallet_users"]) == 40_002


@pytest.mark.parametrize("replace", [False, True])
def test_a_file_changed_during_the_load_writes_nothing(db, replace):
    load(db, sources(BASE), writer=COMMAND_LINE)
    before, file_before = snapshot(db), sqlite_file_digest(db)
    versions = [BASE["teams.csv"].encode(), BASE["teams.csv"].replace("西湖一组", "改名").encode()]
    opened: list[int] = []

    def teams():
        opened.append(1)
        return io.BytesIO(versions[0] if len(opened) == 1 else versions[1])

    with pytest.raises(LoadRejected) as rejected:
        load(
            db,
            {**sources({"branches.csv": BASE["branches.csv"]}), "teams.csv": teams},
            replace=replace,
            writer=COMMAND_LINE,
        )

    assert [str(p) for p in rejected.value.problems] == [
        "teams.csv:1: -: the file changed while it was being loaded; nothing was written"
    ]
    assert snapshot(db) == before
    assert sqlite_file_digest(db) == file_before


def test_a_successful_load_changes_the_database_file(db):
    before = sqlite_file_digest(db)
    load(db, sources(ONE_BRANCH), writer=COMMAND_LINE)
    if before is not None:
        assert sqlite_file_digest(db) != before


def test_folder_sources_are_the_csv_files_at_its_top(tmp_path):
    folder = write_folder(
        tmp_path / "csv",
        {"branches.csv": "x", "Teams.CSV": "x", "notes.txt": "x", ".hidden.csv": "x"},
    )
    (folder / "old").mkdir()
    (folder / "old" / "staff.csv").write_text("x")
    opened = sources_from_folder(folder)
    assert sorted(opened) == ["Teams.CSV", "branches.csv"]
    with opened["branches.csv"]() as stream:
        assert stream.read() == b"x"


def test_the_generic_writer_upserts_like_the_dialect_one(db):
    load(db, sources(BASE), writer=COMMAND_LINE)
    with db.engine.begin() as conn:
        loader._update_or_insert(
            FILES_BY_NAME["branches.csv"],
            conn,
            [
                {"branch_id": "HZ-01", "branch_name": "新名", "region": "浙江"},
                {"branch_id": "BR 04", "branch_name": "城西支行", "region": "浙江"},
            ],
        )
        loader._update_or_insert(
            FILES_BY_NAME["campaign_branches.csv"],
            conn,
            [
                {"campaign_id": "C1", "branch_id": "HZ-01"},
                {"campaign_id": "C1", "branch_id": "BR 04"},
            ],
        )
    assert data_rows(db)["campaign_branches"] == [("C1", "BR 04"), ("C1", "HZ-01"), ("C1", "NB-02")]
    assert data_rows(db)["branches"] == [
        ("BR 04", "城西支行", "浙江"),
        ("HZ-01", "新名", "浙江"),
        ("NB-02", "宁波江北支行", "浙江"),
        ("SU-01", "苏州园区支行", "江苏"),
    ]
