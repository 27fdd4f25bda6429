#!/usr/bin/env bash
# Set up (both extras and Chromium), then run the whole test suite, browser tests included.
# Extra arguments go to pytest (e.g. -x, -k traversal); the quick loop is: bash scripts/test.sh -m "not slow"
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
exec .venv/bin/python -m pytest "$@"
