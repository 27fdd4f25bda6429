#!/usr/bin/env bash
# Retrain, evaluate and re-export the shipped models and points (models/, data/<id>/), with
# the settings recorded in their model cards. Needs the raw data sets: downloaded to
# data/raw/, or found where $LATENT_EXPLORER_DATA points. Results are bit-for-bit the same
# for the same thread counts, so the thread counts are fixed here. About 90 minutes on a
# 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
explorer=.venv/bin/latent-explorer
work=$(mktemp -d)

# Stage 1, both data sets side by side, one thread each: 60 epochs, batch 128.
declare -A runs
for id in mnist fashion-mnist; do
    "$explorer" train "$id" --threads 1 --models-dir "$work/stage1" > "$work/$id.log" 2>&1 &
    runs[$id]=$!
done
echo "stage 1: training both data sets; follow it with: tail -f $work/*.log"
for id in "${!runs[@]}"; do
    if ! wait "${runs[$id]}"; then
        echo "reproduce: training $id failed; its log: $work/$id.log" >&2
        tail -n 5 "$work/$id.log" >&2
        exit 1
    fi
done
cp "$work/stage1/mnist.pt" "$work/stage1/mnist.json" models/

# Stage 2, Fashion-MNIST only: a warm restart of 5 epochs at batch 64 and a tenth of the
# learning rate, which takes its test loss below 245 nats, where stage 1 levels off.
"$explorer" train fashion-mnist --init-from "$work/stage1/fashion-mnist.pt" --epochs 5 --batch-size 64 \
    --learning-rate 1e-4 --kl-warmup-epochs 0 --threads 2

for id in mnist fashion-mnist; do
    "$explorer" evaluate "$id"
    "$explorer" export "$id"
done
