"""Targets: where a team stands against a month's targets and what is left to do, its people's
quality beside their volume, its branch's teams ranked, its last six months, and the editor in
which a manager sets next months' targets."""

from typing import Literal

import pandas as pd
import streamlit as st

from data_access import Database, Filters
from data_access.target_edits import (
    TargetEditsRejected,
    save_target_edits,
    stored_targets,
    target_change_log,
)
from data_access.write_lock import DatabaseBusy
from data_access.writers import Writer, WriteRefused
from display.formatting import DASH, format_value, number, plain
from display.i18n import t
from display.promotion_charts import (
    history_chart,
    history_frame,
    metric_label,
    pace_chart,
    pace_name,
)
from display.time_tables import Measure, series_table
from metrics.months import add_months, month_period, month_text
from metrics.period import Period
from metrics.staff_quality import staff_leaderboard
from metrics.targets import TARGET_METRICS
from metrics.team_history import (
    HISTORY_MONTHS,
    TargetProgress,
    Team,
    attainment_history,
    branch_ranking,
    target_months,
    team_progress,
    visible_teams,
)
from ui import empty, presentation, refusals, render
from ui.auth import current_viewer
from ui.cache import cached
from ui.context import Context, current
from ui.downloads import download_button
from ui.filters import page_choice
from ui.tables import (
    NUMBER_FORMATS,
    PERCENT,
    Column,
    cards,
    column_cards,
    column_config,
    names,
    percentages,
    wide_or_cards,
)

MONTHS_AHEAD = 3
LOG_ROWS = 50
PaceColor = Literal["green", "blue", "red", "gray"]
PaceArrow = Literal["up", "down", "off"]
PACE_DELTA: dict[str, tuple[PaceColor, PaceArrow]] = {
    "ahead": ("green", "up"),
    "on_track": ("blue", "off"),
    "behind": ("red", "down"),
    "none": ("gray", "off"),
}
SAVED = "_targets_saved"
PROBLEMS = "_targets_problems"
BUSY = "_targets_busy"
EDITOR = "targets_editor"

STAFF_COLUMNS = (
    Column("staff_name", "tg_col_staff", "text", pinned=True),
    Column("opened", "tg_col_opened", helped=True),
    Column("transacted_30d_share", "tg_col_tx30", format=PERCENT, helped=True),
    Column("active_90d_share", "tg_col_active90", format=PERCENT, helped=True),
    Column("complaints_per_1000", "tg_col_complaints", format="%.1f", helped=True),
    Column("seniors_unused_30d", "tg_col_seniors_unused", helped=True),
    Column("flags", "tg_col_flags", "text", helped=True),
    Column("volume_rank", "tg_col_volume_rank"),
    Column("quality_rank", "tg_col_quality_rank", helped=True),
    Column("judged_30d", "tg_col_judged30"),
    Column("judged_90d", "tg_col_judged90"),
    Column("staff_id", "tg_col_staff_id", "text"),
)
# The branch ranking's columns besides each target metric's attainment.
RANKING_COLUMNS = (
    Column("rank", "tg_col_rank"),
    Column("team_name", "tg_col_team", "text", pinned=True),
    Column("score", "tg_col_score", format=PERCENT, helped=True),
    Column("team_id", "tg_col_team_id", "text"),
)
LOG_COLUMNS = (
    Column("changed_at", "tg_col_changed_at", "datetime", format="YYYY-MM-DD HH:mm"),
    Column("changed_by", "tg_col_changed_by", "text"),
    Column("month", "tg_col_month", "text"),
    Column("team_id", "tg_col_team_id", "text"),
    Column("metric", "tg_metric", "text"),
    Column("old_target", "tg_col_old"),
    Column("new_target", "tg_col_new"),
)

load_teams = cached(visible_teams)
load_months = cached(target_months)
load_progress = cached(team_progress)
load_history = cached(attainment_history)
load_ranking = cached(branch_ranking)
load_board = cached(staff_leaderboard)
load_stored = cached(stored_targets)
load_log = cached(target_change_log)


def target_card(row: TargetProgress, lang: str) -> None:
    color, arrow = PACE_DELTA[row.pace or "none"]
    st.metric(
        metric_label(row.metric, lang),
        f"{number(row.actual, lang)} / {number(row.target, lang)}",
        f"{pace_name(row.pace, lang)} · {format_value(row.attainment, 'share', lang)}",
        delta_color=color,
        delta_arrow=arrow,
        help=t("tg_card_help", lang),
        border=True,
    )
    needed = (
        t("tg_needed", lang, n=number(round(row.needed_per_day, 1), lang), days=row.remaining_days)
        if row.needed_per_day is not None
        else t("tg_month_over", lang)
    )
    projected = DASH if row.projected is None else number(round(row.projected), lang)
    st.caption(
        t(
            "tg_card_lines",
            lang,
            expected=number(round(row.expected_by_now, 1), lang),
            projected=projected,
            needed=needed,
        )
    )


def progress_cards(rows: list[TargetProgress], lang: str) -> None:
    first = rows[0]
    st.caption(
        t(
            "tg_as_of",
            lang,
            elapsed=first.elapsed_days,
            days=first.days_in_month,
            remaining=first.remaining_days,
        )
    )
    for column, row in zip(st.columns(len(rows)), rows, strict=True):
        with column:
            target_card(row, lang)


def progress_chart(rows: list[TargetProgress], lang: str) -> None:
    frame = pd.DataFrame([row.to_dict() for row in rows])
    render.chart(pace_chart(rows, lang), frame, "target_progress", lang)
    st.caption(t("tg_pace_caption", lang))


def staff_section(ctx: Context, team_id: str, month: str) -> None:
    lang = ctx.lang
    first_month = add_months(month, 1 - HISTORY_MONTHS)
    window = Period(month_period(first_month).start, month_period(month).end)
    board = load_board(ctx.db, ctx.data_version, team_id, window, as_of=ctx.anchor)
    st.subheader(t("tg_staff_title", lang), help=t("tg_staff_help", lang))
    if board.openings is None or not board.staff:
        empty.no_chart_data(lang)
        return
    st.caption(
        t(
            "tg_staff_caption",
            lang,
            start=board.openings.start.isoformat(),
            end=board.openings.end.isoformat(),
            tx=format_value(board.team.transacted_30d_share, "share", lang),
            active=format_value(board.team.active_90d_share, "share", lang),
            complaints=DASH
            if board.team.complaints_per_1000 is None
            else f"{board.team.complaints_per_1000:.1f}",
        )
    )
    frame = pd.DataFrame([row.to_dict() for row in board.staff])
    frame["flags"] = [
        "; ".join(t(f"tg_flag_{flag}", lang) for flag in flags) for flags in frame["flags"]
    ]
    shown = frame[names(STAFF_COLUMNS)]
    with wide_or_cards("staff"):
        st.dataframe(
            percentages(shown, STAFF_COLUMNS),
            hide_index=True,
            placeholder=DASH,
            column_config=column_config(STAFF_COLUMNS, lang),
        )
    cards(
        "staff",
        column_cards(
            shown, STAFF_COLUMNS, lang, title="staff_name", summary=("opened", "quality_rank")
        ),
    )
    download_button(shown, "staff_quality", lang)


def ranking_section(ctx: Context, team: Team, month: str) -> None:
    lang = ctx.lang
    st.subheader(
        t("tg_branch_title", lang, branch=plain(team.branch_name)), help=t("tg_branch_help", lang)
    )
    standings = load_ranking(ctx.db, ctx.data_version, team.branch_id, month, as_of=ctx.anchor)
    frame = pd.DataFrame(
        {
            "rank": [s.rank for s in standings],
            "team_name": [s.team_name for s in standings],
            "score": [s.score for s in standings],
            **{metric: [s.attainment.get(metric) for s in standings] for metric in TARGET_METRICS},
            "team_id": [s.team_id for s in standings],
        }
    )
    chosen = frame["team_id"] == team.team_id
    attainment = tuple(Column(metric, "tg_metric", format=PERCENT) for metric in TARGET_METRICS)
    styled = percentages(frame, (*RANKING_COLUMNS, *attainment)).style.apply(
        lambda column: ["background-color: #FFF3C4" if c else "" for c in chosen], axis=0
    )
    with wide_or_cards("ranking"):
        st.dataframe(
            styled,
            hide_index=True,
            placeholder=DASH,
            column_config={
                **column_config(RANKING_COLUMNS, lang),
                **{
                    metric: st.column_config.NumberColumn(
                        metric_label(metric, lang), format=NUMBER_FORMATS["share"]
                    )
                    for metric in TARGET_METRICS
                },
            },
        )
    cards(
        "ranking",
        column_cards(
            frame,
            (*RANKING_COLUMNS, *attainment),
            lang,
            title="team_name",
            summary=("rank", "score"),
            titles=lambda name: (
                metric_label(name, lang)
                if name in TARGET_METRICS
                else t(next(c.title for c in RANKING_COLUMNS if c.name == name), lang)
            ),
        ),
    )
    download_button(frame, "branch_team_ranking", lang)


def history_section(ctx: Context, team_id: str, month: str) -> None:
    lang = ctx.lang
    st.subheader(t("tg_history_title", lang), help=t("tg_history_help", lang))
    progress = load_history(ctx.db, ctx.data_version, team_id, month, as_of=ctx.anchor)
    frame = history_frame(progress, lang)
    table = series_table(
        frame,
        [
            Measure("target", t("csv_target", lang)),
            Measure("actual", t("csv_actual", lang)),
            Measure("attainment", t("csv_attainment", lang), "share"),
        ],
        lang,
        [("month", t("csv_month", lang)), ("metric_label", t("csv_metric", lang))],
    )
    render.chart(history_chart(frame, lang), table, "attainment_history", lang)


def save_edits(db: Database, frame: pd.DataFrame, editor_key: str, writer: Writer) -> None:
    """Save the editor's rows (``frame`` with the cell edits in its state) on the button's click.

    A callback, so it runs before the page does (and before the app admits the viewer
    again: the save itself checks ``writer``'s current role); the outcome is kept for the
    page to show.
    """
    rows = frame.to_dict("records")
    for position, changes in st.session_state.get(editor_key, {}).get("edited_rows", {}).items():
        rows[int(position)].update(changes)
    records = [
        {str(name): None if pd.isna(value) else value for name, value in row.items()}
        for row in rows
    ]
    try:
        changes = save_target_edits(db, records, writer=writer)
    except TargetEditsRejected as rejected:
        st.session_state[PROBLEMS] = rejected.problems
    except WriteRefused as refused:
        refusals.remember(refused)
    except DatabaseBusy as busy:
        st.session_state[BUSY] = busy.wait_seconds
    else:
        st.session_state[SAVED] = len(changes)
        st.session_state.pop(editor_key, None)


def log_section(ctx: Context, team_ids: tuple[str, ...]) -> None:
    lang = ctx.lang
    st.markdown(f"**{t('tg_log_title', lang)}**")
    log = load_log(ctx.db, ctx.data_version, team_ids=team_ids, limit=LOG_ROWS)
    if not log:
        st.caption(t("tg_log_empty", lang))
        return
    frame = pd.DataFrame(
        {
            "changed_at": [c.changed_at for c in log],
            "changed_by": [c.changed_by for c in log],
            "month": [c.month for c in log],
            "team_id": [c.team_id for c in log],
            "metric": [metric_label(c.metric, lang) for c in log],
            "old_target": pd.array([c.old_target for c in log], dtype="Int64"),
            "new_target": [c.new_target for c in log],
        }
    )
    st.dataframe(
        frame, hide_index=True, placeholder=DASH, column_config=column_config(LOG_COLUMNS, lang)
    )
    download_button(frame, "target_changes", lang)


def editor_section(ctx: Context, teams: list[Team], latest_month: str, writer: Writer) -> None:
    """The target editor: every team in view x metric for one month; blank means no target."""
    lang, db = ctx.lang, ctx.db
    saved = st.session_state.pop(SAVED, None)
    if saved is not None:
        st.success(t("tg_saved", lang, n=saved))
    busy = st.session_state.pop(BUSY, None)
    if busy is not None:
        st.warning(t("tg_busy", lang, seconds=f"{busy:g}"))
    problems = st.session_state.pop(PROBLEMS, None)
    if problems:
        lines = "\n".join(f"- {plain(str(problem))}" for problem in problems)
        st.error(f"{t('tg_rejected', lang)}\n\n{lines}")
    st.caption(t("tg_edit_help", lang, who=plain(writer.name)))
    months = [add_months(latest_month, n) for n in range(MONTHS_AHEAD + 1)]
    month = st.selectbox(t("tg_edit_month", lang), months, index=1, key="targets_edit_month")
    ids = tuple(team.team_id for team in teams)
    stored = load_stored(db, ctx.data_version, month, ids)
    frame = pd.DataFrame(
        [
            {
                "month": month,
                "team_id": team.team_id,
                "team_name": team.team_name,
                "branch_name": team.branch_name,
                "metric": metric,
                "metric_label": metric_label(metric, lang),
                "target": stored.get((team.team_id, metric)),
            }
            for team in teams
            for metric in TARGET_METRICS
        ]
    )
    frame["target"] = frame["target"].astype("Int64")
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="#")
    editor_key = f"{EDITOR}_{month}"
    with st.form("targets_editor"):
        st.data_editor(
            frame,
            column_order=("team_name", "branch_name", "metric_label", "target"),
            disabled=[c for c in frame.columns if c != "target"],
            column_config={
                "team_name": st.column_config.TextColumn(t("tg_col_team", lang)),
                "branch_name": st.column_config.TextColumn(t("tg_col_branch", lang)),
                "metric_label": st.column_config.TextColumn(t("tg_metric", lang)),
                "target": st.column_config.NumberColumn(
                    t("tg_target", lang), min_value=1, step=1, format="%d"
                ),
            },
            key=editor_key,
        )
        st.form_submit_button(
            t("tg_save", lang),
            type="primary",
            on_click=save_edits,
            args=(db, frame, editor_key, writer),
        )
    log_section(ctx, ids)


ctx = current()
lang, db, version = ctx.lang, ctx.db, ctx.data_version
st.title(t("page_targets", lang))
empty.stop_without_data(ctx)

teams = load_teams(db, version, Filters(branches=ctx.filters.branches, regions=ctx.filters.regions))
if not teams:
    st.info(t("tg_no_teams", lang), icon=":material/groups:")
    st.stop()
latest_month = month_text(ctx.anchor)
months = sorted({*load_months(db, version), latest_month}, reverse=True)
by_id = {team.team_id: team for team in teams}
viewer = current_viewer()
month_column, team_column = st.columns(2)
with month_column:
    month = page_choice("month", t("tg_month", lang), months, lang, default=latest_month)
with team_column:
    team_id = page_choice(
        "team",
        t("tg_team", lang),
        list(by_id),
        lang,
        format_func=lambda key: f"{by_id[key].team_name} · {by_id[key].branch_name}",
        default=viewer.team_id if viewer else None,
    )
assert month is not None and team_id is not None  # both have options (checked above)
team = by_id[team_id]

progress_rows = load_progress(db, version, team_id, month, as_of=ctx.anchor)
with presentation.screen():
    if progress_rows:
        progress_cards(progress_rows, lang)
    else:
        st.info(t("tg_no_targets", lang, month=month), icon=":material/flag:")
    st.caption(t("tg_intro", lang))
if progress_rows:
    with presentation.screen():  # its own screen: under the cards it would not fit a projector
        progress_chart(progress_rows, lang)
with presentation.screen():
    staff_section(ctx, team_id, month)
with presentation.screen():
    ranking_section(ctx, team, month)
with presentation.screen():
    history_section(ctx, team_id, month)
if viewer is not None and viewer.may_edit_targets and not presentation.presenting():
    with st.expander(t("tg_edit_title", lang), icon=":material/edit:"):
        editor_section(ctx, teams, latest_month, viewer.writer)
