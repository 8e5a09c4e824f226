#!/usr/bin/env bash
# Runs every check and test against the newest releases that the loose lists in requirements/
# allow, in a throwaway virtual environment: breakage from an upcoming upgrade shows here before
# it reaches the lock (scripts/lock.sh) and the bank's installs. Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT
python -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade -r requirements/dev.in
"$venv/bin/pip" list --format=freeze --disable-pip-version-check >"$venv/versions.txt"
echo "Testing with the newest releases:" && grep -iE '^(streamlit|pandas|altair|sqlalchemy|pytest|scipy|hypothesis|mypy|ruff)==' "$venv/versions.txt"
PATH="$venv/bin:$PATH" bash scripts/check.sh "$@"
