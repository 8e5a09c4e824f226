"""How far a KPI moved against its comparison, for sentences such as "up 18%".

Values themselves are written by ``display.formatting``, as on the dashboard's tiles.
"""

from __future__ import annotations

from dataclasses import dataclass

from display.i18n import t
from metrics.definitions import Unit

POINT_UNITS: frozenset[str] = frozenset({"share", "nps"})
"""Units whose change reads in points (a share's percentage points, NPS points), not in percent."""
ABSOLUTE_DECIMALS: dict[str, int] = {"score": 2, "ratio": 2, "days": 1, "rate_per_10k": 1}
"""Units whose change is a plain difference, as the tiles write it (CSAT +0.05, not +1.2 %),
with the decimals it is written with."""
FLAT_PERCENT = 0.0005
FLAT_POINTS = 0.05
"""A change that rounds to zero as written (0.0 % or 0.0 points) reads as flat."""


@dataclass(frozen=True)
class Change:
    """How far a value moved against its comparison: a fraction, points for ``POINT_UNITS``,
    or the plain difference for ``ABSOLUTE_DECIMALS`` units (``relative`` then holds the
    fraction too, for comparing changes of different units)."""

    size: float
    unit: Unit
    relative: float | None = None

    @property
    def in_points(self) -> bool:
        return self.unit in POINT_UNITS

    @property
    def is_absolute(self) -> bool:
        return self.unit in ABSOLUTE_DECIMALS

    @property
    def is_flat(self) -> bool:
        if self.is_absolute:
            return abs(self.size) < 0.5 * 10 ** -ABSOLUTE_DECIMALS[self.unit]
        return abs(self.size) < (FLAT_POINTS if self.in_points else FLAT_PERCENT)

    @property
    def direction(self) -> str:
        """``"up"``, ``"down"`` or ``"flat"``."""
        if self.is_flat:
            return "flat"
        return "up" if self.size > 0 else "down"

    def magnitude(self, lang: str) -> str:
        """The size without its sign: ``"18%"``, ``"3.2 pts"`` (``"3.2个百分点"`` in Chinese)."""
        size = abs(self.size)
        if self.is_absolute:
            return f"{size:.{ABSOLUTE_DECIMALS[self.unit]}f}"
        if not self.in_points:
            return f"{size:.0%}" if size >= 0.1 else f"{size:.1%}"
        number = f"{size:.1f}" if size < 10 else f"{size:.0f}"
        points = "export.points_share" if self.unit == "share" else "export.points_nps"
        return t(points, lang, number=number)


def change(current: float | None, previous: float | None, unit: Unit) -> Change | None:
    """The change from ``previous`` to ``current``; ``None`` when it cannot be stated."""
    if current is None or previous is None:
        return None
    if unit in POINT_UNITS:
        scale = 100 if unit == "share" else 1
        return Change((current - previous) * scale, unit)
    if unit in ABSOLUTE_DECIMALS:
        relative = (current - previous) / abs(previous) if previous else None
        return Change(current - previous, unit, relative)
    if previous == 0:
        return None
    return Change((current - previous) / abs(previous), unit)
