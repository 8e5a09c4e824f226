"""Chart titles broken into lines for presentation mode (``ui.presentation.title_lines``)."""

from __future__ import annotations

from ui.presentation import TITLE_LINE, title_lines


def test_a_short_title_stays_one_line() -> None:
    assert title_lines("Monthly active users") == ["Monthly active users"]


def test_a_long_title_breaks_between_words() -> None:
    # 42 letters; "30-day activation rate by" is 25, adding " registration" would make 38.
    assert title_lines("30-day activation rate by registration day") == [
        "30-day activation rate by",
        "registration day",
    ]


def test_chinese_breaks_between_characters_each_counting_two() -> None:
    title = "按注册日计算的三十天激活率与月度注册用户留存"  # 22 characters = 44 units
    lines = title_lines(title)
    assert lines == ["按注册日计算的三十天激活率与月", "度注册用户留存"]  # 15 characters = 30 units
    assert TITLE_LINE == 30
