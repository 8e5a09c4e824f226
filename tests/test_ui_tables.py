"""Tables show shares as the tiles do: a percentage with one decimal, on a screen and on a
phone's cards."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from ui.tables import PERCENT, Column, cell_text, percentages

SHARE = Column("lift", "cp_lift", format=PERCENT)
RATE = Column("rate", "cp_did", format="%.2f")


def test_a_percent_column_is_shown_with_one_decimal():
    frame = pd.DataFrame({"lift": [0.6, 0.68523], "rate": [0.5, 0.25]})
    shown = percentages(frame, (SHARE, RATE))
    assert shown["lift"].tolist() == pytest.approx([60.0, 68.523])  # the table holds percentages
    assert shown["rate"].tolist() == [0.5, 0.25]  # other columns untouched
    assert frame["lift"].tolist() == [0.6, 0.68523]  # the caller's frame too
    config: dict[str, Any] = dict(SHARE.config("en"))
    assert config["type_config"]["format"] == "%.1f%%"
    assert (cell_text(0.6, SHARE, "en"), cell_text(0.68523, SHARE, "zh")) == ("60.0%", "68.5%")
