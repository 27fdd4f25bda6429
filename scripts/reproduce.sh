#!/usr/bin/env bash
# Retrain, evaluate and re-export the shipped models and points (models/, data/<id>/), with
# the settings recorded in their model cards. Needs the raw data sets: downloaded to
# data/raw/, or found where $LATENT_EXPLORER_DATA points. Training is bit-for-bit repeatable
# for the same thread count, so the shipped count (one per run) is fixed here. About an hour
# on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
explorer=.venv/bin/latent-explorer
logs=$(mktemp -d)

declare -A runs
for id in mnist fashion-mnist; do
    "$explorer" train "$id" --threads 1 > "$logs/$id.log" 2>&1 &
    runs[$id]=$!
done
echo "training both data sets side by side; follow them with: tail -f $logs/*.log"
for id in "${!runs[@]}"; do
    if ! wait "${runs[$id]}"; then
        echo "reproduce: training $id failed; its log: $logs/$id.log" >&2
        tail -n 5 "$logs/$id.log" >&2
        exit 1
    fi
done
for id in mnist fashion-mnist; do
    "$explorer" evaluate "$id"
    "$explorer" export "$id"
done
