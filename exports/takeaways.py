"""One-line takeaways computed from the numbers on a slide, in English or Chinese.

Each function turns numbers into a sentence such as "New users up 18% on the
previous period, led by 杭州西湖支行"; none reads the database.
"""

from __future__ import annotations

from collections.abc import Mapping

from display.formatting import format_value
from display.i18n import t
from exports.numbers import change
from metrics.definitions import Unit


def trend(
    label: str,
    current: float | None,
    previous: float | None,
    unit: Unit,
    lang: str,
    *,
    comparison: str = "previous",
    parts: tuple[Mapping[str, float], Mapping[str, float]] | None = None,
) -> str:
    """How ``current`` moved against ``previous``, and which part drove the move.

    ``comparison`` is ``"previous"`` or ``"last_year"``. ``parts`` splits an
    additive total by name (branch, category) for both periods: the name that
    rose most (or fell most, when the total fell) is named as leading the move.
    """
    if current is None:
        return t("export.no_value", lang, label=label)
    moved = change(current, previous, unit)
    if moved is None:
        return t("export.no_comparison", lang, label=label, value=format_value(current, unit, lang))
    sentence = t(
        f"export.trend_{moved.direction}",
        lang,
        label=label,
        size=moved.magnitude(lang),
        comparison=t(f"export.{comparison}", lang),
    )
    if parts is None or moved.direction == "flat":
        return sentence
    rising = moved.direction == "up"
    leader = biggest_mover(*parts, rising=rising)
    if leader is None:
        return sentence
    return sentence + t("export.led_by" if rising else "export.fall_led_by", lang, leader=leader)


def biggest_mover(
    current: Mapping[str, float], previous: Mapping[str, float], *, rising: bool
) -> str | None:
    """The name whose value rose most (``rising``) or fell most; ``None`` when none moved so.

    A name missing on one side counts as 0 there. Ties go to the name that sorts first.
    """
    moves = {
        name: current.get(name, 0) - previous.get(name, 0) for name in set(current) | set(previous)
    }
    sign = 1 if rising else -1
    candidates = sorted((-sign * move, name) for name, move in moves.items() if sign * move > 0)
    return candidates[0][1] if candidates else None


def largest(label: str, values: Mapping[str, float | None], unit: Unit, lang: str) -> str:
    """Which name has the highest value, and that value."""
    present = {name: value for name, value in values.items() if value is not None}
    if not present:
        return t("export.no_value", lang, label=label)
    name = min(present, key=lambda key: (-present[key], key))
    return t(
        "export.largest",
        lang,
        label=label,
        name=name,
        value=format_value(present[name], unit, lang),
    )


def targets_pace(on_pace: int, total: int, month: str, lang: str) -> str:
    """How many team targets are projected to be met this month."""
    if total == 0:
        return t("export.no_targets", lang, month=month)
    return t("export.targets_pace", lang, on_pace=on_pace, total=total, month=month)
