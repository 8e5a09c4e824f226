"""How a KPI tile shows its change and a thin sample."""

from __future__ import annotations

import math

from metrics.definitions import METRICS_BY_KEY
from ui.tiles import Delta, delta, sparkline, thin_mark

NPS = METRICS_BY_KEY["nps"]
COMPLAINTS = METRICS_BY_KEY["complaints"]


def test_a_rise_is_green_unless_lower_is_better():
    assert delta(NPS, 20.0, 10.0, "en") == Delta("+10.0", "normal", "auto")
    assert delta(COMPLAINTS, 12, 10, "en") == Delta("+2 (+20.0%)", "inverse", "auto")


def test_no_change_and_no_comparison_are_grey_without_an_arrow():
    assert delta(COMPLAINTS, 10, 10, "zh") == Delta("持平", "off", "off")
    assert delta(NPS, 5.0, None, "en") == Delta("n/a", "off", "off")


def test_thin_sample_mark_below_the_kpi_threshold_only():
    assert NPS.thin_below == 30
    assert thin_mark(NPS, 12, "en") == "⚠ thin sample (n=12)"
    assert thin_mark(NPS, 0, "zh") == "⚠ 样本偏少（n=0）"
    assert thin_mark(NPS, 30, "en") is None
    assert thin_mark(NPS, None, "en") is None
    assert thin_mark(COMPLAINTS, 1, "en") is None  # a count is never thin


def test_sparklines_skip_days_without_a_value():
    assert sparkline([1.0, None, 2.0, math.nan, 3.0]) == [1.0, 2.0, 3.0]
    assert sparkline([None, 5.0, None, 6.0]) is None
    assert sparkline(None) is None
