"""Opening the database for a ``python -m data_access`` command: a one-line reason, not a
traceback, when it cannot be opened."""

from __future__ import annotations

import sys

from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from data_access.database import Database, open_database
from data_access.migrations import SchemaTooNewError

REFUSED = 1
BAD_ARGUMENTS = 2


def open_for_command(url: str | None, command: str) -> Database | int:
    """The database at ``url`` (else ``DATABASE_URL``, else the embedded default), or the exit
    status after telling standard error, under ``command``'s name, why it cannot be opened."""
    try:
        return open_database(url)
    except ArgumentError as error:
        print(f"{command}: error: --db: {error}", file=sys.stderr)
        return BAD_ARGUMENTS
    except (SQLAlchemyError, SchemaTooNewError) as error:
        print(f"{command}: cannot open the database: {error}", file=sys.stderr)
        return REFUSED
