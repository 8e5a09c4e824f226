"""One catalog per language, and none lacks a key: the test that fails when a translation is
missing, since the lookup never falls back to another language."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from display import i18n
from display.catalog import en, zh
from display.i18n import LANGS, label, metric_help, metric_label, t
from metrics.definitions import SUMMARY_METRICS

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = {"en": en, "zh": zh}
SOURCES = [
    ROOT / "app.py",
    *(
        path
        for folder in ("pages", "ui", "exports", "display", "metrics", "bench", "tests")
        for path in sorted((ROOT / folder).rglob("*.py"))
    ),
]
LITERAL_KEY = re.compile(
    r"""\b(?:t|Notice)\(\s*(["'])(?P<key>[^"'{}]+)\1"""
    # a table column declared as data: Column(<frame column>, <title key>, ...)
    r"""|\bColumn\(\s*["'][^"']+["'],\s*(["'])(?P<title>[^"'{}]+)\3"""
    # a KPI's label or help by its key: metric.<key>, metric.<key>.help
    r"""|\bmetric_(?P<part>label|help)\(\s*(["'])(?P<metric>[^"'{}]+)\6"""
)
KEY_PREFIX = re.compile(r"""\bt\(\s*f(["'])([^"'{]+)\{""")
LANGUAGE_CHECK = re.compile(r"""["']zh["']|[!=]=\s*["']en["']|["']en["']\s*[!=]=""")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _used(pattern: re.Pattern[str]) -> dict[str, str]:
    """Each key (or key prefix) the code names literally, with one place that names it."""
    found: dict[str, str] = {}
    for path in SOURCES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in pattern.finditer(line):
                if "key" not in pattern.groupindex:
                    key = match.group(2)
                elif match.group("metric"):
                    suffix = ".help" if match.group("part") == "help" else ""
                    key = f"metric.{match.group('metric')}{suffix}"
                else:
                    key = match.group("key") or match.group("title")
                found.setdefault(key, f"{path.relative_to(ROOT)}:{number}")
    return found


def test_the_catalogs_are_the_languages():
    assert tuple(CATALOGS) == LANGS == tuple(i18n.LANGUAGE_NAMES)


def test_every_key_has_every_language():
    keys = {lang: set(catalog.STRINGS) for lang, catalog in CATALOGS.items()}
    for lang, mine in keys.items():
        for other, theirs in keys.items():
            assert sorted(theirs - mine) == [], f"missing from {lang}, present in {other}"


def test_no_string_is_empty():
    empty = [
        (lang, key)
        for lang, catalog in CATALOGS.items()
        for key, text in catalog.STRINGS.items()
        if not text.strip()
    ]
    assert empty == []


def test_every_string_has_the_same_placeholders_in_every_language():
    differing = {
        key: {lang: sorted(_fields(catalog.STRINGS[key])) for lang, catalog in CATALOGS.items()}
        for key in en.STRINGS
        if len({frozenset(_fields(catalog.STRINGS[key])) for catalog in CATALOGS.values()}) > 1
    }
    assert differing == {}


def test_every_code_of_the_data_has_every_language_in_one_order():
    for kind, codes in en.LABELS.items():
        for lang, catalog in CATALOGS.items():
            assert list(catalog.LABELS[kind]) == list(codes), (kind, lang)
            assert all(name.strip() for name in catalog.LABELS[kind].values()), (kind, lang)
    assert set(zh.LABELS) == set(en.LABELS)


def test_every_key_the_code_names_exists():
    used = _used(LITERAL_KEY)
    # The scan finds the call sites: most keys are named literally (the rest are built from
    # prefixes or passed through declarations, checked below).
    assert len(used) > len(en.STRINGS) / 2
    missing = {key: where for key, where in used.items() if key not in en.STRINGS}
    assert missing == {}


def test_every_key_prefix_the_code_builds_names_some_key():
    prefixes = _used(KEY_PREFIX)
    assert "or_weekday_" in prefixes and "export." in prefixes
    unmatched = {
        prefix: where
        for prefix, where in prefixes.items()
        if not any(key.startswith(prefix) for key in en.STRINGS)
    }
    assert unmatched == {}


def test_every_kpi_has_its_label_and_definition_in_the_catalogs():
    declared = {metric.key for metric in SUMMARY_METRICS}
    in_catalog = {key.split(".")[1] for key in en.STRINGS if key.startswith("metric.")}
    assert in_catalog == declared
    for metric in SUMMARY_METRICS:
        for lang in LANGS:
            assert metric_label(metric.key, lang).strip()
            assert metric_help(metric.key, lang).strip()


def test_language_checks_are_left_to_number_formatting():
    allowed = {ROOT / "ui" / "formatting.py"}
    checks = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in SOURCES
        if path.parts[len(ROOT.parts)] in ("app.py", "pages", "ui", "exports")
        and path not in allowed
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LANGUAGE_CHECK.search(line)
    ]
    assert checks == []


@pytest.mark.parametrize("lang", ["fr", "EN", "zh-CN", ""])
def test_an_unknown_language_is_an_error_not_english(lang):
    with pytest.raises(ValueError, match=f"unknown language '{lang}'"):
        t("app_title", lang)
    with pytest.raises(ValueError, match=f"unknown language '{lang}'"):
        label("segment", "young", lang)


def test_a_missing_key_is_an_error_naming_key_and_language():
    missing = "no_such_key"
    with pytest.raises(KeyError, match="'no_such_key' in the 'zh' catalog"):
        t(missing, "zh")
