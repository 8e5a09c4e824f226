"""Every string the dashboard and its exported files show, looked up in one catalog per language.

The catalogs are ``display.catalog.en`` and ``display.catalog.zh``, one plain dict per
language with the same keys. ``t(key, lang, **values)`` gives a string;
``label(kind, code, lang)`` translates a code found in the data (segment, channel, ...) and
shows an unknown code as written. KPI labels and definitions are strings too:
``metric.<key>`` and ``metric.<key>.help`` (``metric_label``, ``metric_help``).

Nothing falls back: a language outside ``LANGS`` raises ``ValueError`` and a key missing
from a catalog raises ``KeyError``; ``tests/test_catalogs.py`` holds both catalogs to the
same keys, placeholders and codes. Language checks belong to number formatting only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from display.catalog import en, zh

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "zh": "中文"}

STRINGS: Mapping[str, Mapping[str, str]] = {"en": en.STRINGS, "zh": zh.STRINGS}
"""Each language's strings, by key."""

LABELS: Mapping[str, Mapping[str, Mapping[str, str]]] = {"en": en.LABELS, "zh": zh.LABELS}
"""Each language's names of the data's codes, by kind; the English order is the display order."""


def _checked(lang: str) -> str:
    """``lang`` itself; a language without a catalog is an error, never English in disguise."""
    if lang not in STRINGS:
        raise ValueError(f"unknown language {lang!r}: the catalogs are {', '.join(LANGS)}")
    return lang


def t(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang``, filled with ``values``."""
    strings = STRINGS[_checked(lang)]
    try:
        text = strings[key]
    except KeyError:
        raise KeyError(f"no string {key!r} in the {lang!r} catalog") from None
    return text.format(**values) if values else text


def label(kind: str, code: str, lang: str) -> str:
    """The display name of a data code; an unknown code is shown as written."""
    return LABELS[_checked(lang)][kind].get(code, code)


def ordered(kind: str, codes: list[str] | tuple[str, ...]) -> list[str]:
    """``codes`` in the kind's display order, unknown codes after the known ones, sorted."""
    known = [code for code in LABELS["en"][kind] if code in codes]
    return known + sorted(set(codes) - set(known))


def metric_label(key: str, lang: str) -> str:
    """The KPI ``key``'s short label (string ``metric.<key>``)."""
    return t(f"metric.{key}", lang)


def metric_help(key: str, lang: str) -> str:
    """The KPI ``key``'s definition, shown as the tile's help (string ``metric.<key>.help``)."""
    return t(f"metric.{key}.help", lang)


def column_title(name: str, lang: str) -> str:
    """A data column's header in ``lang``: a KPI's label, else the string ``column.<name>``,
    else the name as written (a header already in the page's language)."""
    if f"metric.{name}" in STRINGS[_checked(lang)]:
        return metric_label(name, lang)
    key = f"column.{name}"
    return t(key, lang) if key in STRINGS[lang] else name
