"""The view's URL form: presets, parsing with notices, and the round trip."""

from __future__ import annotations

from datetime import date

import pytest

from data_access import Filters
from metrics.dimensions import Branch, FilterChoices
from metrics.period import Period
from ui.view import (
    View,
    default_view,
    follow_data,
    matching_preset,
    parse_view,
    preset_period,
    to_params,
)

ANCHOR = date(2025, 5, 14)  # a Wednesday in the second quarter
CHOICES = FilterChoices(
    regions=("北京", "浙江"),
    branches=(
        Branch("BJ-01", "北京朝阳支行", "北京"),
        Branch("HZ-01", "杭州西湖支行", "浙江"),
        Branch("HZ-02", "杭州滨江支行", "浙江"),
    ),
    segments=("senior", "young"),
    channels=("online", "outreach"),
)


@pytest.mark.parametrize(
    ("preset", "start", "end"),
    [
        ("last_30_days", date(2025, 4, 15), date(2025, 5, 14)),
        ("this_month", date(2025, 5, 1), date(2025, 5, 14)),
        ("last_month", date(2025, 4, 1), date(2025, 4, 30)),
        ("this_quarter", date(2025, 4, 1), date(2025, 5, 14)),
        ("year_to_date", date(2025, 1, 1), date(2025, 5, 14)),
    ],
)
def test_presets_count_back_from_the_anchor(preset, start, end):
    assert preset_period(preset, ANCHOR) == Period(start, end)
    assert matching_preset(Period(start, end), ANCHOR) == preset


def test_last_month_across_a_year_end_and_an_unknown_preset():
    assert preset_period("last_month", date(2025, 1, 9)) == Period(
        date(2024, 12, 1), date(2024, 12, 31)
    )
    with pytest.raises(ValueError, match="preset"):
        preset_period("next_week", ANCHOR)
    assert matching_preset(Period(date(2025, 3, 3), date(2025, 3, 9)), ANCHOR) == "custom"


def test_no_parameters_give_the_last_30_days_in_the_default_language():
    view, notices = parse_view({}, CHOICES, ANCHOR, default_lang="zh")
    assert view == View(preset_period("last_30_days", ANCHOR), lang="zh", preset="last_30_days")
    assert notices == []


def test_a_full_url_is_read_exactly():
    params = {
        "start": ["2025-03-01"],
        "end": ["2025-03-31"],
        "region": ["浙江"],
        "branch": ["HZ-02", "HZ-01"],
        "segment": ["young"],
        "channel": ["online", "outreach"],
        "compare": ["last_year"],
        "lang": ["zh"],
    }
    view, notices = parse_view(params, CHOICES, ANCHOR)
    assert notices == []
    assert view.period == Period(date(2025, 3, 1), date(2025, 3, 31))
    assert view.filters == Filters(
        branches=("HZ-01", "HZ-02"),
        regions=("浙江",),
        segments=("young",),
        channels=("online", "outreach"),
    )
    assert (view.compare, view.lang, view.preset) == ("last_year", "zh", "custom")
    assert view.comparison == Period(date(2024, 3, 1), date(2024, 3, 31))


def test_round_trip_gives_the_same_view():
    view = View(
        Period(date(2025, 2, 1), date(2025, 2, 28)),
        Filters(branches=("BJ-01",), regions=("北京",), segments=("senior",)),
        compare="last_year",
        lang="zh",
    )
    params = to_params(view)
    assert params == {
        "start": ["2025-02-01"],
        "end": ["2025-02-28"],
        "branch": ["BJ-01"],
        "region": ["北京"],
        "segment": ["senior"],
        "compare": ["last_year"],
        "lang": ["zh"],
    }
    assert parse_view(params, CHOICES, ANCHOR) == (view, [])


def test_unknown_and_malformed_values_are_dropped_with_notices():
    params = {
        "region": ["浙江", "Atlantis"],
        "branch": ["HZ-01", "XX-99", "BJ-01"],
        "segment": ["young", "robots"],
        "compare": ["yesterday"],
        "lang": ["fr"],
        "start": ["2025-02-30"],
        "utm_source": ["mail"],
        "embed": ["true"],
    }
    view, notices = parse_view(params, CHOICES, ANCHOR)
    assert view.filters == Filters(branches=("HZ-01",), regions=("浙江",), segments=("young",))
    assert (view.compare, view.lang) == ("previous", "en")
    found = {(n.message, n.param, n.value) for n in notices}
    assert found == {
        ("notice_unknown_param", "utm_source", ""),
        ("notice_unknown_value", "region", "Atlantis"),
        ("notice_unknown_value", "branch", "XX-99"),
        ("notice_branch_outside_region", "branch", "BJ-01"),
        ("notice_unknown_value", "segment", "robots"),
        ("notice_unknown_value", "compare", "yesterday"),
        ("notice_unknown_lang", "lang", "fr"),
        ("notice_bad_date", "start", "2025-02-30"),
    }
    # With the start dropped, the period keeps the default length before the end.
    assert view.period == preset_period("last_30_days", ANCHOR)


@pytest.mark.parametrize("text", ["20250301", "2025-3-1", "2025-W10-1", "2025-02-30", "tomorrow"])
def test_only_plain_iso_dates_are_dates(text):
    view, notices = parse_view({"end": [text]}, CHOICES, ANCHOR)
    assert [(n.message, n.value) for n in notices] == [("notice_bad_date", text)]
    assert view.period == preset_period("last_30_days", ANCHOR)


@pytest.mark.parametrize("text", ["1999-12-31", "2100-01-01"])
def test_a_date_outside_the_supported_range_is_called_that(text):
    view, notices = parse_view({"start": [text]}, CHOICES, ANCHOR)
    assert [(n.message, n.value) for n in notices] == [("notice_date_out_of_range", text)]
    assert view.period == preset_period("last_30_days", ANCHOR)


def test_an_unsupported_language_falls_back_to_the_browsers_with_a_notice():
    view, notices = parse_view({"lang": ["fr"]}, CHOICES, ANCHOR, default_lang="zh")
    assert view.lang == "zh"
    assert [(n.message, n.value) for n in notices] == [("notice_unknown_lang", "fr")]


def test_start_after_end_falls_back_to_the_default_period():
    view, notices = parse_view({"start": ["2025-03-10"], "end": ["2025-03-01"]}, CHOICES, ANCHOR)
    assert [n.message for n in notices] == ["notice_start_after_end"]
    assert view.period == preset_period("last_30_days", ANCHOR)


def test_a_repeated_single_parameter_uses_the_first_value():
    view, notices = parse_view({"lang": ["zh", "en"], "start": ["2025-05-01"]}, CHOICES, ANCHOR)
    assert view.lang == "zh"
    assert view.period == Period(date(2025, 5, 1), ANCHOR)
    assert [n.message for n in notices] == ["notice_repeated"]


def test_a_url_period_matching_a_preset_follows_it():
    view, _ = parse_view({"start": ["2025-05-01"], "end": ["2025-05-14"]}, CHOICES, ANCHOR)
    assert view.preset == "this_month"


def test_following_new_data_moves_preset_periods_and_drops_vanished_values():
    view = View(
        preset_period("this_month", ANCHOR),
        Filters(branches=("HZ-02",), regions=("浙江",), segments=("senior",)),
        preset="this_month",
    )
    fewer = FilterChoices(
        regions=("浙江",),
        branches=(Branch("HZ-01", "杭州西湖支行", "浙江"),),
        segments=("young",),
        channels=(),
    )
    moved = follow_data(view, fewer, date(2025, 6, 3))
    assert moved.period == Period(date(2025, 6, 1), date(2025, 6, 3))
    assert moved.filters == Filters(regions=("浙江",))
    custom = View(Period(date(2025, 3, 1), date(2025, 3, 5)))
    assert follow_data(custom, CHOICES, date(2025, 6, 3)).period == custom.period


def test_default_view():
    assert default_view(ANCHOR, "zh").preset == "last_30_days"
    assert default_view(ANCHOR, "zh").lang == "zh"
