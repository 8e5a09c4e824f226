"""Both languages are complete: every known data code, every page, every KPI."""

from __future__ import annotations

import pytest

from display.catalog import en, zh
from display.i18n import label, metric_help, metric_label, ordered, t
from metrics.definitions import SUMMARY_METRICS
from sample_data import labels
from ui.navigation import PAGE_NAMES, SECTIONS


def test_chinese_strings_are_chinese():
    untranslated = [
        key
        for key, english in en.STRINGS.items()
        if zh.STRINGS.get(key) == english and english.isascii() and len(english) > 4
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
        assert (
            metric_label(metric.key, "zh")
            and metric_help(metric.key, "zh")
            and metric_label(metric.key, "en")
        )
    assert set(en.LABELS["nps_group"]) == {"promoters", "passives", "detractors"}


def test_filling_placeholders():
    assert t("thin_sample", "en", n=12) == "⚠ thin sample (n=12)"
    assert t("thin_sample", "zh", n=12) == "⚠ 样本偏少（n=12）"
