"""The page workbook: cover with filters and KPI definitions, KPI sheet, one sheet per chart."""

from __future__ import annotations

import io
from datetime import date, datetime

import altair as alt
import pandas as pd
import pytest
from openpyxl import load_workbook

from data_access import Filters, Scope
from exports.content import ChartExport, KpiFigure, TableExport
from exports.context import ExportContext, describe_filters
from exports.workbook import build_workbook
from metrics.definitions import METRICS_BY_KEY
from metrics.period import Period

JUNE = Period(date(2026, 6, 1), date(2026, 6, 30))
FILTERS = Filters(branches=("HZ-01",), segments=("senior",))


def _context(lang: str) -> ExportContext:
    names = {"HZ-01": "杭州西湖支行", "senior": "老年" if lang == "zh" else "Senior"}
    return ExportContext(
        JUNE, FILTERS, describe_filters(FILTERS, lang, names), date(2026, 6, 30), lang
    )


KPIS = (
    KpiFigure(METRICS_BY_KEY["new_users"], 1180, 1000),
    KpiFigure(METRICS_BY_KEY["activation_rate_30d"], 0.62, 0.58),
    KpiFigure(METRICS_BY_KEY["nps"], None, 12.0),
)


def _chart(title: str, frame: pd.DataFrame) -> ChartExport:
    return ChartExport(title, alt.Chart(frame).mark_bar(), frame)


def _open(data: bytes):
    return load_workbook(io.BytesIO(data))


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_cover_states_filters_data_date_and_defines_each_kpi_in_english():
    book = _open(build_workbook(_context("en"), "Growth", KPIS, []))
    assert book.sheetnames == ["Cover", "KPIs"]
    rows = _rows(book["Cover"])
    assert rows[0][0] == "Growth"
    cells = {row[0]: row[1] for row in rows if row and row[0]}
    assert cells["Period"] == "2026-06-01 – 2026-06-30"
    assert cells["Compared with"] == "2026-05-02 – 2026-05-31 (the previous period)"
    assert cells["Filters"] == "Branch: 杭州西湖支行 · Segment: Seniors"
    assert cells["Data date"] == "2026-06-30"
    assert cells["New users"] == "Users registered in the period."
    assert cells["NPS"] == (
        "Net promoter score: 100 x (promoters 9-10 minus detractors 0-6) / responses with a score."
    )


def test_cover_and_kpis_in_chinese():
    book = _open(build_workbook(_context("zh"), "增长", KPIS, []))
    assert book.sheetnames == ["封面", "指标"]
    cells = {row[0]: row[1] for row in _rows(book["封面"]) if row and row[0]}
    assert cells["筛选条件"] == "支行：杭州西湖支行 · 客群：老年"
    assert cells["新增用户"] == "期间内注册的钱包用户数。"
    assert _rows(book["指标"])[0][:4] == ("指标", "本期", "对比期", "变化")


def test_kpi_sheet_keeps_numbers_as_numbers_with_unit_formats():
    sheet = _open(build_workbook(_context("en"), "Overview", KPIS, []))["KPIs"]
    rows = _rows(sheet)
    assert rows[0] == ("KPI", "This period", "Comparison", "Change", "Sample size", "Key")
    assert rows[1][:3] == ("New users", 1180, 1000)
    assert rows[1][3] == pytest.approx(0.18)  # 1180 / 1000 - 1
    assert rows[2][1:4] == (0.62, 0.58, pytest.approx(4.0))  # points: (0.62 - 0.58) x 100
    assert rows[3][1:4] == (None, 12, None)
    assert sheet["B2"].number_format == "#,##0"
    assert sheet["B3"].number_format == "0.0%"
    assert sheet["D2"].number_format.startswith("+0.0%")


def test_a_sheet_per_chart_with_its_data_and_unique_valid_names():
    weekly = pd.DataFrame(
        {"bucket": pd.to_datetime(["2026-06-01", "2026-06-08"]), "new_users": [5, 7]}
    )
    branches = pd.DataFrame(
        {"branch": ["杭州西湖支行", "=cmd()", "-HZ"], "share": [0.5, None, -0.25]}
    )
    charts = [
        _chart("New users per week", weekly),
        _chart("Share: by branch [top]", branches),
        _chart("Share: by branch [top]", branches),
        _chart("A title much longer than thirty-one characters", weekly),
    ]
    book = _open(build_workbook(_context("en"), "Growth", KPIS, charts))
    assert book.sheetnames == [
        "Cover",
        "KPIs",
        "New users per week",
        "Share  by branch  top",
        "Share  by branch  top (2)",
        "A title much longer than thirty",
    ]
    assert _rows(book["New users per week"]) == [
        ("Period start", "New users"),
        (datetime(2026, 6, 1), 5),
        (datetime(2026, 6, 8), 7),
    ]
    rows = _rows(book["Share  by branch  top"])
    assert rows == [("branch", "share"), ("杭州西湖支行", 0.5), ("'=cmd()", None), ("'-HZ", -0.25)]
    for row in book["Share  by branch  top"].iter_rows():
        assert all(cell.data_type != "f" for cell in row), "no cell is a formula"


def test_filters_are_described_by_name_in_both_languages():
    chosen = Filters(
        branches=("HZ-01", "XX-9"),
        regions=("浙江",),
        segments=("senior", "students"),
        channels=("online",),
    )
    names = {"HZ-01": "杭州西湖支行"}
    assert describe_filters(chosen, "en", names) == (
        "Region: 浙江 · Branch: 杭州西湖支行, XX-9 · Segment: Seniors, students"
        " · Channel: Mobile banking"
    )
    assert describe_filters(chosen, "zh", names) == (
        "地区：浙江 · 支行：杭州西湖支行、XX-9 · 客群：老年、students · 渠道：线上"
    )
    assert describe_filters(Filters(), "zh") == "全部支行、客群和渠道"


STAFF = Scope(branches=frozenset({"HZ-01"}), regions=frozenset({"浙江"}))
ONE_REGION = Scope(branches=frozenset({"HZ-01", "NB-01"}), regions=frozenset({"浙江"}))
TWO_REGIONS = Scope(branches=frozenset({"HZ-01", "SZ-01"}), regions=frozenset({"浙江", "江苏"}))


@pytest.mark.parametrize(
    ("scope", "filters", "lang", "expected"),
    [
        (STAFF, Filters(), "en", "Branch 杭州西湖支行 only"),
        (STAFF, Filters(), "zh", "仅限杭州西湖支行"),
        (STAFF, Filters(channels=("online",)), "zh", "仅限杭州西湖支行 · 渠道：线上"),
        (ONE_REGION, Filters(), "en", "Region 浙江"),
        (ONE_REGION, Filters(branches=("NB-01",)), "en", "Region 浙江 · Branch: NB-01"),
        (ONE_REGION, Filters(), "zh", "区域：浙江"),
        (TWO_REGIONS, Filters(), "en", "Regions 江苏, 浙江"),
        (TWO_REGIONS, Filters(), "zh", "区域：江苏、浙江"),
        (Scope.everything(), Filters(), "en", "All branches, segments and channels"),
    ],
)
def test_the_viewers_scope_is_named_before_their_filters(scope, filters, lang, expected):
    names = {"HZ-01": "杭州西湖支行"}
    assert describe_filters(filters, lang, names, scope) == expected


def test_changes_read_as_on_the_tiles_in_the_page_s_language():
    kpis = (
        KpiFigure(METRICS_BY_KEY["activation_rate_30d"], 0.62, 0.58),
        KpiFigure(METRICS_BY_KEY["nps"], 20.0, 12.0),
        KpiFigure(METRICS_BY_KEY["csat_avg"], 4.05, 4.0),
        KpiFigure(METRICS_BY_KEY["new_users"], 1180, 1000),
    )
    for lang in ("en", "zh"):
        sheet = _open(build_workbook(_context(lang), "Overview", kpis, []))[
            "KPIs" if lang == "en" else "指标"
        ]
        rows = _rows(sheet)
        # CSAT moves by a plain difference, as its tile writes it (+0.05), not by +1.3 %.
        assert rows[3][3] == pytest.approx(0.05)
        assert sheet["D4"].number_format == "+0.00;-0.00;0.00"
        assert sheet["D5"].number_format.startswith("+0.0%")
        formats = sheet["D2"].number_format + sheet["D3"].number_format
        assert ("pts" in formats) == (lang == "en"), formats
    zh = _open(build_workbook(_context("zh"), "总览", kpis, []))["指标"]
    assert "个百分点" in zh["D2"].number_format and "分" in zh["D3"].number_format
    assert _rows(zh)[0][-1] == "指标代码"


def test_the_page_s_tables_get_their_sheets_and_headers_are_in_the_page_s_language():
    league = pd.DataFrame({"排名": [1, None], "支行": ["杭州西湖支行", "北京朝阳支行"]})
    weekly = pd.DataFrame(
        {"bucket": pd.to_datetime(["2026-06-01"]), "new_users": [5], "segment_label": ["老年"]}
    )
    book = _open(
        build_workbook(
            _context("zh"),
            "总览",
            KPIS,
            [_chart("每周新增", weekly)],
            [TableExport("支行排行（按新增用户）", league)],
        )
    )
    assert book.sheetnames[2:] == ["支行排行（按新增用户）", "每周新增"]
    assert _rows(book["支行排行（按新增用户）"])[0] == ("排名", "支行")
    assert _rows(book["每周新增"])[0] == ("期间开始", "新增用户", "客群")
