"""Intervals for small groups, against values worked out by hand (quantiles from tables:
t(0.95, 2) = 2.919986, z(0.95) = 1.644854)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from metrics.uncertainty import mean_interval, nps_interval, ranking_order, with_intervals

T_95_2 = 2.919986
Z_95 = 1.644854


def test_the_t_interval_of_a_mean():
    # Scores 3, 4, 5: mean 4, s = 1, se = 1 / sqrt(3).
    interval = mean_interval(3, 12, 50)
    assert interval is not None
    half = T_95_2 / math.sqrt(3)  # 1.685855
    assert interval.low == pytest.approx(4 - half, abs=1e-5)
    assert interval.high == pytest.approx(4 + half, abs=1e-5)
    assert interval.low == pytest.approx(2.314145, abs=1e-5)


def test_a_mean_of_one_score_has_no_interval_and_equal_scores_a_point():
    assert mean_interval(1, 4, 16) is None
    assert mean_interval(0, 0, 0) is None
    same = mean_interval(2, 8, 32)
    assert same is not None and same.low == same.high == 4


def test_the_plain_nps_interval():
    # 6 promoters, 2 passives, 2 detractors: NPS 40, var = (0.8 - 0.4^2) / 10 = 0.064.
    interval = nps_interval(6, 2, 2, pseudo=0)
    assert interval is not None
    half = 100 * Z_95 * math.sqrt(0.064)  # 41.6119
    assert interval.low == pytest.approx(40 - half, abs=1e-3)
    assert interval.high == pytest.approx(40 + half, abs=1e-3)
    assert interval.high == pytest.approx(81.6119, abs=1e-3)


def test_the_adjusted_nps_interval_adds_one_response_per_group():
    # 7, 3, 3 of 13: centre 100 x 4/13 = 30.769, var = (10/13 - (4/13)^2) / 13 = 0.0518889.
    interval = nps_interval(6, 2, 2)
    assert interval is not None
    half = 100 * Z_95 * math.sqrt(0.0518889)  # 37.468
    assert interval.low == pytest.approx(30.7692 - half, abs=1e-3)
    assert interval.high == pytest.approx(30.7692 + half, abs=1e-3)


def test_one_promoter_gives_a_wide_interval_not_a_point():
    # 2, 1, 1 of 4: centre 25, var = (0.75 - 0.0625) / 4 = 0.171875, half = 68.19.
    interval = nps_interval(1, 0, 0)
    assert interval is not None
    assert interval.low == pytest.approx(25 - 100 * Z_95 * math.sqrt(0.171875), abs=1e-3)
    assert interval.high == pytest.approx(93.19, abs=1e-2)
    assert nps_interval(0, 0, 0) is None


def test_the_nps_interval_stays_within_its_scale():
    interval = nps_interval(3, 0, 0, pseudo=0)
    assert interval is not None and interval.low == interval.high == 100
    wide = nps_interval(2, 0, 0, pseudo=1)
    assert wide is not None and -100 <= wide.low < wide.high <= 100


def test_intervals_for_a_frame_of_groups():
    frame = pd.DataFrame(
        {
            "csat_responses": [3, 1],
            "csat_sum": [12, 5],
            "csat_sum_of_squares": [50, 25],
            "promoters": [6, 0],
            "passives": [2, 0],
            "detractors": [2, 0],
        }
    )
    shown = with_intervals(frame)
    assert shown.loc[0, "csat_low"] == pytest.approx(2.314145, abs=1e-5)
    assert shown[["csat_low", "nps_high"]].iloc[1].isna().all()
    assert shown.loc[0, "nps_high"] == pytest.approx(30.7692 + 37.468, abs=1e-2)


def test_thin_groups_are_not_ranked_and_follow_by_name():
    frame = pd.DataFrame(
        {
            "name": ["Delta", "Alpha", "Beta", "Gamma", "Echo"],
            "score": [50.0, 90.0, 50.0, -100.0, None],
            "n": [40, 5, 31, 30, 100],
        }
    )
    ranked = ranking_order(frame, "score", "n", "name")
    assert list(ranked["name"]) == ["Beta", "Delta", "Gamma", "Alpha", "Echo"]
    assert list(ranked["rank"][:3]) == [1, 1, 3]
    assert ranked["rank"][3:].isna().all() and list(ranked["ranked"]) == [True] * 3 + [False] * 2
    fewest_first = ranking_order(frame, "score", "n", "name", higher_is_better=False)
    assert list(fewest_first["name"][:3]) == ["Gamma", "Beta", "Delta"]
    everyone = ranking_order(frame, "score", "n", "name", min_observations=None)
    assert list(everyone["name"]) == ["Alpha", "Beta", "Delta", "Gamma", "Echo"]
