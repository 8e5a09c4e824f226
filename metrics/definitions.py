"""Every summary KPI declared once: key, unit, and how it is computed.

Pages, the command line, exports and tests loop over ``SUMMARY_METRICS``. A KPI's label and
definition text (the tiles' help, the export cover sheet) are strings like any other, in each
language's catalog under ``metric.<key>`` and ``metric.<key>.help`` (``display.i18n``). How a
KPI is computed is declared here, from measures (counts and sums named in ``metrics.sources``): ``metrics.engine`` turns a
declaration into SQL for the summary, any breakdown, the branch league and team actuals.

A KPI is

- a measure alone (``numerator``, by default the measure named like the KPI), divided by
  ``divisor`` when given (amounts are stored in cents), e.g. ``new_users``, ``amount``;
- a ratio ``numerator x scale / (denominator x divisor)``, undefined (``None``/NaN) when the
  denominator is 0, e.g. NPS = ``net_promoters x 100 / nps_responses``;
- or the median of a source's value (``median_of``).

``thin_below`` and ``sample``: a value resting on fewer than ``thin_below`` observations,
counted by measure ``sample``, is marked as a thin sample.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Unit = Literal["count", "amount", "ratio", "share", "nps", "score", "days", "rate_per_10k"]


@dataclass(frozen=True)
class MetricDef:
    key: str
    unit: Unit
    higher_is_better: bool = True
    thin_below: int | None = None
    """A value resting on fewer observations than this is marked as a thin sample."""
    sample: str | None = None
    """The measure counting the observations the value rests on (with ``thin_below``)."""
    numerator: str = ""
    """The measure divided (or taken alone); the KPI's own key when left empty."""
    denominator: str | None = None
    """The measure divided by; none for a KPI that is a measure alone."""
    scale: int = 1
    """The numerator is multiplied by this (100 for NPS, 10,000 for a rate per 10k)."""
    divisor: int = 1
    """The denominator (or, alone, the numerator's result) is multiplied (divided) by this:
    100 for amounts, which are stored in cents."""
    digits: int | None = None
    """Decimals the value is rounded to, when it is."""
    median_of: str | None = None
    """For a median KPI: the value (``metrics.sources.HISTOGRAMS``) whose median it is."""

    def __post_init__(self) -> None:
        if not self.numerator:
            object.__setattr__(self, "numerator", self.key)
        if (self.thin_below is None) != (self.sample is None):
            raise ValueError(f"{self.key}: thin_below and sample go together")

    @property
    def is_count(self) -> bool:
        """Whether the value is a count (a whole number): a measure alone, not divided."""
        return self.median_of is None and self.denominator is None and self.divisor == 1

    @property
    def measures(self) -> tuple[str, ...]:
        """The measures the value and its sample rest on."""
        if self.median_of is not None:
            used: tuple[str | None, ...] = (self.sample,)
        else:
            used = (self.numerator, self.denominator, self.sample)
        return tuple(dict.fromkeys(name for name in used if name is not None))


SUMMARY_METRICS: tuple[MetricDef, ...] = (
    MetricDef(
        "new_users",
        "count",
    ),
    MetricDef(
        "total_users",
        "count",
    ),
    MetricDef(
        "active_users",
        "count",
    ),
    MetricDef(
        "avg_daily_active_users",
        "count",
        numerator="user_days",
        denominator="days",
    ),
    MetricDef(
        "transactions",
        "count",
    ),
    MetricDef(
        "amount",
        "amount",
        numerator="amount_cents",
        divisor=100,
        digits=2,
    ),
    MetricDef(
        "tx_per_active_user",
        "ratio",
        numerator="transactions",
        denominator="active_users",
    ),
    MetricDef(
        "avg_amount_per_transaction",
        "amount",
        numerator="amount_cents",
        denominator="transactions",
        divisor=100,
    ),
    MetricDef(
        "activation_rate_30d",
        "share",
        thin_below=30,
        sample="new_users",
        numerator="activated",
        denominator="new_users",
    ),
    MetricDef(
        "survey_responses",
        "count",
        numerator="responses",
    ),
    MetricDef(
        "csat_avg",
        "score",
        thin_below=30,
        sample="csat_responses",
        numerator="csat_sum",
        denominator="csat_responses",
    ),
    MetricDef(
        "csat_satisfied_share",
        "share",
        thin_below=30,
        sample="csat_responses",
        numerator="satisfied",
        denominator="csat_responses",
    ),
    MetricDef(
        "nps",
        "nps",
        thin_below=30,
        sample="nps_responses",
        numerator="net_promoters",
        denominator="nps_responses",
        scale=100,
    ),
    MetricDef(
        "complaints",
        "count",
        higher_is_better=False,
    ),
    MetricDef(
        "complaints_per_10k_active",
        "rate_per_10k",
        higher_is_better=False,
        numerator="complaints",
        denominator="active_users",
        scale=10000,
    ),
    MetricDef(
        "complaint_median_resolution_days",
        "days",
        higher_is_better=False,
        median_of="resolution_days",
    ),
    MetricDef(
        "complaints_resolved_within_7d_share",
        "share",
        thin_below=30,
        sample="complaints",
        numerator="resolved_within_7d",
        denominator="complaints",
    ),
    MetricDef(
        "complaints_open_at_end",
        "count",
        higher_is_better=False,
    ),
    MetricDef(
        "own_share",
        "share",
        numerator="own_transactions",
        denominator="market_transactions",
    ),
)

METRICS_BY_KEY: dict[str, MetricDef] = {m.key: m for m in SUMMARY_METRICS}

OVERVIEW_TILES: tuple[str, ...] = (
    "new_users",
    "total_users",
    "active_users",
    "avg_daily_active_users",
    "activation_rate_30d",
    "transactions",
    "nps",
    "csat_avg",
    "complaints",
    "own_share",
)
"""The Overview page's tiles and the branch league's KPI columns."""

PACK_KPIS: tuple[str, ...] = (*OVERVIEW_TILES, "avg_amount_per_transaction")
"""The meeting pack's KPI slide: the Overview's KPIs, and the average transaction amount."""
