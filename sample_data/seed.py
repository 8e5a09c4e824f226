"""First start: fill an empty database with generated sample data.

``seed_if_empty`` does it in the calling process (``python -m sample_data seed``);
``Seeding`` runs that command in a child process, watched by a background thread that
reports how far it has got, so that a server can answer visitors meanwhile (in a thread of
the server's own process the seeding held Python's lock for seconds at a time, and the first
visitor's page waited for it);
``seeding_of`` starts that once per database and process, whoever asks first (``serve.py``
as the server starts, else ``app.py`` when the first visitor arrives).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from data_access import Database
from data_access.loader import DatabaseNotEmpty, load, sources_from_folder
from data_access.writers import Writer
from sample_data.generator import Progress, generate

GENERATING_SHARE = 0.1
"""Part of the progress bar given to generating; loading takes the rest."""
SOURCE = "generated sample data"
"""The load history's ``source`` of a first-start seeding."""
PROJECT_FOLDER = Path(__file__).resolve().parents[1]
PROGRESS_LINE = re.compile(r"^\[\s*(\d+)%\] ")
"""How ``python -m sample_data seed`` reports progress on standard error: ``[ 53%] message``."""


def seed_if_empty(db: Database, progress: Progress | None = None) -> bool:
    """Generate scale-1 sample data and load it if ``db`` has no branches; True if it did.

    The load is a ``replace`` load (the database is empty, so it removes nothing): that
    rebuilds the rollups once and builds the indexes after the rows, about twice as fast as
    refreshing the rollups for every day written. It is made ``into_empty``: a load that
    committed while the sample data was being generated is kept, and this one writes nothing."""
    if not db.is_empty():
        return False

    report = progress or (lambda _message, _fraction: None)
    with tempfile.TemporaryDirectory(prefix="wallet-sample-") as folder:
        generate(
            Path(folder),
            progress=lambda message, done: report(message, done * GENERATING_SHARE),
        )
        try:
            load(
                db,
                sources_from_folder(Path(folder)),
                replace=True,
                into_empty=True,
                writer=Writer.operator("sample data"),
                source=SOURCE,
                progress=lambda message, done: report(
                    message, GENERATING_SHARE + done * (1 - GENERATING_SHARE)
                ),
            )
        except DatabaseNotEmpty:
            return False
    return True


def seed_in_child(url: str, progress: Callable[[float], None]) -> None:
    """Run ``python -m sample_data seed --db URL``, passing its progress on; raise
    ``RuntimeError`` with its last line of output if it fails."""
    command = [sys.executable, "-m", "sample_data", "seed", "--db", url]
    child = subprocess.Popen(
        command, cwd=PROJECT_FOLDER, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    assert child.stderr is not None
    last = ""
    for line in child.stderr:
        if line.strip():
            last = line.strip()
        match = PROGRESS_LINE.match(line)
        if match:
            progress(int(match.group(1)) / 100)
    if child.wait() != 0:
        raise RuntimeError(last or f"exit status {child.returncode}")


@dataclass
class Seeding:
    """``seed_in_child`` watched by a daemon thread; read ``done``, ``finished``, ``error``."""

    db: Database
    done: float = 0.0
    finished: bool = False
    error: str | None = None
    started_at: float = field(default_factory=time.monotonic)
    _thread: threading.Thread | None = None

    def start(self) -> Seeding:
        self._thread = threading.Thread(target=self._run, name="first-start-seeding", daemon=True)
        self._thread.start()
        return self

    def _report(self, done: float) -> None:
        self.done = min(max(done, self.done), 1.0)

    def _run(self) -> None:
        try:
            seed_in_child(self.db.url, self._report)
        except Exception as failure:  # shown to the visitor; the server keeps running
            self.error = f"{type(failure).__name__}: {failure}"
        finally:
            self.done = 1.0
            self.finished = True

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started_at


_SEEDINGS: dict[str, Seeding] = {}
_SEEDINGS_LOCK = threading.Lock()


def seeding_of(db: Database) -> Seeding:
    """The one ``Seeding`` of ``db``'s database in this process, started by the first call."""
    with _SEEDINGS_LOCK:
        if db.url not in _SEEDINGS:
            _SEEDINGS[db.url] = Seeding(db).start()
        return _SEEDINGS[db.url]
