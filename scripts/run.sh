#!/usr/bin/env bash
# Set up what serving needs (no torch), then serve the explorer on the shipped models: http://127.0.0.1:5000/
# Extra arguments go to `latent-explorer serve` (e.g. --port 8000).
# Missing original images are downloaded in the background while the server starts (a check of at
# most 2 s first; offline, one line says how to add them later): `latent-explorer fetch --help`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
data_root=()  # the serve arguments' --data-root, if any, so that the originals go where the server reads them
for ((i = 1; i <= $#; i++)); do
    case "${!i}" in
        --data-root) next=$((i + 1)); if [ "$next" -le $# ]; then data_root=(--data-root "${!next}"); fi ;;
        --data-root=*) data_root=("${!i}") ;;
    esac
done
.venv/bin/latent-explorer fetch --background ${data_root[@]+"${data_root[@]}"} || true  # bash 3.2 (macOS) reads an empty array as unset
exec .venv/bin/latent-explorer serve "$@"
