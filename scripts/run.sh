#!/usr/bin/env bash
# Set up what serving needs (no torch), then serve the explorer on the shipped models: http://127.0.0.1:5000/
# Extra arguments go to `latent-explorer serve` (e.g. --port 8000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/latent-explorer serve "$@"
