"""Start the dashboard: ``python serve.py [streamlit run options]``.

The same as ``streamlit run app.py``, except that on a first start the server starts once the
embedded default holds its sample data, with the progress shown in the terminal: the first
visitor then finds the dashboard ready. ``streamlit run app.py`` still works; on a first start
it fills the database when the first visitor arrives (Streamlit runs no app code before a
visitor's session and has no start-up hook), showing a progress page meanwhile.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path

from data_access import open_database
from data_access.engine import is_default_url, resolve_url
from sample_data.seed import Seeding, seeding_of

APP = Path(__file__).with_name("app.py")
PRELOADED = ("display", "metrics", "exports")
"""The layers below ``ui`` (no Streamlit in them): imported while a seeding runs, so that the
first visitor's page does not wait for them (Altair alone takes seconds on a busy machine)."""


def _preload() -> None:
    for name in PRELOADED:
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, f"{name}."):
            if not module.name.endswith("__main__"):
                importlib.import_module(module.name)


def _wait(job: Seeding) -> None:
    """Until the seeding has finished, its progress on standard error."""
    shown = -1
    while not job.finished:
        percent = int(job.done * 100)
        if percent != shown:
            print(f"First start: loading sample data, {percent}%", file=sys.stderr, flush=True)
            shown = percent
        time.sleep(0.5)
    if job.error:
        print(f"The sample data could not be loaded: {job.error}", file=sys.stderr, flush=True)


def main() -> None:
    url = resolve_url()
    job = None
    if is_default_url(url) and open_database(url).data_version() == 0:
        job = seeding_of(open_database(url))
    from streamlit.web import cli  # imported while the seeding runs in its own process

    if job is not None:
        _preload()
        _wait(job)
    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
