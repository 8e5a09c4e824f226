"""Numbers as the dashboard shows them, in English or Chinese.

Large counts and amounts are shortened: in Chinese with 万 (10^4) and 亿 (10^8),
in English with M (10^6) and B (10^9); smaller ones are written in full with
thousands separators. Shares are percentages with one decimal.
"""

from __future__ import annotations

import math
import re

from metrics.definitions import Unit

DASH = "—"

_STEPS = {
    "zh": ((1e8, "亿"), (1e4, "万")),
    "en": ((1e9, "B"), (1e6, "M")),
}


def _is_nan(value: float) -> bool:
    return isinstance(value, float) and math.isnan(value)


def number(value: float, lang: str, *, money: bool = False, like: float | None = None) -> str:
    """A count or sum, shortened when large (2 decimals), else in full: a fractional count
    with 1 decimal, money with 2 decimals below 1,000 and whole yuan above. With ``like``, in
    the unit ``like`` is written in (a change beside its value: "+¥0.16M" beside "¥2.64M")."""
    size = abs(value if like is None else like)
    for step, suffix in _STEPS["zh" if lang == "zh" else "en"]:
        if size >= step:
            return f"{value / step:,.2f}{suffix}"
    if float(value).is_integer() or (money and abs(value) >= 1000):
        return f"{value:,.0f}"
    return f"{value:,.2f}" if money else f"{value:,.1f}"


def format_value(value: float | None, unit: Unit, lang: str) -> str:
    """A KPI value for a tile or caption; ``—`` when it is undefined."""
    if value is None or _is_nan(value):
        return DASH
    if unit == "count":
        return number(value, lang)
    if unit == "amount":
        return "¥" + number(value, lang, money=True)
    if unit == "share":
        return f"{value * 100:.1f}%"
    if unit == "nps":
        return f"{value:.1f}"
    if unit == "score":
        return f"{value:.2f}"
    if unit == "days":
        return f"{value:.1f} " + ("天" if lang == "zh" else "d")
    return f"{value:,.1f}" if unit == "rate_per_10k" else f"{value:,.2f}"


def format_change(
    current: float | None, previous: float | None, unit: Unit, lang: str
) -> str | None:
    """The change from ``previous`` to ``current`` with its sign, ``None`` when either is missing.

    Shares change in percentage points; counts and amounts also give the relative change.
    """
    if current is None or previous is None or _is_nan(current) or _is_nan(previous):
        return None
    change = current - previous
    if unit == "share":
        points = "个百分点" if lang == "zh" else " pp"
        return f"{change * 100:+.1f}{points}"
    if unit in ("count", "amount"):
        sign = "+" if change >= 0 else "-"
        money = unit == "amount"
        shown = number(abs(change), lang, money=money, like=max(abs(current), abs(previous)))
        text = sign + ("¥" if money else "") + shown
        if previous:
            text += f" ({change / abs(previous) * 100:+.1f}%)"
        return text
    if unit == "days":
        return f"{change:+.1f} " + ("天" if lang == "zh" else "d")
    decimals = 2 if unit in ("score", "ratio") else 1
    return f"{change:+.{decimals}f}"


def axis_label_expr(lang: str, channel: str = "y") -> str:
    """A Vega expression writing the ticks of a count or money axis as ``number`` does: with
    thousands separators, and in one unit for the whole axis (万 / 亿 in Chinese, M / B in
    English) chosen by the largest value of the axis's domain."""
    span = f"max(abs(domain('{channel}')[0]), abs(domain('{channel}')[1]))"
    expr = "format(datum.value, ',.2~f')"
    for step, suffix in reversed(_STEPS["zh" if lang == "zh" else "en"]):
        scaled = f"format(datum.value / {step:.0e}, ',.2~f') + '{suffix}'"
        expr = f"({span} >= {step:.0e}) ? {scaled} : {expr}"
    return f"datum.value == 0 ? '0' : {expr}"


def whole_tick_count(channel: str = "y") -> dict[str, str]:
    """A Vega-Lite ``tickCount`` that never puts ticks between whole numbers (a count axis up
    to 2 reads 0, 1, 2, not 0, 0.5, 1, 1.5, 2 written "0, 1, 1, 2, 2")."""
    length = "height" if channel == "y" else "width"
    span = f"abs(domain('{channel}')[1] - domain('{channel}')[0])"
    return {"expr": f"min(ceil({length} / 40), max(1, ceil({span})))"}


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")


def plain(text: str) -> str:
    """``text`` on one line, escaped so that Streamlit's Markdown shows it literally."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
