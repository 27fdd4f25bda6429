#!/usr/bin/env bash
# Set up the project in .venv with pinned Python packages.
#   bash scripts/setup.sh           what serving needs (no torch)
#   bash scripts/setup.sh --train   and the training extra: torch, torchvision, the ONNX exporter
#   bash scripts/setup.sh --test    both extras, the test tools, Chromium for the page's tests and Lighthouse
# Safe to run again: it reinstalls only when setup.cfg or the asked-for extras changed.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
    "") extras="" ;;
    --train) extras="[train]" ;;
    --test) extras="[train,test]" ;;
    *) echo "setup: unknown option '$1'; use --train or --test, or nothing" >&2; exit 2 ;;
esac

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
    echo "setup: Python 3.10 or newer is needed as '$python'; install it or set PYTHON=/path/to/python3" >&2
    exit 1
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv

digest=$(.venv/bin/python -c 'import hashlib; print(hashlib.sha256(open("setup.cfg", "rb").read()).hexdigest()[:16])')
label=$(echo "$extras" | tr -d '[]' | tr ',' '-')  # "", "train" or "train-test"
stamp=".venv/.installed-$digest${label:+-$label}"
if [ ! -f "$stamp" ]; then
    echo "setup: installing pinned packages into .venv${extras:+ with $extras (torch takes minutes the first time)}"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet --editable ".$extras"
    touch "$stamp"
fi

if [ "$extras" = "[train,test]" ] && [ ! -x .lighthouse/node_modules/.bin/lighthouse ]; then
    echo "setup: installing Lighthouse for the benchmark's audit of the page (npm)"
    .venv/bin/python -m latent_explorer.tools.lighthouse >/dev/null
fi

if [ "$extras" = "[train,test]" ] && [ ! -x /usr/bin/chromium ]; then
    echo "setup: installing Chromium for the browser tests"
    if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
        echo "setup: Chromium is missing and this user cannot install it; run as root: apt-get install -y chromium" >&2
        exit 1
    fi
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
