"""Time buckets know their span: which days a bucket's figures cover, whether it is complete,
how a chart marks a partial one and what its download holds. Worked by hand on data ending on
Wednesday 2026-11-18."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import pytest

from display import charts
from display.activation import activation_chart, matured
from display.result_charts import nps_chart, score_chart
from display.time_tables import Measure, kpi, series_table
from metrics.period import Period
from metrics.series import TimeBuckets, bucket_spans

DATA_FIRST, DATA_LAST = date(2025, 6, 1), date(2026, 11, 18)  # the 18th is a Wednesday
# A period from Thursday 1 October to past the data, clipped to the data as the dashboard does.
PERIOD = Period(date(2026, 10, 1), date(2026, 11, 30)).within(DATA_FIRST, DATA_LAST)


def subtitle(spec: dict) -> str:
    """The lines under a chart's title, run together without spaces (they are wrapped)."""
    return "".join(spec["title"]["subtitle"]).replace(" ", "")


def test_notes_are_wrapped_to_fit_a_narrow_chart_never_inside_a_date():
    assert charts.wrapped("○ 不完整的月：2026-06-01 至 2026-06-17（30 天中的 17 天）") == [
        "○ 不完整的月：2026-06-01 至 2026-06-17（30",  # 42 columns: a Chinese character is 2
        "天中的 17 天）",
    ]
    assert charts.wrapped("a b", width=2) == ["a", "b"]
    assert charts.wrapped("2026-06-01", width=4) == ["2026-06-01"]  # a date is never broken
    assert charts.wrapped("") == []


def test_a_period_is_clipped_to_the_data_and_none_outside_it():
    assert Period(date(2026, 10, 1), date(2026, 11, 18)) == PERIOD
    assert Period(date(2030, 1, 1), date(2030, 1, 31)).within(DATA_FIRST, DATA_LAST) is None
    early = Period(date(2025, 5, 20), date(2025, 6, 3)).within(DATA_FIRST, DATA_LAST)
    assert early == Period(date(2025, 6, 1), date(2025, 6, 3))


def test_weeks_run_monday_to_sunday_and_the_ends_are_partial():
    assert PERIOD is not None
    weeks = TimeBuckets(PERIOD, "week")
    starts = weeks.levels()
    assert all(start.weekday() == 0 for start in starts)  # labelled by their Monday
    assert starts[0] == date(2026, 9, 28) and starts[-1] == date(2026, 11, 16)
    spans = bucket_spans(pd.DataFrame({"bucket": starts}), weeks)
    first, last = spans.iloc[0], spans.iloc[-1]
    # The period starts on a Thursday: its first week covers Thursday to Sunday only.
    assert (first.period_start, first.period_end) == (date(2026, 10, 1), date(2026, 10, 4))
    assert (first.days, first.full_days, first.complete) == (4, 7, False)
    # The data ends on Wednesday 18 November: the week of Monday 16 November is partial.
    assert (last.period_start, last.period_end) == (date(2026, 11, 16), date(2026, 11, 18))
    assert (last.days, last.full_days, last.complete) == (3, 7, False)
    assert spans["complete"].tolist() == [False] + [True] * 6 + [False]


def test_months_and_days():
    assert PERIOD is not None
    months = bucket_spans(
        pd.DataFrame({"bucket": [date(2026, 10, 1), date(2026, 11, 1)]}),
        TimeBuckets(PERIOD, "month"),
    )
    assert months["complete"].tolist() == [True, False]  # November has 18 of 30 days
    assert months["period_end"].tolist() == [date(2026, 10, 31), date(2026, 11, 18)]
    assert months["days"].tolist() == [31, 18]
    days = TimeBuckets(PERIOD, "day")
    assert all(days.is_complete(day) for day in days.levels())


def _weekly(lang: str) -> pd.DataFrame:
    assert PERIOD is not None
    weeks = TimeBuckets(PERIOD, "week")
    frame = pd.DataFrame(
        {
            "bucket": weeks.levels(),
            "active_users": [10, 20, 20, 20, 20, 20, 20, 8],
            "stickiness": [0.25, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.12345],
        }
    )
    return charts.spans(frame, weeks, lang)


def test_bars_never_reach_past_the_period_and_partial_ones_are_pale():
    frame = _weekly("en")
    assert frame["bar_start"].iloc[0] == date(2026, 10, 1)
    assert frame["bucket_end"].iloc[-1] == date(2026, 11, 19)  # the day after the last day
    spec = charts.time_bars(
        frame, y="active_users", title="Active users", x_title="Week", y_title="Users", grain="week"
    ).to_dict()
    assert spec["encoding"]["opacity"]["condition"]["test"] == "datum.complete"
    # Each note in lines that fit a chart a third of a screen wide.
    assert spec["title"]["subtitle"] == [
        "○ Partial week: 2026-10-01 to 2026-10-04 (4",
        "of 7 days)",
        "○ Partial week: 2026-11-16 to 2026-11-18 (3",
        "of 7 days)",
    ]


def test_a_partial_bucket_is_a_hollow_point_off_the_solid_line_with_monday_ticks():
    spec = charts.time_line(
        _weekly("zh"), y="stickiness", title="黏性", x_title="周", y_title="%", grain="week"
    ).to_dict()
    layers = spec["layer"]
    dashed, solid, points, hollow = layers
    assert dashed["mark"]["strokeDash"] == [4, 4]
    assert solid["transform"] == [{"filter": "datum.complete"}]
    assert hollow["transform"] == [{"filter": "!datum.complete"}]
    assert hollow["mark"]["filled"] is False
    assert "○不完整的周：2026-11-16至2026-11-18（7天中的3天）" in subtitle(spec)
    ticks = spec["encoding"]["x"]["axis"]["values"] if "encoding" in spec else None
    ticks = ticks or dashed["encoding"]["x"]["axis"]["values"]
    assert [date(v["year"], v["month"], v["date"]).weekday() for v in ticks] == [0] * 8


def test_the_download_in_english():
    table = series_table(
        _weekly("en"),
        [kpi("active_users", "en"), Measure("stickiness", "Stickiness", "share")],
        "en",
    )
    assert list(table.columns) == [
        "Period start",
        "Period end",
        "Complete",
        "Active users",
        "Stickiness (%)",
    ]
    first, last = table.iloc[0], table.iloc[-1]
    assert (first["Period start"], first["Period end"], first["Complete"]) == (
        "2026-10-01",
        "2026-10-04",
        "no",
    )
    assert table["Complete"].tolist()[1:-1] == ["yes"] * 6
    assert (last["Period end"], last["Active users"], last["Stickiness (%)"]) == (
        "2026-11-18",
        8,
        12.3,
    )


def test_the_download_in_chinese():
    table = series_table(
        _weekly("zh"),
        [kpi("active_users", "zh"), kpi("stickiness", "zh", "csat_satisfied_share")],
        "zh",
    )
    assert list(table.columns)[:3] == ["开始日期", "结束日期", "是否完整"]
    assert list(table.columns)[4].endswith("（%）")
    assert table["是否完整"].tolist() == ["否"] + ["是"] * 6 + ["否"]
    assert table.iloc[1, 4] == 30.0


def test_a_partial_bucket_of_a_stacked_area_is_pale_and_noted():
    frame = _weekly("en").melt(
        id_vars=["bucket", "period_start", "period_end", "complete", "coverage"],
        value_vars=["active_users"],
        var_name="group",
        value_name="value",
    )
    frame["rank"] = 0
    spec = charts.stacked_area(
        frame,
        y="value",
        color="group",
        scale=alt.Scale(),
        title="Groups",
        x_title="Week",
        y_title="Share",
        grain="week",
        order="rank",
        normalize=True,
    ).to_dict()
    pale, solid = spec["layer"]
    assert "transform" not in pale and pale["mark"]["opacity"] < solid["mark"]["opacity"]
    assert solid["transform"] == [{"filter": "datum.complete"}]
    assert subtitle(spec).endswith("○Partialweek:2026-11-16to2026-11-18(3of7days)")
    assert {"field": "coverage", "type": "nominal", "title": ""} in pale["encoding"]["tooltip"]


def _scores() -> pd.DataFrame:
    """Two weeks of survey scores: 40 responses (NPS 30 promoters, 10 passives; CSAT 4 x 40),
    then the partial week with 3 (NPS 10, 10, 0; CSAT 5 and 1)."""
    assert PERIOD is not None
    weeks = TimeBuckets(PERIOD, "week")
    frame = pd.DataFrame(
        {
            "bucket": weeks.levels()[-2:],
            "nps_responses": [40, 3],
            "promoters": [30, 2],
            "passives": [10, 0],
            "detractors": [0, 1],
            "nps": [75.0, 100 / 3],
            "csat_responses": [40, 2],
            "csat_sum": [160.0, 6.0],
            "csat_sum_of_squares": [640.0, 26.0],
            "csat_avg": [4.0, 3.0],
        }
    )
    return charts.spans(frame, weeks, "en")


def test_a_weekly_score_carries_its_90_percent_interval_as_a_band():
    spec = nps_chart(_scores(), "week", "en").to_dict()
    band = spec["layer"][0]
    assert band["mark"]["type"] == "area"
    assert (band["encoding"]["y"]["field"], band["encoding"]["y2"]["field"]) == (
        "nps_low",
        "nps_high",
    )
    assert spec["title"]["subtitle"][0].startswith("Shaded: the 90% interval")
    rows = next(d for d in spec["datasets"].values() if "nps_low" in d[0])
    # By hand, with one pseudo-response per group: 3 responses are 6, p = 3/6, d = 2/6,
    # var = (5/6 - (1/6)^2) / 6, half = 100 x 1.6449 x sqrt(var) = 60.27 around 16.67.
    assert rows[1]["nps_low"] == pytest.approx(-43.60, abs=0.05)
    assert rows[1]["nps_high"] == pytest.approx(76.94, abs=0.05)
    csat = score_chart(_scores(), "csat_avg", "week", "en").to_dict()
    rows = next(d for d in csat["datasets"].values() if "csat_low" in d[0])
    # CSAT 5 and 1: mean 3, s = sqrt(8), half = t(0.95, 1) 6.314 x sqrt(8 / 2) = 12.63, which
    # the chart clips to the scale 1 to 5; 40 scores of 4 have no spread.
    assert (rows[1]["csat_low"], rows[1]["csat_high"]) == (1.0, 5.0)
    assert rows[0]["csat_low"] == pytest.approx(4.0) and rows[0]["csat_high"] == pytest.approx(4.0)


def test_registrations_without_a_whole_activation_window_are_left_out_and_named():
    assert PERIOD is not None
    weeks = TimeBuckets(PERIOD, "week")
    frame = charts.spans(
        pd.DataFrame({"bucket": weeks.levels(), "activation_rate_30d": [0.8] * 4 + [0.1] * 4}),
        weeks,
        "en",
    )
    # Data to Wednesday 18 November: a registration of 20 October has its days 0 to 29 by then,
    # one of 21 October not. The week of Monday 19 October ends on the 25th: left out with
    # every later week.
    shown, note = matured(frame, DATA_LAST, "en")
    assert shown["bucket"].tolist() == [date(2026, 9, 28), date(2026, 10, 5), date(2026, 10, 12)]
    assert note == (
        "Left out: registrations from 2026-10-19 to 2026-11-18, whose 30-day activation "
        "window has not ended by the data's last day (2026-11-18)"
    )
    spec = activation_chart(shown, note, "week", "en").to_dict()
    assert subtitle(spec) == f"◌{note}○Partialweek:2026-10-01to2026-10-04(4of7days)".replace(
        " ", ""
    )
    assert max(
        pd.to_datetime(row["bucket"]) for row in spec["datasets"][spec["data"]["name"]]
    ) == pd.Timestamp("2026-10-12")
    _, none = matured(frame, date(2026, 12, 31), "zh")
    assert none is None
