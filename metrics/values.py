"""How results are shaped: plain Python numbers, ``None`` for an undefined ratio.

PostgreSQL returns ``Decimal`` for sums of big integers where SQLite returns
``int``; converting here keeps results identical on both.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any, ClassVar


def as_int(value: Any) -> int:
    """An SQL count or sum as an ``int`` (``NULL``, the sum of no rows, is 0)."""
    return int(value) if value is not None else 0


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """``numerator / denominator``, or ``None`` when either is missing or the divisor is 0."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


class Result:
    """Base of the frozen result dataclasses: ``to_dict()`` gives their JSON object."""

    # Declared (never set here) so type checkers know every subclass is a dataclass.
    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]

    def to_dict(self) -> dict[str, Any]:
        return {
            key: value.isoformat() if isinstance(value, date) else value
            for key, value in dataclasses.asdict(self).items()
        }
