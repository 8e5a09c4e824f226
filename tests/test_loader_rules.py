"""One bad file per rule of the data contract: the exact place is reported and nothing is written.

Each case loads the valid ``BASE`` folder first (so rows are stored), then a
load of ``BASE`` with one file replaced (or added, or left out). The load must
be rejected with exactly the problems listed, each given as the expected
``FILE:LINE: COLUMN:`` and a part of the message, and the database (and on
SQLite the database file, byte for byte) must be as it was.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import pytest

from data_access.loader import LoadRejected, load
from data_access.writers import COMMAND_LINE
from tests.loader_helpers import BASE, snapshot, sources, sqlite_file_digest

ACTIVITY = "user_id,activity_date,transactions,amount\n"
USERS = "user_id,branch_id,segment,channel,registered_on,staff_id,campaign_id\n"
SURVEYS = "response_id,user_id,responded_on,csat,nps,comment\n"
COMPLAINTS = "complaint_id,user_id,opened_on,resolved_on,category\n"
MARKET = "month,region,provider,transactions,is_own\n"
TARGETS = "month,team_id,metric,target\n"
VISITS = "visit_id,staff_id,visited_on,location_type,contacts\n"
CAMPAIGNS = "campaign_id,campaign_name,start_date,end_date,description\n"
TEAMS = "team_id,branch_id,team_name\n"


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str | bytes | None]
    """Files to put in (or, with None, take out of) ``BASE``."""
    expected: list[tuple[str, str]]
    """``(FILE:LINE: COLUMN:, part of the message)`` for every problem, in order."""
    replace: bool = False


CASES = [
    # --- files and headers
    Case(
        "unknown file name",
        {"branchs.csv": "branch_id,branch_name,region\n"},
        [("branchs.csv:1: -:", "unknown file name; did you mean branches.csv?")],
    ),
    Case(
        "branches.csv missing",
        {"branches.csv": None},
        [("branches.csv:1: -:", "required but missing")],
    ),
    Case(
        "neither UTF-8 nor GBK",
        {"teams.csv": (TEAMS + "T1,HZ-01,caf\xe9\n").encode("latin-1")},
        [("teams.csv:1: -:", "neither UTF-8 nor GB18030/GBK")],
    ),
    Case(
        "UTF-16",
        {"teams.csv": BASE["teams.csv"].encode("utf-16")},
        [("teams.csv:1: -:", "UTF-16")],
    ),
    Case(
        "NUL bytes",
        {"teams.csv": b"team_id,branch_id,team_name\nT1,HZ-01,\0\n"},
        [("teams.csv:1: -:", "NUL bytes")],
    ),
    Case(
        "byte order mark but not UTF-8",
        {"teams.csv": codecs.BOM_UTF8 + (TEAMS + "T1,HZ-01,").encode() + "一组\n".encode("gbk")},
        [("teams.csv:1: -:", "byte order mark but line 2 is not valid UTF-8")],
    ),
    Case("empty file", {"teams.csv": ""}, [("teams.csv:1: -:", "no header row")]),
    Case(
        "unknown column",
        {"teams.csv": "team_id,branch_id,team_name,leader\nT1,HZ-01,西湖一组,王芳\n"},
        [("teams.csv:1: leader:", "unknown column")],
    ),
    Case(
        "misspelt column",
        {"teams.csv": "team_id,branch_id,team_nmae\nT1,HZ-01,西湖一组\n"},
        [
            ("teams.csv:1: team_nmae:", "unknown column; did you mean team_name?"),
            ("teams.csv:1: team_name:", "a required column is missing"),
        ],
    ),
    Case(
        "required column missing",
        {"teams.csv": "team_id,branch_id\nT1,HZ-01\n"},
        [("teams.csv:1: team_name:", "a required column is missing")],
    ),
    Case(
        "column twice",
        {"teams.csv": "team_id,branch_id,team_name,team_id\nT1,HZ-01,西湖一组,T1\n"},
        [("teams.csv:1: team_id:", "appears twice")],
    ),
    Case(
        "unnamed column",
        {"teams.csv": "team_id,,branch_id,team_name\nT1,,HZ-01,西湖一组\n"},
        [("teams.csv:1: -:", "column 2 has no name")],
    ),
    Case(
        "row with too few cells",
        {"teams.csv": TEAMS + "T1,HZ-01,西湖一组\nT2,SU-01\n"},
        [("teams.csv:3: -:", "the row has 2 cells but the header has 3")],
    ),
    Case(
        "row with too many cells",
        {"teams.csv": TEAMS + "T1,HZ-01,西湖一组,x\n"},
        [("teams.csv:2: -:", "the row has 4 cells but the header has 3")],
    ),
    Case(
        "broken quoting",
        {"teams.csv": TEAMS + 'T1,HZ-01,"西湖"一组\n'},
        [("teams.csv:2: -:", "not valid CSV")],
    ),
    # --- values
    Case(
        "required value empty",
        {"branches.csv": "branch_id,branch_name,region\nHZ-01,杭州西湖支行,\n"},
        [("branches.csv:2: region:", "a value is required")],
    ),
    Case(
        "branch key twice",
        {
            "branches.csv": "branch_id,branch_name,region\nHZ-01,a,浙江\nSU-01,b,江苏\nHZ-01,c,浙江\n"
        },
        [("branches.csv:4: branch_id:", "same key as line 2 (branch_id 'HZ-01')")],
    ),
    Case(
        "id longer than 64 characters",
        {"teams.csv": TEAMS + "T" * 65 + ",HZ-01,x\n"},
        [("teams.csv:2: team_id:", "65 characters long; at most 64 allowed")],
    ),
    Case(
        "team names a missing branch",
        {"teams.csv": TEAMS + "T3,HZ-09,x\n"},
        [("teams.csv:2: branch_id:", "'HZ-09' is not the branch_id of any row in branches.csv")],
    ),
    Case(
        "ids are not trimmed",
        {"teams.csv": TEAMS + "T3, HZ-01,x\n"},
        [("teams.csv:2: branch_id:", "' HZ-01' is not the branch_id")],
    ),
    Case(
        "staff names a missing team",
        {"staff.csv": "staff_id,team_id,staff_name\nS3,T9,x\n"},
        [("staff.csv:2: team_id:", "'T9' is not the team_id")],
    ),
    Case(
        "date not YYYY-MM-DD",
        {"campaigns.csv": CAMPAIGNS + "C1,开立有礼,2024/03/01,2024-03-31,\n"},
        [("campaigns.csv:2: start_date:", "'2024/03/01' is not a date written YYYY-MM-DD")],
    ),
    Case(
        "date not real",
        {"campaigns.csv": CAMPAIGNS + "C1,开立有礼,2024-02-01,2024-02-30,\n"},
        [("campaigns.csv:2: end_date:", "'2024-02-30' is not a real date")],
    ),
    Case(
        "campaign ends before it starts",
        {"campaigns.csv": CAMPAIGNS + "C1,开立有礼,2024-03-31,2024-03-01,\n"},
        [("campaigns.csv:2: end_date:", "2024-03-01 is before start_date 2024-03-31")],
    ),
    Case(
        "campaign branch pair twice",
        {"campaign_branches.csv": "campaign_id,branch_id\nC1,HZ-01\nC1,SU-01\nC1,HZ-01\n"},
        [
            (
                "campaign_branches.csv:4: campaign_id+branch_id:",
                "same key as line 2 (campaign_id 'C1', branch_id 'HZ-01')",
            )
        ],
    ),
    Case(
        "campaign branch pair names missing rows",
        {"campaign_branches.csv": "campaign_id,branch_id\nC9,HZ-01\nC1,HZ-09\n"},
        [
            ("campaign_branches.csv:2: campaign_id:", "'C9' is not the campaign_id"),
            ("campaign_branches.csv:3: branch_id:", "'HZ-09' is not the branch_id"),
        ],
    ),
    Case(
        "segment longer than 40 characters",
        {"wallet_users.csv": USERS + "U3,HZ-01," + "s" * 41 + ",online,2024-03-03,,\n"},
        [("wallet_users.csv:2: segment:", "41 characters long; at most 40 allowed")],
    ),
    Case(
        "channel empty",
        {"wallet_users.csv": USERS + "U3,HZ-01,young,,2024-03-03,,\n"},
        [("wallet_users.csv:2: channel:", "a value is required")],
    ),
    Case(
        "user names missing branch, staff and campaign",
        {"wallet_users.csv": USERS + "U3,HZ-09,young,online,2024-03-03,S9,C9\n"},
        [
            ("wallet_users.csv:2: branch_id:", "'HZ-09' is not the branch_id"),
            ("wallet_users.csv:2: staff_id:", "'S9' is not the staff_id"),
            ("wallet_users.csv:2: campaign_id:", "'C9' is not the campaign_id"),
        ],
    ),
    Case(
        "registration moved after stored activity",
        {
            "wallet_users.csv": USERS + "U1,HZ-01,young,outreach,2024-03-04,S1,C1\n",
            "wallet_activity.csv": None,
        },
        [
            (
                "wallet_users.csv:2: registered_on:",
                "2024-03-04 is after wallet_activity.activity_date 2024-03-02 already stored "
                "for user_id 'U1'",
            )
        ],
    ),
    Case(
        "transactions not a whole number",
        {"wallet_activity.csv": ACTIVITY + "U1,2024-03-06,two,1\nU1,2024-03-07,1.0,1\n"},
        [
            ("wallet_activity.csv:2: transactions:", "'two' is not a whole number"),
            ("wallet_activity.csv:3: transactions:", "'1.0' is not a whole number"),
        ],
    ),
    Case(
        "transactions below 1",
        {"wallet_activity.csv": ACTIVITY + "U1,2024-03-06,0,1\n"},
        [("wallet_activity.csv:2: transactions:", "0 is below the minimum 1")],
    ),
    Case(
        "transactions beyond the column type",
        {"wallet_activity.csv": ACTIVITY + "U1,2024-03-06,2147483648,1\n"},
        [("wallet_activity.csv:2: transactions:", "2147483648 is above the maximum 2147483647")],
    ),
    Case(
        "amount negative",
        {"wallet_activity.csv": ACTIVITY + "U1,2024-03-06,1,-0.01\n"},
        [("wallet_activity.csv:2: amount:", "-0.01 is negative")],
    ),
    Case(
        "amount with 3 decimals",
        {"wallet_activity.csv": ACTIVITY + "U1,2024-03-06,1,1.005\n"},
        [("wallet_activity.csv:2: amount:", "1.005 has more than 2 decimals")],
    ),
    Case(
        "amount not a number",
        {"wallet_activity.csv": ACTIVITY + "U1,2024-03-06,1,1e3\nU1,2024-03-07,1,12.\n"},
        [
            ("wallet_activity.csv:2: amount:", "'1e3' is not an amount"),
            ("wallet_activity.csv:3: amount:", "'12.' is not an amount"),
        ],
    ),
    Case(
        "activity before a stored registration",
        {"wallet_activity.csv": ACTIVITY + "U1,2024-03-01,1,1\n"},
        [
            (
                "wallet_activity.csv:2: activity_date:",
                "2024-03-01 is before registered_on 2024-03-02 of user_id 'U1'",
            )
        ],
    ),
    Case(
        "activity before a registration in the same load",
        {
            "wallet_users.csv": USERS + "U3,NB-02,merchant,referral,2024-03-10,,\n",
            "wallet_activity.csv": ACTIVITY + "U3,2024-03-10,1,1\nU3,2024-03-09,1,1\n",
        },
        [
            (
                "wallet_activity.csv:3: activity_date:",
                "2024-03-09 is before registered_on 2024-03-10 of user_id 'U3'",
            )
        ],
    ),
    Case(
        "activity of a missing user",
        {"wallet_activity.csv": ACTIVITY + "U9,2024-03-06,1,1\n"},
        [("wallet_activity.csv:2: user_id:", "'U9' is not the user_id")],
    ),
    Case(
        "user active twice on one day",
        {
            "wallet_activity.csv": ACTIVITY
            + "U1,2024-03-06,1,1\nU2,2024-03-06,1,1\nU1,2024-03-06,2,2\n"
        },
        [
            (
                "wallet_activity.csv:4: user_id+activity_date:",
                "same key as line 2 (user_id 'U1', activity_date '2024-03-06')",
            )
        ],
    ),
    Case(
        "csat and nps out of range",
        {
            "surveys.csv": SURVEYS
            + "R3,U1,2024-03-11,6,9,\nR4,U1,2024-03-11,0,,\nR5,U2,2024-03-11,,11,\n"
        },
        [
            ("surveys.csv:2: csat:", "6 is above the maximum 5"),
            ("surveys.csv:3: csat:", "0 is below the minimum 1"),
            ("surveys.csv:4: nps:", "11 is above the maximum 10"),
        ],
    ),
    Case(
        "neither csat nor nps",
        {"surveys.csv": SURVEYS + "R3,U1,2024-03-11,,,没有评分\n"},
        [("surveys.csv:2: csat/nps:", "a value for csat or nps is required")],
    ),
    Case(
        "survey response twice",
        {"surveys.csv": SURVEYS + "R3,U1,2024-03-11,4,,\nR3,U2,2024-03-12,,8,\n"},
        [("surveys.csv:3: response_id:", "same key as line 2 (response_id 'R3')")],
    ),
    Case(
        "complaint resolved before opened",
        {"complaints.csv": COMPLAINTS + "K3,U1,2024-03-08,2024-03-07,security\n"},
        [("complaints.csv:2: resolved_on:", "2024-03-07 is before opened_on 2024-03-08")],
    ),
    Case(
        "complaint of a missing user, without category",
        {"complaints.csv": COMPLAINTS + "K3,U9,2024-03-08,,\n"},
        [
            ("complaints.csv:2: category:", "a value is required"),
            ("complaints.csv:2: user_id:", "'U9' is not the user_id"),
        ],
    ),
    Case(
        "market region of no branch",
        {"market_share.csv": MARKET + "2024-04,上海,Our wallet,5,1\n"},
        [("market_share.csv:2: region:", "'上海' is not the region of any row in branches.csv")],
    ),
    Case(
        "market month, transactions and is_own malformed",
        {"market_share.csv": MARKET + "2024-4,浙江,Alipay,5,0\n2024-04,浙江,Alipay,-5,2\n"},
        [
            ("market_share.csv:2: month:", "'2024-4' is not a month written YYYY-MM"),
            ("market_share.csv:3: transactions:", "-5 is below the minimum 0"),
            ("market_share.csv:3: is_own:", "'2' is not 0 or 1"),
        ],
    ),
    Case(
        "market row twice",
        {"market_share.csv": MARKET + "2024-04,浙江,Alipay,5,0\n2024-04,浙江,Alipay,6,0\n"},
        [
            (
                "market_share.csv:3: month+region+provider:",
                "same key as line 2 (month '2024-04', region '浙江', provider 'Alipay')",
            )
        ],
    ),
    Case(
        "a second own provider beside the stored one",
        {"market_share.csv": MARKET + "2024-04,浙江,WeChat Pay,5,1\n"},
        [
            (
                "market_share.csv:2: is_own:",
                "provider 'WeChat Pay' has is_own 1, but so has 'Our wallet' in rows already stored",
            )
        ],
    ),
    Case(
        "own provider not own on a new row",
        {"market_share.csv": MARKET + "2024-04,浙江,Our wallet,5,0\n"},
        [
            (
                "market_share.csv:2: is_own:",
                "provider 'Our wallet' has is_own 0 here but 1 in rows already stored",
            )
        ],
    ),
    Case(
        "two own providers in one file",
        {
            "market_share.csv": MARKET
            + "2024-03,浙江,Our wallet,1200,1\n2024-03,浙江,Alipay,54000,1\n"
        },
        [
            (
                "market_share.csv:3: is_own:",
                "provider 'Alipay' has is_own 1, but so has 'Our wallet' on line 2",
            )
        ],
        replace=True,
    ),
    Case(
        "no own provider",
        {"market_share.csv": MARKET + "2024-03,浙江,Alipay,54000,0\n"},
        [("market_share.csv:1: is_own:", "no provider has is_own 1")],
        replace=True,
    ),
    Case(
        "target metric, value and month malformed",
        {
            "targets.csv": TARGETS
            + "2024-03,T1,new_user,5\n2024-03,T1,active_users,0\n2024-3,T2,transactions,1\n"
        },
        [
            (
                "targets.csv:2: metric:",
                "'new_user' is not one of new_users, active_users, transactions",
            ),
            ("targets.csv:3: target:", "0 is below the minimum 1"),
            ("targets.csv:4: month:", "'2024-3' is not a month written YYYY-MM"),
        ],
    ),
    Case(
        "target of a missing team",
        {"targets.csv": TARGETS + "2024-03,T9,new_users,5\n"},
        [("targets.csv:2: team_id:", "'T9' is not the team_id")],
    ),
    Case(
        "outreach contacts negative and staff missing",
        {
            "outreach_visits.csv": VISITS
            + "V3,S1,2024-03-03,rural,-1\nV4,S9,2024-03-04,merchant,3\n"
        },
        [
            ("outreach_visits.csv:2: contacts:", "-1 is below the minimum 0"),
            ("outreach_visits.csv:3: staff_id:", "'S9' is not the staff_id"),
        ],
    ),
    Case(
        "with --replace stored rows do not count",
        {"staff.csv": None},
        [
            ("wallet_users.csv:2: staff_id:", "'S1' is not the staff_id of any row in staff.csv"),
            (
                "outreach_visits.csv:2: staff_id:",
                "'S1' is not the staff_id of any row in staff.csv",
            ),
            (
                "outreach_visits.csv:3: staff_id:",
                "'S2' is not the staff_id of any row in staff.csv",
            ),
        ],
        replace=True,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_file_is_reported_at_its_place_and_nothing_is_written(db, case: Case):
    load(db, sources(BASE), writer=COMMAND_LINE)
    before, file_before = snapshot(db), sqlite_file_digest(db)

    with pytest.raises(LoadRejected) as rejected:
        load(db, sources({**BASE, **case.files}), replace=case.replace, writer=COMMAND_LINE)

    problems = [str(problem) for problem in rejected.value.problems]
    assert len(problems) == len(case.expected), problems
    for problem, (place, message) in zip(problems, case.expected, strict=True):
        assert problem.startswith(place + " "), problems
        assert message in problem, problems
    assert rejected.value.total == len(case.expected)
    assert snapshot(db) == before
    assert sqlite_file_digest(db) == file_before
