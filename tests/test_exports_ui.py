"""Presentation mode and the export buttons in Streamlit's AppTest, on the March 2024 data
of ``tests/test_metrics_series.py`` (five users; hand counts there and below)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pptx import Presentation

from data_access import open_database
from data_access.engine import get_engine
from tests.apptest_helpers import Dates, open_page
from tests.metrics_fixtures import insert
from tests.test_metrics_series import march_2024_rows
from ui.export_buttons import PACK

MARCH: Dates = {"start": "2024-03-01", "end": "2024-03-31"}


@pytest.fixture
def march_url(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'march.sqlite3'}"
    insert(open_database(url), *march_2024_rows())
    yield url
    get_engine(url).dispose()


def _keys(elements) -> set[str]:
    return {element.key for element in elements}


def test_present_in_the_url_turns_presentation_mode_on(monkeypatch, march_url):
    app = open_page(monkeypatch, march_url, timeout=120, region="浙江", present="1", **MARCH)
    assert app.main.children[0].type == "flex_container"  # the exit button, above the title
    assert "present_exit" in _keys(app.button)
    assert "present_toggle" not in _keys(app.get("toggle"))
    assert app.main.markdown[0].value == "1 / 2"  # the Overview's screens: tiles, league
    subtitle = app.main.markdown[1].value
    assert subtitle == "Region\\: 浙江 · Data as of 2024\\-04\\-10"  # Markdown-escaped
    assert app.query_params["present"] == "1"
    css = [element for element in app.get("html") if "stSidebar" in element.proto.body]
    assert len(css) == 1


def test_an_unknown_present_value_is_ignored_with_a_notice(monkeypatch, march_url):
    app = open_page(monkeypatch, march_url, timeout=120, present="yes", **MARCH)
    # issue-20 names the parameter in words ("presentation mode", not "present").
    assert any("presentation mode value “yes” is neither 1 nor 0" in w.value for w in app.warning)
    assert "present_toggle" in _keys(app.get("toggle"))
    assert "present" not in app.query_params


def test_the_toggle_and_the_exit_button(monkeypatch, march_url):
    app = open_page(monkeypatch, march_url, "growth", timeout=120, **MARCH)
    assert "present" not in app.query_params
    app.toggle(key="present_toggle").set_value(True).run()
    assert app.query_params["present"] == "1"
    assert app.title[0].value == "Growth"
    app.button(key="present_exit").click().run()
    assert "present" not in app.query_params
    assert "present_toggle" in _keys(app.get("toggle"))


def test_every_chart_has_image_buttons_and_the_page_a_workbook(monkeypatch, march_url):
    app = open_page(monkeypatch, march_url, "growth", timeout=120, **MARCH)
    main = _keys(app.main.get("download_button"))
    for name in ("registrations", "total_users"):
        assert {f"download_{name}", f"png_{name}", f"svg_{name}"} <= main
    sidebar = _keys(app.sidebar.get("download_button"))
    assert sidebar == {"export_excel"}
    assert "pack_build" in _keys(app.sidebar.get("button"))


def test_the_meeting_pack_button_builds_the_deck_of_the_view(monkeypatch, march_url):
    app = open_page(monkeypatch, march_url, timeout=120, **MARCH)
    app.button(key="pack_build").click().run()
    assert not app.exception
    assert "pack_download" in _keys(app.sidebar.get("download_button"))
    deck = Presentation(io.BytesIO(app.session_state[PACK].deck))
    (table,) = [shape.table for shape in deck.slides[1].shapes if shape.has_table]
    rows = {row.cells[0].text: [cell.text for cell in list(row.cells)[1:]] for row in table.rows}
    # March against 2024-01-30..02-29: new users u1 u2 u3 u5 against u4; active u1 u3 u4
    # against none; complaints c1 c2 c3 against c4 c5; own share 150 / 900 against 10 / 100.
    assert rows["New users"] == ["4", "1", "+3 (+300.0%)"]
    assert rows["Active users"] == ["3", "0", "+3"]
    assert rows["Complaints"] == ["3", "2", "+1 (+50.0%)"]
    assert rows["Own share"] == ["16.7%", "10.0%", "+6.7 pp"]
    assert any("Meeting pack ready" in caption.value for caption in app.sidebar.caption)


def _screen_label(app) -> str:
    return next(m.value for m in app.markdown if m.value.endswith(" / 4"))


def test_a_long_page_is_presented_one_screen_at_a_time(monkeypatch, march_url):
    app = open_page(monkeypatch, march_url, "activity", timeout=120, present="1", **MARCH)
    # Activity: the tiles, then three rows of charts: four screens, the first shown.
    assert _screen_label(app) == "1 / 4"
    assert app.button(key="present_previous").disabled
    app.button(key="present_next").click().run()
    assert _screen_label(app) == "2 / 4" and not app.button(key="present_previous").disabled
    for _ in range(3):  # stops at the last screen
        if not app.button(key="present_next").disabled:
            app.button(key="present_next").click().run()
    assert _screen_label(app) == "4 / 4" and app.button(key="present_next").disabled
    app.button(key="present_exit").click().run()
    assert "present_next" not in _keys(app.button)


def test_the_heatmap_text_grows_with_the_rest_when_presenting(monkeypatch, march_url):
    app = open_page(monkeypatch, march_url, "activity", timeout=120, present="1", **MARCH)
    specs = [json.loads(chart.proto.spec) for chart in app.get("vega_lite_chart")]
    heatmaps = [
        s for s in specs if any(layer["mark"]["type"] == "text" for layer in s.get("layer", []))
    ]
    assert heatmaps, "the cohort heatmap is drawn"
    text = next(layer for layer in heatmaps[0]["layer"] if layer["mark"]["type"] == "text")
    assert "fontSize" not in text["mark"]  # else the mark's own size wins over the config
    assert heatmaps[0]["config"]["text"]["fontSize"] == 16  # 11 px × 1.5, as axis labels
