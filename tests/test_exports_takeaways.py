"""One-line takeaways and the change figures behind them, in English and Chinese."""

from __future__ import annotations

import pytest

from exports.numbers import change
from exports.takeaways import biggest_mover, largest, targets_pace, trend

BY_BRANCH = (
    {"杭州西湖支行": 700, "宁波海曙支行": 380, "温州": 100},
    {"杭州西湖支行": 520, "宁波海曙支行": 400, "温州": 80},
)
"""1180 users now (700 + 380 + 100), 1000 before: 杭州 +180, 宁波 -20, 温州 +20."""


def test_count_up_led_by_the_part_that_rose_most_in_english_and_chinese():
    # 1180 / 1000 - 1 = 18 %
    assert (
        trend("Registrations", 1180, 1000, "count", "en", parts=BY_BRANCH)
        == "Registrations up 18% on the previous period, led by 杭州西湖支行"
    )
    assert (
        trend("新增用户", 1180, 1000, "count", "zh", parts=BY_BRANCH)
        == "新增用户较上期增长18%，杭州西湖支行贡献最大"
    )


def test_count_down_against_last_year_names_the_largest_fall():
    # 950 / 1000 - 1 = -5 %: under 10 % the size keeps one decimal
    parts = ({"宁波": 400, "杭州": 550}, {"宁波": 470, "杭州": 530})
    assert (
        trend("Transactions", 950, 1000, "count", "en", comparison="last_year", parts=parts)
        == "Transactions down 5.0% on the same period last year, the largest fall at 宁波"
    )
    assert (
        trend("交易笔数", 950, 1000, "count", "zh", comparison="last_year")
        == "交易笔数较去年同期下降5.0%"
    )


def test_shares_move_in_points_and_nps_in_points():
    # 0.62 - 0.58 = 4.0 percentage points
    assert trend("Activation rate", 0.62, 0.58, "share", "en") == (
        "Activation rate up 4.0 pts on the previous period"
    )
    assert trend("30天激活率", 0.62, 0.58, "share", "zh") == "30天激活率较上期增长4.0个百分点"
    assert trend("NPS", 32.0, 35.0, "nps", "zh") == "NPS较上期下降3.0分"


def test_flat_missing_and_uncomparable_values():
    assert trend("Complaints", 40, 40, "count", "en", parts=BY_BRANCH) == (
        "Complaints flat on the previous period"
    )
    assert trend("Complaints", 12, 0, "count", "en") == (
        "Complaints: 12 this period, no comparison available"
    )
    assert trend("CSAT", 4.1, None, "score", "zh") == "CSAT本期为4.10，无可比数据"
    assert trend("CSAT", None, 4.0, "score", "en") == "CSAT: no data for this period"


@pytest.mark.parametrize(
    ("current", "previous", "unit", "size", "direction", "shown"),
    [
        (110, 100, "count", 0.10, "up", "10%"),
        (99, 100, "count", -0.01, "down", "1.0%"),
        (0.5, 0.25, "share", 25.0, "up", "25 pts"),
        (-10.0, 5.0, "nps", -15.0, "down", "15 pts"),
        (100, 100, "amount", 0.0, "flat", "0.0%"),
        (100.04, 100, "amount", 0.0004, "flat", "0.0%"),
        (0.3004, 0.3, "share", 0.04, "flat", "0.0 pts"),
    ],
)
def test_change_size_direction_and_magnitude(current, previous, unit, size, direction, shown):
    moved = change(current, previous, unit)
    assert moved is not None
    assert moved.size == pytest.approx(size)
    assert moved.direction == direction
    assert moved.magnitude("en") == shown


def test_no_change_without_both_values_or_from_zero():
    assert change(None, 1, "count") is None
    assert change(1, None, "share") is None
    assert change(5, 0, "count") is None
    share = change(0.2, 0.0, "share")
    assert share is not None
    assert share.size == pytest.approx(20.0)  # points need no divisor


def test_no_leader_when_no_part_moved_with_the_total():
    parts = ({"a": 5, "b": 5}, {"a": 5, "b": 5})
    assert trend("Users", 110, 100, "count", "en", parts=parts) == (
        "Users up 10% on the previous period"
    )


def test_biggest_mover_up_and_down():
    now = {"杭州": 50, "宁波": 30, "温州": 5}
    before = {"杭州": 40, "宁波": 10, "温州": 9, "绍兴": 3}
    assert biggest_mover(now, before, rising=True) == "宁波"  # +20 beats +10
    assert biggest_mover(now, before, rising=False) == "温州"  # -4 beats -3 (绍兴 gone)
    assert biggest_mover({"a": 1}, {"a": 2}, rising=True) is None


def test_largest_value_and_ties():
    values = {"Alipay": 0.54, "Our wallet": 0.12, "WeChat Pay": 0.54, "x": None}
    assert largest("Share", values, "share", "en") == "Alipay is the largest for Share, at 54.0%"
    assert largest("份额", {"x": None}, "share", "zh") == "份额本期无数据"


def test_targets_pace():
    assert targets_pace(8, 12, "2026-06", "en") == "8 of 12 team targets on pace for 2026-06"
    assert targets_pace(8, 12, "2026-06", "zh") == "2026-06共12项团队目标，8项进度达标"
    assert targets_pace(0, 0, "2026-06", "en") == "No team targets for 2026-06."
