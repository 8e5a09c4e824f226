"""Database access: schema, engine, loading and scoping. The only layer that talks to the database."""

from data_access.database import Database, open_database
from data_access.filters import Filters, Scope

__all__ = ["Database", "Filters", "Scope", "open_database"]
