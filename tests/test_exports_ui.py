"""Presentation mode and the export buttons in Streamlit's AppTest, on the March 2024 data
of ``tests/test_metrics_series.py`` (five users; hand counts there and below)."""

from __future__ import annotations

import io
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
    subtitle = app.main.markdown[0].value
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
