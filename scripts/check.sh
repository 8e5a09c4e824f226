#!/usr/bin/env bash
# Every check the style promises (ruff, the import contracts in pyproject.toml, mypy), then the
# test suite, with whatever is installed in the current environment (scripts/test.sh installs
# the locked versions first; scripts/test-latest.sh the newest). Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "ruff check" && python -m ruff check .
echo "ruff format --check" && python -m ruff format --check .
echo "lint-imports" && lint-imports
echo "mypy" && python -m mypy
# Two test processes (pytest-xdist; one per core on a smaller machine), each taking whole test
# files so that a file's dashboard server and database are made once; `-n 0` runs in one.
echo "pytest" && exec python -m pytest -n auto --maxprocesses 2 --dist loadfile "$@"
