#!/usr/bin/env bash
# Retrain, evaluate and re-export the shipped models and points (models/, data/<id>/).
# Needs the raw data sets: downloaded to data/raw/, or found where $LATENT_EXPLORER_DATA points.
# One torch thread per run makes the result bit-for-bit repeatable; the two data sets train
# side by side, one per core. About 30 minutes on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
logs=$(mktemp -d)
declare -A runs
for id in mnist fashion-mnist; do
    .venv/bin/latent-explorer train "$id" --threads 1 > "$logs/$id.log" 2>&1 &
    runs[$id]=$!
done
echo "training both data sets; follow the progress with: tail -f $logs/*.log"
for id in "${!runs[@]}"; do
    if ! wait "${runs[$id]}"; then
        echo "reproduce: training $id failed; its log: $logs/$id.log" >&2
        tail -n 5 "$logs/$id.log" >&2
        exit 1
    fi
done
for id in mnist fashion-mnist; do
    .venv/bin/latent-explorer evaluate "$id"
    .venv/bin/latent-explorer export "$id"
done
