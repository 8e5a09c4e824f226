"""Every summary KPI declared once: key, labels, definition text, unit, and how it is computed.

Pages, the command line, exports and tests loop over ``SUMMARY_METRICS``; the definition
texts are the tiles' help and the export cover sheet. How a KPI is computed is declared here
too, from measures (counts and sums named in ``metrics.sources``): ``metrics.engine`` turns a
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
    label_en: str
    label_zh: str
    help_en: str
    help_zh: str
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

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en

    def help(self, lang: str) -> str:
        return self.help_zh if lang == "zh" else self.help_en


SUMMARY_METRICS: tuple[MetricDef, ...] = (
    MetricDef(
        "new_users",
        "New users",
        "新增用户",
        "Users registered in the period.",
        "期间内注册的钱包用户数。",
        "count",
    ),
    MetricDef(
        "total_users",
        "Total users",
        "累计用户",
        "Users registered on or before the period's last day.",
        "截至期末（含）已注册的用户数。",
        "count",
    ),
    MetricDef(
        "active_users",
        "Active users",
        "活跃用户",
        "Distinct users with at least one active day in the period.",
        "期间内至少有一天交易的去重用户数。",
        "count",
    ),
    MetricDef(
        "avg_daily_active_users",
        "Avg daily active users",
        "日均活跃用户",
        "Sum over the period's days of the users active that day, divided by the number of days.",
        "期间每日活跃用户数之和除以天数。",
        "count",
        numerator="user_days",
        denominator="days",
    ),
    MetricDef(
        "transactions",
        "Transactions",
        "交易笔数",
        "Transactions made by the users in the period.",
        "期间内用户的交易笔数合计。",
        "count",
    ),
    MetricDef(
        "amount",
        "Amount",
        "交易金额",
        "Amount paid by the users in the period (yuan, 2 decimals).",
        "期间内用户交易金额合计（元，保留两位小数）。",
        "amount",
        numerator="amount_cents",
        divisor=100,
        digits=2,
    ),
    MetricDef(
        "tx_per_active_user",
        "Transactions per active user",
        "人均交易笔数",
        "Transactions divided by active users.",
        "交易笔数除以活跃用户数。",
        "ratio",
        numerator="transactions",
        denominator="active_users",
    ),
    MetricDef(
        "avg_amount_per_transaction",
        "Average transaction amount",
        "笔均交易金额",
        "Amount divided by transactions (yuan).",
        "交易金额除以交易笔数（元）。",
        "amount",
        numerator="amount_cents",
        denominator="transactions",
        divisor=100,
    ),
    MetricDef(
        "activation_rate_30d",
        "Activation rate (30d)",
        "30天激活率",
        "Of the users registered in the period, the share active within 30 days of registering "
        "(day 0 to day 29).",
        "期间内注册的用户中，注册后30天内（第0至29天）有交易的比例。",
        "share",
        thin_below=30,
        sample="new_users",
        numerator="activated",
        denominator="new_users",
    ),
    MetricDef(
        "survey_responses",
        "Survey responses",
        "问卷回复数",
        "Survey responses received in the period.",
        "期间内收到的满意度问卷回复数。",
        "count",
        numerator="responses",
    ),
    MetricDef(
        "csat_avg",
        "CSAT",
        "满意度（CSAT）",
        "Mean satisfaction score (1-5) of the period's responses that gave one.",
        "期间内有满意度评分（1-5分）的回复的平均分。",
        "score",
        thin_below=30,
        sample="csat_responses",
        numerator="csat_sum",
        denominator="csat_responses",
    ),
    MetricDef(
        "csat_satisfied_share",
        "Satisfied share",
        "满意占比",
        "Share of the period's CSAT scores that are 4 or 5.",
        "期间满意度评分中4分及以上的占比。",
        "share",
        thin_below=30,
        sample="csat_responses",
        numerator="satisfied",
        denominator="csat_responses",
    ),
    MetricDef(
        "nps",
        "NPS",
        "净推荐值（NPS）",
        "Net promoter score: 100 x (promoters 9-10 minus detractors 0-6) / responses with a score.",
        "净推荐值：100 ×（推荐者9-10分 − 贬损者0-6分）/ 有推荐评分的回复数。",
        "nps",
        thin_below=30,
        sample="nps_responses",
        numerator="net_promoters",
        denominator="nps_responses",
        scale=100,
    ),
    MetricDef(
        "complaints",
        "Complaints",
        "投诉量",
        "Complaints opened in the period.",
        "期间内新开立的投诉数。",
        "count",
        higher_is_better=False,
    ),
    MetricDef(
        "complaints_per_10k_active",
        "Complaints per 10k active",
        "每万活跃用户投诉数",
        "Complaints x 10,000 / active users.",
        "投诉数 × 10000 / 活跃用户数。",
        "rate_per_10k",
        higher_is_better=False,
        numerator="complaints",
        denominator="active_users",
        scale=10000,
    ),
    MetricDef(
        "complaint_median_resolution_days",
        "Median resolution (days)",
        "投诉处理时长中位数（天）",
        "Median days from opening to resolution, over the period's complaints already resolved.",
        "期间内开立且已解决的投诉，从开立到解决天数的中位数。",
        "days",
        higher_is_better=False,
        median_of="resolution_days",
    ),
    MetricDef(
        "complaints_resolved_within_7d_share",
        "Resolved within 7 days",
        "7天内解决率",
        "Of the period's complaints, the share resolved within 7 days (open ones count as not).",
        "期间内开立的投诉中，7天内解决的比例（未解决的计为未达标）。",
        "share",
        thin_below=30,
        sample="complaints",
        numerator="resolved_within_7d",
        denominator="complaints",
    ),
    MetricDef(
        "complaints_open_at_end",
        "Open complaints at end",
        "期末未结投诉",
        "Complaints opened on or before the period's end and not resolved by then.",
        "期末时已开立但尚未解决的投诉数。",
        "count",
        higher_is_better=False,
    ),
    MetricDef(
        "own_share",
        "Own share",
        "本行份额",
        "The bank's wallet transactions / all payment transactions in market data for the "
        "months overlapping the period, in the filtered regions. Segment and channel do not apply.",
        "与期间重叠月份、所选地区的市场数据中，本行钱包交易笔数占全部支付交易笔数的比例。"
        "客群与渠道筛选不适用于市场数据。",
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
