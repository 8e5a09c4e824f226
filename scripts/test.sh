#!/usr/bin/env bash
# The README's test command: installs the locked test requirements (and Debian's chromium for
# the browser tests when run as root on a machine without it), then runs every check and test.
# Arguments go to pytest, e.g. `bash scripts/test.sh tests/test_metrics_summary.py -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
exec bash scripts/check.sh "$@"
