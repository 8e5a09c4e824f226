"""Loading data from the browser: uploaded files as loader sources, and the Data page."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from data_access import loader, open_database
from data_access.engine import get_engine
from data_access.roles import assign_role, remove_role
from data_access.schema import DATA_TABLES, load_history
from data_access.uploads import UploadError, sources_from_uploads
from data_access.write_lock import writing
from data_access.writers import COMMAND_LINE, LOAD_DATA, Writer
from tests.apptest_helpers import open_page, signed_in_as

BRANCHES = (
    "branch_id,branch_name,region\nHZ-01,杭州西湖支行,浙江\nNJ-01,南京鼓楼支行,江苏\n".encode()
)
TEAMS = b"team_id,branch_id,team_name\nHZ-01-A,HZ-01,A\n"


def zipped(entries: dict[str, bytes], *, folders: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for folder in folders:
            archive.writestr(zipfile.ZipInfo(folder), b"")
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def marked_encrypted(archive: bytes) -> bytes:
    """The zip with its first entry flagged as password-protected (zipfile cannot encrypt)."""
    data = bytearray(archive)
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + flag_offset
        data[at] |= 0x1
    return bytes(data)


def opened(sources) -> dict[str, bytes]:
    return {name: source().read() for name, source in sources.items()}


def test_csv_files_are_sources_by_name():
    sources = sources_from_uploads([("branches.csv", BRANCHES), ("teams.csv", TEAMS)])
    assert opened(sources) == {"branches.csv": BRANCHES, "teams.csv": TEAMS}


def test_a_source_can_be_opened_again():
    source = sources_from_uploads([("branches.csv", BRANCHES)])["branches.csv"]
    assert source().read() == source().read() == BRANCHES


@pytest.mark.parametrize(
    ("entries", "folders"),
    [
        ({"branches.csv": BRANCHES, "teams.csv": TEAMS}, ()),
        ({"2026-06/branches.csv": BRANCHES, "2026-06/teams.csv": TEAMS}, ("2026-06/",)),
        (
            {
                "june/branches.csv": BRANCHES,
                "june/teams.csv": TEAMS,
                "june/.DS_Store": b"\0",
                "__MACOSX/june/._branches.csv": b"\0",
            },
            ("june/", "__MACOSX/", "__MACOSX/june/"),
        ),
    ],
)
def test_a_zip_of_a_folder_gives_its_csv_files(entries, folders):
    sources = sources_from_uploads([("june.zip", zipped(entries, folders=folders))])
    assert opened(sources) == {"branches.csv": BRANCHES, "teams.csv": TEAMS}


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([], "no files uploaded"),
        (
            [("branches.csv", BRANCHES), ("branches.csv", BRANCHES)],
            "branches.csv is uploaded twice",
        ),
        ([("notes.txt", b"hi")], "notes.txt is not a CSV file"),
        (
            [("a.zip", zipped({"branches.csv": BRANCHES})), ("teams.csv", TEAMS)],
            "either CSV files or one zip file",
        ),
        ([("a.zip", b"PK not really")], "a.zip is not a readable zip file"),
        ([("a.zip", zipped({}, folders=("empty/",)))], "a.zip holds no CSV files"),
        (
            [("a.zip", zipped({"branches.csv": BRANCHES, "june/teams.csv": TEAMS}))],
            "spread over: (top), june",
        ),
        (
            [("a.zip", zipped({"2026/06/branches.csv": BRANCHES}))],
            "spread over: 2026/06",
        ),
        (
            [("a.zip", zipped({"june/branches.csv": BRANCHES, "june/readme.txt": b"x"}))],
            "a.zip: readme.txt is not a CSV file",
        ),
        (
            [("a.zip", marked_encrypted(zipped({"branches.csv": BRANCHES})))],
            "a.zip: branches.csv is encrypted",
        ),
    ],
)
def test_anything_else_is_refused_with_a_clear_message(files, message):
    with pytest.raises(UploadError) as raised:
        sources_from_uploads(files)
    assert message in str(raised.value)


# --- the Data page in AppTest ------------------------------------------------------------------

ADMIN = "admin@bank.example"

JUNE = {
    "branches.csv": BRANCHES,
    "teams.csv": TEAMS,
    "staff.csv": b"staff_id,team_id,staff_name\ns1,HZ-01-A,Zhang\n",
    "wallet_users.csv": (
        b"user_id,branch_id,segment,channel,registered_on,staff_id\n"
        b"u1,HZ-01,young,branch,2026-06-02,s1\n"
        b"u2,HZ-01,senior,outreach,2026-06-10,s1\n"
        b"u3,NJ-01,merchant,online,2026-06-15,\n"
    ),
    "wallet_activity.csv": (
        b"user_id,activity_date,transactions,amount\n"
        b"u1,2026-06-02,2,10.50\n"
        b"u1,2026-06-20,1,3.00\n"
        b"u3,2026-06-16,4,100\n"
    ),
}
JUNE_ROWS = {"branches": 2, "teams": 1, "staff": 1, "wallet_users": 3, "wallet_activity": 3}


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'upload.sqlite3'}"
    db = open_database(url)
    assign_role(db, ADMIN, "admin", writer=Writer.operator("tests"))
    yield url
    get_engine(url).dispose()


def data_page(monkeypatch, url: str) -> AppTest:
    return open_page(monkeypatch, url, "data", user=signed_in_as(ADMIN))


def submit(app: AppTest, files: dict[str, bytes], *, replace: bool = False) -> AppTest:
    app.file_uploader[0].set_value(
        [(name, content, "application/octet-stream") for name, content in files.items()]
    )
    if replace:
        app.checkbox[0].check()
    app.button(key="FormSubmitter:upload-Check and load").click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def stored_rows(url: str) -> dict[str, int]:
    db = open_database(url)
    return {
        table.name: count
        for table in DATA_TABLES
        if (count := db.scalar(select(func.count()).select_from(table)))
    }


def test_an_admin_loads_a_month_of_csv_files(monkeypatch, url):
    app = submit(data_page(monkeypatch, url), JUNE)
    assert [s.value for s in app.success] == ["Loaded 10 rows."]
    assert stored_rows(url) == JUNE_ROWS
    history = app.dataframe[0].value
    assert len(history) == 1
    row = history.iloc[0]
    assert (row["Loaded by"], row["Rows"], row["Replaced all"]) == (ADMIN, 10, False)
    assert {table: row[table] for table in JUNE_ROWS} == JUNE_ROWS
    assert row["Source"].startswith("upload: ") and "wallet_users.csv" in row["Source"]

    overview = data_page(monkeypatch, url).switch_page("pages/overview.py").run()
    assert {m.label: m.value for m in overview.metric}["Total users"] == "3"


def test_a_zip_of_the_folder_loads_the_same(monkeypatch, url):
    entries = {f"june/{name}": content for name, content in JUNE.items()}
    app = submit(data_page(monkeypatch, url), {"june.zip": zipped(entries, folders=("june/",))})
    assert [s.value for s in app.success] == ["Loaded 10 rows."]
    assert stored_rows(url) == JUNE_ROWS


def test_problems_are_listed_and_nothing_is_written(monkeypatch, url):
    broken = {
        **JUNE,
        "teams.csv": b"team_id,branch_id,team_name\nHZ-01-A,HZ-01,A\nXX-A,XX-99,B\n",
        "wallet_activity.csv": b"user_id,activity_date,transactions,amount\nu1,2026-06-02,0,1\n",
    }
    app = submit(data_page(monkeypatch, url), broken)
    assert "Nothing was loaded: 2 problem(s) found" in app.error[0].value
    problems = app.dataframe[0].value
    assert list(problems.columns) == ["File", "Line", "Column", "Problem"]
    located = [tuple(row) for row in problems[["File", "Line", "Column"]].itertuples(index=False)]
    assert located == [("teams.csv", 3, "branch_id"), ("wallet_activity.csv", 2, "transactions")]
    assert "XX-99" in problems.iloc[0]["Problem"]
    assert stored_rows(url) == {}
    assert "No data has been loaded yet." in [c.value for c in app.caption]


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        ({"a.zip": zipped({"x/y/branches.csv": BRANCHES})}, "spread over: x/y"),
        ({"a.zip": zipped({"branches.csv": BRANCHES}), "teams.csv": TEAMS}, "one zip file"),
    ],
)
def test_an_unusable_upload_is_refused_with_its_reason(monkeypatch, url, files, reason):
    app = submit(data_page(monkeypatch, url), files)
    assert app.error[0].value.startswith("Nothing was loaded:")
    assert reason in app.error[0].value
    assert stored_rows(url) == {}


def test_replace_removes_the_earlier_data(monkeypatch, url):
    app = submit(data_page(monkeypatch, url), JUNE)
    only_branches = {"branches.csv": b"branch_id,branch_name,region\nSH-01,Shanghai,Shanghai\n"}
    app = submit(app, only_branches, replace=True)
    assert stored_rows(url) == {"branches": 1}
    history = app.dataframe[0].value
    assert list(history["Replaced all"]) == [True, False]  # newest first


def test_a_load_refused_while_the_database_is_busy_writes_nothing(monkeypatch, url):
    monkeypatch.setattr(loader, "WRITER_WAIT_SECONDS", 0.3)
    app = data_page(monkeypatch, url)
    with writing(open_database(url), COMMAND_LINE, LOAD_DATA, wait_seconds=1):
        submit(app, JUNE)
    assert [e.value for e in app.error] == [
        "Nothing was loaded: another load or change kept the database busy for more than "
        "0.3 s. Upload again when it has finished."
    ]
    assert stored_rows(url) == {}
    assert [s.value for s in submit(app, JUNE).success] == ["Loaded 10 rows."]


def test_submitting_without_files_asks_for_them(monkeypatch, url):
    app = data_page(monkeypatch, url)
    app.button(key="FormSubmitter:upload-Check and load").click().run()
    assert [w.value for w in app.warning] == ["Choose the files to upload first."]


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        (
            "removed",
            "Nothing was changed: you no longer have a role in the dashboard, so you may not "
            "load data. Ask your administrator.",
        ),
        ("demoted", "Nothing was changed: your role is now Manager, which may not load data."),
    ],
)
def test_an_administrator_removed_or_demoted_after_drawing_the_page_loads_nothing(
    monkeypatch, url, change, refusal
):
    app = data_page(monkeypatch, url)
    db = open_database(url)
    if change == "removed":
        remove_role(db, ADMIN, writer=COMMAND_LINE)
    else:
        assign_role(db, ADMIN, "manager", writer=COMMAND_LINE)
    # AppTest reruns the page without app.py's gate, so this is the load's own check (in a
    # browser the gate would already stop them; a change between the two is caught here).
    app = submit(app, JUNE)
    assert [e.value for e in app.error] == [refusal]
    assert not app.success
    assert stored_rows(url) == {}
    assert db.scalar(select(func.count()).select_from(load_history)) == 0
