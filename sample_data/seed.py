"""First start: fill an empty database with generated sample data.

``seed_if_empty`` does it in the calling thread; ``Seeding`` does it in a background
thread and reports how far it has got, so that a server can answer visitors meanwhile.
"""

from __future__ import annotations

import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from data_access import Database
from data_access.loader import load, sources_from_folder
from data_access.writers import Writer
from sample_data.generator import Progress, generate

GENERATING_SHARE = 0.1
"""Part of the progress bar given to generating; loading takes the rest."""
SOURCE = "generated sample data"
"""The load history's ``source`` of a first-start seeding."""


def seed_if_empty(db: Database, progress: Progress | None = None) -> bool:
    """Generate scale-1 sample data and load it if ``db`` has no branches; True if it did."""
    if not db.is_empty():
        return False

    report = progress or (lambda _message, _fraction: None)
    with tempfile.TemporaryDirectory(prefix="wallet-sample-") as folder:
        generate(
            Path(folder),
            progress=lambda message, done: report(message, done * GENERATING_SHARE),
        )
        load(
            db,
            sources_from_folder(Path(folder)),
            writer=Writer.operator("sample data"),
            source=SOURCE,
            progress=lambda message, done: report(
                message, GENERATING_SHARE + done * (1 - GENERATING_SHARE)
            ),
        )
    return True


@dataclass
class Seeding:
    """``seed_if_empty`` running in a daemon thread; read ``done``, ``finished``, ``error``."""

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

    def _report(self, _message: str, done: float) -> None:
        self.done = min(max(done, self.done), 1.0)

    def _run(self) -> None:
        try:
            seed_if_empty(self.db, self._report)
        except Exception as failure:  # shown to the visitor; the server keeps running
            self.error = f"{type(failure).__name__}: {failure}"
        finally:
            self.done = 1.0
            self.finished = True

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started_at
