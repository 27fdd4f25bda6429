#!/usr/bin/env bash
# Retrain, evaluate and re-export the shipped models and points (models/, data/<id>/).
# Needs the raw data sets: downloaded to data/raw/, or found where $LATENT_EXPLORER_DATA points.
# One torch thread per run makes the result bit-for-bit repeatable; the two data sets train
# side by side, one per core. Takes about 30 minutes on a 2-core laptop.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
for id in mnist fashion-mnist; do
    .venv/bin/latent-explorer train "$id" --threads 1 --quiet > "/tmp/latent-explorer-train-$id.log" 2>&1 &
done
wait
for id in mnist fashion-mnist; do
    tail -n 1 "/tmp/latent-explorer-train-$id.log"
    .venv/bin/latent-explorer evaluate "$id"
    .venv/bin/latent-explorer export "$id"
done
