"""The database schema: the contract's tables plus bookkeeping.

Amounts are stored as integer cents so that sums are exact and identical on
every database. Months are ``YYYY-MM`` text, which sorts and compares as
calendar months do.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
)

metadata = MetaData()

ID = String(64)
LABEL = String(200)

branches = Table(
    "branches",
    metadata,
    Column("branch_id", ID, primary_key=True),
    Column("branch_name", LABEL, nullable=False),
    Column("region", LABEL, nullable=False),
)

teams = Table(
    "teams",
    metadata,
    Column("team_id", ID, primary_key=True),
    Column("branch_id", ID, ForeignKey("branches.branch_id"), nullable=False),
    Column("team_name", LABEL, nullable=False),
)

staff = Table(
    "staff",
    metadata,
    Column("staff_id", ID, primary_key=True),
    Column("team_id", ID, ForeignKey("teams.team_id"), nullable=False),
    Column("staff_name", LABEL, nullable=False),
)

campaigns = Table(
    "campaigns",
    metadata,
    Column("campaign_id", ID, primary_key=True),
    Column("campaign_name", LABEL, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("description", Text),
)

campaign_branches = Table(
    "campaign_branches",
    metadata,
    Column("campaign_id", ID, ForeignKey("campaigns.campaign_id"), primary_key=True),
    Column("branch_id", ID, ForeignKey("branches.branch_id"), primary_key=True),
)

wallet_users = Table(
    "wallet_users",
    metadata,
    Column("user_id", ID, primary_key=True),
    Column("branch_id", ID, ForeignKey("branches.branch_id"), nullable=False),
    Column("segment", String(40), nullable=False),
    Column("channel", String(40), nullable=False),
    Column("registered_on", Date, nullable=False),
    Column("staff_id", ID, ForeignKey("staff.staff_id")),
    Column("campaign_id", ID, ForeignKey("campaigns.campaign_id")),
    Index("ix_wallet_users_registered_on", "registered_on"),
    Index("ix_wallet_users_branch", "branch_id", "segment", "channel"),
    Index("ix_wallet_users_staff_day", "staff_id", "registered_on"),
    Index("ix_wallet_users_campaign", "campaign_id"),
)

wallet_activity = Table(
    "wallet_activity",
    metadata,
    Column("user_id", ID, ForeignKey("wallet_users.user_id"), primary_key=True),
    Column("activity_date", Date, primary_key=True),
    Column("transactions", Integer, nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
    Index("ix_wallet_activity_date", "activity_date", "user_id"),
)

surveys = Table(
    "surveys",
    metadata,
    Column("response_id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("wallet_users.user_id"), nullable=False),
    Column("responded_on", Date, nullable=False),
    Column("csat", SmallInteger),
    Column("nps", SmallInteger),
    Column("comment", Text),
    Index("ix_surveys_responded_on", "responded_on"),
    Index("ix_surveys_user", "user_id"),
)

complaints = Table(
    "complaints",
    metadata,
    Column("complaint_id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("wallet_users.user_id"), nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("resolved_on", Date),
    Column("category", LABEL, nullable=False),
    Index("ix_complaints_opened_on", "opened_on"),
    Index("ix_complaints_resolved_on", "resolved_on"),
    Index("ix_complaints_user", "user_id"),
)

market_share = Table(
    "market_share",
    metadata,
    Column("month", String(7), primary_key=True),
    Column("region", LABEL, primary_key=True),
    Column("provider", LABEL, primary_key=True),
    Column("transactions", BigInteger, nullable=False),
    Column("is_own", SmallInteger, nullable=False),
)

targets = Table(
    "targets",
    metadata,
    Column("month", String(7), primary_key=True),
    Column("team_id", ID, ForeignKey("teams.team_id"), primary_key=True),
    Column("metric", String(20), primary_key=True),
    Column("target", BigInteger, nullable=False),
)

outreach_visits = Table(
    "outreach_visits",
    metadata,
    Column("visit_id", ID, primary_key=True),
    Column("staff_id", ID, ForeignKey("staff.staff_id"), nullable=False),
    Column("visited_on", Date, nullable=False),
    Column("location_type", LABEL, nullable=False),
    Column("contacts", Integer, nullable=False),
    Index("ix_outreach_visits_visited_on", "visited_on"),
    Index("ix_outreach_visits_staff_day", "staff_id", "visited_on"),
)

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", DateTime, nullable=False),
)

data_version = Table(
    "data_version",
    metadata,
    Column("id", SmallInteger, primary_key=True),
    Column("version", BigInteger, nullable=False),
    Column("changed_at", DateTime, nullable=False),
)

load_history = Table(
    "load_history",
    metadata,
    Column("load_id", Integer, primary_key=True, autoincrement=True),
    Column("loaded_at", DateTime, nullable=False),
    Column("loaded_by", LABEL, nullable=False),
    Column("source", Text, nullable=False),
    Column("replace", SmallInteger, nullable=False),
    Column("rows_json", Text, nullable=False),
)

target_changes = Table(
    "target_changes",
    metadata,
    Column("change_id", Integer, primary_key=True, autoincrement=True),
    Column("changed_at", DateTime, nullable=False),
    Column("changed_by", LABEL, nullable=False),
    Column("month", String(7), nullable=False),
    Column("team_id", ID, nullable=False),
    Column("metric", String(20), nullable=False),
    Column("old_target", BigInteger),
    Column("new_target", BigInteger, nullable=False),
)
"""Who changed which team target, when, from what to what (edits made in the app)."""

viewer_roles = Table(
    "viewer_roles",
    metadata,
    Column("email", String(320), primary_key=True),
    Column("role", String(20), nullable=False),
    Column("branch_id", ID),
    Column("team_id", ID),
    Column("granted_by", LABEL, nullable=False),
    Column("granted_at", DateTime, nullable=False),
)
"""Who may see what: admin, manager (all branches or the regions in viewer_regions), staff (one branch)."""

viewer_regions = Table(
    "viewer_regions",
    metadata,
    Column("email", String(320), ForeignKey("viewer_roles.email"), primary_key=True),
    Column("region", LABEL, primary_key=True),
)

viewer_sessions = Table(
    "viewer_sessions",
    metadata,
    Column("session_key", String(64), primary_key=True),
    Column("email", String(320), nullable=False, index=True),
    Column("started_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime, nullable=False),
    Column("ended_at", DateTime),
    Column("end_reason", String(20)),
)
"""Server-side sign-in sessions (``data_access.sessions``): one row per identity cookie, keyed
by the SHA-256 of its value (the cookie itself is never stored), in UTC."""

AUDIT_ACTOR = String(320)
AUDIT_PAGE = String(40)

audit_events = Table(
    "audit_events",
    metadata,
    Column("event_id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("actor", AUDIT_ACTOR, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("page", AUDIT_PAGE),
    Column("detail_json", Text, nullable=False),
    Index("ix_audit_events_at", "at"),
    Index("ix_audit_events_actor_at", "actor", "at"),
)
"""The audit trail (``data_access.audit``): when (UTC), who (an e-mail address, the demo actor
or ``cli``), what kind of event, on which page, and its detail as JSON. The application only
inserts; the only deletion is the retention purge."""

DATA_TABLES = (
    branches,
    teams,
    staff,
    campaigns,
    campaign_branches,
    wallet_users,
    wallet_activity,
    surveys,
    complaints,
    market_share,
    targets,
    outreach_visits,
)
"""The contract's tables, parents before children (insert in this order, delete in reverse)."""


# --- Derived tables -------------------------------------------------------------------------
# Rollups of the contract's tables, kept exactly up to date by ``data_access.rollups`` inside
# every load's transaction, so that charts and KPIs read a few thousand rows instead of millions.
# Each is keyed by the user attributes the filters select on (branch_id, segment, channel): a
# user has exactly one of each, so counts of distinct users add up across them.


def _user_dimensions() -> list[Column]:
    return [
        Column("branch_id", ID, primary_key=True),
        Column("segment", String(40), primary_key=True),
        Column("channel", String(40), primary_key=True),
    ]


rollup_registrations = Table(
    "rollup_registrations",
    metadata,
    Column("day", Date, primary_key=True),
    *_user_dimensions(),
    Column("new_users", Integer, nullable=False),
    Column("activated_30d", Integer, nullable=False),
)
"""Users registered per day, and how many of them were active 0 to 29 days after registering."""

rollup_registration_months = Table(
    "rollup_registration_months",
    metadata,
    Column("month", String(7), primary_key=True),
    *_user_dimensions(),
    Column("new_users", Integer, nullable=False),
)
"""``rollup_registrations`` summed per calendar month: users registered up to a day are the
months before its month plus that month's days, a few thousand rows instead of every day's."""

rollup_activity = Table(
    "rollup_activity",
    metadata,
    Column("day", Date, primary_key=True),
    *_user_dimensions(),
    Column("active_users", Integer, nullable=False),
    Column("transactions", BigInteger, nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
)
"""Activity per day: active users (one activity row per user and day), transactions, amount."""

rollup_active_periods = Table(
    "rollup_active_periods",
    metadata,
    Column("grain", String(5), primary_key=True),
    Column("period_start", Date, primary_key=True),
    *_user_dimensions(),
    Column("active_users", Integer, nullable=False),
)
"""Distinct active users per calendar week (grain ``week``, Monday) or month (``month``)."""

rollup_cohort_activity = Table(
    "rollup_cohort_activity",
    metadata,
    Column("cohort", String(7), primary_key=True),
    Column("month", String(7), primary_key=True),
    *_user_dimensions(),
    Column("active_users", Integer, nullable=False),
)
"""Distinct users registered in month ``cohort`` who were active in ``month``."""

rollup_user_months = Table(
    "rollup_user_months",
    metadata,
    Column("month", String(7), primary_key=True),
    *_user_dimensions(),
    Column("user_id", ID, primary_key=True),
    Column("cohort", String(7), nullable=False),
    Column("day_mask", Integer, nullable=False),
    Column("prev_month", String(7), nullable=False),
    Column("prev_mask", Integer, nullable=False),
    Column("next_month", String(7), nullable=False),
    Column("next_mask", Integer, nullable=False),
    Index("ix_rollup_user_months_user", "user_id"),
    sqlite_with_rowid=False,
)
"""One row per user and month with activity: ``cohort`` is the user's registration month, bit
d-1 of ``day_mask`` is set when the user was active on day d, and ``prev_*``/``next_*`` repeat
the user's previous and next such row ('' and 0 when there is none). Distinct active users over
any period are counted from it without DISTINCT (``rollups.active_users``)."""

rollup_month_arrivals = Table(
    "rollup_month_arrivals",
    metadata,
    Column("month", String(7), primary_key=True),
    Column("prev_month", String(7), primary_key=True),
    *_user_dimensions(),
    Column("active_users", Integer, nullable=False),
)
"""Users active in ``month`` by the month they were last active before it ('' for none): the
users of the months inside a long period who were not active earlier in it."""

rollup_staff_days = Table(
    "rollup_staff_days",
    metadata,
    Column("day", Date, primary_key=True),
    Column("staff_id", ID, primary_key=True),
    Column("branch_id", ID, primary_key=True),
    Column("new_users", Integer, nullable=False),
    Column("first_active", Integer, nullable=False),
    Column("transactions", BigInteger, nullable=False),
)
"""Per day, member of staff and user branch, of the users that member opened (``staff_id``):
``new_users`` registered that day, ``first_active`` whose first activity in the day's calendar
month was that day, and the ``transactions`` of that day. Summing ``first_active`` from a
month's first day to day d gives the distinct users active in between (team targets)."""

OUTREACH_CHANNEL = "outreach"
"""The ``channel`` of users registered by door-to-door outreach staff."""

rollup_outreach_registrations = Table(
    "rollup_outreach_registrations",
    metadata,
    Column("day", Date, primary_key=True),
    Column("staff_id", ID, primary_key=True),
    Column("branch_id", ID, primary_key=True),
    Column("segment", String(40), primary_key=True),
    Column("new_users", Integer, nullable=False),
    Column("activated_30d", Integer, nullable=False),
    Column("active_next_month", Integer, nullable=False),
)
"""Users of the ``outreach`` channel registered per day, member of staff (``staff_id``), user
branch and segment: how many, how many were active 0 to 29 days after registering, and how many
in the calendar month after their registration month (the outreach funnel)."""

ROLLUP_TABLES = (
    rollup_registrations,
    rollup_registration_months,
    rollup_activity,
    rollup_active_periods,
    rollup_cohort_activity,
    rollup_user_months,
    rollup_month_arrivals,
    rollup_staff_days,
    rollup_outreach_registrations,
)
