"""The words of exported files, in English and Chinese."""

from __future__ import annotations

LANGS = ("en", "zh")

_TEXT: dict[str, tuple[str, str]] = {
    "deck_title": ("Digital wallet promotion", "数字钱包推广"),
    "deck_subtitle": ("Meeting pack", "会议材料"),
    "period": ("Period", "统计期间"),
    "compared_with": ("Compared with", "对比期间"),
    "filters": ("Filters", "筛选条件"),
    "no_filters": ("All branches, segments and channels", "全部支行、客群和渠道"),
    "data_as_of": ("Data as of {day}", "数据截至 {day}"),
    "data_date": ("Data date", "数据日期"),
    "no_data": ("No data loaded", "尚无数据"),
    "previous": ("the previous period", "上期"),
    "last_year": ("the same period last year", "去年同期"),
    "kpi_title": ("Key figures", "核心指标"),
    "kpi_column": ("KPI", "指标"),
    "this_period": ("This period", "本期"),
    "comparison": ("Comparison", "对比期"),
    "change": ("Change", "变化"),
    "definitions": ("KPI definitions", "指标定义"),
    "definition": ("Definition", "定义"),
    "value": ("Value", "数值"),
    "cover": ("Cover", "封面"),
    "kpis": ("KPIs", "指标"),
    "targets_title": ("Team targets, {month}", "{month} 团队目标"),
    "target_metric": ("Metric", "指标"),
    "teams": ("Teams", "团队数"),
    "target": ("Target", "目标"),
    "actual": ("Actual so far", "当前完成"),
    "attainment": ("Attainment", "完成率"),
    "expected": ("Expected by now", "应完成进度"),
    "projected": ("Projected", "预计全月"),
    "on_pace": ("On pace", "进度达标"),
    "no_targets": ("No team targets for {month}.", "{month} 没有团队目标。"),
    "generated": ("Generated {when}", "生成于 {when}"),
    "branches_new_users": ("New users by branch", "各支行新增用户"),
    "top_n": (" (top {n})", "（前{n}名）"),
    "targets_day": (" (day {elapsed} of {days})", "（第{elapsed}/{days}天）"),
    "most_improved": ("Most improved: {kpi} {change}", "改善最多：{kpi} {change}"),
    "most_worsened": ("most worsened: {kpi} {change}", "恶化最多：{kpi} {change}"),
    "separator": (" · ", "；"),
    "thin_takeaway": (" (thin sample, n={n})", "（样本偏少，n={n}）"),
    "thin_note": ("⚠ Thin sample: {items}", "⚠ 样本偏少：{items}"),
    "sample_size": ("Sample size", "样本量"),
    "trend_up": ("{label} up {size} on {comparison}", "{label}较{comparison}增长{size}"),
    "trend_down": ("{label} down {size} on {comparison}", "{label}较{comparison}下降{size}"),
    "trend_flat": ("{label} flat on {comparison}", "{label}与{comparison}持平"),
    "led_by": (", led by {leader}", "，{leader}贡献最大"),
    "fall_led_by": (", the largest fall at {leader}", "，{leader}降幅最大"),
    "no_comparison": (
        "{label}: {value} this period, no comparison available",
        "{label}本期为{value}，无可比数据",
    ),
    "no_value": ("{label}: no data for this period", "{label}本期无数据"),
    "largest": (
        "{name} is the largest for {label}, at {value}",
        "{label}最高的是{name}，为{value}",
    ),
    "outreach_funnel": (
        "{visits} visits, {contacts} people reached, {registrations} registrations",
        "外拓 {visits} 次，接触 {contacts} 人，带来 {registrations} 个注册",
    ),
    "outreach_activated": (
        "; {activated} transacted within 30 days",
        "，其中 {activated} 在30天内有交易",
    ),
    "campaign_verdict": ("{name}: {verdict}", "{name}：{verdict}"),
    "campaigns_title": ("Campaigns in the period", "期间内的营销活动"),
    "campaign_effects_title": ("Campaign effects: {name}", "活动效果：{name}"),
    "tables": ("Targets and campaigns", "目标与营销活动"),
    "campaign_dates": ("Dates", "活动日期"),
    "targets_pace": (
        "{on_pace} of {total} team targets on pace for {month}",
        "{month}共{total}项团队目标，{on_pace}项进度达标",
    ),
}


def text(key: str, lang: str, **values: object) -> str:
    """The ``key`` sentence in ``lang`` (``"zh"`` Chinese, anything else English), filled in."""
    english, chinese = _TEXT[key]
    return (chinese if lang == "zh" else english).format(**values)
