#!/usr/bin/env bash
# Re-resolves the pinned lock files from the loose top-level lists in requirements/:
#   requirements/runtime.in -> requirements.txt      (the README's start command installs it)
#   requirements/dev.in     -> requirements-dev.txt  (the README's test command installs it)
# The development lock is resolved under the runtime lock, so both name the same versions.
# Run it to take newer releases on purpose, then review the diff and run the tests before
# committing: an upgrade is a change of the lock like any other.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
python -m venv "$tools"
"$tools/bin/pip" install --quiet --disable-pip-version-check uv==0.13.9
compile() {
  "$tools/bin/uv" pip compile --quiet --universal --python-version 3.11 --generate-hashes \
    --custom-compile-command "bash scripts/lock.sh" "$@"
}
compile requirements/runtime.in -o requirements.txt
compile requirements/dev.in -c requirements.txt -o requirements-dev.txt
