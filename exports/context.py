"""What every exported file says about itself: period, comparison, filters, data date, language.

"Filters" names the viewer's scope too: a staff member's or a regional manager's file holds
only their branches, and says so ("Branch 杭州滨江支行 only", "Regions 华东, 华南"), followed by
any filters they chose.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from data_access import Filters, Scope
from display.i18n import label, t
from metrics.dimensions import Branch
from metrics.period import Period

Comparison = Literal["previous", "last_year"]


def describe_filters(
    filters: Filters,
    lang: str,
    branch_names: Mapping[str, str] | None = None,
    scope: Scope | None = None,
) -> str:
    """The viewer's scope and filters as one line, e.g. ``Region: 浙江 · Segment: Seniors``,
    or ``Branch 杭州滨江支行 only · Segment: Seniors`` for a staff member's ``scope``.

    Branches are shown by name (``branch_names`` maps id to name; an unknown id
    is shown as is), segments and channels by their display label.
    """
    names = branch_names or {}
    limited = describe_scope(scope, lang, names) if scope is not None else None
    shown = {
        "region": filters.regions,
        "branch": [names.get(branch, branch) for branch in filters.branches],
        "segment": [label("segment", code, lang) for code in filters.segments],
        "channel": [label("channel", code, lang) for code in filters.channels],
    }
    comma = t("export.list_separator", lang)
    parts = [
        t("export.filter_item", lang, name=t(kind, lang), values=comma.join(values))
        for kind, values in shown.items()
        if values
    ]
    if limited is not None:
        return " · ".join((limited, *parts))
    return " · ".join(parts) if parts else t("export.no_filters", lang)


def describe_scope(scope: Scope, lang: str, branch_names: Mapping[str, str]) -> str | None:
    """What ``scope`` limits the rows to, or ``None`` for every branch: one branch by name
    (a staff member), else the regions (a regional manager)."""
    if scope.branches is None:
        return None
    if len(scope.branches) == 1:
        (branch,) = scope.branches
        return t("export.scope_branch", lang, branch=branch_names.get(branch, branch))
    regions = sorted(scope.regions or ())
    key = "export.scope_region" if len(regions) == 1 else "export.scope_regions"
    return t(key, lang, regions=t("export.list_separator", lang).join(regions))


@dataclass(frozen=True)
class ExportContext:
    period: Period
    filters: Filters
    filters_text: str
    data_date: date | None
    lang: str = "en"
    comparison: Comparison = "previous"

    @property
    def comparison_period(self) -> Period:
        return (
            self.period.previous()
            if self.comparison == "previous"
            else self.period.same_last_year()
        )

    @property
    def period_text(self) -> str:
        return _span(self.period)

    @property
    def comparison_text(self) -> str:
        return f"{_span(self.comparison_period)} ({t(f'export.{self.comparison}', self.lang)})"

    @property
    def data_date_text(self) -> str:
        if self.data_date is None:
            return t("export.no_data", self.lang)
        return t("export.data_as_of", self.lang, day=self.data_date.isoformat())

    def caption_lines(self) -> tuple[str, ...]:
        """Period, filters and data date: the lines under an exported chart's title."""
        return (f"{self.period_text} · {self.filters_text}", self.data_date_text)


def make_context(
    period: Period,
    filters: Filters,
    lang: str,
    comparison: Comparison,
    branches: Iterable[Branch],
    data_date: date | None,
    *,
    scope: Scope,
) -> ExportContext:
    """The context of an export, with branches shown by name (``branches``: those the viewer
    may see, as ``metrics.dimensions.filter_choices`` gives them) and the viewer's ``scope``
    named before the filters."""
    names = {branch.branch_id: branch.name for branch in branches}
    text_of_filters = describe_filters(filters, lang, names, scope)
    return ExportContext(period, filters, text_of_filters, data_date, lang, comparison)


def _span(period: Period) -> str:
    return f"{period.start.isoformat()} – {period.end.isoformat()}"
