"""Running one step in a child process: its wall time, peak memory and printed result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any

from data_access.engine import PROJECT_ROOT


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mb: float
    """The child's peak resident memory (``wait4``'s ``ru_maxrss``)."""
    output: Any
    """The child's last line of standard output parsed as JSON, else the whole output."""


class StepFailed(RuntimeError):
    pass


def run(arguments: list[str], env: dict[str, str] | None = None) -> Measured:
    """Run ``python ARGUMENTS`` from the project root and measure it."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, *arguments],
            cwd=PROJECT_ROOT,
            env={**os.environ, **(env or {})},
            stdout=out,
            stderr=err,
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        printed, problems = out.read().decode(), err.read().decode(errors="replace")
    if child.returncode != 0:
        raise StepFailed(f"python {' '.join(arguments)} failed:\n{problems[-3000:]}")
    return Measured(seconds, usage.ru_maxrss / 1024, _parsed(printed))


def _parsed(printed: str) -> Any:
    lines = printed.strip().splitlines()
    try:
        return json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        return printed
