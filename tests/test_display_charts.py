"""Chart builders: titles, axis titles with units, colours fixed per code, campaign bands."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pandas as pd

from display import charts
from display.promotion_charts import history_chart, history_frame, pace_chart
from metrics.period import Period
from metrics.series import TimeBuckets
from metrics.team_history import TargetProgress

WEEKS = TimeBuckets(Period(date(2024, 3, 1), date(2024, 3, 31)), "week")


def _weekly() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "bucket": [date(2024, 2, 26), date(2024, 2, 26), date(2024, 3, 4)],
            "segment": ["senior", "young", "young"],
            "new_users": [1, 2, 3],
        }
    )
    return charts.spans(frame, WEEKS, "en")


def test_bucket_spans_end_the_day_after_the_bucket():
    assert list(_weekly()["bucket_end"]) == [date(2024, 3, 4), date(2024, 3, 4), date(2024, 3, 11)]


def test_time_bars_have_titles_units_and_fixed_segment_colours():
    for lang in ("en", "zh"):
        frame = charts.labelled(_weekly(), "segment", "segment", lang)
        spec = charts.time_bars(
            frame,
            y="new_users",
            title="New registrations",
            x_title="Week starting",
            y_title="Users",
            grain="week",
            color="segment_label",
            scale=charts.color_scale("segment", frame["segment"], lang),
        ).to_dict()
        assert spec["title"]["text"] == "New registrations"
        assert spec["encoding"]["x"]["title"] == "Week starting"
        assert spec["encoding"]["y"]["title"] == "Users"
        scale = spec["encoding"]["color"]["scale"]
        colours = dict(zip(scale["domain"], scale["range"], strict=True))
        young = "Young adults" if lang == "en" else "青年"
        assert colours[young] == charts.PALETTES["segment"]["young"]
        assert scale["domain"][0] == young  # display order: young before senior


def test_unknown_codes_get_spare_colours_after_the_known_ones():
    scale = charts.color_scale("provider", ["Cash app", "Alipay"], "zh").to_dict()
    assert scale["domain"] == ["支付宝", "Cash app"]
    assert scale["range"][0] == charts.PALETTES["provider"]["Alipay"]
    assert scale["range"][1] in charts.SPARE


def test_region_colours_do_not_depend_on_which_regions_a_chart_shows():
    everything = charts.region_scale(["浙江", "北京", "上海"]).to_dict()
    assert everything["domain"] == sorted(["浙江", "北京", "上海"])
    assert len(set(everything["range"])) == 3


def test_campaign_bands_are_clipped_to_the_period():
    base = charts.time_line(
        _weekly(), y="new_users", title="t", x_title="x", y_title="y", grain="week"
    )
    periods = pd.DataFrame(
        {
            "campaign_id": ["C1"],
            "campaign_name": ["开立有礼"],
            "start": [date(2024, 2, 1)],
            "end": [date(2024, 3, 10)],
        }
    )
    spec = charts.shaded(
        base, periods, first=date(2024, 3, 1), last=date(2024, 3, 31), label_title="Campaign"
    ).to_dict()
    band = next(iter(spec["datasets"].values()))[0]
    assert band["band_start"].startswith("2024-03-01") and band["band_end"].startswith("2024-03-11")
    assert band["dates"] == "2024-02-01 – 2024-03-10"
    assert (
        charts.shaded(
            base,
            periods.iloc[0:0],
            first=date(2024, 3, 1),
            last=date(2024, 3, 31),
            label_title="Campaign",
        )
        is base
    )


def test_ranked_bars_grow_with_their_rows():
    frame = pd.DataFrame({"region": list("abcd"), "own_share": [0.1, 0.2, 0.3, 0.4]})
    spec = charts.ranked_bars(
        frame,
        category="region",
        value="own_share",
        title="t",
        category_title="Region",
        value_title="Share (%)",
        value_format=".1%",
    ).to_dict()
    assert spec["encoding"]["y"]["sort"] == "-x"
    assert spec["encoding"]["x"]["axis"]["format"] == ".1%"
    assert spec["height"] > 4 * 20


def test_group_names_carry_their_sample_size():
    assert charts.with_counts(["青年", "老年"], [61, 12], 30) == ["青年 (n=61)", "老年 (n=12 ⚠)"]


def test_days_to_resolve_sit_on_a_number_line():
    from display.charts import count_histogram

    frame = pd.DataFrame({"days": [0, 1, 2, 3, 4, 6, 19], "complaints": [3, 1, 2, 1, 1, 1, 1]})
    spec = count_histogram(
        frame, x="days", y="complaints", title="t", x_title="Days", y_title="Complaints"
    ).to_dict()
    assert spec["encoding"]["x"]["type"] == "quantitative"  # 6 and 19 as far apart as they are
    assert spec["encoding"]["x2"]["field"] == "_next" and spec["encoding"]["y2"] == {"datum": 0}


def test_complaint_categories_share_one_colour_and_the_outreach_bars_are_neutral():
    from display.promotion_charts import funnel_chart
    from display.result_charts import complaint_categories_chart
    from metrics.outreach import FunnelRow

    categories = pd.DataFrame(
        {"category": ["security", "failed_payment"], "complaints": [3, 1]}
    ).pipe(lambda f: f.assign(category_label=f["category"]))
    assert "color" not in complaint_categories_chart(categories, "en").to_dict()["encoding"]
    total = FunnelRow("all", "", 40, 300, 30, 20, 10, 0.75, 0.1, 0.67, 0.33)
    spec = funnel_chart(total, "en").to_dict()
    bars = spec["layer"][0]
    assert bars["mark"]["color"] == "#8C8C8C"
    assert "40 visits" in spec["title"]
    steps = spec["datasets"][next(iter(spec["datasets"]))]
    assert [row["step"] for row in steps][0] == "Contacts"  # visits (events) are not a bar


def test_groups_with_intervals_keep_their_order_and_stay_on_the_scale():
    from display.charts import interval_bars

    frame = pd.DataFrame(
        {
            "group": ["B (n=40)", "A (n=3 ⚠)"],
            "csat_avg": [4.2, 4.5],
            "csat_low": [4.0, 0.2],
            "csat_high": [4.4, 8.8],
            "ranked": [True, False],
        }
    )
    spec = interval_bars(
        frame,
        category="group",
        value="csat_avg",
        low="csat_low",
        high="csat_high",
        ranked="ranked",
        title="CSAT by branch",
        value_title="CSAT",
        value_format=".2f",
        domain=(1.0, 5.0),
        interval_titles=("from", "to"),
    ).to_dict()
    rows = spec["datasets"][next(iter(spec["datasets"]))]
    assert [row["group"] for row in rows] == ["B (n=40)", "A (n=3 ⚠)"]
    assert (rows[1]["csat_low"], rows[1]["csat_high"]) == (1.0, 5.0)
    assert spec["layer"][1]["encoding"]["y"]["sort"] is None


def _progress(actual: int, target: int) -> TargetProgress:
    return TargetProgress(
        month="2026-11",
        team_id="T1",
        metric="new_users",
        target=target,
        actual=actual,
        attainment=actual / target,
        expected_by_now=0.6,
        projected=None,
        elapsed_days=18,
        days_in_month=30,
        remaining_days=12,
        needed_per_day=None,
        pace="behind",
    )


def _tooltips(spec: dict) -> list[dict]:
    layers = spec.get("layer", [spec])
    return [tip for layer in layers for tip in layer.get("encoding", {}).get("tooltip", [])]


def test_target_tooltips_write_counts_and_shares_as_the_tiles():
    rows = [_progress(25_000, 40_000)]
    spec = pace_chart(rows, "zh").to_dict()
    # 25,000 in Chinese is 2.50万 on a tile; 62.5 % with one decimal.
    data = next(d[0] for d in spec["datasets"].values() if "actual" in d[0])
    assert (data["actual_text"], data["target_text"]) == ("2.50万", "4.00万")
    fields = {tip["field"]: tip for tip in _tooltips(spec)}
    assert "actual" not in fields and fields["actual_text"]["type"] == "nominal"
    assert fields["attainment"]["format"] == ".1%"
    history = history_chart(history_frame(rows, "en"), "en").to_dict()
    written = next(d[0] for d in history["datasets"].values() if "actual" in d[0])
    assert (written["actual_text"], written["target_text"]) == ("25,000", "40,000")


def _colour_of(spec: dict) -> dict[str, str]:
    """The history chart's colour for each legend label."""
    [scale] = {
        json.dumps(layer["encoding"]["color"]["scale"], sort_keys=True)
        for layer in spec["layer"]
        if "color" in layer.get("encoding", {})
    }
    chosen = json.loads(scale)
    return dict(zip(chosen["domain"], chosen["range"], strict=True))


def test_each_target_metric_keeps_its_colour_in_both_languages():
    # "Transactions" sorts last in English and "交易笔数" first in Chinese.
    rows = [
        dataclasses.replace(_progress(5, 10), metric=metric)
        for metric in ("transactions", "new_users", "active_users")
    ]
    english = _colour_of(history_chart(history_frame(rows, "en"), "en").to_dict())
    chinese = _colour_of(history_chart(history_frame(rows, "zh"), "zh").to_dict())
    pairs = [("Transactions", "交易笔数"), ("New users", "新增用户"), ("Active users", "活跃用户")]
    assert [english[en] == chinese[zh] for en, zh in pairs] == [True, True, True]
    assert len(set(english.values())) == 3
