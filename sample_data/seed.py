"""First start: fill an empty database with generated sample data."""

from __future__ import annotations

import tempfile
from pathlib import Path

from data_access import Database
from data_access.loader import load, sources_from_folder
from sample_data.generator import Progress, generate

GENERATING_SHARE = 0.1
"""Part of the progress bar given to generating; loading takes the rest."""


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
            loaded_by="sample data",
            source="generated sample data",
            progress=lambda message, done: report(
                message, GENERATING_SHARE + done * (1 - GENERATING_SHARE)
            ),
        )
    return True
