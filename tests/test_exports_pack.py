"""The meeting pack on a small hand-built data set: every figure worked out by hand.

Period P = 2024-03-01..2024-03-10 (10 days); the previous period is
2024-02-20..2024-02-29. The latest data date is 2024-03-09 (u5 registers).
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.oxml.ns import qn

from data_access import Database, Filters
from data_access.roles import assign_role
from data_access.schema import outreach_visits
from data_access.viewer_scope import scope_for_role
from data_access.writers import COMMAND_LINE
from display.i18n import metric_label
from exports.deck import EAST_ASIAN_FONT, build_deck
from exports.pack import build_pack, write_pack
from exports.workbook import build_workbook
from metrics.period import Period
from tests.metrics_fixtures import (
    activity,
    branch,
    campaign,
    campaign_branch,
    complaint,
    insert,
    market,
    staff_member,
    survey,
    target,
    team,
    user,
)

P = Period(date(2024, 3, 1), date(2024, 3, 10))


def visit(visit_id: str, staff_id: str, day: str, location_type: str, contacts: int):
    values = {
        "visit_id": visit_id,
        "staff_id": staff_id,
        "visited_on": date.fromisoformat(day),
        "location_type": location_type,
        "contacts": contacts,
    }
    return outreach_visits, values


WORLD = (
    branch("HZ-01", "浙江", "杭州西湖支行"),
    branch("NB-01", "浙江", "宁波海曙支行"),
    branch("SZ-01", "江苏", "苏州园区支行"),
    team("T1", "HZ-01"),
    staff_member("s1", "T1"),
    user("u1", "HZ-01", "2024-02-21"),
    user("u2", "NB-01", "2024-02-25", segment="senior"),
    user("u3", "HZ-01", "2024-03-02", channel="outreach", staff_id="s1", campaign_id="C1"),
    user("u4", "HZ-01", "2024-03-05", staff_id="s1"),
    user("u5", "HZ-01", "2024-03-09"),
    user("u6", "SZ-01", "2024-03-03"),
    activity("u1", "2024-02-21", 1),
    activity("u2", "2024-02-26", 1),
    activity("u1", "2024-03-01", 2),
    activity("u1", "2024-03-02", 1),
    activity("u3", "2024-03-02", 3),
    survey("r1", "u1", "2024-03-03", csat=5, nps=10),
    survey("r2", "u3", "2024-03-04", csat=2, nps=3),
    survey("r3", "u2", "2024-02-26", csat=4, nps=9),
    complaint("c1", "u3", "2024-03-04", category="failed_payment"),
    complaint("c2", "u4", "2024-03-06", category="failed_payment"),
    complaint("c3", "u1", "2024-03-08", category="security"),
    complaint("c4", "u1", "2024-02-22", category="security"),
    market("2024-03", "浙江", "Our wallet", 30, is_own=True),
    market("2024-03", "浙江", "Alipay", 70),
    market("2024-03", "江苏", "Our wallet", 10, is_own=True),
    market("2024-03", "江苏", "Alipay", 90),
    market("2024-02", "浙江", "Our wallet", 10, is_own=True),
    market("2024-02", "浙江", "Alipay", 90),
    market("2024-02", "江苏", "Our wallet", 10, is_own=True),
    market("2024-02", "江苏", "Alipay", 90),
    target("2024-03", "T1", "new_users", 10),
    campaign("C1", "2024-03-01", "2024-03-10"),
    campaign_branch("C1", "HZ-01"),
    visit("v1", "s1", "2024-03-02", "community", 20),
    visit("v2", "s1", "2024-03-05", "merchant", 10),
)

KPI_ROWS_EN = {
    # new users: u3 u4 u5 u6 against u1 u2
    "New users": ("4", "2", "+2 (+100.0%)"),
    # total users: all six against u1 u2
    "Total users": ("6", "2", "+4 (+200.0%)"),
    # active: u1 u3 against u1 u2
    "Active users": ("2", "2", "+0 (+0.0%)"),
    # user-days 3 / 10 against 2 / 10
    "Avg daily active users": ("0.3", "0.2", "+0.1 (+50.0%)"),
    # of u3 u4 u5 u6 only u3 is active within 30 days; u1 and u2 both were
    "Activation rate (30d)": ("25.0% ⚠", "100.0%", "-75.0 pp"),
    "Transactions": ("6", "2", "+4 (+200.0%)"),
    # scores 10 and 3: 100 x (1 - 1) / 2 = 0; before, one 9: 100
    "NPS": ("0.0 ⚠", "100.0", "-100.0"),
    "CSAT": ("3.50 ⚠", "4.00", "-0.50"),
    "Complaints": ("3", "1", "+2 (+200.0%)"),
    # (30 + 10) / 200 against (10 + 10) / 200
    "Own share": ("20.0%", "10.0%", "+10.0 pp"),
    # no amounts in this world: 0 / 6 transactions against 0 / 2
    "Average transaction amount": ("¥0", "¥0", "+¥0"),
}


def slide_texts(slide) -> list[str]:
    """Every text on the slide: text boxes in order, then table cells row by row."""
    found = []
    for shape in slide.shapes:
        if shape.has_text_frame and shape.text_frame.text:
            found.append(shape.text_frame.text)
        if shape.has_table:
            for row in shape.table.rows:
                found.append(" | ".join(cell.text for cell in row.cells))
    return found


def _table(slide) -> list[list[str]]:
    (shape,) = [shape for shape in slide.shapes if shape.has_table]
    return [[cell.text for cell in row.cells] for row in shape.table.rows]


@pytest.fixture
def world(db):
    insert(db, *WORLD)
    return db


def test_pack_figures_in_english(world):
    pack = build_pack(world, P, Filters(), "en")
    assert pack.context.data_date == date(2024, 3, 9)
    assert pack.context.filters_text == "All branches, segments and channels"
    shown = {
        metric_label(kpi.metric.key, "en"): (
            kpi.shown("en") + (" ⚠" if kpi.is_thin else ""),
            kpi.shown_previous("en"),
            kpi.shown_change("en"),
        )
        for kpi in pack.kpis
    }
    assert shown == KPI_ROWS_EN
    # Thin samples (activation, NPS, CSAT) and total users are not headlines: of the rest,
    # transactions and complaints both moved +200 %, transactions for the better.
    assert pack.kpi_takeaway == (
        "Most improved: Transactions +200% · most worsened: Complaints +200%"
    )
    takeaways = {chart.title: chart.takeaway for chart in pack.charts}
    assert takeaways == {
        # HZ 3, SZ 1 new users
        "Overview · New users by branch": "杭州西湖支行 is the largest for New users, at 3",
        # by branch: HZ 3 vs 1 (+2), NB 0 vs 1, SZ 1 vs 0
        "Growth · New registrations per day": (
            "New users up 100% on the previous period, led by 杭州西湖支行"
        ),
        # daily actives by branch: HZ 0.3 vs 0.1, NB 0 vs 0.1
        "Activity · Daily active users": (
            "Avg daily active users up 50% on the previous period, led by 杭州西湖支行"
        ),
        "Satisfaction · NPS over time": (
            "NPS down 100 pts on the previous period (thin sample, n=2)"
        ),
        # failed payments 2 vs 0, security 1 vs 1
        "Complaints · Complaint categories": (
            "Complaints up 200% on the previous period, led by Failed payment"
        ),
        "Competition · Share of payment transactions by provider": (
            "Own share up 10 pts on the previous period"
        ),
        # v1 (community) brought u3, an outreach user of s1 that day, active on day 0; u4
        # registered with s1 on v2's day but came online, so it is not an outreach registration.
        "Outreach · Registrations per visit by location type": (
            "2 visits, 30 people reached, 1 registrations; 100.0% transacted within 30 days"
        ),
    }
    targets, campaigns, effects = pack.tables
    # T1's users u3 and u4 registered by 2024-03-09, day 9 of 31: expected 10 x 9 / 31 = 2.9,
    # so 2 is behind pace; projected 2 x 31 / 9 = 6.9.
    assert targets.title == "Team targets, 2024-03 (day 9 of 31)"
    assert targets.takeaway == "0 of 1 team targets on pace for 2024-03"
    assert targets.rows == (("New users", "1", "10", "2", "20.0%", "3", "7", "0 / 1"),)
    # C1 in HZ-01 over 10 days against NB-01 and SZ-01, pre window 02-20..02-29:
    # treated 1 -> 3 registrations per branch-day x 10 (0.1 -> 0.3), control 1 -> 1 over two
    # branches (0.05 -> 0.05). Lift 0.3 / 0.1 - 1 = +200 %, DiD 0.2, DiD lift 0.2 / 0.1,
    # incremental 0.2 x 1 branch x 10 days = 2; u3 registered under C1.
    # One campaign branch: no interval, so no claim either way.
    assert campaigns.rows == (
        ("C1", "2024-03-01 – 2024-03-10", "+200.0%", "+2", "—", "Can't tell (no interval)", "1"),
    )
    verdict = (
        "C1: Can't tell from noise: about 2 more registrations than the other branches' trend "
        "would suggest, but fewer than 2 campaign branches can be compared, so there is no "
        "interval."
    )
    assert campaigns.takeaway == verdict
    assert effects.title == "Campaign effects: C1"
    assert effects.takeaway == verdict
    assert effects.rows[0] == (
        "Registrations",
        "+0.20",
        "—",
        "+200%",
        "registrations per branch-day",
        "Registrations: can't judge (fewer than 2 campaign branches can be compared)",
    )
    assert [row[0] for row in effects.rows] == [
        "Registrations",
        "Active users",
        "Transactions",
        "Complaints",
        "CSAT",
    ]


def test_chart_data_is_the_metrics(world):
    charts = {chart.title: chart for chart in build_pack(world, P, Filters(), "en").charts}
    daily = charts["Growth · New registrations per day"].data
    # u3 on the 2nd, u6 on the 3rd, u4 on the 5th, u5 on the 9th
    # as the page's download: the days covered, complete or not, the measures' labels
    assert list(daily.columns) == ["Period start", "Period end", "Complete", "New users"]
    assert [int(d[-2:]) for d in daily["Period start"]] == list(range(1, 11))
    assert daily["New users"].tolist() == [0, 1, 1, 0, 1, 0, 0, 0, 1, 0]
    actives = charts["Activity · Daily active users"].data
    assert actives["Active users"].tolist() == [1, 2, 0, 0, 0, 0, 0, 0, 0, 0]
    categories = charts["Complaints · Complaint categories"].data
    assert categories[["category", "complaints"]].values.tolist() == [
        ["failed_payment", 2],
        ["security", 1],
    ]


def test_pack_for_a_region_in_chinese(world):
    pack = build_pack(world, P, Filters(regions=("浙江",)), "zh")
    assert pack.context.filters_text == "地区：浙江"
    kpis = {kpi.metric.key: kpi for kpi in pack.kpis}
    # u3 u4 u5 against u1 u2 (u6 is in 江苏)
    assert (kpis["new_users"].value, kpis["new_users"].previous) == (3, 2)
    takeaways = [chart.takeaway for chart in pack.charts]
    assert "新增用户较上期增长50%，杭州西湖支行贡献最大" in takeaways
    # 浙江 alone: 30 / 100 against 10 / 100
    assert "本行份额较上期增长20个百分点" in takeaways
    assert pack.tables[0].title == "2024-03 团队目标（第9/31天）"


def test_an_empty_selection_gives_a_short_pack_without_errors(world):
    pack = build_pack(world, P, Filters(segments=("merchant",)), "en")
    assert all(kpi.value in (0, None, 0.0) for kpi in pack.kpis if kpi.metric.key != "own_share")
    titles = [chart.title for chart in pack.charts]
    assert "Satisfaction · NPS over time" not in titles  # no survey responses
    assert "Complaints · Complaint categories" not in titles
    assert "Overview · New users by branch" not in titles
    deck = Presentation(io.BytesIO(build_deck(pack)))
    assert len(deck.slides) == 2 + len(pack.charts) + len(pack.tables)


def test_deck_file_holds_every_slide_with_its_figures(world, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "pack.pptx"
    heard = []
    slides = write_pack(world, P, Filters(), out, progress=lambda m, d: heard.append(d))
    deck = Presentation(str(out))
    # title, KPIs, seven charts, targets, campaigns, the headline campaign's five outcomes
    assert len(deck.slides) == slides == 12
    assert heard == sorted(heard) and heard[-1] == 1.0
    title = slide_texts(deck.slides[0])
    assert title[:2] == ["Digital wallet promotion", "Meeting pack"]
    assert "Period: 2024-03-01 – 2024-03-10" in title[2]
    assert "Compared with: 2024-02-20 – 2024-02-29 (the previous period)" in title[2]
    assert "Filters: All branches, segments and channels" in title[2]
    assert "Data as of 2024-03-09" in title[2]
    kpi_rows = _table(deck.slides[1])
    assert kpi_rows[0] == ["KPI", "This period", "Comparison", "Change"]
    assert {row[0]: tuple(row[1:]) for row in kpi_rows[1:]} == KPI_ROWS_EN
    assert "⚠ Thin sample: Activation rate (30d) n=4, NPS n=2, CSAT n=2" in slide_texts(
        deck.slides[1]
    )
    for slide in list(deck.slides)[2:9]:
        pictures = [shape for shape in slide.shapes if shape.shape_type == 13]
        assert len(pictures) == 1
        assert pictures[0].image.content_type == "image/png"
        footer = (
            "2024-03-01 – 2024-03-10 · All branches, segments and channels · Data as of 2024-03-09"
        )
        assert footer in slide_texts(slide)
    growth = slide_texts(deck.slides[3])
    assert growth[:2] == [
        "Growth · New registrations per day",
        "New users up 100% on the previous period, led by 杭州西湖支行",
    ]
    assert _table(deck.slides[9])[1] == ["New users", "1", "10", "2", "20.0%", "3", "7", "0 / 1"]
    assert _table(deck.slides[10])[0] == [
        "Campaign",
        "Dates",
        "DiD lift",
        "Incremental users",
        "90 % interval",
        "Verdict",
        "Attributed users",
    ]
    assert _table(deck.slides[11])[0] == [
        "Outcome",
        "Effect",
        "90 % interval",
        "Relative",
        "Unit",
        "Reading",
    ]
    assert [p.name for p in folder.iterdir()] == ["pack.pptx"]


def test_chinese_deck_names_a_chinese_font_for_every_run(world, tmp_path):
    out = tmp_path / "pack-zh.pptx"
    write_pack(world, P, Filters(branches=("HZ-01",)), out, lang="zh")
    deck = Presentation(str(out))
    title = slide_texts(deck.slides[0])
    assert title[:2] == ["数字钱包推广", "会议材料"]
    assert "筛选条件：支行：杭州西湖支行" in title[2]
    runs = [
        run
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    ]
    assert runs
    for run in runs:
        properties = run._r.find(qn("a:rPr"))
        assert properties.get("lang") == "zh-CN"
        assert properties.find(qn("a:ea")).get("typeface") == EAST_ASIAN_FONT


def test_workbook_of_the_pack_charts_matches_the_metrics(world):
    pack = build_pack(world, P, Filters(), "en")
    book = load_workbook(io.BytesIO(build_workbook(pack.context, "Pack", pack.kpis, pack.charts)))
    kpis = {row[5]: row for row in book["KPIs"].iter_rows(min_row=2, values_only=True)}
    assert kpis["new_users"][1:3] == (4, 2)
    assert kpis["own_share"][1:4] == (0.2, 0.1, pytest.approx(10.0))
    assert kpis["nps"][4] == 2  # sample size
    growth = [name for name in book.sheetnames if name.startswith("Growth")]
    assert len(growth) == 1
    rows = list(book[growth[0]].iter_rows(values_only=True))
    assert rows[0] == ("Period start", "Period end", "Complete", "New users")
    assert [row[3] for row in rows[1:]] == [0, 1, 1, 0, 1, 0, 0, 0, 1, 0]


def test_average_transaction_amount_in_the_pack_and_its_workbook(world):
    """One declaration puts the KPI on the pack's KPI slide and in the workbook's KPI sheet."""
    insert(world, activity("u4", "2024-03-06", 2, "30.00"), activity("u3", "2024-03-07", 2, "7.5"))
    pack = build_pack(world, P, Filters(), "en")
    kpis = {kpi.metric.key: kpi for kpi in pack.kpis}
    # 37.50 over 6 + 2 + 2 = 10 transactions, against 0 over 2
    assert kpis["avg_amount_per_transaction"].value == pytest.approx(3.75)
    assert kpis["avg_amount_per_transaction"].previous == 0.0
    assert kpis["avg_amount_per_transaction"].shown("en") == "¥3.75"
    book = load_workbook(io.BytesIO(build_workbook(pack.context, "Pack", pack.kpis, pack.charts)))
    rows = {row[5]: row for row in book["KPIs"].iter_rows(min_row=2, values_only=True)}
    assert rows["avg_amount_per_transaction"][:3] == ("Average transaction amount", 3.75, 0.0)
    empty = build_pack(world, P, Filters(segments=("merchant",)), "en")
    assert {k.metric.key: k.value for k in empty.kpis}["avg_amount_per_transaction"] is None


# The viewer's scope, named in the files


def _scoped(db: Database, role: str, **where) -> Database:
    """``db`` narrowed as ``app.py`` narrows it for a viewer holding ``role``."""
    held = assign_role(db, f"{role}@bank.example", role, writer=COMMAND_LINE, **where)
    return db.with_scope(scope_for_role(db, held))


@pytest.mark.parametrize(
    ("role", "where", "filters", "lang", "expected"),
    [
        ("staff", {"branch_id": "HZ-01"}, Filters(), "en", "Branch 杭州西湖支行 only"),
        ("manager", {"regions": ["浙江"]}, Filters(), "zh", "区域：浙江"),
        (
            "manager",
            {"regions": ["浙江", "江苏"]},
            Filters(segments=("senior",)),
            "en",
            "Regions 江苏, 浙江 · Segment: Seniors",
        ),
    ],
)
def test_the_pack_and_its_workbook_name_the_viewers_scope(
    world, role, where, filters, lang, expected
):
    pack = build_pack(_scoped(world, role, **where), P, filters, lang)
    deck = Presentation(io.BytesIO(build_deck(pack)))
    label = {"en": "Filters: ", "zh": "筛选条件："}[lang]
    assert f"{label}{expected}\n" in slide_texts(deck.slides[0])[2]
    for slide in list(deck.slides)[2 : 2 + len(pack.charts)]:
        assert any(f" · {expected} · " in text for text in slide_texts(slide))
    book = load_workbook(io.BytesIO(build_workbook(pack.context, "Pack", pack.kpis, pack.charts)))
    cover = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True) if row[0]}
    assert cover[label.rstrip(": ：")] == expected
