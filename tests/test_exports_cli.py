"""``python -m exports pack``: the deck headless, progress on stderr, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from pptx import Presentation

from data_access.engine import PROJECT_ROOT
from tests.metrics_fixtures import branch, insert, user


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "exports", "pack", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        timeout=300,
    )


@pytest.fixture
def small(db):
    insert(
        db,
        branch("HZ-01", "浙江", "杭州西湖支行"),
        user("u1", "HZ-01", "2024-03-02"),
        user("u2", "HZ-01", "2024-03-03"),
        user("u3", "HZ-01", "2024-02-25"),
    )
    return db


def test_pack_writes_the_deck_and_reports_progress(small, tmp_path):
    out = tmp_path / "pack.pptx"
    args = ("--start", "2024-03-01", "--end", "2024-03-10", "--region", "浙江")
    done = _run(*args, "--lang", "zh", "--out", str(out), "--db", small.url)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    deck = Presentation(str(out))
    assert result == {"out": str(out), "slides": len(deck.slides), "lang": "zh"}
    progress = done.stderr.splitlines()
    assert len(progress) >= 4
    assert all(line.startswith("python -m exports pack: ") for line in progress)
    assert progress[-1].endswith("2024-03 团队目标")  # the last slide: targets (none here)
    assert " 100% " in progress[-1]
    texts = [shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame]
    assert "筛选条件：地区：浙江" in texts[-1]
    kpis = deck.slides[1].shapes
    (table,) = [shape.table for shape in kpis if shape.has_table]
    rows = {row.cells[0].text: [cell.text for cell in row.cells] for row in table.rows}
    # u1 and u2 registered in the period, u3 in the previous one
    assert rows["新增用户"][1:] == ["2", "1", "+1 (+100.0%)"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--start", "2024-03-10", "--end", "2024-03-01"), "--end 2024-03-01 is before --start"),
        (("--start", "2024-02-30", "--end", "2024-03-01"), "'2024-02-30' is not a date"),
        (("--start", "2024-03-01", "--end", "2024-03-10", "--lang", "fr"), "invalid choice: 'fr'"),
    ],
)
def test_bad_arguments_give_one_line_and_write_nothing(tmp_path, args, message):
    out = tmp_path / "bad.pptx"
    done = _run(*args, "--out", str(out), "--db", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith("python -m exports pack: error: ") and message in line
    assert not out.exists()


def test_output_must_be_a_pptx_in_an_existing_folder(tmp_path):
    period: tuple[str, ...] = ("--start", "2024-03-01", "--end", "2024-03-10")
    period += ("--db", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    missing = tmp_path / "no such folder" / "pack.pptx"
    done = _run(*period, "--out", str(missing))
    assert done.returncode == 2
    assert f"folder '{missing.parent}' does not exist" in done.stderr
    done = _run(*period, "--out", str(tmp_path / "pack.pdf"))
    assert done.returncode == 2
    assert "must name a .pptx file" in done.stderr
    assert list(tmp_path.iterdir()) == [], "nothing written, not even the database"
