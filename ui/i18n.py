"""Every string the dashboard shows, in English and Simplified Chinese.

``t(key, lang, **values)`` gives a string; ``label(kind, code, lang)`` translates a
code found in the data (segment, channel, ...) and shows an unknown code as written.
KPI labels and definitions live with the metrics (``metrics.definitions``).
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "zh": "中文"}

STRINGS: dict[str, tuple[str, str]] = {
    # App shell and navigation
    "app_title": ("Wallet promotion dashboard", "数字钱包推广看板"),
    "section_results": ("Results", "推广成效"),
    "section_promotion": ("Promotion", "推广管理"),
    "section_admin": ("Admin", "管理"),
    "page_overview": ("Overview", "总览"),
    "page_growth": ("Growth", "用户增长"),
    "page_activity": ("Activity", "活跃与交易"),
    "page_satisfaction": ("Satisfaction", "满意度"),
    "page_complaints": ("Complaints", "投诉"),
    "page_competition": ("Competition", "竞争格局"),
    "page_targets": ("Targets", "任务目标"),
    "page_campaigns": ("Campaigns", "营销活动"),
    "page_outreach": ("Outreach", "外拓活动"),
    "page_data": ("Data", "数据管理"),
    "seeding": (
        "First start: preparing sample data. This takes about a minute, once.",
        "首次启动：正在准备示例数据，仅需一次，约一分钟。",
    ),
    "data_as_of": (
        "Data as of {date} · data version {version}",
        "数据截至 {date} · 数据版本 {version}",
    ),
    "no_data_yet": ("No data loaded yet.", "尚未载入数据。"),
    # Sidebar filters
    "filters": ("Filters", "筛选"),
    "language": ("Language", "语言"),
    "period": ("Period", "时间范围"),
    "start": ("Start", "开始日期"),
    "end": ("End", "结束日期"),
    "compare": ("Compare with", "对比"),
    "region": ("Region", "地区"),
    "branch": ("Branch", "支行"),
    "segment": ("Segment", "客群"),
    "channel": ("Channel", "渠道"),
    "all": ("All", "全部"),
    "reset_filters": ("Reset filters", "重置筛选"),
    "preset_last_30_days": ("Last 30 days", "近30天"),
    "preset_this_month": ("This month", "本月"),
    "preset_last_month": ("Last month", "上月"),
    "preset_this_quarter": ("This quarter", "本季度"),
    "preset_year_to_date": ("Year to date", "年初至今"),
    "preset_custom": ("Custom", "自定义"),
    "compare_previous": ("previous period", "上一周期"),
    "compare_last_year": ("same period last year", "去年同期"),
    "option_previous": ("Previous period", "上一周期"),
    "option_last_year": ("Same period last year", "去年同期"),
    "change_against": (
        "Change against the {comparison}: {start} to {end}.",
        "变化为与{comparison}（{start} 至 {end}）相比。",
    ),
    # URL notices
    "notice_unknown_param": (
        "The link's parameter “{param}” is not used here and was ignored.",
        "链接中的参数“{param}”不适用，已忽略。",
    ),
    "notice_unknown_value": (
        "The link's {param} “{value}” does not exist (or is not visible to you) and was ignored.",
        "链接中的{param}“{value}”不存在（或您无权查看），已忽略。",
    ),
    "notice_bad_date": (
        "The link's {param} date “{value}” is not a date (YYYY-MM-DD) and was ignored.",
        "链接中的{param}“{value}”不是有效日期（YYYY-MM-DD），已忽略。",
    ),
    "notice_start_after_end": (
        "The link's start date is after its end date; the default period is shown.",
        "链接中的开始日期晚于结束日期，已显示默认时间范围。",
    ),
    "notice_repeated": (
        "The link gives {param} more than once; the first value was used.",
        "链接中的{param}出现多次，已使用第一个值。",
    ),
    "notice_branch_outside_region": (
        "The link's branch “{value}” is not in the chosen regions and was ignored.",
        "链接中的支行“{value}”不在所选地区内，已忽略。",
    ),
    "param_start": ("start", "开始日期"),
    "param_end": ("end", "结束日期"),
    "param_region": ("region", "地区"),
    "param_branch": ("branch", "支行"),
    "param_segment": ("segment", "客群"),
    "param_channel": ("channel", "渠道"),
    "param_compare": ("comparison", "对比方式"),
    "param_lang": ("language", "语言"),
    # Shared page furniture
    "period_caption": (
        "{start} to {end} ({days} days) · comparison: {comparison}, {cstart} to {cend}",
        "{start} 至 {end}（{days} 天）· 对比{comparison}：{cstart} 至 {cend}",
    ),
    "thin_sample": ("⚠ thin sample (n={n})", "⚠ 样本偏少（n={n}）"),
    "no_change": ("no change", "持平"),
    "not_comparable": ("n/a", "无法比较"),
    "download_csv": ("Download data (CSV)", "下载数据（CSV）"),
    "empty_filters": (
        "Nothing matches these filters in {start} to {end}. Try a longer period or fewer filters.",
        "{start} 至 {end} 期间没有符合筛选条件的数据。请延长时间范围或减少筛选条件。",
    ),
    "empty_chart": ("No data for this chart in the chosen period.", "所选期间内此图表无数据。"),
    "empty_database": (
        "The database holds no data yet. Load data on the Data page or with "
        "`python -m data_access load DIR`.",
        "数据库中还没有数据。请在“数据管理”页面或用 `python -m data_access load DIR` 载入数据。",
    ),
    "grain": ("Show by", "时间粒度"),
    "partial_buckets": (
        "The first or last {unit} is partial: it counts only the days inside the period.",
        "首个或最后一个{unit}不完整：只统计所选期间内的天数。",
    ),
    "grain_day": ("Day", "日"),
    "grain_week": ("Week", "周"),
    "grain_month": ("Month", "月"),
    "axis_date": ("Date", "日期"),
    "axis_week": ("Week starting", "周（起始日）"),
    "axis_month": ("Month", "月份"),
    "axis_users": ("Users", "用户数"),
    "axis_transactions": ("Transactions", "交易笔数"),
    "axis_amount": ("Amount (yuan)", "金额（元）"),
    "axis_share_pct": ("Share (%)", "占比（%）"),
    "axis_responses": ("Responses", "回复数"),
    "axis_complaints": ("Complaints", "投诉数"),
    "axis_days": ("Days", "天数"),
    "axis_score": ("Score", "评分"),
    # Overview
    "league_title": ("Branch league table", "支行排行榜"),
    "league_help": (
        "The same KPIs per branch for the period. Click a column header to sort. "
        "Own share is the branch's region's.",
        "各支行同期的关键指标。点击列标题排序。本行份额为该支行所在地区的份额。",
    ),
    "col_branch_id": ("Branch ID", "支行编号"),
    "col_branch_name": ("Branch", "支行"),
    "col_region": ("Region", "地区"),
    "col_thin": ("Thin samples", "样本偏少"),
    "col_survey_responses": ("Survey responses", "问卷回复数"),
    # Growth
    "growth_registrations": ("New registrations per {grain}", "每{grain}新增注册"),
    "growth_cumulative": ("Total users", "累计用户数"),
    "growth_by_segment": ("New registrations by segment", "按客群的新增注册"),
    "growth_by_channel": ("New registrations by channel", "按渠道的新增注册"),
    "growth_campaigns": (
        "Shaded bands mark campaign periods (hover for the name).",
        "阴影区域为营销活动期间（悬停查看名称）。",
    ),
    "campaign": ("Campaign", "营销活动"),
    # Activity
    "activity_dau": ("Daily active users", "日活跃用户（DAU）"),
    "activity_mau": ("Monthly active users", "月活跃用户（MAU）"),
    "activity_stickiness": ("Stickiness (average DAU / MAU)", "用户黏性（日均DAU / MAU）"),
    "activity_transactions": ("Transactions per {grain}", "每{grain}交易笔数"),
    "activity_amount": ("Amount per {grain}", "每{grain}交易金额"),
    "activity_tx_per_user": ("Transactions per active user", "人均交易笔数"),
    "activity_activation": (
        "30-day activation rate by registration {grain}",
        "按注册{grain}的30天激活率",
    ),
    "activity_retention": ("Monthly cohort retention", "月度注册用户留存"),
    "activity_retention_help": (
        "Each row is the users registered in a month; each cell the share of them active "
        "k months later.",
        "每行为某月注册的用户，每格为其中在k个月后仍有交易的比例。",
    ),
    "axis_cohort": ("Registration month", "注册月份"),
    "axis_offset": ("Months after registering", "注册后月数"),
    "axis_rate_pct": ("Rate (%)", "比率（%）"),
    "axis_per_user": ("Transactions per user", "人均笔数"),
    # Satisfaction
    "sat_csat_over_time": ("CSAT over time (1-5)", "满意度（CSAT，1-5分）趋势"),
    "sat_nps_over_time": ("NPS over time", "净推荐值（NPS）趋势"),
    "sat_nps_by_segment": ("NPS by segment", "各客群NPS"),
    "sat_csat_by_segment": ("CSAT by segment", "各客群满意度"),
    "sat_nps_by_branch": ("NPS by branch", "各支行NPS"),
    "sat_csat_by_branch": ("CSAT by branch", "各支行满意度"),
    "sat_csat_distribution": ("CSAT score distribution", "满意度评分分布"),
    "sat_nps_distribution": ("NPS score distribution (0-10)", "推荐评分分布（0-10分）"),
    "sat_groups": ("Promoters, passives and detractors", "推荐者、中立者与贬损者"),
    "sat_comments": ("Recent comments", "最新评价"),
    "sat_search": ("Search comments", "搜索评价"),
    "sat_search_placeholder": ("a word or phrase", "输入关键词"),
    "sat_no_comments": ("No comments match.", "没有符合条件的评价。"),
    "sat_comments_shown": ("Newest {n} comments shown.", "显示最新 {n} 条评价。"),
    "axis_nps": ("NPS", "NPS"),
    "axis_csat": ("CSAT (1-5)", "满意度（1-5）"),
    "nps_group": ("Group", "类别"),
    "promoters": ("Promoters (9-10)", "推荐者（9-10）"),
    "passives": ("Passives (7-8)", "中立者（7-8）"),
    "detractors": ("Detractors (0-6)", "贬损者（0-6）"),
    "col_responded_on": ("Date", "日期"),
    "col_csat": ("CSAT", "满意度"),
    "col_nps": ("NPS score", "推荐评分"),
    "col_comment": ("Comment", "评价内容"),
    "col_segment": ("Segment", "客群"),
    # Complaints
    "cmp_volume": ("Complaints per {grain}", "每{grain}投诉量"),
    "cmp_rate": ("Complaints per 10,000 active users", "每万活跃用户投诉数"),
    "cmp_categories": ("Complaint categories", "投诉类别"),
    "cmp_resolution": ("Days to resolve (resolved complaints)", "投诉处理天数（已解决）"),
    "cmp_within_7d": ("Share resolved within 7 days", "7天内解决率"),
    "cmp_backlog": ("Open complaints by age at period end", "期末未结投诉账龄"),
    "cmp_open_table": (
        "Open complaints at period end (oldest first)",
        "期末未结投诉（按开立时间）",
    ),
    "cmp_open_shown": (
        "{shown} of {total} open complaints shown.",
        "显示 {total} 条未结投诉中的 {shown} 条。",
    ),
    "axis_rate_per_10k": ("Per 10,000 active users", "每万活跃用户"),
    "axis_age": ("Age (days)", "账龄（天）"),
    "col_complaint_id": ("Complaint", "投诉编号"),
    "col_opened_on": ("Opened", "开立日期"),
    "col_age_days": ("Age (days)", "账龄（天）"),
    "col_category": ("Category", "类别"),
    # Competition
    "comp_note": (
        "Market data is regional and monthly: segment and channel filters do not apply to it; "
        "a branch filter selects its region.",
        "市场数据按地区、按月统计：客群与渠道筛选不适用；选择支行即选择其所在地区。",
    ),
    "comp_own_by_region": ("Own share by region", "各地区本行份额"),
    "comp_providers": ("Share of payment transactions by provider", "各支付方式交易份额"),
    "comp_ranked": ("Regions ranked by own share", "各地区本行份额排名"),
    "axis_provider": ("Provider", "支付方式"),
    "axis_region": ("Region", "地区"),
    "axis_category": ("Category", "类别"),
    "axis_segment": ("Segment", "客群"),
    "axis_channel": ("Channel", "渠道"),
    "axis_branch": ("Branch", "支行"),
    "axis_age_band": ("Age band", "账龄区间"),
    # Sign-in, roles, Data and Access pages (sign-in engineer)
    "page_access": ("Access", "访问权限"),
    "auth_sign_in": ("Sign in", "登录"),
    "auth_sign_out": ("Sign out", "退出登录"),
    "auth_sign_in_intro": (
        "Sign in with your bank account to see the dashboard.",
        "请使用本行账号登录后查看看板。",
    ),
    "auth_signed_in_as": ("Signed in as {email}", "当前登录：{email}"),
    "auth_no_role": (
        "You are signed in as {email}, but you have no access to the dashboard yet. "
        "Ask your administrator to give you a role.",
        "您已使用 {email} 登录，但尚无看板访问权限。请联系管理员为您分配角色。",
    ),
    "auth_no_email": (
        "Your sign-in did not include an e-mail address, so no access can be given. "
        "Ask your administrator.",
        "您的登录信息中没有电子邮箱地址，无法授予访问权限。请联系管理员。",
    ),
    "auth_unverified_email": (
        "Your identity provider has not verified {email}, so no access can be given. "
        "Ask your administrator.",
        "身份提供方尚未验证 {email}，无法授予访问权限。请联系管理员。",
    ),
    "auth_demo_mode": ("Demo mode: no sign-in, this computer only", "演示模式：无需登录，仅限本机"),
    "auth_demo_mode_help": (
        "Sign-in is off because .streamlit/secrets.toml has no [auth] section; the README "
        "explains how to turn it on.",
        "由于 .streamlit/secrets.toml 中没有 [auth] 配置，登录功能未启用；启用方法见 README。",
    ),
    "auth_demo_local_only": (
        "This dashboard runs in demo mode, without sign-in, and serves only the computer it "
        "runs on. Ask your administrator to turn sign-in on.",
        "此看板以演示模式运行（无需登录），仅供运行它的计算机访问。请联系管理员启用登录。",
    ),
    "admin_only": ("Only administrators may open this page.", "仅管理员可打开此页面。"),
    "role_admin": ("Administrator", "管理员"),
    "role_manager": ("Manager", "管理者"),
    "role_staff": ("Branch staff", "支行员工"),
    "data_intro": (
        "Load data: upload the CSV files (one per table, named as in the data contract) or a "
        "zip of the folder that holds them. Every file is checked first; nothing is written "
        "unless all of them are valid.",
        "载入数据：上传 CSV 文件（每张表一个，文件名与数据约定一致），或包含这些文件的文件夹的 "
        "zip 压缩包。所有文件先经检查，只有全部有效才会写入。",
    ),
    "data_files": ("CSV files, or one zip of a folder", "CSV 文件，或一个文件夹的 zip 压缩包"),
    "data_replace": (
        "Replace all data (everything loaded before is removed)",
        "替换全部数据（删除此前载入的所有数据）",
    ),
    "data_load": ("Check and load", "检查并载入"),
    "data_no_files": ("Choose the files to upload first.", "请先选择要上传的文件。"),
    "data_checking": ("Checking the files…", "正在检查文件…"),
    "data_upload_refused": ("Nothing was loaded: {reason}", "未载入任何数据：{reason}"),
    "data_busy": (
        "Nothing was loaded: another load or change kept the database busy for more than "
        "{seconds} s. Upload again when it has finished.",
        "未载入任何数据：另一项载入或修改占用数据库超过 {seconds} 秒。请待其完成后重新上传。",
    ),
    "data_rejected": (
        "Nothing was loaded: {total} problem(s) found. Fix them and upload again.",
        "未载入任何数据：发现 {total} 个问题。请修正后重新上传。",
    ),
    "data_problems_shown": (
        "The first {shown} of {total} problems.",
        "共 {total} 个问题，显示前 {shown} 个。",
    ),
    "data_loaded": ("Loaded {rows} rows.", "已载入 {rows} 行。"),
    "data_history": ("Load history", "载入记录"),
    "data_no_history": ("No data has been loaded yet.", "尚无载入记录。"),
    "col_file": ("File", "文件"),
    "col_line": ("Line", "行"),
    "col_column": ("Column", "列"),
    "col_message": ("Problem", "问题"),
    "col_loaded_at": ("Loaded at (UTC)", "载入时间（UTC）"),
    "col_loaded_by": ("Loaded by", "载入人"),
    "col_source": ("Source", "来源"),
    "col_replace": ("Replaced all", "全部替换"),
    "col_rows": ("Rows", "行数"),
    "access_intro": (
        "Give people a role by the e-mail address they sign in with. Administrators see "
        "everything and manage data and access; managers see every branch or the regions "
        "chosen; branch staff see their own branch.",
        "按登录所用的电子邮箱为人员分配角色。管理员可查看全部数据并管理数据与权限；管理者可查看"
        "全部支行或所选地区；支行员工只能查看本支行。",
    ),
    "access_roles": ("Roles", "角色列表"),
    "access_none": ("Nobody has a role yet.", "尚未分配任何角色。"),
    "access_assign": ("Give or change a role", "分配或修改角色"),
    "access_email": ("E-mail", "电子邮箱"),
    "access_role": ("Role", "角色"),
    "access_regions": ("Regions (none: all branches)", "地区（不选即全部支行）"),
    "access_branch": ("Branch", "支行"),
    "access_team": ("Team (optional)", "团队（可选）"),
    "access_save": ("Save role", "保存角色"),
    "access_saved": ("{email} is now: {role}.", "{email} 的角色已设为：{role}。"),
    "access_remove": ("Remove a role", "移除角色"),
    "access_remove_button": ("Remove", "移除"),
    "access_removed": ("{email} no longer has a role.", "{email} 的角色已移除。"),
    "access_not_self": (
        "You cannot change or remove your own administrator role here; another administrator "
        "can, or the command line.",
        "不能在此修改或移除您自己的管理员角色；请由其他管理员或通过命令行操作。",
    ),
    "access_refused": ("Not saved: {reason}", "未保存：{reason}"),
    "access_busy": (
        "Not saved: a data load kept the database busy for more than {seconds} s. "
        "Try again when it has finished.",
        "未保存：数据载入占用数据库超过 {seconds} 秒。请待其完成后重试。",
    ),
    "covers_all": ("All branches", "全部支行"),
    "covers_regions": ("Regions: {regions}", "地区：{regions}"),
    "covers_branch": ("Branch {branch}", "支行 {branch}"),
    "covers_team": ("Branch {branch}, team {team}", "支行 {branch}，团队 {team}"),
    "col_email": ("E-mail", "电子邮箱"),
    "col_role": ("Role", "角色"),
    "col_covers": ("Sees", "可见范围"),
    "col_granted_by": ("Granted by", "授权人"),
    "col_granted_at": ("Granted at (UTC)", "授权时间（UTC）"),
    # Presentation mode and exports (ui/presentation.py, ui/export_buttons.py)
    "present_toggle": ("Presentation mode", "汇报模式"),
    "present_help": (
        "Hides the sidebar and menus and enlarges the type, for sharing the screen in a "
        "meeting. Leave it with Esc or the button at the top right.",
        "隐藏侧边栏和菜单并放大字号，便于会议投屏。按 Esc 或点击右上角按钮退出。",
    ),
    "present_exit": ("Exit presentation", "退出汇报模式"),
    "present_bad_value": (
        "The link's present “{value}” is neither 1 nor 0 and was ignored.",
        "链接中的 present “{value}” 既不是 1 也不是 0，已忽略。",
    ),
    "export_heading": ("Export", "导出"),
    "export_png": ("PNG", "PNG"),
    "export_svg": ("SVG", "SVG"),
    "export_image_help": (
        "The chart as an image, with its title, the filters and the data date in it.",
        "图表图片，图中含标题、筛选条件和数据日期。",
    ),
    "export_excel": ("This page as Excel", "本页导出 Excel"),
    "export_excel_help": (
        "One workbook: a cover with the filters and KPI definitions, the KPIs, and a sheet per "
        "chart with its data.",
        "一个工作簿：封面（筛选条件与指标定义）、指标，以及每个图表的数据表。",
    ),
    "pack_build": ("Meeting pack (PowerPoint)", "会议材料（PPT）"),
    "pack_help": (
        "A slide deck for the current filters: title, key figures with their changes, each "
        "page's key chart with a one-line takeaway, and the team targets.",
        "按当前筛选生成幻灯片：封面、核心指标及变化、各页关键图表及一句话结论、团队目标。",
    ),
    "pack_starting": ("Building the meeting pack…", "正在生成会议材料…"),
    "pack_ready": ("Meeting pack ready: {slides} slides.", "会议材料已生成，共 {slides} 页。"),
    "pack_download": ("Save meeting pack (.pptx)", "保存会议材料（.pptx）"),
    # ---------------------------------------------------------------------------------------
    # Promotion pages: Targets, Campaigns, Outreach (owned by the promotion-pages engineer)
    # ---------------------------------------------------------------------------------------
    # Targets
    "tg_intro": (
        "Targets count all of a team's wallets (users opened by its staff); segment and channel "
        "filters do not apply here, branch and region filters choose the teams.",
        "任务目标按团队统计其员工开立的全部钱包；客群与渠道筛选不适用，支行与地区筛选用于选择团队。",
    ),
    "tg_no_teams": (
        "No teams in the chosen branches and regions.",
        "所选支行和地区中没有团队。",
    ),
    "tg_month": ("Month", "月份"),
    "tg_team": ("Team", "团队"),
    "tg_no_targets": (
        "This team has no targets for {month}.",
        "该团队 {month} 没有任务目标。",
    ),
    "tg_as_of": (
        "Day {elapsed} of {days}: {remaining} days left after the latest data.",
        "本月第 {elapsed} 天（共 {days} 天），最新数据之后还剩 {remaining} 天。",
    ),
    "tg_pace_ahead": ("Ahead", "超前"),
    "tg_pace_on_track": ("On track", "正常"),
    "tg_pace_behind": ("Behind", "落后"),
    "tg_pace_none": ("Not started", "未开始"),
    "tg_pace": ("Pace", "进度"),
    "tg_metric": ("Metric", "指标"),
    "tg_actual": ("Actual", "实际"),
    "tg_target": ("Target", "目标"),
    "tg_attainment": ("Attainment", "完成率"),
    "tg_expected_share": ("Expected by today", "截至今日应完成"),
    "tg_pace_chart": ("Attainment so far", "当前完成率"),
    "tg_pace_caption": (
        "Bar colour: pace. Black tick: where the team should be by today. Dashed line: the target.",
        "条形颜色表示进度；黑色短线为截至今日应达位置；虚线为目标。",
    ),
    "tg_history_chart": ("Attainment per month (dashed: target)", "各月完成率（虚线：目标）"),
    "tg_card_help": (
        "Actual so far / the month's target. Pace compares the actual with what is expected by "
        "today (target x days elapsed / days in month): ahead at 105 % of it or more, behind "
        "under 95 %, else on track.",
        "本月至今实际 / 月目标。进度将实际与截至今日应完成量（目标 × 已过天数 / 当月天数）比较："
        "达到105%及以上为超前，低于95%为落后，其余为正常。",
    ),
    "tg_card_lines": (
        "Expected by today {expected} · projected month end {projected} · {needed}",
        "截至今日应完成 {expected} · 预计月末 {projected} · {needed}",
    ),
    "tg_needed": (
        "still needed: {n} a day for {days} days",
        "尚需每天 {n}（剩余 {days} 天）",
    ),
    "tg_month_over": ("no days left this month", "本月已无剩余天数"),
    "tg_staff_title": ("Staff: quality beside volume", "员工排行：数量与质量"),
    "tg_staff_help": (
        "Of the wallets each person opened: the share that transacted within 30 days (days 0-29 "
        "after opening, judged on openings at least 29 days old), the share still active 90 days "
        "on (an active day 90-119 days after opening, judged on openings at least 119 days old), "
        "and complaints per 1,000 openings. Flags mark people well below their team (see the "
        "Flags column).",
        "每位员工开立的钱包中：30天内有交易的比例（开立后第0-29天，只计开立满29天的），"
        "90天后仍活跃的比例（开立后第90-119天有交易，只计开立满119天的），以及每千户投诉数。"
        "标记提示明显差于本团队的员工（见“标记”列）。",
    ),
    "tg_staff_caption": (
        "Wallets opened {start} to {end}. Team: {tx} transacted within 30 days, {active} still "
        "active 90 days on, {complaints} complaints per 1,000 openings.",
        "开立日期 {start} 至 {end}。团队整体：30天内有交易 {tx}，90天后仍活跃 {active}，"
        "每千户投诉 {complaints}。",
    ),
    "tg_col_staff": ("Staff", "员工"),
    "tg_col_staff_id": ("Staff ID", "员工编号"),
    "tg_col_opened": ("Opened", "开立数"),
    "tg_col_opened_help": (
        "Wallets this person opened in the period (users with their staff ID).",
        "期间内该员工开立的钱包数（员工编号为其本人的用户）。",
    ),
    "tg_col_tx30": ("Transacted in 30 days", "30天内有交易"),
    "tg_col_tx30_help": (
        "Share of openings with an active day 0-29 days after opening, of those at least 29 "
        "days old.",
        "开立满29天的钱包中，开立后第0-29天有交易的比例。",
    ),
    "tg_col_active90": ("Active 90 days on", "90天后仍活跃"),
    "tg_col_active90_help": (
        "Share of openings with an active day 90-119 days after opening, of those at least 119 "
        "days old.",
        "开立满119天的钱包中，开立后第90-119天有交易的比例。",
    ),
    "tg_col_complaints": ("Complaints per 1,000", "每千户投诉"),
    "tg_col_complaints_help": (
        "Complaints from these users up to the latest data x 1,000 / openings.",
        "这些用户截至最新数据的投诉数 × 1000 / 开立数。",
    ),
    "tg_col_seniors_unused": ("Seniors unused", "老年户未使用"),
    "tg_col_seniors_unused_help": (
        "Senior openings (at least 29 days old) with no transaction in their first 30 days.",
        "开立满29天的老年客户钱包中，前30天没有交易的户数。",
    ),
    "tg_col_flags": ("Flags", "标记"),
    "tg_col_flags_help": (
        "Against the whole team: 30-day or 90-day share more than 15 points below the team's (on "
        "10+ judged openings); complaints per 1,000 at least twice the team's (3+ complaints); "
        "5+ unused senior openings and an unused-senior share more than 15 points above the "
        "team's.",
        "与本团队整体比较：30天或90天比例比团队低15个百分点以上（至少10户可评估）；每千户投诉"
        "达到团队的2倍及以上（至少3件投诉）；未使用的老年户至少5户且比例比团队高15个百分点以上。",
    ),
    "tg_col_volume_rank": ("Rank by volume", "数量排名"),
    "tg_col_quality_rank": ("Rank by quality", "质量排名"),
    "tg_col_quality_rank_help": (
        "Rank by the share transacted within 30 days (blank: nothing to judge yet).",
        "按30天内有交易比例排名（空白：尚无可评估的开户）。",
    ),
    "tg_col_judged30": ("Judged at 30 days", "30天可评估户数"),
    "tg_col_judged90": ("Judged at 90 days", "90天可评估户数"),
    "tg_flag_low_transacted_30d": ("⚠ few transact in 30 days", "⚠ 30天交易偏少"),
    "tg_flag_low_active_90d": ("⚠ few active at 90 days", "⚠ 90天活跃偏少"),
    "tg_flag_many_complaints": ("⚠ many complaints", "⚠ 投诉偏多"),
    "tg_flag_seniors_unused": ("⚠ senior wallets unused", "⚠ 老年户开而未用"),
    # Branch first: ending a line on a phone, a Chinese name may break between any characters.
    "tg_branch_title": ("{branch}: teams ranked", "{branch}各团队排名"),
    "tg_branch_help": (
        "Teams ranked by their mean attainment over the metrics they have a target for this "
        "month; teams without targets are listed last. The chosen team is highlighted.",
        "按本月各有目标指标的平均完成率排名；没有目标的团队列在最后。所选团队以底色标出。",
    ),
    "tg_col_rank": ("Rank", "排名"),
    "tg_col_team": ("Team", "团队"),
    "tg_col_team_id": ("Team ID", "团队编号"),
    "tg_col_branch": ("Branch", "支行"),
    "tg_col_score": ("Mean attainment", "平均完成率"),
    "tg_col_score_help": (
        "Mean of the team's attainments over the metrics with a target.",
        "该团队各有目标指标完成率的平均值。",
    ),
    "tg_history_title": ("Last six months' attainment", "近六个月完成率"),
    "tg_history_help": (
        "Attainment (actual / target) per month and metric; the latest month counts up to the "
        "latest data.",
        "各月各指标完成率（实际 / 目标）；最近一个月计至最新数据日。",
    ),
    "tg_edit_title": ("Set next months' targets", "设置后续月份目标"),
    "tg_edit_help": (
        "Enter whole numbers above 0; a blank cell means no target. Saved as {who}; every "
        "change is logged.",
        "请输入大于0的整数；空白表示不设目标。保存人：{who}；每次修改均有记录。",
    ),
    "tg_edit_month": ("Month to set", "设置月份"),
    "tg_save": ("Save targets", "保存目标"),
    "tg_saved": ("Saved: {n} targets changed.", "已保存：修改了 {n} 个目标。"),
    "tg_busy": (
        "Nothing was saved: a data load kept the database busy for more than {seconds} s. "
        "Your edits are still in the table; save again when the load has finished.",
        "未保存任何内容：数据载入占用数据库超过 {seconds} 秒。您的修改仍在表格中，"
        "请待载入完成后再次保存。",
    ),
    "tg_rejected": (
        "Nothing was saved. Please correct these rows:",
        "未保存任何内容。请更正以下行：",
    ),
    "tg_log_title": ("Change log", "修改记录"),
    "tg_log_empty": ("No targets have been changed in the app yet.", "尚未在本系统中修改过目标。"),
    "tg_col_changed_at": ("When (UTC)", "时间（UTC）"),
    "tg_col_changed_by": ("Who", "修改人"),
    "tg_col_month": ("Month", "月份"),
    "tg_col_old": ("Old target", "原目标"),
    "tg_col_new": ("New target", "新目标"),
    # Campaigns
    "cp_none": ("No campaigns in the data.", "数据中没有营销活动。"),
    "cp_none_in_scope": (
        "No campaign ran in the branches you may see.",
        "您可查看的支行没有开展过营销活动。",
    ),
    "cp_pick": ("Campaign", "营销活动"),
    "cp_branch_filters_ignored": (
        "Branch and region filters do not apply here: a campaign compares its branches with all "
        "the others. Segment and channel filters do.",
        "支行与地区筛选不适用于此页：活动效果是将活动支行与其他所有支行比较。客群与渠道筛选适用。",
    ),
    "cp_windows": (
        "Campaign {start} to {end} ({days} days) · pre-window {pre_start} to {pre_end} · "
        "{treated} campaign branches against {control} control branches",
        "活动期 {start} 至 {end}（{days} 天）· 活动前对照期 {pre_start} 至 {pre_end} · "
        "{treated} 家活动支行对比 {control} 家对照支行",
    ),
    "cp_treated_list": ("Campaign branches ({n})", "活动支行（{n} 家）"),
    "cp_nothing": (
        "No registrations match these filters in the campaign or its pre-window.",
        "活动期及活动前对照期内没有符合筛选条件的注册。",
    ),
    "cp_verdict_more": (
        "About {n} more registrations than the other branches' trend would suggest.",
        "比按其他支行的走势预期多出约 {n} 个注册。",
    ),
    "cp_verdict_fewer": (
        "About {n} fewer registrations than the other branches' trend would suggest.",
        "比按其他支行的走势预期少了约 {n} 个注册。",
    ),
    "cp_verdict_same": (
        "About as many registrations as the other branches' trend would suggest.",
        "注册数与按其他支行走势的预期基本持平。",
    ),
    "cp_verdict_attributed": (
        "{n} users were registered under the campaign's code.",
        "以活动代码注册的用户为 {n} 个。",
    ),
    "cp_verdict_unknown": (
        "No verdict: there is no group to compare with (see below).",
        "无法判断：没有可比较的对照组（见下）。",
    ),
    "cp_caveat_no_treated": (
        "None of the campaign's branches is visible to you.",
        "您无权查看该活动的任何支行。",
    ),
    "cp_caveat_no_control": (
        "Every visible branch ran the campaign: there are no other branches to compare with.",
        "所有可见支行都参加了活动，没有其他支行可供比较。",
    ),
    "cp_caveat_small_control": (
        "Only {n} control branches: the comparison rests on very few branches.",
        "对照支行仅 {n} 家，比较依据的支行很少。",
    ),
    "cp_caveat_no_pre_data": (
        "The pre-window has no registrations in the campaign or in the control branches: the "
        "before/after comparison cannot be trusted.",
        "活动前对照期内活动支行或对照支行没有注册，前后对比不可靠。",
    ),
    "cp_caveat_partial_pre_data": (
        "The data starts inside the pre-window, so its rate is understated.",
        "数据起始日晚于对照期开始日，对照期的注册率被低估。",
    ),
    "cp_caveat_not_over": (
        "The campaign runs past the latest data: its last days count as no registrations.",
        "活动结束日晚于最新数据日，活动最后几天按无注册计算。",
    ),
    "cp_lift": ("Lift", "提升率"),
    "cp_lift_help": (
        "Campaign branches' registrations per branch-day during the campaign / in the "
        "pre-window, minus 1 (a naive before/after comparison).",
        "活动支行活动期每支行每日注册数 / 对照期每支行每日注册数 − 1（简单前后对比）。",
    ),
    "cp_did": ("Difference-in-differences", "双重差分"),
    "cp_did_help": (
        "(Campaign branches during - before) - (control branches during - before), in "
        "registrations per branch-day: the change beyond the other branches' trend.",
        "（活动支行活动期 − 对照期）−（对照支行活动期 − 对照期），单位为每支行每日注册数："
        "超出其他支行走势的变化。",
    ),
    "cp_did_lift": ("DiD lift", "双重差分提升率"),
    "cp_did_lift_help": (
        "Difference-in-differences / the campaign branches' pre-window rate.",
        "双重差分 / 活动支行对照期注册率。",
    ),
    "cp_incremental": ("Incremental users", "增量用户"),
    "cp_incremental_help": (
        "Difference-in-differences x campaign branches x campaign days: registrations beyond "
        "what the other branches' trend suggests.",
        "双重差分 × 活动支行数 × 活动天数：超出其他支行走势预期的注册数。",
    ),
    "cp_attributed": ("Attributed users", "归因用户"),
    "cp_attributed_help": (
        "Users registered with this campaign's code (under the filters).",
        "以本活动代码注册的用户数（按筛选条件）。",
    ),
    "cp_group": ("Group", "组别"),
    "cp_group_treated": ("Campaign branches", "活动支行"),
    "cp_group_control": ("Other branches", "其他支行"),
    "cp_window": ("Window", "时段"),
    "cp_window_pre": ("Before", "活动前"),
    "cp_window_during": ("During", "活动期"),
    "cp_window_mean": ("Window mean", "时段均值"),
    "cp_registrations": ("Registrations", "注册数"),
    "cp_axis_per_branch": ("Registrations per branch-day", "每支行每日注册数"),
    "cp_daily_title": (
        "Registrations per branch-day, before and during the campaign (shaded)",
        "每支行每日注册数：活动前与活动期（阴影）",
    ),
    "cp_daily_caption": (
        "Dashed lines: each group's mean over each window, the rates the difference-in-"
        "differences compares.",
        "虚线为各组在各时段的均值，即双重差分所比较的注册率。",
    ),
    "cp_by_segment": ("Incremental users by segment", "各客群增量用户"),
    "cp_by_channel": ("Incremental users by channel", "各渠道增量用户"),
    "cp_treated_pre": ("Campaign, before", "活动支行·活动前"),
    "cp_treated_during": ("Campaign, during", "活动支行·活动期"),
    "cp_control_pre": ("Others, before", "其他支行·活动前"),
    "cp_control_during": ("Others, during", "其他支行·活动期"),
    # Campaigns: effects with confidence, the daily gap, the planner
    "cp_users_more": ("{n} more", "多 {n} 个"),
    "cp_users_fewer": ("{n} fewer", "少 {n} 个"),
    "cp_users_none": ("no change", "无变化"),
    "cp_verdict_more_interval": (
        "More registrations: about {estimate} than the other branches' trend would suggest, "
        "between {low} and {high} more (90 % interval).",
        "注册增加：比按其他支行走势的预期{estimate}，90% 区间为多 {low} 至 {high} 个。",
    ),
    "cp_verdict_fewer_interval": (
        "Fewer registrations: about {estimate} than the other branches' trend would suggest, "
        "between {low} and {high} fewer (90 % interval).",
        "注册减少：比按其他支行走势的预期{estimate}，90% 区间为少 {low} 至 {high} 个。",
    ),
    "cp_verdict_unclear": (
        "Can't tell from noise: about {estimate} registrations than the other branches' trend "
        "would suggest, but the 90 % interval runs from {low} to {high}.",
        "无法与随机波动区分：比按其他支行走势的预期约{estimate}注册，但 90% 区间从{low}到{high}。",
    ),
    "cp_verdict_no_interval": (
        "Can't tell from noise: about {estimate} registrations than the other branches' trend "
        "would suggest, but {reason}, so there is no interval.",
        "无法与随机波动区分：比按其他支行走势的预期约{estimate}注册，但{reason}，无法给出区间。",
    ),
    "cp_no_interval_no_data": ("there is nothing to compare", "没有可比较的数据"),
    "cp_no_interval_few_treated": (
        "fewer than 2 campaign branches can be compared",
        "可比较的活动支行不足 2 家",
    ),
    "cp_no_interval_few_control": (
        "fewer than 2 other branches can be compared",
        "可比较的其他支行不足 2 家",
    ),
    "cp_no_interval_no_spread": (
        "every branch changed by exactly the same amount",
        "各支行的变化完全相同",
    ),
    "cp_caveat_pre_trend": (
        "Before the campaign, the campaign branches were already drifting apart from the others "
        "(pre-trend p = {p}): part of this difference may have happened without the campaign.",
        "活动开始前，活动支行与其他支行的走势已在分化（活动前趋势 p = {p}）：这一差异可能部分与活动无关。",
    ),
    "cp_effects_title": ("Effect on five outcomes", "对五项指标的影响"),
    "cp_method_help": (
        "How this is judged. Branches are the units: the campaign was given to branches, and a "
        "branch's days move together, so counting days as separate observations would make "
        "day-to-day noise look like an effect. For each branch we take its average per day "
        "before and during the campaign (for CSAT, its mean score) and the change between the "
        "two. The campaign branches' changes are compared with the other branches' changes by "
        "Welch's t-test, which allows the two groups to vary by different amounts. The "
        "estimate is the difference of the average changes; the 90 % interval is the range of "
        "effects consistent with how much branches vary. When the interval includes 0, the "
        "effect cannot be told apart from noise. The pre-trend check runs the same test on the "
        "first and second half of the pre-window: a small p-value (below 0.10) means the groups "
        "were already drifting apart before the campaign.",
        "判断方法：以支行为单位。活动是按支行开展的，同一支行各天的数据彼此相关，若把每一天当作独立"
        "观测，日常波动会被误认为活动效果。对每家支行，分别计算活动前与活动期的日均值（满意度取平均"
        "分）及其变化；再用 Welch t 检验（允许两组波动幅度不同）比较活动支行与其他支行的变化。估计值"
        "是两组平均变化之差；90% 区间是与各支行波动程度相符的效果范围。区间包含 0 时，效果无法与随机"
        "波动区分。活动前趋势检验对活动前时段的前后两半做同样的检验：p 值较小（低于 0.10）说明两组"
        "在活动前已在分化。",
    ),
    "cp_col_outcome": ("Outcome", "指标"),
    "cp_col_verdict": ("Verdict", "结论"),
    "cp_short_more": ("More registrations", "注册增加"),
    "cp_short_fewer": ("Fewer registrations", "注册减少"),
    "cp_short_unclear": ("Can't tell from noise", "无法与波动区分"),
    "cp_short_no_interval": ("Can't tell (no interval)", "无法判断（无区间）"),
    "cp_short_unknown": ("No verdict", "无结论"),
    "cp_effects_note": (
        "Effects per branch and day (CSAT in points); intervals are 90 %.",
        "效果按每支行每日计（满意度按分计）；区间为 90%。",
    ),
    "cp_col_before": ("Campaign branches, before", "活动支行·活动前"),
    "cp_col_during": ("Campaign branches, during", "活动支行·活动期"),
    "cp_col_estimate": ("Effect", "效果估计"),
    "cp_col_interval": ("90 % interval", "90% 区间"),
    "cp_col_relative": ("Relative", "相对变化"),
    "cp_col_p": ("p-value", "p 值"),
    "cp_col_pre_trend": ("Pre-trend p", "活动前趋势 p"),
    "cp_col_reading": ("Reading", "解读"),
    "cp_col_unit": ("Unit", "单位"),
    "cp_effects_caption": (
        "Effect: the campaign branches' change minus the other branches' change, per branch "
        "and day (CSAT: in points of the 1-5 score). Relative: the effect / the campaign "
        "branches' level before.",
        "效果：活动支行的变化减去其他支行的变化，按每支行每日计（满意度按 1-5 分计）。相对变化："
        "效果 / 活动支行活动前水平。",
    ),
    "cp_outcome_new_users": ("Registrations", "注册数"),
    "cp_outcome_active_users": ("Active users", "活跃用户"),
    "cp_outcome_transactions": ("Transactions", "交易笔数"),
    "cp_outcome_complaints": ("Complaints", "投诉"),
    "cp_outcome_csat": ("CSAT", "满意度"),
    "cp_unit_new_users": ("registrations per branch-day", "个注册/支行/日"),
    "cp_unit_active_users": ("active users per branch-day", "个活跃用户/支行/日"),
    "cp_unit_transactions": ("transactions per branch-day", "笔交易/支行/日"),
    "cp_unit_complaints": ("complaints per branch-day", "件投诉/支行/日"),
    "cp_unit_csat": ("CSAT points", "满意度分"),
    "cp_reading_up": ("{label}: clear rise", "{label}：明显上升"),
    "cp_reading_down": ("{label}: clear fall", "{label}：明显下降"),
    "cp_reading_unclear": ("{label}: no clear change", "{label}：无明显变化"),
    "cp_reading_none": ("{label}: can't judge ({why})", "{label}：无法判断（{why}）"),
    "cp_gap_title": (
        "Daily gap in registrations per branch-day: campaign branches minus the others",
        "每日差距（每支行每日注册数）：活动支行减其他支行",
    ),
    "cp_gap": ("Gap", "差距"),
    "cp_gap_start": ("Campaign starts", "活动开始"),
    "cp_gap_band": ("Usual range before", "活动前常见范围"),
    "cp_gap_caption": (
        "The shaded band is the gap's usual range before the campaign (its pre-window mean ± "
        "2 standard deviations of the daily gap); the campaign starts at the vertical line. Days "
        "above the band show the gap opening beyond everyday noise.",
        "阴影带为活动前差距的常见范围（活动前日差距的均值 ± 2 个标准差）；竖线为活动开始日。"
        "高于阴影带的日子说明差距超出了日常波动。",
    ),
    "cp_plan_title": ("Plan the next campaign", "规划下一次活动"),
    "cp_plan_intro": (
        "What a campaign in these {n} branches could detect, judged on the last {days2} days of "
        "history ({start} to {end}) as if it had run in their second half (90 % interval, 80 % "
        "power).",
        "根据最近 {days2} 天的历史数据（{start} 至 {end}），假设活动在后一半时间开展，估算在这 {n} 家"
        "支行开展活动可检测到的效果（90% 区间，80% 把握度）。",
    ),
    "cp_plan_branches": ("Campaign branches", "活动支行"),
    "cp_plan_days": ("Duration (days)", "持续天数"),
    "cp_plan_detect": (
        "{label}: could detect a rise of {size} {unit}{lift} or more",
        "{label}：可检测到 {size} {unit}{lift}及以上的提升",
    ),
    "cp_plan_lift": (" ({lift})", "（{lift}）"),
    "cp_plan_none": ("{label}: can't be judged ({why})", "{label}：无法判断（{why}）"),
    "cp_plan_few_branches": (
        "needs at least 2 branches on each side",
        "每组至少需要 2 家支行",
    ),
    "cp_plan_no_spread": ("no variation between branches", "支行之间没有差异"),
    "cp_plan_pick": ("Pick at least one branch.", "请至少选择一家支行。"),
    "cp_plan_caption": (
        "A smaller campaign effect may be real but would look like noise. Longer campaigns and "
        "more branches detect smaller effects; a fall of the same size is detected alike.",
        "小于此值的效果即使真实存在，也难以与随机波动区分。活动越长、支行越多，可检测的效果越小；"
        "同等幅度的下降同样可检测。",
    ),
    # Outreach
    "or_visits": ("Visits", "外拓次数"),
    "or_visits_help": (
        "Outreach visits in the period by staff of the teams in view. Segment and channel "
        "filters do not apply to visits and contacts.",
        "期间内所选团队员工的外拓次数。客群与渠道筛选不适用于外拓次数与接触人数。",
    ),
    "or_contacts": ("Contacts", "接触人数"),
    "or_contacts_help": (
        "People the visits reached (sum of the visits' contacts).",
        "外拓接触的人数合计。",
    ),
    "or_registrations": ("Registrations", "注册数"),
    "or_registrations_help": (
        "Outreach-channel users registered by the visiting staff member on a day they visited. "
        "With several visits that day, the user counts for the visit whose ID sorts first.",
        "由外拓员工在其外拓当天注册的外拓渠道用户。当天有多次外拓时，计入编号排序最前的一次。",
    ),
    "or_activated_30d": ("Activated within 30 days", "30天内激活"),
    "or_activated_30d_help": (
        "Of those registrations, users with an active day 0-29 days after registering.",
        "上述注册用户中，注册后第0-29天有交易的用户。",
    ),
    "or_active_next_month": ("Active the next month", "次月仍活跃"),
    "or_active_next_month_help": (
        "Of those registrations, users with an active day in the calendar month after the one "
        "they registered in (whether or not they activated within 30 days).",
        "上述注册用户中，在注册次一自然月有交易的用户（不论30天内是否激活）。",
    ),
    "or_per_visit": ("Registrations per visit", "每次外拓注册数"),
    "or_per_visit_help": ("Registrations / visits.", "注册数 / 外拓次数。"),
    "or_registrations_per_visit": ("Registrations per visit", "每次外拓注册数"),
    "or_registrations_per_contact": ("Registrations per contact", "接触转化率"),
    "or_activated_share": ("Activated within 30 days", "30天激活率"),
    "or_active_next_month_share": ("Active the next month", "次月活跃率"),
    "or_definitions_title": ("How each step is counted", "各环节的统计口径"),
    "or_definitions": (
        "- **Visits**: outreach visits dated in the period, by staff of the teams in the chosen "
        "branches and regions.\n"
        "- **Contacts**: the people those visits reached, as recorded with each visit.\n"
        "- **Registrations**: users with channel *outreach* registered by the visiting staff "
        "member on a day they made a visit. Each is attributed to one visit: that day's visit, "
        "or with several, the one whose visit ID sorts first; it gives the location type, "
        "team and staff.\n"
        "- **Activated within 30 days**: of those, users with an active day 0 to 29 days after "
        "registering.\n"
        "- **Active the next month**: of those, users with an active day in the calendar month "
        "after their registration month. Not a subset of the step before.\n\n"
        "Registrations of the last 30 days (or of the latest month) have not yet had the time to "
        "reach the last two steps. Segment and channel filters narrow the registrations only.",
        "- **外拓次数**：期间内所选支行、地区团队员工的外拓记录数。\n"
        "- **接触人数**：每次外拓记录的接触人数之和。\n"
        "- **注册数**：由外拓员工在其外拓当天注册、渠道为“外拓”的用户。每位用户只归入一次外拓："
        "当天的那次外拓；当天有多次时，归入编号排序最前的一次；由该次外拓确定地点类型、团队和员工。\n"
        "- **30天内激活**：上述用户中，注册后第0至29天有交易的用户。\n"
        "- **次月仍活跃**：上述用户中，在注册月份的下一个自然月有交易的用户，不一定包含在上一环节中。\n\n"
        "最近30天（或最近一个月）注册的用户尚未满足后两个环节的观察期。客群与渠道筛选只作用于注册用户。",
    ),
    "or_recent_note": (
        "Users registered in the 30 days up to the latest data ({date}) have not yet had the "
        "time to activate or to be active the next month.",
        "截至最新数据日（{date}）前30天内注册的用户，尚未满足“30天内激活”和“次月仍活跃”的观察期。",
    ),
    "or_funnel_title": ("Outreach funnel", "外拓转化漏斗"),
    "or_step": ("Step", "环节"),
    "or_count": ("Count", "数量"),
    "or_calendar_title": ("Visits per day", "每日外拓次数"),
    "or_group_by": ("Compare by", "比较维度"),
    "or_by_location_type": ("Location type", "地点类型"),
    "or_by_team": ("Team", "团队"),
    "or_by_staff": ("Staff", "员工"),
    "or_per_visit_by": ("Registrations per visit by {by}", "按{by}的每次外拓注册数"),
    "or_activated_by": ("Activated within 30 days by {by}", "按{by}的30天激活率"),
    "or_chart_top": (
        "The charts show the {n} with the most registrations per visit; the table lists all.",
        "图表显示每次外拓注册数最高的 {n} 个；表格列出全部。",
    ),
    "or_col_id": ("ID", "编号"),
    "or_weekday_0": ("Mon", "周一"),
    "or_weekday_1": ("Tue", "周二"),
    "or_weekday_2": ("Wed", "周三"),
    "or_weekday_3": ("Thu", "周四"),
    "or_weekday_4": ("Fri", "周五"),
    "or_weekday_5": ("Sat", "周六"),
    "or_weekday_6": ("Sun", "周日"),
    # (end of promotion pages)
}

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "segment": {
        "young": ("Young adults", "青年"),
        "middle_aged": ("Middle-aged", "中年"),
        "senior": ("Seniors", "老年"),
        "merchant": ("Merchants", "商户"),
    },
    "channel": {
        "outreach": ("Outreach squads", "外拓"),
        "branch": ("Branch lobby", "网点"),
        "online": ("Mobile banking", "线上"),
        "referral": ("Staff referral", "员工推荐"),
    },
    "location_type": {
        "community": ("Community", "社区"),
        "merchant": ("Merchant", "商户"),
        "enterprise_payroll": ("Enterprise payroll", "企业代发"),
        "rural": ("Rural", "农村"),
    },
    "category": {
        "security": ("Security worries", "安全顾虑"),
        "failed_payment": ("Failed payment", "支付失败"),
        "missing_confirmation": ("Missing confirmation", "未收到支付确认"),
        "compatibility": ("Compatibility", "兼容性问题"),
        "too_hard_for_seniors": ("Too hard for seniors", "老年人使用困难"),
        "service_attitude": ("Service attitude", "服务态度"),
    },
    "provider": {
        "Our wallet": ("Our wallet", "本行钱包"),
        "Alipay": ("Alipay", "支付宝"),
        "WeChat Pay": ("WeChat Pay", "微信支付"),
        "UnionPay QuickPass": ("UnionPay QuickPass", "云闪付"),
        "Cards & cash": ("Cards & cash", "银行卡与现金"),
    },
    "age_band": {
        "0_7": ("0-7 days", "0-7天"),
        "8_30": ("8-30 days", "8-30天"),
        "31_90": ("31-90 days", "31-90天"),
        "91_plus": ("Over 90 days", "90天以上"),
    },
    "nps_group": {
        "promoters": ("Promoters (9-10)", "推荐者（9-10）"),
        "passives": ("Passives (7-8)", "中立者（7-8）"),
        "detractors": ("Detractors (0-6)", "贬损者（0-6）"),
    },
}
"""Known codes of the data, in display order; each kind's order is also its colour order."""


def t(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang`` (English for an unknown language), filled with ``values``."""
    english, chinese = STRINGS[key]
    text = chinese if lang == "zh" else english
    return text.format(**values) if values else text


def label(kind: str, code: str, lang: str) -> str:
    """The display name of a data code; an unknown code is shown as written."""
    names = LABELS[kind].get(code)
    if names is None:
        return code
    return names[1] if lang == "zh" else names[0]


def ordered(kind: str, codes: list[str] | tuple[str, ...]) -> list[str]:
    """``codes`` in the kind's display order, unknown codes after the known ones, sorted."""
    known = [code for code in LABELS[kind] if code in codes]
    return known + sorted(set(codes) - set(known))
