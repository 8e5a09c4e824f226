"""Chart images: title, filters and data date inside; PNG and SVG; Chinese text drawn as glyphs."""

from __future__ import annotations

import struct

import altair as alt
import pandas as pd

from exports.chart_images import FONT, WIDTH, Caption, chart_png, chart_svg, image_spec

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _bars(names: list[str]) -> alt.Chart:
    frame = pd.DataFrame({"branch": names, "users": [3, 2, 1][: len(names)]})
    return alt.Chart(frame).mark_bar().encode(x="users:Q", y="branch:N")


def _png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def test_spec_carries_caption_font_and_a_fixed_width():
    chart = _bars(["杭州西湖支行", "宁波"]).properties(title="old title", width="container")
    spec = image_spec(
        chart,
        Caption("New users", ("2026-06-01 – 2026-06-30 · 地区：浙江", "Data as of 2026-06-30")),
    )
    assert spec["title"]["text"] == "New users"
    assert spec["title"]["subtitle"] == [
        "2026-06-01 – 2026-06-30 · 地区：浙江",
        "Data as of 2026-06-30",
    ]
    assert spec["width"] == WIDTH
    assert spec["config"]["font"] == FONT
    assert "old title" not in str(spec)


def test_size_and_extra_config_and_no_caption():
    spec = image_spec(
        _bars(["a"]).properties(title="t"),
        None,
        size=(800, 300),
        config={"axis": {"labelFontSize": 13}},
    )
    assert "title" not in spec
    assert (spec["width"], spec["height"]) == (800, 300)
    assert spec["config"]["axis"]["labelFontSize"] == 13


def test_png_is_an_image_at_the_requested_scale():
    png = chart_png(_bars(["a", "b"]), Caption("T"), scale=2, size=(400, 200))
    assert png.startswith(PNG_SIGNATURE)
    width, height = _png_size(png)
    assert width > 2 * 400 and height > 2 * 200  # the plot plus axes, title and padding, doubled


def test_svg_holds_title_caption_and_chinese_names_as_text():
    svg = chart_svg(
        _bars(["杭州西湖支行", "宁波海曙支行"]), Caption("新增用户", ("数据截至 2026-06-30",))
    )
    assert svg.lstrip().startswith("<svg")
    for expected in ("新增用户", "数据截至 2026-06-30", "杭州西湖支行", "宁波海曙支行"):
        assert expected in svg


def test_chinese_characters_are_drawn_with_real_glyphs():
    """Without a CJK font every character becomes the same empty box, so two different
    titles of the same length would give identical images."""
    chart = _bars(["a"])
    first = chart_png(chart, Caption("杭州西湖"), scale=1)
    second = chart_png(chart, Caption("宁波海曙"), scale=1)
    assert first != second
