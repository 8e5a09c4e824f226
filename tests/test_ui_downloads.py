"""CSV downloads: spreadsheet formulas are neutralised, numbers and Chinese survive."""

from __future__ import annotations

import csv
import io

import pandas as pd

from ui.downloads import csv_bytes


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_keeps_numbers_and_neutralises_text_cells_and_headers():
    frame = pd.DataFrame(
        {
            "comment": ['=HYPERLINK("http://x")', "好用", "-1"],
            "nps": [-100.0, 50.0, 0.0],
            "=evil": ["a", "b", "c"],
        }
    )
    rows = _rows(csv_bytes(frame))
    assert rows[0] == ["comment", "nps", "'=evil"]
    assert rows[1] == ['\'=HYPERLINK("http://x")', "-100.0", "a"]
    assert rows[2] == ["好用", "50.0", "b"]
    assert rows[3] == ["'-1", "0.0", "c"]
    shown = frame.loc[0, "comment"]
    assert isinstance(shown, str) and shown.startswith("=")  # the shown frame is left alone


def test_dates_are_written_as_iso_days():
    frame = pd.DataFrame({"bucket": pd.to_datetime(["2025-06-01", "2025-06-02"]), "n": [1, 2]})
    assert _rows(csv_bytes(frame))[1:] == [["2025-06-01", "1"], ["2025-06-02", "2"]]
