"""The record comparison used by the metric tests does fail, and does tolerate rounding."""

from datetime import date

import pytest

from tests.tolerance import assert_records_close

EXPECTED = [
    {"team_id": "T1", "day": date(2024, 2, 1), "actual": 3, "attainment": 0.3, "projected": None},
    {"team_id": "T2", "day": date(2024, 2, 1), "actual": 7, "attainment": 1 / 3, "projected": 5.8},
]


def with_field(index: int, key: str, value: object) -> list[dict]:
    records = [dict(r) for r in EXPECTED]
    records[index][key] = value
    return records


def test_a_billionth_apart_passes():
    assert_records_close(with_field(1, "attainment", 1 / 3 + 1e-9 / 3), EXPECTED)
    assert_records_close(with_field(1, "projected", 5.8 * (1 + 1e-10)), EXPECTED)


@pytest.mark.parametrize(
    ("index", "key", "value"),
    [
        (1, "attainment", 1 / 3 + 1e-3),  # a thousandth apart
        (0, "attainment", 0.3 * (1 - 1e-3)),
        (1, "projected", None),  # a number against null
        (0, "projected", 0.0),  # null against a number
        (0, "actual", 4),  # counts compare exactly
        (0, "team_id", "T3"),
        (0, "day", date(2024, 2, 2)),
        (0, "attainment", True),  # a flag is not a number here
    ],
)
def test_a_real_difference_fails_and_is_named(index, key, value):
    with pytest.raises(AssertionError, match=f"record {index}, {key}"):
        assert_records_close(with_field(index, key, value), EXPECTED)


def test_missing_records_or_keys_fail():
    with pytest.raises(AssertionError, match="1 records, expected 2"):
        assert_records_close(EXPECTED[:1], EXPECTED)
    records = [dict(r) for r in EXPECTED]
    del records[0]["projected"]
    with pytest.raises(AssertionError, match="record 0: keys"):
        assert_records_close(records, EXPECTED)
