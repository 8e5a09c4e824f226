"""Both languages are complete: every string, every known data code, every page."""

from __future__ import annotations

import string

import pytest

from metrics.definitions import SUMMARY_METRICS
from sample_data import labels
from ui.i18n import LABELS, STRINGS, label, ordered, t
from ui.navigation import PAGE_NAMES, SECTIONS


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_string_has_both_languages_with_the_same_placeholders(key):
    english, chinese = STRINGS[key]
    assert english.strip() and chinese.strip()
    assert _fields(english) == _fields(chinese)


def test_chinese_strings_are_chinese():
    untranslated = [
        k for k, (en, zh) in STRINGS.items() if en == zh and en.isascii() and len(en) > 4
    ]
    assert untranslated == []


@pytest.mark.parametrize(
    ("kind", "codes"),
    [
        ("segment", labels.SEGMENTS),
        ("channel", labels.CHANNELS),
        ("location_type", labels.LOCATION_TYPES),
        ("category", labels.COMPLAINT_CATEGORIES),
        ("provider", labels.PROVIDERS),
    ],
)
def test_every_code_of_the_data_is_translated(kind, codes):
    for code in codes:
        assert label(kind, code, "en") != label(kind, code, "zh")
    assert ordered(kind, list(reversed(codes))) == list(codes)


def test_unknown_codes_show_as_written_after_the_known_ones():
    assert label("segment", "students", "zh") == "students"
    assert ordered("segment", ["zz", "senior", "aa", "young"]) == ["young", "senior", "aa", "zz"]


def test_pages_sections_and_kpis_have_titles_in_both_languages():
    for name in PAGE_NAMES:
        assert t(f"page_{name}", "en") != t(f"page_{name}", "zh")
    for section in SECTIONS:
        assert t(section, "en") != t(section, "zh")
    for metric in SUMMARY_METRICS:
        assert metric.label("zh") and metric.help("zh") and metric.label("en")
    assert set(LABELS["nps_group"]) == {"promoters", "passives", "detractors"}


def test_filling_placeholders():
    assert t("thin_sample", "en", n=12) == "⚠ thin sample (n=12)"
    assert t("thin_sample", "zh", n=12) == "⚠ 样本偏少（n=12）"
