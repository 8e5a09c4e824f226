"""How many days the audit trail keeps its events.

``DASHBOARD_AUDIT_RETENTION_DAYS`` in the environment, else ``audit_retention_days`` in the
``[dashboard]`` section of the secrets files Streamlit reads (``~/.streamlit/secrets.toml``,
then ``.streamlit/secrets.toml`` in the working directory, the later winning, as in
Streamlit), else ``DEFAULT_RETENTION_DAYS``. Read without Streamlit, so that
``python -m data_access audit-purge`` sees what the dashboard sees.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

DEFAULT_RETENTION_DAYS = 400
"""A year of history and a month's margin: the trail covers a full annual review, and
year-on-year questions ("who saw this last year?"), before events go."""
ENV_VARIABLE = "DASHBOARD_AUDIT_RETENTION_DAYS"
SECRETS_SECTION = "dashboard"
SECRETS_KEY = "audit_retention_days"


class RetentionError(ValueError):
    """The configured retention is not a whole number of days, 1 or more."""


def secrets_files() -> list[Path]:
    return [Path.home() / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml"]


def retention_days(
    environ: Mapping[str, str] | None = None, files: Sequence[Path] | None = None
) -> int:
    """The retention in force; raises ``RetentionError`` naming the setting when it is bad."""
    environ = os.environ if environ is None else environ
    if environ.get(ENV_VARIABLE, "").strip():
        return _days(environ[ENV_VARIABLE], ENV_VARIABLE)
    configured: object = None
    for path in secrets_files() if files is None else files:
        if path.is_file():
            with path.open("rb") as handle:
                section = tomllib.load(handle).get(SECRETS_SECTION, {})
            if isinstance(section, dict) and SECRETS_KEY in section:
                configured = section[SECRETS_KEY]
    if configured is None:
        return DEFAULT_RETENTION_DAYS
    return _days(configured, f"[{SECRETS_SECTION}] {SECRETS_KEY}")


def _days(value: object, setting: str) -> int:
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or int(text) < 1:
        raise RetentionError(f"{setting} = {value!r} is not a whole number of days (1 or more)")
    return int(text)
