#!/usr/bin/env bash
# Retrain, evaluate and re-export the shipped models and points (models/, data/<id>/), and the
# class maps' classifiers and maps, with the settings recorded in their model cards; the VAEs
# record their timeline (train --timeline), which export copies beside the points. Needs the
# raw data sets: downloaded to data/raw/, or found where $LATENT_EXPLORER_DATA points. Training
# is bit-for-bit repeatable for the same thread count on the same machine (another CPU may sum float32s
# differently: README, Retraining), and the card records the count, so it is
# passed on too. About an hour and a half on an idle 2-core machine (README, Retraining).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --train
explorer=.venv/bin/latent-explorer

# The classifier card's settings as `train-classifier` flags, the same way.
classifier_flags() {
    .venv/bin/python - "models/$1-classifier.json" <<'EOF'
import json, sys
settings = json.load(open(sys.argv[1]))["training"]
print(f"--epochs {settings['epochs']} --batch-size {settings['batch_size']} --learning-rate {settings['learning_rate']}",
      f"--seed {settings['seed']} --threads {settings['threads']}")
EOF
}

# The card's training settings as `train` flags; read before training overwrites the card.
card_flags() {
    if [[ ! -f "models/$1.json" ]]; then
        echo "reproduce: models/$1.json is missing; restore the shipped card with: git checkout -- models/$1.json" >&2
        exit 1
    fi
    .venv/bin/python - "models/$1.json" <<'EOF'
import json, sys
settings = json.load(open(sys.argv[1]))["training"]
print(f"--epochs {settings['epochs']} --batch-size {settings['batch_size']}",
      f"--learning-rate {settings['learning_rate']} --kl-warmup-epochs {settings['kl_warmup_epochs']}",
      "--hidden-sizes", *settings["hidden_sizes"], f"--seed {settings['seed']} --threads {settings['threads']}")
EOF
}

# One after the other: each run uses the thread count it was shipped with, and two runs
# side by side would ask for more threads than a 2-core machine has.
for id in mnist fashion-mnist; do
    flags=$(card_flags "$id")
    echo "reproduce: latent-explorer train $id $flags"
    # shellcheck disable=SC2086  # the flags are meant to split into words
    "$explorer" train "$id" $flags --timeline
done
for id in mnist fashion-mnist; do
    flags=$(classifier_flags "$id")
    echo "reproduce: latent-explorer train-classifier $id $flags"
    # shellcheck disable=SC2086
    "$explorer" train-classifier "$id" $flags
done
for id in mnist fashion-mnist; do
    "$explorer" evaluate "$id"  # the VAE's metrics and the classifier's
    "$explorer" export "$id"
    "$explorer" classmap "$id"
done
