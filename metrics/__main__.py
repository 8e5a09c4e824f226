"""``python -m metrics summary | targets | campaign | plan | retention``: metrics as JSON on stdout
(the meeting deck is ``python -m exports pack``).

Exit status 0 on success, 2 for bad arguments (including an unknown
campaign or branch), 1 when the database cannot be read; every error is one line on
standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from data_access import Database, open_database
from data_access.migrations import SchemaTooNewError
from metrics.campaign import UnknownCampaignError, campaign_impact
from metrics.campaign_effects import UnknownBranchError, campaign_effects, plan
from metrics.cli_args import PROG, fail, filters, parse_args
from metrics.period import Period
from metrics.retention import retention
from metrics.summary import summary
from metrics.targets import team_targets

DATABASE_ERROR = 1


def _summary(db: Database, args: argparse.Namespace) -> dict[str, Any]:
    chosen = filters(args)
    values = summary(db, Period(args.start, args.end), chosen)
    return {
        "start": args.start.isoformat(),
        "end": args.end.isoformat(),
        "filters": chosen.as_dict(),
        **values,
    }


def _targets(db: Database, args: argparse.Namespace) -> list[dict[str, Any]]:
    rows = team_targets(db, args.month, as_of=args.as_of, teams=args.team)
    return [row.to_dict() for row in rows]


def _campaign(db: Database, args: argparse.Namespace) -> dict[str, Any]:
    """The impact, with the interval of the incremental users beside them, then the confidence
    and the five outcomes' effects."""
    chosen = filters(args)
    impact = campaign_impact(db, args.campaign, chosen).to_dict()
    effects = campaign_effects(db, args.campaign, chosen).to_dict()
    result: dict[str, Any] = {}
    for key, value in impact.items():
        result[key] = value
        if key == "incremental_users":
            result["incremental_users_low"] = effects.pop("incremental_users_low")
            result["incremental_users_high"] = effects.pop("incremental_users_high")
    return result | effects


def _plan(db: Database, args: argparse.Namespace) -> list[dict[str, Any]]:
    rows = plan(db, args.treated, args.days, as_of=args.as_of, filters=filters(args))
    return [row.to_dict() for row in rows]


def _retention(db: Database, args: argparse.Namespace) -> list[dict[str, Any]]:
    cells = retention(db, args.first_month, args.last_month, filters(args))
    return [cell.to_dict() for cell in cells]


COMMANDS: dict[str, Callable[[Database, argparse.Namespace], Any]] = {
    "summary": _summary,
    "targets": _targets,
    "campaign": _campaign,
    "plan": _plan,
    "retention": _retention,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        result = COMMANDS[args.command](open_database(args.db), args)
    except UnknownCampaignError as exc:
        fail(f"{PROG} {args.command}", f"--campaign: {exc}")
    except UnknownBranchError as exc:
        fail(f"{PROG} {args.command}", f"--branch: {exc}")
    except (SQLAlchemyError, SchemaTooNewError, OSError, ImportError) as exc:
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        sys.stderr.write(f"{PROG} {args.command}: database error: {first_line}\n")
        return DATABASE_ERROR
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
