"""One log line per page run, with the time the server spent on it.

Operators see which pages are slow in the dashboard's own log (Streamlit's
logger, so ``--logger.level`` applies); ``bench.load_test`` reads these lines
to tell the server's share of the time a page takes from the browser's.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

from streamlit.logger import get_logger

_LOG = get_logger("dashboard.runs")
LINE = re.compile(r"page /(?P<page>\S*) ran in (?P<ms>\d+) ms(?: \(ended by (?P<ended>\w+)\))?")
"""A logged run: the page's URL path (empty for the root address), the milliseconds, and
the exception that ended it early: ``RerunException`` (the run starts over), ``StopException``
(the page stopped, e.g. at "nothing matches"), or an error."""


def started() -> float:
    return time.perf_counter()


@contextmanager
def logged(page: str, since: float) -> Iterator[None]:
    """Log the run of the page at URL path ``page`` as taking from ``since`` (``started()``)
    until this block ends."""
    ended_by = ""
    try:
        yield
    except BaseException as error:
        ended_by = f" (ended by {type(error).__name__})"
        raise
    finally:
        elapsed = (time.perf_counter() - since) * 1000
        _LOG.info("page /%s ran in %.0f ms%s", page, elapsed, ended_by)
