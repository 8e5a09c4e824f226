"""Comparing computed records with expected ones, floats with a real tolerance.

``pytest.approx`` takes flat values, lists or dicts of numbers only: over a list of dicts
pytest 9 raises, and pytest 8 silently compared exactly. ``assert_records_close`` compares
such lists field by field: the same keys in the same records, floats by ``math.isclose``,
everything else (text, dates, None, whole counts) exactly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

REL = 1e-9
ABS = 1e-9


def values_close(actual: Any, expected: Any, *, rel: float = REL, abs_: float = ABS) -> bool:
    """True when two field values agree: floats within the tolerance, others exactly."""
    if isinstance(actual, bool) or isinstance(expected, bool):
        return actual is expected
    if isinstance(actual, float) or isinstance(expected, float):
        if not isinstance(actual, int | float) or not isinstance(expected, int | float):
            return False
        return math.isclose(actual, expected, rel_tol=rel, abs_tol=abs_)
    return bool(actual == expected)


def record_differences(
    actual: Sequence[Mapping[str, Any]],
    expected: Sequence[Mapping[str, Any]],
    *,
    rel: float = REL,
    abs_: float = ABS,
) -> list[str]:
    """Every disagreement between two lists of records, as readable lines (empty: they agree)."""
    if len(actual) != len(expected):
        return [f"{len(actual)} records, expected {len(expected)}"]
    problems = []
    for i, (got, want) in enumerate(zip(actual, expected, strict=True)):
        if set(got) != set(want):
            problems.append(f"record {i}: keys {sorted(got)}, expected {sorted(want)}")
            continue
        problems += [
            f"record {i}, {key}: {got[key]!r}, expected {want[key]!r}"
            for key in want
            if not values_close(got[key], want[key], rel=rel, abs_=abs_)
        ]
    return problems


def assert_records_close(
    actual: Sequence[Mapping[str, Any]],
    expected: Sequence[Mapping[str, Any]],
    *,
    rel: float = REL,
    abs_: float = ABS,
) -> None:
    """Fail with every differing field named when the records do not agree."""
    problems = record_differences(actual, expected, rel=rel, abs_=abs_)
    assert not problems, "\n".join(problems)
