"""Numbers in English and Chinese, changes, and Markdown-safe text."""

from __future__ import annotations

import math

import pytest

from display.formatting import format_change, format_value, number, plain


@pytest.mark.parametrize(
    ("value", "english", "chinese"),
    [
        (0, "0", "0"),
        (9_999, "9,999", "9,999"),
        (10_000, "10,000", "1.00万"),
        (26_485, "26,485", "2.65万"),
        (999_999, "999,999", "100.00万"),
        (2_501_811.66, "2.50M", "250.18万"),
        (123_456_789, "123.46M", "1.23亿"),
        (4_200_000_000, "4.20B", "42.00亿"),
        (560.0667, "560.1", "560.1"),
        (-12_500, "-12,500", "-1.25万"),
    ],
)
def test_numbers_shorten_with_wan_and_yi_in_chinese(value, english, chinese):
    assert number(value, "en") == english
    assert number(value, "zh") == chinese


@pytest.mark.parametrize(
    ("value", "unit", "lang", "shown"),
    [
        (1605, "count", "en", "1,605"),
        (2_501_811.66, "amount", "zh", "¥250.18万"),
        (812.5, "amount", "en", "¥812.50"),
        (52_738.2, "amount", "en", "¥52,738"),
        (52_738.2, "amount", "zh", "¥5.27万"),
        (0.72087, "share", "en", "72.1%"),
        (13.986, "nps", "zh", "14.0"),
        (-100.0, "nps", "en", "-100.0"),
        (3.986, "score", "en", "3.99"),
        (1.0, "days", "en", "1.0 d"),
        (1.5, "days", "zh", "1.5 天"),
        (109.0147, "rate_per_10k", "en", "109.0"),
        (6.9438, "ratio", "en", "6.94"),
        (None, "share", "en", "—"),
        (math.nan, "score", "zh", "—"),
    ],
)
def test_values_by_unit(value, unit, lang, shown):
    assert format_value(value, unit, lang) == shown


@pytest.mark.parametrize(
    ("current", "previous", "unit", "lang", "shown"),
    [
        (1605, 1533, "count", "en", "+72 (+4.7%)"),
        (52, 56, "count", "en", "-4 (-7.1%)"),
        (30_000, 10_000, "count", "zh", "+2.00万 (+200.0%)"),
        (5, 0, "count", "en", "+5"),
        # A change is written in its value's unit: "+¥0.05M" beside "¥2.55M", not "+¥52,738".
        (2_554_549.86, 2_501_811.66, "amount", "en", "+¥0.05M (+2.1%)"),
        (2_640_000, 2_479_372, "amount", "zh", "+¥16.06万 (+6.5%)"),
        (52_738, 2_554_549.86, "amount", "en", "-¥2.50M (-97.9%)"),
        (1_200, 1_000, "amount", "en", "+¥200 (+20.0%)"),
        (0.721, 0.739, "share", "en", "-1.8 pp"),
        (0.5, 0.25, "share", "zh", "+25.0个百分点"),
        (14.0, 23.3, "nps", "en", "-9.3"),
        (3.99, 4.02, "score", "en", "-0.03"),
        (2.0, 1.0, "days", "zh", "+1.0 天"),
        (None, 3, "count", "en", None),
        (3, None, "share", "en", None),
    ],
)
def test_changes_carry_their_sign_and_unit(current, previous, unit, lang, shown):
    assert format_change(current, previous, unit, lang) == shown


def test_plain_text_cannot_become_markdown():
    text = plain("[click](javascript:alert(1)) **bold** :red[x] $x$\n# title")
    assert "\\[click\\]\\(javascript\\:alert\\(1\\)\\)" in text
    assert "\\*\\*bold\\*\\*" in text and "\\:red\\[x\\]" in text and "\\$x\\$" in text
    assert "\n" not in text and "\\# title" in text


def _axis_labels(values, lang, value_format=",.0f"):
    """The tick labels vl-convert draws on a bar chart's count axis."""
    import re

    import altair as alt
    import pandas as pd
    import vl_convert

    from display.charts import value_axis

    frame = pd.DataFrame({"x": [f"g{i}" for i in range(len(values))], "y": values})
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("x:N", title=None, axis=alt.Axis(labels=False)),
            y=alt.Y("y:Q", title=None, axis=value_axis("y", value_format, lang)),
        )
        .properties(height=280, width=200)
    )
    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


@pytest.mark.parametrize(
    ("values", "lang", "labels"),
    [
        ([1, 2], "en", ["0", "1", "2"]),  # whole numbers only, never "0, 1, 1, 2, 2"
        ([3, 26_000], "zh", ["0", "0.5万", "1万", "1.5万", "2万", "2.5万"]),
        (
            [3, 9_000],
            "zh",
            ["0", "1,000", "2,000", "3,000", "4,000", "5,000", "6,000", "7,000", "8,000", "9,000"],
        ),
        ([3, 26_000], "en", ["0", "5,000", "10,000", "15,000", "20,000", "25,000"]),
        ([0, 2_500_000], "en", ["0", "0.5M", "1M", "1.5M", "2M", "2.5M"]),
    ],
)
def test_count_axes_have_whole_ticks_separators_and_one_unit(values, lang, labels):
    assert _axis_labels(values, lang) == labels


def test_axis_label_expression_names_each_unit():
    from display.formatting import axis_label_expr

    assert "'万'" in axis_label_expr("zh") and "'亿'" in axis_label_expr("zh")
    assert "'M'" in axis_label_expr("en", "x") and "domain('x')" in axis_label_expr("en", "x")
