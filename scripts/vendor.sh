#!/usr/bin/env bash
# Write the page's vendored libraries (frontend/vendor/) again from the npm registry, each checked against
# frontend/vendor/manifest.json. Extra arguments go to the tool: --check (no network), --registry URL.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m latent_explorer.tools.vendor "$@"
